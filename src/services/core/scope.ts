import { Store } from '../../entities/store.entity.js';
import { assertHeldAt } from '../auth/grants.js';
import type { Permission } from '../auth/permissions.js';
import type { RequestContext } from './context.js';
import { AppError, forbidden, invalid, notFound } from './errors.js';

/**
 * The store a store transaction (sale, register session, stock adjustment) is for, checked for the
 * caller's `permission` there.
 *
 * - A store server trades only for its own store: `storeId` may be omitted, and naming another store
 *   is refused (400) rather than silently recorded against the wrong shop.
 * - HQ trades for any store named by `storeId` (a single-server shop needs no store server), by
 *   default the store the caller signed in for; but not for a store provisioned with its own store
 *   server (409): that server owns the store's transactions, and sync brings them to HQ (a register
 *   opened at both would collide).
 *
 * The store must exist (404) and be active (409: a closed store cannot trade).
 */
export async function tradingStore(
  ctx: RequestContext,
  storeId: string | null | undefined,
  permission: Permission,
): Promise<Store> {
  const id = resolveStoreId(ctx, storeId);
  const store = await ctx.em.findOne(Store, { id });
  await assertCanTrade(ctx, id, store, permission);
  return store!;
}

/** The checks of `tradingStore` on a store the caller loaded itself (`null` when there is none). */
export async function assertCanTrade(
  ctx: RequestContext,
  id: string,
  store: (Pick<Store, 'code' | 'isActive'> & { hasServer?: boolean }) | null,
  permission: Permission,
): Promise<void> {
  if (!store) throw notFound('Store', id);
  await assertHeldAt(ctx, id, permission);
  if (!store.isActive) {
    throw new AppError('INVALID_STATE', `storeId: store ${store.code} is inactive and cannot trade`, {
      field: 'storeId',
    });
  }
  if (ctx.runtime.mode === 'hq') {
    // Read with the store by a caller on its hot path (`hasServer`), else here.
    const hasServer =
      store.hasServer ??
      (
        await ctx.em.execute<Array<{ store_id: string }>>(
          'select store_id from store_sync where store_id = ? and token_hash is not null',
          [id],
        )
      ).length > 0;
    if (hasServer) {
      throw new AppError(
        'INVALID_STATE',
        `storeId: store ${store.code} has its own store server: its transactions are recorded there`,
        { field: 'storeId' },
      );
    }
  }
}

/** The store id a store transaction is for (see `tradingStore`), without loading it. */
export function resolveStoreId(ctx: RequestContext, storeId: string | null | undefined): string {
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
 * The store whose records a list shows, checked for the caller's `permission` there: the store named
 * by `storeId` (400 when there is no such store), else the caller's own store (a store server's is its
 * own). `null` means every store, which a caller acting for no store may read only with the permission
 * held at every store.
 */
export async function readableStore(
  ctx: RequestContext,
  storeId: string | null | undefined,
  permission: Permission,
): Promise<string | null> {
  if (storeId) {
    if (!(await ctx.em.count(Store, { id: storeId }))) throw invalid('storeId', 'no store with this id');
    await assertHeldAt(ctx, storeId, permission);
    return storeId;
  }
  if (ctx.storeId) return ctx.storeId;
  // `@Allow` let a caller acting for no store through only on grants held at every store, so this holds
  // today; checked anyway, so that every store is never listed on a store-level grant.
  if (!ctx.chainPermissions.has(permission)) {
    throw forbidden(`Missing permission: ${permission} at every store (name a store with store_id)`);
  }
  return null;
}
