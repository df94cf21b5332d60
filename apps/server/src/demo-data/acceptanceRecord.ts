import { sql } from 'drizzle-orm';
import { formTransition, type FormAction, type FormState, type Role } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import { formSnapshots, formTransitions, type forms, type notifications } from '../db/schema/index';
import { atX } from './campaignCommon';
import { insertAll, reserveIds, type SeedUser } from './stageCommon';

// The in-memory record of what actOnForm, submitBatch and acceptBatch would write for the demo's late review path
// (acceptance.ts plays it): snapshots, transitions, notices and the notices read on the way, then one write of it all.

type FormRow = typeof forms.$inferSelect;
type NotificationInsert = typeof notifications.$inferInsert;

export interface Actor {
  id: number | null;
  /** What the history records: the display name, as actOnForm records `displayName || username`. */
  name: string | null;
  role: Role;
}

/** A snapshot planned in memory: `x` is its time on the demo's clock, `ref` ties transitions to it before ids exist. */
export type SnapshotPlan = typeof formSnapshots.$inferInsert & { x: number; ref: object };
/** A transition planned in memory, pointing at its snapshot and its new batch (if any) by reference. */
export type TransitionPlan = typeof formTransitions.$inferInsert & {
  x: number;
  snapRef: object | null;
  batchRef: object | null;
};
/** Notices read on the way: those of these users still unread and created before `before` (and matching the link,
 * kind and title when given) are marked read at `at`. */
export interface NoticeRead {
  userIds: number[];
  before: Date;
  at: Date;
  link?: string;
  kind?: string;
  title?: string;
}

/** An empty record and the two ways of adding to it: a notice to some users, a step of a form's machine. */
export function formRecorder() {
  const snaps: SnapshotPlan[] = [];
  const trans: TransitionPlan[] = [];
  const notes: NotificationInsert[] = [];
  const reads: NoticeRead[] = [];
  const touched = new Set<FormRow>();
  const push = (
    to: SeedUser[],
    at: Date,
    n: { kind: string; title: string; body?: string; link?: string; dedupeKey?: string },
    readAt: Date | null,
  ) => {
    for (const u of to)
      notes.push({
        userId: u.id,
        kind: n.kind,
        title: n.title,
        body: n.body ?? '',
        link: n.link ?? null,
        dedupeKey: n.dedupeKey ? `${n.dedupeKey}:u${u.id}` : null,
        createdAt: at,
        readAt,
      });
  };

  /** One step of actOnForm / submitBatch / acceptBatch on the in-memory row. */
  const step = (f: FormRow, action: FormAction, actor: Actor, x: number, batchRef: object | null = null) => {
    const r = formTransition(f.state as FormState, action, actor.role);
    if (!r.ok) throw new Error(`demo matchmaking: ${action} from ${f.state} by ${actor.role}: ${r.message}`);
    const at = atX(x);
    const snapshotted = action !== 'submit_to_province';
    const ref = {};
    if (snapshotted)
      snaps.push({
        formId: f.id,
        formVersion: f.version,
        state: f.state,
        data: f.data,
        createdBy: actor.id,
        createdAt: at,
        x,
        ref,
      });
    trans.push({
      formId: f.id,
      action,
      fromState: f.state,
      toState: r.to,
      formVersion: f.version,
      batchId: null,
      actorId: actor.id,
      actorName: actor.name,
      actorRole: actor.role,
      reasons: [],
      comment: '',
      at,
      x,
      snapRef: snapshotted ? ref : null,
      batchRef,
    });
    const version = f.version;
    f.state = r.to;
    f.version += 1;
    f.updatedAt = at;
    if (action === 'submit' || action === 'resubmit') f.submittedAt = at;
    if (action === 'approve' || action === 'accept') {
      f.decidedAt = at;
      f.returnReasons = [];
    }
    touched.add(f);
    return { at, version };
  };
  return { snaps, trans, notes, reads, touched, push, step };
}

/**
 * Writes what completeRegions (acceptance.ts) played in memory, as actOnForm, submitBatch and acceptBatch would have
 * left it: snapshots and transitions in time order, then the forms as they now stand, then the notices read.
 */
export async function writeCompletion(
  tx: DbOrTx,
  w: { snaps: SnapshotPlan[]; trans: TransitionPlan[]; touched: Set<FormRow>; reads: NoticeRead[] },
) {
  const { snaps, trans, touched, reads } = w;
  snaps.sort((a, b) => a.x - b.x || a.formId! - b.formId!);
  const snapIds = await reserveIds(tx, 'form_snapshots', snaps.length);
  const snapIdOf = new Map<object, number>(snaps.map((s, k) => [s.ref, snapIds[k]]));
  await insertAll(
    snaps.map(({ x: _x, ref, ...s }) => ({ ...s, id: snapIdOf.get(ref)! })),
    (part) => tx.insert(formSnapshots).values(part),
    200,
  );
  trans.sort((a, b) => a.x - b.x || a.formId - b.formId);
  await insertAll(
    trans.map(({ x: _x, snapRef, batchRef: _b, ...tr }) => ({
      ...tr,
      snapshotId: snapRef ? snapIdOf.get(snapRef)! : null,
    })),
    (part) => tx.insert(formTransitions).values(part),
  );
  const changed = [...touched].sort((a, b) => a.id - b.id);
  if (changed.length) {
    const values = changed.map((f) => ({
      id: f.id,
      state: f.state,
      version: f.version,
      submitted_at: f.submittedAt,
      decided_at: f.decidedAt,
      updated_at: f.updatedAt,
      last_batch_id: f.lastBatchId,
      return_reasons: f.returnReasons,
    }));
    await tx.execute(sql`
      update forms f set state = v.state, version = v.version, submitted_at = v.submitted_at, decided_at = v.decided_at,
        updated_at = v.updated_at, last_batch_id = v.last_batch_id, return_reasons = v.return_reasons
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        as v(id int, state text, version int, submitted_at timestamptz, decided_at timestamptz, updated_at timestamptz, last_batch_id int, return_reasons jsonb)
      where f.id = v.id`);
  }
  // What the people concerned read on the way, in one statement: each notice gets the earliest time it was read.
  const readRows = reads.flatMap((r) =>
    r.userIds.map((uid) => ({
      uid,
      before: r.before,
      at: r.at,
      link: r.link ?? null,
      kind: r.kind ?? null,
      title: r.title ?? null,
    })),
  );
  if (readRows.length) {
    await tx.execute(sql`
      update notifications n set read_at = m.at
      from (select n2.id, min(v.at) as at
            from jsonb_to_recordset(${JSON.stringify(readRows)}::jsonb) as v(uid int, before timestamptz, at timestamptz, link text, kind text, title text)
            join notifications n2 on n2.user_id = v.uid and n2.read_at is null and n2.created_at < v.before
              and (v.link is null or n2.link = v.link) and (v.kind is null or n2.kind = v.kind) and (v.title is null or n2.title = v.title)
            group by n2.id) m
      where n.id = m.id`);
  }
}
