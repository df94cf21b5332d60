import { now } from './lib/clock';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import underPressure from '@fastify/under-pressure';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Database } from './db/client';
import type { Env } from './env';
import { setPublicUrl } from './lib/publicUrl';
import { defaultWebDist } from './paths';
import { AppError, registerErrorHandler } from './http/errors';
import { registerSessionHook } from './http/session';
import { registerMetrics } from './http/metrics';
import { startCacheBus } from './lib/cacheEvents';
import { memoryState, redisState, type SharedState } from './lib/sharedState';
import { registerHsts, registerRateLimit, registerWriteGuard } from './http/guard';
import { registerAuditTrail } from './http/auditTrail';
import { registerSignInGate } from './http/publicRoutes';
import { authRoutes } from './modules/auth/auth.routes';
import { createMailer, type Mailer } from './modules/mail/mailer';
import { orgRoutes } from './modules/orgs/orgs.routes';
import { onboardingRoutes } from './modules/onboarding/onboarding.routes';
import { orgChangeRoutes } from './modules/orgs/changeRequests.routes';
import { accountRoutes } from './modules/accounts/accounts.routes';
import { referenceRoutes } from './modules/reference/reference.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { healthRoutes } from './modules/health/health.routes';
import { campaignRoutes } from './modules/campaigns/campaigns.routes';
import { formRoutes } from './modules/forms/forms.routes';
import { notificationRoutes } from './modules/notifications/notifications.routes';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes';
import { intentRoutes } from './modules/intents/intents.routes';
import { eventRoutes } from './modules/events/events.routes';
import { recommendationRoutes } from './modules/recommendations/recommendations.routes';
import { agreementRoutes } from './modules/agreements/agreements.routes';
import { projectRoutes } from './modules/projects/projects.routes';
import { indicatorRoutes } from './modules/indicators/indicators.routes';
import { excelRoutes } from './modules/excel/excel.routes';
import { selectionRoutes } from './modules/selection/selection.routes';
import { resultsRoutes } from './modules/results/results.routes';
import { warningRoutes } from './modules/warning/warning.routes';
import { assessmentRoutes } from './modules/assessment/assessment.routes';
import { trainingRoutes } from './modules/trainings/trainings.routes';
import { skillRoutes } from './modules/skills/skills.routes';
import { schoolAssessmentRoutes } from './modules/schoolassess/schoolassess.routes';
import { priorityRoutes } from './modules/priority/priority.routes';
import { keyIndustryRoutes } from './modules/keyindustries/keyindustries.routes';
import { mentorRoutes } from './modules/mentors/mentors.routes';
import { opsRoutes } from './modules/ops/ops.routes';
import type { Scheduler } from './jobs/scheduler';
import { layoutRoutes } from './modules/layout/layout.routes';
import { specialtyChangeRoutes } from './modules/specialtychanges/specialtychanges.routes';
import { teacherRoutes } from './modules/teachers/teachers.routes';
import { recruitRoutes } from './modules/teachers/recruits.routes';
import { coopOfficeRoutes } from './modules/coopoffice/coopoffice.routes';
import { reportRoutes } from './modules/reports/reports.routes';
import { searchRoutes } from './modules/search/search.routes';

export interface AppDeps {
  env: Env;
  db: Database;
  /** A secret for signing cookies; main.ts passes the persisted one. */
  cookieSecret?: string;
  /** Sends mail (password-reset links); default: from SMTP_URL, none when unset. main.ts shares it with the mail loop. */
  mailer?: Mailer | null;
  /** The process's pino logger (main.ts); default: one made from LOG_LEVEL. */
  logger?: FastifyBaseLogger;
  /** Whether this process's scheduled jobs run (readiness); unset: jobs are not run here (tests). */
  jobsRunning?: () => boolean;
  /**
   * Tests only (http/authz.matrix.test.ts): requests reach the handlers without schema validation, so the access
   * check on a service's first line answers for every route and caller, whatever body the probe sends.
   */
  skipValidationForTests?: boolean;
  /** This process's scheduler (the 「运行状态」 page: schedules and next runs); unset in tests. */
  scheduler?: () => Scheduler | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Throttle counters and one-time values (lib/sharedState.ts); tests read captcha answers from it. */
    sharedState: SharedState;
  }
}

