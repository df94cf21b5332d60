import { describe, expect, it } from 'vitest';
import { and, asc, count, eq, inArray, or } from 'drizzle-orm';
import { formTransition, REGIONS, type FormAction, type FormState, type Role } from '@cjrh/domain';
import type { Database } from '../db/client';
import {
  appMeta,
  batches,
  campaigns,
  eventMeetings,
  eventRegistrations,
  events,
  formSnapshots,
  formTransitions,
  forms,
  intentMessages,
  intents,
  notifications,
  orgs,
  publications,
  publishedItems,
  recommendations,
  users,
} from '../db/schema/index';
import { freshDatabase } from '../../test/db';
import { useSeededDemo } from '../../test/seededDemo';
import { seedDemo } from './demo';
import { UNDER_REVIEW_REGION, WITHDRAW_REASON } from './matchmaking';
import { deleteDemoRows } from './reset';
import { PROFILE_REASON } from '../modules/recommendations/profiles';
import { latestPublicationIds } from '../modules/catalogue/publish.service';

// A copy of the run's one seeded demo (test/seededDemo.ts). That two seeds give the same catalogue, recommendations,
// intents and meetings: src/demo-data/determinism.test.ts.
const demo = useSeededDemo(600_000);
const login = demo.login;
async function get(who: string | null, url: string) {
  const res = await demo.app.inject({ method: 'GET', url, headers: who ? { cookie: await login(who) } : {} });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
}
const orgOf = async (d: Database, username: string) =>
  (await d.db.select({ orgId: users.orgId }).from(users).where(eq(users.username, username)))[0].orgId!;
/** The versions the catalogue holds now: the latest of each year (2025's second, and 2026's first from yearTwoPublication.ts). */
const currentPublicationIds = (d: Database) => latestPublicationIds(d.db);
const beijingDate = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const demoOrgAccounts = () =>
  REGIONS.flatMap((r) => ['school', 'enterprise'].flatMap((k) => ['01', '02'].map((n) => `${k}-${r.code}-${n}`)));

