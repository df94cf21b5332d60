import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROJECT_FIELD_WIDGETS, projectFieldsFor, type ProjectFieldDescriptor } from './fields';
import { KEY_A, goodData } from './fixtures.test-helpers';
import { PROJECT_DATA_SCHEMAS, projectDataSchema, projectTypeLabel, validateProjectData } from './schemas';
import { PROJECT_TYPES, PROJECT_TYPE_LABELS, isProjectType, type ProjectType } from './types';

function issuesOf(type: ProjectType, data: unknown, refs?: Parameters<typeof validateProjectData>[2]) {
  const r = validateProjectData(type, data, refs);
  if (r.ok) throw new Error(`expected ${type} to be refused`);
  return r.issues;
}

/** good data of `type` with `patch` merged in. */
const withPatch = (type: ProjectType, patch: Record<string, unknown>) => ({ ...goodData()[type], ...patch });
const row = (type: 'mentor' | 'teacher_practice', patch: Record<string, unknown>) => {
  const key = type === 'mentor' ? 'mentors' : 'teachers';
  const rows = goodData()[type][key] as Record<string, unknown>[];
  return { [key]: [{ ...rows[0], ...patch }, ...rows.slice(1)] };
};

describe('project types', () => {
  it('has the nine types with Chinese labels', () => {
    expect(PROJECT_TYPES).toHaveLength(9);
    expect(PROJECT_TYPE_LABELS.order_class).toBe('人才培养订单（定向）班');
    expect(isProjectType('mentor')).toBe(true);
    expect(isProjectType('nope')).toBe(false);
    expect(projectTypeLabel('rnd')).toBe('技术研发/课程教材共建');
    expect(projectTypeLabel('nope')).toBe('nope');
  });
});

describe('validateProjectData: good data of every type', () => {
  for (const type of PROJECT_TYPES) {
    it(type, () => {
      const r = validateProjectData(type, goodData()[type]);
      expect(r).toMatchObject({ ok: true });
    });
  }
  it('applies defaults (order_class.cancelled, training_eval.certificatesByLevel)', () => {
    const oc = validateProjectData('order_class', goodData().order_class);
    expect(oc.ok && oc.data.cancelled).toBe(false);
    const { certificatesByLevel: _c, ...te } = goodData().training_eval;
    const r = validateProjectData('training_eval', te);
    expect(r.ok && r.data.certificatesByLevel).toEqual({});
  });
  it('trims text', () => {
    const r = validateProjectData('rnd', withPatch('rnd', { outcome: '  合作开发课程  ' }));
    expect(r.ok && r.data.outcome).toBe('合作开发课程');
  });
});

