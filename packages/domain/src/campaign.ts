// Campaign defaults from the notice (reference/notice-2025.txt): the 2025 timetable and every numeric target,
// keyed by the indicator ids of shared/design/indicators.md. The province edits them per campaign.
export interface NoticeTarget {
  id: string;
  label: string;
  value: number;
  unit: string;
  deadline: string;
}

export const NOTICE_TARGETS: readonly NoticeTarget[] = [
  { id: 'school_forms_2025', label: '技工院校参与填报率', value: 1, unit: 'ratio', deadline: '2025-07-31' },
  { id: 'key_enterprises_2025', label: '参与专项行动的重点企业数', value: 600, unit: '家', deadline: '2025-12-31' },
  { id: 'school_coverage', label: '开展校企合作的技工院校比例', value: 0.9, unit: 'ratio', deadline: '2027-12-31' },
  { id: 'key_enterprises', label: '深入对接的重点企业数', value: 1000, unit: '家', deadline: '2027-12-31' },
  { id: 'demo_alliances', label: '示范性技工教育联盟（集团）', value: 15, unit: '家', deadline: '2027-12-31' },
  { id: 'demo_specialties', label: '示范性产教融合特色专业（群）', value: 30, unit: '个', deadline: '2027-12-31' },
  { id: 'demo_bases', label: '示范性实习实训基地', value: 50, unit: '个', deadline: '2027-12-31' },
  { id: 'order_classes', label: '人才培养订单（定向）班', value: 200, unit: '个', deadline: '2027-12-31' },
  { id: 'guest_mentors', label: '企业客座技能导师', value: 500, unit: '名', deadline: '2027-12-31' },
  { id: 'training_eval_projects', label: '企业技能培训评价项目', value: 1000, unit: '个', deadline: '2027-12-31' },
  { id: 'people_trained_year', label: '年度培训评价人次', value: 50000, unit: '人次', deadline: '2025-12-31' },
  {
    id: 'specialty_industry_match',
    label: '专业结构与本地产业匹配度',
    value: 0.7,
    unit: 'ratio',
    deadline: '2027-12-31',
  },
  { id: 'mentor_ratio', label: '企业兼职技能导师配备比例（每校）', value: 0.2, unit: 'ratio', deadline: '2027-12-31' },
  {
    id: 'integrated_schools',
    label: '实质性开展一体化教学的学校比例',
    value: 0.8,
    unit: 'ratio',
    deadline: '2027-12-31',
  },
  { id: 'integrated_coverage', label: '一体化教学专业覆盖面', value: 0.5, unit: 'ratio', deadline: '2027-12-31' },
  {
    id: 'integrated_teachers_year',
    label: '年度工学一体化教师培训人数',
    value: 500,
    unit: '人',
    deadline: '2025-12-31',
  },
];

/** The notice's timetable, moved to another year: forms to the region mid-July, batches to the province by
 * 07-31, publication in August, signing ceremony and results at year end. */
export function defaultDeadlines(year: number) {
  return {
    formsDue: `${year}-07-20`,
    regionDue: `${year}-07-31`,
    publishAt: `${year}-08-31`,
    yearEnd: `${year}-12-31`,
  };
}

export function defaultTargets(year: number): NoticeTarget[] {
  return NOTICE_TARGETS.map((t) => (t.id.endsWith('_year') ? { ...t, deadline: `${year}-12-31` } : { ...t }));
}

/** Deadlines must follow the cycle's order. Returns a Chinese message, or null when they are in order. */
export function checkDeadlineOrder(d: {
  formsDue: string;
  regionDue: string;
  publishAt: string;
  yearEnd: string;
}): string | null {
  if (d.formsDue > d.regionDue) return '单位填报截止日期不能晚于市州报送省厅截止日期';
  if (d.regionDue > d.publishAt) return '市州报送截止日期不能晚于发布日期';
  if (d.publishAt > d.yearEnd) return '发布日期不能晚于年终日期';
  return null;
}

/** Whole days from `today` to `deadline` (both YYYY-MM-DD); negative when past. */
export function daysUntil(today: string, deadline: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

// ── Year two and after: the life-cycle of a campaign and what a new year takes from the last one ──

export type CampaignStatus = 'draft' | 'open' | 'closed';

/**
 * `draft → open → closed`, and `closed → open` (reopen) only with a reason. Returns a Chinese message when the move
 * is not allowed, null when it is.
 */
export function checkCampaignMove(from: CampaignStatus, to: CampaignStatus, reason?: string | null): string | null {
  if (from === to) return null;
  if (from === 'draft' && to === 'open') return null;
  if (from === 'open' && to === 'closed') return null;
  if (from === 'closed' && to === 'open') return reason && reason.trim() ? null : '重新开启已结束的年度须填写原因';
  if (to === 'draft') return '已开启的年度不能退回草稿';
  return '草稿年度须先开启，才能结束';
}

/** What a write to a year that is not open answers (409 campaign_closed / campaign_draft). */
export function campaignNotWritableMessage(year: number, status: CampaignStatus): string {
  return status === 'draft'
    ? `${year} 年度专项行动尚未开启（草稿），暂不能填报或审核；由省厅开启后方可操作`
    : `${year} 年度专项行动已结束，该年度的数据只读，不能再修改；如确需修改，请联系省人社厅重新开启该年度`;
}

/** YYYY-MM-DD moved by whole years; 02-29 becomes 02-28 in a year without it. */
export function shiftDate(d: string, years: number): string {
  const y = Number(d.slice(0, 4)) + years;
  let md = d.slice(5);
  if (md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) md = '02-28';
  return `${y}-${md}`;
}

/** Last year's deadlines moved into `year` (the province edits them before opening). */
export function shiftDeadlines(
  prev: { year: number; formsDue: string; regionDue: string; publishAt: string; yearEnd: string },
  year: number,
) {
  const n = year - prev.year;
  return {
    formsDue: shiftDate(prev.formsDue, n),
    regionDue: shiftDate(prev.regionDue, n),
    publishAt: shiftDate(prev.publishAt, n),
    yearEnd: shiftDate(prev.yearEnd, n),
  };
}

/** Targets counted per year (ids ending in `_year`): re-dated to the year's end in every campaign. */
export const isYearlyTarget = (t: Pick<NoticeTarget, 'id'>) => t.id.endsWith('_year');

/**
 * The targets that apply in `year`: yearly ones re-dated to that year, cumulative ones kept with their final deadline,
 * and none whose deadline has already passed before the year begins (the 2025-only targets leave in 2026).
 * `from` is last year's (possibly edited) list; ids of the notice missing there come from the notice.
 */
export function carryTargets(year: number, from: readonly NoticeTarget[] = NOTICE_TARGETS): NoticeTarget[] {
  const start = `${year}-01-01`;
  const out: NoticeTarget[] = [];
  for (const t of from) {
    if (isYearlyTarget(t)) out.push({ ...t, deadline: `${year}-12-31` });
    else if (t.deadline >= start) out.push({ ...t });
  }
  return out;
}

/**
 * The year screens open on: the latest open campaign, else the last closed one (a draft has no data yet); null when
 * there is none. In January 2027, with 2027 still a draft, the province sees 2026 rather than an empty 2027.
 */
export function currentCampaignOf<T extends { year: number; status: CampaignStatus }>(items: readonly T[]): T | null {
  const sorted = [...items].sort((a, b) => b.year - a.year);
  return sorted.find((c) => c.status === 'open') ?? sorted.find((c) => c.status === 'closed') ?? null;
}
