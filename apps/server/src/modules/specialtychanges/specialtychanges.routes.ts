import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  applicationDecisionInput,
  decisionDoneInput,
  errorBody,
  exitDecision,
  exitDecisionInput,
  exitDecisionList,
  flaggedSpecialtyList,
  idParam,
  specialtyApplication,
  specialtyApplicationInput,
  specialtyApplicationList,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import {
  createApplication,
  decideApplication,
  listApplications,
  respondAsPartner,
  schoolMove,
} from './applications.service';
import { completeDecision, createDecision, flaggedSpecialties, listDecisions } from './decisions.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** 专业设置和退出 (notice 二(二)): new-specialty applications with partner consent, decisions on warned specialties. */
export const specialtyChangeRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/specialty-applications',
      {
        schema: {
          tags: ['specialties'],
          summary: '新设专业申请（省厅全部、市州本地区、学校本校、企业被列为合作企业的）',
          response: { 200: specialtyApplicationList, ...errors },
        },
      },
      (req) => listApplications(db, req.ctx),
    );
    app.post(
      '/api/specialty-applications',
      {
        schema: {
          tags: ['specialties'],
          summary: '学校申请新设专业（须列出合作企业）',
          body: specialtyApplicationInput,
          response: { 200: specialtyApplication, ...errors },
        },
      },
      (req) => createApplication(db, req.ctx, req.body),
    );
    app.post(
      '/api/specialty-applications/:id/partner',
      {
        schema: {
          tags: ['specialties'],
          summary: '合作企业确认或谢绝参与专业设置（本企业账号）',
          params: idParam,
          body: z.object({ confirm: z.boolean() }),
          response: { 200: specialtyApplication, ...errors },
        },
      },
      (req) => respondAsPartner(db, req.ctx, req.params.id, req.body.confirm),
    );
    app.post(
      '/api/specialty-applications/:id/submit',
      {
        schema: {
          tags: ['specialties'],
          summary: '学校提交申请（至少一家合作企业已确认）',
          params: idParam,
          response: { 200: specialtyApplication, ...errors },
        },
      },
      (req) => schoolMove(db, req.ctx, req.params.id, 'submit'),
    );
    app.post(
      '/api/specialty-applications/:id/withdraw',
      {
        schema: {
          tags: ['specialties'],
          summary: '学校撤回申请',
          params: idParam,
          response: { 200: specialtyApplication, ...errors },
        },
      },
      (req) => schoolMove(db, req.ctx, req.params.id, 'withdraw'),
    );
    app.post(
      '/api/specialty-applications/:id/decide',
      {
        schema: {
          tags: ['specialties'],
          summary: '主管部门审核新设专业（批准后专业进入学校专业目录）',
          params: idParam,
          body: applicationDecisionInput,
          response: { 200: specialtyApplication, ...errors },
        },
      },
      (req) => decideApplication(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/api/specialty-decisions/flagged',
      {
        schema: {
          tags: ['specialties'],
          summary: '本年度预警（供过于求、实习就业率偏低）涉及的学校专业及处置情况',
          querystring: z.object({ year: z.coerce.number().int().min(2020).max(2100).optional() }),
          response: { 200: flaggedSpecialtyList, ...errors },
        },
      },
      (req) => flaggedSpecialties(db, req.ctx, req.query.year),
    );
    app.get(
      '/api/specialty-decisions',
      {
        schema: {
          tags: ['specialties'],
          summary: '预警专业处置决定（保留、调减、撤销）及跟踪',
          response: { 200: exitDecisionList, ...errors },
        },
      },
      (req) => listDecisions(db, req.ctx),
    );
    app.post(
      '/api/specialty-decisions',
      {
        schema: {
          tags: ['specialties'],
          summary: '对预警专业作出处置决定（本市州人社局、省厅）',
          body: exitDecisionInput,
          response: { 200: exitDecision, ...errors },
        },
      },
      (req) => createDecision(db, req.ctx, req.body),
    );
    app.post(
      '/api/specialty-decisions/:id/done',
      {
        schema: {
          tags: ['specialties'],
          summary: '处置办结（调减生效或专业撤销）',
          params: idParam,
          body: decisionDoneInput,
          response: { 200: exitDecision, ...errors },
        },
      },
      (req) => completeDecision(db, req.ctx, req.params.id, req.body.followUp),
    );
  };
