import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import {
  formDefinitionByVersion,
  formTransition,
  normalizeForm,
  REGIONS,
  validateForm,
  type FormAction,
  type FormData,
  type FormState,
  type Role,
} from '@cjrh/domain';
import type { Database } from '../db/client';
import { runDeadlineReminders } from '../modules/forms/completeness.service';
import { loadCodeLists } from '../modules/forms/forms.repository';
import {
  appMeta,
  batches,
  campaignQuotas,
  campaigns,
  formSnapshots,
  formTransitions,
  forms,
  notifications,
  orgs,
  schoolSpecialties,
  sessions,
  users,
} from '../db/schema/index';
import { freshDatabase } from '../../test/db';
import { ACCEPTED_REGION, deleteDemoCampaign } from './campaign';
import { seedDemo } from './demo';

let a: Database;
let b: Database;

beforeAll(async () => {
  [a, b] = await Promise.all([freshDatabase(), freshDatabase()]);
  await seedDemo(a.db, {});
  await seedDemo(b.db, {});
}, 300_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

const allForms = (d: Database) => d.db.select().from(forms).orderBy(asc(forms.id));
const userId = async (d: Database, username: string) =>
  (await d.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0].id;
const formOfAccount = async (d: Database, username: string) => {
  const [u] = await d.db.select().from(users).where(eq(users.username, username));
  return (await d.db.select().from(forms).where(eq(forms.orgId, u.orgId!)))[0];
};

describe('demo campaign 2025', () => {
  it('is open with the default deadlines, targets and quotas that add up', async () => {
    const [c] = await a.db.select().from(campaigns).where(eq(campaigns.year, 2025));
    expect(c).toMatchObject({
      status: 'open',
      formsDue: '2025-07-20',
      regionDue: '2025-07-31',
      publishAt: '2025-08-31',
      yearEnd: '2025-12-31',
      formVersions: { school: '2025.1', enterprise: '2025.1' },
    });
    expect(c.provinceProjectTotal).toBe(500);
    expect(c.provinceKeyEnterpriseTotal).toBe(600);
    expect(c.targets.find((t) => t.id === 'key_enterprises_2025')?.value).toBe(600);
    const quotas = await a.db.select().from(campaignQuotas).where(eq(campaignQuotas.campaignId, c.id));
    expect(quotas).toHaveLength(17);
    expect(new Set(quotas.map((q) => q.regionCode))).toEqual(new Set(REGIONS.map((r) => r.code)));
    expect(quotas.reduce((s, q) => s + q.projectQuota, 0)).toBe(500);
    expect(quotas.reduce((s, q) => s + q.keyEnterpriseQuota, 0)).toBe(600);
    // Wuhan has the most schools and key enterprises, so the largest share.
    const wuhan = quotas.find((q) => q.regionCode === '420100')!;
    for (const q of quotas) {
      expect(q.projectQuota).toBeLessThanOrEqual(wuhan.projectQuota);
      expect(q.keyEnterpriseQuota).toBeLessThanOrEqual(wuhan.keyEnterpriseQuota);
    }
  });

  it('has forms for about 90% of the expected organisations, in the intended mix', async () => {
    const all = await allForms(a);
    const expected = (await a.db.select().from(orgs)).filter(
      (o) => (o.type === 'school' && o.runsProgrammes) || (o.type === 'enterprise' && o.isKey),
    );
    const filed = new Set(all.map((f) => f.orgId));
    const notStarted = expected.filter((o) => !filed.has(o.id));
    expect(all.every((f) => expected.some((o) => o.id === f.orgId))).toBe(true);
    expect(notStarted.length / expected.length).toBeGreaterThan(0.07);
    expect(notStarted.length / expected.length).toBeLessThan(0.13);
    const share = (s: FormState) => all.filter((f) => f.state === s).length / all.length;
    const ranges: Record<FormState, [number, number]> = {
      draft: [0.08, 0.12],
      submitted: [0.13, 0.17],
      returned: [0.06, 0.1],
      region_approved: [0.32, 0.4],
      with_province: [0.17, 0.24],
      accepted: [0.06, 0.12],
    };
    for (const [s, [lo, hi]] of Object.entries(ranges)) {
      expect(share(s as FormState), s).toBeGreaterThanOrEqual(lo);
      expect(share(s as FormState), s).toBeLessThanOrEqual(hi);
    }
    // Every region is behind somewhere: each has an organisation not started, in draft or returned.
    const openByRegion: number[] = [];
    for (const r of REGIONS.filter((x) => x.code !== ACCEPTED_REGION)) {
      const open = expected.filter(
        (o) =>
          o.regionCode === r.code &&
          (!filed.has(o.id) || ['draft', 'returned'].includes(all.find((f) => f.orgId === o.id)!.state)),
      );
      openByRegion.push(open.length);
    }
    // Forms still open (not filed, draft or returned) in every region but 襄阳, in REGIONS order.
    expect(openByRegion).toEqual([59, 15, 11, 21, 6, 12, 14, 16, 14, 13, 8, 13, 3, 3, 1, 4]);
  });

  it('stores data exactly as the services would: normalised, prefilled from the organisation, valid once submitted', async () => {
    const lists = await loadCodeLists(a.db);
    const orgById = new Map((await a.db.select().from(orgs)).map((o) => [o.id, o]));
    const specs = await a.db.select().from(schoolSpecialties);
    for (const f of await allForms(a)) {
      const def = formDefinitionByVersion(f.kind, f.formVersion)!;
      const data = f.data as FormData;
      expect(normalizeForm(def, data, lists).data).toEqual(data);
      expect(f.rowCount).toBe(data.rows.length);
      expect(data.rows.length).toBeGreaterThanOrEqual(1);
      expect(data.rows.length).toBeLessThanOrEqual(6);
      expect(validateForm(def, data, lists)).toEqual([]);
      const org = orgById.get(f.orgId)!;
      expect(data.org.regionCode).toBe(org.regionCode);
      expect(data.org.uscc).toBe(org.uscc);
      expect(data.org.contactPhone).toBe(org.contactPhone);
      if (f.kind === 'school') {
        expect(data.org.schoolName).toBe(org.name);
        const mine = new Map(specs.filter((s) => s.orgId === f.orgId).map((s) => [s.specialtyCode, s]));
        for (const r of data.rows) {
          const spec = mine.get(r.values.specialtyCode as string);
          expect(spec, `${org.name} ${r.key}`).toBeDefined();
          expect(r.values.specialtyEnrolment).toBe(spec!.enrolment);
          const grads = ['graduatesMidLevel', 'graduatesHighLevel', 'graduatesTechnician'].reduce(
            (s, k) => s + ((r.values[k] as number | null) ?? 0),
            0,
          );
          expect(grads).toBeLessThanOrEqual(spec!.enrolment);
          if (r.values.availableFrom)
            expect(r.values.availableFrom >= '2025-09-01' && r.values.availableFrom <= '2026-03-31').toBe(true);
        }
      } else {
        expect(data.org.enterpriseName).toBe(org.name);
        expect(data.org.industryChain).toEqual(org.industryCodes);
        for (const r of data.rows) {
          expect(r.values.headcount as number).toBeGreaterThanOrEqual(2);
          expect(r.values.headcount as number).toBeLessThanOrEqual(40);
        }
      }
    }
  });

  it("has the whole of 襄阳's forms accepted in one batch", async () => {
    const xy = (await allForms(a)).filter((f) => f.regionCode === ACCEPTED_REGION);
    expect(xy.length).toBe(67);
    expect(xy.every((f) => f.state === 'accepted')).toBe(true);
    const mine = await a.db.select().from(batches).where(eq(batches.regionCode, ACCEPTED_REGION));
    expect(mine).toHaveLength(1);
    expect(mine[0].seq).toBe(1);
    expect([...mine[0].formIds].sort((x, y) => x - y)).toEqual(xy.map((f) => f.id));
    expect(mine[0].submittedBy).toBe(await userId(a, `region-${ACCEPTED_REGION}`));
    expect(xy.every((f) => f.lastBatchId === mine[0].id)).toBe(true);
  });

  it('puts every with_province form in its region batch, and only those', async () => {
    const all = await allForms(a);
    const list = await a.db.select().from(batches);
    for (const batch of list) {
      const inBatch = all.filter((f) => batch.formIds.includes(f.id));
      expect(inBatch.every((f) => f.regionCode === batch.regionCode && f.lastBatchId === batch.id)).toBe(true);
      expect(inBatch.every((f) => ['with_province', 'accepted'].includes(f.state))).toBe(true);
    }
    const batched = new Set(list.flatMap((x) => x.formIds));
    expect(all.filter((f) => ['with_province', 'accepted'].includes(f.state)).every((f) => batched.has(f.id))).toBe(
      true,
    );
    expect(
      all.filter((f) => !['with_province', 'accepted'].includes(f.state)).every((f) => f.lastBatchId === null),
    ).toBe(true);
  });

  it('gives every returned form reasons that point at real fields and rows, and the snapshot they apply to', async () => {
    const returned = (await allForms(a)).filter((f) => f.state === 'returned');
    expect(returned.length).toBe(59);
    for (const f of returned) {
      const data = f.data as FormData;
      expect(f.returnReasons.length).toBeGreaterThanOrEqual(1);
      expect(f.returnReasons.length).toBeLessThanOrEqual(2);
      for (const r of f.returnReasons) {
        if (r.rowKey) {
          const row = data.rows.find((x) => x.key === r.rowKey);
          expect(row, r.rowKey).toBeDefined();
          if (r.fieldKey) expect(Object.keys(row!.values)).toContain(r.fieldKey);
        } else expect(Object.keys(data.org)).toContain(r.fieldKey);
      }
      const [snap] = await a.db.select().from(formSnapshots).where(eq(formSnapshots.id, f.returnedSnapshotId!));
      expect(snap).toMatchObject({ formId: f.id, state: 'submitted', formVersion: f.version - 1 });
    }
  });

  it('records every form as a legal path of transitions, with snapshots and versions as the services write them', async () => {
    const all = await allForms(a);
    const trans = await a.db.select().from(formTransitions).orderBy(asc(formTransitions.id));
    const snaps = new Map((await a.db.select().from(formSnapshots)).map((s) => [s.id, s]));
    const byForm = new Map<number, typeof trans>();
    for (const t of trans) byForm.set(t.formId, [...(byForm.get(t.formId) ?? []), t]);
    const accountById = new Map((await a.db.select().from(users)).map((u) => [u.id, u]));
    for (const f of all) {
      const chain = byForm.get(f.id) ?? [];
      let state: FormState = 'draft';
      let lastAt = f.createdAt.getTime();
      for (const t of chain) {
        expect(t.fromState).toBe(state);
        const r = formTransition(state, t.action as FormAction, t.actorRole as Role);
        expect(r.ok, `${f.id} ${state} ${t.action} ${t.actorRole}`).toBe(true);
        if (r.ok) expect(t.toState).toBe(r.to);
        expect(t.at.getTime()).toBeGreaterThan(lastAt);
        lastAt = t.at.getTime();
        // The 流转记录 shows who acted by display name, as the services record it (displayName || username).
        if (t.actorId != null) expect(t.actorName).toBe(accountById.get(t.actorId)?.displayName);
        if (t.action === 'submit_to_province' || t.action === 'accept') expect(t.batchId).toBe(f.lastBatchId);
        if (t.action === 'submit_to_province') expect(t.snapshotId).toBeNull();
        else {
          const s = snaps.get(t.snapshotId!)!;
          expect(s).toMatchObject({ formId: f.id, formVersion: t.formVersion, state: t.fromState });
          expect(s.data).toEqual(f.data);
        }
        state = t.toState as FormState;
      }
      expect(state).toBe(f.state);
      if (chain.length) expect(f.version).toBe(chain[chain.length - 1].formVersion + 1);
      expect(f.updatedAt.getTime()).toBeGreaterThanOrEqual(lastAt);
      expect(f.createdAt.toISOString() >= '2025-07-03' && f.updatedAt.toISOString() <= '2025-08-06').toBe(true);
      if (f.state !== 'draft') expect(f.submittedAt).not.toBeNull();
      if (['returned', 'region_approved', 'with_province', 'accepted'].includes(f.state))
        expect(f.decidedAt).not.toBeNull();
    }
    const xiangyang = new Set(all.filter((f) => f.regionCode === ACCEPTED_REGION).map((f) => f.id));
    const names = (action: string) =>
      new Set(trans.filter((t) => xiangyang.has(t.formId) && t.action === action).map((t) => t.actorName));
    expect(names('approve')).toEqual(new Set(['襄阳市人社局（示例）']));
    expect(names('accept')).toEqual(new Set(['省人社厅职业能力建设处（示例）']));
  });

  it('gives the demo accounts a useful spread', async () => {
    const wh1 = await formOfAccount(a, 'school-420100-01');
    expect(wh1.state).toBe('returned');
    expect(wh1.returnReasons.some((r) => r.fieldKey)).toBe(true);
    expect((await formOfAccount(a, 'school-420100-02')).state).toBe('draft');
    expect((await formOfAccount(a, 'enterprise-420100-01')).state).toBe('submitted');
    for (const u of ['school-420600-01', 'school-420600-02', 'enterprise-420600-01', 'enterprise-420600-02'])
      expect((await formOfAccount(a, u)).state, u).toBe('accepted');
    const notStarted = [];
    for (const r of REGIONS)
      for (const u of [`school-${r.code}-01`, `enterprise-${r.code}-01`])
        if (!(await formOfAccount(a, u))) notStarted.push(u);
    expect(notStarted.length).toBeGreaterThanOrEqual(2);
  });

  it('has unread notifications for the demo accounts, deduplicated as the services would', async () => {
    const unread = async (username: string) =>
      a.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, await userId(a, username)), isNull(notifications.readAt)));
    const school = await unread('school-420100-01');
    const wh1 = await formOfAccount(a, 'school-420100-01');
    expect(school.find((n) => n.kind === 'form_returned')).toMatchObject({
      title: '2025 年度需求信息征集表被市州人社局退回',
      link: `/forms/${wh1.id}`,
    });
    expect(school.find((n) => n.kind === 'form_returned')!.body).toContain(wh1.returnReasons[0].text);
    const region = await unread('region-420100');
    expect(
      region.some((n) => n.kind === 'escalation' && /^\d+ 家单位逾期未提交 2025 年度需求信息$/.test(n.title)),
    ).toBe(true);
    expect((await unread('province')).filter((n) => n.kind === 'batch_submitted').length).toBe(13);
    const all = await a.db.select().from(notifications);
    expect(all.some((n) => n.readAt)).toBe(true);
    expect(all.filter((n) => n.kind === 'overdue').every((n) => /^overdue:2025:\d+:u\d+$/.test(n.dedupeKey!))).toBe(
      true,
    );
    expect(
      all
        .filter((n) => n.kind === 'escalation')
        .every((n) => /^escalate:2025:\d{6}:2025-\d\d-\d\d:u\d+$/.test(n.dedupeKey!)),
    ).toBe(true);
    expect(
      all.filter((n) => n.kind === 'form_submitted').every((n) => /^submitted:\d+:v\d+:u\d+$/.test(n.dedupeKey!)),
    ).toBe(true);
    // The not-started demo account has its overdue notice.
    const notStarted = [];
    for (const r of REGIONS)
      if (!(await formOfAccount(a, `school-${r.code}-01`))) notStarted.push(`school-${r.code}-01`);
    for (const u of notStarted)
      expect(
        (await unread(u)).some((n) => n.kind === 'overdue'),
        u,
      ).toBe(true);
  });

  it('is deterministic: two seeds give the same forms, states, transitions and notifications', async () => {
    const strip = <T extends object>(rows: T[]) => rows.map((r) => JSON.parse(JSON.stringify(r)));
    expect(strip(await allForms(a))).toEqual(strip(await allForms(b)));
    const tr = (d: Database) => d.db.select().from(formTransitions).orderBy(asc(formTransitions.id));
    expect(strip(await tr(a))).toEqual(strip(await tr(b)));
    const no = (d: Database) => d.db.select().from(notifications).orderBy(asc(notifications.id));
    expect(strip(await no(a))).toEqual(strip(await no(b)));
  });

  it("leaves the deadline job nothing to repeat: on the demo's last day it sends nothing, later only new escalations", async () => {
    expect(await runDeadlineReminders(b.db, '2025-08-05')).toBe(0);
    const before = (await b.db.select({ n: count() }).from(notifications))[0].n;
    const sent = await runDeadlineReminders(b.db, '2025-08-06');
    expect(sent).toBe(16);
    const added = await b.db.select().from(notifications).orderBy(asc(notifications.id)).offset(before);
    expect(added).toHaveLength(sent);
    expect(added.every((n) => n.kind === 'escalation' && n.dedupeKey!.includes(':2025-08-06:'))).toBe(true);
  });

  it('can be removed again so that --reset can seed anew', async () => {
    const c = await freshDatabase();
    try {
      await seedDemo(c.db, { scale: 0.2 });
      await c.db.transaction(async (tx) => {
        await deleteDemoCampaign(tx);
        // What cli.ts deleteDemoRows does afterwards.
        const demoUsers = tx.select({ id: users.id }).from(users).where(eq(users.isDemo, true));
        const demoOrgs = tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true));
        await tx.delete(sessions).where(inArray(sessions.userId, demoUsers));
        await tx.delete(users).where(eq(users.isDemo, true));
        await tx.delete(schoolSpecialties).where(inArray(schoolSpecialties.orgId, demoOrgs));
        await tx.delete(orgs).where(eq(orgs.isDemo, true));
        await tx.delete(appMeta).where(eq(appMeta.key, 'demo'));
      });
      for (const t of [forms, formSnapshots, formTransitions, batches, notifications, campaigns])
        expect((await c.db.select({ n: count() }).from(t))[0].n).toBe(0);
      await seedDemo(c.db, { scale: 0.3 });
      const [camp] = await c.db.select().from(campaigns);
      expect(camp.provinceProjectTotal).toBe(150);
      expect((await c.db.select({ n: count() }).from(forms))[0].n).toBe(226);
    } finally {
      await c.close();
    }
  }, 60_000);
});
