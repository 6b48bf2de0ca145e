import { PurchaseOrderDocument, ReceivePurchaseOrderDocument } from '../generated/graphql';
import {
  draftPurchaseOrder,
  purchasingSnapshot,
  roundHalfEven,
  sendDraft,
  sentPurchaseOrder,
  type OrderLine,
} from '../support/purchasing';
import { createSellingFixture, stockLevel, type SellingFixture } from '../support/selling';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

/*
 * Purchase orders at HQ, for stores without a server of their own: the lifecycle, the figures (worked
 * out here from DOMAIN.md, not by the code under test), receipts and the stock they bring in, and every
 * refusal, each shown to change nothing.
 */

let t: TestServer;
let f: SellingFixture;
let storeB: { id: string };
let supplier: string;
let inactiveSupplier: string;
/** purchase_orders.create, edit, delete and view at every store. */
let buyer: TestUser;
/** purchase_orders.approve and view at every store. */
let approver: TestUser;
/** purchase_orders.receive and view at store A only (signed in there). */
let receiver: TestUser;
/** Every purchase_orders permission, at store B only (signed in there). */
let managerB: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  f = await createSellingFixture(t);
  storeB = await t.createStore('POB');
  const made = async (name: string, isActive: boolean) =>
    (await t.rest('POST', '/suppliers', { token: t.adminToken, body: { name, isActive } })).body.data.id;
  supplier = await made('Acme Wholesale', true);
  inactiveSupplier = await made('Gone Ltd', false);
  buyer = await t.userWith([
    'purchase_orders.view',
    'purchase_orders.create',
    'purchase_orders.edit',
    'purchase_orders.delete',
  ]);
  approver = await t.userWith(['purchase_orders.view', 'purchase_orders.approve']);
  receiver = await t.userWith(['purchase_orders.view', 'purchase_orders.receive'], { storeId: f.store.id });
  managerB = await t.userWith(
    [
      'purchase_orders.view',
      'purchase_orders.create',
      'purchase_orders.edit',
      'purchase_orders.approve',
      'purchase_orders.receive',
      'purchase_orders.delete',
    ],
    { storeId: storeB.id },
  );
});
afterAll(() => t.close());

const po = (path = '') => `/purchase-orders${path}`;
const get = (id: string, token = buyer.token) => t.rest('GET', po(`/${id}`), { token });
const patch = (id: string, step: string, token: string, body?: unknown) =>
  t.rest('PATCH', po(`/${id}/${step}`), { token, body });
const receive = (id: string, body: unknown, token = receiver.token) => patch(id, 'receive', token, body);
const lines = (order: any) => order.items as any[];
const lineOf = (order: any, productId: string) => lines(order).find((l) => l.productId === productId);
const movements = (id: string) =>
  t.sql(
    `select product_id, quantity::int, type, user_id, notes, quantity_after::int from stock_movement
      where reference_id = ? order by created_at, id`,
    [id],
  );

/** A call refused with this status, code and field, that changed nothing. */
async function expectRefused(
  call: () => Promise<{ status: number; body: any }>,
  status: number,
  code: string,
  field?: string,
): Promise<any> {
  const before = await purchasingSnapshot(t);
  const res = await call();
  expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({ status, code, field });
  expect(await purchasingSnapshot(t)).toEqual(before);
  return res.body;
}

