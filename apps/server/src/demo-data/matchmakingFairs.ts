import { apportion, type Rng } from './random';
import { eventMeetings, eventRegistrations, events } from '../db/schema/index';
import { dayOf } from './stageCommon';
import { atX } from './campaign';
import { OUTCOME_NOTES } from './dialogue';
import type { Ranking } from './matchmakingLines';
import {
  beijingMorning,
  beijingTime,
  ONLINE_EVENT_TITLE,
  recentWork,
  weekday,
  XIANGYANG,
  XIANGYANG_EVENT_TITLE,
  type Stage,
} from './matchmakingStage';

// Steps 7 and 9 of the matchmaking demo: the provincial online fair of 2025-09-15 (past, with outcomes) and 襄阳's
// fair two weeks after the time of seeding (registrations and meetings booked so far).

type Outcome = 'none' | 'intent' | 'agreement_to_sign' | 'no_deal';

function slotsBetween(start: Date, end: Date, minutes: number): Date[] {
  const out: Date[] = [];
  for (let t = start.getTime(); t + minutes * 60_000 <= end.getTime(); t += minutes * 60_000) out.push(new Date(t));
  return out;
}

/** Meetings without double-booking: each pair in order gets a free slot of both sides (picked at random). */
function bookMeetings(rng: Rng, pairs: { s: number; e: number }[], slots: Date[], target: number, maxPerOrg: number) {
  const busy = new Set<string>();
  const perOrg = new Map<number, number>();
  const out: { slot: Date; s: number; e: number }[] = [];
  const seen = new Set<string>();
  for (const p of pairs) {
    if (out.length >= target) break;
    if (seen.has(`${p.s}|${p.e}`) || (perOrg.get(p.s) ?? 0) >= maxPerOrg || (perOrg.get(p.e) ?? 0) >= maxPerOrg)
      continue;
    const free = slots.filter((sl) => !busy.has(`${sl.getTime()}|${p.s}`) && !busy.has(`${sl.getTime()}|${p.e}`));
    if (!free.length) continue;
    const slot = rng.pick(free);
    busy.add(`${slot.getTime()}|${p.s}`);
    busy.add(`${slot.getTime()}|${p.e}`);
    perOrg.set(p.s, (perOrg.get(p.s) ?? 0) + 1);
    perOrg.set(p.e, (perOrg.get(p.e) ?? 0) + 1);
    seen.add(`${p.s}|${p.e}`);
    out.push({ slot, s: p.s, e: p.e });
  }
  // Tables numbered per slot, in booking order.
  const tables = new Map<number, number>();
  return out.map((m) => {
    const k = (tables.get(m.slot.getTime()) ?? 0) + 1;
    tables.set(m.slot.getTime(), k);
    return { ...m, table: k };
  });
}

