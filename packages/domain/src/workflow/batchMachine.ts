import { FORM_STATES, type FormState } from './formMachine';

/**
 * A region batch is the set of region-approved forms sent to the province at one moment. It has no moves of its own:
 * its status is read from its forms, so it can never disagree with them.
 */
export type BatchState = 'sent' | 'partly_accepted' | 'accepted' | 'returned';

export const BATCH_STATE_LABELS: Readonly<Record<BatchState, string>> = Object.freeze({
  sent: '已报送待接收',
  partly_accepted: '部分接收',
  accepted: '已全部接收',
  returned: '已全部退回',
});

/**
 * - accepted: every form accepted;
 * - partly_accepted: some accepted, the rest waiting or returned;
 * - returned: none accepted and none waiting — every form went back (a form already corrected and resubmitted has
 *   left this batch, so any state other than with_province/accepted counts as returned here);
 * - sent: otherwise (forms still with the province). An empty batch is 'sent'.
 */
export function batchStatus(formStates: readonly FormState[]): BatchState {
  const c = batchCounts(formStates);
  const total = formStates.length;
  if (total === 0) return 'sent';
  if (c.accepted === total) return 'accepted';
  if (c.accepted > 0) return 'partly_accepted';
  if (c.with_province === 0) return 'returned';
  return 'sent';
}

/** Counts by form state, every state present (0 when none), for the batch's summary line. */
export function batchCounts(formStates: readonly FormState[]): Record<FormState, number> {
  const counts = Object.fromEntries(FORM_STATES.map((s) => [s, 0])) as Record<FormState, number>;
  for (const s of formStates) counts[s] += 1;
  return counts;
}
