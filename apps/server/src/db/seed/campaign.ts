import { and, count, eq, inArray, sql } from 'drizzle-orm';
import {
  daysUntil,
  defaultDeadlines,
  defaultTargets,
  formDefinition,
  formTransition,
  normalizeForm,
  prefillForm,
  reasonProblems,
  regionByCode,
  REGIONS,
  type CodeLists,
  type FormAction,
  type FormData,
  type FormDefinition,
  type FormState,
  type ReturnReason,
  type Role,
} from '@cjrh/domain';
import type { DbOrTx } from '../client';
import { appMeta, batches, campaignQuotas, campaigns, formSnapshots, formTransitions, forms, importJobs, notifications, orgs, users } from '../schema/index';
import { OPEN_STATES } from '../../modules/forms/completeness.service';
import { loadCodeLists } from '../../modules/forms/forms.repository';
import type { DemoPlan, OrgRow } from './generate';
import { enterpriseNeedRows, returnReasons, schoolNeedRows } from './needs';
import { apportion, mulberry32, type Rng } from './random';

// The 2025 demand collection, half-way through: the campaign with its 附件3 quotas, forms of about 90% of the
// organisations expected to file in every state of the review path, and everything the services write on the way —
// snapshots, transitions, batches, notifications (those of the deadline job included, with the job's dedupe keys).
// Rows are built in memory and inserted in bulk; ids are taken from the sequences up front so that every id grows
// with time, as it would have.

export const CAMPAIGN_YEAR = 2025;
/** Its own PRNG stream: changing the organisation generator does not reshuffle the demand forms' content. */
export const CAMPAIGN_SEED = 20250720;
/** The region whose first batch the province has accepted as a whole. */
export const ACCEPTED_REGION = '420600';
export const PROVINCE_PROJECT_TOTAL = 500;
export const META_KEY = 'demo-campaign';

const BATCH = 1000;
const DAY_MS = 86_400_000;
/** Day 0 09:00 Beijing; the demo's story runs until day 33 (2025-08-05) at the end of the working day. */
const DAY0 = Date.UTC(CAMPAIGN_YEAR, 6, 3, 1);
const END = 33.85;
const CAMPAIGN_CREATED = new Date(Date.UTC(CAMPAIGN_YEAR, 6, 2, 2));
const QUOTAS_SAVED = new Date(Date.UTC(CAMPAIGN_YEAR, 6, 2, 7, 30));
const ACCEPTED_BATCH_X = 23.2;
const ACCEPT_X = 26.3;

/** Work-time x (day index + fraction of the 09:00–18:00 working day) → instant; monotonic, so order is kept. */
export function atX(x: number): Date {
  const day = Math.floor(x);
  return new Date(DAY0 + day * DAY_MS + Math.round((x - day) * 9 * 3600) * 1000);
}
/** The daily deadline job runs at 08:00 Beijing, before anybody works: it sees what happened up to the day before. */
const jobAt = (day: number) => new Date(DAY0 + day * DAY_MS - 3_600_000);
const dateOfDay = (day: number) => new Date(DAY0 + day * DAY_MS).toISOString().slice(0, 10);

type Kind = 'school' | 'enterprise';
type Target = FormState | 'not_started';

