import { eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { orgs, users } from '../db/schema/index';
import type { Actor, Ctx } from '../http/access';
import { addDaysIso, today, withClockStopped } from '../lib/clock';
import { actOnAgreement } from '../modules/agreements/actions.service';
import { createAgreement, uploadScan } from '../modules/agreements/agreements.service';
import { scanPdf } from './scan';

/**
 * Consent brought to life (issue 12): three agreements between demo accounts, taken through the real services as the
 * parties and a bureau would — one signed by a school and waiting for a 襄阳 enterprise, one declined by the
 * enterprise with a reason (a draft again), one confirmed by both and returned by its bureau (待各方确认 again). None of
 * them counts anywhere until every party has confirmed.
 */
export async function seedAgreementConsent(tx: DbOrTx, log: (m: string) => void = () => {}) {
  // Yesterday afternoon in Beijing, with the clock standing still: the services stamp the same times on every seed.
  const at = new Date(`${addDaysIso(today(), -1)}T16:00:00+08:00`);
  return withClockStopped(at, () => consentStories(tx, log));
}

async function consentStories(tx: DbOrTx, log: (m: string) => void) {
  const db = tx as Db;
  const names = [
    'school-420600-01',
    'enterprise-420600-02',
    'school-420100-02',
    'enterprise-420100-01',
    'school-420500-02',
    'enterprise-420500-01',
    'region-420500',
  ];
  const rows = await tx
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      regionCode: users.regionCode,
      orgId: users.orgId,
      orgName: orgs.name,
      orgType: orgs.type,
    })
    .from(users)
    .leftJoin(orgs, eq(orgs.id, users.orgId))
    .where(inArray(users.username, names));
  const ctxOf = (username: string): Ctx => {
    const u = rows.find((r) => r.username === username);
    if (!u) throw new Error(`demo consent: no account ${username}`);
    const actor: Actor = {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      regionCode: u.regionCode,
      orgId: u.orgId,
      orgName: u.orgName,
      orgType: u.orgType as Actor['orgType'],
      isDemo: true,
    };
    return { actor, ip: null, requestId: null };
  };
  const orgOf = (username: string) => ctxOf(username).actor!.orgId!;
  const start = today();
  const draft = async (school: string, enterprise: string, title: string) => {
    const a = await createAgreement(db, ctxOf(school), {
      kind: 'bilateral',
      title: `${title}（示例）`,
      schoolOrgIds: [orgOf(school)],
      enterpriseOrgIds: [orgOf(enterprise)],
      areas: ['人才培养订单（定向）班'],
      scope: '双方共同制定人才培养方案，企业提供实习岗位与兼职教师。',
      termStart: start,
      termEnd: addDaysIso(`${Number(start.slice(0, 4)) + 3}${start.slice(4)}`, -1), // three years less a day
    });
    const signed = await uploadScan(
      db,
      ctxOf(school),
      a.id,
      scanPdf(a.agreementNo),
      `${a.agreementNo}-签字盖章扫描件.pdf`,
    );
    return actOnAgreement(db, ctxOf(school), a.id, { action: 'sign', version: signed.version });
  };
  const waiting = await draft('school-420600-01', 'enterprise-420600-02', '数控技术订单班合作协议');
  const declined = await draft('school-420100-02', 'enterprise-420100-01', '工业机器人实训基地共建协议');
  await actOnAgreement(db, ctxOf('enterprise-420100-01'), declined.id, {
    action: 'decline',
    version: declined.version,
    reason: '合作期限与我司年度计划不一致，请改为两年后重新签署',
  });
  const returned = await draft('school-420500-02', 'enterprise-420500-01', '电气自动化现代学徒制合作协议');
  const confirmed = await actOnAgreement(db, ctxOf('enterprise-420500-01'), returned.id, {
    action: 'confirm',
    version: returned.version,
  });
  await actOnAgreement(db, ctxOf('region-420500'), returned.id, {
    action: 'return',
    version: confirmed.version,
    reason: '扫描件缺少企业公章，请补盖后重新确认',
  });
  log(
    `协议确认：${waiting.agreementNo} 待襄阳企业确认，${declined.agreementNo} 被企业拒绝确认，${returned.agreementNo} 被宜昌市人社局备案退回`,
  );
  return { waiting: waiting.id, declined: declined.id, returned: returned.id };
}
