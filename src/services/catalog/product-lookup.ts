import type { Product } from '../../entities/product.entity.js';
import { assertCan } from '../auth/grants.js';
import type { RequestContext } from '../core/context.js';
import { invalid, notFound } from '../core/errors.js';
import { readRows } from '../core/read-rows.js';
import {
  choosePrice,
  orderRates,
  specialsInForceSql,
  type EffectivePrice,
  type PriceSource,
  type ProductTaxRate,
} from '../pricing/index.js';

/*
 * What a till reads to ring up a line, in one prepared statement: the product by barcode (the scan) or
 * by id, priced at a store: the price it must be charged and why (a special, the store's price, the
 * product's), the special's end, and the tax rates in the order they apply. The sale charges what this
 * says (`priceLine`); the look-up is the till's hottest read.
 */

/**
 * A product's columns as read, without an entity behind it: relations as their ids (`department.id`,
 * as on the entity). Answers GraphQL as a `Product`; never persisted or referenced as an entity.
 */
export interface ProductSnapshot extends Pick<
  Product,
  | 'id'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
  | 'sku'
  | 'barcode'
  | 'name'
  | 'description'
  | 'costPrice'
  | 'sellPrice'
  | 'trackStock'
  | 'lowStockThreshold'
  | 'isActive'
> {
  department: { id: string } | null;
  taxGroup: { id: string } | null;
}

/** A product priced at a store (`ProductDetail` in the schema). */
export interface ProductAtStore extends ProductSnapshot {
  /** The store it is priced at; null: none (the chain's own price, specials by UTC's day). */
  storeId: string | null;
  effectivePrice: number;
  priceSource: `${PriceSource}`;
  specialId: string | null;
  /** The last day the special runs (`YYYY-MM-DD`, the store's day). */
  specialEndDate: string | null;
  taxRates: ProductTaxRate[];
}

interface ProductRow {
  id: string;
  created_at: string;
  updated_at: string;
  version: number;
  sku: string;
  barcode: string | null;
  name: string;
  description: string | null;
  department_id: string | null;
  tax_group_id: string | null;
  cost_price: string;
  sell_price: string;
  track_stock: boolean;
  low_stock_threshold: string;
  is_active: boolean;
  store_found: boolean;
  store_price: string | null;
  specials: Array<{ id: string; specialPrice: number; endDate: string }> | null;
  rates: ProductTaxRate[] | null;
}

/** The look-up of a product at a store (`?` = store id or null, the time, then the product's key). */
const lookupSql = (where: string) => `select p.id, p.created_at, p.updated_at, p.version, p.sku, p.barcode,
       p.name, p.description, p.department_id, p.tax_group_id, p.cost_price, p.sell_price, p.track_stock,
       p.low_stock_threshold, p.is_active, st.id is not null as store_found, sp.sell_price as store_price,
       ${specialsInForceSql('p.id', 'd.today')} as specials,
       (select json_agg(json_build_object('id', r.id, 'name', r.name, 'rate', r.rate,
                                          'isCompound', r.is_compound, 'sortOrder', l.sort_order))
          from tax_group_rate l join tax_rate r on r.id = l.tax_rate_id
         where l.tax_group_id = p.tax_group_id and r.is_active and r.deleted_at is null) as rates
  from (select ?::uuid as store_id, ?::timestamptz as at) k
  left join store st on st.id = k.store_id
  cross join lateral (select (k.at at time zone coalesce(st.timezone, 'UTC'))::date as today) d
  join product p on ${where}
  left join store_price sp on sp.product_id = p.id and sp.store_id = st.id
 limit 1`;

/** The till's scan (see `findProductByBarcode`); exported for the bench's bare reference server. */
export const BARCODE_LOOKUP_SQL = lookupSql('p.barcode = ? and p.is_active');

const ID_LOOKUP_SQL = lookupSql('p.id = ?');

/** The price a row says the product sells at: its special, store price or own price. */
const priceOf = (row: ProductRow): EffectivePrice =>
  choosePrice({
    productPrice: Number(row.sell_price),
    storePrice: row.store_price === null ? null : Number(row.store_price),
    specials: row.specials ?? [],
  });

function productAtStore(ctx: RequestContext, row: ProductRow, storeId: string | null): ProductAtStore {
  // Timestamps as MikroORM hydrates them; bigint columns (cents, thousandths) come as strings.
  const platform = ctx.em.getPlatform();
  const price = priceOf(row);
  return {
    id: row.id,
    createdAt: platform.parseDate(row.created_at) as Date,
    updatedAt: platform.parseDate(row.updated_at) as Date,
    version: row.version,
    sku: row.sku,
    barcode: row.barcode,
    name: row.name,
    description: row.description,
    department: row.department_id === null ? null : { id: row.department_id },
    taxGroup: row.tax_group_id === null ? null : { id: row.tax_group_id },
    costPrice: Number(row.cost_price),
    sellPrice: Number(row.sell_price),
    trackStock: row.track_stock,
    lowStockThreshold: Number(row.low_stock_threshold),
    isActive: row.is_active,
    storeId,
    effectivePrice: price.price,
    priceSource: price.source,
    specialId: price.specialId ?? null,
    specialEndDate: row.specials?.find((s) => s.id === price.specialId)?.endDate ?? null,
    taxRates: orderRates(row.rates ?? []),
  };
}

/**
 * The store a look-up prices at: the one asked for (products.view needed there), else the caller's,
 * else none.
 */
function pricingStore(ctx: RequestContext, storeId: string | null | undefined): string | null {
  if (storeId && storeId !== ctx.storeId) assertCan(ctx, 'products.view', storeId);
  return storeId ?? ctx.storeId ?? null;
}

/** The product's row at the store at `at`; a store named that does not exist is a 400. */
async function lookUp(
  ctx: RequestContext,
  sql: string,
  key: string,
  store: string | null,
  at: Date,
): Promise<ProductRow | undefined> {
  const [row] = await readRows<ProductRow>(ctx, sql, [store, at.toISOString(), key]);
  if (row && store !== null && !row.store_found) throw invalid('storeId', 'no store with this id');
  return row;
}

/** The active product with this barcode priced at the store (the till's scan), or NOT_FOUND. */
export async function findProductByBarcode(
  ctx: RequestContext,
  barcode: string,
  storeId?: string | null,
): Promise<ProductAtStore> {
  const store = pricingStore(ctx, storeId);
  const row = await lookUp(ctx, BARCODE_LOOKUP_SQL, barcode, store, ctx.runtime.now());
  if (!row) throw notFound(`Product with barcode ${barcode}`);
  return productAtStore(ctx, row, store);
}

/** A product (active or not) priced at the store, or NOT_FOUND. */
export async function productAt(
  ctx: RequestContext,
  id: string,
  storeId?: string | null,
): Promise<ProductAtStore> {
  const store = pricingStore(ctx, storeId);
  const row = await lookUp(ctx, ID_LOOKUP_SQL, id, store, ctx.runtime.now());
  if (!row) throw notFound('Product', id);
  return productAtStore(ctx, row, store);
}

/**
 * The price of a product at a store at a moment (default now), for code that prices without a caller
 * (the demo's seeding): the look-up's own statement and choice. Unknown product or store: 400.
 */
export async function effectivePrice(
  ctx: RequestContext,
  opts: { productId: string; storeId: string; at?: Date },
): Promise<EffectivePrice> {
  const row = await lookUp(ctx, ID_LOOKUP_SQL, opts.productId, opts.storeId, opts.at ?? ctx.runtime.now());
  if (!row) throw invalid('productId', 'no product with this id');
  return priceOf(row);
}
