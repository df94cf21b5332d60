import { z } from 'zod';
import { pageQuery } from './common';

/** API contracts of the notification centre (/api/notifications…): a user's own notifications, newest first. */

export const notificationListQuery = z.object({ unread: z.enum(['true', 'false']).optional(), ...pageQuery });

export const notificationOut = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});
export const notificationListOut = z.object({ items: z.array(notificationOut), total: z.number(), unread: z.number() });
export const unreadCountOut = z.object({ unread: z.number() });
