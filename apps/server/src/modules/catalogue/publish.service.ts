import { and, count, desc, eq, gt, max, ne, sql } from 'drizzle-orm';
import {
  formatValue,
  industriesForSpecialty,
  occupationByCode,
  specialtyByCode,
  type CodeLists,
  type FieldDef,
  type FormData as DemandData,
  type FormDefinition,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { sqlRows } from '../../db/rows';
import { campaigns, forms, orgs, publications, publishedItems } from '../../db/schema/index';
import { requireAccess, type Ctx } from '../../http/access';
import { AppError } from '../../http/errors';
import { audit } from '../../lib/audit';
import { findCampaign } from '../campaigns/campaigns.service';
import { loadCodeLists } from '../forms/forms.repository';
import { definitionOf } from '../forms/definitions.repository';
import { assertCampaignWritable } from '../campaigns/writable';
import { forgetSearches } from './searchCache';
import { forgetCompiled } from './compiled';
import { searchText } from './tokens';
import { addDaysIso, now, today } from '../../lib/clock';

/** A published line stays visible for 18 months after publication (or after it becomes available), unless
 * its owner withdraws it; each confirmation by the owner keeps it at least 6 more months. */
export const WINDOW_MONTHS = 18;
const CONFIRM_EXTENDS_DAYS = 180;

const addMonths = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCMonth(x.getUTCMonth() + n);
  return x.toISOString().slice(0, 10);
};

const byRole = (def: FormDefinition, role: FieldDef['role']) => def.fields.filter((f) => f.role === role);
const one = (
  def: FormDefinition,
  data: DemandData,
  values: DemandData['rows'][number]['values'],
  role: FieldDef['role'],
) => {
  const f = byRole(def, role)[0];
  if (!f) return null;
  const v = f.scope === 'org' ? data.org[f.key] : values[f.key];
  return v ?? null;
};

/** Turns one row of an accepted form into the catalogue line, reading columns by their role, never by key. */
export function itemFromRow(
  def: FormDefinition,
  data: DemandData,
  row: DemandData['rows'][number],
  lists: CodeLists,
  publishDate: string,
) {
  const specialtyCode = (one(def, data, row.values, 'specialty') as string | null) ?? null;
  const occupationCode = (one(def, data, row.values, 'occupation') as string | null) ?? null;
  const needType = String(one(def, data, row.values, 'needType') ?? '');
  const postName = (one(def, data, row.values, 'postName') as string | null) ?? '';
  const places = byRole(def, 'places').reduce(
    (s, f) => s + (Number(f.scope === 'org' ? data.org[f.key] : row.values[f.key]) || 0),
    0,
  );
  const declared = (one(def, data, row.values, 'industries') as string[] | null) ?? [];
  const industryCodes = declared.length ? declared : specialtyCode ? industriesForSpecialty(specialtyCode) : [];
  const availableFrom = (one(def, data, row.values, 'availableFrom') as string | null) ?? null;
  const subject = specialtyCode
    ? (specialtyByCode(specialtyCode)?.name ?? specialtyCode)
    : [postName, occupationCode ? occupationByCode(occupationCode)?.name : null]
        .filter(Boolean)
        .filter((v, i, a) => a.indexOf(v) === i)
        .join(' / ');
  const title = `${subject} · ${needType}${places ? ` · ${places} 人` : ''}`;
  const contactRoles = new Set(['contactName', 'contactPhone', 'contactTitle']);
  const fields = def.fields
    .filter((f) => !contactRoles.has(f.role ?? ''))
    .map((f) => ({
      label: f.label,
      value: formatValue(f, f.scope === 'org' ? data.org[f.key] : row.values[f.key], lists),
    }))
    .filter((f) => f.value !== '');
  const detail = String(one(def, data, row.values, 'detail') ?? '');
  const start = availableFrom && availableFrom > publishDate ? availableFrom : publishDate;
  return {
    rowKey: row.key,
    title,
    needType,
    specialtyCode,
    occupationCode,
    industryCodes,
    skillLevel: (one(def, data, row.values, 'skillLevel') as string | null) ?? null,
    postName,
    levels: byRole(def, 'places')
      .filter((f) => f.level && Number(f.scope === 'org' ? data.org[f.key] : row.values[f.key]) > 0)
      .map((f) => f.level!),
    places,
    availableFrom,
    expiresOn: addMonths(start, WINDOW_MONTHS),
    detail,
    fields,
    contactName: String(one(def, data, row.values, 'contactName') ?? ''),
    contactPhone: String(one(def, data, row.values, 'contactPhone') ?? ''),
    contactTitle: String(one(def, data, row.values, 'contactTitle') ?? ''),
    searchText: searchText([title, detail, ...fields.map((f) => f.value)]),
  };
}

