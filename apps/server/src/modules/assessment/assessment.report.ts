import {
  AlignmentType,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { indicatorById } from '@cjrh/domain';
import { WORD_FONT, WORD_HEADING_FONT, WORD_LANGUAGE, wordDefaults } from '../../lib/word';
import { formatTarget, formatValue, KIND_LABELS } from './assessment.export';
import type { RegionResult } from './assessment.compute';
import type { FrozenResult } from './assessment.service';

// The fonts of agreements/document.ts: 宋体 body, 黑体 headings, Times New Roman for Latin text and digits.
const FONT = WORD_FONT;
const HEADING_FONT = WORD_HEADING_FONT;

export const reportTitle = (year: number) => `${year} 年度“产教融合·技能助跑”专项行动市州考核评估报告`;

const run = (text: string, o: { bold?: boolean; size?: number; heading?: boolean } = {}) =>
  new TextRun({
    text,
    bold: o.bold,
    size: o.size ?? 24,
    font: o.heading ? HEADING_FONT : FONT,
    language: WORD_LANGUAGE,
  });
const heading = (text: string) =>
  new Paragraph({
    spacing: { before: 360, after: 120 },
    children: [run(text, { bold: true, size: 28, heading: true })],
  });
const body = (text: string) =>
  new Paragraph({
    spacing: { after: 60, line: 360 },
    indent: { firstLine: 480 },
    alignment: AlignmentType.JUSTIFIED,
    children: [run(text)],
  });

function table(header: string[], rows: (string | number)[][]) {
  const cell = (v: string | number, head = false) =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [run(String(v), { bold: head, size: 21, heading: head })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
    ],
  });
}

const fixed2 = (v: number) => v.toFixed(2);

/** One paragraph per region: total and rank, then what each item contributed and why. */
function regionParagraph(r: RegionResult, n: number) {
  const parts = r.items.map((i) =>
    i.kind === 'indicator'
      ? `${i.label}为 ${formatValue(i)}（目标 ${formatTarget(i)}），得 ${fixed2(i.score ?? 0)} 分`
      : `${i.label}评 ${fixed2(i.score ?? 0)} 分（${i.reason ?? '未说明理由'}）`,
  );
  return body(
    `（${toChineseNumber(n + 1)}）${r.regionName}：总分 ${fixed2(r.total)} 分，排名第 ${r.rank} 位。其中，${parts.join('；')}。`,
  );
}

const DIGITS = '零一二三四五六七八九';
/** 1–99 in Chinese numerals, for the （一）（二）… of the region paragraphs. */
function toChineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** The frozen result as the province's Word report, A4 with page numbers. */
export async function reportDocx(f: FrozenResult): Promise<Buffer> {
  const title = reportTitle(f.year);
  const top = f.rows.filter((r) => r.rank === 1).map((r) => r.regionName);
  const average = f.rows.reduce((s, r) => s + r.total, 0) / Math.max(1, f.rows.length);
  const d = new Document({
    creator: '湖北省产教融合·技能助跑专项行动平台',
    title,
    styles: { default: wordDefaults() },
    sections: [
      {
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1588, right: 1474 } },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页'], font: FONT, size: 18 })],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [run(title, { bold: true, size: 36, heading: true })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 360 },
            children: [run(`湖北省人力资源和社会保障厅 · ${f.frozenAt.slice(0, 10)}`, { size: 21 })],
          }),
          body(
            `按照《${f.title}》，省厅对全省 ${f.rows.length} 个市州开展了年度考核评估。指标类项目由平台按统一口径计算（数据截至 ${f.asOfDate ?? f.frozenAt.slice(0, 10)}），于 ${f.frozenAt.slice(0, 10)} 冻结，人工评分项目逐项记录了评分理由。全省平均得分 ${fixed2(average)} 分，${top.join('、')}位列第一。`,
          ),
          heading('一、考核方案'),
          table(
            ['序号', '考核项目', '类型', '对应指标', '目标', '权重'],
            f.scheme.map((i, n) => [
              n + 1,
              i.label,
              KIND_LABELS[i.kind],
              i.indicatorId ? (indicatorById(i.indicatorId)?.label ?? i.indicatorId) : '—',
              formatTarget(i),
              i.weight,
            ]),
          ),
          heading('二、考核结果排名'),
          table(
            ['排名', '地区', ...f.scheme.map((i) => `${i.label}得分`), '总分'],
            f.rows.map((r) => [r.rank, r.regionName, ...r.items.map((i) => fixed2(i.score ?? 0)), fixed2(r.total)]),
          ),
          heading('三、各市州情况'),
          ...f.rows.map(regionParagraph),
        ],
      },
    ],
  });
  return Packer.toBuffer(d);
}