export async function seedOnlineFair(stage: Stage, ranking: Ranking) {
  const { tx, rng, campaignId, province, demoOrgId, orgUsers, push } = stage;
  const { linesOf, recsOf, pairScore, isSchool } = ranking;
  // 7. The provincial online fair of 2025-09-15 (past, closed): registrations, booked meetings, outcomes.
  const [online] = await tx
    .insert(events)
    .values({
      campaignId,
      title: ONLINE_EVENT_TITLE,
      organiserRole: 'province',
      regionCode: null,
      startsAt: atX(dayOf('2025-09-15')),
      endsAt: atX(dayOf('2025-09-15') + 1 / 3),
      place: '线上洽谈平台（示例）',
      online: true,
      capacity: 200,
      slotMinutes: 30,
      description: '面向全省技工院校和重点企业的线上洽谈会：报名单位可在平台上预约 30 分钟的视频洽谈，洽谈后记录成果。',
      status: 'closed',
      createdBy: province.id,
      createdAt: atX(dayOf('2025-09-01') + 0.2),
    })
    .returning();
  const withRecs = (orgId: number) => (recsOf.get(orgId)?.length ?? 0) > 0;
  const demoSchools = [
    `school-${XIANGYANG}-01`,
    'school-420500-01',
    'school-420900-02',
    'school-421000-01',
    'school-420200-02',
  ]
    .map(demoOrgId)
    .filter((id) => linesOf.has(id) && withRecs(id));
  const schoolsWithRecs = [...linesOf.keys()].filter((id) => isSchool(id) && withRecs(id));
  const onlineSchools = [
    ...demoSchools,
    ...rng.sample(
      schoolsWithRecs.filter((id) => !demoSchools.includes(id)),
      Math.max(0, 14 - demoSchools.length),
    ),
  ];
  const onlineEnts: number[] = [];
  for (const id of [`enterprise-${XIANGYANG}-01`, 'enterprise-420500-01', 'enterprise-421000-01'].map(demoOrgId))
    if (linesOf.has(id) && withRecs(id)) onlineEnts.push(id);
  for (let round = 0; onlineEnts.length < 22 && round < 5; round++) {
    for (const s of onlineSchools) {
      const next = (recsOf.get(s) ?? []).find((r) => !onlineEnts.includes(r.cp));
      if (next && onlineEnts.length < 22) onlineEnts.push(next.cp);
    }
  }
  const onlineRegs = [...onlineSchools, ...onlineEnts]
    .map((orgId) => ({
      orgId,
      at: atX(weekday(dayOf('2025-09-02') + rng.int(0, 8)) + rng.next() * 0.9),
      attendees: rng.int(1, 3),
    }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.orgId - b.orgId);
  await tx
    .insert(eventRegistrations)
    .values(onlineRegs.map((r) => ({ eventId: online.id, orgId: r.orgId, attendees: r.attendees, createdAt: r.at })));
  const onlinePairs = onlineSchools
    .flatMap((s) => onlineEnts.filter((e) => pairScore(s, e) > 0).map((e) => ({ s, e, score: pairScore(s, e) })))
    .sort(
      (a, b) =>
        Number(demoSchools.includes(b.s)) - Number(demoSchools.includes(a.s)) ||
        b.score - a.score ||
        a.s - b.s ||
        a.e - b.e,
    );
  const onlineMeetings = bookMeetings(
    rng,
    onlinePairs,
    slotsBetween(online.startsAt, online.endsAt, online.slotMinutes),
    24,
    3,
  );
  const outcomePool: Outcome[] = [];
  apportion(onlineMeetings.length, [40, 20, 25, 15]).forEach((k, i) =>
    outcomePool.push(...Array<Outcome>(k).fill((['intent', 'agreement_to_sign', 'no_deal', 'none'] as const)[i])),
  );
  const outcomes = rng.shuffle(outcomePool);
  const onlineRows = onlineMeetings.map((m, i) => {
    const outcome = outcomes[i];
    return {
      eventId: online.id,
      slotStart: m.slot,
      schoolOrgId: m.s,
      enterpriseOrgId: m.e,
      table: `洽谈室 ${String(m.table).padStart(2, '0')}`,
      outcome,
      outcomeNote: outcome === 'none' ? '' : rng.pick(OUTCOME_NOTES[outcome]),
      createdBy: province.id,
      createdAt: atX(dayOf('2025-09-10') + (i % 3) + rng.next() * 0.9),
    };
  });
  onlineRows.sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.slotStart.getTime() - b.slotStart.getTime(),
  );
  if (onlineRows.length) await tx.insert(eventMeetings).values(onlineRows);
  for (const m of onlineRows) {
    const title = `${ONLINE_EVENT_TITLE}：已预约 ${beijingTime(m.slotStart)} 的洽谈`;
    for (const org of [m.schoolOrgId, m.enterpriseOrgId])
      push(
        orgUsers(org),
        m.createdAt,
        { kind: 'meeting_booked', title, link: `/events/${online.id}` },
        new Date(m.createdAt.getTime() + 3 * 3_600_000),
      );
  }
  return { online, onlineRegs, onlineRows };
}

