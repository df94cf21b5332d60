import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachment } from '../excel/layout';
import { z } from 'zod';
import {
  errorBody,
  fileOut,
  indicatorIdParams as idParams,
  indicatorListOut,
  indicatorRowsOut,
  indicatorRowsQuery as rowsQuery,
  indicatorScopeQuery,
  indicatorTrendOut,
  regionsHistoryOut,
  regionTargetsOut,
  regionValuesOut,
  schoolShareOut,
  weekChangesOut,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { indicatorsFor, trend } from './cards';
import { indicatorRows, regionMap } from './drilldown';
import { rowsWorkbook } from './export';
import { regionsHistory, regionTargets, schoolShare, weekChanges } from './glance';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const scopeQuery = indicatorScopeQuery.shape;

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
          querystring: indicatorScopeQuery,
          response: { 200: indicatorListOut, ...errors },
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
          response: { 200: indicatorRowsOut, ...errors },
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
          response: { 200: fileOut('xlsx 文件'), ...errors },
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
          response: { 200: regionValuesOut, ...errors },
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
          response: { 200: regionTargetsOut, ...errors },
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
          response: { 200: schoolShareOut, ...errors },
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
          response: { 200: weekChangesOut, ...errors },
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
          response: { 200: regionsHistoryOut, ...errors },
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
          response: { 200: indicatorTrendOut, ...errors },
        },
      },
      (req) => trend(db, req.ctx, req.params.id, req.query),
    );
  };
