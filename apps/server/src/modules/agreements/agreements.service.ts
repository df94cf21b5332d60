import { and, count, desc, eq, ilike, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  allowedAgreementActions,
  AGREEMENT_STATE_LABELS,
  agreementStateOn,
  canFlagKey,
  DEFAULT_AGREEMENT_TEMPLATE,
  isAgreementEditable,
  isAgreementFrozen,
  beijingDate,
  type ProjectType,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import {
  agreementEvents,
  agreementFiles,
  agreementParties,
  agreements,
  agreementTemplates,
  intents,
  orgs,
  progressReports,
  projects,
  reportVersions,
} from '../../db/schema/index';
import { requireActor, type Actor, type Ctx } from '../../http/access';
import { AppError, pgCode } from '../../http/errors';
import { audit } from '../../lib/audit';
import { notifyOrg, notifyRegion } from '../notifications/notifications.service';
import { stopProjectsOfAgreement } from '../projects/stopByAgreement';
import {
  extrasOf,
  lastSerial,
  liveProjects,
  partiesOf,
  recordInfo,
  scanOf,
  type AgreementExtras,
  type AgreementRow,
} from './agreements.repository';
import { agreementDocFile, agreementDocInput } from './docContent';
import { SCAN_MAX_BYTES } from './document';
import { publicUrl } from '../../lib/publicUrl';
import { recordOf } from './record';
import { checkScan } from './scan';
import { confirmsForGovernment, governmentDocx, governmentOf, governmentOut, isGovernment } from './government';
import { now, today } from '../../lib/clock';

export type Party = Awaited<ReturnType<typeof partiesOf>>[number];

/** Parties, the bureau of the agreement's region (or of any party) and the province may see an agreement. */
function canSeeAgreement(actor: Actor, a: AgreementRow, parties: Party[]) {
  if (actor.role === 'province') return true;
  if (actor.role === 'region')
    return a.regionCode === actor.regionCode || parties.some((p) => p.regionCode === actor.regionCode);
  return parties.some((p) => p.orgId === actor.orgId);
}

export function canEditAgreement(actor: Actor, a: AgreementRow, parties: Party[]) {
  const inScope =
    actor.role === 'province' ||
    (actor.role === 'region' && a.regionCode === actor.regionCode) ||
    parties.some((p) => p.orgId === actor.orgId);
  return inScope && actor.role !== 'expert';
}

/**
 * Signed agreements become active and expire by their dates: the hourly job (settleAgreementDates) moves the stored
 * status, audited; a write brings its own agreement up to date first (loadAgreementForWrite). Reads never write. Expiry ends the agreement's work: its planned and running projects stop on
 * the last day of the term, and the parties and bureaus are told which.
 */
export async function refreshStatus(db: DbOrTx, a: AgreementRow): Promise<AgreementRow> {
  const derived = agreementStateOn(today(), { state: a.status, termStart: a.termStart, termEnd: a.termEnd });
  if (derived === a.status) return a;
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(agreements)
      .set({ status: derived, updatedAt: now() })
      .where(and(eq(agreements.id, a.id), eq(agreements.status, a.status)))
      .returning();
    if (!u) return a;
    await tx.insert(agreementEvents).values({
      agreementId: a.id,
      action: derived === 'active' ? 'activate' : 'expire',
      fromState: a.status,
      toState: derived,
      actorName: '系统（按日期）',
    });
    if (derived === 'expired') {
      const reason = `协议已于 ${a.termEnd} 到期`;
      const stopped = await stopProjectsOfAgreement(tx, a.id, a.termEnd, reason);
      await audit(
        tx,
        { actor: null, ip: null, requestId: null },
        {
          action: 'agreement.expire',
          actorName: '系统（按日期）',
          entityType: 'agreement',
          entityId: a.id,
          regionCode: a.regionCode,
          before: { status: a.status },
          after: { status: derived, stoppedProjects: stopped },
        },
      );
      await tellEnded(tx, a, await partiesOf(tx, [a.id]), reason, stopped);
    }
    return u;
  });
}

