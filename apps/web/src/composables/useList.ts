// The one list plumbing every paged table shares (issue #20): the filters, page and page size kept in the address
// (so Back, a reload and a shared link show the same list), loading and error, and a request that a newer one
// supersedes is aborted and never writes its rows or its error — quick filter changes cannot leave stale rows.
// When to search stays the page's choice (a select searches on change, a keyword on Enter), as before.
import { computed, onScopeDispose, reactive, ref, shallowRef, type Ref, type UnwrapRef } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { errorMessage } from '@cjrh/domain';
import { ApiError, withSignal } from '@/api/http';
import { showError } from '@/utils/notify';

/** What a list route answers (some add fields beside the rows: unread, figure …). */
export interface ListPage<T> {
  items: T[];
  total: number;
}

type FilterValue = string | number | boolean | null | undefined;
export type Filters = Record<string, FilterValue>;
/** The filters as a request asks with them: keywords trimmed, an empty choice left out. */
export type Asked<F extends Filters> = { [K in keyof F]?: Exclude<F[K], '' | null> };
/** Reads one filter from its text in the address; undefined keeps the default (a value the page does not offer). */
type Parse<V> = (raw: string) => V | undefined;

export interface ListOptions<F extends Filters, R extends ListPage<unknown>> {
  /** The filters with their defaults: a filter at its default is left out of the address. */
  filters: F;
  /**
   * The request: the filters as asked (keywords trimmed, empty ones left out) plus page and pageSize. The requests
   * it starts at once are tied to `signal` (http.ts withSignal); a fetch that goes on after an await checks it.
   */
  fetch: (query: Asked<F> & { page: number; pageSize: number }, signal: AbortSignal) => Promise<R>;
  /**
   * How a filter is read back from the address, for values that are not plain text (a year, an id, one of a list:
   * see `oneOf`). Without one, a number default reads a number, a boolean one 'true', and any other the text.
   */
  parse?: { [K in keyof F]?: Parse<F[K]> };
  /** Filters that are not the person's to change (a bureau's own region): never written to the address. */
  fixed?: (keyof F)[];
  pageSize?: number;
  /** Keep filters, page and page size in the address (default). Off for a table inside a page with its own. */
  url?: boolean;
  /** Load when created (default): a page that first needs something else calls `reload()` itself. */
  immediate?: boolean;
  /** Show a failed load as a toast too (default); `error` holds the message either way. */
  toast?: boolean;
}

/** A parser for a filter that must be one of a list (a state, a type): anything else reads as the default. */
export function oneOf<T extends string>(values: readonly T[]): Parse<T> {
  return (raw) => ((values as readonly string[]).includes(raw) ? (raw as T) : undefined);
}

/** A parser for a positive whole number (a year, an id). */
export const positiveInt: Parse<number> = (raw) => (/^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : undefined);

const text = (v: LocationQuery[string] | undefined) => (typeof v === 'string' ? v : undefined);
const trimmed = (v: FilterValue) => (typeof v === 'string' ? v.trim() : v);
const empty = (v: FilterValue) => v === undefined || v === null || v === '';

