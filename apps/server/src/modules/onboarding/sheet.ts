import {
  ENTERPRISE_OWNERSHIPS,
  ENTERPRISE_SIZES,
  INTEGRATION_LEVEL_LABELS,
  ORG_TYPE_LABELS,
  regionByCode,
  SCHOOL_OWNERSHIPS,
  SCHOOL_TYPES,
  usccCheckChar,
  type CodeLists,
  type FieldDef,
  type FormDefinition,
} from '@cjrh/domain';
import type { DbOrTx } from '../../db/client';
import { requireAccess, type Ctx } from '../../http/access';
import { loadCodeLists } from '../forms/forms.repository';
import { addDataSheet, addHiddenSheets, bufferedWriter, planLists, writeExampleRow, type Stamp } from '../excel/layout';

/**
 * The 单位名单 workbook of bulk onboarding, described as a FormDefinition so the demand-form Excel layout (header
 * notes, dropdowns on a veryHidden _lists sheet, the _meta stamp, the red-cell error workbook) and the one value
 * parser (parseValue: USCC check digit, region names, enums, phones) are reused as they are. The `kind` is not read
 * by any of them; the stamp's own `app` tells this file apart from a demand form.
 */
export const ONBOARD_APP = 'cjrh-org-onboarding';
const ONBOARD_KIND = 'orgs';
/** Bumped when the columns change, so an old file is refused with a message instead of misread. */
export const ONBOARD_VERSION = '1';
export const ONBOARD_SHEET = '单位名单';
/** A real bureau has a few hundred organisations; the province perhaps a few thousand. */
export const ONBOARD_MAX_ROWS = 10_000;

const f = (
  key: string,
  label: string,
  type: FieldDef['type'],
  required: boolean,
  extra: Partial<FieldDef> = {},
): FieldDef => ({ key, label, type, scope: 'org', required, verification: 'V', ...extra });
// A valid code (check character computed), so the example row itself would pass the import's USCC check.
const EXAMPLE_USCC = `12420600MB1234567${usccCheckChar('12420600MB1234567')}`;
const SCHOOL_ONLY = '仅技工院校填写，企业留空（填写也不读取）。';
const ENTERPRISE_ONLY = '仅企业填写，技工院校留空（填写也不读取）。';

export const ONBOARD_FIELDS: FieldDef[] = [
  f('name', '单位名称', 'text', true, { maxLength: 100, example: '襄阳示例技师学院' }),
  f('orgType', '单位类型', 'enum', true, { options: Object.values(ORG_TYPE_LABELS), example: ORG_TYPE_LABELS.school }),
  f('uscc', '统一社会信用代码', 'uscc', true, {
    help: '用于识别单位：再次导入同一代码时更新该单位，不会重复创建。',
    example: EXAMPLE_USCC,
  }),
  f('regionCode', '所在市州', 'region', true, { example: '襄阳市' }),
  f('contactName', '联系人', 'text', true, { maxLength: 40, example: '张三' }),
  f('contactPhone', '联系电话', 'phone', true, { example: '13800000000' }),
  f('contactTitle', '联系人职务', 'text', false, { maxLength: 40 }),
  f('address', '单位地址', 'text', false, { maxLength: 200 }),
  f('schoolType', '学校类别', 'enum', false, {
    options: [...SCHOOL_TYPES],
    help: `技工院校必填。${SCHOOL_ONLY}`,
    example: SCHOOL_TYPES[0],
  }),
  f('schoolOwnership', '办学性质', 'enum', false, {
    options: [...SCHOOL_OWNERSHIPS],
    help: SCHOOL_ONLY,
    example: SCHOOL_OWNERSHIPS[0],
  }),
  f('fullTimeTeachers', '专任教师数', 'integer', false, { min: 0, max: 100_000, help: SCHOOL_ONLY, example: 300 }),
  f('enrolment', '在校生数', 'integer', false, { min: 0, max: 1_000_000, help: SCHOOL_ONLY, example: 8000 }),
  f('enterpriseOwnership', '企业性质', 'enum', false, { options: [...ENTERPRISE_OWNERSHIPS], help: ENTERPRISE_ONLY }),
  f('industry', '所属产业', 'industry', false, { help: ENTERPRISE_ONLY }),
  f('industryMore', '其他产业', 'multi_industry', false, { help: `多个用顿号“、”分隔。${ENTERPRISE_ONLY}` }),
  f('size', '企业规模', 'enum', false, { options: [...ENTERPRISE_SIZES], help: ENTERPRISE_ONLY }),
  f('employees', '职工人数', 'integer', false, { min: 0, max: 10_000_000, help: ENTERPRISE_ONLY }),
  f('isKey', '是否重点企业', 'boolean', false, { help: `不填视为“否”。${ENTERPRISE_ONLY}` }),
  f('integrationLevel', '产教融合型企业', 'enum', false, {
    options: Object.values(INTEGRATION_LEVEL_LABELS),
    help: `不填视为“否”。${ENTERPRISE_ONLY}`,
  }),
];

export const ONBOARD_DEF = {
  kind: 'school',
  version: ONBOARD_VERSION,
  campaignYear: 0,
  title: '单位批量导入名单',
  sheetName: ONBOARD_SHEET,
  grain: '每个单位一行',
  fields: ONBOARD_FIELDS,
  rowKeyFields: [],
  source: '本平台',
} satisfies FormDefinition;

export const ONBOARD_STAMP: Stamp = { app: ONBOARD_APP, kind: ONBOARD_KIND, version: ONBOARD_VERSION, campaignYear: 0 };

/** A bureau's dropdown offers its own 市州 only: the template is for its region, and the import refuses any other. */
export function listsFor(lists: CodeLists, regionCode: string | null): CodeLists {
  if (!regionCode) return lists;
  const name = regionByCode(regionCode)?.name ?? regionCode;
  return { ...lists, region: { byCode: new Map([[regionCode, name]]), byName: new Map([[name, regionCode]]) } };
}

/** The template with dropdowns from today's dictionaries (a bureau's: its region only). Data rows are left empty. */
export async function buildOnboardTemplate(db: DbOrTx, ctx: Ctx) {
  const actor = requireAccess(ctx, 'org.create');
  const region = actor.role === 'region' ? actor.regionCode : null;
  const plan = planLists(ONBOARD_DEF, listsFor(await loadCodeLists(db), region));
  const { wb, finish } = bufferedWriter();
  const ws = addDataSheet(wb, ONBOARD_DEF, { name: ONBOARD_SHEET, validateToRow: ONBOARD_MAX_ROWS + 1, plan });
  writeExampleRow(ws, ONBOARD_DEF);
  ws.commit();
  addHiddenSheets(wb, ONBOARD_DEF, plan, ONBOARD_STAMP);
  const regionName = region ? (regionByCode(region)?.name ?? region) : '全省';
  return { buffer: await finish(), fileName: `${regionName}单位批量导入模板.xlsx` };
}
