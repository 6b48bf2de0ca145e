import { createHash } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { RegisterSession, RegisterSessionStatus } from '../../entities/register-session.entity.js';
import { Sale, SaleStatus } from '../../entities/sale.entity.js';
import { PriceSource, SaleItem } from '../../entities/sale-item.entity.js';
import { SaleItemTax } from '../../entities/sale-item-tax.entity.js';
import { SalePayment } from '../../entities/sale-payment.entity.js';
import { StockMovementType } from '../../entities/stock-movement.entity.js';
import { Store } from '../../entities/store.entity.js';
import { assertHeldAt } from '../auth/grants.js';
import { assertComputedWithin, MAX_MONEY } from '../core/bounds.js';
import type { RequestContext } from '../core/context.js';
import { AppError, conflict, invalid, mismatch, notFound, unprocessable } from '../core/errors.js';
import { pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';
import { choosePrice } from '../pricing/index.js';
import { moveStock, type StockMoveResult } from '../inventory/index.js';
import type { MovementPayload, SaleCreatedPayload, SaleVoidedPayload } from '../events/payloads.js';
import { recordEvent } from '../events/outbox.js';
import { computeLine, orderRates, TaxInputError, type LineResult } from '../pricing/index.js';
import type { AppliedTaxRate } from '../pricing/index.js';
import { localDateTime } from '../core/time.js';
import { assertCanTrade, readableStore, resolveStoreId } from '../core/scope.js';

/** A tax as the till states it on a line. */
export interface StatedLineTax {
  taxRateName: string;
  rate: number;
  taxAmount: number;
  isCompound: boolean;
  sortOrder: number;
}

/** A line as the till states it. Money in cents, quantity in thousandths. */
export interface SaleLineInput {
  productId: string;
  productName: string;
  quantity: number;
  unitPrice: number;
  taxRate: number;
  taxAmount: number;
  discountAmount: number;
  lineTotal: number;
  taxes: StatedLineTax[];
}

export interface PaymentInput {
  /** Tender code. */
  method: string;
  amount: number;
  reference?: string | null;
}

/** `POST /sales` as the till sends it; every figure is checked against the server's tax engine. */
export interface SaleInput {
  receiptNumber: string;
  cashierId: string;
  terminalId: string;
  subtotal: number;
  taxTotal: number;
  discountTotal: number;
  grandTotal: number;
  storeId?: string | null;
  salesRepId?: string | null;
  customerId?: string | null;
  items: SaleLineInput[];
  payments: PaymentInput[];
}

/** A product as the sale context reads it, with the prices that could apply today. */
interface ContextProduct {
  id: string;
  sku: string;
  name: string;
  isActive: boolean;
  trackStock: boolean;
  costPrice: number;
  sellPrice: number;
  taxGroupId: string | null;
  storePrice: number | null;
  specials: Array<{ id: string; specialPrice: number }> | null;
}

interface ContextTender {
  id: string;
  code: string;
  isCash: boolean;
  usable: boolean;
}

/** Everything a sale is checked against, read in one statement (see `loadSaleContext`). */
interface SaleContext {
  store: { code: string; isActive: boolean; hasServer: boolean } | null;
  existing: { id: string; digest: string } | null;
  sessionId: string | null;
  /** null: no such row; false: inactive (or deleted). */
  cashier: boolean | null;
  rep: boolean | null;
  customer: boolean | null;
  tenders: Map<string, ContextTender>;
  products: Map<string, ContextProduct>;
  /** Live, active rates of the products' tax groups, by group, in the order they apply. */
  rates: Map<string, AppliedTaxRate[]>;
}

/**
 * Records a completed sale in one transaction: the sale, its lines and line taxes, payments and stock
 * movements. The server recomputes every figure with the tax engine and refuses (422) any difference,
 * naming the field with the stated and expected values.
 *
 * Idempotent on (store, terminal, receiptNumber): the same body again returns the first sale, another
 * body with that key is a 409. A concurrent retry waits on the unique key at the insert and then
 * answers the same way.
 *
 * This is the till's hot path, so it is five round trips whatever the size of the basket: begin, one
 * read of everything the sale is checked against, one statement writing the sale with its lines,
 * taxes and payments, one for the stock ledger, commit.
 */
export async function createSale(ctx: RequestContext, input: SaleInput): Promise<Sale> {
  const storeId = resolveStoreId(ctx, input.storeId);
  const digest = requestDigest(storeId, input);
  const now = ctx.runtime.now();
  const c = await loadSaleContext(ctx, storeId, input, now);
  if (c.existing) return replay(ctx, storeId, input, digest, c.existing);

  await assertCanTrade(ctx, storeId, c.store, 'pos.sell');
  if (input.items.length === 0) throw unprocessable('items', 'a sale needs at least one item');
  if (!c.sessionId) {
    throw unprocessable(
      'terminalId',
      `${input.terminalId} has no open register session: open the register first`,
    );
  }
  checkPerson('cashierId', input.cashierId, c.cashier, 'user');
  checkPerson('salesRepId', input.salesRepId, c.rep, 'sales rep');
  checkPerson('customerId', input.customerId, c.customer, 'customer');

  const lines = input.items.map((item, i) => {
    const product = c.products.get(item.productId);
    if (!product) throw unprocessable(`items.${i}.productId`, `no product ${item.productId}`);
    if (!product.isActive) throw unprocessable(`items.${i}.productId`, `${product.sku} is inactive`);
    const taxes = (product.taxGroupId && c.rates.get(product.taxGroupId)) || [];
    const computed = computeChecked(i, item, taxes);
    checkLineBounds(i, computed);
    checkLine(i, item, computed, taxes);
    return { item, product, computed, taxes };
  });
  const totals = {
    subtotal: sum(lines.map((l) => l.computed.extended)),
    discountTotal: sum(lines.map((l) => l.computed.discountAmount)),
    taxTotal: sum(lines.map((l) => l.computed.taxAmount)),
  };
  const grandTotal = totals.subtotal - totals.discountTotal + totals.taxTotal;
  checkTotalBounds({ ...totals, grandTotal });
  for (const [field, expected] of Object.entries({ ...totals, grandTotal })) {
    const stated = input[field as keyof typeof totals | 'grandTotal'];
    if (stated !== expected) throw mismatch(field, stated, expected);
  }
  const { amountPaid, changeGiven } = checkPayments(input.payments, c.tenders, grandTotal);

  const sale = Object.assign(new Sale(), {
    createdAt: now,
    updatedAt: now,
    storeId,
    registerSessionId: c.sessionId,
    terminalId: input.terminalId,
    receiptNumber: input.receiptNumber,
    cashierId: input.cashierId,
    salesRepId: input.salesRepId ?? null,
    customerId: input.customerId ?? null,
    status: SaleStatus.COMPLETED,
    ...totals,
    grandTotal,
    amountPaid,
    changeGiven,
    soldAt: now,
    requestDigest: digest,
  });
  lines.forEach(({ item, product, computed, taxes }, i) => {
    const price = choosePrice({
      productPrice: product.sellPrice,
      storePrice: product.storePrice,
      specials: product.specials ?? [],
    });
    const line = Object.assign(new SaleItem(), {
      createdAt: now,
      updatedAt: now,
      lineNumber: i + 1,
      productId: product.id,
      sku: product.sku,
      productName: product.name,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      effectivePrice: price.price,
      priceSource: price.source as PriceSource,
      specialId: price.specialId ?? null,
      unitCost: product.costPrice,
      extendedAmount: computed.extended,
      discountAmount: computed.discountAmount,
      taxRate: computed.taxRate,
      taxAmount: computed.taxAmount,
      lineTotal: computed.lineTotal,
    });
    line.taxes.set(
      computed.taxes.map((tax, t) =>
        Object.assign(new SaleItemTax(), {
          createdAt: now,
          updatedAt: now,
          taxRateId: tax.taxRateId,
          taxRateName: taxes[t].name,
          rate: tax.rate,
          isCompound: tax.isCompound,
          sortOrder: tax.sortOrder,
          taxableAmount: tax.taxableAmount,
          taxAmount: tax.amount,
        }),
      ),
    );
    sale.items.add(line);
  });
  sale.payments.set(
    input.payments.map((payment, i) => {
      const tender = c.tenders.get(payment.method)!;
      return Object.assign(new SalePayment(), {
        createdAt: now,
        updatedAt: now,
        position: i + 1,
        tenderId: tender.id,
        method: tender.code,
        isCash: tender.isCash,
        amount: payment.amount,
        reference: payment.reference ?? null,
      });
    }),
  );

  if (!(await insertSale(ctx, sale))) {
    // Another request with this key committed while we checked: answer as a retry of it.
    const [row] = await ctx.em.execute<Array<{ id: string; request_digest: string }>>(
      'select id, request_digest from sale where store_id = ? and terminal_id = ? and receipt_number = ?',
      [storeId, input.terminalId, input.receiptNumber],
    );
    return replay(ctx, storeId, input, digest, { id: row.id, digest: row.request_digest });
  }
  const moves = lines.flatMap((l, i) =>
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
  const movements = moves.length ? await moveStock(ctx, moves) : [];
  await recordEvent(ctx, 'sale.created', () => saleCreatedPayload(sale, movements, ctx.user?.id ?? null));
  return sale;
}

/** A sale as it travels to HQ in its `sale.created` event (see protocol.ts). */
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
      unitCost: item.unitCost,
      taxRate: item.taxRate,
      taxAmount: item.taxAmount,
      discountAmount: item.discountAmount,
      lineTotal: item.lineTotal,
      taxes: [...item.taxes].map((tax) => ({
        id: tax.id,
        taxRateId: tax.taxRateId,
        taxRateName: tax.taxRateName,
        rate: tax.rate,
        isCompound: tax.isCompound,
        sortOrder: tax.sortOrder,
        taxableAmount: tax.taxableAmount,
        taxAmount: tax.taxAmount,
      })),
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
  const { products, rates, specials, tenders } = known;

  const extended = event.items.map((item, i) => {
    const at = `items.${i}`;
    if (!products.has(item.productId)) throw unprocessable(`${at}.productId`, `no product ${item.productId}`);
    if (item.specialId && !specials.has(item.specialId)) {
      throw unprocessable(`${at}.specialId`, `no special ${item.specialId}`);
    }
    item.taxes.forEach((tax, t) => {
      if (!rates.has(tax.taxRateId))
        throw unprocessable(`${at}.taxes.${t}.taxRateId`, `no tax rate ${tax.taxRateId}`);
    });
    const stated = item.taxes.map((t) => ({
      id: t.taxRateId,
      rate: t.rate,
      isCompound: t.isCompound,
      sortOrder: t.sortOrder,
    }));
    const computed = computeChecked(i, item, stated);
    checkLineBounds(i, computed);
    computed.taxes.forEach((tax, t) => {
      const given = item.taxes[t];
      const expected = { taxRateId: tax.taxRateId, taxableAmount: tax.taxableAmount, taxAmount: tax.amount };
      for (const [field, value] of Object.entries(expected)) {
        const value2 = given[field as keyof typeof expected];
        if (value2 !== value) throw mismatch(`${at}.taxes.${t}.${field}`, value2, value);
      }
    });
    for (const field of ['taxRate', 'taxAmount', 'lineTotal'] as const) {
      if (item[field] !== computed[field]) throw mismatch(`${at}.${field}`, item[field], computed[field]);
    }
    return computed.extended;
  });
  const totals = {
    subtotal: sum(extended),
    discountTotal: sum(event.items.map((i) => i.discountAmount)),
    taxTotal: sum(event.items.map((i) => i.taxAmount)),
  };
  const figures = { ...totals, grandTotal: totals.subtotal - totals.discountTotal + totals.taxTotal };
  checkTotalBounds(figures);
  for (const [field, expected] of Object.entries(figures)) {
    const stated = event[field as keyof typeof figures];
    if (stated !== expected) throw mismatch(field, stated, expected);
  }
  event.payments.forEach((payment, i) => {
    if (!tenders.has(payment.method))
      throw unprocessable(`payments.${i}.method`, `no tender ${payment.method}`);
  });
  const amountPaid = sum(event.payments.map((p) => p.amount));
  assertComputedWithin('payments', 'the sum of the payments', amountPaid, MAX_MONEY);
  if (event.amountPaid !== amountPaid) throw mismatch('amountPaid', event.amountPaid, amountPaid);
  if (event.changeGiven !== amountPaid - figures.grandTotal || event.changeGiven < 0) {
    throw mismatch('changeGiven', event.changeGiven, Math.max(amountPaid - figures.grandTotal, 0));
  }

  const at = new Date(event.soldAt);
  const stamp = { createdAt: at, updatedAt: at };
  const sale = Object.assign(new Sale(), {
    ...stamp,
    id: event.id,
    storeId,
    registerSessionId: event.registerSessionId,
    terminalId: event.terminalId,
    receiptNumber: event.receiptNumber,
    cashierId: event.cashierId,
    salesRepId: event.salesRepId,
    customerId: event.customerId,
    status: SaleStatus.COMPLETED,
    ...figures,
    amountPaid,
    changeGiven: event.changeGiven,
    soldAt: at,
    // The same digest the store keeps, so that its idempotency key means the same at HQ.
    requestDigest: requestDigest(storeId, event),
  });
  for (const [i, item] of event.items.entries()) {
    const line = Object.assign(new SaleItem(), {
      ...stamp,
      id: item.id,
      lineNumber: i + 1,
      productId: item.productId,
      sku: item.sku,
      productName: item.productName,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      effectivePrice: item.effectivePrice,
      priceSource: item.priceSource as PriceSource,
      specialId: item.specialId,
      unitCost: item.unitCost,
      extendedAmount: extended[i],
      discountAmount: item.discountAmount,
      taxRate: item.taxRate,
      taxAmount: item.taxAmount,
      lineTotal: item.lineTotal,
    });
    line.taxes.set(item.taxes.map((tax) => Object.assign(new SaleItemTax(), { ...stamp, ...tax })));
    sale.items.add(line);
  }
  sale.payments.set(
    event.payments.map((payment, i) => {
      const tender = tenders.get(payment.method)!;
      return Object.assign(new SalePayment(), {
        ...stamp,
        id: payment.id,
        position: i + 1,
        tenderId: tender.id,
        method: tender.code,
        isCash: tender.isCash,
        amount: payment.amount,
        reference: payment.reference,
      });
    }),
  );
  if (!(await insertSale(ctx, sale))) {
    throw conflict(
      `receiptNumber: ${event.receiptNumber} of terminal ${event.terminalId} is already recorded for another sale`,
      'receiptNumber',
    );
  }
  await applyStoreMovements(ctx, storeId, event.movements, StockMovementType.SALE, event.id, null);
}

/** A movement as it travels to HQ. */
function movementPayload(m: StockMoveResult, userId: string | null): MovementPayload {
  return {
    id: m.id,
    productId: m.productId,
    quantity: m.quantity,
    userId,
    createdAt: m.createdAt.toISOString(),
  };
}

/** HQ: a store's movements of one sale or void, as deltas with the store's ids, time and user. */
async function applyStoreMovements(
  ctx: RequestContext,
  storeId: string,
  movements: MovementPayload[],
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
      type,
      referenceId,
      notes,
      field: `movements.${i}.quantity`,
    })),
    // One store transaction, one user and one time: every movement of a sale or void carries the same.
    { at: new Date(movements[0].createdAt), userId: movements[0].userId },
  );
}

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
  rates: readonly AppliedTaxRate[];
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

