import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody, fileOut, handoutList, idParam, orgImportResult } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import { attachment, XLSX_TYPE } from '../excel/layout';
import { MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE } from '../excel/safety';
import { downloadHandout, listHandouts } from './handouts';
import { importOrgs } from './import';
import { buildOnboardTemplate } from './sheet';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Bulk onboarding: the 单位名单 template, its import and the one-time 账号开通单. An encapsulated plugin, so the raw
 * .xlsx body parser, the 20 MB limit and its Chinese 413 apply to these routes only, as for the form import.
 */
export const onboardingRoutes =
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
      '/api/orgs/import/template.xlsx',
      {
        schema: {
          tags: ['orgs'],
          summary: '下载单位批量导入模板（市州：仅本地区；省厅：全省）',
          response: { 200: fileOut('.xlsx 文件'), ...errors },
        },
      },
      async (req, reply) => {
        const file = await buildOnboardTemplate(db, req.ctx);
        reply.header('content-type', XLSX_TYPE);
        reply.header('content-disposition', attachment(file.fileName));
        return reply.send(file.buffer);
      },
    );

    app.post(
      '/api/orgs/import',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags: ['orgs'],
          summary:
            '批量导入单位并开通账号（请求体为 .xlsx 文件本身；有任何错误则不导入，details.errors 列出每个错误单元格，details.errorWorkbook 为标红的工作簿 base64）',
          response: { 200: orgImportResult, ...errors, 413: errorBody, 415: errorBody },
        },
      },
      (req) => importOrgs(db, req.ctx, req.body),
    );

    app.get(
      '/api/onboarding/handouts',
      {
        schema: {
          tags: ['accounts'],
          summary: '批量开通的账号开通单（不含密码）',
          response: { 200: handoutList, ...errors },
        },
      },
      (req) => listHandouts(db, req.ctx),
    );

    app.post(
      '/api/onboarding/handouts/:id/download',
      {
        schema: {
          tags: ['accounts'],
          summary: '下载账号开通单（Word，仅一次；之后初始密码从服务器清除，再次下载答 410）',
          params: idParam,
          response: { 200: fileOut('.docx 文件'), ...errors, 410: errorBody },
        },
      },
      async (req, reply) => {
        const file = await downloadHandout(db, req.ctx, req.params.id, `${req.protocol}://${req.host}/login`);
        reply.header('content-type', DOCX_TYPE);
        reply.header('content-disposition', attachment(file.fileName));
        reply.header('cache-control', 'no-store');
        return reply.send(file.buffer);
      },
    );
  };
