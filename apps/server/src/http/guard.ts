import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Env } from '../env';
import type { SharedState } from '../lib/sharedState';
import { AppError } from './errors';
import { sharedRateLimitStore } from './rateLimitStore';

// Request guards that sit in front of every route: cross-site writes, the rate limiter, HSTS.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Requests refused as cross-site, for the audit trail (http/auditTrail.ts). */
export const crossSiteRefused = new WeakSet<FastifyRequest>();
const refuse = (req: FastifyRequest) => {
  crossSiteRefused.add(req);
  return new AppError(403, 'cross_site_refused');
};

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Refuses writes a page of another origin makes a browser send in a signed-in user's name (CSRF). SameSite=Strict
 * cookies stop other sites, not sibling origins of the same site (another port or subdomain of the host), so:
 * - an `Origin` header must be PUBLIC_URL's origin or one of ALLOWED_ORIGINS; without PUBLIC_URL, the origin the
 *   request was addressed to (Host, with https when COOKIE_SECURE) also counts, which is what a local or LAN
 *   deployment and the Vite dev proxy send;
 * - without `Origin`, `Sec-Fetch-Site` (sent by every current browser) must be same-origin or none (typed address);
 *   clients that send neither are not browsers (curl, scripts, the tests) and cannot carry a victim's cookie;
 * - `text/plain` bodies (the one "simple" type a cross-origin form or fetch may send that we would otherwise parse)
 *   are not parsed at all: 415. urlencoded and multipart bodies never had a parser; the upload types need a CORS
 *   preflight we never grant.
 */
export function registerWriteGuard(app: FastifyInstance, env: Env) {
  const allowed = new Set<string>(
    [env.PUBLIC_URL, ...(env.ALLOWED_ORIGINS ?? '').split(',')]
      .map((v) => (v ? originOf(v.trim()) : null))
      .filter((v): v is string => !!v),
  );
  const ownOrigin = (req: FastifyRequest) =>
    env.PUBLIC_URL
      ? null
      : `${env.COOKIE_SECURE ? 'https' : req.protocol}://${String(req.headers.host ?? '').toLowerCase()}`;
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (req) => {
    if (SAFE_METHODS.has(req.method) || !req.url.startsWith('/api/')) return;
    const origin = req.headers.origin;
    if (typeof origin === 'string') {
      const o = originOf(origin);
      if (!o || !(allowed.has(o) || o === ownOrigin(req))) throw refuse(req);
      return;
    }
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') throw refuse(req);
  });
}

/** 「尝试过于频繁，请 N 秒后再试」 for every limiter (route limits and the login failure counter alike). */
export const tooManyAttempts = (seconds: number) =>
  new AppError(429, 'rate_limited', `尝试过于频繁，请 ${Math.max(1, Math.ceil(seconds))} 秒后再试`);

/**
 * @fastify/rate-limit per route (`config.rateLimit`) and through createRateLimit, its counters in the shared state
 * (memory, or Redis with REDIS_URL so several processes count together), windows on the platform clock.
 */
export async function registerRateLimit(app: FastifyInstance, state: SharedState) {
  await app.register(rateLimit, {
    global: false,
    store: sharedRateLimitStore(state),
    errorResponseBuilder: (_req, context) => tooManyAttempts(context.ttl / 1000),
  });
}

/** HSTS whenever the deployment says it runs behind HTTPS (COOKIE_SECURE): a year, subdomains included. */
export function registerHsts(app: FastifyInstance, env: Env) {
  if (!env.COOKIE_SECURE) return;
  app.addHook('onSend', async (_req, reply) => {
    reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}
