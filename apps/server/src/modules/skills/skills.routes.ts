import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  dutyFigures,
  errorBody,
  idParam,
  okBody,
  pageQuery,
  SKILL_RECORD_STATES,
  skillContest,
  skillContestInput,
  skillReviewInput,
  skillTraining,
  skillTrainingInput,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { dutyFigures as figures } from './figures';
import {
  createSkillContest,
  createSkillTraining,
  deleteSkillRecord,
  listSkillContests,
  listSkillTrainings,
  reviewSkillRecord,
  updateSkillRecord,
} from './skills.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const listQuery = z.object({
  year: z.coerce.number().int().min(2025).max(2100).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为 6 位数字')
    .optional(),
  state: z.enum(SKILL_RECORD_STATES).optional(),
  ...pageQuery,
});
const version = z.object({ version: z.number().int().positive() });
const kindParam = z.object({ kind: z.enum(['trainings', 'contests']) });
const kindOf = (k: 'trainings' | 'contests') => (k === 'trainings' ? 'training' : 'contest');

/** 三(四): 补贴性职业技能培训和技能人才评价、职业技能竞赛, with the bureau's review; the dashboard section. */
export const skillRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['skills'];
    app.get(
      '/api/skills/trainings',
      {
        schema: {
          tags,
          summary: '补贴性培训和技能评价记录（省厅全部、市州本地区、单位本单位）',
          querystring: listQuery,
          response: { 200: z.object({ items: z.array(skillTraining), total: z.number() }), ...errors },
        },
      },
      (req) => listSkillTrainings(db, req.ctx, req.query),
    );
    app.post(
      '/api/skills/trainings',
      {
        schema: {
          tags,
          summary: '登记一期补贴性培训或技能评价（市州登记即审核通过）',
          body: skillTrainingInput,
          response: { 200: skillTraining, ...errors },
        },
      },
      (req) => createSkillTraining(db, req.ctx, req.body),
    );
    app.get(
      '/api/skills/contests',
      {
        schema: {
          tags,
          summary: '职业技能竞赛记录',
          querystring: listQuery,
          response: { 200: z.object({ items: z.array(skillContest), total: z.number() }), ...errors },
        },
      },
      (req) => listSkillContests(db, req.ctx, req.query),
    );
    app.post(
      '/api/skills/contests',
      {
        schema: {
          tags,
          summary: '登记一场职业技能竞赛（市州登记即审核通过）',
          body: skillContestInput,
          response: { 200: skillContest, ...errors },
        },
      },
      (req) => createSkillContest(db, req.ctx, req.body),
    );
    app.put(
      '/api/skills/trainings/:id',
      {
        schema: {
          tags,
          summary: '修改培训评价记录（携带 version；修改后重新待审核）',
          params: idParam,
          body: z.intersection(skillTrainingInput, version),
          response: { 200: skillTraining, ...errors },
        },
      },
      (req) => updateSkillRecord(db, req.ctx, 'training', req.params.id, req.body) as never,
    );
    app.put(
      '/api/skills/contests/:id',
      {
        schema: {
          tags,
          summary: '修改竞赛记录（携带 version；修改后重新待审核）',
          params: idParam,
          body: z.intersection(skillContestInput, version),
          response: { 200: skillContest, ...errors },
        },
      },
      (req) => updateSkillRecord(db, req.ctx, 'contest', req.params.id, req.body) as never,
    );
    app.delete(
      '/api/skills/:kind/:id',
      {
        schema: {
          tags,
          summary: '删除未审核通过的记录',
          params: idParam.extend(kindParam.shape),
          querystring: z.object({ version: z.coerce.number().int().positive() }),
          response: { 200: okBody, ...errors },
        },
      },
      (req) => deleteSkillRecord(db, req.ctx, kindOf(req.params.kind), req.params.id, req.query.version),
    );
    app.post(
      '/api/skills/:kind/:id/review',
      {
        schema: {
          tags,
          summary: '市州审核：通过或退回（须填写原因）',
          params: idParam.extend(kindParam.shape),
          body: skillReviewInput,
          response: { 200: z.union([skillTraining, skillContest]), ...errors },
        },
      },
      (req) => reviewSkillRecord(db, req.ctx, kindOf(req.params.kind), req.params.id, req.body) as never,
    );
    app.get(
      '/api/skills/figures',
      {
        schema: {
          tags,
          summary: '指标看板“其他职责”：校地协议、培训评价、竞赛（审核通过的记录）',
          querystring: z.object({
            year: z.coerce.number().int().min(2025).max(2100).optional(),
            region: z
              .string()
              .regex(/^\d{6}$/)
              .optional(),
          }),
          response: { 200: dutyFigures, ...errors },
        },
      },
      (req) => figures(db, req.ctx, req.query),
    );
  };
