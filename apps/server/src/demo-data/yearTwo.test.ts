import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { campaigns, formDefinitions, forms, publications } from '../db/schema/index';
import { useSeededDemo } from '../../test/seededDemo';
import { ADDED_COLUMN, RENAMED_COLUMN } from './yearTwo';
import { YEAR_TWO_PUBLICATION, YEAR_TWO_SECOND_BATCH } from './yearTwoPublication';

// The demo's second year (issue 14): 2025 closed with its published history, 2026 open with a form the province
// changed in the designer, 武汉's half-finished forms in 2026, no 2027.
const demo = useSeededDemo(900_000);

const get = async (url: string, user: string) => {
  const res = await demo.app.inject({ method: 'GET', url, headers: { cookie: await demo.login(user) } });
  return { status: res.statusCode, body: res.json() };
};

describe('demo year two', () => {
  it('has the 2026 definitions the designer saved (two seeds giving the same rows: determinism.test.ts)', async () => {
    expect(await demo.database.db.select().from(formDefinitions)).toHaveLength(2);
  });

  it('shows 2025 closed at the end of its year and 2026 open, no 2027', async () => {
    const { body } = await get('/api/campaigns', 'province');
    expect(body.items.map((c: { year: number; status: string }) => [c.year, c.status])).toEqual([
      [2026, 'open'],
      [2025, 'closed'],
    ]);
    const [y1] = await demo.database.db.select().from(campaigns).where(eq(campaigns.year, 2025));
    expect(y1.updatedAt.toISOString()).toBe('2025-12-31T09:30:00.000Z');
    const y2 = body.items[0];
    expect(y2).toMatchObject({
      basedOnYear: 2025,
      formVersions: { school: '2026.1', enterprise: '2026.1' },
      opensOn: '2026-03-02',
    });
    expect(y2.formsDue.startsWith('2026-')).toBe(true);
    // Quotas copied from 2025.
    const q1 = (await get('/api/campaigns/2025/quotas', 'province')).body;
    const q2 = (await get('/api/campaigns/2026/quotas', 'province')).body;
    expect(q2.projectSum).toBe(q1.projectSum);
    expect(q2.items).toEqual(q1.items);
  });

  it('changed the 2026 school form in the designer: one column added, one renamed with its id kept', async () => {
    const y1 = (await get('/api/campaigns/2025/forms/school/definition', 'school-420100-01')).body;
    const y2 = (await get('/api/campaigns/2026/forms/school/definition', 'school-420100-01')).body;
    expect(y2.version).toBe('2026.1');
    const keys1 = y1.fields.map((f: { key: string }) => f.key);
    const keys2 = y2.fields.map((f: { key: string }) => f.key);
    expect(keys2.filter((k: string) => !keys1.includes(k))).toEqual([ADDED_COLUMN]);
    expect(keys1.filter((k: string) => !keys2.includes(k))).toEqual([]);
    const relabelled = y2.fields.filter((f: { key: string; label: string }) =>
      y1.fields.find((g: { key: string; label: string }) => g.key === f.key && g.label !== f.label),
    );
    expect(relabelled.map((f: { key: string; label: string }) => [f.key, f.label])).toEqual([
      [RENAMED_COLUMN.key, RENAMED_COLUMN.label],
    ]);
    // The enterprise form is 2025's, copied.
    const e = (await get('/api/campaigns/2026/forms/enterprise/definition', 'province')).body;
    expect(e.version).toBe('2026.1');
    // Frozen since 2026 opened.
    expect((await get('/api/campaigns/2026/forms/school/design', 'province')).body.editable).toBe(false);
  });

  it('has 2026 forms of 武汉 in every state, their history a year after 2025 and a batch waiting for the province', async () => {
    const list = (await get('/api/campaigns/2026/forms?pageSize=200&page=1', 'province')).body;
    const states = new Set(list.items.map((f: { state: string }) => f.state));
    for (const s of ['draft', 'submitted', 'returned', 'region_approved', 'with_province', 'accepted'])
      expect(states.has(s), s).toBe(true);
    expect(list.items.every((f: { regionCode: string }) => f.regionCode === '420100')).toBe(true);
    const mine = (await get('/api/campaigns/2026/my-form', 'school-420100-01')).body;
    expect(mine).toMatchObject({ state: 'returned', formVersion: '2026.1' });
    const history = (await get(`/api/forms/${mine.id}/history`, 'school-420100-01')).body;
    const times: string[] = history.transitions.map((t: { at: string }) => t.at);
    expect(times.length).toBe(2);
    expect(times.every((t) => t.startsWith('2026-'))).toBe(true);
    const b2026 = (await get('/api/campaigns/2026/batches', 'province')).body.items;
    expect(b2026.length).toBe(2);
    expect(b2026.every((b: { regionCode: string }) => b.regionCode === '420100')).toBe(true);
    // 2025 keeps only what was accepted and published; 武汉 filed nothing that year.
    const y2025 = (await get('/api/campaigns/2025/forms?pageSize=200&page=1', 'province')).body;
    expect(y2025.total).toBe(532);
    expect(y2025.items.some((f: { regionCode: string }) => f.regionCode === '420100')).toBe(false);
  });

  it('keeps 2025 read-only: a 2025 form is refused with a Chinese 409, its catalogue still reads', async () => {
    const [f] = await demo.database.db
      .select()
      .from(forms)
      .innerJoin(campaigns, eq(campaigns.id, forms.campaignId))
      .where(eq(campaigns.year, 2025))
      .limit(1);
    const cookie = await demo.login('province');
    const res = await demo.app.inject({
      method: 'POST',
      url: `/api/forms/${f.forms.id}/actions`,
      headers: { cookie },
      payload: { action: 'reopen', version: f.forms.version },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('2025 年度专项行动已结束');
    const pubs = await demo.database.db.select().from(publications);
    expect(pubs.length).toBe(3);
  });

  it('has a second 武汉 batch the province accepted and published as the first 2026 catalogue; 2025 stays reachable', async () => {
    const batches = (await get('/api/campaigns/2026/batches', 'province')).body.items as {
      seq: number;
      status: string;
      note: string;
      counts: Record<string, number>;
    }[];
    const second = batches.find((b) => b.note === YEAR_TWO_SECOND_BATCH.note)!;
    expect(second).toMatchObject({
      seq: 2,
      counts: { accepted: YEAR_TWO_SECOND_BATCH.schools + YEAR_TWO_SECOND_BATCH.enterprises },
    });
    expect(batches.find((b) => b.seq === 1)!.counts.with_province).toBe(47);
    // The demo accounts' forms keep their teaching states.
    for (const [u, state] of [
      ['school-420100-01', 'returned'],
      ['school-420100-02', 'draft'],
      ['enterprise-420100-01', 'submitted'],
      ['enterprise-420100-02', 'region_approved'],
    ]) {
      expect((await get('/api/campaigns/2026/my-form', u)).body.state, u).toBe(state);
    }
    const pubs = (await get('/api/publications', 'province')).body.items as {
      year: number;
      version: number;
      itemCount: number;
      note: string;
      publishedAt: string;
    }[];
    const p2026 = pubs.filter((p) => p.year === 2026);
    expect(p2026).toHaveLength(1);
    expect(p2026[0]).toMatchObject({ version: 1, note: YEAR_TWO_PUBLICATION.note });
    expect(p2026[0].publishedAt.startsWith(YEAR_TWO_PUBLICATION.date)).toBe(true);
    expect(p2026[0].itemCount).toBe(22);
    // The public page opens on 2026 (the latest published year), lists 2025 beside it, and 2025 still reads.
    const anon = (await demo.app.inject({ url: '/api/catalogue?pageSize=100' })).json();
    expect(anon.year).toBe(2026);
    expect(anon.years.map((y: { year: number }) => y.year)).toEqual([2026, 2025]);
    expect(anon.items.length).toBe(22);
    expect(
      anon.items.every((i: { year: number; regionCode: string }) => i.year === 2026 && i.regionCode === '420100'),
    ).toBe(true);
    const y2025 = (await demo.app.inject({ url: '/api/catalogue?year=2025&pageSize=1' })).json();
    expect(y2025.year).toBe(2025);
    expect(y2025.total).toBe(anon.years.find((y: { year: number }) => y.year === 2025).count);
    expect(y2025.total).toBeGreaterThan(anon.total);
    expect((await demo.app.inject({ url: '/api/catalogue/compiled.xlsx' })).headers['content-disposition']).toContain(
      encodeURIComponent('2026年第1版'),
    );
    expect(
      (await demo.app.inject({ url: '/api/catalogue/compiled.xlsx?year=2025' })).headers['content-disposition'],
    ).toContain(encodeURIComponent('2025年第2版'));
  });

  it('a 2026 draft opens with the new column, and saving it works', async () => {
    const mine = (await get('/api/campaigns/2026/my-form', 'school-420100-02')).body;
    expect(mine.state).toBe('draft');
    const cookie = await demo.login('school-420100-02');
    const rows = mine.data.rows.map((r: { key: string; values: Record<string, unknown> }, i: number) =>
      i === 0 ? { ...r, values: { ...r.values, [ADDED_COLUMN]: 3 } } : r,
    );
    const res = await demo.app.inject({
      method: 'PUT',
      url: `/api/forms/${mine.id}`,
      headers: { cookie },
      payload: { version: mine.version, data: { ...mine.data, rows } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.rows[0].values[ADDED_COLUMN]).toBe(3);
  });
});
