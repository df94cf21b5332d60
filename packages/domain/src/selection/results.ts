import { z } from 'zod';
import { pageQuery } from '../contracts/common';

/**
 * Contracts of the public results pages (/api/results/…, no login) and the province's editing of typical cases
 * (典型案例) and commendations (通报表扬). Public outputs name organisations and projects, never contacts: these
 * schemas are the field whitelist, so a contact cannot leak by a careless query.
 */
const say = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, min <= 1 ? `请填写${what}` : `${what}至少 ${min} 个字`)
    .max(max, `${what}最多 ${max} 个字`);
const year = z.number().int().min(2020, '年度不正确').max(2100, '年度不正确');
const regionCode = z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字');

export const resultsYearQuery = z.object({ year: z.coerce.number().int().min(2020).max(2100).optional() });
export const casesQuery = z.object({ year: z.coerce.number().int().min(2020).max(2100).optional(), ...pageQuery });

const orgRef = z.object({ orgId: z.number(), name: z.string() });
const publicParty = orgRef.extend({ side: z.enum(['school', 'enterprise']) });

const publicSelectionProject = z.object({
  nominationId: z.number(),
  projectId: z.number(),
  title: z.string(),
  type: z.string(),
  typeLabel: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  school: orgRef,
  partners: z.array(publicParty),
});
export const demonstrationsOut = z.object({
  published: z.array(
    z.object({
      roundId: z.number(),
      year: z.number(),
      title: z.string(),
      publishedAt: z.string(),
      items: z.array(publicSelectionProject),
    }),
  ),
  /** Shortlists under public notice: anyone may object to an item by POSTing to its objectionPath until noticeTo. */
  inNotice: z.array(
    z.object({
      roundId: z.number(),
      year: z.number(),
      title: z.string(),
      noticeFrom: z.string(),
      noticeTo: z.string(),
      acceptingObjections: z.boolean(),
      items: z.array(publicSelectionProject.extend({ objectionPath: z.string() })),
    }),
  ),
});

export const signingCeremonyOut = z.object({
  items: z.array(
    z.object({
      agreementId: z.number(),
      agreementNo: z.string(),
      title: z.string(),
      campaignYear: z.number(),
      regionCode: z.string(),
      regionName: z.string(),
      status: z.enum(['signed', 'active']),
      signingDate: z.string().nullable(),
      termStart: z.string(),
      termEnd: z.string(),
      parties: z.array(publicParty.extend({ isLead: z.boolean() })),
      projects: z.array(z.object({ id: z.number(), title: z.string(), type: z.string(), typeLabel: z.string() })),
    }),
  ),
});

const publicCommendation = z.object({
  id: z.number(),
  year: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  orgType: z.enum(['school', 'enterprise']),
  regionCode: z.string(),
  regionName: z.string(),
  citation: z.string(),
  publishedAt: z.string(),
});
export const commendationsOut = z.object({ items: z.array(publicCommendation) });

export const publicCase = z.object({
  id: z.number(),
  year: z.number(),
  title: z.string(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  summary: z.string(),
  orgs: z.array(orgRef),
  project: z.object({ id: z.number(), title: z.string() }).nullable(),
  publishedAt: z.string(),
});
export const publicCaseList = z.object({ items: z.array(publicCase), total: z.number() });
export const publicCaseDetail = publicCase.extend({ body: z.string() });

// ---------------------------------------------------------------- province editing

const caseFields = {
  year,
  title: say(2, 100, '案例标题'),
  regionCode: regionCode.nullable(),
  orgIds: z.array(z.number().int().positive()).max(20, '最多关联 20 家单位'),
  projectId: z.number().int().positive().nullable(),
  summary: say(10, 500, '案例摘要'),
  body: say(20, 20_000, '案例正文'),
};
export const caseCreateBody = z.strictObject({
  ...caseFields,
  regionCode: caseFields.regionCode.default(null),
  orgIds: caseFields.orgIds.default([]),
  projectId: caseFields.projectId.default(null),
});
// No defaults here: a field left out of a PATCH stays as it is.
export const caseUpdateBody = z
  .strictObject(caseFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: '请至少修改一项内容' });

export const caseAdminOut = publicCase.extend({
  body: z.string(),
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const caseAdminList = z.object({ items: z.array(caseAdminOut), total: z.number() });

export const commendationCreateBody = z.strictObject({
  year,
  orgId: z.number().int().positive(),
  citation: say(10, 2000, '表扬事由'),
});
export const commendationAdminOut = publicCommendation.extend({
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
});
export const commendationAdminList = z.object({ items: z.array(commendationAdminOut) });
