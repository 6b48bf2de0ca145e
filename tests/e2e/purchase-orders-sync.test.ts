import { v7 as uuidv7 } from 'uuid';
import { HqUnreachable } from '../../src/sync/store/hq-client';
import { sendDraft, draftPurchaseOrder, sentPurchaseOrder } from '../support/purchasing';
import { events, push } from '../support/push-events';
import { createSellingFixture, stockLevel, type SellingFixture } from '../support/selling';
import type { TestServer } from '../support/server';
import { startSyncPair, type SyncPair } from '../support/sync';

/*
 * Purchase orders across servers: HQ makes and sends the order; the store's server gets it by pull from
 * SENT on, receives it (offline too), and pushes each receipt; HQ's copy follows, once per receipt, and a
 * receipt that no longer fits HQ's copy is parked.
 */
let pair: SyncPair;
/** Store A has its own server. */
let a: SellingFixture;
let supplier: string;
/** Token at A's server of someone who receives there, and who that is. */
let atA: string;
let receiverId: string;

beforeAll(async () => {
  pair = await startSyncPair();
  a = await createSellingFixture(pair.hq, { storeId: pair.storeRow.id });
  supplier = (await pair.hq.rest('POST', '/suppliers', { token: pair.hq.adminToken, body: { name: 'Acme' } }))
    .body.data.id;
  const receiver = await pair.hq.userWith(['purchase_orders.view', 'purchase_orders.receive'], {
    storeId: a.store.id,
  });
  receiverId = receiver.id;
  await sync();
  atA = await pair.store.login(receiver.username, receiver.pin);
});
afterAll(() => pair.close());

const sync = () => pair.store.server.syncAgent!.syncNow();
/** Puts HQ back within the store server's reach. */
let hqBack: () => void = () => {};
/** HQ out of the store server's reach: its pulls and pushes fail as when the line is down. */
function hqUnreachable(): void {
  const hq = pair.store.server.syncAgent!.hq;
  const request = hq.request;
  hq.request = (async () => {
    throw new HqUnreachable(new Error('connect ECONNREFUSED (test)'));
  }) as typeof hq.request;
  hqBack = () => {
    hq.request = request;
  };
}

const order = (server: TestServer, id: string) =>
  server.sql('select * from purchase_order where id = ?', [id]);
const orderLines = (server: TestServer, id: string) =>
  server.sql('select * from purchase_order_item where purchase_order_id = ? order by line_number', [id]);
const receipts = (server: TestServer, id: string) =>
  server.sql('select * from purchase_order_receipt where purchase_order_id = ? order by created_at, id', [
    id,
  ]);
const movements = (server: TestServer, id: string) =>
  server.sql(
    `select id, store_id, product_id, quantity, type, reference_id, user_id, notes, quantity_after, created_at
       from stock_movement where reference_id = ? order by created_at, id`,
    [id],
  );
const receiveAtA = (id: string, body: unknown) =>
  pair.store.rest('PATCH', `/purchase-orders/${id}/receive`, { token: atA, body });

/** What HQ holds of an order: its row, lines, receipts, movements and errors (a refused push changes none). */
const hqCopy = async (id: string) => ({
  order: await order(pair.hq, id),
  lines: await orderLines(pair.hq, id),
  receipts: await receipts(pair.hq, id),
  movements: await movements(pair.hq, id),
});

let sent: any;

it('reaches the store by pull only once it is SENT, with its lines', async () => {
  const draft = await draftPurchaseOrder(pair.hq, {
    supplierId: supplier,
    storeId: a.store.id,
    items: [
      { productId: a.products.coffee.id, quantity: 5000 },
      { productId: a.products.bread.id, quantity: 3000, unitCost: 160 },
      { productId: a.products.service.id, quantity: 2000 },
    ],
  });
  for (const step of ['submit', 'approve']) {
    await sync();
    expect(await order(pair.store, draft.id)).toEqual([]);
    await pair.hq.rest('PATCH', `/purchase-orders/${draft.id}/${step}`, { token: pair.hq.adminToken });
  }
  await sync();
  expect(await order(pair.store, draft.id)).toEqual([]);
  // No store was told of the draft, submitted or approved order: its changes name no store.
  expect(await pair.hq.sql('select store_id from sync_change where entity_id = ?', [draft.id])).toEqual([]);
  sent = (await pair.hq.rest('PATCH', `/purchase-orders/${draft.id}/send`, { token: pair.hq.adminToken }))
    .body.data;
  expect(sent.status).toBe('SENT');
  await sync();
  expect(await order(pair.store, sent.id)).toEqual(await order(pair.hq, sent.id));
  expect(await orderLines(pair.store, sent.id)).toEqual(await orderLines(pair.hq, sent.id));
  expect(await pair.hq.sql('select store_id from sync_change where entity_id = ?', [sent.id])).toEqual([
    { store_id: a.store.id },
  ]);
  const atStore = await pair.store.rest('GET', `/purchase-orders/${sent.id}`, { token: atA });
  expect(atStore.body.data).toMatchObject({ number: sent.number, status: 'SENT', total: sent.total });
});

