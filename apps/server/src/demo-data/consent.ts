import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { DEMO_MARK } from '@cjrh/domain';
import type { DbOrTx } from '../db/client';
import {
  eventMeetings,
  eventRegistrations,
  events,
  internships,
  orgChangeRequests,
  orgs,
  schoolSpecialties,
  users,
} from '../db/schema/index';
import { notifyOrg, notifyRegion } from '../modules/notifications/notifications.service';
import { XIANGYANG_EVENT_TITLE } from './matchmakingStage';
import { addDays, bjAt } from './projectDates';
import { today as beijingToday } from '../lib/clock';

/**
 * What waits for the other side in the demo (after every other stage, so no earlier figure or random draw moves):
 * two internship cohorts (one recorded by an enterprise for its school, one the reverse), two meeting requests at
 * 襄阳's fair and a school's rename waiting for 襄阳's bureau. Deterministic: no random numbers, only the demo
 * accounts and today.
 */
export async function seedDemoConsent(tx: DbOrTx, input: { log?: (m: string) => void; today?: string }) {
  const log = input.log ?? (() => {});
  const today = input.today ?? beijingToday();
  const names = [
    'school-420600-01',
    'school-420600-02',
    'enterprise-420600-01',
    'enterprise-420600-02',
    'school-420100-01',
    'enterprise-420100-01',
  ];
  const accounts = await tx
    .select({ id: users.id, username: users.username, orgId: users.orgId })
    .from(users)
    .where(and(eq(users.isDemo, true), inArray(users.username, names)));
  const acc = (u: string) => accounts.find((a) => a.username === u);
  if (accounts.length < names.length || accounts.some((a) => a.orgId == null))
    return log('示例账号不全，未写入待对方确认的示例数据');
  const org = (u: string) => acc(u)!.orgId!;
  const orgRows = await tx
    .select()
    .from(orgs)
    .where(
      inArray(
        orgs.id,
        accounts.map((a) => a.orgId!),
      ),
    );
  const orgOf = (u: string) => orgRows.find((o) => o.id === org(u))!;

  // ---------------------------------------------------------------- internship cohorts waiting for the other side
  const cohorts = [
    {
      by: 'enterprise-420600-01',
      school: 'school-420600-01',
      ent: 'enterprise-420600-01',
      awaiting: 'school' as const,
      students: 24,
      insured: true,
    },
    {
      by: 'school-420100-01',
      school: 'school-420100-01',
      ent: 'enterprise-420100-01',
      awaiting: 'enterprise' as const,
      students: 16,
      insured: false,
    },
  ];
  let n = 0;
  for (const c of cohorts) {
    const [spec] = await tx
      .select({ code: schoolSpecialties.specialtyCode })
      .from(schoolSpecialties)
      .where(eq(schoolSpecialties.orgId, org(c.school)))
      .orderBy(asc(schoolSpecialties.specialtyCode))
      .limit(1);
    if (!spec) continue;
    const school = orgOf(c.school);
    const startDate = addDays(today, -14);
    const createdAt = bjAt(addDays(today, -2), 0.3);
    const [r] = await tx
      .insert(internships)
      .values({
        schoolOrgId: school.id,
        enterpriseOrgId: org(c.ent),
        regionCode: school.regionCode,
        specialtyCode: spec.code,
        students: c.students,
        startDate,
        endDate: addDays(startDate, 120),
        paid: true,
        payPerMonth: 2600,
        insured: c.insured,
        safetyTrained: true,
        state: 'pending',
        awaitingSide: c.awaiting,
        createdBy: acc(c.by)!.id,
        createdAt,
        updatedAt: createdAt,
      })
      .returning();
    await notifyOrg(tx, c.awaiting === 'school' ? r.schoolOrgId : r.enterpriseOrgId, {
      kind: 'internship_pending',
      title: `${orgOf(c.by).name}登记了实习批次（${r.students} 人，${r.startDate} 至 ${r.endDate}），请确认或退回`,
      link: '/internships',
    });
    n++;
  }

  // ---------------------------------------------------------------- meeting requests at 襄阳's fair
  let m = 0;
  const [fair] = await tx.select().from(events).where(eq(events.title, XIANGYANG_EVENT_TITLE));
  if (fair) {
    const regs = new Set(
      (
        await tx
          .select({ orgId: eventRegistrations.orgId })
          .from(eventRegistrations)
          .where(eq(eventRegistrations.eventId, fair.id))
      ).map((r) => r.orgId),
    );
    const booked = await tx.select().from(eventMeetings).where(eq(eventMeetings.eventId, fair.id));
    const busy = (orgId: number, t: number) =>
      booked.some((b) => b.slotStart.getTime() === t && (b.schoolOrgId === orgId || b.enterpriseOrgId === orgId));
    const slots: number[] = [];
    for (
      let t = fair.startsAt.getTime();
      t + fair.slotMinutes * 60_000 <= fair.endsAt.getTime();
      t += fair.slotMinutes * 60_000
    )
      slots.push(t);
    const asks = [
      { by: 'enterprise-420600-02', school: 'school-420600-01', ent: 'enterprise-420600-02' },
      { by: 'school-420600-02', school: 'school-420600-02', ent: 'enterprise-420600-01' },
    ];
    for (const a of asks) {
      const [s, e] = [org(a.school), org(a.ent)];
      if (!regs.has(s) || !regs.has(e)) continue;
      // The latest slot free on both schedules, so the request can be accepted.
      const slot = [...slots].reverse().find((t) => !busy(s, t) && !busy(e, t));
      if (slot == null) continue;
      const at = bjAt(addDays(today, -1), 0.5);
      const [row] = await tx
        .insert(eventMeetings)
        .values({
          eventId: fair.id,
          slotStart: new Date(slot),
          schoolOrgId: s,
          enterpriseOrgId: e,
          table: '',
          state: 'requested',
          requestedByOrgId: org(a.by),
          createdBy: acc(a.by)!.id,
          createdAt: at,
        })
        .returning();
      booked.push(row);
      const when = new Date(slot + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ');
      await notifyOrg(tx, org(a.by) === s ? e : s, {
        kind: 'meeting_requested',
        title: `${fair.title}：${orgOf(a.by).name}请求在 ${when}（北京时间）洽谈，请接受或谢绝`,
        link: `/events/${fair.id}`,
      });
      m++;
    }
  }

  // ---------------------------------------------------------------- a rename waiting for 襄阳's bureau
  const school = orgOf('school-420600-02');
  const base = school.name.replace(DEMO_MARK, '');
  const renamed =
    (/(高级技工学校|技工学校|技师学院)$/.test(base)
      ? base.replace(/(高级技工学校|技工学校|技师学院)$/, '智能制造技师学院')
      : `${base}智能制造分院`) + (school.name.endsWith(DEMO_MARK) ? DEMO_MARK : '');
  const [twin] = await tx
    .select({ id: orgs.id })
    .from(orgs)
    .where(sql`btrim(${orgs.name}) = ${renamed}`);
  let r = 0;
  if (!twin && renamed !== school.name) {
    const reason = '经主管部门批复，学校升格并更名（示例）';
    await tx.insert(orgChangeRequests).values({
      orgId: school.id,
      regionCode: school.regionCode,
      field: 'name',
      oldValue: school.name,
      newValue: renamed,
      reason,
      requestedBy: acc('school-420600-02')!.id,
      createdAt: bjAt(addDays(today, -3), 0.4),
    });
    await notifyRegion(tx, school.regionCode, {
      kind: 'org_change_request',
      title: `${school.name}申请变更单位名称为“${renamed}”，请审核`,
      body: `原因：${reason}`,
      link: '/orgs',
    });
    r = 1;
  }
  log(`待对方确认：实习批次 ${n} 个、洽谈请求 ${m} 个；待主管部门审核的单位更名申请 ${r} 个`);
  return { internships: n, meetingRequests: m, renames: r };
}
