import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, exec, login, makeOrg, makeUser, type TestApp } from '../../../test/app';
import { makeZip, unzipAll } from '../excel/excel.testkit';
import { BOMB_MESSAGE, MAX_UPLOAD_BYTES } from '../excel/safety';
import { docxText, download, fill, load, upload, uscc, type Line } from './onboarding.testkit';

let t: TestApp;
let tpl: Buffer;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  await makeOrg(t, { type: 'enterprise', regionCode: '420100', name: '武汉已登记装备有限公司', uscc: HELD });
  await makeUser(t, { username: 'prov', role: 'province' });
  await makeUser(t, { username: 'xy', role: 'region', regionCode: '420600' });
  await makeUser(t, { username: 'wh', role: 'region', regionCode: '420100' });
  await makeUser(t, { username: 'yc', role: 'region', regionCode: '420500' });
  await makeUser(t, { username: 'jz', role: 'region', regionCode: '421000' });
  for (const u of ['prov', 'xy', 'wh', 'yc', 'jz']) cookies[u] = await login(t, u);
  tpl = await download(t, cookies.xy);
});
afterAll(() => t.close());

const HELD = uscc('420100');
const count = async (q: ReturnType<typeof sql>) => ((await exec(t, q)).rows[0] as { n: number }).n;
const orgCount = () => count(sql`select count(*)::int as n from orgs`);
const userCount = () => count(sql`select count(*)::int as n from users`);

// Each import test imports in a 市州 of its own, so usernames, handouts and passwords of one never reach another:
// 襄阳 (xy) the first import, 宜昌 (yc) the re-import, 荆州 (jz) the 账号开通单. The bad-input tests import nothing.
/** Two schools and an enterprise of the bureau's 市州, as a first import would list them. */
const threeOf = (city: string, regionCode: string): Line[] => [
  { name: `${city}导入技师学院`, uscc: uscc(regionCode), schoolType: '技师学院', region: `${city}市` },
  {
    name: `${city}导入技工学校`,
    uscc: uscc(regionCode),
    schoolType: '技工学校',
    phone: '0710-3333333',
    region: `${city}市`,
  },
  { name: `${city}导入机械有限公司`, type: '企业', uscc: uscc(regionCode), isKey: '是', region: `${city}市` },
];
/** Arrange: the bureau downloads its template, fills the lines and imports them; returns the filled file. */
async function imported(bureau: string, lines: Line[]) {
  const file = await fill(await download(t, cookies[bureau]), lines);
  const r = await upload(t, cookies[bureau], file);
  expect(r.statusCode, r.body).toBe(200);
  return { file, result: r.json() as { created: number; handoutId: number } };
}

describe('template', () => {
  it('a bureau’s template has the Chinese columns, its own 市州 only in the dropdown list, and the onboarding stamp', async () => {
    const wb = await load(tpl);
    const head = (wb.getWorksheet('单位名单')!.getRow(1).values as string[]).slice(1);
    expect(head.slice(0, 7)).toEqual([
      '序号',
      '*单位名称',
      '*单位类型',
      '*统一社会信用代码',
      '*所在市州',
      '*联系人',
      '*联系电话',
    ]);
    expect(head).toEqual(
      expect.arrayContaining([
        '学校类别',
        '办学性质',
        '专任教师数',
        '在校生数',
        '所属产业',
        '企业规模',
        '是否重点企业',
      ]),
    );
    const lists = wb.getWorksheet('_lists')!;
    expect(lists.state).toBe('veryHidden');
    const col = (lists.getRow(1).values as string[]).indexOf('所在市州');
    expect(lists.getColumn(col).values.filter(Boolean)).toEqual(['所在市州', '襄阳市']);
    const stamp = Object.fromEntries(
      (wb.getWorksheet('_meta')!.getSheetValues() as unknown[][]).filter(Boolean).map((v) => [v[1], v[2]]),
    );
    expect(stamp).toMatchObject({ app: 'cjrh-org-onboarding', version: '1' });
  });

  it('the province’s lists all 17 市州; a school account may not download it', async () => {
    const lists = (await load(await download(t, cookies.prov))).getWorksheet('_lists')!;
    const col = (lists.getRow(1).values as string[]).indexOf('所在市州');
    expect(lists.getColumn(col).values.filter(Boolean)).toHaveLength(18);
    expect((await t.app.inject({ url: '/api/orgs/import/template.xlsx' })).statusCode).toBe(401);
  });
});

