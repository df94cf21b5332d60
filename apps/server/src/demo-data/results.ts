import { count, eq, inArray } from 'drizzle-orm';
import {
  DEMO_MARK,
  indicatorById,
  REGIONS,
  validateManualScore,
  validateScheme,
  validateWarningThresholds,
  warningFlags,
  type SchemeItem,
} from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import {
  appMeta,
  assessmentManualScores,
  assessmentSchemes,
  selectionDeclarations,
  selectionExperts,
  selectionNominations,
  selectionObjections,
  selectionRounds,
  selectionScores,
  users,
  warningSettings,
} from '../db/schema/index';
import { today as beijingToday } from '../lib/clock';
import { byRegion } from '../modules/indicators/indicators.service';
import { demandSums, supplySums } from '../modules/warning/warning.repository';
import { addDays, bjAt } from './projectDates';
import { AHEAD_REGIONS, BEHIND_REGIONS } from './projectsCommon';
import { mulberry32, type Rng } from './random';
import { seedDemoSelection, type SelectionSummary } from './resultsSelection';
import { deleteShowcase, seedDemoCases, seedDemoCommendations } from './resultsShowcase';
import { now } from '../lib/clock';

// Issue 6 brought to life, after the projects stage: the 2025 region assessment (a scheme of indicator and manual
// items, manual scores with reasons for most regions, not frozen), warning thresholds that flag both shortages and
// oversupply, the demonstration selection (resultsSelection.ts), and the commendations and typical cases
// (resultsShowcase.ts). Rows are written as the services write them; dates are relative to today like the projects
// stage, so the same day and seed give the same rows.

const RESULTS_SEED = 20251203;
const RESULTS_META_KEY = 'demo-results';
const ASSESSMENT_YEAR = 2025;

export interface ResultsSeedSummary {
  scheme: { items: number; scoredRegions: number; missing: number };
  thresholds: {
    shortageRatio: number;
    oversupplyRatio: number;
    minEmployment: number;
    shortage: number;
    oversupply: number;
  };
  selection: SelectionSummary;
  commendations: number;
  cases: number;
}

interface Meta {
  today: string;
  schemeId: number;
  roundIds: number[];
  caseIds: number[];
  commendationIds: number[];
  warning: boolean;
}

/** The 2025 scheme: five indicator items and two manual items, weights adding up to 100. */
function schemeItems(keyEnterpriseTarget: number): SchemeItem[] {
  return [
    {
      key: 'coverage',
      label: '开展校企合作的技工院校比例',
      kind: 'indicator',
      indicatorId: 'school_coverage',
      weight: 25,
    },
    {
      key: 'quota',
      label: '合作共建项目征集任务完成率',
      kind: 'indicator',
      indicatorId: 'quota_completion',
      weight: 20,
    },
    { key: 'forms', label: '技工院校参与填报率', kind: 'indicator', indicatorId: 'school_forms_2025', weight: 10 },
    {
      key: 'enterprises',
      label: '深入对接的重点企业数',
      kind: 'indicator',
      indicatorId: 'key_enterprises',
      weight: 10,
      target: keyEnterpriseTarget,
      note: `按各市州重点企业规模确定的分解目标${DEMO_MARK}`,
    },
    {
      key: 'integrated',
      label: '实质性开展一体化教学的学校比例',
      kind: 'indicator',
      indicatorId: 'integrated_schools',
      weight: 10,
    },
    {
      key: 'mechanism',
      label: '组织领导与工作机制',
      kind: 'manual',
      weight: 15,
      note: '专班设立、部门协同、政策配套、督导落实情况',
    },
    {
      key: 'publicity',
      label: '宣传推广与典型经验',
      kind: 'manual',
      weight: 10,
      note: '宣传报道、经验交流、典型案例报送情况',
    },
  ];
}

