import { FIELD_TYPES, type FieldDef, type FormDefinition } from './types';
import { formDefinitionSchema } from './definitions';

/**
 * The form designer's rules (province edits next year's forms as data). A column is identified by its key for
 * ever: renaming changes the label only, so last year's answers still prefill by key and a returned field keeps its
 * reason. Columns that publication and matching read (a `role`) and the row-key columns can not be removed, because
 * published lines and last year's forms are read through them. Messages are Chinese; an empty list means accepted.
 */
export interface DesignerContext {
  /** The definition the edit starts from (the year's copy of last year's form). */
  previous: FormDefinition;
  /** Dictionary kinds that exist and have entries (dict_entries), for a dropdown whose options come from one. */
  dictionaries: Readonly<Record<string, readonly string[]>>;
}

const KEY_RE = /^[a-z][A-Za-z0-9]*$/;
const ROLE_LABEL: Record<string, string> = {
  specialty: '专业',
  occupation: '职业（工种）',
  postName: '岗位名称',
  needType: '合作需求类型',
  detail: '需求内容',
  places: '人数',
  industries: '所属产业',
  skillLevel: '技能等级',
  availableFrom: '开始时间',
  contactName: '联系人',
  contactPhone: '联系电话',
  contactTitle: '联系人职务',
};

function checkDesignedFields(fields: readonly Partial<FieldDef>[], ctx: DesignerContext): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    const name = f.label ? `“${f.label}”` : `第 ${i + 1} 列`;
    if (!f.label || !String(f.label).trim()) out.push(`第 ${i + 1} 列缺少列名`);
    if (!f.key || !KEY_RE.test(f.key))
      out.push(`列${name}的标识“${f.key ?? ''}”不合法：须以小写英文字母开头，只含英文字母和数字`);
    else if (seen.has(f.key)) out.push(`列标识“${f.key}”重复使用（列${name}）；每列的标识必须唯一`);
    if (f.key) seen.add(f.key);
    if (!f.type || !(FIELD_TYPES as readonly string[]).includes(f.type))
      out.push(`列${name}的类型“${f.type ?? ''}”不存在`);
    if (f.scope !== 'org' && f.scope !== 'row') out.push(`列${name}须指明是单位信息还是需求行`);
    if (f.dictionary !== undefined && !ctx.dictionaries[f.dictionary])
      out.push(`列${name}的下拉来源字典“${f.dictionary}”不存在或没有条目`);
    if (
      (f.type === 'enum' || f.type === 'multi_enum') &&
      f.dictionary === undefined &&
      !(f.options && f.options.length)
    )
      out.push(`下拉列${name}须填写选项，或选择一个字典作为来源`);
    if (f.type !== 'enum' && f.type !== 'multi_enum' && (f.options !== undefined || f.dictionary !== undefined))
      out.push(`列${name}不是下拉类型，不能设置选项或字典`);
    if (f.options && new Set(f.options).size !== f.options.length) out.push(`列${name}的选项有重复`);
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) out.push(`列${name}的最小值大于最大值`);
  });
  const keys = new Set(fields.map((f) => f.key));
  for (const p of ctx.previous.fields) {
    if (keys.has(p.key)) continue;
    if (p.role)
      out.push(
        `列“${p.label}”（${p.key}）被已发布的需求信息和匹配使用（${ROLE_LABEL[p.role] ?? p.role}），不能删除；可以改名或改说明`,
      );
    else if (ctx.previous.rowKeyFields.includes(p.key)) out.push(`列“${p.label}”（${p.key}）用于识别需求行，不能删除`);
  }
  return out;
}

/**
 * Builds the next definition from the designer's columns: version, year and identity stay the previous ones, options of
 * a dictionary-backed dropdown are taken from the dictionary now. Returns the definition or Chinese messages.
 */
export function designDefinition(
  fields: Partial<FieldDef>[],
  meta: { title?: string; sheetName?: string },
  ctx: DesignerContext,
): { ok: true; def: FormDefinition } | { ok: false; messages: string[] } {
  const messages = checkDesignedFields(fields, ctx);
  if (messages.length) return { ok: false, messages };
  const built = fields.map((f) =>
    f.dictionary !== undefined ? { ...f, options: [...ctx.dictionaries[f.dictionary]] } : f,
  );
  const candidate = {
    ...ctx.previous,
    title: meta.title ?? ctx.previous.title,
    sheetName: meta.sheetName ?? ctx.previous.sheetName,
    fields: built,
  };
  const r = formDefinitionSchema.safeParse(candidate);
  if (!r.success)
    return { ok: false, messages: r.error.issues.map((i) => `表单定义不完整：${i.path.join('.')} ${i.message}`) };
  return { ok: true, def: r.data as FormDefinition };
}