describe('import', () => {
  it('creates each organisation with one account (documented username, mustChangePassword), audited without passwords', async () => {
    const r = await upload(t, cookies.xy, await fill(tpl, threeOf('襄阳', '420600')));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    const made = (
      await exec(
        t,
        sql`select o.name, o.type, o.region_code, o.is_key, o.school_type, u.username, u.role, u.must_change_password, u.phone from orgs o join users u on u.org_id = o.id where o.name like '襄阳导入%' order by u.username`,
      )
    ).rows;
    expect(made).toEqual([
      {
        name: '襄阳导入机械有限公司',
        type: 'enterprise',
        region_code: '420600',
        is_key: true,
        school_type: null,
        username: 'enterprise-420600-0001',
        role: 'enterprise',
        must_change_password: true,
        phone: '13900000001',
      },
      {
        name: '襄阳导入技师学院',
        type: 'school',
        region_code: '420600',
        is_key: false,
        school_type: '技师学院',
        username: 'school-420600-0001',
        role: 'school',
        must_change_password: true,
        phone: '13900000001',
      },
      {
        name: '襄阳导入技工学校',
        type: 'school',
        region_code: '420600',
        is_key: false,
        school_type: '技工学校',
        username: 'school-420600-0002',
        role: 'school',
        must_change_password: true,
        phone: null,
      },
    ]);
    const audits = (
      await exec(
        t,
        sql`select action, after::text as after from audit_log where action in ('org.create', 'account.create') and actor_name = 'xy'`,
      )
    ).rows as { action: string; after: string }[];
    expect(audits.filter((a) => a.action === 'org.create')).toHaveLength(3);
    expect(audits.filter((a) => a.action === 'account.create')).toHaveLength(3);
    const pw = (
      await exec(t, sql`select password from onboarding_passwords where handout_id = ${r.json().handoutId as number}`)
    ).rows as { password: string }[];
    expect(pw).toHaveLength(3);
    for (const a of audits) for (const p of pw) expect(a.after).not.toContain(p.password);
  });

  it('the same file again changes nothing; a changed contact updates that organisation only', async () => {
    const lines = threeOf('宜昌', '420500');
    const { file } = await imported('yc', lines);
    const before = {
      orgs: await orgCount(),
      users: await userCount(),
      audits: await count(sql`select count(*)::int as n from audit_log`),
    };
    const again = await upload(t, cookies.yc, file);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3, handoutId: null });
    expect(await count(sql`select count(*)::int as n from audit_log`)).toBe(before.audits);
    const changed = await upload(
      t,
      cookies.yc,
      await fill(
        await download(t, cookies.yc),
        lines.map((l, i) => (i === 1 ? { ...l, contact: '李主任', phone: '13700000002' } : l)),
      ),
    );
    expect(changed.json()).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const [row] = (
      await exec(t, sql`select contact_name, contact_phone, version from orgs where name = '宜昌导入技工学校'`)
    ).rows;
    expect(row).toEqual({ contact_name: '李主任', contact_phone: '13700000002', version: 2 });
    expect({ orgs: await orgCount(), users: await userCount() }).toEqual({ orgs: before.orgs, users: before.users });
    const [entry] = (
      await exec(t, sql`select before, after from audit_log where action = 'org.update' order by id desc limit 1`)
    ).rows;
    expect(entry).toEqual({
      before: { contactName: '王老师', contactPhone: '0710-3333333' },
      after: { contactName: '李主任', contactPhone: '13700000002' },
    });
  });
});