describe('demo publication and matchmaking', () => {
  it('publishes the 2025 catalogue twice: version 1 stays as it was, the latest has more than 500 public lines', async () => {
    const [y2025] = await demo.database.db.select().from(campaigns).where(eq(campaigns.year, 2025));
    const pubs = await demo.database.db
      .select()
      .from(publications)
      .where(eq(publications.campaignId, y2025.id))
      .orderBy(asc(publications.version));
    expect(pubs.map((p) => p.version)).toEqual([1, 2]);
    expect(pubs.map((p) => beijingDate(p.publishedAt))).toEqual(['2025-08-20', '2025-09-05']);
    expect(pubs[0].note).toBe('2025 年度需求信息首次发布');
    for (const p of pubs) {
      const items = await demo.database.db.select().from(publishedItems).where(eq(publishedItems.publicationId, p.id));
      expect(items).toHaveLength(p.itemCount);
      expect(items.every((i) => beijingDate(i.publishedAt) === beijingDate(p.publishedAt))).toBe(true);
    }
    expect(pubs[1].itemCount).toBeGreaterThan(pubs[0].itemCount);
    const latest = pubs[1];
    const [{ n }] = await demo.database.db
      .select({ n: count() })
      .from(publishedItems)
      .where(and(eq(publishedItems.publicationId, latest.id), eq(publishedItems.status, 'public')));
    expect(n).toBeGreaterThan(500);
    // Withdrawals and confirmations made on version 1 carried over to version 2.
    const withdrawn = await demo.database.db
      .select()
      .from(publishedItems)
      .where(eq(publishedItems.status, 'withdrawn'));
    const v1 = withdrawn.filter((i) => i.publicationId === pubs[0].id);
    expect(v1.length).toBeGreaterThanOrEqual(2);
    expect(v1.length).toBeLessThanOrEqual(3);
    expect(withdrawn.every((i) => i.withdrawnReason === WITHDRAW_REASON && i.withdrawnAt)).toBe(true);
    expect(
      withdrawn
        .filter((i) => i.publicationId === latest.id)
        .map((i) => `${i.formId}|${i.rowKey}`)
        .sort(),
    ).toEqual(v1.map((i) => `${i.formId}|${i.rowKey}`).sort());
    const confirmed = await demo.database.db
      .select()
      .from(publishedItems)
      .where(eq(publishedItems.publicationId, latest.id));
    expect(confirmed.filter((i) => i.lastConfirmedAt).length).toBe(10);
    // Every region but 武汉 (whose first batch the province is still checking) is in the catalogue.
    const regions = new Set(confirmed.map((i) => i.regionCode));
    expect([...regions].sort()).toEqual(
      REGIONS.map((r) => r.code)
        .filter((c) => c !== UNDER_REVIEW_REGION)
        .sort(),
    );
    // The slow regions came with version 2 only.
    const v1Regions = new Set(
      (
        await demo.database.db
          .select({ r: publishedItems.regionCode })
          .from(publishedItems)
          .where(eq(publishedItems.publicationId, pubs[0].id))
      ).map((x) => x.r),
    );
    expect(
      REGIONS.filter((r) => !v1Regions.has(r.code) && r.code !== UNDER_REVIEW_REGION).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('accepts forms exactly as acceptBatch does: transitions, snapshots, versions, batches', async () => {
    const all = await demo.database.db.select().from(forms).orderBy(asc(forms.id));
    const trans = await demo.database.db.select().from(formTransitions).orderBy(asc(formTransitions.id));
    const snaps = new Map((await demo.database.db.select().from(formSnapshots)).map((s) => [s.id, s]));
    const batchList = await demo.database.db.select().from(batches);
    const [province] = await demo.database.db.select().from(users).where(eq(users.username, 'province'));
    const byForm = new Map<number, typeof trans>();
    for (const t of trans) byForm.set(t.formId, [...(byForm.get(t.formId) ?? []), t]);
    for (const f of all) {
      let state: FormState = 'draft';
      let lastAt = f.createdAt.getTime();
      const chain = byForm.get(f.id) ?? [];
      for (const t of chain) {
        expect(t.fromState).toBe(state);
        const r = formTransition(state, t.action as FormAction, t.actorRole as Role);
        expect(r.ok, `${f.id} ${state} ${t.action}`).toBe(true);
        expect(t.at.getTime()).toBeGreaterThan(lastAt);
        lastAt = t.at.getTime();
        if (t.action === 'submit_to_province') expect(t.snapshotId).toBeNull();
        else
          expect(snaps.get(t.snapshotId!)).toMatchObject({
            formId: f.id,
            formVersion: t.formVersion,
            state: t.fromState,
          });
        if (t.action === 'accept') {
          expect(t).toMatchObject({
            actorId: province.id,
            actorName: '省人社厅职业能力建设处（示例）',
            batchId: f.lastBatchId,
          });
          expect(batchList.find((x) => x.id === t.batchId)!.formIds).toContain(f.id);
        }
        state = t.toState as FormState;
      }
      expect(state).toBe(f.state);
      if (chain.length) expect(f.version).toBe(chain.at(-1)!.formVersion + 1);
      expect(f.updatedAt.getTime()).toBeGreaterThanOrEqual(lastAt);
    }
    const accepted = all.filter((f) => f.state === 'accepted');
    expect(accepted.length).toBeGreaterThan(200);
    // No form is left with the province except 武汉's, whose batch is still to accept.
    expect(all.filter((f) => f.state === 'with_province').every((f) => f.regionCode === UNDER_REVIEW_REGION)).toBe(
      true,
    );
    // (2026's acceptance is the year-two batch, yearTwo.test.ts.)
    const acceptedAt = trans.filter((t) => t.action === 'accept').map((t) => beijingDate(t.at));
    expect(
      acceptedAt
        .filter((d) => d > '2025-08-05' && d < '2026-01-01')
        .every((d) => (d >= '2025-08-11' && d <= '2025-08-15') || (d >= '2025-09-02' && d <= '2025-09-04')),
    ).toBe(true);
    // 武汉's demo accounts are where the collection demo put them; everyone else's form is accepted.
    const stateOf = async (u: string) =>
      (
        await demo.database.db
          .select({ s: forms.state })
          .from(forms)
          .where(eq(forms.orgId, await orgOf(demo.database, u)))
      )[0]?.s;
    expect(await stateOf('school-420100-01')).toBe('returned');
    expect(await stateOf('school-420100-02')).toBe('draft');
    expect(await stateOf('enterprise-420100-01')).toBe('submitted');
    expect(await stateOf('enterprise-420100-02')).toBe('region_approved');
    for (const u of demoOrgAccounts().filter((x) => !x.includes(UNDER_REVIEW_REGION)))
      expect(await stateOf(u), u).toBe('accepted');
    // The province still has 武汉's batch to accept — in 2026, where the year-two stage moved 武汉's open forms.
    const prov = await login('province');
    const res = await demo.app.inject({ url: '/api/campaigns/2026/batches', headers: { cookie: prov } });
    const sent = res.json().items.filter((x: { status: string }) => x.status === 'sent');
    expect(sent.map((x: { regionCode: string }) => x.regionCode)).toEqual([UNDER_REVIEW_REGION]);
  });

  it('finds lines through the public search API', async () => {
    const res = await get(null, `/api/catalogue?q=${encodeURIComponent('数控')}&page=1&pageSize=20`);
    expect(res.total).toBe(1);
    expect(res.items.length).toBe(1);
    expect(res.items.every((i: { contact: { masked: boolean } }) => i.contact.masked)).toBe(true);
  });

  it('gives every organisation with public lines recommendations, and every demo account through the API', async () => {
    const current = await currentPublicationIds(demo.database);
    const published = new Set(
      (
        await demo.database.db
          .selectDistinct({ id: publishedItems.orgId })
          .from(publishedItems)
          .where(and(inArray(publishedItems.publicationId, current), eq(publishedItems.status, 'public')))
      ).map((r) => r.id),
    );
    const ranked = new Set(
      (await demo.database.db.selectDistinct({ id: recommendations.orgId }).from(recommendations)).map((r) => r.id),
    );
    expect([...published].filter((id) => !ranked.has(id))).toEqual([]);
    // How many each demo account is shown (at most 20), in demoOrgAccounts() order: school -01, -02, enterprise
    // -01, -02 of each region.
    const shown: number[] = [];
    for (const u of demoOrgAccounts()) shown.push((await get(u, '/api/recommendations')).items.length);
    expect(shown).toEqual([
      20, 20, 12, 11, 18, 20, 20, 18, 20, 20, 20, 20, 20, 20, 1, 19, 20, 17, 20, 13, 20, 20, 14, 15, 20, 20, 20, 15, 20,
      20, 20, 20, 20, 20, 19, 5, 20, 19, 20, 19, 13, 20, 15, 15, 20, 20, 16, 17, 9, 18, 20, 18, 20, 20, 14, 5, 20, 20,
      20, 20, 20, 20, 5, 5, 20, 15, 19, 19,
    ]);
  });

  it('recommends to the 武汉 demo schools and enterprises from their records while their forms are under review, and them to nobody', async () => {
    const current = await currentPublicationIds(demo.database);
    const published = new Set(
      (
        await demo.database.db
          .selectDistinct({ id: publishedItems.orgId })
          .from(publishedItems)
          .where(and(inArray(publishedItems.publicationId, current), eq(publishedItems.status, 'public')))
      ).map((r) => r.id),
    );
    const shown: number[] = [];
    for (const u of demoOrgAccounts().filter((x) => x.includes(UNDER_REVIEW_REGION))) {
      const { items } = await get(u, '/api/recommendations');
      shown.push(items.length);
      // Only organisations whose demand is published, of the other kind, and the list says where it comes from.
      expect(
        items.every(
          (i: { orgId: number; orgType: string }) =>
            published.has(i.orgId) && i.orgType === (u.startsWith('school') ? 'enterprise' : 'school'),
        ),
        u,
      ).toBe(true);
      for (const i of items) {
        expect(i.reasons[0], u).toBe(PROFILE_REASON);
        expect(i.reasons.join('；'), u).not.toMatch(/合作方式|  /);
      }
      if (u.startsWith('school')) expect(items[0].reasons[1], u).toMatch(/ 专业(对口|相关) .+ 岗位/);
      else expect(items[0].reasons[1], u).toMatch(/ 专业相关（同属.+）$/);
    }
    expect(shown).toEqual([20, 20, 12, 11]);
    // Every school and key enterprise of the demo province has a list, record-based or from its published lines.
    const ranked = new Set(
      (await demo.database.db.selectDistinct({ id: recommendations.orgId }).from(recommendations)).map((r) => r.id),
    );
    const keyOrgs = await demo.database.db
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .where(or(eq(orgs.type, 'school'), eq(orgs.isKey, true)));
    expect(keyOrgs.filter((o) => !ranked.has(o.id)).map((o) => o.name)).toEqual([]);
    // Nobody is recommended an organisation whose demand is not published.
    const counterparts = (
      await demo.database.db.selectDistinct({ id: recommendations.counterpartOrgId }).from(recommendations)
    ).map((r) => r.id);
    expect(counterparts.filter((id) => !published.has(id))).toEqual([]);
  });

  // Two seeds at scale 0.3: over 180 s on a loaded 2-core machine (it timed out there twice), hence 400 s.
  it('is removed by the reset of `npm run seed -- --reset`, after which the seed runs again', async () => {
    const c = await freshDatabase();
    try {
      await seedDemo(c.db, { scale: 0.3, matchmaking: true });
      expect((await c.db.select({ n: count() }).from(publications))[0].n).toBe(3);
      // Ids move on after a reset; by name, the seed again writes the same story.
      const story = async () => {
        const name = new Map(
          (await c.db.select({ id: orgs.id, name: orgs.name }).from(orgs)).map((o) => [o.id, o.name]),
        );
        const its = (await c.db.select().from(intents))
          .map((i) => `${name.get(i.fromOrgId)}|${name.get(i.toOrgId)}|${i.state}|${i.message}`)
          .sort();
        const lines = (
          await c.db
            .select()
            .from(publishedItems)
            .where(inArray(publishedItems.publicationId, await currentPublicationIds(c)))
        )
          .map((i) => `${i.orgName}|${i.title}|${i.status}`)
          .sort();
        return { its, lines };
      };
      const before = await story();
      await deleteDemoRows(c.db);
      for (const t of [
        publications,
        publishedItems,
        recommendations,
        intents,
        intentMessages,
        events,
        eventRegistrations,
        eventMeetings,
        forms,
        formSnapshots,
        formTransitions,
        batches,
        notifications,
        campaigns,
        orgs,
        users,
      ]) {
        expect((await c.db.select({ n: count() }).from(t))[0].n).toBe(0);
      }
      expect(
        await c.db
          .select()
          .from(appMeta)
          .where(inArray(appMeta.key, ['demo', 'demo-campaign', 'demo-matchmaking'])),
      ).toEqual([]);
      await seedDemo(c.db, { scale: 0.3, matchmaking: true });
      expect((await c.db.select({ n: count() }).from(publications))[0].n).toBe(3);
      expect(await story()).toEqual(before);
    } finally {
      await c.close();
    }
  }, 400_000);
});
