import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../test/app';

// Issue 15, "Bad input": generated bad requests across every route of the OpenAPI document — wrong ids, wrong and
// missing content types, malformed JSON, oversized and malformed headers, cross-origin writes — as a stranger and as
// the province. None may answer 5xx, and no business record may change.
let t: TestApp;
let prov: string;
let school: string;
beforeAll(async () => {
  t = await createTestApp();
  const org = await makeOrg(t, { type: 'school', regionCode: '420600' });
  await makeUser(t, { username: 'fz-prov', role: 'province' });
  await makeUser(t, { username: 'fz-sch', role: 'school', orgId: org.id, regionCode: '420600' });
  prov = await login(t, 'fz-prov');
  school = await login(t, 'fz-sch');
});
afterAll(() => t.close());

/** Rows in every table but the ones a refused request may legitimately touch (its audit entry, sessions). */
async function snapshot() {
  const tables = (
    await exec(
      t,
      sql`select tablename from pg_tables where schemaname = 'public' and tablename not in ('audit_log', 'sessions', 'app_meta', 'health_probe') order by 1`,
    )
  ).rows as { tablename: string }[];
  const counts: Record<string, number> = {};
  for (const { tablename } of tables)
    counts[tablename] = Number(
      ((await exec(t, sql.raw(`select count(*)::int as n from "${tablename}"`))).rows[0] as { n: number }).n,
    );
  return counts;
}

const BAD_IDS = ['abc', '-1', '0', '99999999999999999999', '%25', '..%2F..%2Fetc', '1e3', ' '];

describe('fuzzing every route with bad requests', () => {
  it('never answers 5xx and changes nothing', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => ({ method: m.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path })),
    );
    const before = await snapshot();
    const failures: string[] = [];
    let sent = 0;
    const roles = new Set<string>();
    for (const { method, path } of routes) {
      const write = method !== 'GET';
      for (const [i, id] of BAD_IDS.entries()) {
        const url = path.replace(/\{[^}]+\}/g, id);
        const cookie = [undefined, prov, school][i % 3];
        roles.add(String(i % 3));
        const variants: { headers: Record<string, string>; payload?: string }[] = write
          ? [
              { headers: { 'content-type': 'text/plain' }, payload: 'x' },
              { headers: { 'content-type': 'application/json' }, payload: '{"a":' },
              { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' },
              { headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, payload: '{}' },
              // A well-formed body reaches the handler of a route without parameters: only where the bad id stops it.
              ...(path.includes('{')
                ? [
                    {
                      headers: { 'content-type': 'application/json' },
                      payload: JSON.stringify({ id, version: id, name: '\u0000'.repeat(3), page: -1 }),
                    },
                  ]
                : []),
            ]
          : [
              { headers: { 'x-file-name': '%', 'x-request-id': 'x'.repeat(500) } },
              { headers: { accept: 'application/xml', range: 'bytes=9-1' } },
            ];
        for (const v of variants) {
          const res = await t.app.inject({
            method,
            url,
            headers: { ...v.headers, ...(cookie ? { cookie } : {}), 'x-pad': 'y'.repeat(8000) },
            payload: v.payload,
          });
          sent++;
          if (res.statusCode >= 500)
            failures.push(`${method} ${url} ${JSON.stringify(v.headers).slice(0, 80)} → ${res.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(1000);
    expect(await snapshot()).toEqual(before);
    console.info(
      `fuzz: ${routes.length} routes, ${roles.size} callers (anonymous, province, school), ${sent} requests, 0 × 5xx`,
    );
  }, 600_000);
});
