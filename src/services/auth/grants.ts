import type { RequestContext } from '../core/context.js';
import type { Permission } from './permissions.js';
import { forbidden, unauthenticated } from '../core/errors.js';

/** A permission held at one store, or at every store (`storeId` null). */
export interface Grant {
  storeId: string | null;
  permission: string;
}

/** The same permissions, held at every store (role definitions apply wherever the role is held). */
export const everywhere = (permissions: string[]): Grant[] =>
  permissions.map((permission) => ({ storeId: null, permission }));

/**
 * SQL: the grants of the user `userId` names (a `?` parameter, or a column of an outer query), one row
 * per store (`store_id`, null for every store) and `permission`.
 */
export const grantsSql = (userId: string) =>
  `select distinct ur.store_id, unnest(r.permissions) as permission
     from user_role ur join role r on r.id = ur.role_id
    where ur.user_id = ${userId}`;

/**
 * Every permission a user holds, with where it holds it, read now: for a session being issued and for
 * the no-escalation rules below, which decide on fresh grants rather than the session's (cached a few
 * seconds). The request path reads the session's (`holds`).
 */
export async function grantsOf(ctx: RequestContext, userId: string): Promise<Grant[]> {
  const rows: Array<{ store_id: string | null; permission: string }> = await ctx.em.execute(grantsSql('?'), [
    userId,
  ]);
  return rows.map((row) => ({ storeId: row.store_id, permission: row.permission }));
}

/** Whether `grants` give `permission` at `storeId`: a grant there, or one at every store. */
export function grantsCover(grants: readonly Grant[], permission: string, storeId: string | null): boolean {
  return grants.some((g) => g.permission === permission && (g.storeId === null || g.storeId === storeId));
}

/** Effective permissions at a store (roles held there plus roles held at every store), sorted. */
export function permissionsAt(grants: readonly Grant[], storeId: string | undefined): string[] {
  const held = grants.filter((g) => g.storeId === null || g.storeId === storeId).map((g) => g.permission);
  return [...new Set(held)].sort();
}

function callerId(ctx: RequestContext): string {
  if (!ctx.user) throw unauthenticated();
  return ctx.user.id;
}

/**
 * No escalation through user or role management: the caller may only grant permissions it holds itself
 * at the same scope (all stores, or that store), may only change users whose permissions it all holds,
 * and may only put into or take out of a role (which may be held anywhere) what it holds at every store.
 */
export async function assertCallerHolds(
  ctx: RequestContext,
  wanted: Grant[],
  action: 'grant' | 'change' | 'role',
): Promise<void> {
  if (wanted.length === 0) return;
  const held = await grantsOf(ctx, callerId(ctx));
  const missing = wanted.filter((w) => !grantsCover(held, w.permission, w.storeId));
  if (missing.length === 0) return;
  const names = [...new Set(missing.map((m) => m.permission))].sort().join(', ');
  const messages = {
    grant: `You cannot grant permissions you do not hold: ${names}`,
    change: `You cannot change a user who holds permissions you do not: ${names}`,
    role: `You cannot change a role's permissions you do not hold at every store: ${names}`,
  };
  throw forbidden(messages[action]);
}

/** What a check of a held permission reads from the request context: the caller's grants. */
export type Holder = Pick<RequestContext, 'grants' | 'permissions' | 'chainPermissions' | 'storeId'>;

/**
 * Whether the caller holds `permission` at `storeId` (a grant there or at every store), from the grants
 * the session carries: no query. `permissions` and `chainPermissions` are derived from the same grants
 * (a context built without grants, such as the demo's, states them directly).
 */
export function holds(ctx: Holder, permission: Permission, storeId: string): boolean {
  if (ctx.chainPermissions.has(permission)) return true;
  if (storeId === ctx.storeId && ctx.permissions.has(permission)) return true;
  return grantsCover(ctx.grants, permission, storeId);
}

/**
 * Refuses (403) acting on one store's data (a store named by the request, or the store of a row just
 * loaded: a sale, a register session, a price override) unless the caller holds `permission` there.
 */
export function assertCan(ctx: Holder, permission: Permission, storeId: string): void {
  if (!holds(ctx, permission, storeId)) throw forbidden(`Missing permission: ${permission} at this store`);
}

/** The effective permissions at `storeId` and at every store, as a request context carries them. */
export function sessionPermissions(
  grants: readonly Grant[],
  storeId: string | undefined,
): { permissions: ReadonlySet<string>; chainPermissions: ReadonlySet<string> } {
  return {
    permissions: new Set(permissionsAt(grants, storeId)),
    chainPermissions: new Set(grants.filter((g) => g.storeId === null).map((g) => g.permission)),
  };
}
