import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client';
import { audit } from '../lib/audit';
import { crossSiteRefused } from './guard';

/**
 * The assessor's trail of what no service writes itself (issue 15, part 6), recorded after the answer is sent:
 * - `access.refused`: a signed-in caller refused (403) or told a scoped record does not exist (404 — the answer for a
 *   record outside one's scope) on a real route, an anonymous call refused (401) on a record route (`/:id`), and every
 *   cross-site write refused. Unknown routes (scanners) are not recorded: they reach no record.
 * - `export.download`: every file a signed-in user downloads (Word, Excel, CSV, scans, the compiled workbook) —
 *   these carry personal data — with the route and its query.
 */
export function registerAuditTrail(app: FastifyInstance, db: Db) {
  app.addHook('onResponse', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const route = req.routeOptions.url;
    const status = reply.statusCode;
    const actor = req.ctx?.actor ?? null;
    let entry: Parameters<typeof audit>[2] | null = null;
    const where = { method: req.method, route, url: req.url.slice(0, 300), status };
    if (route && (status === 403 || status === 404) && actor) entry = { action: 'access.refused', after: where };
    else if (route && status === 401 && route.includes(':')) entry = { action: 'access.refused', after: where };
    else if (status === 403 && crossSiteRefused.has(req))
      entry = { action: 'access.refused', after: { ...where, reason: 'cross_site' } };
    else if (
      actor &&
      status === 200 &&
      /attachment|inline; filename/i.test(String(reply.getHeader('content-disposition') ?? ''))
    ) {
      // Routes whose file holds someone's contacts carry `config: { personalData: true }`: the entry says so.
      const personalData = (req.routeOptions.config as { personalData?: boolean } | undefined)?.personalData === true;
      entry = {
        action: 'export.download',
        entityType: 'download',
        after: {
          route,
          url: req.url.slice(0, 300),
          type: String(reply.getHeader('content-type') ?? ''),
          ...(personalData ? { personalData: true } : {}),
        },
      };
    }
    if (!entry) return;
    await audit(db, req.ctx ?? { actor: null, ip: req.ip, requestId: String(req.id) }, entry).catch((e: unknown) =>
      req.log.error({ err: e }, 'audit trail entry failed'),
    );
  });
}
