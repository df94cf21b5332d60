import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { agreementParties, agreements, progressReports, projects } from '../../db/schema/index';

// Issue 13: 黄石 (420200) loses two projects. School S's region is corrected to 襄阳 (420600) by the province, so its
// project P and P's two submitted reports go to 襄阳's bureau; school T's project Q is moved by the province to an
// agreement of 襄阳. 黄石 still sees both agreements (their enterprises are in 黄石), so without the check it would be
// told about the agreement's state instead of where the project went.
let t: TestApp;
const c: Record<string, string> = {};
const id: Record<string, number> = {};
const bj = (day: string) => new Date(`${day}T10:00:00+08:00`);
const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: c[who] }, payload });
const versionOf = async (url: string) => (await call('prov', 'GET', url)).json().version as number;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  id.S = (await makeOrg(t, { type: 'school', regionCode: '420200', name: '黄石甲技校' })).id;
  id.T = (await makeOrg(t, { type: 'school', regionCode: '420200', name: '黄石乙技校' })).id;
  id.E = (await makeOrg(t, { type: 'enterprise', regionCode: '420200', name: '黄石企业' })).id;
  id.XE = (await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳企业' })).id;
  const ag = async (no: string, region: string, school: number, ent: number) => {
    const [a] = await db
      .insert(agreements)
      .values({
        agreementNo: no,
        campaignYear: 2026,
        regionCode: region,
        title: no,
        termStart: '2026-01-01',
        termEnd: '2028-12-31',
        signingDate: '2026-02-01',
        agreedOn: '2026-02-01',
        status: 'active',
        createdAt: bj('2026-01-20'),
      })
      .returning();
    await db.insert(agreementParties).values([
      { agreementId: a.id, orgId: school, side: 'school', confirmedAt: bj('2026-02-01') },
      { agreementId: a.id, orgId: ent, side: 'enterprise', confirmedAt: bj('2026-02-01') },
    ]);
    return a.id;
  };
  const agS = await ag('HS-S', '420200', id.S, id.E);
  const agT = await ag('HS-T', '420200', id.T, id.E);
  id.agXT = await ag('XY-T', '420600', id.T, id.XE);
  const base = {
    campaignYear: 2026,
    data: {},
    status: 'running' as const,
    startDate: '2026-03-01',
    startedOn: '2026-03-01',
    createdAt: bj('2026-02-15'),
  };
  [{ id: id.P }] = await db
    .insert(projects)
    .values({
      ...base,
      agreementId: agS,
      type: 'training_eval',
      title: '甲校培训评价',
      regionCode: '420200',
      schoolOrgId: id.S,
    })
    .returning();
  [{ id: id.Q }] = await db
    .insert(projects)
    .values({ ...base, agreementId: agT, type: 'rnd', title: '乙校研发', regionCode: '420200', schoolOrgId: id.T })
    .returning();
  // Two submitted reports move with P: the old bureau tries every action on the first, the new bureau accepts the
  // second (one each, so neither test sees what the other changed).
  id.R = await submittedReport('2026-09');
  id.R2 = await submittedReport('2026-10');
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'hs', role: 'region', regionCode: '420200' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh', role: 'region', regionCode: '420100' });
  for (const u of ['prov', 'hs', 'xy', 'wh']) c[u] = await login(t, u);

  const fix = await call('prov', 'PATCH', `/api/orgs/${id.S}`, {
    version: await versionOf(`/api/orgs/${id.S}`),
    regionCode: '420600',
    changeReason: '核实办学地址属襄阳市',
  });
  expect(fix.statusCode, fix.body).toBe(200);
  const move = await call('prov', 'POST', `/api/projects/${id.Q}/move`, {
    agreementId: id.agXT,
    version: await versionOf(`/api/projects/${id.Q}`),
  });
  expect(move.statusCode, move.body).toBe(200);
});
afterAll(() => t.close());

/** Arrange: P's report of a month, submitted while P was still 黄石's. */
async function submittedReport(period: string) {
  const [{ id: reportId }] = await t.database.db
    .insert(progressReports)
    .values({
      projectId: id.P,
      period,
      dueDate: `${period}-10`,
      state: 'submitted',
      metrics: { personTimes: 40 },
      regionCode: '420200',
      submittedAt: bj(`${period}-05`),
    })
    .returning();
  return reportId;
}

const SCHOOL_MOVED = '该项目现属襄阳市人社局管理（学校所属地区已更正），黄石市人社局不能再办理，请联系襄阳市人社局';
const PROJECT_MOVED =
  '该项目现属襄阳市人社局管理（项目已由省人社厅移至襄阳市的协议下），黄石市人社局不能再办理，请联系襄阳市人社局';

describe('the old bureau of a project that went to another region', () => {
  it('is told which bureau has it now, for every action on the project or its report, and nothing changes', async () => {
    const p = await versionOf(`/api/projects/${id.P}`);
    const r = (await call('prov', 'GET', `/api/projects/${id.P}/reports`))
      .json()
      .items.find((x: { id: number }) => x.id === id.R);
    const attempts: [string, Promise<{ statusCode: number; json: () => { error: { message: string } } }>, string][] = [
      [
        'edit',
        call('hs', 'PATCH', `/api/projects/${id.P}`, { version: p, title: '改名', reason: '核对' }),
        SCHOOL_MOVED,
      ],
      [
        'stop',
        call('hs', 'POST', `/api/projects/${id.P}/actions`, { action: 'stop', version: p, reason: '企业停产' }),
        SCHOOL_MOVED,
      ],
      ['delete', call('hs', 'DELETE', `/api/projects/${id.P}?reason=重复登记`), SCHOOL_MOVED],
      [
        'accept report',
        call('hs', 'POST', `/api/reports/${id.R}/actions`, { action: 'accept', version: r.version }),
        SCHOOL_MOVED,
      ],
      [
        'return report',
        call('hs', 'POST', `/api/reports/${id.R}/actions`, {
          action: 'return',
          version: r.version,
          reason: '数据不全',
        }),
        SCHOOL_MOVED,
      ],
      [
        'edit moved',
        call('hs', 'PATCH', `/api/projects/${id.Q}`, {
          version: await versionOf(`/api/projects/${id.Q}`),
          title: '改名',
        }),
        PROJECT_MOVED,
      ],
    ];
    for (const [what, res, msg] of attempts) {
      const got = await res;
      expect([got.statusCode, got.json().error.message], what).toEqual([403, msg]);
    }
    const [row] = (
      await exec(
        t,
        sql`select p.title, p.status, p.deleted_at, r.state from projects p join progress_reports r on r.project_id = p.id where r.id = ${id.R}`,
      )
    ).rows;
    expect(row).toEqual({ title: '甲校培训评价', status: 'running', deleted_at: null, state: 'submitted' });
  });

  it('the new bureau acts; a bureau that never had the project is answered as before', async () => {
    expect(
      (
        await call('wh', 'PATCH', `/api/projects/${id.P}`, {
          version: await versionOf(`/api/projects/${id.P}`),
          title: '改名',
        })
      ).statusCode,
    ).toBe(404);
    const reportId = id.R2;
    const r = (await call('xy', 'GET', `/api/projects/${id.P}/reports`))
      .json()
      .items.find((x: { id: number }) => x.id === reportId);
    const ok = await call('xy', 'POST', `/api/reports/${reportId}/actions`, { action: 'accept', version: r.version });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
