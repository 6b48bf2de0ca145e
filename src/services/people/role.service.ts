import { Role } from '../../entities/role.entity.js';
import { PERMISSIONS, isPermission } from '../auth/permissions.js';
import { onCommit, type RequestContext } from '../core/context.js';
import { invalid } from '../core/errors.js';
import { assertUnique } from '../core/guards.js';
import { assertCallerHolds, everywhere } from '../auth/grants.js';

export interface RoleInput {
  name: string;
  description?: string | null;
  permissions: string[];
}

/** One entry of the permission catalogue. */
export interface PermissionEntry {
  name: string;
  description: string;
}

/** Every permission the server knows, with what it allows. */
export function listPermissions(): PermissionEntry[] {
  return Object.entries(PERMISSIONS).map(([name, description]) => ({ name, description }));
}

/** Roles by name. */
export function listRoles(ctx: RequestContext): Promise<Role[]> {
  return ctx.em.find(Role, {}, { orderBy: { name: 'asc' } });
}

async function getRole(ctx: RequestContext, id: string): Promise<Role> {
  return ctx.em.findOneOrFail(Role, { id });
}

/** Validates permission strings against the catalogue and returns them sorted, without duplicates. */
function normalizePermissions(permissions: string[]): string[] {
  const unknown = permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) throw invalid('permissions', `unknown permission(s): ${unknown.join(', ')}`);
  return [...new Set(permissions)].sort();
}

/** Creates a role with a set of permissions. */
export async function createRole(ctx: RequestContext, input: RoleInput): Promise<Role> {
  const permissions = normalizePermissions(input.permissions);
  await assertUnique(ctx, Role, 'name', input.name);
  await assertCallerHolds(ctx, everywhere(permissions), 'role');
  const role = ctx.em.create(Role, { name: input.name, description: input.description ?? null, permissions });
  await ctx.em.flush();
  return role;
}

/** Updates the fields given; `permissions`, when given, replaces the set. */
export async function updateRole(ctx: RequestContext, id: string, input: Partial<RoleInput>): Promise<Role> {
  const permissions = input.permissions != null ? normalizePermissions(input.permissions) : undefined;
  const role = await getRole(ctx, id);
  // Editing a role changes what everyone holding it may do: the caller must hold all it had and gets.
  await assertCallerHolds(ctx, everywhere([...role.permissions, ...(permissions ?? [])]), 'role');
  if (input.name != null && input.name !== role.name)
    await assertUnique(ctx, Role, 'name', input.name, { exceptId: id });
  if (input.name != null) role.name = input.name;
  if (input.description !== undefined) role.description = input.description;
  if (permissions) role.permissions = permissions;
  await ctx.em.flush();
  onCommit(ctx, () => ctx.runtime.sessions.clear());
  return role;
}

/** Replaces a role's permission set. */
export function setRolePermissions(ctx: RequestContext, id: string, permissions: string[]): Promise<Role> {
  return updateRole(ctx, id, { permissions });
}
