import { z } from 'zod';
import { AGREEMENT_PARAGRAPH_KINDS } from '../projects/agreementTemplate';
import { pageQuery } from './common';

const isoDate = z.iso.date('日期格式应为 YYYY-MM-DD');

const AGREEMENT_STATUSES = ['draft', 'pending_confirmation', 'signed', 'active', 'expired', 'terminated'] as const;

export const agreementCreateBody = z
  .strictObject({
    intentId: z.number().int().positive().optional(),
    kind: z.enum(['bilateral', 'alliance', 'government']).default('bilateral'),
    /** kind 'government' (校地协议): the local government by GB/T 2260 code (市州 or 县市区). */
    govCode: z
      .string()
      .regex(/^\d{6}$/, '地方政府应按 6 位行政区划代码选择')
      .optional(),
    title: z.string().trim().min(2, '请填写协议名称').max(100),
    schoolOrgIds: z.array(z.number().int().positive()).max(50).default([]),
    enterpriseOrgIds: z.array(z.number().int().positive()).max(100).default([]),
    leadOrgId: z.number().int().positive().optional(),
    areas: z.array(z.string().trim().min(1).max(40)).min(1, '请至少选择一个合作领域').max(20),
    scope: z.string().trim().max(2000).default(''),
    termStart: isoDate,
    termEnd: isoDate,
    campaignYear: z.number().int().min(2020).max(2100).optional(),
  })
  .refine((b) => b.termEnd >= b.termStart, { message: '协议期限的结束日期不能早于开始日期', path: ['termEnd'] });

export const agreementUpdateBody = z
  .strictObject({
    version: z.number().int().min(1),
    title: z.string().trim().min(2).max(100).optional(),
    areas: z.array(z.string().trim().min(1).max(40)).min(1).max(20).optional(),
    scope: z.string().trim().max(2000).optional(),
    termStart: isoDate.optional(),
    termEnd: isoDate.optional(),
  })
  .refine((b) => !b.termStart || !b.termEnd || b.termEnd >= b.termStart, {
    message: '协议期限的结束日期不能早于开始日期',
    path: ['termEnd'],
  });

export const agreementActionBody = z.strictObject({
  action: z.enum(['sign', 'confirm', 'decline', 'return', 'terminate']),
  version: z.number().int().min(1),
  signingDate: isoDate.optional(),
  reason: z.string().trim().max(500).optional(),
});

export const agreementListQuery = z.object({
  status: z.enum(AGREEMENT_STATUSES).optional(),
  year: z.coerce.number().int().min(2020).max(2100).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  keyProject: z.enum(['true', 'false']).optional(),
  /** 'government': 校地协议 only; 'enterprise': school–enterprise agreements (bilateral and alliance) only. */
  kind: z.enum(['government', 'enterprise']).optional(),
  q: z.string().trim().max(100).optional(),
  ...pageQuery,
});

const partyOut = z.object({
  orgId: z.number(),
  name: z.string(),
  side: z.enum(['school', 'enterprise']),
  regionCode: z.string(),
  uscc: z.string(),
  isLead: z.boolean(),
  confirmedAt: z.string().nullable(),
});
/** The signed record frozen at the last confirmation: fingerprints of the Word file and the scan (SHA-256, hex). */
const recordOut = z.object({ frozenAt: z.string(), docxSha256: z.string(), scanSha256: z.string() });
export const agreementOut = z.object({
  id: z.number(),
  agreementNo: z.string(),
  campaignYear: z.number(),
  regionCode: z.string(),
  title: z.string(),
  kind: z.enum(['bilateral', 'alliance', 'government']),
  /** The local government party of a 校地协议 (kind 'government'); its confirmation is recorded by the bureau of its area. */
  government: z
    .object({ code: z.string(), name: z.string(), regionCode: z.string(), confirmedAt: z.string().nullable() })
    .nullable(),
  areas: z.array(z.string()),
  scope: z.string(),
  termStart: z.string(),
  termEnd: z.string(),
  signingDate: z.string().nullable(),
  status: z.enum(AGREEMENT_STATUSES),
  terminateReason: z.string().nullable(),
  terminatedOn: z.string().nullable(),
  keyProject: z.boolean(),
  intentId: z.number().nullable(),
  parties: z.array(partyOut),
  projectCount: z.number(),
  record: recordOut.nullable(),
  scan: z.object({ fileName: z.string(), mime: z.string(), size: z.number(), uploadedAt: z.string() }).nullable(),
  version: z.number(),
  allowedActions: z.array(z.string()),
  canEdit: z.boolean(),
  canFlagKey: z.boolean(),
});
export const agreementList = z.object({ items: z.array(agreementOut), total: z.number() });