/** Demo accounts whose forms a visitor should find in a given state. The others in 420600 are accepted. */
const PINNED: Record<string, Target> = {
  'school-420100-01': 'returned',
  'school-420100-02': 'draft',
  'enterprise-420100-01': 'submitted',
  'enterprise-420100-02': 'region_approved',
  'school-420200-01': 'not_started',
  'enterprise-420800-01': 'not_started',
  'school-421300-01': 'not_started',
  'enterprise-429005-01': 'not_started',
};
/** Remaining demo accounts walk through these states by region, so every state has someone to log in as. */
const ACCOUNT_CYCLE: FormState[] = ['with_province', 'region_approved', 'submitted', 'returned', 'draft'];
const ACCOUNT_SLOT: Record<string, number> = { 'school-01': 0, 'school-02': 1, 'enterprise-01': 2, 'enterprise-02': 3 };
/** Shares of the forms outside the accepted region (the notice's picture of late July). */
const SHARE_STATES: FormState[] = ['draft', 'submitted', 'returned', 'region_approved', 'with_province'];
const SHARE_WEIGHTS = [10, 15, 8, 35, 22];
const NOT_STARTED_SHARE = 0.1;
/** Regions where filing lags: more organisations there have not started, and no batch has gone to the province. */
const SLOW_REGIONS = ['422800', '429021', '421300'];
const STEPS_TO: Record<FormState, FormAction[]> = {
  draft: [],
  submitted: ['submit'],
  returned: ['submit', 'return'],
  region_approved: ['submit', 'approve'],
  with_province: ['submit', 'approve', 'submit_to_province'],
  accepted: ['submit', 'approve', 'submit_to_province', 'accept'],
};
const SNAPSHOTTED: FormAction[] = ['submit', 'approve', 'return', 'accept']; // submitBatch does not snapshot

