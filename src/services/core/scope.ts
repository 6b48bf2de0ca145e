import { Store } from '../../entities/store.entity.js';
import { assertCan, type Holder } from '../auth/grants.js';
import type { Permission } from '../auth/permissions.js';
import type { RequestContext } from './context.js';
import { AppError, forbidden, invalid, notFound } from './errors.js';

/**
 * How an access rule names the store its operation acts on: `@Allow('registers.open', { store:
 * 'storeId' })`. The guard decides the store from it once, before the operation runs (`decideScope`),
 * and the services read the decision (`ctx.scope`) instead of choosing a store themselves.
 */
export interface StoreRule {
  /** The argument naming the store; omitted, the operation acts on the caller's store. */
  store?: string;
  /**
   * One store's records, listed or set (`readScope`): a named store must exist (400); none named is
   * the caller's store, else every store, only with the permissions held at every store. Otherwise a
   * store transaction (`resolveStoreId`): a store server's own store, on HQ the one named, else the
   * caller's.
   */
  records?: boolean;
  /**
   * The permission needed at a store other than the caller's own, for an operation any signed-in user
   * may perform at its own store (a till asking for its open register).
   */
  elsewhere?: Permission;
}

/** The store a root field acts on, decided by the guard from the field's access rule. */
export interface Scope {
  /** The store; null: every store (a list read with the permissions held at every store). */
  storeId: string | null;
  /** Named by the request: then its existence is for the operation's own read to establish. */
  named: boolean;
  /** Needed there (none: the caller's own store, for a rule with `elsewhere`). */
  permissions: readonly Permission[];
  /**
   * Why the store asked for cannot be acted on (400). Thrown by `scopeStoreId`, where the operation
   * first needs its store: after its arguments are validated, as before the rule named the store.
   */
  refused?: AppError;
}

/**
 * The scope a rule gives one call: pure (no query), so that the guard adds nothing to the hot path. A
 * named store's existence, and then the permissions there, are checked by the operation once it has read
 * the store (`tradingScope`, `readScope`, `assertInScope`): a store that does not exist answers 404 or
 * 400, not 403, as an unknown id always has.
 */
export function decideScope(
  ctx: RequestContext,
  rule: StoreRule,
  permissions: readonly Permission[],
  args: Record<string, unknown>,
): Scope {
  const asked = rule.store ? (args[rule.store] as string | null | undefined) : undefined;
  if (rule.records) {
    if (asked) return { storeId: asked, named: true, permissions };
    return { storeId: ctx.storeId ?? null, named: false, permissions };
  }
  let storeId: string;
  try {
    storeId = resolveStoreId(ctx, asked);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { storeId: null, named: Boolean(asked), permissions, refused: err };
  }
  const needed = rule.elsewhere ? (storeId === ctx.storeId ? [] : [rule.elsewhere]) : permissions;
  return { storeId, named: Boolean(asked), permissions: needed };
}

/**
 * `ctx` acting on the scope `rule` gives `args`: what the guard hands a root field whose rule names its
 * store (a context of its own, since the root fields of one query run side by side; everything else it
 * reads from `ctx`). Code calling such a service directly (the demo's seeding) gives it a scope so too.
 */
export function scoped(
  ctx: RequestContext,
  rule: StoreRule,
  permissions: readonly Permission[],
  args: Record<string, unknown>,
): RequestContext {
  const child = Object.create(ctx) as RequestContext;
  child.scope = decideScope(ctx, rule, permissions, args);
  return child;
}

function scopeOf(ctx: RequestContext): Scope {
  if (!ctx.scope) throw new Error('This operation declares no store in its access rule');
  return ctx.scope;
}

/** The store of a store transaction (see `decideScope`); throws the 400 refusing the store asked for. */
export function scopeStoreId(ctx: RequestContext): string {
  const scope = scopeOf(ctx);
  if (scope.refused) throw scope.refused;
  return scope.storeId!;
}

/** Refuses (403) unless the caller holds the rule's permissions at the scope's store (every store: null). */
export function assertInScope(ctx: RequestContext): void {
  const { storeId, permissions } = scopeOf(ctx);
  for (const permission of permissions) {
    if (storeId === null) assertHeldEverywhere(ctx, permission);
    else assertCan(ctx, permission, storeId);
  }
}

