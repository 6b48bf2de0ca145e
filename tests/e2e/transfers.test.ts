import { randomBytes } from 'node:crypto';
import { TransferDocument } from '../generated/graphql';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

// Transfers between stores without servers of their own: HQ makes every step.

let t: TestServer;
/** Creates, sends and cancels at A, signed in for A; views stock there. */
let shipperA: TestUser;
/** Receives at B, signed in for B; views stock there. */
let receiverB: TestUser;
/** Views transfers at C only. */
let viewerC: TestUser;
let storeA: { id: string; code: string };
let storeB: { id: string; code: string };
let storeC: { id: string; code: string };

const UNKNOWN = '01900000-0000-7000-8000-000000000000';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f-]{36}$/;

beforeAll(async () => {
  t = await startTestServer();
  [storeA, storeB, storeC] = [await t.createStore(), await t.createStore(), await t.createStore()];
  [shipperA, receiverB, viewerC] = await Promise.all([
    t.userWith(['transfers.view', 'transfers.create', 'transfers.send', 'inventory.view'], {
      storeId: storeA.id,
    }),
    t.userWith(['transfers.view', 'transfers.receive', 'inventory.view'], { storeId: storeB.id }),
    t.userWith(['transfers.view'], { storeId: storeC.id }),
  ]);
});
afterAll(() => t.close());

let skuCounter = 0;
const runTag = randomBytes(3).toString('hex').toUpperCase();
async function createProduct(fields: Record<string, unknown> = {}): Promise<{ id: string; sku: string }> {
  skuCounter += 1;
  const res = await t.rest('POST', '/products', {
    token: t.adminToken,
    body: { sku: `TRF-${runTag}-${skuCounter}`, name: `Boxed item ${skuCounter}`, sellPrice: 900, ...fields },
  });
  expect(res.status).toBe(201);
  return res.body.data;
}

async function stock(storeId: string, productId: string, quantity: number) {
  const res = await t.rest('POST', '/inventory/adjustments', {
    token: t.adminToken,
    body: { storeId, productId, quantity, reason: 'RECEIVED' },
  });
  expect(res.status).toBe(201);
}

const levelOf = async (storeId: string, productId: string): Promise<number | null> => {
  const [row] = await t.sql('select quantity from inventory_level where store_id = ? and product_id = ?', [
    storeId,
    productId,
  ]);
  return row ? Number(row.quantity) : null;
};

const transferMovements = (transferId: string) =>
  t.sql(
    `select store_id, product_id, quantity::int, quantity_after::int, type, notes
       from stock_movement where reference_id = ? order by created_at, id`,
    [transferId],
  );

/** Everything a refused call must leave as it was. */
const snapshot = () =>
  t.sql(`select (select count(*) from stock_movement)::int as movements,
                (select count(*) from transfer_step)::int as steps,
                (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from inventory_level x) as levels,
                (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from transfer x) as transfers,
                (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from transfer_item x) as items`);

async function expectRefused(
  call: Promise<{ status: number; body: any }>,
  status: number,
  expected: Record<string, unknown>,
) {
  const before = await snapshot();
  const res = await call;
  expect([res.status, res.body]).toEqual([status, { success: false, ...expected }]);
  expect(await snapshot()).toEqual(before);
}

const create = (body: Record<string, unknown>, token = shipperA.token) =>
  t.rest('POST', '/transfers', { token, body: { fromStoreId: storeA.id, toStoreId: storeB.id, ...body } });
const step = (
  id: string,
  what: 'send' | 'receive' | 'cancel',
  body: Record<string, unknown>,
  token: string,
) => t.rest('PUT', `/transfers/${id}/${what}`, { token, body });

/** received + damaged + lost + returned + in transit = sent, on every line. */
function expectInvariant(transfer: { items: Array<Record<string, number>> }) {
  for (const line of transfer.items) {
    expect(
      line.quantityReceived +
        line.quantityDamaged +
        line.quantityLost +
        line.quantityReturned +
        line.quantityInTransit,
    ).toBe(line.quantitySent);
  }
}