/** A sale with its lines, line taxes and payments, or NOT_FOUND. */
export async function getSale(ctx: RequestContext, id: string): Promise<Sale> {
  const sale = await ctx.em.findOne(Sale, { id }, { populate: ['items.taxes', 'payments'] });
  if (!sale) throw notFound('Sale', id);
  return sale;
}

/** The line's figures from the tax engine, with its input errors named after the line. */
function computeChecked(i: number, item: SaleLineInput, taxes: Parameters<typeof computeLine>[0]['taxes']) {
  try {
    return computeLine({
      unitPrice: item.unitPrice,
      quantity: item.quantity,
      discountAmount: item.discountAmount,
      taxes,
    });
  } catch (err) {
    if (err instanceof TaxInputError)
      throw unprocessable(`items.${i}.${err.field}`, err.message.slice(err.field.length + 2));
    throw err;
  }
}

/** Compares a stated line with the computed one, field by field (422 on the first difference). */
function checkLine(
  i: number,
  item: SaleLineInput,
  computed: LineResult,
  rates: ReadonlyArray<{ name: string }>,
): void {
  const at = `items.${i}`;
  if (item.taxes.length !== computed.taxes.length) {
    throw mismatch(`${at}.taxes`, `${item.taxes.length} taxes`, `${computed.taxes.length} taxes`);
  }
  computed.taxes.forEach((tax, t) => {
    const stated = item.taxes[t];
    const expected = {
      taxRateName: rates[t].name,
      rate: tax.rate,
      isCompound: tax.isCompound,
      sortOrder: tax.sortOrder,
      taxAmount: tax.amount,
    };
    for (const [field, value] of Object.entries(expected)) {
      const given = stated[field as keyof StatedLineTax];
      if (given !== value) throw mismatch(`${at}.taxes.${t}.${field}`, given, value);
    }
  });
  for (const field of ['taxRate', 'taxAmount', 'lineTotal'] as const) {
    if (item[field] !== computed[field]) throw mismatch(`${at}.${field}`, item[field], computed[field]);
  }
}

