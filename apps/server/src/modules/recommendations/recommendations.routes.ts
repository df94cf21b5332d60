import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DISMISS_REASON_CODES, errorBody } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { dismiss, myRecommendations, unmatched } from './recommendations.service';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const item = z.object({
  orgId: z.number(),
  orgName: z.string(),
  orgType: z.enum(['school', 'enterprise']),
  regionCode: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
  lines: z.number(),
});

export const recommendationRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/recommendations',
      {
        schema: {
          tags: ['recommendations'],
          summary: '为本单位推荐的合作单位（含评分与理由）',
          response: { 200: z.object({ items: z.array(item) }), ...errors },
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
          body: z.strictObject({
            counterpartOrgId: z.number().int().positive(),
            reason: z.enum(DISMISS_REASON_CODES),
            note: z.string().trim().max(500).optional(),
          }),
          response: { 200: z.object({ items: z.array(item) }), ...errors },
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
          querystring: z.object({
            region: z
              .string()
              .regex(/^\d{6}$/)
              .optional(),
          }),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.number(),
                  orgId: z.number(),
                  orgName: z.string(),
                  orgType: z.string(),
                  regionCode: z.string(),
                  title: z.string(),
                  places: z.number(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      (req) => unmatched(db, req.ctx, req.query.region),
    );
  };