/** Tells every party and the bureaus of their regions that the agreement ended, naming the projects it stopped. */
export async function tellEnded(
  tx: DbOrTx,
  a: AgreementRow,
  parties: Party[],
  reason: string,
  stopped: { title: string }[],
) {
  const names = stopped.map((p) => `“${p.title}”`).join('、');
  const n = {
    kind: 'agreement',
    title: `校企合作协议已结束：${a.title}（${reason}）`,
    body: stopped.length ? `以下 ${stopped.length} 个项目随之中止：${names}` : '协议下没有计划中或实施中的项目',
    link: `/agreements/${a.id}`,
  };
  for (const p of parties) await notifyOrg(tx, p.orgId, n);
  for (const r of new Set([a.regionCode, ...parties.map((p) => p.regionCode)])) await notifyRegion(tx, r, n);
}

export async function loadAgreement(db: DbOrTx, ctx: Ctx, id: number) {
  const actor = requireActor(ctx);
  const [row] = await db.select().from(agreements).where(eq(agreements.id, id));
  const parties = row ? await partiesOf(db, [id]) : [];
  if (!row || !canSeeAgreement(actor, row, parties)) throw new AppError(404, 'not_found');
  return { actor, a: row, parties };
}

/** For a write: the agreement as its dates have it now (a term that ended since the last hourly run is expired first). */
export async function loadAgreementForWrite(db: DbOrTx, ctx: Ctx, id: number) {
  const loaded = await loadAgreement(db, ctx, id);
  return { ...loaded, a: await refreshStatus(db, loaded.a) };
}

/** extras: read for the whole page by the lists (extrasOf); a single agreement reads its own. */
export async function agreementOut(
  db: DbOrTx,
  actor: Actor,
  a: AgreementRow,
  parties: Party[],
  extras?: AgreementExtras,
) {
  const scan = extras ? extras.scan : await scanOf(db, a.id);
  const record = !isAgreementFrozen(a.status) ? undefined : extras ? extras.record : await recordInfo(db, a.id);
  const n = extras
    ? extras.projects
    : (
        await db
          .select({ n: count() })
          .from(projects)
          .where(and(eq(projects.agreementId, a.id), isNull(projects.deletedAt)))
      )[0].n;
  const editable = canEditAgreement(actor, a, parties);
  const own = parties.find((p) => p.agreementId === a.id && p.orgId === actor.orgId);
  // Offer what the machine allows by hand; sign still needs the scan, checked when done. Confirm only for a party
  // that has not confirmed yet; the bureaus (region of a party, province) may return what they file.
  const allowed = allowedAgreementActions(a.status, actor.role).filter((act) => {
    if (act === 'sign' || act === 'terminate') return editable;
    if (act === 'confirm') return !!own && !own.confirmedAt;
    if (act === 'decline') return !!own;
    return act === 'return';
  });
  // The bureau confirms for a local government (it has no account); the machine lists confirm for the parties only.
  if (a.status === 'pending_confirmation' && !a.govConfirmedAt && confirmsForGovernment(actor, a))
    allowed.push('confirm');
  return {
    id: a.id,
    agreementNo: a.agreementNo,
    campaignYear: a.campaignYear,
    regionCode: a.regionCode,
    title: a.title,
    kind: a.kind,
    government: governmentOut(a),
    areas: a.areas,
    scope: a.scope,
    termStart: a.termStart,
    termEnd: a.termEnd,
    signingDate: a.signingDate,
    status: a.status,
    terminateReason: a.terminateReason,
    terminatedOn: a.terminatedOn,
    keyProject: a.keyProject,
    intentId: a.intentId,
    parties: parties
      .filter((p) => p.agreementId === a.id)
      .map((p) => ({
        orgId: p.orgId,
        name: p.name,
        side: p.side,
        regionCode: p.regionCode,
        uscc: p.uscc,
        isLead: a.leadOrgId === p.orgId,
        confirmedAt: p.confirmedAt?.toISOString() ?? null,
      })),
    projectCount: n,
    record: record
      ? { frozenAt: record.frozenAt.toISOString(), docxSha256: record.docxSha256, scanSha256: record.scanSha256 }
      : null,
    scan: scan
      ? { fileName: scan.fileName, mime: scan.mime, size: scan.size, uploadedAt: scan.uploadedAt.toISOString() }
      : null,
    version: a.version,
    allowedActions: [...allowed],
    canEdit: editable && isAgreementEditable(a.status),
    canFlagKey:
      canFlagKey(a.status, actor.role) &&
      (actor.role === 'province' || (actor.role === 'region' && actor.regionCode === a.regionCode)),
  };
}

