// Year-two benchmark (issue 14): how long the province waits for 「开启新年度」 — POST /api/campaigns {year: 2026},
// which copies 2025's deadlines, 17 quota rows, targets and both forms — and how long a school waits for its 2026
// 我的填报 the first time, created and prefilled from its 2025 form by column id (GET /api/campaigns/2026/my-form).
// Each round runs on a fresh in-memory PGlite (2025 created, quotas saved, opened, a school's form filled with
// BENCH_YEAR_ROWS rows). Baselines, same app and round: reading the campaign (GET /api/campaigns/2026) for the
// create, reading the same form once it exists (GET /api/forms/:id) for the prefill. Median of BENCH_YEAR_ROUNDS (5).
import { hash } from '@node-rs/argon2';
import { buildApp } from '../apps/server/src/app';
import { openPglite } from '../apps/server/src/db/client';
import { ensureReferenceData } from '../apps/server/src/db/reference';
import { orgs, users } from '../apps/server/src/db/schema/index';
import { testEnv } from '../apps/server/src/env';
import { setClock } from '../apps/server/src/lib/clock';

const ROUNDS = Number(process.env.BENCH_YEAR_ROUNDS ?? 5);
const ROWS = Number(process.env.BENCH_YEAR_ROWS ?? 30);
const PASSWORD = 'Bench@2025x-year';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function round() {
  setClock('2025-06-01');
  const database = await openPglite();
  await ensureReferenceData(database.db);
  const passwordHash = await hash(PASSWORD);
  const [school] = await database.db
    .insert(orgs)
    .values({
      type: 'school',
      regionCode: '420600',
      name: '襄阳基准测试技师学院',
      uscc: '12420600MB0000001X',
      schoolType: '技师学院',
      contactName: '王老师',
      contactPhone: '13912345670',
    } as typeof orgs.$inferInsert)
    .returning();
  await database.db.insert(users).values([
    { username: 'bench-prov', displayName: 'bench', role: 'province', passwordHash },
    {
      username: 'bench-school',
      displayName: 'bench',
      role: 'school',
      regionCode: '420600',
      orgId: school.id,
      passwordHash,
    },
  ]);
  const app = await buildApp({ env: testEnv({ WEB_DIST: '/nonexistent', LOGIN_RATE_MAX: 1_000_000 }), db: database });
  await app.ready();
  const cookies: Record<string, string> = {};
  const login = async (u: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: u, password: PASSWORD },
    });
    cookies[u] = `cjrh_sid=${r.cookies.find((c) => c.name === 'cjrh_sid')!.value}`;
  };
  const call = async (u: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) => {
    const r = await app.inject({ method, url, headers: { cookie: cookies[u] }, ...(payload ? { payload } : {}) });
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const timed = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  for (const u of ['bench-prov', 'bench-school']) await login(u);
  await call('bench-prov', 'POST', '/api/campaigns', { year: 2025 });
  const quotas = (await call('bench-prov', 'GET', '/api/campaigns/2025/quotas')).items.map(
    (q: { regionCode: string }) => ({ regionCode: q.regionCode, projectQuota: 5, keyEnterpriseQuota: 2 }),
  );
  await call('bench-prov', 'PUT', '/api/campaigns/2025/quotas', { quotas });
  const c = await call('bench-prov', 'GET', '/api/campaigns/2025');
  await call('bench-prov', 'PATCH', '/api/campaigns/2025', { version: c.version, status: 'open' });
  const f = await call('bench-school', 'GET', '/api/campaigns/2025/my-form');
  const specialties = [
    '数控加工',
    '电气自动化设备安装与维修',
    '汽车维修',
    '计算机网络应用',
    '工业机器人应用与维护',
    '焊接加工',
  ];
  const needs = ['订单（定向）班', '学生实习实训基地', '毕业生就业', '教师企业实践', '职工技能培训'];
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    key: '',
    values: {
      specialtyCode: specialties[i % specialties.length],
      needType: needs[Math.floor(i / specialties.length) % needs.length],
      needDetail: `第 ${i + 1} 项合作需求（基准）`,
      graduatesMidLevel: 10 + i,
    },
  }));
  await call('bench-school', 'PUT', `/api/forms/${f.id}`, { version: f.version, data: { org: f.data.org, rows } });

  setClock('2026-01-12');
  for (const u of ['bench-prov', 'bench-school']) await login(u);
  const create = await timed(() => call('bench-prov', 'POST', '/api/campaigns', { year: 2026 }));
  const readCampaign = await timed(() => call('bench-prov', 'GET', '/api/campaigns/2026'));
  const y2 = await call('bench-prov', 'GET', '/api/campaigns/2026');
  await call('bench-prov', 'PATCH', '/api/campaigns/2026', { version: y2.version, status: 'open' });
  let formId = 0;
  const prefill = await timed(async () => {
    const my = await call('bench-school', 'GET', '/api/campaigns/2026/my-form');
    if (my.data.rows.length !== ROWS) throw new Error(`prefill carried ${my.data.rows.length} of ${ROWS} rows`);
    formId = my.id;
  });
  const readForm = await timed(() => call('bench-school', 'GET', `/api/forms/${formId}`));
  await app.close();
  await database.close();
  return { create, readCampaign, prefill, readForm };
}

export async function benchYearTwo() {
  const runs: Awaited<ReturnType<typeof round>>[] = [];
  await round(); // warm-up: module loading and first-query planning fall here
  for (let i = 0; i < ROUNDS; i++) runs.push(await round());
  const m = (k: keyof (typeof runs)[number]) => median(runs.map((r) => r[k]));
  return [
    { name: 'GET /api/campaigns/2026 (read one campaign) — baseline', ms: m('readCampaign'), ratio: 1 },
    {
      name: 'POST /api/campaigns {year: 2026}: draft with deadlines, quotas, targets, forms copied',
      ms: m('create'),
      ratio: m('create') / m('readCampaign'),
    },
    { name: 'GET /api/forms/:id (the 2026 form once it exists) — baseline', ms: m('readForm'), ratio: 1 },
    {
      name: `GET /api/campaigns/2026/my-form: created and prefilled from 2025 (${ROWS} rows)`,
      ms: m('prefill'),
      ratio: m('prefill') / m('readForm'),
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const r of await benchYearTwo())
    console.log(`${r.name.padEnd(90)} ${r.ms.toFixed(1).padStart(8)} ms   ×${r.ratio.toFixed(2)}`);
