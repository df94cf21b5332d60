import { z } from 'zod';
import {
  ENTERPRISE_OWNERSHIPS,
  ENTERPRISE_SIZES,
  INTEGRATION_LEVELS,
  ORG_TYPES,
  SCHOOL_OWNERSHIPS,
  SCHOOL_TYPES,
} from '../orgs';
import { pageQuery, requiredText, text } from './common';

const count = z.number().int('须为整数').min(0, '不能为负数').max(10_000_000);
const phone = text(40);

export const orgListQuery = z.object({
  type: z.enum(ORG_TYPES).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为 6 位数字')
    .optional(),
  q: z.string().trim().max(100).optional(),
  isKey: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});

const orgSummary = z.object({
  id: z.number(),
  name: z.string(),
  type: z.enum(ORG_TYPES),
  regionCode: z.string(),
  regionName: z.string(),
  uscc: z.string(),
  schoolType: z.string().nullable(),
  size: z.string().nullable(),
  isKey: z.boolean(),
  runsProgrammes: z.boolean(),
  updatedAt: z.string(),
});
export type OrgSummary = z.infer<typeof orgSummary>;
export const orgList = z.object({ items: z.array(orgSummary), total: z.number() });

const schoolSpecialty = z.strictObject({
  specialtyCode: requiredText(16),
  enrolment: count,
  graduatesPerYear: count,
  integrated: z.boolean(),
  isKey: z.boolean(),
  backboneTeachers: count.default(0),
});

/** Fields a person can edit. No defaults here: an update sends only what changed, and the service
 * fills defaults on create, so a PATCH can never reset a field it did not name. */
const optionalFields = {
  address: text(200),
  contactName: text(40),
  contactTitle: text(40),
  contactPhone: phone,
  // school
  schoolType: z.enum(SCHOOL_TYPES).nullable(),
  schoolOwnership: z.enum(SCHOOL_OWNERSHIPS).nullable(),
  fullTimeTeachers: count.nullable(),
  enrolment: count.nullable(),
  runsProgrammes: z.boolean(),
  /** Runs full-time 学制教育 (false: training only); the 一体化教学 targets count these schools only. Bureau only. */
  fullTimeProgrammes: z.boolean(),
  nationalIntegrated: z.boolean(),
  nationalIntegratedDone: z.boolean(),
  specialties: z.array(schoolSpecialty).max(300),
  // enterprise
  enterpriseOwnership: z.enum(ENTERPRISE_OWNERSHIPS).nullable(),
  industryCodes: z.array(text(32)).max(20),
  size: z.enum(ENTERPRISE_SIZES).nullable(),
  employees: count.nullable(),
  isKey: z.boolean(),
  integrationLevel: z.enum(INTEGRATION_LEVELS),
};
const coreFields = {
  name: requiredText(100),
  uscc: requiredText(18),
  regionCode: z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字'),
};

export const orgCreateBody = z
  .strictObject({ type: z.enum(ORG_TYPES), ...coreFields })
  .extend(z.object(optionalFields).partial().shape);
export type OrgCreateBody = z.infer<typeof orgCreateBody>;

export const orgUpdateBody = z
  .strictObject({
    /** The version the editor started from; a stale version answers 409 instead of losing someone's change. */
    version: z.number().int().min(1),
    /**
     * The day a change of region or of the flags figures count by applies from (YYYY-MM-DD; default today; a past day
     * of the current year for a correction found late, never at or before a frozen assessment's day). Bureau only.
     */
    effectiveFrom: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, '生效日期应为 YYYY-MM-DD')
      .optional(),
    /** Why the region or a flag changed (kept in the history). */
    changeReason: text(200).optional(),
  })
  .extend(z.object({ ...coreFields, ...optionalFields }).partial().shape);
export type OrgUpdateBody = z.infer<typeof orgUpdateBody>;

export const orgDetail = orgSummary.extend({
  address: z.string(),
  contactName: z.string(),
  contactTitle: z.string(),
  contactPhone: z.string(),
  schoolOwnership: z.string().nullable(),
  fullTimeTeachers: z.number().nullable(),
  enrolment: z.number().nullable(),
  fullTimeProgrammes: z.boolean(),
  nationalIntegrated: z.boolean(),
  nationalIntegratedDone: z.boolean(),
  specialties: z.array(schoolSpecialty.extend({ specialtyName: z.string() })),
  enterpriseOwnership: z.string().nullable(),
  industryCodes: z.array(z.string()),
  employees: z.number().nullable(),
  integrationLevel: z.enum(INTEGRATION_LEVELS),
  isDemo: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
});
export type OrgDetail = z.infer<typeof orgDetail>;
