import type { RequestContext } from '../core/context.js';
import { orderRates, specialsInForceSql, type ProductTaxRate } from '../pricing/index.js';
import type { SaleInput } from './sale-input.js';

/** A product as the sale context reads it, with the prices that could apply today. */
export interface ContextProduct {
  id: string;
  sku: string;
  name: string;
  isActive: boolean;
  trackStock: boolean;
  costPrice: number;
  sellPrice: number;
  taxGroupId: string | null;
  storePrice: number | null;
  specials: Array<{ id: string; specialPrice: number }> | null;
}

export interface ContextTender {
  id: string;
  code: string;
  isCash: boolean;
  usable: boolean;
}

/** Everything a sale is checked against, read in one statement (see `loadSaleContext`). */
export interface SaleContext {
  store: { code: string; isActive: boolean; hasServer: boolean } | null;
  existing: { id: string; digest: string } | null;
  sessionId: string | null;
  /** null: no such row; false: inactive (or deleted). */
  cashier: boolean | null;
  rep: boolean | null;
  customer: boolean | null;
  tenders: Map<string, ContextTender>;
  products: Map<string, ContextProduct>;
  /** Live, active rates of the products' tax groups, by group, in the order they apply. */
  rates: Map<string, ProductTaxRate[]>;
}

/** The sale's one read (see `loadSaleContext`); exported for the bench's bare reference server. */
export const SALE_CONTEXT_SQL = `select st.code, st.is_active,
       exists (select 1 from store_sync ss where ss.store_id = k.store_id and ss.token_hash is not null) as has_server,
       (select json_build_object('id', s.id, 'digest', s.request_digest) from sale s
         where s.store_id = k.store_id and s.terminal_id = k.terminal_id
           and s.receipt_number = k.receipt_number) as existing,
       (select r.id from register_session r
         where r.store_id = k.store_id and r.terminal_id = k.terminal_id and r.status = 'OPEN'
         for share) as session_id,
       (select u.is_active from app_user u where u.id = k.cashier_id) as cashier,
       (select x.is_active and x.deleted_at is null from sales_rep x where x.id = k.rep_id) as rep,
       (select c.deleted_at is null from customer c where c.id = k.customer_id) as customer,
       (select json_agg(json_build_object('id', t.id, 'code', t.code, 'isCash', t.is_cash,
                                          'usable', t.is_active and t.deleted_at is null))
          from tender t where t.code in (select jsonb_array_elements_text(k.codes))) as tenders,
       (select json_agg(json_build_object(
                 'id', p.id, 'sku', p.sku, 'name', p.name, 'isActive', p.is_active,
                 'trackStock', p.track_stock, 'costPrice', p.cost_price, 'sellPrice', p.sell_price,
                 'taxGroupId', p.tax_group_id, 'storePrice', sp.sell_price,
                 'specials', ${specialsInForceSql('p.id', 'd.today')}))
          from product p
          left join store_price sp on sp.product_id = p.id and sp.store_id = k.store_id
         where p.id in (select jsonb_array_elements_text(k.product_ids)::uuid)) as products,
       (select json_agg(json_build_object('groupId', l.tax_group_id, 'id', r.id, 'name', r.name,
                                          'rate', r.rate, 'isCompound', r.is_compound,
                                          'sortOrder', l.sort_order))
          from tax_group_rate l join tax_rate r on r.id = l.tax_rate_id
         where r.is_active and r.deleted_at is null
           and l.tax_group_id in (select p.tax_group_id from product p
                                   where p.id in (select jsonb_array_elements_text(k.product_ids)::uuid))) as rates
     from (select ?::uuid as store_id, ?::text as terminal_id, ?::text as receipt_number,
                  ?::uuid as cashier_id, ?::uuid as rep_id, ?::uuid as customer_id,
                  ?::jsonb as codes, ?::jsonb as product_ids) k
     left join store st on st.id = k.store_id
     cross join lateral (select (?::timestamptz at time zone coalesce(st.timezone, 'UTC'))::date as today) d`;

/**
 * Reads, in one statement, everything a sale is checked against: the store, a sale already recorded
 * under the key, the terminal's open session (share-locked, so that a close waits for this sale or
 * this sale sees the close), the cashier, rep and customer, the tenders named, and the products with
 * their store price, today's specials (today in the store's zone) and their groups' tax rates.
 */
export async function loadSaleContext(
  ctx: RequestContext,
  storeId: string,
  input: SaleInput,
  now: Date,
): Promise<SaleContext> {
  const productIds = [...new Set(input.items.map((item) => item.productId))];
  const codes = [...new Set(input.payments.map((p) => p.method))];
  const [row] = await ctx.em.execute<
    Array<{
      code: string | null;
      is_active: boolean | null;
      has_server: boolean;
      existing: { id: string; digest: string } | null;
      session_id: string | null;
      cashier: boolean | null;
      rep: boolean | null;
      customer: boolean | null;
      tenders: ContextTender[] | null;
      products: ContextProduct[] | null;
      rates: Array<ProductTaxRate & { groupId: string }> | null;
    }>
  >(SALE_CONTEXT_SQL, [
    storeId,
    input.terminalId,
    input.receiptNumber,
    input.cashierId,
    input.salesRepId ?? null,
    input.customerId ?? null,
    JSON.stringify(codes),
    JSON.stringify(productIds),
    now.toISOString(),
  ]);
  const rates = new Map<string, ProductTaxRate[]>();
  for (const { groupId, ...rate } of row.rates ?? []) {
    rates.set(groupId, [...(rates.get(groupId) ?? []), rate]);
  }
  for (const [groupId, list] of rates) rates.set(groupId, orderRates(list));
  return {
    store: row.code === null ? null : { code: row.code, isActive: row.is_active!, hasServer: row.has_server },
    existing: row.existing,
    sessionId: row.session_id,
    cashier: row.cashier,
    rep: row.rep,
    customer: row.customer,
    tenders: new Map((row.tenders ?? []).map((t) => [t.code, t])),
    products: new Map((row.products ?? []).map((p) => [p.id, p])),
    rates,
  };
}
