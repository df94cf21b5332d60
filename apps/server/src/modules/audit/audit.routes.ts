import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, count, desc, eq, gte, ilike, lte, type SQL } from 'drizzle-orm';
import { auditList, auditQuery, errorBody } from '@cjrh/domain';
import type { Db } from '../../db/client';
import { auditLog } from '../../db/schema/index';
import { requireAccess } from '../../http/access';

export const auditRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/audit',
      { schema: { tags: ['audit'], summary: '审计日志（省厅）', querystring: auditQuery, response: { 200: auditList, 400: errorBody, 401: errorBody, 403: errorBody } } },
      async (req) => {
        requireAccess(req.ctx, 'audit.read');
        const q = req.query;
        const parts: SQL[] = [];
        if (q.actor) parts.push(ilike(auditLog.actorName, `%${q.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
        if (q.action) parts.push(eq(auditLog.action, q.action));
        if (q.entityType) parts.push(eq(auditLog.entityType, q.entityType));
        if (q.entityId) parts.push(eq(auditLog.entityId, q.entityId));
        if (q.from) parts.push(gte(auditLog.at, new Date(q.from)));
        // A bare date as "to" means the whole of that day.
        if (q.to) parts.push(lte(auditLog.at, new Date(q.to.length === 10 ? `${q.to}T23:59:59.999+08:00` : q.to)));
        const w = parts.length ? and(...parts) : undefined;
        const [rows, [{ total }]] = await Promise.all([
          db.select().from(auditLog).where(w).orderBy(desc(auditLog.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(auditLog).where(w),
        ]);
        return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total };
      },
    );
  };
