import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { datedChangeQuery, errorBody, fileOut, quotaImportOut, yearParam } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import { attachment, XLSX_TYPE } from '../excel/layout';
import { MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE } from '../excel/safety';
import { buildQuotaTemplate } from './quotaExcel';
import { importQuotas } from './quotaImport';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/**
 * 附件3 as Excel: the template and its import. An encapsulated plugin (registered from campaignRoutes), so the raw
 * .xlsx body parser, the 20 MB limit and its Chinese 413 apply to these two routes only, as for the form import.
 */
export const quotaExcelRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser(
      [XLSX_TYPE, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
      (_req, body, done) => done(null, body),
    );
    app.setErrorHandler((err: FastifyError, _req, _reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new AppError(413, 'file_too_large', TOO_LARGE_MESSAGE);
      throw err;
    });

    app.get(
      '/api/campaigns/:year/quotas/template.xlsx',
      {
        schema: {
          tags: ['campaigns'],
          summary: '下载任务分配（附件3）配额模板（省厅）',
          params: yearParam,
          response: { 200: fileOut('.xlsx 文件'), ...errors },
        },
      },
      async (req, reply) => {
        const file = await buildQuotaTemplate(db, req.ctx, req.params.year);
        reply.header('content-type', XLSX_TYPE);
        reply.header('content-disposition', attachment(file.fileName));
        return reply.send(file.buffer);
      },
    );

    app.post(
      '/api/campaigns/:year/quotas/import',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags: ['campaigns'],
          summary:
            '导入任务分配（省厅；请求体为 .xlsx 文件本身；有任何错误则不导入，details.errors 列出每个错误单元格）',
          params: yearParam,
          querystring: datedChangeQuery,
          response: {
            200: quotaImportOut,
            ...errors,
            413: errorBody,
            415: errorBody,
          },
        },
      },
      (req) => importQuotas(db, req.ctx, req.params.year, req.body, req.query),
    );
  };
