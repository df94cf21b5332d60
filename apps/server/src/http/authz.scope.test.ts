import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import type { Database } from '../db/client';
import { DEMO_PASSWORD, seedDemo } from '../demo-data/demo';
import { testEnv } from '../env';
import { freshDatabase } from '../../test/db';
import { AUTHZ_SCOPE, SCOPE_PROBES } from './authz.scope';
import { sqlRows } from '../db/rows';

// Issue 15: region scope for every record route. authz.matrix.test.ts checks the role gate of every route; here each
// route with a record id is probed on the demo province with two real records of the same kind: one of region A
// (武汉 where the demo has one, else the first region that has one) and one of another region B. Four probes per
// route (SCOPE_PROBES): the bureau of A on B's record and on A's, an account of the organisation that owns A's record
// on B's record and on A's. When the demo has a record in one region only, the first two probes are the same rule seen
// from the other side: a bureau and an organisation (of the owner's type) of another region on A's record.
// Y = got past the access check, N = 401/403/404, - = no such record in the demo. Nobody of one region may get past
// on another region's record unless the route is public (PUBLIC_SCOPE below). Built with skipValidationForTests as in
// the matrix test, so an empty body reaches the access check; writes are probed after reads and deletes last, each on
// a record picked just before. AUTHZ_MATRIX_WRITE=1 rewrites authz.scope.ts from what the server does (read the diff
// before committing it).

const A = '420100';

interface Kind {
  table: string;
  /** The owning organisation's column (null: a bureau's record, probed with an account of a school of A). */
  org: string | null;
  /** The record's own region column; without one the owner organisation's region counts. */
  region?: string;
  where?: string;
  /** A second party's organisation column: B's record must have no party in A either (a bureau sees its parties'). */
  otherParty?: string;
}
const school = (table: string, where?: string): Kind => ({ table, org: 'school_org_id', region: 'region_code', where });
/** Record kinds by route prefix; the first match wins (longer prefixes first). */
const KINDS: [RegExp, Kind][] = [
  [/^\/api\/forms\/\{id\}/, { table: 'forms', org: 'org_id', region: 'region_code' }],
  [/^\/api\/batches\/\{id\}/, { table: 'batches', org: null, region: 'region_code' }],
  [/^\/api\/projects\/\{id\}/, school('projects')],
  [
    /^\/api\/reports\/\{id\}/,
    {
      table: 'progress_reports',
      org: '(select p.school_org_id from projects p where p.id = t.project_id)',
      region: 'region_code',
    },
  ],
  [/^\/api\/agreements\/\{id\}/, { table: 'agreements', org: 'lead_org_id', region: 'region_code' }],
  [/^\/api\/intents\/\{id\}/, { table: 'intents', org: 'from_org_id', otherParty: 'to_org_id' }],
  [/^\/api\/internships\/\{id\}/, school('internships')],
  [/^\/api\/skills\/contests\/\{id\}/, { table: 'skill_contests', org: 'org_id', region: 'region_code' }],
  [/^\/api\/skills\/(trainings|\{kind\})\/\{id\}/, { table: 'skill_trainings', org: 'org_id', region: 'region_code' }],
  [/^\/api\/trainings\/\{id\}/, school('teacher_trainings')],
  [/^\/api\/mentors\/\{id\}/, school('school_mentors')],
  [
    /^\/api\/teachers\/\{id\}/,
    school('school_teachers', 'exists (select 1 from teacher_practices x where x.teacher_id = t.id)'),
  ],
  [/^\/api\/specialty-applications\/\{id\}/, school('specialty_applications')],
  [/^\/api\/specialty-decisions\/\{id\}/, school('specialty_exit_decisions')],
  [/^\/api\/org-change-requests\/\{id\}/, { table: 'org_change_requests', org: 'org_id', region: 'region_code' }],
  [/^\/api\/orgs\/\{id\}/, { table: 'orgs', org: 'id', region: 'region_code' }],
  [/^\/api\/accounts\/\{id\}/, { table: 'users', org: 'org_id', region: 'region_code' }],
  [/^\/api\/layout\/bases\/\{id\}/, { table: 'training_bases', org: 'owner_org_id', region: 'region_code' }],
  [/^\/api\/layout\/schools\/\{id\}/, { table: 'orgs', org: 'id', region: 'region_code', where: "t.type = 'school'" }],
  [/^\/api\/catalogue\/items\/\{id\}/, { table: 'published_items', org: 'org_id', region: 'region_code' }],
  [/^\/api\/imports\/\{id\}/, { table: 'import_jobs', org: null, region: 'region_code' }],
  [/^\/api\/onboarding\/handouts\/\{id\}/, { table: 'onboarding_handouts', org: null, region: 'region_code' }],
  [/^\/api\/cases\/\{id\}/, { table: 'cases', org: null, region: 'region_code', where: 't.region_code is not null' }],
  [/^\/api\/key-industries\/\{region\}/, { table: '(region)', org: null }],
];
/** Public reads: anyone may read any region's record there (the published catalogue, public pages). */
const PUBLIC_SCOPE = new Set(['GET /api/catalogue/items/{id}', 'GET /api/catalogue/orgs/{id}']);