export async function seedXiangyangFair(stage: Stage, ranking: Ranking, now: Date) {
  const { tx, rng, campaignId, byName, userOfOrg, demoOrgId, orgUsers, push } = stage;
  const { linesOf, recsOf, pairScore, info, isSchool } = ranking;
  // 9. 襄阳's fair, two weeks from now: registrations of 襄阳's schools and enterprises, meetings booked so far.
  const xyRegion = byName.get(`region-${XIANGYANG}`);
  const startsAt = beijingMorning(now, 14);
  const endsAt = new Date(startsAt.getTime() + 3 * 3_600_000);
  const [fair] = await tx
    .insert(events)
    .values({
      campaignId,
      title: XIANGYANG_EVENT_TITLE,
      organiserRole: 'region',
      regionCode: XIANGYANG,
      startsAt,
      endsAt,
      place: '襄阳市示例会展中心 A 馆',
      online: false,
      capacity: 60,
      slotMinutes: 20,
      description:
        '襄阳市人社局主办，面向市内技工院校和重点企业：现场按预约时段一对一洽谈（每段 20 分钟），请报名后在平台上预约洽谈对象。',
      status: 'open',
      createdBy: xyRegion?.id ?? null,
      createdAt: recentWork(now, 12, 0.1),
    })
    .returning();
  const xyDemo = [
    `school-${XIANGYANG}-01`,
    `school-${XIANGYANG}-02`,
    `enterprise-${XIANGYANG}-01`,
    `enterprise-${XIANGYANG}-02`,
  ]
    .map(demoOrgId)
    .filter((id) => linesOf.has(id));
  const xyAllSchools = [...linesOf.keys()]
    .filter((id) => isSchool(id) && info(id).regionCode === XIANGYANG)
    .sort((a, b) => a - b);
  const fairSchools = [...xyDemo.filter(isSchool), ...xyAllSchools.filter((id) => !xyDemo.includes(id))].slice(0, 10);
  const entScore = new Map<number, number>();
  for (const s of fairSchools)
    for (const r of recsOf.get(s) ?? [])
      if (!isSchool(r.cp) && info(r.cp).regionCode === XIANGYANG)
        entScore.set(r.cp, (entScore.get(r.cp) ?? 0) + r.score);
  for (const [orgId] of linesOf)
    if (!isSchool(orgId) && info(orgId).regionCode === XIANGYANG && !entScore.has(orgId)) entScore.set(orgId, 0);
  const fairEnts = [
    ...xyDemo.filter((id) => !isSchool(id)),
    ...[...entScore.entries()]
      .filter(([id]) => !xyDemo.includes(id))
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([id]) => id),
  ].slice(0, 30 - fairSchools.length);
  const fairRegs = [...fairSchools, ...fairEnts]
    .map((orgId) => ({ orgId, at: recentWork(now, rng.int(2, 11), rng.next()), attendees: rng.int(1, 4) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.orgId - b.orgId);
  await tx
    .insert(eventRegistrations)
    .values(fairRegs.map((r) => ({ eventId: fair.id, orgId: r.orgId, attendees: r.attendees, createdAt: r.at })));
  const fairPairs = fairSchools
    .flatMap((s) => fairEnts.map((e) => ({ s, e, score: pairScore(s, e) })))
    .filter((p) => p.score > 0 || (xyDemo.includes(p.s) && xyDemo.includes(p.e)))
    .sort(
      (a, b) =>
        Number(xyDemo.includes(b.s) && xyDemo.includes(b.e)) - Number(xyDemo.includes(a.s) && xyDemo.includes(a.e)) ||
        b.score - a.score ||
        a.s - b.s ||
        a.e - b.e,
    );
  const fairMeetings = bookMeetings(rng, fairPairs, slotsBetween(startsAt, endsAt, 20), 20, 3);
  const fairRows = fairMeetings.map((m) => {
    // A demo account booked its own meetings; the bureau arranged the others.
    const party = userOfOrg.get(m.s) ?? userOfOrg.get(m.e);
    return {
      eventId: fair.id,
      slotStart: m.slot,
      schoolOrgId: m.s,
      enterpriseOrgId: m.e,
      table: `A${String(m.table).padStart(2, '0')}`,
      outcome: 'none' as const,
      outcomeNote: '',
      createdBy: party?.id ?? xyRegion?.id ?? null,
      createdAt: recentWork(now, rng.int(1, 2), rng.next()),
      actorOrg: party?.orgId ?? null,
    };
  });
  fairRows.sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.slotStart.getTime() - b.slotStart.getTime(),
  );
  if (fairRows.length) await tx.insert(eventMeetings).values(fairRows.map(({ actorOrg: _a, ...m }) => m));
  for (const m of fairRows) {
    const title = `${XIANGYANG_EVENT_TITLE}：已预约 ${beijingTime(m.slotStart)} 的洽谈`;
    for (const org of [m.schoolOrgId, m.enterpriseOrgId])
      if (org !== m.actorOrg)
        push(orgUsers(org), m.createdAt, { kind: 'meeting_booked', title, link: `/events/${fair.id}` }, null);
  }
  return { fair, fairRegs, fairRows };
}
