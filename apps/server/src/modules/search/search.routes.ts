import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody, searchQuery, searchResult } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { search } from './search.service';

export const searchRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/search',
      {
        schema: {
          tags: ['search'],
          summary: '全局搜索：单位、协议、项目（按权限范围）',
          querystring: searchQuery,
          response: { 200: searchResult, 400: errorBody, 401: errorBody },
        },
      },
      (req) => search(db, req.ctx, req.query.q),
    );
  };
