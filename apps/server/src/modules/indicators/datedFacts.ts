import { sql, type SQL } from 'drizzle-orm';
import type { Params } from './sources';

// Each fact on its own effective date: the SQL pieces every indicator source (sources.ts) counts "as of a day" with.

/** The instant the day after `asOf` begins in Beijing: records written before it were on file that day. */
const endOfDay = (asOf: string) => new Date(Date.parse(`${asOf}T00:00:00+08:00`) + 86_400_000).toISOString();
export const onFile = (col: SQL, p: Params) => sql`${col} < ${endOfDay(p.asOf)}::timestamptz`;

/**
 * Organisations with the region and flags they had on the day (issue 13: a corrected region or a flag set by the
 * bureau applies from its date). Today's open period holds the same values as `orgs`, so today reads `orgs` itself.
 */
export const orgsOn = (p: Params) =>
  p.asOf >= p.today
    ? sql`orgs`
    : sql`(select o.id, o.type, o.name, o.school_type, o.full_time_teachers,
        coalesce(h.region_code, o.region_code) as region_code, coalesce(h.runs_programmes, o.runs_programmes) as runs_programmes,
        coalesce(h.full_time_programmes, o.full_time_programmes) as full_time_programmes, coalesce(h.national_integrated, o.national_integrated) as national_integrated,
        coalesce(h.national_integrated_done, o.national_integrated_done) as national_integrated_done, coalesce(h.is_key, o.is_key) as is_key
      from orgs o left join (${closedOn(p)}) h on h.org_id = o.id)`;
/**
 * The history periods in force on the day that have ended since. The open period of every organisation holds the
 * values `orgs` holds (decision 0009), so only these few can differ from today: a past day joins a handful of rows
 * instead of every organisation's whole history (the price of a past year, issue 13).
 */
export const closedOn = (p: Params) =>
  sql`select h.* from org_region_history h where h.valid_to > ${p.asOf} and (h.valid_from is null or h.valid_from <= ${p.asOf})`;

/**
 * A dated row (region_key_industries, campaign_quotas: valid_from inclusive, valid_to exclusive) in force at the end
 * of the day; today's rows are the open ones.
 */
export const inForce = (t: string, p: Params) => {
  const x = sql.raw(t);
  return p.asOf >= p.today
    ? sql`${x}.valid_to is null`
    : sql`(${x}.valid_from is null or ${x}.valid_from <= ${p.asOf}) and (${x}.valid_to is null or ${x}.valid_to > ${p.asOf})`;
};

export const RUNNING = sql`o.type = 'school' and o.runs_programmes`;
/**
 * A school's specialties in force on the day (notice 二(二)): today's list without those a bureau approved to open
 * after the day, plus those withdrawn after it (with the enrolment they had). Enrolment changes of a reduction are
 * not dated back; the figure uses today's enrolment of a specialty still open.
 */
export const specialtiesInForce = (
  p: Params,
) => sql`select 'ss' || ss.id as key, ss.org_id, ss.specialty_code, ss.enrolment from school_specialties ss
    where not exists (select 1 from specialty_applications sa where sa.school_org_id = ss.org_id and sa.specialty_code = ss.specialty_code and sa.state = 'approved' and sa.effective_on > ${p.asOf})
  union all
  select 'sx' || x.id, x.school_org_id, x.specialty_code, coalesce(x.enrolment_before, 0) from specialty_exit_decisions x
    where x.decision = 'withdraw' and x.state = 'done' and x.done_on > ${p.asOf}
      and not exists (select 1 from school_specialties s2 where s2.org_id = x.school_org_id and s2.specialty_code = x.specialty_code)`;
const APPROVED = sql`('region_approved','with_province','accepted')`;
const SIGNED = sql`('signed','active','expired')`;
/**
 * A project counts only under an agreement every party confirmed (terminated ones were; their projects stopped on
 * that day): one waiting for confirmations, or returned by a bureau, counts for nobody.
 */
const AGREED = sql`('signed','active','expired','terminated')`;
/** Agreed by every party on or before the day (agreed_on; a row written without it: its signing date, else its term start). */
const agreedDay = (a: string) => sql.raw(`coalesce(${a}.agreed_on, ${a}.signing_date, ${a}.term_start)`);
const agreedBy = (a: string, p: Params) => sql`${sql.raw(a)}.status in ${AGREED} and ${agreedDay(a)} <= ${p.asOf}`;
/** Signed and not yet terminated on the day (an agreement terminated later was still in force then). */
export const signedOn = (a: string, p: Params) =>
  sql`${agreedDay(a)} <= ${p.asOf} and (${sql.raw(a)}.status in ${SIGNED} or (${sql.raw(a)}.status = 'terminated' and ${sql.raw(a)}.terminated_on > ${p.asOf}))`;
