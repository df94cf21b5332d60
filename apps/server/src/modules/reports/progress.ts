import ExcelJS from 'exceljs';
import { INDICATORS, REGIONS, regionByCode, trafficLight, type IndicatorDef } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { now } from '../../lib/clock';
import { asOfParams, beforeProgramme, type AsOfQuery } from '../indicators/asOf';
import { indicatorsFor } from '../indicators/cards';
import { byRegion, endedOf } from '../indicators/indicators.service';
import { agreementsTable, internshipsTable, LIGHT_LABELS, projectsTable, quotaCompletionTable } from './lists';
import { addTable, type Table } from './table';

/**
 * 上报: 「全省专项行动进展统计表」 — what the province hands upward in one click (a bureau gets its own region's).
 * Every figure comes from the as-of indicators service (indicators/asOf.ts): a past year stands at its last day, this
 * year at today, or at `asOf`. Sheets: 指标汇总 (every indicator of the scope with target, value, pace and light),
 * 分地区指标 (every regional indicator by region), then the year's agreements, projects, internships and quota
 * completion as the list pages export them. An empty year is a workbook that says so, never an error.
 */
const PROGRESS_TITLE = '全省专项行动进展统计表';

export const formatFigure = (def: Pick<IndicatorDef, 'unit'>, v: number | null) =>
  v == null ? '—' : def.unit === 'ratio' ? `${(v * 100).toFixed(1)}%` : String(Math.round(v * 100) / 100);
export const formatTarget = (def: Pick<IndicatorDef, 'unit' | 'op' | 'target'>) =>
  def.target === 0 ? '监测' : `${def.op === '=' ? '=' : '≥'} ${formatFigure(def, def.target)}`;
const LIGHT_FILL: Record<string, string | null> = { green: 'FFE2F0D9', amber: 'FFFFF2CC', red: 'FFFDE2E2', none: null };

export interface ProgressData {
  year: number;
  asOf: string;
  scopeName: string;
  title: string;
  reason: string | null;
  cards: Awaited<ReturnType<typeof indicatorsFor>>['items'];
  /** Regional indicators by region: the regions in scope, each indicator's value and light. */
  regional: { defs: IndicatorDef[]; regions: { name: string; cells: { value: number | null; light: string }[] }[] };
  tables: Table[];
}

export async function progressData(db: Db, ctx: Ctx, q: AsOfQuery): Promise<ProgressData> {
  const actor = requireAccess(ctx, 'report.export');
  const p = asOfParams(q);
  const region = actor.role === 'region' ? actor.regionCode! : null;
  const scopeName = region ? (regionByCode(region)?.name ?? region) : '全省';
  const cards = await indicatorsFor(db, ctx, { year: q.year, asOf: q.asOf });
  const before = beforeProgramme(p);
  const defs = INDICATORS.filter((d) => (d.scopes as readonly string[]).includes('region'));
  const inScope = REGIONS.filter((r) => !region || r.code === region);
  const perDef = await Promise.all(
    defs.map(async (d) =>
      before ? null : new Map((await byRegion(db, d, endedOf(d, p).p)).map((r) => [r.regionCode, r.value])),
    ),
  );
  const regional = {
    defs,
    regions: inScope.map((r) => ({
      name: r.name,
      cells: defs.map((d, i) => {
        const value = perDef[i]?.get(r.code) ?? (d.unit === 'ratio' ? null : 0);
        // A region is judged on ratios only: count targets are the province's (as on the dashboard).
        const expected = cards.items.find((c) => c.id === d.id)?.expected ?? 0;
        return { value, light: d.unit === 'ratio' ? trafficLight(d, value, expected) : 'none' };
      }),
    })),
  };
  let quota: Table | null = null;
  try {
    quota = await quotaCompletionTable(db, ctx, p.year);
  } catch (e) {
    // A year without a campaign has no quotas: the sheet says so instead of failing the whole report.
    if (!(e instanceof AppError && e.status === 404)) throw e;
  }
  const inYear = (d: string) => d.slice(0, 4) === String(p.year);
  const internships = await internshipsTable(db, ctx, { state: 'confirmed' });
  const intRows = internships.rows.filter((r) => inYear(String(r[6] ?? '')));
  const tables: Table[] = [
    await agreementsTable(db, ctx, { year: p.year }),
    await projectsTable(db, ctx, { year: p.year }),
    {
      ...internships,
      rows: intRows.map((r, i) => [i + 1, ...r.slice(1)]),
      caption: `${p.year} 年开始的已确认实习批次：${intRows.length} 批，${intRows.reduce((s, r) => s + Number(r[5] ?? 0), 0)} 人次。不含学生个人信息。`,
    },
    quota ?? {
      sheet: '任务完成',
      title: `${p.year}年度合作共建项目征集任务完成情况`,
      caption: `${p.year} 年度没有专项行动，没有任务分配。`,
      columns: [
        { header: '地区', width: 12 },
        { header: '说明', width: 40 },
      ],
      rows: [],
      empty: '本年度没有任务分配',
    },
  ];
  return {
    year: p.year,
    asOf: p.asOf,
    scopeName,
    title: `${p.year}年度${PROGRESS_TITLE.replace('全省', scopeName)}`,
    reason: before,
    cards: cards.items,
    regional,
    tables,
  };
}

