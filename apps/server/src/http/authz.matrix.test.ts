import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import type { Database } from '../db/client';
import { testEnv } from '../env';
import { login, makeOrg, makeUser, type TestApp } from '../../test/app';
import { freshDatabase } from '../../test/db';
import { thisYear } from '../lib/clock';
import { AUTHZ_CALLERS, AUTHZ_MATRIX } from './authz.matrix';

// Issue 15: every route of the OpenAPI document × every kind of caller, against the declared table in
// authz.matrix.ts. A route without an entry fails, so a new route must say who may call it.
//
// The app is built with skipValidationForTests: each probe reaches the handler whatever its body, so the answer is
// the access check on the service's first line (http/access.ts) rather than a 400 from the body's schema. A call is
// "refused" when it answers 401 or 403, or 404 for a record that exists but lies outside the caller's scope (the
// organisation and the account of 襄阳 below); anything else means the caller got past the gate.
// AUTHZ_MATRIX_WRITE=1 rewrites the table from what the server does (then read the diff before committing it).

const OWN = '420600';
const OTHER = '420100';
/** Routes whose {id} is a real record of OWN, so a region bureau of OTHER meets 404 there. */
const REAL_RECORD = /^\/api\/(orgs|accounts)\/\{id\}/;
/** Bodies for the few routes whose first check reads the body (creating an account of which role). */
const PROBE_BODIES: Record<string, object> = { 'POST /api/accounts': { role: 'school' } };
/** Routes that end or change the caller's own session: probed last, each with fresh logins. */
const ENDS_SESSION = /^\/api\/auth\/(logout|password|sessions\/)/;

let t: TestApp;
let database: Database;
let ids: { org: number; account: number };
beforeAll(async () => {
  database = await freshDatabase();
  const app = await buildApp({
    env: testEnv({ WEB_DIST: '/nonexistent' }),
    db: database,
    skipValidationForTests: true,
  });
  await app.ready();
  t = { app, database, close: async () => (await app.close(), await database.close()) };
  const school = await makeOrg(t, { type: 'school', regionCode: OWN });
  const enterprise = await makeOrg(t, { type: 'enterprise', regionCode: OWN });
  await makeUser(t, { username: 'mx-province', role: 'province' });
  await makeUser(t, { username: 'mx-region-own', role: 'region', regionCode: OWN });
  await makeUser(t, { username: 'mx-region-other', role: 'region', regionCode: OTHER });
  await makeUser(t, { username: 'mx-school', role: 'school', regionCode: OWN, orgId: school.id });
  await makeUser(t, { username: 'mx-enterprise', role: 'enterprise', regionCode: OWN, orgId: enterprise.id });
  await makeUser(t, { username: 'mx-expert', role: 'expert' });
  const target = await makeUser(t, { username: 'mx-target', role: 'school', regionCode: OWN, orgId: school.id });
  ids = { org: school.id, account: target.id };
});
afterAll(() => t?.close());

const USERS: Record<(typeof AUTHZ_CALLERS)[number], string | null> = {
  anonymous: null,
  province: 'mx-province',
  'region-own': 'mx-region-own',
  'region-other': 'mx-region-other',
  school: 'mx-school',
  enterprise: 'mx-enterprise',
  expert: 'mx-expert',
};

async function cookies() {
  const out: (string | null)[] = [];
  for (const c of AUTHZ_CALLERS) out.push(USERS[c] ? await login(t, USERS[c]!) : null);
  return out;
}

describe('authorisation matrix', () => {
  it('every route answers every caller as the table declares', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort(
        (a, b) =>
          Number(ENDS_SESSION.test(a.split(' ')[1])) - Number(ENDS_SESSION.test(b.split(' ')[1])) || a.localeCompare(b),
      );
    let jar = await cookies();
    const seen: Record<string, string> = {};
    const detail: Record<string, number[]> = {};
    for (const route of routes) {
      const [method, path] = route.split(' ');
      if (ENDS_SESSION.test(path)) jar = await cookies();
      const url = path
        .replace(
          '{id}',
          String(path.startsWith('/api/accounts') ? ids.account : path.startsWith('/api/orgs') ? ids.org : 1),
        )
        .replace(/\{year\}/g, String(thisYear()))
        .replace(/\{[^}]+\}/g, '1');
      let row = '';
      const statuses: number[] = [];
      for (const cookie of jar) {
        const res = await t.app.inject({
          method: method as 'GET',
          url,
          headers: cookie ? { cookie } : {},
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: PROBE_BODIES[route] ?? {} }),
        });
        statuses.push(res.statusCode);
        const refused =
          res.statusCode === 401 || res.statusCode === 403 || (res.statusCode === 404 && REAL_RECORD.test(path));
        row += refused ? 'N' : 'Y';
      }
      seen[route] = row;
      detail[route] = statuses;
    }
    if (process.env.AUTHZ_MATRIX_WRITE === '1') {
      writeMatrix(seen);
      console.info(routes.map((r) => `${r} ${detail[r].join(' ')}`).join('\n')); // the answers behind each letter, for the review
    }

    const undeclared = routes.filter((r) => !(r in AUTHZ_MATRIX));
    expect(undeclared, 'routes without an entry in authz.matrix.ts').toEqual([]);
    const stale = Object.keys(AUTHZ_MATRIX).filter((r) => !(r in seen));
    expect(stale, 'entries in authz.matrix.ts for routes that no longer exist').toEqual([]);
    const wrong = routes
      .filter((r) => seen[r] !== AUTHZ_MATRIX[r])
      .map((r) => `${r}: declared ${AUTHZ_MATRIX[r]}, answered ${seen[r]} (${detail[r].join(' ')})`);
    expect(wrong).toEqual([]);
    // Every kind of caller is refused somewhere and let through somewhere: the probes reach the gate.
    for (const [i, c] of AUTHZ_CALLERS.entries()) {
      expect(
        routes.some((r) => seen[r][i] === 'N'),
        c,
      ).toBe(true);
      expect(
        routes.some((r) => seen[r][i] === 'Y'),
        c,
      ).toBe(true);
    }
    console.info(
      `authz matrix: ${routes.length} routes × ${AUTHZ_CALLERS.length} callers = ${routes.length * AUTHZ_CALLERS.length} checks`,
    );
  }, 600_000);
});

function writeMatrix(seen: Record<string, string>) {
  const file = fileURLToPath(new URL('./authz.matrix.ts', import.meta.url));
  const head = `// Who may call each route of the API (issue 15). One string per route, one letter per caller in the order of
// AUTHZ_CALLERS: Y may call it (gets past the access check), N is refused (401/403, or 404 for a record outside
// the caller's scope). Checked by authz.matrix.test.ts against the running server; a new route needs a line here.
// The two region columns are a bureau of the record's region (own) and of another region (other).

export const AUTHZ_CALLERS = ['anonymous', 'province', 'region-own', 'region-other', 'school', 'enterprise', 'expert'] as const;

// prettier-ignore
export const AUTHZ_MATRIX: Record<string, string> = {
`;
  const lines = Object.keys(seen)
    .sort()
    .map((r) => `  '${r}': '${seen[r]}',`);
  writeFileSync(file, `${head}${lines.join('\n')}\n};\n`);
}
