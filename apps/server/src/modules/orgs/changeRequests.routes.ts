import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorBody,
  idParam,
  orgChangeDecisionBody,
  orgChangeListQuery,
  orgChangeOut,
  orgChangeRequestBody,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { decideChange, listChangeRequests, requestChange } from './changeRequests.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export const orgChangeRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/org-change-requests',
      {
        schema: {
          tags: ['orgs'],
          summary: '单位名称、统一社会信用代码变更申请（按权限范围）',
          querystring: orgChangeListQuery,
          response: { 200: z.object({ items: z.array(orgChangeOut) }), ...errors },
        },
      },
      (req) => listChangeRequests(db, req.ctx, req.query),
    );
    app.post(
      '/api/orgs/:id/change-requests',
      {
        schema: {
          tags: ['orgs'],
          summary: '申请变更本单位名称或统一社会信用代码（学校、企业）',
          params: idParam,
          body: orgChangeRequestBody,
          response: { 201: orgChangeOut, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await requestChange(db, req.ctx, req.params.id, req.body)),
    );
    app.post(
      '/api/org-change-requests/:id/decision',
      {
        schema: {
          tags: ['orgs'],
          summary: '批准或驳回变更申请（所属市州人社局、省人社厅）',
          params: idParam,
          body: orgChangeDecisionBody,
          response: { 200: orgChangeOut, ...errors },
        },
      },
      (req) => decideChange(db, req.ctx, req.params.id, req.body),
    );
  };
