import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody, idParam, orgCreateBody, orgDetail, orgList, orgListQuery, orgUpdateBody } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { createOrg, getOrg, listOrgsFor, updateOrg } from './orgs.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export const orgRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/orgs',
      {
        schema: {
          tags: ['orgs'],
          summary: '单位列表（按权限范围）',
          querystring: orgListQuery,
          response: { 200: orgList, ...errors },
        },
      },
      (req) => listOrgsFor(db, req.ctx, req.query),
    );
    app.get(
      '/api/orgs/:id',
      { schema: { tags: ['orgs'], summary: '单位详情', params: idParam, response: { 200: orgDetail, ...errors } } },
      (req) => getOrg(db, req.ctx, req.params.id),
    );
    app.post(
      '/api/orgs',
      { schema: { tags: ['orgs'], summary: '新建单位', body: orgCreateBody, response: { 201: orgDetail, ...errors } } },
      async (req, reply) => reply.status(201).send(await createOrg(db, req.ctx, req.body)),
    );
    app.patch(
      '/api/orgs/:id',
      {
        schema: {
          tags: ['orgs'],
          summary: '修改单位',
          params: idParam,
          body: orgUpdateBody,
          response: { 200: orgDetail, ...errors },
        },
      },
      (req) => updateOrg(db, req.ctx, req.params.id, req.body),
    );
  };
