import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { maskFreeText, maskName, maskPhone, REGIONS, type openDataItemOut } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { sqlRows } from '../../db/rows';
import { latestPublicationIds, latestPublishedYear } from './publish.service';
import { applyPrint, fitRow, textUnits } from '../excel/print';
import { CSV_NOTE, OPEN_DATA_LICENCE, OPEN_FIELDS, TYPE_LABEL, type OpenField } from './openDataFields';

// Open data is for everybody, so contacts are always masked here, whoever downloads it. Without a year it is the
// latest version of the latest published year, as the public page (docs/decisions/0020). Every code comes with its
// name from the live dictionaries (the province may rename an entry; a code no longer in a dictionary gets no name).

type Row = z.output<typeof openDataItemOut>;

async function dictionaryNames(db: Db) {
  const res = await sqlRows<{ kind: string; code: string; name: string }>(
    db,
    sql`select kind, code, name from dict_entries where kind in ('specialty', 'occupation', 'industry', 'skill_level')`,
  );
  const names = new Map(res.map((r) => [`${r.kind}|${r.code}`, r.name]));
  for (const r of REGIONS) names.set(`region|${r.code}`, r.name);
  return (kind: string, code: string | null) => (code ? (names.get(`${kind}|${code}`) ?? '') : '');
}

async function openRows(db: Db, year?: number): Promise<{ year: number | null; items: Row[] }> {
  const shown = year ?? (await latestPublishedYear(db));
  if (shown == null) return { year: null, items: [] };
  const [campaign] = await sqlRows<{ id: number }>(db, sql`select id from campaigns where year = ${shown}`);
  const ids = campaign ? await latestPublicationIds(db, campaign.id) : [];
  if (!ids.length) return { year: shown, items: [] };
  const res = await sqlRows<Record<string, unknown>>(
    db,
    sql`select i.id, c.year, p.version, i.org_type, i.org_name, i.region_code, i.title, i.need_type, i.specialty_code, i.occupation_code, i.industry_codes,
               i.skill_level, i.places, to_char(i.available_from,'YYYY-MM-DD') as available_from, to_char(i.expires_on,'YYYY-MM-DD') as expires_on, i.detail, i.contact_name, i.contact_phone
        from published_items i join publications p on p.id = i.publication_id join campaigns c on c.id = i.campaign_id
        where i.publication_id in (${sql.join(
          ids.map((x) => sql`${x}`),
          sql`, `,
        )}) and i.status = 'public' order by i.region_code, i.id`,
  );
  const name = await dictionaryNames(db);
  const str = (v: unknown) => (v == null ? null : String(v));
  const items = res.map((r) => {
    const industries = (r.industry_codes as string[] | null) ?? [];
    return {
      id: Number(r.id),
      year: Number(r.year),
      version: Number(r.version),
      orgType: r.org_type === 'school' ? '技工院校' : '企业',
      orgName: String(r.org_name),
      regionCode: String(r.region_code),
      region: name('region', String(r.region_code)) || String(r.region_code),
      title: String(r.title),
      needType: String(r.need_type),
      specialtyCode: str(r.specialty_code),
      specialtyName: name('specialty', str(r.specialty_code)),
      occupationCode: str(r.occupation_code),
      occupationName: name('occupation', str(r.occupation_code)),
      industryCodes: industries,
      industryNames: industries.map((c) => name('industry', c)),
      skillLevel: str(r.skill_level),
      skillLevelName: name('skill_level', str(r.skill_level)),
      places: Number(r.places),
      availableFrom: str(r.available_from),
      expiresOn: str(r.expires_on),
      // Phone numbers, e-mails and ID numbers typed into 具体需求 are personal data too.
      detail: maskFreeText(String(r.detail ?? '')),
      contactName: maskName(String(r.contact_name ?? '')),
      contactPhone: maskPhone(String(r.contact_phone ?? '')),
    };
  });
  return { year: shown, items };
}

export async function openDataJson(db: Db, year?: number) {
  const { year: shown, items } = await openRows(db, year);
  return {
    licence: OPEN_DATA_LICENCE,
    year: shown,
    count: items.length,
    dictionary: '/api/catalogue/open-data-dictionary.json',
    items,
  };
}

const joined = (v: Row[keyof Row]) => (Array.isArray(v) ? v.join('、') : v == null ? '' : String(v));

/** A text cell: always quoted; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
const quoted = (s: string) => `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
/** Numbers unquoted, everything else (codes above all) quoted: readers that honour quotes keep 0119 as text. */
const csvCell = (f: OpenField, v: Row[keyof Row]) =>
  f.type === 'integer' && typeof v === 'number' ? String(v) : quoted(joined(v));

const csvOf = (header: string[], lines: string[][]) =>
  '\uFEFF' + [header.map(quoted).join(','), ...lines.map((l) => l.join(','))].join('\r\n') + '\r\n'; // BOM: Excel reads the UTF-8

