import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, count, eq } from 'drizzle-orm';
import { verify } from '@node-rs/argon2';
import { DEMO_MARK, REGIONS, validateUscc } from '@cjrh/domain';
import type { Database } from '../db/client';
import { appMeta, dictEntries, orgs, schoolSpecialties, users } from '../db/schema/index';
import { freshDatabase } from '../../test/db';
import { DEMO_PASSWORD, ensureDemoData, seedDemo } from './demo';

// That two seeds give the same rows, in every table: src/demo-data/determinism.test.ts.
let a: Database;

beforeAll(async () => {
  a = await freshDatabase();
  await seedDemo(a.db, {});
}, 180_000);

afterAll(async () => {
  await a?.close();
});

const orgList = (d: Database) => d.db.select().from(orgs).orderBy(asc(orgs.id));

describe('demo province', () => {
  it('has scale-1 counts and valid, unique USCCs', async () => {
    const rows = await orgList(a);
    const schools = rows.filter((o) => o.type === 'school');
    const enterprises = rows.filter((o) => o.type === 'enterprise');
    expect(schools.length).toBeGreaterThanOrEqual(140);
    expect(schools.length).toBeLessThanOrEqual(160);
    expect(enterprises.length).toBeGreaterThanOrEqual(1100);
    expect(enterprises.length).toBeLessThanOrEqual(1300);
    for (const o of rows) expect(validateUscc(o.uscc), o.uscc).toEqual({ ok: true });
    expect(new Set(rows.map((o) => o.uscc)).size).toBe(rows.length);
    expect(new Set(rows.map((o) => o.name)).size).toBe(rows.length);
    // a has no region correction: every school's USCC names the region it was registered in.
    expect(schools.every((s) => ['12', '52'].includes(s.uscc.slice(0, 2)) && s.uscc.slice(2, 8) === s.regionCode)).toBe(
      true,
    );
    expect(enterprises.every((e) => e.uscc.startsWith(`91${e.regionCode}`))).toBe(true);
  });

  it('marks every organisation as synthetic', async () => {
    for (const o of await orgList(a)) {
      expect(o.name).toContain('示例');
      expect(o.name.endsWith(DEMO_MARK)).toBe(true);
      expect(o.address).toContain('示例');
      expect(o.isDemo).toBe(true);
      expect(o.contactPhone).toMatch(/^1\d{10}$/);
    }
  });

  it('follows the notice: 40 national integrated schools, at least 600 key enterprises, every region covered', async () => {
    const rows = await orgList(a);
    expect(rows.filter((o) => o.type === 'school' && o.nationalIntegrated)).toHaveLength(40);
    expect(rows.filter((o) => o.nationalIntegratedDone && !o.nationalIntegrated)).toHaveLength(0);
    expect(rows.filter((o) => o.type === 'enterprise' && o.isKey).length).toBeGreaterThanOrEqual(600);
    const wuhan = rows.filter((o) => o.regionCode === '420100').length;
    for (const r of REGIONS) {
      const mine = rows.filter((o) => o.regionCode === r.code);
      expect(mine.filter((o) => o.type === 'school').length, r.name).toBeGreaterThanOrEqual(2);
      expect(mine.filter((o) => o.type === 'enterprise' && o.isKey).length, r.name).toBeGreaterThanOrEqual(2);
      if (r.code !== '420100') expect(mine.length).toBeLessThan(wuhan);
    }
    for (const e of rows.filter((o) => o.type === 'enterprise')) {
      const n = e.employees!;
      const ok = { 大型: n >= 1000, 中型: n >= 300 && n <= 999, 小型: n >= 20 && n <= 299, 微型: n < 20 }[
        e.size as '大型'
      ];
      expect(ok, `${e.name} ${e.size} ${n}`).toBe(true);
      expect(e.industryCodes.length).toBeGreaterThanOrEqual(1);
      expect(e.industryCodes.length).toBeLessThanOrEqual(3);
    }
  });

  it('gives schools known specialties with sane figures', async () => {
    const known = new Set(
      (await a.db.select({ code: dictEntries.code }).from(dictEntries).where(eq(dictEntries.kind, 'specialty'))).map(
        (r) => r.code,
      ),
    );
    const rows = await a.db.select().from(schoolSpecialties);
    const perSchool = new Map<number, typeof rows>();
    for (const r of rows) {
      expect(known.has(r.specialtyCode), r.specialtyCode).toBe(true);
      expect(r.graduatesPerYear).toBeLessThanOrEqual(r.enrolment);
      perSchool.set(r.orgId, [...(perSchool.get(r.orgId) ?? []), r]);
    }
    const schools = (await orgList(a)).filter((o) => o.type === 'school');
    expect(perSchool.size).toBe(schools.length);
    for (const list of perSchool.values()) {
      expect(list.length).toBeGreaterThanOrEqual(5);
      expect(list.length).toBeLessThanOrEqual(15);
      const keys = list.filter((s) => s.isKey);
      expect(keys.length).toBeGreaterThanOrEqual(2);
      expect(keys.every((s) => s.backboneTeachers >= 2 && s.backboneTeachers <= 10)).toBe(true);
    }
  });

  it('creates every demo account with one shared password', async () => {
    const all = await a.db.select().from(users);
    const byName = new Map(all.map((u) => [u.username, u]));
    const expected = ['province', ...Array.from({ length: 5 }, (_, i) => `expert-0${i + 1}`)];
    for (const r of REGIONS)
      expected.push(
        `region-${r.code}`,
        ...['01', '02'].flatMap((n) => [`school-${r.code}-${n}`, `enterprise-${r.code}-${n}`]),
      );
    for (const name of expected) expect(byName.has(name), name).toBe(true);
    expect(all).toHaveLength(expected.length);
    expect(all.every((u) => u.isDemo && u.passwordHash === all[0].passwordHash)).toBe(true);
    expect(await verify(all[0].passwordHash, DEMO_PASSWORD)).toBe(true);

    expect(byName.get('region-420600')).toMatchObject({ role: 'region', regionCode: '420600' });
    const orgOf = async (username: string) =>
      (
        await a.db
          .select()
          .from(orgs)
          .where(eq(orgs.id, byName.get(username)!.orgId!))
      )[0];
    const school = await orgOf('school-429021-02');
    expect(school).toMatchObject({ type: 'school', regionCode: '429021' });
    expect(byName.get('school-429021-02')).toMatchObject({ role: 'school', regionCode: '429021' });
    expect(await orgOf('enterprise-420100-01')).toMatchObject({
      type: 'enterprise',
      regionCode: '420100',
      isKey: true,
    });
    expect((await orgOf('school-420100-01')).id).not.toBe((await orgOf('school-420100-02')).id);
  });

  it('records completion and is not seeded twice', async () => {
    const [meta] = await a.db.select().from(appMeta).where(eq(appMeta.key, 'demo'));
    expect(meta.value).toMatchObject({ scale: 1, seed: 20250702 });
    const before = (await orgList(a)).length;
    expect(await ensureDemoData(a.db)).toBe(false);
    expect((await a.db.select({ n: count() }).from(orgs))[0].n).toBe(before);
  });

  it('leaves nothing behind when it fails half-way', async () => {
    const c = await freshDatabase();
    try {
      // The seed's own 'province' account collides with this one after all organisations are written.
      await c.db
        .insert(users)
        .values({ username: 'province', displayName: '占位', passwordHash: 'x', role: 'province' });
      await expect(seedDemo(c.db, { scale: 0.1 })).rejects.toThrow();
      expect((await c.db.select({ n: count() }).from(orgs))[0].n).toBe(0);
      expect(await c.db.select().from(appMeta).where(eq(appMeta.key, 'demo'))).toHaveLength(0);
    } finally {
      await c.close();
    }
  });
});