/** Latest publication of each campaign: the catalogue shows these. */
export async function latestPublicationIds(db: DbOrTx, campaignId?: number): Promise<number[]> {
  const rows = await db
    .select({ id: max(publications.id) })
    .from(publications)
    .where(campaignId ? eq(publications.campaignId, campaignId) : undefined)
    .groupBy(publications.campaignId);
  return rows.map((r) => r.id!).filter(Boolean);
}

/**
 * The year the catalogue shows when no year is asked for — the public page, its open data and its 汇编 alike: the
 * latest year with a publication (docs/decisions/0020). Earlier years stay reachable with `?year=`.
 */
export async function latestPublishedYear(db: DbOrTx): Promise<number | null> {
  const [r] = await db
    .select({ year: max(campaigns.year) })
    .from(publications)
    .innerJoin(campaigns, eq(campaigns.id, publications.campaignId));
  return r?.year ?? null;
}

/** Each published year with its lines visible today (public, not expired) in its latest version, newest year first. */
export async function publishedYears(db: DbOrTx, day: string): Promise<{ year: number; count: number }[]> {
  return sqlRows<{ year: number; count: number }>(
    db,
    sql`select c.year, count(i.id) filter (where i.status = 'public' and i.expires_on >= ${day})::int as count
        from (select campaign_id, max(id) as id from publications group by campaign_id) p
        join campaigns c on c.id = p.campaign_id left join published_items i on i.publication_id = p.id
        group by c.year order by c.year desc`,
  );
}

/**
 * Publishes the campaign's accepted forms as version n+1. Earlier versions are kept unchanged; an owner's
 * withdrawal or confirmation of a line carries over to the same line in the new version.
 */
const PUBLISH_LOCK = 0x70756231; // 'pub1': the namespace of the per-campaign publication lock

