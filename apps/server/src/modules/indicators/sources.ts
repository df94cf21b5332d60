import { sql, type SQL } from 'drizzle-orm';

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

/** The instant the day after `asOf` begins in Beijing: records written before it were on file that day. */
const endOfDay = (asOf: string) => new Date(Date.parse(`${asOf}T00:00:00+08:00`) + 86_400_000).toISOString();
const onFile = (col: SQL, p: Params) => sql`${col} < ${endOfDay(p.asOf)}::timestamptz`;

/**
 * Organisations with the region and flags they had on the day (issue 13: a corrected region or a flag set by the
 * bureau applies from its date). Today's open period holds the same values as `orgs`, so today reads `orgs` itself.
 */
const orgsOn = (p: Params) =>
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
const closedOn = (p: Params) =>
  sql`select h.* from org_region_history h where h.valid_to > ${p.asOf} and (h.valid_from is null or h.valid_from <= ${p.asOf})`;

/**
 * A dated row (region_key_industries, campaign_quotas: valid_from inclusive, valid_to exclusive) in force at the end
 * of the day; today's rows are the open ones.
 */
const inForce = (t: string, p: Params) => {
  const x = sql.raw(t);
  return p.asOf >= p.today
    ? sql`${x}.valid_to is null`
    : sql`(${x}.valid_from is null or ${x}.valid_from <= ${p.asOf}) and (${x}.valid_to is null or ${x}.valid_to > ${p.asOf})`;
};

const RUNNING = sql`o.type = 'school' and o.runs_programmes`;
/**
 * A school's specialties in force on the day (notice 二(二)): today's list without those a bureau approved to open
 * after the day, plus those withdrawn after it (with the enrolment they had). Enrolment changes of a reduction are
 * not dated back; the figure uses today's enrolment of a specialty still open.
 */
