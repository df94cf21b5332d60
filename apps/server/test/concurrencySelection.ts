import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { addDaysIso, today } from '../src/lib/clock';
import type { Case, Ctx } from './concurrencyKit';

// The demonstration-selection cases of src/http/concurrency.test.ts (issue 16): a round brought through the real API
// to the stage each route needs — a 襄阳 project of the round's type, the bureau's nomination, three experts who
// declared and scored, the shortlist, the notice (moved into the past by hand where publication needs it over).

interface Helpers {
  uniq(): string;
  project(x: Ctx, kind: { type: string; data: Record<string, unknown> }): Promise<{ p: { id: number } }>;
}
type Stage = 'nomination' | 'review' | 'declared' | 'scored' | 'shortlisted' | 'notice' | 'objected' | 'over';
const ORDER: Stage[] = ['nomination', 'review', 'declared', 'scored', 'shortlisted', 'notice', 'objected', 'over'];
const BASE = {
  type: 'base',
  data: { location: '襄阳市高新区', mode: '校企一体', productive: true, capacity: 100, specialtyCodes: ['0102'] },
};
const RUBRIC = [{ key: 'a', label: '合作成效', max: 100 }];
const STATEMENT = '校企共建研发中心，成果已在企业生产线应用。';
const OBJECTION = {
  name: '并发异议人',
  contact: '13800001234',
  content: '该项目实训基地建设情况与申报材料不符，请核实。',
};

async function round(x: Ctx, h: Helpers, stage: Stage) {
  const past = (s: Stage) => ORDER.indexOf(stage) >= ORDER.indexOf(s);
  const k = h.uniq();
  const r = await x.send('cc-prov', 'POST', '/api/selection/rounds', {
    year: 2026,
    title: `并发遴选${k}`,
    projectTypes: ['base'],
    rubric: RUBRIC,
    quota: { base: 1 },
  });
  const { p } = await h.project(x, BASE);
  const out = { round: r.id as number, project: p.id, nomination: 0, experts: [] as string[], objection: 0 };
  if (stage === 'nomination') return out;
  out.nomination = (
    await x.send('cc-reg', 'POST', `/api/selection/rounds/${r.id}/nominations`, {
      projectId: p.id,
      statement: STATEMENT,
    })
  ).id;
  const ids: number[] = [];
  for (let i = 0; i < 3; i++) {
    const u = `cc-x-${k}-${i}`;
    ids.push((await x.makeUser({ username: u, role: 'expert', displayName: `并发专家${i}` })).id);
    x.c[u] = await x.login(u);
    out.experts.push(u);
  }
  await x.send('cc-prov', 'POST', `/api/selection/rounds/${r.id}/experts`, { userIds: ids });
  if (!past('declared')) return out;
  for (const [i, e] of out.experts.entries()) {
    await x.send(e, 'POST', `/api/selection/nominations/${out.nomination}/declaration`, {
      conflict: false,
      reason: '',
    });
    if (past('scored') || i > 0)
      await x.send(e, 'PUT', `/api/selection/nominations/${out.nomination}/score`, {
        scores: { a: 80 + i },
        comment: '',
      });
  }
  if (!past('shortlisted')) return out;
  await x.send('cc-prov', 'POST', `/api/selection/rounds/${r.id}/shortlist`);
  if (!past('notice')) return out;
  await x.send('cc-prov', 'POST', `/api/selection/rounds/${r.id}/notice`, {
    from: today(),
    to: addDaysIso(today(), 7),
  });
  if (past('objected'))
    out.objection = (
      await x.send('cc-sch', 'POST', `/api/selection/nominations/${out.nomination}/objections`, OBJECTION)
    ).id;
  if (past('over')) {
    await x.send('cc-prov', 'POST', `/api/selection/objections/${out.objection}/resolve`, {
      status: 'dismissed',
      resolution: '经核实材料属实',
    });
    await x.sql(
      sql`update selection_rounds set notice_from = ${addDaysIso(today(), -10)}, notice_to = ${addDaysIso(today(), -3)} where id = ${r.id}`,
    );
  }
  return out;
}

const status = async (x: Ctx, table: 'selection_rounds' | 'selection_nominations', id: number) =>
  (await x.sql(sql`select status from ${sql.raw(table)} where id = ${id}`))[0].status as string;