const line = (fields: Record<string, unknown>) => ({
  id: expect.stringMatching(UUID),
  quantitySent: 0,
  quantityReceived: 0,
  quantityDamaged: 0,
  quantityLost: 0,
  quantityReturned: 0,
  quantityInTransit: 0,
  ...fields,
});

describe('a transfer from A to B, step by step', () => {
  let boxes: { id: string; sku: string };
  let tins: { id: string; sku: string };
  let service: { id: string; sku: string };
  let transfer: any;

  beforeAll(async () => {
    [boxes, tins, service] = [
      await createProduct(),
      await createProduct(),
      await createProduct({ trackStock: false }),
    ];
    await stock(storeA.id, boxes.id, 20_000);
    await stock(storeA.id, tins.id, 6_000);
  });

  it('is created PENDING at A with a number of A, and nothing moves (201)', async () => {
    const before = await t.count('stock_movement');
    const res = await create({
      notes: 'for the weekend',
      items: [
        { productId: boxes.id, quantity: 8_000 },
        { productId: tins.id, quantity: 2_500 },
        { productId: service.id, quantity: 1_000 },
      ],
    });
    expect(res.status).toBe(201);
    transfer = res.body.data;
    expect(transfer).toEqual({
      id: expect.stringMatching(UUID),
      number: `${storeA.code}-T000001`,
      fromStoreId: storeA.id,
      toStoreId: storeB.id,
      status: 'PENDING',
      notes: 'for the weekend',
      createdById: shipperA.id,
      createdAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
      version: 1,
      items: [
        line({
          lineNumber: 1,
          productId: boxes.id,
          sku: boxes.sku,
          productName: 'Boxed item 1',
          quantity: 8_000,
        }),
        line({
          lineNumber: 2,
          productId: tins.id,
          sku: tins.sku,
          productName: 'Boxed item 2',
          quantity: 2_500,
        }),
        line({
          lineNumber: 3,
          productId: service.id,
          sku: service.sku,
          productName: 'Boxed item 3',
          quantity: 1_000,
        }),
      ],
      steps: [
        {
          id: expect.stringMatching(UUID),
          kind: 'CREATED',
          storeId: storeA.id,
          userId: shipperA.id,
          note: null,
          complete: null,
          lines: [],
          createdAt: expect.stringMatching(ISO),
        },
      ],
    });
    expect(await t.count('stock_movement')).toBe(before);
    expect(await levelOf(storeA.id, boxes.id)).toBe(20_000);
  });

  it('is sent by A: the stock leaves A now and is incoming at B, not in its stock', async () => {
    const res = await step(transfer.id, 'send', { note: 'van 2' }, shipperA.token);
    expect(res.status).toBe(200);
    transfer = res.body.data;
    expect(transfer.status).toBe('IN_TRANSIT');
    expect(transfer.version).toBe(2);
    expect(transfer.items.map((i: any) => [i.quantitySent, i.quantityInTransit])).toEqual([
      [8_000, 8_000],
      [2_500, 2_500],
      [1_000, 1_000],
    ]);
    expect(transfer.steps.map((s: any) => [s.kind, s.userId, s.note])).toEqual([
      ['CREATED', shipperA.id, null],
      ['SENT', shipperA.id, 'van 2'],
    ]);
    expect(await levelOf(storeA.id, boxes.id)).toBe(12_000);
    expect(await levelOf(storeA.id, tins.id)).toBe(3_500);
    // The service product tracks no stock: no movement, no level.
    expect(await transferMovements(transfer.id)).toEqual([
      {
        store_id: storeA.id,
        product_id: boxes.id,
        quantity: -8_000,
        quantity_after: 12_000,
        type: 'TRANSFER_OUT',
        notes: transfer.number,
      },
      {
        store_id: storeA.id,
        product_id: tins.id,
        quantity: -2_500,
        quantity_after: 3_500,
        type: 'TRANSFER_OUT',
        notes: transfer.number,
      },
    ]);
    expect(await levelOf(storeB.id, boxes.id)).toBeNull();

    const atB = await t.rest('GET', `/inventory?store_id=${storeB.id}`, { token: receiverB.token });
    expect(atB.status).toBe(200);
    expect(atB.body.data.map((r: any) => [r.sku, r.quantity, r.incoming])).toEqual([
      [boxes.sku, 0, 8_000],
      [tins.sku, 0, 2_500],
    ]);
    const cross = await t.rest('GET', `/inventory/cross-store?product_id=${boxes.id}`, {
      token: shipperA.token,
    });
    const byStore = Object.fromEntries(
      cross.body.data.map((r: any) => [r.storeId, [r.quantity, r.incoming]]),
    );
    expect([byStore[storeA.id], byStore[storeB.id], byStore[storeC.id]]).toEqual([
      [12_000, 0],
      [0, 8_000],
      [0, 0],
    ]);
  });

  it('refuses a second send (409), a send by B (403) and a receipt by A (403), changing nothing', async () => {
    await expectRefused(step(transfer.id, 'send', {}, shipperA.token), 409, {
      error: `Transfer ${transfer.number} is in transit: it cannot be sent`,
      code: 'INVALID_STATE',
    });
    await expectRefused(step(transfer.id, 'send', {}, receiverB.token), 403, {
      error: 'Missing permission: transfers.send',
      code: 'FORBIDDEN',
    });
    await expectRefused(step(transfer.id, 'receive', { items: [] }, shipperA.token), 403, {
      error: 'Missing permission: transfers.receive',
      code: 'FORBIDDEN',
    });
  });

  it('is received in part at B, with damage: received units enter B, damaged ones never do', async () => {
    const [boxLine, tinLine] = transfer.items;
    const res = await step(
      transfer.id,
      'receive',
      {
        items: [
          { itemId: boxLine.id, quantityReceived: 5_000, quantityDamaged: 500 },
          { itemId: tinLine.id, quantityReceived: 2_500 },
        ],
        complete: false,
        note: 'first pallet',
      },
      receiverB.token,
    );
    expect(res.status).toBe(200);
    transfer = res.body.data;
    expect(transfer.status).toBe('PARTIALLY_RECEIVED');
    expect(
      transfer.items.map((i: any) => [
        i.quantityReceived,
        i.quantityDamaged,
        i.quantityLost,
        i.quantityInTransit,
      ]),
    ).toEqual([
      [5_000, 500, 0, 2_500],
      [2_500, 0, 0, 0],
      [0, 0, 0, 1_000],
    ]);
    expectInvariant(transfer);
    expect(transfer.steps[2]).toEqual({
      id: expect.stringMatching(UUID),
      kind: 'RECEIVED',
      storeId: storeB.id,
      userId: receiverB.id,
      note: 'first pallet',
      complete: false,
      lines: [
        { itemId: boxLine.id, quantityReceived: 5_000, quantityDamaged: 500 },
        { itemId: tinLine.id, quantityReceived: 2_500, quantityDamaged: 0 },
      ],
      createdAt: expect.stringMatching(ISO),
    });
    expect(await levelOf(storeB.id, boxes.id)).toBe(5_000);
    expect(await levelOf(storeB.id, tins.id)).toBe(2_500);
    expect(await levelOf(storeA.id, boxes.id)).toBe(12_000);
    const atB = await t.rest('GET', `/inventory?store_id=${storeB.id}`, { token: receiverB.token });
    expect(atB.body.data.map((r: any) => [r.sku, r.quantity, r.incoming])).toEqual([
      [boxes.sku, 5_000, 2_500],
      [tins.sku, 2_500, 0],
    ]);
  });

  it('refuses more than is in transit on a line (422 naming it), foreign and repeated lines, and a cancel now (409)', async () => {
    const [boxLine, tinLine] = transfer.items;
    await expectRefused(
      step(
        transfer.id,
        'receive',
        {
          items: [
            { itemId: tinLine.id, quantityReceived: 0 },
            { itemId: boxLine.id, quantityReceived: 2_000, quantityDamaged: 501 },
          ],
        },
        receiverB.token,
      ),
      422,
      {
        error: `items.1.quantityReceived: line 1 (${boxes.sku}): 2000 received and 501 damaged exceed the 2500 still in transit (8000 sent, 5500 already received or damaged)`,
        code: 'UNPROCESSABLE',
        field: 'items.1.quantityReceived',
      },
    );
    await expectRefused(
      step(transfer.id, 'receive', { items: [{ itemId: UNKNOWN, quantityReceived: 1 }] }, receiverB.token),
      422,
      {
        error: `items.0.itemId: is not a line of transfer ${transfer.number}`,
        code: 'UNPROCESSABLE',
        field: 'items.0.itemId',
      },
    );
    await expectRefused(
      step(
        transfer.id,
        'receive',
        {
          items: [
            { itemId: boxLine.id, quantityReceived: 1 },
            { itemId: boxLine.id, quantityReceived: 1 },
          ],
        },
        receiverB.token,
      ),
      422,
      { error: 'items.1.itemId: names a line already given', code: 'UNPROCESSABLE', field: 'items.1.itemId' },
    );
    await expectRefused(step(transfer.id, 'receive', { items: [], complete: false }, receiverB.token), 400, {
      error: 'items: name at least one line, or close the transfer with complete: true',
      code: 'VALIDATION',
      field: 'items',
    });
    await expectRefused(step(transfer.id, 'cancel', {}, shipperA.token), 409, {
      error: `Transfer ${transfer.number} has a receipt recorded: finish the receipt (complete: true) instead of cancelling`,
      code: 'INVALID_STATE',
    });
  });

  it('is closed by the last receipt: what is neither received nor damaged is lost in transit', async () => {
    const [boxLine] = transfer.items;
    const res = await step(
      transfer.id,
      'receive',
      { items: [{ itemId: boxLine.id, quantityReceived: 2_000 }] },
      receiverB.token,
    );
    expect(res.status).toBe(200);
    transfer = res.body.data;
    expect(transfer.status).toBe('RECEIVED');
    expect(
      transfer.items.map((i: any) => [
        i.quantitySent,
        i.quantityReceived,
        i.quantityDamaged,
        i.quantityLost,
        i.quantityInTransit,
      ]),
    ).toEqual([
      [8_000, 7_000, 500, 500, 0],
      [2_500, 2_500, 0, 0, 0],
      [1_000, 0, 0, 1_000, 0],
    ]);
    expectInvariant(transfer);
    expect(transfer.steps.map((s: any) => [s.kind, s.storeId, s.complete])).toEqual([
      ['CREATED', storeA.id, null],
      ['SENT', storeA.id, null],
      ['RECEIVED', storeB.id, false],
      ['RECEIVED', storeB.id, true],
    ]);
    expect(transfer.version).toBe(4);
    expect(await levelOf(storeB.id, boxes.id)).toBe(7_000);
    expect(
      (await transferMovements(transfer.id)).map((m) => [m.store_id, m.product_id, m.quantity, m.type]),
    ).toEqual([
      [storeA.id, boxes.id, -8_000, 'TRANSFER_OUT'],
      [storeA.id, tins.id, -2_500, 'TRANSFER_OUT'],
      [storeB.id, boxes.id, 5_000, 'TRANSFER_IN'],
      [storeB.id, tins.id, 2_500, 'TRANSFER_IN'],
      [storeB.id, boxes.id, 2_000, 'TRANSFER_IN'],
    ]);
    const atB = await t.rest('GET', `/inventory?store_id=${storeB.id}`, { token: receiverB.token });
    expect(atB.body.data.map((r: any) => [r.sku, r.quantity, r.incoming])).toEqual([
      [boxes.sku, 7_000, 0],
      [tins.sku, 2_500, 0],
    ]);
    await expectRefused(step(transfer.id, 'receive', { items: [] }, receiverB.token), 409, {
      error: `Transfer ${transfer.number} is received in full: it cannot be received`,
      code: 'INVALID_STATE',
    });
  });

  it('is read by id at either store (GraphQL too), not at a third (403)', async () => {
    const got = await t.rest('GET', `/transfers/${transfer.id}`, { token: receiverB.token });
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual(transfer);
    const gql = await t.gql(TransferDocument, { id: transfer.id }, shipperA.token);
    expect(gql.errors).toBeUndefined();
    expect(gql.data!.transfer.items.map((i) => i.quantityLost)).toEqual([500, 0, 1_000]);
    const third = await t.rest('GET', `/transfers/${transfer.id}`, { token: viewerC.token });
    expect([third.status, third.body.error]).toEqual([
      403,
      'Missing permission: transfers.view at either store of this transfer',
    ]);
    const unknown = await t.rest('GET', `/transfers/${UNKNOWN}`, { token: receiverB.token });
    expect([unknown.status, unknown.body.error]).toEqual([404, `Transfer ${UNKNOWN} not found`]);
  });
});