describe('a purchase order from draft to received, in two deliveries', () => {
  // Lines: 2.5 coffee at the product's cost 499 = 1247.5 -> 1248 (half to even); 12 bread at 333 = 3996;
  // 1.5 service (untracked) at 2500 = 3750; 0.5 watch at 12345 = 6172.5 -> 6172. Total 15166.
  const expected = [
    roundHalfEven(2500 * 499, 1000),
    roundHalfEven(12000 * 333, 1000),
    roundHalfEven(1500 * 2500, 1000),
    roundHalfEven(500 * 12345, 1000),
  ];
  let order: any;

  it('creates a DRAFT with the first number, the costs defaulted and every total computed', async () => {
    expect(expected).toEqual([1248, 3996, 3750, 6172]);
    const items: OrderLine[] = [
      { productId: f.products.coffee.id, quantity: 2500 },
      { productId: f.products.bread.id, quantity: 12000, unitCost: 333 },
      { productId: f.products.service.id, quantity: 1500 },
      { productId: f.products.watch.id, quantity: 500, unitCost: 12345 },
    ];
    order = await draftPurchaseOrder(
      t,
      { supplierId: supplier, storeId: f.store.id, items, notes: 'Weekly order', expectedDate: '2026-12-20' },
      buyer.token,
    );
    expect(order).toMatchObject({
      number: 'PO-000001',
      status: 'DRAFT',
      supplierId: supplier,
      storeId: f.store.id,
      notes: 'Weekly order',
      expectedDate: '2026-12-20',
      total: 15166,
      createdById: buyer.id,
      submittedById: null,
      submittedAt: null,
      receipts: [],
    });
    expect(lines(order).map((l) => [l.lineNumber, l.sku, l.quantity, l.unitCost, l.lineTotal])).toEqual([
      [1, f.products.coffee.sku, 2500, 499, 1248],
      [2, f.products.bread.sku, 12000, 333, 3996],
      [3, f.products.service.sku, 1500, 2500, 3750],
      [4, f.products.watch.sku, 500, 12345, 6172],
    ]);
    for (const line of lines(order)) {
      expect(line).toMatchObject({
        quantityReceived: 0,
        quantityClosedShort: 0,
        quantityOpen: line.quantity,
      });
    }
    const second = await draftPurchaseOrder(t, { supplierId: supplier, storeId: f.store.id }, buyer.token);
    expect([second.number, second.total, second.items]).toEqual(['PO-000002', 0, []]);
  });

  it('edits the draft: header, a line added, changed and removed, the total following each', async () => {
    const header = await t.rest('PUT', po(`/${order.id}`), {
      token: buyer.token,
      body: { notes: null, expectedDate: '2026-12-22' },
    });
    expect(header.status).toBe(200);
    expect(header.body.data).toMatchObject({ notes: null, expectedDate: '2026-12-22', total: 15166 });
    // The same coffee again is refused: one line per product.
    await expectRefused(
      () =>
        t.rest('POST', po(`/${order.id}/items`), {
          token: buyer.token,
          body: { productId: f.products.coffee.id, quantity: 1000 },
        }),
      422,
      'UNPROCESSABLE',
      'productId',
    );
    const extra = await t.createStore('POX');
    const product = await t.rest('POST', '/products', {
      token: t.adminToken,
      body: { sku: 'PO-EXTRA', name: 'Extra', sellPrice: 100, costPrice: 37 },
    });
    const added = await t.rest('POST', po(`/${order.id}/items`), {
      token: buyer.token,
      body: { productId: product.body.data.id, quantity: 3000 },
    });
    expect(added.status).toBe(201);
    expect(added.body.data.total).toBe(15166 + 111);
    const line5 = lines(added.body.data)[4];
    expect(line5).toMatchObject({ lineNumber: 5, unitCost: 37, lineTotal: 111 });
    const changed = await t.rest('PUT', po(`/${order.id}/items/${line5.id}`), {
      token: buyer.token,
      body: { quantity: 1500, unitCost: 41 },
    });
    // 1.5 at 41 = 61.5 -> 62 (half to even).
    expect(lineOf(changed.body.data, product.body.data.id)).toMatchObject({ quantity: 1500, lineTotal: 62 });
    expect(changed.body.data.total).toBe(15166 + 62);
    const removed = await t.rest('DELETE', po(`/${order.id}/items/${lines(added.body.data)[1].id}`), {
      token: buyer.token,
    });
    expect(removed.status).toBe(200);
    expect(removed.body.data.total).toBe(15166 + 62 - 3996);
    expect(lines(removed.body.data).map((l) => [l.lineNumber, l.productId])).toEqual([
      [1, f.products.coffee.id],
      [2, f.products.service.id],
      [3, f.products.watch.id],
      [4, product.body.data.id],
    ]);
    // Put back as they were: bread 12 at 333 (last now), the extra line gone.
    await t.rest('DELETE', po(`/${order.id}/items/${line5.id}`), { token: buyer.token });
    const back = await t.rest('POST', po(`/${order.id}/items`), {
      token: buyer.token,
      body: { productId: f.products.bread.id, quantity: 12000, unitCost: 333 },
    });
    expect(back.body.data.total).toBe(15166);
    // Moved to another store and back: the store must be active, and one the caller may order for.
    const moved = await t.rest('PUT', po(`/${order.id}`), {
      token: buyer.token,
      body: { storeId: extra.id },
    });
    expect(moved.body.data.storeId).toBe(extra.id);
    await t.rest('PUT', po(`/${order.id}`), { token: buyer.token, body: { storeId: f.store.id } });
    order = back.body.data;
  });

  it('is submitted, approved and sent, each with who and when; then no longer edited (409)', async () => {
    const submitted = await patch(order.id, 'submit', buyer.token);
    expect(submitted.status).toBe(200);
    expect(submitted.body.data).toMatchObject({ status: 'SUBMITTED', submittedById: buyer.id });
    expect(Date.parse(submitted.body.data.submittedAt)).not.toBeNaN();
    for (const call of [
      () => t.rest('PUT', po(`/${order.id}`), { token: buyer.token, body: { notes: 'Late' } }),
      () =>
        t.rest('POST', po(`/${order.id}/items`), {
          token: buyer.token,
          body: { productId: f.products.bread.id, quantity: 1 },
        }),
      () =>
        t.rest('PUT', po(`/${order.id}/items/${order.items[0].id}`), {
          token: buyer.token,
          body: { quantity: 1 },
        }),
      () => t.rest('DELETE', po(`/${order.id}/items/${order.items[0].id}`), { token: buyer.token }),
      () => t.rest('DELETE', po(`/${order.id}`), { token: buyer.token }),
      () => patch(order.id, 'submit', buyer.token),
      () => patch(order.id, 'send', buyer.token),
      () => receive(order.id, { items: [{ itemId: order.items[0].id, quantityReceived: 1000 }] }),
    ]) {
      await expectRefused(call, 409, 'INVALID_STATE');
    }
    // Approving needs purchase_orders.approve.
    await expectRefused(() => patch(order.id, 'approve', buyer.token), 403, 'FORBIDDEN');
    const approved = await patch(order.id, 'approve', approver.token);
    expect(approved.body.data).toMatchObject({ status: 'APPROVED', approvedById: approver.id });
    const sent = await patch(order.id, 'send', buyer.token);
    expect(sent.body.data).toMatchObject({ status: 'SENT', sentById: buyer.id, total: 15166 });
    expect(Date.parse(sent.body.data.sentAt)).not.toBeNaN();
    order = sent.body.data;
  });

  it('receives a first delivery: a receipt row, the lines, PO_RECEIPT stock at the store, a new version', async () => {
    const [coffee, bread] = [lineOf(order, f.products.coffee.id), lineOf(order, f.products.bread.id)];
    expect(await stockLevel(t, f.store.id, f.products.coffee.id)).toBe(0);
    expect(await stockLevel(t, f.store.id, f.products.bread.id)).toBe(0);
    const res = await receive(order.id, {
      items: [
        { itemId: coffee.id, quantityReceived: 1000, unitCost: 480 },
        { itemId: bread.id, quantityReceived: 12000 },
      ],
      note: 'First pallet',
    });
    expect(res.status).toBe(200);
    const after = res.body.data;
    expect(after).toMatchObject({ status: 'PARTIALLY_RECEIVED', total: 15166, version: order.version + 1 });
    expect(lineOf(after, f.products.coffee.id)).toMatchObject({
      quantityReceived: 1000,
      quantityClosedShort: 0,
      quantityOpen: 1500,
      unitCost: 499,
    });
    expect(lineOf(after, f.products.bread.id)).toMatchObject({ quantityReceived: 12000, quantityOpen: 0 });
    expect(after.receipts).toHaveLength(1);
    expect(after.receipts[0]).toMatchObject({
      storeId: f.store.id,
      userId: receiver.id,
      note: 'First pallet',
      closeShort: false,
      lines: [
        { itemId: coffee.id, quantityReceived: 1000, unitCost: 480 },
        { itemId: bread.id, quantityReceived: 12000, unitCost: 333 },
      ],
    });
    expect(await stockLevel(t, f.store.id, f.products.coffee.id)).toBe(1000);
    expect(await stockLevel(t, f.store.id, f.products.bread.id)).toBe(12000);
    expect(await movements(order.id)).toEqual([
      {
        product_id: f.products.coffee.id,
        quantity: 1000,
        type: 'PO_RECEIPT',
        user_id: receiver.id,
        notes: 'First pallet',
        quantity_after: 1000,
      },
      {
        product_id: f.products.bread.id,
        quantity: 12000,
        type: 'PO_RECEIPT',
        user_id: receiver.id,
        notes: 'First pallet',
        quantity_after: 12000,
      },
    ]);
    order = after;
  });

  it('refuses a receipt of more than is open, an unknown or repeated line, another store, 403 without the grant', async () => {
    const [coffee, bread] = [lineOf(order, f.products.coffee.id), lineOf(order, f.products.bread.id)];
    const body = await expectRefused(
      () =>
        receive(order.id, {
          items: [
            { itemId: coffee.id, quantityReceived: 1000 },
            { itemId: bread.id, quantityReceived: 1 },
          ],
        }),
      422,
      'UNPROCESSABLE',
      'items.1.quantityReceived',
    );
    expect(body.error).toBe(
      'items.1.quantityReceived: receives 1, but only 0 of line 4 is still open (ordered 12000, received 12000)',
    );
    await expectRefused(
      () => receive(order.id, { items: [{ itemId: coffee.id, quantityReceived: 1501 }] }),
      422,
      'UNPROCESSABLE',
      'items.0.quantityReceived',
    );
    await expectRefused(
      () => receive(order.id, { items: [{ itemId: f.store.id, quantityReceived: 1 }] }),
      422,
      'UNPROCESSABLE',
      'items.0.itemId',
    );
    await expectRefused(
      () =>
        receive(order.id, {
          items: [
            { itemId: coffee.id, quantityReceived: 1 },
            { itemId: coffee.id, quantityReceived: 1 },
          ],
        }),
      422,
      'UNPROCESSABLE',
      'items.1.itemId',
    );
    await expectRefused(
      () => receive(order.id, { items: [{ itemId: coffee.id, quantityReceived: 0 }] }),
      400,
      'VALIDATION',
      'items.0.quantityReceived',
    );
    await expectRefused(() => receive(order.id, { items: [] }), 400, 'VALIDATION', 'items');
    // Store B's manager holds purchase_orders.receive, but at B: this order is A's.
    await expectRefused(
      () => receive(order.id, { items: [{ itemId: coffee.id, quantityReceived: 1 }] }, managerB.token),
      403,
      'FORBIDDEN',
    );
    await expectRefused(
      () => receive(order.id, { items: [{ itemId: coffee.id, quantityReceived: 1 }] }, buyer.token),
      403,
      'FORBIDDEN',
    );
    await expectRefused(() => patch(order.id, 'cancel', buyer.token), 409, 'INVALID_STATE');
  });

  it('receives the rest through GraphQL: RECEIVED, no movement for the untracked product', async () => {
    const [coffee, service, watch] = [
      lineOf(order, f.products.coffee.id),
      lineOf(order, f.products.service.id),
      lineOf(order, f.products.watch.id),
    ];
    const res = await t.gql(
      ReceivePurchaseOrderDocument,
      {
        id: order.id,
        items: [
          { itemId: coffee.id, quantityReceived: 1500 },
          { itemId: service.id, quantityReceived: 1500 },
          { itemId: watch.id, quantityReceived: 500, unitCost: 12000 },
        ],
      },
      receiver.token,
    );
    expect(res.errors).toBeUndefined();
    const after = res.data!.receivePurchaseOrder;
    expect(after).toMatchObject({ status: 'RECEIVED', closedShortReason: null, version: order.version + 1 });
    expect(after.items.map((l) => [l.quantityReceived, l.quantityClosedShort, l.quantityOpen])).toEqual(
      after.items.map((l) => [l.quantity, 0, 0]),
    );
    expect(after.receipts.map((r) => r.lines.length)).toEqual([2, 3]);
    expect(await stockLevel(t, f.store.id, f.products.coffee.id)).toBe(2500);
    expect(await stockLevel(t, f.store.id, f.products.watch.id)).toBe(500);
    expect(await stockLevel(t, f.store.id, f.products.service.id)).toBe(0);
    expect((await movements(order.id)).map((m) => [m.product_id, m.quantity, m.quantity_after])).toEqual([
      [f.products.coffee.id, 1000, 1000],
      [f.products.bread.id, 12000, 12000],
      [f.products.coffee.id, 1500, 2500],
      [f.products.watch.id, 500, 500],
    ]);
    const read = await t.gql(PurchaseOrderDocument, { id: order.id }, receiver.token);
    expect(read.data!.purchaseOrder).toEqual(after);
    await expectRefused(() => patch(order.id, 'cancel', buyer.token), 409, 'INVALID_STATE');
    await expectRefused(
      () => receive(order.id, { items: [{ itemId: coffee.id, quantityReceived: 1 }] }),
      409,
      'INVALID_STATE',
    );
  });
});

