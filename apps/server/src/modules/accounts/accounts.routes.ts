import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  account,
  accountCreateBody,
  accountList,
  accountListQuery,
  accountUpdateBody,
  errorBody,
  idParam,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { createAccount, listAccounts, updateAccount } from './accounts.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export const accountRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/accounts',
      {
        schema: {
          tags: ['accounts'],
          summary: '账号列表',
          querystring: accountListQuery,
          response: { 200: accountList, ...errors },
        },
      },
      (req) => listAccounts(db, req.ctx, req.query),
    );
    app.post(
      '/api/accounts',
      {
        schema: {
          tags: ['accounts'],
          summary: '新建账号',
          body: accountCreateBody,
          response: { 201: account, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await createAccount(db, req.ctx, req.body)),
    );
    app.patch(
      '/api/accounts/:id',
      {
        schema: {
          tags: ['accounts'],
          summary: '修改账号（联系方式、停用、解锁、重置密码）',
          params: idParam,
          body: accountUpdateBody,
          response: { 200: account, ...errors },
        },
      },
      (req) => updateAccount(db, req.ctx, req.params.id, req.body),
    );
  };
