import { startSyncPair, type SyncPair } from '../support/sync';
import {
  createSellingFixture,
  openRegister,
  postSale,
  saleBody,
  TILL_PERMISSIONS,
  type SellingFixture,
} from '../support/selling';
import type { TestUser } from '../support/server';

/*
 * Refunds across servers: a store server refunds its own sales offline and another store's through HQ;
 * HQ records each pushed refund once, and parks one that refunds what another store already gave back.
 */
let pair: SyncPair;
/** Store A has its own server; B trades at HQ. */
let a: SellingFixture;
let b: SellingFixture;
/** Token at A's server of a cashier who may refund there. */
let atA: string;
let refunderB: TestUser;
let saleBasis: unknown;

beforeAll(async () => {
  pair = await startSyncPair();
  a = await createSellingFixture(pair.hq, { storeId: pair.storeRow.id });
  b = await createSellingFixture(pair.hq);
  const refunderA = await pair.hq.userWith([...TILL_PERMISSIONS, 'pos.refund'], { storeId: a.store.id });
  refunderB = await pair.hq.userWith([...TILL_PERMISSIONS, 'pos.refund'], { storeId: b.store.id });
  await sync();
  atA = await pair.store.login(refunderA.username, refunderA.pin);
  const open = await pair.store.rest('POST', '/registers/open', {
    token: atA,
    body: { terminalId: 'T01', openingAmount: 5000 },
  });
  expect(open.status).toBe(201);
  await openRegister(pair.hq, b, 'T01');
  saleBasis = pair.store.server.runtime.sync!.saleBasis;
});
afterEach(() => {
  // Every test starts with HQ reachable.
  (pair.store.server.runtime.sync as { saleBasis?: unknown }).saleBasis = saleBasis;
});
afterAll(() => pair.close());

const sync = () => pair.store.server.syncAgent!.syncNow();
/** HQ out of reach of the store server's refunds (the rest of sync is not used meanwhile). */
const hqUnreachable = () => {
  pair.store.server.runtime.sync!.saleBasis = async () => undefined;
};

let n = 0;
const receipt = () => `RS-${++n}-${Date.now()}`;

async function sellAtA(lines: Parameters<typeof saleBody>[1]) {
  const { storeId: _s, ...body } = saleBody(a, lines);
  const res = await pair.store.rest('POST', '/sales', {
    token: atA,
    body: { ...body, cashierId: a.cashier.id },
  });
  expect(res.status).toBe(201);
  return res.body.data;
}

function refundBody(sale: any, quantity: number, method: string, amount: number, cashierId: string) {
  return {
    saleId: sale.id,
    receiptNumber: receipt(),
    terminalId: 'T01',
    cashierId,
    reason: 'Returned',
    items: [{ saleItemId: sale.items[0].id, quantity, disposition: 'RESTOCK' }],
    payments: [{ method, amount }],
  };
}

const refundAtA = (body: unknown) => pair.store.rest('POST', '/refunds', { token: atA, body });

it("refunds the store's own sale offline, and HQ records the refund identical, once", async () => {
  const sale = await sellAtA([{ product: a.products.coffee, quantity: 2000 }]);
  hqUnreachable();
  // One coffee of two: 999, State 125/2 = 62.5 -> 62, County 10: 1071.
  const res = await refundAtA(refundBody(sale, 1000, a.tenders.cash, 1071, a.cashier.id));
  expect(res.status).toBe(201);
  const id = res.body.data.id;
  await sync();
  for (const sql of [
    'select * from sale where id = ?',
    'select * from sale_item where sale_id = ? order by line_number',
    'select * from sale_payment where sale_id = ? order by position',
    'select id, product_id, quantity, type, reference_id, created_at from stock_movement where reference_id = ? order by id',
  ]) {
    const [atStore, atHq] = await Promise.all([pair.store.sql(sql, [id]), pair.hq.sql(sql, [id])]);
    expect(atStore.length).toBeGreaterThan(0);
    expect(atHq).toEqual(atStore);
  }
  const [movement] = await pair.hq.sql('select type, quantity from stock_movement where reference_id = ?', [
    id,
  ]);
  expect(movement).toEqual({ type: 'RETURN', quantity: '1000' });
  expect(await pair.hq.count('sync_error')).toBe(0);
});