function summaryTable(d: ProgressData): Table {
  return {
    sheet: '指标汇总',
    title: d.title,
    caption: `范围：${d.scopeName}；数据截至 ${d.asOf}（当日结束时）。${d.reason ?? ''}目标数量类指标为全省目标，市州不评红绿灯。`,
    columns: [
      { header: '序号', width: 5 },
      { header: '类别', width: 9 },
      { header: '指标', width: 26 },
      { header: '目标', width: 9 },
      { header: '当前值', width: 9 },
      { header: '分子', width: 7 },
      { header: '分母', width: 7 },
      { header: '进度要求', width: 9 },
      { header: '红绿灯', width: 10 },
      { header: '完成期限', width: 11 },
      { header: '计算口径', width: 40 },
    ],
    rows: d.cards.map((c, i) => [
      i + 1,
      c.group,
      c.label,
      formatTarget(c),
      formatFigure(c, c.value),
      c.numerator,
      c.denominator ?? '—',
      formatFigure(c, c.expected),
      LIGHT_LABELS[c.light],
      c.deadline,
      c.formula,
    ]),
    fills: d.cards.map((c) => [...Array(8).fill(null), LIGHT_FILL[c.light]]),
    empty: '没有指标',
    keyColumns: 3,
  };
}

function regionalTable(d: ProgressData): Table {
  const { defs, regions } = d.regional;
  return {
    sheet: '分地区指标',
    title: `${d.title}（分地区）`,
    caption: `数据截至 ${d.asOf}。比例类指标按进度评红绿灯（绿：达到进度；黄：略有滞后；红：明显滞后），着色表示；数量类指标只列数值。`,
    columns: [{ header: '地区', width: 9 }, ...defs.map((f) => ({ header: f.label, width: 10 }))],
    rows: regions.map((r) => [r.name, ...r.cells.map((c, i) => formatFigure(defs[i], c.value))]),
    fills: regions.map((r) => [null, ...r.cells.map((c) => LIGHT_FILL[c.light])]),
    empty: '没有地区数据',
  };
}

export async function progressWorkbook(d: ProgressData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '湖北省“产教融合·技能助跑”专项行动平台';
  wb.created = now();
  addTable(wb, summaryTable(d), d.asOf);
  addTable(wb, regionalTable(d), d.asOf);
  for (const t of d.tables) addTable(wb, { ...t, title: `${d.title}·${t.title}` }, d.asOf);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One list as its own workbook (the list pages' 导出 button). */
export async function tableWorkbook(t: Table, asOf: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '湖北省“产教融合·技能助跑”专项行动平台';
  wb.created = now();
  addTable(wb, t, asOf);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
