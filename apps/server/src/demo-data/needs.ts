import {
  industriesForSpecialty,
  industryByCode,
  occupationByCode,
  OCCUPATION_INDUSTRIES,
  skillLevelByCode,
  specialtiesForOccupation,
  specialtyByCode,
  type FieldValue,
} from '@cjrh/domain';
import type { SpecialtyRow } from './generate';
import type { Rng } from './random';

// What a school or enterprise would type into the 2025 demand form: rows built from its own specialties (schools) or
// the occupations of its industries (enterprises, through the crosswalk), with sentences that name them. Pure: the
// same PRNG state always gives the same rows. Values are what a person sends (codes, numbers, YYYY-MM-DD); the
// caller runs normalizeForm over them exactly as the server does.

type Values = Record<string, FieldValue>;
export interface RawRow {
  key: string;
  values: Values;
}

const industryName = (code: string) => industryByCode(code)?.name ?? code;
const rowCount = (rng: Rng, weights: number[]) => 1 + rng.weighted(weights);

/** Dates a cooperation of this kind plausibly starts on (autumn term, winter break, spring term). */
const START_DATES: Record<string, string[]> = {
  '订单（定向）班': ['2025-09-01', '2025-09-15', '2025-10-08'],
  学生实习实训基地: ['2025-09-01', '2025-11-03', '2026-03-02'],
  毕业生就业: ['2025-12-01', '2026-01-05', '2026-03-02'],
  教师企业实践: ['2025-10-08', '2025-11-03', '2026-01-12'],
  企业新型学徒制: ['2025-09-15', '2025-10-08', '2026-03-02'],
  职工技能培训: ['2025-09-15', '2025-11-03', '2026-03-02'],
};
const OTHER_DATES = ['2025-09-01', '2025-10-08', '2025-11-03', '2026-03-02'];
const startDate = (rng: Rng, needType: string) =>
  rng.chance(0.2) ? null : rng.pick(START_DATES[needType] ?? OTHER_DATES);

// ---------------------------------------------------------------------------------------------------- schools

const SCHOOL_NEEDS = [
  '毕业生就业',
  '订单（定向）班',
  '学生实习实训基地',
  '教师企业实践',
  '聘请企业客座技能导师',
  '专业（群）共建',
  '企业新型学徒制',
  '技能等级认定/培训评价',
];
const SCHOOL_NEED_WEIGHTS = [25, 20, 20, 12, 10, 6, 4, 3];
/** Levels a school of this type trains (技工学校 中级工; 高级技工学校 up to 高级工; 技师学院 up to 预备技师). */
const LEVELS_BY_TYPE: Record<string, string[]> = {
  技工学校: ['中级工'],
  高级技工学校: ['中级工', '高级工'],
  技师学院: ['中级工', '高级工', '预备技师'],
};
const GRADUATE_KEYS: Record<string, string> = {
  中级工: 'graduatesMidLevel',
  高级工: 'graduatesHighLevel',
  预备技师: 'graduatesTechnician',
};
const LEVEL_WEIGHT: Record<string, number> = { 中级工: 5, 高级工: 4, 预备技师: 1 };

