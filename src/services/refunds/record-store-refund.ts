import { SaleType } from '../../entities/sale.entity.js';
import { StockMovementType } from '../../entities/stock-movement.entity.js';
import type { RequestContext } from '../core/context.js';
import { AppError, conflict, mismatch, unprocessable } from '../core/errors.js';
import { applyStoreMovements, buildSaleAggregate, insertSale } from '../selling/index.js';
import { assertRefundable, linesRemaining, type LineRemaining } from './refund-arithmetic.js';
import type { RefundCreatedPayload } from './refund-events.js';
import { refundDigest } from './refund-input.js';
import { localBasis, lockSale } from './load-basis.js';

/*
 * HQ's side of a store's refund (pushed as `refund.created`): recorded with the store's ids and figures,
 * once it is checked against the sale and every refund of it HQ knows, from every store. A store refunds
 * offline from what it knows; a refund of units (or money) another store gave back meanwhile shows here
 * first, and is parked with code OVER_REFUND for a manager instead of being applied twice.
 */

type RefundItem = RefundCreatedPayload['items'][number];

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** HQ: records a store's refund (see above). No permission check: the store checked its user. */
export async function recordStoreRefund(
  ctx: RequestContext,
  storeId: string,
  event: RefundCreatedPayload,
): Promise<void> {
  await lockSale(ctx, event.refundOfId);
  const basis = await localBasis(ctx, { id: event.refundOfId });
  if (!basis) throw unprocessable('refundOfId', `no sale ${event.refundOfId} at HQ`);
  assertRefundable(basis.sale);
  const tenders = await checkNamedRows(ctx, storeId, event);
  if (event.items.length === 0) throw unprocessable('items', 'a refund needs at least one item');
  const remaining = linesRemaining(basis);
  event.items.forEach((item, i) => checkLine(i, item, remaining));
  checkTotals(event);
  const refund = buildSaleAggregate({
    ...event,
    type: SaleType.REFUND,
    soldAt: new Date(event.soldAt),
    storeId,
    salesRepId: null,
    customerId: null,
    changeGiven: 0,
    // The same digest the store keeps, so that its idempotency key means the same at HQ.
    requestDigest: refundDigest(storeId, {
      saleId: event.refundOfId,
      receiptNumber: event.receiptNumber,
      terminalId: event.terminalId,
      cashierId: event.cashierId,
      reason: event.reason,
      items: event.items.map((i) => ({
        saleItemId: i.refundOfItemId,
        quantity: -i.quantity,
        disposition: i.disposition,
      })),
      payments: event.payments.map((p) => ({ method: p.method, amount: -p.amount, reference: p.reference })),
    }),
    items: event.items.map((item) => ({
      ...item,
      specialId: item.specialId ?? null,
      overrideRequestedById: null,
      overrideApprovedById: null,
    })),
    payments: event.payments.map((payment) => {
      const tender = tenders.get(payment.method)!;
      return {
        ...payment,
        reference: payment.reference ?? null,
        tenderId: tender.id,
        isCash: tender.isCash,
        approvedById: payment.approvedById ?? null,
      };
    }),
  });
  if (!(await insertSale(ctx, refund))) {
    throw conflict({
      field: 'receiptNumber',
      reason: `${event.receiptNumber} of terminal ${event.terminalId} is already recorded for another sale`,
    });
  }
  await applyStoreMovements(ctx, storeId, event.movements, StockMovementType.RETURN, event.id, event.reason);
}

/**
 * Refuses (422) a refund naming a session of another store or terminal, or a user or tender HQ lacks;
 * answers the tenders by code.
 */
async function checkNamedRows(
  ctx: RequestContext,
  storeId: string,
  event: RefundCreatedPayload,
): Promise<Map<string, { id: string; isCash: boolean }>> {
  const users = [event.cashierId, ...event.payments.flatMap((p) => (p.approvedById ? [p.approvedById] : []))];
  const [row] = await ctx.em.execute<
    Array<{
      session: { storeId: string; terminalId: string } | null;
      users: string[] | null;
      tenders: Array<{ id: string; code: string; isCash: boolean }> | null;
    }>
  >(
    `select (select json_build_object('storeId', r.store_id, 'terminalId', r.terminal_id)
               from register_session r where r.id = ?) as session,
            (select json_agg(u.id) from app_user u where u.id in (select jsonb_array_elements_text(?::jsonb)::uuid)) as users,
            (select json_agg(json_build_object('id', t.id, 'code', t.code, 'isCash', t.is_cash))
               from tender t where t.code in (select jsonb_array_elements_text(?::jsonb))) as tenders`,
    [event.registerSessionId, JSON.stringify(users), JSON.stringify(event.payments.map((p) => p.method))],
  );
  if (!row.session || row.session.storeId !== storeId || row.session.terminalId !== event.terminalId) {
    throw unprocessable(
      'registerSessionId',
      `no register session ${event.registerSessionId} of terminal ${event.terminalId} at this store`,
    );
  }
  const known = new Set(row.users ?? []);
  if (!known.has(event.cashierId)) throw unprocessable('cashierId', `no user ${event.cashierId}`);
  const tenders = new Map((row.tenders ?? []).map((t) => [t.code, t]));
  event.payments.forEach((payment, i) => {
    if (!tenders.has(payment.method))
      throw unprocessable(`payments.${i}.method`, `no tender ${payment.method}`);
    if (payment.approvedById && !known.has(payment.approvedById)) {
      throw unprocessable(`payments.${i}.approvedById`, `no user ${payment.approvedById}`);
    }
  });
  return tenders;
}

