import { z } from 'zod';
import { assessmentResultItemOut, assessmentSchemeItemOut } from './assessment';

/**
 * API contracts of 学校考核 (/api/school-assessments…) and 倾斜名单 (/api/priority-lists…): the answers' field
 * whitelists. The server answers through them and the web takes its types from them.
 */

/** A school's row: the items are scored as the regional assessment's (the same computation, per school). */
export const schoolResultRowOut = z.object({
  schoolOrgId: z.number(),
  schoolName: z.string(),
  items: z.array(assessmentResultItemOut),
  total: z.number(),
  rank: z.number(),
  complete: z.boolean(),
});

export const schoolAssessmentOut = z.object({
  year: z.number(),
  regionCode: z.string(),
  regionName: z.string(),
  title: z.string(),
  /** none: no scheme yet, or a school reading before publication. */
  status: z.enum(['none', 'draft', 'frozen', 'published']),
  version: z.number().nullable(),
  frozenAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  asOfDate: z.string(),
  scheme: z.array(assessmentSchemeItemOut),
  rows: z.array(schoolResultRowOut),
  /** Manual scores not yet entered (a draft; 0 once frozen). */
  missing: z.number(),
});

export const schoolAssessmentOverviewOut = z.object({
  items: z.array(
    z.object({
      regionCode: z.string(),
      regionName: z.string(),
      status: z.enum(['draft', 'frozen', 'published']),
      title: z.string(),
      frozenAt: z.string().nullable(),
      publishedAt: z.string().nullable(),
    }),
  ),
});

export const schoolTemplateOut = z.object({ source: z.string(), items: z.array(assessmentSchemeItemOut) });

export const schoolManualScoreOut = z.object({
  schoolOrgId: z.number(),
  itemKey: z.string(),
  score: z.number(),
  reason: z.string(),
  evidence: z.string(),
});

/** What the records show for an organisation, as pulled when it was listed; `link` opens the page to check it. */
const priorityEvidenceOut = z.array(z.object({ label: z.string(), value: z.string(), link: z.string().optional() }));
const orgType = z.enum(['school', 'enterprise']);

export const priorityListOut = z.object({
  id: z.number(),
  year: z.number(),
  /** One of PRIORITY_APPLICATION_TYPES (checked when the list is made). */
  applicationType: z.string(),
  applicationLabel: z.string(),
  title: z.string(),
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
  version: z.number(),
  entries: z.array(
    z.object({
      orgId: z.number(),
      name: z.string(),
      type: orgType,
      regionCode: z.string(),
      regionName: z.string(),
      reason: z.string(),
      evidence: priorityEvidenceOut,
    }),
  ),
});
export const priorityListsOut = z.object({ items: z.array(priorityListOut) });

export const priorityCandidateOut = z.object({
  orgId: z.number(),
  name: z.string(),
  type: orgType,
  regionCode: z.string(),
  regionName: z.string(),
  /** Already on the list. */
  listed: z.boolean(),
  evidence: priorityEvidenceOut,
});
export const priorityCandidatesOut = z.object({ items: z.array(priorityCandidateOut) });
