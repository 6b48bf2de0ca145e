import type { FilterQuery } from '@mikro-orm/core';
import { Role } from '../../entities/role.entity.js';
import { Store } from '../../entities/store.entity.js';
import { User } from '../../entities/user.entity.js';
import { UserRole } from '../../entities/user-role.entity.js';
import { requireUser, revokeRefreshTokens, setCredentials } from '../auth/account.js';
import { assertCallerHolds, assertCan, grantsOf } from '../auth/grants.js';
import { onCommit, type RequestContext } from '../core/context.js';
import { forbidden, invalid } from '../core/errors.js';
import { assertUnique } from '../core/guards.js';
import { likePattern, pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';
import { callerStore } from '../core/scope.js';

/** A role assignment: at one store, or at every store when `storeId` is absent. */
export interface RoleAssignment {
  roleId: string;
  storeId?: string | null;
}

export interface UserInput {
  username: string;
  displayName: string;
  pin?: string | null;
  password?: string | null;
  isActive?: boolean | null;
  roles?: RoleAssignment[] | null;
}

export interface UserFilter extends PageRequest {
  search?: string | null;
  isActive?: boolean | null;
}

/**
 * Users matching the filter, by username, with their roles. The whole chain's staff needs users.view at
 * every store; a store-level grant lists the users who work at its store (a role there or at every
 * store), like every other list of store records.
 */
export async function listUsers(ctx: RequestContext, filter: UserFilter): Promise<PageResult<User>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const where: FilterQuery<User> = {};
  if (!ctx.chainPermissions.has('users.view')) {
    const store = callerStore(ctx, 'users.view');
    where.roles = { $or: [{ store: null }, { store }] };
  }
  if (filter.search) {
    const pattern = likePattern(filter.search.trim());
    where.$or = [{ username: { $ilike: pattern } }, { displayName: { $ilike: pattern } }];
  }
  if (filter.isActive != null) where.isActive = filter.isActive;
  const [items, total] = await ctx.em.findAndCount(User, where, {
    orderBy: { username: 'asc' },
    limit,
    offset,
    populate: ['roles'],
  });
  return { items, total, page, pageSize };
}

const USER_PERMISSIONS = ['users.view', 'users.create', 'users.edit'] as const;

/**
 * The role assignments of `user` the caller may read: all of them for the user itself and for a user
 * manager at every store; else only those at the caller's store or at every store (a store's manager does
 * not read where else its staff work).
 */
export function visibleRoles(ctx: RequestContext, user: User, roles: UserRole[]): UserRole[] {
  // No caller: a sign-in answering with the user who just signed in.
  if (!ctx.user || ctx.user.id === user.id) return roles;
  if (USER_PERMISSIONS.some((permission) => ctx.chainPermissions.has(permission))) return roles;
  return roles.filter((role) => role.storeId === null || role.storeId === ctx.storeId);
}

/**
 * Active users who work at a store (a role there or at every store): the till's cashier list.
 * The store is the caller's current one unless named.
 */
export async function listStoreEmployees(ctx: RequestContext, storeId?: string | null): Promise<User[]> {
  const store = ctx.runtime.mode === 'store' ? ctx.runtime.storeId : (storeId ?? ctx.storeId);
  if (!store) throw invalid('storeId', 'no current store: pass storeId or log in for a store');
  // Any signed-in user sees the colleagues of its own store; other stores' staff lists need users.view
  // there (or at every store), not at the caller's own store.
  if (store !== ctx.storeId) assertCan(ctx, 'users.view', store);
  return ctx.em.find(
    User,
    { isActive: true, roles: { $or: [{ store: null }, { store }] } },
    { orderBy: { displayName: 'asc' }, populate: ['roles'] },
  );
}

async function getUser(ctx: RequestContext, id: string): Promise<User> {
  return ctx.em.findOneOrFail(User, { id }, { populate: ['roles'] });
}

/** The stores of role assignments, each once (`null`: every store). */
function storesOf(roles: Array<{ storeId?: string | null }>): Array<string | null> {
  return [...new Set(roles.map((role) => role.storeId ?? null))];
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,49}$/;

function normalizeUsername(username: string): string {
  const name = username.trim().toLowerCase();
  if (!USERNAME.test(name))
    throw invalid('username', '2 to 50 characters: letters, digits, dot, dash, underscore');
  return name;
}

