import { DEMO_MARK, makeUscc, specialtiesForIndustry, specialtyByName, USCC_ALPHABET, type Region } from '@cjrh/domain';
import type { orgs, schoolSpecialties } from '../db/schema/index';
import * as N from './names';
import { GENERAL_SPECIALTIES, regionProfiles, type RegionProfile } from './profiles';
import { apportion, mulberry32, type Rng } from './random';

// Pure generation, no database: the same (scale, seed) always yields the same rows in the same order.

export type OrgRow = typeof orgs.$inferInsert & { uscc: string; name: string; regionCode: string };
export type SpecialtyRow = Omit<typeof schoolSpecialties.$inferInsert, 'orgId'>;

export interface DemoPlan {
  profiles: RegionProfile[];
  schools: OrgRow[];
  enterprises: OrgRow[];
  /** School USCC → its specialties (orgId filled in after the insert). */
  specialties: Map<string, SpecialtyRow[]>;
}

/** National 工学一体化 project schools named in the notice. */
const NATIONAL_INTEGRATED_SCHOOLS = 40;
const KEY_ENTERPRISE_SHARE = 0.55;

/** A bijection counter → 9 USCC characters; the multiplier (prime, not 31) scatters consecutive counters
 * so bodies do not all start with zeros, and uniqueness follows from the counter. */
const BODY_SPACE = 31 ** 9;
function usccBody(counter: number): string {
  let v = (counter * 4_294_967_291 + 987_654_321_987) % BODY_SPACE;
  let s = '';
  for (let i = 0; i < 9; i++) {
    s = USCC_ALPHABET[v % 31] + s;
    v = Math.floor(v / 31);
  }
  return s;
}

const pickType = (rng: Rng) => (['技师学院', '高级技工学校', '技工学校'] as const)[rng.weighted([25, 25, 50])];
const TYPE_RANGES = {
  技师学院: { teachers: [150, 400], specialties: [10, 15] },
  高级技工学校: { teachers: [80, 260], specialties: [7, 12] },
  技工学校: { teachers: [40, 160], specialties: [5, 9] },
} as const;

const generalCodes = () => GENERAL_SPECIALTIES.map((n) => specialtyByName(n)?.code).filter((c): c is string => !!c);

function chooseSpecialties(rng: Rng, p: RegionProfile, count: number): string[] {
  const general = generalCodes();
  const weights = p.industries.map((_, i) => 1 / (i + 1));
  const chosen = new Set<string>();
  for (let tries = 0; chosen.size < count && tries < count * 20; tries++) {
    const pool = rng.chance(0.25) ? general : specialtiesForIndustry(p.industries[rng.weighted(weights)].code);
    if (pool.length) chosen.add(rng.pick(pool));
  }
  return [...chosen];
}

function schoolSpecialtyRows(
  rng: Rng,
  enrolment: number,
  codes: string[],
  nationalIntegrated: boolean,
): SpecialtyRow[] {
  const sizes = apportion(
    enrolment,
    codes.map(() => 0.5 + rng.next()),
    20,
  );
  const keys = new Set(rng.sample(codes, Math.min(codes.length, rng.int(2, 4))));
  return codes.map((code, i) => {
    const isKey = keys.has(code);
    return {
      specialtyCode: code,
      enrolment: sizes[i],
      graduatesPerYear: Math.min(sizes[i], Math.round((sizes[i] / 3) * (0.8 + rng.next() * 0.3))),
      integrated: rng.chance(nationalIntegrated ? 0.65 : 0.4),
      isKey,
      backboneTeachers: isKey ? rng.int(2, 10) : rng.int(0, 2),
    };
  });
}

function contact(rng: Rng, region: Region, titles: readonly string[]) {
  return {
    address: N.address(rng, region),
    contactName: N.personName(rng),
    contactTitle: rng.pick(titles),
    contactPhone: N.mobile(rng),
  };
}

