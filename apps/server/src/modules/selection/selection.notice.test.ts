import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { auditActionLabel } from '@cjrh/domain';
import { exec, solveCaptcha } from '../../../test/app';
import { bj, o, objectTo, ownRound, req, scoreAll, selectionStatus, setUp, t, year } from './selection.testkit';

// The public notice with its objections, the published result and the audit trail of the whole round. Each test takes
// a round of its own (shortlisted, or through the notice with noticeOver), so the tests pass alone and in any order;
// the tests that go on publish their round, so only the notice test leaves one under notice.
beforeAll(async () => {
  await setUp();
});
afterAll(() => t.close());

const OBJECTION = { name: '王某', contact: '13712345678', content: '该基地实际接收学生人数与申报不符，请核实。' };

/** Arrange: a round of its own, scored by experts 1–6 and shortlisted: A and C on the list, B not selected. */
async function shortlisted() {
  const r = await ownRound('review');
  await scoreAll(r.nom);
  const s = await req('prov', 'POST', `/api/selection/rounds/${r.id}/shortlist`);
  expect(s.statusCode, s.body).toBe(200);
  return r;
}

/** Arrange: a shortlisted round whose notice has run and ended, the objection to A dismissed, the one to C upheld. */
async function noticeOver() {
  const r = await shortlisted();
  const n = await req('prov', 'POST', `/api/selection/rounds/${r.id}/notice`, { from: bj(1), to: bj(7) });
  expect(n.statusCode, n.body).toBe(200);
  await exec(t, sql`update selection_rounds set notice_from = ${bj()} where id = ${r.id}`);
  expect((await objectTo(r.nom.A, OBJECTION)).statusCode).toBe(201);
  expect(
    (await objectTo(r.nom.C, { ...OBJECTION, content: '该专业群课程并非校企共建，存在材料不实。' })).statusCode,
  ).toBe(201);
  await exec(t, sql`update selection_rounds set notice_from = ${bj(-8)}, notice_to = ${bj(-1)} where id = ${r.id}`);
  const objections = (
    await exec(
      t,
      sql`select id, nomination_id as "nominationId" from selection_objections where nomination_id in (${r.nom.A}, ${r.nom.C})`,
    )
  ).rows;
  for (const ob of objections) {
    const upheld = ob.nominationId === r.nom.C;
    const res = await req('prov', 'POST', `/api/selection/objections/${ob.id}/resolve`, {
      status: upheld ? 'upheld' : 'dismissed',
      resolution: upheld ? '经核实，课程系学校单独开发' : '经核实，接收学生人数与台账一致',
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  return r;
}

describe('a demonstration round', () => {
  it('public notice: objections only inside the period, each resolved before the result is published', async () => {
    const round = await shortlisted();
    const { nom, p } = round;
    const n = await req('prov', 'POST', `/api/selection/rounds/${round.id}/notice`, { from: bj(1), to: bj(7) });
    expect(n.statusCode, n.body).toBe(200);
    expect(n.json().status).toBe('public_notice');
    const objection = OBJECTION;
    const early = await objectTo(nom.A, objection);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'outside_notice_period',
      message: expect.stringContaining('不在公示期内，不受理异议'),
    });
    expect((await req(null, 'GET', '/api/results/demonstrations')).json().inNotice).toEqual([]);

    // A day passes: the notice has begun (dates shifted in the database instead of the clock).
    await exec(t, sql`update selection_rounds set notice_from = ${bj()} where id = ${round.id}`);
    const pub = (await req(null, 'GET', `/api/results/demonstrations?year=${year}`)).json().inNotice[0];
    expect(pub).toMatchObject({ roundId: round.id, acceptingObjections: true });
    // Only the shortlisted projects are on the notice (B, not selected, is not).
    expect(pub.items.map((i: { projectId: number }) => i.projectId).sort((x: number, y: number) => x - y)).toEqual(
      [p.A, p.C].sort((x, y) => x - y),
    );
    expect(pub.items.find((i: { projectId: number }) => i.projectId === p.A).objectionPath).toBe(
      `/api/selection/nominations/${nom.A}/objections`,
    );
    const short = await objectTo(nom.A, { ...objection, content: '不符' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/异议内容至少 10 个字/);
    // Without a captcha, or with a wrong or spent one: refused, nothing recorded.
    const bare = await req(null, 'POST', `/api/selection/nominations/${nom.A}/objections`, objection);
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error).toMatchObject({ code: 'captcha_required', message: '请输入图形验证码' });
    const wrong = await req(null, 'POST', `/api/selection/nominations/${nom.A}/objections`, {
      ...objection,
      captchaId: (await solveCaptcha(t)).captchaId,
      captchaAnswer: 'zzzz',
    });
    expect(wrong.json().error).toMatchObject({ code: 'captcha_invalid', message: '验证码错误或已过期，请重新输入' });
    const spent = await solveCaptcha(t);
    expect(
      (
        await req(null, 'POST', `/api/selection/nominations/${nom.A}/objections`, {
          ...objection,
          captchaId: spent.captchaId,
          captchaAnswer: 'zzzz',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await req(null, 'POST', `/api/selection/nominations/${nom.A}/objections`, { ...objection, ...spent })).json()
        .error.code,
    ).toBe('captcha_invalid');
    expect(
      (
        await exec(
          t,
          sql`select count(*)::int as n from selection_objections where nomination_id in (${nom.A}, ${nom.B}, ${nom.C})`,
        )
      ).rows[0].n,
    ).toBe(0);
    const ok = await objectTo(nom.A, objection);
    expect(ok.statusCode, ok.body).toBe(201);
    const onC = await objectTo(nom.C, {
      name: '赵某',
      contact: 'zhao@example.com',
      content: '该专业群课程并非校企共建，存在材料不实。',
    });
    expect(onC.statusCode).toBe(201);
    expect((await objectTo(nom.B, objection)).statusCode).toBe(409);
    const tooEarly = await req('prov', 'POST', `/api/selection/rounds/${round.id}/publish`);
    expect(tooEarly.json().error.code).toBe('notice_not_over');

    // The notice ends.
    await exec(
      t,
      sql`update selection_rounds set notice_from = ${bj(-8)}, notice_to = ${bj(-1)} where id = ${round.id}`,
    );
    expect((await objectTo(nom.A, objection)).json().error.code).toBe('outside_notice_period');
    const unresolved = await req('prov', 'POST', `/api/selection/rounds/${round.id}/publish`);
    expect(unresolved.statusCode).toBe(409);
    expect(unresolved.json().error).toEqual({
      code: 'objections_open',
      message: '还有 2 条异议未处理，全部处理后才能发布遴选结果',
    });

    const detail = (await req('prov', 'GET', `/api/selection/rounds/${round.id}`)).json();
    const objA = detail.nominations.find((x: { id: number }) => x.id === nom.A).objections[0];
    const objC = detail.nominations.find((x: { id: number }) => x.id === nom.C).objections[0];
    expect(objA.submitterContact).toBe('13712345678');
    const regionView = (await req('xy-b', 'GET', `/api/selection/rounds/${round.id}`))
      .json()
      .nominations.find((x: { id: number }) => x.id === nom.A).objections[0];
    expect(regionView.submitterContact).toBeUndefined();
    expect(
      (
        await req('xy-b', 'POST', `/api/selection/objections/${objA.id}/resolve`, {
          status: 'dismissed',
          resolution: '经核实材料属实',
        })
      ).statusCode,
    ).toBe(403);
    const dismissed = await req('prov', 'POST', `/api/selection/objections/${objA.id}/resolve`, {
      status: 'dismissed',
      resolution: '经核实，接收学生人数与台账一致',
    });
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', resolution: '经核实，接收学生人数与台账一致' });
    expect(
      (
        await req('prov', 'POST', `/api/selection/objections/${objA.id}/resolve`, {
          status: 'upheld',
          resolution: '再次处理',
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await req('prov', 'POST', `/api/selection/objections/${objC.id}/resolve`, {
          status: 'upheld',
          resolution: '经核实，课程系学校单独开发',
        })
      ).statusCode,
    ).toBe(200);
    expect(await selectionStatus(p.C)).toBe('not_selected');
  });

  it('publishing selects the projects left on the list; the indicator and the public page count them', async () => {
    const round = await noticeOver();
    const { nom, p } = round;
    const indicator = async () => {
      const items = (await req('prov', 'GET', '/api/indicators')).json().items;
      return ['demo_bases', 'demo_specialties'].map((id) => items.find((i: { id: string }) => i.id === id).numerator);
    };
    const [basesBefore, specialtiesBefore] = await indicator();
    const r = await req('prov', 'POST', `/api/selection/rounds/${round.id}/publish`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('published');
    expect([await selectionStatus(p.A), await selectionStatus(p.B), await selectionStatus(p.C)]).toEqual([
      'selected',
      'not_selected',
      'not_selected',
    ]);
    expect(await indicator()).toEqual([basesBefore + 1, specialtiesBefore]);
    // The round's own project A: the setUp title under the round's prefix.
    const titleA = (await exec(t, sql`select title from projects where id = ${p.A}`)).rows[0].title;
    expect(titleA).toMatch(/^测试轮\d+·汽车智能制造实训基地$/);
    const notes = (await req('sch-a', 'GET', '/api/notifications')).json().items;
    expect(
      notes.some((x: { kind: string; title: string }) => x.kind === 'selection_selected' && x.title.includes(titleA)),
    ).toBe(true);

    const pub = await req(null, 'GET', `/api/results/demonstrations?year=${year}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json().inNotice.map((x: { roundId: number }) => x.roundId)).not.toContain(round.id);
    const published = pub.json().published.find((x: { roundId: number }) => x.roundId === round.id);
    expect(published.items).toEqual([
      {
        nominationId: nom.A,
        projectId: p.A,
        title: titleA,
        type: 'base',
        typeLabel: '实习实训基地',
        regionCode: '420600',
        regionName: '襄阳市',
        school: { orgId: o.schA.id, name: o.schA.name },
        partners: [{ orgId: o.entA.id, name: o.entA.name, side: 'enterprise' }],
      },
    ]);
    for (const secret of ['张联系人', '13800001111', '李联系人', '13900002222', '13712345678'])
      expect(pub.body).not.toContain(secret);
  });

  it("every move is in the audit log, without the objector's contact", async () => {
    const round = await noticeOver();
    expect((await req('prov', 'POST', `/api/selection/rounds/${round.id}/publish`)).statusCode).toBe(200);
    const rows = (await exec(t, sql`select action, after from audit_log where action like 'selection.%' order by id`))
      .rows;
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      'selection.round.create',
      'selection.nominate',
      'selection.experts',
      'selection.declare',
      'selection.score',
      'selection.score.revise',
      'selection.shortlist',
      'selection.notice',
      'selection.objection',
      'selection.objection.resolve',
      'selection.publish',
    ])
      expect(actions).toContain(a);
    expect(JSON.stringify(rows.filter((r) => r.action === 'selection.objection'))).not.toContain('13712345678');
    // Entries written before the rename keep their demo.* code (the log is append-only) and read with the same label.
    expect(auditActionLabel('demo.nominate')).toBe(auditActionLabel('selection.nominate'));
    expect(auditActionLabel('selection.nominate')).toBe('推荐示范项目');
    expect(auditActionLabel('demo.remove')).toBe('删除示例数据');
  });
});
