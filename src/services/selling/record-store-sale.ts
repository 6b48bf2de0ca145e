import { LockMode } from '@mikro-orm/core';
import { Sale, SaleStatus } from '../../entities/sale.entity.js';
import { StockMovementType } from '../../entities/stock-movement.entity.js';
import type { RequestContext } from '../core/context.js';
import { conflict, unprocessable } from '../core/errors.js';
import { moveStock } from '../inventory/index.js';
import { requestDigest } from './idempotency.js';
import { verifyStatedLine, verifyStatedPayments, verifyTotals } from './sale-arithmetic.js';
import type { MovementPayload, SaleCreatedPayload, SaleVoidedPayload } from './sale-events.js';
import { assertVoidable } from './sale.machine.js';
import { buildSaleAggregate } from './sale-rows.js';
import { insertSale } from './sale-writer.js';

/*
 * HQ's side of a store's sales and voids (pushed as `sale.created` and `sale.voided`): recorded with the
 * store's ids, times and prices. No permission check (the store checked its user); integrity checks
 * only, and the sale's arithmetic, recomputed from the taxes it states.
 */

/** The rows store sales name, read in one statement for any number of sales (see `lookUpStoreSales`). */
const STORE_SALES_LOOKUP_SQL = `select
       (select json_agg(json_build_object('id', r.id, 'storeId', r.store_id, 'terminalId', r.terminal_id))
          from register_session r where r.id in (select jsonb_array_elements_text(k.session_ids)::uuid)) as sessions,
       (select json_agg(u.id) from app_user u
         where u.id in (select jsonb_array_elements_text(k.user_ids)::uuid)) as users,
       (select json_agg(x.id) from sales_rep x
         where x.id in (select jsonb_array_elements_text(k.rep_ids)::uuid)) as reps,
       (select json_agg(c.id) from customer c
         where c.id in (select jsonb_array_elements_text(k.customer_ids)::uuid)) as customers,
       (select json_agg(json_build_object('id', t.id, 'code', t.code, 'isCash', t.is_cash))
          from tender t where t.code in (select jsonb_array_elements_text(k.codes))) as tenders,
       (select json_agg(p.id) from product p
         where p.id in (select jsonb_array_elements_text(k.product_ids)::uuid)) as products,
       (select json_agg(r.id) from tax_rate r
         where r.id in (select jsonb_array_elements_text(k.rate_ids)::uuid)) as rates,
       (select json_agg(o.id) from special o
         where o.id in (select jsonb_array_elements_text(k.special_ids)::uuid)) as specials
     from (select ?::jsonb as session_ids, ?::jsonb as user_ids, ?::jsonb as rep_ids, ?::jsonb as customer_ids,
                  ?::jsonb as codes, ?::jsonb as product_ids, ?::jsonb as rate_ids, ?::jsonb as special_ids) k`;

/**
 * Which of the rows that store sales name exist at HQ, for the sales it was read for (`sales`). Master
 * data is never created or removed by store events, and a session's store and terminal never change, so
 * what it found stays true for the rest of the push; a session it did not find may have been opened by
 * an earlier event of the same push, and is looked up again.
 */
export interface StoreSalesLookup {
  sales: Set<string>;
  sessions: Map<string, { storeId: string; terminalId: string }>;
  users: Set<string>;
  reps: Set<string>;
  customers: Set<string>;
  tenders: Map<string, { id: string; code: string; isCash: boolean }>;
  products: Set<string>;
  rates: Set<string>;
  specials: Set<string>;
}

