import { and, eq, inArray } from 'drizzle-orm';
import { regionByCode, type CodeLists, type FormData, type FormDefinition, type Role } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import { batches, forms, type notifications } from '../db/schema/index';
import { formRecorder, writeCompletion, type Actor } from './acceptanceRecord';
import { atX, CAMPAIGN_YEAR } from './campaign';
import type { DemoPlan, OrgRow } from './generate';
import { demandFormOf } from './campaignFormData';
import { mulberry32, type Rng } from './random';
import { reserveIds, type SeedUser } from './stageCommon';

// The review path carried on past the collection demo's last day (2025-08-05): the demo accounts' forms are
// filed, approved, sent in a supplementary batch and accepted by the province together with the batches sent in
// July — writing exactly what actOnForm, submitBatch and acceptBatch write (snapshots, transitions with versions
// and batch ids, notifications), with times on the demo's clock (atX).

type FormRow = typeof forms.$inferSelect;
type NotificationInsert = typeof notifications.$inferInsert;

export interface CompletionInput {
  campaignId: number;
  users: SeedUser[];
  plan: DemoPlan;
  idByUscc: Map<string, number>;
  lists: CodeLists;
  rng: Rng;
  /** Stream for the content of forms created here (one per organisation, as in campaignStories.ts). */
  contentSeed: number;
  /** Share of the region's other approved forms that go along in a supplementary batch. */
  extraShare: number;
}

export interface Timeline {
  /** Day the late filers submit (new forms are opened and saved the same morning). */
  fill: number;
  approve: number;
  /** Day of each region's batch, in the order of `regions`. */
  batch: number[];
  /** Day on which the province accepts each region's batches, in the order of `regions`. */
  accept: number[];
}

export interface CompletionResult {
  created: number;
  batches: number;
  accepted: number;
  transitions: number;
  notifications: NotificationInsert[];
}

