import { createHash } from 'node:crypto';
import {
  BASE_MODES,
  COMPETITION_LEVELS,
  DEMO_MARK,
  DETAILED_OCCUPATIONS,
  industriesForSpecialty as industriesOfSpecialty,
  industryByCode,
  occupationByCode,
  occupationsForSpecialty,
  RND_KINDS,
  specialtyByCode,
  TRAINING_EVAL_MODES,
  type ProjectType,
} from '@cjrh/domain';
import * as N from './names';
import { addDays, dayNo, fromDayNo, maxDate, minDate, termEndOf } from './projectDates';
import type { Rng } from './random';

// Pure builders for the demo's cooperation projects: type-specific `data`, titles and people (mentors, teachers);
// dates are in projectDates.ts, report metrics in projectMetrics.ts, the signed scan in scan.ts. No database; the
// caller validates everything with the domain schemas.

// ---------------------------------------------------------------- names

/** '示例·襄阳市第一技师学院（示例）' → '襄阳市第一技师学院'. */
export const bareName = (name: string) => name.replace(/^示例·/, '').replace(DEMO_MARK, '');
/** Enterprise names without the legal-form suffix, for titles. */
export const shortEnterprise = (name: string) =>
  bareName(name).replace(/(集团|科技|股份)?(有限责任公司|有限公司)$/, '');
export const specialtyName = (code: string) => specialtyByCode(code)?.name ?? code;
const occupationName = (code: string) => occupationByCode(code)?.name ?? code;
const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** A person key as the server would store it: 32 hex characters, derived here from a stable label. */
/** industriesForSpecialty, remembered: the seed asks for the same few hundred specialties thousands of times. */
const industryCache = new Map<string, string[]>();
export const industriesForSpecialty = (code: string) =>
  industryCache.get(code) ?? (industryCache.set(code, industriesOfSpecialty(code)), industryCache.get(code)!);

const personKey = (label: string) => createHash('sha256').update(`cjrh-demo:${label}`).digest('hex').slice(0, 32);

// ---------------------------------------------------------------- context

export interface SpecialtyLite {
  specialtyCode: string;
  isKey: boolean;
  enrolment: number;
}
export interface SchoolLite {
  id: number;
  uscc: string;
  name: string;
  regionCode: string;
  address: string;
  schoolType: string;
  specialties: SpecialtyLite[];
}
export interface EnterpriseLite {
  id: number;
  uscc: string;
  name: string;
  regionCode: string;
  address: string;
  industryCodes: string[];
  isKey: boolean;
  size: string;
}
export interface Mentor {
  name: string;
  idKey: string;
  title: string;
  skillLevel: string;
  enterpriseOrgId: number;
}
export interface Teacher {
  name: string;
  idKey: string;
  specialtyCode: string;
  keySpecialty: boolean;
  backbone: boolean;
}

export interface BuildInput {
  rng: Rng;
  type: ProjectType;
  school: SchoolLite;
  enterprises: EnterpriseLite[];
  region: { code: string; name: string; shortName: string };
  /** The region's industries (codes), main cluster first. */
  industries: string[];
  start: string;
  end: string;
  today: string;
  /** Alliance projects: the members and the lead. */
  members?: number[];
  leadOrgId?: number;
  allianceName?: string;
  mentorsOf: (e: EnterpriseLite) => Mentor[];
  teachersOf: (s: SchoolLite) => Teacher[];
}

/** The school specialty that best serves the enterprise's industries (key specialties first), else any. */
export function matchingSpecialty(rng: Rng, school: SchoolLite, ent: EnterpriseLite | undefined): SpecialtyLite {
  const specs = school.specialties;
  const fits = ent
    ? specs.filter((s) => industriesForSpecialty(s.specialtyCode).some((i) => ent.industryCodes.includes(i)))
    : [];
  const pool = fits.length ? fits : specs;
  const keys = pool.filter((s) => s.isKey);
  return rng.pick(keys.length && rng.chance(0.6) ? keys : pool);
}

