// The same code lists the server validates with (regions + the active dictionary entries, aliases included), built
// with codeListFrom so parseValue/validateForm give the browser the server's answer before anything is sent.
import { computed } from 'vue';
import { codeListFrom, isChoosableEntry, type CodeListKind, type CodeLists, type DictEntry } from '@cjrh/domain';
import { useDict, useRegions } from '@/composables/useReference';

export interface CodeOption {
  value: string;
  label: string;
  /** Shown greyed beside the name in the dropdown; also searchable. */
  code: string;
}
export type CodeOptions = Record<CodeListKind, CodeOption[]>;

const aliasesOf = (e: DictEntry) =>
  Array.isArray(e.data?.aliases) ? (e.data.aliases as unknown[]).filter((a): a is string => typeof a === 'string') : [];

export function useCodeLists() {
  const regions = useRegions();
  const dicts = {
    specialty: useDict('specialty'),
    occupation: useDict('occupation'),
    industry: useDict('industry'),
    skill_level: useDict('skill_level'),
  };
  const dictKinds = ['specialty', 'occupation', 'industry', 'skill_level'] as const;

  const lists = computed<CodeLists>(() => ({
    region: codeListFrom(regions.regions.value.map((r) => ({ code: r.code, name: r.name, aliases: [r.shortName] }))),
    specialty: codeListFrom(
      dicts.specialty.items.value.map((e) => ({ code: e.code, name: e.name, aliases: aliasesOf(e) })),
    ),
    occupation: codeListFrom(
      dicts.occupation.items.value.map((e) => ({ code: e.code, name: e.name, aliases: aliasesOf(e) })),
    ),
    industry: codeListFrom(
      dicts.industry.items.value.map((e) => ({ code: e.code, name: e.name, aliases: aliasesOf(e) })),
    ),
    skill_level: codeListFrom(
      dicts.skill_level.items.value.map((e) => ({ code: e.code, name: e.name, aliases: aliasesOf(e) })),
    ),
  }));

  const options = computed<CodeOptions>(() => {
    const out = {
      region: [...regions.regions.value]
        .sort((a, b) => a.sortOrder - b.sortOrder)
        .map((r) => ({ value: r.code, label: r.name, code: r.code })),
    } as CodeOptions;
    // In the dictionary's order (the server sends sortOrder: levels up the 新八级工 ladder); occupation category
    // headings are not choosable (isChoosableEntry, as in the Excel dropdowns). The code lists above still know them.
    for (const k of dictKinds)
      out[k] = dicts[k].items.value
        .filter((e) => isChoosableEntry(k, e.code))
        .map((e) => ({ value: e.code, label: e.name, code: e.code }));
    return out;
  });

  const ready = Promise.all([regions.ready, ...dictKinds.map((k) => dicts[k].ready)]);
  return { lists, options, ready };
}
