import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agreementNoA,
  createRound,
  o,
  ownRound,
  p,
  req,
  rubric,
  selectionStatus,
  setUp,
  t,
  year,
} from './selection.testkit';

// The round opened, projects nominated with their evidence, who sees which nomination, the old /api/demo/ addresses.
// setUp() makes the organisations, accounts, agreements and projects; each test takes a round of its own (only the
// nominating test nominates setUp's projects, whose evidence it checks; the others nominate new ones via ownRound).
beforeAll(async () => {
  await setUp();
});
afterAll(() => t.close());

describe('a demonstration round', () => {
  it('the province opens it; bad input gets Chinese messages; nobody else may', async () => {
    const bad = await req('prov', 'POST', '/api/selection/rounds', {
      year,
      title: '示范遴选',
      projectTypes: ['base'],
      rubric,
      quota: { base: 1, alliance: 2 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/名额中的类型“alliance”不在本轮遴选范围内/);
    expect(
      (
        await req('xy-b', 'POST', '/api/selection/rounds', {
          year,
          title: '示范遴选',
          projectTypes: ['base'],
          rubric,
          quota: { base: 1 },
        })
      ).statusCode,
    ).toBe(403);
    const r = await req('prov', 'POST', '/api/selection/rounds', {
      year,
      title: `${year} 年度示范性合作项目遴选`,
      projectTypes: ['base', 'specialty'],
      rubric,
      quota: { base: 1, specialty: 1 },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ status: 'nomination', allowedActions: ['assign_experts'] });
    const listed = (await req('xy-b', 'GET', '/api/selection/rounds')).json().items;
    expect(listed.find((x: { id: number }) => x.id === r.json().id).allowedActions).toEqual(['nominate']);
  });

  it('a region nominates its own project, with evidence pulled from tracked data', async () => {
    const round = { id: await createRound('推荐测试轮') };
    const other = await req('xy-b', 'POST', `/api/selection/rounds/${round.id}/nominations`, {
      projectId: p.C,
      statement: '跨地区推荐的测试理由文字',
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.message).toBe('项目不存在或不属于本地区，只能推荐本地区的项目');
    const wrongType = await req('xy-b', 'POST', `/api/selection/rounds/${round.id}/nominations`, {
      projectId: p.train,
      statement: '培训项目不在本轮遴选范围内',
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.message).toMatch(/本轮遴选只接受/);

    const r = await req('xy-b', 'POST', `/api/selection/rounds/${round.id}/nominations`, {
      projectId: p.A,
      statement: '校企一体共建生产性实训基地，成效显著。',
    });
    expect(r.statusCode, r.body).toBe(201);
    const ev = r.json().evidence;
    expect(ev.agreement).toMatchObject({ agreementNo: agreementNoA, status: 'active', keyProject: true });
    expect(ev.agreement.parties.map((x: { name: string }) => x.name).sort()).toEqual([o.schA.name, o.entA.name].sort());
    expect(ev.internships).toEqual({ cohorts: 1, students: 20, employedAfter: 12, employmentRate: 0.6 });
    expect(ev.reports).toMatchObject({
      accepted: 1,
      pending: 0,
      totals: { studentsHosted: 30, productiveOutputValue: 12.5 },
    });
    expect(ev.training).toMatchObject({ personTimes: 120, certificates: 30, reports: 1 });
    expect(ev.orderClasses).toEqual({ classes: 1, students: 40, hiringCommitment: 30 });
    expect(await selectionStatus(p.A)).toBe('nominated');

    const again = await req('xy-b', 'POST', `/api/selection/rounds/${round.id}/nominations`, {
      projectId: p.A,
      statement: '重复推荐同一个项目的理由',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_nominated');
  });

  it('each region sees only its own nominations; anonymous callers nothing', async () => {
    const { id, nom } = await ownRound();
    const ids = async (who: string) =>
      (await req(who, 'GET', `/api/selection/rounds/${id}`)).json().nominations.map((n: { id: number }) => n.id);
    expect(await ids('xy-b')).toEqual([nom.A, nom.B]);
    expect(await ids('wh-b')).toEqual([nom.C]);
    expect(await ids('prov')).toEqual([nom.A, nom.B, nom.C]);
    expect((await req(null, 'GET', `/api/selection/rounds/${id}`)).statusCode).toBe(401);
    expect((await req(null, 'GET', '/api/selection/rounds')).statusCode).toBe(401);
  });

  it('the addresses before the rename (/api/demo/…) answer as the same routes, marked deprecated', async () => {
    const { id, nom } = await ownRound();
    const now = await req('xy-b', 'GET', `/api/selection/rounds/${id}`);
    const old = await req('xy-b', 'GET', `/api/demo/rounds/${id}`);
    expect(old.statusCode).toBe(200);
    expect(old.json()).toEqual(now.json());
    expect(old.headers.deprecation).toBe('true');
    expect(now.headers.deprecation).toBeUndefined();
    // Same access rules: the other region's bureau may not see a nomination it does not own, under either address.
    expect(
      (await req('wh-b', 'GET', `/api/demo/rounds/${id}`)).json().nominations.map((n: { id: number }) => n.id),
    ).toEqual([nom.C]);
    expect((await req(null, 'GET', '/api/demo/rounds')).statusCode).toBe(401);
  });
});