export async function createAgreement(
  db: Db,
  ctx: Ctx,
  b: {
    intentId?: number;
    kind: 'bilateral' | 'alliance' | 'government';
    govCode?: string;
    title: string;
    schoolOrgIds: number[];
    enterpriseOrgIds: number[];
    leadOrgId?: number;
    areas: string[];
    scope: string;
    termStart: string;
    termEnd: string;
    campaignYear?: number;
  },
) {
  const actor = requireActor(ctx);
  if (actor.role === 'expert') throw new AppError(403, 'forbidden');
  let schoolIds = [...new Set(b.schoolOrgIds)];
  let entIds = [...new Set(b.enterpriseOrgIds)];
  if (b.intentId) {
    const [i] = await db.select().from(intents).where(eq(intents.id, b.intentId));
    if (!i || (actor.orgId !== i.fromOrgId && actor.orgId !== i.toOrgId))
      throw new AppError(404, 'not_found', '对接意向不存在');
    if (i.state !== 'accepted') throw new AppError(409, 'illegal_transition', '只有已接受的对接意向才能签订协议');
    const pair = await db
      .select({ id: orgs.id, type: orgs.type })
      .from(orgs)
      .where(inArray(orgs.id, [i.fromOrgId, i.toOrgId]));
    for (const o of pair) (o.type === 'school' ? schoolIds : entIds).push(o.id);
    schoolIds = [...new Set(schoolIds)];
    entIds = [...new Set(entIds)];
  }
  const all = [...schoolIds, ...entIds];
  const found = all.length ? await db.select().from(orgs).where(inArray(orgs.id, all)) : [];
  const byId = new Map(found.map((o) => [o.id, o]));
  const missing = all.filter((id) => !byId.has(id));
  if (missing.length) throw new AppError(400, 'unknown_reference', `单位不存在：${missing.join('、')}`);
  if (
    schoolIds.some((id) => byId.get(id)!.type !== 'school') ||
    entIds.some((id) => byId.get(id)!.type !== 'enterprise')
  )
    throw new AppError(400, 'validation_failed', '学校和企业的身份与单位类型不一致');
  if (b.kind === 'bilateral' && (schoolIds.length !== 1 || entIds.length < 1))
    throw new AppError(400, 'validation_failed', '校企合作协议须有一所学校和至少一家企业');
  const gov = b.kind === 'government' ? governmentOf(b.govCode) : null;
  if (gov) {
    if (schoolIds.length !== 1 || entIds.length)
      throw new AppError(400, 'validation_failed', '校地协议的当事方为一所学校和一个地方政府，不含企业');
    if (gov.regionCode !== byId.get(schoolIds[0])!.regionCode)
      throw new AppError(
        400,
        'validation_failed',
        `校地协议的地方政府应为学校所在市州或其下辖县市区，${gov.name}不在其中`,
      );
  } else if (b.govCode) throw new AppError(400, 'validation_failed', '只有校地协议才选择地方政府');
  if (b.kind === 'alliance') {
    if (!schoolIds.length || !entIds.length || all.length < 3)
      throw new AppError(400, 'validation_failed', '技工教育联盟须有学校和企业共至少 3 家成员');
    if (!b.leadOrgId || !all.includes(b.leadOrgId))
      throw new AppError(400, 'validation_failed', '请从成员中指定牵头单位');
  }
  // Counted for the school's region; an alliance for its lead school (or its first school when an enterprise leads).
  const countingSchool = byId.get(
    b.kind === 'alliance' && b.leadOrgId && byId.get(b.leadOrgId)!.type === 'school' ? b.leadOrgId : schoolIds[0],
  )!;
  const regionCode = countingSchool.regionCode;
  const isParty = actor.orgId != null && all.includes(actor.orgId);
  if ((actor.role === 'school' || actor.role === 'enterprise') && !isParty)
    throw new AppError(403, 'forbidden', '只能为本单位签订协议');
  if (actor.role === 'region' && !all.some((id) => byId.get(id)!.regionCode === actor.regionCode))
    throw new AppError(403, 'region_mismatch');
  const year = b.campaignYear ?? Number(b.termStart.slice(0, 4));
  return db.transaction(async (tx) => {
    // The region's numbering is max + 1: two drafts at once in one region wait for each other (issue 16).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`agreement-no:${regionCode}`}))`);
    if (b.intentId) {
      // One agreement per accepted intent: ten clicks on 「起草协议」 make one draft, the others are told which.
      const [made] = await tx
        .select({ no: agreements.agreementNo })
        .from(agreements)
        .where(and(eq(agreements.intentId, b.intentId), ne(agreements.status, 'terminated')));
      if (made)
        throw new AppError(409, 'illegal_transition', `该对接意向已起草协议 ${made.no}，请在合作协议中继续办理`);
    }
    const agreementNo = `XQ-${regionCode}-${year}-${String((await lastSerial(tx, regionCode)) + 1).padStart(4, '0')}`;
    const [a] = await tx
      .insert(agreements)
      .values({
        agreementNo,
        campaignYear: year,
        regionCode,
        title: b.title,
        kind: b.kind,
        govCode: gov?.code ?? null,
        govName: gov?.name ?? null,
        leadOrgId: b.leadOrgId ?? null,
        areas: b.areas,
        scope: b.scope,
        termStart: b.termStart,
        termEnd: b.termEnd,
        intentId: b.intentId ?? null,
        createdBy: actor.id,
      })
      .returning();
    await tx
      .insert(agreementParties)
      .values([
        ...schoolIds.map((orgId) => ({ agreementId: a.id, orgId, side: 'school' as const })),
        ...entIds.map((orgId) => ({ agreementId: a.id, orgId, side: 'enterprise' as const })),
      ]);
    await tx.insert(agreementEvents).values({
      agreementId: a.id,
      action: 'create',
      toState: 'draft',
      actorId: actor.id,
      actorName: actor.displayName || actor.username,
    });
    await audit(tx, ctx, {
      action: 'agreement.create',
      entityType: 'agreement',
      entityId: a.id,
      regionCode,
      after: {
        agreementNo,
        parties: all,
        government: gov ? { code: gov.code, name: gov.name } : undefined,
        areas: b.areas,
        termStart: b.termStart,
        termEnd: b.termEnd,
      },
    });
    for (const id of all)
      if (id !== actor.orgId)
        await notifyOrg(tx, id, {
          kind: 'agreement',
          title: `${gov ? '新的校地合作协议草稿' : '新的校企合作协议草稿'}：${b.title}`,
          link: `/agreements/${a.id}`,
        });
    return agreementOut(tx, actor, a, await partiesOf(tx, [a.id]));
  });
}

