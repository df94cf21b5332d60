import { sql } from 'drizzle-orm';
import { exec, login, makeOrg, makeUser, type TestApp } from './app';

/** A small but complete PDF (header, objects, trailer): what the structural scan check accepts. */
export const SCAN_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

let n = 0;
/**
 * Every party that has not confirmed the agreement yet confirms it through the API, each with an account of its
 * own (made here when the test has none), as the parties do after one of them signed. Returns the last answer.
 */
export async function confirmByAllParties(t: TestApp, agreementId: number) {
  const { rows } = await exec(
    t,
    sql`select p.org_id, o.type, o.region_code from agreement_parties p join orgs o on o.id = p.org_id where p.agreement_id = ${agreementId} and p.confirmed_at is null order by p.org_id`,
  );
  let last:
    | { statusCode: number; json: () => { status: string; version: number; id: number; agreementNo: string } }
    | undefined;
  for (const r of rows) {
    const username = `confirm-${process.pid}-${++n}`;
    await makeUser(t, { username, role: r.type, regionCode: r.region_code, orgId: r.org_id });
    const cookie = await login(t, username);
    const { version } = (await t.app.inject({ url: `/api/agreements/${agreementId}`, headers: { cookie } })).json();
    last = await t.app.inject({
      method: 'POST',
      url: `/api/agreements/${agreementId}/actions`,
      headers: { cookie },
      payload: { action: 'confirm', version },
    });
    if (last.statusCode !== 200) throw new Error(`confirm failed: ${last.statusCode}`);
  }
  return last!.json();
}

type OrgFields = Omit<Parameters<typeof makeOrg>[1], 'type' | 'regionCode'>;
let parties = 0;
/**
 * A new school and a new enterprise, each with an account of its own signed in: their cookies go into `cookies` under
 * the returned user names. The enterprise is of the school's region unless `entRegion` says otherwise. Tests that
 * each bring their own parties see only their own agreements, notifications and lists.
 */
export async function newParties(
  t: TestApp,
  cookies: Record<string, string>,
  regionCode: string,
  o: { school?: OrgFields; ent?: OrgFields; entRegion?: string } = {},
) {
  const k = `${process.pid}-${++parties}`;
  const entRegion = o.entRegion ?? regionCode;
  const school = await makeOrg(t, { type: 'school', regionCode, name: `协议测试技师学院${k}`, ...o.school });
  const ent = await makeOrg(t, {
    type: 'enterprise',
    regionCode: entRegion,
    name: `协议测试机床有限公司${k}`,
    ...o.ent,
  });
  const sch = `ps-${k}`;
  const entUser = `pe-${k}`;
  await makeUser(t, { username: sch, role: 'school', regionCode, orgId: school.id });
  await makeUser(t, { username: entUser, role: 'enterprise', regionCode: entRegion, orgId: ent.id });
  cookies[sch] = await login(t, sch);
  cookies[entUser] = await login(t, entUser);
  return { school, ent, sch, entUser };
}