const REASONS: Record<'mechanism' | 'publicity', [number, string][]> = {
  mechanism: [
    [90, '成立由分管市领导牵头的专项行动工作专班，出台配套实施方案，按月调度、按季通报，工作机制健全。'],
    [80, '制定了本地实施方案并建立联席会议制度，调度较为规范，部门协同仍有提升空间。'],
    [70, '已明确牵头科室和责任人，但配套政策尚未出台，调度频次偏低。'],
    [0, '工作机制尚在建立中，调度和督导不够有力，需加强组织推动。'],
  ],
  publicity: [
    [90, '在省级以上媒体发布专项行动报道多篇，报送典型案例 3 个，组织了全市经验交流会。'],
    [80, '开展了多种形式的宣传，报送典型案例 1–2 个，经验总结较为及时。'],
    [70, '有一定宣传报道，但典型案例报送不足，经验提炼不够。'],
    [0, '宣传推广工作较少，尚未报送典型案例。'],
  ],
};
const reasonFor = (item: 'mechanism' | 'publicity', score: number) =>
  `${REASONS[item].find(([min]) => score >= min)![1]}${DEMO_MARK}`;

/** The scheme and manual scores for most regions: one region has none yet, two only the first item (so not frozen). */
async function seedAssessment(tx: DbOrTx, rng: Rng, today: string, province: number) {
  const keyEnterprises = await byRegion(tx, indicatorById('key_enterprises')!, {
    year: ASSESSMENT_YEAR,
    today,
    asOf: ASSESSMENT_YEAR < Number(today.slice(0, 4)) ? `${ASSESSMENT_YEAR}-12-31` : today,
  });
  const values = keyEnterprises.map((r) => r.value ?? 0).sort((a, b) => a - b);
  // The province's split of the 1,000: round the 80th percentile of what the regions reached up to a multiple of 5.
  const target = Math.max(5, Math.ceil(values[Math.floor(values.length * 0.8)] / 5) * 5);
  const v = validateScheme(schemeItems(target));
  if (!v.ok) throw new Error(`demo results: scheme invalid: ${v.issues.map((i) => i.message).join('; ')}`);
  const [scheme] = await tx
    .insert(assessmentSchemes)
    .values({
      year: ASSESSMENT_YEAR,
      title: `${ASSESSMENT_YEAR} 年度“产教融合·技能助跑”专项行动市州考核评估方案${DEMO_MARK}`,
      items: v.items,
      createdAt: bjAt(addDays(today, -40), 0.3),
    })
    .returning({ id: assessmentSchemes.id });
  const order = rng.shuffle(REGIONS.map((r) => r.code));
  const none = new Set(order.slice(0, 1));
  const partial = new Set(order.slice(1, 3));
  const rows: (typeof assessmentManualScores.$inferInsert)[] = [];
  for (const r of REGIONS) {
    if (none.has(r.code)) continue;
    const base = AHEAD_REGIONS.includes(r.code) ? 88 : BEHIND_REGIONS.includes(r.code) ? 66 : 74;
    for (const item of ['mechanism', 'publicity'] as const) {
      if (item === 'publicity' && partial.has(r.code)) continue;
      const score = Math.min(100, base + rng.int(0, 10));
      const m = { score, reason: reasonFor(item, score) };
      const issues = validateManualScore(m);
      if (issues.length) throw new Error(`demo results: manual score invalid: ${issues[0].message}`);
      rows.push({
        schemeId: scheme.id,
        regionCode: r.code,
        itemKey: item,
        ...m,
        enteredBy: province,
        enteredAt: bjAt(addDays(today, -rng.int(3, 20)), rng.next()),
      });
    }
  }
  await tx.insert(assessmentManualScores).values(rows);
  return {
    schemeId: scheme.id,
    items: v.items.length,
    scoredRegions: REGIONS.length - none.size,
    missing: none.size * 2 + partial.size,
  };
}

