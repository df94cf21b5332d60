import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pkg from '../../package.json';

// Who this process is, for the job-run records and the 「运行状态」 page: a random id per start (a pid repeats across
// hosts and restarts), the host, and the program version it runs.
export const processInfo = {
  id: randomUUID(),
  pid: process.pid,
  host: hostname(),
  version: pkg.version,
};
