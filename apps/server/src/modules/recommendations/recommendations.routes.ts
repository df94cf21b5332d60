import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dismissBody, errorBody, recommendationList, unmatchedList, unmatchedQuery } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { dismiss, myRecommendations, unmatched } from './recommendations.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export const recommendationRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/recommendations',
      {
        schema: {
          tags: ['recommendations'],
          summary: '为本单位推荐的合作单位（含评分与理由）',
          response: { 200: recommendationList, ...errors },
        },
      },
      (req) => myRecommendations(db, req.ctx),
    );
    app.post(
      '/api/recommendations/dismiss',
      {
        schema: {
          tags: ['recommendations'],
          summary: '忽略一条推荐（不再出现，并影响排序）',
          body: dismissBody,
          response: { 200: recommendationList, ...errors },
        },
      },
      (req) => dismiss(db, req.ctx, req.body),
    );
    app.get(
      '/api/recommendations/unmatched',
      {
        schema: {
          tags: ['recommendations'],
          summary: '本地区尚无匹配的需求（市州、省厅）',
          querystring: unmatchedQuery,
          response: {
            200: unmatchedList,
            ...errors,
          },
        },
      },
      (req) => unmatched(db, req.ctx, req.query.region),
    );
  };