interface UserLite {
  id: number;
  username: string;
  role: Role;
  regionCode: string | null;
  orgId: number | null;
}
interface Actor {
  id: number | null;
  username: string | null;
  role: Role;
}
interface Step {
  action: FormAction;
  to: FormState;
  x: number;
  actor: Actor;
  reasons: ReturnReason[];
}
interface Story {
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

export interface CampaignSeedSummary {
  campaignId: number;
  expected: number;
  notStarted: number;
  forms: number;
  states: Record<FormState, number>;
  batches: number;
  snapshots: number;
  transitions: number;
  notifications: number;
}

/** The org as the API's OrgDetail shows it: what prefillForm reads through each field's `prefill` path. */
function orgDetailOf(o: OrgRow, id: number): Record<string, unknown> {
  return {
    id,
    name: o.name,
    type: o.type,
    regionCode: o.regionCode,
    uscc: o.uscc,
    address: o.address ?? '',
    contactName: o.contactName ?? '',
    contactTitle: o.contactTitle ?? '',
    contactPhone: o.contactPhone ?? '',
    schoolType: o.schoolType ?? null,
    schoolOwnership: o.schoolOwnership ?? null,
    enrolment: o.enrolment ?? null,
    enterpriseOwnership: o.enterpriseOwnership ?? null,
    industryCodes: o.industryCodes ?? [],
    size: o.size ?? null,
    employees: o.employees ?? null,
    isKey: o.isKey ?? false,
    integrationLevel: o.integrationLevel ?? 'none',
  };
}

/** As forms.service pins them: identity fields always come from the record. */
function pinIdentity(def: FormDefinition, data: FormData, org: OrgRow): FormData {
  const pinned = { ...data.org };
  for (const f of def.fields) {
    if (f.scope !== 'org') continue;
    if (f.prefill === 'name') pinned[f.key] = org.name;
    if (f.prefill === 'uscc') pinned[f.key] = org.uscc;
    if (f.prefill === 'regionCode') pinned[f.key] = org.regionCode;
  }
  return { ...data, org: pinned };
}

function weightedSample<T>(rng: Rng, items: T[], weight: (t: T) => number, k: number): T[] {
  const pool = items.slice();
  const w = pool.map(weight);
  const out: T[] = [];
  while (out.length < k && pool.length) {
    const i = rng.weighted(w);
    out.push(pool[i]);
    pool.splice(i, 1);
    w.splice(i, 1);
  }
  return out;
}

interface Planned {
  expected: { org: OrgRow; orgId: number }[];
  stories: Story[];
  batches: { regionCode: string; x: number; note: string; actor: Actor; stories: Story[] }[];
}

/** Pure: who filed, what they wrote, and when each step happened. */
function planCampaign(plan: DemoPlan, idByUscc: Map<string, number>, userList: UserLite[], lists: CodeLists, seed: number): Planned {
  const flow = mulberry32((CAMPAIGN_SEED ^ seed) >>> 0);
  // Each organisation's rows come from a stream of their own, so what it wrote does not depend on who else filed.
  const contentOf = (index: number) => mulberry32((Math.imul(CAMPAIGN_SEED ^ seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const uniform = (a: number, b: number) => a + flow.next() * Math.max(0, b - a);
  const before = (t: number, maxGap: number, floor = 0) => t - 0.05 - flow.next() * Math.max(0, Math.min(maxGap, t - floor) - 0.05);

  const accountOf = new Map<number, UserLite>();
  for (const u of userList) if (u.orgId != null && !accountOf.has(u.orgId)) accountOf.set(u.orgId, u);
  const byName = new Map(userList.map((u) => [u.username, u]));
  const asActor = (u: UserLite | undefined, role: Role): Actor => (u ? { id: u.id, username: u.username, role: u.role } : { id: null, username: null, role });
  const regionActor = (code: string) => asActor(byName.get(`region-${code}`) ?? userList.find((u) => u.role === 'region' && u.regionCode === code), 'region');
  const province = asActor(byName.get('province') ?? userList.find((u) => u.role === 'province'), 'province');

  const expected = [...plan.schools.filter((s) => s.runsProgrammes), ...plan.enterprises.filter((e) => e.isKey)].map((org) => ({ org, orgId: idByUscc.get(org.uscc)! }));

  // 1. Targets: pinned demo accounts, then who has not started, then the shares.
  const target = new Map<number, Target>();
  const regionIndex = new Map(REGIONS.map((r, i) => [r.code, i]));
  for (const { orgId, org } of expected) {
    if (org.regionCode === ACCEPTED_REGION) target.set(orgId, 'accepted');
    const u = accountOf.get(orgId);
    const m = u && /^(school|enterprise)-(\d{6})-(\d{2})$/.exec(u.username);
    if (!m || org.regionCode === ACCEPTED_REGION) continue;
    const slot = ACCOUNT_SLOT[`${m[1]}-${m[3]}`];
    const pinned = PINNED[u.username] ?? (slot === undefined ? undefined : ACCOUNT_CYCLE[((regionIndex.get(org.regionCode) ?? 0) + slot) % ACCOUNT_CYCLE.length]);
    if (pinned) target.set(orgId, pinned);
  }
  const free = expected.filter((e) => !target.has(e.orgId));
  const pinnedNotStarted = [...target.values()].filter((t) => t === 'not_started').length;
  const notStarted = weightedSample(
    flow,
    free,
    (e) => (e.org.type === 'enterprise' ? 1.3 : 1) * (SLOW_REGIONS.includes(e.org.regionCode) ? 2.5 : 1),
    Math.max(0, Math.round(expected.length * NOT_STARTED_SHARE) - pinnedNotStarted),
  );
  for (const e of notStarted) target.set(e.orgId, 'not_started');
  const rest = expected.filter((e) => !target.has(e.orgId));
  const filedOutside = expected.filter((e) => e.org.regionCode !== ACCEPTED_REGION && target.get(e.orgId) !== 'not_started').length;
  const quota = apportion(filedOutside, SHARE_WEIGHTS);
  const pool: FormState[] = [];
  SHARE_STATES.forEach((s, i) => {
    const taken = [...target.values()].filter((t) => t === s).length;
    for (let n = 0; n < quota[i] - taken; n++) pool.push(s);
  });
  const shuffled = flow.shuffle(pool);
  rest.forEach((e, i) => target.set(e.orgId, shuffled[i] ?? 'region_approved'));
  // The slow regions have approved forms but not sent a batch yet.
  for (const e of expected) if (SLOW_REGIONS.includes(e.org.regionCode) && target.get(e.orgId) === 'with_province') target.set(e.orgId, 'region_approved');

  // 2. When regions sent their batch (one each, seq 1), then every form's timeline.
  const batchX = new Map<string, number>();
  for (const r of REGIONS) {
    const sends = expected.some((e) => e.org.regionCode === r.code && (target.get(e.orgId) === 'with_province' || target.get(e.orgId) === 'accepted'));
    if (sends) batchX.set(r.code, r.code === ACCEPTED_REGION ? ACCEPTED_BATCH_X : uniform(19.2, 28.6));
  }

  const stories: Story[] = [];
  for (const [index, { org, orgId }] of expected.entries()) {
    const state = target.get(orgId)!;
    if (state === 'not_started') continue;
    const content = contentOf(index);
    const kind = org.type as Kind;
    const def = formDefinition(kind, CAMPAIGN_YEAR);
    // What myForm stores on first open, then what saveForm stores once the rows are typed in.
    const opened = normalizeForm(def, pinIdentity(def, prefillForm(def, orgDetailOf(org, orgId), null), org), lists).data;
    const profile = plan.profiles.find((p) => p.region.code === org.regionCode)!;
    const rows =
      kind === 'school'
        ? schoolNeedRows(content, { schoolType: org.schoolType ?? '技工学校', specialties: plan.specialties.get(org.uscc) ?? [], regionIndustries: profile.industries.map((i) => i.code) })
        : enterpriseNeedRows(content, { industryCodes: org.industryCodes ?? [], size: org.size ?? null });
    const { data, issues } = normalizeForm(def, pinIdentity(def, { org: opened.org, rows }, org), lists);
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length) throw new Error(`demo campaign: generated form of ${org.name} is invalid: ${errors[0].fieldKey} ${errors[0].message}`);

    const bx = batchX.get(org.regionCode);
    let createX: number;
    let submitX = 0;
    let decideX = 0;
    let lastSaveX: number;
    if (state === 'draft') {
      createX = uniform(0, 30);
      lastSaveX = uniform(createX + 0.05, END);
    } else {
      // Most organisations submit before the deadline (day 17, 07-20); the bureau decides mostly after it.
      const batched = state === 'with_province' || state === 'accepted';
      const latest = batched ? bx! - 0.3 : state === 'submitted' ? END : END - 0.3;
      const early = flow.chance(batched ? 0.85 : state === 'submitted' ? 0.4 : 0.7);
      submitX = early ? uniform(2, Math.min(16.9, latest)) : uniform(17, latest);
      if (batched) decideX = uniform(Math.max(submitX + 0.05, 10), bx! - 0.05);
      else if (state === 'region_approved') decideX = uniform(Math.max(submitX + 0.05, bx !== undefined ? bx + 0.05 : 10), END);
      else if (state === 'returned') decideX = uniform(Math.max(submitX + 0.05, 10), END);
      createX = before(submitX, 7);
      lastSaveX = uniform(createX + 0.01, submitX - 0.01);
    }
    const saves = flow.int(1, 3);
    const saveXs = [...Array.from({ length: saves - 1 }, () => uniform(createX, lastSaveX)), lastSaveX].sort((a, b) => a - b);

    const filler = asActor(accountOf.get(orgId), kind);
    const steps: Step[] = [];
    let cur: FormState = 'draft';
    for (const action of STEPS_TO[state]) {
      const actor = action === 'submit' ? filler : action === 'accept' ? province : regionActor(org.regionCode);
      const t = formTransition(cur, action, actor.role);
      if (!t.ok) throw new Error(`demo campaign: ${action} from ${cur} by ${actor.role}: ${t.message}`);
      const x = action === 'submit' ? submitX : action === 'submit_to_province' ? bx! : action === 'accept' ? ACCEPT_X : decideX;
      const reasons = t.needsReasons ? returnReasons(flow, kind, data, accountOf.get(orgId)?.username === 'school-420100-01') : [];
      const problems = reasonProblems(def, data, reasons);
      if (problems.length) throw new Error(`demo campaign: return reason of ${org.name}: ${problems[0].message}`);
      steps.push({ action, to: t.to, x, actor, reasons });
      cur = t.to;
    }
    stories.push({ org, orgId, kind, state, def, data, createX, saveXs, steps });
  }

  const batchList = [...batchX.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([regionCode, x]) => ({
      regionCode,
      x,
      note: flow.chance(0.5) ? `${regionByCode(regionCode)!.name}经审核报送的第一批需求信息` : '',
      actor: regionActor(regionCode),
      stories: stories.filter((s) => s.org.regionCode === regionCode && s.steps.some((st) => st.action === 'submit_to_province')),
    }));
  return { expected, stories, batches: batchList };
}

async function reserveIds(tx: DbOrTx, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const res = (await tx.execute(sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n})`)) as unknown as { rows: { id: number }[] };
  return res.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

async function insertAll<T>(rows: T[], insert: (part: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/**
 * Creates the 2025 campaign and its demand collection in the caller's transaction. Does nothing (returns null) when a
 * 2025 campaign already exists: demo forms are never mixed into a real campaign.
 */
export async function seedDemoCampaign(
  tx: DbOrTx,
  input: { plan: DemoPlan; idByUscc: Map<string, number>; scale: number; seed: number; log?: (m: string) => void },
): Promise<CampaignSeedSummary | null> {
  const log = input.log ?? (() => {});
  const [existing] = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, CAMPAIGN_YEAR));
  if (existing) {
    log(`已有 ${CAMPAIGN_YEAR} 年度专项行动，未写入示例需求征集数据`);
    return null;
  }
  const deadlines = defaultDeadlines(CAMPAIGN_YEAR);
  const reminderDays = [7, 3, 1];
  const projectTotal = Math.max(1, Math.round(PROVINCE_PROJECT_TOTAL * input.scale));
  const keyTotal = 600;
  const [campaign] = await tx
    .insert(campaigns)
    .values({
      year: CAMPAIGN_YEAR,
      title: `${CAMPAIGN_YEAR} 年度“产教融合·技能助跑”专项行动`,
      status: 'open',
      ...deadlines,
      reminderDays,
      targets: defaultTargets(CAMPAIGN_YEAR),
      provinceProjectTotal: projectTotal,
      provinceKeyEnterpriseTotal: keyTotal,
      formVersions: { school: formDefinition('school', CAMPAIGN_YEAR).version, enterprise: formDefinition('enterprise', CAMPAIGN_YEAR).version },
      createdAt: CAMPAIGN_CREATED,
      updatedAt: QUOTAS_SAVED,
    })
    .returning({ id: campaigns.id });
  const { plan } = input;
  const schoolsIn = REGIONS.map((r) => plan.schools.filter((s) => s.regionCode === r.code).length);
  const keysIn = REGIONS.map((r) => plan.enterprises.filter((e) => e.regionCode === r.code && e.isKey).length);
  const projectQuota = apportion(projectTotal, schoolsIn);
  const keyQuota = apportion(keyTotal, keysIn);
  await tx.insert(campaignQuotas).values(REGIONS.map((r, i) => ({ campaignId: campaign.id, regionCode: r.code, projectQuota: projectQuota[i], keyEnterpriseQuota: keyQuota[i] })));

  const userList = (await tx
    .select({ id: users.id, username: users.username, role: users.role, regionCode: users.regionCode, orgId: users.orgId })
    .from(users)
    .where(eq(users.disabled, false))
    .orderBy(users.id)) as UserLite[];
  const lists = await loadCodeLists(tx);
  const planned = planCampaign(plan, input.idByUscc, userList, lists, input.seed);
  const written = await writeCampaign(tx, campaign.id, planned, userList, { formsDue: deadlines.formsDue, regionDue: deadlines.regionDue, reminderDays });
  await tx.insert(appMeta).values({ key: META_KEY, value: { year: CAMPAIGN_YEAR, campaignId: campaign.id } }).onConflictDoUpdate({ target: appMeta.key, set: { value: { year: CAMPAIGN_YEAR, campaignId: campaign.id } } });

  const states = Object.fromEntries(['draft', 'submitted', 'returned', 'region_approved', 'with_province', 'accepted'].map((s) => [s, 0])) as Record<FormState, number>;
  for (const s of planned.stories) states[s.state]++;
  const summary: CampaignSeedSummary = { campaignId: campaign.id, expected: planned.expected.length, notStarted: planned.expected.length - planned.stories.length, forms: planned.stories.length, states, ...written };
  log(
    `${CAMPAIGN_YEAR} 年度需求征集：应填 ${summary.expected} 家，表单 ${summary.forms} 份（草稿 ${states.draft}、待审核 ${states.submitted}、退回 ${states.returned}、市州已审核 ${states.region_approved}、已报省厅 ${states.with_province}、已接收 ${states.accepted}），未填报 ${summary.notStarted} 家；批次 ${summary.batches} 个，通知 ${summary.notifications} 条`,
  );
  return summary;
}

type FormInsert = typeof forms.$inferInsert;
type SnapshotInsert = typeof formSnapshots.$inferInsert;
type TransitionInsert = typeof formTransitions.$inferInsert;
type NotificationInsert = typeof notifications.$inferInsert;

async function writeCampaign(
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
      if (SNAPSHOTTED.includes(st.action)) snaps.push({ formId: id, formVersion: version, state: cur, data: row.data, createdBy: st.actor.id, createdAt: at, x: st.x, ref });
      const batch = st.action === 'submit_to_province' || st.action === 'accept' ? batchOf.get(s.org.regionCode)! : null;
      trans.push({
        formId: id,
        action: st.action,
        fromState: cur,
        toState: st.to,
        formVersion: version,
        batchId: batch?.id ?? null,
        actorId: st.actor.id,
        actorName: st.actor.username,
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
    formRows.map(({ returnedRef, ...f }) => ({ ...f, returnedSnapshotId: returnedRef ? snapIdOf.get(returnedRef)! : null })),
    (part) => tx.insert(forms).values(part),
  );
  await insertAll(
    batchPlan.map((b) => {
      const batch = batchOf.get(b.regionCode)!;
      return { id: batch.id, campaignId, regionCode: b.regionCode, seq: 1, formIds: b.stories.map((s) => idOf.get(s)!).sort((x, y) => x - y), note: b.note, submittedBy: b.actor.id, submittedAt: atX(b.x) };
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

/** What the review services and the daily deadline job would have sent, with their titles and dedupe keys. */
function buildNotifications(
  { expected, stories, batches: batchPlan }: Planned,
  idOf: Map<Story, number>,
  userList: UserLite[],
  c: { formsDue: string; regionDue: string; reminderDays: number[] },
): NotificationInsert[] {
  const year = CAMPAIGN_YEAR;
  const out: (NotificationInsert & { order: number })[] = [];
  const orgUsers = (orgId: number) => userList.filter((u) => u.orgId === orgId);
  const regionUsers = (code: string) => userList.filter((u) => u.role === 'region' && u.regionCode === code);
  const provinceUsers = userList.filter((u) => u.role === 'province');
  const readAt = (x: number | null) => (x !== null && x < END ? atX(x) : null);
  const push = (to: UserLite[], createdAt: Date, n: { kind: string; title: string; body?: string; link?: string; dedupeKey?: string }, read: Date | null) =>
    to.map((u) => {
      const row = { userId: u.id, kind: n.kind, title: n.title, body: n.body ?? '', link: n.link ?? null, dedupeKey: n.dedupeKey ? `${n.dedupeKey}:u${u.id}` : null, createdAt, readAt: read, order: out.length };
      out.push(row);
      return row;
    });

  // The review path (review.service: actOnForm, submitBatch, acceptBatch).
  for (const s of stories) {
    const id = idOf.get(s)!;
    const link = `/forms/${id}`;
    let version = 1 + s.saveXs.length;
    s.steps.forEach((st, k) => {
      const at = atX(st.x);
      const next = s.steps[k + 1];
      if (st.action === 'submit') {
        // The bureau opens a submitted form when it decides on it.
        push(regionUsers(s.org.regionCode), at, { kind: 'form_submitted', title: `${s.org.name} 提交了需求信息征集表`, link, dedupeKey: `submitted:${id}:v${version}` }, readAt(next ? next.x : null));
      } else if (st.action === 'return') {
        push(orgUsers(s.orgId), at, { kind: 'form_returned', title: `${year} 年度需求信息征集表被市州人社局退回`, body: st.reasons.map((r) => r.text).join('；').slice(0, 500), link }, null);
      } else if (st.action === 'approve') {
        push(orgUsers(s.orgId), at, { kind: 'form_decided', title: `${year} 年度需求信息征集表：审核通过`, link }, st.x < 26 ? readAt(st.x + 0.3) : null);
      }
      version++;
    });
  }
  for (const b of batchPlan) {
    const accepted = b.regionCode === ACCEPTED_REGION;
    push(provinceUsers, atX(b.x), { kind: 'batch_submitted', title: `${regionByCode(b.regionCode)!.name} 报送了第 1 批需求信息（${b.stories.length} 份）`, link: `/campaigns/${year}/batches` }, accepted ? readAt(ACCEPT_X) : null);
    if (accepted) push(regionUsers(b.regionCode), atX(ACCEPT_X), { kind: 'batch_accepted', title: `省厅已接收第 1 批需求信息（${b.stories.length} 份）`, link: '/campaigns' }, null);
  }

  // The deadline job (completeness.service runDeadlineReminders), run every morning at 08:00.
  const storyOf = new Map(stories.map((s) => [s.orgId, s]));
  const stateAt = (orgId: number, x: number): string => {
    const s = storyOf.get(orgId);
    if (!s || s.createX >= x) return 'not_started';
    let state: string = 'draft';
    for (const st of s.steps) if (st.x < x) state = st.to;
    return state;
  };
  /** When the organisation next leaves the open states after x (it submits), or null. */
  const leavesOpenAfter = (orgId: number, x: number) => storyOf.get(orgId)?.steps.find((st) => st.x >= x && !OPEN_STATES.includes(st.to))?.x ?? null;
  const overdueSent = new Set<number>();
  /** Per region, the escalations of each day: the bureau read all but the latest the next morning. */
  const escalations = new Map<string, { day: number; rows: { readAt: Date | null }[] }[]>();
  for (let day = 0; day <= Math.floor(END); day++) {
    const date = dateOfDay(day);
    const at = jobAt(day);
    const d = daysUntil(date, c.formsDue);
    const open = expected.filter((e) => OPEN_STATES.includes(stateAt(e.orgId, day)));
    const link = `/campaigns/${year}/my-form`;
    if (d >= 0 && (d === 0 || c.reminderDays.includes(d))) {
      for (const e of open) {
        push(
          orgUsers(e.orgId),
          at,
          { kind: 'deadline', title: d === 0 ? `今天是 ${year} 年度需求信息填报截止日` : `距 ${year} 年度需求信息填报截止还有 ${d} 天`, body: `请于 ${c.formsDue} 前完成并提交需求信息征集表。`, link, dedupeKey: `remind:${year}:${e.orgId}:d${d}` },
          readAt(day + 0.1),
        );
      }
    }
    if (d < 0) {
      const byRegion = new Map<string, number>();
      for (const e of open) {
        if (!overdueSent.has(e.orgId)) {
          overdueSent.add(e.orgId);
          push(orgUsers(e.orgId), at, { kind: 'overdue', title: `${year} 年度需求信息征集表已逾期`, body: `填报截止日期为 ${c.formsDue}，请尽快提交。`, link, dedupeKey: `overdue:${year}:${e.orgId}` }, readAt(leavesOpenAfter(e.orgId, day)));
        }
        byRegion.set(e.org.regionCode, (byRegion.get(e.org.regionCode) ?? 0) + 1);
      }
      for (const [code, n] of byRegion) {
        const rows = push(
          regionUsers(code),
          at,
          { kind: 'escalation', title: `${n} 家单位逾期未提交 ${year} 年度需求信息`, body: `填报截止日期 ${c.formsDue} 已过，请督促辖区单位提交。`, link: `/campaigns/${year}/completeness`, dedupeKey: `escalate:${year}:${code}:${date}` },
          null,
        );
        escalations.set(code, [...(escalations.get(code) ?? []), { day, rows }]);
      }
    }
    const rd = daysUntil(date, c.regionDue);
    if (rd >= 0 && (rd === 0 || c.reminderDays.includes(rd))) {
      for (const r of REGIONS) {
        push(
          regionUsers(r.code),
          at,
          { kind: 'deadline', title: rd === 0 ? `今天是 ${year} 年度报送省厅截止日` : `距 ${year} 年度报送省厅截止还有 ${rd} 天`, body: `请于 ${c.regionDue} 前审核辖区表单并报送省厅。`, link: `/campaigns/${year}/review`, dedupeKey: `region-remind:${year}:${r.code}:d${rd}` },
          readAt(day + 0.1),
        );
      }
    }
  }
  for (const list of escalations.values()) for (const e of list.slice(0, -1)) for (const r of e.rows) r.readAt = atX(e.day + 0.1);
  return out.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime() || a.order - b.order).map(({ order: _o, ...n }) => n);
}

/**
 * Removes what seedDemoCampaign wrote, for `npm run seed -- --reset`: run it in the reset's transaction before the
 * demo organisations and accounts are deleted (forms reference organisations). The campaign itself goes only if the
 * demo created it and nothing else refers to it.
 */
export async function deleteDemoCampaign(tx: DbOrTx) {
  const demoOrgs = tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true));
  const demoForms = (await tx.select({ id: forms.id }).from(forms).where(inArray(forms.orgId, demoOrgs))).map((f) => f.id);
  await tx.delete(notifications).where(inArray(notifications.userId, tx.select({ id: users.id }).from(users).where(eq(users.isDemo, true))));
  if (demoForms.length) {
    const ids = new Set(demoForms);
    const demoBatches = (await tx.select({ id: batches.id, formIds: batches.formIds }).from(batches)).filter((b) => b.formIds.length > 0 && b.formIds.every((f) => ids.has(f))).map((b) => b.id);
    for (let i = 0; i < demoForms.length; i += BATCH) {
      const part = demoForms.slice(i, i + BATCH);
      await tx.delete(formTransitions).where(inArray(formTransitions.formId, part));
      await tx.delete(formSnapshots).where(inArray(formSnapshots.formId, part));
      await tx.delete(forms).where(inArray(forms.id, part));
    }
    if (demoBatches.length) await tx.delete(batches).where(inArray(batches.id, demoBatches));
  }
  const [meta] = await tx.select().from(appMeta).where(eq(appMeta.key, META_KEY));
  const campaignId = (meta?.value as { campaignId?: number } | undefined)?.campaignId;
  if (campaignId != null) {
    // One after the other: a transaction is one connection.
    const used = [
      await tx.select({ n: count() }).from(forms).where(eq(forms.campaignId, campaignId)),
      await tx.select({ n: count() }).from(batches).where(eq(batches.campaignId, campaignId)),
      await tx.select({ n: count() }).from(importJobs).where(eq(importJobs.campaignId, campaignId)),
    ];
    if (used.every(([r]) => r.n === 0)) await tx.delete(campaigns).where(and(eq(campaigns.id, campaignId), eq(campaigns.year, CAMPAIGN_YEAR)));
  }
  await tx.delete(appMeta).where(eq(appMeta.key, META_KEY));
  return { forms: demoForms.length };
}