/** Splits n over the levels in proportion to their weights (largest remainder), every level present. */
function splitByLevel(n: number, levels: string[]): Record<string, number> {
  const total = levels.reduce((s, l) => s + LEVEL_WEIGHT[l], 0);
  const raw = levels.map((l) => (n * LEVEL_WEIGHT[l]) / total);
  const out = raw.map(Math.floor);
  let left = n - out.reduce((s, x) => s + x, 0);
  raw
    .map((r, i) => [r - Math.floor(r), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .forEach(([, i]) => {
      if (left-- > 0) out[i]++;
    });
  return Object.fromEntries(levels.map((l, i) => [l, out[i]]));
}

export interface SchoolInput {
  schoolType: string;
  specialties: SpecialtyRow[];
  /** The region's industry codes, main cluster first: the rows' 对接产业 prefer them. */
  regionIndustries: string[];
}

/** 1–6 rows over the school's own specialties; the first one always offers graduates (most schools do). */
export function schoolNeedRows(rng: Rng, school: SchoolInput): RawRow[] {
  const specs = school.specialties;
  if (!specs.length) return [];
  const want = rowCount(rng, [10, 20, 25, 20, 15, 10]);
  const seen = new Set<string>();
  const rows: RawRow[] = [];
  const weights = specs.map((s) => (s.isKey ? 3 : 1));
  for (let tries = 0; rows.length < want && tries < want * 20; tries++) {
    const spec = specs[rng.weighted(weights)];
    const needType =
      rows.length === 0 ? rng.pick(['毕业生就业', '订单（定向）班']) : SCHOOL_NEEDS[rng.weighted(SCHOOL_NEED_WEIGHTS)];
    if (seen.has(`${spec.specialtyCode}|${needType}`)) continue;
    seen.add(`${spec.specialtyCode}|${needType}`);
    rows.push({ key: '', values: schoolRowValues(rng, school, spec, needType) });
  }
  return dedupeTexts(rows);
}

function schoolRowValues(rng: Rng, school: SchoolInput, spec: SpecialtyRow, needType: string): Values {
  const specialty = specialtyByCode(spec.specialtyCode);
  const S = specialty?.name ?? spec.specialtyCode;
  const inds = industriesForSpecialty(spec.specialtyCode);
  const local = inds.filter((c) => school.regionIndustries.includes(c));
  const pool = local.length ? local : inds;
  const target = pool.length
    ? rng.sample(pool, rng.int(1, Math.min(2, pool.length))).sort((a, b) => inds.indexOf(a) - inds.indexOf(b))
    : [];
  const mainIndustry = target.length ? industryName(target[0]) : '相关行业';
  const levels = (LEVELS_BY_TYPE[school.schoolType] ?? ['中级工']).filter(
    (l) => !specialty || (specialty.levels as string[]).includes(l),
  );
  const enrolment = spec.enrolment ?? 0;
  const perYear = Math.max(1, spec.graduatesPerYear ?? 0);

  let graduates: Record<string, number> | null = null;
  let detail: string;
  let resources: string;
  switch (needType) {
    case '毕业生就业': {
      const n = Math.min(enrolment, Math.max(1, Math.round(perYear * (0.5 + rng.next() * 0.4))));
      graduates = splitByLevel(n, levels);
      detail = `${S}专业 2026 届毕业生约 ${n} 人，希望对接${mainIndustry}企业提供就业岗位，可组织企业进校专场招聘`;
      resources = `可组织${S}专业专场招聘会，提供场地并按企业要求推荐学生`;
      break;
    }
    case '订单（定向）班': {
      const size = Math.min(enrolment, perYear, rng.int(20, 45));
      const n = Math.max(1, size);
      graduates = splitByLevel(n, levels);
      detail = `希望与${mainIndustry}企业合办${S}订单（定向）班 1 个（约 ${n} 人），共同制定人才培养方案，学生第三学年进企业实习，考核合格后录用`;
      resources = `${S}实训室 ${rng.int(2, 6)} 间，可承担订单班理论和实操教学`;
      break;
    }
    case '学生实习实训基地': {
      const n = Math.min(enrolment, Math.max(5, Math.round(perYear * (0.4 + rng.next() * 0.5))));
      detail = `为${S}专业 ${n} 名学生寻找跟岗、顶岗实习岗位，实习期 ${rng.pick([3, 4, 6])} 个月，希望共建校外实习实训基地`;
      resources = `${S}专业配备带队教师 ${rng.int(2, 5)} 名，负责学生实习期间的管理和安全`;
      break;
    }
    case '教师企业实践':
      detail = `安排${S}专业 ${rng.int(2, 8)} 名专业教师到企业开展 ${rng.pick([2, 4, 8])} 周实践，参与生产一线和技术改造`;
      resources = `${S}专业教师可参与企业技术攻关和职工培训`;
      break;
    case '聘请企业客座技能导师':
      detail = `聘请 ${rng.int(2, 6)} 名企业技术骨干担任${S}专业客座技能导师，每学期授课不少于 ${rng.pick([16, 24, 32])} 学时`;
      resources = `为${S}专业客座导师提供工作室和课时报酬`;
      break;
    case '专业（群）共建':
      detail = `与${mainIndustry}龙头企业共建${S}专业（群），共同开发课程标准和实训项目，共建生产性实训车间`;
      resources = `${S}专业实训场地约 ${rng.int(4, 30) * 100} 平方米，可共建生产性实训车间`;
      break;
    case '企业新型学徒制':
      detail = `与企业合作开展${S}方向企业新型学徒制培养，每期 ${rng.int(15, 40)} 人，校企双导师带教`;
      resources = `承担${S}方向学徒的理论教学和技能等级认定`;
      break;
    default:
      detail = `面向企业职工开展${S}相关职业技能等级认定，年评价约 ${rng.int(5, 30) * 10} 人次`;
      resources = `具备${S}相关职业技能等级认定资质和考核场地`;
  }

  const values: Values = {
    specialtyCode: spec.specialtyCode,
    specialtyEnrolment: enrolment,
    needType,
    needDetail: detail,
    graduatesMidLevel: null,
    graduatesHighLevel: null,
    graduatesTechnician: null,
    targetIndustries: target.length ? target : null,
    availableFrom: startDate(rng, needType),
    resourcesOffered: rng.chance(0.7) ? resources : null,
    preferredEnterprises: rng.chance(0.7)
      ? rng.pick([`${mainIndustry}企业`, `规模以上${mainIndustry}企业`, `本地${mainIndustry}龙头企业`])
      : null,
    remark: rng.chance(0.1) ? rng.pick(['可根据企业需求调整规模', '已与部分企业初步沟通']) : null,
  };
  if (graduates) for (const [level, n] of Object.entries(graduates)) values[GRADUATE_KEYS[level]] = n;
  return values;
}

// ------------------------------------------------------------------------------------------------ enterprises

const ENTERPRISE_NEEDS = [
  '毕业生就业',
  '学生实习实训基地',
  '订单（定向）班',
  '企业新型学徒制',
  '职工技能培训',
  '技能等级认定/培训评价',
  '教师企业实践',
  '技术研发/技术服务',
];
const ENTERPRISE_NEED_WEIGHTS = [25, 20, 15, 12, 12, 6, 5, 5];
const SKILL_CODES = ['CJG', 'ZJG', 'GJG', 'JS'];
const SKILL_WEIGHTS = [25, 45, 22, 8];
const HEADCOUNT: Record<string, [number, number]> = { 大型: [10, 40], 中型: [5, 30], 小型: [2, 15], 微型: [2, 5] };

/** How firms name posts for an occupation; anything not listed is called by the occupation's own name. */
const POST_NAMES: Record<string, string[]> = {
  车工: ['数控车工', '普通车工'],
  铣工: ['数控铣工', '铣床操作工'],
  焊工: ['焊接操作工', '机器人焊接操作工'],
  电工: ['维修电工', '设备电工'],
  装配钳工: ['总装钳工', '装配钳工'],
  机修钳工: ['设备维修钳工'],
  多工序数控机床操作调整工: ['加工中心操作工'],
  汽车装调工: ['整车装调工', '底盘装调工'],
  质检员: ['质量检验员', '品质检验员'],
  化工总控工: ['中控操作员'],
  中式烹调师: ['厨师', '中餐厨师'],
  仓储管理员: ['仓管员'],
  营销员: ['销售代表'],
  电子设备装接工: ['SMT 操作工', '电子装接工'],
  工业机器人系统运维员: ['机器人运维技术员'],
  计算机程序设计员: ['软件开发工程师'],
  养老护理员: ['护理员'],
};

export interface EnterpriseInput {
  industryCodes: string[];
  size: string | null;
}

const occupationsByIndustry = new Map<string, string[]>();
for (const [occ, inds] of Object.entries(OCCUPATION_INDUSTRIES)) {
  for (const ind of inds) occupationsByIndustry.set(ind, [...(occupationsByIndustry.get(ind) ?? []), occ]);
}

/** 1–6 rows over occupations the enterprise's industries employ (OCCUPATION_INDUSTRIES), main industry first. */
export function enterpriseNeedRows(rng: Rng, ent: EnterpriseInput): RawRow[] {
  const weightOf = new Map<string, number>();
  ent.industryCodes.forEach((ind, i) => {
    for (const occ of occupationsByIndustry.get(ind) ?? [])
      weightOf.set(occ, Math.max(weightOf.get(occ) ?? 0, i === 0 ? 3 : 1));
  });
  if (!weightOf.size) for (const occ of Object.keys(OCCUPATION_INDUSTRIES)) weightOf.set(occ, 1);
  const occs = [...weightOf.keys()];
  const weights = occs.map((o) => weightOf.get(o)!);
  const want = rowCount(rng, [15, 25, 25, 18, 10, 7]);
  const seen = new Set<string>();
  const rows: RawRow[] = [];
  for (let tries = 0; rows.length < want && tries < want * 20; tries++) {
    const occ = occs[rng.weighted(weights)];
    const name = occupationByCode(occ)?.name ?? occ;
    const needType = ENTERPRISE_NEEDS[rng.weighted(ENTERPRISE_NEED_WEIGHTS)];
    const post = rng.pick(POST_NAMES[name] ?? [name]);
    if (seen.has(`${occ}|${post}|${needType}`)) continue;
    seen.add(`${occ}|${post}|${needType}`);
    rows.push({ key: '', values: enterpriseRowValues(rng, ent, occ, name, post, needType) });
  }
  return dedupeTexts(rows);
}

function enterpriseRowValues(
  rng: Rng,
  ent: EnterpriseInput,
  occ: string,
  occName: string,
  P: string,
  needType: string,
): Values {
  const [lo, hi] = HEADCOUNT[ent.size ?? '小型'] ?? HEADCOUNT['小型'];
  const training = needType === '职工技能培训' || needType === '技能等级认定/培训评价';
  let headcount = training ? rng.int(Math.max(lo, 10), Math.max(hi, 20)) : rng.int(lo, hi);
  const skill = needType === '企业新型学徒制' ? rng.pick(['CJG', 'ZJG']) : SKILL_CODES[rng.weighted(SKILL_WEIGHTS)];
  const level = skillLevelByCode(skill)?.name ?? '中级工';
  const specCodes = specialtiesForOccupation(occ);
  const specialty = specCodes.length ? specialtyByCode(rng.pick(specCodes))?.name : undefined;

  let detail: string;
  let resources: string;
  switch (needType) {
    case '毕业生就业':
      detail = `招聘${P} ${headcount} 名，要求${level}及以上，相关专业技工院校毕业生优先，提供五险一金和住宿`;
      resources = `${P}岗位提供岗前培训和师傅带教，转正后享受技能津贴`;
      break;
    case '学生实习实训基地':
      detail = `接收${P}方向实习学生 ${headcount} 名，实习期 ${rng.pick([3, 4, 6])} 个月，安排师傅一对一带教，发放实习补贴`;
      resources = `${P}实习岗位 ${headcount} 个，兼职导师 ${rng.int(1, 5)} 名`;
      break;
    case '订单（定向）班':
      detail = `委托技工院校开设${P}订单班（${headcount} 人），学生第三学年进厂实习，考核合格后录用`;
      resources = `为${P}订单班提供奖学金和企业兼职教师 ${rng.int(1, 4)} 名`;
      break;
    case '企业新型学徒制':
      detail = `对新招录${P} ${headcount} 名开展企业新型学徒制培训，校企双导师培养，周期 ${rng.pick([1, 2])} 年`;
      resources = `${P}学徒带教师傅 ${rng.int(2, 8)} 名，承担学徒在岗培训`;
      break;
    case '职工技能培训':
      detail = `组织${P}岗位职工 ${headcount} 人参加技能提升培训，希望院校提供理论和实操课程`;
      resources = `${P}培训可在企业车间开展，企业承担培训场地`;
      break;
    case '技能等级认定/培训评价':
      detail = `为在岗${P} ${headcount} 人开展${occName}${level}职业技能等级认定`;
      resources = `${P}认定可使用企业生产设备作为考核工位`;
      break;
    case '教师企业实践':
      headcount = Math.min(headcount, 10);
      detail = `可接收院校${specialty ?? occName}相关专业教师 ${headcount} 名来企业实践，时长 ${rng.pick([2, 4, 8])} 周`;
      resources = `为来${P}岗位实践的教师安排技术人员指导`;
      break;
    default:
      detail = `${P}岗位工艺改进需要技术服务，希望与院校共建技能大师工作室，联合开展技术攻关`;
      resources = `${P}岗位可提供攻关课题和试验条件`;
  }
  return {
    occupationCode: occ,
    postName: P,
    headcount,
    skillLevel: rng.chance(0.9) ? skill : null,
    needType,
    needDetail: detail,
    availableFrom: startDate(rng, needType),
    resourcesOffered: rng.chance(0.7) ? resources : null,
    preferredSchools:
      specialty && rng.chance(0.7)
        ? rng.pick([`开设${specialty}专业的技工院校`, `本地技师学院${specialty}专业`])
        : null,
    remark: rng.chance(0.1) ? rng.pick(['长期有效', '人数可根据订单情况调整']) : null,
  };
}

/** The same long text twice in one form is a quality warning; a row whose detail repeats is dropped, a resource cleared. */
function dedupeTexts(rows: RawRow[]): RawRow[] {
  const details = new Set<string>();
  const resources = new Set<string>();
  const out: RawRow[] = [];
  for (const r of rows) {
    const d = String(r.values.needDetail);
    if (details.has(d)) continue;
    details.add(d);
    const res = r.values.resourcesOffered;
    if (typeof res === 'string') {
      if (resources.has(res)) r.values.resourcesOffered = null;
      else resources.add(res);
    }
    out.push(r);
  }
  return out;
}
