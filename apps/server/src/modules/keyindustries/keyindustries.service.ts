import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  REGIONS,
  regionByCode,
  type FieldDef,
  type KeyIndustryImportResult,
  type RegionKeyIndustryRow,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { dictEntries, regionKeyIndustries } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit, auditMany, type AuditEntry } from '../../lib/audit';
import { now } from '../../lib/clock';
import { loadCodeLists } from '../forms/forms.repository';
import { effectiveFrom } from '../orgs/history';
import {
  asUpload,
  listDef,
  listTemplate,
  parseListRows,
  readListWorkbook,
  refuseList,
  type ListSheet,
} from '../excel/listWorkbook';
import { sqlRows } from '../../db/rows';

/** The 17 regions with today's key industries (the open rows), the province's page and the import's before-image. */
async function current(db: DbOrTx) {
  const rows = await db.select().from(regionKeyIndustries).where(isNull(regionKeyIndustries.validTo));
  const by = new Map<string, { codes: string[]; updatedAt: Date | null }>();
  for (const r of rows) {
    const e = by.get(r.regionCode) ?? { codes: [], updatedAt: null };
    e.codes.push(r.industryCode);
    if (!e.updatedAt || r.updatedAt > e.updatedAt) e.updatedAt = r.updatedAt;
    by.set(r.regionCode, e);
  }
  return by;
}

export async function listKeyIndustries(db: Db, ctx: Ctx): Promise<{ items: RegionKeyIndustryRow[] }> {
  requireAccess(ctx, 'keyindustry.manage');
  const by = await current(db);
  // The last change of a region, a removal included (a removed industry's row is closed, not deleted).
  const last = new Map<string, Date>();
  for (const r of await db
    .select({ regionCode: regionKeyIndustries.regionCode, at: regionKeyIndustries.updatedAt })
    .from(regionKeyIndustries)) {
    const seen = last.get(r.regionCode);
    if (!seen || r.at > seen) last.set(r.regionCode, r.at);
  }
  return {
    items: REGIONS.map((r) => {
      const e = by.get(r.code);
      return {
        regionCode: r.code,
        regionName: r.name,
        industryCodes: [...(e?.codes ?? [])].sort(),
        updatedAt: last.get(r.code)?.toISOString() ?? null,
      };
    }),
  };
}

/** Unknown or retired industry codes, named in the message so the person sees which. */
async function unknownIndustries(db: DbOrTx, codes: string[]) {
  if (!codes.length) return [];
  const found = new Set(
    (
      await db
        .select({ code: dictEntries.code })
        .from(dictEntries)
        .where(and(eq(dictEntries.kind, 'industry'), eq(dictEntries.active, true), inArray(dictEntries.code, codes)))
    ).map((r) => r.code),
  );
  return codes.filter((c) => !found.has(c));
}

/** A change's effective day and reason (issue 13): figures as of an earlier day keep the list in force then. */
interface Dated {
  from: string;
  reason: string;
  userId: number | null;
}

/**
 * Replaces one region's list from `d.from` inside the caller's transaction: a removed industry's row closes that day,
 * an added one opens a row from it (a row opened the same day is simply dropped again, it was never in force).
 * Answers whether anything changed (for the audit). A day before the region's last change is refused: the periods
 * would overlap and "the list on day D" would be ambiguous.
 */
async function replace(tx: DbOrTx, regionCode: string, codes: string[], before: string[], d: Dated) {
  const removed = before.filter((c) => !codes.includes(c));
  const added = codes.filter((c) => !before.includes(c));
  if (!removed.length && !added.length) return false;
  const [last] = await sqlRows<{ day: string | null }>(
    tx,
    sql`select max(greatest(valid_from, valid_to))::text as day from region_key_industries where region_code = ${regionCode}`,
  );
  if (last?.day && d.from < last.day) {
    const name = regionByCode(regionCode)?.name ?? regionCode;
    throw new AppError(
      409,
      'conflict',
      `${name}的重点产业上次变更自 ${last.day} 起生效，本次变更的生效日期不能早于该日`,
      [{ path: 'effectiveFrom', message: `不能早于 ${last.day}` }],
    );
  }
  const open = and(eq(regionKeyIndustries.regionCode, regionCode), isNull(regionKeyIndustries.validTo));
  if (removed.length) {
    await tx
      .delete(regionKeyIndustries)
      .where(and(open, inArray(regionKeyIndustries.industryCode, removed), eq(regionKeyIndustries.validFrom, d.from)));
    await tx
      .update(regionKeyIndustries)
      .set({ validTo: d.from, updatedAt: now() })
      .where(and(open, inArray(regionKeyIndustries.industryCode, removed)));
  }
  if (added.length)
    await tx.insert(regionKeyIndustries).values(
      added.map((industryCode) => ({
        regionCode,
        industryCode,
        validFrom: d.from,
        reason: d.reason,
        changedBy: d.userId,
      })),
    );
  return true;
}

/** The effective day (default today; this year, not in the future, after a frozen assessment) and the reason. */
async function dated(db: DbOrTx, ctx: Ctx, asked: { effectiveFrom?: string; changeReason?: string }): Promise<Dated> {
  const from = await effectiveFrom(db, asked.effectiveFrom);
  return { from, reason: asked.changeReason?.trim() ?? '', userId: ctx.actor?.id ?? null };
}