describe('cancelling', () => {
  let cups: { id: string; sku: string };
  beforeAll(async () => {
    cups = await createProduct();
    await stock(storeA.id, cups.id, 10_000);
  });

  it('from PENDING moves nothing', async () => {
    const made = await create({ items: [{ productId: cups.id, quantity: 4_000 }] });
    const res = await step(made.body.data.id, 'cancel', { note: 'not needed' }, shipperA.token);
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('CANCELLED');
    expect(res.body.data.items[0]).toMatchObject({
      quantitySent: 0,
      quantityReturned: 0,
      quantityInTransit: 0,
    });
    expect(await transferMovements(made.body.data.id)).toEqual([]);
    expect(await levelOf(storeA.id, cups.id)).toBe(10_000);
  });

  it('from IN_TRANSIT returns the stock to A (TRANSFER_RETURN); nothing is incoming at B any more', async () => {
    const made = await create({ items: [{ productId: cups.id, quantity: 3_000 }] });
    const id = made.body.data.id;
    await step(id, 'send', {}, shipperA.token);
    expect(await levelOf(storeA.id, cups.id)).toBe(7_000);
    const res = await step(id, 'cancel', {}, shipperA.token);
    expect(res.status).toBe(200);
    const cancelled = res.body.data;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.items[0]).toMatchObject({
      quantitySent: 3_000,
      quantityReturned: 3_000,
      quantityInTransit: 0,
    });
    expectInvariant(cancelled);
    expect(await levelOf(storeA.id, cups.id)).toBe(10_000);
    expect(
      (await transferMovements(id)).map((m) => [m.store_id, m.quantity, m.quantity_after, m.type]),
    ).toEqual([
      [storeA.id, -3_000, 7_000, 'TRANSFER_OUT'],
      [storeA.id, 3_000, 10_000, 'TRANSFER_RETURN'],
    ]);
    const atB = await t.rest('GET', `/inventory?store_id=${storeB.id}&product_id=${cups.id}`, {
      token: receiverB.token,
    });
    expect(atB.body.data).toEqual([]);
    await expectRefused(step(id, 'cancel', {}, shipperA.token), 409, {
      error: `Transfer ${cancelled.number} is cancelled: it cannot be cancelled`,
      code: 'INVALID_STATE',
    });
    await expectRefused(step(id, 'send', {}, shipperA.token), 409, {
      error: `Transfer ${cancelled.number} is cancelled: it cannot be sent`,
      code: 'INVALID_STATE',
    });
  });
});

