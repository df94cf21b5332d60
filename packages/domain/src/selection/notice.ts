/**
 * The public notice (公示) of a shortlist and its objections (异议). Dates are calendar days in Beijing (UTC+8, no
 * daylight saving): a notice "from 2025-11-03 to 2025-11-09" takes objections from 00:00 on the 3rd to 24:00 on the
 * 9th Beijing time, both days included, and the result may be published from the 10th. The caller passes today's
 * Beijing date (beijingDate(Date.now()) on the server); nothing here reads a clock.
 */
type NoticeRefusal = {
  ok: false;
  code: 'outside_notice_period' | 'notice_not_over' | 'objections_open' | 'validation_failed' | 'illegal_transition';
  message: string;
};
export type NoticeCheck = { ok: true } | NoticeRefusal;

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const isIsoDay = (d: unknown): d is string =>
  typeof d === 'string' &&
  ISO.test(d) &&
  !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
  new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** The calendar date in Beijing of an instant (ms since the epoch or a Date). */
export function beijingDate(instant: number | Date): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Whether `today` lies in [from, to], both included. */
export function inNoticePeriod(today: string, from: string | null | undefined, to: string | null | undefined): boolean {
  return !!from && !!to && from <= today && today <= to;
}

const OUTSIDE_NOTICE_MESSAGE = '不在公示期内，不受理异议';

/** An objection is accepted only during the notice period of a shortlisted project. */
export function checkObjectionWindow(today: string, notice: { from: string | null; to: string | null }): NoticeCheck {
  if (!inNoticePeriod(today, notice.from, notice.to)) {
    const when = notice.from && notice.to ? `（公示期为 ${notice.from} 至 ${notice.to}）` : '';
    return { ok: false, code: 'outside_notice_period', message: `${OUTSIDE_NOTICE_MESSAGE}${when}` };
  }
  return { ok: true };
}

/**
 * The notice period the province sets: valid dates, from ≤ to, and not starting in the past (a backdated notice
 * would be shorter than announced).
 */
export function checkNoticePeriod(today: string, from: string, to: string): NoticeCheck {
  if (!isIsoDay(from) || !isIsoDay(to))
    return { ok: false, code: 'validation_failed', message: '公示日期格式应为 YYYY-MM-DD' };
  if (to < from) return { ok: false, code: 'validation_failed', message: '公示结束日期不能早于开始日期' };
  if (from < today) return { ok: false, code: 'validation_failed', message: `公示开始日期不能早于今天（${today}）` };
  return { ok: true };
}

/** The final list is published only after the notice period has ended and every objection has been resolved. */
export function checkPublish(today: string, noticeTo: string | null, openObjections: number): NoticeCheck {
  if (!noticeTo || today <= noticeTo)
    return {
      ok: false,
      code: 'notice_not_over',
      message: noticeTo ? `公示期至 ${noticeTo}，公示结束后才能发布遴选结果` : '尚未公示，不能发布遴选结果',
    };
  if (openObjections > 0)
    return {
      ok: false,
      code: 'objections_open',
      message: `还有 ${openObjections} 条异议未处理，全部处理后才能发布遴选结果`,
    };
  return { ok: true };
}

/** An objection is resolved with a decision and its reason; an upheld one takes the project off the list. */
export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const OBJECTION_STATUS_LABELS: Readonly<Record<ObjectionStatus, string>> = Object.freeze({
  open: '待处理',
  upheld: '异议成立',
  dismissed: '异议不成立',
});

export function checkResolution(
  current: ObjectionStatus,
  status: string,
  resolution: string | null | undefined,
): NoticeCheck {
  if (current !== 'open')
    return {
      ok: false,
      code: 'illegal_transition',
      message: `该异议已处理（${OBJECTION_STATUS_LABELS[current]}），不能重复处理`,
    };
  if (status !== 'upheld' && status !== 'dismissed')
    return { ok: false, code: 'validation_failed', message: '处理结果应为“异议成立”或“异议不成立”' };
  if (!resolution || resolution.trim().length < 2)
    return { ok: false, code: 'validation_failed', message: '请填写处理理由' };
  return { ok: true };
}
