import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';

// Reads never write, and a list page costs a bounded number of statements (issue #16: 44 for 20 rows, 404 for 200).
let t: TestApp;
let cookie = '';
beforeAll(async () => {
  t = await createTestApp();
  const school = await makeOrg(t, { type: 'school', regionCode: '420100' });
  const ent = await makeOrg(t, { type: 'enterprise', regionCode: '420100' });
  await makeUser(t, { username: 'prov', role: 'province' });
  cookie = await login(t, 'prov');
  // 200 agreements, half of them signed with an end date already past (a read used to expire them on the spot).
  await exec(
    t,
    sql`insert into agreements (agreement_no, campaign_year, region_code, title, term_start, term_end, status)
    select 'Q-' || g, 2026, '420100', '查询计数协议' || g, '2025-01-01', case when g % 2 = 0 then '2025-06-30' else '2027-12-31' end::date, 'active'
    from generate_series(1, 200) g`,
  );
  await exec(
    t,
    sql`insert into agreement_parties (agreement_id, org_id, side) select a.id, o.id, case when o.type = 'school' then 'school' else 'enterprise' end
    from agreements a cross join orgs o where o.id in (${school.id}, ${ent.id})`,
  );
});
afterAll(() => t.close());

async function statementsFor(url: string) {
  const target = (t.database.pglite ?? t.database.pool) as unknown as { query: (...a: unknown[]) => unknown };
  const spy = vi.spyOn(target, 'query');
  const r = await t.app.inject({ url, headers: { cookie } });
  const n = spy.mock.calls.length;
  spy.mockRestore();
  expect(r.statusCode).toBe(200);
  return { n, body: r.json() as { items: { status: string }[] } };
}

describe('agreement lists', () => {
  it('20 rows and 200 rows cost the same number of statements, and listing writes nothing', async () => {
    const small = await statementsFor('/api/agreements?pageSize=20');
    const large = await statementsFor('/api/agreements?pageSize=200');
    expect(large.body.items).toHaveLength(200);
    expect(large.n).toBe(small.n);
    expect(small.n).toBeGreaterThan(2); // the spy sees the statements
    expect(small.n).toBeLessThanOrEqual(10);
    console.info(`statements per agreement list page: ${small.n} (20 rows), ${large.n} (200 rows)`);
    // Past their end but still stored active: the list shows what is stored; the hourly job expires them (audited).
    const { rows } = await exec(t, sql`select count(*)::int as n from agreements where status = 'expired'`);
    expect(rows[0].n).toBe(0);
  });
});
