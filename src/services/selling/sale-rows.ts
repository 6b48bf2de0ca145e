import { Sale, SaleStatus, SaleType } from '../../entities/sale.entity.js';
import { SaleItem, type PriceSource, type RefundDisposition } from '../../entities/sale-item.entity.js';
import { SaleItemTax } from '../../entities/sale-item-tax.entity.js';
import { SalePayment } from '../../entities/sale-payment.entity.js';

/*
 * The one builder of the sale aggregate (sale, lines, line taxes, payments), for both writers: the
 * till's sale (`createSale`, new ids) and a store's pushed sale (`recordStoreSale`, the store's ids).
 * Every row is stamped with the sale's time, so that both sides hold the same rows.
 */

/** A line tax as it is recorded. `id` only when the row already has one (a store's). */
export interface SaleTaxRow {
  id?: string;
  taxRateId: string;
  taxRateName: string;
  rate: number;
  isCompound: boolean;
  sortOrder: number;
  taxableAmount: number;
  taxAmount: number;
}

/** A line as it is recorded (numbered by its position). */
export interface SaleLineRow {
  id?: string;
  productId: string;
  sku: string;
  productName: string;
  quantity: number;
  unitPrice: number;
  effectivePrice: number;
  priceSource: `${PriceSource}`;
  specialId: string | null;
  /** Who rang up a line charged below its price or discounted (null otherwise). */
  overrideRequestedById: string | null;
  /** Whose permission let it through: the same user, or the manager who approved it with a PIN. */
  overrideApprovedById: string | null;
  unitCost: number;
  extendedAmount: number;
  discountAmount: number;
  taxRate: number;
  taxAmount: number;
  lineTotal: number;
  taxes: SaleTaxRow[];
  /** A refund line's: the sale line it refunds, and what happened to the goods. */
  refundOfItemId?: string | null;
  disposition?: `${RefundDisposition}` | null;
}

/** A payment as it is recorded (numbered by its position), its tender resolved from the code. */
export interface SalePaymentRow {
  id?: string;
  tenderId: string;
  method: string;
  isCash: boolean;
  amount: number;
  reference: string | null;
  /** A refund's payment to a tender the sale did not use: who allowed it. */
  approvedById?: string | null;
}

/** Everything a completed sale records; its figures already checked (`sale-arithmetic.ts`). */
export interface SaleRows {
  id?: string;
  /** Default SALE; a REFUND names the sale it refunds and why. */
  type?: `${SaleType}`;
  refundOfId?: string | null;
  reason?: string | null;
  /** When it was sold: also every row's creation time. */
  soldAt: Date;
  storeId: string;
  registerSessionId: string;
  terminalId: string;
  receiptNumber: string;
  cashierId: string;
  salesRepId: string | null;
  customerId: string | null;
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  grandTotal: number;
  amountPaid: number;
  changeGiven: number;
  requestDigest: string;
  items: SaleLineRow[];
  payments: SalePaymentRow[];
}

/** Only a given id: an entity left without one keeps the UUID v7 its constructor made. */
const withId = (id: string | undefined) => (id === undefined ? {} : { id });

/**
 * The COMPLETED sale (or refund) with its lines, line taxes and payments, as entities not yet persisted. Each field
 * is named here, so that nothing else a caller's object carries (a pushed payload's extra keys) reaches
 * a row.
 */
export function buildSaleAggregate(rows: SaleRows): Sale {
  const stamp = { createdAt: rows.soldAt, updatedAt: rows.soldAt };
  const sale = Object.assign(new Sale(), {
    ...stamp,
    ...withId(rows.id),
    storeId: rows.storeId,
    registerSessionId: rows.registerSessionId,
    terminalId: rows.terminalId,
    receiptNumber: rows.receiptNumber,
    cashierId: rows.cashierId,
    salesRepId: rows.salesRepId,
    customerId: rows.customerId,
    type: (rows.type ?? SaleType.SALE) as SaleType,
    refundOfId: rows.refundOfId ?? null,
    reason: rows.reason ?? null,
    status: SaleStatus.COMPLETED,
    subtotal: rows.subtotal,
    discountTotal: rows.discountTotal,
    taxTotal: rows.taxTotal,
    grandTotal: rows.grandTotal,
    amountPaid: rows.amountPaid,
    changeGiven: rows.changeGiven,
    soldAt: rows.soldAt,
    requestDigest: rows.requestDigest,
  });
  rows.items.forEach((line, i) => {
    const item = Object.assign(new SaleItem(), {
      ...stamp,
      ...withId(line.id),
      lineNumber: i + 1,
      productId: line.productId,
      sku: line.sku,
      productName: line.productName,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      effectivePrice: line.effectivePrice,
      priceSource: line.priceSource as PriceSource,
      specialId: line.specialId,
      overrideRequestedById: line.overrideRequestedById,
      overrideApprovedById: line.overrideApprovedById,
      unitCost: line.unitCost,
      extendedAmount: line.extendedAmount,
      discountAmount: line.discountAmount,
      taxRate: line.taxRate,
      taxAmount: line.taxAmount,
      lineTotal: line.lineTotal,
      refundOfItemId: line.refundOfItemId ?? null,
      disposition: (line.disposition ?? null) as RefundDisposition | null,
    });
    item.taxes.set(line.taxes.map((tax) => buildTax(stamp, tax)));
    sale.items.add(item);
  });
  sale.payments.set(
    rows.payments.map((payment, i) =>
      Object.assign(new SalePayment(), {
        ...stamp,
        ...withId(payment.id),
        position: i + 1,
        tenderId: payment.tenderId,
        method: payment.method,
        isCash: payment.isCash,
        amount: payment.amount,
        reference: payment.reference,
        approvedById: payment.approvedById ?? null,
      }),
    ),
  );
  return sale;
}

function buildTax(stamp: { createdAt: Date; updatedAt: Date }, tax: SaleTaxRow): SaleItemTax {
  return Object.assign(new SaleItemTax(), {
    ...stamp,
    ...withId(tax.id),
    taxRateId: tax.taxRateId,
    taxRateName: tax.taxRateName,
    rate: tax.rate,
    isCompound: tax.isCompound,
    sortOrder: tax.sortOrder,
    taxableAmount: tax.taxableAmount,
    taxAmount: tax.taxAmount,
  });
}
