import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  datedChangeQuery,
  errorBody,
  fileOut,
  keyIndustryImportResult,
  regionKeyIndustriesInput,
  regionKeyIndustryList,
  regionKeyIndustryRow,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import { attachment, XLSX_TYPE } from '../excel/layout';
import { MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE } from '../excel/safety';
import {
  importKeyIndustries,
  keyIndustryTemplate,
  listKeyIndustries,
  saveKeyIndustries,
} from './keyindustries.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** 各市州重点产业 (province only): the basis of the specialty–industry match. */
export const keyIndustryRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser(
      [XLSX_TYPE, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
      (_req, body, done) => done(null, body),
    );
    app.setErrorHandler((err: FastifyError) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new AppError(413, 'file_too_large', TOO_LARGE_MESSAGE);
      throw err;
    });
    app.get(
      '/api/key-industries',
      {
        schema: {
          tags: ['indicators'],
          summary: '各市州重点产业清单（省厅）',
          response: { 200: regionKeyIndustryList, ...errors },
        },
      },
      (req) => listKeyIndustries(db, req.ctx),
    );
    app.put(
      '/api/key-industries/:region',
      {
        schema: {
          tags: ['indicators'],
          summary: '保存一个市州的重点产业（整体替换）',
          params: z.object({ region: z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字') }),
          body: regionKeyIndustriesInput,
          response: { 200: regionKeyIndustryRow, ...errors },
        },
      },
      (req) => saveKeyIndustries(db, req.ctx, req.params.region, req.body.industryCodes, req.body),
    );
    app.get(
      '/api/key-industries/import/template.xlsx',
      {
        schema: {
          tags: ['indicators'],
          summary: '下载重点产业导入模板',
          response: { 200: fileOut('.xlsx 文件'), ...errors },
        },
      },
      async (req, reply) => {
        const file = await keyIndustryTemplate(db, req.ctx);
        reply.header('content-type', XLSX_TYPE);
        reply.header('content-disposition', attachment(file.fileName));
        return reply.send(file.buffer);
      },
    );
    app.post(
      '/api/key-industries/import',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags: ['indicators'],
          summary:
            '导入重点产业（请求体为 .xlsx；每行一个市州，整体替换其清单；有任何错误则不导入；effectiveFrom/changeReason：生效日期与原因）',
          querystring: datedChangeQuery,
          response: { 200: keyIndustryImportResult, ...errors, 413: errorBody, 415: errorBody },
        },
      },
      (req) => importKeyIndustries(db, req.ctx, req.body, req.query),
    );
  };
