import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachment } from '../excel/layout';
import ExcelJS from 'exceljs';
import { and, count, desc, eq, gte, ilike, lte, type SQL } from 'drizzle-orm';
import { auditActionLabel, auditList, auditQuery, errorBody, fileOut, ROLE_LABELS, type Role } from '@cjrh/domain';
import type { z } from 'zod';
import type { Db } from '../../db/client';
import { auditLog } from '../../db/schema/index';
import { requireAccess } from '../../http/access';
import { AppError } from '../../http/errors';
import { applyPrint, fitRow } from '../excel/print';

/** An assessor's export is one workbook; beyond this, narrow the filter (dates) and export in parts. */
const EXPORT_MAX_ROWS = 50_000;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function filterOf(q: z.infer<typeof auditQuery>) {
  const parts: SQL[] = [];
  if (q.actor) parts.push(ilike(auditLog.actorName, `%${q.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (q.action) parts.push(eq(auditLog.action, q.action));
  if (q.entityType) parts.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) parts.push(eq(auditLog.entityId, q.entityId));
  if (q.from) parts.push(gte(auditLog.at, new Date(q.from)));
  // A bare date as "to" means the whole of that day.
  if (q.to) parts.push(lte(auditLog.at, new Date(q.to.length === 10 ? `${q.to}T23:59:59.999+08:00` : q.to)));
  return parts.length ? and(...parts) : undefined;
}

const json = (v: unknown) => (v == null ? '' : JSON.stringify(v).slice(0, 2000));

export const auditRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/audit',
      {
        schema: {
          tags: ['audit'],
          summary: '审计日志（省厅）',
          querystring: auditQuery,
          response: { 200: auditList, 400: errorBody, 401: errorBody, 403: errorBody },
        },
      },
      async (req) => {
        requireAccess(req.ctx, 'audit.read');
        const q = req.query;
        const w = filterOf(q);
        const [rows, [{ total }]] = await Promise.all([
          db
            .select()
            .from(auditLog)
            .where(w)
            .orderBy(desc(auditLog.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(auditLog).where(w),
        ]);
        return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total };
      },
    );

    // The same filter as the list, every matching entry in one workbook with Chinese labels (for an assessor).
    app.get(
      '/api/audit.xlsx',
      {
        schema: {
          tags: ['audit'],
          summary: '导出审计日志（Excel，省厅）',
          querystring: auditQuery,
          response: { 200: fileOut('xlsx 文件') },
        },
      },
      async (req, reply) => {
        requireAccess(req.ctx, 'audit.read');
        const w = filterOf(req.query);
        const [{ total }] = await db.select({ total: count() }).from(auditLog).where(w);
        if (total > EXPORT_MAX_ROWS)
          throw new AppError(
            400,
            'validation_failed',
            `符合条件的日志有 ${total} 条，超过单次导出上限 ${EXPORT_MAX_ROWS} 条，请缩小时间范围分批导出`,
          );
        const rows = await db.select().from(auditLog).where(w).orderBy(desc(auditLog.id));
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('审计日志');
        ws.addRow([
          '编号',
          '时间',
          '操作人',
          '角色',
          '操作',
          '操作代码',
          '对象类型',
          '对象编号',
          '地区',
          'IP 地址',
          '请求编号',
          '变更前',
          '变更后',
        ]).font = { bold: true };
        const widths = [7, 18, 10, 8, 16, 16, 10, 8, 8, 12, 12, 30, 30];
        for (const r of rows) {
          // Before/after JSON wraps; row heights follow so the printed log is complete.
          const row = ws.addRow([
            r.id,
            r.at.toISOString(),
            r.actorName ?? '',
            r.actorRole ? (ROLE_LABELS[r.actorRole as Role] ?? r.actorRole) : '',
            auditActionLabel(r.action),
            r.action,
            r.entityType ?? '',
            r.entityId ?? '',
            r.regionCode ?? '',
            r.ip ?? '',
            r.requestId ?? '',
            json(r.before),
            json(r.after),
          ]);
          fitRow(row, widths);
        }
        applyPrint(ws, { title: '审计日志', widths, titleRows: 1 });
        const file = Buffer.from(await wb.xlsx.writeBuffer());
        reply.type(XLSX_TYPE).header('content-disposition', attachment('审计日志.xlsx', 'audit.xlsx'));
        return reply.send(file);
      },
    );
  };