describe('bad input: a clear Chinese error per cell, nothing created', () => {
  const good = (): Line => ({ name: '襄阳好单位技工学校', uscc: uscc() });
  const wrongCheck = (() => {
    const u = uscc();
    return u.slice(0, 17) + (u[17] === '1' ? '2' : '1');
  })();
  const dup = uscc();
  const cases: { name: string; lines: Line[]; cell: string; message: RegExp }[] = [
    {
      name: 'wrong USCC check digit',
      lines: [good(), { name: '校验位错误学校', uscc: wrongCheck }],
      cell: 'D4',
      message: /校验位错误，应为/,
    },
    {
      name: 'duplicate USCC inside the file',
      lines: [
        { name: '甲学校', uscc: dup },
        { name: '乙学校', uscc: dup },
      ],
      cell: 'D4',
      message: /与第 3 行重复/,
    },
    {
      name: 'unknown region',
      lines: [good(), { name: '火星学校', uscc: uscc(), region: '火星市' }],
      cell: 'E4',
      message: /火星市/,
    },
    {
      name: 'a school type that does not exist',
      lines: [good(), { name: '大学', uscc: uscc(), schoolType: '综合大学' }],
      cell: 'J4',
      message: /应为以下选项之一：技师学院、高级技工学校、技工学校/,
    },
    {
      name: 'a bureau importing another region’s organisation',
      lines: [good(), { name: '武汉某学校', uscc: uscc('420100'), region: '武汉市' }],
      cell: 'E4',
      message: /只能导入本市州（襄阳市）的单位，该行为武汉市/,
    },
    {
      name: 'a USCC held in another region',
      lines: [good(), { name: '冒名企业', type: '企业', uscc: HELD }],
      cell: 'D4',
      message: /统一社会信用代码 .+ 已由 武汉市 的「武汉已登记装备有限公司」登记/,
    },
    {
      name: 'a school without its 学校类别',
      lines: [good(), { name: '无类别学校', uscc: uscc(), schoolType: '' }],
      cell: 'J4',
      message: /技工院校必须填写学校类别/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const before = { orgs: await orgCount(), users: await userCount() };
      const r = await upload(t, cookies.xy, await fill(tpl, c.lines));
      expect(r.statusCode, r.body).toBe(400);
      const e = r.json().error;
      expect(e.code).toBe('import_failed');
      expect(e.message).toMatch(/未导入任何数据/);
      const hit = e.details.errors.find((x: { column: string; row: number }) => `${x.column}${x.row}` === c.cell);
      expect(hit, JSON.stringify(e.details.errors)).toBeTruthy();
      expect(hit.message).toMatch(c.message);
      expect(e.details.errorCount).toBe(1);
      // The user's workbook back with the cell red and noted.
      const ws = (await load(Buffer.from(e.details.errorWorkbook, 'base64'))).getWorksheet('单位名单')!;
      expect((ws.getCell(c.cell).fill as { fgColor?: { argb: string } }).fgColor?.argb).toBe('FFFFC7CE');
      expect(String(ws.getCell(c.cell).note ?? '')).toMatch(c.message);
      expect({ orgs: await orgCount(), users: await userCount() }).toEqual(before);
    });
  }

  it('a 20 MB file, a file that is not .xlsx and an empty body are refused before reading', async () => {
    const big = await upload(t, cookies.xy, Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x50));
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'file_too_large', message: expect.stringMatching(/20 MB/) });
    const txt = await upload(t, cookies.xy, Buffer.from('单位名称,统一社会信用代码\n'));
    expect(txt.json().error.code).toBe('file_type');
    const empty = await t.app.inject({
      method: 'POST',
      url: '/api/orgs/import',
      headers: {
        cookie: cookies.xy,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    });
    expect(empty.statusCode).toBe(400);
  });
  it('macros, encryption, zip bombs and another template are refused with the form import’s messages, nothing created', async () => {
    const before = { orgs: await orgCount(), users: await userCount() };
    const entries = unzipAll(await fill(tpl, [{ name: '安全检查学校', uscc: uscc() }]));
    const refused = async (body: Buffer, code: string) => {
      const r = await upload(t, cookies.xy, body);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.code).toBe(code);
      return r.json().error.message as string;
    };
    expect(
      await refused(makeZip([...entries, { name: 'xl/vbaProject.bin', data: Buffer.from('VBA') }]), 'file_macro'),
    ).toMatch(/宏/);
    const ole2 = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.from('EncryptedPackage', 'utf16le'),
    ]);
    expect(await refused(ole2, 'file_encrypted')).toMatch(/密码/);
    expect(
      await refused(
        makeZip([...entries, { name: 'xl/media/big.bin', data: Buffer.alloc(1000), claimSize: 300 * 1024 * 1024 }]),
        'file_corrupt',
      ),
    ).toBe(BOMB_MESSAGE);
    const quota = entries.map((e) =>
      e.name.startsWith('xl/worksheets/') || e.name === 'xl/sharedStrings.xml'
        ? { ...e, data: Buffer.from(e.data.toString().replace('cjrh-org-onboarding', 'cjrh-quota-table')) }
        : e,
    );
    expect(await refused(makeZip(quota), 'template_mismatch')).toMatch(/任务分配（附件3）模板/);
    expect({ orgs: await orgCount(), users: await userCount() }).toEqual(before);
  });
});

