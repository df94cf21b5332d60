import { describe, it, expect } from 'vitest';
import {
  ENTERPRISE_OWNERSHIPS,
  ENTERPRISE_SIZES,
  INTEGRATION_LEVEL_LABELS,
  SCHOOL_OWNERSHIPS,
  SCHOOL_TYPES,
} from '../orgs';
import school2025 from './definitions/2025-school.json';
import {
  compareVersions,
  FORM_DEFINITIONS,
  formDefinition,
  formDefinitionByVersion,
  formDefinitionSchema,
  NEED_TYPES,
  orgFields,
  rowFields,
} from './definitions';
import { parseValue } from './parse';
import { defaultCodeLists, FIELD_TYPES } from './types';
import { formatValue } from './validate';

const lists = defaultCodeLists();

describe('form definitions', () => {
  it('loads the 2025 school and enterprise forms', () => {
    expect(FORM_DEFINITIONS.map((d) => `${d.kind}@${d.version}`)).toEqual(['school@2025.1', 'enterprise@2025.1']);
    for (const d of FORM_DEFINITIONS) {
      expect(d.source).toContain('shared/reference/forms.json');
      expect(d.fields.every((f) => f.verification === 'R')).toBe(true);
      expect(d.fields.some((f) => f.key === 'seq')).toBe(false);
      expect(Object.isFrozen(d.fields[0])).toBe(true);
    }
  });

  it('uses the row keys of the brief', () => {
    expect(formDefinition('school', 2025).rowKeyFields).toEqual(['specialtyCode', 'needType']);
    expect(formDefinition('enterprise', 2025).rowKeyFields).toEqual(['occupationCode', 'postName', 'needType']);
  });

  it('falls back to the latest version not after the year, and refuses earlier years', () => {
    expect(formDefinition('school', 2027).version).toBe('2025.1');
    expect(() => formDefinition('enterprise', 2024)).toThrow(RangeError);
    expect(formDefinitionByVersion('enterprise', '2025.1')?.kind).toBe('enterprise');
    expect(formDefinitionByVersion('enterprise', '1999.1')).toBeUndefined();
    expect(compareVersions('2025.2', '2025.10')).toBeLessThan(0);
  });

  it('carries the 12 need types and the org vocabulary as options', () => {
    for (const d of FORM_DEFINITIONS)
      expect(d.fields.find((f) => f.key === 'needType')?.options).toEqual([...NEED_TYPES]);
    const school = formDefinition('school', 2025);
    const ent = formDefinition('enterprise', 2025);
    expect(school.fields.find((f) => f.key === 'schoolType')?.options).toEqual([...SCHOOL_TYPES]);
    expect(school.fields.find((f) => f.key === 'ownership')?.options).toEqual([...SCHOOL_OWNERSHIPS]);
    expect(ent.fields.find((f) => f.key === 'ownership')?.options).toEqual([...ENTERPRISE_OWNERSHIPS]);
    expect(ent.fields.find((f) => f.key === 'scale')?.options).toEqual([...ENTERPRISE_SIZES]);
    expect(ent.fields.find((f) => f.key === 'isIntegrationEnterprise')?.prefillMap).toEqual(INTEGRATION_LEVEL_LABELS);
  });

  it('has the required fields of the brief', () => {
    const req = (kind: 'school' | 'enterprise') =>
      formDefinition(kind, 2025)
        .fields.filter((f) => f.required)
        .map((f) => f.key);
    expect(req('school')).toEqual(
      expect.arrayContaining([
        'regionCode',
        'schoolName',
        'schoolType',
        'contactName',
        'contactPhone',
        'specialtyCode',
        'needType',
        'needDetail',
      ]),
    );
    expect(req('enterprise')).toEqual(
      expect.arrayContaining(['regionCode', 'enterpriseName', 'uscc', 'occupationCode', 'headcount', 'needType']),
    );
    expect(orgFields(formDefinition('school', 2025)).every((f) => f.prefill)).toBe(true);
    expect(rowFields(formDefinition('school', 2025)).some((f) => f.prefill)).toBe(false);
  });

  it('refuses inconsistent definitions', () => {
    const broken = (patch: (d: any) => void) => {
      const d = JSON.parse(JSON.stringify(school2025));
      patch(d);
      return formDefinitionSchema.safeParse(d).success;
    };
    expect(broken(() => undefined)).toBe(true);
    expect(broken((d) => d.fields.push({ ...d.fields[0] }))).toBe(false); // duplicate key
    expect(broken((d) => delete d.fields.find((f: any) => f.key === 'needType').options)).toBe(false);
    expect(broken((d) => (d.rowKeyFields = ['schoolName']))).toBe(false);
    expect(broken((d) => (d.fields[0].type = 'money'))).toBe(false);
  });
});

describe('every field type used is handled', () => {
  const used = new Set(FORM_DEFINITIONS.flatMap((d) => d.fields.map((f) => f.type)));
  it('only uses known types', () => {
    for (const t of used) expect(FIELD_TYPES).toContain(t);
  });

  // The template's example row must import cleanly, and an exported value must import back to itself: that is
  // what lets the compiled Excel be corrected and re-imported.
  for (const d of FORM_DEFINITIONS) {
    for (const f of d.fields) {
      it(`${d.kind}.${f.key} (${f.type}): example parses and formatValue round-trips`, () => {
        const r = parseValue(f, f.example, lists);
        expect(r).toMatchObject({ ok: true });
        if (!r.ok) return;
        if (f.example !== '') expect(r.value).not.toBeNull();
        const again = parseValue(f, formatValue(f, r.value, lists), lists);
        expect(again).toEqual(r);
      });
    }
  }
});
