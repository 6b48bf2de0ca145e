import type { FilterQuery } from '@mikro-orm/core';
import { Product } from '../../entities/product.entity.js';
import { StockMovement, type StockMovementType } from '../../entities/stock-movement.entity.js';
import type { RequestContext } from '../core/context.js';
import { notFound } from '../core/errors.js';
import { pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';
import { readScope } from '../core/scope.js';

/** The store (or every store) is the request's scope, decided by the access rule. */
export interface InventoryFilter extends PageRequest {
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
  /** On its way to the store: sent by another store, not received yet (never part of `quantity`). */
  incoming: number;
  lowStockThreshold: number;
  isLow: boolean;
}

/**
 * SQL of what is on its way to a store: the in-transit quantity of a product's lines on the open
 * transfers to it (sent, and not yet received, damaged or lost), summed. `store` and `product` are the
 * SQL naming the two ids. Served by `transfer_to_store_idx` and the lines' (transfer, product) key.
 */
const incomingSql = (store: string, product: string) =>
  `coalesce((select sum(ti.quantity_sent - ti.quantity_received - ti.quantity_damaged - ti.quantity_lost - ti.quantity_returned)
       from transfer tr join transfer_item ti on ti.transfer_id = tr.id
      where tr.to_store_id = ${store} and ti.product_id = ${product}
        and tr.status in ('IN_TRANSIT', 'PARTIALLY_RECEIVED')), 0)`;

/** The (store, product) pairs a list shows: every level, and what is on its way where it has none yet. */
const LISTED_PAIRS = `(select store_id, product_id from inventory_level
      union all
     select distinct tr.to_store_id, ti.product_id
       from transfer tr join transfer_item ti on ti.transfer_id = tr.id join product tp on tp.id = ti.product_id
      where tr.status in ('IN_TRANSIT', 'PARTIALLY_RECEIVED') and tp.track_stock
        and not exists (select 1 from inventory_level il where il.store_id = tr.to_store_id and il.product_id = ti.product_id))`;

/**
 * Stock levels of active products, by SKU then store code; paginated. Only levels that exist are listed
 * (a product that has never moved at a store has no level there; see `crossStoreInventory`), and the
 * stock on its way to a store where it has none yet (at 0, with its `incoming`): in-transit stock is
 * visible at its destination, never sellable.
 */
export async function listInventory(
  ctx: RequestContext,
  filter: InventoryFilter,
): Promise<PageResult<InventoryRow>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const storeId = await readScope(ctx);
  const conditions = ['p.is_active'];
  const params: unknown[] = [];
  if (storeId) {
    conditions.push('k.store_id = ?');
    params.push(storeId);
  }
  if (filter.productId) {
    conditions.push('k.product_id = ?');
    params.push(filter.productId);
  }
  const level = 'coalesce(l.quantity, 0)';
  if (filter.lowStock != null) {
    conditions.push(
      filter.lowStock ? `${level} <= p.low_stock_threshold` : `${level} > p.low_stock_threshold`,
    );
  }
  const from = `from ${LISTED_PAIRS} k
         join product p on p.id = k.product_id
         left join inventory_level l on l.store_id = k.store_id and l.product_id = k.product_id`;
  const where = `where ${conditions.join(' and ')}`;
  const [rows, [{ total }]] = await Promise.all([
    ctx.em.execute<Array<Record<string, string | boolean>>>(
      `select k.store_id, k.product_id, p.sku, p.name, ${level} as quantity, p.low_stock_threshold,
              ${level} <= p.low_stock_threshold as is_low, ${incomingSql('k.store_id', 'k.product_id')} as incoming
         ${from}
         join store s on s.id = k.store_id
        ${where}
        order by p.sku, s.code
        limit ? offset ?`,
      [...params, limit, offset],
    ),
    ctx.em.execute<Array<{ total: string }>>(`select count(*) as total ${from} ${where}`, params),
  ]);
  return {
    items: rows.map((row) => ({
      storeId: row.store_id as string,
      productId: row.product_id as string,
      sku: row.sku as string,
      productName: row.name as string,
      quantity: Number(row.quantity),
      incoming: Number(row.incoming),
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
  /** On its way to the store from another (see `InventoryRow.incoming`). */
  incoming: number;
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
    `select s.id, s.code, s.name, coalesce(l.quantity, 0) as quantity, ${incomingSql('s.id', '?')} as incoming
       from store s left join inventory_level l on l.store_id = s.id and l.product_id = ?
      where s.is_active
      order by s.code`,
    [productId, productId],
  );
  return rows.map((row) => {
    const quantity = Number(row.quantity);
    return {
      storeId: row.id,
      storeCode: row.code,
      storeName: row.name,
      quantity,
      incoming: Number(row.incoming),
      lowStockThreshold: product.lowStockThreshold,
      isLow: quantity <= product.lowStockThreshold,
    };
  });
}

/** The store (or every store) is the request's scope, decided by the access rule. */
export interface StockMovementFilter extends PageRequest {
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
  const storeId = await readScope(ctx);
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
