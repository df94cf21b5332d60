import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INTENT_EXPIRY_DAYS } from '@cjrh/domain';
import { auditLog, intents } from '../../db/schema/index';
import { nowMs } from '../../lib/clock';
import { createTestApp, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { expireStale } from './intents.service';

// What the parties of an intent learn of each other, and when a silent intent lapses.
let t: TestApp;
const c: Record<string, string> = {};
const ids: Record<string, number> = {};
const SCHOOL_PHONE = '13812345678';
const FIRM_PHONE = '13987654321';

beforeAll(async () => {
  t = await createTestApp();
  ids.school = (
    await makeOrg(t, {
      type: 'school',
      regionCode: '420600',
      name: '襄阳意向测试技工学校',
      contactName: '张晓明',
      contactPhone: SCHOOL_PHONE,
    })
  ).id;
  ids.firm = (
    await makeOrg(t, {
      type: 'enterprise',
      regionCode: '420500',
      name: '宜昌意向测试化工有限公司',
      contactName: '李建国',
      contactPhone: FIRM_PHONE,
      isKey: true,
    })
  ).id;
  await makeUser(t, { username: 'it-school', role: 'school', regionCode: '420600', orgId: ids.school });
  await makeUser(t, { username: 'it-firm', role: 'enterprise', regionCode: '420500', orgId: ids.firm });
  await makeUser(t, { username: 'it-yc', role: 'region', regionCode: '420500' });
  for (const u of ['it-school', 'it-firm', 'it-yc']) c[u] = await login(t, u);
});
afterAll(() => t.close());
// Only one intent may wait between a pair: whatever a case leaves pending is taken back, so cases run in any order.
afterEach(async () => {
  await t.database.db.update(intents).set({ state: 'withdrawn' }).where(eq(intents.state, 'pending'));
});

type Party = { contactName: string; contactPhone: string; masked: boolean };
type Intent = { id: number; state: string; version: number; from: Party; to: Party; allowedActions: string[] };

const send = async () => {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/intents',
    headers: { cookie: c['it-school'] },
    payload: { toOrgId: ids.firm, cooperationType: '订单（定向）班', message: '希望合作开设订单班' },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as Intent;
};
const read = async (who: string, id: number) => {
  const r = await t.app.inject({ url: `/api/intents/${id}`, headers: { cookie: c[who] } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Intent;
};
const act = (who: string, i: Intent, action: string, reason?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/intents/${i.id}/actions`,
    headers: { cookie: c[who] },
    payload: { action, version: i.version, ...(reason ? { reason } : {}) },
  });

describe('contacts of an intent', () => {
  it('stay masked for the other party while the intent is pending, and open to both once accepted', async () => {
    const sent = await send();
    expect((sent as Intent & { warnings: string[] }).warnings).toEqual([]);
    const atFirm = await read('it-firm', sent.id);
    expect(atFirm.from).toMatchObject({ masked: true });
    expect(atFirm.from.contactPhone).not.toBe(SCHOOL_PHONE);
    expect(atFirm.from.contactName).not.toBe('张晓明');
    expect(atFirm.to).toMatchObject({ masked: false, contactPhone: FIRM_PHONE });
    const atSchool = await read('it-school', sent.id);
    expect(atSchool.to).toMatchObject({ masked: true });
    expect(atSchool.to.contactPhone).not.toBe(FIRM_PHONE);
    // The recipient's bureau is an official: it sees both.
    expect((await read('it-yc', sent.id)).from).toMatchObject({ masked: false, contactPhone: SCHOOL_PHONE });

    expect((await act('it-firm', atFirm, 'accept')).statusCode).toBe(200);
    expect((await read('it-firm', sent.id)).from).toMatchObject({
      masked: false,
      contactName: '张晓明',
      contactPhone: SCHOOL_PHONE,
    });
    expect((await read('it-school', sent.id)).to).toMatchObject({
      masked: false,
      contactName: '李建国',
      contactPhone: FIRM_PHONE,
    });
  });

  it('stay masked after a decline', async () => {
    const sent = await send();
    const r = await act('it-firm', await read('it-firm', sent.id), 'decline', '暂无该工种岗位');
    expect(r.statusCode, r.body).toBe(200);
    const atSchool = await read('it-school', sent.id);
    expect(atSchool.state).toBe('declined');
    expect(atSchool.to.masked).toBe(true);
    expect(atSchool.to.contactPhone).not.toBe(FIRM_PHONE);
  });
});

describe('a pending intent lapses after its days', () => {
  const age = async (id: number, days: number) => {
    await t.database.db
      .update(intents)
      .set({ createdAt: new Date(nowMs() - days * 86_400_000) })
      .where(eq(intents.id, id));
  };

  it('one day short of the limit is still pending and can be accepted', async () => {
    const sent = await send();
    await age(sent.id, INTENT_EXPIRY_DAYS - 1);
    const seen = await read('it-firm', sent.id);
    expect(seen.state).toBe('pending');
    expect(seen.allowedActions).toEqual(['accept', 'decline']);
    expect(await expireStale(t.database.db)).toBe(0);
    expect((await act('it-school', seen, 'withdraw')).statusCode).toBe(200);
  });

  it('past the limit reads as expired without writing, refuses acceptance, and the job records it once with an audit entry', async () => {
    const sent = await send();
    await age(sent.id, INTENT_EXPIRY_DAYS + 1);
    const seen = await read('it-firm', sent.id);
    expect(seen.state).toBe('expired');
    expect(seen.allowedActions).toEqual([]);
    // The read did not write: the row is still pending until the job runs.
    expect((await t.database.db.select().from(intents).where(eq(intents.id, sent.id)))[0].state).toBe('pending');
    const refused = await act('it-firm', seen, 'accept');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/[\u4e00-\u9fa5]/);

    expect(await expireStale(t.database.db)).toBe(1);
    expect((await t.database.db.select().from(intents).where(eq(intents.id, sent.id)))[0].state).toBe('expired');
    const entries = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'intent.expire'), eq(auditLog.entityId, String(sent.id))));
    expect(entries).toHaveLength(1);
    expect(await expireStale(t.database.db)).toBe(0);
  });
});

describe('personal data typed into an intent (issue 15)', () => {
  it('is saved, and the answer tells the author the other party reads it in full', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/intents',
      headers: { cookie: c['it-school'] },
      payload: { toOrgId: ids.firm, cooperationType: '学生实习实训基地', message: '请致电 13912345678 联系我校' },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().message).toBe('请致电 13912345678 联系我校');
    expect(r.json().warnings).toEqual([
      '对接说明 中含有手机号 139****5678，对方会看到完整内容（意向被接受后双方联系方式会自动交换）；如非必要请删除',
    ]);
    const m = await t.app.inject({
      method: 'POST',
      url: `/api/intents/${r.json().id}/messages`,
      headers: { cookie: c['it-school'] },
      payload: { body: '身份证 420106199001011234 的同学可来' },
    });
    expect(m.statusCode, m.body).toBe(201);
    expect(m.json().warnings).toEqual([
      '留言 中含有身份证号 420***********1234，对方会看到完整内容（意向被接受后双方联系方式会自动交换）；如非必要请删除',
    ]);
  });
});
