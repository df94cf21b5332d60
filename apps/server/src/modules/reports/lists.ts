import {
  AGREEMENT_STATE_LABELS,
  PROJECT_STATE_LABELS,
  PROJECT_TYPE_LABELS,
  PROJECT_TYPES,
  QUOTA_STATUS_LABELS,
  REPORT_FREQUENCY_LABELS,
  regionByCode,
  type ProjectType,
} from '@cjrh/domain';
import type { Db } from '../../db/client';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { listAgreements } from '../agreements/queries.service';
import { partiesOf } from '../agreements/agreements.repository';
import { loadCodeLists } from '../forms/forms.repository';
import { listInternships } from '../projects/internships.service';
import { listProjects } from '../projects/queries.service';
import { quotaTable } from '../projects/quota.service';
import type { Table } from './table';

/**
 * The list pages' exports: the same service, the same scope and the same filters as the page shows, every page of
 * it. Each returns a Table (reports/table.ts) that the list export writes alone and the 上报 workbook as one sheet.
 */
const EXPORT_MAX_ROWS = 20_000;
const PAGE = 200;

async function all<T>(fetch: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const first = await fetch(1);
  if (first.total > EXPORT_MAX_ROWS)
    throw new AppError(
      400,
      'validation_failed',
      `符合条件的记录有 ${first.total} 条，超过单次导出上限 ${EXPORT_MAX_ROWS} 条，请增加筛选条件后分批导出`,
    );
  const out = [...first.items];
  for (let p = 2; out.length < first.total; p++) {
    const next = await fetch(p);
    if (!next.items.length) break;
    out.push(...next.items);
  }
  return out;
}

const regionName = (code: string) => regionByCode(code)?.name ?? code;
const yesNo = (v: boolean | null | undefined) => (v == null ? '' : v ? '是' : '否');

/** Filters as people read them, for the caption: 「筛选：年度 2026，状态 履行中」. */
function filterText(parts: [string, string | number | undefined | null][]): string {
  const given = parts.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => `${k} ${v}`);
  return given.length ? `筛选：${given.join('，')}` : '未筛选（全部）';
}

export interface AgreementFilters {
  status?: string;
  year?: number;
  region?: string;
  keyProject?: 'true' | 'false';
  q?: string;
}

/**
 * 校企合作协议. The bureaus and the province also get the lead parties' contacts (who to call about the report): the
 * route is marked as an export of personal data in the audit trail.
 */
export async function agreementsTable(db: Db, ctx: Ctx, f: AgreementFilters): Promise<Table> {
  const actor = requireActor(ctx);
  const items = await all((page) => listAgreements(db, ctx, { ...f, page, pageSize: PAGE }));
  const contacts = actor.role === 'province' || actor.role === 'region';
  const parties = contacts
    ? await partiesOf(
        db,
        items.map((a) => a.id),
      )
    : [];
  const lead = (id: number, side: 'school' | 'enterprise') =>
    parties.find((p) => p.agreementId === id && p.side === side);
  const contactOf = (id: number, side: 'school' | 'enterprise') => {
    const p = lead(id, side);
    return p ? [p.contactName, p.contactPhone].filter(Boolean).join(' ') : '';
  };
  const names = (a: (typeof items)[number], side: 'school' | 'enterprise') =>
    a.parties
      .filter((p) => p.side === side)
      .map((p) => p.name)
      .join('、');
  return {
    sheet: '合作协议',
    title: '校企合作协议',
    caption: `${filterText([
      ['年度', f.year],
      ['地区', f.region && regionName(f.region)],
      ['状态', f.status && (AGREEMENT_STATE_LABELS as Record<string, string>)[f.status]],
      ['重点项目', f.keyProject && (f.keyProject === 'true' ? '是' : '否')],
      ['关键词', f.q],
    ])}；共 ${items.length} 份。`,
    columns: [
      { header: '序号', width: 6 },
      { header: '协议编号', width: 16 },
      { header: '协议名称', width: 22 },
      { header: '年度', width: 6 },
      { header: '地区', width: 8 },
      { header: '学校方', width: 18 },
      { header: '企业方', width: 18 },
      ...(contacts
        ? [
            { header: '学校联系人', width: 14 },
            { header: '企业联系人', width: 14 },
          ]
        : []),
      { header: '协议期限', width: 12 },
      { header: '签署日期', width: 11 },
      { header: '状态', width: 8 },
      { header: '项目数', width: 6 },
    ],
    rows: items.map((a, i) => [
      i + 1,
      a.agreementNo,
      a.title,
      a.campaignYear,
      regionName(a.regionCode),
      names(a, 'school'),
      names(a, 'enterprise'),
      ...(contacts ? [contactOf(a.id, 'school'), contactOf(a.id, 'enterprise')] : []),
      `${a.termStart} 至 ${a.termEnd}`,
      a.signingDate ?? '',
      AGREEMENT_STATE_LABELS[a.status],
      a.projectCount,
    ]),
    empty: '没有符合条件的协议',
  };
}

export interface ProjectFilters {
  type?: string;
  status?: string;
  year?: number;
  region?: string;
  agreementId?: number;
  q?: string;
}