export async function publish(
  db: Db,
  ctx: Ctx,
  year: number,
  note = '',
  publishDate = now().toISOString().slice(0, 10),
) {
  requireAccess(ctx, 'catalogue.publish');
  const campaign = await findCampaign(db, year);
  assertCampaignWritable(campaign);
  const lists = await loadCodeLists(db);
  const accepted = await db
    .select({ form: forms, orgName: orgs.name })
    .from(forms)
    .innerJoin(orgs, eq(orgs.id, forms.orgId))
    .where(and(eq(forms.campaignId, campaign.id), eq(forms.state, 'accepted')));
  if (!accepted.length) throw new AppError(409, 'illegal_transition', '本年度还没有省厅已接收的表单，无法发布');
  // Each form is read with the definition it was filled with (a year may hold more than one version).
  const defs = new Map<string, Awaited<ReturnType<typeof definitionOf>>>();
  for (const { form } of accepted) {
    const k = `${form.kind}@${form.formVersion}`;
    if (!defs.has(k)) defs.set(k, await definitionOf(db, form, year));
  }
  const published = await db.transaction(async (tx) => {
    // Two publications of one campaign at once (two processes, a double click) computed the same version and one
    // failed with a duplicate key: the second now waits for the first and publishes the next version.
    await tx.execute(sql`select pg_advisory_xact_lock(${PUBLISH_LOCK}, ${campaign.id})`);
    const [{ v }] = await tx
      .select({ v: max(publications.version) })
      .from(publications)
      .where(eq(publications.campaignId, campaign.id));
    const prevId = (await latestPublicationIds(tx, campaign.id))[0];
    // Ten clicks (or two processes) publishing the same forms made ten identical versions: a publication with no
    // form accepted, changed or dropped since the last one is refused.
    if (prevId) await assertSomethingToPublish(tx, campaign.id, prevId);
    const carried = new Map<
      string,
      {
        status: 'public' | 'withdrawn';
        withdrawnReason: string | null;
        withdrawnAt: Date | null;
        lastConfirmedAt: Date | null;
        expiresOn: string;
      }
    >();
    if (prevId) {
      const prev = await tx
        .select({
          formId: publishedItems.formId,
          rowKey: publishedItems.rowKey,
          status: publishedItems.status,
          withdrawnReason: publishedItems.withdrawnReason,
          withdrawnAt: publishedItems.withdrawnAt,
          lastConfirmedAt: publishedItems.lastConfirmedAt,
          expiresOn: publishedItems.expiresOn,
        })
        .from(publishedItems)
        .where(eq(publishedItems.publicationId, prevId));
      for (const p of prev) carried.set(`${p.formId}|${p.rowKey}`, p);
    }
    const [pub] = await tx
      .insert(publications)
      .values({ campaignId: campaign.id, version: (v ?? 0) + 1, note, publishedBy: ctx.actor!.id })
      .returning();
    const items = accepted.flatMap(({ form, orgName }) => {
      const def = defs.get(`${form.kind}@${form.formVersion}`)!;
      const data = form.data as DemandData;
      return data.rows.map((row) => {
        const it = itemFromRow(def, data, row, lists, publishDate);
        const c = carried.get(`${form.id}|${row.key}`);
        return {
          ...it,
          ...(c
            ? {
                status: c.status,
                withdrawnReason: c.withdrawnReason,
                withdrawnAt: c.withdrawnAt,
                lastConfirmedAt: c.lastConfirmedAt,
                expiresOn: c.expiresOn > it.expiresOn ? c.expiresOn : it.expiresOn,
              }
            : {}),
          publicationId: pub.id,
          campaignId: campaign.id,
          formId: form.id,
          orgId: form.orgId,
          orgType: form.kind,
          orgName,
          regionCode: form.regionCode,
        };
      });
    });
    for (let i = 0; i < items.length; i += 500) await tx.insert(publishedItems).values(items.slice(i, i + 500));
    await tx.update(publications).set({ itemCount: items.length }).where(eq(publications.id, pub.id));
    await audit(tx, ctx, {
      action: 'catalogue.publish',
      entityType: 'publication',
      entityId: pub.id,
      after: { year, version: pub.version, items: items.length, forms: accepted.length },
    });
    return {
      id: pub.id,
      year,
      version: pub.version,
      itemCount: items.length,
      publishedAt: pub.publishedAt.toISOString(),
      note,
    };
  });
  forgetSearches(db); // searches now read the new version
  return published;
}

async function assertSomethingToPublish(tx: DbOrTx, campaignId: number, prevId: number) {
  const [prev] = await tx
    .select({ at: publications.publishedAt })
    .from(publications)
    .where(eq(publications.id, prevId));
  const before = new Set(
    (
      await tx
        .selectDistinct({ formId: publishedItems.formId })
        .from(publishedItems)
        .where(eq(publishedItems.publicationId, prevId))
    ).map((r) => r.formId),
  );
  const current = await tx
    .select({ id: forms.id, updatedAt: forms.updatedAt })
    .from(forms)
    .where(and(eq(forms.campaignId, campaignId), eq(forms.state, 'accepted')));
  // A line withdrawn since is a change too: the new version (and its 汇编) leaves it out.
  const [withdrawn] = await tx
    .select({ n: count() })
    .from(publishedItems)
    .where(
      and(
        eq(publishedItems.publicationId, prevId),
        eq(publishedItems.status, 'withdrawn'),
        gt(publishedItems.withdrawnAt, prev.at),
      ),
    );
  const unchanged =
    withdrawn.n === 0 &&
    current.length === before.size &&
    current.every((f) => before.has(f.id) && f.updatedAt <= prev.at);
  if (unchanged) throw new AppError(409, 'illegal_transition', '自上次发布以来没有新接收或修改的表单，无需重新发布');
}

