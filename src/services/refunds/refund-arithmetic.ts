import type { RefundDisposition } from '../../entities/sale-item.entity.js';
import { SaleStatus, SaleType } from '../../entities/sale.entity.js';
import { AppError, unprocessable } from '../core/errors.js';
import { multiplyDivide } from '../core/money.js';
import type { BasisLine, BasisSale, RefundBasis } from './refund-basis.js';

/*
 * The refund's arithmetic, pure. Amounts come from the sale as recorded, never from today's prices:
 * refunding k of the n units still refundable on a line takes round_half_even(remaining × k / n) of the
 * line's net, of its discount and of each of its taxes (base and amount, per rate); the refund that takes
 * a line's last units takes exactly what remains. So the refunds of a sale add up to the sale in every
 * figure. Results here are magnitudes (positive); a refund records them negative.
 */

/** What is left to refund of one tax of a line. */
export interface TaxRemaining {
  taxRateId: string;
  taxRateName: string;
  rate: number;
  isCompound: boolean;
  sortOrder: number;
  taxableAmount: number;
  taxAmount: number;
}

/** What is left to refund of one sale line: its units and each of its figures. */
export interface LineRemaining {
  line: BasisLine;
  quantitySold: number;
  quantityRefunded: number;
  quantity: number;
  net: number;
  discount: number;
  taxes: TaxRemaining[];
}