export const agreed = (agreementId: SQL, p: Params) =>
  sql`exists (select 1 from agreements ag where ag.id = ${agreementId} and ${agreedBy('ag', p)})`;
/** A person listed in a project registered by the day, under an agreement confirmed by then. */
export const agreedPerson = (p: Params) =>
  sql`exists (select 1 from projects px join agreements ag on ag.id = px.agreement_id where px.id = pp.project_id and ${agreedBy('ag', p)} and ${registered('px', p)})`;
/** Registered by the day (a project entered later with an earlier start date does not reach back). */
export const registered = (t: string, p: Params) => onFile(sql.raw(`${t}.created_at`), p);
/**
 * Started (running or completed) on the day: started on or before it and not stopped by then. A running row written
 * without started_on (migration 0021 back-fills the rest) counts from its start date or its registration, whichever
 * came first; a stop without a date counts as always stopped.
 */
export const startedOn = (t: string, p: Params) => {
  const x = sql.raw(t);
  return sql`${x}.status in ('running','completed','stopped') and coalesce(${x}.started_on, least(${x}.start_date, (${x}.created_at at time zone 'Asia/Shanghai')::date)) <= ${p.asOf} and ${registered(t, p)}
    and (${x}.status <> 'stopped' or (${x}.started_on is not null and coalesce(${x}.stopped_on, ${x}.started_on) > ${p.asOf}))`;
};
/** The project's status on the day, for the drill-down (a project stopped or completed later was running then). */
export const statusOn = (t: string, p: Params) => {
  const x = sql.raw(t);
  return sql`case when ${x}.status in ('stopped','completed') and coalesce(${x}.stopped_on, ${x}.completed_on) > ${p.asOf} then 'running' else ${x}.status end`;
};
/** Not stopped on the day. */
const notStopped = (t: string, p: Params) =>
  sql`(${sql.raw(t)}.status <> 'stopped' or coalesce(${sql.raw(t)}.stopped_on, '2025-01-01') > ${p.asOf})`;
/**
 * The form's state on the day: today's state when asked for today, else the state its last transition on or before
 * the day left it in (a form without a trail — written directly — by its state if it was last changed by then).
 */
export const formApproved = (p: Params) =>
  p.asOf >= p.today
    ? sql`f.state in ${APPROVED}`
    : sql`coalesce((select t.to_state from form_transitions t where t.form_id = f.id and ${onFile(sql`t.at`, p)} order by t.at desc, t.id desc limit 1),
        case when not exists (select 1 from form_transitions t where t.form_id = f.id) and ${onFile(sql`f.updated_at`, p)} then f.state end) in ${APPROVED}`;
// The notice's 一体化教学 targets are over schools running full-time 学制教育, not training-only ones.
export const FULL_TIME = sql`${RUNNING} and o.full_time_programmes`;
export const runningSchools = (p: Params) =>
  sql`select 's' || o.id as key, o.name as label, o.region_code, o.id as school_id, coalesce(o.school_type, '') as detail, 1::numeric as weight from ${orgsOn(p)} o where ${RUNNING}`;

// specialty → industries through the editable crosswalk (specialty → occupations → industries).
export const SPEC_IND = sql`(select s.code as specialty_code, ind.code as industry_code
  from dict_entries s
  cross join lateral jsonb_array_elements_text(coalesce(s.data->'occupationCodes', '[]'::jsonb)) oc(code)
  join dict_entries o on o.kind = 'occupation' and o.code = oc.code
  cross join lateral jsonb_array_elements_text(coalesce(o.data->'industryCodes', '[]'::jsonb)) ind(code)
  where s.kind = 'specialty')`;

// Mentors and teachers come from project_people (one row per person per project, kept by a trigger from the
// project's own data: migration 0010), not from unpacking every project's JSON per request.
// A person counts only by the keyed hash the server makes from the ID number (projects/refs.ts keyOf: 32 hex
// digits); a key typed in by hand could name one person twice.
export const HASHED = (k: SQL) => sql`${k} ~ '^[0-9a-f]{32}$'`;
// Mentors whose term covers the day, from mentor projects (registered and not stopped by then) and the school's own
// roster (school_mentors, on file by then), one person once per school: the notice's 配备比例 is about who mentors
// then, however the school engaged them.
export const currentMentors = (
  p: Params,
) => sql`select distinct on (m.school_id, m.id_key) m.school_id, m.region_code, m.id_key, m.name
  from (select pp.school_org_id as school_id, pp.region_code, pp.id_key, pp.name, 0 as roster, pp.project_id as ref
      from project_people pp
      where pp.kind = 'mentor' and pp.live and ${agreedPerson(p)} and ${HASHED(sql`pp.id_key`)} and pp.term_start <= ${p.asOf} and pp.term_end >= ${p.asOf}
        and exists (select 1 from projects ps where ps.id = pp.project_id and ${notStopped('ps', p)})
    union all select sm.school_org_id, sm.region_code, sm.id_key, sm.name, 1, sm.id
      from school_mentors sm where ${HASHED(sql`sm.id_key`)} and sm.term_start <= ${p.asOf} and sm.term_end >= ${p.asOf} and ${registered('sm', p)}) m
  order by m.school_id, m.id_key, m.roster, m.ref`;

