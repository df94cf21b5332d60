import { periodBounds, periodsBetween, validateReportMetrics } from '@cjrh/domain';
import type { progressReports, reportVersions } from '../db/schema/index';
import { addDays, bjAt, dateBetween, maxDate, minDate } from './projectDates';
import { GENERIC_RETURN_REASONS, periodMetrics, RETURN_REASONS, type MetricState } from './projectMetrics';
import { fail, type PPlan, type ReportState, type SeedCtx } from './projectsCommon';

export type ReportPlan = {
  p: PPlan;
  row: typeof progressReports.$inferInsert;
  versions: (typeof reportVersions.$inferInsert & { at: Date })[];
};

/**
 * Progress reports period by period up to today (accepted, submitted, returned, late), with their version trail; then
 * the training-evaluation projects take the totals of their reports.
 */
export function reportPlansFor(c: SeedCtx, allProjects: PPlan[]): ReportPlan[] {
  const { rng, today, accountOf, regionAccount, frequencyOf, metricSchema, refs, checkedData } = c;
  // ------------------------------------------------------------ progress reports, period by period up to today
  const reportPlans: {
    p: PPlan;
    row: typeof progressReports.$inferInsert;
    versions: (typeof reportVersions.$inferInsert & { at: Date })[];
  }[] = [];
  const dayBefore = addDays(today, -1);
  for (const p of allProjects) {
    if (p.status === 'planned') continue;
    const freq = frequencyOf(p.type);
    const until = p.status === 'stopped' ? p.stopDate! : minDate(p.end, today);
    const periods = periodsBetween(p.start, until, freq).filter(
      (x) => x.dueDate <= addDays(today, 31) && (p.status !== 'stopped' || periodBounds(x.period).end < p.stopDate!),
    );
    const st: MetricState = {};
    const filler = accountOf.get(p.ag.school!.id) ?? null;
    const reviewer = regionAccount.get(p.ag.regionCode) ?? null;
    const reasons = RETURN_REASONS[p.type] ?? GENERIC_RETURN_REASONS;
    for (const { period, dueDate } of periods) {
      const b = periodBounds(period);
      const raw = periodMetrics(rng, p.type, p.data, b, st);
      const parsed = metricSchema(p.type).safeParse(raw);
      if (!parsed.success) {
        const v = validateReportMetrics(p.type, raw, refs);
        fail(
          `${p.type} report ${period} of “${p.title}”`,
          v.ok ? [{ path: '', message: parsed.error.message }] : v.issues,
        );
      }
      const metrics = parsed.data as Record<string, unknown>;
      let state: ReportState;
      let history = false;
      if (b.end >= today) state = rng.chance(0.9) ? 'due' : 'draft';
      else if (dueDate >= today) state = (['due', 'draft', 'submitted'] as const)[rng.weighted([55, 15, 30])];
      else if (dueDate >= addDays(today, -50))
        state =
          p.status === 'running'
            ? (['accepted', 'submitted', 'returned', 'due', 'draft'] as const)[rng.weighted([35, 22, 13, 22, 8])]
            : rng.chance(0.8)
              ? 'accepted'
              : 'submitted';
      else {
        state = 'accepted';
        history = rng.chance(0.06);
      }
      const versions: (typeof reportVersions.$inferInsert & { at: Date })[] = [];
      const row: typeof progressReports.$inferInsert = {
        projectId: p.id!,
        period,
        dueDate,
        state: 'due',
        metrics: {},
        note: '',
        returnReason: null,
        regionCode: p.ag.regionCode,
        version: 1,
        submittedAt: null,
        decidedAt: null,
      };
      const opened = minDate(maxDate(b.start, p.start), dayBefore);
      row.updatedAt = bjAt(opened, 0.01);
      if (state === 'draft') {
        Object.assign(row, {
          state,
          metrics,
          version: 2,
          updatedAt: bjAt(dateBetween(rng, maxDate(opened, addDays(b.end, -5)), dayBefore), rng.next()),
        });
      } else if (state !== 'due') {
        const late = rng.chance(0.15);
        let submitDay = late ? addDays(dueDate, rng.int(1, 12)) : addDays(dueDate, -rng.int(0, 9));
        submitDay = minDate(maxDate(submitDay, addDays(b.end, 1)), dayBefore);
        const note = rng.chance(0.25)
          ? rng.pick(['按计划推进', '本期工作进展顺利', '已按要求报送佐证材料', '部分活动因企业生产安排顺延'])
          : '';
        const submitAt = bjAt(submitDay, 0.1 + rng.next() * 0.8);
        const after = (from: string, lo: number, hi: number) => addDays(from, rng.int(lo, hi));
        let decideDay = after(submitDay, 1, 10);
        if ((state === 'accepted' || state === 'returned') && decideDay > dayBefore) decideDay = dayBefore;
        if ((state === 'accepted' || state === 'returned') && decideDay <= submitDay) state = 'submitted';
        const v2 = { reportId: 0, metrics, note, actorId: filler?.id ?? null, actorName: filler?.name ?? null };
        const rv = { reportId: 0, metrics, note, actorId: reviewer?.id ?? null, actorName: reviewer?.name ?? null };
        if (history) {
          // Returned once, corrected and accepted: save, submit, return, save, submit, accept.
          const reason = rng.pick(reasons);
          const returnDay = decideDay;
          const resubmitDay = after(returnDay, 1, 6);
          const acceptDay = after(resubmitDay, 1, 6);
          if (acceptDay <= dayBefore) {
            versions.push({ ...v2, version: 2, action: 'submit', state: 'submitted', reason: '', at: submitAt });
            versions.push({
              ...rv,
              version: 3,
              action: 'return',
              state: 'returned',
              reason,
              at: bjAt(returnDay, rng.next()),
            });
            const fixedNote = '已按审核意见补充说明';
            const resubmitAt = bjAt(resubmitDay, rng.next());
            versions.push({
              ...v2,
              note: fixedNote,
              version: 5,
              action: 'submit',
              state: 'submitted',
              reason: '',
              at: resubmitAt,
            });
            const acceptAt = bjAt(acceptDay, rng.next());
            versions.push({
              ...rv,
              note: fixedNote,
              version: 6,
              action: 'accept',
              state: 'accepted',
              reason: '',
              at: acceptAt,
            });
            Object.assign(row, {
              state: 'accepted',
              metrics,
              note: fixedNote,
              returnReason: reason,
              version: 7,
              submittedAt: resubmitAt,
              decidedAt: acceptAt,
              updatedAt: acceptAt,
            });
            reportPlans.push({ p, row, versions });
            continue;
          }
        }
        versions.push({ ...v2, version: 2, action: 'submit', state: 'submitted', reason: '', at: submitAt });
        Object.assign(row, {
          state: 'submitted',
          metrics,
          note,
          version: 3,
          submittedAt: submitAt,
          updatedAt: submitAt,
        });
        if (state === 'accepted' || state === 'returned') {
          const decideAt = bjAt(decideDay, rng.next());
          const reason = state === 'returned' ? rng.pick(reasons) : '';
          versions.push({
            ...rv,
            version: 3,
            action: state === 'accepted' ? 'accept' : 'return',
            state,
            reason,
            at: decideAt,
          });
          Object.assign(row, {
            state,
            version: 4,
            decidedAt: decideAt,
            updatedAt: decideAt,
            returnReason: state === 'returned' ? reason : null,
          });
        }
      }
      reportPlans.push({ p, row, versions });
    }
  }
  // Training-evaluation projects carry the totals of their reports (submitted or accepted).
  for (const p of allProjects.filter((x) => x.type === 'training_eval')) {
    let persons = 0;
    const certs: Record<string, number> = {};
    for (const { row } of reportPlans.filter(
      (r) => r.p === p && (r.row.state === 'submitted' || r.row.state === 'accepted'),
    )) {
      const m = row.metrics as { personTimes: number; certificatesByLevel: Record<string, number> };
      persons += m.personTimes;
      for (const [k, n] of Object.entries(m.certificatesByLevel)) certs[k] = (certs[k] ?? 0) + n;
    }
    p.data = checkedData(
      'training_eval',
      { ...p.data, actualPersonTimes: persons, certificatesByLevel: certs },
      p.title,
    );
  }
  return reportPlans;
}
