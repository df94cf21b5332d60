import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { idNumberCheckChar } from '@cjrh/domain';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { addDaysIso, thisYear, today } from '../../lib/clock';

// Notice 二(三): enterprise experts, 技能大师 and 能工巧匠 recruited into teaching posts and 工学一体化 teacher-training
// bases. The school records, the bureau of its 市州 reviews; only approved records count in the 教师队伍 figures.
let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};
let spec = '';
const idn = (first17: string) => first17 + idNumberCheckChar(first17);
const MASTER = idn('42060219700303005');

beforeAll(async () => {
  t = await createTestApp();
  id.A = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳引进测试技师学院' })).id;
  id.B = (await makeOrg(t, { type: 'school', regionCode: '420100', name: '武汉引进测试技工学校' })).id;
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'sa', role: 'school', regionCode: '420600', orgId: id.A });
  await makeUser(t, { username: 'sb', role: 'school', regionCode: '420100', orgId: id.B });
  for (const u of ['prov', 'xy', 'wh', 'sa', 'sb']) c[u] = await login(t, u);
  spec = (await exec(t, sql`select code from dict_entries where kind = 'specialty' and name = '数控加工'`)).rows[0]
    .code as string;
});
afterAll(() => t.close());

const call = (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: c[who] }, payload: payload as object });
const recruit = (over: object = {}) => ({
  name: '王大师',
  idNumber: MASTER,
  category: 'master',
  fromEnterprise: '襄阳示例重工集团',
  specialtyCode: spec,
  post: '数控实训指导教师',
  startOn: addDaysIso(today(), -30),
  evidence: '聘用合同',
  ...over,
});
const base = (over: object = {}) => ({
  name: '襄阳工学一体化教师培养培训基地',
  partnerEnterprise: '襄阳示例重工集团',
  specialtyArea: '数控加工、机电一体化',
  capacity: 120,
  establishedOn: addDaysIso(today(), -100),
  ...over,
});
const tables = async () =>
  JSON.stringify(
    (
      await exec(
        t,
        sql`select (select json_agg(r order by r.id) from teacher_recruits r) as r, (select json_agg(b order by b.id) from integrated_training_bases b) as b`,
      )
    ).rows,
  );
const figure = async (who: string) => (await call(who, 'GET', '/api/teacher-team/figures')).json();

describe('引进企业人才与工学一体化教师培养培训基地', () => {
  it('bad input: a clear Chinese 400 or 403, nothing stored', async () => {
    const before = await tables();
    const cases: [string, object, RegExp][] = [
      [
        '/api/teacher-recruits',
        recruit({ idNumber: MASTER.slice(0, 17) + (MASTER[17] === '0' ? '1' : '0') }),
        /身份证号码校验位不正确/,
      ],
      ['/api/teacher-recruits', recruit({ category: 'boss' }), /类别应为企业高层次专业技术人员、技能大师或能工巧匠/],
      ['/api/teacher-recruits', recruit({ startOn: addDaysIso(today(), 3) }), /到岗日期不能晚于今天/],
      ['/api/teacher-recruits', recruit({ fromEnterprise: ' ' }), /不能为空/],
      ['/api/integrated-bases', base({ capacity: 0 }), /年培训能力至少为 1 人/],
    ];
    for (const [url, body, msg] of cases) {
      const r = await call('sa', 'POST', url, body);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.body).toMatch(msg);
    }
    const bureau = await call('xy', 'POST', '/api/teacher-recruits', recruit());
    expect([bureau.statusCode, bureau.json().error.message]).toEqual([403, expect.stringMatching(/权限|技工院校/)]);
    expect(await tables()).toBe(before);
  });

  it('the school records; only its own bureau reviews; approved records count and are final', async () => {
    const r = await call('sa', 'POST', '/api/teacher-recruits', recruit());
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      name: '王大师',
      category: 'master',
      specialtyName: '数控加工',
      state: 'submitted',
      canEdit: true,
      canReview: false,
    });
    expect(JSON.stringify(r.json())).not.toContain(MASTER);
    const twice = await call('sa', 'POST', '/api/teacher-recruits', recruit({ name: '王大师二' }));
    expect([twice.statusCode, twice.json().error.message]).toEqual([
      409,
      '该身份证号码的引进人才已在本校名册中，请修改原记录',
    ]);
    const b = await call('sa', 'POST', '/api/integrated-bases', base());
    expect(b.statusCode, b.body).toBe(200);
    expect(await figure('sa')).toMatchObject({ recruits: 0, recruitsPending: 1, bases: 0, basesPending: 1 });

    // Another 市州's bureau does not even see it; a return needs a reason.
    expect(
      (await call('wh', 'POST', `/api/teacher-recruits/${r.json().id}/review`, { decision: 'approve', version: 1 }))
        .statusCode,
    ).toBe(404);
    expect((await call('wh', 'GET', '/api/teacher-recruits')).json().items).toEqual([]);
    const noReason = await call('xy', 'POST', `/api/integrated-bases/${b.json().id}/review`, {
      decision: 'return',
      reason: '',
      version: 1,
    });
    expect([noReason.statusCode, noReason.json().error.message]).toEqual([400, '退回须填写原因']);
    const listed = (await call('xy', 'GET', '/api/teacher-recruits')).json().items;
    expect(listed.map((x: { name: string; canReview: boolean }) => [x.name, x.canReview])).toEqual([['王大师', true]]);

    const ok = await call('xy', 'POST', `/api/teacher-recruits/${r.json().id}/review`, {
      decision: 'approve',
      version: 1,
    });
    expect(ok.json()).toMatchObject({ state: 'approved', canReview: false });
    const back = await call('xy', 'POST', `/api/integrated-bases/${b.json().id}/review`, {
      decision: 'return',
      reason: '请补充合作企业协议',
      version: 1,
    });
    expect(back.json()).toMatchObject({ state: 'returned', reviewReason: '请补充合作企业协议' });
    expect(await figure('xy')).toMatchObject({
      year: thisYear(),
      recruits: 1,
      recruitsPending: 0,
      bases: 0,
      baseCapacity: 0,
    });

    // Approved is final; the returned base is fixed by the school and goes back for review, then counts.
    const locked = await call('sa', 'PUT', `/api/teacher-recruits/${r.json().id}`, {
      ...recruit(),
      idNumber: undefined,
      version: ok.json().version,
    });
    expect([locked.statusCode, locked.json().error.message]).toEqual([409, '记录已审核通过，不能再修改']);
    const fixed = await call('sa', 'PUT', `/api/integrated-bases/${b.json().id}`, {
      ...base({ capacity: 150 }),
      version: back.json().version,
    });
    expect(fixed.json()).toMatchObject({ state: 'submitted', reviewReason: null, capacity: 150 });
    await call('prov', 'POST', `/api/integrated-bases/${b.json().id}/review`, {
      decision: 'approve',
      version: fixed.json().version,
    });
    expect(await figure('prov')).toMatchObject({ recruits: 1, bases: 1, baseCapacity: 150 });
    // Another school's figure is its own.
    expect(await figure('sb')).toMatchObject({ recruits: 0, bases: 0 });
  });
});