/** Reads, in one statement, which rows the given store sales name exist at HQ (a whole push at once). */
export async function lookUpStoreSales(
  ctx: RequestContext,
  sales: SaleCreatedPayload[],
): Promise<StoreSalesLookup> {
  const ids = (values: Array<string | null>) =>
    JSON.stringify([...new Set(values.filter((v) => v !== null))]);
  const [row] = await ctx.em.execute<
    Array<{
      sessions: Array<{ id: string; storeId: string; terminalId: string }> | null;
      users: string[] | null;
      reps: string[] | null;
      customers: string[] | null;
      tenders: Array<{ id: string; code: string; isCash: boolean }> | null;
      products: string[] | null;
      rates: string[] | null;
      specials: string[] | null;
    }>
  >(STORE_SALES_LOOKUP_SQL, [
    ids(sales.map((e) => e.registerSessionId)),
    ids(sales.map((e) => e.cashierId)),
    ids(sales.map((e) => e.salesRepId)),
    ids(sales.map((e) => e.customerId)),
    ids(sales.flatMap((e) => e.payments.map((p) => p.method))),
    ids(sales.flatMap((e) => [...e.items.map((i) => i.productId), ...e.movements.map((m) => m.productId)])),
    ids(sales.flatMap((e) => e.items.flatMap((i) => i.taxes.map((t) => t.taxRateId)))),
    ids(sales.flatMap((e) => e.items.map((i) => i.specialId))),
  ]);
  return {
    sales: new Set(sales.map((e) => e.id)),
    sessions: new Map((row.sessions ?? []).map(({ id, ...session }) => [id, session])),
    users: new Set(row.users ?? []),
    reps: new Set(row.reps ?? []),
    customers: new Set(row.customers ?? []),
    tenders: new Map((row.tenders ?? []).map((t) => [t.code, t])),
    products: new Set(row.products ?? []),
    rates: new Set(row.rates ?? []),
    specials: new Set(row.specials ?? []),
  };
}

/**
 * HQ: records a sale a store made (pushed as `sale.created`) with the store's ids, times and prices:
 * HQ's prices may have changed while the store was offline, and a sale already made must not be
 * refused for that. What is checked is integrity: the rows it names exist (session of that store and
 * terminal, cashier, rep, customer, products, tax rates, specials, tenders by code), and its arithmetic
 * recomputed by the tax engine from the taxes it states matches to the cent (422 naming the field
 * otherwise). No permission check: the store checked its user. The store's stock movements are applied
 * as deltas to HQ's copy of the store's levels, with their ids. `lookup` (read for a whole push) spares
 * the read of the rows it names.
 */
export async function recordStoreSale(
  ctx: RequestContext,
  storeId: string,
  event: SaleCreatedPayload,
  lookup?: StoreSalesLookup,
): Promise<void> {
  const known =
    lookup?.sales.has(event.id) && lookup.sessions.has(event.registerSessionId)
      ? lookup
      : await lookUpStoreSales(ctx, [event]);
  checkNamedRows(storeId, event, known);
  const computed = event.items.map((item, i) => {
    checkLineRows(i, item, known);
    return verifyStatedLine(i, item);
  });
  const totals = verifyTotals(event, computed);
  event.payments.forEach((payment, i) => {
    if (!known.tenders.has(payment.method))
      throw unprocessable(`payments.${i}.method`, `no tender ${payment.method}`);
  });
  const paid = verifyStatedPayments(event, event.payments, totals.grandTotal);
  const sale = buildSaleAggregate({
    ...totals,
    ...paid,
    id: event.id,
    soldAt: new Date(event.soldAt),
    storeId,
    registerSessionId: event.registerSessionId,
    terminalId: event.terminalId,
    receiptNumber: event.receiptNumber,
    cashierId: event.cashierId,
    salesRepId: event.salesRepId,
    customerId: event.customerId,
    // The same digest the store keeps, so that its idempotency key means the same at HQ.
    requestDigest: requestDigest(storeId, event),
    items: event.items.map((item, i) => ({
      ...item,
      overrideRequestedById: item.overrideRequestedById ?? null,
      overrideApprovedById: item.overrideApprovedById ?? null,
      extendedAmount: computed[i].extended,
    })),
    payments: event.payments.map((payment) => {
      const tender = known.tenders.get(payment.method)!;
      return { ...payment, tenderId: tender.id, method: tender.code, isCash: tender.isCash };
    }),
  });
  if (!(await insertSale(ctx, sale))) {
    throw conflict({
      field: 'receiptNumber',
      reason: `${event.receiptNumber} of terminal ${event.terminalId} is already recorded for another sale`,
    });
  }
  await applyStoreMovements(ctx, storeId, event.movements, StockMovementType.SALE, event.id, null);
}

