import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { coopOffice, coopOfficeInput, errorBody, idParam, officeCompleteness } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { getOffice, officeCompleteness as completeness, saveOffice } from './coopoffice.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const officeOut = z.object({ office: coopOffice.nullable() });

/** 校企合作组织机构 (notice 三(一)): each school's office, responsible person and members; completeness by 市州. */
export const coopOfficeRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/coop-offices',
      {
        schema: {
          tags: ['coop-offices'],
          summary: '校企合作机构设立情况（按市州汇总与逐校）',
          response: { 200: officeCompleteness, ...errors },
        },
      },
      (req) => completeness(db, req.ctx),
    );
    app.get(
      '/api/coop-offices/:id',
      {
        schema: {
          tags: ['coop-offices'],
          summary: '学校的校企合作机构（id 为学校）',
          params: idParam,
          response: { 200: officeOut, ...errors },
        },
      },
      (req) => getOffice(db, req.ctx, req.params.id),
    );
    app.put(
      '/api/coop-offices/:id',
      {
        schema: {
          tags: ['coop-offices'],
          summary: '学校填写本校校企合作机构、负责人和成员',
          params: idParam,
          body: coopOfficeInput,
          response: { 200: officeOut, ...errors },
        },
      },
      (req) => saveOffice(db, req.ctx, req.params.id, req.body),
    );
  };
