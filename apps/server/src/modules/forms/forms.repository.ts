import { and, asc, count, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import { codeListFrom, REGIONS, type CodeLists } from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { campaigns, dictEntries, forms, formSnapshots, formTransitions, orgs } from '../../db/schema/index';

export type FormRowDb = typeof forms.$inferSelect;

/** Code lists for validation come from the editable dictionaries, so a new specialty is accepted at once. */
export async function loadCodeLists(db: DbOrTx): Promise<CodeLists> {
  const rows = await db
    .select({ kind: dictEntries.kind, code: dictEntries.code, name: dictEntries.name, data: dictEntries.data })
    .from(dictEntries)
    .where(eq(dictEntries.active, true))
    .orderBy(asc(dictEntries.sortOrder), asc(dictEntries.code));
  // In the dictionaries' own order (sortOrder, as the web's selects): the 新八级工 ladder runs 学徒工 → 首席技师, not by code.
  const of = (kind: string) =>
    codeListFrom(
      rows
        .filter((r) => r.kind === kind)
        .map((r) => ({ code: r.code, name: r.name, aliases: (r.data.aliases as string[] | undefined) ?? [] })),
    );
  return {
    region: codeListFrom(REGIONS.map((r) => ({ code: r.code, name: r.name, aliases: [r.shortName] }))),
    specialty: of('specialty'),
    occupation: of('occupation'),
    industry: of('industry'),
    skill_level: of('skill_level'),
  };
}

export async function findForm(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ form: forms, orgName: orgs.name, year: campaigns.year })
    .from(forms)
    .innerJoin(orgs, eq(orgs.id, forms.orgId))
    .innerJoin(campaigns, eq(campaigns.id, forms.campaignId))
    .where(eq(forms.id, id));
  return row;
}

export async function findFormOf(db: DbOrTx, campaignId: number, orgId: number) {
  const [row] = await db
    .select()
    .from(forms)
    .where(and(eq(forms.campaignId, campaignId), eq(forms.orgId, orgId)));
  return row;
}

/** The organisation's form of the most recent earlier campaign, for prefilling. */
export async function lastYearForm(db: DbOrTx, orgId: number, year: number) {
  const [row] = await db
    .select({ data: forms.data, year: campaigns.year })
    .from(forms)
    .innerJoin(campaigns, eq(campaigns.id, forms.campaignId))
    .where(and(eq(forms.orgId, orgId), sql`${campaigns.year} < ${year}`))
    .orderBy(desc(campaigns.year))
    .limit(1);
  return row;
}

export interface FormFilter {
  campaignId: number;
  regionCode?: string;
  orgId?: number;
  state?: string;
  kind?: string;
  q?: string;
}

export async function listForms(db: DbOrTx, f: FormFilter, page: number, pageSize: number) {
  const parts: SQL[] = [eq(forms.campaignId, f.campaignId)];
  if (f.regionCode) parts.push(eq(forms.regionCode, f.regionCode));
  if (f.orgId != null) parts.push(eq(forms.orgId, f.orgId));
  if (f.state) parts.push(eq(forms.state, f.state));
  if (f.kind) parts.push(eq(forms.kind, f.kind as 'school'));
  if (f.q) parts.push(ilike(orgs.name, `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const w = and(...parts);
  const [items, [{ total }]] = await Promise.all([
    db
      .select({ form: forms, orgName: orgs.name })
      .from(forms)
      .innerJoin(orgs, eq(orgs.id, forms.orgId))
      .where(w)
      .orderBy(asc(forms.regionCode), asc(forms.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(forms).innerJoin(orgs, eq(orgs.id, forms.orgId)).where(w),
  ]);
  return { items, total };
}

export async function insertSnapshot(tx: DbOrTx, form: FormRowDb, actorId: number | null) {
  const [s] = await tx
    .insert(formSnapshots)
    .values({ formId: form.id, formVersion: form.version, state: form.state, data: form.data, createdBy: actorId })
    .returning({ id: formSnapshots.id });
  return s.id;
}

export async function findSnapshot(db: DbOrTx, id: number) {
  const [s] = await db.select().from(formSnapshots).where(eq(formSnapshots.id, id));
  return s;
}

export async function transitionsOf(db: DbOrTx, formId: number) {
  return db.select().from(formTransitions).where(eq(formTransitions.formId, formId)).orderBy(asc(formTransitions.id));
}
