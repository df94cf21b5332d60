import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody, notificationListOut, notificationListQuery, unreadCountOut } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { listNotifications, markRead, unreadCount } from './notifications.service';

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
          querystring: notificationListQuery,
          response: { 200: notificationListOut, ...errors },
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
          response: { 200: unreadCountOut, ...errors },
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
          response: { 200: unreadCountOut, ...errors },
        },
      },
      (req) => markRead(db, req.ctx, req.body.ids),
    );
  };