/** Refuses (422) a pushed sale naming a session, cashier, rep or customer HQ does not have, or no line. */
function checkNamedRows(storeId: string, event: SaleCreatedPayload, known: StoreSalesLookup): void {
  const session = known.sessions.get(event.registerSessionId);
  if (!session || session.storeId !== storeId || session.terminalId !== event.terminalId) {
    throw unprocessable(
      'registerSessionId',
      `no register session ${event.registerSessionId} of terminal ${event.terminalId} at this store`,
    );
  }
  if (!known.users.has(event.cashierId)) throw unprocessable('cashierId', `no user ${event.cashierId}`);
  if (event.salesRepId && !known.reps.has(event.salesRepId)) {
    throw unprocessable('salesRepId', `no sales rep ${event.salesRepId}`);
  }
  if (event.customerId && !known.customers.has(event.customerId)) {
    throw unprocessable('customerId', `no customer ${event.customerId}`);
  }
  if (event.items.length === 0) throw unprocessable('items', 'a sale needs at least one item');
}

/** Refuses (422) a pushed line naming a product, special or tax rate HQ does not have. */
function checkLineRows(i: number, item: SaleCreatedPayload['items'][number], known: StoreSalesLookup): void {
  const at = `items.${i}`;
  if (!known.products.has(item.productId))
    throw unprocessable(`${at}.productId`, `no product ${item.productId}`);
  if (item.specialId && !known.specials.has(item.specialId)) {
    throw unprocessable(`${at}.specialId`, `no special ${item.specialId}`);
  }
  item.taxes.forEach((tax, t) => {
    if (!known.rates.has(tax.taxRateId))
      throw unprocessable(`${at}.taxes.${t}.taxRateId`, `no tax rate ${tax.taxRateId}`);
  });
}

/**
 * HQ: records a store's void (pushed as `sale.voided`): the sale marked VOIDED with the store's who,
 * when and why, and its VOID movements applied with their ids. The sale must be this store's and not
 * voided yet (409); the session's state is the store's business (it checked the session was open).
 */
export async function recordStoreVoid(
  ctx: RequestContext,
  storeId: string,
  event: SaleVoidedPayload,
): Promise<void> {
  const sale = await ctx.em.findOne(
    Sale,
    { id: event.saleId },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
  if (!sale || sale.storeId !== storeId)
    throw unprocessable('saleId', `no sale ${event.saleId} at this store`);
  assertVoidable(sale);
  const [user] = await ctx.em.execute('select 1 from app_user where id = ?', [event.voidedById]);
  if (!user) throw unprocessable('voidedById', `no user ${event.voidedById}`);
  const at = new Date(event.voidedAt);
  sale.status = SaleStatus.VOIDED;
  sale.voidedAt = at;
  sale.voidedById = event.voidedById;
  sale.voidReason = event.reason;
  await ctx.em.flush();
  await applyStoreMovements(ctx, storeId, event.movements, StockMovementType.VOID, sale.id, event.reason);
}

/**
 * HQ: a store's movements of one sale, void or refund, as deltas with the store's ids, time and user;
 * of `type`, unless a movement names its own (a refund's RETURN and RETURN_DAMAGED).
 */
export async function applyStoreMovements(
  ctx: RequestContext,
  storeId: string,
  movements: Array<MovementPayload & { type?: `${StockMovementType}` }>,
  type: StockMovementType,
  referenceId: string,
  notes: string | null,
): Promise<void> {
  if (!movements.length) return;
  await moveStock(
    ctx,
    movements.map((m, i) => ({
      id: m.id,
      storeId,
      productId: m.productId,
      quantity: m.quantity,
      type: (m.type as StockMovementType | undefined) ?? type,
      referenceId,
      notes,
      field: `movements.${i}.quantity`,
    })),
    // One store transaction, one user and one time: every movement of a sale or void carries the same.
    { at: new Date(movements[0].createdAt), userId: movements[0].userId },
  );
}