/** Replaces a user's role assignments after checking that every role and store exists. */
async function assignRoles(ctx: RequestContext, user: User, roles: RoleAssignment[]): Promise<void> {
  const roleIds = [...new Set(roles.map((r) => r.roleId))];
  const storeIds = [...new Set(roles.flatMap((r) => (r.storeId ? [r.storeId] : [])))];
  const found = await ctx.em.find(Role, { id: { $in: roleIds } }, { fields: ['id', 'permissions'] });
  if (found.length !== roleIds.length) throw invalid('roles', 'unknown roleId');
  const foundStores = storeIds.length ? await ctx.em.count(Store, { id: { $in: storeIds } }) : 0;
  if (foundStores !== storeIds.length) throw invalid('roles', 'unknown storeId');
  const permissionsOf = new Map(found.map((role) => [role.id, role.permissions]));
  await assertCallerHolds(
    ctx,
    roles.flatMap((r) =>
      permissionsOf.get(r.roleId)!.map((permission) => ({ storeId: r.storeId ?? null, permission })),
    ),
    'grant',
  );
  const wanted = new Map(roles.map((r) => [`${r.roleId}:${r.storeId ?? ''}`, r]));
  for (const existing of user.roles.getItems()) {
    const key = `${existing.roleId}:${existing.storeId ?? ''}`;
    if (wanted.has(key)) wanted.delete(key);
    else user.roles.remove(existing);
  }
  for (const r of wanted.values()) {
    user.roles.add(ctx.em.create(UserRole, { user, role: r.roleId, store: r.storeId ?? null }));
  }
}

/**
 * Refuses (403) managing a user (`permission`: users.create or users.edit) unless the caller holds the
 * permission where the user works: at each store where it holds a role (before or after the change), and
 * at every store for a role held at every store or for a user with no role at all, who belongs to no
 * store. (Holding the user's permissions, `assertCallerHolds`, is not enough: a user holding none yet
 * would be anyone's to change.)
 */
async function assertManages(
  ctx: RequestContext,
  stores: Array<string | null>,
  permission: 'users.create' | 'users.edit',
): Promise<void> {
  if (ctx.chainPermissions.has(permission)) return;
  if (stores.length === 0) {
    throw forbidden(
      `You cannot manage a user who works at no store: that needs ${permission} at every store`,
    );
  }
  if (stores.includes(null)) {
    throw forbidden(
      `You cannot manage a user who works at every store: that needs ${permission} at every store`,
    );
  }
  const held = await grantsOf(ctx, requireUser(ctx).id);
  const missing = stores.filter(
    (store) => !held.some((g) => g.permission === permission && (g.storeId === null || g.storeId === store)),
  );
  if (missing.length > 0) {
    throw forbidden(`You cannot manage a user of a store where you do not hold ${permission}`);
  }
}

/** Creates a user with credentials (at least a PIN or a password) and roles. */
export async function createUser(ctx: RequestContext, input: UserInput): Promise<User> {
  const username = normalizeUsername(input.username);
  if (!input.pin && !input.password) throw invalid('pin', 'a user needs a pin or a password');
  await assertManages(ctx, storesOf(input.roles ?? []), 'users.create');
  await assertUnique(ctx, User, 'username', username);
  const user = ctx.em.create(User, {
    username,
    displayName: input.displayName,
    isActive: input.isActive ?? true,
  });
  await setCredentials(ctx, user, input);
  if (input.roles) await assignRoles(ctx, user, input.roles);
  await ctx.em.flush();
  return user;
}

/** Updates the fields given; `pin`/`password` replace credentials, `roles` replaces the assignments. */
export async function updateUser(ctx: RequestContext, id: string, input: Partial<UserInput>): Promise<User> {
  const user = await getUser(ctx, id);
  if (id === requireUser(ctx).id && (input.pin || input.password)) {
    // Self-service needs the current credential (and is throttled): a stolen token must not be enough.
    throw forbidden('Change your own PIN or password with POST /auth/change-credential');
  }
  // Where the user works now decides who manages it (a user working nowhere cannot be adopted into the
  // caller's store); stores the change adds it to need the permission too.
  const current = storesOf(user.roles.getItems());
  await assertManages(
    ctx,
    current.length === 0 ? [] : storesOf([...user.roles.getItems(), ...(input.roles ?? [])]),
    'users.edit',
  );
  await assertCallerHolds(ctx, await grantsOf(ctx, id), 'change');
  if (input.username != null) {
    const username = normalizeUsername(input.username);
    if (username !== user.username) {
      await assertUnique(ctx, User, 'username', username, { exceptId: id });
      user.username = username;
    }
  }
  if (input.displayName != null) user.displayName = input.displayName;
  if (input.isActive != null) user.isActive = input.isActive;
  await setCredentials(ctx, user, input);
  if (input.roles) await assignRoles(ctx, user, input.roles);
  await ctx.em.flush();
  if (input.isActive === false || input.pin || input.password) {
    await revokeRefreshTokens(ctx, id);
  }
  // Cached sessions carry the active flag and permissions this may just have changed.
  onCommit(ctx, () => ctx.runtime.sessions.clear());
  return user;
}
