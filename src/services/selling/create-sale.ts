import type { Sale } from '../../entities/sale.entity.js';
import { StockMovementType } from '../../entities/stock-movement.entity.js';
import type { RequestContext } from '../core/context.js';
import { assertInScope, assertScopeTrades, scopeStoreId } from '../core/scope.js';
import { recordEvent } from '../events/outbox.js';
import { moveStock, type StockMoveResult } from '../inventory/index.js';
import { assertSameRequest, requestDigest, saleByKey } from './idempotency.js';
import { verifySale, type CheckedSale } from './sale-arithmetic.js';
import { authorizeOverrides, type OverrideAuthority } from './overrides.js';
import { loadSaleContext, type SaleContext } from './sale-context.js';
import { saleCreated } from './sale-events.js';
import type { SaleInput } from './sale-input.js';
import { getSale } from './sale-queries.js';
import { buildSaleAggregate } from './sale-rows.js';
import { insertSale } from './sale-writer.js';

/**
 * Records a completed sale in one transaction: the sale, its lines and line taxes, payments and stock
 * movements. The server recomputes every figure with the tax engine and refuses (422) any difference,
 * naming the field with the stated and expected values.
 *
 * Idempotent on (store, terminal, receiptNumber): the same body again returns the first sale, another
 * body with that key is a 409. A concurrent retry waits on the unique key at the insert and then
 * answers the same way.
 *
 * This is the till's hot path, so it is five round trips whatever the size of the basket: begin (the
 * mutation's transaction), then the three below, then commit. The outbox event is one more statement
 * on a store server only.
 */
export async function createSale(ctx: RequestContext, input: SaleInput): Promise<Sale> {
  const storeId = scopeStoreId(ctx);
  const digest = requestDigest(storeId, input);
  const now = ctx.runtime.now();

  // Round trip: one read of everything the sale is checked against.
  const c = await loadSaleContext(ctx, storeId, input, now);
  if (c.existing) return replay(ctx, input, digest, c.existing);
  await assertScopeTrades(ctx, c.store);
  const checked = verifySale(input, c);
  const authority = await authorizeOverrides(ctx, storeId, input, checked);
  const sale = buildSaleAggregate(saleRows(storeId, input, digest, now, c, checked, authority));

  // Round trip: one write of the sale, its lines, line taxes and payments.
  if (!(await insertSale(ctx, sale))) {
    // Another request with this key committed while we checked: answer as a retry of it.
    return replay(
      ctx,
      input,
      digest,
      await saleByKey(ctx, { storeId, terminalId: input.terminalId, receiptNumber: input.receiptNumber }),
    );
  }

  // Round trip: one ledger statement for every tracked line.
  const movements = await takeStock(ctx, storeId, sale, checked);
  await recordEvent(ctx, saleCreated, () => saleCreated.build(sale, movements, ctx.user?.id ?? null));
  return sale;
}

/** The answer to a sale posted again: the first sale when the body is the same, else 409. */
async function replay(
  ctx: RequestContext,
  input: SaleInput,
  digest: string,
  existing: { id: string; digest: string },
): Promise<Sale> {
  assertInScope(ctx);
  assertSameRequest(input, digest, existing);
  return getSale(ctx, existing.id);
}

/**
 * The rows of a checked till sale: the server's figures, the price that applied, who overrode it, the
 * tender's code.
 */
function saleRows(
  storeId: string,
  input: SaleInput,
  digest: string,
  now: Date,
  c: SaleContext,
  checked: CheckedSale,
  authority: OverrideAuthority,
): Parameters<typeof buildSaleAggregate>[0] {
  return {
    soldAt: now,
    storeId,
    registerSessionId: c.sessionId!,
    terminalId: input.terminalId,
    receiptNumber: input.receiptNumber,
    cashierId: input.cashierId,
    salesRepId: input.salesRepId ?? null,
    customerId: input.customerId ?? null,
    ...checked.totals,
    amountPaid: checked.amountPaid,
    changeGiven: checked.changeGiven,
    requestDigest: digest,
    items: checked.lines.map(({ item, product, price, needs, computed, rates }) => {
      const overridden = needs.length > 0;
      return {
        productId: product.id,
        sku: product.sku,
        productName: product.name,
        quantity: item.quantity,
        unitPrice: item.unitPrice,
        effectivePrice: price.price,
        priceSource: price.source,
        specialId: price.specialId ?? null,
        overrideRequestedById: overridden ? authority.requestedById : null,
        overrideApprovedById: overridden ? authority.approvedById : null,
        unitCost: product.costPrice,
        extendedAmount: computed.extended,
        discountAmount: computed.discountAmount,
        taxRate: computed.taxRate,
        taxAmount: computed.taxAmount,
        lineTotal: computed.lineTotal,
        taxes: computed.taxes.map((tax, t) => ({
          taxRateId: tax.taxRateId,
          taxRateName: rates[t].name,
          rate: tax.rate,
          isCompound: tax.isCompound,
          sortOrder: tax.sortOrder,
          taxableAmount: tax.taxableAmount,
          taxAmount: tax.amount,
        })),
      };
    }),
    payments: input.payments.map((payment) => {
      const tender = c.tenders.get(payment.method)!;
      return {
        tenderId: tender.id,
        method: tender.code,
        isCash: tender.isCash,
        amount: payment.amount,
        reference: payment.reference ?? null,
      };
    }),
  };
}

/** The sale's SALE movements, one per tracked line, in one ledger statement (none: no round trip). */
async function takeStock(
  ctx: RequestContext,
  storeId: string,
  sale: Sale,
  checked: CheckedSale,
): Promise<StockMoveResult[]> {
  const moves = checked.lines.flatMap((l, i) =>
    l.product.trackStock
      ? [
          {
            storeId,
            productId: l.product.id,
            quantity: -l.item.quantity,
            type: StockMovementType.SALE,
            referenceId: sale.id,
            field: `items.${i}.quantity`,
          },
        ]
      : [],
  );
  return moves.length ? moveStock(ctx, moves) : [];
}