describe('账号开通单', () => {
  it('lists the bureau’s handout; downloads once as Word; the passwords log in; a second download is 410', async () => {
    await imported('jz', threeOf('荆州', '421000'));
    const list = (await t.app.inject({ url: '/api/onboarding/handouts', headers: { cookie: cookies.jz } })).json();
    expect(list.items).toHaveLength(1);
    const h = list.items[0];
    expect(h).toMatchObject({ accountCount: 3, downloadedAt: null, regionName: '荆州市' });
    expect(
      (await t.app.inject({ url: '/api/onboarding/handouts', headers: { cookie: cookies.wh } })).json().items,
    ).toHaveLength(0);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/onboarding/handouts/${h.id}/download`,
          headers: { cookie: cookies.wh },
        })
      ).statusCode,
    ).toBe(404);

    const r = await t.app.inject({
      method: 'POST',
      url: `/api/onboarding/handouts/${h.id}/download`,
      headers: { cookie: cookies.jz },
    });
    expect(r.statusCode, r.body).toBe(200);
    const text = docxText(r.rawPayload);
    expect(text).toContain('账号开通单');
    expect(text).toContain('首次登录须修改密码');
    expect(text).toMatch(/登录地址：http:\/\/.+\/login/);
    const password = /用户名：school-421000-0001\n初始密码：(\S+)\n/.exec(text)?.[1];
    expect(password).toBeTruthy();
    expect(text).toContain('单位名称：荆州导入技师学院（荆州市）');
    expect(
      await count(sql`select count(*)::int as n from onboarding_passwords where handout_id = ${h.id as number}`),
    ).toBe(0);

    await login(t, 'school-421000-0001', password!);
    const [u] = (await exec(t, sql`select must_change_password from users where username = 'school-421000-0001'`)).rows;
    expect(u.must_change_password).toBe(true);

    const again = await t.app.inject({
      method: 'POST',
      url: `/api/onboarding/handouts/${h.id}/download`,
      headers: { cookie: cookies.jz },
    });
    expect(again.statusCode).toBe(410);
    expect(again.json().error).toMatchObject({
      code: 'handout_gone',
      message: expect.stringMatching(/已.*下载.*初始密码已从服务器清除/),
    });
    const [after] = (await t.app.inject({ url: '/api/onboarding/handouts', headers: { cookie: cookies.jz } })).json()
      .items;
    expect(after.downloadedByName).toBe('jz');
  });
});
