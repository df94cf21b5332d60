import { allianceName, industriesForSpecialty, type EnterpriseLite, type SchoolLite } from './projectData';
import { TYPE_RANK, type AgStatus, type APlan, type SeedCtx } from './projectsCommon';

/** One region's planned agreements (projectsPlan.ts, steps 1–4 done) and what picking their parties needs. */
export interface RegionShells {
  profile: SeedCtx['plan']['profiles'][number];
  /** The region's schools running at least one project. */
  running: SchoolLite[];
  keyEnts: EnterpriseLite[];
  ahead: boolean;
  behind: boolean;
  shells: APlan[];
  /** Accepted intents already turned into an agreement (across regions). */
  intentUsed: Set<number>;
}

/**
 * Step 5 of planning the agreements: the parties. The demo accounts' organisations first, then accepted intents,
 * then the region's schools in turn; alliances get a lead school, members and a name. Draws from the stage's one
 * stream, in the same order as before the split.
 */
export function assignParties(c: SeedCtx, r: RegionShells): void {
  const { rng, acceptedIntents, schoolById, entById } = c;
  const { profile, running, keyEnts, ahead, behind, shells, intentUsed } = r;
  const code = profile.region.code;
  const f = ahead ? 0.95 : behind ? 0.6 : 0.8;
  const engaged = [...running.slice(0, 2), ...rng.sample(running.slice(2), Math.round(f * running.length) - 2)];
  const typeRank = (s: SchoolLite) => TYPE_RANK[s.schoolType] ?? 2;
  const alliances = shells.filter((s) => s.kind === 'alliance');
  const leads = [...engaged].sort((a, b) => typeRank(a) - typeRank(b) || a.id - b.id);
  alliances.forEach((s, i) => {
    const lead = leads[i % leads.length];
    const otherSchools = rng.sample(
      running.filter((x) => x.id !== lead.id),
      rng.int(0, 2),
    );
    const ents = rng.sample(keyEnts, rng.int(2, 3));
    s.school = lead;
    s.schools = [lead, ...otherSchools].slice(0, 3);
    s.enterprises = ents.slice(0, Math.max(1, 6 - s.schools.length));
    s.allianceName = allianceName(rng, profile.region, profile.industries[i % profile.industries.length]?.code ?? '');
  });
  const rank: Record<AgStatus, number> = { active: 0, expired: 1, terminated: 2, signed: 3, draft: 4 };
  const bilateral = shells
    .filter((s) => s.kind === 'bilateral')
    .sort((a, b) => rank[a.status] - rank[b.status] || a.createdDate.localeCompare(b.createdDate) || a.idx - b.idx);
  const assign = (s: APlan, school: SchoolLite, ents: EnterpriseLite[]) => {
    s.school = school;
    s.schools = [school];
    s.enterprises = ents;
  };
  bilateral
    .filter((s) => s.status === 'active')
    .slice(0, 2)
    .forEach((s, i) => assign(s, running[i] ?? running[0], [keyEnts[i] ?? keyEnts[0]]));
  for (const it of acceptedIntents) {
    if (intentUsed.has(it.id)) continue;
    const sch = schoolById.get(it.fromOrgId) ?? schoolById.get(it.toOrgId);
    const ent = entById.get(it.fromOrgId) ?? entById.get(it.toOrgId);
    if (!sch || !ent || sch.regionCode !== code || !it.decidedAt) continue;
    const decided = new Date(it.decidedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const s = bilateral
      .filter((x) => !x.school && x.createdDate > decided)
      .sort(
        (a, b) =>
          (a.status === 'draft' ? 1 : 0) - (b.status === 'draft' ? 1 : 0) || a.createdDate.localeCompare(b.createdDate),
      )[0];
    if (!s) continue;
    assign(s, sch, [ent]);
    s.intentId = it.id;
    intentUsed.add(it.id);
  }
  const queueSchools = rng.shuffle(engaged.filter((x) => !bilateral.some((s) => s.school?.id === x.id)));
  const sizeBonus: Record<string, number> = { 大型: 3, 中型: 2, 小型: 1, 微型: 0.5 };
  const otherKeyEnts = [...entById.values()].filter((e) => e.isKey && e.regionCode !== code);
  for (const s of bilateral) {
    if (s.school) continue;
    const school =
      queueSchools.shift() ?? engaged[rng.weighted(engaged.map((x, i) => (3 - typeRank(x)) * (i < 2 ? 1.5 : 1)))];
    const fits = new Set(school.specialties.flatMap((x) => industriesForSpecialty(x.specialtyCode)));
    const keyFits = new Set(
      school.specialties.filter((x) => x.isKey).flatMap((x) => industriesForSpecialty(x.specialtyCode)),
    );
    const used = new Set(
      bilateral.filter((x) => x.school?.id === school.id).flatMap((x) => x.enterprises.map((e) => e.id)),
    );
    const pickEnt = (exclude: Set<number>) => {
      if (otherKeyEnts.length && rng.chance(0.08)) {
        const wuhan = otherKeyEnts.filter((e) => e.regionCode === '420100');
        return rng.pick(wuhan.length && rng.chance(0.5) ? wuhan : otherKeyEnts);
      }
      const pool = keyEnts.filter((e) => !exclude.has(e.id));
      const list = pool.length ? pool : keyEnts;
      return list[
        rng.weighted(
          list.map(
            (e) =>
              (sizeBonus[e.size] ?? 1) *
              (e.industryCodes.some((c) => keyFits.has(c)) ? 8 : e.industryCodes.some((c) => fits.has(c)) ? 3 : 1) *
              (used.has(e.id) ? 0.1 : 1),
          ),
        )
      ];
    };
    const first = pickEnt(new Set());
    const ents = [first];
    if (rng.chance(0.06)) {
      const second = pickEnt(new Set([first.id]));
      if (second.id !== first.id) ents.push(second);
    }
    assign(s, school, ents);
  }
}