/** What a late filer types into the form it opens now: the same generator as the collection's forms. */
function newFormData(input: CompletionInput, org: OrgRow, orgId: number): { def: FormDefinition; data: FormData } {
  // Seeded by the organisation's place in the plan, not its id: ids differ after a reset, the plan does not.
  const index = [...input.plan.schools, ...input.plan.enterprises].indexOf(org);
  const content = mulberry32((Math.imul(input.contentSeed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  return demandFormOf(input.plan, org, orgId, org.type as 'school' | 'enterprise', input.lists, content);
}

/** A working-day instant somewhere in [from, to) of day `day` (fractions of 09:00–18:00). */
const within = (rng: Rng, day: number, from = 0.05, to = 0.9) => day + from + rng.next() * (to - from);

/**
 * Carries the given regions' review path to acceptance: demo accounts' forms are filed, approved and
 * sent in a supplementary batch with a share of the region's other approved forms (a region that has sent nothing yet
 * sends all its approved forms as its first batch); then the province accepts every batch of the region.
 */
export async function completeRegions(
  tx: DbOrTx,
  input: CompletionInput,
  regions: string[],
  t: Timeline,
): Promise<CompletionResult> {
  const { rng, users } = input;
  const byName = new Map(users.map((u) => [u.username, u]));
  const asActor = (u: SeedUser | undefined, role: Role): Actor =>
    u ? { id: u.id, name: u.displayName || u.username, role: u.role } : { id: null, name: null, role };
  const province = byName.get('province')!;
  const provinceActor = asActor(province, 'province');
  const regionUsers = (code: string) => users.filter((u) => u.role === 'region' && u.regionCode === code);
  const orgUsers = (orgId: number) => users.filter((u) => u.orgId === orgId);
  const orgByUscc = new Map([...input.plan.schools, ...input.plan.enterprises].map((o) => [o.uscc, o]));
  const orgById = new Map([...input.idByUscc].map(([uscc, id]) => [id, orgByUscc.get(uscc)!]));

  const rows = await tx
    .select()
    .from(forms)
    .where(and(eq(forms.campaignId, input.campaignId), inArray(forms.regionCode, regions)));
  rows.sort((a, b) => a.id - b.id);
  const existingBatches = await tx
    .select()
    .from(batches)
    .where(and(eq(batches.campaignId, input.campaignId), inArray(batches.regionCode, regions)));
  const formOfOrg = new Map(rows.map((f) => [f.orgId, f]));

  // What the services would write, recorded in memory (acceptanceRecord.ts) and written at the end.
  const { snaps, trans, notes, reads, touched, push, step } = formRecorder();
  /** form_submitted notices of the submissions made here, written once the form has its id. */
  const submitted = new Map<FormRow, { at: Date; version: number; resubmit: boolean }>();

  // 1. Late filers: demo accounts whose forms are not yet with the province.
  const late = users
    .filter(
      (u) =>
        (u.role === 'school' || u.role === 'enterprise') && u.orgId != null && regions.includes(u.regionCode ?? ''),
    )
    .sort((a, b) => a.id - b.id);
  const created: FormRow[] = [];
  const regionIdx = new Map(regions.map((r, i) => [r, i]));
  for (const u of late) {
    const orgId = u.orgId!;
    let f = formOfOrg.get(orgId);
    const filler = asActor(u, u.role);
    if (!f) {
      // Never opened: open it, type the rows in, save, then submit like the others.
      const org = orgById.get(orgId)!;
      const { def, data } = newFormData(input, org, orgId);
      const createX = within(rng, t.fill, 0.02, 0.3);
      const saveX = createX + 0.05 + rng.next() * 0.2;
      f = {
        id: -created.length - 1, // placeholder until the insert gives it an id
        campaignId: input.campaignId,
        orgId,
        kind: org.type as 'school' | 'enterprise',
        regionCode: org.regionCode,
        formVersion: def.version,
        state: 'draft',
        data: data as FormRow['data'],
        rowCount: data.rows.length,
        version: 2,
        returnReasons: [],
        returnedSnapshotId: null,
        lastBatchId: null,
        submittedAt: null,
        decidedAt: null,
        createdAt: atX(createX),
        updatedAt: atX(saveX),
      };
      created.push(f);
      formOfOrg.set(orgId, f);
    }
    const stateBefore = f.state;
    if (stateBefore === 'draft' || stateBefore === 'returned') {
      const x = within(rng, t.fill, 0.45, 0.9);
      // The filler reads what is waiting for them before acting on it.
      reads.push({ userIds: orgUsers(orgId).map((v) => v.id), before: atX(x - 0.02), at: atX(x - 0.02) });
      const action = stateBefore === 'draft' ? 'submit' : 'resubmit';
      const { at, version } = step(f, action, filler, x);
      submitted.set(f, { at, version, resubmit: action === 'resubmit' });
    }
  }

  // Ids of the forms opened now (ids grow with time: they come after every collection form).
  if (created.length) {
    const ids = await tx
      .insert(forms)
      .values(created.map(({ id: _id, ...f }) => ({ ...f, state: 'draft', version: 2, submittedAt: null })))
      .returning({ id: forms.id, orgId: forms.orgId });
    const idOf = new Map(ids.map((r) => [r.orgId, r.id]));
    for (const f of created) {
      const old = f.id;
      f.id = idOf.get(f.orgId)!;
      for (const s of snaps) if (s.formId === old) s.formId = f.id;
      for (const tr of trans) if (tr.formId === old) tr.formId = f.id;
    }
  }
  const submittedNotes = (f: FormRow, approveAt: Date | null) => {
    const p = submitted.get(f);
    if (!p) return;
    const org = orgById.get(f.orgId)!;
    push(
      regionUsers(f.regionCode),
      p.at,
      {
        kind: 'form_submitted',
        title: `${org.name} ${p.resubmit ? '重新提交' : '提交'}了需求信息征集表`,
        link: `/forms/${f.id}`,
        dedupeKey: `submitted:${f.id}:v${p.version}`,
      },
      approveAt,
    );
  };

  // 2. The bureau approves what the late filers submitted (and what was waiting for it).
  for (const u of late) {
    const f = formOfOrg.get(u.orgId!)!;
    if (f.state !== 'submitted') {
      submittedNotes(f, null);
      continue;
    }
    const x = within(rng, t.approve);
    const actor = asActor(regionUsers(f.regionCode)[0], 'region');
    const { at } = step(f, 'approve', actor, x);
    submittedNotes(f, at);
    reads.push({
      userIds: regionUsers(f.regionCode).map((v) => v.id),
      before: at,
      at,
      link: `/forms/${f.id}`,
      kind: 'form_submitted',
    });
    push(
      orgUsers(f.orgId),
      at,
      { kind: 'form_decided', title: `${CAMPAIGN_YEAR} 年度需求信息征集表：审核通过`, link: `/forms/${f.id}` },
      atX(x + 0.4),
    );
  }

  // 3. Each region sends what it has approved: the late filers' forms and a share of the others (all of them when
  // it has not sent anything yet).
  const lateOrgs = new Set(late.map((u) => u.orgId!));
  const newBatches: {
    ref: object;
    regionCode: string;
    seq: number;
    forms: FormRow[];
    note: string;
    by: Actor;
    x: number;
  }[] = [];
  for (const code of regions) {
    const i = regionIdx.get(code)!;
    const mine = existingBatches.filter((b) => b.regionCode === code);
    const first = mine.length === 0;
    const sending = [...formOfOrg.values()]
      .filter(
        (f) =>
          f.regionCode === code &&
          f.state === 'region_approved' &&
          (first || lateOrgs.has(f.orgId) || rng.chance(input.extraShare)),
      )
      .sort((a, b) => a.id - b.id);
    if (!sending.length) continue;
    const name = regionByCode(code)!.name;
    const seq = Math.max(0, ...mine.map((b) => b.seq)) + 1;
    const by = asActor(regionUsers(code)[0], 'region');
    const x = within(rng, t.batch[i], 0.1, 0.7);
    const ref = {};
    const note = first ? `${name}经审核报送的第一批需求信息` : `${name}补报的需求信息（截止后提交并经审核的单位）`;
    newBatches.push({ ref, regionCode: code, seq, forms: sending, note, by, x });
    for (const f of sending) {
      step(f, 'submit_to_province', by, x, ref);
      trans[trans.length - 1].comment = note;
    }
  }
  newBatches.sort((a, b) => a.x - b.x);
  const batchIds = new Map<object, number>();
  if (newBatches.length) {
    const ids = await reserveIds(tx, 'batches', newBatches.length);
    newBatches.forEach((b, k) => batchIds.set(b.ref, ids[k]));
    await tx.insert(batches).values(
      newBatches.map((b) => ({
        id: batchIds.get(b.ref)!,
        campaignId: input.campaignId,
        regionCode: b.regionCode,
        seq: b.seq,
        formIds: b.forms.map((f) => f.id),
        note: b.note,
        submittedBy: b.by.id,
        submittedAt: atX(b.x),
      })),
    );
  }

  // 4. The province accepts every batch of the region that still has forms with it (acceptBatch), one after another.
  const allBatches = [
    ...existingBatches.map((b) => ({
      id: b.id,
      regionCode: b.regionCode,
      seq: b.seq,
      formIds: b.formIds,
      sentAt: b.submittedAt,
    })),
    ...newBatches.map((b) => ({
      id: batchIds.get(b.ref)!,
      regionCode: b.regionCode,
      seq: b.seq,
      formIds: b.forms.map((f) => f.id),
      sentAt: atX(b.x),
    })),
  ].sort((a, b) => a.seq - b.seq);
  const formById = new Map([...formOfOrg.values()].map((f) => [f.id, f]));
  let accepted = 0;
  for (const code of regions) {
    let x = within(rng, t.accept[regionIdx.get(code)!], 0.05, 0.6);
    for (const b of allBatches.filter((y) => y.regionCode === code)) {
      const pending = b.formIds
        .map((id) => formById.get(id))
        .filter((f): f is FormRow => !!f && f.state === 'with_province');
      if (!pending.length) continue;
      const at = atX(x);
      for (const f of pending) step(f, 'accept', provinceActor, x);
      accepted += pending.length;
      const name = regionByCode(code)!.name;
      // The province read the batch's notice when it accepted the batch; the bureau reads the acceptance next morning.
      const newBatch = newBatches.find((n) => batchIds.get(n.ref) === b.id);
      if (newBatch)
        push(
          users.filter((u) => u.role === 'province'),
          atX(newBatch.x),
          {
            kind: 'batch_submitted',
            title: `${name} 报送了第 ${b.seq} 批需求信息（${b.formIds.length} 份）`,
            link: `/campaigns/${CAMPAIGN_YEAR}/batches`,
          },
          at,
        );
      else
        reads.push({
          userIds: users.filter((u) => u.role === 'province').map((u) => u.id),
          before: at,
          at,
          kind: 'batch_submitted',
          title: `${name} 报送了第 ${b.seq} 批需求信息（${b.formIds.length} 份）`,
        });
      push(
        regionUsers(code),
        at,
        {
          kind: 'batch_accepted',
          title: `省厅已接收第 ${b.seq} 批需求信息（${pending.length} 份）`,
          link: '/campaigns',
        },
        atX(Math.floor(x) + 1.02),
      );
      x += 0.03;
    }
  }
  // Batch ids of the transitions that moved forms into a new batch, and of acceptances (the form's last batch).
  for (const tr of trans) {
    if (tr.batchRef) tr.batchId = batchIds.get(tr.batchRef)!;
  }
  for (const f of touched) {
    const sent = trans.filter((tr) => tr.formId === f.id && tr.action === 'submit_to_province').pop();
    if (sent) f.lastBatchId = sent.batchId!;
  }
  for (const tr of trans) if (tr.action === 'accept') tr.batchId = formById.get(tr.formId)!.lastBatchId;

  // 5. Write: snapshots and transitions in time order, then the forms as they now stand (acceptanceRecord.ts).
  await writeCompletion(tx, { snaps, trans, touched, reads });
  return {
    created: created.length,
    batches: newBatches.length,
    accepted,
    transitions: trans.length,
    notifications: notes,
  };
}
