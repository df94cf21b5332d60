import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, exec, type TestApp } from '../../../test/app';
import {
  downloadTemplate,
  fillTemplate,
  importFile,
  makeZip,
  schoolRow,
  setUp,
  unzipAll,
  upload,
  type Fixture,
} from './excel.testkit';
import { BOMB_MESSAGE } from './safety';

let t: TestApp;
let fx: Fixture;
let filled: Buffer;

beforeAll(async () => {
  t = await createTestApp();
  fx = await setUp(t);
  filled = await fillTemplate(await downloadTemplate(t, fx.cookies.xy), [
    schoolRow(fx.def, fx.xySchools[0], { specialtyCode: fx.specialties[0], needType: '其他' }),
  ]);
});
afterAll(() => t.close());

const written = async () => {
  const [r] = (
    await exec(
      t,
      sql`select (select count(*)::int from import_jobs) as jobs, (select count(*)::int from forms) as forms`,
    )
  ).rows;
  return r as { jobs: number; forms: number };
};

/** Refused in the request itself, with the code the web shows, and without a job or any data written. */
async function refused(body: Buffer, status: number, code: string, query = 'kind=school') {
  const before = await written();
  const r = await upload(t, fx.cookies.xy, body, query);
  expect(r.statusCode, r.body).toBe(status);
  expect(r.json().error.code).toBe(code);
  expect(r.json().error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(await written()).toEqual(before);
  return r.json().error.message as string;
}

describe('uploads refused before parsing', () => {
  it('a body over 20 MB answers 413 file_too_large', async () => {
    expect(await refused(Buffer.alloc(21 * 1024 * 1024, 1), 413, 'file_too_large')).toContain('20 MB');
  });

  it('a text file renamed .xlsx', async () => {
    await refused(Buffer.from('序号,学校名称\n1,某某学院\n'), 400, 'file_type');
  });

  it('an .xlsm: a zip with xl/vbaProject.bin, or a content type declaring macros', async () => {
    const entries = unzipAll(filled);
    await refused(makeZip([...entries, { name: 'xl/vbaProject.bin', data: Buffer.from('VBA') }]), 400, 'file_macro');
    const macroTypes = entries.map((e) =>
      e.name === '[Content_Types].xml'
        ? { ...e, data: Buffer.from(e.data.toString().replace('sheet.main+xml', 'sheet.macroEnabled.main+xml')) }
        : e,
    );
    await refused(makeZip(macroTypes), 400, 'file_macro');
  });

  it('an OLE2 file: encrypted workbook vs old .xls', async () => {
    const ole = (extra: Buffer) =>
      Buffer.concat([Buffer.from('D0CF11E0A1B11AE1', 'hex'), Buffer.alloc(504), extra, Buffer.alloc(512)]);
    await refused(ole(Buffer.from('EncryptedPackage', 'utf16le')), 400, 'file_encrypted');
    await refused(ole(Buffer.from('Workbook', 'utf16le')), 400, 'file_type');
  });

  it('zip bombs: a 1000:1 entry, a directory claiming 300 MB', async () => {
    const entries = unzipAll(filled);
    const zeros = { name: 'xl/media/zeros.bin', data: Buffer.alloc(64 * 1024 * 1024) };
    expect(await refused(makeZip([...entries, zeros]), 400, 'file_corrupt')).toBe(BOMB_MESSAGE);
    const forged = makeZip([
      ...entries,
      { name: 'xl/media/big.bin', data: Buffer.alloc(1000), claimSize: 300 * 1024 * 1024 },
    ]);
    expect(await refused(forged, 400, 'file_corrupt')).toBe(BOMB_MESSAGE);
  });

  it('a directory that understates sizes is caught while inflating: the job fails, nothing is written', async () => {
    const entries = unzipAll(filled);
    const lying = makeZip(
      entries.map((e) =>
        e.name === 'xl/styles.xml'
          ? { ...e, data: Buffer.concat([e.data, Buffer.alloc(5 * 1024 * 1024, 32)]), claimSize: e.data.length }
          : e,
      ),
    );
    const before = await written();
    const job = await importFile(t, fx.cookies.xy, lying);
    expect(job.state).toBe('failed');
    expect(job.message).toContain('文件已损坏');
    expect((await written()).forms).toBe(before.forms);
  });

  it('headers that do not match the definition: template_mismatch naming the column', async () => {
    const entries = unzipAll(filled);
    const label = fx.def.fields[1].label;
    const renamed = makeZip(
      entries.map((e) =>
        e.name === 'xl/sharedStrings.xml'
          ? { ...e, data: Buffer.from(e.data.toString().replace(`>*${label}<`, '>单位全称<')) }
          : e,
      ),
    );
    const msg = await refused(renamed, 400, 'template_mismatch');
    expect(msg).toContain(`第 C 列的表头应为“${label}”，实际为“单位全称”`);
    // An enterprise template is not a school form.
    const ent = await fillTemplate(await downloadTemplate(t, fx.cookies.xy, 'enterprise'), []);
    expect(await refused(ent, 400, 'template_mismatch', 'kind=school')).toContain('企业需求表的模板');
  });

  it('a non-xlsx content type is not accepted as a file', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/campaigns/2025/imports?kind=school',
      headers: { cookie: fx.cookies.xy, 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(r.statusCode).toBe(415);
  });
});
