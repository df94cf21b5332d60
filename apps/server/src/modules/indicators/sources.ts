import { sql, type SQL } from 'drizzle-orm';
import {
  onFile,
  orgsOn,
  closedOn,
  inForce,
  RUNNING,
  specialtiesInForce,
  signedOn,
  agreed,
  agreedPerson,
  registered,
  startedOn,
  statusOn,
  formApproved,
  FULL_TIME,
  runningSchools,
  SPEC_IND,
  HASHED,
  currentMentors,
  practiceDays,
  signed,
  baseEstablished,
  submittedAfter,
  pendingReports,
  demo,
} from './datedFacts';

/**
 * The rows behind every indicator. Each source is one SELECT yielding
 *   key (unique per counted thing), label, region_code, school_id, detail, weight
 * and the figure is Σ weight of the numerator rows (÷ Σ weight of the denominator rows) after the scope filter,
 * so the drill-down lists exactly what the figure counts.
 */
export interface Source {
  num: (p: Params) => SQL;
  den?: (p: Params) => SQL;
  /**
   * The same numerator figure from a summary kept up to date in the same transaction as its records (region_code,
   * school_id and weight per row; migration 0010). The figure reads it; the drill-down reads `num`; tests check
   * that both give the same sum at every scope.
   */
  numTotal?: (p: Params) => SQL;
  /** The source can yield one counted thing more than once (the same person in two projects): count it once. */
  dedupe?: true;
  /**
   * What is claimed but not yet counted (issue 13: submitted reports the bureau has not yet accepted), shown on the
   * card as a separate 待审核 figure; the same row shape as `num`.
   */
  pending?: (p: Params) => SQL;
}
export interface Params {
  year: number;
  /** The real today (the clock). */
  today: string;
  /**
   * The day the figures stand at (end of day, Beijing): the end of `year`, or today for the current year, or a date
   * asked for. Every fact counts only from its own effective date up to it (docs/indicators.md, "As of a date").
   */
  asOf: string;
}

