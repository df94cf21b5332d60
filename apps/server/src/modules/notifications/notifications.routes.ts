import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody, pageQuery } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { listNotifications, markRead, unreadCount } from './notifications.service';

const item = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});
const errors = { 400: errorBody, 401: errorBody };

export const notificationRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: '通知中心',
          querystring: z.object({ unread: z.enum(['true', 'false']).optional(), ...pageQuery }),
          response: { 200: z.object({ items: z.array(item), total: z.number(), unread: z.number() }), ...errors },
        },
      },
      (req) => listNotifications(db, req.ctx, { ...req.query, unread: req.query.unread === 'true' }),
    );
    app.get(
      '/api/notifications/unread-count',
      {
        schema: {
          tags: ['notifications'],
          summary: '未读数',
          response: { 200: z.object({ unread: z.number() }), ...errors },
        },
      },
      (req) => unreadCount(db, req.ctx),
    );
    app.post(
      '/api/notifications/read',
      {
        schema: {
          tags: ['notifications'],
          summary: '标记已读（不传 ids 则全部）',
          body: z.strictObject({ ids: z.array(z.number().int().positive()).max(500).optional() }),
          response: { 200: z.object({ unread: z.number() }), ...errors },
        },
      },
      (req) => markRead(db, req.ctx, req.body.ids),
    );
  };
