import type { FilterQuery } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Product } from '../../entities/product.entity.js';
import {
  StockMovement,
  StockMovementType,
  type AdjustmentReason,
} from '../../entities/stock-movement.entity.js';
import type { RequestContext } from '../core/context.js';
import type { StockAdjustedPayload } from '../events/payloads.js';
import { recordEvent } from '../events/outbox.js';
import { MAX_STOCK_LEVEL } from '../core/bounds.js';
import { AppError, invalid, notFound, unprocessable } from '../core/errors.js';
import { pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';
import { readableStore, tradingStore } from '../core/scope.js';

/** One change of a stock level, as the sales, transfer, purchase and adjustment code asks for it. */
export interface StockMove {
  storeId: string;
  productId: string;
  /** Signed change in thousandths of a unit (negative: stock goes out). Zero records a movement only. */
  quantity: number;
  type: StockMovementType;
  /** For adjustments. */
  reason?: AdjustmentReason | null;
  /** The sale, void, transfer or purchase order that caused it. */
  referenceId?: string | null;
  notes?: string | null;
  /** The movement's id when it is given (HQ applying a store's movement keeps the store's id). */
  id?: string;
  /** The input field this move comes from, named when it is refused (default `quantity`). */
  field?: string;
}

/**
 * Whose and when a batch of moves is, when not the caller's now: HQ applying a store's movements records
 * them at the store's time and for the store's user.
 */
export interface MoveOrigin {
  at: Date;
  userId: string | null;
}

/** The movement recorded for one `StockMove`. */
export interface StockMoveResult {
  /** The stock movement row. */
  id: string;
  storeId: string;
  productId: string;
  quantity: number;
  /** The level right after this movement. */
  quantityAfter: number;
  createdAt: Date;
}

/** A `stock_movement` row as PostgreSQL returns it (bigints as strings). */
export type StockMovementRow = Record<string, unknown> & {
  id: string;
  store_id: string;
  product_id: string;
  quantity: string | number;
  quantity_after: string | number;
};

/**
 * The stock ledger: applies the moves to the levels and records one movement per move, all in the
 * caller's transaction (`ctx.em`), for `ctx.user`. Results come in the order of `moves`.
 *
 * - Bounds: a level is a running sum, so a move that leaves it beyond ±MAX_STOCK_LEVEL (see
 *   `services/bounds.ts`) is refused with UNPROCESSABLE (422) naming the move's `field`, thrown after
 *   the statement and so before the caller's transaction commits: nothing of the sale or adjustment
 *   stays. Checking the statement's own results costs no round trip. A level already beyond the bound
 *   (stored before it existed) may still move back towards it: selling from it, or a count, repairs it
 *   (a count only while the level is below 2^53: its change must be a safe integer).
 *
 * - It does not look at `trackStock`, nor at whether the product or store exist and are active: callers
 *   pass only products whose stock they track (untracked products get no movements), after their own
 *   checks. A missing store or product fails on the foreign key.
 * - Levels change with atomic SQL (insert ... on conflict do update quantity = quantity + change), never
 *   read-then-write, so concurrent sales never lose a change. Negative levels are allowed.
 * - Deadlocks: the level rows are locked in one fixed order (product id, then store id) whatever the
 *   order of `moves`, so two sales holding the same products in opposite orders wait for each other
 *   instead of deadlocking.
 * - One round trip for any number of moves (a sale is the hot path): a single statement upserts the
 *   levels (one row per store and product; the same product twice is merged, as one command may not
 *   update a row twice) and inserts the movements. Each movement's `quantityAfter` is the level after it
 *   in the order given: for a product moved twice, the first movement's `quantityAfter` excludes the
 *   second move.
 */
export async function moveStock(
  ctx: RequestContext,
  moves: StockMove[],
  origin?: MoveOrigin,
): Promise<StockMoveResult[]> {
  const rows = await recordMoves(ctx, moves, origin);
  return rows.map((row) => ({
    id: row.id,
    storeId: row.store_id,
    productId: row.product_id,
    quantity: Number(row.quantity),
    quantityAfter: Number(row.quantity_after),
    createdAt: new Date(row.created_at as string),
  }));
}

/** The ledger's one statement (see `recordMoves`); exported for the bench's bare reference server. */
export const MOVE_STOCK_SQL = `with level as (
       insert into inventory_level as l (id, created_at, updated_at, version, store_id, product_id, quantity)
       select t.id, ?, ?, 1, t.store_id, t.product_id, t.quantity
         from jsonb_to_recordset(?::jsonb) as t(id uuid, store_id uuid, product_id uuid, quantity bigint)
        order by t.product_id, t.store_id
       on conflict (store_id, product_id) do update
         set quantity = l.quantity + excluded.quantity, updated_at = excluded.updated_at, version = l.version + 1
       returning l.store_id, l.product_id, l.quantity
     ), move as (
       select * from jsonb_to_recordset(?::jsonb) as m(ord int, id uuid, store_id uuid, product_id uuid,
         quantity bigint, type text, reason text, reference_id uuid, notes text)
     )
     insert into stock_movement
       (id, store_id, product_id, quantity, type, reason, quantity_after, reference_id, user_id, notes, created_at)
     select m.id, m.store_id, m.product_id, m.quantity, m.type, m.reason,
            level.quantity - coalesce(sum(m.quantity) over (partition by m.store_id, m.product_id order by m.ord
              rows between 1 following and unbounded following), 0),
            m.reference_id, ?, m.notes, ?
       from move m join level on level.store_id = m.store_id and level.product_id = m.product_id
     returning *`;

/** `moveStock`, returning the inserted `stock_movement` rows (in the order of `moves`). */
export async function recordMoves(
  ctx: RequestContext,
  moves: StockMove[],
  origin?: MoveOrigin,
): Promise<StockMovementRow[]> {
  if (moves.length === 0) return [];
  for (const move of moves) {
    // Inputs are bounded at the schema layer; a count against a level stored beyond 2^53, or a void of a
    // sale stored so, still gets here.
    if (!Number.isSafeInteger(move.quantity)) {
      throw unprocessable(move.field ?? 'quantity', `${String(move.quantity)} is not a safe integer`);
    }
  }
  const totals = new Map<string, { id: string; store_id: string; product_id: string; quantity: number }>();
  for (const move of moves) {
    const key = `${move.storeId}/${move.productId}`;
    const total = totals.get(key);
    if (total) total.quantity += move.quantity;
    else
      totals.set(key, {
        id: uuidv7(),
        store_id: move.storeId,
        product_id: move.productId,
        quantity: move.quantity,
      });
  }
  const movements = moves.map((move, ord) => ({
    ord,
    id: move.id ?? uuidv7(),
    store_id: move.storeId,
    product_id: move.productId,
    quantity: move.quantity,
    type: move.type,
    reason: move.reason ?? null,
    reference_id: move.referenceId ?? null,
    notes: move.notes ?? null,
  }));
  const now = origin?.at ?? ctx.runtime.now();
  // `order by` on the insert's select fixes the order in which the level rows are locked. The window sum
  // subtracts the later moves of the same level from its final quantity.
  const rows = await ctx.em.execute<StockMovementRow[]>(MOVE_STOCK_SQL, [
    now,
    now,
    JSON.stringify([...totals.values()]),
    JSON.stringify(movements),
    origin ? origin.userId : (ctx.user?.id ?? null),
    now,
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const results = movements.map((m) => byId.get(m.id)!);
  const max = BigInt(MAX_STOCK_LEVEL);
  const abs = (n: bigint) => (n < 0n ? -n : n);
  results.forEach((row, i) => {
    // As BigInt: a level stored before the bounds may be beyond 2^53.
    const after = BigInt(String(row.quantity_after));
    const before = after - BigInt(moves[i].quantity);
    if (abs(after) > max && abs(after) > abs(before)) {
      throw unprocessable(
        moves[i].field ?? 'quantity',
        `the stock level of product ${moves[i].productId} would become ${after}, beyond the largest accepted (±${MAX_STOCK_LEVEL})`,
      );
    }
  });
  return results;
}

export interface AdjustStockInput {
  /** Default: the caller's store (see `tradingStore`). */
  storeId?: string | null;
  productId: string;
  /** Signed change in thousandths; exactly one of `quantity` and `newQuantity`. */
  quantity?: number | null;
  /** The counted level in thousandths (a physical count); the change is the difference. */
  newQuantity?: number | null;
  reason: AdjustmentReason;
  notes?: string | null;
}

/**
 * Adjusts a product's stock at a store by hand: a signed change (`quantity`), or a physical count
 * (`newQuantity`) whose change is the count minus the level at that moment. Returns the ADJUSTMENT
 * movement; its `quantityAfter` is the new level.
 *
 * - The store must be one the caller may trade for (`tradingStore`, `inventory.adjust` there).
 * - The product must exist and track stock (untracked products have no level: 409). Inactive products
 *   may be adjusted: counting or writing off old stock is legitimate.
 * - A count locks the level row before reading it, so a sale committing meanwhile is applied either
 *   before the count (and replaced by it) or after it (and kept), never lost. A count that matches
 *   records a movement of 0, so that the count itself is on record.
 */
export async function adjustStock(ctx: RequestContext, input: AdjustStockInput): Promise<StockMovement> {
  const isChange = input.quantity != null;
  const isCount = input.newQuantity != null;
  if (isChange === isCount) {
    throw invalid(
      isChange ? 'newQuantity' : 'quantity',
      isChange
        ? 'give either quantity (a change) or newQuantity (a count), not both'
        : 'give quantity (a change) or newQuantity (a count)',
    );
  }
  const store = await tradingStore(ctx, input.storeId, 'inventory.adjust');
  const product = await ctx.em.findOne(Product, { id: input.productId });
  if (!product) throw notFound('Product', input.productId);
  if (!product.trackStock) {
    throw new AppError('INVALID_STATE', `productId: product ${product.sku} does not track stock`, {
      field: 'productId',
    });
  }
  const quantity = isCount
    ? input.newQuantity! - (await lockedLevel(ctx, store.id, product.id))
    : input.quantity!;
  const [row] = await recordMoves(ctx, [
    {
      storeId: store.id,
      productId: product.id,
      quantity,
      type: StockMovementType.ADJUSTMENT,
      reason: input.reason,
      notes: input.notes ?? null,
      field: isCount ? 'newQuantity' : 'quantity',
    },
  ]);
  const movement = ctx.em.map(StockMovement, row as Record<string, unknown>);
  await recordEvent(ctx, 'stock.adjusted', (): StockAdjustedPayload => ({
    id: movement.id,
    storeId: store.id,
    productId: product.id,
    quantity: movement.quantity,
    reason: input.reason,
    notes: movement.notes,
    userId: ctx.user?.id ?? null,
    createdAt: movement.createdAt.toISOString(),
    quantityAfter: movement.quantityAfter,
  }));
  return movement;
}

/**
 * HQ: applies a store's stock adjustment (pushed as `stock.adjusted`) to HQ's copy of that store's
 * levels: the same movement (id, time, user), its change applied as a delta. No permission check (the
 * store checked its user); the product must exist.
 */
export async function recordStoreAdjustment(
  ctx: RequestContext,
  storeId: string,
  event: StockAdjustedPayload,
): Promise<void> {
  if (!(await ctx.em.count(Product, { id: event.productId }))) {
    throw unprocessable('productId', `no product ${event.productId}`);
  }
  await recordMoves(
    ctx,
    [
      {
        id: event.id,
        storeId,
        productId: event.productId,
        quantity: event.quantity,
        type: StockMovementType.ADJUSTMENT,
        reason: event.reason as AdjustmentReason,
        notes: event.notes,
      },
    ],
    { at: new Date(event.createdAt), userId: event.userId },
  );
}

/**
 * The level of a product at a store, its row locked until the transaction ends (created at 0 when the
 * product has never moved there: a lock needs a row, and two first counts must not both start at 0).
 */
async function lockedLevel(ctx: RequestContext, storeId: string, productId: string): Promise<number> {
  const select = () =>
    ctx.em.execute<Array<{ quantity: string }>>(
      'select quantity from inventory_level where store_id = ? and product_id = ? for update',
      [storeId, productId],
    );
  let [level] = await select();
  if (!level) {
    const now = ctx.runtime.now();
    await ctx.em.execute(
      `insert into inventory_level (id, created_at, updated_at, version, store_id, product_id, quantity)
       values (?, ?, ?, 1, ?, ?, 0) on conflict (store_id, product_id) do nothing`,
      [uuidv7(), now, now, storeId, productId],
    );
    [level] = await select();
  }
  return Number(level.quantity);
}

export interface InventoryFilter extends PageRequest {
  storeId?: string | null;
  productId?: string | null;
  /** true: only levels at or below the product's threshold; false: only the others. */
  lowStock?: boolean | null;
}

/** A stock level as listed: one store and product, with the product's figures beside it. */
export interface InventoryRow {
  storeId: string;
  productId: string;
  sku: string;
  productName: string;
  quantity: number;
  lowStockThreshold: number;
  isLow: boolean;
}

/**
 * Stock levels of active products, by SKU then store code; paginated. Only levels that exist are listed
 * (a product that has never moved at a store has no level there; see `crossStoreInventory`).
 */
export async function listInventory(
  ctx: RequestContext,
  filter: InventoryFilter,
): Promise<PageResult<InventoryRow>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const storeId = await readableStore(ctx, filter.storeId, 'inventory.view');
  const conditions = ['p.is_active'];
  const params: unknown[] = [];
  if (storeId) {
    conditions.push('l.store_id = ?');
    params.push(storeId);
  }
  if (filter.productId) {
    conditions.push('l.product_id = ?');
    params.push(filter.productId);
  }
  if (filter.lowStock != null) {
    conditions.push(
      filter.lowStock ? 'l.quantity <= p.low_stock_threshold' : 'l.quantity > p.low_stock_threshold',
    );
  }
  const where = conditions.join(' and ');
  const [rows, [{ total }]] = await Promise.all([
    ctx.em.execute<Array<Record<string, string | boolean>>>(
      `select l.store_id, l.product_id, p.sku, p.name, l.quantity, p.low_stock_threshold,
              l.quantity <= p.low_stock_threshold as is_low
         from inventory_level l
         join product p on p.id = l.product_id
         join store s on s.id = l.store_id
        where ${where}
        order by p.sku, s.code
        limit ? offset ?`,
      [...params, limit, offset],
    ),
    ctx.em.execute<Array<{ total: string }>>(
      `select count(*) as total from inventory_level l join product p on p.id = l.product_id where ${where}`,
      params,
    ),
  ]);
  return {
    items: rows.map((row) => ({
      storeId: row.store_id as string,
      productId: row.product_id as string,
      sku: row.sku as string,
      productName: row.name as string,
      quantity: Number(row.quantity),
      lowStockThreshold: Number(row.low_stock_threshold),
      isLow: row.is_low as boolean,
    })),
    total: Number(total),
    page,
    pageSize,
  };
}

/** One product's level at one store, in the cross-store view. */
export interface StoreLevel {
  storeId: string;
  storeCode: string;
  storeName: string;
  quantity: number;
  lowStockThreshold: number;
  isLow: boolean;
}

/**
 * One product's level in every active store, by store code; 0 where it has never moved. Any product,
 * active or not. Open to a store-level `inventory.view` grant: a till asks whether another shop has it.
 */
export async function crossStoreInventory(ctx: RequestContext, productId: string): Promise<StoreLevel[]> {
  const product = await ctx.em.findOne(Product, { id: productId });
  if (!product) throw notFound('Product', productId);
  const rows = await ctx.em.execute<Array<Record<string, string>>>(
    `select s.id, s.code, s.name, coalesce(l.quantity, 0) as quantity
       from store s left join inventory_level l on l.store_id = s.id and l.product_id = ?
      where s.is_active
      order by s.code`,
    [productId],
  );
  return rows.map((row) => {
    const quantity = Number(row.quantity);
    return {
      storeId: row.id,
      storeCode: row.code,
      storeName: row.name,
      quantity,
      lowStockThreshold: product.lowStockThreshold,
      isLow: quantity <= product.lowStockThreshold,
    };
  });
}

export interface StockMovementFilter extends PageRequest {
  storeId?: string | null;
  productId?: string | null;
  type?: StockMovementType | null;
  referenceId?: string | null;
}

/** Stock movements, latest first; paginated. Scoped like `listInventory`. */
export async function listStockMovements(
  ctx: RequestContext,
  filter: StockMovementFilter,
): Promise<PageResult<StockMovement>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const storeId = await readableStore(ctx, filter.storeId, 'inventory.view');
  const where: FilterQuery<StockMovement> = {};
  if (storeId) where.store = storeId;
  if (filter.productId) where.product = filter.productId;
  if (filter.type) where.type = filter.type;
  if (filter.referenceId) where.referenceId = filter.referenceId;
  const [items, total] = await ctx.em.findAndCount(StockMovement, where, {
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit,
    offset,
  });
  return { items, total, page, pageSize };
}
