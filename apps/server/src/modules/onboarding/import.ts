import { inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { regionByCode, type orgCellError, type OrgImportResult } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { onboardingHandouts, onboardingPasswords, orgs, users } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { auditMany, diffObjects, type AuditEntry } from '../../lib/audit';
import { now, today } from '../../lib/clock';
import { recordOrgHistory } from '../orgs/history';
import type { CellProblem } from '../excel/collect';
import { buildErrorWorkbook } from '../excel/errorWorkbook';
import { colLetter } from '../excel/layout';
import { loadCodeLists } from '../forms/forms.repository';
import { checkRows, columnOf, type CheckedRow, type OrgValues } from './check';
import { hashMany, oneTimePassword, USERNAME_PATTERN, usernamePrefix, usernameSequencer } from './credentials';
import { readOnboardWorkbook } from './read';
import { listsFor, ONBOARD_DEF, ONBOARD_FIELDS, ONBOARD_STAMP } from './sheet';

type OrgRow = typeof orgs.$inferSelect;
interface Update {
  c: CheckedRow;
  org: OrgRow;
  set: Partial<OrgValues>;
}

const MAX_LISTED = 200;
const BATCH = 500;
// One onboarding at a time across processes: usernames continue a sequence read inside the transaction.
const ONBOARD_LOCK = 4_201_100;
const MOBILE = /^1\d{10}$/;

/** Keys of the file's values that differ from the stored record: the update, or nothing when the file says the same. */
function changes(v: OrgValues, org: OrgRow): Partial<OrgValues> {
  const set: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'type' || k === 'uscc') continue;
    if (JSON.stringify(x) !== JSON.stringify(org[k as keyof OrgRow])) set[k] = x;
  }
  return set as Partial<OrgValues>;
}

async function existingByUscc(db: Db, codes: string[]) {
  const found = new Map<string, OrgRow>();
  for (let i = 0; i < codes.length; i += 1000) {
    const part = codes.slice(i, i + 1000);
    if (part.length) for (const o of await db.select().from(orgs).where(inArray(orgs.uscc, part))) found.set(o.uscc, o);
  }
  return found;
}

/**
 * 单位批量导入, all or nothing: every cell is judged first (checkRows, then what the database knows), and a file with
 * any problem is answered 400 with each bad cell listed and the user's own workbook back with the cells red and
 * noted (details.errorWorkbook, base64: nothing is stored for a refused file). An accepted file creates each new
 * organisation with one school/enterprise account (one-time password, must be changed at first login), updates a
 * known USCC of the same region when the file says something else, and leaves the rest untouched; all of it in one
 * transaction with its audit entries. The new passwords wait in a 账号开通单 until it is downloaded once.
 */
