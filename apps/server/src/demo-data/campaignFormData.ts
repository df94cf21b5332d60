import {
  formDefinition,
  normalizeForm,
  pinIdentity,
  prefillForm,
  type CodeLists,
  type FormData,
  type FormDefinition,
} from '@cjrh/domain';
import type { DemoPlan, OrgRow } from './generate';
import { enterpriseNeedRows, schoolNeedRows } from './needs';
import type { Rng } from './random';
import { CAMPAIGN_YEAR, type Kind } from './campaignCommon';

// What each demo organisation wrote in its 2025 demand form: the identity part as myForm prefills it from the
// organisation record on first open, then the need rows (needs.ts) as saveForm stores them once typed in, normalised
// and checked as the services would. Draws only from the organisation's own `content` stream.

/** The org as the API's OrgDetail shows it: what prefillForm reads through each field's `prefill` path. */
function orgDetailOf(o: OrgRow, id: number): Record<string, unknown> {
  return {
    id,
    name: o.name,
    type: o.type,
    regionCode: o.regionCode,
    uscc: o.uscc,
    address: o.address ?? '',
    contactName: o.contactName ?? '',
    contactTitle: o.contactTitle ?? '',
    contactPhone: o.contactPhone ?? '',
    schoolType: o.schoolType ?? null,
    schoolOwnership: o.schoolOwnership ?? null,
    enrolment: o.enrolment ?? null,
    enterpriseOwnership: o.enterpriseOwnership ?? null,
    industryCodes: o.industryCodes ?? [],
    size: o.size ?? null,
    employees: o.employees ?? null,
    isKey: o.isKey ?? false,
    integrationLevel: o.integrationLevel ?? 'none',
  };
}

/** The form's definition and its saved data; throws if the generated form would not pass the services' checks. */
export function demandFormOf(
  plan: DemoPlan,
  org: OrgRow,
  orgId: number,
  kind: Kind,
  lists: CodeLists,
  content: Rng,
): { def: FormDefinition; data: FormData } {
  const def = formDefinition(kind, CAMPAIGN_YEAR);
  // What myForm stores on first open, then what saveForm stores once the rows are typed in.
  const opened = normalizeForm(def, pinIdentity(def, prefillForm(def, orgDetailOf(org, orgId), null), org), lists).data;
  const profile = plan.profiles.find((p) => p.region.code === org.regionCode)!;
  const rows =
    kind === 'school'
      ? schoolNeedRows(content, {
          schoolType: org.schoolType ?? '技工学校',
          specialties: plan.specialties.get(org.uscc) ?? [],
          regionIndustries: profile.industries.map((i) => i.code),
        })
      : enterpriseNeedRows(content, { industryCodes: org.industryCodes ?? [], size: org.size ?? null });
  const { data, issues } = normalizeForm(def, pinIdentity(def, { org: opened.org, rows }, org), lists);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length)
    throw new Error(
      `demo campaign: generated form of ${org.name} is invalid: ${errors[0].fieldKey} ${errors[0].message}`,
    );
  return { def, data };
}