export async function getAgreement(db: Db, ctx: Ctx, id: number) {
  const { actor, a, parties } = await loadAgreement(db, ctx, id);
  return agreementOut(db, actor, a, parties);
}

export async function listAgreements(
  db: Db,
  ctx: Ctx,
  q: {
    status?: string;
    year?: number;
    region?: string;
    keyProject?: 'true' | 'false';
    kind?: 'government' | 'enterprise';
    q?: string;
    page: number;
    pageSize: number;
  },
) {
  const actor = requireActor(ctx);
  const parts: SQL[] = [];
  if (actor.role === 'region')
    parts.push(
      or(
        eq(agreements.regionCode, actor.regionCode!),
        sql`exists (select 1 from agreement_parties p join orgs o on o.id = p.org_id where p.agreement_id = ${agreements.id} and o.region_code = ${actor.regionCode})`,
      )!,
    );
  else if (actor.role !== 'province')
    parts.push(
      sql`exists (select 1 from agreement_parties p where p.agreement_id = ${agreements.id} and p.org_id = ${actor.orgId ?? -1})`,
    );
  if (q.region) parts.push(eq(agreements.regionCode, q.region));
  if (q.status) parts.push(eq(agreements.status, q.status as AgreementRow['status']));
  if (q.year) parts.push(eq(agreements.campaignYear, q.year));
  if (q.keyProject) parts.push(eq(agreements.keyProject, q.keyProject === 'true'));
  if (q.kind)
    parts.push(q.kind === 'government' ? eq(agreements.kind, 'government') : ne(agreements.kind, 'government'));
  if (q.q) parts.push(or(ilike(agreements.title, `%${q.q}%`), ilike(agreements.agreementNo, `%${q.q}%`))!);
  const w = parts.length ? and(...parts) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(agreements)
      .where(w)
      .orderBy(desc(agreements.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(agreements).where(w),
  ]);
  const parties = await partiesOf(
    db,
    rows.map((r) => r.id),
  );
  // Reads never write: the stored status moves by date in the hourly job (settle.ts, at :02 Beijing time).
  const extras = await extrasOf(
    db,
    rows.map((r) => r.id),
  );
  return { items: await Promise.all(rows.map((r) => agreementOut(db, actor, r, parties, extras.get(r.id)))), total };
}

