import {
  AlignmentType,
  Document,
  Footer,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { A4_PAGE, WORD_FONT, WORD_HEADING_FONT, WORD_LANGUAGE, wordDefaults } from '../../lib/word';
import { formatFigure, formatTarget, type ProgressData } from './progress';
import { LIGHT_LABELS } from './lists';

/**
 * The 上报 workbook as a Word summary: the same numbers as the dashboard's charts, in tables (a ministry report reads
 * tables, and a chart image would print the numbers too small). A4 landscape, since the regional table is wide.
 */
const run = (text: string, o: { bold?: boolean; size?: number; heading?: boolean } = {}) =>
  new TextRun({
    text,
    bold: o.bold,
    size: o.size ?? 22,
    font: o.heading ? WORD_HEADING_FONT : WORD_FONT,
    language: WORD_LANGUAGE,
  });
const heading = (text: string) =>
  new Paragraph({
    keepNext: true,
    spacing: { before: 300, after: 120 },
    children: [run(text, { bold: true, size: 28, heading: true })],
  });
const body = (text: string) =>
  new Paragraph({ spacing: { after: 60, line: 340 }, indent: { firstLine: 440 }, children: [run(text)] });

function table(header: string[], rows: (string | number)[][], size = 18) {
  const cell = (v: string | number, head = false) =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [run(String(v), { bold: head, size, heading: head })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v) => cell(v)) })),
    ],
  });
}

export async function progressDocx(d: ProgressData): Promise<Buffer> {
  const counts = d.tables.map((t) => `${t.title} ${t.rows.length} 条`).join('，');
  const lights = ['green', 'amber', 'red']
    .map((l) => `${LIGHT_LABELS[l].slice(0, 2)} ${d.cards.filter((c) => c.light === l).length} 项`)
    .join('、');
  // Regions as rows and at most 6 indicators per table, so 9 pt figures fit the landscape width.
  const { defs, regions } = d.regional;
  const chunks: number[][] = [];
  for (let i = 0; i < defs.length; i += 6) chunks.push(defs.slice(i, i + 6).map((_, k) => i + k));
  const doc = new Document({
    creator: '湖北省产教融合·技能助跑专项行动平台',
    title: d.title,
    styles: { default: wordDefaults(22) },
    sections: [
      {
        properties: {
          page: {
            size: { ...A4_PAGE, orientation: PageOrientation.LANDSCAPE },
            margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: [
                      `数据截至 ${d.asOf}    第 `,
                      PageNumber.CURRENT,
                      ' 页 共 ',
                      PageNumber.TOTAL_PAGES,
                      ' 页',
                    ],
                    font: WORD_FONT,
                    size: 18,
                    language: WORD_LANGUAGE,
                  }),
                ],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [run(d.title, { bold: true, size: 36, heading: true })],
          }),
          body(
            `范围：${d.scopeName}；数据截至 ${d.asOf}（当日结束时）。${d.reason ?? ''}共 ${d.cards.length} 项指标，其中${lights}。本期${counts}。`,
          ),
          heading('一、指标完成情况'),
          table(
            ['序号', '指标', '目标', '当前值', '进度要求', '红绿灯', '完成期限'],
            d.cards.map((c, i) => [
              i + 1,
              c.label,
              formatTarget(c),
              formatFigure(c, c.value),
              formatFigure(c, c.expected),
              LIGHT_LABELS[c.light],
              c.deadline,
            ]),
          ),
          heading('二、分地区情况'),
          ...chunks.flatMap((idx) => [
            table(
              ['地区', ...idx.map((i) => defs[i].label)],
              regions.map((r) => [
                r.name,
                ...idx.map(
                  (i) =>
                    `${formatFigure(defs[i], r.cells[i].value)}${r.cells[i].light === 'none' ? '' : `（${LIGHT_LABELS[r.cells[i].light].slice(0, 2)}）`}`,
                ),
              ]),
            ),
            new Paragraph({ spacing: { after: 120 }, children: [] }),
          ]),
          heading('三、合作协议、项目、实习和任务完成'),
          ...d.tables.flatMap((t) => [body(`${t.title}：${t.caption}`)]),
          ...(() => {
            const quota = d.tables.find((t) => t.sheet === '任务完成');
            if (!quota || !quota.rows.length) return [];
            const cols = quota.columns.map((c) => c.header);
            const keep = ['地区', '征集任务数', '已登记项目', '完成率', '进度要求', '状态', '红绿灯'].map((h) =>
              cols.indexOf(h),
            );
            return [
              table(
                keep.map((k) => cols[k]),
                quota.rows.map((r) =>
                  keep.map((k) =>
                    typeof r[k] === 'number' && /率|要求/.test(cols[k])
                      ? `${((r[k] as number) * 100).toFixed(1)}%`
                      : String(r[k] ?? ''),
                  ),
                ),
              ),
            ];
          })(),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
