import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  aggregateScores,
  agreementStateOn,
  DEMO_MARK,
  PROJECT_TYPE_LABELS,
  regionByCode,
  shortlist,
  validateRubric,
  validateScoreSheet,
  type NominationState,
  type ProjectType,
  type RubricCriterion,
} from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import {
  agreements,
  selectionDeclarations,
  selectionExperts,
  selectionNominations,
  selectionObjections,
  selectionRounds,
  selectionScores,
  orgs,
  projects,
} from '../db/schema/index';
import { collectEvidence } from '../modules/selection/evidence';
import { bareName } from './projectData';
import { addDays, bjAt } from './projectDates';
import type { Rng } from './random';

// The demonstration selection (示范项目遴选) as the services would have left it: a first round of 2025 published some
// months ago (its projects are 示范 and counted by the demo_* indicators), and a second round now in its public notice
// (公示), with nominations from several regions, the five demo experts, one declared conflict, every other expert's
// sheet, the aggregated scores, the shortlist, and two objections (one dismissed, one open). Dates are relative to
// today, like the projects stage; the same day and seed give the same rows.

const DEMO_RUBRIC: RubricCriterion[] = [
  { key: 'cooperation', label: '校企合作机制与深度', max: 30 },
  { key: 'training', label: '人才培养与培训评价成效', max: 30 },
  { key: 'service', label: '服务产业与就业质量', max: 25 },
  { key: 'demonstration', label: '创新特色与示范引领', max: 15 },
];
const TYPES = ['alliance', 'specialty', 'base'] as const;

interface RoundSpec {
  title: string;
  /** Days relative to today of each step. */
  created: number;
  nominate: [number, number];
  experts: number;
  scored: [number, number];
  shortlist: number;
  notice: [number, number];
  /** Published on this day; absent: still in its notice. */
  published?: number;
  regions: number;
  quota: Record<string, number>;
}

const ROUND_SPECS: RoundSpec[] = [
  {
    title: `2025 年度产教融合示范项目遴选（第一批）${DEMO_MARK}`,
    created: -150,
    nominate: [-140, -132],
    experts: -128,
    scored: [-126, -112],
    shortlist: -108,
    notice: [-104, -98],
    published: -95,
    regions: 9,
    quota: { alliance: 2, specialty: 3, base: 4 },
  },
  {
    title: `2025 年度产教融合示范项目遴选（第二批）${DEMO_MARK}`,
    created: -45,
    nominate: [-38, -30],
    experts: -27,
    scored: [-25, -14],
    shortlist: -8,
    notice: [-2, 4],
    regions: 8,
    quota: { alliance: 1, specialty: 2, base: 3 },
  },
];

const COMMENTS = [
  '合作机制健全，校企双方投入明确，建议入选。',
  '培训评价成效突出，佐证材料完整。',
  '实习就业数据扎实，服务本地产业特色鲜明。',
  '建设内容与申报目标基本一致，部分指标仍需持续跟踪。',
  '示范带动作用较好，建议进一步总结可复制经验。',
  '',
];
const STATEMENTS = [
  (s: string, e: string, t: string) =>
    `${s}与${e}围绕${t}深度合作，校企共同制定培养方案、共建教学团队，进展报告按期报送并经审核通过，特推荐参加示范项目遴选。${DEMO_MARK}`,
  (s: string, e: string, t: string) =>
    `该${t}由${s}牵头、${e}共同建设，企业投入设备与兼职导师，学生实习后留用比例较高，在本地区具有示范带动作用，予以推荐。${DEMO_MARK}`,
  (s: string, e: string, t: string) =>
    `${s}依托${e}的生产场景开展${t}建设，培训评价与岗位实习衔接紧密，经我局实地核查材料真实，同意推荐。${DEMO_MARK}`,
];
const CONFLICT_REASON = '本人曾为该校相关专业建设提供咨询指导，申请回避';
const OBJECTIONS = [
  {
    name: `张先生${DEMO_MARK}`,
    contact: '示例联系方式 027-0000-0001',
    content: `反映该项目合作企业实际接收实习学生人数与推荐材料所列人数不符，请核实。${DEMO_MARK}`,
    resolution: `经核查实习学生名册、企业考勤和社保缴纳记录，接收人数与推荐材料一致，异议不成立。${DEMO_MARK}`,
  },
  {
    name: `李女士${DEMO_MARK}`,
    contact: '示例联系方式 027-0000-0002',
    content: `反映该基地部分实训设备为学校自行采购，并非校企共同投入建设，请核实共建情况。${DEMO_MARK}`,
  },
];

type ProjectRow = typeof projects.$inferSelect;
interface Candidate {
  p: ProjectRow;
  ag: { status: string; termStart: string; termEnd: string; signingDate: string | null };
  schoolName: string;
}

export interface SelectionSummary {
  roundIds: number[];
  nominations: number;
  selectedProjectIds: number[];
  noticeProjectIds: number[];
  /** The day the first round's result was published (null if no round was). */
  publishedOn: string | null;
}