describe('POST /transfers refuses', () => {
  let mugs: { id: string; sku: string };
  let retired: { id: string; sku: string };
  beforeAll(async () => {
    [mugs, retired] = [await createProduct(), await createProduct()];
    await t.rest('PATCH', `/products/${retired.id}/toggle-active`, { token: t.adminToken });
  });

  it('the same store twice, an unknown or inactive destination (422)', async () => {
    const items = [{ productId: mugs.id, quantity: 1_000 }];
    await expectRefused(create({ toStoreId: storeA.id, items }), 422, {
      error: 'toStoreId: must be another store than the source',
      code: 'UNPROCESSABLE',
      field: 'toStoreId',
    });
    await expectRefused(create({ toStoreId: UNKNOWN, items }), 422, {
      error: 'toStoreId: no store with this id',
      code: 'UNPROCESSABLE',
      field: 'toStoreId',
    });
    const closed = await t.createStore();
    await t.rest('PUT', `/stores/${closed.id}`, { token: t.adminToken, body: { isActive: false } });
    await expectRefused(create({ toStoreId: closed.id, items }), 422, {
      error: `toStoreId: store ${closed.code} is inactive and cannot receive stock`,
      code: 'UNPROCESSABLE',
      field: 'toStoreId',
    });
  });

  it('empty, repeated or inactive items, and quantities of 0 (400/422)', async () => {
    await expectRefused(create({ items: [] }), 400, {
      error: 'items: items must name at least one product',
      code: 'VALIDATION',
      field: 'items',
    });
    await expectRefused(
      create({
        items: [
          { productId: mugs.id, quantity: 1_000 },
          { productId: mugs.id, quantity: 2_000 },
        ],
      }),
      422,
      {
        error: `items.1.productId: product ${mugs.sku} is given twice`,
        code: 'UNPROCESSABLE',
        field: 'items.1.productId',
      },
    );
    await expectRefused(create({ items: [{ productId: retired.id, quantity: 1_000 }] }), 422, {
      error: `items.0.productId: product ${retired.sku} is inactive`,
      code: 'UNPROCESSABLE',
      field: 'items.0.productId',
    });
    const zero = await create({ items: [{ productId: mugs.id, quantity: 0 }] });
    expect([zero.status, zero.body.code, zero.body.field]).toEqual([400, 'VALIDATION', 'items.0.quantity']);
  });

  it('a source the caller may not create transfers for (403), or one with its own server (409)', async () => {
    const items = [{ productId: mugs.id, quantity: 1_000 }];
    await expectRefused(
      create({ fromStoreId: storeB.id, toStoreId: storeA.id, items }, receiverB.token),
      403,
      {
        error: 'Missing permission: transfers.create',
        code: 'FORBIDDEN',
      },
    );
    const served = await t.createStore();
    await t.rest('POST', `/stores/${served.id}/sync-token`, { token: t.adminToken });
    await expectRefused(create({ fromStoreId: served.id, items }, t.adminToken), 409, {
      error: `storeId: store ${served.code} has its own store server: its transactions are recorded there`,
      code: 'INVALID_STATE',
      field: 'storeId',
    });
  });
});

