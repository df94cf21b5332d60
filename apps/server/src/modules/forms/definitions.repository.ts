import { and, eq, lte } from 'drizzle-orm';
import {
  compareVersions,
  formDefinition,
  formDefinitionByVersion,
  type FormDefinition,
  type FormKind,
} from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { formDefinitions } from '../../db/schema/index';

/**
 * Where a form definition comes from: the `form_definitions` table (every year the province created, edited in the
 * form designer), else the code (the 2025 forms, packages/domain/src/forms/definitions). Only the database answers
 * for a year that has rows, so 2026 never silently falls back to 2025.1.
 */
export type CampaignForms = { year: number; formVersions: { school: string; enterprise: string } };

export async function definitionByVersion(
  db: DbOrTx,
  kind: FormKind,
  version: string,
): Promise<FormDefinition | undefined> {
  const [row] = await db
    .select()
    .from(formDefinitions)
    .where(and(eq(formDefinitions.kind, kind), eq(formDefinitions.version, version)));
  if (row) return row.definition as FormDefinition;
  return formDefinitionByVersion(kind, version);
}

/** The latest definition whose campaign year is ≤ year: stored ones first, the code's (2025) as the fallback. */
export async function latestDefinition(db: DbOrTx, kind: FormKind, year: number): Promise<FormDefinition> {
  const rows = await db
    .select()
    .from(formDefinitions)
    .where(and(eq(formDefinitions.kind, kind), lte(formDefinitions.campaignYear, year)));
  if (rows.length) {
    const best = rows.reduce((b, r) =>
      r.campaignYear > b.campaignYear ||
      (r.campaignYear === b.campaignYear && compareVersions(r.version, b.version) > 0)
        ? r
        : b,
    );
    return best.definition as FormDefinition;
  }
  return formDefinition(kind, year);
}

/** The definition a campaign collects with: the version the campaign names, else the latest for its year. */
export async function campaignDefinition(db: DbOrTx, campaign: CampaignForms, kind: FormKind): Promise<FormDefinition> {
  return (
    (await definitionByVersion(db, kind, campaign.formVersions[kind])) ?? latestDefinition(db, kind, campaign.year)
  );
}

/** The exact definition a stored form was filled with (its formVersion), else its year's. */
export async function definitionOf(
  db: DbOrTx,
  form: { kind: FormKind; formVersion: string },
  year: number,
): Promise<FormDefinition> {
  return (await definitionByVersion(db, form.kind, form.formVersion)) ?? latestDefinition(db, form.kind, year);
}

export async function storedDefinitionRow(db: DbOrTx, kind: FormKind, version: string) {
  const [row] = await db
    .select()
    .from(formDefinitions)
    .where(and(eq(formDefinitions.kind, kind), eq(formDefinitions.version, version)));
  return row;
}