it('is received in two deliveries at the store, the first while HQ is out of reach; HQ follows once pushed', async () => {
  const [coffee, bread, service] = sent.items;
  hqUnreachable();
  try {
    const first = await receiveAtA(sent.id, {
      items: [
        { itemId: coffee.id, quantityReceived: 2000, unitCost: 480 },
        { itemId: bread.id, quantityReceived: 3000 },
      ],
      note: 'First truck',
    });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ status: 'PARTIALLY_RECEIVED', version: sent.version + 1 });
    await sync();
    // Nothing reached HQ: its order is as sent, its copy of A's levels unmoved.
    expect((await order(pair.hq, sent.id))[0]).toMatchObject({ status: 'SENT', version: sent.version });
    expect(await receipts(pair.hq, sent.id)).toEqual([]);
    expect(await stockLevel(pair.hq, a.store.id, a.products.coffee.id)).toBe(0);
    expect(await stockLevel(pair.store, a.store.id, a.products.coffee.id)).toBe(2000);
    const pending = await pair.store.sql<{ type: string }>(
      'select type from sync_outbox where pushed_at is null order by seq',
    );
    expect(pending.map((e) => e.type)).toEqual(['purchase_order.received']);
  } finally {
    hqBack();
  }
  const second = await receiveAtA(sent.id, {
    items: [
      { itemId: coffee.id, quantityReceived: 3000 },
      { itemId: service.id, quantityReceived: 2000 },
    ],
  });
  expect(second.body.data).toMatchObject({ status: 'RECEIVED', version: sent.version + 2 });
  await sync();
  await sync();

  const hq = await hqCopy(sent.id);
  expect(hq.order[0]).toMatchObject({ status: 'RECEIVED', version: sent.version + 2 });
  expect(hq.lines.map((l: any) => [l.quantity, l.quantity_received, l.quantity_closed_short])).toEqual([
    ['5000', '5000', '0'],
    ['3000', '3000', '0'],
    ['2000', '2000', '0'],
  ]);
  expect(hq.receipts.map((r: any) => [r.user_id, r.note, r.lines.length])).toEqual([
    [receiverId, 'First truck', 2],
    [receiverId, null, 2],
  ]);
  // The same rows on both servers: receipts, movements (the store's ids, times and user), the order.
  expect(await receipts(pair.store, sent.id)).toEqual(hq.receipts);
  expect(await movements(pair.store, sent.id)).toEqual(hq.movements);
  expect(hq.movements.map((m: any) => [m.product_id, m.quantity, m.type])).toEqual([
    [a.products.coffee.id, '2000', 'PO_RECEIPT'],
    [a.products.bread.id, '3000', 'PO_RECEIPT'],
    [a.products.coffee.id, '3000', 'PO_RECEIPT'],
  ]);
  expect(await order(pair.store, sent.id)).toEqual(hq.order);
  expect(await orderLines(pair.store, sent.id)).toEqual(hq.lines);
  for (const [product, level] of [
    [a.products.coffee.id, 5000],
    [a.products.bread.id, 3000],
    [a.products.service.id, 0],
  ] as const) {
    expect(await stockLevel(pair.hq, a.store.id, product)).toBe(level);
    expect(await stockLevel(pair.store, a.store.id, product)).toBe(level);
  }
  expect(await pair.hq.count('sync_error')).toBe(0);
});

it('refuses at HQ a receipt for a store with its own server (409), nothing changed', async () => {
  const other = await sentPurchaseOrder(pair.hq, {
    supplierId: supplier,
    storeId: a.store.id,
    items: [{ productId: a.products.bread.id, quantity: 1000 }],
  });
  const before = await hqCopy(other.id);
  const res = await pair.hq.rest('PATCH', `/purchase-orders/${other.id}/receive`, {
    token: pair.hq.adminToken,
    body: { items: [{ itemId: other.items[0].id, quantityReceived: 1000 }] },
  });
  expect([res.status, res.body.code, res.body.field]).toEqual([409, 'INVALID_STATE', 'storeId']);
  expect(await hqCopy(other.id)).toEqual(before);
  // Nor does a store server take HQ's part: sending, editing or cancelling is master data.
  await sync();
  const cancel = await pair.store.rest('PATCH', `/purchase-orders/${other.id}/cancel`, {
    token: pair.store.adminToken,
  });
  expect(cancel.status).toBe(403);
});

