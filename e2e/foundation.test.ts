// The platform's foundation as people use it in a browser: logging in per role and the menu each one gets,
// a school keeping its own record, a city bureau limited to its region, the province reading the audit log,
// and the same screens on a phone. Runs against the real server with the demo province (see global-setup.ts).
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, closePages, hidden, launch, loginAs, newPage, PHONE, stamp, visible, menuEntry } from './browser';

interface OrgRow {
  id: number;
  name: string;
  regionName: string;
}

/** What the server answers for someone who may not see a record (the same as for an unknown one). */
const NOT_FOUND = /记录不存在或无权查看|页面不存在/;

let browser: Browser;
/** Set by the school's edit, read by the province in the audit log. */
const edit = { orgId: 0, contact: '', address: '' };

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(closePages);

const menu = (page: Page) => page.getByRole('menubar');
const main = (page: Page) => page.getByRole('main');

/** The province looks organisations up over the API (to know which ids exist, not as part of what is tested). */
async function provinceFinds(query: string): Promise<{ items: OrgRow[]; total: number }> {
  const api = await apiSession(browser, 'province');
  const r = await api.get(`/api/orgs?${query}`);
  expect(r.status()).toBe(200);
  return r.json();
}

async function logout(page: Page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  const confirm = page.getByRole('dialog').filter({ hasText: '确定退出登录吗？' });
  await visible(confirm);
  await confirm.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL((u) => u.pathname === '/login');
  await visible(page.getByRole('heading', { name: '用户登录' }));
  await visible(page.getByText('您已安全退出'));
}