export async function openDataCsv(db: Db, year?: number) {
  const { items } = await openRows(db, year);
  return csvOf(
    OPEN_FIELDS.map((f) => f.label),
    items.map((r) => OPEN_FIELDS.map((f) => csvCell(f, r[f.key]))),
  );
}

/** The data dictionary: every field with its Chinese label, type, code list and an example taken from the data. */
export async function openDataDictionary(db: Db, year?: number) {
  const { year: shown, items } = await openRows(db, year);
  const example = (f: OpenField) => {
    const hit = items.find((r) => joined(r[f.key]) !== '');
    return hit ? joined(hit[f.key]) : '';
  };
  return {
    licence: OPEN_DATA_LICENCE,
    year: shown,
    csv: CSV_NOTE,
    files: ['/api/catalogue/open-data.csv', '/api/catalogue/open-data.xlsx', '/api/catalogue/open-data.json'],
    fields: OPEN_FIELDS.map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      typeLabel: TYPE_LABEL[f.type],
      multiple: f.multiple ?? false,
      list: f.list ?? '',
      note: f.note ?? '',
      example: example(f),
    })),
  };
}

const DICT_COLUMNS = [
  ['label', '字段（中文）'],
  ['key', '字段名（JSON）'],
  ['typeLabel', '类型'],
  ['list', '代码来源'],
  ['note', '说明'],
  ['example', '示例'],
] as const;

export async function openDataDictionaryCsv(db: Db, year?: number) {
  const d = await openDataDictionary(db, year);
  return csvOf(
    DICT_COLUMNS.map(([, h]) => h),
    d.fields.map((f) =>
      DICT_COLUMNS.map(([k]) => quoted(`${f[k]}${k === 'typeLabel' && f.multiple ? '，多个值以「、」分隔' : ''}`)),
    ),
  );
}

/** The same data as a workbook: code cells are text cells (format @), so 0119 stays 0119; a second sheet is the dictionary. */
export async function openDataXlsx(db: Db, year?: number): Promise<Buffer> {
  const { items } = await openRows(db, year);
  const dict = await openDataDictionary(db, year);
  const wb = new ExcelJS.Workbook();
  wb.creator = '湖北省“产教融合·技能助跑”专项行动平台';
  const ws = wb.addWorksheet('需求信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = OPEN_FIELDS.map((f) => ({
    header: f.label,
    key: f.key,
    width: f.type === 'integer' ? 8 : f.key === 'detail' ? 40 : f.type === 'date' ? 12 : 16,
    style: f.type === 'integer' ? {} : { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of items) ws.addRow(OPEN_FIELDS.map((f) => (f.type === 'integer' ? r[f.key] : joined(r[f.key]))));
  if (items.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: OPEN_FIELDS.length } };
  const ds = wb.addWorksheet('数据字典', { views: [{ state: 'frozen', ySplit: 1 }] });
  const DICT_WIDTHS: Record<(typeof DICT_COLUMNS)[number][0], number> = {
    label: 12,
    key: 16,
    typeLabel: 22,
    list: 40,
    note: 30,
    example: 20,
  };
  ds.columns = DICT_COLUMNS.map(([k, h]) => ({
    header: h,
    key: k,
    width: DICT_WIDTHS[k],
    style: { numFmt: '@', alignment: { wrapText: true, vertical: 'top' } },
  }));
  ds.getRow(1).font = { bold: true };
  const dictWidths = DICT_COLUMNS.map(([k]) => DICT_WIDTHS[k]);
  for (const f of dict.fields)
    fitRow(
      ds.addRow(DICT_COLUMNS.map(([k]) => `${f[k]}${k === 'typeLabel' && f.multiple ? '，多个值以「、」分隔' : ''}`)),
      dictWidths,
    );
  // The two notes span the sheet, wrapped, tall enough for their text (no spreadsheet sizes merged rows by itself).
  for (const text of ['', dict.csv, dict.licence]) {
    const row = ds.addRow([text]);
    if (!text) continue;
    ds.mergeCells(row.number, 1, row.number, DICT_COLUMNS.length);
    row.height = 16 * Math.ceil(textUnits(text) / dictWidths.reduce((a, b) => a + b, 0) + 0.5);
  }
  // Paper: the shared layout (A4, orientation by width, header row repeated, title, page number and date).
  const title = `湖北省“产教融合·技能助跑”需求信息公开数据（${dict.year ?? ''}年）`;
  applyPrint(ws, { title, widths: ws.columns.map((c) => c.width ?? 10), titleRows: 1, keyColumns: 0 });
  applyPrint(ds, { title: `${title}·数据字典`, widths: dictWidths, titleRows: 1, keyColumns: 0 });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
