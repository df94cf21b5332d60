import { z } from 'zod';
import enterprise2025 from './definitions/2025-enterprise.json';
import school2025 from './definitions/2025-school.json';
import { FIELD_ROLES, FIELD_TYPES, type FieldDef, type FormDefinition, type FormKind } from './types';

/** The 12 cooperation need types of the 2025 forms (forms.json, R). A definition's needType options are the truth. */
export const NEED_TYPES = Object.freeze([
  '专业（群）共建',
  '订单（定向）班',
  '教师企业实践',
  '学生实习实训基地',
  '毕业生就业',
  '企业新型学徒制',
  '职工技能培训',
  '技能等级认定/培训评价',
  '聘请企业客座技能导师',
  '技术研发/技术服务',
  '共建技工教育联盟（集团）',
  '其他',
] as const);
export type NeedType = (typeof NEED_TYPES)[number];

const fieldDefSchema = z.strictObject({
  key: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'field key must be camelCase'),
  label: z.string().min(1),
  type: z.enum(FIELD_TYPES),
  scope: z.enum(['org', 'row']),
  required: z.boolean(),
  options: z.array(z.string().min(1)).min(1).optional(),
  dictionary: z.string().min(1).optional(),
  width: z.number().int().min(4).max(80).optional(),
  group: z.string().max(40).optional(),
  unit: z.string().max(20).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  maxLength: z.number().int().positive().optional(),
  help: z.string().optional(),
  prefill: z.string().min(1).optional(),
  prefillMap: z.record(z.string(), z.string()).optional(),
  example: z.unknown().optional(),
  role: z.enum(FIELD_ROLES).optional(),
  level: z.string().optional(),
  verification: z.enum(['V', 'P', 'R']),
});

/** Checks a definition's shape and its internal consistency; a bad definition is a data bug, so loading throws. */
export const formDefinitionSchema = z
  .strictObject({
    kind: z.enum(['school', 'enterprise']),
    version: z.string().regex(/^\d{4}\.\d+$/, 'version must look like 2025.1'),
    campaignYear: z.number().int().min(2000).max(2100),
    title: z.string().min(1),
    sheetName: z.string().min(1).max(31), // Excel's sheet-name limit
    grain: z.string().min(1),
    fields: z.array(fieldDefSchema).min(1),
    rowKeyFields: z.array(z.string()).min(1),
    source: z.string().min(1),
  })
  .superRefine((def, ctx) => {
    const keys = new Set<string>();
    for (const f of def.fields) {
      if (keys.has(f.key)) ctx.addIssue({ code: 'custom', message: `duplicate field key ${f.key}` });
      keys.add(f.key);
      const hasOptions = f.type === 'enum' || f.type === 'multi_enum';
      if (hasOptions !== !!f.options)
        ctx.addIssue({ code: 'custom', message: `field ${f.key}: options ${hasOptions ? 'missing' : 'not allowed'}` });
      if (f.options && new Set(f.options).size !== f.options.length)
        ctx.addIssue({ code: 'custom', message: `field ${f.key}: duplicate options` });
      if (f.prefill && f.scope !== 'org')
        ctx.addIssue({ code: 'custom', message: `field ${f.key}: only org fields are prefilled` });
      if (f.min !== undefined && f.max !== undefined && f.min > f.max)
        ctx.addIssue({ code: 'custom', message: `field ${f.key}: min > max` });
    }
    if (!def.fields.some((f) => f.scope === 'row'))
      ctx.addIssue({ code: 'custom', message: 'a form needs row fields' });
    for (const k of def.rowKeyFields) {
      const f = def.fields.find((x) => x.key === k);
      if (!f || f.scope !== 'row') ctx.addIssue({ code: 'custom', message: `rowKeyFields: ${k} is not a row field` });
    }
    if (!def.rowKeyFields.some((k) => def.fields.find((x) => x.key === k)?.required)) {
      ctx.addIssue({ code: 'custom', message: 'rowKeyFields: at least one must be required' });
    }
  });

function load(raw: unknown, file: string): FormDefinition {
  const r = formDefinitionSchema.safeParse(raw);
  if (!r.success)
    throw new Error(
      `form definition ${file}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  return deepFreeze(r.data as FormDefinition);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** Every known definition; add a new JSON file here when a campaign changes its forms. */
export const FORM_DEFINITIONS: readonly FormDefinition[] = Object.freeze([
  load(school2025, '2025-school.json'),
  load(enterprise2025, '2025-enterprise.json'),
]);

{
  const seen = new Set<string>();
  for (const d of FORM_DEFINITIONS) {
    const id = `${d.kind}@${d.version}`;
    if (seen.has(id)) throw new Error(`form definition ${id} is defined twice`);
    seen.add(id);
  }
}

/** '2025.2' < '2025.10': compares the parts as numbers. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The definition for a campaign year: the latest version whose campaignYear ≤ year. Throws when there is none. */
export function formDefinition(kind: FormKind, year: number): FormDefinition {
  const candidates = FORM_DEFINITIONS.filter((d) => d.kind === kind && d.campaignYear <= year);
  if (candidates.length === 0) throw new RangeError(`no ${kind} form definition for campaign year ${year}`);
  return candidates.reduce((best, d) =>
    d.campaignYear > best.campaignYear ||
    (d.campaignYear === best.campaignYear && compareVersions(d.version, best.version) > 0)
      ? d
      : best,
  );
}

/** The exact definition a stored form was filled with, or undefined. */
export function formDefinitionByVersion(kind: FormKind, version: string): FormDefinition | undefined {
  return FORM_DEFINITIONS.find((d) => d.kind === kind && d.version === version);
}

export function orgFields(def: FormDefinition): FieldDef[] {
  return def.fields.filter((f) => f.scope === 'org');
}

export function rowFields(def: FormDefinition): FieldDef[] {
  return def.fields.filter((f) => f.scope === 'row');
}