/** The answer to a sale posted again: the first sale when the body is the same, else 409. */
async function replay(
  ctx: RequestContext,
  storeId: string,
  input: SaleInput,
  digest: string,
  existing: { id: string; digest: string },
): Promise<Sale> {
  await assertHeldAt(ctx, storeId, 'pos.sell');
  if (existing.digest !== digest) {
    throw conflict(
      `receiptNumber: ${input.receiptNumber} of terminal ${input.terminalId} was already used for another sale`,
      'receiptNumber',
    );
  }
  return getSale(ctx, existing.id);
}

/** The sale's one read (see `loadSaleContext`); exported for the bench's bare reference server. */
export const SALE_CONTEXT_SQL = `select st.code, st.is_active,
       exists (select 1 from store_sync ss where ss.store_id = k.store_id and ss.token_hash is not null) as has_server,
       (select json_build_object('id', s.id, 'digest', s.request_digest) from sale s
         where s.store_id = k.store_id and s.terminal_id = k.terminal_id
           and s.receipt_number = k.receipt_number) as existing,
       (select r.id from register_session r
         where r.store_id = k.store_id and r.terminal_id = k.terminal_id and r.status = 'OPEN'
         for share) as session_id,
       (select u.is_active from app_user u where u.id = k.cashier_id) as cashier,
       (select x.is_active and x.deleted_at is null from sales_rep x where x.id = k.rep_id) as rep,
       (select c.deleted_at is null from customer c where c.id = k.customer_id) as customer,
       (select json_agg(json_build_object('id', t.id, 'code', t.code, 'isCash', t.is_cash,
                                          'usable', t.is_active and t.deleted_at is null))
          from tender t where t.code in (select jsonb_array_elements_text(k.codes))) as tenders,
       (select json_agg(json_build_object(
                 'id', p.id, 'sku', p.sku, 'name', p.name, 'isActive', p.is_active,
                 'trackStock', p.track_stock, 'costPrice', p.cost_price, 'sellPrice', p.sell_price,
                 'taxGroupId', p.tax_group_id, 'storePrice', sp.sell_price,
                 'specials', (select json_agg(json_build_object('id', o.id, 'specialPrice', o.special_price))
                                from special o
                               where o.product_id = p.id and o.is_active
                                 and o.start_date <= d.today and o.end_date >= d.today)))
          from product p
          left join store_price sp on sp.product_id = p.id and sp.store_id = k.store_id
         where p.id in (select jsonb_array_elements_text(k.product_ids)::uuid)) as products,
       (select json_agg(json_build_object('groupId', l.tax_group_id, 'id', r.id, 'name', r.name,
                                          'rate', r.rate, 'isCompound', r.is_compound,
                                          'sortOrder', l.sort_order))
          from tax_group_rate l join tax_rate r on r.id = l.tax_rate_id
         where r.is_active and r.deleted_at is null
           and l.tax_group_id in (select p.tax_group_id from product p
                                   where p.id in (select jsonb_array_elements_text(k.product_ids)::uuid))) as rates
     from (select ?::uuid as store_id, ?::text as terminal_id, ?::text as receipt_number,
                  ?::uuid as cashier_id, ?::uuid as rep_id, ?::uuid as customer_id,
                  ?::jsonb as codes, ?::jsonb as product_ids) k
     left join store st on st.id = k.store_id
     cross join lateral (select (?::timestamptz at time zone coalesce(st.timezone, 'UTC'))::date as today) d`;

