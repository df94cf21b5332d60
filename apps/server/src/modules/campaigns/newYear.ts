import { and, desc, eq, inArray, isNull, lt, lte } from 'drizzle-orm';
import {
  carryTargets,
  defaultDeadlines,
  formDefinition,
  NOTICE_TARGETS,
  REGIONS,
  shiftDeadlines,
  type FormDefinition,
  type FormKind,
} from '@cjrh/domain';
import type { Db, DbOrTx } from '../../db/client';
import { campaignQuotas, campaigns, formDefinitions } from '../../db/schema/index';
import { audit } from '../../lib/audit';
import { now } from '../../lib/clock';
import { latestDefinition, campaignDefinition } from '../forms/definitions.repository';

type CampaignRow = typeof campaigns.$inferSelect;
const KINDS: FormKind[] = ['school', 'enterprise'];

/** The latest campaign before `year`, the one a new year is made from. */
export async function previousCampaign(db: DbOrTx, year: number): Promise<CampaignRow | undefined> {
  const [prev] = await db
    .select()
    .from(campaigns)
    .where(lt(campaigns.year, year))
    .orderBy(desc(campaigns.year))
    .limit(1);
  return prev;
}

/**
 * What a new year proposes before the province edits anything: last year's deadlines moved into the year, the targets
 * that still apply (yearly ones re-dated, cumulative ones kept, none already past), last year's quota totals.
 */
export function proposal(year: number, prev: CampaignRow | undefined) {
  return {
    deadlines: prev ? shiftDeadlines(prev, year) : defaultDeadlines(year),
    targets: carryTargets(year, prev ? prev.targets : NOTICE_TARGETS),
    provinceProjectTotal: prev?.provinceProjectTotal ?? 0,
    provinceKeyEnterpriseTotal: prev?.provinceKeyEnterpriseTotal ?? 600,
  };
}

/**
 * Copies last year's quotas (every region, missing ones as 0) and forms into the new campaign. The forms become the
 * year's own version `Y.1` in form_definitions, for the province to change in the form designer while the year is a
 * draft; a year whose forms are in code (2025) keeps the code's version.
 */
export async function carryIntoNewYear(tx: DbOrTx, row: CampaignRow, prev: CampaignRow | undefined) {
  const prevQuotas = prev
    ? await tx
        .select()
        .from(campaignQuotas)
        .where(and(eq(campaignQuotas.campaignId, prev.id), isNull(campaignQuotas.validTo)))
    : [];
  const byCode = new Map(prevQuotas.map((q) => [q.regionCode, q]));
  await tx.insert(campaignQuotas).values(
    REGIONS.map((r) => {
      const q = byCode.get(r.code);
      return {
        campaignId: row.id,
        regionCode: r.code,
        projectQuota: q?.projectQuota ?? 0,
        keyEnterpriseQuota: q?.keyEnterpriseQuota ?? 0,
        remark: q?.remark ?? '',
      };
    }),
  );
  const versions = { school: '', enterprise: '' };
  const from = { school: '', enterprise: '' };
  for (const kind of KINDS) {
    let inCode: FormDefinition | undefined;
    try {
      inCode = formDefinition(kind, row.year);
    } catch {
      inCode = undefined;
    }
    if (inCode && inCode.campaignYear === row.year) {
      versions[kind] = inCode.version;
      from[kind] = 'code';
      continue;
    }
    const base = prev ? await campaignDefinition(tx, prev, kind) : await latestDefinition(tx, kind, row.year);
    const version = `${row.year}.1`;
    const def: FormDefinition = {
      ...base,
      version,
      campaignYear: row.year,
      source: `复制自 ${base.campaignYear} 年度版本 ${base.version}；省厅可在表单设计中修改`,
    };
    await tx.insert(formDefinitions).values({ kind, campaignYear: row.year, version, definition: def });
    versions[kind] = version;
    from[kind] = base.version;
  }
  const [updated] = await tx
    .update(campaigns)
    .set({ formVersions: versions })
    .where(eq(campaigns.id, row.id))
    .returning();
  return { row: updated, carried: { fromYear: prev?.year ?? null, quotaRegions: prevQuotas.length, forms: from } };
}

/** A campaign's form definitions stop changing when it opens: stored forms must always read with their own version. */
export async function freezeDefinitions(tx: DbOrTx, c: Pick<CampaignRow, 'year' | 'formVersions'>) {
  for (const kind of KINDS) {
    await tx
      .update(formDefinitions)
      .set({ frozenAt: now() })
      .where(
        and(
          eq(formDefinitions.kind, kind),
          eq(formDefinitions.version, c.formVersions[kind]),
          isNull(formDefinitions.frozenAt),
        ),
      );
  }
}

/**
 * Opens every draft whose opening day has come (run with the hourly reminders, so a draft opens on its date without
 * anyone logged in). Idempotent: the update only moves rows still in draft.
 */
export async function openDueCampaigns(db: Db, day: string): Promise<number[]> {
  const due = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.status, 'draft'), lte(campaigns.opensOn, day)));
  const opened: number[] = [];
  for (const c of due) {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(campaigns)
        .set({ status: 'open', updatedAt: now() })
        .where(and(inArray(campaigns.id, [c.id]), eq(campaigns.status, 'draft')))
        .returning();
      if (!row) return;
      await freezeDefinitions(tx, row);
      await audit(
        tx,
        { actor: null, ip: null, requestId: null },
        {
          action: 'campaign.open',
          actorName: '系统（按开启日期）',
          entityType: 'campaign',
          entityId: c.year,
          before: { status: 'draft' },
          after: { status: 'open', opensOn: c.opensOn },
        },
      );
      opened.push(c.year);
    });
  }
  return opened;
}
