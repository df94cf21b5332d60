import { defaultCodeLists, formDefinition, normalizeForm, prefillForm } from '@cjrh/domain';
import { campaigns, forms, orgs } from '../src/db/schema/index';
import { eq } from 'drizzle-orm';
import type { TestApp } from './app';

/** Arrange helper: a form already in the given state, with real normalised data (as the services store it). */
export async function formInState(
  t: TestApp,
  year: number,
  orgId: number,
  rows: Record<string, unknown>[],
  state = 'accepted',
) {
  const [org] = await t.database.db.select().from(orgs).where(eq(orgs.id, orgId));
  const [camp] = await t.database.db.select().from(campaigns).where(eq(campaigns.year, year));
  const def = formDefinition(org.type, year);
  const base = prefillForm(def, { ...org, name: org.name } as unknown as Record<string, unknown>, null);
  const { data } = normalizeForm(
    def,
    { org: base.org, rows: rows.map((values) => ({ key: '', values: values as never })) },
    defaultCodeLists(),
  );
  const [f] = await t.database.db
    .insert(forms)
    .values({
      campaignId: camp.id,
      orgId,
      kind: org.type,
      regionCode: org.regionCode,
      formVersion: def.version,
      state,
      data,
      rowCount: data.rows.length,
    })
    .returning();
  return f;
}