export async function importOrgs(db: Db, ctx: Ctx, body: unknown): Promise<OrgImportResult> {
  const actor = requireAccess(ctx, 'org.create');
  requireAccess(ctx, 'account.manage');
  if (body === undefined || body === null) body = Buffer.alloc(0); // an empty upload is judged like any other file
  if (!Buffer.isBuffer(body))
    throw new AppError(
      415,
      'unsupported_media_type',
      '请直接上传 .xlsx 文件（Content-Type 为 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）',
    );
  const { sheet, rows } = await readOnboardWorkbook(body);
  const lists = await loadCodeLists(db);
  const own = actor.role === 'region' ? (actor.regionCode ?? '\0') : null;
  const { checked, problems } = checkRows(rows, lists, own);

  const existing = await existingByUscc(
    db,
    checked.map((c) => c.values.uscc),
  );
  const creates: CheckedRow[] = [];
  const updates: Update[] = [];
  let unchanged = 0;
  for (const c of checked) {
    const org = existing.get(c.values.uscc);
    if (!org) creates.push(c);
    else if (org.regionCode !== c.values.regionCode) {
      const where = regionByCode(org.regionCode)?.name ?? org.regionCode;
      problems.push({
        row: c.row,
        col: columnOf('uscc'),
        message: `统一社会信用代码 ${c.values.uscc} 已由 ${where} 的「${org.name}」登记，不能在${regionByCode(c.values.regionCode)?.name ?? c.values.regionCode}重复登记`,
      });
    } else if (org.type !== c.values.type) {
      problems.push({
        row: c.row,
        col: columnOf('orgType'),
        message: `该统一社会信用代码已登记为${org.type === 'school' ? '技工院校' : '企业'}「${org.name}」，单位类型不能改变`,
      });
    } else {
      const set = changes(c.values, org);
      if (Object.keys(set).length) updates.push({ c, org, set });
      else unchanged++;
    }
  }
  if (problems.length) await refuse(body, sheet, lists, own, problems);
  if (!checked.length)
    throw new AppError(400, 'validation_failed', '文件中没有填写任何单位（示例行不导入），请在模板中逐行填写后再上传');

  // Hashing is the slow part (argon2id): done before the transaction, so locks are held only while writing.
  const passwords = creates.map(() => oneTimePassword());
  const hashes = await hashMany(passwords);
  let handoutId: number | null = null;
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${ONBOARD_LOCK})`);
      const audits: AuditEntry[] = [];
      if (creates.length) {
        const taken = await tx
          .select({ u: users.username })
          .from(users)
          .where(sql`${users.username} ~ ${USERNAME_PATTERN}`);
        const nextName = usernameSequencer(taken.map((t) => t.u));
        const [handout] = await tx
          .insert(onboardingHandouts)
          .values({
            regionCode: own,
            createdById: actor.id,
            createdByName: actor.displayName || actor.username,
            accountCount: creates.length,
          })
          .returning({ id: onboardingHandouts.id });
        handoutId = handout.id;
        for (let i = 0; i < creates.length; i += BATCH) {
          const part = creates.slice(i, i + BATCH);
          const made = await tx
            .insert(orgs)
            .values(part.map((c) => ({ ...c.values })))
            .returning();
          const byUscc = new Map(made.map((o) => [o.uscc, o]));
          const accounts = part.map((c, k) => {
            const org = byUscc.get(c.values.uscc)!;
            const phone = c.values.contactPhone.replace(/\D/g, '');
            return {
              username: nextName(usernamePrefix(org.type, org.regionCode)),
              displayName: org.name,
              role: org.type,
              regionCode: org.regionCode,
              orgId: org.id,
              passwordHash: hashes[i + k],
              mustChangePassword: true,
              phone: MOBILE.test(phone) ? phone : null,
            };
          });
          const madeUsers = await tx
            .insert(users)
            .values(accounts)
            .returning({ id: users.id, username: users.username, orgId: users.orgId });
          const byOrg = new Map(madeUsers.map((u) => [u.orgId, u]));
          await tx.insert(onboardingPasswords).values(
            part.map((c, k) => ({
              handoutId: handout.id,
              userId: byOrg.get(byUscc.get(c.values.uscc)!.id)!.id,
              password: passwords[i + k],
            })),
          );
          for (const o of made) {
            const u = byOrg.get(o.id)!;
            audits.push({
              action: 'org.create',
              entityType: 'org',
              entityId: o.id,
              regionCode: o.regionCode,
              after: { ...o, source: 'import' },
            });
            // The password is never part of an audit entry; the entry says only that a one-time one was issued.
            audits.push({
              action: 'account.create',
              entityType: 'user',
              entityId: u.id,
              regionCode: o.regionCode,
              after: {
                username: u.username,
                displayName: o.name,
                role: o.type,
                regionCode: o.regionCode,
                orgId: o.id,
                mustChangePassword: true,
                handoutId: handout.id,
              },
            });
          }
        }
      }
      for (const u of updates) {
        const [done] = await tx
          .update(orgs)
          .set({ ...u.set, version: sql`${orgs.version} + 1`, updatedAt: now() })
          .where(sql`${orgs.id} = ${u.org.id} and ${orgs.version} = ${u.org.version}`)
          .returning({ id: orgs.id });
        if (!done)
          throw new AppError(
            409,
            'version_conflict',
            `导入期间「${u.org.name}」的信息被他人修改，未导入任何数据，请重新导入`,
          );
        // A flag figures count by (key enterprise, runs programmes …) changes from today on (orgs/history.ts).
        await recordOrgHistory(
          tx,
          u.org,
          { ...u.org, ...u.set } as OrgRow,
          today(),
          '单位名单导入',
          ctx.actor?.id ?? null,
        );
        const d = diffObjects(
          Object.fromEntries(Object.keys(u.set).map((k) => [k, u.org[k as keyof OrgRow]])),
          u.set as Record<string, unknown>,
        );
        audits.push({
          action: 'org.update',
          entityType: 'org',
          entityId: u.org.id,
          regionCode: u.org.regionCode,
          ...d,
        });
      }
      await auditMany(tx, ctx, audits);
    });
  } catch (e) {
    if (pgCode(e) === '23505')
      throw new AppError(409, 'conflict', '导入期间有单位或账号被他人同时创建，未导入任何数据，请重新导入');
    throw e;
  }
  const message = `导入完成：新建 ${creates.length} 个单位及账号，更新 ${updates.length} 个，${unchanged} 个无变化${creates.length ? '。请在“账号管理 → 批量开通”下载账号开通单（仅能下载一次）' : ''}`;
  return { created: creates.length, updated: updates.length, unchanged, handoutId, message };
}

async function refuse(
  buf: Buffer,
  sheet: { name: string; path: string },
  lists: Awaited<ReturnType<typeof loadCodeLists>>,
  own: string | null,
  problems: CellProblem[],
): Promise<never> {
  problems.sort((a, b) => a.row - b.row || a.col - b.col);
  const errors = problems.map((p): z.output<typeof orgCellError> => ({
    sheet: sheet.name,
    row: p.row,
    column: colLetter(p.col),
    field: ONBOARD_FIELDS[p.col - 2]?.label ?? '',
    message: p.message,
  }));
  const workbook = await buildErrorWorkbook(
    buf,
    sheet.path,
    ONBOARD_DEF,
    listsFor(lists, own),
    ONBOARD_STAMP,
    problems,
    new Map(),
  );
  const first = errors[0];
  throw new AppError(
    400,
    'import_failed',
    `第 ${first.row} 行 ${first.column} 列（${first.field}）等 ${errors.length} 处错误，未导入任何数据。请按错误明细或标红的工作簿修改后重新导入`,
    {
      errors: errors.slice(0, MAX_LISTED),
      errorCount: errors.length,
      errorWorkbook: workbook.toString('base64'),
      errorFileName: '单位导入错误标注.xlsx',
    },
  );
}
