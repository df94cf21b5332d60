import { z } from 'zod';
import { REPORT_DISPLAY_STATES, REPORT_STATES } from '../projects/machines';
import { PROJECT_TYPES } from '../projects/types';

/**
 * API contracts of a project's follow-up: progress reports and their versions, internship cohorts and the quota
 * table (GET /api/campaigns/:year/quota). The server answers through these schemas and the web takes its types from
 * them. (The projects themselves are in contracts/agreements.ts, beside the agreements they belong to.)
 */

const metrics = z.record(z.string(), z.unknown());

export const reportOut = z.object({
  id: z.number(),
  projectId: z.number(),
  period: z.string(),
  dueDate: z.string(),
  state: z.enum(REPORT_STATES),
  /** The state as shown: a report still due or in draft after its due date is 'overdue'. */
  displayState: z.enum(REPORT_DISPLAY_STATES),
  metrics,
  note: z.string(),
  returnReason: z.string().nullable(),
  version: z.number(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export const reportsOut = z.object({ items: z.array(reportOut) });
/** GET /api/reports rows also name their project. */
export const reportListItemOut = reportOut.extend({ projectTitle: z.string(), projectType: z.enum(PROJECT_TYPES) });
export const reportListOut = z.object({ items: z.array(reportListItemOut), total: z.number() });

/** One version of a report (GET /api/reports/:id/history): what it held when it was submitted, accepted or returned. */
export const reportVersionOut = z.object({
  id: z.number(),
  reportId: z.number(),
  version: z.number(),
  action: z.string(),
  state: z.string(),
  metrics,
  note: z.string(),
  reason: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});
export const reportHistoryOut = z.object({ items: z.array(reportVersionOut) });

export const internshipOut = z.object({
  id: z.number(),
  schoolOrgId: z.number(),
  schoolName: z.string(),
  enterpriseOrgId: z.number(),
  enterpriseName: z.string(),
  agreementId: z.number().nullable(),
  regionCode: z.string(),
  specialtyCode: z.string(),
  students: z.number(),
  startDate: z.string(),
  endDate: z.string(),
  paid: z.boolean(),
  payPerMonth: z.number(),
  insured: z.boolean(),
  safetyTrained: z.boolean(),
  employedAfter: z.number().nullable(),
  /** Recorded by one side, it waits for the other (pending) and counts only once confirmed. */
  state: z.enum(['pending', 'confirmed', 'declined']),
  awaitingSide: z.enum(['school', 'enterprise']).nullable(),
  declineReason: z.string().nullable(),
  version: z.number(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  canEdit: z.boolean(),
  canDecide: z.boolean(),
});
export const internshipListOut = z.object({ items: z.array(internshipOut), total: z.number() });

const quotaRowOut = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  quota: z.number(),
  total: z.number(),
  byType: z.record(z.enum(PROJECT_TYPES), z.number()),
  /** total ÷ quota; null when the quota is 0 (or the region has none). */
  ratio: z.number().nullable(),
  expected: z.number(),
  status: z.enum(['ahead', 'on_track', 'behind']),
  light: z.enum(['green', 'amber', 'red']),
});
export const quotaTableOut = z.object({
  year: z.number(),
  asOf: z.string(),
  yearFraction: z.number(),
  rows: z.array(quotaRowOut),
  /** The province line (province only). */
  total: quotaRowOut.nullable(),
});
