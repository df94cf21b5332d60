import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { repoRoot } from './paths';

// The only reader of process.env. Everything else receives a parsed Env.

/** An empty variable (`SMTP_URL=`) means unset; preprocessing keeps the inner schema's own Chinese message. */
const blankIsUnset = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === '' ? undefined : v), inner);
const schema = z
  .object({
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
    /** Embedded database only: daily online backups kept in DATA_DIR/backups (the oldest beyond this are removed; 0: no backups). */
    BACKUP_KEEP: z.coerce.number({ error: 'BACKUP_KEEP 应为份数' }).int().min(0).max(365).default(7),
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
    /** Shed load: while the event loop lags more than this many milliseconds, new requests answer 503 at once (0: off). */
    OVERLOAD_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(2000),
    /**
     * Behind a reverse proxy (nginx): whose X-Forwarded-For to believe, so audit entries and logs record the client and
     * not the proxy, and the login throttles see real addresses (behind a proxy with this unset, every client would share
     * the proxy's address). true (every hop), a number of hops, or addresses/CIDRs separated by commas (e.g. 127.0.0.1).
     * Unset: no proxy believed.
     */
    TRUST_PROXY: blankIsUnset(
      z
        .string()
        .optional()
        .transform((v) =>
          v === undefined || v === 'false' || v === '0' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v,
        ),
    ),
    /**
     * Pins the platform's clock at start (an ISO instant or a date, 09:00 Beijing): it runs on from there. For tests
     * and rehearsals only (e.g. the browser tests on a month end or a year start); never set in a real deployment.
     */
    CLOCK_AT: z
      .string()
      .refine(
        (v) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T09:00:00+08:00` : v)),
        'CLOCK_AT 应为日期（YYYY-MM-DD）或 ISO 时间',
      )
      .optional()
      .or(z.literal('').transform(() => undefined)),
    /**
     * smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465 turns on e-mail: notifications
     * are also mailed and 忘记密码 sends reset links. Unset: no mail at all, passwords are reset by the bureaus.
     */
    SMTP_URL: blankIsUnset(
      z
        .string()
        .regex(/^smtps?:\/\/[^/]+/, 'SMTP_URL 应形如 smtp://用户名:密码@主机:端口 或 smtps://…')
        .optional(),
    ),
    /** Sender of every mail, e.g. "湖北省产教融合平台 <noreply@hbrs.example.cn>"; required with SMTP_URL. */
    MAIL_FROM: blankIsUnset(z.string().trim().optional()),
    /** The address people open the platform at (links in mails), e.g. https://cjrh.hbrs.gov.cn; required with SMTP_URL. */
    PUBLIC_URL: blankIsUnset(
      z
        .url({ protocol: /^https?$/, error: 'PUBLIC_URL 应为 http:// 或 https:// 开头的网址' })
        .transform((v) => v.replace(/\/+$/, ''))
        .optional(),
    ),
    /** Absolute session lifetime in hours, besides the 30-minute idle timeout (等保: a session must end however busy). */
    SESSION_MAX_HOURS: z.coerce
      .number({ error: 'SESSION_MAX_HOURS 应为小时数' })
      .positive('SESSION_MAX_HOURS 应大于 0')
      .max(24 * 30)
      .default(12),
    /** Login attempts per client address per minute (any usernames) before 429; failures per account and address are
     * limited separately (5 per 15 minutes). Tests raise it: they log in hundreds of times from one address. */
    LOGIN_RATE_MAX: z.coerce.number().int().min(1).default(20),
    /** Days a password stays valid before its owner must change it (0: never); demo accounts are exempt. */
    PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(180),
    /** Anonymous writes (objections to a public notice) per client address per hour. */
    ANON_WRITE_MAX: z.coerce.number().int().min(1).default(5),
    /**
     * Extra origins allowed to send writes besides the one the request is addressed to (Host) and PUBLIC_URL, comma
     * separated, e.g. https://cjrh.hbrs.gov.cn,https://cjrh-backup.hbrs.gov.cn. Any other Origin gets 403.
     */
    ALLOWED_ORIGINS: blankIsUnset(z.string().optional()),
    /**
     * redis://[:password@]host:6379[/db] (or rediss://): the login throttles, per-account failure counters and captcha
     * answers live in Redis, so every process behind the balancer shares them, and cache events travel by Redis
     * pub/sub instead of PostgreSQL NOTIFY. Unset: all of that stays in the process (and NOTIFY on PostgreSQL).
     */
    REDIS_URL: blankIsUnset(
      z
        .string()
        .regex(/^rediss?:\/\//, 'REDIS_URL 应形如 redis://主机:6379')
        .optional(),
    ),
    /** What every Redis key and channel of this deployment starts with (several deployments may share one Redis). */
    REDIS_KEY_PREFIX: z.string().min(1).max(64).default('cjrh:'),
    /** false: /api/docs and /api/openapi.json are not served (a production deployment need not publish its API map). */
    API_DOCS: z
      .enum(['true', 'false', '1', '0'])
      .default('true')
      .transform((v) => v === 'true' || v === '1'),
  })
  .superRefine((e, ctx) => {
    // A mail without a valid sender is refused by most servers, and a reset link without the public address is useless:
    // fail at start rather than at the first mail.
    if (!e.SMTP_URL) return;
    if (!e.MAIL_FROM)
      ctx.addIssue({
        code: 'custom',
        path: ['MAIL_FROM'],
        message: '设置 SMTP_URL 时必须同时设置 MAIL_FROM（发件人地址）',
      });
    if (!e.PUBLIC_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: '设置 SMTP_URL 时必须同时设置 PUBLIC_URL（邮件中链接的网址）',
      });
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
  // Overload shedding off: CPU-heavy tests (a full re-rank) would otherwise see their own requests refused.
  // LOGIN_RATE_MAX: many test files log in hundreds of times from the one inject address; the throttle tests lower it.
  return {
    ...loadEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'false',
      OVERLOAD_EVENT_LOOP_DELAY_MS: '0',
      LOGIN_RATE_MAX: '100000',
      ANON_WRITE_MAX: '100000',
      PASSWORD_MAX_AGE_DAYS: '0',
    }),
    SESSION_SECRET: 'test-secret-test-secret-test-secret-00',
    ...overrides,
  };
}
