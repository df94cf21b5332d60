import type { z } from 'zod';
import type { notificationListOut, notificationOut, unreadCountOut } from '@cjrh/domain';
import { http } from './http';

export type NotificationItem = z.output<typeof notificationOut>;
type NotificationList = z.output<typeof notificationListOut>;
type UnreadCount = z.output<typeof unreadCountOut>;

export const notificationsApi = {
  list: (q: { unread?: 'true' | 'false'; page?: number; pageSize?: number }) =>
    http.get<NotificationList>('/api/notifications', q),
  unreadCount: async () => (await http.get<UnreadCount>('/api/notifications/unread-count')).unread,
  /** Marks the given ones read, or all when `ids` is omitted; answers the new unread count. */
  markRead: async (ids?: number[]) =>
    (await http.post<UnreadCount>('/api/notifications/read', ids ? { ids } : {})).unread,
};