export async function updateAgreement(
  db: Db,
  ctx: Ctx,
  id: number,
  b: { version: number; title?: string; areas?: string[]; scope?: string; termStart?: string; termEnd?: string },
) {
  const { actor, a, parties } = await loadAgreementForWrite(db, ctx, id);
  if (!canEditAgreement(actor, a, parties)) throw new AppError(404, 'not_found');
  if (!isAgreementEditable(a.status))
    throw new AppError(
      409,
      'form_locked',
      a.status === 'terminated' ? '协议已终止，不能修改' : '协议已签署，条款不能修改',
    );
  const { version, ...set } = b;
  if ((set.termStart ?? a.termStart) > (set.termEnd ?? a.termEnd))
    throw new AppError(400, 'validation_failed', '协议期限的结束日期不能早于开始日期');
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(agreements)
      .set({ ...set, version: sql`${agreements.version} + 1`, updatedAt: now() })
      .where(and(eq(agreements.id, id), eq(agreements.version, version)))
      .returning();
    if (!u) throw new AppError(409, 'version_conflict');
    await audit(tx, ctx, {
      action: 'agreement.update',
      entityType: 'agreement',
      entityId: id,
      regionCode: a.regionCode,
      before: { title: a.title, areas: a.areas, scope: a.scope, termStart: a.termStart, termEnd: a.termEnd },
      after: set,
    });
    return agreementOut(tx, actor, u, parties);
  });
}

/**
 * Deletes a draft (a draft is deleted, never terminated). Anything signed stays on record and is terminated instead.
 * A draft with live projects is refused, naming them: the projects count towards the region's quota, so deleting
 * them as a side effect would change the bureau's figures without anybody deciding it. Projects deleted earlier
 * (kept as soft-deleted rows, already out of every count) go with the draft; the audit entry lists them.
 */
export async function deleteAgreement(db: Db, ctx: Ctx, id: number, version?: number) {
  const { actor, a, parties } = await loadAgreementForWrite(db, ctx, id);
  if (!canEditAgreement(actor, a, parties)) throw new AppError(404, 'not_found');
  if (a.status !== 'draft') {
    throw new AppError(
      409,
      'illegal_transition',
      `协议${AGREEMENT_STATE_LABELS[a.status] ?? a.status}，不能删除；只有草稿可以删除，已签订的协议如需结束合作请“终止协议”`,
      { status: a.status },
    );
  }
  if (version != null && version !== a.version) throw new AppError(409, 'version_conflict');
  const live = await liveProjects(db, id);
  if (live.length) {
    const names = live
      .slice(0, 5)
      .map((p) => `“${p.title}”`)
      .join('、');
    throw new AppError(
      409,
      'illegal_transition',
      `协议下还有 ${live.length} 个项目（${names}${live.length > 5 ? ' 等' : ''}），请先删除或移到其他协议，再删除草稿`,
      { projects: live },
    );
  }
  try {
    await db.transaction(async (tx) => {
      const gone = await tx
        .select({ id: projects.id, title: projects.title })
        .from(projects)
        .where(eq(projects.agreementId, id));
      if (gone.length) {
        const ids = gone.map((p) => p.id);
        const reports = tx
          .select({ id: progressReports.id })
          .from(progressReports)
          .where(inArray(progressReports.projectId, ids));
        await tx.delete(reportVersions).where(inArray(reportVersions.reportId, reports));
        await tx.delete(progressReports).where(inArray(progressReports.projectId, ids));
        await tx.delete(projects).where(and(eq(projects.agreementId, id), isNotNull(projects.deletedAt)));
      }
      // Parties, events and the scan go by cascade; the status check here catches a signature made meanwhile.
      const [d] = await tx
        .delete(agreements)
        .where(and(eq(agreements.id, id), eq(agreements.status, 'draft'), eq(agreements.version, a.version)))
        .returning({ id: agreements.id });
      if (!d) throw new AppError(409, 'version_conflict');
      await audit(tx, ctx, {
        action: 'agreement.delete',
        entityType: 'agreement',
        entityId: id,
        regionCode: a.regionCode,
        before: {
          agreementNo: a.agreementNo,
          title: a.title,
          status: a.status,
          parties: parties.map((p) => ({ orgId: p.orgId, name: p.name, side: p.side })),
          areas: a.areas,
          termStart: a.termStart,
          termEnd: a.termEnd,
          intentId: a.intentId,
          deletedProjects: gone,
        },
      });
      for (const p of parties)
        if (p.orgId !== actor.orgId)
          await notifyOrg(tx, p.orgId, {
            kind: 'agreement',
            title: `校企合作协议草稿已删除：${a.title}`,
            link: '/agreements',
          });
    });
  } catch (e) {
    // A project registered between the check and the delete holds the agreement by its foreign key.
    if (pgCode(e) === '23503')
      throw new AppError(409, 'illegal_transition', '协议下刚登记了项目，请刷新后先处理项目，再删除草稿');
    throw e;
  }
  return { ok: true as const };
}

