/**
 * How a till states a sale: its lines' figures worked out by the tax engine, and the totals of its
 * lines. Not a server rule (the server checks what a till states, `createSale`): what the demo data and
 * the bench post.
 */
import { multiplyDivide } from '../../services/core/index.js';
import { computeLine, type ProductTaxRate } from '../../services/pricing/index.js';
import type { RefundableLine } from '../../services/refunds/index.js';
import type { SaleInput, SaleLineInput } from '../../services/selling/index.js';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * A line as a till states it, its figures worked out by the tax engine from the product's rates (in
 * the order they apply): what the demo data and the bench post. Money in cents, quantity in thousandths.
 */
export function statedLine(line: {
  productId: string;
  productName: string;
  quantity: number;
  unitPrice: number;
  discountAmount?: number;
  rates: readonly ProductTaxRate[];
}): SaleLineInput {
  const discountAmount = line.discountAmount ?? 0;
  const computed = computeLine({ ...line, discountAmount, taxes: line.rates });
  return {
    productId: line.productId,
    productName: line.productName,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    taxRate: computed.taxRate,
    taxAmount: computed.taxAmount,
    discountAmount,
    lineTotal: computed.lineTotal,
    taxes: computed.taxes.map((tax, i) => ({
      taxRateName: line.rates[i].name,
      rate: tax.rate,
      taxAmount: tax.amount,
      isCompound: tax.isCompound,
      sortOrder: tax.sortOrder,
    })),
  };
}

/** The totals a till states for its lines. */
export function statedTotals(
  items: readonly SaleLineInput[],
): Pick<SaleInput, 'subtotal' | 'discountTotal' | 'taxTotal' | 'grandTotal'> {
  const discountTotal = sum(items.map((item) => item.discountAmount));
  const taxTotal = sum(items.map((item) => item.taxAmount));
  const grandTotal = sum(items.map((item) => item.lineTotal));
  return { subtotal: grandTotal - taxTotal + discountTotal, discountTotal, taxTotal, grandTotal };
}

/**
 * What a refund of `quantity` of a line pays out, as a till works it out from the refund preview: the
 * share of what is left of the net and of each tax (round half to even), the last units all of it.
 */
export function refundAmount(left: RefundableLine, quantity: number): number {
  const share = (value: number) =>
    quantity === left.quantityRefundable ? value : multiplyDivide(value, quantity, left.quantityRefundable);
  return share(left.netRefundable) + sum(left.taxes.map((tax) => share(tax.taxAmount)));
}
