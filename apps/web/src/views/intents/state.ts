import type { IntentState } from '@/api/intents';

/** Element tag colour per intent state: waiting is amber, a yes is green, a no red, the rest grey. */
export const STATE_TAG: Record<IntentState, 'warning' | 'success' | 'danger' | 'info'> = {
  pending: 'warning',
  accepted: 'success',
  declined: 'danger',
  withdrawn: 'info',
  expired: 'info',
};
