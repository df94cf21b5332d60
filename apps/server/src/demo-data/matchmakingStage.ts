import { occupationByCode, specialtyByCode, type INTENT_STATES } from '@cjrh/domain';
import type { Db, DbOrTx } from '../db/client';
import type { notifications } from '../db/schema/index';
import type { Ctx } from '../http/access';
import { CAMPAIGN_YEAR } from './campaign';
import type { SeedUser } from './stageCommon';
import type { LineGist } from './dialogue';
import type { Rng } from './random';

// What every stage of the matchmaking demo (matchmaking.ts and its matchmaking*.ts steps) shares: the names the
// tests and the reset refer to, the state handed from stage to stage, and the clock helpers. One PRNG stream runs
// through the stages in the order seedDemoMatchmaking calls them, so that order is part of the demo's output.

export const MATCHMAKING_META_KEY = 'demo-matchmaking';
/** Its own PRNG stream, like the campaign's. */
export const MATCHMAKING_SEED = 20250820;
/**
 * The region left as the collection demo left it: its demo accounts' forms stay returned, draft, submitted and
 * approved, and its first batch waits for the province — so a visitor can still review, send and accept, then
 * publish again and watch 武汉's organisations get recommendations from their own published lines (until then they
 * are recommended from their organisation records, see recommendations/profiles.ts).
 */
export const UNDER_REVIEW_REGION = '420100';
export const FIRST_PUBLICATION = { note: `${CAMPAIGN_YEAR} 年度需求信息首次发布`, date: '2025-08-20' } as const;
export const SECOND_PUBLICATION = { note: '补充发布', date: '2025-09-05' } as const;
export const XIANGYANG_EVENT_TITLE = '2025 年襄阳市校企合作洽谈会（示例）';
export const ONLINE_EVENT_TITLE = '2025 年全省产教融合线上校企洽谈会（示例）';
export const WITHDRAW_REASON = '岗位已招满';
export const XIANGYANG = '420600';
const DAY_MS = 86_400_000;

export type IntentState = (typeof INTENT_STATES)[number];
export type NotificationInsert = typeof notifications.$inferInsert;

/** The seed's transaction, accounts and notices, as the stages use them. */
export interface Stage {
  tx: DbOrTx;
  /** publish() and recomputeAll() take the database; given the transaction they nest (savepoints) inside it. */
  db: Db;
  rng: Rng;
  campaignId: number;
  scale: number;
  ctx: Ctx;
  province: SeedUser;
  userList: SeedUser[];
  byName: Map<string, SeedUser>;
  userOfOrg: Map<number, SeedUser>;
  orgUsers: (orgId: number) => SeedUser[];
  demoOrgId: (username: string) => number;
  notes: NotificationInsert[];
  push: (
    to: SeedUser[],
    at: Date,
    n: { kind: string; title: string; body?: string; link: string },
    readAt: Date | null,
  ) => void;
}

/** One public line of the latest publication, as the later stages read it. */
export interface Line {
  id: number;
  orgId: number;
  orgType: 'school' | 'enterprise';
  orgName: string;
  regionCode: string;
  needType: string;
  specialtyCode: string | null;
  occupationCode: string | null;
  postName: string;
  places: number;
  levels: string[];
  skillLevel: string | null;
  availableFrom: string | null;
  industryCodes: string[];
}

export const gist = (l: Line): LineGist => ({
  needType: l.needType,
  subject:
    l.orgType === 'school'
      ? (specialtyByCode(l.specialtyCode ?? '')?.name ?? l.specialtyCode ?? '')
      : l.postName || (occupationByCode(l.occupationCode ?? '')?.name ?? ''),
  places: l.places,
});

/** The day itself, or the Monday after when it falls on a weekend (day 0, 2025-07-03, was a Thursday). */
export const weekday = (day: number) => {
  const dow = (4 + day) % 7;
  return dow === 6 ? day + 2 : dow === 0 ? day + 1 : day;
};

/** A Beijing working-day instant `daysAgo` days before `now` (fraction of 09:00–18:00), always in the past. */
export function recentWork(now: Date, daysAgo: number, frac: number): Date {
  const bj = new Date(now.getTime() + 8 * 3_600_000 - daysAgo * DAY_MS);
  const t = Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth(), bj.getUTCDate(), 1) + Math.round(frac * 9 * 3600) * 1000;
  return new Date(Math.min(t, now.getTime() - 60_000));
}

/** bookMeeting's wording gives the slot's time of day; the demo says it in Beijing time (HH:MM). */
export const beijingTime = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);

/** 09:00 Beijing, `days` days after today's Beijing date. */
export function beijingMorning(now: Date, days: number): Date {
  const bj = new Date(now.getTime() + 8 * 3_600_000 + days * DAY_MS);
  return new Date(Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth(), bj.getUTCDate(), 1));
}
