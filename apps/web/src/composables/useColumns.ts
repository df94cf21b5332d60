// Column choice on long lists (issue #17): the person hides the columns they do not read; the choice is kept in
// this browser per user and per list (localStorage), so another account on the same computer keeps its own.
// Only hidden column keys are stored: a column added in a later release shows until the person hides it.
import { computed, ref, watch } from 'vue';
import { useSessionStore } from '@/stores/session';

export interface ColumnDef {
  key: string;
  label: string;
  /** The column that names the row (its link): it cannot be hidden. */
  fixed?: boolean;
}

function columnsKey(list: string, userId: number | string | undefined) {
  return `cjrh:columns:${userId ?? 'anon'}:${list}`;
}

function readHidden(key: string): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function useColumns(list: string, defs: () => ColumnDef[]) {
  const session = useSessionStore();
  const key = computed(() => columnsKey(list, session.user?.id));
  const hidden = ref<string[]>(readHidden(key.value));
  watch(key, (k) => (hidden.value = readHidden(k)));
  const all = computed(defs);
  /** Whether a column is shown (a fixed column always is). */
  const shown = (k: string) => all.value.some((d) => d.key === k && d.fixed) || !hidden.value.includes(k);
  function set(k: string, on: boolean) {
    hidden.value = on ? hidden.value.filter((x) => x !== k) : [...new Set([...hidden.value, k])];
    try {
      localStorage.setItem(key.value, JSON.stringify(hidden.value));
    } catch {
      /* storage full or blocked: the choice holds for this page only */
    }
  }
  function reset() {
    hidden.value = [];
    try {
      localStorage.removeItem(key.value);
    } catch {
      /* as above */
    }
  }
  return { all, hidden, shown, set, reset };
}
