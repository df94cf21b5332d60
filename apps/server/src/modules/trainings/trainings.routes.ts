import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorBody,
  fileOut,
  idParam,
  okBody,
  pageQuery,
  teacherTraining,
  teacherTrainingInput,
  teacherTrainingList,
  teacherTrainingUpdate,
  trainingImportResult,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import { attachment, XLSX_TYPE } from '../excel/layout';
import { MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE } from '../excel/safety';
import { importTrainings, trainingTemplate } from './import';
import { createTraining, deleteTraining, listTrainings, updateTraining } from './trainings.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const listQuery = z.object({
  year: z.coerce.number().int().min(2025).max(2100).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为 6 位数字')
    .optional(),
  school: z.coerce.number().int().positive().optional(),
  ...pageQuery,
});

/** 工学一体化师资培训: a school's own records; a bureau's list and Excel import for its schools. */
export const trainingRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    // The raw .xlsx body and its 20 MB limit (with the Chinese 413) apply inside this plugin only, as for onboarding.
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
      '/api/trainings',
      {
        schema: {
          tags: ['trainings'],
          summary: '工学一体化师资培训记录（省厅全部、市州本地区、学校本校）',
          querystring: listQuery,
          response: { 200: teacherTrainingList, ...errors },
        },
      },
      (req) => listTrainings(db, req.ctx, req.query),
    );
    app.post(
      '/api/trainings',
      {
        schema: {
          tags: ['trainings'],
          summary: '学校登记一名教师的工学一体化培训',
          body: teacherTrainingInput,
          response: { 200: teacherTraining, ...errors },
        },
      },
      (req) => createTraining(db, req.ctx, req.body),
    );
    app.put(
      '/api/trainings/:id',
      {
        schema: {
          tags: ['trainings'],
          summary: '修改本校的培训记录（携带 version）',
          params: idParam,
          body: teacherTrainingUpdate,
          response: { 200: teacherTraining, ...errors },
        },
      },
      (req) => updateTraining(db, req.ctx, req.params.id, req.body),
    );
    app.delete(
      '/api/trainings/:id',
      {
        schema: {
          tags: ['trainings'],
          summary: '删除本校的培训记录',
          params: idParam,
          querystring: z.object({ version: z.coerce.number().int().positive() }),
          response: { 200: okBody, ...errors },
        },
      },
      (req) => deleteTraining(db, req.ctx, req.params.id, req.query.version),
    );
    app.get(
      '/api/trainings/import/template.xlsx',
      {
        schema: {
          tags: ['trainings'],
          summary: '下载师资培训导入模板（市州：本地区学校下拉）',
          response: { 200: fileOut('.xlsx 文件'), ...errors },
        },
      },
      async (req, reply) => {
        const file = await trainingTemplate(db, req.ctx);
        reply.header('content-type', XLSX_TYPE);
        reply.header('content-disposition', attachment(file.fileName));
        return reply.send(file.buffer);
      },
    );
    app.post(
      '/api/trainings/import',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags: ['trainings'],
          summary: '导入师资培训名单（请求体为 .xlsx 文件；有任何错误则不导入，details.errors 列出每个错误单元格）',
          response: { 200: trainingImportResult, ...errors, 413: errorBody, 415: errorBody },
        },
      },
      (req) => importTrainings(db, req.ctx, req.body),
    );
  };
