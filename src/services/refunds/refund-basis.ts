import type { PriceSource } from '../../entities/sale-item.entity.js';
import type { SaleStatus, SaleType } from '../../entities/sale.entity.js';

/*
 * What a refund is computed from: the sale as recorded and the refunds already made of it. Read from the
 * local database (`loadRefundBasis`), or from HQ by a store server for a sale it does not hold (the
 * `syncSale` route answers the same object), and merged (`mergeBases`). Figures as stored: the sale's
 * positive, the refunds' negative.
 */

/** A tax of a sale line, as recorded. */
export interface BasisTax {
  taxRateId: string;
  taxRateName: string;
  rate: number;
  isCompound: boolean;
  sortOrder: number;
  taxableAmount: number;
  taxAmount: number;
}

/** A sale line, as recorded. */
export interface BasisLine {
  id: string;
  lineNumber: number;
  productId: string;
  sku: string;
  productName: string;
  quantity: number;
  unitPrice: number;
  effectivePrice: number;
  priceSource: `${PriceSource}`;
  specialId: string | null;
  unitCost: number;
  extendedAmount: number;
  discountAmount: number;
  taxRate: number;
  taxes: BasisTax[];
}

/** A payment of the sale, as recorded. */
export interface BasisPayment {
  method: string;
  isCash: boolean;
  amount: number;
}

/** The sale a refund is made against. */
export interface BasisSale {
  id: string;
  storeId: string;
  type: `${SaleType}`;
  status: `${SaleStatus}`;
  terminalId: string;
  receiptNumber: string;
  soldAt: string;
  changeGiven: number;
  items: BasisLine[];
  payments: BasisPayment[];
}

/** A refund already made of the sale: what it took of each line and tender (negative, as stored). */
export interface EarlierRefund {
  id: string;
  items: Array<{
    refundOfItemId: string;
    quantity: number;
    extendedAmount: number;
    discountAmount: number;
    taxes: Array<{ taxRateId: string; taxableAmount: number; taxAmount: number }>;
  }>;
  payments: Array<{ method: string; isCash: boolean; amount: number }>;
}

export interface RefundBasis {
  sale: BasisSale;
  refunds: EarlierRefund[];
}

/**
 * One sale's basis known in two places (a store server's own rows and HQ's answer): the sale, and every
 * refund either knows of, once (HQ lacks the store's refunds not pushed yet; the store lacks those made
 * elsewhere).
 */
export function mergeBases(local: RefundBasis | null, remote: RefundBasis | null): RefundBasis | null {
  if (!local || !remote) return local ?? remote;
  const seen = new Set(local.refunds.map((r) => r.id));
  return { sale: local.sale, refunds: [...local.refunds, ...remote.refunds.filter((r) => !seen.has(r.id))] };
}

/** The statement reading a sale's basis (see `RefundBasis`), by id or by its receipt key. */
export const REFUND_BASIS_SQL = `select json_build_object(
         'id', s.id, 'storeId', s.store_id, 'type', s.type, 'status', s.status, 'terminalId', s.terminal_id,
         'receiptNumber', s.receipt_number, 'soldAt', s.sold_at, 'changeGiven', s.change_given,
         'items', (select coalesce(json_agg(json_build_object(
             'id', i.id, 'lineNumber', i.line_number, 'productId', i.product_id, 'sku', i.sku,
             'productName', i.product_name, 'quantity', i.quantity, 'unitPrice', i.unit_price,
             'effectivePrice', i.effective_price, 'priceSource', i.price_source, 'specialId', i.special_id,
             'unitCost', i.unit_cost, 'extendedAmount', i.extended_amount, 'discountAmount', i.discount_amount,
             'taxRate', i.tax_rate,
             'taxes', (select coalesce(json_agg(json_build_object(
                 'taxRateId', t.tax_rate_id, 'taxRateName', t.tax_rate_name, 'rate', t.rate,
                 'isCompound', t.is_compound, 'sortOrder', t.sort_order, 'taxableAmount', t.taxable_amount,
                 'taxAmount', t.tax_amount) order by t.sort_order, t.tax_rate_id), '[]')
                 from sale_item_tax t where t.sale_item_id = i.id)) order by i.line_number), '[]')
             from sale_item i where i.sale_id = s.id),
         'payments', (select coalesce(json_agg(json_build_object(
             'method', p.method, 'isCash', p.is_cash, 'amount', p.amount) order by p.position), '[]')
             from sale_payment p where p.sale_id = s.id)) as sale,
       (select coalesce(json_agg(json_build_object(
           'id', r.id,
           'items', (select coalesce(json_agg(json_build_object(
               'refundOfItemId', i.refund_of_item_id, 'quantity', i.quantity,
               'extendedAmount', i.extended_amount, 'discountAmount', i.discount_amount,
               'taxes', (select coalesce(json_agg(json_build_object(
                   'taxRateId', t.tax_rate_id, 'taxableAmount', t.taxable_amount, 'taxAmount', t.tax_amount)
                   order by t.sort_order, t.tax_rate_id), '[]')
                   from sale_item_tax t where t.sale_item_id = i.id)) order by i.line_number), '[]')
               from sale_item i where i.sale_id = r.id),
           'payments', (select coalesce(json_agg(json_build_object('method', p.method, 'isCash', p.is_cash, 'amount', p.amount)
               order by p.position), '[]') from sale_payment p where p.sale_id = r.id))
           order by r.sold_at, r.id), '[]')
          from sale r where r.refund_of_id = s.id and r.type = 'REFUND') as refunds
     from sale s`;
