import pg from 'pg';
import { WebSocket } from 'ws';
import { pullUntilCurrent } from '../../src/sync/store/pull-client';
import { cursorLag } from '../../src/sync/hq/pull.service';
import { eventually, startSyncPair, type SyncPair } from '../support/sync';

let pair: SyncPair;
let hq: SyncPair['hq'];
let store: SyncPair['store'];
/** A second store at HQ: its prices must never reach the synced store. */
let otherStore: { id: string; code: string };

beforeAll(async () => {
  pair = await startSyncPair();
  ({ hq, store } = pair);
  otherStore = await hq.createStore('OTHER');
});
afterAll(() => pair?.close());

/** Calls HQ's REST API as its admin; fails the test on anything but the expected status. */
async function atHq<T = any>(
  method: string,
  path: string,
  body?: unknown,
  status = method === 'POST' ? 201 : 200,
) {
  const res = await hq.rest<{ data: T }>(method, path, { token: hq.adminToken, body });
  if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

/**
 * A table's rows as JSON, to compare the store's copy with HQ's. PIN material is compared on its own
 * (store-pin-material.test.ts): a store holds only its own staff's, under its own key.
 */
const rowsOf = (t: typeof hq, table: string) =>
  t.sql(
    table === 'app_user'
      ? `select to_jsonb(t) - 'pin_hash' - 'pin_digest' - 'pin_digests' - 'password_hash' as r from app_user t order by 1`
      : `select to_jsonb(t) as r from "${table}" t order by 1`,
  );

const productRow = (t: typeof hq, id: string) =>
  t
    .sql(
      `select sku, barcode, name, department_id, tax_group_id, cost_price::int, sell_price::int, is_active, version
         from product where id = ?`,
      [id],
    )
    .then((rows) => rows[0]);

describe('first contact', () => {
  it('brings every kind of master data, store prices of this store only', async () => {
    const rate = await atHq('POST', '/taxes', { name: 'VAT fc', rate: 2000, isCompound: false });
    const rate2 = await atHq('POST', '/taxes', { name: 'Levy fc', rate: 150, isCompound: true });
    const group = await atHq('POST', '/taxes/groups', {
      name: 'Standard fc',
      rates: [
        { taxRateId: rate.id, sortOrder: 1 },
        { taxRateId: rate2.id, sortOrder: 2 },
      ],
    });
    const dept = await atHq('POST', '/departments', { name: 'Bakery fc', code: 'BAKFC' });
    const product = await atHq('POST', '/products', {
      sku: 'FC-1',
      barcode: '4000000000017',
      name: 'First contact bread',
      departmentId: dept.id,
      taxGroupId: group.id,
      costPrice: 120,
      sellPrice: 250,
    });
    const mine = await atHq(
      'POST',
      '/store-prices',
      { storeId: pair.storeRow.id, productId: product.id, sellPrice: 240 },
      200,
    );
    const theirs = await atHq(
      'POST',
      '/store-prices',
      { storeId: otherStore.id, productId: product.id, sellPrice: 260 },
      200,
    );

    // The store starts again from nothing: first contact (after any hinted pull has finished).
    await store.server.syncAgent!.syncNow();
    await store.sql('update sync_local_state set cursor = null');
    await store.server.syncAgent!.syncNow();

    expect(await productRow(store, product.id)).toEqual({
      sku: 'FC-1',
      barcode: '4000000000017',
      name: 'First contact bread',
      department_id: dept.id,
      tax_group_id: group.id,
      cost_price: 120,
      sell_price: 250,
      is_active: true,
      version: 1,
    });
    expect(await store.sql('select name, version from tax_group where id = ?', [group.id])).toEqual([
      { name: 'Standard fc', version: 1 },
    ]);
    expect(
      await store.sql(
        'select tax_rate_id, sort_order from tax_group_rate where tax_group_id = ? order by sort_order',
        [group.id],
      ),
    ).toEqual([
      { tax_rate_id: rate.id, sort_order: 1 },
      { tax_rate_id: rate2.id, sort_order: 2 },
    ]);
    expect(
      await store.sql('select id, sell_price::int from store_price where product_id = ?', [product.id]),
    ).toEqual([{ id: mine.id, sell_price: 240 }]);
    expect(await store.sql('select 1 from store_price where id = ?', [theirs.id])).toEqual([]);
    // Every kind the store needs, row for row as HQ holds them (store prices: its own only).
    for (const table of [
      'store',
      'department',
      'tax_rate',
      'tax_group',
      'tax_group_rate',
      'supplier',
      'tender',
      'product',
      'product_supplier',
      'role',
      'app_user',
      'user_role',
      'customer',
      'sales_rep',
      'special',
    ]) {
      expect({ table, rows: await rowsOf(store, table) }).toEqual({ table, rows: await rowsOf(hq, table) });
    }
    // The admin's roles are all chain-wide: no PIN material of theirs is at the store (and no password hash
    // of anyone's).
    expect(
      await store.sql(
        'select count(*)::int as n from app_user where pin_hash is not null or pin_digest is not null or pin_digests is not null or password_hash is not null',
      ),
    ).toEqual([{ n: 0 }]);
    const prices = 'select to_jsonb(t) as r from store_price t where store_id = ? order by 1';
    expect(await store.sql(prices, [pair.storeRow.id])).toEqual(await hq.sql(prices, [pair.storeRow.id]));
    expect(await store.count('store_price')).toBe(
      Number(
        (await hq.sql('select count(*) from store_price where store_id = ?', [pair.storeRow.id]))[0].count,
      ),
    );
  });
});

describe('changes after first contact', () => {
  it('a product created and one repriced at HQ reach the store on syncNow', async () => {
    const repriced = await atHq('POST', '/products', { sku: 'RP-1', name: 'Repriced', sellPrice: 100 });
    await store.server.syncAgent!.syncNow();
    expect((await productRow(store, repriced.id)).sell_price).toBe(100);

    await atHq('PUT', `/products/${repriced.id}`, { sellPrice: 130 });
    const created = await atHq('POST', '/products', { sku: 'NEW-1', name: 'New one', sellPrice: 500 });
    await store.server.syncAgent!.syncNow();
    expect(await productRow(store, repriced.id)).toEqual({
      ...(await productRow(hq, repriced.id)),
      sell_price: 130,
      version: 2,
    });
    expect(await productRow(store, created.id)).toEqual(await productRow(hq, created.id));
  });

  it('a product created at HQ reaches the store through a hint, with no pull asked for', async () => {
    const created = await atHq('POST', '/products', { sku: 'HINT-1', name: 'Hinted', sellPrice: 725 });
    const row = await eventually(async () => (await productRow(store, created.id)) ?? false);
    expect(row).toEqual(await productRow(hq, created.id));
    await atHq('PUT', `/products/${created.id}`, { sellPrice: 750 });
    await eventually(async () => (await productRow(store, created.id)).sell_price === 750);
    expect(await store.sql('select count(*)::int as n from sync_change')).toEqual([{ n: 0 }]);
  });

  it('a deleted product-supplier link and store price are tombstones: gone at the store', async () => {
    const product = await atHq('POST', '/products', { sku: 'TOMB-1', name: 'Tomb', sellPrice: 100 });
    const supplier = await atHq('POST', '/suppliers', { name: 'Tomb supplier' });
    const link = await atHq('POST', `/products/${product.id}/suppliers`, {
      supplierId: supplier.id,
      supplierSku: 'T-1',
    });
    const price = await atHq(
      'POST',
      '/store-prices',
      { storeId: pair.storeRow.id, productId: product.id, sellPrice: 90 },
      200,
    );
    await store.server.syncAgent!.syncNow();
    expect(await store.sql('select supplier_sku from product_supplier where id = ?', [link.id])).toEqual([
      { supplier_sku: 'T-1' },
    ]);
    expect(await store.sql('select sell_price::int from store_price where id = ?', [price.id])).toEqual([
      { sell_price: 90 },
    ]);

    await atHq('DELETE', `/products/${product.id}/suppliers/${supplier.id}`);
    await atHq('DELETE', `/store-prices/${price.id}`);
    await store.server.syncAgent!.syncNow();
    expect(await store.sql('select id from product_supplier where id = ?', [link.id])).toEqual([]);
    expect(await store.sql('select id from store_price where id = ?', [price.id])).toEqual([]);
    expect(await productRow(store, product.id)).toEqual(await productRow(hq, product.id));
    expect(await store.sql('select name from supplier where id = ?', [supplier.id])).toEqual([
      { name: 'Tomb supplier' },
    ]);

    // Set again (a new row under the same store and product): the old tombstone and the new row may
    // share a page; the store ends with HQ's row.
    const again = await atHq(
      'POST',
      '/store-prices',
      { storeId: pair.storeRow.id, productId: product.id, sellPrice: 95 },
      200,
    );
    await store.server.syncAgent!.syncNow();
    expect(
      await store.sql('select id, sell_price::int from store_price where product_id = ?', [product.id]),
    ).toEqual([{ id: again.id, sell_price: 95 }]);
  });
  it('a tombstone the store cannot apply (its own records reference the row) keeps the row, deactivated', async () => {
    const product = await atHq('POST', '/products', { sku: 'SPEC-1', name: 'Special bread', sellPrice: 300 });
    const special = await atHq('POST', '/specials', {
      productId: product.id,
      specialPrice: 250,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    });
    await store.server.syncAgent!.syncNow();
    expect(await store.sql('select is_active from special where id = ?', [special.id])).toEqual([
      { is_active: true },
    ]);
    // Stands for a sale line the store recorded with this special, not yet at HQ (HQ deletes it outright).
    await store.sql('create table local_ref (special_id uuid not null references special (id))');
    try {
      await store.sql('insert into local_ref values (?)', [special.id]);
      await atHq('DELETE', `/specials/${special.id}`);
      expect(await hq.sql('select id from special where id = ?', [special.id])).toEqual([]);
      const other = await atHq('POST', '/products', { sku: 'SPEC-2', name: 'Same page', sellPrice: 10 });
      await store.server.syncAgent!.syncNow();
      expect(
        await store.sql('select is_active, special_price::int from special where id = ?', [special.id]),
      ).toEqual([{ is_active: false, special_price: 250 }]);
      // The page carrying the tombstone was applied: the rest of it is there and the cursor moved on.
      expect(await productRow(store, other.id)).toEqual(await productRow(hq, other.id));
    } finally {
      await store.sql('drop table local_ref');
    }
  });

  it('clears the store’s cached sessions when users or roles change', async () => {
    const role = await atHq('POST', '/roles', { name: 'Till cache', permissions: ['pos.sell'] });
    const user = await atHq('POST', '/users', {
      username: 'cachetill',
      displayName: 'Cache Till',
      pin: '86420',
      roles: [{ roleId: role.id, storeId: pair.storeRow.id }],
    });
    await store.server.syncAgent!.syncNow();
    const login = await store.rest('POST', '/auth/pin-login', { body: { pin: '86420' } });
    expect(login.status).toBe(200);
    const token = login.body.data.accessToken;
    expect((await store.rest('GET', '/auth/me', { token })).status).toBe(200); // now cached
    await atHq('PUT', `/users/${user.id}`, { isActive: false });
    await store.server.syncAgent!.syncNow();
    expect((await store.rest('GET', '/auth/me', { token })).status).toBe(401);
  });
});

describe('cursor lag', () => {
  it('counts the log rows of the store’s scope after a cursor', async () => {
    await store.server.syncAgent!.syncNow();
    const before = await storeCursor();
    const em = () => hq.server.orm.em.fork();
    expect(await cursorLag(em(), pair.storeRow.id, before)).toBe(0);
    await atHq('POST', '/products', { sku: 'LAG-1', name: 'Lag one', sellPrice: 1 });
    await atHq('POST', '/products', { sku: 'LAG-2', name: 'Lag two', sellPrice: 1 });
    // Another store's price is not this store's lag.
    const [p] = await hq.sql("select id from product where sku = 'LAG-1'");
    await atHq('POST', '/store-prices', { storeId: otherStore.id, productId: p.id, sellPrice: 2 }, 200);
    expect(await cursorLag(em(), pair.storeRow.id, before)).toBe(2);
    expect(await cursorLag(em(), otherStore.id, before)).toBe(3);
    await store.server.syncAgent!.syncNow();
    expect(await cursorLag(em(), pair.storeRow.id, await storeCursor())).toBe(0);
  });
});

/** Pulls straight from HQ with the pair's token (what the store's client does, without applying). */
async function pullPage(query: string, token = pair.token) {
  return hq.rest('GET', `/sync/pull${query}`, { token });
}

const storeCursor = async () => (await store.sql('select cursor from sync_local_state'))[0].cursor as string;

describe('pages', () => {
  it('are FK-closed: a row comes with the current state of the parents it references', async () => {
    const product = await atHq('POST', '/products', { sku: 'CLOSE-1', name: 'Closure', sellPrice: 100 });
    await store.server.syncAgent!.syncNow();
    const before = await storeCursor();
    // The product's change comes first in the log, but its current state names a department (and a tax
    // group with its rate) created later: the page with its change must carry them.
    await atHq('PUT', `/products/${product.id}`, { name: 'Closure renamed' });
    const dept = await atHq('POST', '/departments', { name: 'Late dept', code: 'LATE' });
    const rate = await atHq('POST', '/taxes', { name: 'Late rate', rate: 500, isCompound: false });
    const group = await atHq('POST', '/taxes/groups', {
      name: 'Late group',
      rates: [{ taxRateId: rate.id, sortOrder: 1 }],
    });
    await atHq('PUT', `/products/${product.id}`, { departmentId: dept.id, taxGroupId: group.id });

    const page = await pullPage(`?cursor=${before}&limit=1`);
    expect(page.status).toBe(200);
    const summary = page.body.data.changes.map((c: any) => [c.entityType, c.id, c.op]);
    expect(summary).toEqual([
      ['department', dept.id, 'upsert'],
      ['tax_rate', rate.id, 'upsert'],
      ['tax_group', group.id, 'upsert'],
      ['product', product.id, 'upsert'],
    ]);
    const byType = Object.fromEntries(page.body.data.changes.map((c: any) => [c.entityType, c.data]));
    expect(byType.product).toMatchObject({
      name: 'Closure renamed',
      department_id: dept.id,
      tax_group_id: group.id,
      version: 3,
    });
    expect(byType.tax_group.rates).toEqual([{ tax_group_id: group.id, tax_rate_id: rate.id, sort_order: 1 }]);
    expect(page.body.data.hasMore).toBe(true);
    await store.server.syncAgent!.syncNow();
  });

  it('with a small limit give the same result as one large page', async () => {
    await store.server.syncAgent!.syncNow();
    const collect = async (limit: number) => {
      const state = new Map<string, unknown>();
      let cursor = '';
      let pages = 0;
      for (;;) {
        const res = await pullPage(`?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        pages += 1;
        for (const c of res.body.data.changes) state.set(`${c.entityType}:${c.id}`, c.data);
        cursor = res.body.data.cursor;
        if (!res.body.data.hasMore) return { state, pages };
      }
    };
    const big = await collect(5000);
    const small = await collect(3);
    expect(big.pages).toBe(1);
    expect(small.pages).toBeGreaterThanOrEqual(Math.ceil(big.state.size / 3));
    expect(new Map([...small.state].sort())).toEqual(new Map([...big.state].sort()));

    // The store applying pages of 2 from scratch ends with HQ's tables.
    await store.sql('update sync_local_state set cursor = null');
    const result = await pullUntilCurrent(store.server.orm, store.server.syncAgent!.hq, { limit: 2 });
    expect(result.pages).toBeGreaterThan(10);
    for (const table of [
      'department',
      'tax_group_rate',
      'product',
      'product_supplier',
      'app_user',
      'user_role',
    ]) {
      expect({ table, rows: await rowsOf(store, table) }).toEqual({ table, rows: await rowsOf(hq, table) });
    }
  });

  it('entity_type keeps to one kind (with the parents its rows need)', async () => {
    const all = await pullPage('?entity_type=tender&limit=5000');
    expect(all.status).toBe(200);
    const tenders = await hq.sql('select id from tender order by id');
    expect(all.body.data.changes.map((c: any) => [c.entityType, c.id])).toEqual(
      tenders.map((t) => ['tender', t.id]),
    );
    expect(all.body.data.hasMore).toBe(false);
    const cursor = all.body.data.cursor;
    await atHq('POST', '/departments', { name: 'Not a tender', code: 'NOTT' });
    const tender = await atHq('POST', '/tenders', { code: 'VOUCHER', name: 'Voucher', isCash: false });
    const next = await pullPage(`?entity_type=tender&cursor=${cursor}`);
    expect(next.body.data.changes.map((c: any) => [c.entityType, c.id, c.op])).toEqual([
      ['tender', tender.id, 'upsert'],
    ]);
    const products = await pullPage('?entity_type=product&limit=5000');
    expect(new Set(products.body.data.changes.map((c: any) => c.entityType))).toEqual(
      new Set(['department', 'tax_rate', 'tax_group', 'product']),
    );
  });
});

describe('the commit-order case', () => {
  it('a transaction that took a lower xid but commits later is still delivered', async () => {
    const early = await atHq('POST', '/products', { sku: 'CO-A', name: 'Early xid', sellPrice: 100 });
    const late = await atHq('POST', '/products', { sku: 'CO-B', name: 'Late xid', sellPrice: 100 });
    await store.server.syncAgent!.syncNow();
    const a = new pg.Client({ connectionString: hq.server.orm.config.get('clientUrl') });
    await a.connect();
    try {
      // A takes its transaction id first...
      await a.query('begin');
      const [{ xid: xidA }] = (await a.query('select pg_current_xact_id()::text as xid')).rows;
      // ... B writes and commits (a higher xid).
      await atHq('PUT', `/products/${late.id}`, { sellPrice: 222 });
      const [b] = await hq.sql(
        `select xid::text from sync_change where entity_id = ? order by id desc limit 1`,
        [late.id],
      );
      expect(BigInt(b.xid)).toBeGreaterThan(BigInt(xidA));
      // While A runs, B lies above the fence: the store does not get it, and its cursor stays below A.
      const cursorBefore = await storeCursor();
      await store.server.syncAgent!.syncNow();
      expect((await productRow(store, late.id)).sell_price).toBe(100);
      expect(await storeCursor()).toBe(cursorBefore);
      // HQ says so: nothing deliverable yet, but something is waiting behind a running transaction.
      const held = await pullPage(`?cursor=${cursorBefore}`);
      expect([held.body.data.changes, held.body.data.hasMore, held.body.data.waiting]).toEqual([
        [],
        false,
        true,
      ]);
      // A writes (its change row gets a higher id than B's, but its lower xid) and commits.
      await a.query('update product set sell_price = 111, version = version + 1 where id = $1', [early.id]);
      await a.query('commit');
      await store.server.syncAgent!.syncNow();
      expect((await productRow(store, early.id)).sell_price).toBe(111);
      expect((await productRow(store, late.id)).sell_price).toBe(222);
    } finally {
      await a.end();
    }
  });
});

describe('the fence', () => {
  it('is not held back by a transaction of another database on the same server', async () => {
    const product = await atHq('POST', '/products', { sku: 'FENCE-1', name: 'Fence', sellPrice: 100 });
    await store.server.syncAgent!.syncNow();
    // The store's own database shares the PostgreSQL server (as in the demo): a long transaction there
    // takes a lower xid than HQ's next write, but cannot write HQ's change log.
    const other = new pg.Client({ connectionString: store.server.orm.config.get('clientUrl') });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select pg_current_xact_id()');
      await atHq('PUT', `/products/${product.id}`, { sellPrice: 333 });
      await store.server.syncAgent!.syncNow();
      expect((await productRow(store, product.id)).sell_price).toBe(333);
    } finally {
      await other.query('rollback');
      await other.end();
    }
  });
});

describe('refusals', () => {
  it('an invalid cursor is a 400 naming it, as is an unknown entity_type', async () => {
    for (const cursor of ['nope', Buffer.from('{"p":"l","x":"1"}').toString('base64url'), 'e30']) {
      const res = await pullPage(`?cursor=${cursor}`);
      expect([cursor, res.status, res.body.field, res.body.code]).toEqual([
        cursor,
        400,
        'cursor',
        'VALIDATION',
      ]);
    }
    const type = await pullPage('?entity_type=sale');
    expect([type.status, type.body.field]).toEqual([400, 'entity_type']);
  });

  it('a user token is not a sync token, and a sync token is not a user token', async () => {
    expect((await pullPage('', hq.adminToken)).status).toBe(401);
    expect((await hq.rest('GET', '/products', { token: pair.token })).status).toBe(401);
    expect((await pullPage('', 'pst_notatoken')).status).toBe(401);
  });

  it('a replaced token is refused and nothing changes; the new one works', async () => {
    const first = await atHq('POST', `/stores/${otherStore.id}/sync-token`);
    expect((await pullPage('?limit=1', first.token)).status).toBe(200);
    const second = await atHq('POST', `/stores/${otherStore.id}/sync-token`);
    const stateOf = () =>
      hq.sql('select last_pull_at, last_pull_cursor, last_seen_at from store_sync where store_id = ?', [
        otherStore.id,
      ]);
    const before = await stateOf();
    const refused = await pullPage('?limit=1', first.token);
    expect([refused.status, refused.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(await stateOf()).toEqual(before);
    expect((await pullPage('?limit=1', second.token)).status).toBe(200);
  });

  it('a store server refuses master-data writes (403) and nothing changes', async () => {
    const before = await store.sql('select to_jsonb(t) as r from product t order by 1');
    const res = await store.rest('POST', '/products', {
      token: store.adminToken,
      body: { sku: 'LOCAL-1', name: 'Local', sellPrice: 1 },
    });
    expect(res.status).toBe(403);
    const [any] = before;
    const put = await store.rest('PUT', `/products/${any.r.id}`, {
      token: store.adminToken,
      body: { sellPrice: 1 },
    });
    expect(put.status).toBe(403);
    expect(await store.sql('select to_jsonb(t) as r from product t order by 1')).toEqual(before);
  });

  it('the sync WebSocket refuses a missing or unknown token with 401', async () => {
    const url = store.server.syncAgent!.hq.socketUrl;
    for (const headers of [
      {},
      { authorization: 'Bearer pst_unknown' },
      { authorization: `Bearer ${hq.adminToken}` },
    ]) {
      const status = await new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url, { headers });
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.on('open', () => reject(new Error('opened')));
        ws.on('error', () => {});
      });
      expect(status).toBe(401);
    }
  });

  it('the store shows connected at HQ while its socket is open, with its backlog and clock', async () => {
    const [row] = await hq.sql(
      'select connected, pending_events, clock_skew_ms from store_sync where store_id = ?',
      [pair.storeRow.id],
    );
    expect(row.connected).toBe(true);
    expect(row.pending_events).toBe(0);
    expect(Math.abs(row.clock_skew_ms)).toBeLessThan(5000);
  });
});

describe('status after a connection', () => {
  it('GET /sync/status and /sync/dashboard answer once the store is connected and has pulled', async () => {
    await store.server.syncAgent!.syncNow();
    await store.server.syncAgent!.syncNow(); // sends the newest cursor: nothing left to pull
    const status = await hq.rest('GET', '/sync/status', { token: pair.token });
    expect(status.status).toBe(200);
    expect(status.body.data).toMatchObject({
      storeId: pair.storeRow.id,
      storeCode: pair.storeRow.code,
      cursorLag: 0,
    });
    const dashboard = await hq.rest('GET', '/sync/dashboard', { token: hq.adminToken });
    expect(dashboard.status).toBe(200);
    const mine = dashboard.body.data.find((s: any) => s.storeId === pair.storeRow.id);
    expect(mine).toMatchObject({ provisioned: true, connected: true, cursorLag: 0, pendingEvents: 0 });
    expect(typeof mine.lastPullAt).toBe('string');
  });
});

describe('users from HQ', () => {
  it('sign in at the store with their PIN (the store’s own PIN key comes through /sync/status)', async () => {
    const role = await atHq('POST', '/roles', { name: 'Till sync', permissions: ['pos.sell'] });
    await atHq('POST', '/users', {
      username: 'synctill',
      displayName: 'Sync Till',
      pin: '97531',
      roles: [{ roleId: role.id, storeId: pair.storeRow.id }],
    });
    await store.server.syncAgent!.syncNow();
    const res = await store.rest('POST', '/auth/pin-login', { body: { pin: '97531' } });
    expect(res.status).toBe(200);
    expect(res.body.data.user.username).toBe('synctill');
    expect(res.body.data.permissions).toEqual(['pos.sell']);
  });
});
