import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { AGREEMENT_STATE_LABELS, canFlagKey, isAgreementEditable } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { agreementEvents, agreementFiles, agreementParties, agreements, intents, orgs } from '../../db/schema/index';
import { requireActor, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { notifyOrg } from '../notifications/notifications.service';
import { lastSerial, partiesOf } from './agreements.repository';
import { SCAN_MAX_BYTES } from './document';
import { checkScan } from './scan';
import { governmentOf } from './government';
import { now } from '../../lib/clock';
import { canEditAgreement, loadAgreementForWrite } from './load';
import { agreementOut } from './view';

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