describe('登录与按角色显示的菜单', () => {
  const roles = [
    {
      username: 'province',
      role: '省人社厅',
      see: ['工作台', '单位管理', '账号管理', '基础数据', '审计日志', '修改密码'],
      notSee: ['本单位信息'],
    },
    {
      username: 'region-420100',
      role: '市州人社局',
      see: ['工作台', '单位管理', '账号管理', '基础数据', '修改密码'],
      notSee: ['审计日志', '本单位信息'],
    },
    {
      username: 'school-420100-01',
      role: '技工院校',
      see: ['工作台', '本单位信息', '基础数据', '修改密码'],
      notSee: ['单位管理', '账号管理', '审计日志'],
    },
    {
      username: 'enterprise-420100-01',
      role: '企业',
      see: ['工作台', '本单位信息', '基础数据', '修改密码'],
      notSee: ['单位管理', '账号管理', '审计日志'],
    },
  ];

  it.each(roles)('$username 登录后看到自己的菜单，退出后回到登录页', async ({ username, role, see, notSee }) => {
    const page = await newPage(browser);
    await loginAs(page, username);
    expect(new URL(page.url()).pathname).toBe('/');
    await visible(main(page).getByRole('heading', { name: /^您好，/ }));
    await visible(
      main(page)
        .getByRole('definition')
        .filter({ hasText: new RegExp(`^${role}$`) }),
    );

    for (const label of see) await menuEntry(menu(page), label);
    for (const label of notSee)
      expect(
        await menu(page).getByRole('menuitem', { name: label, exact: true }).count(),
        `${username} 不应看到「${label}」`,
      ).toBe(0);

    if (see.includes('单位管理')) {
      // 单位管理 opens onto 技工院校 and 企业; 技工院校 lists schools.
      await visible(await menuEntry(menu(page), '企业'));
      await (await menuEntry(menu(page), '技工院校')).click();
      await page.waitForURL((u) => u.pathname === '/orgs' && u.searchParams.get('type') === 'school');
      await visible(main(page).getByRole('heading', { name: '技工院校', exact: true }));
    } else {
      // A school or an enterprise has its own record instead of lists.
      await (await menuEntry(menu(page), '本单位信息')).click();
      await page.waitForURL(/\/orgs\/\d+$/);
      await visible(main(page).getByRole('heading', { level: 2, name: /武汉/ }));
      await visible(
        main(page).getByRole('row').filter({ hasText: '所属地区' }).getByRole('cell', { name: '武汉市', exact: true }),
      );
    }

    await logout(page);
    // The session is gone: the home page sends the visitor back to the login form.
    await page.goto('/');
    await page.waitForURL((u) => u.pathname === '/login');
    await visible(page.getByPlaceholder('请输入用户名'));
  });

  it('密码错误时在登录页显示中文提示并停留在登录页', async () => {
    const page = await newPage(browser);
    await page.goto('/login');
    await page.getByPlaceholder('请输入用户名').fill('region-420600');
    await page.getByPlaceholder('请输入密码').fill('Wrong@2025');
    await page.getByRole('button', { name: /^登\s*录$/ }).click();

    await visible(page.getByRole('alert').filter({ hasText: /用户名或密码错误/ }));
    expect(new URL(page.url()).pathname).toBe('/login');
    await visible(page.getByRole('heading', { name: '用户登录' }));
    expect(await page.getByPlaceholder('请输入密码').inputValue(), '密码框应已清空').toBe('');
    expect(await page.getByRole('menubar').count()).toBe(0);

    // An unknown user gets the same words (no hint which usernames exist).
    await page.getByPlaceholder('请输入用户名').fill('no-such-user');
    await page.getByPlaceholder('请输入密码').fill('Wrong@2025');
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    const alert = page.getByRole('alert').filter({ hasText: '用户名或密码错误' });
    await expect.poll(() => alert.first().innerText()).toMatch(/^\s*用户名或密码错误\s*$/);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('载入示例数据时，登录页列出各类演示账号', async () => {
    const page = await newPage(browser);
    await page.goto('/login');
    await visible(page.getByText('演示账号（当前已加载示例数据）'));
    for (const u of [
      'province',
      'region-420100',
      'region-420600',
      'school-420100-01',
      'enterprise-420600-02',
      'expert-01',
    ]) {
      await visible(page.getByText(u, { exact: true }));
    }
    await visible(page.getByText('统一密码：Demo@2025'));
  });

  it('省厅新建的账号首次登录只能先修改密码，改后去往原本要打开的页面', async () => {
    const province = await apiSession(browser, 'province');
    const username = `first-${stamp()}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
    const created = await province.post('/api/accounts', {
      data: {
        username,
        displayName: '襄阳市人社局新账号',
        role: 'region',
        regionCode: '420600',
        password: 'Given@2025',
      },
    });
    expect(created.ok(), await created.text()).toBe(true);

    const page = await newPage(browser);
    await loginAs(page, username, 'Given@2025');
    await page.waitForURL((u) => u.pathname === '/password');
    await visible(page.getByText('首次登录或密码被重置后，请先修改密码'));
    // Any other page leads back here until the password is changed.
    await page.goto('/orgs');
    await page.waitForURL((u) => u.pathname === '/password');
    await page.getByLabel('原密码').fill('Given@2025');
    await page.getByLabel('新密码', { exact: true }).fill('Mine@2025xy');
    await page.getByLabel('确认新密码').fill('Mine@2025xy');
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.waitForURL((u) => u.pathname === '/orgs');
    await hidden(page.getByText('首次登录或密码被重置后，请先修改密码'));
    await menuEntry(menu(page), '单位管理');
  });
});

describe('院校维护本单位信息', () => {
  it('school-420100-01 修改联系人和地址，保存并刷新后看到新值', async () => {
    const page = await newPage(browser);
    await loginAs(page, 'school-420100-01');
    await (await menuEntry(menu(page), '本单位信息')).click();
    await page.waitForURL(/\/orgs\/\d+$/);
    edit.orgId = Number(new URL(page.url()).pathname.split('/').pop());
    // The first organisation the demo creates.
    expect(edit.orgId).toBe(1);
    await visible(main(page).getByRole('heading', { level: 2, name: /示例·武汉市第一技工学校（示例）/ }));

    const tag = stamp();
    edit.contact = `测试联系人${tag}`;
    edit.address = `湖北省武汉市洪山区测试路 ${tag} 号`;
    expect(await main(page).getByRole('cell', { name: edit.contact }).count()).toBe(0);

    const version = async () =>
      Number(
        (
          await main(page)
            .getByText(/版本 \d+/)
            .innerText()
        ).match(/版本 (\d+)/)![1],
      );
    const before = await version();
    await main(page).getByRole('button', { name: '编辑' }).click();
    const contact = main(page).getByRole('textbox', { name: '联系人', exact: true });
    const address = main(page).getByRole('textbox', { name: '地址', exact: true });
    await visible(contact);
    // Fields the bureau keeps are locked for the school itself.
    expect(await main(page).getByRole('textbox', { name: '统一社会信用代码' }).isDisabled()).toBe(true);
    await contact.fill(edit.contact);
    await address.fill(edit.address);
    await main(page).getByRole('button', { name: '保存修改' }).click();

    await visible(page.getByText('已保存', { exact: true }));
    await hidden(main(page).getByRole('button', { name: '保存修改' }));
    await visible(main(page).getByRole('cell', { name: edit.contact, exact: true }));
    expect(await version()).toBe(before + 1);

    await page.reload();
    await visible(main(page).getByRole('cell', { name: edit.contact, exact: true }));
    await visible(main(page).getByRole('cell', { name: edit.address, exact: true }));
  });

  it('school-420100-01 打不开另一所学校的页面', async () => {
    const wuhan = await provinceFinds('type=school&region=420100&pageSize=5');
    const other = wuhan.items.find((o) => o.id !== edit.orgId);
    expect(other, '武汉市应有另一所示例学校').toBeTruthy();

    const page = await newPage(browser);
    await loginAs(page, 'school-420100-01');
    await page.goto(`/orgs/${other!.id}`);
    await visible(main(page).getByText(NOT_FOUND));
    expect(await page.getByText(other!.name).count(), '不应显示另一所学校的名称').toBe(0);
    expect(await page.getByRole('button', { name: '编辑' }).count()).toBe(0);
    // Not a display trick: the server refuses it too, exactly as for an id that does not exist.
    expect((await page.request.get(`/api/orgs/${other!.id}`)).status()).toBe(404);
    expect((await page.request.get('/api/orgs/99999999')).status()).toBe(404);
  });
});

describe('市州人社局只看本地区', () => {
  it('region-420100 的院校列表全是武汉市，按地址打不开襄阳市的学校', async () => {
    const [wuhan, xiangyang] = [
      await provinceFinds('type=school&region=420100&pageSize=1'),
      await provinceFinds('type=school&region=420600&pageSize=1'),
    ];
    // The demo province has 40 schools in 武汉市 (two pages of the list).
    expect(wuhan.total).toBe(40);
    const xySchool = xiangyang.items[0];
    expect(xySchool?.regionName).toBe('襄阳市');

    const page = await newPage(browser);
    await loginAs(page, 'region-420100');
    await (await menuEntry(menu(page), '技工院校')).click();
    await page.waitForURL((u) => u.pathname === '/orgs' && u.searchParams.get('type') === 'school');

    const rows = main(page)
      .getByRole('row')
      .filter({ has: page.getByRole('link') });
    await visible(rows);
    const headers = (await main(page).getByRole('columnheader').allInnerTexts()).map((s) => s.trim());
    expect(headers).toEqual(['学校名称', '所属地区', '学校类别', '统一社会信用代码', '开展教育培训', '更新时间']);
    const regionCol = headers.indexOf('所属地区');
    const n = await rows.count();
    expect(n).toBe(20);
    const regions = await Promise.all(
      Array.from({ length: n }, (_, i) => rows.nth(i).getByRole('cell').nth(regionCol).innerText()),
    );
    expect(new Set(regions.map((s) => s.trim()))).toEqual(new Set(['武汉市']));
    // The pager counts the region's schools, the same number the province sees for 武汉市.
    await visible(main(page).getByText(`共 ${wuhan.total} 条`));
    expect(await main(page).getByText('襄阳市').count()).toBe(0);

    await page.goto(`/orgs/${xySchool.id}`);
    await visible(main(page).getByText(NOT_FOUND));
    expect(await page.getByText(xySchool.name).count()).toBe(0);
  });
});

describe('省厅查看审计日志', () => {
  it('province 在审计日志里看到 school-420100-01 的「修改单位」', async () => {
    expect(edit.contact, '依赖上面院校修改本单位信息的用例').toMatch(/^测试联系人[0-9a-f]{8}$/);
    const page = await newPage(browser);
    await loginAs(page, 'province');
    await (await menuEntry(menu(page), '审计日志')).click();
    await page.waitForURL((u) => u.pathname === '/audit');
    await visible(main(page).getByRole('heading', { name: '审计日志' }));

    const actor = main(page).getByPlaceholder('用户名或姓名');
    await actor.fill('school-420100-01');
    await actor.press('Enter');
    const row = main(page)
      .getByRole('row')
      .filter({ hasText: '修改单位' })
      .filter({ hasText: 'school-420100-01' })
      .filter({ hasText: `单位 #${edit.orgId}` });
    await visible(row);
    // Once the filter has applied, every row left is this school's own doing.
    const others = main(page)
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: '展开当前行' }) })
      .filter({ hasNotText: 'school-420100-01' });
    await expect.poll(() => others.count()).toBe(0);

    // Opening the row shows what changed: 联系人 and 地址, before and after.
    await row.first().getByRole('button', { name: '展开当前行' }).click();
    const diff = main(page).getByRole('row').filter({ hasText: edit.contact });
    await visible(diff);
    expect(await diff.first().innerText()).toContain('联系人');
    await visible(main(page).getByRole('row').filter({ hasText: edit.address }));
  });
});

