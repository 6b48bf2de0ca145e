import { Sale, type SaleStatus, type SaleType } from '../../entities/sale.entity.js';
import { Store } from '../../entities/store.entity.js';
import { assertCan } from '../auth/grants.js';
import type { RequestContext } from '../core/context.js';
import { notFound } from '../core/errors.js';
import { pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';
import { readScope } from '../core/scope.js';
import { localDateTime } from '../core/time.js';
import { reportWindow, windowConditions } from '../reports/index.js';

/** A sale with its lines, line taxes and payments, or NOT_FOUND. */
export async function getSale(ctx: RequestContext, id: string): Promise<Sale> {
  const sale = await ctx.em.findOne(Sale, { id }, { populate: ['items.taxes', 'payments'] });
  if (!sale) throw notFound('Sale', id);
  return sale;
}

export interface SaleFilter extends PageRequest {
  /** First day, inclusive, in the store's time zone. */
  dateFrom?: string | null;
  /** Last day, inclusive, in the store's time zone. */
  dateTo?: string | null;
  status?: SaleStatus | null;
  /** Only sales or only refunds. */
  type?: SaleType | null;
  terminalId?: string | null;
  cashierId?: string | null;
}

/**
 * Sales (and refunds, which are sales of type REFUND) matching the filter, latest first, each with its lines and payments; paginated. Dates are
 * calendar days in each sale's store's time zone.
 */
export async function listSales(ctx: RequestContext, filter: SaleFilter): Promise<PageResult<Sale>> {
  const storeId = await readScope(ctx);
  const days = reportWindow(filter);
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const qb = ctx.em.createQueryBuilder(Sale, 's');
  // The store's time zone turns the days into instants.
  if (days.dateFrom || days.dateTo) qb.join('s.storeId', 'st');
  if (storeId) qb.andWhere({ storeId });
  if (filter.status) qb.andWhere({ status: filter.status });
  if (filter.type) qb.andWhere({ type: filter.type });
  if (filter.terminalId) qb.andWhere({ terminalId: filter.terminalId });
  if (filter.cashierId) qb.andWhere({ cashierId: filter.cashierId });
  // Bounds as instants (local midnight in the store's zone), so the (store, sold_at) index serves them.
  for (const { sql, params } of windowConditions(days, 's.sold_at', 'st.timezone')) qb.andWhere(sql, params);
  qb.orderBy({ soldAt: 'desc', id: 'desc' }).limit(limit).offset(offset);
  const [items, total] = await qb.getResultAndCount();
  await ctx.em.populate(items, ['items.taxes', 'payments']);
  return { items, total, page, pageSize };
}

/** Tax at one rate over a whole receipt, in cents (`ReceiptTaxLine` in the schema implements it). */
export interface ReceiptTaxTotal {
  taxRateName: string;
  /** Basis points. */
  rate: number;
  taxableAmount: number;
  taxAmount: number;
}

/**
 * Receipt data of a sale: everything a till prints, with the time in the store's time zone (`Receipt` in
 * the schema implements it).
 */
export interface ReceiptData {
  sale: Sale;
  store: Store;
  /** Wall-clock time of the sale in the store's time zone, `YYYY-MM-DD HH:mm:ss`. */
  localTime: string;
  cashierName: string;
  salesRepName: string | null;
  customerName: string | null;
  /** Tax by rate over the whole receipt. */
  taxSummary: ReceiptTaxTotal[];
}

/** The data of a sale's receipt (a reprint shows VOIDED sales as such). */
export async function receipt(ctx: RequestContext, saleId: string): Promise<ReceiptData> {
  const sale = await getSale(ctx, saleId);
  assertCan(ctx, 'pos.sell', sale.storeId);
  const store = await ctx.em.findOneOrFail(Store, { id: sale.storeId });
  const [names] = await ctx.em.execute<
    Array<{ cashier: string; rep: string | null; customer: string | null }>
  >(
    `select (select display_name from app_user where id = ?) as cashier,
            (select first_name || ' ' || last_name from sales_rep where id = ?) as rep,
            (select first_name || ' ' || last_name from customer where id = ?) as customer`,
    [sale.cashierId, sale.salesRepId, sale.customerId],
  );
  const summary = new Map<string, ReceiptTaxTotal>();
  for (const item of sale.items) {
    for (const tax of item.taxes) {
      const key = `${tax.taxRateId}:${tax.rate}`;
      const row = summary.get(key) ?? {
        taxRateName: tax.taxRateName,
        rate: tax.rate,
        taxableAmount: 0,
        taxAmount: 0,
      };
      row.taxableAmount += tax.taxableAmount;
      row.taxAmount += tax.taxAmount;
      summary.set(key, row);
    }
  }
  return {
    sale,
    store,
    localTime: localDateTime(store.timezone, sale.soldAt),
    cashierName: names.cashier,
    salesRepName: names.rep,
    customerName: names.customer,
    taxSummary: [...summary.values()],
  };
}