/**
 * The store a store transaction (register session, stock adjustment) is for, loaded and checked:
 * it must exist (404), the caller must hold the rule's permissions there (403), and it must trade
 * (`assertScopeTrades`: 409).
 */
export async function tradingScope(ctx: RequestContext): Promise<Store> {
  const store = await ctx.em.findOne(Store, { id: scopeStoreId(ctx) });
  await assertScopeTrades(ctx, store);
  return store!;
}

/**
 * The store whose records a list shows (`null`: every store): a named store must exist (400, the
 * one query, by primary key), and the caller must hold the rule's permissions there (403).
 */
export async function readScope(ctx: RequestContext): Promise<string | null> {
  const scope = scopeOf(ctx);
  if (scope.named && !(await ctx.em.count(Store, { id: scope.storeId! }))) {
    throw invalid('storeId', 'no store with this id');
  }
  assertInScope(ctx);
  return scope.storeId;
}

/**
 * `tradingScope`'s checks on the scope's store as the operation loaded it in its own read (the sale's one
 * read: `null` when there is none).
 */
export async function assertScopeTrades(
  ctx: RequestContext,
  store: (Pick<Store, 'code' | 'isActive'> & { hasServer?: boolean }) | null,
): Promise<void> {
  const id = scopeStoreId(ctx);
  if (!store) throw notFound('Store', id);
  assertInScope(ctx);
  if (!store.isActive) {
    throw new AppError('INVALID_STATE', {
      field: 'storeId',
      reason: `store ${store.code} is inactive and cannot trade`,
    });
  }
  await assertRecordedHere(ctx, { id, code: store.code, hasServer: store.hasServer });
}

/**
 * On HQ, refuses (409) a transaction of a store provisioned with its own store server: that server owns
 * its transactions (sales, receipts), which reach HQ by push. `hasServer` when the caller read it with
 * the store (the sale's one read), else read here. A store server records its own store's.
 */
export async function assertRecordedHere(
  ctx: RequestContext,
  store: { id: string; code: string; hasServer?: boolean },
): Promise<void> {
  if (ctx.runtime.mode !== 'hq') return;
  const hasServer =
    store.hasServer ??
    (
      await ctx.em.execute<Array<{ store_id: string }>>(
        'select store_id from store_sync where store_id = ? and token_hash is not null',
        [store.id],
      )
    ).length > 0;
  if (hasServer) {
    throw new AppError('INVALID_STATE', {
      field: 'storeId',
      reason: `store ${store.code} has its own store server: its transactions are recorded there`,
    });
  }
}

/**
 * The store id a store transaction is for, without loading it.
 *
 * - A store server trades only for its own store: `storeId` may be omitted, and naming another store
 *   is refused (400) rather than silently recorded against the wrong shop.
 * - HQ trades for any store named by `storeId` (a single-server shop needs no store server), by
 *   default the store the caller signed in for (400 when it signed in for none).
 */
export function resolveStoreId(
  ctx: Pick<RequestContext, 'runtime' | 'storeId'>,
  storeId: string | null | undefined,
): string {
  if (ctx.runtime.mode === 'store') {
    const own = ctx.runtime.storeId;
    if (!own) throw new AppError('INVALID_STATE', 'This store server does not know its store yet');
    if (storeId && storeId !== own) throw invalid('storeId', 'this server trades only for its own store');
    return own;
  }
  const id = storeId ?? ctx.storeId;
  if (!id) throw invalid('storeId', 'is required (the caller is not signed in for a store)');
  return id;
}

/**
 * Refuses (403) reading every store's records unless `permission` is held at every store. The guard lets
 * a caller acting for no store through only on such grants, so this holds; checked anyway, so that every
 * store is never listed on a store-level grant.
 */
function assertHeldEverywhere(ctx: Holder, permission: Permission): void {
  if (!ctx.chainPermissions.has(permission)) {
    throw forbidden(`Missing permission: ${permission} at every store (name a store with store_id)`);
  }
}

/** The caller's own store for a list that names none, else every store (`null`) for a chain-wide grant. */
export function callerStore(ctx: Holder, permission: Permission): string | null {
  if (ctx.storeId) return ctx.storeId;
  assertHeldEverywhere(ctx, permission);
  return null;
}
