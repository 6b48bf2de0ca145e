import { createHash } from 'node:crypto';
import { storePinKey } from '../../src/services/auth/credentials';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let editor: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  editor = await t.userWith(['stores.edit']);
  viewer = await t.userWith(['stores.view']);
});
afterAll(() => t.close());

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('POST /stores/:id/sync-token', () => {
  it('returns the token once; HQ keeps only its hash; the token identifies the store on sync routes', async () => {
    const store = await t.createStore('PROV1');
    const res = await t.rest('POST', `/stores/${store.id}/sync-token`, { token: editor.token });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({
      token: expect.stringMatching(/^pst_[A-Za-z0-9_-]{43}$/),
      storeId: store.id,
      storeCode: 'PROV1',
    });
    const token: string = res.body.data.token;
    expect(await t.sql('select token_hash, last_seq from store_sync where store_id = ?', [store.id])).toEqual(
      [{ token_hash: sha256(token), last_seq: '0' }],
    );

    const status = await t.rest('GET', '/sync/status', { token });
    expect(status.status).toBe(200);
    expect(status.body.data).toMatchObject({
      storeId: store.id,
      storeCode: 'PROV1',
      storeName: 'Store PROV1',
      // The store's own key, derived from HQ's: never HQ's own.
      pinKey: storePinKey(t.server.runtime.pinKey, store.id),
      ackedThroughSeq: 0,
      lastPushAt: null,
      parkedErrors: 0,
    });
  });

  it('a new token replaces the old one, which is refused from then on', async () => {
    const store = await t.createStore('PROV2');
    const first = (await t.rest('POST', `/stores/${store.id}/sync-token`, { token: editor.token })).body.data
      .token;
    const second = (await t.rest('POST', `/stores/${store.id}/sync-token`, { token: editor.token })).body.data
      .token;
    expect(second).not.toBe(first);
    const refused = await t.rest('GET', '/sync/status', { token: first });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({
      success: false,
      error: 'A store sync token is required',
      code: 'UNAUTHENTICATED',
    });
    expect((await t.rest('GET', '/sync/status', { token: second })).status).toBe(200);
  });

  it('is 404 for an unknown store, 403 without stores.edit, and changes nothing', async () => {
    const store = await t.createStore('PROV3');
    const before = await t.sql('select * from store_sync order by store_id');
    const unknown = await t.rest('POST', '/stores/01900000-0000-7000-8000-000000000999/sync-token', {
      token: editor.token,
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    const denied = await t.rest('POST', `/stores/${store.id}/sync-token`, { token: viewer.token });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('Missing permission: stores.edit');
    expect(await t.sql('select * from store_sync order by store_id')).toEqual(before);
  });
});

describe('tokens of the two kinds', () => {
  it('a user token is not a sync token, and a sync token is not a user token', async () => {
    const store = await t.createStore('PROV4');
    const token = (await t.rest('POST', `/stores/${store.id}/sync-token`, { token: editor.token })).body.data
      .token;
    for (const [method, path] of [
      ['GET', '/sync/status'],
      ['GET', '/sync/pull'],
      ['POST', '/sync/push'],
    ]) {
      const res = await t.rest(method, path, {
        token: t.adminToken,
        body: method === 'POST' ? { events: [] } : undefined,
      });
      expect([path, res.status, res.body.error]).toEqual([path, 401, 'A store sync token is required']);
    }
    for (const path of ['/auth/me', '/stores', '/sync/dashboard']) {
      const res = await t.rest('GET', path, { token });
      expect([path, res.status, res.body.error]).toEqual([path, 401, 'Authentication required']);
    }
  });
});

describe('a provisioned store trades on its own server', () => {
  it('HQ refuses its register sessions and sales (409), and records nothing', async () => {
    const store = await t.createStore('PROV5');
    await t.rest('POST', `/stores/${store.id}/sync-token`, { token: editor.token });
    const before = await t.count('register_session');
    const res = await t.rest('POST', '/registers/open', {
      token: t.adminToken,
      body: { storeId: store.id, terminalId: 'T01', openingAmount: 0 },
    });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      error: 'storeId: store PROV5 has its own store server: its transactions are recorded there',
      code: 'INVALID_STATE',
      field: 'storeId',
    });
    expect(await t.count('register_session')).toBe(before);

    const sales = await t.count('sale');
    const sale = await t.rest('POST', '/sales', {
      token: t.adminToken,
      body: {
        storeId: store.id,
        receiptNumber: 'R-1',
        cashierId: editor.id,
        terminalId: 'T01',
        subtotal: 100,
        taxTotal: 0,
        discountTotal: 0,
        grandTotal: 100,
        items: [
          {
            productId: '01900000-0000-7000-8000-000000000001',
            productName: 'x',
            quantity: 1000,
            unitPrice: 100,
            taxRate: 0,
            taxAmount: 0,
            discountAmount: 0,
            lineTotal: 100,
            taxes: [],
          },
        ],
        payments: [{ method: 'CASH', amount: 100 }],
      },
    });
    expect([sale.status, sale.body.code, sale.body.field]).toEqual([409, 'INVALID_STATE', 'storeId']);
    expect(await t.count('sale')).toBe(sales);
  });
});
