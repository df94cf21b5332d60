// The open data's fields, in column order: one list that the CSV, the JSON, the .xlsx and the data dictionary all read,
// so the dictionary can not describe a column the files do not have. A code column is followed by its name column.
//   type: integer | text | code (text made of digits or letters that must stay text: 0119 is not 119) | date (YYYY-MM-DD)
//   list: where a code column's codes come from, and the public API that lists them with their names.

import type { z } from 'zod';
import type { openDataItemOut } from '@cjrh/domain';

export type OpenFieldType = 'integer' | 'text' | 'code' | 'date';

export interface OpenField {
  /** A field of the open data's row (openDataItemOut): a column the contract does not name can not be listed. */
  key: keyof z.output<typeof openDataItemOut>;
  label: string;
  type: OpenFieldType;
  /** Several values in one cell, joined by 「、」, in the same order as in its code or name column. */
  multiple?: true;
  list?: string;
  note?: string;
}

const DICT = (kind: string) => `GET /api/reference/dicts/${kind}`;

export const OPEN_FIELDS: readonly OpenField[] = [
  { key: 'id', label: '编号', type: 'integer', note: '需求信息的编号（同一条需求在新版本中编号不同）' },
  { key: 'year', label: '年度', type: 'integer' },
  { key: 'version', label: '发布版本', type: 'integer', note: '该年度的第几次发布' },
  { key: 'orgType', label: '单位类型', type: 'text', note: '技工院校 或 企业' },
  { key: 'orgName', label: '单位名称', type: 'text' },
  {
    key: 'regionCode',
    label: '地区代码',
    type: 'code',
    list: `行政区划代码（GB/T 2260），${'GET /api/reference/regions'}`,
  },
  { key: 'region', label: '地区', type: 'text', note: '地区代码对应的市州名称' },
  { key: 'title', label: '需求', type: 'text', note: '专业或职业 · 合作类型 · 人数' },
  { key: 'needType', label: '合作类型', type: 'text', note: '需求表「合作类型」下拉选项的文字' },
  {
    key: 'specialtyCode',
    label: '专业代码',
    type: 'code',
    list: `技工院校专业目录（本平台编码，非部颁代码），${DICT('specialty')}`,
    note: '学校需求填写；企业需求为空',
  },
  { key: 'specialtyName', label: '专业名称', type: 'text', note: '专业代码对应的名称' },
  {
    key: 'occupationCode',
    label: '职业代码',
    type: 'code',
    list: `国家职业分类大典（GB/T 6565），${DICT('occupation')}`,
    note: '企业需求填写；学校需求多为空',
  },
  { key: 'occupationName', label: '职业名称', type: 'text', note: '职业代码对应的名称' },
  {
    key: 'industryCodes',
    label: '产业代码',
    type: 'code',
    multiple: true,
    list: `湖北省“51020”现代产业体系（本平台编码），${DICT('industry')}`,
  },
  { key: 'industryNames', label: '产业名称', type: 'text', multiple: true, note: '与产业代码一一对应、顺序相同' },
  {
    key: 'skillLevel',
    label: '技能等级代码',
    type: 'code',
    list: `新八级工职业技能等级（本平台编码），${DICT('skill_level')}`,
  },
  { key: 'skillLevelName', label: '技能等级', type: 'text', note: '技能等级代码对应的名称' },
  { key: 'places', label: '人数', type: 'integer' },
  { key: 'availableFrom', label: '可开始时间', type: 'date' },
  { key: 'expiresOn', label: '有效期至', type: 'date' },
  { key: 'detail', label: '具体需求', type: 'text', note: '其中的电话、邮箱、身份证号已脱敏' },
  { key: 'contactName', label: '联系人', type: 'text', note: '已脱敏' },
  { key: 'contactPhone', label: '联系电话', type: 'text', note: '已脱敏' },
];

export const TYPE_LABEL: Record<OpenFieldType, string> = {
  integer: '整数',
  text: '文本',
  code: '代码（文本，保留前导 0）',
  date: '日期（YYYY-MM-DD）',
};

export const OPEN_DATA_LICENCE = '开放数据：湖北省“产教融合·技能助跑”专项行动需求信息（联系人已脱敏）';

/** How a spreadsheet keeps the codes as text: said in the dictionary and on the page. */
export const CSV_NOTE =
  'CSV 为 UTF-8（带 BOM）、逗号分隔；文本与代码列加双引号，数值列不加。用 Excel 直接双击打开 CSV 会把 0119 之类的代码变成数字，请改用同一数据的 .xlsx 文件（代码为文本单元格），或在导入时把代码列设为“文本”（LibreOffice：勾选“将带引号的字段作为文本”）。';