/** A detailed occupation for the specialty (one that serves the enterprise's industries when possible). */
function occupationFor(rng: Rng, specialtyCode: string): string {
  const occ = occupationsForSpecialty(specialtyCode);
  return occ.length ? rng.pick(occ) : rng.pick(DETAILED_OCCUPATIONS).code;
}

const MENTOR_TITLES = [
  '车间主任',
  '首席技师',
  '高级工程师',
  '技术部经理',
  '班组长',
  '工艺工程师',
  '质量主管',
  '生产经理',
  '设备主管',
];
const MENTOR_LEVELS = ['GJG', 'JS', 'GJJS', 'TJJS', 'SXJS'];

/** 2–5 people an enterprise lends to schools as mentors; the same people serve several projects. */
export function mentorPool(rng: Rng, seed: number, e: EnterpriseLite): Mentor[] {
  return Array.from({ length: rng.int(2, 5) }, (_, i) => ({
    name: N.personName(rng),
    idKey: personKey(`mentor:${seed}:${e.uscc}:${i}`),
    title: rng.pick(MENTOR_TITLES),
    skillLevel: MENTOR_LEVELS[rng.weighted([15, 35, 30, 12, 8])],
    enterpriseOrgId: e.id,
  }));
}

/** 3–8 teachers of a school who go on enterprise practice, mostly from key specialties. */
export function teacherPool(rng: Rng, seed: number, s: SchoolLite): Teacher[] {
  const keys = s.specialties.filter((x) => x.isKey);
  return Array.from({ length: rng.int(3, 8) }, (_, i) => {
    const spec = keys.length && rng.chance(0.7) ? rng.pick(keys) : rng.pick(s.specialties);
    return {
      name: N.personName(rng),
      idKey: personKey(`teacher:${seed}:${s.uscc}:${i}`),
      specialtyCode: spec.specialtyCode,
      keySpecialty: spec.isKey,
      backbone: rng.chance(spec.isKey ? 0.8 : 0.25),
    };
  });
}

const ALLIANCE_WORDS = ['技工教育联盟', '产教融合共同体', '技工教育集团'];
export const allianceName = (rng: Rng, region: { shortName: string }, industryCode: string) =>
  `${region.shortName}${industryByCode(industryCode)?.name ?? ''}${rng.pick(ALLIANCE_WORDS)}`;

const RND_OUTCOMES: Record<(typeof RND_KINDS)[number], (spec: string, ent: string) => string> = {
  技术研发: (spec, ent) => `与${ent}联合攻关${spec}相关生产工艺改进，形成技术方案并在产线试用`,
  技术服务: (spec, ent) => `为${ent}提供${spec}方向的设备维护与工艺优化技术服务`,
  课程开发: (spec) => `校企合作开发${spec}专业工学一体化课程（学习任务与评价标准）`,
  教材共建: (spec) => `合编《${spec}》工学一体化活页式教材`,
};