describe('validateProjectData: bad data', () => {
  const cases: [string, ProjectType, Record<string, unknown>, string, RegExp][] = [
    ['alliance: lead not among members', 'alliance', { leadOrgId: 9 }, 'leadOrgId', /牵头单位必须是联盟成员之一/],
    ['alliance: one member', 'alliance', { memberOrgIds: [1], leadOrgId: 1 }, 'memberOrgIds', /至少 2 家/],
    ['alliance: duplicate member', 'alliance', { memberOrgIds: [1, 2, 2] }, 'memberOrgIds.2', /重复/],
    [
      'alliance: unknown industry',
      'alliance',
      { focusIndustries: ['IND-X9'] },
      'focusIndustries.0',
      /产业代码“IND-X9”不存在/,
    ],
    [
      'specialty: unknown specialty',
      'specialty',
      { specialtyCodes: ['9999'] },
      'specialtyCodes.0',
      /^专业代码“9999”不存在$/,
    ],
    ['specialty: none', 'specialty', { specialtyCodes: [] }, 'specialtyCodes', /至少选择 1 个专业/],
    ['specialty: negative materials', 'specialty', { coBuiltMaterials: -1 }, 'coBuiltMaterials', /不能为负数/],
    ['specialty: fractional materials', 'specialty', { coBuiltMaterials: 1.5 }, 'coBuiltMaterials', /须为整数/],
    ['base: bad mode', 'base', { mode: '合资' }, 'mode', /引企入校/],
    ['base: capacity 0', 'base', { capacity: 0 }, 'capacity', /不能小于 1/],
    ['base: missing location', 'base', { location: undefined }, 'location', /必填/],
    [
      'order_class: hiring > students',
      'order_class',
      { hiringCommitment: 41 },
      'hiringCommitment',
      /承诺录用人数（41）不能超过订单班人数（40）/,
    ],
    [
      'order_class: dates out of order',
      'order_class',
      { startDate: '2025-09-01', endDate: '2025-08-31' },
      'endDate',
      /结束日期不能早于开始日期/,
    ],
    ['order_class: not a date', 'order_class', { startDate: '2025-02-30' }, 'startDate', /YYYY-MM-DD/],
    ['order_class: bad level', 'order_class', { level: '技师' }, 'level', /中级工、高级工或预备技师/],
    [
      'order_class: unknown specialty',
      'order_class',
      { specialtyCode: '9999' },
      'specialtyCode',
      /专业代码“9999”不存在/,
    ],
    ['order_class: negative students', 'order_class', { students: -3 }, 'students', /不能小于 1/],
    [
      'training_eval: unknown occupation',
      'training_eval',
      { occupationCode: '9-99-99-99' },
      'occupationCode',
      /职业（工种）代码“9-99-99-99”不存在/,
    ],
    [
      'training_eval: unknown level key',
      'training_eval',
      { certificatesByLevel: { XX: 1 } },
      'certificatesByLevel.XX',
      /技能等级代码“XX”不存在/,
    ],
    [
      'training_eval: negative certificates',
      'training_eval',
      { certificatesByLevel: { ZJG: -1 } },
      'certificatesByLevel.ZJG',
      /不能为负数/,
    ],
    [
      'training_eval: negative person-times',
      'training_eval',
      { actualPersonTimes: -1 },
      'actualPersonTimes',
      /不能为负数/,
    ],
    [
      'training_eval: dates out of order',
      'training_eval',
      { endDate: '2025-09-30' },
      'endDate',
      /结束日期不能早于开始日期/,
    ],
    ['training_eval: bad mode', 'training_eval', { mode: '学徒' }, 'mode', /培训评价方式/],
    [
      'competition: awards > participants',
      'competition',
      { awards: 51 },
      'awards',
      /获奖人数（51）不能超过参赛人数（50）/,
    ],
    ['competition: bad level', 'competition', { level: '区级' }, 'level', /竞赛级别/],
    ['rnd: negative outputs', 'rnd', { outputs: -2 }, 'outputs', /不能为负数/],
    ['rnd: empty outcome', 'rnd', { outcome: '   ' }, 'outcome', /不能为空/],
    ['rnd: unknown field', 'rnd', { extra: 1 }, '', /不允许的字段：extra/],
    ['rnd: wrong type', 'rnd', { outputs: '3' }, 'outputs', /应为数字/],
  ];
  for (const [name, type, patch, path, message] of cases) {
    it(name, () => {
      const issues = issuesOf(type, withPatch(type, patch));
      expect(
        issues.some((i) => i.path === path && message.test(i.message)),
        JSON.stringify(issues),
      ).toBe(true);
    });
  }

  it('mentor: idKey format, raw ID number, dates, skill level, duplicates', () => {
    expect(issuesOf('mentor', row('mentor', { idKey: 'short' }))[0]).toMatchObject({
      path: 'mentors.0.idKey',
      message: expect.stringMatching(/8–64 位/),
    });
    expect(issuesOf('mentor', row('mentor', { idKey: '42010119900101123X' }))[0].message).toMatch(/不能是身份证号原文/);
    expect(issuesOf('mentor', row('mentor', { termEnd: '2025-08-01' }))[0]).toMatchObject({
      path: 'mentors.0.termEnd',
      message: '聘期结束日期不能早于开始日期',
    });
    expect(issuesOf('mentor', row('mentor', { skillLevel: 'ZZ' }))[0]).toMatchObject({
      path: 'mentors.0.skillLevel',
      message: '技能等级代码“ZZ”不存在',
    });
    expect(issuesOf('mentor', row('mentor', { teachingHours: -1 }))[0].path).toBe('mentors.0.teachingHours');
    const dup = goodData().mentor.mentors as Record<string, unknown>[];
    expect(issuesOf('mentor', { mentors: [dup[0], { ...dup[1], idKey: KEY_A }] })[0]).toMatchObject({
      path: 'mentors.1.idKey',
      message: expect.stringMatching(/重复/),
    });
    expect(issuesOf('mentor', { mentors: [] })[0].message).toMatch(/至少填写 1 名导师/);
  });

  it('teacher_practice: days bounds, days within the dates, unknown specialty, dates out of order', () => {
    expect(issuesOf('teacher_practice', row('teacher_practice', { days: 0 }))[0].path).toBe('teachers.0.days');
    expect(issuesOf('teacher_practice', row('teacher_practice', { days: 367 }))[0].message).toMatch(/不能大于 366/);
    expect(issuesOf('teacher_practice', row('teacher_practice', { days: 31 }))[0].message).toBe(
      '实践天数（31）不能超过起止日期之间的天数（30）',
    );
    expect(issuesOf('teacher_practice', row('teacher_practice', { specialtyCode: '9999' }))[0]).toMatchObject({
      path: 'teachers.0.specialtyCode',
      message: '专业代码“9999”不存在',
    });
    expect(issuesOf('teacher_practice', row('teacher_practice', { endDate: '2025-06-30' }))[0]).toMatchObject({
      path: 'teachers.0.endDate',
    });
  });

  it('refs replace the reference data', () => {
    const refs = { specialtyCodes: new Set(['9999']) };
    expect(validateProjectData('specialty', withPatch('specialty', { specialtyCodes: ['9999'] }), refs).ok).toBe(true);
    expect(issuesOf('specialty', goodData().specialty, refs).map((i) => i.message)).toEqual([
      '专业代码“0101”不存在',
      '专业代码“0102”不存在',
    ]);
    // Lists not given keep their defaults.
    expect(validateProjectData('competition', goodData().competition, refs).ok).toBe(true);
    expect(validateProjectData('competition', goodData().competition, { occupationCodes: new Set(['1-01']) }).ok).toBe(
      false,
    );
  });

  it('unknown type', () => {
    expect(validateProjectData('nope' as ProjectType, {})).toEqual({
      ok: false,
      issues: [{ path: 'type', message: '未知的项目类型“nope”' }],
    });
    expect(() => projectDataSchema('nope' as ProjectType)).toThrow(RangeError);
    expect(() => projectFieldsFor('nope' as ProjectType)).toThrow(RangeError);
  });

  it('projectDataSchema works as a plain zod schema too', () => {
    expect(projectDataSchema('specialty').safeParse(withPatch('specialty', { specialtyCodes: ['9999'] })).success).toBe(
      false,
    );
    expect(projectDataSchema('base').parse(goodData().base)).toMatchObject({ capacity: 120 });
  });
});

