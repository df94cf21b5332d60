import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import QRCode from 'qrcode';

// 宋体 for Chinese (LibreOffice substitutes Noto Serif CJK when it is missing); Latin text in Times New Roman.
const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体', cs: 'Times New Roman' };
const HEADING_FONT = { ...FONT, eastAsia: '黑体' };
// Marks the text as Chinese (w:lang w:eastAsia="zh-CN"), so Word picks Chinese line breaking, punctuation and proofing.
const LANGUAGE = { value: 'zh-CN', eastAsia: 'zh-CN' };

/** Where the verification page lives when the caller does not say (env.ts has no PUBLIC_URL yet). */
const DEFAULT_VERIFY_ORIGIN = 'http://127.0.0.1:3000';

export interface RenderedAgreement {
  title: string;
  blocks: { kind: string; text: string }[];
}

export interface AgreementDocxOptions {
  /** Printed in the footer with the verification address and its QR code; without it the footer has page numbers only. */
  agreementNo?: string | null;
  /** The platform's public origin (e.g. https://cjrh.example.gov.cn) for `${origin}/verify/{agreementNo}`. */
  origin?: string | null;
}

/** The address printed under the QR code: anyone holding the paper can check it against the platform's record. */
export function verifyUrl(agreementNo: string, origin?: string | null): string {
  const base = (origin?.trim() || DEFAULT_VERIFY_ORIGIN).replace(/\/+$/, '');
  return `${base}/verify/${encodeURIComponent(agreementNo)}`;
}

const run = (text: string, size: number, bold = false, font = FONT) =>
  new TextRun({ text, size, bold, font, language: LANGUAGE });

/**
 * One paragraph per line of a block. Lines of a party or signature block are kept together and on one page (keepNext on
 * all but the last); a heading is kept with the paragraph that follows it. Only body text is justified: justified
 * party lines spread 「统一社会信用代码」 across the line.
 */
function block(b: { kind: string; text: string }): Paragraph[] {
  const lines = b.text.split('\n');
  const heading = b.kind === 'heading';
  const size = heading ? 28 : 24; // half-points: 14 pt headings, 12 pt body
  const grouped = b.kind === 'party' || b.kind === 'signature';
  return lines.map((line, i) => {
    const last = i === lines.length - 1;
    let spacing = { before: heading && i === 0 ? 240 : 60, after: 60, line: 360 };
    if (b.kind === 'party' && i === 0) spacing = { ...spacing, before: 200 };
    // Room for the seal beside 「（盖章）」 and for the signature after 「（签字）：」.
    if (b.kind === 'signature')
      spacing = { before: i === 0 ? 360 : 60, after: i === 0 ? 720 : i === 1 ? 480 : 240, line: 360 };
    return new Paragraph({
      spacing,
      keepNext: heading || (grouped && !last),
      keepLines: true,
      indent: b.kind === 'text' ? { firstLine: 480 } : undefined,
      alignment: b.kind === 'text' ? AlignmentType.JUSTIFIED : AlignmentType.LEFT,
      children: [run(line, size, heading || (grouped && i === 0), heading ? HEADING_FONT : FONT)],
    });
  });
}

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = {
  top: NO_BORDER,
  bottom: NO_BORDER,
  left: NO_BORDER,
  right: NO_BORDER,
  insideHorizontal: NO_BORDER,
  insideVertical: NO_BORDER,
};
const TEXT_WIDTH = 11906 - 1588 - 1474; // A4 width less the margins, in twips

/**
 * Consecutive signature blocks side by side, two per row, as printed agreements lay out 甲方 | 乙方: five parties take
 * half a page instead of two. A row never splits across pages, so a party's seal, signature and date stay together.
 */
function signatureTable(sigs: { kind: string; text: string }[]): Table {
  const half = Math.floor(TEXT_WIDTH / 2);
  const cell = (b?: { kind: string; text: string }) =>
    new TableCell({
      width: { size: half, type: WidthType.DXA },
      borders: NO_BORDERS,
      children: b ? block(b) : [new Paragraph({})],
    });
  const rows: TableRow[] = [];
  for (let i = 0; i < sigs.length; i += 2)
    rows.push(new TableRow({ cantSplit: true, children: [cell(sigs[i]), cell(sigs[i + 1])] }));
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [half, half],
    borders: NO_BORDERS,
    rows,
  });
}

/** The body: blocks as paragraphs, each run of signature blocks as one signature table. */
function body(blocks: { kind: string; text: string }[]): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (let i = 0; i < blocks.length;) {
    if (blocks[i].kind !== 'signature') {
      out.push(...block(blocks[i++]));
      continue;
    }
    const start = i;
    while (i < blocks.length && blocks[i].kind === 'signature') i++;
    out.push(signatureTable(blocks.slice(start, i)));
  }
  return out;
}

function pageNumbers(): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [
      new TextRun({
        children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'],
        font: FONT,
        size: 18,
        language: LANGUAGE,
      }),
    ],
  });
}

/** Footer: the QR code of the verification address beside the agreement number and the address, then 第 X 页 共 Y 页. */
async function footer(options: AgreementDocxOptions): Promise<Footer> {
  const no = options.agreementNo?.trim();
  if (!no) return new Footer({ children: [pageNumbers()] });
  const url = verifyUrl(no, options.origin);
  const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 192 });
  const small = (text: string) => new Paragraph({ spacing: { after: 0 }, children: [run(text, 16)] });
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [1300, 7700],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 1300, type: WidthType.DXA },
            borders: NO_BORDERS,
            children: [
              new Paragraph({
                children: [
                  new ImageRun({
                    type: 'png',
                    data: png,
                    transformation: { width: 56, height: 56 },
                    altText: { name: '核验二维码', description: url, title: '协议核验二维码' },
                  }),
                ],
              }),
            ],
          }),
          new TableCell({
            width: { size: 7700, type: WidthType.DXA },
            borders: NO_BORDERS,
            verticalAlign: VerticalAlign.CENTER,
            children: [
              small(`协议编号：${no}`),
              small(`核验地址：${url}`),
              small('扫描二维码或访问核验地址，可核对本协议与平台登记信息是否一致。'),
            ],
          }),
        ],
      }),
    ],
  });
  return new Footer({ children: [table, pageNumbers()] });
}

/**
 * The agreement as a .docx, A4. With options.agreementNo the footer carries the number, the verification address and
 * its QR code; every page is numbered 第 X 页 共 Y 页.
 */
export async function agreementDocx(doc: RenderedAgreement, options: AgreementDocxOptions = {}): Promise<Buffer> {
  const d = new Document({
    creator: '湖北省产教融合·技能助跑专项行动平台',
    title: doc.title,
    styles: { default: { document: { run: { font: FONT, size: 24, language: LANGUAGE } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1440, bottom: 1440, left: 1588, right: 1474, footer: 567 },
          },
        },
        footers: { default: await footer(options) },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            keepNext: true,
            spacing: { after: 360 },
            children: [run(doc.title, 36, true, HEADING_FONT)],
          }),
          ...body(doc.blocks),
        ],
      },
    ],
  });
  return Packer.toBuffer(d);
}

export const SCAN_MAX_BYTES = 10 * 1024 * 1024;
