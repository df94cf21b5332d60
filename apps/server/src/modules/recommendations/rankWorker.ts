// A ranking worker of recomputeAll (rankAll.ts): ranks a share of the enterprises (and enterprise record stand-ins)
// against the school lines, and posts their lists back as jsonb_to_recordset chunks. CPU only: the main thread
// owns the database connection (PGlite has no connection a worker could use).
import { parentPort, workerData } from 'node:worker_threads';
import { buildSchoolIndex, type EnterpriseLine, type SchoolLine } from '@cjrh/domain';
import type { ProfileLines } from './profiles';
import { ChunkWriter, rankFor, type RankContext } from './ranking';

export interface WorkerInput {
  schoolLines: SchoolLine[];
  enterprises: [number, EnterpriseLine[]][];
  profiles: [number, ProfileLines][];
  partners: [number, number[]][];
  dismissals: [number, { counterpartOrgId: number; reason: string }[]][];
  orgIndustries: [number, string[]][];
  chunkRows: number;
}

export type WorkerMessage = { json: string; rows: number; floors: number[] } | { done: true; orgs: number };

const input = workerData as WorkerInput;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const schoolIndex = buildSchoolIndex(input.schoolLines);
const entByOrg = new Map(input.enterprises);
const c: RankContext = {
  partners: new Map(input.partners.map(([o, ps]) => [o, new Set(ps)])),
  dismissals: new Map(input.dismissals),
  orgIndustries: new Map(input.orgIndustries),
};
const lines = { schoolByOrg: new Map<number, SchoolLine[]>(), entByOrg, schoolIndex };
const out = new ChunkWriter((json, rows, floors) => post({ json, rows, floors }), input.chunkRows);
for (const [orgId] of input.enterprises) out.add(orgId, rankFor(orgId, lines, c));
for (const [orgId, p] of input.profiles) out.add(orgId, rankFor(orgId, lines, c, p));
out.flush();
post({ done: true, orgs: input.enterprises.length + input.profiles.length });
