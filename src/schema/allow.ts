import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { Permission } from '../services/auth/index.js';
import type { RequestContext, StoreRule } from '../services/core/index.js';
import { forbidden, scoped, unauthenticated } from '../services/core/index.js';

/**
 * How a root field is protected: permissions (all required; at the current store, or at every store
 * for what the whole chain shares), any signed-in user, or public. `scope` names the store the field
 * acts on (see `StoreRule`): the permissions are then also required there.
 */
export type Access =
  | { kind: 'permissions'; permissions: Permission[]; chainWide?: boolean; scope?: StoreRule }
  | { kind: 'authenticated'; scope?: StoreRule }
  | { kind: 'sync' }
  | { kind: 'public' };

/**
 * What an access rule may say besides its permissions: the store the field acts on (`store`, `records`,
 * `elsewhere`: see `StoreRule`), and `servedBy: 'store'` for a mutation a store server performs itself.
 */
export interface AllowOptions extends StoreRule {
  servedBy?: 'store';
}

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
 * Options last: `@Allow('pos.sell', { store: 'storeId', servedBy: 'store' })` also needs the permissions
 * at the store the field acts on, decided from its `storeId` argument before it runs (`ctx.scope`).
 */
export function Allow(...rule: [...Permission[], AllowOptions] | Permission[]): MethodDecorator {
  const parts: Array<Permission | AllowOptions> = rule;
  const last = parts[parts.length - 1];
  const options = typeof last === 'object' ? last : {};
  const permissions = parts.filter((p): p is Permission => typeof p === 'string');
  const { servedBy, ...store } = options;
  const scope = store.store || store.records || store.elsewhere ? { scope: store } : {};
  return (_target, propertyKey) => {
    register(
      propertyKey,
      permissions.length
        ? { kind: 'permissions', permissions, ...scope }
        : { kind: 'authenticated', ...scope },
    );
    if (servedBy === 'store') atStore.add(String(propertyKey));
  };
}

/**
 * Declares a change to what every store shares (the catalogue, taxes, tenders, suppliers, specials,
 * ...): the permissions must be held at every store. A role held at one store manages that store, not
 * the chain.
 */
export function AllowChainWide(...permissions: [Permission, ...Permission[]]): MethodDecorator {
  return (_target, propertyKey) =>
    register(propertyKey, { kind: 'permissions', permissions, chainWide: true });
}

/** Declares a sync route: callable only by a store server with its sync token (never by a user). */
export function SyncOnly(): MethodDecorator {
  return (_target, propertyKey) => register(propertyKey, { kind: 'sync' });
}

/**
 * Root fields a store server serves: every query except `@HqOnly()` ones, and the mutations whose rule
 * says `servedBy: 'store'` (the store's own transactions and sign-in). Master data is HQ's: a store server mirrors
 * it and refuses every other mutation with 403.
 */
const atStore = new Set<string>();
const hqOnly = new Set<string>();

/** Declares a query only HQ answers (the sync hub's routes). */
export function HqOnly(): MethodDecorator {
  return (_target, propertyKey) => void hqOnly.add(String(propertyKey));
}

/** Whether a store server serves this root field. */
export function servedAtStore(operation: 'query' | 'mutation' | 'subscription', fieldName: string): boolean {
  return operation === 'mutation' ? atStore.has(fieldName) : !hqOnly.has(fieldName);
}

/**
 * Declares a root field callable without signing in (login, refresh); `{ servedBy: 'store' }` for a
 * mutation a store server performs too (sign-in at the till).
 */
export function Public(options: Pick<AllowOptions, 'servedBy'> = {}): MethodDecorator {
  return (_target, propertyKey) => {
    register(propertyKey, { kind: 'public' });
    if (options.servedBy === 'store') atStore.add(String(propertyKey));
  };
}

/**
 * Checks a caller against an access declaration; throws 401 (no caller) or 403. A field without a
 * declaration is refused: access fails closed. Shared by GraphQL and REST.
 */
