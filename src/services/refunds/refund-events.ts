import { PriceSource, RefundDisposition } from '../../entities/sale-item.entity.js';
import type { Sale } from '../../entities/sale.entity.js';
import { StockMovementType } from '../../entities/stock-movement.entity.js';
import { MAX_LINE_TAXES, MAX_PAYMENTS, MAX_SALE_LINES } from '../core/bounds.js';
import { defineStoreEvent } from '../events/registry.js';
import { list, oneOf, shape, type Infer } from '../events/shape.js';
import type { StockMoveResult } from '../inventory/index.js';
import { MOVEMENT, movementPayload, SALE_ITEM_TAX, taxPayload } from '../selling/index.js';
import { recordStoreRefund } from './record-store-refund.js';

/** A movement a refund made: RETURN (goods back) or RETURN_DAMAGED (written off as they came in). */
export type ReturnedStock = StockMoveResult & { type: 'RETURN' | 'RETURN_DAMAGED' };

/** The movements a refund makes. */
const RETURN_MOVEMENTS = {
  RETURN: StockMovementType.RETURN,
  RETURN_DAMAGED: StockMovementType.RETURN_DAMAGED,
} as const;

/** A refund line as the store stored it: negative quantity and figures, pointing at the sale line. */
const REFUND_ITEM = shape({
  id: 'uuid',
  refundOfItemId: 'uuid',
  disposition: oneOf(RefundDisposition),
  productId: 'uuid',
  productName: 'string',
  sku: 'string',
  quantity: 'quantity',
  unitPrice: 'money',
  effectivePrice: 'money',
  priceSource: oneOf(PriceSource),
  specialId: 'uuid?',
  unitCost: 'money',
  extendedAmount: 'money',
  discountAmount: 'money',
  taxRate: 'int',
  taxAmount: 'money',
  lineTotal: 'money',
  taxes: list(SALE_ITEM_TAX, MAX_LINE_TAXES),
});

/**
 * `refund.created`: the refund as the store stored it (negative figures, `refundOfId` and each line's
 * `refundOfItemId`), with its payments (who allowed those to a tender the sale did not use) and the
 * movements of the goods. HQ checks it against the sale and every refund of it it knows, from every
 * store: more than is left is parked as OVER_REFUND.
 */
const REFUND_CREATED = shape({
  id: 'uuid',
  storeId: 'uuid',
  refundOfId: 'uuid',
  registerSessionId: 'uuid',
  terminalId: 'string',
  receiptNumber: 'string',
  cashierId: 'uuid',
  reason: 'string',
  subtotal: 'money',
  discountTotal: 'money',
  taxTotal: 'money',
  grandTotal: 'money',
  amountPaid: 'money',
  soldAt: 'date',
  items: list(REFUND_ITEM, MAX_SALE_LINES),
  payments: list(
    { id: 'uuid', method: 'string', amount: 'money', reference: 'string?', approvedById: 'uuid?' },
    MAX_PAYMENTS,
  ),
  movements: list({ ...MOVEMENT, type: oneOf(RETURN_MOVEMENTS) }, 2 * MAX_SALE_LINES),
});
export type RefundCreatedPayload = Infer<typeof REFUND_CREATED>;

/** A refund as it travels to HQ. */
function refundCreatedPayload(
  refund: Sale,
  movements: ReturnedStock[],
  userId: string | null,
): RefundCreatedPayload {
  return {
    id: refund.id,
    storeId: refund.storeId,
    refundOfId: refund.refundOfId!,
    registerSessionId: refund.registerSessionId,
    terminalId: refund.terminalId,
    receiptNumber: refund.receiptNumber,
    cashierId: refund.cashierId,
    reason: refund.reason!,
    subtotal: refund.subtotal,
    discountTotal: refund.discountTotal,
    taxTotal: refund.taxTotal,
    grandTotal: refund.grandTotal,
    amountPaid: refund.amountPaid,
    soldAt: refund.soldAt.toISOString(),
    items: [...refund.items].map((item) => ({
      id: item.id,
      refundOfItemId: item.refundOfItemId!,
      disposition: item.disposition!,
      productId: item.productId,
      productName: item.productName,
      sku: item.sku,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      effectivePrice: item.effectivePrice,
      priceSource: item.priceSource,
      specialId: item.specialId,
      unitCost: item.unitCost,
      extendedAmount: item.extendedAmount,
      discountAmount: item.discountAmount,
      taxRate: item.taxRate,
      taxAmount: item.taxAmount,
      lineTotal: item.lineTotal,
      taxes: [...item.taxes].map(taxPayload),
    })),
    payments: [...refund.payments].map((payment) => ({
      id: payment.id,
      method: payment.method,
      amount: payment.amount,
      reference: payment.reference,
      approvedById: payment.approvedById,
    })),
    movements: movements.map((m) => ({ ...movementPayload(m, userId), type: m.type })),
  };
}

/** A refund of a sale; HQ records it once, after checking it against every refund of that sale. */
export const refundCreated = defineStoreEvent('refund.created', {
  shape: REFUND_CREATED,
  build: refundCreatedPayload,
  applyAtHq: recordStoreRefund,
});
