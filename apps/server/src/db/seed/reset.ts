import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { appMeta, orgs, schoolSpecialties, sessions, users } from '../schema/index';
import { deleteDemoCampaign } from './campaign';
import { deleteDemoMatchmaking } from './matchmaking';
import { deleteDemoProjects } from './projects';

/** Removes what a previous seed wrote (`npm run seed -- --reset`), in one transaction. audit_log is append-only (a
 * trigger refuses DELETE) and stays. */
export async function deleteDemoRows(db: Db) {
  return db.transaction(async (tx) => {
    // Rows that point at demo organisations go first: agreements, projects and reports, then catalogue, intents and
    // fairs, then the demo campaign's forms, batches and notifications.
    await deleteDemoProjects(tx);
    await deleteDemoMatchmaking(tx);
    await deleteDemoCampaign(tx);
    const demoUsers = tx.select({ id: users.id }).from(users).where(eq(users.isDemo, true));
    const demoOrgs = tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.isDemo, true));
    await tx.delete(sessions).where(inArray(sessions.userId, demoUsers));
    const u = await tx.delete(users).where(eq(users.isDemo, true)).returning({ id: users.id });
    await tx.delete(schoolSpecialties).where(inArray(schoolSpecialties.orgId, demoOrgs));
    const o = await tx.delete(orgs).where(eq(orgs.isDemo, true)).returning({ id: orgs.id });
    await tx.delete(appMeta).where(eq(appMeta.key, 'demo'));
    return { users: u.length, orgs: o.length };
  });
}
