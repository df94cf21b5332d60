// Every organisation's list, for recomputeAll: the main thread ranks the schools (they need the 1,000,000-line
// enterprise index it already holds) while worker threads rank the enterprises against the 25,000 school lines —
// the bulk of the work (100,000 enterprises) — and the lists stream to the caller chunk by chunk as they are ready,
// so storing overlaps ranking. Without workers (small sets, tests by default) everything runs on the main thread
// through the same code.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LineSet } from './lines';
import type { ProfileLines } from './profiles';
import { ChunkWriter, rankFor, type RankContext } from './ranking';
import type { WorkerInput, WorkerMessage } from './rankWorker';

export interface Chunk {
  json: string;
  rows: number;
  floors: number[];
}

/** Below this many lines, starting workers (each transpiles and indexes on its own) costs more than it saves. */
const WORKER_MIN_LINES = 100_000;
const CHUNK_ROWS = 20_000;

export function defaultWorkers(lines: LineSet): number {
  return lines.schoolLines.length + lines.entLines.length >= WORKER_MIN_LINES
    ? Math.max(1, Math.min(4, availableParallelism()))
    : 0;
}

/** A one-consumer queue the producers (main-thread slices, workers) push into. */
export class ChunkQueue {
  private items: Chunk[] = [];
  private waiting: (() => void) | null = null;
  private ended = false;
  private error: unknown = null;
  push(c: Chunk) {
    this.items.push(c);
    this.wake();
  }
  end(error?: unknown) {
    this.ended = true;
    if (error !== undefined) this.error = error;
    this.wake();
  }
  private wake() {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<Chunk> {
    for (;;) {
      if (this.error) throw this.error;
      const c = this.items.shift();
      if (c) yield c;
      else if (this.ended) return;
      else await new Promise<void>((r) => (this.waiting = r));
    }
  }
}

/**
 * The worker's entry. The server runs its TypeScript sources through tsx, whose loader a worker thread does not
 * inherit (nor take from execArgv on Node 20): a two-line module registers tsx's ESM API in the worker first.
 */
function workerEntry(): URL {
  const target = new URL(`./rankWorker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (!target.pathname.endsWith('.ts')) return target;
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return new URL(
    `data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(target.href)});`)}`,
  );
}

function runWorker(input: WorkerInput, q: ChunkQueue, started: Worker[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerEntry(), { workerData: input });
    started.push(w);
    let orgs = -1;
    w.on('message', (m: WorkerMessage) => {
      if ('done' in m) orgs = m.orgs;
      else q.push(m);
    });
    w.on('error', reject);
    w.on('exit', (code) =>
      code === 0 && orgs >= 0 ? resolve(orgs) : reject(new Error(`推荐计算线程异常退出（${code}）`)),
    );
  });
}

const tick = () => new Promise<void>((r) => setImmediate(r));

/**
 * Ranks every organisation of `orgIds` (published lines, or record stand-ins in `profiles`) and pushes the lists
 * into q; ends q when done (or with the error). Returns the number of organisations ranked.
 */
export async function rankAll(
  lines: LineSet,
  c: RankContext,
  profiles: Map<number, ProfileLines>,
  orgIds: number[],
  workers: number,
  q: ChunkQueue,
): Promise<number> {
  const started: Worker[] = [];
  try {
    const onMain: number[] = [];
    const shares: number[][] = Array.from({ length: workers }, () => []);
    // Enterprises (and enterprise stand-ins) go to the workers round-robin; schools stay on the main thread.
    let k = 0;
    for (const id of orgIds) {
      const ent = lines.entByOrg.has(id) || (!lines.schoolByOrg.has(id) && profiles.get(id)?.kind === 'enterprise');
      if (workers > 0 && ent) shares[k++ % workers].push(id);
      else onMain.push(id);
    }
    const schoolIndustries = [
      ...lines.schoolByOrg.keys(),
      ...[...profiles].filter(([, p]) => p.kind === 'school').map(([id]) => id),
    ].map((id) => [id, c.orgIndustries.get(id) ?? []] as [number, string[]]);
    // Alive lines only: a worker's index is built without the lines withdrawn since the main index was.
    const schoolLines = lines.schoolLines.filter((_, j) => lines.schoolIndex.table.dead[j] === 0);
    const running = shares.map((ids) =>
      runWorker(
        {
          schoolLines,
          enterprises: ids.filter((id) => lines.entByOrg.has(id)).map((id) => [id, lines.entByOrg.get(id)!]),
          profiles: ids.filter((id) => !lines.entByOrg.has(id)).map((id) => [id, profiles.get(id)!]),
          partners: [...c.partners].map(([o, s]) => [o, [...s]]),
          dismissals: [...c.dismissals],
          // A worker ranks schools for enterprises: dismissal penalties look at the schools' industries only.
          orgIndustries: schoolIndustries,
          chunkRows: CHUNK_ROWS,
        },
        q,
        started,
      ),
    );
    // Seen by Promise.all below; until then a failing worker must not count as an unhandled rejection.
    for (const r of running) r.catch(() => {});
    // Main-thread share in slices, so the chunks already queued get stored in between.
    const out = new ChunkWriter((json, rows, floors) => q.push({ json, rows, floors }), CHUNK_ROWS);
    for (let i = 0; i < onMain.length; i++) {
      const id = onMain[i];
      out.add(id, rankFor(id, lines, c, profiles.get(id)));
      if (i % 100 === 99) await tick();
    }
    out.flush();
    const counts = await Promise.all(running);
    q.end();
    return onMain.length + counts.reduce((a, b) => a + b, 0);
  } catch (e) {
    for (const w of started) void w.terminate();
    q.end(e);
    throw e;
  }
}
