import type { RequestContext } from '../core/context.js';
import { callerStore } from '../core/scope.js';
import { localDaySql } from '../reports/index.js';

/** SQL: today in a store's time zone, from the runtime's now (a parameter). */
const TODAY = '(?::timestamptz at time zone st.timezone)::date';

/** One store's trading today (its own calendar day), for the store dashboard. Money in cents. */
export interface DayFigures {
  storeId: string;
  storeCode: string;
  storeName: string;
  /** Today in the store's time zone, `YYYY-MM-DD`. */
  date: string;
  salesCount: number;
  /** Net sales: subtotal − discounts, before tax. */
  revenue: number;
  taxTotal: number;
  /** What customers paid: revenue + tax. */
  grandTotal: number;
  voidCount: number;
  openRegisters: number;
}

/**
 * Today's figures of each active store the caller may see: on HQ every store with `stores.view` held
 * at every store, else the caller's own store; on a store server its own store. Completed sales only
 * (voids counted apart). One query.
 */
export async function storeDashboard(ctx: RequestContext): Promise<DayFigures[]> {
  // A store server knows only its own store's trading; HQ shows every store to a chain-wide viewer.
  const own =
    ctx.chainPermissions.has('stores.view') && ctx.runtime.mode === 'hq'
      ? null
      : callerStore(ctx, 'stores.view');
  // Sums of bigints are numeric in PostgreSQL (they cannot overflow); the difference is taken as numeric
  // too, so a row stored beyond the bounds cannot fail the dashboard (the SafeInt output saturates).
  const rows = await ctx.em.execute<Array<Record<string, string>>>(
    `select st.id, st.code, st.name,
            to_char(${TODAY}, 'YYYY-MM-DD') as date,
            d.sales_count, d.revenue, d.tax, d.grand, d.void_count,
            (select count(*) from register_session r where r.store_id = st.id and r.status = 'OPEN') as open_registers
       from store st
       cross join lateral (
         select count(*) filter (where s.status = 'COMPLETED' and s.type = 'SALE') as sales_count,
                coalesce(sum(s.subtotal::numeric - s.discount_total) filter (where s.status = 'COMPLETED'), 0) as revenue,
                coalesce(sum(s.tax_total) filter (where s.status = 'COMPLETED'), 0) as tax,
                coalesce(sum(s.grand_total) filter (where s.status = 'COMPLETED'), 0) as grand,
                count(*) filter (where s.status = 'VOIDED') as void_count
           from sale s
          where s.store_id = st.id
            and ${localDaySql('s.sold_at', TODAY, 'st.timezone')}
       ) d
      where st.is_active and (?::uuid is null or st.id = ?::uuid)
      order by st.code`,
    [...Array(3).fill(ctx.runtime.now().toISOString()), own, own],
  );
  return rows.map((row) => ({
    storeId: row.id,
    storeCode: row.code,
    storeName: row.name,
    date: row.date,
    salesCount: Number(row.sales_count),
    revenue: Number(row.revenue),
    taxTotal: Number(row.tax),
    grandTotal: Number(row.grand),
    voidCount: Number(row.void_count),
    openRegisters: Number(row.open_registers),
  }));
}
