import { createHash } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { RegisterSession, RegisterSessionStatus } from '../entities/register-session.entity.js';
import { Sale, SaleStatus } from '../entities/sale.entity.js';
import { PriceSource, SaleItem } from '../entities/sale-item.entity.js';
import { SaleItemTax } from '../entities/sale-item-tax.entity.js';
import { SalePayment } from '../entities/sale-payment.entity.js';
import { StockMovementType } from '../entities/stock-movement.entity.js';
import { Store } from '../entities/store.entity.js';
import { assertHeldAt } from './auth/grants.js';
import type { RequestContext } from './context.js';
import { AppError, conflict, invalid, mismatch, notFound, unprocessable } from './errors.js';
import { pageWindow, type PageRequest, type PageResult } from './pagination.js';
import { choosePrice } from './special.service.js';
import { moveStock } from './stock.service.js';
import { computeLine, TaxInputError, type LineResult } from './tax-engine.js';
import { taxRatesForGroups } from './tax.service.js';
import { localDate, localDateTime } from './time.js';
import { readableStore, resolveStoreId, tradingStore } from './trading-store.js';

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

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  is_active: boolean;
  track_stock: boolean;
  cost_price: string;
  sell_price: string;
  tax_group_id: string | null;
  store_price: string | null;
  specials: Array<{ id: string; specialPrice: number }> | null;
}

interface TenderRow {
  id: string;
  code: string;
  is_cash: boolean;
  usable: boolean;
}

/**
 * Records a completed sale in one transaction: the sale, its lines and line taxes, payments and stock
 * movements. The server recomputes every figure with the tax engine and refuses (422) any difference,
 * naming the field with the stated and expected values.
 *
 * Idempotent on (store, terminal, receiptNumber): the same body again returns the first sale, another
 * body with that key is a 409. A transaction-scoped advisory lock on the key makes concurrent retries
 * wait for the first one instead of racing it.
 */
export async function createSale(ctx: RequestContext, input: SaleInput): Promise<Sale> {
  const storeId = resolveStoreId(ctx, input.storeId);
  const digest = requestDigest(storeId, input);
  await ctx.em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [
    `sale:${storeId}:${input.terminalId}:${input.receiptNumber}`,
  ]);
  const [existing] = await ctx.em.execute<Array<{ id: string; request_digest: string }>>(
    'select id, request_digest from sale where store_id = ? and terminal_id = ? and receipt_number = ?',
    [storeId, input.terminalId, input.receiptNumber],
  );
  if (existing) {
    await assertHeldAt(ctx, storeId, 'pos.sell');
    if (existing.request_digest !== digest) {
      throw conflict(
        `receiptNumber: ${input.receiptNumber} of terminal ${input.terminalId} was already used for another sale`,
        'receiptNumber',
      );
    }
    return getSale(ctx, existing.id);
  }

  const store = await tradingStore(ctx, storeId, 'pos.sell');
  if (input.items.length === 0) throw unprocessable('items', 'a sale needs at least one item');
  const [session] = await ctx.em.execute<Array<{ id: string }>>(
    `select id from register_session where store_id = ? and terminal_id = ? and status = 'OPEN' for share`,
    [storeId, input.terminalId],
  );
  if (!session) {
    throw unprocessable(
      'terminalId',
      `${input.terminalId} has no open register session: open the register first`,
    );
  }
  await assertPeople(ctx, input);

  const now = ctx.runtime.now();
  const products = await loadProducts(ctx, storeId, localDate(store.timezone, now), input.items);
  const rates = await taxRatesForGroups(ctx, [
    ...new Set([...products.values()].map((p) => p.tax_group_id).filter((id): id is string => id !== null)),
  ]);
  const lines = input.items.map((item, i) => {
    const product = products.get(item.productId);
    if (!product) throw unprocessable(`items.${i}.productId`, `no product ${item.productId}`);
    if (!product.is_active) throw unprocessable(`items.${i}.productId`, `${product.sku} is inactive`);
    const taxes = product.tax_group_id ? rates.get(product.tax_group_id)! : [];
    const computed = computeChecked(i, item, taxes);
    checkLine(i, item, computed, taxes);
    return { item, product, computed, taxes };
  });
  const totals = {
    subtotal: sum(lines.map((l) => l.computed.extended)),
    discountTotal: sum(lines.map((l) => l.computed.discountAmount)),
    taxTotal: sum(lines.map((l) => l.computed.taxAmount)),
  };
  const grandTotal = totals.subtotal - totals.discountTotal + totals.taxTotal;
  for (const [field, expected] of Object.entries({ ...totals, grandTotal })) {
    const stated = input[field as keyof typeof totals | 'grandTotal'];
    if (stated !== expected) throw mismatch(field, stated, expected);
  }
  const { tenders, amountPaid, changeGiven } = await checkPayments(ctx, input.payments, grandTotal);

  const sale = ctx.em.create(Sale, {
    storeId,
    registerSessionId: session.id,
    terminalId: input.terminalId,
    receiptNumber: input.receiptNumber,
    cashierId: input.cashierId,
    salesRepId: input.salesRepId ?? null,
    customerId: input.customerId ?? null,
    subtotal: totals.subtotal,
    discountTotal: totals.discountTotal,
    taxTotal: totals.taxTotal,
    grandTotal,
    amountPaid,
    changeGiven,
    soldAt: now,
    requestDigest: digest,
  });
  lines.forEach(({ item, product, computed, taxes }, i) => {
    const price = choosePrice({
      productPrice: Number(product.sell_price),
      storePrice: product.store_price === null ? null : Number(product.store_price),
      specials: product.specials ?? [],
    });
    const line = ctx.em.create(SaleItem, {
      sale,
      lineNumber: i + 1,
      productId: product.id,
      sku: product.sku,
      productName: product.name,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      effectivePrice: price.price,
      priceSource: price.source as PriceSource,
      specialId: price.specialId ?? null,
      unitCost: Number(product.cost_price),
      extendedAmount: computed.extended,
      discountAmount: computed.discountAmount,
      taxRate: computed.taxRate,
      taxAmount: computed.taxAmount,
      lineTotal: computed.lineTotal,
    });
    sale.items.add(line);
    computed.taxes.forEach((tax, t) => {
      line.taxes.add(
        ctx.em.create(SaleItemTax, {
          saleItem: line,
          taxRateId: tax.taxRateId,
          taxRateName: taxes[t].name,
          rate: tax.rate,
          isCompound: tax.isCompound,
          sortOrder: tax.sortOrder,
          taxableAmount: tax.taxableAmount,
          taxAmount: tax.amount,
        }),
      );
    });
  });
  input.payments.forEach((payment, i) => {
    const tender = tenders.get(payment.method)!;
    sale.payments.add(
      ctx.em.create(SalePayment, {
        sale,
        position: i + 1,
        tenderId: tender.id,
        method: tender.code,
        isCash: tender.is_cash,
        amount: payment.amount,
        reference: payment.reference ?? null,
      }),
    );
  });
  await ctx.em.flush();
  const moves = lines
    .filter((l) => l.product.track_stock)
    .map((l) => ({
      storeId,
      productId: l.product.id,
      quantity: -l.item.quantity,
      type: StockMovementType.SALE,
      referenceId: sale.id,
    }));
  if (moves.length) await moveStock(ctx, moves);
  return sale;
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

