import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { dismissals, intents } from '../../db/schema/index';
import type { LineSet } from './lines';
import type { RankContext } from './ranking';

/** Partners (accepted intents, both ways) and dismissals (of the given organisations, or all), with the lines' industries. */
export async function contextOf(db: DbOrTx, lines: LineSet, orgIds?: number[]): Promise<RankContext> {
  const partners = new Map<number, Set<number>>();
  const link = (a: number, b: number) => (partners.get(a) ?? partners.set(a, new Set()).get(a)!).add(b);
  for (const r of await db
    .select({ a: intents.fromOrgId, b: intents.toOrgId })
    .from(intents)
    .where(eq(intents.state, 'accepted'))) {
    link(r.a, r.b);
    link(r.b, r.a);
  }
  const byOrg = new Map<number, { counterpartOrgId: number; reason: string }[]>();
  const dis = await db
    .select({ orgId: dismissals.orgId, counterpartOrgId: dismissals.counterpartOrgId, reason: dismissals.reason })
    .from(dismissals)
    .where(orgIds ? inArray(dismissals.orgId, orgIds) : undefined);
  for (const d of dis)
    (byOrg.get(d.orgId) ?? byOrg.set(d.orgId, []).get(d.orgId)!).push({
      counterpartOrgId: d.counterpartOrgId,
      reason: d.reason,
    });
  return { partners, dismissals: byOrg, orgIndustries: lines.orgIndustries };
}