let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;
const cookies = new Map<string, string>();
beforeAll(async () => {
  database = await freshDatabase();
  await seedDemo(database.db, { matchmaking: true });
  // The demo records no skill contest: one by a school of 武汉 and one by a school of 襄阳, so the route is probed too.
  await database.db
    .execute(sql`insert into skill_contests (region_code, org_id, name, organiser, occupation_code, held_on, participants, winners)
    select o.region_code, o.id, '示例竞赛（权限探测）', '示例', '6-18-01-01', '2026-06-01', 10, 2 from orgs o
    where o.id in (select min(o2.id) from orgs o2 join users u on u.org_id = o2.id where o2.type = 'school' and o2.region_code in ('420100', '420600') group by o2.region_code)`);
  app = await buildApp({
    env: testEnv({ WEB_DIST: '/nonexistent', DEMO_DATA: true }),
    db: database,
    skipValidationForTests: true,
  });
  await app.ready();
}, 600_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const rows = <T>(q: ReturnType<typeof sql>) => sqlRows<T>(database.db, q);

async function cookieOf(username: string) {
  if (!cookies.has(username)) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: DEMO_PASSWORD },
    });
    expect(res.statusCode, `${username}: ${res.body}`).toBe(200);
    cookies.set(username, `cjrh_sid=${res.cookies.find((c) => c.name === 'cjrh_sid')!.value}`);
  }
  return cookies.get(username)!;
}
const bureauOf = async (region: string) =>
  (
    await rows<{ username: string }>(
      sql`select username from users where role = 'region' and region_code = ${region} and not disabled order by id limit 1`,
    )
  )[0].username;
const accountOf = async (orgId: number) =>
  (
    await rows<{ username: string }>(
      sql`select username from users where org_id = ${orgId} and role in ('school', 'enterprise') and not disabled order by id limit 1`,
    )
  )[0]?.username;

/**
 * A record of `kind` whose owner has an account: the first of 武汉 if there is one, else of the first region that has
 * one (`own`, its region is A for this route), or one of any region but `notIn` (B).
 */
async function recordOf(
  kind: Kind,
  notIn?: string,
): Promise<{ id: string; orgId: number | null; region: string } | null> {
  if (kind.table === '(region)')
    return notIn ? { id: '420600', orgId: null, region: '420600' } : { id: A, orgId: null, region: A };
  const org = kind.org ? (kind.org.startsWith('(') ? kind.org : `t.${kind.org}`) : null;
  const region = kind.region ? `t.${kind.region}` : `(select o.region_code from orgs o where o.id = ${org})`;
  const q = `select t.id, ${org ?? 'null'} as org_id, ${region} as region from ${kind.table} t
             where ${region} is not null ${notIn ? `and ${region} <> '${notIn}'` : ''} ${kind.where ? `and ${kind.where}` : ''}
             ${notIn && kind.otherParty ? `and (select o.region_code from orgs o where o.id = t.${kind.otherParty}) <> '${notIn}'` : ''}
             ${org ? `and exists (select 1 from users u where u.org_id = ${org} and u.role in ('school', 'enterprise') and not u.disabled)` : ''}
             order by (${region} = '${A}') desc, t.id limit 1`;
  const [r] = await rows<{ id: number; org_id: number | null; region: string }>(sql.raw(q));
  return r ? { id: String(r.id), orgId: r.org_id, region: r.region } : null;
}

/** Bodies for probes whose route reads the body before the record (an upload is checked to be a file first). */
const UPLOAD = {
  payload: Buffer.from('%PDF-1.4 probe'),
  headers: { 'content-type': 'application/pdf', 'x-file-name': 'probe.pdf' },
};
const PROBE_BODY: Record<string, typeof UPLOAD> = { 'POST /api/agreements/{id}/scan': UPLOAD };

const ORDER: Record<string, number> = { GET: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 2 };