/** Refuses (422) an unknown or inactive cashier, sales rep or customer (one query). */
async function assertPeople(ctx: RequestContext, input: SaleInput): Promise<void> {
  const [row] = await ctx.em.execute<
    Array<{ cashier: boolean | null; rep: boolean | null; customer: boolean | null }>
  >(
    `select (select is_active from app_user where id = ?) as cashier,
            (select is_active and deleted_at is null from sales_rep where id = ?) as rep,
            (select deleted_at is null from customer where id = ?) as customer`,
    [input.cashierId, input.salesRepId ?? null, input.customerId ?? null],
  );
  const check = (field: string, id: string | null | undefined, state: boolean | null, what: string) => {
    if (!id) return;
    if (state === null) throw unprocessable(field, `no ${what} ${id}`);
    if (!state) throw unprocessable(field, `${what} ${id} is inactive`);
  };
  check('cashierId', input.cashierId, row.cashier, 'user');
  check('salesRepId', input.salesRepId, row.rep, 'sales rep');
  check('customerId', input.customerId, row.customer, 'customer');
}

/** The sale's products with the prices that could apply at the store today (one query). */
async function loadProducts(
  ctx: RequestContext,
  storeId: string,
  today: string,
  items: SaleLineInput[],
): Promise<Map<string, ProductRow>> {
  const rows = await ctx.em.execute<ProductRow[]>(
    `select p.id, p.sku, p.name, p.is_active, p.track_stock, p.cost_price, p.sell_price, p.tax_group_id,
            sp.sell_price as store_price,
            (select json_agg(json_build_object('id', s.id, 'specialPrice', s.special_price))
               from special s
              where s.product_id = p.id and s.is_active and s.start_date <= ? and s.end_date >= ?) as specials
       from product p
       left join store_price sp on sp.product_id = p.id and sp.store_id = ?
      where p.id in (?)`,
    [today, today, storeId, [...new Set(items.map((item) => item.productId))]],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Checks the payments: known, active tenders; the sum covers the total; only cash may overpay, and
 * the overpayment is the change given.
 */
async function checkPayments(ctx: RequestContext, payments: PaymentInput[], grandTotal: number) {
  const codes = [...new Set(payments.map((p) => p.method))];
  const rows = codes.length
    ? await ctx.em.execute<TenderRow[]>(
        'select id, code, is_cash, is_active and deleted_at is null as usable from tender where code in (?)',
        [codes],
      )
    : [];
  const tenders = new Map(rows.map((row) => [row.code, row]));
  payments.forEach((payment, i) => {
    const tender = tenders.get(payment.method);
    if (!tender) throw unprocessable(`payments.${i}.method`, `no tender ${payment.method}`);
    if (!tender.usable) throw unprocessable(`payments.${i}.method`, `tender ${payment.method} is inactive`);
  });
  const amountPaid = sum(payments.map((p) => p.amount));
  if (amountPaid < grandTotal) {
    throw unprocessable('payments', `paid ${amountPaid}, due ${grandTotal}`, {
      stated: amountPaid,
      expected: grandTotal,
    });
  }
  const changeGiven = amountPaid - grandTotal;
  const cash = sum(payments.filter((p) => tenders.get(p.method)!.is_cash).map((p) => p.amount));
  if (changeGiven > cash) {
    throw unprocessable(
      'payments',
      `overpaid by ${changeGiven} but only cash may be overpaid (cash tendered: ${cash})`,
      { stated: amountPaid, expected: grandTotal },
    );
  }
  return { tenders, amountPaid, changeGiven };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

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
  const qb = ctx.em.createQueryBuilder(Sale, 's').join('s.storeId', 'st');
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
  if (taken.length) {
    await moveStock(
      ctx,
      taken.map((m) => ({
        storeId: sale.storeId,
        productId: m.product_id,
        quantity: -Number(m.quantity),
        type: StockMovementType.VOID,
        referenceId: sale.id,
        notes: reason,
      })),
    );
  }
  return getSale(ctx, sale.id);
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