/**
 * One refund line against what is left of its sale line across every store: the same product and taxes,
 * a negative quantity whose arithmetic holds (422 otherwise), and no more units, net, discount or tax than
 * is left (409 OVER_REFUND: parked for a manager).
 */
function checkLine(i: number, item: RefundItem, remaining: readonly LineRemaining[]): void {
  const at = `items.${i}`;
  const left = remaining.find((r) => r.line.id === item.refundOfItemId);
  if (!left) throw unprocessable(`${at}.refundOfItemId`, `${item.refundOfItemId} is not a line of the sale`);
  if (item.productId !== left.line.productId)
    throw mismatch(`${at}.productId`, item.productId, left.line.productId);
  if (item.quantity >= 0) throw unprocessable(`${at}.quantity`, 'a refund line takes units back: below 0');
  if (item.taxes.length !== left.taxes.length) {
    throw mismatch(`${at}.taxes`, `${item.taxes.length} taxes`, `${left.taxes.length} taxes`);
  }
  item.taxes.forEach((tax, t) => {
    if (tax.taxRateId !== left.taxes[t].taxRateId) {
      throw mismatch(`${at}.taxes.${t}.taxRateId`, tax.taxRateId, left.taxes[t].taxRateId);
    }
  });
  const taxAmount = sum(item.taxes.map((t) => t.taxAmount));
  if (item.taxAmount !== taxAmount) throw mismatch(`${at}.taxAmount`, item.taxAmount, taxAmount);
  const lineTotal = item.extendedAmount - item.discountAmount + taxAmount;
  if (item.lineTotal !== lineTotal) throw mismatch(`${at}.lineTotal`, item.lineTotal, lineTotal);
  const over = (field: string, asked: number, left: number, what: string) => {
    if (asked > left || asked < 0) {
      throw new AppError(
        'OVER_REFUND',
        {
          field: `${at}.${field}`,
          reason: `refunds ${asked} of ${what}, but only ${left} is left to refund across every store`,
        },
        { refundable: left },
      );
    }
  };
  over('quantity', -item.quantity, left.quantity, `line ${left.line.lineNumber}'s units`);
  over(
    'extendedAmount',
    -(item.extendedAmount - item.discountAmount),
    left.net,
    `line ${left.line.lineNumber}'s net`,
  );
  over('discountAmount', -item.discountAmount, left.discount, `line ${left.line.lineNumber}'s discount`);
  item.taxes.forEach((tax, t) =>
    over(
      `taxes.${t}.taxAmount`,
      -tax.taxAmount,
      left.taxes[t].taxAmount,
      `line ${left.line.lineNumber}'s ${tax.taxRateName}`,
    ),
  );
}

/** The refund's totals are the sums of its lines, and its payments pay out exactly its total (422). */
function checkTotals(event: RefundCreatedPayload): void {
  const figures = {
    subtotal: sum(event.items.map((i) => i.extendedAmount)),
    discountTotal: sum(event.items.map((i) => i.discountAmount)),
    taxTotal: sum(event.items.map((i) => i.taxAmount)),
  };
  const expected = { ...figures, grandTotal: figures.subtotal - figures.discountTotal + figures.taxTotal };
  for (const [field, value] of Object.entries(expected)) {
    const stated = event[field as keyof typeof expected];
    if (stated !== value) throw mismatch(field, stated, value);
  }
  const paid = sum(event.payments.map((p) => p.amount));
  if (event.amountPaid !== paid) throw mismatch('amountPaid', event.amountPaid, paid);
  if (paid !== expected.grandTotal) throw mismatch('payments', paid, expected.grandTotal);
}