describe('authorisation matrix: region scope of record routes', () => {
  it("a bureau and an organisation of A get past the check on their own record and never on another region's", async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .filter((r) => KINDS.some(([re]) => re.test(r.split(' ')[1])))
      .sort((a, b) => ORDER[a.split(' ')[0]] - ORDER[b.split(' ')[0]] || a.localeCompare(b));
    const seen: Record<string, string> = {};
    const detail: Record<string, string> = {};
    for (const route of routes) {
      const [method, path] = route.split(' ');
      const kind = KINDS.find(([re]) => re.test(path))![1];
      const own = await recordOf(kind);
      const otherRecord = own ? await recordOf(kind, own.region) : null;
      const callersOf = async (region: string, like: number | null | undefined) => {
        const type = like
          ? (await rows<{ type: string }>(sql`select type from orgs where id = ${like}`))[0].type
          : 'school';
        const orgId =
          like && region === own!.region
            ? like
            : (
                await rows<{ id: number }>(
                  sql`select o.id from orgs o join users u on u.org_id = o.id where o.region_code = ${region} and o.type = ${type} and not u.disabled order by o.id limit 1`,
                )
              )[0]?.id;
        const user = orgId ? await accountOf(orgId) : undefined;
        return { bureau: await cookieOf(await bureauOf(region)), org: user ? await cookieOf(user) : null };
      };
      const ofA = own ? await callersOf(own.region, own.orgId) : { bureau: null, org: null };
      // Without a record of another region, the same rule seen from the other side: callers of another region
      // (a bureau, an organisation of the owner's type) on A's record.
      const OTHER = own?.region === A ? '420600' : A;
      const other = otherRecord ?? own;
      const cross = otherRecord ? ofA : own ? await callersOf(OTHER, own.orgId) : ofA;
      const bureau = ofA.bureau;
      const org = ofA.org;
      const probe = async (record: { id: string } | null, cookie: string | null) => {
        if (!record || !cookie) return { letter: '-', status: 0 };
        const teacherPractice = path.includes('{practiceId}')
          ? ((
              await rows<{ id: number }>(
                sql`select id from teacher_practices where teacher_id = ${Number(record.id)} order by id limit 1`,
              )
            )[0]?.id ?? 0)
          : 0;
        const url = path
          .replace(/\{(id|region)\}/, record.id)
          .replace('{practiceId}', String(teacherPractice))
          .replace('{kind}', kind.table === 'skill_contests' ? 'contests' : 'trainings')
          .replace(/\{[^}]+\}/g, '1');
        const body = PROBE_BODY[route];
        const res = await app.inject({
          method: method as 'GET',
          url,
          headers: { cookie, ...body?.headers },
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: body?.payload ?? {} }),
        });
        return { letter: [401, 403, 404].includes(res.statusCode) ? 'N' : 'Y', status: res.statusCode };
      };
      // Other region's record first: a write that got through on A's record must not have changed B's.
      const answers = [
        await probe(other, cross.bureau),
        await probe(other, cross.org),
        await probe(own, bureau),
        await probe(own, org),
      ];
      seen[route] = answers.map((a) => a.letter).join('');
      detail[route] = answers.map((a) => a.status).join(' ');
    }
    if (process.env.AUTHZ_MATRIX_WRITE === '1') {
      writeScope(seen);
      console.info(routes.map((r) => `${r} ${seen[r]} ${detail[r]}`).join('\n'));
    }
    // The rule itself, whatever the table says: nobody of A gets past on B's record of a non-public route.
    const holes = routes
      .filter((r) => !PUBLIC_SCOPE.has(r) && seen[r].slice(0, 2).includes('Y'))
      .map((r) => `${r}: ${seen[r]} (${detail[r]})`);
    expect(holes, "a caller of A got past the check on another region's record").toEqual([]);
    // Kinds the demo province has no record of (in one region or at all) are declared '-' in the table and listed here.
    const unprobed = routes.filter((r) => seen[r].includes('-'));
    if (unprobed.length) console.info(`authz scope: not probed for want of demo records: ${unprobed.join(', ')}`);
    const wrong = routes
      .filter((r) => seen[r] !== AUTHZ_SCOPE[r])
      .map((r) => `${r}: declared ${AUTHZ_SCOPE[r]}, answered ${seen[r]} (${detail[r]})`);
    expect(wrong).toEqual([]);
    expect(
      Object.keys(AUTHZ_SCOPE).filter((r) => !(r in seen)),
      'stale entries in authz.scope.ts',
    ).toEqual([]);
    // The bureau of A gets past on A's records somewhere (the probes reach real records, not only 404s).
    expect(routes.filter((r) => seen[r][2] === 'Y').length).toBeGreaterThan(routes.length / 2);
    console.info(
      `authz scope: ${routes.length} record routes × ${SCOPE_PROBES.length} probes = ${routes.length * SCOPE_PROBES.length} checks`,
    );
  }, 900_000);
});

function writeScope(seen: Record<string, string>) {
  const file = fileURLToPath(new URL('./authz.scope.ts', import.meta.url));
  const head = `// Region scope of every route with a record id (issue 15), probed by authz.scope.test.ts on the demo province: one
// letter per probe in the order of SCOPE_PROBES. Y = got past the access check, N = refused (401/403/404).
// A = the region of a record (武汉 where the demo has one); B = a record of the same kind in another region (when the
// demo has none: A's record probed by a bureau and an organisation of another region); "org" = an
// account of the organisation owning A's record (of a school of A for records without an owner); - = no demo record.

export const SCOPE_PROBES = ['bureau A on B', 'org of A on B', 'bureau A on A', 'org of A on A'] as const;

// prettier-ignore
export const AUTHZ_SCOPE: Record<string, string> = {
`;
  const lines = Object.keys(seen)
    .sort()
    .map((r) => `  '${r}': '${seen[r]}',`);
  writeFileSync(file, `${head}${lines.join('\n')}\n};\n`);
}
