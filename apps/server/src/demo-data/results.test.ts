import { describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { REGIONS } from '@cjrh/domain';
import { today as beijingToday } from '../lib/clock';
import {
  assessmentManualScores,
  assessmentSchemes,
  cases,
  commendations,
  selectionDeclarations,
  selectionExperts,
  selectionNominations,
  selectionObjections,
  selectionRounds,
  selectionScores,
  warningSettings,
} from '../db/schema/index';
import { rolledBack, useSeededDemo } from '../../test/seededDemo';
import { deleteDemoRowsIn } from './reset';

const demo = useSeededDemo(600_000);
const today = beijingToday();
const login = demo.login;
async function get(who: string | null, url: string): Promise<any> {
  const res = await demo.app.inject({ method: 'GET', url, headers: who ? { cookie: await login(who) } : {} });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json();
}

describe('demo demonstration selection', () => {
  it('shows the second 2025 round publicly in its notice period, and the first one published', async () => {
    const d = await get(null, '/api/results/demonstrations?year=2025');
    expect(d.inNotice).toHaveLength(1);
    const notice = d.inNotice[0];
    expect(notice.title).toContain('示例');
    expect(notice.noticeFrom <= today && today <= notice.noticeTo).toBe(true);
    expect(notice.acceptingObjections).toBe(true);
    expect(notice.items.length).toBeGreaterThanOrEqual(3);
    expect(d.published).toHaveLength(1);
    expect(d.published[0].items.length).toBeGreaterThanOrEqual(3);
    // Published projects count in the demonstration indicators.
    const ind = await get('province', '/api/indicators?year=2025');
    const demoCount = ind.items
      .filter((i: { id: string }) => i.id.startsWith('demo_'))
      .reduce((s: number, i: { numerator: number }) => s + i.numerator, 0);
    expect(demoCount).toBe(d.published[0].items.length);
  });

  it('has nominations from several regions with evidence, five experts, one conflict and every other sheet', async () => {
    const { items } = await get('province', '/api/selection/rounds?year=2025');
    const open = items.find((r: { status: string }) => r.status === 'public_notice');
    const round = await get('province', `/api/selection/rounds/${open.id}`);
    expect(round.experts.map((e: { name: string }) => e.name)).toHaveLength(5);
    expect(new Set(round.nominations.map((n: { regionCode: string }) => n.regionCode)).size).toBeGreaterThanOrEqual(4);
    const conflicts = round.nominations.flatMap(
      (n: { declarations: { conflict: boolean; expertUserId: number }[]; id: number }) =>
        n.declarations.filter((x) => x.conflict).map((x) => ({ n, x })),
    );
    expect(conflicts).toHaveLength(1);
    for (const n of round.nominations) {
      expect(n.statement).toContain('示例');
      expect(n.evidence.agreement.agreementNo).toMatch(/^XQ-/);
      expect(n.declarations).toHaveLength(5);
      const clean = n.declarations
        .filter((x: { conflict: boolean }) => !x.conflict)
        .map((x: { expertUserId: number }) => x.expertUserId)
        .sort();
      expect(n.scores.map((s: { expertUserId: number }) => s.expertUserId).sort()).toEqual(clean);
      expect(n.validScoreCount).toBe(clean.length);
      expect(n.finalScore).toEqual(expect.any(Number));
      expect(['public_notice', 'not_selected']).toContain(n.status);
    }
    const objections = round.nominations.flatMap(
      (n: { objections: { status: string; submitterName: string; resolution: string | null }[] }) => n.objections,
    );
    expect(objections.map((o: { status: string }) => o.status).sort()).toEqual(['dismissed', 'open']);
    expect(objections.every((o: { submitterName: string }) => o.submitterName.includes('示例'))).toBe(true);
    expect(
      round.nominations.some((n: { allowedActions: string[] }) => n.allowedActions.includes('resolve_objections')),
    ).toBe(true);
    // An expert sees both rounds it reviewed.
    expect((await get('expert-01', '/api/selection/rounds')).items).toHaveLength(2);
  });
});

describe('demo assessment and warning', () => {
  it('ranks all 17 regions on a 2025 scheme of indicator and manual items, still open for the province', async () => {
    const s = await get('province', '/api/assessment/2025');
    expect(s.status).toBe('draft');
    expect(s.title).toContain('示例');
    expect(s.scheme.reduce((n: number, i: { weight: number }) => n + i.weight, 0)).toBe(100);
    expect(s.scheme.filter((i: { kind: string }) => i.kind === 'manual')).toHaveLength(2);
    expect(s.rows).toHaveLength(REGIONS.length);
    expect(s.rows.map((r: { rank: number }) => r.rank)[0]).toBe(1);
    expect(new Set(s.rows.map((r: { total: number }) => r.total)).size).toBeGreaterThan(10);
    const manual = s.rows.flatMap((r: { items: { kind: string; score: number | null; reason: string | null }[] }) =>
      r.items.filter((i) => i.kind === 'manual' && i.score != null),
    );
    expect(manual.length).toBeGreaterThanOrEqual(28);
    expect(manual.every((i: { reason: string }) => i.reason.includes('示例'))).toBe(true);
    expect(s.missing.length).toBe(4);
    // A bureau sees its own row only.
    expect(
      (await get('region-420600', '/api/assessment/2025')).rows.map((r: { regionCode: string }) => r.regionCode),
    ).toEqual(['420600']);
  });

  it('flags some region × specialty pairs as shortage and some as oversupply under the saved thresholds', async () => {
    const settings = await get('province', '/api/warning/settings');
    expect(settings.isDefault).toBe(false);
    const w = await get('province', '/api/warning?year=2025');
    const flags = w.rows.flatMap((r: { flags: string[] }) => r.flags);
    expect(flags).toContain('shortage');
    expect(flags).toContain('oversupply');
  });
});

describe('demo results pages', () => {
  it('lists published cases, a draft for the province, commended schools and enterprises, and the signing ceremony', async () => {
    const pub = await get(null, '/api/results/cases?year=2025');
    expect(pub.total).toBeGreaterThanOrEqual(3);
    for (const c of pub.items) expect(c.title).toContain('示例');
    const full = await get(null, `/api/results/cases/${pub.items[0].id}`);
    expect(full.body.length).toBeGreaterThan(200);
    const admin = await get('province', '/api/cases?year=2025');
    expect(admin.items.filter((c: { status: string }) => c.status === 'draft')).toHaveLength(1);
    const com = await get(null, '/api/results/commendations?year=2025');
    expect(new Set(com.items.map((c: { orgType: string }) => c.orgType))).toEqual(new Set(['school', 'enterprise']));
    expect(
      com.items.every(
        (c: { citation: string; orgName: string }) => c.citation.includes('示例') && c.orgName.includes('示例'),
      ),
    ).toBe(true);
    expect((await get(null, '/api/results/signing-ceremony')).items.length).toBeGreaterThanOrEqual(1);
  });
});

describe('demo results seed', () => {
  const tables = {
    selectionRounds,
    selectionExperts,
    selectionNominations,
    selectionDeclarations,
    selectionScores,
    selectionObjections,
    cases,
    commendations,
    assessmentSchemes,
    assessmentManualScores,
    warningSettings,
  };

  // Removes the demo in a transaction it then rolls back: the other tests still read the whole demo, in any order.
  it('is removed by the demo reset', async () => {
    await rolledBack(demo.database, async (tx) => {
      for (const t of Object.values(tables))
        expect((await tx.select({ n: count() }).from(t))[0].n, 'seeded before the reset').toBeGreaterThan(0);
      await deleteDemoRowsIn(tx);
      for (const t of Object.values(tables)) expect((await tx.select({ n: count() }).from(t))[0].n).toBe(0);
    });
  });
});