/**
 * Thresholds the province tuned for 2025: a shortage from demand 1.2 × supply, oversupply below 0.3 × supply, interns
 * kept at least 40 %. Should the data ever leave one flag empty, the lines move to the quintiles of the matched pairs
 * (supply and demand both present), so the table always shows both.
 */
async function seedWarning(tx: DbOrTx, today: string, province: number) {
  const [supply, demand] = await Promise.all([supplySums(tx, null), demandSums(tx, ASSESSMENT_YEAR, null)]);
  const cells = new Map<string, { supply: number; demand: number }>();
  const cell = (k: string) => cells.get(k) ?? (cells.set(k, { supply: 0, demand: 0 }), cells.get(k)!);
  for (const s of supply) cell(`${s.regionCode}|${s.specialtyCode}`).supply += s.n;
  for (const d of demand) cell(`${d.regionCode}|${d.specialtyCode}`).demand += d.n;
  const tally = (t: { shortageRatio: number; oversupplyRatio: number; minEmployment: number }) => {
    const flags = [...cells.values()].map((c) => warningFlags({ ...c, employed: 0, students: 0 }, t));
    return {
      shortage: flags.filter((f) => f.includes('shortage')).length,
      oversupply: flags.filter((f) => f.includes('oversupply')).length,
    };
  };
  let t = { shortageRatio: 1.2, oversupplyRatio: 0.3, minEmployment: 0.4 };
  if (!tally(t).shortage || !tally(t).oversupply) {
    const ratios = [...cells.values()]
      .filter((c) => c.supply > 0 && c.demand > 0)
      .map((c) => c.demand / c.supply)
      .sort((a, b) => a - b);
    const q = (p: number) => (ratios.length ? ratios[Math.min(ratios.length - 1, Math.floor(ratios.length * p))] : 1);
    const oversupplyRatio = Math.min(0.9, Math.max(0.1, Math.round(q(0.2) * 10) / 10));
    t = {
      shortageRatio: Math.min(20, Math.max(oversupplyRatio + 0.3, Math.round(q(0.8) * 10) / 10)),
      oversupplyRatio,
      minEmployment: 0.4,
    };
  }
  const issues = validateWarningThresholds(t);
  if (issues.length) throw new Error(`demo results: thresholds invalid: ${issues[0].message}`);
  const saved = await tx
    .insert(warningSettings)
    .values({ id: 1, ...t, updatedBy: province, updatedAt: bjAt(addDays(today, -20), 0.5) })
    .onConflictDoNothing()
    .returning({ id: warningSettings.id });
  return { ...t, saved: saved.length > 0, ...tally(t) };
}

/**
 * Writes the assessment, thresholds, selection rounds, commendations and cases in the caller's transaction. Does
 * nothing (returns null) when a 2025 scheme or any selection round exists already, or there are no demo projects.
 */
