import { HqUnreachable } from '../../src/sync/store/hq-client';
import { events, issueToken, push } from '../support/push-events';
import { startTestServer, type TestServer, type TestUser } from '../support/server';
import { startStoreServer } from '../support/sync';

/*
 * Transfers across servers: HQ and two store servers. Each step is made at the store that owns it (A
 * creates, sends and cancels; B receives), offline too, and travels store -> HQ -> other store.
 */
let hq: TestServer;
let atA: TestServer;
let atB: TestServer;
let storeA: { id: string; code: string };
let storeB: { id: string; code: string };
let tokenA: string;
/** Tokens at each store's own server. */
let shipper: string;
let receiver: string;
let shipperUser: TestUser;
let receiverUser: TestUser;
let boxes: { id: string; sku: string };
let tins: { id: string; sku: string };

beforeAll(async () => {
  hq = await startTestServer();
  [storeA, storeB] = [await hq.createStore(), await hq.createStore()];
  for (const sku of ['SYNC-BOX', 'SYNC-TIN']) {
    const res = await hq.rest('POST', '/products', {
      token: hq.adminToken,
      body: { sku, name: sku, sellPrice: 700 },
    });
    expect(res.status).toBe(201);
    if (sku === 'SYNC-BOX') boxes = res.body.data;
    else tins = res.body.data;
  }
  shipperUser = await hq.userWith(
    ['transfers.view', 'transfers.create', 'transfers.send', 'inventory.adjust'],
    {
      storeId: storeA.id,
    },
  );
  receiverUser = await hq.userWith(['transfers.view', 'transfers.receive', 'inventory.view'], {
    storeId: storeB.id,
  });
  tokenA = await issueToken(hq, storeA.id);
  [atA, atB] = await Promise.all([
    startStoreServer(hq, tokenA),
    startStoreServer(hq, await issueToken(hq, storeB.id)),
  ]);
  shipper = await atA.login(shipperUser.username, shipperUser.pin);
  receiver = await atB.login(receiverUser.username, receiverUser.pin);
  for (const [productId, quantity] of [
    [boxes.id, 20_000],
    [tins.id, 9_000],
  ] as const) {
    const res = await atA.rest('POST', '/inventory/adjustments', {
      token: shipper,
      body: { productId, quantity, reason: 'RECEIVED' },
    });
    expect(res.status).toBe(201);
  }
  await sync(atA);
}, 60_000);
afterAll(async () => {
  await Promise.all([atA?.close(), atB?.close()]);
  await hq?.close();
});

const sync = (store: TestServer) => store.server.syncAgent!.syncNow();

/** The sync agent's client of HQ, failing as when HQ is down, until `restore`. */
function offline(store: TestServer): () => void {
  const client = (store.server.syncAgent as unknown as { hq: { request: unknown } }).hq;
  const request = client.request;
  client.request = async () => {
    throw new HqUnreachable(new Error('connect ECONNREFUSED'));
  };
  return () => {
    client.request = request;
  };
}

const levelOf = async (server: TestServer, storeId: string, productId: string) => {
  const [row] = await server.sql(
    'select quantity from inventory_level where store_id = ? and product_id = ?',
    [storeId, productId],
  );
  return row ? Number(row.quantity) : null;
};

/** The transfer as each server holds it: header, lines and steps. */
async function copyAt(server: TestServer, id: string) {
  const [header] = await server.sql(
    'select id, number, serial, from_store_id, to_store_id, status, notes, created_by_id, version, updated_at from transfer where id = ?',
    [id],
  );
  const items = await server.sql(
    `select id, line_number, product_id, quantity::int, quantity_sent::int, quantity_received::int,
            quantity_damaged::int, quantity_lost::int, quantity_returned::int
       from transfer_item where transfer_id = ? order by line_number`,
    [id],
  );
  const steps = await server.sql(
    'select id, kind, store_id, user_id, note, complete, lines, created_at from transfer_step where transfer_id = ? order by created_at, id',
    [id],
  );
  return { header, items, steps };
}

const movementsAt = (server: TestServer, id: string) =>
  server.sql(
    'select id, store_id, product_id, quantity::int, type, user_id, created_at from stock_movement where reference_id = ? order by id',
    [id],
  );

const createAtA = async (items: Array<{ productId: string; quantity: number }>) => {
  const res = await atA.rest('POST', '/transfers', { token: shipper, body: { toStoreId: storeB.id, items } });
  expect(res.status).toBe(201);
  return res.body.data;
};

