import { z } from 'zod';
import { DISMISS_REASON_CODES } from '../matching/dismiss';

/** API contracts of the recommendations (/api/recommendations…): the dismissal's body and the answers' field whitelists. */

/** One ranked counterpart; `reasons` are finished Chinese sentences. */
export const recommendationOut = z.object({
  orgId: z.number(),
  orgName: z.string(),
  orgType: z.enum(['school', 'enterprise']),
  regionCode: z.string(),
  /** 0–100. */
  score: z.number(),
  reasons: z.array(z.string()),
  /** How many of the two sides' published lines matched. */
  lines: z.number(),
});
export const recommendationList = z.object({ items: z.array(recommendationOut) });

export const dismissBody = z.strictObject({
  counterpartOrgId: z.number().int().positive(),
  reason: z.enum(DISMISS_REASON_CODES),
  note: z.string().trim().max(500).optional(),
});

export const unmatchedQuery = z.object({
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

/** A published line of the region that no recommendation has matched yet. */
export const unmatchedItemOut = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  orgType: z.string(),
  regionCode: z.string(),
  title: z.string(),
  places: z.number(),
});
export const unmatchedList = z.object({ items: z.array(unmatchedItemOut) });
