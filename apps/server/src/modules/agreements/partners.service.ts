import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { regionByCode } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { orgs } from '../../db/schema/index';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';

/**
 * Finding the other party of an agreement. Organisation lists are scoped by role (a school sees only itself), so this
 * narrow search answers any school, enterprise or bureau account with what a partner's business licence shows anyway:
 * name, kind, region and USCC (public registration data). Contacts, addresses and figures are never in the answer.
 */
const PARTNER_PAGE_MAX = 20;

export const partnerQuery = z.object({
  q: z.string().trim().max(60, '搜索词不能超过 60 个字').optional(),
  kind: z.enum(['school', 'enterprise'], { message: '单位类型只能是学校或企业' }).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为 6 位数字')
    .optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(PARTNER_PAGE_MAX, `每页最多 ${PARTNER_PAGE_MAX} 条`)
    .default(PARTNER_PAGE_MAX),
});

const ROLES = new Set(['province', 'region', 'school', 'enterprise']);

export async function searchPartners(db: Db, ctx: Ctx, f: z.infer<typeof partnerQuery>) {
  const actor = requireActor(ctx);
  if (!ROLES.has(actor.role)) throw new AppError(403, 'forbidden', '只有学校、企业和人社部门账号可以查找合作单位');
  const parts: SQL[] = [];
  if (f.kind) parts.push(eq(orgs.type, f.kind));
  if (f.region) parts.push(eq(orgs.regionCode, f.region));
  const term = f.q ?? '';
  // People type % and _ as text, not as wildcards.
  const like = term.replace(/[\\%_]/g, (c) => `\\${c}`);
  // Part of the name (the trigram index serves the LIKE), or the USCC from its start.
  if (term) parts.push(or(ilike(orgs.name, `%${like}%`), ilike(orgs.uscc, `${like}%`))!);
  const w = parts.length ? and(...parts) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ id: orgs.id, name: orgs.name, kind: orgs.type, regionCode: orgs.regionCode, uscc: orgs.uscc })
      .from(orgs)
      .where(w)
      // Names that begin with the words typed first, then shorter names; the caller's own region before the rest.
      .orderBy(
        ...(term ? [desc(sql`${orgs.name} ilike ${`${like}%`}`)] : []),
        desc(sql`${orgs.regionCode} = ${actor.regionCode ?? ''}`),
        asc(sql`length(${orgs.name})`),
        asc(orgs.id),
      )
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ total: count() }).from(orgs).where(w),
  ]);
  return { items: rows.map((r) => ({ ...r, regionName: regionByCode(r.regionCode)?.name ?? r.regionCode })), total };
}
