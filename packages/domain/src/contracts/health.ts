import { z } from 'zod';

/** API contracts of the health checks (/api/health…): what a balancer, systemd and the login page read. */

const dbKind = z.enum(['pglite', 'postgres']);

export const healthOut = z.object({
  status: z.literal('ok'),
  db: dbKind,
  /** The demo accounts can be used here (loaded, and the server runs with DEMO_DATA): the login page lists them. */
  demo: z.boolean(),
  time: z.string(),
});
export const healthDownOut = z.object({ status: z.literal('error'), db: dbKind });

export const liveOut = z.object({ status: z.literal('ok') });

export const readyOut = z.object({
  status: z.enum(['ok', 'error']),
  db: z.enum(['ok', 'unreachable', 'read_only', 'write_failed']),
  migrations: z.enum(['current', 'pending', 'newer', 'unknown']),
  jobs: z.enum(['running', 'stopped', 'not_here']),
});
