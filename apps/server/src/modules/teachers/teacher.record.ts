import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { KEY_TEACHER_PRACTICE_DAYS, practiceDaysInYear, type Practice, type Teacher } from '@cjrh/domain';

// 宋体 for Chinese, Times New Roman for Latin, marked zh-CN so Word uses Chinese line breaking (as agreements/document.ts).
const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体', cs: 'Times New Roman' };
const LANGUAGE = { value: 'zh-CN', eastAsia: 'zh-CN' };
const run = (text: string, size = 22, bold = false) =>
  new TextRun({ text, size, bold, font: bold ? { ...FONT, eastAsia: '黑体' } : FONT, language: LANGUAGE });
const para = (text: string, opts: { size?: number; bold?: boolean; center?: boolean } = {}) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT,
    spacing: { before: 60, after: 60 },
    children: [run(text, opts.size, opts.bold)],
  });
const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [run(text, 20, bold)] })] });

/**
 * 教师校企合作工作记录 for appraisal and 职称 (notice 二(三)): who the teacher is, the enterprise practice by year with
 * the one-month rule for 骨干教师, and every stint. The ID number is never in it (only its keyed hash is stored).
 */
export async function teacherRecordDocx(t: Teacher, practices: Practice[], printedOn: string) {
  const years = [
    ...new Set(practices.flatMap((p) => [Number(p.startOn.slice(0, 4)), Number(p.endOn.slice(0, 4))])),
  ].sort();
  const yearLines = years.map((y) => {
    const days = practices.reduce((s, p) => s + practiceDaysInYear(p, y), 0);
    const rule = t.isKey
      ? days >= KEY_TEACHER_PRACTICE_DAYS
        ? '，达到骨干教师每年不少于 1 个月的要求'
        : `，未达到骨干教师每年不少于 1 个月（${KEY_TEACHER_PRACTICE_DAYS} 天）的要求`
      : '';
    return para(`${y} 年：企业实践 ${days} 天${rule}。`);
  });
  const header = new TableRow({
    tableHeader: true,
    children: ['序号', '实践企业', '起止日期', '天数', '实践内容', '佐证材料'].map((h) => cell(h, true)),
  });
  const rows = practices.map(
    (p, i) =>
      new TableRow({
        children: [
          cell(String(i + 1)),
          cell(p.enterprise),
          cell(`${p.startOn} 至 ${p.endOn}`),
          cell(String(p.days)),
          cell(p.content),
          cell(p.evidence || '—'),
        ],
      }),
  );
  const doc = new Document({
    creator: '湖北省技工院校产教融合平台',
    title: `${t.name} 校企合作工作记录`,
    styles: { default: { document: { run: { font: FONT, language: LANGUAGE } } } },
    sections: [
      {
        children: [
          para('教师校企合作工作记录', { size: 32, bold: true, center: true }),
          para(`（供年度考核、职称评审使用；打印日期 ${printedOn}）`, { size: 20, center: true }),
          para(`姓名：${t.name}　　学校：${t.schoolName}`),
          para(
            `专业：${t.specialtyName}　　职务/职称：${t.title || '—'}　　骨干教师：${t.isKey ? '是' : '否'}　　企业引进：${t.fromEnterprise ? '是' : '否'}`,
          ),
          para('一、企业实践年度汇总', { bold: true }),
          ...(yearLines.length ? yearLines : [para('暂无企业实践记录。')]),
          para('二、企业实践明细', { bold: true }),
          practices.length
            ? new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] })
            : para('暂无。'),
          para(''),
          para('学校（盖章）：　　　　　　　　　　　　　审核人：　　　　　　　　日期：'),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