describe('closing short', () => {
  it('closes a partly received order RECEIVED, the rest of each line closed short with the reason', async () => {
    const order = await sentPurchaseOrder(t, {
      supplierId: supplier,
      storeId: f.store.id,
      items: [
        { productId: f.products.coffee.id, quantity: 5000 },
        { productId: f.products.bread.id, quantity: 3000 },
      ],
    });
    const [coffee, bread] = lines(order);
    // Nothing received yet: closing short is a cancellation, said so.
    const nothing = await expectRefused(
      () => receive(order.id, { items: [], closeShort: true, note: 'Never came' }),
      409,
      'INVALID_STATE',
    );
    expect(nothing.error).toBe(
      'Nothing has been received on this purchase order: cancel it instead of closing it short',
    );
    const first = await receive(order.id, { items: [{ itemId: coffee.id, quantityReceived: 2000 }] });
    expect(first.body.data.status).toBe('PARTIALLY_RECEIVED');
    const cancel = await expectRefused(() => patch(order.id, 'cancel', buyer.token), 409, 'INVALID_STATE');
    expect(cancel.error).toBe(
      `Purchase order ${order.number} has receipts: close it short instead (receive with closeShort: true)`,
    );
    await expectRefused(
      () => receive(order.id, { items: [{ itemId: bread.id, quantityReceived: 1000 }], closeShort: true }),
      400,
      'VALIDATION',
      'note',
    );
    const closed = await receive(order.id, {
      items: [{ itemId: bread.id, quantityReceived: 1000 }],
      closeShort: true,
      note: 'Supplier out of stock',
    });
    expect(closed.status).toBe(200);
    expect(closed.body.data).toMatchObject({
      status: 'RECEIVED',
      closedShortReason: 'Supplier out of stock',
    });
    expect(
      lines(closed.body.data).map((l) => [l.quantityReceived, l.quantityClosedShort, l.quantityOpen]),
    ).toEqual([
      [2000, 3000, 0],
      [1000, 2000, 0],
    ]);
    expect(closed.body.data.receipts.map((r: any) => [r.closeShort, r.note])).toEqual([
      [false, null],
      [true, 'Supplier out of stock'],
    ]);
    expect((await movements(order.id)).map((m) => [m.product_id, m.quantity])).toEqual([
      [f.products.coffee.id, 2000],
      [f.products.bread.id, 1000],
    ]);
  });
});

