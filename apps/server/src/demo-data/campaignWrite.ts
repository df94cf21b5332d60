import type { FormAction, FormState } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import { batches, formSnapshots, formTransitions, forms, notifications } from '../db/schema/index';
import { atX, insertAll, reserveIds, type Planned, type Story, type UserLite } from './campaignCommon';
import { buildNotifications } from './campaignNotifications';

// Writes the planned campaign (campaignStories) as the services would have left it: the forms with their final
// state, version and timestamps; a snapshot for every submit, approve, return and accept; the transition history of
// each form with its actor; the regions' batches; then the notifications (campaignNotifications). Ids are taken
// from the sequences up front and handed out in the order things happened, so every id grows with time.

const SNAPSHOTTED: FormAction[] = ['submit', 'approve', 'return', 'accept']; // submitBatch does not snapshot

type FormInsert = typeof forms.$inferInsert;
type SnapshotInsert = typeof formSnapshots.$inferInsert;
type TransitionInsert = typeof formTransitions.$inferInsert;

export async function writeCampaign(
  tx: DbOrTx,
  campaignId: number,
  { expected, stories, batches: batchPlan }: Planned,
  userList: UserLite[],
  c: { formsDue: string; regionDue: string; reminderDays: number[] },
) {
  // Ids in the order things happened: forms by first open, snapshots by time, batches by when they were sent.
  const byCreation = stories.map((s, i) => ({ s, i })).sort((a, b) => a.s.createX - b.s.createX || a.i - b.i);
  const formIds = await reserveIds(tx, 'forms', stories.length);
  const idOf = new Map<Story, number>(byCreation.map(({ s }, k) => [s, formIds[k]]));
  const batchIds = await reserveIds(tx, 'batches', batchPlan.length);
  const batchOf = new Map(batchPlan.map((b, k) => [b.regionCode, { ...b, id: batchIds[k] }]));

  const snaps: (SnapshotInsert & { x: number; ref: object })[] = [];
  const trans: (TransitionInsert & { x: number; snapRef: object | null })[] = [];
  const formRows: (FormInsert & { returnedRef?: object })[] = [];
  for (const { s } of byCreation) {
    const id = idOf.get(s)!;
    let version = 1 + s.saveXs.length;
    let cur: FormState = 'draft';
    let updatedX = s.saveXs[s.saveXs.length - 1] ?? s.createX;
    const row: FormInsert & { returnedRef?: object } = {
      id,
      campaignId,
      orgId: s.orgId,
      kind: s.kind,
      regionCode: s.org.regionCode,
      formVersion: s.def.version,
      data: s.data as FormInsert['data'],
      rowCount: s.data.rows.length,
      returnReasons: [],
      createdAt: atX(s.createX),
    };
    for (const st of s.steps) {
      const at = atX(st.x);
      const ref = {};
      if (SNAPSHOTTED.includes(st.action))
        snaps.push({
          formId: id,
          formVersion: version,
          state: cur,
          data: row.data,
          createdBy: st.actor.id,
          createdAt: at,
          x: st.x,
          ref,
        });
      const batch =
        st.action === 'submit_to_province' || st.action === 'accept' ? batchOf.get(s.org.regionCode)! : null;
      trans.push({
        formId: id,
        action: st.action,
        fromState: cur,
        toState: st.to,
        formVersion: version,
        batchId: batch?.id ?? null,
        actorId: st.actor.id,
        actorName: st.actor.name,
        actorRole: st.actor.role,
        reasons: st.reasons,
        comment: st.action === 'submit_to_province' ? batch!.note : '',
        at,
        x: st.x,
        snapRef: SNAPSHOTTED.includes(st.action) ? ref : null,
      });
      if (st.action === 'submit') row.submittedAt = at;
      if (st.action === 'approve' || st.action === 'return' || st.action === 'accept') row.decidedAt = at;
      if (st.action === 'approve' || st.action === 'accept') row.returnReasons = [];
      if (st.action === 'return') {
        row.returnReasons = st.reasons;
        row.returnedRef = ref;
      }
      if (st.action === 'submit_to_province') row.lastBatchId = batch!.id;
      version++;
      cur = st.to;
      updatedX = st.x;
    }
    row.state = cur;
    row.version = version;
    row.updatedAt = atX(updatedX);
    formRows.push(row);
  }

  snaps.sort((a, b) => a.x - b.x || a.formId - b.formId);
  const snapIds = await reserveIds(tx, 'form_snapshots', snaps.length);
  const snapIdOf = new Map<object, number>(snaps.map((s, k) => [s.ref, snapIds[k]]));

  await insertAll(
    formRows.map(({ returnedRef, ...f }) => ({
      ...f,
      returnedSnapshotId: returnedRef ? snapIdOf.get(returnedRef)! : null,
    })),
    (part) => tx.insert(forms).values(part),
  );
  await insertAll(
    batchPlan.map((b) => {
      const batch = batchOf.get(b.regionCode)!;
      return {
        id: batch.id,
        campaignId,
        regionCode: b.regionCode,
        seq: 1,
        formIds: b.stories.map((s) => idOf.get(s)!).sort((x, y) => x - y),
        note: b.note,
        submittedBy: b.actor.id,
        submittedAt: atX(b.x),
      };
    }),
    (part) => tx.insert(batches).values(part),
  );
  await insertAll(
    snaps.map(({ x: _x, ref, ...s }) => ({ ...s, id: snapIdOf.get(ref)! })),
    (part) => tx.insert(formSnapshots).values(part),
  );
  trans.sort((a, b) => a.x - b.x || a.formId - b.formId);
  await insertAll(
    trans.map(({ x: _x, snapRef, ...t }) => ({ ...t, snapshotId: snapRef ? snapIdOf.get(snapRef)! : null })),
    (part) => tx.insert(formTransitions).values(part),
  );

  const notes = buildNotifications({ expected, stories, batches: batchPlan }, idOf, userList, c);
  await insertAll(notes, (part) => tx.insert(notifications).values(part));
  return { batches: batchPlan.length, snapshots: snaps.length, transitions: trans.length, notifications: notes.length };
}
