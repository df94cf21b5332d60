import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownRound, req, scoreAll, selectionStatus, setUp, sheet, t, u } from './selection.testkit';

// The review: experts appointed, conflicts of interest, scores against the rubric, the shortlist. setUp() makes the
// organisations, accounts and agreements every test reads; each test takes a round of its own (ownRound: new projects
// nominated in a round with a title of its own), so the tests pass alone and in any order.
beforeAll(async () => {
  await setUp();
});
afterAll(() => t.close());

describe('a demonstration round', () => {
  it('the province appoints experts (only expert accounts); the review starts', async () => {
    const { id, p } = await ownRound();
    const bad = await req('prov', 'POST', `/api/selection/rounds/${id}/experts`, {
      userIds: [u.ex1, u['sch-a']],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('not_experts');
    const r = await req('prov', 'POST', `/api/selection/rounds/${id}/experts`, {
      userIds: [1, 2, 3, 4, 5, 6].map((i) => u[`ex${i}`]),
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('review');
    expect(r.json().nominations.map((n: { status: string }) => n.status)).toEqual([
      'under_review',
      'under_review',
      'under_review',
    ]);
    expect(await selectionStatus(p.B)).toBe('under_review');
    expect(
      (
        await req('xy-b', 'POST', `/api/selection/rounds/${id}/nominations`, {
          projectId: p.A,
          statement: '评审开始后再推荐的理由',
        })
      ).statusCode,
    ).toBe(409);
    expect((await req('ex7', 'GET', `/api/selection/rounds/${id}`)).statusCode).toBe(404);
    expect((await req('ex7', 'GET', '/api/selection/rounds')).json().items).toEqual([]);
  });

  it('a conflicted expert is refused when scoring (409), whether it declared or the platform found it', async () => {
    const { nom } = await ownRound('review');
    const auto = await req('ex6', 'PUT', `/api/selection/nominations/${nom.A}/score`, sheet(40, 40, 20));
    expect(auto.statusCode).toBe(409);
    expect(auto.json().error).toMatchObject({
      code: 'conflict_of_interest',
      message: '已声明利益冲突，不能对该项目评分',
    });
    expect(
      (await req('ex6', 'POST', `/api/selection/nominations/${nom.A}/declaration`, { conflict: false })).json().error
        .code,
    ).toBe('already_declared');
    const declared = await req('ex5', 'POST', `/api/selection/nominations/${nom.B}/declaration`, {
      conflict: true,
      reason: '本人曾在该校兼职授课',
    });
    expect(declared.statusCode).toBe(201);
    const refused = await req('ex5', 'PUT', `/api/selection/nominations/${nom.B}/score`, sheet(30, 30, 15));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'conflict_of_interest',
      message: '已声明利益冲突，不能对该项目评分',
    });
    expect(
      (await req('ex1', 'PUT', `/api/selection/nominations/${nom.A}/score`, sheet(30, 30, 15))).json().error.code,
    ).toBe('declaration_required');
  });

  it("experts score against the rubric and may revise; they never see each other's scores", async () => {
    const { id, nom } = await ownRound('review');
    const declare = (who: string, n: number) =>
      req(who, 'POST', `/api/selection/nominations/${n}/declaration`, { conflict: false });
    for (const who of ['ex1', 'ex2', 'ex3', 'ex4', 'ex5']) expect((await declare(who, nom.A)).statusCode).toBe(201);
    for (const who of ['ex1', 'ex2', 'ex3', 'ex4', 'ex6']) await declare(who, nom.B);
    for (const who of ['ex1', 'ex2', 'ex3']) await declare(who, nom.C);
    const over = await req('ex1', 'PUT', `/api/selection/nominations/${nom.A}/score`, sheet(45, 30, 15));
    expect(over.statusCode).toBe(400);
    expect(over.json().error.message).toBe('“合作深度”的分数应在 0 至 40 分之间');
    const missing = await req('ex1', 'PUT', `/api/selection/nominations/${nom.A}/score`, {
      scores: { cooperation: 30, outcomes: 30 },
    });
    expect(missing.json().error.message).toBe('请为“示范引领”打分');
    const score = async (who: string, n: number, s: [number, number, number]) => {
      const r = await req(who, 'PUT', `/api/selection/nominations/${n}/score`, sheet(...s));
      expect(r.statusCode, r.body).toBe(200);
      return r.json().total;
    };
    // A: 90, 80 (after a revision from 78), 85, 70, 60.
    expect(await score('ex1', nom.A, [36, 36, 18])).toBe(90);
    expect(await score('ex2', nom.A, [31, 31, 16])).toBe(78);
    expect(await score('ex2', nom.A, [32, 32, 16])).toBe(80);
    await score('ex3', nom.A, [34, 34, 17]);
    await score('ex4', nom.A, [28, 28, 14]);
    await score('ex5', nom.A, [24, 24, 12]);
    // B: 70, 75, 72, 68 and 100 from ex6 (no conflict on B).
    for (const [who, s] of [
      ['ex1', [28, 28, 14]],
      ['ex2', [30, 30, 15]],
      ['ex3', [29, 29, 14]],
      ['ex4', [27, 27, 14]],
      ['ex6', [40, 40, 20]],
    ] as const)
      await score(who, nom.B, [...s]);
    // C: only two so far.
    await score('ex1', nom.C, [35, 35, 18]);
    await score('ex2', nom.C, [33, 33, 16]);

    const seen = (await req('ex1', 'GET', `/api/selection/rounds/${id}`)).json().nominations;
    expect(seen).toHaveLength(3);
    const a = seen.find((n: { id: number }) => n.id === nom.A);
    expect(a.myScore.total).toBe(90);
    expect(a.finalScore).toBeNull();
    expect(a.scores).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain('"total":80');
    const mine6 = (await req('ex6', 'GET', `/api/selection/rounds/${id}`))
      .json()
      .nominations.find((n: { id: number }) => n.id === nom.A);
    expect(mine6).toMatchObject({ myDeclaration: { conflict: true, automatic: true }, allowedActions: [] });
  });

  it('the shortlist needs 3 valid scores each, drops the extremes from 5, and follows the quota per type', async () => {
    const { id, p, nom } = await ownRound('review');
    // Every score of the review except the third for C (ex3's).
    await scoreAll(nom, { withoutLastOfC: true });
    const early = await req('prov', 'POST', `/api/selection/rounds/${id}/shortlist`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'not_enough_scores',
      message: expect.stringContaining('光电智能制造专业群”（2 份）'),
    });
    await req('ex3', 'PUT', `/api/selection/nominations/${nom.C}/score`, sheet(32, 31, 16));
    const r = await req('prov', 'POST', `/api/selection/rounds/${id}/shortlist`);
    expect(r.statusCode, r.body).toBe(200);
    const by = Object.fromEntries(
      r
        .json()
        .nominations.map((n: { id: number; status: string; finalScore: number; validScoreCount: number }) => [
          n.id,
          [n.status, n.finalScore, n.validScoreCount],
        ]),
    );
    // A: drop 90 and 60 → (80 + 85 + 70) / 3 = 78.33. B: ex5 conflicted, drop 100 and 68 → (70 + 72 + 75) / 3 = 72.33.
    // C: three scores, no trimming → (88 + 82 + 79) / 3 = 83. Quota base 1: A beats B.
    expect(by[nom.A]).toEqual(['shortlisted', 78.33, 5]);
    expect(by[nom.B]).toEqual(['not_selected', 72.33, 5]);
    expect(by[nom.C]).toEqual(['shortlisted', 83, 3]);
    expect([await selectionStatus(p.A), await selectionStatus(p.B)]).toEqual(['shortlisted', 'not_selected']);
    const late = await req('ex1', 'PUT', `/api/selection/nominations/${nom.A}/score`, sheet(40, 40, 20));
    expect(late.statusCode).toBe(409);
  });
});
