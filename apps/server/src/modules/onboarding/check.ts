import {
  INTEGRATION_LEVEL_LABELS,
  INTEGRATION_LEVELS,
  isBlankInput,
  ORG_TYPE_LABELS,
  parseValue,
  regionByCode,
  type CodeLists,
  type FieldValue,
} from '@cjrh/domain';
import type { CellProblem } from '../excel/collect';
import { EXAMPLE_MARK, fieldColumn } from '../excel/layout';
import { cellErrorMessage, isCellError, type Plain, type SheetRow } from '../excel/reader';
import { ONBOARD_FIELDS } from './sheet';

/** The org columns one row of the file sets; a blank optional cell is absent (it never clears a stored value). */
export interface OrgValues {
  type: 'school' | 'enterprise';
  name: string;
  uscc: string;
  regionCode: string;
  contactName: string;
  contactPhone: string;
  contactTitle?: string;
  address?: string;
  schoolType?: string;
  schoolOwnership?: string;
  fullTimeTeachers?: number;
  enrolment?: number;
  enterpriseOwnership?: string;
  industryCodes?: string[];
  size?: string;
  employees?: number;
  isKey?: boolean;
  integrationLevel?: (typeof INTEGRATION_LEVELS)[number];
}

export interface CheckedRow {
  row: number;
  values: OrgValues;
}

const TYPE_BY_LABEL = new Map(Object.entries(ORG_TYPE_LABELS).map(([k, v]) => [v, k as 'school' | 'enterprise']));
const LEVEL_BY_LABEL = new Map(INTEGRATION_LEVELS.map((k) => [INTEGRATION_LEVEL_LABELS[k], k]));
const SCHOOL_KEYS = ['schoolType', 'schoolOwnership', 'fullTimeTeachers', 'enrolment'];
const ENTERPRISE_KEYS = [
  'enterpriseOwnership',
  'industry',
  'industryMore',
  'size',
  'employees',
  'isKey',
  'integrationLevel',
];
const col = (key: string) => fieldColumn(ONBOARD_FIELDS.findIndex((f) => f.key === key));
export const columnOf = col;

/**
 * Every cell of every row judged, every problem kept (not only the first), each where the person will look for it:
 * the one parser of the demand forms for the values (USCC check digit, 市州, options, phone, whole numbers), then what
 * only this list knows: a school needs its 学校类别, a bureau lists only its own 市州, a USCC appears once.
 * What the database knows (a USCC held elsewhere) is judged by the caller on the rows that passed.
 */
export function checkRows(
  rows: SheetRow[],
  lists: CodeLists,
  ownRegion: string | null,
): { checked: CheckedRow[]; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const checked: CheckedRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const r of rows) {
    const a = r.cells[0];
    if (typeof a === 'string' && a.trim() === EXAMPLE_MARK) continue;
    const cell = (i: number): Plain => r.cells[fieldColumn(i) - 1] ?? null;
    if (
      ONBOARD_FIELDS.every((_, i) => {
        const v = cell(i);
        return !isCellError(v) && isBlankInput(v);
      })
    )
      continue;
    const before = problems.length;
    const bad = (key: string, message: string) => problems.push({ row: r.number, col: col(key), message });
    const typeRaw = cell(ONBOARD_FIELDS.findIndex((x) => x.key === 'orgType'));
    const typeLabel = typeof typeRaw === 'string' ? typeRaw.trim() : '';
    const type = TYPE_BY_LABEL.get(typeLabel);
    const v: Record<string, FieldValue> = {};
    ONBOARD_FIELDS.forEach((f, i) => {
      // A cell of the other kind of organisation is not read, so a school row with a stray 企业规模 is not refused.
      if (type === 'school' && ENTERPRISE_KEYS.includes(f.key)) return;
      if (type === 'enterprise' && SCHOOL_KEYS.includes(f.key)) return;
      const raw = cell(i);
      if (isCellError(raw)) return bad(f.key, cellErrorMessage(raw));
      const required = f.required || (type === 'school' && f.key === 'schoolType');
      const p = parseValue({ ...f, required }, raw, lists);
      if (!p.ok)
        return bad(f.key, p.message === '必填' && f.key === 'schoolType' ? '技工院校必须填写学校类别' : p.message);
      v[f.key] = p.value;
    });
    const uscc = v.uscc as string | undefined;
    if (uscc) {
      const first = firstRowOf.get(uscc);
      if (first !== undefined) bad('uscc', `统一社会信用代码 ${uscc} 与第 ${first} 行重复，同一单位只填一行`);
      else firstRowOf.set(uscc, r.number);
    }
    const region = v.regionCode as string | undefined;
    if (ownRegion && region && region !== ownRegion) {
      bad(
        'regionCode',
        `只能导入本市州（${regionByCode(ownRegion)?.name ?? ownRegion}）的单位，该行为${regionByCode(region)?.name ?? region}`,
      );
    }
    if (problems.length > before || !type) continue;
    const industries = [
      ...new Set([...(v.industry ? [v.industry as string] : []), ...((v.industryMore as string[] | null) ?? [])]),
    ];
    const values: OrgValues = {
      type,
      name: v.name as string,
      uscc: uscc!,
      regionCode: region!,
      contactName: v.contactName as string,
      contactPhone: v.contactPhone as string,
    };
    const put = <K extends keyof OrgValues>(k: K, x: unknown) => {
      if (x !== null && x !== undefined) values[k] = x as OrgValues[K];
    };
    for (const k of [
      'contactTitle',
      'address',
      'schoolType',
      'schoolOwnership',
      'fullTimeTeachers',
      'enrolment',
      'enterpriseOwnership',
      'size',
      'employees',
    ] as const)
      put(k, v[k]);
    if (type === 'enterprise') {
      if (industries.length) values.industryCodes = industries;
      put('isKey', v.isKey);
      if (typeof v.integrationLevel === 'string') values.integrationLevel = LEVEL_BY_LABEL.get(v.integrationLevel);
    }
    checked.push({ row: r.number, values });
  }
  return { checked, problems };
}