/** The province saves one region's key industries (the whole list), audited with the list before and after. */
export async function saveKeyIndustries(
  db: Db,
  ctx: Ctx,
  regionCode: string,
  industryCodes: string[],
  asked: { effectiveFrom?: string; changeReason?: string } = {},
): Promise<RegionKeyIndustryRow> {
  requireAccess(ctx, 'keyindustry.manage');
  const region = regionByCode(regionCode);
  if (!region || !REGIONS.some((r) => r.code === regionCode))
    throw new AppError(404, 'not_found', `地区代码 ${regionCode} 不是湖北省的市州`);
  const codes = [...new Set(industryCodes)].sort();
  const unknown = await unknownIndustries(db, codes);
  if (unknown.length)
    throw new AppError(400, 'validation_failed', `重点产业：代码 ${unknown.join('、')} 不在产业目录中`, [
      { path: 'body.industryCodes', label: '重点产业', message: `代码 ${unknown.join('、')} 不在产业目录中` },
    ]);
  const d = await dated(db, ctx, asked);
  await db.transaction(async (tx) => {
    // A lock on the region, not on its rows: a region with none yet has nothing to lock, and two first saves at once
    // inserted the same rows (duplicate key, 500 — issue 16).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`key-industries:${regionCode}`}))`);
    const before = (await current(tx)).get(regionCode)?.codes.sort() ?? [];
    if (await replace(tx, regionCode, codes, before, d)) {
      await audit(tx, ctx, {
        action: 'keyindustry.update',
        entityType: 'region',
        entityId: regionCode,
        regionCode,
        before: { industryCodes: before },
        after: { industryCodes: codes, effectiveFrom: d.from, changeReason: d.reason },
      });
    }
  });
  return (await listKeyIndustries(db, ctx)).items.find((r) => r.regionCode === regionCode)!;
}

const f = (key: string, label: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({
  key,
  label,
  type,
  scope: 'row',
  required: true,
  verification: 'V',
  ...extra,
});
const KEY_INDUSTRY_SHEET: ListSheet = {
  app: 'cjrh-region-key-industries',
  version: '1',
  title: '重点产业清单',
  where: '重点产业 → 下载导入模板',
  def: listDef(
    '重点产业',
    '各市州重点产业清单',
    [
      f('regionCode', '市州', 'region', { example: '襄阳市', help: '市州名称或 6 位代码' }),
      f('industryCodes', '重点产业', 'multi_industry', {
        example: '汽车制造',
        help: '产业名称或代码，多个用顿号“、”分隔；该市州原有清单整体替换为本行',
      }),
    ],
    '1',
  ),
  maxRows: 100,
  errorFileName: '重点产业导入错误标注.xlsx',
};

export async function keyIndustryTemplate(db: Db, ctx: Ctx) {
  requireAccess(ctx, 'keyindustry.manage');
  return { buffer: await listTemplate(db, KEY_INDUSTRY_SHEET), fileName: '各市州重点产业导入模板.xlsx' };
}

/**
 * 重点产业 import, all or nothing: one row per region (its whole list, replacing the stored one), each region once,
 * every industry known to the dictionary (the parser names an unknown one). Regions not in the file are left alone.
 */
export async function importKeyIndustries(
  db: Db,
  ctx: Ctx,
  body: unknown,
  asked: { effectiveFrom?: string; changeReason?: string } = {},
): Promise<KeyIndustryImportResult> {
  requireAccess(ctx, 'keyindustry.manage');
  const d = await dated(db, ctx, asked);
  const buf = asUpload(body);
  const { sheet, rows } = await readListWorkbook(buf, KEY_INDUSTRY_SHEET);
  const lists = await loadCodeLists(db);
  const { parsed, all, problems, bad } = parseListRows(rows, KEY_INDUSTRY_SHEET, lists);
  const seen = new Map<string, number>();
  for (const p of all) {
    const code = p.values.regionCode as string | undefined;
    if (!code) continue;
    if (seen.has(code))
      bad(p.row, 'regionCode', `${regionByCode(code)?.name ?? code}与第 ${seen.get(code)} 行重复，每个市州只填一行`);
    else seen.set(code, p.row);
  }
  if (problems.length) await refuseList(buf, sheet, KEY_INDUSTRY_SHEET, lists, problems);
  if (!parsed.length)
    throw new AppError(400, 'validation_failed', '文件中没有填写任何市州（示例行不导入），请在模板中逐行填写后再上传');
  let updated = 0;
  await db.transaction(async (tx) => {
    await tx.execute(sql`lock table region_key_industries in share row exclusive mode`);
    const before = await current(tx);
    const audits: AuditEntry[] = [];
    for (const p of parsed) {
      const regionCode = p.values.regionCode as string;
      const codes = [...new Set(p.values.industryCodes as string[])].sort();
      const was = before.get(regionCode)?.codes.sort() ?? [];
      if (await replace(tx, regionCode, codes, was, d)) {
        updated++;
        audits.push({
          action: 'keyindustry.update',
          entityType: 'region',
          entityId: regionCode,
          regionCode,
          before: { industryCodes: was },
          after: { industryCodes: codes, source: 'import', effectiveFrom: d.from, changeReason: d.reason },
        });
      }
    }
    await auditMany(tx, ctx, audits);
  });
  const unchanged = parsed.length - updated;
  return { updated, unchanged, message: `导入完成：更新 ${updated} 个市州的重点产业，${unchanged} 个无变化` };
}
