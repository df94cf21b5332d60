import { can, type Permission, type Role } from '@cjrh/domain';
import { AppError } from './errors';

export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string | null;
  orgId: number | null;
  orgName: string | null;
  orgType: 'school' | 'enterprise' | null;
  isDemo: boolean;
}

/** What a service receives first: who is asking, and where from (for the audit log). */
export interface Ctx {
  actor: Actor | null;
  ip: string | null;
  requestId: string | null;
  /** Set when the cookie named a session that timed out, so the answer can say so. */
  sessionExpired?: boolean;
}

/** The region and organisation a record belongs to. */
export interface Target {
  regionCode?: string | null;
  orgId?: number | null;
}

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new AppError(401, ctx.sessionExpired ? 'session_expired' : 'unauthenticated');
  return ctx.actor;
}

/** Whether a record lies inside the caller's scope: the province sees all, a region bureau its region,
 * a school or enterprise itself. */
export function inScope(actor: Actor, target: Target): boolean {
  switch (actor.role) {
    case 'province':
      return true;
    case 'region':
      return !!actor.regionCode && target.regionCode === actor.regionCode;
    case 'school':
    case 'enterprise':
      return actor.orgId != null && target.orgId === actor.orgId;
    default:
      return false;
  }
}

/**
 * The one gate every service passes on its first line. Without a target it checks the permission
 * only (403 when missing); with a target it also checks scope, and a record outside the scope answers
 * 404 exactly as an unknown one does, so nobody learns what exists elsewhere.
 */
export function requireAccess(ctx: Ctx, permission: Permission, target?: Target): Actor {
  const actor = requireActor(ctx);
  if (target) {
    if (!can(actor.role, permission) || !inScope(actor, target)) throw new AppError(404, 'not_found');
  } else if (!can(actor.role, permission)) {
    throw new AppError(403, 'forbidden');
  }
  return actor;
}

/** The filter a list query applies for the caller (same rule as inScope). */
export function listScope(actor: Actor): { regionCode?: string; orgId?: number; none?: true } {
  switch (actor.role) {
    case 'province':
      return {};
    case 'region':
      return actor.regionCode ? { regionCode: actor.regionCode } : { none: true };
    case 'school':
    case 'enterprise':
      return actor.orgId != null ? { orgId: actor.orgId } : { none: true };
    default:
      return { none: true };
  }
}