it('parks a receipt of an order HQ cancelled while the store was offline', async () => {
  const other = await sentPurchaseOrder(pair.hq, {
    supplierId: supplier,
    storeId: a.store.id,
    items: [{ productId: a.products.watch.id, quantity: 1000 }],
  });
  await sync();
  hqUnreachable();
  let receiptId: string;
  try {
    const cancelled = await pair.hq.rest('PATCH', `/purchase-orders/${other.id}/cancel`, {
      token: pair.hq.adminToken,
    });
    expect(cancelled.body.data.status).toBe('CANCELLED');
    const res = await receiveAtA(other.id, {
      items: [{ itemId: other.items[0].id, quantityReceived: 1000 }],
    });
    expect(res.body.data.status).toBe('RECEIVED');
    receiptId = res.body.data.receipts[0].id;
  } finally {
    hqBack();
  }
  const before = await hqCopy(other.id);
  await sync();
  const errors = await pair.hq.sql(`select code, type, message from sync_error where payload->>'id' = ?`, [
    receiptId,
  ]);
  expect(errors).toEqual([
    {
      code: 'INVALID_STATE',
      type: 'purchase_order.received',
      message: `Purchase order ${other.number} is CANCELLED: only a SENT or PARTIALLY_RECEIVED purchase order is received`,
    },
  ]);
  expect(await hqCopy(other.id)).toEqual(before);
  expect(await stockLevel(pair.hq, a.store.id, a.products.watch.id)).toBe(0);
});

// Last: these push events of their own under the store's token, past the store's own seq.
describe('pushes that no longer fit, or HQ has seen', () => {
  /** The store's outbox events of receipts of `id`. */
  const outbox = async (id: string) =>
    (
      await pair.store.sql<{ seq: string; event_id: string; type: string; occurred_at: Date; payload: any }>(
        `select seq, event_id, type, occurred_at, payload from sync_outbox
          where type = 'purchase_order.received' and payload->>'purchaseOrderId' = ? order by seq`,
        [id],
      )
    ).map((row) => ({
      seq: Number(row.seq),
      eventId: row.event_id,
      type: row.type,
      occurredAt: new Date(row.occurred_at).toISOString(),
      payload: row.payload,
    }));
  const nextSeq = async () =>
    Number(
      (await pair.hq.sql('select last_seq from store_sync where store_id = ?', [a.store.id]))[0].last_seq,
    ) + 1;

  it('parks an over-receipt arriving by push, HQ unchanged', async () => {
    const draft = await draftPurchaseOrder(pair.hq, {
      supplierId: supplier,
      storeId: a.store.id,
      items: [{ productId: a.products.coffee.id, quantity: 2000 }],
    });
    const other = await sendDraft(pair.hq, draft.id);
    await sync();
    const first = await receiveAtA(other.id, {
      items: [{ itemId: other.items[0].id, quantityReceived: 1000 }],
    });
    expect(first.body.data.status).toBe('PARTIALLY_RECEIVED');
    await sync();
    const [event] = await outbox(other.id);
    const before = await hqCopy(other.id);
    const over = {
      ...event.payload,
      id: uuidv7(),
      lines: [{ itemId: other.items[0].id, quantityReceived: 1500, unitCost: 499 }],
      movements: [{ ...event.payload.movements[0], id: uuidv7(), quantity: 1500 }],
    };
    const seq = await nextSeq();
    const res = await push(pair.hq, pair.token, events(seq, [{ type: event.type, payload: over }]));
    expect(res.body.data.results).toEqual([{ seq, status: 'parked', errorId: expect.any(String) }]);
    const [error] = await pair.hq.sql('select code, message from sync_error where id = ?', [
      res.body.data.results[0].errorId,
    ]);
    expect(error).toEqual({
      code: 'UNPROCESSABLE',
      message:
        'items.0.quantityReceived: receives 1500, but only 1000 of line 1 is still open (ordered 2000, received 1000)',
    });
    expect(await hqCopy(other.id)).toEqual(before);
  });

  it('applies a receipt pushed twice once: as a duplicate seq, and again under a new seq', async () => {
    const [event] = await outbox(sent.id);
    const before = {
      copy: await hqCopy(sent.id),
      level: await stockLevel(pair.hq, a.store.id, a.products.coffee.id),
    };
    const again = await push(pair.hq, pair.token, [event]);
    expect(again.status).toBe(200);
    expect(again.body.data.results).toEqual([{ seq: event.seq, status: 'duplicate', errorId: null }]);
    const seq = await nextSeq();
    const renewed = await push(
      pair.hq,
      pair.token,
      events(seq, [{ type: event.type, payload: event.payload }]),
    );
    expect(renewed.body.data.results).toEqual([{ seq, status: 'applied', errorId: null }]);
    expect({
      copy: await hqCopy(sent.id),
      level: await stockLevel(pair.hq, a.store.id, a.products.coffee.id),
    }).toEqual(before);
  });
});