/**
 * Reads, in one statement, everything a sale is checked against: the store, a sale already recorded
 * under the key, the terminal's open session (share-locked, so that a close waits for this sale or
 * this sale sees the close), the cashier, rep and customer, the tenders named, and the products with
 * their store price, today's specials (today in the store's zone) and their groups' tax rates.
 */
async function loadSaleContext(
  ctx: RequestContext,
  storeId: string,
  input: SaleInput,
  now: Date,
): Promise<SaleContext> {
  const productIds = [...new Set(input.items.map((item) => item.productId))];
  const codes = [...new Set(input.payments.map((p) => p.method))];
  const [row] = await ctx.em.execute<
    Array<{
      code: string | null;
      is_active: boolean | null;
      has_server: boolean;
      existing: { id: string; digest: string } | null;
      session_id: string | null;
      cashier: boolean | null;
      rep: boolean | null;
      customer: boolean | null;
      tenders: ContextTender[] | null;
      products: ContextProduct[] | null;
      rates: Array<AppliedTaxRate & { groupId: string }> | null;
    }>
  >(SALE_CONTEXT_SQL, [
    storeId,
    input.terminalId,
    input.receiptNumber,
    input.cashierId,
    input.salesRepId ?? null,
    input.customerId ?? null,
    JSON.stringify(codes),
    JSON.stringify(productIds),
    now.toISOString(),
  ]);
  const rates = new Map<string, AppliedTaxRate[]>();
  for (const { groupId, ...rate } of row.rates ?? []) {
    rates.set(groupId, [...(rates.get(groupId) ?? []), rate]);
  }
  for (const [groupId, list] of rates) rates.set(groupId, orderRates(list));
  return {
    store: row.code === null ? null : { code: row.code, isActive: row.is_active!, hasServer: row.has_server },
    existing: row.existing,
    sessionId: row.session_id,
    cashier: row.cashier,
    rep: row.rep,
    customer: row.customer,
    tenders: new Map((row.tenders ?? []).map((t) => [t.code, t])),
    products: new Map((row.products ?? []).map((p) => [p.id, p])),
    rates,
  };
}

