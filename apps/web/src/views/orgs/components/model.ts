// The editable shape of an organisation, and how it turns into create / update bodies.
import type { INTEGRATION_LEVELS, OrgCreateBody, OrgDetail, OrgType, OrgUpdateBody } from '@cjrh/domain';
import { t } from '@/locales';

export interface SpecialtyRow {
  specialtyCode: string;
  specialtyName?: string;
  enrolment: number | null;
  graduatesPerYear: number | null;
  integrated: boolean;
  isKey: boolean;
  backboneTeachers: number | null;
}

export interface OrgFormModel {
  name: string;
  uscc: string;
  regionCode: string;
  address: string;
  contactName: string;
  contactTitle: string;
  contactPhone: string;
  schoolType: string | null;
  schoolOwnership: string | null;
  fullTimeTeachers: number | null;
  enrolment: number | null;
  runsProgrammes: boolean;
  fullTimeProgrammes: boolean;
  nationalIntegrated: boolean;
  nationalIntegratedDone: boolean;
  specialties: SpecialtyRow[];
  enterpriseOwnership: string | null;
  industryCodes: string[];
  size: string | null;
  employees: number | null;
  isKey: boolean;
  integrationLevel: (typeof INTEGRATION_LEVELS)[number];
}

export function emptyModel(regionCode = ''): OrgFormModel {
  return {
    name: '',
    uscc: '',
    regionCode,
    address: '',
    contactName: '',
    contactTitle: '',
    contactPhone: '',
    schoolType: null,
    schoolOwnership: null,
    fullTimeTeachers: null,
    enrolment: null,
    runsProgrammes: true,
    fullTimeProgrammes: true,
    nationalIntegrated: false,
    nationalIntegratedDone: false,
    specialties: [],
    enterpriseOwnership: null,
    industryCodes: [],
    size: null,
    employees: null,
    isKey: false,
    integrationLevel: 'none',
  };
}

export function fromDetail(d: OrgDetail): OrgFormModel {
  return {
    ...emptyModel(d.regionCode),
    name: d.name,
    uscc: d.uscc,
    address: d.address,
    contactName: d.contactName,
    contactTitle: d.contactTitle,
    contactPhone: d.contactPhone,
    schoolType: d.schoolType,
    schoolOwnership: d.schoolOwnership,
    fullTimeTeachers: d.fullTimeTeachers,
    enrolment: d.enrolment,
    runsProgrammes: d.runsProgrammes,
    fullTimeProgrammes: d.fullTimeProgrammes,
    nationalIntegrated: d.nationalIntegrated,
    nationalIntegratedDone: d.nationalIntegratedDone,
    specialties: d.specialties.map((s) => ({ ...s })),
    enterpriseOwnership: d.enterpriseOwnership,
    industryCodes: [...d.industryCodes],
    size: d.size,
    employees: d.employees,
    isKey: d.isKey,
    integrationLevel: d.integrationLevel,
  };
}

const COMMON = ['name', 'uscc', 'regionCode', 'address', 'contactName', 'contactTitle', 'contactPhone'] as const;
const SCHOOL = [
  'schoolType',
  'schoolOwnership',
  'fullTimeTeachers',
  'enrolment',
  'runsProgrammes',
  'fullTimeProgrammes',
  'nationalIntegrated',
  'nationalIntegratedDone',
  'specialties',
] as const;
const ENTERPRISE = ['enterpriseOwnership', 'industryCodes', 'size', 'employees', 'isKey', 'integrationLevel'] as const;
type Key = (typeof COMMON)[number] | (typeof SCHOOL)[number] | (typeof ENTERPRISE)[number];

const fieldsFor = (type: OrgType): readonly Key[] => [...COMMON, ...(type === 'school' ? SCHOOL : ENTERPRISE)];

function wireValue(m: OrgFormModel, k: Key): unknown {
  if (k === 'specialties') {
    return m.specialties.map((s) => ({
      specialtyCode: s.specialtyCode,
      enrolment: s.enrolment ?? 0,
      graduatesPerYear: s.graduatesPerYear ?? 0,
      integrated: s.integrated,
      isKey: s.isKey,
      backboneTeachers: s.backboneTeachers ?? 0,
    }));
  }
  const v = m[k];
  return typeof v === 'string' ? v.trim() : v;
}

export function toCreateBody(type: OrgType, m: OrgFormModel): OrgCreateBody {
  const body: Record<string, unknown> = { type };
  for (const k of fieldsFor(type)) body[k] = wireValue(m, k);
  return body as OrgCreateBody;
}

/** Only what changed, plus the version the editor started from. */
export function toUpdateBody(
  type: OrgType,
  original: OrgFormModel,
  m: OrgFormModel,
  version: number,
): OrgUpdateBody | null {
  const body: Record<string, unknown> = {};
  for (const k of fieldsFor(type)) {
    const now = wireValue(m, k);
    if (JSON.stringify(now) !== JSON.stringify(wireValue(original, k))) body[k] = now;
  }
  return Object.keys(body).length ? ({ ...body, version } as OrgUpdateBody) : null;
}

/** Problems per row of the specialties table, checked as the user types. */
export function specialtyRowErrors(rows: SpecialtyRow[]): Record<number, string> {
  const S = t.orgs.specialties;
  const out: Record<number, string> = {};
  rows.forEach((r, i) => {
    if (!r.specialtyCode) out[i] = S.missing;
    else if (rows.findIndex((x) => x.specialtyCode === r.specialtyCode) !== i) out[i] = S.duplicate;
    else if ((r.graduatesPerYear ?? 0) > (r.enrolment ?? 0)) out[i] = S.gradOverEnrolment;
  });
  return out;
}
