// Shared fixtures of the Excel tests (not a test file itself): a campaign, schools in two regions, their accounts,
// and helpers that fill the downloaded template the way a person would and upload it.
import ExcelJS from 'exceljs';
import { crc32, deflateRawSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { formDefinition, type FormDefinition } from '@cjrh/domain';
import { openCampaign, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { XLSX_TYPE } from './layout';
import { inflateEntry, readCentralDirectory } from './zip';

export const YEAR = 2025;
export const XY = '420600'; // 襄阳市
const WH = '420100'; // 武汉市

export interface Fixture {
  def: FormDefinition;
  cookies: Record<string, string>;
  xySchools: { id: number; name: string; uscc: string }[];
  whSchool: { id: number; name: string; uscc: string };
  specialties: string[]; // names, as people type them
}

export async function setUp(t: TestApp): Promise<Fixture> {
  const xySchools = [];
  for (const n of ['甲', '乙', '丙'])
    xySchools.push(
      await makeOrg(t, { type: 'school', regionCode: XY, name: `襄阳测试${n}技师学院`, schoolType: '技师学院' }),
    );
  const whSchool = await makeOrg(t, {
    type: 'school',
    regionCode: WH,
    name: '武汉测试技师学院',
    schoolType: '技师学院',
  });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', displayName: '襄阳市人社局', role: 'region', regionCode: XY });
  await makeUser(t, { username: 'xys', role: 'school', regionCode: XY, orgId: xySchools[0].id });
  const cookies: Record<string, string> = {};
  for (const u of ['prov', 'xy', 'xys']) cookies[u] = await login(t, u);
  const c = await t.app.inject({
    method: 'POST',
    url: '/api/campaigns',
    headers: { cookie: cookies.prov },
    payload: { year: YEAR },
  });
  expect(c.statusCode).toBe(201);
  await openCampaign(t, cookies.prov, YEAR);
  const spec = (
    await exec(t, sql`select name from dict_entries where kind = 'specialty' and active order by code limit 5`)
  ).rows as { name: string }[];
  return { def: formDefinition('school', YEAR), cookies, xySchools, whSchool, specialties: spec.map((s) => s.name) };
}

/** One sheet row's values by field key, with sensible defaults for a school of Xiangyang. */
export function schoolRow(
  def: FormDefinition,
  org: { name: string; uscc: string },
  values: Record<string, unknown>,
): unknown[] {
  const base: Record<string, unknown> = {
    regionCode: '襄阳市',
    schoolName: org.name,
    schoolType: '技师学院',
    uscc: org.uscc,
    contactName: '李老师',
    contactPhone: '0710-3456789',
    needDetail: '共建实训基地，每年接收学生 40 人',
    ...values,
  };
  return def.fields.map((f) => base[f.key] ?? null);
}

/** A whole workbook in memory (fine for test-sized files; ExcelJS's typings want an ArrayBuffer). */
export async function loadBook(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

export async function downloadTemplate(t: TestApp, cookie: string, kind = 'school'): Promise<Buffer> {
  const r = await t.app.inject({ url: `/api/campaigns/${YEAR}/forms/${kind}/template.xlsx`, headers: { cookie } });
  expect(r.statusCode).toBe(200);
  return r.rawPayload;
}

/** The template filled from row 3 down (row 2 keeps its example), saved by ExcelJS as a normal workbook. */
export async function fillTemplate(
  template: Buffer,
  rows: unknown[][],
  edit?: (ws: ExcelJS.Worksheet) => void,
): Promise<Buffer> {
  const wb = await loadBook(template);
  const ws = wb.worksheets[0];
  rows.forEach((values, i) => {
    const row = ws.getRow(3 + i);
    row.getCell(1).value = i + 1;
    values.forEach((v, c) => (row.getCell(c + 2).value = v as ExcelJS.CellValue));
  });
  edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function upload(
  t: TestApp,
  cookie: string,
  body: Buffer,
  query = 'kind=school',
  name = '襄阳市学校需求.xlsx',
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/campaigns/${YEAR}/imports?${query}`,
    headers: { cookie, 'content-type': XLSX_TYPE, 'x-file-name': encodeURIComponent(name) },
    payload: body,
  });
}

export interface Job {
  id: number;
  state: string;
  totalRows: number;
  processedRows: number;
  result: Record<string, any>;
  message: string;
  hasErrorFile: boolean;
}

/** Polls the job until it has finished (50 ms steps, bounded). */
export async function waitJob(t: TestApp, cookie: string, jobId: number): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const r = await t.app.inject({ url: `/api/imports/${jobId}`, headers: { cookie } });
    expect(r.statusCode).toBe(200);
    const j = r.json() as Job;
    if (j.state === 'done' || j.state === 'failed') return j;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`import job ${jobId} did not finish`);
}

/** Upload, expect 202, wait for the job. */
export async function importFile(t: TestApp, cookie: string, body: Buffer, query = 'kind=school'): Promise<Job> {
  const r = await upload(t, cookie, body, query);
  expect(r.statusCode, r.body).toBe(202);
  return waitJob(t, cookie, r.json().jobId);
}

export async function formsState(t: TestApp) {
  const forms = (await exec(t, sql`select org_id, version, state, row_count, data from forms order by org_id`))
    .rows as { org_id: number; version: number; state: string; row_count: number; data: any }[];
  const [{ n: audits }] = (await exec(t, sql`select count(*)::int as n from audit_log where action like 'form.%'`))
    .rows as { n: number }[];
  const [{ n: snapshots }] = (await exec(t, sql`select count(*)::int as n from form_snapshots`)).rows as {
    n: number;
  }[];
  return { forms, audits, snapshots };
}

export interface ZipFile {
  name: string;
  data: Buffer;
  store?: boolean;
  /** Write this uncompressed size into the headers instead of the real one (forged archives). */
  claimSize?: number;
}

/** A minimal ZIP writer, so tests can forge what real tools never write (bombs, macros, lying sizes). */
export function makeZip(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const body = f.store ? f.data : deflateRawSync(f.data);
    const size = f.claimSize ?? f.data.length;
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(f.store ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(f.store ? 0 : 8, 10);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(dir, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Every entry of a real workbook, inflated, in order. */
export function unzipAll(buf: Buffer): ZipFile[] {
  return readCentralDirectory(buf).map((e) => ({ name: e.name, data: inflateEntry(buf, e) }));
}
