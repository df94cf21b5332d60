import { AppError } from '../../http/errors';
import { today } from '../../lib/clock';
import type { Params } from './sources';

/** The notice's date: nothing of the programme existed before it. */
export const PROGRAMME_START = '2025-07-02';

export interface AsOfQuery {
  year?: number;
  /** YYYY-MM-DD: the figures as they stood at the end of that day. */
  asOf?: string;
}

const isRealDate = (d: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/**
 * The day a request's figures stand at: `asOf` when given (never after today), else the end of `year` for a past
 * year, else today (this year, or a year still to come, which has nothing yet). The year of yearly figures is the
 * asked year, or the year of `asOf`.
 */
export function asOfParams(q: AsOfQuery): Params {
  const t = today();
  const thisYear = Number(t.slice(0, 4));
  if (q.asOf !== undefined) {
    if (!isRealDate(q.asOf)) throw new AppError(400, 'validation_failed', `日期“${q.asOf}”无效，应为 YYYY-MM-DD`);
    if (q.asOf > t)
      throw new AppError(400, 'validation_failed', `截止日期 ${q.asOf} 晚于今天（${t}），只能查看今天及以前的数据`);
    if (q.year !== undefined && q.year !== Number(q.asOf.slice(0, 4)))
      throw new AppError(400, 'validation_failed', `年度 ${q.year} 与截止日期 ${q.asOf} 不一致`);
    return { year: Number(q.asOf.slice(0, 4)), today: t, asOf: q.asOf };
  }
  const year = q.year ?? thisYear;
  return { year, today: t, asOf: year < thisYear ? `${year}-12-31` : t };
}

/** Why figures as of this day are empty (the day lies before the programme began), else null. */
export function beforeProgramme(p: Params): string | null {
  return p.asOf < PROGRAMME_START ? `专项行动自 ${PROGRAMME_START} 开始，${p.asOf} 之前没有统计数据` : null;
}

/** The end of a year, or today while the year runs: the day an annual assessment of the year reads. */
export const endOfYear = (year: number) => asOfParams({ year });
