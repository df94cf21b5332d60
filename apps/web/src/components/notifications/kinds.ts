import { t } from '@/locales';

export const kindLabel = (kind: string) => t.notifications.kinds[kind] ?? t.notifications.bell;
/** Red for what needs the reader now, amber for deadlines, blue for news. */
export const kindType = (kind: string) =>
  ['form_returned', 'overdue', 'escalation'].includes(kind)
    ? 'danger'
    : kind === 'deadline'
      ? 'warning'
      : kind === 'form_decided' || kind === 'batch_accepted'
        ? 'success'
        : 'primary';