export async function seedDemoResults(
  tx: DbOrTx,
  input: { seed: number; log?: (m: string) => void; today?: string },
): Promise<ResultsSeedSummary | null> {
  const log = input.log ?? (() => {});
  const started = performance.now();
  const today = input.today ?? beijingToday();
  const [{ n: rounds }] = await tx.select({ n: count() }).from(selectionRounds);
  const [{ n: schemes }] = await tx
    .select({ n: count() })
    .from(assessmentSchemes)
    .where(eq(assessmentSchemes.year, ASSESSMENT_YEAR));
  const accounts = await tx
    .select({ id: users.id, username: users.username, role: users.role, regionCode: users.regionCode })
    .from(users)
    .where(eq(users.isDemo, true))
    .orderBy(users.id);
  const province = accounts.find((u) => u.username === 'province')?.id;
  const experts = accounts.filter((u) => /^expert-\d+$/.test(u.username)).map((u) => u.id);
  if (rounds > 0 || schemes > 0 || province === undefined || experts.length < 3) {
    log('已有考核方案或遴选数据，未写入示例考核、遴选与成果数据');
    return null;
  }
  const regionAccount = new Map(
    accounts
      .filter((u) => u.role === 'region' && u.username === `region-${u.regionCode}`)
      .map((u) => [u.regionCode!, u.id]),
  );
  const rng = mulberry32((RESULTS_SEED ^ input.seed) >>> 0);

  const assessment = await seedAssessment(tx, rng, today, province);
  const thresholds = await seedWarning(tx, today, province);
  const selection = await seedDemoSelection(tx, rng, today, { province, regionAccount, experts });
  const commendationIds = await seedDemoCommendations(tx, rng, today, province);
  const caseIds = await seedDemoCases(tx, rng, today, province, selection.selectedProjectIds);

  const meta: Meta = {
    today,
    schemeId: assessment.schemeId,
    roundIds: selection.roundIds,
    caseIds,
    commendationIds,
    warning: thresholds.saved,
  };
  await tx
    .insert(appMeta)
    .values({ key: RESULTS_META_KEY, value: meta })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: meta, updatedAt: now() } });
  const { saved: _saved, ...shown } = thresholds;
  const summary: ResultsSeedSummary = {
    scheme: { items: assessment.items, scoredRegions: assessment.scoredRegions, missing: assessment.missing },
    thresholds: shown,
    selection,
    commendations: commendationIds.length,
    cases: caseIds.length,
  };
  log(
    `${ASSESSMENT_YEAR} 年度考核方案 ${assessment.items} 项（${assessment.scoredRegions} 个市州已人工评分，缺 ${assessment.missing} 项）；预警阈值 紧缺 ≥${thresholds.shortageRatio}、供过于求 ≤${thresholds.oversupplyRatio}（紧缺 ${thresholds.shortage}、供过于求 ${thresholds.oversupply} 组）；` +
      `示范遴选 ${selection.roundIds.length} 轮、推荐 ${selection.nominations} 个（已入选 ${selection.selectedProjectIds.length}、公示中 ${selection.noticeProjectIds.length}）；通报表扬 ${commendationIds.length} 个；典型案例 ${caseIds.length} 篇（用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒）`,
  );
  return summary;
}

/**
 * Removes what seedDemoResults wrote, for `npm run seed -- --reset` (called by deleteDemoProjects before the projects
 * the nominations point at go). Only the rows recorded in its app_meta entry: a province's own rounds stay.
 */
export async function deleteDemoResults(tx: DbOrTx) {
  const [row] = await tx.select().from(appMeta).where(eq(appMeta.key, RESULTS_META_KEY));
  const meta = row?.value as Meta | undefined;
  if (!meta) return;
  if (meta.roundIds.length) {
    const noms = tx
      .select({ id: selectionNominations.id })
      .from(selectionNominations)
      .where(inArray(selectionNominations.roundId, meta.roundIds));
    await tx.delete(selectionDeclarations).where(inArray(selectionDeclarations.nominationId, noms));
    await tx.delete(selectionScores).where(inArray(selectionScores.nominationId, noms));
    await tx.delete(selectionObjections).where(inArray(selectionObjections.nominationId, noms));
    await tx.delete(selectionNominations).where(inArray(selectionNominations.roundId, meta.roundIds));
    await tx.delete(selectionExperts).where(inArray(selectionExperts.roundId, meta.roundIds));
    await tx.delete(selectionRounds).where(inArray(selectionRounds.id, meta.roundIds));
  }
  await deleteShowcase(tx, { cases: meta.caseIds, commendations: meta.commendationIds });
  // Manual scores go with their scheme (on delete cascade).
  await tx.delete(assessmentSchemes).where(eq(assessmentSchemes.id, meta.schemeId));
  if (meta.warning) await tx.delete(warningSettings).where(eq(warningSettings.id, 1));
  await tx.delete(appMeta).where(eq(appMeta.key, RESULTS_META_KEY));
}