export async function listPublications(db: Db) {
  const rows = await db
    .select({
      id: publications.id,
      year: campaigns.year,
      version: publications.version,
      itemCount: publications.itemCount,
      publishedAt: publications.publishedAt,
      note: publications.note,
    })
    .from(publications)
    .innerJoin(campaigns, eq(campaigns.id, publications.campaignId))
    .orderBy(desc(publications.id));
  return rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString() }));
}

/** A published line belongs to the year of its publication: a closed year's lines are no longer withdrawn or confirmed. */
async function campaignOfPublication(db: DbOrTx, publicationId: number): Promise<number> {
  const [p] = await db
    .select({ campaignId: publications.campaignId })
    .from(publications)
    .where(eq(publications.id, publicationId));
  return p.campaignId;
}

export async function withdrawItem(db: Db, ctx: Ctx, id: number, reason: string) {
  const [item] = await db.select().from(publishedItems).where(eq(publishedItems.id, id));
  const actor = requireAccess(
    ctx,
    'form.read',
    item ? { regionCode: item.regionCode, orgId: item.orgId } : { regionCode: '\0' },
  );
  // The province may withdraw any line; an owner its own; a bureau none (it asks the province).
  if (actor.role === 'region') throw new AppError(403, 'forbidden', '撤下需求信息须由省厅或发布单位本身操作');
  const already = () => new AppError(409, 'illegal_transition', '该条需求信息已撤下');
  if (item!.status === 'withdrawn') throw already();
  await assertCampaignWritable(db, await campaignOfPublication(db, item!.publicationId));
  await db.transaction(async (tx) => {
    // The status is checked again by the UPDATE itself: of several withdrawals at once (on any process) one succeeds
    // and writes its audit entry; the others answer 409.
    const done = await tx
      .update(publishedItems)
      .set({ status: 'withdrawn', withdrawnReason: reason, withdrawnAt: now() })
      .where(and(eq(publishedItems.id, id), ne(publishedItems.status, 'withdrawn')))
      .returning({ id: publishedItems.id });
    if (!done.length) throw already();
    await forgetCompiled(tx, item!.publicationId); // the 汇编 of that version lists public lines only
    await audit(tx, ctx, {
      action: 'catalogue.withdraw',
      entityType: 'published_item',
      entityId: id,
      regionCode: item!.regionCode,
      after: { reason },
    });
  });
  forgetSearches(db);
  return item!.orgId;
}

export async function confirmItem(db: Db, ctx: Ctx, id: number) {
  const [item] = await db.select().from(publishedItems).where(eq(publishedItems.id, id));
  const actor = requireAccess(
    ctx,
    'form.fill',
    item ? { regionCode: item.regionCode, orgId: item.orgId } : { regionCode: '\0' },
  );
  if (actor.orgId !== item!.orgId) throw new AppError(404, 'not_found');
  if (item!.status === 'withdrawn') throw new AppError(409, 'illegal_transition', '已撤下的需求信息不能确认');
  await assertCampaignWritable(db, await campaignOfPublication(db, item!.publicationId));
  await db.transaction(async (tx) => {
    // Once a day is enough: a second confirmation the same day (a double click, ten at once) changes nothing and is
    // told so, instead of writing another audit entry. The condition sits in the UPDATE, so only one of ten wins.
    const [done] = await tx
      .update(publishedItems)
      .set({
        lastConfirmedAt: now(),
        expiresOn: sql`greatest(${publishedItems.expiresOn}, ${addDaysIso(today(), CONFIRM_EXTENDS_DAYS)}::date)`,
      })
      .where(
        and(
          eq(publishedItems.id, id),
          sql`(${publishedItems.lastConfirmedAt} is null or (${publishedItems.lastConfirmedAt} at time zone 'Asia/Shanghai')::date < ${today()}::date)`,
        ),
      )
      .returning({ id: publishedItems.id });
    if (!done) throw new AppError(409, 'illegal_transition', '该需求信息今天已确认仍有效，无需重复确认');
    await audit(tx, ctx, {
      action: 'catalogue.confirm',
      entityType: 'published_item',
      entityId: id,
      regionCode: item!.regionCode,
    });
  });
  forgetSearches(db);
  return item!.orgId;
}