describe('a transfer made at A while HQ is down, received in two receipts at B', () => {
  let transfer: any;

  it('is created and sent at A offline: the stock leaves A at once, HQ knows nothing yet', async () => {
    const restore = offline(atA);
    try {
      transfer = await createAtA([
        { productId: boxes.id, quantity: 8_000 },
        { productId: tins.id, quantity: 3_000 },
      ]);
      expect(transfer.number).toBe(`${storeA.code}-T000001`);
      const sent = await atA.rest('PUT', `/transfers/${transfer.id}/send`, { token: shipper, body: {} });
      expect(sent.status).toBe(200);
      expect(sent.body.data.status).toBe('IN_TRANSIT');
      await sync(atA);
    } finally {
      restore();
    }
    expect(await levelOf(atA, storeA.id, boxes.id)).toBe(12_000);
    expect(await hq.sql('select id from transfer where id = ?', [transfer.id])).toEqual([]);
    expect(await levelOf(hq, storeA.id, boxes.id)).toBe(20_000);
  });

  it('reaches HQ by push when HQ is back, and B by pull: identical everywhere, incoming at B', async () => {
    await sync(atA);
    await sync(atB);
    const atSource = await copyAt(atA, transfer.id);
    expect(atSource.header).toMatchObject({ status: 'IN_TRANSIT', version: 2 });
    expect(await copyAt(hq, transfer.id)).toEqual(atSource);
    expect(await copyAt(atB, transfer.id)).toEqual(atSource);
    expect(await movementsAt(hq, transfer.id)).toEqual(await movementsAt(atA, transfer.id));
    expect(await levelOf(hq, storeA.id, boxes.id)).toBe(12_000);
    expect(await levelOf(hq, storeA.id, tins.id)).toBe(6_000);
    const inventory = await atB.rest('GET', '/inventory', { token: receiver });
    expect(inventory.body.data.map((r: any) => [r.sku, r.quantity, r.incoming])).toEqual([
      ['SYNC-BOX', 0, 8_000],
      ['SYNC-TIN', 0, 3_000],
    ]);
    expect(await hq.count('sync_error')).toBe(0);
  });

  it('is received in part at B, with damage; A sees the receipt after HQ relays it', async () => {
    const [boxLine, tinLine] = transfer.items;
    const res = await atB.rest('PUT', `/transfers/${transfer.id}/receive`, {
      token: receiver,
      body: {
        items: [
          { itemId: boxLine.id, quantityReceived: 5_000, quantityDamaged: 1_000 },
          { itemId: tinLine.id, quantityReceived: 3_000 },
        ],
        complete: false,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('PARTIALLY_RECEIVED');
    expect(await levelOf(atB, storeB.id, boxes.id)).toBe(5_000);
    await sync(atB);
    await sync(atA);
    const atDestination = await copyAt(atB, transfer.id);
    expect(atDestination.header).toMatchObject({ status: 'PARTIALLY_RECEIVED', version: 3 });
    expect(await copyAt(hq, transfer.id)).toEqual(atDestination);
    expect(await copyAt(atA, transfer.id)).toEqual(atDestination);
    expect(await levelOf(hq, storeB.id, boxes.id)).toBe(5_000);
    expect(await levelOf(hq, storeB.id, tins.id)).toBe(3_000);
  });

  it('is closed by the second receipt: the rest is lost; every level exact at A, B and HQ', async () => {
    const [boxLine] = transfer.items;
    const res = await atB.rest('PUT', `/transfers/${transfer.id}/receive`, {
      token: receiver,
      body: { items: [{ itemId: boxLine.id, quantityReceived: 1_500 }], note: 'last crate' },
    });
    expect(res.status).toBe(200);
    await sync(atB);
    await sync(atA);
    const final = await copyAt(hq, transfer.id);
    expect(final.header).toMatchObject({ status: 'RECEIVED', version: 4 });
    expect(
      final.items.map((i: any) => [
        i.quantity_sent,
        i.quantity_received,
        i.quantity_damaged,
        i.quantity_lost,
      ]),
    ).toEqual([
      [8_000, 6_500, 1_000, 500],
      [3_000, 3_000, 0, 0],
    ]);
    for (const line of final.items) {
      expect(
        line.quantity_received + line.quantity_damaged + line.quantity_lost + line.quantity_returned,
      ).toBe(line.quantity_sent);
    }
    expect(await copyAt(atA, transfer.id)).toEqual(final);
    expect(await copyAt(atB, transfer.id)).toEqual(final);
    const expected: Array<[TestServer[], string, string, number]> = [
      [[atA, hq], storeA.id, boxes.id, 12_000],
      [[atA, hq], storeA.id, tins.id, 6_000],
      [[atB, hq], storeB.id, boxes.id, 6_500],
      [[atB, hq], storeB.id, tins.id, 3_000],
    ];
    for (const [servers, storeId, productId, quantity] of expected) {
      for (const server of servers) expect(await levelOf(server, storeId, productId)).toBe(quantity);
    }
    expect(await hq.count('sync_error')).toBe(0);
  });
});

describe('cancelling at A from IN_TRANSIT', () => {
  it('restores A, at A and at HQ, and B sees it cancelled with nothing incoming', async () => {
    const made = await createAtA([{ productId: tins.id, quantity: 2_000 }]);
    await atA.rest('PUT', `/transfers/${made.id}/send`, { token: shipper, body: {} });
    expect(await levelOf(atA, storeA.id, tins.id)).toBe(4_000);
    const res = await atA.rest('PUT', `/transfers/${made.id}/cancel`, {
      token: shipper,
      body: { note: 'wrong van' },
    });
    expect(res.status).toBe(200);
    await sync(atA);
    await sync(atB);
    expect(await levelOf(atA, storeA.id, tins.id)).toBe(6_000);
    expect(await levelOf(hq, storeA.id, tins.id)).toBe(6_000);
    const atDestination = await copyAt(atB, made.id);
    expect(atDestination.header.status).toBe('CANCELLED');
    expect(atDestination.items[0]).toMatchObject({ quantity_sent: 2_000, quantity_returned: 2_000 });
    expect(await copyAt(hq, made.id)).toEqual(atDestination);
    const inventory = await atB.rest('GET', `/inventory?product_id=${tins.id}`, { token: receiver });
    expect(inventory.body.data.map((r: any) => r.incoming)).toEqual([0]);
  });
});

describe('the owning server makes each step', () => {
  it('HQ refuses the steps of a store with its own server (409), and so does the other store', async () => {
    const made = await createAtA([{ productId: boxes.id, quantity: 1_000 }]);
    await sync(atA);
    const before = await copyAt(hq, made.id);
    const atHq = await hq.rest('PUT', `/transfers/${made.id}/send`, { token: hq.adminToken, body: {} });
    expect([atHq.status, atHq.body.error]).toEqual([
      409,
      `storeId: store ${storeA.code} has its own store server: its transactions are recorded there`,
    ]);
    const created = await hq.rest('POST', '/transfers', {
      token: hq.adminToken,
      body: {
        fromStoreId: storeA.id,
        toStoreId: storeB.id,
        items: [{ productId: boxes.id, quantity: 1_000 }],
      },
    });
    expect(created.status).toBe(409);
    await sync(atB);
    const atOther = await atB.rest('PUT', `/transfers/${made.id}/cancel`, {
      token: atB.adminToken,
      body: {},
    });
    expect([atOther.status, atOther.body.error]).toEqual([
      409,
      `id: this step is made by store ${storeA.code}, at its own server`,
    ]);
    expect(await copyAt(hq, made.id)).toEqual(before);
    expect((await copyAt(atB, made.id)).header.status).toBe('PENDING');
  });
});

describe('HQ applies each step once, and parks one that does not fit', () => {
  it('parks a cancel A made offline after B had received: HQ keeps the receipt', async () => {
    const made = await createAtA([{ productId: boxes.id, quantity: 2_000 }]);
    await atA.rest('PUT', `/transfers/${made.id}/send`, { token: shipper, body: {} });
    await sync(atA);
    await sync(atB);
    const restore = offline(atA);
    try {
      const received = await atB.rest('PUT', `/transfers/${made.id}/receive`, {
        token: receiver,
        body: { items: [{ itemId: made.items[0].id, quantityReceived: 1_000 }], complete: false },
      });
      expect(received.status).toBe(200);
      await sync(atB);
      // A has not heard of the receipt: its copy is still IN_TRANSIT, so it cancels.
      const cancelled = await atA.rest('PUT', `/transfers/${made.id}/cancel`, { token: shipper, body: {} });
      expect(cancelled.status).toBe(200);
    } finally {
      restore();
    }
    await sync(atA);
    const errors = await hq.sql(
      `select type, code, message from sync_error where store_id = ? and payload->>'transferId' = ?`,
      [storeA.id, made.id],
    );
    expect(errors).toEqual([
      {
        type: 'transfer.step',
        code: 'INVALID_STATE',
        message: `Transfer ${made.number} has a receipt recorded: finish the receipt (complete: true) instead of cancelling`,
      },
    ]);
    const atHq = await copyAt(hq, made.id);
    expect(atHq.header.status).toBe('PARTIALLY_RECEIVED');
    expect(atHq.items[0]).toMatchObject({
      quantity_sent: 2_000,
      quantity_received: 1_000,
      quantity_returned: 0,
    });
  });

  // Last: the crafted push takes a seq of A's own outbox.
  it('a step pushed again under another event is applied once', async () => {
    const made = await createAtA([{ productId: boxes.id, quantity: 1_000 }]);
    await atA.rest('PUT', `/transfers/${made.id}/send`, { token: shipper, body: {} });
    await sync(atA);
    const [sent] = await atA.sql(
      `select seq, type, payload from sync_outbox where payload->>'transferId' = ? and payload->>'kind' = 'SENT'`,
      [made.id],
    );
    const [{ last_seq }] = await hq.sql('select last_seq from store_sync where store_id = ?', [storeA.id]);
    const before = { copy: await copyAt(hq, made.id), level: await levelOf(hq, storeA.id, boxes.id) };
    const res = await push(
      hq,
      tokenA,
      events(Number(last_seq) + 1, [{ type: sent.type, payload: sent.payload }]),
    );
    expect(res.status).toBe(200);
    expect(res.body.data.results.map((r: any) => r.status)).toEqual(['applied']);
    expect({ copy: await copyAt(hq, made.id), level: await levelOf(hq, storeA.id, boxes.id) }).toEqual(
      before,
    );
  });
});
