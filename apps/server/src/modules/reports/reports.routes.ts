import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { agreementListQuery, errorBody, fileOut, projectListQuery, yearParam } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { today } from '../../lib/clock';
import { attachment, XLSX_TYPE } from '../excel/layout';
import { agreementsTable, internshipsTable, projectsTable, quotaCompletionTable } from './lists';
import { progressData, progressWorkbook, tableWorkbook } from './progress';
import { progressDocx } from './progressDocx';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const progressQuery = z.object({
  year: z.coerce.number().int().min(2025, '年度不能早于 2025 年').max(2100).optional(),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD 格式')
    .optional(),
});
/**
 * Exports that hold someone's contacts say so in the audit trail (http/auditTrail.ts reads `config.personalData`):
 * the agreements list carries the lead parties' contact persons and phones for the bureaus and the province.
 */
const personal = { personalData: true };

export const reportRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/reports/progress.xlsx',
      {
        config: personal,
        schema: {
          tags: ['reports'],
          summary: '上报：全省专项行动进展统计表（省厅全省，市州本地区；按截止日期计算）',
          querystring: progressQuery,
          response: { 200: fileOut('.xlsx 文件'), ...errors },
        },
      },
      async (req, reply) => {
        const d = await progressData(db, req.ctx, req.query);
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', attachment(`${d.title}（截至${d.asOf}）.xlsx`, `progress-${d.asOf}.xlsx`))
          .send(await progressWorkbook(d));
      },
    );
    app.get(
      '/api/reports/progress.docx',
      {
        config: personal,
        schema: {
          tags: ['reports'],
          summary: '上报：进展统计（Word 摘要，图表数字以表格列出）',
          querystring: progressQuery,
          response: { 200: fileOut('.docx 文件'), ...errors },
        },
      },
      async (req, reply) => {
        const d = await progressData(db, req.ctx, req.query);
        return reply
          .type(DOCX_TYPE)
          .header('content-disposition', attachment(`${d.title}（截至${d.asOf}）.docx`, `progress-${d.asOf}.docx`))
          .send(await progressDocx(d));
      },
    );
    app.get(
      '/api/agreements/export.xlsx',
      {
        config: personal,
        schema: {
          tags: ['agreements'],
          summary: '导出协议列表（与列表相同的筛选；含牵头方联系人，记入审计）',
          querystring: agreementListQuery.omit({ page: true, pageSize: true }),
          response: { 200: fileOut('.xlsx 文件'), ...errors },
        },
      },
      async (req, reply) => {
        const t = await agreementsTable(db, req.ctx, req.query);
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', attachment(`校企合作协议（${today()}）.xlsx`, 'agreements.xlsx'))
          .send(await tableWorkbook(t, today()));
      },
    );
    app.get(
      '/api/projects/export.xlsx',
      {
        schema: {
          tags: ['projects'],
          summary: '导出项目列表（与列表相同的筛选）',
          querystring: projectListQuery.omit({ page: true, pageSize: true }),
          response: { 200: fileOut('.xlsx 文件'), ...errors },
        },
      },
      async (req, reply) => {
        const t = await projectsTable(db, req.ctx, req.query);
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', attachment(`合作共建项目（${today()}）.xlsx`, 'projects.xlsx'))
          .send(await tableWorkbook(t, today()));
      },
    );
    app.get(
      '/api/internships/export.xlsx',
      {
        schema: {
          tags: ['projects'],
          summary: '导出岗位实习（按批次，无学生个人信息）',
          querystring: z.object({
            state: z
              .enum(['pending', 'confirmed', 'declined'], { message: '状态应为 pending、confirmed 或 declined' })
              .optional(),
          }),
          response: { 200: fileOut('.xlsx 文件'), ...errors },
        },
      },
      async (req, reply) => {
        const t = await internshipsTable(db, req.ctx, req.query);
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', attachment(`岗位实习（${today()}）.xlsx`, 'internships.xlsx'))
          .send(await tableWorkbook(t, today()));
      },
    );
    app.get(
      '/api/campaigns/:year/quota/export.xlsx',
      {
        schema: {
          tags: ['projects'],
          summary: '导出征集任务完成情况',
          params: yearParam,
          response: { 200: fileOut('.xlsx 文件'), ...errors },
        },
      },
      async (req, reply) => {
        const t = await quotaCompletionTable(db, req.ctx, req.params.year);
        return reply
          .type(XLSX_TYPE)
          .header(
            'content-disposition',
            attachment(`${req.params.year}年度征集任务完成情况（${t.asOf}）.xlsx`, 'quota.xlsx'),
          )
          .send(await tableWorkbook(t, t.asOf));
      },
    );
  };
