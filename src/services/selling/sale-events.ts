import { PriceSource } from '../../entities/sale-item.entity.js';
import type { SaleItemTax } from '../../entities/sale-item-tax.entity.js';
import type { Sale } from '../../entities/sale.entity.js';
import { MAX_LINE_TAXES, MAX_PAYMENTS, MAX_SALE_LINES } from '../core/bounds.js';
import { defineStoreEvent } from '../events/registry.js';
import { list, oneOf, shape, type Infer } from '../events/shape.js';
import type { StockMoveResult } from '../inventory/index.js';
import { lookUpStoreSales, recordStoreSale, recordStoreVoid } from './record-store-sale.js';

/*
 * The sale's store events. Payloads are JSON: money in cents, quantities in thousandths, rates in basis
 * points, times as ISO strings, each figure and list within the bounds of `services/core/bounds.ts` (HQ
 * checks the shape before anything else). Each carries the ids and times the store gave its rows: HQ
 * writes the same rows with the same ids, so that both sides name one sale or movement alike.
 */

/** A stock movement the store recorded: HQ applies `quantity` as a delta to its copy of that store's level. */
export const MOVEMENT = shape({
  /** The movement row's id (the same at HQ). */
  id: 'uuid',
  productId: 'uuid',
  /** Signed change, thousandths. */
  quantity: 'int',
  /** Who moved it at the store (null: system work). */
  userId: 'uuid?',
  /** When the store recorded it (ISO). */
  createdAt: 'date',
});
export type MovementPayload = Infer<typeof MOVEMENT>;

/** A line tax as the store stored it. */
export const SALE_ITEM_TAX = shape({
  id: 'uuid',
  taxRateId: 'uuid',
  taxRateName: 'string',
  rate: 'int',
  isCompound: 'bool',
  sortOrder: 'int',
  taxableAmount: 'money',
  taxAmount: 'money',
});
export type SaleItemTaxPayload = Infer<typeof SALE_ITEM_TAX>;

/** A sale line: the REST body's line plus what the store derived (price source, cost, SKU). */
const SALE_ITEM = shape({
  id: 'uuid',
  productId: 'uuid',
  productName: 'string',
  sku: 'string',
  quantity: 'quantity',
  unitPrice: 'money',
  effectivePrice: 'money',
  priceSource: oneOf(PriceSource),
  specialId: 'uuid?',
  /** Who rang up a line below its price or discounted, and whose authority let it through. */
  overrideRequestedById: 'uuid?',
  overrideApprovedById: 'uuid?',
  unitCost: 'money',
  taxRate: 'int',
  taxAmount: 'money',
  discountAmount: 'money',
  lineTotal: 'money',
  taxes: list(SALE_ITEM_TAX, MAX_LINE_TAXES),
});
export type SaleItemPayload = Infer<typeof SALE_ITEM>;

/**
 * `sale.created`: the sale as `POST /sales` describes it plus its `id`, and what the store derived that
 * HQ keeps identical (soldAt, registerSessionId, amountPaid, changeGiven, line prices, costs and tax
 * bases), and the stock movements it made. HQ trusts the store's prices (its own may have changed
 * while the store was offline) but recomputes the arithmetic from the stated taxes. Tenders by code
 * (`method`), as the REST body names them.
 */
const SALE_CREATED = shape({
  id: 'uuid',
  storeId: 'uuid',
  registerSessionId: 'uuid',
  terminalId: 'string',
  receiptNumber: 'string',
  cashierId: 'uuid',
  salesRepId: 'uuid?',
  customerId: 'uuid?',
  subtotal: 'money',
  discountTotal: 'money',
  taxTotal: 'money',
  grandTotal: 'money',
  amountPaid: 'money',
  changeGiven: 'money',
  soldAt: 'date',
  items: list(SALE_ITEM, MAX_SALE_LINES),
  payments: list({ id: 'uuid', method: 'string', amount: 'money', reference: 'string?' }, MAX_PAYMENTS),
  movements: list(MOVEMENT, MAX_SALE_LINES),
});
export type SaleCreatedPayload = Infer<typeof SALE_CREATED>;