describe('cancelling', () => {
  it('cancels from DRAFT, SUBMITTED, APPROVED and SENT, with who and when; a cancelled order is final', async () => {
    const steps = ['submit', 'approve', 'send'];
    for (let k = 0; k <= steps.length; k++) {
      const order = await draftPurchaseOrder(t, {
        supplierId: supplier,
        storeId: f.store.id,
        items: [{ productId: f.products.bread.id, quantity: 1000 }],
      });
      for (const step of steps.slice(0, k)) await patch(order.id, step, t.adminToken);
      const res = await patch(order.id, 'cancel', buyer.token);
      expect([res.status, res.body.data.status, res.body.data.cancelledById]).toEqual([
        200,
        'CANCELLED',
        buyer.id,
      ]);
      expect(Date.parse(res.body.data.cancelledAt)).not.toBeNaN();
      await expectRefused(() => patch(order.id, 'cancel', buyer.token), 409, 'INVALID_STATE');
      await expectRefused(() => patch(order.id, 'submit', buyer.token), 409, 'INVALID_STATE');
      await expectRefused(
        () => receive(order.id, { items: [{ itemId: order.items[0].id, quantityReceived: 1 }] }),
        409,
        'INVALID_STATE',
      );
    }
  });
});

describe('refusals when creating', () => {
  const body = (extra: Record<string, unknown> = {}) => ({
    supplierId: supplier,
    storeId: f.store.id,
    items: [{ productId: f.products.coffee.id, quantity: 1000 }],
    ...extra,
  });
  const create = (b: unknown, token = buyer.token) => t.rest('POST', po(), { token, body: b });

  it.each([
    ['an inactive supplier', () => ({ supplierId: inactiveSupplier }), 422, 'UNPROCESSABLE', 'supplierId'],
    ['an unknown supplier', () => ({ supplierId: f.store.id }), 400, 'VALIDATION', 'supplierId'],
    ['an unknown store', () => ({ storeId: supplier }), 400, 'VALIDATION', 'storeId'],
    [
      'an unknown product',
      () => ({ items: [{ productId: supplier, quantity: 1000 }] }),
      400,
      'VALIDATION',
      'items.0.productId',
    ],
    [
      'a product twice',
      () => ({
        items: [
          { productId: f.products.bread.id, quantity: 1000 },
          { productId: f.products.bread.id, quantity: 2000 },
        ],
      }),
      422,
      'UNPROCESSABLE',
      'items.1.productId',
    ],
    [
      'a quantity of 0',
      () => ({ items: [{ productId: f.products.bread.id, quantity: 0 }] }),
      400,
      'VALIDATION',
      'items.0.quantity',
    ],
    [
      'a negative cost',
      () => ({ items: [{ productId: f.products.bread.id, quantity: 1, unitCost: -1 }] }),
      400,
      'VALIDATION',
      'items.0.unitCost',
    ],
    [
      'a line beyond the largest amount',
      () => ({ items: [{ productId: f.products.bread.id, quantity: 1_000_000_000, unitCost: 100_000_000 }] }),
      422,
      'UNPROCESSABLE',
      'items.0.quantity',
    ],
  ])('refuses %s, nothing written', async (_what, extra, status, code, field) => {
    await expectRefused(() => create(body(extra())), status, code, field);
  });

  it('refuses an inactive store or product (422), and a caller without the grant at that store (403)', async () => {
    const closed = await t.createStore('POCLOSED');
    await t.rest('PUT', `/stores/${closed.id}`, { token: t.adminToken, body: { isActive: false } });
    await expectRefused(() => create(body({ storeId: closed.id })), 422, 'UNPROCESSABLE', 'storeId');
    const old = await t.rest('POST', '/products', {
      token: t.adminToken,
      body: { sku: 'PO-OLD', name: 'Old', sellPrice: 100 },
    });
    await t.rest('PATCH', `/products/${old.body.data.id}/toggle-active`, { token: t.adminToken });
    await expectRefused(
      () => create(body({ items: [{ productId: old.body.data.id, quantity: 1000 }] })),
      422,
      'UNPROCESSABLE',
      'items.0.productId',
    );
    // B's manager orders for B, never for A; nor does one without purchase_orders.create.
    await expectRefused(() => create(body(), managerB.token), 403, 'FORBIDDEN');
    await expectRefused(() => create(body(), approver.token), 403, 'FORBIDDEN');
    const own = await create(body({ storeId: storeB.id }), managerB.token);
    expect([own.status, own.body.data.storeId]).toEqual([201, storeB.id]);
  });

  it('refuses submitting an order without lines (409), and moving a draft to a store the caller may not order for (403)', async () => {
    const empty = await draftPurchaseOrder(t, { supplierId: supplier, storeId: storeB.id }, managerB.token);
    const refused = await expectRefused(
      () => patch(empty.id, 'submit', managerB.token),
      409,
      'INVALID_STATE',
    );
    expect(refused.error).toBe(
      `Purchase order ${empty.number} has no lines: add at least one before submitting it`,
    );
    await expectRefused(
      () => t.rest('PUT', po(`/${empty.id}`), { token: managerB.token, body: { storeId: f.store.id } }),
      403,
      'FORBIDDEN',
    );
    await expectRefused(
      () =>
        t.rest('PUT', po(`/${empty.id}`), { token: managerB.token, body: { supplierId: inactiveSupplier } }),
      422,
      'UNPROCESSABLE',
      'supplierId',
    );
  });
});