const LEGACY_SELECTION = '/api/demo/';

export async function buildApp({
  env,
  db: database,
  cookieSecret,
  mailer = createMailer(env),
  logger,
  jobsRunning,
  skipValidationForTests,
  scheduler = () => null,
}: AppDeps): Promise<FastifyInstance> {
  setPublicUrl(env.PUBLIC_URL);
  const app = Fastify({
    logger: logger ? undefined : env.LOG_LEVEL === 'silent' ? false : { level: env.LOG_LEVEL },
    loggerInstance: logger,
    bodyLimit: 1024 * 1024,
    genReqId: (req) =>
      typeof req.headers['x-request-id'] === 'string' && /^[\w-]{1,64}$/.test(req.headers['x-request-id'])
        ? req.headers['x-request-id']
        : randomUUID(),
    requestIdHeader: false,
    // A hop count is accepted at run time (proxy-addr), though Fastify's type leaves numbers out.
    trustProxy: env.TRUST_PROXY as boolean | string,
    // Demonstration selection answered at /api/demo/… before its rename (decision 0016); those addresses keep working
    // for one release, as the same routes (one access rule, one audit), marked deprecated in onSend below.
    rewriteUrl: (req) =>
      req.url?.startsWith(LEGACY_SELECTION)
        ? `/api/selection/${req.url.slice(LEGACY_SELECTION.length)}`
        : (req.url ?? '/'),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(skipValidationForTests ? () => (data: unknown) => ({ value: data }) : validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  // Security headers and the request id on every answer.
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (req.originalUrl.startsWith(LEGACY_SELECTION))
      reply.header('deprecation', 'true').header('link', '</api/selection/>; rel="successor-version"');
    // The web app takes "today" from the server's clock (apps/web/src/utils/clock.ts).
    reply.header('x-server-time', now().toISOString());
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!req.url.startsWith('/api/docs')) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
    }
    // API answers are per user and live: never stored, unless the route says otherwise (the public 汇编, by ETag).
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  registerHsts(app, env);
  await app.register(cookie, { secret: cookieSecret ?? env.SESSION_SECRET ?? randomUUID() + randomUUID() });
  await app.register(swagger, {
    openapi: {
      info: { title: '湖北省“产教融合·技能助跑”专项行动平台 API', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cjrh_sid' } } },
    },
    transform: jsonSchemaTransform,
  });
  // API_DOCS=false: a production deployment need not publish its API map (the routes then answer 404).
  if (env.API_DOCS) {
    await app.register(swaggerUi, { routePrefix: '/api/docs' });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  }

  // The pooled SMTP connections end with the app (the mail loop in main.ts stops before it).
  if (mailer) app.addHook('onClose', async () => mailer.close());
  registerWriteGuard(app, env);
  // Throttle counters and captcha answers: in this process, or in Redis shared by every process (REDIS_URL).
  const state = env.REDIS_URL
    ? redisState(env.REDIS_URL, env.REDIS_KEY_PREFIX, (err) => app.log.warn({ err: err.message }, 'Redis 连接异常'))
    : memoryState();
  app.decorate('sharedState', state);
  app.addHook('onClose', () => state.close());
  await registerRateLimit(app, state);
  registerSessionHook(app, database.db, {
    demoData: env.DEMO_DATA,
    maxHours: env.SESSION_MAX_HOURS,
    passwordMaxDays: env.PASSWORD_MAX_AGE_DAYS,
  });
  registerSignInGate(app);
  registerAuditTrail(app, database.db);
  registerMetrics(app, database);
  if (env.OVERLOAD_EVENT_LOOP_DELAY_MS > 0) {
    // Under overload a quick 503 (nginx tries another process) beats a request that waits until every client times out.
    await app.register(underPressure, {
      maxEventLoopDelay: env.OVERLOAD_EVENT_LOOP_DELAY_MS,
      retryAfter: 5,
      // The answer is returned, not sent: under-pressure then ends the request there (a handler that sends and returns
      // nothing lets the route run anyway — a shed write was still carried out, a shed readiness check answered 500).
      // Health checks and metrics are never shed: an operator must see a busy process as busy, not as dead.
      // (Its types say void; the returned value is what under-pressure's code sends: index.js handlePressure.)
      pressureHandler: ((req: FastifyRequest, reply: FastifyReply) => {
        if (req.url.startsWith('/api/health') || req.url === '/metrics') return undefined;
        void reply.status(503).header('retry-after', '5');
        return { error: { code: 'service_unavailable', message: '服务器繁忙，请稍后重试' } };
      }) as unknown as (req: FastifyRequest, reply: FastifyReply) => void,
    });
  }
  // Other processes on the same PostgreSQL announce writes that make this one's caches stale (lib/cacheEvents.ts).
  const stopCacheBus = await startCacheBus(
    database,
    app.log,
    env.REDIS_URL ? { url: env.REDIS_URL, prefix: env.REDIS_KEY_PREFIX } : undefined,
  );
  app.addHook('onClose', stopCacheBus);
  await app.register(healthRoutes(database, { demoData: env.DEMO_DATA, jobsRunning }));
  await app.register(
    authRoutes(database.db, state, {
      cookieSecure: env.COOKIE_SECURE,
      demoData: env.DEMO_DATA,
      mailer,
      loginRateMax: env.LOGIN_RATE_MAX,
      passwordMaxDays: env.PASSWORD_MAX_AGE_DAYS,
    }),
  );
  await app.register(orgRoutes(database.db));
  await app.register(onboardingRoutes(database.db));
  await app.register(orgChangeRoutes(database.db));
  await app.register(accountRoutes(database.db));
  await app.register(referenceRoutes(database.db));
  await app.register(auditRoutes(database.db));
  await app.register(campaignRoutes(database.db));
  await app.register(formRoutes(database.db));
  await app.register(excelRoutes(database.db));
  await app.register(notificationRoutes(database.db));
  await app.register(catalogueRoutes(database.db));
  await app.register(intentRoutes(database.db));
  await app.register(eventRoutes(database.db));
  await app.register(recommendationRoutes(database.db));
  await app.register(agreementRoutes(database.db));
  await app.register(projectRoutes(database.db));
  await app.register(indicatorRoutes(database.db));
  await app.register(selectionRoutes(database.db, { anonWriteMax: env.ANON_WRITE_MAX, state }));
  await app.register(resultsRoutes(database.db));
  await app.register(warningRoutes(database.db));
  await app.register(assessmentRoutes(database.db));
  await app.register(trainingRoutes(database.db));
  await app.register(keyIndustryRoutes(database.db));
  await app.register(mentorRoutes(database.db));
  await app.register(opsRoutes({ database, scheduler, dataDir: env.DATA_DIR, backupKeep: env.BACKUP_KEEP }));
  // Issue 19 parts 5–7 (notice 三(二), 三(四), 三(五)).
  await app.register(skillRoutes(database.db));
  await app.register(schoolAssessmentRoutes(database.db));
  await app.register(priorityRoutes(database.db));
  await app.register(layoutRoutes(database.db));
  await app.register(specialtyChangeRoutes(database.db));
  await app.register(teacherRoutes(database.db));
  await app.register(recruitRoutes(database.db));
  await app.register(coopOfficeRoutes(database.db));
  await app.register(reportRoutes(database.db));
  await app.register(searchRoutes(database.db));

  // The built web app from the same port; any non-API GET falls back to index.html (client-side routes).
  const webDist = env.WEB_DIST ?? defaultWebDist;
  const hasWeb = existsSync(`${webDist}/index.html`);
  // wildcard: files are looked up per request, so a rebuilt web app is served without restarting.
  // preCompressed: the build writes .br and .gz beside each file (apps/web/vite.config.ts); they are sent as they are.
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: true,
      index: ['index.html'],
      preCompressed: true,
      setHeaders: (reply, path) => {
        // Files under assets/ carry their content hash in the name, so a browser may keep them for good; index.html
        // names the current ones and is asked for again on every visit.
        reply.header(
          'cache-control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    // Missing build files answer 404 (not index.html), so a stale page fails loudly instead of parsing HTML as JS.
    if (!req.url.startsWith('/api/') && !req.url.startsWith('/assets/') && req.method === 'GET' && hasWeb)
      return reply.type('text/html').sendFile('index.html');
    throw new AppError(404, 'route_not_found');
  });
  return app;
}
