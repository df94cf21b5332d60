import type { FastifyInstance } from 'fastify';
import { AppError } from './errors';

// The routes a caller without a session may use; every other /api/ route answers 401 to them before anything else
// runs (body validation, record look-ups). Before this gate a service that looked a record up before checking the
// caller answered a stranger 404 or 400 where a real record gave 401, telling them which ids exist. A new route is
// signed-in only unless it is listed here (http/authz.matrix.ts then declares who else may call it).
const PUBLIC_ROUTES = new Set([
  'GET /api/auth/captcha',
  'GET /api/auth/forgot',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/forgot',
  'POST /api/auth/reset',
  'GET /api/health',
  'GET /api/health/live',
  'GET /api/health/ready',
  // The published catalogue and its open data (公开目录).
  'GET /api/catalogue',
  'GET /api/catalogue/compiled.xlsx',
  'GET /api/catalogue/items/:id',
  'GET /api/catalogue/orgs/:id',
  'GET /api/catalogue/open-data.csv',
  'GET /api/catalogue/open-data.json',
  'GET /api/catalogue/open-data.xlsx',
  'GET /api/catalogue/open-data-dictionary.json',
  'GET /api/catalogue/open-data-dictionary.csv',
  // Public events, results pages, the agreement number check (QR code on a signed agreement), dictionaries.
  'GET /api/events',
  'GET /api/events/:id',
  'GET /api/results/cases',
  'GET /api/results/cases/:id',
  'GET /api/results/commendations',
  'GET /api/results/demonstrations',
  'GET /api/results/signing-ceremony',
  'GET /api/verify/:agreementNo',
  'GET /api/reference/crosswalk',
  'GET /api/reference/dicts/:kind',
  'GET /api/reference/regions',
  // Objections to a project on public notice (captcha, rate limited).
  'POST /api/selection/nominations/:id/objections',
]);

/** After the session hook: a caller without a session reaches only the public routes (and the API docs). */
export function registerSignInGate(app: FastifyInstance) {
  app.addHook('onRequest', async (req) => {
    if (
      req.ctx?.actor ||
      !req.url.startsWith('/api/') ||
      req.url.startsWith('/api/docs') ||
      req.url.startsWith('/api/openapi.json')
    )
      return;
    const route = req.routeOptions.url;
    // Unknown routes go on to their 404; HEAD is answered by the GET route.
    if (!route || PUBLIC_ROUTES.has(`${req.method === 'HEAD' ? 'GET' : req.method} ${route}`)) return;
    throw new AppError(401, req.ctx?.sessionExpired ? 'session_expired' : 'unauthenticated');
  });
}