describe('a step for a store with its own server', () => {
  it('is refused at HQ (409): that server makes it', async () => {
    const pens = await createProduct();
    const served = await t.createStore();
    const made = await t.rest('POST', '/transfers', {
      token: t.adminToken,
      body: {
        fromStoreId: storeA.id,
        toStoreId: served.id,
        items: [{ productId: pens.id, quantity: 1_000 }],
      },
    });
    await step(made.body.data.id, 'send', {}, t.adminToken);
    await t.rest('POST', `/stores/${served.id}/sync-token`, { token: t.adminToken });
    await expectRefused(step(made.body.data.id, 'receive', { items: [] }, t.adminToken), 409, {
      error: `storeId: store ${served.code} has its own store server: its transactions are recorded there`,
      code: 'INVALID_STATE',
      field: 'storeId',
    });
  });
});

describe('GET /transfers', () => {
  it('lists a store’s transfers either way, filtered by direction and status', async () => {
    const all = await t.rest('GET', `/transfers?store_id=${storeA.id}&page_size=100`, {
      token: shipperA.token,
    });
    expect(all.status).toBe(200);
    const numbers = all.body.data.map((x: any) => [x.number, x.status]);
    expect(numbers).toEqual([
      [`${storeA.code}-T000004`, 'IN_TRANSIT'],
      [`${storeA.code}-T000003`, 'CANCELLED'],
      [`${storeA.code}-T000002`, 'CANCELLED'],
      [`${storeA.code}-T000001`, 'RECEIVED'],
    ]);
    const incomingAtB = await t.rest(
      'GET',
      `/transfers?store_id=${storeB.id}&direction=INCOMING&status=RECEIVED`,
      {
        token: receiverB.token,
      },
    );
    expect(incomingAtB.body.data.map((x: any) => x.number)).toEqual([`${storeA.code}-T000001`]);
    const outgoingAtB = await t.rest('GET', `/transfers?store_id=${storeB.id}&direction=OUTGOING`, {
      token: receiverB.token,
    });
    expect(outgoingAtB.body.data).toEqual([]);
    const noStore = await t.rest('GET', '/transfers?direction=INCOMING', { token: t.adminToken });
    expect([noStore.status, noStore.body.error]).toEqual([
      400,
      'direction: needs a store (store_id) to say which way',
    ]);
    const elsewhere = await t.rest('GET', `/transfers?store_id=${storeA.id}`, { token: viewerC.token });
    expect(elsewhere.status).toBe(403);
  });
});
