import type { RequestContext } from '../core/context.js';
import {
  assertRefundable,
  linesRemaining,
  tendersRemaining,
  type TaxRemaining,
  type TenderRemaining,
} from './refund-arithmetic.js';
import { refundBasisFor } from './load-basis.js';

/** What is still refundable of one sale line (money in cents, quantities in thousandths). */
export interface RefundableLine {
  saleItemId: string;
  lineNumber: number;
  productId: string;
  sku: string;
  productName: string;
  quantitySold: number;
  quantityRefunded: number;
  quantityRefundable: number;
  netRefundable: number;
  discountRefundable: number;
  taxRefundable: number;
  totalRefundable: number;
  /** Per rate, what is left of its base and its tax. */
  taxes: TaxRemaining[];
}

/** What can still be refunded of a sale, line by line and tender by tender. */
export interface RefundableSale {
  saleId: string;
  storeId: string;
  terminalId: string;
  receiptNumber: string;
  soldAt: Date;
  lines: RefundableLine[];
  tenders: TenderRemaining[];
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * The refund preview of a sale: per line what was sold, refunded and is left (units and money), per
 * tender what it took, got back and can still get back. Known where the sale is (see `refundBasisFor`);
 * a voided sale or a refund is a 409, as refunding it would be.
 */
export async function refundableOf(ctx: RequestContext, saleId: string): Promise<RefundableSale> {
  const basis = await refundBasisFor(ctx, saleId);
  assertRefundable(basis.sale);
  return {
    saleId: basis.sale.id,
    storeId: basis.sale.storeId,
    terminalId: basis.sale.terminalId,
    receiptNumber: basis.sale.receiptNumber,
    soldAt: new Date(basis.sale.soldAt),
    lines: linesRemaining(basis).map((left) => {
      const tax = sum(left.taxes.map((t) => t.taxAmount));
      return {
        saleItemId: left.line.id,
        lineNumber: left.line.lineNumber,
        productId: left.line.productId,
        sku: left.line.sku,
        productName: left.line.productName,
        quantitySold: left.quantitySold,
        quantityRefunded: left.quantityRefunded,
        quantityRefundable: left.quantity,
        netRefundable: left.net,
        discountRefundable: left.discount,
        taxRefundable: tax,
        totalRefundable: left.net + tax,
        taxes: left.taxes,
      };
    }),
    tenders: tendersRemaining(basis),
  };
}