const RAW: Record<string, Source> = {
  school_forms_2025: {
    num: (
      p,
    ) => sql`select 's' || o.id as key, o.name as label, o.region_code, o.id as school_id, f.state as detail, 1::numeric as weight
      from ${orgsOn(p)} o join forms f on f.org_id = o.id join campaigns c on c.id = f.campaign_id and c.year = ${p.year} where ${RUNNING} and ${formApproved(p)}`,
    den: runningSchools,
  },
  school_coverage: {
    num: (
      p,
    ) => sql`select 's' || o.id as key, o.name as label, o.region_code, o.id as school_id, min(a.agreement_no) as detail, 1::numeric as weight
      from ${orgsOn(p)} o join agreement_parties sp on sp.org_id = o.id join agreements a on a.id = sp.agreement_id and ${signedOn('a', p)}
      join agreement_parties ep on ep.agreement_id = a.id and ep.side = 'enterprise' join ${orgsOn(p)} e on e.id = ep.org_id and e.is_key
      where ${RUNNING} group by o.id, o.name, o.region_code, o.full_time_teachers`,
    den: runningSchools,
  },
  key_enterprises_2025: {
    num: (
      p,
    ) => sql`select 'e' || o.id as key, o.name as label, o.region_code, null::int as school_id, f.state as detail, 1::numeric as weight
      from ${orgsOn(p)} o join forms f on f.org_id = o.id join campaigns c on c.id = f.campaign_id and c.year = ${p.year} where o.type = 'enterprise' and o.is_key and ${formApproved(p)}`,
  },
  key_enterprises: {
    num: (
      p,
    ) => sql`select 'e' || o.id as key, o.name as label, o.region_code, null::int as school_id, min(a.agreement_no) as detail, 1::numeric as weight
      from ${orgsOn(p)} o join agreement_parties ep on ep.org_id = o.id join agreements a on a.id = ep.agreement_id and ${signedOn('a', p)}
      where o.type = 'enterprise' and o.is_key group by o.id, o.name, o.region_code, o.full_time_teachers`,
  },
  demo_alliances: { num: demo('alliance') },
  demo_specialties: { num: demo('specialty') },
  demo_bases: { num: demo('base') },
  order_classes: {
    num: (
      q,
    ) => sql`select 'p' || p.id as key, p.title as label, p.region_code, p.school_org_id as school_id, ${statusOn('p', q)} as detail, 1::numeric as weight
      from projects p where p.type = 'order_class' and p.deleted_at is null and ${agreed(sql`p.agreement_id`, q)} and ${startedOn('p', q)} and coalesce(p.data->>'cancelled', 'false') <> 'true'`,
  },
  guest_mentors: {
    dedupe: true,
    // Project mentors and the schools' own rosters whose appointment was in force at some time from 2025 to the end
    // of the year (not one starting later), one person once: both carry the same keyed hash of the ID number
    // (projects/refs.ts idKeyOf); a hand-typed key is not a person the server has checked, so it never counts.
    num: (
      p,
    ) => sql`select 'm' || pp.id_key as key, pp.name as label, pp.region_code, pp.school_org_id as school_id, pp.title as detail, 1::numeric as weight
      from project_people pp where pp.kind = 'mentor' and pp.live and ${agreedPerson(p)} and ${HASHED(sql`pp.id_key`)}
        and coalesce(pp.term_start, '') <= ${p.asOf} and pp.term_end >= '2025-01-01'
      union all select 'm' || sm.id_key, sm.name, sm.region_code, sm.school_org_id, sm.enterprise || '（导师名册）', 1::numeric
      from school_mentors sm where ${HASHED(sql`sm.id_key`)} and sm.term_start <= ${p.asOf} and sm.term_end >= '2025-01-01' and ${registered('sm', p)}`,
  },
  training_eval_projects: {
    num: (
      q,
    ) => sql`select 'p' || p.id as key, p.title as label, p.region_code, p.school_org_id as school_id, coalesce(p.data->>'mode', '') as detail, 1::numeric as weight
      from projects p where p.type = 'training_eval' and p.deleted_at is null and ${agreed(sql`p.agreement_id`, q)} and ${startedOn('p', q)}`,
  },
  people_trained_year: {
    // Counted when the bureau accepts the report (issue 13): a submitted report is only a claim until checked.
    num: (
      p,
    ) => sql`select 'r' || r.id as key, pr.title || ' ' || r.period as label, pr.region_code, pr.school_org_id as school_id, r.state as detail,
        coalesce((r.metrics->>'personTimes')::numeric, 0) as weight
      from progress_reports r join projects pr on pr.id = r.project_id
      where pr.type = 'training_eval' and pr.deleted_at is null and ${agreed(sql`pr.agreement_id`, p)} and r.state = 'accepted' and r.period like ${`${p.year}-%`}
        and (coalesce(r.decided_at, r.submitted_at) is null or ${onFile(sql`coalesce(r.decided_at, r.submitted_at)`, p)})`,
    // Submitted by the day and not decided by then (still waiting today, or accepted or returned after the day).
    pending: (
      p,
    ) => sql`select 'r' || r.id as key, pr.title || ' ' || r.period as label, pr.region_code, pr.school_org_id as school_id, '待审核' as detail,
        coalesce((r.metrics->>'personTimes')::numeric, 0) as weight
      from (${pendingReports(p)}) r join projects pr on pr.id = r.project_id
      where pr.type = 'training_eval' and pr.deleted_at is null and ${agreed(sql`pr.agreement_id`, p)}`,
    numTotal: (p) => sql`select pr.region_code, pr.school_org_id as school_id, t.person_times as weight
      from project_report_totals t join projects pr on pr.id = t.project_id
      where t.year = ${p.year} and pr.type = 'training_eval' and pr.deleted_at is null and ${agreed(sql`pr.agreement_id`, p)}
      ${p.asOf < p.today ? sql`union all ${submittedAfter(p)}` : sql``}`,
  },
  specialty_industry_match: {
    // The crosswalk is expanded once into (specialty, region) pairs with the key industries they serve, then joined:
    // the same rows as testing each school specialty against it one by one, without re-expanding it per row.
    num: (
      p,
    ) => sql`select ss.key, o.name || ' · ' || coalesce(d.name, ss.specialty_code) as label, o.region_code, o.id as school_id, km.industries as detail,
        ss.enrolment::numeric as weight
      from (${specialtiesInForce(p)}) ss join ${orgsOn(p)} o on o.id = ss.org_id left join dict_entries d on d.kind = 'specialty' and d.code = ss.specialty_code
      join (select si.specialty_code, k.region_code, string_agg(distinct i.name, '、') as industries
        from ${SPEC_IND} si join region_key_industries k on k.industry_code = si.industry_code and ${inForce('k', p)} left join dict_entries i on i.kind = 'industry' and i.code = si.industry_code
        group by si.specialty_code, k.region_code) km on km.specialty_code = ss.specialty_code and km.region_code = o.region_code
      where ${RUNNING}`,
    den: (
      p,
    ) => sql`select ss.key, o.name || ' · ' || coalesce(d.name, ss.specialty_code) as label, o.region_code, o.id as school_id, '' as detail, ss.enrolment::numeric as weight
      from (${specialtiesInForce(p)}) ss join ${orgsOn(p)} o on o.id = ss.org_id left join dict_entries d on d.kind = 'specialty' and d.code = ss.specialty_code where ${RUNNING}`,
  },
  mentor_ratio: {
    num: (p) =>
      sql`select 'm' || cm.school_id || '-' || cm.id_key as key, cm.name as label, cm.region_code, cm.school_id, '' as detail, 1::numeric as weight from (${currentMentors(p)}) cm`,
    den: (p) =>
      sql`select 's' || o.id as key, o.name as label, o.region_code, o.id as school_id, '专任教师' as detail, coalesce(o.full_time_teachers, 0)::numeric as weight from ${orgsOn(p)} o where o.type = 'school'`,
  },
  mentor_ratio_schools: {
    num: (p) => sql`select 's' || o.id as key, o.name as label, o.region_code, o.id as school_id,
        round(100.0 * count(cm.id_key) / nullif(o.full_time_teachers, 0), 1) || '%' as detail, 1::numeric as weight
      from ${orgsOn(p)} o join (${currentMentors(p)}) cm on cm.school_id = o.id where ${RUNNING}
      group by o.id, o.name, o.region_code, o.full_time_teachers having count(cm.id_key) >= 0.2 * nullif(o.full_time_teachers, 0)`,
    den: runningSchools,
  },
  integrated_schools: {
    num: (
      p,
    ) => sql`select 's' || o.id as key, o.name as label, o.region_code, o.id as school_id, count(*) || ' 个一体化专业' as detail, 1::numeric as weight
      from ${orgsOn(p)} o join school_specialties ss on ss.org_id = o.id and ss.integrated where ${FULL_TIME} group by o.id, o.name, o.region_code, o.full_time_teachers`,
    den: (p) =>
      sql`select 's' || o.id as key, o.name as label, o.region_code, o.id as school_id, coalesce(o.school_type, '') as detail, 1::numeric as weight from ${orgsOn(p)} o where ${FULL_TIME}`,
  },
  integrated_coverage: {
    // Over every specialty of the schools in integrated_schools' denominator: a school's first integrated specialty
    // must raise the figure, never lower it.
    num: (
      p,
    ) => sql`select 'ss' || ss.id as key, o.name || ' · ' || coalesce(d.name, ss.specialty_code) as label, o.region_code, o.id as school_id, '工学一体化' as detail, 1::numeric as weight
      from school_specialties ss join ${orgsOn(p)} o on o.id = ss.org_id left join dict_entries d on d.kind = 'specialty' and d.code = ss.specialty_code
      where ${FULL_TIME} and ss.integrated`,
    den: (
      p,
    ) => sql`select 'ss' || ss.id as key, o.name || ' · ' || coalesce(d.name, ss.specialty_code) as label, o.region_code, o.id as school_id, case when ss.integrated then '工学一体化' else '' end as detail, 1::numeric as weight
      from school_specialties ss join ${orgsOn(p)} o on o.id = ss.org_id left join dict_entries d on d.kind = 'specialty' and d.code = ss.specialty_code
      where ${FULL_TIME}`,
  },
  national_integrated_done: {
    num: (p) =>
      sql`select 's' || o.id as key, o.name as label, o.region_code, o.id as school_id, '已完成建设' as detail, 1::numeric as weight from ${orgsOn(p)} o where o.type = 'school' and o.national_integrated and o.national_integrated_done`,
    den: (p) =>
      sql`select 's' || o.id as key, o.name as label, o.region_code, o.id as school_id, case when o.national_integrated_done then '已完成建设' else '建设中' end as detail, 1::numeric as weight from ${orgsOn(p)} o where o.type = 'school' and o.national_integrated`,
  },
  integrated_teachers_year: {
    // Teachers, not courses: one row per teacher trained, counted in the year the training ended (a course over New
    // Year counts once); a teacher of a school trained twice in the year counts once (keyed by school and name).
    dedupe: true,
    num: (
      p,
    ) => sql`select 't' || t.school_org_id || '-' || t.teacher_name as key, t.teacher_name || ' · ' || o.name as label, t.region_code, t.school_org_id as school_id,
        t.provider || ' ' || to_char(t.end_date, 'YYYY-MM-DD') || ' 结业 ' || t.hours || ' 学时' as detail, 1::numeric as weight
      from teacher_trainings t join orgs o on o.id = t.school_org_id where t.end_date between ${`${p.year}-01-01`} and ${`${p.year}-12-31`} and ${registered('t', p)}`,
  },
  teacher_practice: {
    // Grouped per school and region: a school's projects filed under two regions would list a teacher twice.
    dedupe: true,
    num: (
      p,
    ) => sql`select 'tp' || x.school_id || '-' || x.id_key as key, x.name as label, x.region_code, x.school_id, x.days || ' 天' as detail, 1::numeric as weight
      from (${practiceDays(p)}) x where x.days >= 30`,
    den: (
      p,
    ) => sql`select 's' || o.id as key, o.name as label, o.region_code, o.id as school_id, '重点专业骨干教师' as detail,
        greatest(coalesce(k.teachers, 0), coalesce(t.teachers, 0))::numeric as weight
      from ${orgsOn(p)} o
      left join (select ss.org_id, sum(ss.backbone_teachers) as teachers from school_specialties ss where ss.is_key group by ss.org_id) k on k.org_id = o.id
      left join (select x.school_id, count(distinct x.id_key) as teachers from (${practiceDays(p)}) x group by x.school_id) t on t.school_id = o.id
      where ${RUNNING}`,
  },
  key_specialty_bases: {
    // A base is established when it runs (or ran to completion) under an agreement in force: planned, stopped and
    // terminated-agreement bases were never (or are no longer) a base the specialty can use.
    num: (
      q,
    ) => sql`select 'ss' || ss.id as key, o.name || ' · ' || coalesce(d.name, ss.specialty_code) as label, o.region_code, o.id as school_id,
        (select min(p.title) from projects p where p.school_org_id = o.id and ${baseEstablished(q)} and p.data->'specialtyCodes' ? ss.specialty_code) as detail, 1::numeric as weight
      from school_specialties ss join ${orgsOn(q)} o on o.id = ss.org_id left join dict_entries d on d.kind = 'specialty' and d.code = ss.specialty_code
      where ss.is_key and exists (select 1 from projects p where p.school_org_id = o.id and ${baseEstablished(q)} and p.data->'specialtyCodes' ? ss.specialty_code)`,
    den: (
      p,
    ) => sql`select 'ss' || ss.id as key, o.name || ' · ' || coalesce(d.name, ss.specialty_code) as label, o.region_code, o.id as school_id, '重点专业' as detail, 1::numeric as weight
      from school_specialties ss join ${orgsOn(p)} o on o.id = ss.org_id left join dict_entries d on d.kind = 'specialty' and d.code = ss.specialty_code where ss.is_key and o.type = 'school'`,
  },
  quota_completion: {
    // Only under agreements in force or run to their end (signed, active, expired), as the quota table
    // (projects/quota.service.ts): a terminated agreement's projects did not become the cooperation it announced.
    num: (
      p,
    ) => sql`select 'p' || p.id as key, p.title as label, p.region_code, p.school_org_id as school_id, p.type as detail, 1::numeric as weight
      from projects p where p.campaign_year = ${p.year} and p.deleted_at is null and ${signed(sql`p.agreement_id`, p)} and ${registered('p', p)}`,
    den: (
      p,
    ) => sql`select 'q' || q.region_code as key, '附件3 征集任务' as label, q.region_code, null::int as school_id, '' as detail, q.project_quota::numeric as weight
      from campaign_quotas q join campaigns c on c.id = q.campaign_id and c.year = ${p.year} where ${inForce('q', p)}`,
  },
  // Only cohorts both sides agreed on count: one party alone cannot move a region's figure (pending, declined).
  internship_employment: {
    num: (
      p,
    ) => sql`select 'i' || i.id as key, o.name || ' → ' || e.name as label, i.region_code, i.school_org_id as school_id, i.employed_after || '/' || i.students || ' 人' as detail, coalesce(i.employed_after, 0)::numeric as weight
      from internships i join orgs o on o.id = i.school_org_id join orgs e on e.id = i.enterprise_org_id where i.state = 'confirmed' and extract(year from i.end_date) = ${p.year} and i.end_date <= ${p.asOf} and ${registered('i', p)}`,
    den: (
      p,
    ) => sql`select 'i' || i.id as key, o.name || ' → ' || e.name as label, i.region_code, i.school_org_id as school_id, i.students || ' 人' as detail, i.students::numeric as weight
      from internships i join orgs o on o.id = i.school_org_id join orgs e on e.id = i.enterprise_org_id where i.state = 'confirmed' and extract(year from i.end_date) = ${p.year} and i.end_date <= ${p.asOf} and ${registered('i', p)}`,
  },
};

