import { v7 as uuidv7 } from 'uuid';
import { StockMovementType, type AdjustmentReason } from '../../entities/stock-movement.entity.js';
import type { RequestContext } from '../core/context.js';
import { MAX_STOCK_LEVEL } from '../core/bounds.js';
import { unprocessable } from '../core/errors.js';

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
 *   `services/core/bounds.ts`) is refused with UNPROCESSABLE (422) naming the move's `field`, thrown after
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

/**
 * Which of `productIds` this server tracks the stock of: the products a caller may pass to the ledger
 * (the lines a refund takes back, the lines a purchase order receives).
 */
export async function trackedOf(ctx: RequestContext, productIds: string[]): Promise<Set<string>> {
  const rows = await ctx.em.execute<Array<{ id: string }>>(
    'select id from product where track_stock and id in (select jsonb_array_elements_text(?::jsonb)::uuid)',
    [JSON.stringify(productIds)],
  );
  return new Set(rows.map((r) => r.id));
}
