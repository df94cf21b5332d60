// Finding organisations to name as partners. Bureaus search /api/orgs (their scope); a school or enterprise account sees
// only itself there, so it searches the public catalogue and the counterparts of its own intents instead.
import { reactive } from 'vue';
import { catalogueApi } from '@/api/catalogue';
import { intentsApi } from '@/api/intents';
import { orgsApi } from '@/api/orgs';
import { useSessionStore } from '@/stores/session';

export type OrgKind = 'school' | 'enterprise';
export interface OrgOption {
  id: number;
  name: string;
  type: OrgKind;
  regionCode?: string;
}

/** Names seen anywhere on the page, by id, so a chosen value keeps its label. */
const known = reactive(new Map<number, OrgOption>());
const pending = new Set<number>();
let intentOrgs: Promise<OrgOption[]> | null = null;

export function remember(orgs: readonly OrgOption[]) {
  for (const o of orgs) if (!known.has(o.id) || known.get(o.id)!.name !== o.name) known.set(o.id, { ...o });
}

export function orgLabel(id: number | null | undefined): string {
  if (id == null) return '';
  const o = known.get(id);
  if (o) return o.name;
  if (!pending.has(id)) {
    // The public organisation page names any registered organisation.
    pending.add(id);
    catalogueApi
      .org(id)
      .then((p) => remember([{ id: p.id, name: p.name, type: p.type, regionCode: p.regionCode }]))
      .catch(() => undefined);
  }
  return `#${id}`;
}

function counterparts(myOrgId: number | null | undefined): Promise<OrgOption[]> {
  if (!intentOrgs) {
    intentOrgs = intentsApi
      .list({ box: 'all', page: 1, pageSize: 200 })
      .then((r) =>
        r.items
          .flatMap((i) => [i.from, i.to])
          .filter((p) => p.orgId !== myOrgId && !p.masked)
          .map((p) => ({ id: p.orgId, name: p.name, type: p.type as OrgKind, regionCode: p.regionCode })),
      )
      .catch(() => []);
  }
  return intentOrgs;
}

/** Organisations of `type` (or both) matching q, best first; at most ~30. */
export async function searchOrgs(q: string, type?: OrgKind): Promise<OrgOption[]> {
  const session = useSessionStore();
  const term = q.trim();
  const found = new Map<number, OrgOption>();
  const add = (o: OrgOption) =>
    (!type || o.type === type) && (!term || o.name.includes(term)) && !found.has(o.id) && found.set(o.id, o);
  if (!session.isOrgUser) {
    const types: OrgKind[] = type ? [type] : ['school', 'enterprise'];
    for (const ty of types) {
      const res = await orgsApi.list({ type: ty, q: term || undefined, pageSize: 20 });
      res.items.forEach((o) => add({ id: o.id, name: o.name, type: o.type, regionCode: o.regionCode }));
    }
  } else {
    const u = session.user;
    if (u?.orgId && u.orgName)
      add({ id: u.orgId, name: u.orgName, type: u.role as OrgKind, regionCode: u.regionCode ?? undefined });
    (await counterparts(u?.orgId)).forEach(add);
    const res = await catalogueApi.search({ q: term || undefined, orgType: type, pageSize: 50 });
    res.items.forEach((i) => add({ id: i.orgId, name: i.orgName, type: i.orgType, regionCode: i.regionCode }));
  }
  const list = [...found.values()].slice(0, 30);
  remember(list);
  return list;
}
