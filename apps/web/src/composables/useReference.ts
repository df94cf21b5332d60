// Reference data changes rarely, so each list is fetched once per page load and shared by every screen.
import { computed, ref, type Ref } from 'vue';
import type { DictEntry, DictKind } from '@cjrh/domain';
import { referenceApi, type Region } from '@/api/reference';

const regions = ref<Region[]>([]);
let regionsPromise: Promise<Region[]> | null = null;

export function useRegions() {
  if (!regionsPromise) {
    regionsPromise = referenceApi.regions().then((items) => (regions.value = items));
    regionsPromise.catch(() => (regionsPromise = null));
  }
  const byCode = computed(() => new Map(regions.value.map((r) => [r.code, r])));
  return {
    regions,
    ready: regionsPromise,
    regionName: (code: string | null | undefined) => (code ? (byCode.value.get(code)?.name ?? code) : ''),
  };
}

const dicts = new Map<DictKind, { items: Ref<DictEntry[]>; promise: Promise<DictEntry[]> | null }>();

/** Active entries of a dictionary, cached; `refresh()` after an edit. */
export function useDict(kind: DictKind) {
  let slot = dicts.get(kind);
  if (!slot) {
    slot = { items: ref<DictEntry[]>([]), promise: null };
    dicts.set(kind, slot);
  }
  const s = slot;
  const refresh = () => {
    s.promise = referenceApi.dict(kind).then((items) => (s.items.value = items));
    s.promise.catch(() => (s.promise = null));
    return s.promise;
  };
  if (!s.promise) void refresh().catch(() => undefined);
  const byCode = computed(() => new Map(s.items.value.map((e) => [e.code, e])));
  return {
    items: s.items,
    ready: s.promise!,
    refresh,
    byCode,
    nameOf: (code: string | null | undefined) => (code ? (byCode.value.get(code)?.name ?? code) : ''),
  };
}
