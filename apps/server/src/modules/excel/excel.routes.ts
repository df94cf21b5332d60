import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody, fileOut, formKindParam, idParam, importJobOut, yearParam } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import { buildExport } from './export';
import { getErrorFile, getImportJob, runningImports, startImport } from './jobs';
import { attachment, XLSX_TYPE } from './layout';
import { MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE } from './safety';
import { buildTemplate } from './template';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const uploadErrors = { ...errors, 413: errorBody, 415: errorBody };
const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');
const xlsxFile = fileOut('.xlsx 文件');

/** The original file name from x-file-name (URI-encoded, since headers are Latin-1). */
function fileNameOf(header: unknown): string {
  let name = typeof header === 'string' ? header : '';
  try {
    name = decodeURIComponent(name);
  } catch {
    /* keep it as sent */
  }
  name = name
    .replace(/[\u0000-\u001f\\/]/g, '')
    .trim()
    .slice(0, 200);
  return name || '上传文件.xlsx';
}

/**
 * Excel round trip: template download, import (202 + a background job with progress), error workbook, export.
 * Registered as its own encapsulated plugin, so the raw-body parser, the 20 MB limit and the 413 answer apply to
 * these routes only.
 */
export const excelRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser(
      [XLSX_TYPE, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
      (_req, body, done) => done(null, body),
    );
    // Fastify's own "body too large" becomes our file_too_large with a message a person can act on.
    app.setErrorHandler((err: FastifyError, _req, _reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new AppError(413, 'file_too_large', TOO_LARGE_MESSAGE);
      throw err;
    });
    app.addHook('onClose', async () => {
      await Promise.allSettled(runningImports());
    });

    const sendXlsx = <R>(
      reply: { header(k: string, v: string): unknown; send(b: Buffer): R },
      file: { buffer: Buffer; fileName: string },
    ): R => {
      reply.header('content-type', XLSX_TYPE);
      reply.header('content-disposition', attachment(file.fileName));
      return reply.send(file.buffer);
    };

    app.get(
      '/api/campaigns/:year/forms/:kind/template.xlsx',
      {
        schema: {
          tags: ['excel'],
          summary: '下载填报模板（按年度表单定义与最新字典生成）',
          params: formKindParam,
          response: { 200: xlsxFile, ...errors },
        },
      },
      async (req, reply) => sendXlsx(reply, await buildTemplate(db, req.ctx, req.params.year, req.params.kind)),
    );

    app.post(
      '/api/campaigns/:year/imports',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags: ['excel'],
          summary: '导入填好的模板（请求体为 .xlsx 文件本身；x-file-name 为 URI 编码的原文件名）',
          params: yearParam,
          querystring: z.object({ kind: z.enum(['school', 'enterprise']), skipBadRows: flag, submit: flag }),
          response: { 202: z.object({ jobId: z.number() }), ...uploadErrors },
        },
      },
      async (req, reply) => {
        const { jobId, done } = await startImport(
          db,
          req.ctx,
          req.params.year,
          {
            kind: req.query.kind,
            skipBadRows: req.query.skipBadRows,
            submit: req.query.submit,
            fileName: fileNameOf(req.headers['x-file-name']),
            log: (err, msg) => app.log.error({ err }, msg),
          },
          req.body,
        );
        void done; // runs on after the answer; it records its own failure in the job
        return reply.status(202).send({ jobId });
      },
    );

    app.get(
      '/api/imports/:id',
      {
        schema: {
          tags: ['excel'],
          summary: '导入任务进度与结果',
          params: idParam,
          response: { 200: importJobOut, ...errors },
        },
      },
      (req) => getImportJob(db, req.ctx, req.params.id),
    );

    app.get(
      '/api/imports/:id/errors.xlsx',
      {
        schema: {
          tags: ['excel'],
          summary: '下载标注了错误的工作簿',
          params: idParam,
          response: { 200: xlsxFile, ...errors },
        },
      },
      async (req, reply) => sendXlsx(reply, await getErrorFile(db, req.ctx, req.params.id)),
    );

    app.get(
      '/api/campaigns/:year/forms/:kind/export.xlsx',
      {
        schema: {
          tags: ['excel'],
          summary: '导出需求信息（默认市州已审核及以后的表单；state=all 为全部）',
          params: formKindParam,
          querystring: z.object({
            region: z
              .string()
              .regex(/^\d{6}$/, '地区代码应为 6 位数字')
              .optional(),
            state: z.string().max(32).optional(),
          }),
          response: { 200: xlsxFile, ...errors },
        },
      },
      async (req, reply) =>
        sendXlsx(reply, await buildExport(db, req.ctx, req.params.year, req.params.kind, req.query)),
    );
  };