const specialtiesInForce = (
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
const signedOn = (a: string, p: Params) =>
  sql`${agreedDay(a)} <= ${p.asOf} and (${sql.raw(a)}.status in ${SIGNED} or (${sql.raw(a)}.status = 'terminated' and ${sql.raw(a)}.terminated_on > ${p.asOf}))`;
const agreed = (agreementId: SQL, p: Params) =>
  sql`exists (select 1 from agreements ag where ag.id = ${agreementId} and ${agreedBy('ag', p)})`;
/** A person listed in a project registered by the day, under an agreement confirmed by then. */
const agreedPerson = (p: Params) =>
  sql`exists (select 1 from projects px join agreements ag on ag.id = px.agreement_id where px.id = pp.project_id and ${agreedBy('ag', p)} and ${registered('px', p)})`;
/** Registered by the day (a project entered later with an earlier start date does not reach back). */
const registered = (t: string, p: Params) => onFile(sql.raw(`${t}.created_at`), p);
/**
 * Started (running or completed) on the day: started on or before it and not stopped by then. A running row written
 * without started_on (migration 0021 back-fills the rest) counts from its start date or its registration, whichever
 * came first; a stop without a date counts as always stopped.
 */
const startedOn = (t: string, p: Params) => {
  const x = sql.raw(t);
  return sql`${x}.status in ('running','completed','stopped') and coalesce(${x}.started_on, least(${x}.start_date, (${x}.created_at at time zone 'Asia/Shanghai')::date)) <= ${p.asOf} and ${registered(t, p)}
    and (${x}.status <> 'stopped' or (${x}.started_on is not null and coalesce(${x}.stopped_on, ${x}.started_on) > ${p.asOf}))`;
};
/** The project's status on the day, for the drill-down (a project stopped or completed later was running then). */
const statusOn = (t: string, p: Params) => {
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
const formApproved = (p: Params) =>
  p.asOf >= p.today
    ? sql`f.state in ${APPROVED}`
    : sql`coalesce((select t.to_state from form_transitions t where t.form_id = f.id and ${onFile(sql`t.at`, p)} order by t.at desc, t.id desc limit 1),
        case when not exists (select 1 from form_transitions t where t.form_id = f.id) and ${onFile(sql`f.updated_at`, p)} then f.state end) in ${APPROVED}`;
// The notice's 一体化教学 targets are over schools running full-time 学制教育, not training-only ones.
const FULL_TIME = sql`${RUNNING} and o.full_time_programmes`;
const runningSchools = (p: Params) =>
  sql`select 's' || o.id as key, o.name as label, o.region_code, o.id as school_id, coalesce(o.school_type, '') as detail, 1::numeric as weight from ${orgsOn(p)} o where ${RUNNING}`;

// specialty → industries through the editable crosswalk (specialty → occupations → industries).
const SPEC_IND = sql`(select s.code as specialty_code, ind.code as industry_code
  from dict_entries s
  cross join lateral jsonb_array_elements_text(coalesce(s.data->'occupationCodes', '[]'::jsonb)) oc(code)
  join dict_entries o on o.kind = 'occupation' and o.code = oc.code
  cross join lateral jsonb_array_elements_text(coalesce(o.data->'industryCodes', '[]'::jsonb)) ind(code)
  where s.kind = 'specialty')`;

// Mentors and teachers come from project_people (one row per person per project, kept by a trigger from the
// project's own data: migration 0010), not from unpacking every project's JSON per request.
// A person counts only by the keyed hash the server makes from the ID number (projects/refs.ts keyOf: 32 hex
// digits); a key typed in by hand could name one person twice.
const HASHED = (k: SQL) => sql`${k} ~ '^[0-9a-f]{32}$'`;
// Mentors whose term covers the day, from mentor projects (registered and not stopped by then) and the school's own
// roster (school_mentors, on file by then), one person once per school: the notice's 配备比例 is about who mentors
// then, however the school engaged them.
const currentMentors = (
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
const practiceDays = (
  p: Params,
) => sql`select pp.school_org_id as school_id, pp.region_code, pp.id_key, min(pp.name) as name,
    sum(least(pp.days, ${p.asOf}::date - pp.start_date::date + 1)) as days
  from project_people pp where pp.kind = 'teacher' and pp.live and ${agreedPerson(p)} and pp.key_specialty and pp.backbone and left(pp.start_date, 4) = ${String(p.year)}
    and pp.start_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' and pp.start_date <= ${p.asOf}
  group by pp.school_org_id, pp.region_code, pp.id_key`;

/** Under an agreement signed (by every party) and not terminated on the day. */
const signed = (agreementId: SQL, p: Params) =>
  sql`exists (select 1 from agreements ag where ag.id = ${agreementId} and ${signedOn('ag', p)})`;
/** A base is established on the day when it runs (or ran to completion) under an agreement in force then. */
const baseEstablished = (q: Params) =>
  sql`p.type = 'base' and p.deleted_at is null and ${startedOn('p', q)} and ${signed(sql`p.agreement_id`, q)}`;

/**
 * The summary holds today's totals of accepted reports (migration 0021); a past day takes off the reports of the year
 * accepted after it (a row accepted without a decision time by its submission): few, found first through
 * progress_reports_decided_day_idx (`offset 0` keeps the planner from starting at the projects and reading every
 * report of each), so a past year reads as fast as today and equals its drill-down.
 */
const submittedAfter = (p: Params) => sql`select pr.region_code, pr.school_org_id as school_id, -r.weight as weight
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
const pendingReports = (p: Params) => {
  const year = `${p.year}-%`;
  if (p.asOf >= p.today)
    return sql`select r.id, r.project_id, r.period, r.metrics from progress_reports r where r.state = 'submitted' and r.period like ${year}`;
  const end = sql`${endOfDay(p.asOf)}::timestamptz`;
  return sql`select r.id, r.project_id, r.period, r.metrics from progress_reports r where r.state = 'submitted' and r.submitted_at < ${end} and r.period like ${year}
    union all select r.id, r.project_id, r.period, r.metrics from progress_reports r
      where r.state in ('accepted', 'returned') and r.decided_at is not null and coalesce(r.decided_at, r.submitted_at) >= ${end} and r.submitted_at < ${end} and r.period like ${year}`;
};

const demo = (type: string) => (p: Params) =>
  sql`select 'p' || p.id as key, p.title as label, p.region_code, p.school_org_id as school_id, a.agreement_no as detail, 1::numeric as weight
      from projects p join agreements a on a.id = p.agreement_id where p.type = ${type} and p.deleted_at is null and p.selection_status = 'selected' and ${agreed(sql`p.agreement_id`, p)} and ${registered('p', p)}`;

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
