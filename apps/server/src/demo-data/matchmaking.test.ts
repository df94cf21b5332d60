import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq, inArray, or } from 'drizzle-orm';
import { formTransition, REGIONS, type FormAction, type FormState, type Role } from '@cjrh/domain';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import type { Database } from '../db/client';
import { testEnv } from '../env';
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
import { DEMO_PASSWORD, seedDemo } from './demo';
import { ONLINE_EVENT_TITLE, UNDER_REVIEW_REGION, WITHDRAW_REASON, XIANGYANG_EVENT_TITLE } from './matchmaking';
import { deleteDemoRows } from './reset';
import { PROFILE_REASON } from '../modules/recommendations/profiles';
import { nowMs } from '../lib/clock';
import { latestPublicationIds } from '../modules/catalogue/publish.service';

// That two seeds give the same catalogue, recommendations, intents and meetings: src/demo-data/determinism.test.ts.
let a: Database;
let app: FastifyInstance;

beforeAll(async () => {
  a = await freshDatabase();
  await seedDemo(a.db, { matchmaking: true });
  app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', DEMO_DATA: true }), db: a });
  await app.ready();
}, 240_000);

afterAll(async () => {
  await app?.close();
  await a?.close();
});

const cookies = new Map<string, string>();
async function login(username: string) {
  if (cookies.has(username)) return cookies.get(username)!;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  const c = `cjrh_sid=${res.cookies.find((x) => x.name === 'cjrh_sid')!.value}`;
  cookies.set(username, c);
  return c;
}
async function get(who: string | null, url: string) {
  const res = await app.inject({ method: 'GET', url, headers: who ? { cookie: await login(who) } : {} });
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
    const [y2025] = await a.db.select().from(campaigns).where(eq(campaigns.year, 2025));
    const pubs = await a.db
      .select()
      .from(publications)
      .where(eq(publications.campaignId, y2025.id))
      .orderBy(asc(publications.version));
    expect(pubs.map((p) => p.version)).toEqual([1, 2]);
    expect(pubs.map((p) => beijingDate(p.publishedAt))).toEqual(['2025-08-20', '2025-09-05']);
    expect(pubs[0].note).toBe('2025 年度需求信息首次发布');
    for (const p of pubs) {
      const items = await a.db.select().from(publishedItems).where(eq(publishedItems.publicationId, p.id));
      expect(items).toHaveLength(p.itemCount);
      expect(items.every((i) => beijingDate(i.publishedAt) === beijingDate(p.publishedAt))).toBe(true);
    }
    expect(pubs[1].itemCount).toBeGreaterThan(pubs[0].itemCount);
    const latest = pubs[1];
    const [{ n }] = await a.db
      .select({ n: count() })
      .from(publishedItems)
      .where(and(eq(publishedItems.publicationId, latest.id), eq(publishedItems.status, 'public')));
    expect(n).toBeGreaterThan(500);
    // Withdrawals and confirmations made on version 1 carried over to version 2.
    const withdrawn = await a.db.select().from(publishedItems).where(eq(publishedItems.status, 'withdrawn'));
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
    const confirmed = await a.db.select().from(publishedItems).where(eq(publishedItems.publicationId, latest.id));
    expect(confirmed.filter((i) => i.lastConfirmedAt).length).toBeGreaterThan(0);
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
        await a.db
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
    const all = await a.db.select().from(forms).orderBy(asc(forms.id));
    const trans = await a.db.select().from(formTransitions).orderBy(asc(formTransitions.id));
    const snaps = new Map((await a.db.select().from(formSnapshots)).map((s) => [s.id, s]));
    const batchList = await a.db.select().from(batches);
    const [province] = await a.db.select().from(users).where(eq(users.username, 'province'));
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
        await a.db
          .select({ s: forms.state })
          .from(forms)
          .where(eq(forms.orgId, await orgOf(a, u)))
      )[0]?.s;
    expect(await stateOf('school-420100-01')).toBe('returned');
    expect(await stateOf('school-420100-02')).toBe('draft');
    expect(await stateOf('enterprise-420100-01')).toBe('submitted');
    expect(await stateOf('enterprise-420100-02')).toBe('region_approved');
    for (const u of demoOrgAccounts().filter((x) => !x.includes(UNDER_REVIEW_REGION)))
      expect(await stateOf(u), u).toBe('accepted');
    // The province still has 武汉's batch to accept — in 2026, where the year-two stage moved 武汉's open forms.
    const prov = await login('province');
    const res = await app.inject({ url: '/api/campaigns/2026/batches', headers: { cookie: prov } });
    const sent = res.json().items.filter((x: { status: string }) => x.status === 'sent');
    expect(sent.map((x: { regionCode: string }) => x.regionCode)).toEqual([UNDER_REVIEW_REGION]);
  });

  it('finds lines through the public search API', async () => {
    const res = await get(null, `/api/catalogue?q=${encodeURIComponent('数控')}&page=1&pageSize=20`);
    expect(res.total).toBeGreaterThan(0);
    expect(res.items.length).toBeGreaterThan(0);
    expect(res.items.every((i: { contact: { masked: boolean } }) => i.contact.masked)).toBe(true);
  });

  it('gives every organisation with public lines recommendations, and every demo account through the API', async () => {
    const current = await currentPublicationIds(a);
    const published = new Set(
      (
        await a.db
          .selectDistinct({ id: publishedItems.orgId })
          .from(publishedItems)
          .where(and(inArray(publishedItems.publicationId, current), eq(publishedItems.status, 'public')))
      ).map((r) => r.id),
    );
    const ranked = new Set(
      (await a.db.selectDistinct({ id: recommendations.orgId }).from(recommendations)).map((r) => r.id),
    );
    expect([...published].filter((id) => !ranked.has(id))).toEqual([]);
    for (const u of demoOrgAccounts()) {
      const { items } = await get(u, '/api/recommendations');
      expect(items.length, u).toBeGreaterThan(0);
    }
  });

  it('recommends to the 武汉 demo schools and enterprises from their records while their forms are under review, and them to nobody', async () => {
    const current = await currentPublicationIds(a);
    const published = new Set(
      (
        await a.db
          .selectDistinct({ id: publishedItems.orgId })
          .from(publishedItems)
          .where(and(inArray(publishedItems.publicationId, current), eq(publishedItems.status, 'public')))
      ).map((r) => r.id),
    );
    for (const u of demoOrgAccounts().filter((x) => x.includes(UNDER_REVIEW_REGION))) {
      const { items } = await get(u, '/api/recommendations');
      expect(items.length, u).toBeGreaterThan(0);
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
    // Every school and key enterprise of the demo province has a list, record-based or from its published lines.
    const ranked = new Set(
      (await a.db.selectDistinct({ id: recommendations.orgId }).from(recommendations)).map((r) => r.id),
    );
    const keyOrgs = await a.db
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .where(or(eq(orgs.type, 'school'), eq(orgs.isKey, true)));
    expect(keyOrgs.filter((o) => !ranked.has(o.id)).map((o) => o.name)).toEqual([]);
    // Nobody is recommended an organisation whose demand is not published.
    const counterparts = (
      await a.db.selectDistinct({ id: recommendations.counterpartOrgId }).from(recommendations)
    ).map((r) => r.id);
    expect(counterparts.filter((id) => !published.has(id))).toEqual([]);
  });

  it('has intents in every state, between organisations that recommend each other', async () => {
    const list = await a.db.select().from(intents).orderBy(asc(intents.id));
    expect(list.length).toBeGreaterThanOrEqual(100);
    const share = (s: string) => list.filter((i) => i.state === s).length / list.length;
    expect(share('pending')).toBeGreaterThan(0.35);
    expect(share('accepted')).toBeGreaterThan(0.22);
    expect(share('declined')).toBeGreaterThan(0.1);
    expect(share('withdrawn')).toBeGreaterThan(0.02);
    expect(share('expired')).toBeGreaterThan(0.02);
    const rec = new Set((await a.db.select().from(recommendations)).map((r) => `${r.orgId}|${r.counterpartOrgId}`));
    for (const i of list.filter((x) => x.source !== 'event'))
      expect(rec.has(`${i.fromOrgId}|${i.toOrgId}`) || rec.has(`${i.toOrgId}|${i.fromOrgId}`), `${i.id}`).toBe(true);
    expect(new Set(list.map((i) => [i.fromOrgId, i.toOrgId].sort().join('|'))).size).toBe(list.length);
    const types = new Map((await a.db.select({ id: orgs.id, type: orgs.type }).from(orgs)).map((o) => [o.id, o.type]));
    expect(list.every((i) => types.get(i.fromOrgId) !== types.get(i.toOrgId))).toBe(true);
    // Pending ones are recent enough not to lapse on the first read; the decided ones carry their decision.
    const now = nowMs();
    for (const i of list) {
      if (i.state === 'pending') expect(now - i.createdAt.getTime()).toBeLessThan(25 * 86_400_000);
      else expect(i.decidedAt!.getTime()).toBeGreaterThan(i.createdAt.getTime());
      if (i.state === 'declined') expect(i.declineReason).toBeTruthy();
    }
    const messages = await a.db.select().from(intentMessages).orderBy(asc(intentMessages.id));
    const of = (id: number) => messages.filter((m) => m.intentId === id);
    for (const i of list) {
      const m = of(i.id);
      expect(m[0]).toMatchObject({ kind: 'event', body: `发起对接：${i.cooperationType}`, authorOrgId: i.fromOrgId });
      if (i.state === 'accepted') {
        expect(m[1]).toMatchObject({ kind: 'event', body: '接受', authorOrgId: i.toOrgId });
        expect(m.filter((x) => x.kind === 'message').length).toBeGreaterThanOrEqual(1);
      }
      if (i.state === 'declined')
        expect(m[1]).toMatchObject({ kind: 'event', body: `婉拒：${i.declineReason}`, authorOrgId: i.toOrgId });
      if (i.state === 'withdrawn')
        expect(m[1]).toMatchObject({ kind: 'event', body: '撤回', authorOrgId: i.fromOrgId });
      for (const x of m) expect(x.createdAt.getTime()).toBeGreaterThanOrEqual(i.createdAt.getTime());
    }
  });

  it('gives the 襄阳 demo accounts their examples, with contacts unlocked by acceptance', async () => {
    const ent = await orgOf(a, 'enterprise-420600-01');
    const school = await orgOf(a, 'school-420600-01');
    const received = await get('enterprise-420600-01', '/api/intents?box=received&state=pending&page=1&pageSize=20');
    expect(received.total).toBeGreaterThanOrEqual(1);
    const pending = received.items[0];
    expect(pending).toMatchObject({
      to: { orgId: ent, masked: false },
      from: { type: 'school', masked: true },
      allowedActions: ['accept', 'decline'],
    });
    const [unread] = await a.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(
            notifications.userId,
            (await a.db.select().from(users).where(eq(users.username, 'enterprise-420600-01')))[0].id,
          ),
          eq(notifications.link, `/intents/${pending.id}`),
        ),
      );
    expect(unread).toMatchObject({ kind: 'intent_received', readAt: null });
    expect(unread.title).toBe(`${pending.from.name} 向贵单位发起合作对接（${pending.cooperationType}）`);

    const mine = await get('school-420600-01', '/api/intents?page=1&pageSize=50');
    const accepted = mine.items.find(
      (i: { state: string; from: { orgId: number } }) => i.state === 'accepted' && i.from.orgId === school,
    );
    expect(accepted).toBeDefined();
    expect(mine.items.some((i: { state: string }) => i.state === 'declined')).toBe(true);
    const detail = await get('school-420600-01', `/api/intents/${accepted.id}`);
    expect(detail.to.masked).toBe(false);
    expect(detail.to.contactPhone).toMatch(/^1\d{10}$/);
    // The other side sees the school's contact too; a pending intent keeps the counterpart masked.
    const other = (await a.db.select().from(users).where(eq(users.orgId, detail.to.orgId)))[0];
    if (other) expect((await get(other.username, `/api/intents/${accepted.id}`)).from.masked).toBe(false);
    expect((await get('enterprise-420600-01', `/api/intents/${pending.id}`)).from.masked).toBe(true);
    const thread = await get('school-420600-01', `/api/intents/${accepted.id}/messages`);
    expect(thread.items.map((m: { kind: string }) => m.kind)).toContain('message');

    const region = await get('region-420600', '/api/intents?page=1&pageSize=100');
    expect(region.total).toBeGreaterThan(5);
    expect(
      region.items.every(
        (i: { from: { regionCode: string }; to: { regionCode: string } }) =>
          i.from.regionCode === '420600' || i.to.regionCode === '420600',
      ),
    ).toBe(true);
    // Nobody read a notice before it was sent.
    const read = await a.db
      .select({ createdAt: notifications.createdAt, readAt: notifications.readAt })
      .from(notifications);
    expect(read.filter((x) => x.readAt && x.readAt < x.createdAt)).toEqual([]);
    // Reading lapsed nothing: the pending ones are still pending.
    const [{ n }] = await a.db.select({ n: count() }).from(intents).where(eq(intents.state, 'pending'));
    expect(n).toBeGreaterThan(40);
  });

  it('has 襄阳 fair two weeks ahead with registrations and meetings, nobody booked twice in a slot', async () => {
    const list = (await get(null, '/api/events')).items;
    const fair = list.find((e: { title: string }) => e.title === XIANGYANG_EVENT_TITLE);
    expect(fair).toMatchObject({
      regionCode: '420600',
      capacity: 60,
      slotMinutes: 20,
      place: '襄阳市示例会展中心 A 馆',
      status: 'open',
      online: false,
      campaignYear: 2025,
    });
    const starts = new Date(fair.startsAt);
    const days = (starts.getTime() - nowMs()) / 86_400_000;
    expect(days).toBeGreaterThan(12);
    expect(days).toBeLessThan(15);
    expect(new Date(starts.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)).toBe('09:00');
    expect(new Date(fair.endsAt).getTime() - starts.getTime()).toBe(3 * 3_600_000);
    expect(fair.registered).toBeGreaterThanOrEqual(25);
    expect(fair.meetings).toBeGreaterThanOrEqual(15);
    const regs = await get('region-420600', `/api/events/${fair.id}/registrations`);
    const regOrgs = new Set(regs.items.map((r: { orgId: number }) => r.orgId));
    for (const u of ['school-420600-01', 'enterprise-420600-01', 'enterprise-420600-02'])
      expect(regOrgs.has(await orgOf(a, u)), u).toBe(true);
    expect(regs.items.every((r: { regionCode: string }) => r.regionCode === '420600')).toBe(true);
    const { items, slots } = await get('region-420600', `/api/events/${fair.id}/meetings`);
    expect(slots).toHaveLength(9);
    for (const m of items) {
      expect(slots).toContain(m.slotStart);
      expect(regOrgs.has(m.schoolOrgId) && regOrgs.has(m.enterpriseOrgId)).toBe(true);
    }
    const seen = new Set<string>();
    for (const m of items) {
      for (const org of [m.schoolOrgId, m.enterpriseOrgId]) {
        expect(seen.has(`${m.slotStart}|${org}`)).toBe(false);
        seen.add(`${m.slotStart}|${org}`);
      }
    }
    // A party sees its own bookings, and was told about the ones others made.
    const mine = await get('school-420600-01', `/api/events/${fair.id}/meetings`);
    expect(mine.items.length).toBeGreaterThan(0);
    const notes = await a.db.select().from(notifications).where(eq(notifications.kind, 'meeting_booked'));
    expect(notes.some((n) => n.link === `/events/${fair.id}` && n.readAt === null)).toBe(true);
  });

  it('has a past provincial online fair with outcomes recorded', async () => {
    const [online] = await a.db.select().from(events).where(eq(events.title, ONLINE_EVENT_TITLE));
    expect(online).toMatchObject({ organiserRole: 'province', regionCode: null, online: true, status: 'closed' });
    expect(beijingDate(online.startsAt)).toBe('2025-09-15');
    const regs = await a.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, online.id));
    expect(regs.length).toBeGreaterThanOrEqual(20);
    const meetings = await a.db.select().from(eventMeetings).where(eq(eventMeetings.eventId, online.id));
    expect(meetings.length).toBeGreaterThanOrEqual(15);
    for (const o of ['intent', 'agreement_to_sign', 'no_deal'] as const) {
      const withIt = meetings.filter((m) => m.outcome === o);
      expect(withIt.length, o).toBeGreaterThan(0);
      expect(withIt.every((m) => m.outcomeNote.length > 5)).toBe(true);
    }
    const keys = meetings.flatMap((m) => [
      `${m.slotStart.getTime()}|${m.schoolOrgId}`,
      `${m.slotStart.getTime()}|${m.enterpriseOrgId}`,
    ]);
    expect(new Set(keys).size).toBe(keys.length);
    // Good meetings led to intents.
    expect((await a.db.select().from(intents).where(eq(intents.source, 'event'))).length).toBeGreaterThan(0);
  });

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
  }, 180_000);
});