describe('projectFieldsFor: descriptors match the schemas', () => {
  const keysOf = (s: z.ZodType) => Object.keys((s as unknown as z.ZodObject).shape).sort();
  const check = (fields: readonly ProjectFieldDescriptor[], schema: z.ZodType) => {
    expect(fields.map((f) => f.key).sort()).toEqual(keysOf(schema));
    for (const f of fields) {
      expect(PROJECT_FIELD_WIDGETS).toContain(f.widget);
      expect(f.label).toMatch(/[\u4e00-\u9fff]/);
      if (f.widget === 'select') expect(f.options?.length).toBeGreaterThan(1);
      if (f.widget === 'rows') {
        const inner = (schema as unknown as z.ZodObject).shape[f.key] as unknown as z.ZodArray<z.ZodObject>;
        check(f.fields ?? [], inner.element);
      }
    }
  };
  for (const type of PROJECT_TYPES) it(type, () => check(projectFieldsFor(type), PROJECT_DATA_SCHEMAS[type]));

  it('select options are the schema enum values', () => {
    const mode = projectFieldsFor('base').find((f) => f.key === 'mode')!;
    expect(mode.options!.map((o) => o.value)).toEqual(['引企入校', '引校进企', '校企一体']);
    expect(projectFieldsFor('order_class').find((f) => f.key === 'cancelled')!.required).toBe(false);
  });
});
