import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openCampaign, createTestApp, exec, login, makeOrg, makeUser, uniqueUscc, type TestApp } from '../../test/app';
import { formInState } from '../../test/forms';
import { CASES, NOT_YET, MANY_EFFECTS, type Ctx } from '../../test/concurrencyCases';

// Issue 16, "Every write safe under concurrency": ten identical writes fired at once at every write route of the
// OpenAPI document. Each case arranges one valid request (test/concurrencyCases.ts); of the ten answers none is 5xx,
// every refusal is a clear answer in Chinese (409, or 404 for what the first request removed), and the database
// shows exactly one effect: one audit entry (or the case's number per effect), whether the other nine were refused
// or answered 200 because there was nothing left to do. A write route without a case fails the first test.
// On PGlite requests interleave at every await but transactions run one at a time; with TEST_DATABASE_URL the same
// file runs with real parallel transactions.
let t: TestApp;
const c: Record<string, string> = {};
const ids: Record<string, number> = {};
const RUN = `${process.pid}`.slice(-4);

beforeAll(async () => {
  // A server process's own pool size (db/client.ts, 10): ten requests at once are not queued behind a test-sized pool
  // (with 4, ten argon2 hashes on a busy 2-core machine kept requests waiting past the 10 s connect timeout: 503).
  t = await createTestApp({}, { max: 10 });
  ids.school = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳并发测试技师学院' })).id;
  ids.school2 = (await makeOrg(t, { type: 'school', regionCode: '420600', name: '襄阳并发测试二技工学校' })).id;
  ids.ent = (
    await makeOrg(t, { type: 'enterprise', regionCode: '420600', name: '襄阳并发测试机械有限公司', isKey: true })
  ).id;
  ids.ent2 = (
    await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '武汉并发测试电子有限公司', isKey: true })
  ).id;
  ids.prov = (await makeUser(t, { username: 'cc-prov', role: 'province' })).id;
  ids.reg = (await makeUser(t, { username: 'cc-reg', role: 'region', regionCode: '420600' })).id;
  ids.reg2 = (await makeUser(t, { username: 'cc-reg2', role: 'region', regionCode: '420100' })).id;
  ids.sch = (await makeUser(t, { username: 'cc-sch', role: 'school', regionCode: '420600', orgId: ids.school })).id;
  ids.sch2 = (await makeUser(t, { username: 'cc-sch2', role: 'school', regionCode: '420600', orgId: ids.school2 })).id;
  ids.entUser = (
    await makeUser(t, { username: 'cc-ent', role: 'enterprise', regionCode: '420600', orgId: ids.ent })
  ).id;
  ids.expert = (await makeUser(t, { username: 'cc-exp', role: 'expert' })).id;
  for (const u of ['cc-prov', 'cc-reg', 'cc-reg2', 'cc-sch', 'cc-sch2', 'cc-ent', 'cc-exp']) c[u] = await login(t, u);
  await t.app.inject({
    method: 'POST',
    url: '/api/campaigns',
    headers: { cookie: c['cc-prov'] },
    payload: { year: 2025 },
  });
  await openCampaign(t, c['cc-prov'], 2025);
}, 120_000);
afterAll(() => t?.close());

const ctx: Ctx = {
  get t() {
    return t;
  },
  c,
  ids,
  run: RUN,
  uscc: uniqueUscc,
  makeOrg: (o) => makeOrg(t, o),
  makeUser: (u) => makeUser(t, u),
  login: (u) => login(t, u),
  formInState: (year, orgId, rows, state) => formInState(t, year, orgId, rows, state),
  get: async (who, url) => {
    const r = await t.app.inject({ url, headers: { cookie: c[who] } });
    if (r.statusCode !== 200) throw new Error(`GET ${url} as ${who}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    return r.json();
  },
  send: async (who, method, url, body) => {
    const r = await t.app.inject({
      method,
      url,
      headers: { cookie: c[who] },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    if (r.statusCode >= 300) throw new Error(`${method} ${url} as ${who}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    return r.body ? r.json() : null;
  },
  sql: async (q) => (await exec(t, q)).rows,
};

/** Audit entries that record an effect (not the trail of refusals and downloads). */
const effectAudits = async () =>
  (await exec(t, sql`select coalesce(max(id), 0)::int as m from audit_log`)).rows[0].m as number;

describe('ten identical writes at once', () => {
  it('every write route of the OpenAPI document has a case', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const writes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => m !== 'get')
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    const covered = new Set([...CASES.map((k) => k.route), ...Object.keys(NOT_YET), ...Object.keys(MANY_EFFECTS)]);
    expect(
      writes.filter((w) => !covered.has(w)),
      'write routes without a concurrency case',
    ).toEqual([]);
    expect(
      [...covered].filter((k) => !writes.includes(k)),
      'cases for routes that do not exist',
    ).toEqual([]);
  });

  for (const k of CASES) {
    // Account creation and password changes hash ten passwords (argon2) at once: slow on a shared machine.
    it(`${k.route}${k.label ? ` (${k.label})` : ''}: one effect, no 5xx`, { timeout: 240_000 }, async () => {
      const s = await k.arrange(ctx);
      const before = await effectAudits();
      const res = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.app.inject({
            method: s.method,
            url: s.url,
            headers: { cookie: c[s.who] ?? '', ...(s.raw ? { 'content-type': s.raw.type } : {}) },
            ...(s.raw ? { payload: s.raw.body } : s.body === undefined ? {} : { payload: s.body as object }),
          }),
        ),
      );
      const statuses = res.map((r) => r.statusCode);
      const why = `${k.route}: ${[...statuses].sort().join(',')}\n${res.map((r) => r.body.slice(0, 160)).join('\n')}`;
      expect(
        statuses.filter((x) => x >= 500),
        why,
      ).toEqual([]);
      const ok = res.filter((r) => r.statusCode < 300);
      expect(ok.length, why).toBeGreaterThanOrEqual(1);
      if (!k.idempotent) expect(ok.length, why).toBe(1);
      const refusals = [409, ...(k.refusals ?? [])];
      for (const r of res.filter((x) => x.statusCode >= 300)) {
        expect(refusals, why).toContain(r.statusCode);
        expect(r.json().error.message, why).toMatch(/[\u4e00-\u9fa5]/);
      }
      // Entries are written inside the effect's transaction (the trail of refusals after the answer: excluded).
      const added = (
        await exec(
          t,
          sql`select action from audit_log where id > ${before} and action not in ('access.refused', 'export.download') order by id`,
        )
      ).rows.map((r) => r.action as string);
      expect(added, why).toHaveLength(k.audits ?? 1);
      if (k.check)
        await k.check(
          ctx,
          s,
          ok.map((r) => (r.body ? r.json() : null)),
        );
    });
  }
});