const half = (x: number, max: number) => Math.min(max, Math.max(0, Math.round(x * 2) / 2));

/** Writes both rounds; `province` and `regionAccount` are the demo accounts, `experts` the five expert user ids. */
export async function seedDemoSelection(
  tx: DbOrTx,
  rng: Rng,
  today: string,
  who: { province: number; regionAccount: Map<string, number>; experts: number[] },
): Promise<SelectionSummary> {
  const rubric = validateRubric(DEMO_RUBRIC);
  if (!rubric.ok) throw new Error(`demo results: rubric invalid: ${rubric.issues.map((i) => i.message).join('; ')}`);
  const rows = await tx
    .select({
      p: projects,
      ag: {
        status: agreements.status,
        termStart: agreements.termStart,
        termEnd: agreements.termEnd,
        signingDate: agreements.signingDate,
      },
      schoolName: orgs.name,
    })
    .from(projects)
    .innerJoin(agreements, eq(agreements.id, projects.agreementId))
    .innerJoin(orgs, eq(orgs.id, projects.schoolOrgId))
    .where(
      and(
        inArray(projects.type, [...TYPES]),
        isNull(projects.deletedAt),
        inArray(projects.status, ['running', 'completed']),
        eq(projects.selectionStatus, 'none'),
      ),
    )
    .orderBy(projects.id);
  const partnersOf = new Map<number, string>();
  const partyRows = rows.length
    ? (
        (await tx.execute(sql`select ap.agreement_id as "agreementId", min(o.name) as name from agreement_parties ap join orgs o on o.id = ap.org_id
        where ap.side = 'enterprise' and ap.agreement_id in (${sql.join(
          [...new Set(rows.map((r) => r.p.agreementId))].map((id) => sql`${id}`),
          sql`, `,
        )}) group by ap.agreement_id`)) as unknown as { rows: { agreementId: number; name: string }[] }
      ).rows
    : [];
  for (const r of partyRows) partnersOf.set(Number(r.agreementId), r.name);
  const used = new Set<number>();
  const summary: SelectionSummary = {
    roundIds: [],
    nominations: 0,
    selectedProjectIds: [],
    noticeProjectIds: [],
    publishedOn: null,
  };

  for (const spec of ROUND_SPECS) {
    const day = (n: number) => addDays(today, n);
    const at = (n: number, frac = rng.next()) => bjAt(day(n), frac);
    // Eligible on the day the regions nominate: started a few months before, agreement signed and not ended early.
    const nominateDay = day(spec.nominate[0]);
    const eligible = rows.filter(
      (r) =>
        !used.has(r.p.id) &&
        r.p.startDate <= addDays(nominateDay, -60) &&
        ['active', 'expired'].includes(
          agreementStateOn(nominateDay, {
            state: r.ag.status as 'active',
            termStart: r.ag.termStart,
            termEnd: r.ag.termEnd,
          }),
        ),
    );
    const byRegion = new Map<string, Candidate[]>();
    for (const r of eligible) byRegion.set(r.p.regionCode, [...(byRegion.get(r.p.regionCode) ?? []), r]);
    const regions = rng
      .shuffle([...byRegion.keys()].sort())
      .slice(0, spec.regions)
      .sort();
    const picked: Candidate[] = [];
    for (const code of regions) {
      const list = byRegion.get(code)!;
      // Up to two per region, of different types where the region has them.
      const first = rng.pick(list);
      picked.push(first);
      const other = list.filter((c) => c.p.type !== first.p.type);
      if (rng.chance(0.7) && (other.length || list.length > 1))
        picked.push(rng.pick(other.length ? other : list.filter((c) => c !== first)));
    }
    for (const c of picked) used.add(c.p.id);

    const [round] = await tx
      .insert(selectionRounds)
      .values({
        year: 2025,
        title: spec.title,
        projectTypes: [...TYPES],
        rubric: rubric.data,
        quota: spec.quota,
        status: spec.published !== undefined ? 'published' : 'public_notice',
        noticeFrom: day(spec.notice[0]),
        noticeTo: day(spec.notice[1]),
        publishedAt: spec.published !== undefined ? at(spec.published) : null,
        createdBy: who.province,
        createdAt: at(spec.created),
        // One version per move: experts, shortlist, notice (and publish).
        version: spec.published !== undefined ? 5 : 4,
      })
      .returning();
    summary.roundIds.push(round.id);
    if (spec.published !== undefined) summary.publishedOn ??= day(spec.published);
    await tx
      .insert(selectionExperts)
      .values(who.experts.map((userId) => ({ roundId: round.id, userId, appointedAt: at(spec.experts) })));

    // Nominations with the evidence the region saw that day.
    const noms: { id: number; c: Candidate; quality: number }[] = [];
    for (const c of picked.sort((a, b) => a.p.id - b.p.id)) {
      const nomDay = day(rng.int(spec.nominate[0], spec.nominate[1]));
      const evidence = { ...(await collectEvidence(tx, c.p, nomDay)), collectedAt: bjAt(nomDay, 0.5).toISOString() };
      const statement = rng.pick(STATEMENTS)(
        bareName(c.schoolName),
        bareName(partnersOf.get(c.p.agreementId) ?? '合作企业'),
        PROJECT_TYPE_LABELS[c.p.type as ProjectType],
      );
      const [n] = await tx
        .insert(selectionNominations)
        .values({
          roundId: round.id,
          projectId: c.p.id,
          regionCode: c.p.regionCode,
          statement,
          evidence,
          status: 'under_review',
          nominatedBy: who.regionAccount.get(c.p.regionCode) ?? null,
          createdAt: bjAt(nomDay, rng.next()),
        })
        .returning({ id: selectionNominations.id });
      // How good the project looks to the experts: accepted reports and placements help.
      const accepted = evidence.reports.accepted;
      noms.push({
        id: n.id,
        c,
        quality: Math.min(
          0.95,
          0.58 + rng.next() * 0.22 + Math.min(accepted, 6) * 0.015 + (evidence.internships.employmentRate ?? 0) * 0.05,
        ),
      });
    }
    summary.nominations += noms.length;

    // Declarations and sheets: in the open round, one expert declares a conflict on one nomination and does not score it.
    const conflicted =
      spec.published === undefined && noms.length > 1 ? { nominationId: noms[1].id, expert: who.experts[2] } : null;
    const declRows: (typeof selectionDeclarations.$inferInsert)[] = [];
    const scoreRows: (typeof selectionScores.$inferInsert)[] = [];
    const totals = new Map<number, number[]>();
    for (const n of noms) {
      for (const expert of who.experts) {
        const declDay = rng.int(spec.scored[0], spec.scored[1] - 1);
        const conflict = conflicted?.nominationId === n.id && conflicted.expert === expert;
        declRows.push({
          nominationId: n.id,
          expertUserId: expert,
          conflict,
          reason: conflict ? CONFLICT_REASON : '',
          declaredAt: at(declDay, 0.2),
        });
        if (conflict) continue;
        const raw = Object.fromEntries(
          rubric.data.map((k) => [k.key, half(k.max * (n.quality + (rng.next() - 0.5) * 0.16), k.max)]),
        );
        const sheet = validateScoreSheet(rubric.data, raw);
        if (!sheet.ok) throw new Error(`demo results: score sheet invalid: ${sheet.issues[0].message}`);
        scoreRows.push({
          nominationId: n.id,
          expertUserId: expert,
          scores: sheet.data.scores,
          total: sheet.data.total,
          comment: rng.pick(COMMENTS),
          scoredAt: at(rng.int(declDay, spec.scored[1]), 0.6),
        });
        totals.set(n.id, [...(totals.get(n.id) ?? []), sheet.data.total]);
      }
    }
    await tx.insert(selectionDeclarations).values(declRows);
    await tx.insert(selectionScores).values(scoreRows);

    // Aggregation and shortlist by the domain's rules, then the notice (and, for the first round, the result).
    const scored = noms.map((n) => ({
      id: n.id,
      type: n.c.p.type,
      finalScore: aggregateScores(totals.get(n.id) ?? []),
    }));
    const places = shortlist(scored, spec.quota);
    const listed: NominationState = spec.published !== undefined ? 'selected' : 'public_notice';
    const changedAt = at(spec.published ?? spec.notice[0] - 1, 0.7);
    for (const place of places) {
      const n = noms.find((x) => x.id === place.id)!;
      const status: NominationState = place.outcome === 'shortlisted' ? listed : 'not_selected';
      await tx
        .update(selectionNominations)
        .set({ status, finalScore: place.finalScore })
        .where(eq(selectionNominations.id, place.id));
      await tx
        .update(projects)
        .set({
          selectionStatus: status,
          updatedAt: sql`greatest(${projects.updatedAt}, ${changedAt.toISOString()}::timestamptz)`,
        })
        .where(eq(projects.id, n.c.p.id));
      if (status === 'selected') summary.selectedProjectIds.push(n.c.p.id);
      if (status === 'public_notice') summary.noticeProjectIds.push(n.c.p.id);
    }

    if (spec.published === undefined) {
      const onNotice = places.filter((p) => p.outcome === 'shortlisted').map((p) => p.id);
      for (const [k, o] of OBJECTIONS.entries()) {
        const nominationId = onNotice[k * 2] ?? onNotice[k];
        if (nominationId === undefined) break;
        const submittedAt = at(spec.notice[0] + k, 0.4);
        const resolved =
          'resolution' in o && o.resolution
            ? {
                status: 'dismissed' as const,
                resolution: o.resolution,
                resolvedBy: who.province,
                resolvedAt: at(spec.notice[0] + 1, 0.8),
              }
            : {};
        await tx.insert(selectionObjections).values({
          nominationId,
          submitterName: o.name,
          submitterContact: o.contact,
          content: o.content,
          submittedAt,
          ...resolved,
        });
      }
    }
  }
  return summary;
}

export const regionShort = (code: string) => regionByCode(code)?.shortName ?? code;
