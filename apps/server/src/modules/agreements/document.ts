import { AlignmentType, Document, Footer, Packer, PageNumber, Paragraph, TextRun } from 'docx';

// 宋体 for Chinese (LibreOffice substitutes Noto Serif CJK when it is missing); Latin text in Times New Roman.
const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体', cs: 'Times New Roman' };
const HEADING_FONT = { ...FONT, eastAsia: '黑体' };

export interface RenderedAgreement {
  title: string;
  blocks: { kind: string; text: string }[];
}

function block(b: { kind: string; text: string }): Paragraph[] {
  const lines = b.text.split('\n');
  const size = b.kind === 'heading' ? 28 : 24; // half-points: 14 pt headings, 12 pt body
  return lines.map(
    (line, i) =>
      new Paragraph({
        spacing: { before: b.kind === 'heading' && i === 0 ? 240 : 60, after: 60, line: 360 },
        indent: b.kind === 'text' ? { firstLine: 480 } : undefined,
        alignment: b.kind === 'signature' ? AlignmentType.LEFT : AlignmentType.JUSTIFIED,
        children: [new TextRun({ text: line, size, bold: b.kind === 'heading', font: b.kind === 'heading' ? HEADING_FONT : FONT })],
      }),
  );
}

/** The agreement as a .docx, A4, with page numbers (第 N 页). */
export async function agreementDocx(doc: RenderedAgreement): Promise<Buffer> {
  const d = new Document({
    creator: '湖北省产教融合·技能助跑专项行动平台',
    title: doc.title,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1588, right: 1474 } } },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页'], font: FONT, size: 18 })] })],
          }),
        },
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 360 }, children: [new TextRun({ text: doc.title, bold: true, size: 36, font: HEADING_FONT })] }),
          ...doc.blocks.flatMap(block),
        ],
      },
    ],
  });
  return Packer.toBuffer(d);
}

const SIGNATURES: { mime: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { mime: 'application/pdf', ext: 'pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { mime: 'image/jpeg', ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/png', ext: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
];

/** The file's real type from its first bytes; the name and the declared content type are not trusted. */
export function sniffScan(b: Buffer): { mime: string; ext: string } | null {
  return SIGNATURES.find((s) => s.test(b)) ?? null;
}

export const SCAN_MAX_BYTES = 10 * 1024 * 1024;
