import { and, eq, sql } from 'drizzle-orm';
import {
  isRegionCode,
  regionByCode,
  validateUscc,
  type OrgCreateBody,
  type OrgDetail,
  type OrgSummary,
  type OrgUpdateBody,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { orgs } from '../../db/schema/index';
import { listScope, requireAccess, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit, diffObjects } from '../../lib/audit';
import { findOrg, findSpecialties, listOrgs, missingCodes, replaceSpecialties, type OrgRow } from './orgs.repository';
import { now } from '../../lib/clock';
import { assertNameFree } from './changeRequests.service';
import { effectiveFrom, moveOrgRecords, recordOrgHistory, TRACKED } from './history';

function toSummary(r: OrgRow): OrgSummary {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    regionCode: r.regionCode,
    regionName: regionByCode(r.regionCode)?.name ?? r.regionCode,
    uscc: r.uscc,
    schoolType: r.schoolType,
    size: r.size,
    isKey: r.isKey,
    runsProgrammes: r.runsProgrammes,
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function toDetail(db: DbOrTx, r: OrgRow): Promise<OrgDetail> {
  return {
    ...toSummary(r),
    address: r.address,
    contactName: r.contactName,
    contactTitle: r.contactTitle,
    contactPhone: r.contactPhone,
    schoolOwnership: r.schoolOwnership,
    fullTimeTeachers: r.fullTimeTeachers,
    enrolment: r.enrolment,
    fullTimeProgrammes: r.fullTimeProgrammes,
    nationalIntegrated: r.nationalIntegrated,
    nationalIntegratedDone: r.nationalIntegratedDone,
    specialties: r.type === 'school' ? await findSpecialties(db, r.id) : [],
    enterpriseOwnership: r.enterpriseOwnership,
    industryCodes: r.industryCodes,
    employees: r.employees,
    integrationLevel: r.integrationLevel,
    isDemo: r.isDemo,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listOrgsFor(
  db: Db,
  ctx: Ctx,
  q: {
    type?: 'school' | 'enterprise';
    region?: string;
    q?: string;
    isKey?: 'true' | 'false';
    page: number;
    pageSize: number;
  },
) {
  const actor = requireAccess(ctx, 'org.read');
  const scope = listScope(actor);
  if (scope.none) return { items: [], total: 0 };
  // A filter for another region than one's own simply finds nothing: the scope always wins.
  if (scope.regionCode && q.region && q.region !== scope.regionCode) return { items: [], total: 0 };
  const { items, total } = await listOrgs(
    db,
    {
      type: q.type,
      regionCode: scope.regionCode ?? q.region,
      orgId: scope.orgId,
      q: q.q,
      isKey: q.isKey == null ? undefined : q.isKey === 'true',
    },
    q.page,
    q.pageSize,
  );
  return { items: items.map(toSummary), total };
}

export async function getOrg(db: Db, ctx: Ctx, id: number): Promise<OrgDetail> {
  const row = await findOrg(db, id);
  requireAccess(ctx, 'org.read', row ? { regionCode: row.regionCode, orgId: row.id } : { regionCode: '\0' });
  // The province passes any region check, so an unknown id must be refused here (it was a 500).
  if (!row) throw new AppError(404, 'not_found');
  return toDetail(db, row);
}

async function checkReferences(db: DbOrTx, b: Partial<OrgCreateBody>) {
  if (b.uscc != null) {
    const v = validateUscc(b.uscc);
    if (!v.ok)
      throw new AppError(400, 'uscc_invalid', v.message, [
        { path: 'uscc', label: '统一社会信用代码', message: v.message },
      ]);
  }
  if (b.regionCode != null && !isRegionCode(b.regionCode)) {
    throw new AppError(400, 'unknown_reference', `地区代码 ${b.regionCode} 不存在`, [
      { path: 'regionCode', message: '地区代码不存在' },
    ]);
  }
  if (b.specialties) {
    const codes = b.specialties.map((s) => s.specialtyCode);
    const dup = codes.find((c, i) => codes.indexOf(c) !== i);
    if (dup)
      throw new AppError(400, 'validation_failed', `专业 ${dup} 重复填写`, [
        { path: 'specialties', message: `专业 ${dup} 重复` },
      ]);
    const missing = await missingCodes(db, 'specialty', codes);
    if (missing.length)
      throw new AppError(400, 'unknown_reference', `专业代码不存在：${missing.join('、')}`, [
        { path: 'specialties', message: `不存在：${missing.join('、')}` },
      ]);
    const over = b.specialties.find((s) => s.graduatesPerYear > s.enrolment);
    if (over)
      throw new AppError(400, 'validation_failed', `专业 ${over.specialtyCode} 的年毕业生数不能超过在校生数`, [
        { path: 'specialties', message: '年毕业生数超过在校生数' },
      ]);
  }
  if (b.industryCodes?.length) {
    const missing = await missingCodes(db, 'industry', b.industryCodes);
    if (missing.length)
      throw new AppError(400, 'unknown_reference', `产业代码不存在：${missing.join('、')}`, [
        { path: 'industryCodes', message: `不存在：${missing.join('、')}` },
      ]);
  }
}

/** Columns that belong to the other type are kept empty, so a school never carries enterprise data. */
function columnsFor(type: 'school' | 'enterprise', b: Partial<OrgCreateBody>) {
  const {
    specialties: _s,
    type: _t,
    ...rest
  } = b as Partial<OrgCreateBody> & { version?: number; effectiveFrom?: string; changeReason?: string };
  delete (rest as { version?: number }).version;
  delete (rest as { effectiveFrom?: string }).effectiveFrom;
  delete (rest as { changeReason?: string }).changeReason;
  if (type === 'school') {
    for (const k of ['enterpriseOwnership', 'industryCodes', 'size', 'employees', 'isKey', 'integrationLevel'] as const)
      delete rest[k];
  } else {
    for (const k of [
      'schoolType',
      'schoolOwnership',
      'fullTimeTeachers',
      'enrolment',
      'runsProgrammes',
      'fullTimeProgrammes',
      'nationalIntegrated',
      'nationalIntegratedDone',
    ] as const)
      delete rest[k];
  }
  if (rest.uscc) rest.uscc = rest.uscc.toUpperCase();
  return rest;
}

function uniqueViolation(e: unknown): never {
  if (pgCode(e) === '23505')
    throw new AppError(409, 'uscc_duplicate', undefined, [{ path: 'uscc', message: '已被其他单位使用' }]);
  throw e;
}

export async function createOrg(db: Db, ctx: Ctx, b: OrgCreateBody): Promise<OrgDetail> {
  const actor = requireAccess(ctx, 'org.create');
  if (actor.role === 'region' && b.regionCode !== actor.regionCode) throw new AppError(403, 'region_mismatch');
  if (b.type === 'school' && !b.schoolType)
    throw new AppError(400, 'validation_failed', '学校类别不能为空', [{ path: 'schoolType', message: '不能为空' }]);
  await checkReferences(db, b);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(orgs)
        .values({ type: b.type, ...columnsFor(b.type, b) } as typeof orgs.$inferInsert)
        .returning();
      if (b.type === 'school' && b.specialties)
        await replaceSpecialties(
          tx,
          row.id,
          b.specialties.map((s) => ({ ...s, backboneTeachers: s.backboneTeachers ?? 0 })),
        );
      const detail = await toDetail(tx, row);
      await audit(tx, ctx, {
        action: 'org.create',
        entityType: 'org',
        entityId: row.id,
        regionCode: row.regionCode,
        after: detail,
      });
      return detail;
    });
  } catch (e) {
    uniqueViolation(e);
  }
}

// What only a bureau may change on an organisation's record: who it is (name, USCC: the organisation files a change
// request, changeRequests.service.ts), where it belongs, whether it is a key enterprise, and the flags that decide
// what it counts for: running programmes, running full-time 学制教育, the national 工学一体化 project and whether
// that construction is done (the bureau checks it; a school cannot mark its own, issue 13).
const BUREAU_ONLY = [
  'name',
  'regionCode',
  'isKey',
  'uscc',
  'runsProgrammes',
  'fullTimeProgrammes',
  'nationalIntegrated',
  'nationalIntegratedDone',
] as const;

export async function updateOrg(db: Db, ctx: Ctx, id: number, b: OrgUpdateBody): Promise<OrgDetail> {
  const row = await findOrg(db, id);
  const actor = requireAccess(
    ctx,
    'org.update',
    row ? { regionCode: row.regionCode, orgId: row.id } : { regionCode: '\0' },
  );
  const current = row!;
  if (actor.role === 'school' || actor.role === 'enterprise') {
    const touched = BUREAU_ONLY.filter(
      (k) => b[k] !== undefined && JSON.stringify(b[k]) !== JSON.stringify(current[k]),
    );
    if (touched.length)
      throw new AppError(
        403,
        'forbidden',
        touched.some((k) => k === 'name' || k === 'uscc')
          ? '单位名称和统一社会信用代码的变更请提交变更申请，由主管人社部门审核'
          : '所属地区、重点企业、办学情况和工学一体化建设状态等信息由主管人社部门维护',
        { fields: touched },
      );
  }
  if (b.name !== undefined && b.name.trim() !== current.name.trim()) await assertNameFree(db, b.name, id);
  if (actor.role === 'region' && b.regionCode && b.regionCode !== actor.regionCode)
    throw new AppError(403, 'region_mismatch');
  await checkReferences(db, b);
  // Region and the flags figures count by have a history: their change applies from a day (history.ts).
  const dated = TRACKED.some((k) => b[k] !== undefined && b[k] !== current[k]);
  const from = dated ? await effectiveFrom(db, b.effectiveFrom) : null;
  try {
    return await db.transaction(async (tx) => {
      const before = await toDetail(tx, current);
      const set = columnsFor(current.type, b);
      const [updated] = await tx
        .update(orgs)
        .set({ ...set, version: sql`${orgs.version} + 1`, updatedAt: now() })
        .where(and(eq(orgs.id, id), eq(orgs.version, b.version)))
        .returning();
      if (!updated)
        throw new AppError(409, 'version_conflict', '该单位信息已被他人修改，请刷新后重试', {
          currentVersion: current.version,
        });
      if (from) {
        await recordOrgHistory(tx, current, updated, from, b.changeReason?.trim() ?? '', actor.id);
        await moveOrgRecords(tx, current, current.regionCode, updated.regionCode);
      }
      if (current.type === 'school' && b.specialties)
        await replaceSpecialties(
          tx,
          id,
          b.specialties.map((s) => ({ ...s, backboneTeachers: s.backboneTeachers ?? 0 })),
        );
      const after = await toDetail(tx, updated);
      const d = diffObjects(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
      (delete d.before.version, delete d.after.version, delete d.before.updatedAt, delete d.after.updatedAt);
      if (from) Object.assign(d.after, { effectiveFrom: from, changeReason: b.changeReason ?? '' });
      await audit(tx, ctx, {
        action: 'org.update',
        entityType: 'org',
        entityId: id,
        regionCode: updated.regionCode,
        ...d,
      });
      return after;
    });
  } catch (e) {
    uniqueViolation(e);
  }
}
