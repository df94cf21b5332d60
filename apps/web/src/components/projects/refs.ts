// The live dictionaries behind the coded widgets, and the same code lists the server validates project data with
// (apps/server projects/refs.ts): active entries, occupations at 工种 level only.
import { computed } from 'vue';
import { isChoosableEntry, type DictEntry, type ProjectFieldDescriptor, type ProjectRefs } from '@cjrh/domain';
import { useDict } from '@/composables/useReference';

export interface CodeOption {
  value: string;
  label: string;
  code: string;
}

const toOptions = (items: DictEntry[]): CodeOption[] =>
  items.map((e) => ({ value: e.code, label: e.name, code: e.code }));

export function useProjectRefs() {
  const specialty = useDict('specialty');
  const occupation = useDict('occupation');
  const skill = useDict('skill_level');
  const industry = useDict('industry');
  const detailOccupations = computed(() =>
    occupation.items.value.filter((e) => isChoosableEntry('occupation', e.code)),
  );

  const options = computed(() => ({
    specialty: toOptions(specialty.items.value),
    occupation: toOptions(detailOccupations.value),
    skill_level: toOptions(skill.items.value),
    industry: toOptions(industry.items.value),
  }));

  /** undefined while a list is still loading, so the domain's reference data is used meanwhile. */
  const refs = computed<ProjectRefs>(() => {
    const set = (items: DictEntry[]) => (items.length ? new Set(items.map((e) => e.code)) : undefined);
    return {
      specialtyCodes: set(specialty.items.value),
      skillLevelCodes: set(skill.items.value),
      occupationCodes: set(detailOccupations.value),
      industryCodes: set(industry.items.value),
    };
  });

  /** The display name of a coded value for a descriptor (options first, then the dictionaries). */
  function codeName(f: ProjectFieldDescriptor, value: string): string {
    const opt = f.options?.find((o) => o.value === value);
    if (opt) return opt.label;
    switch (f.widget) {
      case 'specialty':
      case 'specialties':
        return specialty.nameOf(value);
      case 'occupation':
        return occupation.nameOf(value);
      case 'skill_level':
        return skill.nameOf(value);
      case 'multi-select':
        return f.optionSource === 'industry' ? industry.nameOf(value) : value;
      default:
        return value;
    }
  }

  return {
    options,
    refs,
    codeName,
    specialtyName: specialty.nameOf,
    ready: Promise.all([specialty.ready, occupation.ready, skill.ready, industry.ready]),
  };
}