/** The sale's one write (see `insertSale`); exported for the bench's bare reference server. */
export const INSERT_SALE_SQL = `with new_sale as (
       insert into sale select * from jsonb_populate_record(null::sale, ?::jsonb)
       on conflict (store_id, terminal_id, receipt_number) do nothing
       returning id
     ), items as (
       insert into sale_item select x.* from jsonb_populate_recordset(null::sale_item, ?::jsonb) x
        where exists (select 1 from new_sale)
     ), taxes as (
       insert into sale_item_tax select x.* from jsonb_populate_recordset(null::sale_item_tax, ?::jsonb) x
        where exists (select 1 from new_sale)
     ), payments as (
       insert into sale_payment select x.* from jsonb_populate_recordset(null::sale_payment, ?::jsonb) x
        where exists (select 1 from new_sale)
     )
     select id from new_sale`;

/**
 * Writes the sale, its lines, line taxes and payments in one statement. Rows are built whole from JSON
 * (`jsonb_populate_record` of the table's own row type), so a column added to one of these tables must
 * be added here too: a missing key is NULL, never the column's default. The sale row goes first with
 * `on conflict do nothing` on its key: false when a concurrent request recorded that key first (then
 * nothing is written).
 */
async function insertSale(ctx: RequestContext, sale: Sale): Promise<boolean> {
  const base = (row: { id: string; createdAt: Date; updatedAt: Date; version: number }) => ({
    id: row.id,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    version: row.version,
  });
  const items = [...sale.items];
  const rows = await ctx.em.execute<Array<{ id: string }>>(INSERT_SALE_SQL, [
    JSON.stringify({
      ...base(sale),
      store_id: sale.storeId,
      register_session_id: sale.registerSessionId,
      terminal_id: sale.terminalId,
      receipt_number: sale.receiptNumber,
      cashier_id: sale.cashierId,
      sales_rep_id: sale.salesRepId,
      customer_id: sale.customerId,
      status: sale.status,
      subtotal: sale.subtotal,
      discount_total: sale.discountTotal,
      tax_total: sale.taxTotal,
      grand_total: sale.grandTotal,
      amount_paid: sale.amountPaid,
      change_given: sale.changeGiven,
      sold_at: sale.soldAt,
      voided_at: null,
      voided_by_id: null,
      void_reason: null,
      request_digest: sale.requestDigest,
    }),
    JSON.stringify(
      items.map((item) => ({
        ...base(item),
        sale_id: sale.id,
        line_number: item.lineNumber,
        product_id: item.productId,
        sku: item.sku,
        product_name: item.productName,
        quantity: item.quantity,
        unit_price: item.unitPrice,
        effective_price: item.effectivePrice,
        price_source: item.priceSource,
        special_id: item.specialId,
        unit_cost: item.unitCost,
        extended_amount: item.extendedAmount,
        discount_amount: item.discountAmount,
        tax_rate: item.taxRate,
        tax_amount: item.taxAmount,
        line_total: item.lineTotal,
      })),
    ),
    JSON.stringify(
      items.flatMap((item) =>
        [...item.taxes].map((tax) => ({
          ...base(tax),
          sale_item_id: item.id,
          tax_rate_id: tax.taxRateId,
          tax_rate_name: tax.taxRateName,
          rate: tax.rate,
          is_compound: tax.isCompound,
          sort_order: tax.sortOrder,
          taxable_amount: tax.taxableAmount,
          tax_amount: tax.taxAmount,
        })),
      ),
    ),
    JSON.stringify(
      [...sale.payments].map((payment) => ({
        ...base(payment),
        sale_id: sale.id,
        position: payment.position,
        tender_id: payment.tenderId,
        method: payment.method,
        is_cash: payment.isCash,
        amount: payment.amount,
        reference: payment.reference,
      })),
    ),
  ]);
  return rows.length === 1;
}