export async function projectsTable(db: Db, ctx: Ctx, f: ProjectFilters): Promise<Table> {
  const items = await all((page) => listProjects(db, ctx, { ...f, page, pageSize: PAGE }));
  return {
    sheet: '合作项目',
    title: '合作共建项目',
    caption: `${filterText([
      ['年度', f.year],
      ['地区', f.region && regionName(f.region)],
      ['类型', f.type && (PROJECT_TYPE_LABELS as Record<string, string>)[f.type]],
      ['状态', f.status && (PROJECT_STATE_LABELS as Record<string, string>)[f.status]],
      ['关键词', f.q],
    ])}；共 ${items.length} 个。`,
    columns: [
      { header: '序号', width: 6 },
      { header: '项目名称', width: 24 },
      { header: '项目类型', width: 16 },
      { header: '年度', width: 6 },
      { header: '地区', width: 8 },
      { header: '学校', width: 18 },
      { header: '协议编号', width: 16 },
      { header: '状态', width: 8 },
      { header: '开始日期', width: 11 },
      { header: '结束日期', width: 11 },
      { header: '报告频次', width: 8 },
    ],
    rows: items.map((p, i) => [
      i + 1,
      p.title,
      (PROJECT_TYPE_LABELS as Record<string, string>)[p.type] ?? p.type,
      p.campaignYear,
      regionName(p.regionCode),
      p.schoolName,
      p.agreementNo,
      (PROJECT_STATE_LABELS as Record<string, string>)[p.status] ?? p.status,
      p.startDate,
      p.endDate ?? '',
      REPORT_FREQUENCY_LABELS[p.reportFrequency as 'monthly' | 'quarterly'] ?? '',
    ]),
    empty: '没有符合条件的项目',
  };
}

const INTERNSHIP_STATE_LABELS: Record<string, string> = {
  pending: '待对方确认',
  confirmed: '已确认',
  declined: '已退回',
};

export async function internshipsTable(
  db: Db,
  ctx: Ctx,
  f: { state?: 'pending' | 'confirmed' | 'declined' },
): Promise<Table> {
  const items = await all((page) => listInternships(db, ctx, { ...f, page, pageSize: PAGE }));
  const lists = await loadCodeLists(db);
  return {
    sheet: '岗位实习',
    title: '岗位实习（按批次）',
    caption: `${filterText([['状态', f.state && INTERNSHIP_STATE_LABELS[f.state]]])}；共 ${items.length} 批，${items.reduce((s, x) => s + x.students, 0)} 人次。不含学生个人信息。`,
    columns: [
      { header: '序号', width: 6 },
      { header: '学校', width: 18 },
      { header: '实习单位', width: 18 },
      { header: '地区', width: 8 },
      { header: '专业', width: 14 },
      { header: '学生数', width: 6 },
      { header: '开始日期', width: 11 },
      { header: '结束日期', width: 11 },
      { header: '有报酬', width: 6 },
      { header: '已参保', width: 6 },
      { header: '安全培训', width: 6 },
      { header: '实习后留用', width: 6 },
      { header: '状态', width: 9 },
    ],
    rows: items.map((x, i) => [
      i + 1,
      x.schoolName,
      x.enterpriseName,
      regionName(x.regionCode),
      lists.specialty.byCode.get(x.specialtyCode) ?? x.specialtyCode,
      x.students,
      x.startDate,
      x.endDate,
      yesNo(x.paid),
      yesNo(x.insured),
      yesNo(x.safetyTrained),
      x.employedAfter ?? '',
      INTERNSHIP_STATE_LABELS[x.state] ?? x.state,
    ]),
    empty: '没有符合条件的实习批次',
  };
}

const LIGHT_FILL: Record<string, string> = { green: 'FFE2F0D9', amber: 'FFFFF2CC', red: 'FFFDE2E2' };
export const LIGHT_LABELS: Record<string, string> = {
  green: '绿灯（达到进度）',
  amber: '黄灯（略有滞后）',
  red: '红灯（明显滞后）',
  none: '—',
};

export async function quotaCompletionTable(db: Db, ctx: Ctx, year: number): Promise<Table & { asOf: string }> {
  const q = await quotaTable(db, ctx, year);
  const rows = q.total ? [...q.rows, q.total] : q.rows;
  const pct = (v: number | null) => (v == null ? '—' : v);
  return {
    sheet: '任务完成',
    title: `${year}年度合作共建项目征集任务完成情况`,
    caption: `截至 ${q.asOf}，时间进度 ${(q.yearFraction * 100).toFixed(1)}%。只计各方已确认协议（已签订、履行中、已到期）下的项目。`,
    asOf: q.asOf,
    columns: [
      { header: '地区', width: 10 },
      { header: '征集任务数', width: 8 },
      { header: '已登记项目', width: 8 },
      ...PROJECT_TYPES.map((t) => ({ header: PROJECT_TYPE_LABELS[t], width: 8 })),
      { header: '完成率', width: 8, numFmt: '0.0%' },
      { header: '进度要求', width: 8, numFmt: '0.0%' },
      { header: '状态', width: 6 },
      { header: '红绿灯', width: 10 },
    ],
    rows: rows.map((r) => [
      r.regionName,
      r.quota,
      r.total,
      ...PROJECT_TYPES.map((t: ProjectType) => r.byType[t]),
      pct(r.ratio),
      r.expected,
      QUOTA_STATUS_LABELS[r.status],
      LIGHT_LABELS[r.light],
    ]),
    fills: rows.map((r) => [...Array(5 + PROJECT_TYPES.length).fill(null), LIGHT_FILL[r.light] ?? null]),
    empty: '本年度没有任务分配',
  };
}