export function generateDemo(scale: number, seed: number): DemoPlan {
  const rng = mulberry32(seed);
  const profiles = regionProfiles(scale);
  let counter = 0;
  const schools: OrgRow[] = [];
  const specialties = new Map<string, SpecialtyRow[]>();
  const pendingSpecialties: { row: OrgRow; codes: string[] }[] = [];

  for (const p of profiles) {
    const ordinals: Record<string, number> = {};
    for (let n = 0; n < p.schools; n++) {
      const schoolType = pickType(rng);
      ordinals[schoolType] = (ordinals[schoolType] ?? 0) + 1;
      const ownership = (['公办', '民办', '企业（行业）办'] as const)[rng.weighted([85, 10, 5])];
      const range = TYPE_RANGES[schoolType];
      const teachers = rng.int(range.teachers[0], range.teachers[1]);
      const enrolment = Math.min(12000, Math.max(800, Math.round(teachers * rng.int(16, 30))));
      const row: OrgRow = {
        type: 'school',
        name: N.schoolName(p.region, schoolType, ordinals[schoolType]),
        // 民办 schools register as 民办非企业单位 (52), the others as 事业单位 (12).
        uscc: makeUscc(ownership === '民办' ? '52' : '12', p.region.code, usccBody(++counter)),
        regionCode: p.region.code,
        ...contact(rng, p.region, N.SCHOOL_CONTACT_TITLES),
        schoolType,
        schoolOwnership: ownership,
        fullTimeTeachers: teachers,
        enrolment,
        // The demo accounts log in as the first two schools: keep them in the programme.
        runsProgrammes: n < 2 || rng.chance(0.95),
        nationalIntegrated: false,
        nationalIntegratedDone: false,
        isDemo: true,
      };
      schools.push(row);
      pendingSpecialties.push({
        row,
        codes: chooseSpecialties(rng, p, rng.int(range.specialties[0], range.specialties[1])),
      });
    }
  }

  // Technician colleges are the likeliest national project schools; a random term keeps some others in.
  const typeBonus = { 技师学院: 1, 高级技工学校: 0.5, 技工学校: 0 } as Record<string, number>;
  const ranked = schools
    .map((s) => ({ s, score: typeBonus[s.schoolType!] + rng.next() }))
    .sort((a, b) => b.score - a.score);
  ranked.slice(0, Math.min(schools.length, Math.round(NATIONAL_INTEGRATED_SCHOOLS * scale))).forEach(({ s }) => {
    s.nationalIntegrated = true;
    s.nationalIntegratedDone = rng.chance(0.4);
  });
  for (const { row, codes } of pendingSpecialties) {
    specialties.set(row.uscc, schoolSpecialtyRows(rng, row.enrolment!, codes, row.nationalIntegrated!));
  }

  const enterprises: OrgRow[] = [];
  const taken = new Set<string>();
  for (const p of profiles) {
    const regional: OrgRow[] = [];
    const industryWeights = p.industries.map((_, i) => 1 / (i + 1));
    for (let n = 0; n < p.enterprises; n++) {
      const count = Math.min(p.industries.length, 1 + rng.weighted([50, 35, 15]));
      const codes: string[] = [];
      while (codes.length < count) {
        const code = p.industries[rng.weighted(industryWeights)].code;
        if (!codes.includes(code)) codes.push(code);
      }
      const main = p.industries.find((i) => i.code === codes[0])!;
      const local = p.words[main.code];
      const trade =
        local && rng.chance(0.7) ? rng.pick(local) : N.tradeWord(rng, [main.name, ...main.aliases].join('|'));
      const size = (['大型', '中型', '小型', '微型'] as const)[rng.weighted([8, 22, 55, 15])];
      const employees =
        size === '大型'
          ? Math.round(1000 * Math.exp(rng.next() * Math.log(30)))
          : size === '中型'
            ? rng.int(300, 999)
            : size === '小型'
              ? rng.int(20, 299)
              : rng.int(3, 19);
      const ownership = (['民营', '国有', '外资', '合资', '其他'] as const)[rng.weighted([62, 18, 6, 8, 6])];
      regional.push({
        type: 'enterprise',
        name: N.enterpriseName(rng, p.region, trade, taken),
        uscc: makeUscc('91', p.region.code, usccBody(++counter)),
        regionCode: p.region.code,
        ...contact(rng, p.region, N.ENTERPRISE_CONTACT_TITLES),
        enterpriseOwnership: ownership,
        industryCodes: codes,
        size,
        employees,
        isKey: false,
        integrationLevel: 'none',
        isDemo: true,
      });
    }
    // Key enterprises lean large: the biggest scores win, with enough noise that small firms appear too.
    const sizeBonus = { 大型: 3, 中型: 2, 小型: 1, 微型: 0 } as Record<string, number>;
    const keyCount = Math.min(regional.length, Math.max(2, Math.round(regional.length * KEY_ENTERPRISE_SHARE)));
    const byScore = regional
      .map((e) => ({ e, score: sizeBonus[e.size!] + rng.next() * 2 }))
      .sort((a, b) => b.score - a.score);
    for (const { e } of byScore.slice(0, keyCount)) {
      e.isKey = true;
      const r = rng.next();
      e.integrationLevel = e.size === '大型' && r < 0.12 ? 'national' : r < 0.2 ? 'provincial' : 'none';
    }
    enterprises.push(...regional);
  }
  return { profiles, schools, enterprises, specialties };
}

export const stripMark = (name: string) => (name.endsWith(DEMO_MARK) ? name.slice(0, -DEMO_MARK.length) : name);
