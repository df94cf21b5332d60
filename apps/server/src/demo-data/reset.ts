import { eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { appMeta, selectionExperts, orgs, schoolSpecialties, sessions, users } from '../db/schema/index';
import { deleteDemoCampaign } from './campaign';
import { deleteDemoMatchmaking } from './matchmaking';
import { deleteDemoProjects } from './projects';
import { deleteDemoDuties } from './duties';
import { deleteDemoSchoolBuilding } from './schoolBuilding';
import { deleteDemoYearTwo } from './yearTwo';

/** Removes what a previous seed wrote (`npm run seed -- --reset`), in one transaction. audit_log is append-only (a
 * trigger refuses DELETE) and stays. */
export async function deleteDemoRows(db: Db) {
  return db.transaction((tx) => deleteDemoRowsIn(tx));
}

/** The same inside a transaction the caller holds (`npm run admin -- remove-demo-data` counts and audits in it).
 * Nothing references users by a foreign key but sessions, so audit rows naming a demo account stay as they are. */
export async function deleteDemoRowsIn(tx: DbOrTx) {
  // Rows that point at demo organisations go first: agreements, projects and reports, then catalogue, intents and
  // fairs, then the demo campaign's forms, batches and notifications.
  // Issue 19's records first: priority entries and school scores point at demo organisations.
  await deleteDemoDuties(tx);
  await deleteDemoSchoolBuilding(tx);
  await deleteDemoProjects(tx);
  await deleteDemoMatchmaking(tx);
  await deleteDemoCampaign(tx);
  await deleteDemoYearTwo(tx);
  const demoUsers = tx.select({ id: users.id }).from(users).where(eq(users.isDemo, true));
  const demoOrgs = tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true));
  await tx.delete(sessions).where(inArray(sessions.userId, demoUsers));
  // A demo expert added to a real selection round would otherwise stay listed there.
  await tx.delete(selectionExperts).where(inArray(selectionExperts.userId, demoUsers));
  const u = await tx.delete(users).where(eq(users.isDemo, true)).returning({ id: users.id });
  await tx.delete(schoolSpecialties).where(inArray(schoolSpecialties.orgId, demoOrgs));
  const o = await tx.delete(orgs).where(eq(orgs.isDemo, true)).returning({ id: orgs.id });
  await tx.delete(appMeta).where(eq(appMeta.key, 'demo'));
  return { users: u.length, orgs: o.length };
}
