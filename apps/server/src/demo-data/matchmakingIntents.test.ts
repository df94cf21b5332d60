// The matchmaking stage's intents, examples and fairs (the catalogue and recommendations: matchmaking.test.ts).
import { describe, expect, it } from 'vitest';
import { and, asc, count, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import {
  eventMeetings,
  eventRegistrations,
  events,
  intentMessages,
  intents,
  notifications,
  orgs,
  recommendations,
  users,
} from '../db/schema/index';
import { useSeededDemo } from '../../test/seededDemo';
import { ONLINE_EVENT_TITLE, XIANGYANG_EVENT_TITLE } from './matchmaking';
import { nowMs } from '../lib/clock';

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
const beijingDate = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('demo intents and fairs', () => {
  it('has intents in every state, between organisations that recommend each other', async () => {
    const list = await demo.database.db.select().from(intents).orderBy(asc(intents.id));
    expect(list.length).toBeGreaterThanOrEqual(100);
    const share = (s: string) => list.filter((i) => i.state === s).length / list.length;
    expect(share('pending')).toBeGreaterThan(0.35);
    expect(share('accepted')).toBeGreaterThan(0.22);
    expect(share('declined')).toBeGreaterThan(0.1);
    expect(share('withdrawn')).toBeGreaterThan(0.02);
    expect(share('expired')).toBeGreaterThan(0.02);
    const rec = new Set(
      (await demo.database.db.select().from(recommendations)).map((r) => `${r.orgId}|${r.counterpartOrgId}`),
    );
    for (const i of list.filter((x) => x.source !== 'event'))
      expect(rec.has(`${i.fromOrgId}|${i.toOrgId}`) || rec.has(`${i.toOrgId}|${i.fromOrgId}`), `${i.id}`).toBe(true);
    expect(new Set(list.map((i) => [i.fromOrgId, i.toOrgId].sort().join('|'))).size).toBe(list.length);
    const types = new Map(
      (await demo.database.db.select({ id: orgs.id, type: orgs.type }).from(orgs)).map((o) => [o.id, o.type]),
    );
    expect(list.every((i) => types.get(i.fromOrgId) !== types.get(i.toOrgId))).toBe(true);
    // Pending ones are recent enough not to lapse on the first read; the decided ones carry their decision.
    const now = nowMs();
    for (const i of list) {
      if (i.state === 'pending') expect(now - i.createdAt.getTime()).toBeLessThan(25 * 86_400_000);
      else expect(i.decidedAt!.getTime()).toBeGreaterThan(i.createdAt.getTime());
      if (i.state === 'declined') expect(i.declineReason).toBeTruthy();
    }
    const messages = await demo.database.db.select().from(intentMessages).orderBy(asc(intentMessages.id));
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
    const ent = await orgOf(demo.database, 'enterprise-420600-01');
    const school = await orgOf(demo.database, 'school-420600-01');
    const received = await get('enterprise-420600-01', '/api/intents?box=received&state=pending&page=1&pageSize=20');
    expect(received.total).toBeGreaterThanOrEqual(1);
    const pending = received.items[0];
    expect(pending).toMatchObject({
      to: { orgId: ent, masked: false },
      from: { type: 'school', masked: true },
      allowedActions: ['accept', 'decline'],
    });
    const [unread] = await demo.database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(
            notifications.userId,
            (await demo.database.db.select().from(users).where(eq(users.username, 'enterprise-420600-01')))[0].id,
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
    const other = (await demo.database.db.select().from(users).where(eq(users.orgId, detail.to.orgId)))[0];
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
    const read = await demo.database.db
      .select({ createdAt: notifications.createdAt, readAt: notifications.readAt })
      .from(notifications);
    expect(read.filter((x) => x.readAt && x.readAt < x.createdAt)).toEqual([]);
    // Reading lapsed nothing: the pending ones are still pending.
    const [{ n }] = await demo.database.db.select({ n: count() }).from(intents).where(eq(intents.state, 'pending'));
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
      expect(regOrgs.has(await orgOf(demo.database, u)), u).toBe(true);
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
    expect(mine.items.length).toBe(3);
    const notes = await demo.database.db.select().from(notifications).where(eq(notifications.kind, 'meeting_booked'));
    expect(notes.some((n) => n.link === `/events/${fair.id}` && n.readAt === null)).toBe(true);
  });

  it('has a past provincial online fair with outcomes recorded', async () => {
    const [online] = await demo.database.db.select().from(events).where(eq(events.title, ONLINE_EVENT_TITLE));
    expect(online).toMatchObject({ organiserRole: 'province', regionCode: null, online: true, status: 'closed' });
    expect(beijingDate(online.startsAt)).toBe('2025-09-15');
    const regs = await demo.database.db
      .select()
      .from(eventRegistrations)
      .where(eq(eventRegistrations.eventId, online.id));
    expect(regs.length).toBeGreaterThanOrEqual(20);
    const meetings = await demo.database.db.select().from(eventMeetings).where(eq(eventMeetings.eventId, online.id));
    expect(meetings.length).toBeGreaterThanOrEqual(15);
    const outcomes = Object.fromEntries(
      (['intent', 'agreement_to_sign', 'no_deal'] as const).map((o) => [
        o,
        meetings.filter((m) => m.outcome === o).length,
      ]),
    );
    expect(outcomes).toEqual({ intent: 9, agreement_to_sign: 5, no_deal: 6 });
    for (const o of ['intent', 'agreement_to_sign', 'no_deal'] as const) {
      const withIt = meetings.filter((m) => m.outcome === o);
      expect(withIt.every((m) => m.outcomeNote.length > 5)).toBe(true);
    }
    const keys = meetings.flatMap((m) => [
      `${m.slotStart.getTime()}|${m.schoolOrgId}`,
      `${m.slotStart.getTime()}|${m.enterpriseOrgId}`,
    ]);
    expect(new Set(keys).size).toBe(keys.length);
    // Good meetings led to intents.
    expect((await demo.database.db.select().from(intents).where(eq(intents.source, 'event'))).length).toBe(12);
  });
});