/** One row of the agreement's record (GET /api/agreements/:id/history): each state change with who made it and why. */
export const agreementEventOut = z.object({
  id: z.number(),
  agreementId: z.number(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  reason: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});
export const agreementHistoryOut = z.object({ items: z.array(agreementEventOut) });

/**
 * One organisation found as a possible party (GET /api/agreements/partners): what its business licence shows anyway
 * (name, kind, region, USCC); contacts, addresses and figures are never in the answer.
 */
export const partnerOut = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['school', 'enterprise']),
  regionCode: z.string(),
  regionName: z.string(),
  uscc: z.string(),
});
export const partnerList = z.object({ items: z.array(partnerOut), total: z.number() });

/**
 * The agreement template as stored (GET /api/agreement-template). Saving checks it with agreementTemplateSchema (known
 * placeholders, lengths); the answer only names its fields, so a template saved under older limits still loads.
 */
export const agreementTemplateOut = z.object({
  template: z.object({
    title: z.string(),
    paragraphs: z.array(z.object({ kind: z.enum(AGREEMENT_PARAGRAPH_KINDS), text: z.string() })),
  }),
  isDefault: z.boolean(),
});

/** 协议备案: the bureau's list of agreements signed (or waiting for confirmations) with a party in its region. */
export const FILING_STATUSES = ['pending_confirmation', 'signed', 'active', 'expired', 'terminated'] as const;
export const agreementFilingQuery = z.object({
  status: z.enum(FILING_STATUSES).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  q: z.string().trim().max(100).optional(),
  ...pageQuery,
});

/** Public verification (扫码验真): parties, term, status, dates and fingerprints; nothing personal. */
export const agreementVerifyOut = z.object({
  agreementNo: z.string(),
  title: z.string(),
  status: z.enum(AGREEMENT_STATUSES),
  termStart: z.string(),
  termEnd: z.string(),
  signingDate: z.string().nullable(),
  terminatedOn: z.string().nullable(),
  parties: z.array(
    z.object({
      name: z.string(),
      side: z.enum(['school', 'enterprise', 'government']),
      regionCode: z.string(),
      regionName: z.string(),
      confirmedOn: z.string().nullable(),
    }),
  ),
  record: recordOut.nullable(),
});

export const projectCreateBody = z.strictObject({
  type: z.string().min(1).max(32),
  title: z.string().trim().min(2, '请填写项目名称').max(100),
  startDate: isoDate,
  endDate: isoDate.nullable().optional(),
  data: z.record(z.string(), z.unknown()),
});
export const projectUpdateBody = z.strictObject({
  version: z.number().int().min(1),
  title: z.string().trim().min(2).max(100).optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.nullable().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  /** Required when the bureau corrects a stopped or completed project whose agreement has ended (kept in the audit log). */
  reason: z.string().trim().max(500, '原因不超过 500 字').optional(),
});
/** Deleting a project whose agreement has ended is a bureau's correction and needs a reason. */
export const projectDeleteQuery = z.object({ reason: z.string().trim().max(500, '原因不超过 500 字').optional() });
export const projectActionBody = z.strictObject({
  action: z.enum(['start', 'complete', 'stop']),
  version: z.number().int().min(1),
  reason: z.string().trim().max(500).optional(),
});
export const projectMoveBody = z.strictObject({
  agreementId: z.number().int().positive(),
  version: z.number().int().min(1),
});
export const projectListQuery = z.object({
  type: z.string().max(32).optional(),
  status: z.string().max(32).optional(),
  year: z.coerce.number().int().min(2020).max(2100).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  agreementId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(100).optional(),
  ...pageQuery,
});
export const projectOut = z.object({
  id: z.number(),
  agreementId: z.number(),
  agreementNo: z.string(),
  type: z.string(),
  title: z.string(),
  campaignYear: z.number(),
  regionCode: z.string(),
  schoolOrgId: z.number(),
  schoolName: z.string(),
  status: z.enum(['planned', 'running', 'completed', 'stopped']),
  stopReason: z.string().nullable(),
  /** The day it stopped (by hand or with the end of its agreement); it counts no more from that day. */
  stoppedOn: z.string().nullable().optional(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  reportFrequency: z.enum(['monthly', 'quarterly']),
  selectionStatus: z.string(),
  version: z.number(),
  canEdit: z.boolean(),
  /** The agreement has ended and the project is stopped or completed: its bureau or the province may still correct or delete it, with a reason. */
  canCorrect: z.boolean().optional(),
});
export const projectList = z.object({ items: z.array(projectOut), total: z.number() });
