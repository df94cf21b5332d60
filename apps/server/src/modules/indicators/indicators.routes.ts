import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachment } from '../excel/layout';
import { z } from 'zod';
import { errorBody, INDICATOR_IDS } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { indicatorsFor, trend } from './cards';
import { indicatorRows, regionMap } from './drilldown';
import { rowsWorkbook } from './export';
import { regionsHistory, regionTargets, schoolShare, weekChanges } from './glance';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const scopeQuery = {
  year: z.coerce.number().int().min(2025, '年度不能早于 2025 年').max(2100).optional(),
  /** The figures as they stood at the end of this day (checked further in asOf.ts: a real date, not after today). */
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD 格式')
    .optional(),
  region: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为 6 位数字')
    .optional(),
  school: z.coerce.number().int().positive().optional(),
};
const idParams = z.object({ id: z.enum(INDICATOR_IDS as [string, ...string[]], { message: '指标不存在' }) });
const rowsQuery = z.object({
  ...scopeQuery,
  which: z.enum(['numerator', 'denominator']).default('numerator'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
const card = z.object({
  id: z.string(),
  label: z.string(),
  group: z.string(),
  value: z.number().nullable(),
  numerator: z.number(),
  denominator: z.number().nullable(),
  target: z.number(),
  op: z.string(),
  unit: z.string(),
  formula: z.string(),
  numeratorLabel: z.string(),
  denominatorLabel: z.string().nullable(),
  choice: z.string().nullable(),
  deadline: z.string(),
  expected: z.number(),
  light: z.enum(['green', 'amber', 'red', 'none']),
  forecast: z.number().nullable(),
  paceNeeded: z.number().nullable(),
  asOf: z.string(),
  ended: z.boolean(),
  asOfDate: z.string(),
  reason: z.string().nullable(),
  /** 待审核: claimed but not yet counted (people_trained_year: person-times of reports submitted, not yet accepted). */
  pendingValue: z.number().optional(),
  spark: z.array(z.object({ date: z.string(), value: z.number() })).optional(),
});

export const indicatorRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/indicators',
      {
        schema: {
          tags: ['indicators'],
          summary:
            '专项行动指标（按截止日期计算：往年为年末，本年为今天，或 asOf 指定的日期；含公式、目标、红绿灯、预测）',
          querystring: z.object(scopeQuery),
          response: {
            200: z.object({
              scope: z.any(),
              year: z.number(),
              asOf: z.string(),
              asOfDate: z.string(),
              reason: z.string().nullable(),
              items: z.array(card),
            }),
            ...errors,
          },
        },
      },
      (req) => indicatorsFor(db, req.ctx, req.query),
    );
    app.get(
      '/api/indicators/:id/rows',
      {
        schema: {
          tags: ['indicators'],
          summary: '指标明细（计入分子或分母的记录）',
          params: idParams,
          querystring: rowsQuery,
          response: { 200: z.any(), ...errors },
        },
      },
      (req) => indicatorRows(db, req.ctx, req.params.id, req.query),
    );
    app.get(
      '/api/indicators/:id/rows.xlsx',
      {
        schema: {
          tags: ['indicators'],
          summary: '导出指标明细',
          params: idParams,
          querystring: rowsQuery.omit({ page: true, pageSize: true }),
        },
      },
      async (req, reply) => {
        const data = await indicatorRows(db, req.ctx, req.params.id, { ...req.query, page: 1, pageSize: 100_000 });
        const buf = await rowsWorkbook(data);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', attachment(`${data.indicator.label}-明细.xlsx`, 'indicator.xlsx'))
          .send(buf);
      },
    );
    app.get(
      '/api/indicators/:id/regions',
      {
        schema: {
          tags: ['indicators'],
          summary: '分地区数值与排名（地图）',
          params: idParams,
          querystring: z.object({ year: scopeQuery.year, asOf: scopeQuery.asOf }),
          response: { 200: z.any(), ...errors },
        },
      },
      (req) => regionMap(db, req.ctx, req.params.id, req.query),
    );
    app.get(
      '/api/dashboard/region-targets',
      {
        schema: {
          tags: ['indicators'],
          summary: '市州的附件3任务（合作共建项目、重点企业参与数）与完成情况',
          querystring: z.object({ year: scopeQuery.year, asOf: scopeQuery.asOf, region: scopeQuery.region }),
          response: { 200: z.any(), ...errors },
        },
      },
      (req) => regionTargets(db, req.ctx, req.query),
    );
    app.get(
      '/api/dashboard/school-share',
      {
        schema: {
          tags: ['indicators'],
          summary: '学校各项数量及占本市州的比例',
          querystring: z.object({ year: scopeQuery.year, asOf: scopeQuery.asOf, school: scopeQuery.school }),
          response: { 200: z.any(), ...errors },
        },
      },
      (req) => schoolShare(db, req.ctx, req.query),
    );
    app.get(
      '/api/dashboard/week',
      {
        schema: {
          tags: ['indicators'],
          summary: '本周变化：各指标较 7 天前的变化及新增计入的记录',
          querystring: z.object({ asOf: scopeQuery.asOf, region: scopeQuery.region, school: scopeQuery.school }),
          response: { 200: z.any(), ...errors },
        },
      },
      (req) => weekChanges(db, req.ctx, req.query),
    );
    app.get(
      '/api/indicators/:id/regions/history',
      {
        schema: {
          tags: ['indicators'],
          summary: '各市州的指标历史（小多图，同一刻度）',
          params: idParams,
          querystring: z.object({ year: scopeQuery.year }),
          response: { 200: z.any(), ...errors },
        },
      },
      (req) => regionsHistory(db, req.ctx, req.params.id, req.query),
    );
    app.get(
      '/api/indicators/:id/trend',
      {
        schema: {
          tags: ['indicators'],
          summary: '指标趋势与预测',
          params: idParams,
          querystring: z.object({ region: scopeQuery.region, year: scopeQuery.year, asOf: scopeQuery.asOf }),
          response: { 200: z.any(), ...errors },
        },
      },
      (req) => trend(db, req.ctx, req.params.id, req.query),
    );
  };
