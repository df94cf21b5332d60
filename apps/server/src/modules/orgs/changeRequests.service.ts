import { and, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { ORG_CHANGE_FIELD_LABELS, validateUscc, type OrgChangeOut } from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { orgChangeRequests, orgs, users } from '../../db/schema/index';
import { listScope, requireAccess, type Actor, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { now } from '../../lib/clock';
import { notifyOrg, notifyRegion } from '../notifications/notifications.service';

type Field = 'name' | 'uscc';
type RequestRow = typeof orgChangeRequests.$inferSelect;

/**
 * No two organisations carry the same name (exact, after trimming): lists, agreements and Word documents show the
 * name alone, so a twin name would let one organisation pass for another. Checked when a change is requested, when
 * it is approved and when a bureau edits a record directly.
 */
export async function assertNameFree(db: DbOrTx, name: string, exceptOrgId?: number) {
  const n = name.trim();
  const [twin] = await db
    .select({ id: orgs.id, regionCode: orgs.regionCode })
    .from(orgs)
    .where(and(sql`btrim(${orgs.name}) = ${n}`, exceptOrgId != null ? ne(orgs.id, exceptOrgId) : undefined))
    .limit(1);
  if (twin)
    throw new AppError(409, 'org_name_duplicate', `已有其他单位名为“${n}”，单位名称不能重复`, [
      { path: 'name', message: '与其他单位重名' },
    ]);
}

async function assertUsccFree(db: DbOrTx, uscc: string, exceptOrgId: number) {
  const [twin] = await db
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(eq(orgs.uscc, uscc), ne(orgs.id, exceptOrgId)))
    .limit(1);
  if (twin) throw new AppError(409, 'uscc_duplicate', undefined, [{ path: 'uscc', message: '已被其他单位使用' }]);
}

/** The value as it will be stored, refused in Chinese when it cannot be. */
async function checkedValue(db: DbOrTx, org: typeof orgs.$inferSelect, field: Field, raw: string) {
  const value = field === 'uscc' ? raw.trim().toUpperCase() : raw.trim();
  if (value === org[field])
    throw new AppError(400, 'validation_failed', `新的${ORG_CHANGE_FIELD_LABELS[field]}与现在的相同`);
  if (field === 'uscc') {
    const v = validateUscc(value);
    if (!v.ok) throw new AppError(400, 'uscc_invalid', v.message, [{ path: 'newValue', message: v.message }]);
    await assertUsccFree(db, value, org.id);
  } else {
    await assertNameFree(db, value, org.id);
  }
  return value;
}

const decider = alias(users, 'decider');
const SELECT = { r: orgChangeRequests, orgName: orgs.name, orgType: orgs.type, decidedByName: decider.displayName };

/** The bureau of the organisation's region and the province decide; the organisation itself never does. */
const mayDecide = (a: Actor, r: Pick<RequestRow, 'regionCode'>) =>
  a.role === 'province' || (a.role === 'region' && a.regionCode === r.regionCode);

function toOut(
  x: { r: RequestRow; orgName: string; orgType: 'school' | 'enterprise'; decidedByName: string | null },
  actor: Actor,
): OrgChangeOut {
  const { r } = x;
  return {
    id: r.id,
    orgId: r.orgId,
    orgName: x.orgName,
    orgType: x.orgType,
    regionCode: r.regionCode,
    field: r.field,
    oldValue: r.oldValue,
    newValue: r.newValue,
    reason: r.reason,
    state: r.state,
    decisionNote: r.decisionNote,
    decidedByName: x.decidedByName,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    canDecide: r.state === 'pending' && mayDecide(actor, r),
  };
}

async function loadOne(db: DbOrTx, id: number) {
  const [x] = await db
    .select(SELECT)
    .from(orgChangeRequests)
    .innerJoin(orgs, eq(orgs.id, orgChangeRequests.orgId))
    .leftJoin(decider, eq(decider.id, orgChangeRequests.decidedBy))
    .where(eq(orgChangeRequests.id, id));
  return x;
}

export async function listChangeRequests(db: Db, ctx: Ctx, q: { state?: RequestRow['state']; orgId?: number }) {
  const actor = requireAccess(ctx, 'org.read');
  const scope = listScope(actor);
  if (scope.none) return { items: [] };
  const parts: (SQL | undefined)[] = [
    scope.regionCode ? eq(orgChangeRequests.regionCode, scope.regionCode) : undefined,
    scope.orgId != null ? eq(orgChangeRequests.orgId, scope.orgId) : undefined,
    q.state ? eq(orgChangeRequests.state, q.state) : undefined,
    q.orgId ? eq(orgChangeRequests.orgId, q.orgId) : undefined,
  ];
  const rows = await db
    .select(SELECT)
    .from(orgChangeRequests)
    .innerJoin(orgs, eq(orgs.id, orgChangeRequests.orgId))
    .leftJoin(decider, eq(decider.id, orgChangeRequests.decidedBy))
    .where(and(...parts))
    .orderBy(desc(orgChangeRequests.id))
    .limit(200);
  return { items: rows.map((x) => toOut(x, actor)) };
}

/** A school or enterprise asks its bureau to change its own name or USCC; the bureau is told. */
export async function requestChange(
  db: Db,
  ctx: Ctx,
  orgId: number,
  b: { field: Field; newValue: string; reason: string },
) {
  const [org] = await db.select().from(orgs).where(eq(orgs.id, orgId));
  const actor = requireAccess(
    ctx,
    'org.update',
    org ? { regionCode: org.regionCode, orgId: org.id } : { regionCode: '\0' },
  );
  if (actor.role !== 'school' && actor.role !== 'enterprise')
    throw new AppError(403, 'forbidden', '主管部门可直接修改单位信息，无需提交变更申请');
  const value = await checkedValue(db, org, b.field, b.newValue);
  try {
    return await db.transaction(async (tx) => {
      const [r] = await tx
        .insert(orgChangeRequests)
        .values({
          orgId,
          regionCode: org.regionCode,
          field: b.field,
          oldValue: org[b.field],
          newValue: value,
          reason: b.reason.trim(),
          requestedBy: actor.id,
        })
        .returning();
      await audit(tx, ctx, {
        action: 'org.change_request',
        entityType: 'org',
        entityId: orgId,
        regionCode: org.regionCode,
        before: { [b.field]: org[b.field] },
        after: { [b.field]: value, reason: r.reason, requestId: r.id },
      });
      await notifyRegion(tx, org.regionCode, {
        kind: 'org_change_request',
        title: `${org.name}申请变更${ORG_CHANGE_FIELD_LABELS[b.field]}为“${value}”，请审核`,
        body: `原因：${r.reason}`,
        link: '/orgs',
      });
      return toOut((await loadOne(tx, r.id))!, actor);
    });
  } catch (e) {
    if (pgCode(e) === '23505')
      throw new AppError(
        409,
        'conflict',
        `已有待审核的${ORG_CHANGE_FIELD_LABELS[b.field]}变更申请，请等待主管部门处理`,
      );
    throw e;
  }
}

/** The bureau approves (the record changes, same checks as at request time) or rejects with a reason. */
export async function decideChange(db: Db, ctx: Ctx, id: number, b: { action: 'approve' | 'reject'; note: string }) {
  const x = await loadOne(db, id);
  const actor = requireAccess(
    ctx,
    'org.read',
    x ? { regionCode: x.r.regionCode, orgId: x.r.orgId } : { regionCode: '\0' },
  );
  const r = x.r;
  if (!mayDecide(actor, r)) throw new AppError(403, 'forbidden', '变更申请由所属市州人社局或省人社厅审核');
  if (r.state !== 'pending')
    throw new AppError(409, 'illegal_transition', r.state === 'approved' ? '该申请已批准' : '该申请已驳回');
  if (b.action === 'reject' && !b.note.trim()) throw new AppError(400, 'validation_failed', '驳回申请时请填写原因');
  const [org] = await db.select().from(orgs).where(eq(orgs.id, r.orgId));
  // Another organisation may have taken the name or USCC since the request was filed.
  const value = b.action === 'approve' ? await checkedValue(db, org, r.field, r.newValue) : null;
  const label = ORG_CHANGE_FIELD_LABELS[r.field];
  try {
    return await db.transaction(async (tx) => {
      const [u] = await tx
        .update(orgChangeRequests)
        .set({
          state: b.action === 'approve' ? 'approved' : 'rejected',
          decisionNote: b.note.trim() || null,
          decidedBy: actor.id,
          decidedAt: now(),
        })
        .where(and(eq(orgChangeRequests.id, id), eq(orgChangeRequests.state, 'pending')))
        .returning();
      if (!u) throw new AppError(409, 'version_conflict');
      if (value != null) {
        await tx
          .update(orgs)
          .set({ [r.field]: value, version: sql`${orgs.version} + 1`, updatedAt: now() })
          .where(eq(orgs.id, r.orgId));
        await audit(tx, ctx, {
          action: 'org.update',
          entityType: 'org',
          entityId: r.orgId,
          regionCode: r.regionCode,
          before: { [r.field]: org[r.field] },
          after: { [r.field]: value, requestId: id },
        });
      }
      await audit(tx, ctx, {
        action: `org.change_${b.action}`,
        entityType: 'org_change_request',
        entityId: id,
        regionCode: r.regionCode,
        before: { state: r.state },
        after: { state: u.state, note: u.decisionNote },
      });
      const verdict =
        b.action === 'approve' ? `已批准：${label}改为“${r.newValue}”` : `已驳回：${label}变更为“${r.newValue}”的申请`;
      await notifyOrg(tx, r.orgId, {
        kind: `org_change_${b.action}d`,
        title: verdict,
        body: u.decisionNote ? `意见：${u.decisionNote}` : '',
        link: `/orgs/${r.orgId}`,
      });
      return toOut((await loadOne(tx, id))!, actor);
    });
  } catch (e) {
    if (pgCode(e) === '23505')
      throw new AppError(409, 'uscc_duplicate', undefined, [{ path: 'uscc', message: '已被其他单位使用' }]);
    throw e;
  }
}