describe("another store's purchase order", () => {
  it('is neither read nor changed by a store-level grant elsewhere (403), nothing changed', async () => {
    const order = await draftPurchaseOrder(t, {
      supplierId: supplier,
      storeId: f.store.id,
      items: [{ productId: f.products.bread.id, quantity: 1000 }],
    });
    const item = order.items[0].id;
    const token = managerB.token;
    for (const call of [
      () => get(order.id, token),
      () => t.rest('PUT', po(`/${order.id}`), { token, body: { notes: 'Mine' } }),
      () =>
        t.rest('POST', po(`/${order.id}/items`), {
          token,
          body: { productId: f.products.coffee.id, quantity: 1 },
        }),
      () => t.rest('PUT', po(`/${order.id}/items/${item}`), { token, body: { quantity: 5 } }),
      () => t.rest('DELETE', po(`/${order.id}/items/${item}`), { token }),
      () => t.rest('DELETE', po(`/${order.id}`), { token }),
      () => patch(order.id, 'submit', token),
      () => patch(order.id, 'cancel', token),
    ]) {
      await expectRefused(call, 403, 'FORBIDDEN');
    }
    expect((await get(order.id, t.adminToken)).status).toBe(200);
    expect((await get('01900000-0000-7000-8000-000000000000', t.adminToken)).status).toBe(404);
  });
});