export async function flagKey(db: Db, ctx: Ctx, id: number, keyProject: boolean) {
  const { actor, a, parties } = await loadAgreementForWrite(db, ctx, id);
  const allowedRegion = actor.role === 'province' || (actor.role === 'region' && actor.regionCode === a.regionCode);
  if (!allowedRegion || !canFlagKey(a.status, actor.role))
    throw new AppError(409, 'illegal_transition', '只有已签署或履行中的协议可由市州或省厅标记为重点项目');
  await db.transaction(async (tx) => {
    // Marking what is marked changes nothing and records nothing (ten clicks: one entry).
    const [locked] = await tx
      .select({ keyProject: agreements.keyProject })
      .from(agreements)
      .where(eq(agreements.id, id))
      .for('update');
    if (locked.keyProject === keyProject) return;
    await tx.update(agreements).set({ keyProject, updatedAt: now() }).where(eq(agreements.id, id));
    await audit(tx, ctx, {
      action: 'agreement.key',
      entityType: 'agreement',
      entityId: id,
      regionCode: a.regionCode,
      before: { keyProject: a.keyProject },
      after: { keyProject },
    });
  });
  return agreementOut(db, actor, { ...a, keyProject }, parties);
}

export async function uploadScan(db: Db, ctx: Ctx, id: number, body: Buffer, fileName: string) {
  const { actor, a, parties } = await loadAgreementForWrite(db, ctx, id);
  if (!canEditAgreement(actor, a, parties)) throw new AppError(404, 'not_found');
  // Once signed the scan is part of the record the parties confirm (and, at the last confirmation, of the frozen
  // record): replacing it would change what they agreed to. A declined agreement is a draft again and takes a new one.
  if (a.status !== 'draft')
    throw new AppError(
      409,
      'illegal_transition',
      `协议${AGREEMENT_STATE_LABELS[a.status]}，签字盖章扫描件已封存，不能更换；如需更换，请由一方“拒绝确认”退回草稿后重新上传签署`,
      { status: a.status },
    );
  if (body.length > SCAN_MAX_BYTES) throw new AppError(413, 'file_too_large', '扫描件不能超过 10 MB');
  const kind = checkScan(body);
  if (!kind)
    throw new AppError(
      400,
      'file_type',
      '扫描件须是完整的 PDF、JPEG 或 PNG 文件（按文件结构判断，而不是扩展名），该文件不完整或已损坏',
    );
  const content = body.toString('base64');
  await db.transaction(async (tx) => {
    // Checked again under the row lock (a signature may have come in meanwhile); the same file again is no new scan.
    const [locked] = await tx
      .select({ status: agreements.status })
      .from(agreements)
      .where(eq(agreements.id, id))
      .for('update');
    if (locked.status !== 'draft')
      throw new AppError(
        409,
        'illegal_transition',
        `协议${AGREEMENT_STATE_LABELS[locked.status]}，签字盖章扫描件已封存，不能更换`,
        { status: locked.status },
      );
    const [last] = await tx
      .select({ content: agreementFiles.content })
      .from(agreementFiles)
      .where(eq(agreementFiles.agreementId, id))
      .orderBy(desc(agreementFiles.id))
      .limit(1);
    if (last?.content === content) return;
    await tx.insert(agreementFiles).values({
      agreementId: id,
      fileName: fileName.slice(0, 200) || `scan.${kind.ext}`,
      mime: kind.mime,
      size: body.length,
      content,
      uploadedBy: actor.id,
    });
    await tx.insert(agreementEvents).values({
      agreementId: id,
      action: 'upload_scan',
      fromState: a.status,
      toState: a.status,
      reason: fileName,
      actorId: actor.id,
      actorName: actor.displayName || actor.username,
    });
    await audit(tx, ctx, {
      action: 'agreement.scan',
      entityType: 'agreement',
      entityId: id,
      regionCode: a.regionCode,
      after: { fileName, mime: kind.mime, size: body.length },
    });
  });
  return agreementOut(db, actor, a, parties);
}

