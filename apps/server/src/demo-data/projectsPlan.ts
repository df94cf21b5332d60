import { DEMO_MARK, industryByCode, PROJECT_TYPE_LABELS, PROJECT_TYPES, type ProjectType } from '@cjrh/domain';
import {
  bareName,
  buildProject,
  matchingSpecialty,
  projectMonths,
  shortEnterprise,
  specialtyName,
} from './projectData';
import { addDays, dateBetween, firstOfMonth, maxDate, minDate, termEndOf } from './projectDates';
import { STOP_REASONS, TERMINATE_REASONS } from './projectMetrics';
import {
  AHEAD_REGIONS,
  BEHIND_REGIONS,
  QUOTA_YEAR,
  SHORT_TYPES,
  STATUS_WEIGHTS,
  STATUSES,
  TARGET_2025,
  TYPE_WEIGHTS,
  type APlan,
  type PPlan,
  type ProjectsSeedSummary,
  type SeedCtx,
  type Slot,
} from './projectsCommon';
import { assignParties } from './projectsParties';
import { apportion } from './random';

/**
 * Each region's agreements and their projects, in six steps: shells (status, kind, how many projects), years, types,
 * dates, parties, then titles and data. Pure planning: nothing is written here.
 */
export function planAgreements(c: SeedCtx): { allAgreements: APlan[]; quotaStory: ProjectsSeedSummary['quota'] } {
  const { rng, today, plan, idByUscc, scale, quotaOf, schoolById, runningIds, keyEntsOf, mentorsOf, teachersOf } = c;

  // The last day a started project may start on (reports need a few periods behind them).
  const winEnd = maxDate('2026-01-05', minDate('2026-10-31', addDays(today, -30)));
  const start2025 = () =>
    rng.chance(0.35) ? '2025-09-01' : dateBetween(rng, '2025-09-01', minDate('2025-12-31', addDays(today, -30)));
  const start2026 = () => {
    const fixed = ['2026-03-01', '2026-09-01'].filter((d) => d <= winEnd);
    return fixed.length && rng.chance(0.25) ? rng.pick(fixed) : dateBetween(rng, '2026-01-05', winEnd);
  };

  const allAgreements: APlan[] = [];
  const quotaStory: ProjectsSeedSummary['quota'] = [];
  const intentUsed = new Set<number>();

  for (const profile of plan.profiles) {
    const code = profile.region.code;
    const regionSchools = plan.schools
      .filter((s) => s.regionCode === code)
      .map((s) => schoolById.get(idByUscc.get(s.uscc)!)!);
    const running = regionSchools.filter((s) => runningIds.has(s.id));
    const keyEnts = keyEntsOf(code);
    if (running.length === 0 || keyEnts.length === 0) continue;
    const quota = quotaOf.get(code) ?? 0;
    const ahead = AHEAD_REGIONS.includes(code);
    const behind = BEHIND_REGIONS.includes(code);
    let n25 = Math.round(quota * (TARGET_2025[code] ?? 0.7 + rng.next() * 0.3));
    let n26 = Math.max(
      3,
      Math.round(quota * (ahead ? 0.3 : behind ? 0.7 + rng.next() * 0.2 : 0.4 + rng.next() * 0.15)),
    );
    const cap = Math.round(30 * Math.max(1, scale));
    const total = Math.min(cap, Math.max(8, Math.ceil((n25 + n26) / (0.8 * 2.3))));
    const counts = apportion(total, STATUS_WEIGHTS);
    const nAlliance = Math.min(counts[2] - 1, Math.max(1, Math.round(running.length / 25)));

    // 1. Shells: status, kind, how many projects.
    const shells: APlan[] = [];
    STATUSES.forEach((status, si) => {
      for (let i = 0; i < counts[si]; i++) {
        const alliance = status === 'active' && i < nAlliance;
        shells.push({
          regionCode: code,
          idx: shells.length,
          status,
          kind: alliance ? 'alliance' : 'bilateral',
          slots: alliance
            ? [{ year: 2025, alliance: true }, ...(rng.chance(0.5) ? [{ year: 2025 as const, alliance: false }] : [])]
            : [],
          projects: [],
          termStart: '',
          termEnd: '',
          signingDate: null,
          createdDate: '',
          terminateDate: null,
          terminateReason: null,
          keyProject: false,
          intentId: null,
          enterprises: [],
          schools: [],
          title: '',
          areas: [],
          scope: '',
        });
      }
    });
    const hosting = shells.filter((s) => s.status === 'active' || s.status === 'expired' || s.status === 'terminated');
    const bilateralHosts = hosting.filter((s) => s.kind === 'bilateral');
    for (const s of bilateralHosts) s.slots.push({ year: 2025, alliance: false });
    const capOf = (s: APlan) => (s.status === 'active' ? 3 : s.status === 'expired' && behind ? 1 : 2);
    let left = n25 + n26 - hosting.reduce((n, s) => n + s.slots.length, 0);
    while (left > 0) {
      const open = bilateralHosts.filter((s) => s.slots.length < capOf(s));
      if (!open.length) break;
      rng.pick(open).slots.push({ year: 2025, alliance: false });
      left--;
    }
    const startedCount = hosting.reduce((n, s) => n + s.slots.length, 0);
    if (startedCount < n25 + n26) {
      n26 = Math.max(0, startedCount - n25);
      n25 = startedCount - n26;
    } else n26 = startedCount - n25;

    // 2. Years: an expired (one-year) agreement ran in 2025; then whole agreements take 2025 until the target is met.
    let r25 = n25;
    for (const s of hosting.filter((x) => x.status === 'expired')) {
      for (const slot of s.slots) slot.year = 2025;
      r25 -= s.slots.length;
    }
    for (const s of rng.shuffle(hosting.filter((x) => x.status !== 'expired')))
      for (const slot of s.slots) slot.year = r25-- > 0 ? 2025 : 2026;
    // Planned projects: on signed agreements, a few drafts and a few active ones.
    for (const s of shells) {
      const planned =
        s.status === 'signed'
          ? rng.int(1, 2)
          : s.status === 'draft'
            ? rng.chance(0.4)
              ? 1
              : 0
            : s.status === 'active' && s.kind === 'bilateral' && rng.chance(0.08)
              ? 1
              : 0;
      for (let i = 0; i < planned; i++) s.slots.push({ year: null, alliance: false });
    }

    // 3. Types: every type early in the queue, so even a small region has them all (with planned projects added
    // where a small region has fewer slots than there are types).
    const nonAlliance = PROJECT_TYPES.filter((t) => t !== 'alliance') as Exclude<ProjectType, 'alliance'>[];
    const plannedHosts = shells.filter(
      (s) => s.status === 'signed' || s.status === 'draft' || (s.status === 'active' && s.kind === 'bilateral'),
    );
    while (
      plannedHosts.length &&
      shells.reduce((n, s) => n + s.slots.filter((x) => !x.alliance).length, 0) < nonAlliance.length
    )
      rng.pick(plannedHosts).slots.push({ year: null, alliance: false });
    const typed = [...rng.shuffle(hosting), ...shells.filter((s) => !hosting.includes(s))].flatMap((s) =>
      s.slots.map((slot) => ({ s, slot })),
    );
    const free = typed.filter((x) => !x.slot.alliance);
    const queue: ProjectType[] = [...rng.shuffle(nonAlliance)];
    while (queue.length < free.length) queue.push(nonAlliance[rng.weighted(nonAlliance.map((t) => TYPE_WEIGHTS[t]))]);
    const allowed = (s: APlan, t: ProjectType) => s.status !== 'expired' || SHORT_TYPES.includes(t);
    for (const x of typed) {
      if (x.slot.alliance) {
        x.slot.type = 'alliance';
        continue;
      }
      const at = queue.findIndex((t) => allowed(x.s, t));
      x.slot.type = at >= 0 ? queue.splice(at, 1)[0] : rng.pick(SHORT_TYPES);
    }
    for (const t of nonAlliance) {
      if (free.some((x) => x.slot.type === t)) continue;
      const tally = (u: ProjectType) => free.filter((x) => x.slot.type === u).length;
      const donor = free.find((x) => x.s.status !== 'expired' && tally(x.slot.type!) > 1);
      if (donor) donor.slot.type = t;
    }

    // 4. Dates.
    const planProject = (s: APlan, slot: Slot, start: string): PPlan => {
      const type = slot.type!;
      return {
        type,
        start,
        end: termEndOf(start, projectMonths(rng, type)),
        status: 'planned',
        stopReason: null,
        stopDate: null,
        createdDate: start,
        title: '',
        data: {},
        ag: s,
      };
    };
    for (const s of shells) {
      if (s.status === 'active' || s.status === 'expired' || s.status === 'terminated') {
        const startedSlots = s.slots.filter((x) => x.year !== null);
        for (const slot of startedSlots)
          s.projects.push(planProject(s, slot, slot.year === 2025 ? start2025() : start2026()));
        const minStart = minDate(...s.projects.map((p) => p.start));
        const maxStart = maxDate(...s.projects.map((p) => p.start));
        s.termStart = maxDate('2025-07-21', addDays(minStart, -rng.int(0, 40)));
        s.signingDate = maxDate('2025-07-15', addDays(s.termStart, -rng.int(0, 25)));
        s.createdDate = maxDate('2025-07-10', addDays(s.signingDate, -rng.int(3, 30)));
        if (s.status === 'expired') {
          s.termEnd = maxDate(
            addDays(maxStart, 45),
            minDate(termEndOf(s.termStart, 12), addDays(today, -rng.int(5, 60))),
          );
          for (const p of s.projects) {
            p.end = maxDate(addDays(p.start, 30), minDate(p.end, s.termEnd));
            p.status = 'completed';
          }
        } else if (s.status === 'terminated') {
          s.termEnd = termEndOf(s.termStart, 36);
          s.terminateDate = minDate(addDays(today, -rng.int(7, 30)), addDays(maxStart, rng.int(45, 240)));
          s.terminateReason = rng.pick(TERMINATE_REASONS);
          for (const p of s.projects) {
            // Short projects had mostly finished before the agreement was ended; the others stop with it.
            if (SHORT_TYPES.includes(p.type) && rng.chance(0.6))
              p.end = maxDate(addDays(p.start, 30), minDate(p.end, addDays(s.terminateDate, -rng.int(5, 40))));
            if (p.end < s.terminateDate) p.status = 'completed';
            else
              Object.assign(p, {
                status: 'stopped',
                stopReason: '合作协议终止，项目随之中止',
                stopDate: s.terminateDate,
              });
          }
        } else {
          s.termEnd = termEndOf(s.termStart, rng.pick([24, 36, 36, 60]));
          while (s.termEnd <= today) s.termEnd = termEndOf(s.termEnd, 12);
          for (const p of s.projects) {
            if (p.end < today) p.status = 'completed';
            else if (rng.chance(0.025))
              Object.assign(p, {
                status: 'stopped',
                stopReason: rng.pick(STOP_REASONS),
                stopDate: dateBetween(rng, addDays(p.start, 30), addDays(today, -5)),
              });
            else p.status = 'running';
          }
        }
        for (const p of s.projects) p.createdDate = maxDate(s.signingDate, addDays(p.start, -rng.int(3, 30)));
      } else if (s.status === 'signed') {
        s.signingDate = dateBetween(rng, addDays(today, -45), addDays(today, -1));
        s.createdDate = addDays(s.signingDate, -rng.int(3, 25));
        s.termStart = firstOfMonth(today, rng.pick([1, 1, 2]));
        s.termEnd = termEndOf(s.termStart, rng.pick([36, 36, 24, 60]));
      } else {
        s.createdDate = dateBetween(rng, addDays(today, -75), addDays(today, -1));
        s.termStart = firstOfMonth(today, rng.int(1, 3));
        s.termEnd = termEndOf(s.termStart, 36);
      }
      for (const slot of s.slots.filter((x) => x.year === null)) {
        const start =
          s.status === 'active'
            ? dateBetween(rng, addDays(today, 10), addDays(today, 75))
            : addDays(s.termStart, rng.int(0, 45));
        const p = planProject(s, slot, start);
        p.createdDate = dateBetween(rng, maxDate(s.createdDate, addDays(today, -40)), addDays(today, -1));
        s.projects.push(p);
      }
    }

    // 5. Parties: the demo accounts' organisations first, then accepted intents, then the region's schools in turn.
    assignParties(c, { profile, running, keyEnts, ahead, behind, shells, intentUsed });

    // 6. Titles, areas and the projects' data.
    const industries = profile.industries.map((i) => i.code);
    for (const s of shells) {
      const school = s.school!;
      for (const p of s.projects) {
        const built = buildProject({
          rng,
          type: p.type,
          school,
          enterprises: s.enterprises,
          region: profile.region,
          industries,
          start: p.start,
          end: p.end,
          today,
          members: s.kind === 'alliance' ? [...s.schools, ...s.enterprises].map((o) => o.id) : undefined,
          leadOrgId: s.kind === 'alliance' ? school.id : undefined,
          allianceName: s.allianceName,
          mentorsOf,
          teachersOf,
        });
        if (p.type === 'order_class' && p.status === 'stopped') built.data.cancelled = true;
        p.title = built.title;
        p.data = built.data;
      }
      const labels = [...new Set(s.projects.map((p) => PROJECT_TYPE_LABELS[p.type]))];
      const areas = labels.length ? labels : rng.sample(Object.values(PROJECT_TYPE_LABELS).slice(1), rng.int(1, 3));
      const spec = specialtyName(matchingSpecialty(rng, school, s.enterprises[0]).specialtyCode);
      const industry = industryByCode(s.enterprises[0]?.industryCodes[0] ?? industries[0])?.name ?? '';
      const titleText =
        s.kind === 'alliance'
          ? `${s.allianceName}共建协议`
          : `${bareName(school.name)}与${shortEnterprise(s.enterprises[0].name)}${s.enterprises.length > 1 ? '等' : ''}校企合作协议`;
      s.title = `${titleText.slice(0, 100 - DEMO_MARK.length)}${DEMO_MARK}`;
      s.areas = areas;
      s.scope = `围绕${spec}等专业，开展${areas.join('、')}等合作，共同培养${industry}产业急需的技能人才。`;
      if (s.status === 'active' && s.kind === 'bilateral' && rng.chance(0.1)) s.keyProject = true;
    }
    const count2025 = shells.reduce(
      (n, s) => n + s.projects.filter((p) => p.start.startsWith(String(QUOTA_YEAR))).length,
      0,
    );
    quotaStory.push({ regionCode: code, quota, count2025 });
    allAgreements.push(...shells);
  }
  // A key project for the signing ceremony somewhere, whatever the dice said.
  if (!allAgreements.some((s) => s.keyProject)) {
    const first = allAgreements.find((s) => s.status === 'active' && s.kind === 'bilateral');
    if (first) first.keyProject = true;
  }
  return { allAgreements, quotaStory };
}