/** Key-specialty backbone teachers' practice in the year, per school and person. */
// Days count only up to the day: a stint that starts later, or runs past it, is not practice done yet
// (at most the calendar days from its start to the day).
export const practiceDays = (
  p: Params,
) => sql`select pp.school_org_id as school_id, pp.region_code, pp.id_key, min(pp.name) as name,
    sum(least(pp.days, ${p.asOf}::date - pp.start_date::date + 1)) as days
  from project_people pp where pp.kind = 'teacher' and pp.live and ${agreedPerson(p)} and pp.key_specialty and pp.backbone and left(pp.start_date, 4) = ${String(p.year)}
    and pp.start_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' and pp.start_date <= ${p.asOf}
  group by pp.school_org_id, pp.region_code, pp.id_key`;

/** Under an agreement signed (by every party) and not terminated on the day. */
export const signed = (agreementId: SQL, p: Params) =>
  sql`exists (select 1 from agreements ag where ag.id = ${agreementId} and ${signedOn('ag', p)})`;
/** A base is established on the day when it runs (or ran to completion) under an agreement in force then. */
export const baseEstablished = (q: Params) =>
  sql`p.type = 'base' and p.deleted_at is null and ${startedOn('p', q)} and ${signed(sql`p.agreement_id`, q)}`;

/**
 * The summary holds today's totals of accepted reports (migration 0021); a past day takes off the reports of the year
 * accepted after it (a row accepted without a decision time by its submission): few, found first through
 * progress_reports_decided_day_idx (`offset 0` keeps the planner from starting at the projects and reading every
 * report of each), so a past year reads as fast as today and equals its drill-down.
 */
export const submittedAfter = (
  p: Params,
) => sql`select pr.region_code, pr.school_org_id as school_id, -r.weight as weight
  from (select r.project_id, coalesce((r.metrics->>'personTimes')::numeric, 0) as weight from progress_reports r
      where r.state = 'accepted' and coalesce(r.decided_at, r.submitted_at) >= ${endOfDay(p.asOf)}::timestamptz and r.period like ${`${p.year}-%`}
      offset 0) r
    join projects pr on pr.id = r.project_id
  where pr.type = 'training_eval' and pr.deleted_at is null and ${agreed(sql`pr.agreement_id`, p)}`;

/**
 * The reports waiting for the bureau at the end of the day: submitted by then and not decided by then. Today: those
 * still submitted (found per project through progress_reports_submitted_idx). A past day: those still submitted that
 * were submitted by then, plus the few accepted or returned after it (progress_reports_decided_day_idx) — rather
 * than every report of every training project filtered by its dates.
 */
export const pendingReports = (p: Params) => {
  const year = `${p.year}-%`;
  if (p.asOf >= p.today)
    return sql`select r.id, r.project_id, r.period, r.metrics from progress_reports r where r.state = 'submitted' and r.period like ${year}`;
  const end = sql`${endOfDay(p.asOf)}::timestamptz`;
  return sql`select r.id, r.project_id, r.period, r.metrics from progress_reports r where r.state = 'submitted' and r.submitted_at < ${end} and r.period like ${year}
    union all select r.id, r.project_id, r.period, r.metrics from progress_reports r
      where r.state in ('accepted', 'returned') and r.decided_at is not null and coalesce(r.decided_at, r.submitted_at) >= ${end} and r.submitted_at < ${end} and r.period like ${year}`;
};

export const demo = (type: string) => (p: Params) =>
  sql`select 'p' || p.id as key, p.title as label, p.region_code, p.school_org_id as school_id, a.agreement_no as detail, 1::numeric as weight
      from projects p join agreements a on a.id = p.agreement_id where p.type = ${type} and p.deleted_at is null and p.selection_status = 'selected' and ${agreed(sql`p.agreement_id`, p)} and ${registered('p', p)}`;