export function assertAccess(
  ctx: Pick<RequestContext, 'user' | 'permissions' | 'chainPermissions' | 'syncStore'>,
  access: Access | undefined,
): void {
  if (!access) throw forbidden('No access rule is declared for this operation');
  if (access.kind === 'public') return;
  if (access.kind === 'sync') {
    if (!ctx.syncStore) throw unauthenticated('A store sync token is required');
    return;
  }
  if (!ctx.user) throw unauthenticated();
  if (access.kind === 'permissions') {
    const held = access.chainWide ? ctx.chainPermissions : ctx.permissions;
    const missing = access.permissions.filter((p) => !held.has(p));
    if (missing.length === 0) return;
    const chainWideOnly = access.chainWide && missing.every((p) => ctx.permissions.has(p));
    throw forbidden(
      chainWideOnly
        ? `Missing permission: ${missing.join(', ')} at every store (this changes what all stores share)`
        : `Missing permission: ${missing.join(', ')}`,
    );
  }
}

/**
 * Puts the access check in front of every root field of the built schema (resolve for queries and
 * mutations, subscribe for subscriptions), before arguments are validated or a transaction opens.
 */
export function enforceAccess(schema: GraphQLSchema): GraphQLSchema {
  const operations = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  for (const [operation, type] of operations) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const access = accessRegistry.get(field.name);
      const refusedAtStore = !servedAtStore(operation, field.name);
      const guard =
        (
          inner: GraphQLFieldResolver<unknown, RequestContext> | undefined,
        ): GraphQLFieldResolver<unknown, RequestContext> =>
        (source, args, ctx, info) => {
          if (refusedAtStore && ctx.runtime.mode === 'store') {
            throw forbidden(
              operation === 'mutation'
                ? 'This is master data, managed at HQ: a store server only mirrors it'
                : 'Only HQ answers this',
            );
          }
          assertAccess(ctx, access);
          const scoped = withScope(ctx, access, args);
          return inner
            ? inner(source, args, scoped, info)
            : (source as Record<string, unknown>)?.[info.fieldName];
        };
      if (type === schema.getSubscriptionType()) {
        const subscribe = guard(field.subscribe);
        field.subscribe = async (source, args, ctx: RequestContext, info) =>
          whileAllowed(await subscribe(source, args, ctx, info), ctx, access);
      } else {
        field.resolve = guard(field.resolve);
      }
    }
  }
  return schema;
}

/** The context a root field runs with: for a rule naming its store, with the field's `scope` (pure). */
function withScope(ctx: RequestContext, access: Access | undefined, args: Record<string, unknown>) {
  if (!access || !('scope' in access) || !access.scope) return ctx;
  return scoped(ctx, access.scope, access.kind === 'permissions' ? access.permissions : [], args);
}

/**
 * A subscription's event stream that re-checks its caller before each event: a subscription lives as long
 * as its socket, past its token's expiry, the user's deactivation or the loss of the permission it needs.
 * When access is gone the stream ends with that 401 or 403 (graphql-ws sends it as the subscription's
 * error) and nothing more is delivered. The caller's fresh permissions also serve the event's resolvers.
 */
function whileAllowed(stream: unknown, ctx: RequestContext, access: Access | undefined): unknown {
  const recheck = ctx.currentCaller;
  if (!recheck || !isAsyncIterable(stream)) return stream;
  const source = stream[Symbol.asyncIterator]();
  const end = async () => {
    await source.return?.();
  };
  // Not an async generator: its return() must reach the source at once, even while waiting for an event.
  const checked: AsyncIterableIterator<unknown> = {
    [Symbol.asyncIterator]: () => checked,
    async next() {
      const event = await source.next();
      if (event.done) return event;
      try {
        const caller = await recheck();
        if (!caller) throw unauthenticated('Your session has ended: sign in again');
        Object.assign(ctx, caller);
        assertAccess(ctx, access);
      } catch (err) {
        await end();
        throw err;
      }
      return event;
    },
    async return(value?: unknown) {
      await end();
      return { done: true, value };
    },
    async throw(err?: unknown) {
      await end();
      throw err;
    },
  };
  return checked;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}
