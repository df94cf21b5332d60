// The list plumbing in Node: Vue's reactivity and a memory-history router, a fetch the test answers by hand, so the
// order in which answers arrive is the test's to choose (as a slow network chooses it).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, effectScope } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { oneOf, positiveInt, useList, type ListPage } from './useList';
import { ApiError, http, withSignal } from '@/api/http';

interface Row {
  id: number;
}
type Query = { q?: string; status?: 'open' | 'closed'; year?: number; page: number; pageSize: number };

/** One request the list made: its query, its signal, and how the test answers it. */
interface Call {
  query: Query;
  signal: AbortSignal;
  answer: (page: ListPage<Row>) => void;
  fail: (e: unknown) => void;
}

async function setup(url: string, opts: { url?: boolean } = {}) {
  const router: Router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/list', component: { render: () => null } }],
  });
  await router.push(url);
  const app = createApp({ render: () => null }).use(router);
  const calls: Call[] = [];
  const scope = effectScope();
  const list = scope.run(() =>
    app.runWithContext(() =>
      useList({
        filters: { q: '', status: '' as '' | 'open' | 'closed', year: '' as number | '' },
        parse: { status: oneOf(['open', 'closed'] as const), year: positiveInt },
        fetch: (query, signal) =>
          new Promise<ListPage<Row>>((answer, fail) => calls.push({ query, signal, answer, fail })),
        toast: false,
        url: opts.url,
      }),
    ),
  )!;
  await Promise.resolve(); // the first load, made once setup is over
  return { router, list, calls, scope };
}

/** Lets the awaited answer reach the list and the router finish its replace. */
const settle = () => new Promise((done) => setTimeout(done, 0));

describe('useList', () => {
  it('reads filters and page from the address, and keeps only valid values', async () => {
    const { list, calls } = await setup('/list?q=%E7%94%B5%E5%AD%90&status=bogus&year=2025&page=3&tab=x');
    expect(calls).toHaveLength(1);
    expect(calls[0].query).toStrictEqual({ q: '电子', year: 2025, page: 3, pageSize: 20 });
    expect(list.filters.year).toBe(2025);
  });

  it('shows only the last answer when a newer search supersedes a request still on its way', async () => {
    const { list, calls } = await setup('/list');
    list.filters.status = 'open';
    void list.search();
    list.filters.status = 'closed';
    const last = list.search();
    expect(calls).toHaveLength(3);
    expect(calls[0].signal.aborted).toBe(true);
    expect(calls[1].signal.aborted).toBe(true);
    expect(calls[2].signal.aborted).toBe(false);

    // The answers arrive out of order: the newest first, then the superseded one.
    calls[2].answer({ items: [{ id: 3 }], total: 1 });
    await last;
    calls[1].answer({ items: [{ id: 1 }, { id: 2 }], total: 2 });
    calls[0].fail(new Error('aborted'));
    await settle();
    expect(list.rows.value).toEqual([{ id: 3 }]);
    expect(list.total.value).toBe(1);
    expect(list.error.value).toBe('');
    expect(list.loading.value).toBe(false);
  });

  it('keeps loading while a newer request is on its way, though the superseded one failed', async () => {
    const { list, calls } = await setup('/list');
    void list.search();
    calls[0].fail(new Error('network'));
    await settle();
    expect(list.loading.value).toBe(true);
    expect(list.error.value).toBe('');
    calls[1].answer({ items: [], total: 0 });
    await settle();
    expect(list.loading.value).toBe(false);
    expect(list.loaded.value).toBe(true);
  });

  it("says the server's Chinese message when the last request fails, and keeps the rows it had", async () => {
    const { list, calls } = await setup('/list');
    calls[0].answer({ items: [{ id: 1 }], total: 1 });
    await settle();
    void list.reload();
    calls[1].fail(new ApiError(422, 'validation_failed', '年份不在范围内'));
    await settle();
    expect(list.error.value).toBe('年份不在范围内');
    expect(list.rows.value).toEqual([{ id: 1 }]);
  });

  it('writes the filters, page and page size to the address, leaving defaults and other keys alone', async () => {
    const { list, calls, router } = await setup('/list?tab=returned');
    list.filters.q = '  护理 ';
    list.filters.year = 2026;
    void list.search();
    list.pager.value['onUpdate:currentPage'](2);
    list.pager.value['onUpdate:pageSize'](50);
    await settle();
    expect(calls.at(-1)!.query).toStrictEqual({ q: '护理', year: 2026, page: 1, pageSize: 50 });
    expect(router.currentRoute.value.query).toEqual({ tab: 'returned', q: '护理', year: '2026', pageSize: '50' });

    list.pager.value['onUpdate:currentPage'](4);
    await settle();
    expect(router.currentRoute.value.query).toEqual({
      tab: 'returned',
      q: '护理',
      year: '2026',
      page: '4',
      pageSize: '50',
    });
    void list.reset();
    await settle();
    expect(router.currentRoute.value.query).toEqual({ tab: 'returned', pageSize: '50' });
  });

  it('leaves the address alone for a table inside a page', async () => {
    const { list, router } = await setup('/list?q=x', { url: false });
    list.filters.q = 'y';
    void list.search();
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/list?q=x');
  });

  it('aborts the request on its way when the page is left', async () => {
    const { calls, scope } = await setup('/list');
    scope.stop();
    expect(calls[0].signal.aborted).toBe(true);
  });
});

describe('http with a signal', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('ties the api call to the list signal, and an aborted call is not a network error', async () => {
    const seen: (AbortSignal | null | undefined)[] = [];
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      seen.push(init.signal);
      return new Promise((_ok, fail) =>
        init.signal?.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError'))),
      );
    });
    const ctl = new AbortController();
    const pending = withSignal(ctl.signal, () => http.get('/api/x'));
    // A request started outside withSignal is not tied to it.
    void http.get('/api/y').catch(() => undefined);
    ctl.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen[0]).toBe(ctl.signal);
    expect(seen[1]).toBeUndefined();
  });
});
