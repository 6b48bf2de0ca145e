import { v7 as uuidv7 } from 'uuid';
import type { SaleCreatedPayload } from '../../src/services/selling';
import type { TestServer } from './server';
import { saleBody, type LineSpec, type SellingFixture } from './selling';

/** One event as a store pushes it. */
export interface CraftedEvent {
  seq: number;
  eventId: string;
  type: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** Issues a sync token for a store (as the admin) and returns it. */
export async function issueToken(t: TestServer, storeId: string): Promise<string> {
  const res = await t.rest('POST', `/stores/${storeId}/sync-token`, { token: t.adminToken });
  if (res.status !== 201) throw new Error(`sync token: ${JSON.stringify(res.body)}`);
  return res.body.data.token;
}

/** Pushes events with a sync token. */
export function push(t: TestServer, token: string, events: CraftedEvent[]) {
  return t.rest('POST', '/sync/push', { token, body: { events } });
}

/** Builds events with consecutive seqs from `firstSeq`. */
export function events(
  firstSeq: number,
  list: Array<{ type: string; payload: object; occurredAt?: string }>,
): CraftedEvent[] {
  return list.map((e, i) => ({
    seq: firstSeq + i,
    eventId: uuidv7(),
    type: e.type,
    occurredAt: e.occurredAt ?? '2026-05-01T12:00:00.000Z',
    payload: e.payload as Record<string, unknown>,
  }));
}

/** A `register.opened` payload of a new session at the fixture's store. */
export function registerOpened(f: SellingFixture, terminalId = 'T01', openingAmount = 10_000) {
  return {
    id: uuidv7(),
    storeId: f.store.id,
    terminalId,
    openedById: f.cashier.id,
    openedAt: '2026-05-01T11:00:00.000Z',
    openingAmount,
  };
}

/**
 * A `sale.created` payload as a store server would push it: the REST body of the sale (worked out by
 * `saleBody`), its ids, and what the store derived (product prices, half of the price as cost, each
 * tracked line's SALE movement).
 */
export function saleCreated(
  f: SellingFixture,
  sessionId: string,
  lines: LineSpec[],
  opts: Parameters<typeof saleBody>[2] & { soldAt?: string; untracked?: string[] } = {},
): SaleCreatedPayload {
  const body = saleBody(f, lines, opts);
  const grandTotal = body.grandTotal;
  const amountPaid = body.payments.reduce((a, p) => a + p.amount, 0);
  return {
    id: uuidv7(),
    storeId: body.storeId,
    registerSessionId: sessionId,
    terminalId: body.terminalId,
    receiptNumber: body.receiptNumber,
    cashierId: body.cashierId,
    salesRepId: body.salesRepId,
    customerId: body.customerId,
    subtotal: body.subtotal,
    discountTotal: body.discountTotal,
    taxTotal: body.taxTotal,
    grandTotal,
    amountPaid,
    changeGiven: amountPaid - grandTotal,
    soldAt: opts.soldAt ?? '2026-05-01T12:00:00.000Z',
    items: body.items.map((item, i) => {
      const product = lines[i].product;
      const net = item.lineTotal - item.taxAmount;
      let earlier = 0;
      return {
        ...item,
        id: uuidv7(),
        sku: product.sku,
        overrideRequestedById: null,
        overrideApprovedById: null,
        effectivePrice: product.sellPrice,
        priceSource: 'PRODUCT',
        specialId: null,
        unitCost: Math.floor(product.sellPrice / 2),
        taxes: item.taxes.map((tax, t) => {
          const taxableAmount = tax.isCompound ? net + earlier : net;
          earlier += tax.taxAmount;
          return { ...tax, id: uuidv7(), taxRateId: product.taxes[t].id, taxableAmount };
        }),
      };
    }),
    payments: body.payments.map((p) => ({
      id: uuidv7(),
      method: p.method,
      amount: p.amount,
      reference: p.reference ?? null,
    })),
    movements: body.items
      .filter((item) => !(opts.untracked ?? []).includes(item.productId))
      .map((item) => ({
        id: uuidv7(),
        productId: item.productId,
        quantity: -item.quantity,
        userId: f.cashier.id,
        createdAt: opts.soldAt ?? '2026-05-01T12:00:00.000Z',
      })),
  };
}

/** What a push can change at HQ: the sync tables, the selling tables and every stock level. */
export async function pushSnapshot(t: TestServer) {
  const tables = [
    'sync_event',
    'sync_error',
    'sale',
    'sale_item',
    'sale_item_tax',
    'sale_payment',
    'stock_movement',
    'inventory_level',
    'register_session',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await t.count(table);
  const levels = await t.sql(
    'select store_id, product_id, quantity from inventory_level order by store_id, product_id',
  );
  const state = await t.sql('select store_id, last_seq from store_sync order by store_id');
  const errors = await t.sql('select id, status, attempts, code, message from sync_error order by id');
  const sales = await t.sql('select id, status, version from sale order by id');
  return { counts, levels, state, errors, sales };
}
