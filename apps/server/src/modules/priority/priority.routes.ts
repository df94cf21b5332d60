import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import {
  errorBody,
  fileOut,
  idParam,
  PRIORITY_APPLICATION_TYPES,
  priorityCandidatesOut,
  priorityEntryInput,
  priorityListOut,
  priorityListsOut,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import {
  addPriorityEntry,
  createPriorityList,
  getPriorityList,
  listPriorityLists,
  priorityCandidates,
  publishPriorityList,
  removePriorityEntry,
} from './priority.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const createBody = z.strictObject({
  year: z.number({ error: '请选择年度' }).int().min(2025, '年度应不早于 2025').max(2100),
  applicationType: z.enum(PRIORITY_APPLICATION_TYPES, { error: '请选择申报类型' }),
  title: z.string().trim().max(100, '名称不能超过 100 个字').optional(),
});

/** The list as an Excel sheet: one row per organisation, each evidence line in its own column. */
async function workbook(l: z.output<typeof priorityListOut>) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('倾斜名单');
  ws.addRow([l.title]).font = { bold: true, size: 13 };
  ws.addRow([
    `申报类型：${l.applicationLabel}　状态：${l.status === 'published' ? `已发布（${l.publishedAt?.slice(0, 10)}）` : '草稿'}`,
  ]);
  const labels = [...new Set(l.entries.flatMap((e) => e.evidence.map((x) => x.label)))];
  ws.addRow(['序号', '单位名称', '类型', '所在市州', '推荐理由', ...labels]).font = { bold: true };
  l.entries.forEach((e, i) =>
    ws.addRow([
      i + 1,
      e.name,
      e.type === 'school' ? '技工院校' : '企业',
      e.regionName,
      e.reason,
      ...labels.map((lb) => e.evidence.find((x) => x.label === lb)?.value ?? '—'),
    ]),
  );
  ws.columns = [
    { width: 6 },
    { width: 34 },
    { width: 10 },
    { width: 12 },
    { width: 40 },
    ...labels.map(() => ({ width: 24 })),
  ];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 三(四) 倾斜名单: the province compiles, publishes and exports priority lists per application type. */
export const priorityRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['priority'];
    app.get(
      '/api/priority-lists',
      {
        schema: {
          tags,
          summary: '倾斜名单（省厅全部；市州只看已发布）',
          querystring: z.object({ year: z.coerce.number().int().min(2025).max(2100).optional() }),
          response: { 200: priorityListsOut, ...errors },
        },
      },
      (req) => listPriorityLists(db, req.ctx, req.query.year),
    );
    app.post(
      '/api/priority-lists',
      {
        schema: {
          tags,
          summary: '新建某年度某申报类型的倾斜名单（省厅）',
          body: createBody,
          response: { 200: priorityListOut, ...errors },
        },
      },
      (req) => createPriorityList(db, req.ctx, req.body),
    );
    app.get(
      '/api/priority-lists/:id',
      { schema: { tags, summary: '一份倾斜名单', params: idParam, response: { 200: priorityListOut, ...errors } } },
      (req) => getPriorityList(db, req.ctx, req.params.id),
    );
    app.get(
      '/api/priority-lists/:id/candidates',
      {
        schema: {
          tags,
          summary: '可列入的单位及其业绩佐证（按佐证排序，前 50）',
          params: idParam,
          querystring: z.object({ q: z.string().trim().max(50).optional() }),
          response: { 200: priorityCandidatesOut, ...errors },
        },
      },
      (req) => priorityCandidates(db, req.ctx, req.params.id, req.query),
    );
    app.post(
      '/api/priority-lists/:id/entries',
      {
        schema: {
          tags,
          summary: '把一个单位列入名单（佐证从记录中提取）',
          params: idParam,
          body: priorityEntryInput,
          response: { 200: priorityListOut, ...errors },
        },
      },
      (req) => addPriorityEntry(db, req.ctx, req.params.id, req.body),
    );
    app.delete(
      '/api/priority-lists/:id/entries/:orgId',
      {
        schema: {
          tags,
          summary: '把一个单位移出名单（草稿）',
          params: idParam.extend({ orgId: z.coerce.number().int().positive() }),
          response: { 200: priorityListOut, ...errors },
        },
      },
      (req) => removePriorityEntry(db, req.ctx, req.params.id, req.params.orgId),
    );
    app.post(
      '/api/priority-lists/:id/publish',
      {
        schema: {
          tags,
          summary: '发布名单（发布后不能修改）',
          params: idParam,
          response: { 200: priorityListOut, ...errors },
        },
      },
      (req) => publishPriorityList(db, req.ctx, req.params.id),
    );
    app.get(
      '/api/priority-lists/:id/export.xlsx',
      {
        schema: {
          tags,
          summary: '导出名单及佐证（Excel）',
          params: idParam,
          response: { 200: fileOut('倾斜名单 .xlsx'), ...errors },
        },
      },
      async (req, reply) => {
        const l = await getPriorityList(db, req.ctx, req.params.id);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename="priority.xlsx"; filename*=UTF-8''${encodeURIComponent(`${l.title}.xlsx`)}`,
          )
          .send(await workbook(l));
      },
    );
  };