export const selectionCases = (h: Helpers): Case[] => [
  {
    route: 'POST /api/selection/rounds/{id}/nominations',
    arrange: async (x) => {
      const s = await round(x, h, 'nomination');
      return {
        who: 'cc-reg',
        method: 'POST',
        url: `/api/selection/rounds/${s.round}/nominations`,
        body: { projectId: s.project, statement: STATEMENT },
      };
    },
    check: async (x, s) =>
      expect(
        await x.sql(sql`select id from selection_nominations where round_id = ${Number(s.url.split('/')[4])}`),
      ).toHaveLength(1),
  },
  {
    route: 'POST /api/selection/rounds/{id}/experts',
    // The same experts again: nothing left to appoint (200, no entry, no second invitation).
    idempotent: true,
    arrange: async (x) => {
      const s = await round(x, h, 'nomination');
      await x.send('cc-reg', 'POST', `/api/selection/rounds/${s.round}/nominations`, {
        projectId: s.project,
        statement: STATEMENT,
      });
      return {
        who: 'cc-prov',
        method: 'POST',
        url: `/api/selection/rounds/${s.round}/experts`,
        body: { userIds: [x.ids.expert] },
      };
    },
    check: async (x, s) => {
      const id = Number(s.url.split('/')[4]);
      expect(await status(x, 'selection_rounds', id)).toBe('review');
      expect(
        await x.sql(
          sql`select id from notifications where user_id = ${x.ids.expert} and link = ${`/selection/rounds/${id}`}`,
        ),
      ).toHaveLength(1);
    },
  },
  {
    route: 'POST /api/selection/nominations/{id}/declaration',
    arrange: async (x) => {
      const s = await round(x, h, 'review');
      return {
        who: s.experts[0],
        method: 'POST',
        url: `/api/selection/nominations/${s.nomination}/declaration`,
        body: { conflict: false, reason: '' },
      };
    },
  },
  {
    route: 'PUT /api/selection/nominations/{id}/score',
    // The same sheet again is no revision: answered as saved, one entry.
    idempotent: true,
    arrange: async (x) => {
      const s = await round(x, h, 'declared');
      return {
        who: s.experts[0],
        method: 'PUT',
        url: `/api/selection/nominations/${s.nomination}/score`,
        body: { scores: { a: 90 }, comment: '成效显著' },
      };
    },
  },
  {
    route: 'POST /api/selection/rounds/{id}/shortlist',
    arrange: async (x) => ({
      who: 'cc-prov',
      method: 'POST',
      url: `/api/selection/rounds/${(await round(x, h, 'scored')).round}/shortlist`,
    }),
    check: async (x, s, ok) =>
      expect(ok[0].nominations.filter((n: { status: string }) => n.status === 'shortlisted')).toHaveLength(1),
  },
  {
    route: 'POST /api/selection/rounds/{id}/notice',
    arrange: async (x) => ({
      who: 'cc-prov',
      method: 'POST',
      url: `/api/selection/rounds/${(await round(x, h, 'shortlisted')).round}/notice`,
      body: { from: today(), to: addDaysIso(today(), 7) },
    }),
  },
  {
    route: 'POST /api/selection/nominations/{id}/objections',
    label: 'signed in, no captcha',
    arrange: async (x) => ({
      who: 'cc-sch',
      method: 'POST',
      url: `/api/selection/nominations/${(await round(x, h, 'notice')).nomination}/objections`,
      body: OBJECTION,
    }),
    check: async (x, s) =>
      expect(
        await x.sql(sql`select id from selection_objections where nomination_id = ${Number(s.url.split('/')[4])}`),
      ).toHaveLength(1),
  },
  {
    route: 'POST /api/selection/objections/{id}/resolve',
    arrange: async (x) => ({
      who: 'cc-prov',
      method: 'POST',
      url: `/api/selection/objections/${(await round(x, h, 'objected')).objection}/resolve`,
      body: { status: 'upheld', resolution: '经核实材料不符' },
    }),
  },
  {
    route: 'POST /api/selection/rounds/{id}/publish',
    arrange: async (x) => ({
      who: 'cc-prov',
      method: 'POST',
      url: `/api/selection/rounds/${(await round(x, h, 'over')).round}/publish`,
    }),
    check: async (x, s) => {
      const id = Number(s.url.split('/')[4]);
      expect(await status(x, 'selection_rounds', id)).toBe('published');
      expect(
        await x.sql(sql`select id from selection_nominations where round_id = ${id} and status = 'selected'`),
      ).toHaveLength(1);
    },
  },
];