describe('deleting', () => {
  it('deletes a DRAFT with its lines; refuses another state (409) and a caller without the grant (403)', async () => {
    const order = await draftPurchaseOrder(t, {
      supplierId: supplier,
      storeId: f.store.id,
      items: [{ productId: f.products.bread.id, quantity: 1000 }],
    });
    await expectRefused(
      () => t.rest('DELETE', po(`/${order.id}`), { token: approver.token }),
      403,
      'FORBIDDEN',
    );
    const unknownLine = po(`/${order.id}/items/01900000-0000-7000-8000-000000000000`);
    await expectRefused(() => t.rest('DELETE', unknownLine, { token: buyer.token }), 404, 'NOT_FOUND');
    await expectRefused(
      () => t.rest('PUT', unknownLine, { token: buyer.token, body: { quantity: 5 } }),
      404,
      'NOT_FOUND',
    );
    const res = await t.rest('DELETE', po(`/${order.id}`), { token: buyer.token });
    expect([res.status, res.body.data.id, res.body.data.status]).toEqual([200, order.id, 'DRAFT']);
    expect(await t.sql('select id from purchase_order where id = ?', [order.id])).toEqual([]);
    expect(await t.sql('select id from purchase_order_item where purchase_order_id = ?', [order.id])).toEqual(
      [],
    );
    const submitted = await draftPurchaseOrder(t, {
      supplierId: supplier,
      storeId: f.store.id,
      items: [{ productId: f.products.bread.id, quantity: 1000 }],
    });
    await patch(submitted.id, 'submit', buyer.token);
    await expectRefused(
      () => t.rest('DELETE', po(`/${submitted.id}`), { token: buyer.token }),
      409,
      'INVALID_STATE',
    );
  });
});