describe('手机宽度（375×812）', () => {
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

  it('登录页和工作台没有横向滚动，菜单以抽屉打开', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto('/login');
    await visible(page.getByRole('heading', { name: '用户登录' }));
    await page.waitForLoadState('networkidle');
    expect(await overflow(page), '登录页宽度').toBeLessThanOrEqual(375 + 1);

    await loginAs(page, 'province');
    await visible(main(page).getByRole('heading', { name: /^您好，/ }));
    await page.waitForLoadState('networkidle');
    expect(await overflow(page), '工作台宽度').toBeLessThanOrEqual(375 + 1);

    // No side column on a phone: the menu sits behind the 打开菜单 button.
    expect(await page.getByRole('complementary').count()).toBe(0);
    await hidden(page.getByRole('menubar'));
    await page.getByRole('button', { name: '打开菜单' }).click();
    const drawer = page.getByRole('dialog');
    await menuEntry(drawer, '审计日志');
    const box = await drawer.boundingBox();
    expect(box && box.x + box.width, '抽屉应在屏幕内').toBeLessThanOrEqual(375 + 1);
    expect(await overflow(page), '打开抽屉后的宽度').toBeLessThanOrEqual(375 + 1);

    // Choosing an entry goes there and closes the drawer.
    await (await menuEntry(drawer, '审计日志')).click();
    await page.waitForURL((u) => u.pathname === '/audit');
    await hidden(drawer);
    await visible(main(page).getByRole('heading', { name: '审计日志' }));
  });
});