export function useList<F extends Filters, R extends ListPage<unknown>>(options: ListOptions<F, R>) {
  const syncUrl = options.url !== false;
  const route = syncUrl ? useRoute() : null;
  const router = syncUrl ? useRouter() : null;
  const defaults = { ...options.filters };
  const defaultSize = options.pageSize ?? 20;
  const fixed = new Set<keyof F>(options.fixed ?? []);

  function fromUrl(): { filters: F; page: number; pageSize: number } {
    const read = { ...defaults };
    const q = route?.query ?? {};
    for (const key of Object.keys(defaults) as (keyof F & string)[]) {
      const raw = text(q[key]);
      if (raw === undefined || fixed.has(key)) continue;
      const parse = options.parse?.[key];
      const kind = typeof defaults[key];
      const value = parse
        ? parse(raw)
        : kind === 'number'
          ? positiveInt(raw)
          : kind === 'boolean'
            ? raw === 'true'
            : raw;
      if (value !== undefined) read[key] = value as F[keyof F & string];
    }
    return {
      filters: read,
      page: positiveInt(text(q.page) ?? '') ?? 1,
      pageSize: positiveInt(text(q.pageSize) ?? '') ?? defaultSize,
    };
  }

  const start = fromUrl();
  const filters = reactive(start.filters) as UnwrapRef<F>;
  const page = ref(start.page);
  const pageSize = ref(start.pageSize);
  /** The last whole answer, for what a route sends beside the rows (counts, a figure); replaced, never edited. */
  const result = shallowRef<R | null>(null);
  // Deep: a page edits a row in place (marks it read, assigns the saved record) and the table shows it.
  const rows = ref([]) as Ref<R['items']>;
  const total = ref(0);
  const loading = ref(false);
  /** A first answer (or failure) came: the table may say "no match" instead of "loading". */
  const loaded = ref(false);
  const error = ref('');

  function query(): Asked<F> {
    const out: Asked<F> = {};
    for (const key of Object.keys(defaults) as (keyof F & string)[]) {
      const v = trimmed((filters as F)[key]);
      if (!empty(v)) out[key] = v as Asked<F>[keyof F & string];
    }
    return out;
  }

  // The page's own route: a reload started as the person leaves must not write its filters into the next address.
  const ownRoute = route?.name;

  function writeUrl(asked: Asked<F>) {
    if (!route || !router || route.name !== ownRoute) return;
    const own = new Set(['page', 'pageSize', ...Object.keys(defaults)]);
    const next: Record<string, string | undefined> = {};
    // Other parts of the address (a tab, the organisation type) belong to the page and stay as they are.
    for (const [k, v] of Object.entries(route.query)) if (!own.has(k) && typeof v === 'string') next[k] = v;
    for (const key of Object.keys(defaults) as (keyof F & string)[]) {
      const v = asked[key];
      if (!fixed.has(key) && v !== undefined && v !== defaults[key]) next[key] = String(v);
    }
    if (page.value > 1) next.page = String(page.value);
    if (pageSize.value !== defaultSize) next.pageSize = String(pageSize.value);
    void router.replace({ query: next });
  }

  let current: AbortController | null = null;
  let started = false;
  let disposed = false;

  /** Loads the current page with the filters as they are; resolves once this load is over or superseded. */
  async function reload(): Promise<void> {
    if (disposed) return;
    started = true;
    current?.abort();
    const ctl = new AbortController();
    current = ctl;
    const asked = query();
    writeUrl(asked);
    loading.value = true;
    error.value = '';
    try {
      const res = await withSignal(ctl.signal, () =>
        options.fetch({ ...asked, page: page.value, pageSize: pageSize.value }, ctl.signal),
      );
      if (ctl.signal.aborted) return;
      result.value = res;
      rows.value = res.items as R['items'];
      total.value = res.total;
    } catch (e) {
      if (ctl.signal.aborted) return;
      error.value = e instanceof ApiError ? e.message : errorMessage('internal_error');
      if (options.toast !== false) showError(e);
    } finally {
      if (current === ctl) {
        current = null;
        loading.value = false;
        loaded.value = true;
      }
    }
  }

  /** New filters: back to the first page. */
  function search(): Promise<void> {
    page.value = 1;
    return reload();
  }

  /** Every filter back to its default (fixed ones stay), then search. */
  function reset(): Promise<void> {
    for (const key of Object.keys(defaults) as (keyof F & string)[])
      if (!fixed.has(key)) (filters as F)[key] = defaults[key];
    return search();
  }

  /** After a deletion: reload, and if that emptied the last page, show the page before instead. */
  async function reloadAfterRemoval(): Promise<void> {
    await reload();
    if (!rows.value.length && page.value > 1) {
      page.value -= 1;
      await reload();
    }
  }

  /** The pager's binding: `<TablePager v-bind="pager" />`. */
  const pager = computed(() => ({
    currentPage: page.value,
    pageSize: pageSize.value,
    total: total.value,
    'onUpdate:currentPage': (p: number) => {
      page.value = p;
      void reload();
    },
    'onUpdate:pageSize': (s: number) => {
      pageSize.value = s;
      void search();
    },
  }));

  // A page left while its list loads: the answer is not wanted any more.
  onScopeDispose(() => {
    disposed = true;
    current?.abort();
  });
  // The first load waits for the page's setup to finish (its fetch may use what is declared after this call), and is
  // not made when the page has loaded meanwhile.
  if (options.immediate !== false)
    queueMicrotask(() => {
      if (!started) void reload();
    });

  return {
    filters,
    /** The filters as the list asks with them (an export asks with the same). */
    query,
    page,
    pageSize,
    rows,
    total,
    result,
    loading,
    loaded,
    error,
    pager,
    reload,
    search,
    reset,
    reloadAfterRemoval,
  };
}
