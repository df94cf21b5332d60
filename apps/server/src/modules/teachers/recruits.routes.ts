import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorBody,
  idParam,
  integratedBase,
  integratedBaseInput,
  okBody,
  recruit,
  recruitInput,
  recruitUpdate,
  teacherReviewInput,
  teamFigure,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import {
  createBase,
  createRecruit,
  deleteRecord,
  listBases,
  listRecruits,
  reviewRecord,
  teamFigureFor,
  updateRecord,
} from './recruits.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['teachers'];
const versionQuery = z.object({ version: z.coerce.number().int().positive() });

/** Notice 二(三): enterprise talent recruited into teaching posts and 工学一体化 teacher-training bases, reviewed by the bureau. */
export const recruitRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/teacher-team/figures',
      {
        schema: {
          tags,
          summary: '教师队伍：已审核的引进企业人才和工学一体化教师培养培训基地',
          querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
          response: { 200: teamFigure, ...errors },
        },
      },
      (req) => teamFigureFor(db, req.ctx, req.query.year),
    );
    app.get(
      '/api/teacher-recruits',
      {
        schema: {
          tags,
          summary: '引进的企业高层次人才、技能大师、能工巧匠',
          response: { 200: z.object({ items: z.array(recruit) }), ...errors },
        },
      },
      (req) => listRecruits(db, req.ctx),
    );
    app.post(
      '/api/teacher-recruits',
      {
        schema: {
          tags,
          summary: '学校登记引进到教学岗位的企业人才（待市州审核；身份证号只用于去重）',
          body: recruitInput,
          response: { 200: recruit, ...errors },
        },
      },
      (req) => createRecruit(db, req.ctx, req.body),
    );
    app.put(
      '/api/teacher-recruits/:id',
      {
        schema: {
          tags,
          summary: '修改未审核通过的引进记录（重新提交审核）',
          params: idParam,
          body: recruitUpdate,
          response: { 200: recruit, ...errors },
        },
      },
      (req) => updateRecord(db, req.ctx, 'recruit', req.params.id, req.body) as never,
    );
    app.delete(
      '/api/teacher-recruits/:id',
      {
        schema: {
          tags,
          summary: '删除未审核通过的引进记录',
          params: idParam,
          querystring: versionQuery,
          response: { 200: okBody, ...errors },
        },
      },
      (req) => deleteRecord(db, req.ctx, 'recruit', req.params.id, req.query.version),
    );
    app.post(
      '/api/teacher-recruits/:id/review',
      {
        schema: {
          tags,
          summary: '市州审核引进记录（通过或退回）',
          params: idParam,
          body: teacherReviewInput,
          response: { 200: recruit, ...errors },
        },
      },
      (req) => reviewRecord(db, req.ctx, 'recruit', req.params.id, req.body) as never,
    );
    app.get(
      '/api/integrated-bases',
      {
        schema: {
          tags,
          summary: '工学一体化教师培养培训基地',
          response: { 200: z.object({ items: z.array(integratedBase) }), ...errors },
        },
      },
      (req) => listBases(db, req.ctx),
    );
    app.post(
      '/api/integrated-bases',
      {
        schema: {
          tags,
          summary: '学校登记工学一体化教师培养培训基地（待市州审核）',
          body: integratedBaseInput,
          response: { 200: integratedBase, ...errors },
        },
      },
      (req) => createBase(db, req.ctx, req.body),
    );
    app.put(
      '/api/integrated-bases/:id',
      {
        schema: {
          tags,
          summary: '修改未审核通过的基地（重新提交审核）',
          params: idParam,
          body: integratedBaseInput.extend({ version: z.number().int().positive() }),
          response: { 200: integratedBase, ...errors },
        },
      },
      (req) => updateRecord(db, req.ctx, 'base', req.params.id, req.body) as never,
    );
    app.delete(
      '/api/integrated-bases/:id',
      {
        schema: {
          tags,
          summary: '删除未审核通过的基地',
          params: idParam,
          querystring: versionQuery,
          response: { 200: okBody, ...errors },
        },
      },
      (req) => deleteRecord(db, req.ctx, 'base', req.params.id, req.query.version),
    );
    app.post(
      '/api/integrated-bases/:id/review',
      {
        schema: {
          tags,
          summary: '市州审核基地（通过或退回）',
          params: idParam,
          body: teacherReviewInput,
          response: { 200: integratedBase, ...errors },
        },
      },
      (req) => reviewRecord(db, req.ctx, 'base', req.params.id, req.body) as never,
    );
  };
