// The unread count shared by the header bell and the 通知中心 page, so marking read in one updates the other.
import { ref } from 'vue';
import { notificationsApi } from '@/api/notifications';

export const unreadCount = ref(0);

export async function refreshUnread(): Promise<void> {
  try {
    unreadCount.value = await notificationsApi.unreadCount();
  } catch {
    // A missed poll is not worth a toast; the next one will try again.
  }
}

export async function markRead(ids?: number[]): Promise<void> {
  unreadCount.value = await notificationsApi.markRead(ids);
}