/**
 * Rows tied to a school (projects, reports, mentors, trainings, cohorts, forms …) keep a copy of its region for
 * access, moved when the region is corrected (orgs/history.ts). A figure of a past day counts them for the region the
 * school had that day: a copy that follows the school (equal to its region now) is replaced by the region of the
 * day; a copy that names another region on purpose (a project filed under another region's agreement) stays.
 */
const onDay = (src: SQL, p: Params, cols: SQL) =>
  p.asOf >= p.today
    ? src
    : sql`select ${cols}, coalesce(m.region_code, x.region_code) as region_code
      from (${src}) x left join (${movedSince(p)}) m on m.org_id = x.school_id and m.now_code = x.region_code`;
/**
 * The organisations whose region on the day differs from today's, with both: a handful (corrections are rare), so
 * a past day's rows are matched against a small set instead of joining every row to orgs and the whole history.
 */
const movedSince = (p: Params) => sql`select h.org_id, h.region_code, o.region_code as now_code
  from (${closedOn(p)}) h join orgs o on o.id = h.org_id where h.region_code <> o.region_code`;
const ROW = sql`x.key, x.label, x.school_id, x.detail, x.weight`;
const TOTAL = sql`x.school_id, x.weight`;

export const SOURCES: Record<string, Source> = Object.fromEntries(
  Object.entries(RAW).map(([id, s]) => [
    id,
    {
      ...s,
      num: (p: Params) => onDay(s.num(p), p, ROW),
      ...(s.den ? { den: (p: Params) => onDay(s.den!(p), p, ROW) } : {}),
      ...(s.numTotal ? { numTotal: (p: Params) => onDay(s.numTotal!(p), p, TOTAL) } : {}),
      ...(s.pending ? { pending: (p: Params) => onDay(s.pending!(p), p, ROW) } : {}),
    },
  ]),
);
