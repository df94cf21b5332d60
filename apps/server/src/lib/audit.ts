import type { DbOrTx } from '../db/client';
import { auditLog } from '../db/schema/index';
import type { Ctx } from '../http/access';

export interface AuditEntry {
  action: string;
  entityType?: string;
  entityId?: string | number;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
  /** For events without a logged-in actor (a failed login names the attempted user). */
  actorName?: string;
}

// One row shape for every writer: the actor is recorded by username (the audit page's 操作人 filter matches it), so an
// import's hundreds of entries are found by the same filter as a single save.
function entryRow(ctx: Ctx, e: AuditEntry) {
  return {
    actorId: ctx.actor?.id ?? null,
    actorName: ctx.actor?.username ?? e.actorName ?? null,
    actorRole: ctx.actor?.role ?? null,
    action: e.action,
    entityType: e.entityType ?? null,
    entityId: e.entityId == null ? null : String(e.entityId),
    regionCode: e.regionCode ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    ip: ctx.ip,
    requestId: ctx.requestId,
  };
}

/** Appends one entry; call it inside the same transaction as the write it records. */
export async function audit(tx: DbOrTx, ctx: Ctx, e: AuditEntry) {
  await tx.insert(auditLog).values(entryRow(ctx, e));
}

/** Only the keys whose values differ, so an audit entry shows what changed rather than two whole records. */
export function diffObjects(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}

/** Same rows as audit(), many entries per INSERT: bulk writes (an Excel import) record hundreds of entries. */
export async function auditMany(tx: DbOrTx, ctx: Ctx, entries: AuditEntry[]) {
  for (let i = 0; i < entries.length; i += 500) {
    const part = entries.slice(i, i + 500);
    if (part.length) await tx.insert(auditLog).values(part.map((e) => entryRow(ctx, e)));
  }
}