describe('receipts at once, and the numbers', () => {
  it('takes two receipts at once one after the other: the second would over-receive (422)', async () => {
    const order = await sentPurchaseOrder(t, {
      supplierId: supplier,
      storeId: f.store.id,
      items: [{ productId: f.products.watch.id, quantity: 4000 }],
    });
    const level = await stockLevel(t, f.store.id, f.products.watch.id);
    const both = await Promise.all(
      [1, 2].map(() => receive(order.id, { items: [{ itemId: order.items[0].id, quantityReceived: 3000 }] })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(await stockLevel(t, f.store.id, f.products.watch.id)).toBe(level + 3000);
    const [{ n }] = await t.sql(
      'select count(*)::int as n from purchase_order_receipt where purchase_order_id = ?',
      [order.id],
    );
    expect(n).toBe(1);
  });

  it('numbers orders created at once one after the other, never twice', async () => {
    const [{ top }] = await t.sql('select max(cast(substr(number, 4) as int)) as top from purchase_order');
    const made = await Promise.all(
      [1, 2, 3].map(() =>
        draftPurchaseOrder(t, { supplierId: supplier, storeId: storeB.id }, managerB.token),
      ),
    );
    const numbers = made.map((m) => m.number).sort();
    expect(numbers).toEqual([1, 2, 3].map((k) => `PO-${String(top + k).padStart(6, '0')}`));
  });
});

describe('a store with its own store server', () => {
  it('receives its orders there: HQ refuses a receipt for it (409), nothing changed', async () => {
    const own = await t.createStore('POSRV');
    const order = await sentPurchaseOrder(t, {
      supplierId: supplier,
      storeId: own.id,
      items: [{ productId: f.products.bread.id, quantity: 1000 }],
    });
    const issued = await t.rest('POST', `/stores/${own.id}/sync-token`, { token: t.adminToken });
    expect(issued.status).toBe(201);
    const refused = await expectRefused(
      () =>
        receive(order.id, { items: [{ itemId: order.items[0].id, quantityReceived: 1000 }] }, t.adminToken),
      409,
      'INVALID_STATE',
      'storeId',
    );
    expect(refused.error).toBe(
      'storeId: store POSRV has its own store server: its transactions are recorded there',
    );
  });
});

describe('GET /purchase-orders', () => {
  it('filters by status, supplier and store, paginated; a store-level grant lists its own store only', async () => {
    const other = (await t.rest('POST', '/suppliers', { token: t.adminToken, body: { name: 'Filter Co' } }))
      .body.data.id;
    const a = await draftPurchaseOrder(t, { supplierId: other, storeId: f.store.id });
    const b = await draftPurchaseOrder(t, { supplierId: other, storeId: storeB.id });
    await sendDraft(
      t,
      (
        await draftPurchaseOrder(t, {
          supplierId: other,
          storeId: storeB.id,
          items: [{ productId: f.products.bread.id, quantity: 1000 }],
        })
      ).id,
    );
    const list = (query: string, token = buyer.token) => t.rest('GET', po(`?${query}`), { token });
    const bySupplier = await list(`supplier_id=${other}`);
    expect(bySupplier.status).toBe(200);
    expect(bySupplier.body.total).toBe(3);
    const drafts = await list(`supplier_id=${other}&status=DRAFT`);
    expect(drafts.body.data.map((o: any) => o.id).sort()).toEqual([a.id, b.id].sort());
    const atB = await list(`supplier_id=${other}&store_id=${storeB.id}&status=SENT`);
    expect(atB.body.data.map((o: any) => [o.storeId, o.status])).toEqual([[storeB.id, 'SENT']]);
    const paged = await list(`supplier_id=${other}&page=2&page_size=2`);
    expect([paged.body.total, paged.body.page, paged.body.pageSize, paged.body.data.length]).toEqual([
      3, 2, 2, 1,
    ]);
    // Latest first.
    expect((await list(`supplier_id=${other}&page_size=1`)).body.data[0].storeId).toBe(storeB.id);
    const own = await list(`supplier_id=${other}`, managerB.token);
    expect(own.body.data.map((o: any) => o.storeId)).toEqual([storeB.id, storeB.id]);
    expect((await list(`store_id=${f.store.id}`, managerB.token)).status).toBe(403);
    expect((await list('status=NOPE')).status).toBe(400);
  });
});
