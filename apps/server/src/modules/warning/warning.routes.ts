import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachment } from '../excel/layout';
import { errorBody, fileOut, warningOut, warningQuery, warningSettingsBody, warningSettingsOut } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { warningWorkbook } from './warning.export';
import { getSettings, saveSettings, warningTable } from './warning.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody };

export const warningRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/warning',
      {
        schema: {
          tags: ['warning'],
          summary: '专业预警：各地区各专业供需比、实习就业率与预警标记（含热力图数据）',
          querystring: warningQuery,
          response: { 200: warningOut, ...errors },
        },
      },
      (req) => warningTable(db, req.ctx, req.query),
    );
    app.get(
      '/api/warning/settings',
      { schema: { tags: ['warning'], summary: '专业预警阈值', response: { 200: warningSettingsOut, ...errors } } },
      (req) => getSettings(db, req.ctx),
    );
    app.put(
      '/api/warning/settings',
      {
        schema: {
          tags: ['warning'],
          summary: '修改专业预警阈值（省厅）',
          body: warningSettingsBody,
          response: { 200: warningSettingsOut, ...errors },
        },
      },
      (req) => saveSettings(db, req.ctx, req.body),
    );
    app.get(
      '/api/warning/export.xlsx',
      {
        schema: {
          tags: ['warning'],
          summary: '导出专业预警表（预警单元格着色）',
          querystring: warningQuery.omit({ top: true }),
          response: { 200: fileOut('专业预警表 .xlsx'), ...errors },
        },
      },
      async (req, reply) => {
        const data = await warningTable(db, req.ctx, req.query);
        const buf = await warningWorkbook(data);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', attachment(`${data.year}年度专业预警.xlsx`, 'warning.xlsx'))
          .send(buf);
      },
    );
  };
