// The global search (issue #17): the caller's organisations, agreements and projects whose name or number
// contains the words. Each kind comes from its own list service, so the access rules (requireAccess, listScope,
// the parties of an agreement) are the ones the lists apply, decided in the same place; a kind the caller may not
// list is simply empty.
import { can, SEARCH_LIMIT, type SearchResult } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { requireActor, type Ctx } from '../../http/access';
import { listOrgsFor } from '../orgs/orgs.service';
import { listAgreements } from '../agreements/queries.service';
import { listProjects } from '../projects/queries.service';

const page = { page: 1, pageSize: SEARCH_LIMIT };
const none = { items: [], total: 0 };

export async function search(db: Db, ctx: Ctx, q: string): Promise<SearchResult> {
  const actor = requireActor(ctx);
  // An expert reviews demonstration entries and is party to no agreement: nothing here is theirs.
  const bureauOrParty = actor.role !== 'expert';
  const [orgs, agreements, projects] = await Promise.all([
    can(actor.role, 'org.read') ? listOrgsFor(db, ctx, { q, ...page }) : none,
    bureauOrParty ? listAgreements(db, ctx, { q, ...page }) : none,
    bureauOrParty ? listProjects(db, ctx, { q, ...page }) : none,
  ]);
  return {
    orgs: {
      total: orgs.total,
      items: orgs.items.map((o) => ({
        id: o.id,
        title: o.name,
        sub: `${o.type === 'school' ? '技工院校' : '企业'} · ${o.regionName ?? ''}`,
      })),
    },
    agreements: {
      total: agreements.total,
      items: agreements.items.map((a) => ({ id: a.id, title: a.title, sub: a.agreementNo })),
    },
    projects: {
      total: projects.total,
      items: projects.items.map((p) => ({ id: p.id, title: p.title, sub: `${p.agreementNo} · ${p.schoolName}` })),
    },
  };
}