it('parks as OVER_REFUND, at HQ, what a store refunded offline after another store refunded it', async () => {
  const sale = await sellAtA([{ product: a.products.coffee, quantity: 2000 }]);
  await sync();
  // At HQ, store B gives both coffees back (2143) for A's sale.
  const atHq = await pair.hq.rest('POST', '/refunds', {
    token: refunderB.token,
    body: { ...refundBody(sale, 2000, a.tenders.cash, 2143, b.cashier.id), storeId: b.store.id },
  });
  expect(atHq.status).toBe(201);
  expect(atHq.body.data).toMatchObject({ storeId: b.store.id, refundOfId: sale.id, grandTotal: -2143 });

  // Online, A's server knows of it through HQ: nothing is left.
  const online = await refundAtA(refundBody(sale, 1000, a.tenders.cash, 1071, a.cashier.id));
  expect(online.status).toBe(409);
  expect(online.body.code).toBe('OVER_REFUND');

  // Offline, A refunds from what it knows; HQ parks it when it arrives.
  hqUnreachable();
  const offline = await refundAtA(refundBody(sale, 1000, a.tenders.cash, 1071, a.cashier.id));
  expect(offline.status).toBe(201);
  await sync();
  const errors = await pair.hq.sql<{ code: string; type: string; message: string }>(
    `select code, type, message from sync_error where payload->>'id' = ?`,
    [offline.body.data.id],
  );
  expect(errors).toEqual([
    {
      code: 'OVER_REFUND',
      type: 'refund.created',
      message:
        "items.0.quantity: refunds 1000 of line 1's units, but only 0 is left to refund across every store",
    },
  ]);
  expect(await pair.hq.sql('select id from sale where id = ?', [offline.body.data.id])).toEqual([]);
  const [{ refunded }] = await pair.hq.sql<{ refunded: string }>(
    'select -sum(quantity) as refunded from sale_item i join sale s on s.id = i.sale_id where s.refund_of_id = ?',
    [sale.id],
  );
  expect(Number(refunded)).toBe(2000);
});

it("refunds another store's sale through HQ (409 while HQ is out of reach), and HQ records it", async () => {
  const res = await postSale(pair.hq, b, saleBody(b, [{ product: b.products.bread, quantity: 2000 }]));
  expect(res.status).toBe(201);
  const sale = res.body.data;
  hqUnreachable();
  const offline = await refundAtA(refundBody(sale, 1000, b.tenders.cash, 350, a.cashier.id));
  expect(offline.status).toBe(409);
  expect(offline.body).toMatchObject({ code: 'INVALID_STATE', field: 'saleId' });
  (pair.store.server.runtime.sync as { saleBasis?: unknown }).saleBasis = saleBasis;

  const preview = await pair.store.rest('GET', `/sales/${sale.id}/refundable`, { token: atA });
  expect(preview.status).toBe(200);
  expect(preview.body.data.lines[0]).toMatchObject({ quantityRefundable: 2000, totalRefundable: 700 });
  const made = await refundAtA(refundBody(sale, 1000, b.tenders.cash, 350, a.cashier.id));
  expect(made.status).toBe(201);
  expect(made.body.data).toMatchObject({ storeId: a.store.id, refundOfId: sale.id, grandTotal: -350 });
  await sync();
  const [row] = await pair.hq.sql('select store_id, refund_of_id, grand_total from sale where id = ?', [
    made.body.data.id,
  ]);
  expect(row).toEqual({ store_id: a.store.id, refund_of_id: sale.id, grand_total: '-350' });
  // The bread went back on A's shelf, at HQ's copy of A's levels too.
  const [move] = await pair.hq.sql(
    'select store_id, type, quantity from stock_movement where reference_id = ?',
    [made.body.data.id],
  );
  expect(move).toEqual({ store_id: a.store.id, type: 'RETURN', quantity: '1000' });
});