/** `sale.voided`: which sale, who, when, why, and the VOID movements that put its stock back. */
const SALE_VOIDED = shape({
  saleId: 'uuid',
  storeId: 'uuid',
  voidedAt: 'date',
  voidedById: 'uuid',
  reason: 'string',
  movements: list(MOVEMENT, MAX_SALE_LINES),
});
export type SaleVoidedPayload = Infer<typeof SALE_VOIDED>;

/** A movement as it travels to HQ. */
export function movementPayload(m: StockMoveResult, userId: string | null): MovementPayload {
  return {
    id: m.id,
    productId: m.productId,
    quantity: m.quantity,
    userId,
    createdAt: m.createdAt.toISOString(),
  };
}

/** A line's tax as it travels to HQ (in a sale's or a refund's event). */
export function taxPayload(tax: SaleItemTax): SaleItemTaxPayload {
  return {
    id: tax.id,
    taxRateId: tax.taxRateId,
    taxRateName: tax.taxRateName,
    rate: tax.rate,
    isCompound: tax.isCompound,
    sortOrder: tax.sortOrder,
    taxableAmount: tax.taxableAmount,
    taxAmount: tax.taxAmount,
  };
}

/** A sale as it travels to HQ in its `sale.created` event. */
function saleCreatedPayload(
  sale: Sale,
  movements: StockMoveResult[],
  userId: string | null,
): SaleCreatedPayload {
  return {
    id: sale.id,
    storeId: sale.storeId,
    registerSessionId: sale.registerSessionId,
    terminalId: sale.terminalId,
    receiptNumber: sale.receiptNumber,
    cashierId: sale.cashierId,
    salesRepId: sale.salesRepId,
    customerId: sale.customerId,
    subtotal: sale.subtotal,
    discountTotal: sale.discountTotal,
    taxTotal: sale.taxTotal,
    grandTotal: sale.grandTotal,
    amountPaid: sale.amountPaid,
    changeGiven: sale.changeGiven,
    soldAt: sale.soldAt.toISOString(),
    items: [...sale.items].map((item) => ({
      id: item.id,
      productId: item.productId,
      productName: item.productName,
      sku: item.sku,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      effectivePrice: item.effectivePrice,
      priceSource: item.priceSource,
      specialId: item.specialId,
      overrideRequestedById: item.overrideRequestedById,
      overrideApprovedById: item.overrideApprovedById,
      unitCost: item.unitCost,
      taxRate: item.taxRate,
      taxAmount: item.taxAmount,
      discountAmount: item.discountAmount,
      lineTotal: item.lineTotal,
      taxes: [...item.taxes].map(taxPayload),
    })),
    payments: [...sale.payments].map((payment) => ({
      id: payment.id,
      method: payment.method,
      amount: payment.amount,
      reference: payment.reference,
    })),
    movements: movements.map((m) => movementPayload(m, userId)),
  };
}

/** A void as it travels to HQ in its `sale.voided` event (the movements carry the voiding user). */
function saleVoidedPayload(sale: Sale, movements: StockMoveResult[]): SaleVoidedPayload {
  return {
    saleId: sale.id,
    storeId: sale.storeId,
    voidedAt: sale.voidedAt!.toISOString(),
    voidedById: sale.voidedById!,
    reason: sale.voidReason!,
    movements: movements.map((m) => movementPayload(m, sale.voidedById)),
  };
}

/** A completed sale; HQ records it whole (a push's sales read what they name in one statement). */
export const saleCreated = defineStoreEvent('sale.created', {
  shape: SALE_CREATED,
  build: saleCreatedPayload,
  applyAtHq: recordStoreSale,
  readAhead: lookUpStoreSales,
});

/** A void of a sale of a still-open session; HQ marks the sale and puts its stock back. */
export const saleVoided = defineStoreEvent('sale.voided', {
  shape: SALE_VOIDED,
  build: saleVoidedPayload,
  applyAtHq: recordStoreVoid,
});
