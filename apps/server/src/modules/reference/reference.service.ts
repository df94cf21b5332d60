import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { DictKind } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { dictEntries } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now } from '../../lib/clock';

type Row = typeof dictEntries.$inferSelect;
const out = (r: Row) =>
  ({ ...r, updatedAt: r.updatedAt.toISOString() }) as Omit<Row, 'updatedAt' | 'kind'> & {
    kind: DictKind;
    updatedAt: string;
  };

export async function listDict(
  db: Db,
  kind: DictKind,
  q: { q?: string; parent?: string; includeInactive?: 'true' | 'false' },
) {
  const parts: SQL[] = [eq(dictEntries.kind, kind)];
  if (q.includeInactive !== 'true') parts.push(eq(dictEntries.active, true));
  if (q.parent) parts.push(eq(dictEntries.parentCode, q.parent));
  if (q.q) {
    const p = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(ilike(dictEntries.name, p), ilike(dictEntries.code, p))!);
  }
  const rows = await db
    .select()
    .from(dictEntries)
    .where(and(...parts))
    .orderBy(asc(dictEntries.sortOrder), asc(dictEntries.code));
  return rows.map(out);
}

/** References inside `data` (a specialty's occupations, an occupation's industries) must name real entries. */
async function checkData(db: Db, kind: DictKind, data: Record<string, unknown> | undefined) {
  if (!data) return;
  const refs: [string, string][] =
    kind === 'specialty'
      ? [['occupationCodes', 'occupation']]
      : kind === 'occupation'
        ? [['industryCodes', 'industry']]
        : [];
  for (const [key, refKind] of refs) {
    const v = data[key];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.some((c) => typeof c !== 'string'))
      throw new AppError(400, 'validation_failed', `${key} 应为代码列表`);
    if (!v.length) continue;
    const found = await db
      .select({ code: dictEntries.code })
      .from(dictEntries)
      .where(and(eq(dictEntries.kind, refKind), sql`${dictEntries.code} in ${v}`));
    const have = new Set(found.map((r) => r.code));
    const missing = (v as string[]).filter((c) => !have.has(c));
    if (missing.length) throw new AppError(400, 'unknown_reference', `代码不存在：${missing.join('、')}`);
  }
}

export async function createDictEntry(
  db: Db,
  ctx: Ctx,
  kind: DictKind,
  b: {
    code: string;
    name: string;
    parentCode?: string | null;
    sortOrder?: number;
    active?: boolean;
    data?: Record<string, unknown>;
  },
) {
  requireAccess(ctx, 'dict.update');
  await checkData(db, kind, b.data);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(dictEntries)
        .values({
          kind,
          code: b.code,
          name: b.name,
          parentCode: b.parentCode ?? null,
          sortOrder: b.sortOrder ?? 9999,
          active: b.active ?? true,
          data: b.data ?? {},
          verification: 'R',
        })
        .returning();
      await audit(tx, ctx, { action: 'dict.create', entityType: `dict:${kind}`, entityId: b.code, after: row });
      return out(row);
    });
  } catch (e) {
    if (pgCode(e) === '23505') throw new AppError(409, 'dict_code_taken');
    throw e;
  }
}

export async function updateDictEntry(
  db: Db,
  ctx: Ctx,
  kind: DictKind,
  code: string,
  b: { name: string; parentCode?: string | null; sortOrder?: number; active?: boolean; data?: Record<string, unknown> },
) {
  requireAccess(ctx, 'dict.update');
  const [before] = await db
    .select()
    .from(dictEntries)
    .where(and(eq(dictEntries.kind, kind), eq(dictEntries.code, code)));
  if (!before) throw new AppError(404, 'not_found');
  await checkData(db, kind, b.data);
  return db.transaction(async (tx) => {
    // Under the row lock: saving what is saved changes nothing and records nothing (issue 16).
    const [locked] = await tx
      .select()
      .from(dictEntries)
      .where(and(eq(dictEntries.kind, kind), eq(dictEntries.code, code)))
      .for('update');
    const wanted = {
      name: b.name,
      parentCode: b.parentCode,
      sortOrder: b.sortOrder,
      active: b.active,
      data: b.data === undefined ? undefined : { ...locked.data, ...b.data },
    };
    const changes = Object.entries(wanted).filter(
      ([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify(locked[k as keyof typeof locked]),
    );
    if (!changes.length) return out(locked);
    const [row] = await tx
      .update(dictEntries)
      .set({
        name: b.name,
        ...(b.parentCode !== undefined ? { parentCode: b.parentCode } : {}),
        ...(b.sortOrder !== undefined ? { sortOrder: b.sortOrder } : {}),
        ...(b.active !== undefined ? { active: b.active } : {}),
        ...(b.data !== undefined ? { data: { ...before.data, ...b.data } } : {}),
        updatedAt: now(),
      })
      .where(and(eq(dictEntries.kind, kind), eq(dictEntries.code, code)))
      .returning();
    await audit(tx, ctx, { action: 'dict.update', entityType: `dict:${kind}`, entityId: code, before, after: row });
    return out(row);
  });
}

/** The specialty → occupation → industry crosswalk as the province currently maintains it. */
export async function crosswalk(db: Db) {
  const rows = await db
    .select()
    .from(dictEntries)
    .where(sql`${dictEntries.kind} in ('specialty','occupation','industry') and ${dictEntries.active}`);
  const byKind = (k: string) => new Map(rows.filter((r) => r.kind === k).map((r) => [r.code, r]));
  const occ = byKind('occupation');
  const ind = byKind('industry');
  return rows
    .filter((r) => r.kind === 'specialty')
    .sort((a, b) => a.sortOrder - b.sortOrder)
    .map((s) => {
      const occCodes = ((s.data.occupationCodes as string[]) ?? []).filter((c) => occ.has(c));
      const indCodes = [...new Set(occCodes.flatMap((c) => (occ.get(c)!.data.industryCodes as string[]) ?? []))].filter(
        (c) => ind.has(c),
      );
      return {
        specialtyCode: s.code,
        specialtyName: s.name,
        categoryCode: s.parentCode,
        occupations: occCodes.map((c) => ({ code: c, name: occ.get(c)!.name })),
        industries: indCodes.map((c) => ({ code: c, name: ind.get(c)!.name })),
      };
    });
}
