import { RefundDisposition } from '../../entities/sale-item.entity.js';
import { SaleType, type Sale } from '../../entities/sale.entity.js';
import { StockMovementType } from '../../entities/stock-movement.entity.js';
import { approverByPin } from '../auth/approval.js';
import { holds } from '../auth/grants.js';
import type { RequestContext } from '../core/context.js';
import { AppError, unprocessable } from '../core/errors.js';
import { assertInScope, assertScopeTrades, scopeStoreId } from '../core/scope.js';
import { recordEvent } from '../events/outbox.js';
import { moveStock, trackedOf, type StockMove } from '../inventory/index.js';
import {
  assertSameRequest,
  buildSaleAggregate,
  checkPerson,
  getSale,
  insertSale,
  saleByKey,
  type SaleRows,
} from '../selling/index.js';
import {
  assertRefundable,
  checkRefundPayments,
  linesRemaining,
  refundLines,
  refundTotals,
  tendersRemaining,
  type RefundLine,
} from './refund-arithmetic.js';
import type { RefundBasis } from './refund-basis.js';
import { refundCreated, type ReturnedStock } from './refund-events.js';
import { refundDigest, type RefundInput } from './refund-input.js';
import { lockSale, refundBasisFor } from './load-basis.js';
import { loadRefundContext, type RefundContext } from './refund-context.js';

/**
 * Records a refund of a sale in one transaction: a sale of type REFUND with its own receipt number,
 * terminal, cashier and open register session, its lines pointing at the sale's lines with negative
 * quantities and figures (each the line's share: `refund-arithmetic.ts`), its payments out of the
 * sale's tenders, and the goods' movements (RESTOCK: RETURN; DAMAGED: RETURN then RETURN_DAMAGED, never
 * on hand; NO_RESTOCK and untracked products: none).
 *
 * Idempotent on (store, terminal, receiptNumber) like a sale; refunds of one sale are made one at a time
 * (a transaction lock on the sale's id), so parallel requests can never refund a unit twice.
 */
export async function createRefund(ctx: RequestContext, input: RefundInput): Promise<Sale> {
  const storeId = scopeStoreId(ctx);
  const digest = refundDigest(storeId, input);
  const key = { storeId, terminalId: input.terminalId, receiptNumber: input.receiptNumber };
  await lockSale(ctx, input.saleId);
  const c = await loadRefundContext(ctx, key, input);
  if (c.existing) return replay(ctx, input, digest, c.existing);
  await assertScopeTrades(ctx, c.store);
  const basis = await refundBasisFor(ctx, input.saleId);
  assertRefundable(basis.sale);
  if (!c.sessionId) {
    throw unprocessable(
      'terminalId',
      `${input.terminalId} has no open register session: open the register first`,
    );
  }
  checkPerson('cashierId', input.cashierId, c.cashier, 'user');
  const lines = refundLines(input.items, linesRemaining(basis));
  const totals = refundTotals(lines);
  const approvals = await authorizeTenders(ctx, storeId, input, basis, c, totals.grandTotal);
  const rows = refundRows({
    storeId,
    input,
    digest,
    now: ctx.runtime.now(),
    c,
    basis,
    lines,
    totals,
    approvals,
  });
  const refund = buildSaleAggregate(rows);
  if (!(await insertSale(ctx, refund))) return replay(ctx, input, digest, await saleByKey(ctx, key));
  const tracked = await trackedOf(ctx, [...new Set(lines.map((l) => l.line.productId))]);
  const movements = await returnStock(ctx, storeId, refund.id, lines, tracked);
  await recordEvent(ctx, refundCreated, () => refundCreated.build(refund, movements, ctx.user?.id ?? null));
  return getSale(ctx, refund.id);
}

/** The answer to a refund posted again: the first refund when the body is the same, else 409. */
async function replay(
  ctx: RequestContext,
  input: RefundInput,
  digest: string,
  existing: { id: string; digest: string },
): Promise<Sale> {
  assertInScope(ctx);
  assertSameRequest(input, digest, existing);
  return getSale(ctx, existing.id);
}

/**
 * The payments' tenders (known and active: 422), their caps and sum (`checkRefundPayments`), and who
 * allows those to a tender the sale did not use: the caller with pos.refund_other_tender, else the
 * manager whose PIN the request carries (403 otherwise). Per payment, the approver (null: none needed).
 */