/** What a tender took in the sale (cash less the change it gave), what refunds returned to it, what is left. */
export interface TenderRemaining {
  method: string;
  isCash: boolean;
  paid: number;
  refunded: number;
  refundable: number;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Refuses (409) a sale that cannot be refunded: a refund, or a voided sale. */
export function assertRefundable(sale: Pick<BasisSale, 'type' | 'status' | 'receiptNumber'>): void {
  if (sale.type === SaleType.REFUND) {
    throw new AppError('INVALID_STATE', {
      field: 'saleId',
      reason: `${sale.receiptNumber} is a refund: a refund cannot be refunded`,
    });
  }
  if (sale.status === SaleStatus.VOIDED) {
    throw new AppError('INVALID_STATE', {
      field: 'saleId',
      reason: `${sale.receiptNumber} was voided: a voided sale cannot be refunded`,
    });
  }
}

/** Per line of the sale, what earlier refunds left (their figures are negative: adding them subtracts). */
export function linesRemaining(basis: RefundBasis): LineRemaining[] {
  return basis.sale.items.map((line) => {
    const taken = basis.refunds.flatMap((r) => r.items.filter((i) => i.refundOfItemId === line.id));
    const refunded = -sum(taken.map((i) => i.quantity));
    return {
      line,
      quantitySold: line.quantity,
      quantityRefunded: refunded,
      quantity: line.quantity - refunded,
      net:
        line.extendedAmount -
        line.discountAmount +
        sum(taken.map((i) => i.extendedAmount - i.discountAmount)),
      discount: line.discountAmount + sum(taken.map((i) => i.discountAmount)),
      taxes: line.taxes.map((tax, t) => ({
        taxRateId: tax.taxRateId,
        taxRateName: tax.taxRateName,
        rate: tax.rate,
        isCompound: tax.isCompound,
        sortOrder: tax.sortOrder,
        taxableAmount: tax.taxableAmount + sum(taken.map((i) => i.taxes[t]?.taxableAmount ?? 0)),
        taxAmount: tax.taxAmount + sum(taken.map((i) => i.taxes[t]?.taxAmount ?? 0)),
      })),
    };
  });
}

/**
 * Per tender of the sale, what it took and what is left to return to it. Change is given in cash, so it
 * comes off the cash payments, the last first. Refunds to a tender the sale did not use are listed too
 * (paid 0), so that every refunded amount shows.
 */
export function tendersRemaining(basis: RefundBasis): TenderRemaining[] {
  const byMethod = new Map<string, TenderRemaining>();
  const row = (method: string, isCash: boolean) => {
    const found = byMethod.get(method);
    if (found) return found;
    const made = { method, isCash, paid: 0, refunded: 0, refundable: 0 };
    byMethod.set(method, made);
    return made;
  };
  let change = basis.sale.changeGiven;
  const took = basis.sale.payments.map((p) => p.amount);
  for (let i = took.length - 1; i >= 0 && change > 0; i--) {
    if (!basis.sale.payments[i].isCash) continue;
    const off = Math.min(change, took[i]);
    took[i] -= off;
    change -= off;
  }
  basis.sale.payments.forEach((p, i) => (row(p.method, p.isCash).paid += took[i]));
  for (const payment of basis.refunds.flatMap((r) => r.payments)) {
    row(payment.method, payment.isCash).refunded -= payment.amount;
  }
  for (const tender of byMethod.values()) tender.refundable = Math.max(tender.paid - tender.refunded, 0);
  return [...byMethod.values()];
}

/** `part` of a figure whose `whole` units remain: proportional, rounded half to even; all of it at the last. */
function share(remaining: number, part: number, whole: number): number {
  return part === whole ? remaining : multiplyDivide(remaining, part, whole);
}

/** One line of a refund: the sale line, the units and the figures it takes (magnitudes), its goods' fate. */
export interface RefundLine {
  line: BasisLine;
  quantity: number;
  disposition: `${RefundDisposition}`;
  net: number;
  discountAmount: number;
  extendedAmount: number;
  taxes: TaxRemaining[];
  taxAmount: number;
  lineTotal: number;
}

/** A refund line as the request asks for it. */
export interface RefundItemInput {
  saleItemId: string;
  quantity: number;
  disposition: `${RefundDisposition}`;
}

/**
 * The refund's lines from the request: each names a line of the sale once, for at most what is still
 * refundable of it (409 OVER_REFUND naming the quantity, with what is left), and takes its share of each
 * figure.
 */
export function refundLines(
  items: readonly RefundItemInput[],
  remaining: readonly LineRemaining[],
): RefundLine[] {
  if (items.length === 0) throw unprocessable('items', 'a refund needs at least one item');
  const seen = new Set<string>();
  return items.map((item, i) => {
    const left = remaining.find((r) => r.line.id === item.saleItemId);
    if (!left) throw unprocessable(`items.${i}.saleItemId`, `${item.saleItemId} is not a line of this sale`);
    if (seen.has(item.saleItemId)) {
      throw unprocessable(`items.${i}.saleItemId`, 'names a sale line twice: one refund line per sale line');
    }
    seen.add(item.saleItemId);
    if (item.quantity > left.quantity) {
      throw new AppError(
        'OVER_REFUND',
        {
          field: `items.${i}.quantity`,
          reason: `${item.quantity} of line ${left.line.lineNumber} (${left.line.sku}) asked, ${left.quantity} still refundable (sold ${left.quantitySold}, refunded ${left.quantityRefunded})`,
        },
        { refundable: left.quantity },
      );
    }
    const part = (value: number) => share(value, item.quantity, left.quantity);
    const net = part(left.net);
    const discountAmount = part(left.discount);
    const taxes = left.taxes.map((tax) => ({
      ...tax,
      taxableAmount: part(tax.taxableAmount),
      taxAmount: part(tax.taxAmount),
    }));
    const taxAmount = sum(taxes.map((t) => t.taxAmount));
    return {
      line: left.line,
      quantity: item.quantity,
      disposition: item.disposition,
      net,
      discountAmount,
      extendedAmount: net + discountAmount,
      taxes,
      taxAmount,
      lineTotal: net + taxAmount,
    };
  });
}

/** A refund's totals (magnitudes), from its lines. */
export function refundTotals(lines: readonly RefundLine[]) {
  const subtotal = sum(lines.map((l) => l.extendedAmount));
  const discountTotal = sum(lines.map((l) => l.discountAmount));
  const taxTotal = sum(lines.map((l) => l.taxAmount));
  return { subtotal, discountTotal, taxTotal, grandTotal: subtotal - discountTotal + taxTotal };
}

/** A refund payment as the request asks for it: money paid out, positive. */
export interface RefundPaymentInput {
  method: string;
  amount: number;
  reference?: string | null;
}

/**
 * The refund's payments against the sale's tenders: together exactly the refund's total (422 naming
 * `payments`); to a tender the sale used, at most what it has left (409 OVER_REFUND naming the amount).
 * Answers the positions of the payments to tenders the sale did not use (they need an authority).
 */
export function checkRefundPayments(
  payments: readonly RefundPaymentInput[],
  tenders: readonly TenderRemaining[],
  grandTotal: number,
): number[] {
  const paid = sum(payments.map((p) => p.amount));
  if (paid !== grandTotal) {
    throw unprocessable('payments', `pay out ${paid}, but the refund's total is ${grandTotal}`, {
      stated: paid,
      expected: grandTotal,
    });
  }
  const other: number[] = [];
  const asked = new Map<string, number>();
  payments.forEach((payment, i) => {
    const tender = tenders.find((t) => t.method === payment.method && t.paid > 0);
    if (!tender) return void other.push(i);
    const total = (asked.get(payment.method) ?? 0) + payment.amount;
    asked.set(payment.method, total);
    if (total > tender.refundable) {
      throw new AppError(
        'OVER_REFUND',
        {
          field: `payments.${i}.amount`,
          reason: `${payment.method} took ${tender.paid} in the sale and ${tender.refunded} of it was refunded already: ${tender.refundable} can still go back to it`,
        },
        { refundable: tender.refundable },
      );
    }
  });
  return other;
}