/** Refuses (422) an unknown or inactive cashier, sales rep or customer named by the sale. */
function checkPerson(
  field: string,
  id: string | null | undefined,
  state: boolean | null,
  what: string,
): void {
  if (!id) return;
  if (state === null) throw unprocessable(field, `no ${what} ${id}`);
  if (!state) throw unprocessable(field, `${what} ${id} is inactive`);
}

/**
 * Checks the payments: known, active tenders; the sum covers the total; only cash may overpay, and
 * the overpayment is the change given.
 */
function checkPayments(payments: PaymentInput[], tenders: Map<string, ContextTender>, grandTotal: number) {
  payments.forEach((payment, i) => {
    const tender = tenders.get(payment.method);
    if (!tender) throw unprocessable(`payments.${i}.method`, `no tender ${payment.method}`);
    if (!tender.usable) throw unprocessable(`payments.${i}.method`, `tender ${payment.method} is inactive`);
  });
  const amountPaid = sum(payments.map((p) => p.amount));
  // Each payment is at most MAX_MONEY and there are at most MAX_PAYMENTS: the sum is exact, then bounded.
  assertComputedWithin('payments', 'the sum of the payments', amountPaid, MAX_MONEY);
  if (amountPaid < grandTotal) {
    throw unprocessable('payments', `paid ${amountPaid}, due ${grandTotal}`, {
      stated: amountPaid,
      expected: grandTotal,
    });
  }
  const changeGiven = amountPaid - grandTotal;
  const cash = sum(payments.filter((p) => tenders.get(p.method)!.isCash).map((p) => p.amount));
  if (changeGiven > cash) {
    throw unprocessable(
      'payments',
      `overpaid by ${changeGiven} but only cash may be overpaid (cash tendered: ${cash})`,
      { stated: amountPaid, expected: grandTotal },
    );
  }
  return { amountPaid, changeGiven };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Refuses (422) a line whose computed figures pass the largest amount, although each input was within
 * its own bound (a price × quantity beyond MAX_MONEY), naming the input that makes it so.
 */
function checkLineBounds(i: number, computed: LineResult): void {
  assertComputedWithin(`items.${i}.quantity`, 'unitPrice × quantity', computed.extended, MAX_MONEY);
  assertComputedWithin(`items.${i}.lineTotal`, 'the line total', computed.lineTotal, MAX_MONEY);
}

const TOTALS = {
  subtotal: "the sum of the lines' amounts",
  discountTotal: "the sum of the lines' discounts",
  taxTotal: "the sum of the lines' taxes",
  grandTotal: "the sale's total",
} as const;

/**
 * Refuses (422) a sale whose totals pass the largest amount (many lines each within it), before they are
 * compared with what the till stated: nothing is written that a report could not add up.
 */
function checkTotalBounds(figures: Record<keyof typeof TOTALS, number>): void {
  for (const [field, what] of Object.entries(TOTALS)) {
    assertComputedWithin(field, what, figures[field as keyof typeof TOTALS], MAX_MONEY);
  }
}

/**
 * A digest of everything a sale request says, in a fixed order: a retry must say the same. Optional
 * fields count as null, so omitting one and sending null are the same request.
 */
function requestDigest(storeId: string, input: SaleInput): string {
  const canonical = [
    storeId,
    input.receiptNumber,
    input.cashierId,
    input.terminalId,
    input.subtotal,
    input.taxTotal,
    input.discountTotal,
    input.grandTotal,
    input.salesRepId ?? null,
    input.customerId ?? null,
    input.items.map((i) => [
      i.productId,
      i.productName,
      i.quantity,
      i.unitPrice,
      i.taxRate,
      i.taxAmount,
      i.discountAmount,
      i.lineTotal,
      i.taxes.map((t) => [t.taxRateName, t.rate, t.taxAmount, t.isCompound, t.sortOrder]),
    ]),
    input.payments.map((p) => [p.method, p.amount, p.reference ?? null]),
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export interface SaleFilter extends PageRequest {
  /** First day, inclusive, in the store's time zone. */
  dateFrom?: string | null;
  /** Last day, inclusive, in the store's time zone. */
  dateTo?: string | null;
  storeId?: string | null;
  status?: SaleStatus | null;
  terminalId?: string | null;
  cashierId?: string | null;
}

/**
 * Sales matching the filter, latest first, each with its lines and payments; paginated. Dates are
 * calendar days in each sale's store's time zone.
 */
export async function listSales(ctx: RequestContext, filter: SaleFilter): Promise<PageResult<Sale>> {
  const storeId = await readableStore(ctx, filter.storeId, 'pos.sell');
  if (filter.dateFrom && filter.dateTo && filter.dateTo < filter.dateFrom) {
    // Names no argument in the message: REST clients spell it date_from, GraphQL ones dateFrom.
    throw invalid('dateTo', `must not be before the first day asked for (${filter.dateFrom})`);
  }
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const qb = ctx.em.createQueryBuilder(Sale, 's');
  // The store's time zone turns the days into instants.
  if (filter.dateFrom || filter.dateTo) qb.join('s.storeId', 'st');
  if (storeId) qb.andWhere({ storeId });
  if (filter.status) qb.andWhere({ status: filter.status });
  if (filter.terminalId) qb.andWhere({ terminalId: filter.terminalId });
  if (filter.cashierId) qb.andWhere({ cashierId: filter.cashierId });
  // Bounds as instants (local midnight in the store's zone), so the (store, sold_at) index serves them.
  if (filter.dateFrom) {
    qb.andWhere(`s.sold_at >= (?::date::timestamp at time zone st.timezone)`, [filter.dateFrom]);
  }
  if (filter.dateTo) {
    qb.andWhere(`s.sold_at < ((?::date + 1)::timestamp at time zone st.timezone)`, [filter.dateTo]);
  }
  qb.orderBy({ soldAt: 'desc', id: 'desc' }).limit(limit).offset(offset);
  const [items, total] = await qb.getResultAndCount();
  await ctx.em.populate(items, ['items.taxes', 'payments']);
  return { items, total, page, pageSize };
}

/**
 * Voids a sale of a still-open register session: marks it VOIDED with who, when and why, and puts
 * back the stock it took. The session is share-locked, so a close cannot interleave; the sale is
 * row-locked, so voiding twice is a 409.
 */
export async function voidSale(ctx: RequestContext, id: string, reason: string): Promise<Sale> {
  const sale = await ctx.em.findOne(Sale, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!sale) throw notFound('Sale', id);
  await assertHeldAt(ctx, sale.storeId, 'pos.void');
  if (sale.status === SaleStatus.VOIDED) {
    throw new AppError('INVALID_STATE', `The sale was already voided at ${sale.voidedAt!.toISOString()}`);
  }
  const session = await ctx.em.findOneOrFail(
    RegisterSession,
    { id: sale.registerSessionId },
    { lockMode: LockMode.PESSIMISTIC_READ, refresh: true },
  );
  if (session.status !== RegisterSessionStatus.OPEN) {
    throw new AppError(
      'INVALID_STATE',
      'Only a sale of a still-open register session can be voided; later corrections are refunds',
    );
  }
  sale.status = SaleStatus.VOIDED;
  sale.voidedAt = ctx.runtime.now();
  sale.voidedById = ctx.user!.id;
  sale.voidReason = reason;
  await ctx.em.flush();
  const taken = await ctx.em.execute<Array<{ product_id: string; quantity: string }>>(
    `select product_id, quantity from stock_movement where reference_id = ? and type = 'SALE'`,
    [sale.id],
  );
  let movements: StockMoveResult[] = [];
  if (taken.length) {
    movements = await moveStock(
      ctx,
      taken.map((m) => ({
        storeId: sale.storeId,
        productId: m.product_id,
        quantity: -Number(m.quantity),
        type: StockMovementType.VOID,
        referenceId: sale.id,
        notes: reason,
        // Putting stock back can take a level past its bound too: the void is what is refused.
        field: 'id',
      })),
    );
  }
  await recordEvent(ctx, 'sale.voided', (): SaleVoidedPayload => ({
    saleId: sale.id,
    storeId: sale.storeId,
    voidedAt: sale.voidedAt!.toISOString(),
    voidedById: sale.voidedById!,
    reason,
    movements: movements.map((m) => movementPayload(m, ctx.user!.id)),
  }));
  return getSale(ctx, sale.id);
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
  if (sale.status === SaleStatus.VOIDED) {
    throw new AppError('INVALID_STATE', `The sale was already voided at ${sale.voidedAt!.toISOString()}`);
  }
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

/** Receipt data of a sale: everything a till prints, with the time in the store's time zone. */
export interface ReceiptData {
  sale: Sale;
  store: Store;
  /** Wall-clock time of the sale in the store's time zone, `YYYY-MM-DD HH:mm:ss`. */
  localTime: string;
  cashierName: string;
  salesRepName: string | null;
  customerName: string | null;
  taxSummary: Array<{ taxRateName: string; rate: number; taxableAmount: number; taxAmount: number }>;
}

/** The data of a sale's receipt (a reprint shows VOIDED sales as such). */
export async function receipt(ctx: RequestContext, saleId: string): Promise<ReceiptData> {
  const sale = await getSale(ctx, saleId);
  await assertHeldAt(ctx, sale.storeId, 'pos.sell');
  const store = await ctx.em.findOneOrFail(Store, { id: sale.storeId });
  const [names] = await ctx.em.execute<
    Array<{ cashier: string; rep: string | null; customer: string | null }>
  >(
    `select (select display_name from app_user where id = ?) as cashier,
            (select first_name || ' ' || last_name from sales_rep where id = ?) as rep,
            (select first_name || ' ' || last_name from customer where id = ?) as customer`,
    [sale.cashierId, sale.salesRepId, sale.customerId],
  );
  const summary = new Map<string, ReceiptData['taxSummary'][number]>();
  for (const item of sale.items) {
    for (const tax of item.taxes) {
      const key = `${tax.taxRateId}:${tax.rate}`;
      const row = summary.get(key) ?? {
        taxRateName: tax.taxRateName,
        rate: tax.rate,
        taxableAmount: 0,
        taxAmount: 0,
      };
      row.taxableAmount += tax.taxableAmount;
      row.taxAmount += tax.taxAmount;
      summary.set(key, row);
    }
  }
  return {
    sale,
    store,
    localTime: localDateTime(store.timezone, sale.soldAt),
    cashierName: names.cashier,
    salesRepName: names.rep,
    customerName: names.customer,
    taxSummary: [...summary.values()],
  };
}
