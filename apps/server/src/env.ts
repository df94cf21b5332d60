import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { repoRoot } from './paths';

// The only reader of process.env. Everything else receives a parsed Env.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** The embedded database's folder; a relative path is taken from the repository root, wherever npm runs the script. */
  DATA_DIR: z
    .string()
    .default('./data')
    .transform((v) => (isAbsolute(v) ? v : resolve(repoRoot, v))),
  /** postgres://… switches from the embedded PGlite to a PostgreSQL server. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 必须以 postgres:// 开头')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Signs the session cookie; when unset a random secret is kept in DATA_DIR, or in app_meta on PostgreSQL. */
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET 至少 32 个字符').optional(),
  /** Load the demo province into an empty database (default on). */
  DEMO_DATA: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Set when the server runs behind HTTPS so the cookie gets the Secure flag. */
  COOKIE_SECURE: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  WEB_DIST: z.string().optional(),
  /**
   * Pins the platform's clock at start (an ISO instant or a date, 09:00 Beijing): it runs on from there. For tests
   * and rehearsals only (e.g. the browser tests on a month end or a year start); never set in a real deployment.
   */
  CLOCK_AT: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T09:00:00+08:00` : v)), 'CLOCK_AT 应为日期（YYYY-MM-DD）或 ISO 时间')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export type Env = z.infer<typeof schema>;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`环境变量配置错误:\n${lines}`);
  }
  return parsed.data;
}

/** Defaults for tests: no demo data, quiet logs, a fixed secret. */
export function testEnv(overrides: Partial<Env> = {}): Env {
  return { ...loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false' }), SESSION_SECRET: 'test-secret-test-secret-test-secret-00', ...overrides };
}
