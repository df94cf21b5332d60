import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { makeUscc } from '@cjrh/domain';
import type { TestApp } from '../../../test/app';
import { XLSX_TYPE } from '../excel/layout';
import { inflateEntry, readCentralDirectory } from '../excel/zip';

const TEMPLATE = '/api/orgs/import/template.xlsx';
const IMPORT = '/api/orgs/import';

/** One row of the 单位名单 as a person types it (labels, names, not codes). */
export interface Line {
  name: string;
  type?: string;
  uscc: string;
  region?: string;
  contact?: string;
  phone?: string;
  schoolType?: string;
  industry?: string;
  isKey?: string;
}

let n = 0;
/** A valid USCC of a region, unique within the file's run. */
export const uscc = (regionCode = '420600') =>
  makeUscc('91', regionCode, `K${String(process.pid % 100).padStart(2, '0')}${String(++n).padStart(6, '0')}`);

export async function download(t: TestApp, cookie: string): Promise<Buffer> {
  const r = await t.app.inject({ url: TEMPLATE, headers: { cookie } });
  expect(r.statusCode, r.body).toBe(200);
  expect(r.headers['content-type']).toBe(XLSX_TYPE);
  return r.rawPayload;
}

export async function load(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** Fills the downloaded template from row 3 on (row 2 is the example row) and saves it as Excel would. */
export async function fill(template: Buffer, lines: Line[]): Promise<Buffer> {
  const wb = await load(template);
  const ws = wb.getWorksheet('单位名单')!;
  lines.forEach((l, i) => {
    const school = (l.type ?? '技工院校') === '技工院校';
    // B 单位名称, C 单位类型, D USCC, E 所在市州, F 联系人, G 联系电话, J 学校类别, O 所属产业, S 是否重点企业
    const row = ws.getRow(3 + i);
    row.getCell('B').value = l.name;
    row.getCell('C').value = l.type ?? '技工院校';
    row.getCell('D').value = l.uscc;
    row.getCell('E').value = l.region ?? '襄阳市';
    row.getCell('F').value = l.contact ?? '王老师';
    row.getCell('G').value = l.phone ?? '13900000001';
    if (school) row.getCell('J').value = l.schoolType ?? '技师学院';
    if (l.industry) row.getCell('O').value = l.industry;
    if (l.isKey) row.getCell('S').value = l.isKey;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const upload = (t: TestApp, cookie: string, body: Buffer) =>
  t.app.inject({ method: 'POST', url: IMPORT, headers: { cookie, 'content-type': XLSX_TYPE }, payload: body });

/** The visible text of a .docx (its paragraphs' runs), read with the import's own zip reader. */
export function docxText(buf: Buffer): string {
  const entry = readCentralDirectory(buf).find((e) => e.name === 'word/document.xml')!;
  return inflateEntry(buf, entry)
    .toString('utf8')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '');
}
