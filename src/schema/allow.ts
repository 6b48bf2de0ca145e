import { Authorized } from 'type-graphql';
import type { AuthChecker } from 'type-graphql';
import type { Permission } from '../services/auth/permissions.js';
import type { RequestContext } from '../services/context.js';
import { forbidden, unauthenticated } from '../services/errors.js';

/** How a root field is protected: permissions (all required), any signed-in user, or public. */
export type Access =
  { kind: 'permissions'; permissions: Permission[] } | { kind: 'authenticated' } | { kind: 'public' };

/** Every root field's declared access, by resolver method name (= field name). */
export const accessRegistry = new Map<string, Access>();

function register(propertyKey: string | symbol, access: Access): void {
  const name = String(propertyKey);
  // Root field names are unique across Query, Mutation and Subscription here, so one name is one rule.
  if (accessRegistry.has(name)) throw new Error(`Access for root field "${name}" is declared twice`);
  accessRegistry.set(name, access);
}

/**
 * Declares who may call a root field: `@Allow(Permission)` needs every listed permission at the
 * current store; `@Allow()` only needs a signed-in user. Every root field carries `@Allow` or `@Public`.
 */
export function Allow(...permissions: Permission[]): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    register(
      propertyKey,
      permissions.length ? { kind: 'permissions', permissions } : { kind: 'authenticated' },
    );
    Authorized(...permissions)(target, propertyKey, descriptor);
  };
}

/** Declares a root field callable without signing in (login, refresh). */
export function Public(): MethodDecorator {
  return (_target, propertyKey) => register(propertyKey, { kind: 'public' });
}

/** Checks a caller against an access declaration; throws 401 or 403. Shared by GraphQL and REST. */
export function assertAccess(
  ctx: Pick<RequestContext, 'user' | 'permissions'>,
  access: Access | undefined,
): void {
  if (!access || access.kind === 'public') return;
  if (!ctx.user) throw unauthenticated();
  if (access.kind === 'permissions') {
    const missing = access.permissions.filter((p) => !ctx.permissions.has(p));
    if (missing.length) throw forbidden(`Missing permission: ${missing.join(', ')}`);
  }
}

/** type-graphql's hook: no user is 401 (not 403), a missing permission 403. */
export const authChecker: AuthChecker<RequestContext, Permission> = ({ context }, permissions) => {
  assertAccess(
    context,
    permissions.length ? { kind: 'permissions', permissions } : { kind: 'authenticated' },
  );
  return true;
};