/** One project's title and `data` (before validation). */
export function buildProject(b: BuildInput): { title: string; data: Record<string, unknown> } {
  const { rng, type, school, enterprises, start, end, today } = b;
  const ent = enterprises[0];
  const entShort = ent ? shortEnterprise(ent.name) : bareName(school.name);
  const spec = matchingSpecialty(rng, school, ent);
  const specName = specialtyName(spec.specialtyCode);
  const year = start.slice(0, 4);
  switch (type) {
    case 'alliance': {
      const focus = [...new Set([b.industries[0], ...rng.sample(b.industries.slice(1), rng.int(0, 2))])].filter(
        Boolean,
      );
      return {
        title: b.allianceName!,
        data: { name: b.allianceName!, memberOrgIds: b.members!, leadOrgId: b.leadOrgId!, focusIndustries: focus },
      };
    }
    case 'specialty': {
      const others = rng.sample(
        school.specialties.filter((s) => s.specialtyCode !== spec.specialtyCode),
        rng.int(1, 3),
      );
      const codes = [spec.specialtyCode, ...others.map((s) => s.specialtyCode)];
      const groupName = rng.chance(0.5)
        ? `${specName}专业群`
        : `${industryByCode(b.industries[0])?.name ?? specName}产教融合特色专业群`;
      return {
        title: clip(`${groupName}建设（${entShort}共建）`, 100),
        data: {
          groupName: clip(groupName, 100),
          specialtyCodes: codes,
          coBuiltCurriculum: rng.chance(0.75),
          coBuiltMaterials: rng.int(0, 6),
          integrated: rng.chance(0.6),
        },
      };
    }
    case 'base': {
      // The school's key specialties, those serving the partner's industries first.
      const keys = school.specialties.filter((s) => s.isKey);
      const fit = (s: SpecialtyLite) =>
        industriesForSpecialty(s.specialtyCode).some((i) => ent.industryCodes.includes(i));
      const ordered = [...rng.shuffle(keys.filter(fit)), ...rng.shuffle(keys.filter((s) => !fit(s)))];
      const served = (ordered.length ? ordered.slice(0, rng.int(1, Math.min(3, ordered.length))) : [spec]).map(
        (s) => s.specialtyCode,
      );
      const mode = BASE_MODES[rng.weighted([45, 35, 20])];
      const location =
        mode === '引校进企' && ent
          ? `${bareName(ent.address)}（${entShort}生产车间）`
          : `${bareName(school.address)}（${mode === '引企入校' ? '校内实训中心' : '校企一体化实训楼'}）`;
      return {
        title: clip(`${entShort}${specialtyName(served[0])}实习实训基地`, 100),
        data: {
          location: clip(location, 200),
          mode,
          productive: rng.chance(0.55),
          capacity: rng.int(4, 40) * 10,
          specialtyCodes: served,
        },
      };
    }
    case 'order_class': {
      const levels = specialtyByCode(spec.specialtyCode)?.levels ?? ['高级工'];
      const level = levels.includes('高级工') && rng.chance(0.6) ? '高级工' : rng.pick(levels);
      const students = rng.int(20, 50);
      return {
        title: clip(`${entShort}${specName}订单班（${year}级）`, 100),
        data: {
          specialtyCode: spec.specialtyCode,
          level,
          students,
          startDate: start,
          endDate: end,
          hiringCommitment: Math.round(students * (0.5 + rng.next() * 0.5)),
          cancelled: false,
        },
      };
    }
    case 'mentor': {
      const own = ent ? rng.sample(b.mentorsOf(ent), rng.int(2, 4)) : [];
      // Now and then an engineer of another partner joins: the same person may mentor at several schools.
      const extra = enterprises.slice(1).flatMap((e) => rng.sample(b.mentorsOf(e), 1));
      const people = [...own, ...extra].filter((m, i, all) => all.findIndex((x) => x.idKey === m.idKey) === i);
      const mentors = people.map((m) => {
        const termStart = addDays(start, rng.chance(0.7) ? 0 : rng.int(1, 30));
        const termEnd = minDate(termEndOf(termStart, rng.chance(0.75) ? 24 : 12), end);
        return { ...m, teachingHours: rng.int(2, 15) * 8, termStart, termEnd: maxDate(termEnd, termStart) };
      });
      return { title: clip(`${entShort}客座技能导师（${specName}）`, 100), data: { mentors } };
    }
    case 'training_eval': {
      const mode = TRAINING_EVAL_MODES[rng.weighted([30, 30, 12, 14, 14])];
      const occ = occupationFor(rng, spec.specialtyCode);
      return {
        title: clip(`${entShort}${occupationName(occ)}${mode}${mode.endsWith('培训') ? '' : '培训评价'}项目`, 100),
        // actualPersonTimes and certificatesByLevel are filled from the reports by the caller.
        data: {
          mode,
          occupationCode: occ,
          plannedPersonTimes: Math.max(
            100,
            Math.round((((dayNo(end) - dayNo(start)) / 30) * rng.int(60, 120)) / 10) * 10,
          ),
          actualPersonTimes: 0,
          certificatesByLevel: {},
          startDate: start,
          endDate: end,
        },
      };
    }
    case 'teacher_practice': {
      const pool = b.teachersOf(school);
      const chosen = rng.sample(pool, rng.int(2, Math.min(5, pool.length)));
      const teachers = chosen.map((t) => {
        // Practice mostly in 2026 (the year the indicator looks at), inside the project's term and before today; a
        // project not yet started plans its practice in its first half-year.
        let from: string;
        let to: string;
        if (start > addDays(today, -10)) {
          from = start;
          to = minDate(end, addDays(start, 180));
        } else {
          const lastDay = minDate(end, addDays(today, -3));
          const in2025 = start < '2026-01-01' && rng.chance(0.25);
          from = in2025 ? start : maxDate(start, '2026-01-05');
          to = in2025 ? minDate('2025-12-31', lastDay) : minDate(lastDay, '2026-12-20');
          if (to < from) [from, to] = [start, maxDate(start, lastDay)];
        }
        const span = dayNo(to) - dayNo(from) + 1;
        const days = Math.max(1, Math.min(rng.chance(0.45) ? rng.int(30, 45) : rng.int(5, 28), span));
        const s = fromDayNo(rng.int(dayNo(from), dayNo(to) - days + 1));
        const e = minDate(addDays(s, days - 1 + rng.int(0, 10)), to);
        return {
          ...t,
          enterpriseOrgId: (enterprises.length ? rng.pick(enterprises) : ent).id,
          days,
          startDate: s,
          endDate: e,
        };
      });
      return { title: clip(`${year} 年${specName}等专业教师企业实践（${entShort}）`, 100), data: { teachers } };
    }
    case 'competition': {
      const level = COMPETITION_LEVELS[rng.weighted([30, 35, 17, 3, 15])];
      const occ = occupationFor(rng, spec.specialtyCode);
      const participants = rng.int(4, 48) * 5;
      const date = minDate(addDays(start, rng.int(20, 100)), end);
      const host =
        level === '校级'
          ? bareName(school.name)
          : level === '行业'
            ? `${industryByCode(ent?.industryCodes[0] ?? b.industries[0])?.name ?? ''}行业`
            : level === '市级'
              ? b.region.name
              : level === '省级'
                ? '湖北省'
                : '全国';
      const name = clip(`${date.slice(0, 4)} 年${host}${occupationName(occ)}职业技能竞赛`, 100);
      return {
        title: clip(`${name}（${entShort}联办）`, 100),
        data: {
          name,
          level,
          occupationCode: occ,
          participants,
          awards: Math.round(participants * (0.1 + rng.next() * 0.2)),
          date,
        },
      };
    }
    case 'rnd': {
      const kind = RND_KINDS[rng.weighted([25, 20, 30, 25])];
      const outcome = RND_OUTCOMES[kind](specName, entShort);
      return {
        title: clip(`${kind}：${specName}（${entShort}）`, 100),
        data: { kind, outcome, outputs: rng.int(1, 6) },
      };
    }
  }
}

/** Duration of a project of `type` in months (its endDate is start + months − 1 day). */
export function projectMonths(rng: Rng, type: ProjectType): number {
  switch (type) {
    case 'alliance':
    case 'base':
      return 36;
    case 'specialty':
    case 'order_class':
      return rng.pick([24, 36]);
    case 'mentor':
      return rng.pick([12, 24, 24]);
    case 'training_eval':
      return rng.int(6, 12);
    case 'teacher_practice':
      return 12;
    case 'competition':
      return rng.int(2, 4);
    case 'rnd':
      return rng.int(6, 18);
  }
}