export async function downloadScan(db: Db, ctx: Ctx, id: number) {
  await loadAgreement(db, ctx, id);
  const [f] = await db
    .select()
    .from(agreementFiles)
    .where(eq(agreementFiles.agreementId, id))
    .orderBy(desc(agreementFiles.id))
    .limit(1);
  if (!f) throw new AppError(404, 'not_found', '尚未上传扫描件');
  return { fileName: f.fileName, mime: f.mime, content: Buffer.from(f.content, 'base64') };
}

export async function agreementHistory(db: Db, ctx: Ctx, id: number) {
  await loadAgreement(db, ctx, id);
  const rows = await db
    .select()
    .from(agreementEvents)
    .where(eq(agreementEvents.agreementId, id))
    .orderBy(agreementEvents.id);
  return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
}

export async function currentTemplate(db: DbOrTx) {
  const [t] = await db.select().from(agreementTemplates).orderBy(desc(agreementTemplates.id)).limit(1);
  return (t?.body as typeof DEFAULT_AGREEMENT_TEMPLATE) ?? DEFAULT_AGREEMENT_TEMPLATE;
}

/**
 * The Word document: a draft or an agreement waiting for confirmations is filled from the parties' records as they
 * are now; once every party confirmed, the document frozen at that moment is returned, byte for byte, forever.
 */
export async function agreementDocument(db: Db, ctx: Ctx, id: number) {
  const { a, parties } = await loadAgreement(db, ctx, id);
  const fileName = `${a.agreementNo}.docx`;
  if (isAgreementFrozen(a.status))
    return { fileName, content: Buffer.from((await recordOf(db, a, () => liveDocx(db, a, parties))).docx, 'base64') };
  return { fileName, content: await liveDocx(db, a, parties) };
}

/** The Word document filled from the parties' records as they are now. */
export async function liveDocx(db: DbOrTx, a: AgreementRow, all: Party[]) {
  // One block and one signature block per party, each from that party's own record (a blank stays beside its own
  // name); a party's date line is the day it confirmed; the footer carries the verification address and QR code.
  const parties = all
    .filter((p) => p.agreementId === a.id)
    .map((p) => ({ ...p, signedOn: p.confirmedAt ? beijingDate(p.confirmedAt) : null }));
  // A 校地协议 has its own school–government text (甲方 the government, 乙方 the school).
  if (isGovernment(a) && parties.length === 1) return governmentDocx(a, parties[0], beijingDate, publicUrl());
  const projs = await db
    .select({ title: projects.title, type: projects.type })
    .from(projects)
    .where(and(eq(projects.agreementId, a.id), isNull(projects.deletedAt)));
  return agreementDocFile(
    await currentTemplate(db),
    agreementDocInput(a, parties, projs as { title: string; type: ProjectType }[]),
    { origin: publicUrl() },
  );
}
