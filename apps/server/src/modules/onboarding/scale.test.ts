import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REGIONS } from '@cjrh/domain';
import { createTestApp, exec, login, makeUser, type TestApp } from '../../../test/app';
import { docxText, download, fill, upload, uscc, type Line } from './onboarding.testkit';

// 1,000 organisations across the 17 市州 by the province: one file, one transaction, 1,000 argon2id hashes.
const N = 1000;
let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, { username: 'prov', role: 'province' });
  cookie = await login(t, 'prov');
});
afterAll(() => t.close());

it(
  `imports ${N} organisations with their accounts, then the same file changes nothing`,
  { timeout: 300_000 },
  async () => {
    const lines: Line[] = Array.from({ length: N }, (_, i) => {
      const region = REGIONS[i % REGIONS.length];
      return i % 2
        ? { name: `批量企业${i}`, type: '企业', uscc: uscc(region.code), region: region.name }
        : { name: `批量学校${i}`, uscc: uscc(region.code), region: region.name };
    });
    const file = await fill(await download(t, cookie), lines);
    const started = performance.now();
    const r = await upload(t, cookie, file);
    const took = performance.now() - started;
    expect(r.statusCode, r.body.slice(0, 2000)).toBe(200);
    expect(r.json()).toMatchObject({ created: N, updated: 0, unchanged: 0 });
    const [{ n }] = (
      await exec(t, sql`select count(*)::int as n from users where must_change_password and org_id is not null`)
    ).rows;
    expect(n).toBe(N);

    const again = performance.now();
    const r2 = await upload(t, cookie, file);
    const tookAgain = performance.now() - again;
    expect(r2.json()).toMatchObject({ created: 0, updated: 0, unchanged: N });

    const d0 = performance.now();
    const doc = await t.app.inject({
      method: 'POST',
      url: `/api/onboarding/handouts/${r.json().handoutId}/download`,
      headers: { cookie },
    });
    const tookDoc = performance.now() - d0;
    expect(doc.statusCode).toBe(200);
    expect(docxText(doc.rawPayload).match(/初始密码：/g)).toHaveLength(N);
    console.log(
      `[onboarding] ${N} organisations: import ${(took / 1000).toFixed(1)} s, re-import ${(tookAgain / 1000).toFixed(1)} s, 账号开通单 ${(tookDoc / 1000).toFixed(1)} s (${(doc.rawPayload.length / 1024).toFixed(0)} KB)`,
    );
  },
);
