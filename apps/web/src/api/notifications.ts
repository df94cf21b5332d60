import { http } from './http';

/** One row of GET /api/notifications (declared inline by the server, not in the domain contracts). */
export interface NotificationItem {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

export const notificationsApi = {
  list: (q: { unread?: 'true' | 'false'; page?: number; pageSize?: number }) =>
    http.get<{ items: NotificationItem[]; total: number; unread: number }>('/api/notifications', q),
  unreadCount: async () => (await http.get<{ unread: number }>('/api/notifications/unread-count')).unread,
  /** Marks the given ones read, or all when `ids` is omitted; answers the new unread count. */
  markRead: async (ids?: number[]) =>
    (await http.post<{ unread: number }>('/api/notifications/read', ids ? { ids } : {})).unread,
};
