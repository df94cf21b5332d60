import { sql } from 'drizzle-orm';
import type { FormAction, FormData, FormDefinition, FormState, ReturnReason, Role } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import type { OrgRow } from './generate';

// The demo campaign's shared ground: its year and PRNG seed, the story's clock (work-time x → instant), the planned
// shapes that the stages hand each other (campaignTargets → campaignStories → campaignWrite, campaignNotifications)
// and the bulk-insert helpers. Nothing here writes rows or draws random numbers.

export const CAMPAIGN_YEAR = 2025;
/** Its own PRNG stream: changing the organisation generator does not reshuffle the demand forms' content. */
export const CAMPAIGN_SEED = 20250720;
/** The region whose first batch the province has accepted as a whole. */
export const ACCEPTED_REGION = '420600';

export const BATCH = 1000;
const DAY_MS = 86_400_000;
/** Day 0 09:00 Beijing; the demo's story runs until day 33 (2025-08-05) at the end of the working day. */
const DAY0 = Date.UTC(CAMPAIGN_YEAR, 6, 3, 1);
export const END = 33.85;
export const ACCEPTED_BATCH_X = 23.2;
export const ACCEPT_X = 26.3;

/** Work-time x (day index + fraction of the 09:00–18:00 working day) → instant; monotonic, so order is kept. */
export function atX(x: number): Date {
  const day = Math.floor(x);
  return new Date(DAY0 + day * DAY_MS + Math.round((x - day) * 9 * 3600) * 1000);
}
/** The daily deadline job runs at 08:00 Beijing, before anybody works: it sees what happened up to the day before. */
export const jobAt = (day: number) => new Date(DAY0 + day * DAY_MS - 3_600_000);
export const dateOfDay = (day: number) => new Date(DAY0 + day * DAY_MS).toISOString().slice(0, 10);

export type Kind = 'school' | 'enterprise';
export type Target = FormState | 'not_started';

export interface UserLite {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string | null;
  orgId: number | null;
}
export interface Actor {
  id: number | null;
  /** What a history records as the actor: the display name, as the services record `displayName || username`. */
  name: string | null;
  role: Role;
}
export interface Step {
  action: FormAction;
  to: FormState;
  x: number;
  actor: Actor;
  reasons: ReturnReason[];
}
export interface Story {
  org: OrgRow;
  orgId: number;
  kind: Kind;
  state: FormState;
  def: FormDefinition;
  data: FormData;
  createX: number;
  saveXs: number[];
  steps: Step[];
}
export interface Expected {
  org: OrgRow;
  orgId: number;
}
export interface Planned {
  expected: Expected[];
  stories: Story[];
  batches: { regionCode: string; x: number; note: string; actor: Actor; stories: Story[] }[];
}

/** Ids taken from the table's sequence up front, so that rows can be numbered in the order things happened. */
export async function reserveIds(tx: DbOrTx, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const res = (await tx.execute(
    sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n})`,
  )) as unknown as { rows: { id: number }[] };
  return res.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

export async function insertAll<T>(rows: T[], insert: (part: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}