async function authorizeTenders(
  ctx: RequestContext,
  storeId: string,
  input: RefundInput,
  basis: RefundBasis,
  c: RefundContext,
  grandTotal: number,
): Promise<Array<string | null>> {
  input.payments.forEach((payment, i) => {
    const tender = c.tenders.get(payment.method);
    if (!tender) throw unprocessable(`payments.${i}.method`, `no tender ${payment.method}`);
    if (!tender.usable) throw unprocessable(`payments.${i}.method`, `tender ${payment.method} is inactive`);
  });
  const other = checkRefundPayments(input.payments, tendersRemaining(basis), grandTotal);
  const approvals = input.payments.map((): string | null => null);
  if (other.length === 0) return approvals;
  let approver: string;
  if (holds(ctx, 'pos.refund_other_tender', storeId)) approver = ctx.user!.id;
  else if (input.approvedBy) {
    approver = await approverByPin(ctx, {
      pin: input.approvedBy,
      field: 'approvedBy',
      storeId,
      terminalId: input.terminalId,
      needs: ['pos.refund_other_tender'],
    });
  } else {
    throw new AppError('FORBIDDEN', {
      field: `payments.${other[0]}.method`,
      reason: `the sale was not paid in ${input.payments[other[0]].method}: refunding to another tender needs pos.refund_other_tender, or a manager's approval (approvedBy: their PIN)`,
    });
  }
  for (const i of other) approvals[i] = approver;
  return approvals;
}

/** The refund's rows: the sale's figures as shares of its lines, negative; its payments paid out. */
function refundRows(r: {
  storeId: string;
  input: RefundInput;
  digest: string;
  now: Date;
  c: RefundContext;
  basis: RefundBasis;
  lines: RefundLine[];
  totals: ReturnType<typeof refundTotals>;
  approvals: Array<string | null>;
}): SaleRows {
  const { input, totals } = r;
  return {
    type: SaleType.REFUND,
    refundOfId: r.basis.sale.id,
    reason: input.reason,
    soldAt: r.now,
    storeId: r.storeId,
    registerSessionId: r.c.sessionId!,
    terminalId: input.terminalId,
    receiptNumber: input.receiptNumber,
    cashierId: input.cashierId,
    salesRepId: null,
    customerId: null,
    subtotal: -totals.subtotal,
    discountTotal: -totals.discountTotal,
    taxTotal: -totals.taxTotal,
    grandTotal: -totals.grandTotal,
    amountPaid: -totals.grandTotal,
    changeGiven: 0,
    requestDigest: r.digest,
    items: r.lines.map(({ line, ...l }) => ({
      refundOfItemId: line.id,
      disposition: l.disposition,
      productId: line.productId,
      sku: line.sku,
      productName: line.productName,
      quantity: -l.quantity,
      unitPrice: line.unitPrice,
      effectivePrice: line.effectivePrice,
      priceSource: line.priceSource,
      specialId: line.specialId,
      overrideRequestedById: null,
      overrideApprovedById: null,
      unitCost: line.unitCost,
      extendedAmount: -l.extendedAmount,
      discountAmount: -l.discountAmount,
      taxRate: line.taxRate,
      taxAmount: -l.taxAmount,
      lineTotal: -l.lineTotal,
      taxes: l.taxes.map((tax) => ({
        taxRateId: tax.taxRateId,
        taxRateName: tax.taxRateName,
        rate: tax.rate,
        isCompound: tax.isCompound,
        sortOrder: tax.sortOrder,
        taxableAmount: -tax.taxableAmount,
        taxAmount: -tax.taxAmount,
      })),
    })),
    payments: input.payments.map((payment, i) => {
      const tender = r.c.tenders.get(payment.method)!;
      return {
        tenderId: tender.id,
        method: tender.code,
        isCash: tender.isCash,
        amount: -payment.amount,
        reference: payment.reference ?? null,
        approvedById: r.approvals[i],
      };
    }),
  };
}

/**
 * The goods' movements, in one ledger statement: RESTOCK puts the units back (RETURN); DAMAGED takes them
 * in and writes them off at once (RETURN, then RETURN_DAMAGED), so the level does not change and the
 * ledger shows the loss; NO_RESTOCK, and products whose stock is not tracked, move nothing.
 */
async function returnStock(
  ctx: RequestContext,
  storeId: string,
  refundId: string,
  lines: RefundLine[],
  tracked: ReadonlySet<string>,
): Promise<ReturnedStock[]> {
  const moves = lines.flatMap((l, i): StockMove[] => {
    if (l.disposition === RefundDisposition.NO_RESTOCK || !tracked.has(l.line.productId)) return [];
    const move = {
      storeId,
      productId: l.line.productId,
      referenceId: refundId,
      field: `items.${i}.quantity`,
    };
    const back = { ...move, quantity: l.quantity, type: StockMovementType.RETURN };
    if (l.disposition === RefundDisposition.RESTOCK) return [back];
    return [back, { ...move, quantity: -l.quantity, type: StockMovementType.RETURN_DAMAGED }];
  });
  if (!moves.length) return [];
  const results = await moveStock(ctx, moves);
  return results.map((m, i) => ({ ...m, type: moves[i].type as ReturnedStock['type'] }));
}
