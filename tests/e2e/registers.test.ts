import { startTestServer, type TestServer, type TestUser } from '../support/server';
import {
  createSellingFixture,
  openRegister,
  postSale,
  saleBody,
  TILL_PERMISSIONS,
  type SellingFixture,
} from '../support/selling';

let t: TestServer;
let f: SellingFixture;
let other: SellingFixture;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN = '01900000-0000-7000-8000-000000000000';
const AT = new Date('2026-03-14T15:09:26.535Z');
const LATER = new Date('2026-03-14T23:01:02.003Z');

beforeAll(async () => {
  t = await startTestServer();
  [f, other] = [await createSellingFixture(t), await createSellingFixture(t)];
});
afterAll(() => t.close());

/** Every register_session row of a store, oldest first, with every column (to prove nothing changed). */
const sessionRows = (storeId: string) =>
  t.sql('select * from register_session where store_id = ? order by opened_at, id', [storeId]);
const saleRows = (storeId: string) =>
  t.sql('select id, status, version from sale where store_id = ? order by id', [storeId]);

function open(body: Record<string, unknown>, token = f.cashier.token, server: TestServer = t) {
  return server.rest('POST', '/registers/open', { token, body });
}

function closeByTerminal(
  fx: SellingFixture,
  terminalId: string,
  declaredCash: number,
  token = fx.cashier.token,
) {
  return t.rest('POST', '/registers/close', {
    token,
    body: { storeId: fx.store.id, terminalId, declaredCash },
  });
}

function current(fx: SellingFixture, terminalId: string, token = fx.cashier.token) {
  return t.rest('GET', `/registers/current?terminalId=${terminalId}&storeId=${fx.store.id}`, { token });
}

describe('POST /registers/open', () => {
  afterEach(() => {
    t.server.runtime.now = () => new Date();
  });

  it('opens a session: 201 with the store, terminal, caller, instant and float', async () => {
    t.server.runtime.now = () => AT;
    const res = await open({ storeId: f.store.id, terminalId: 'OPEN-1', openingAmount: 15_075 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        version: 1,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
        storeId: f.store.id,
        terminalId: 'OPEN-1',
        status: 'OPEN',
        openedById: f.cashier.id,
        openedAt: AT.toISOString(),
        openingAmount: 15_075,
        closedById: null,
        closedAt: null,
        zNumber: null,
        expectedCash: null,
        declaredCash: null,
        overShort: null,
      },
    });
    const [row] = await t.sql('select * from register_session where id = ?', [res.body.data.id]);
    expect(row).toMatchObject({
      store_id: f.store.id,
      terminal_id: 'OPEN-1',
      status: 'OPEN',
      opened_by_id: f.cashier.id,
      opening_amount: '15075',
      z_number: null,
    });
    expect(new Date(row.opened_at).toISOString()).toBe(AT.toISOString());
  });

  it("defaults to the caller's store", async () => {
    const res = await open({ terminalId: 'OPEN-DEFAULT', openingAmount: 0 });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ storeId: f.store.id, openingAmount: 0 });
  });

  it('refuses a second open of the same terminal with 409 INVALID_STATE; another terminal is fine', async () => {
    const first = await open({ storeId: f.store.id, terminalId: 'OPEN-2', openingAmount: 100 });
    expect(first.status).toBe(201);
    const before = await sessionRows(f.store.id);
    const again = await open({ storeId: f.store.id, terminalId: 'OPEN-2', openingAmount: 200 });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      success: false,
      code: 'INVALID_STATE',
      error: 'terminalId: OPEN-2 already has an open register session',
      field: 'terminalId',
    });
    expect(await sessionRows(f.store.id)).toEqual(before);
    const next = await open({ storeId: f.store.id, terminalId: 'OPEN-3', openingAmount: 200 });
    expect(next.status).toBe(201);
    expect(next.body.data).toMatchObject({ terminalId: 'OPEN-3', openingAmount: 200 });
    // The same terminal name at another store is another register.
    const elsewhere = await open(
      { storeId: other.store.id, terminalId: 'OPEN-2', openingAmount: 300 },
      other.cashier.token,
    );
    expect(elsewhere.status).toBe(201);
  });

  it('10 concurrent opens of one terminal make exactly one session; the others are 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        open({ storeId: f.store.id, terminalId: 'RACE', openingAmount: 1000 + i }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(['INVALID_STATE', 'CONFLICT']).toContain(r.body.code);
      expect(r.body.field).toBe('terminalId');
    }
    const rows = await t.sql(
      "select id, opening_amount from register_session where store_id = ? and terminal_id = 'RACE'",
      [f.store.id],
    );
    const winner = results.find((r) => r.status === 201)!.body.data;
    expect(rows).toEqual([{ id: winner.id, opening_amount: String(winner.openingAmount) }]);
  });

  it.each([
    ['a negative float', { openingAmount: -1 }, 'openingAmount: openingAmount must not be less than 0'],
    ['a fractional float', { openingAmount: 10.5 }, /^openingAmount: /],
    ['a missing float', { openingAmount: undefined }, /^openingAmount: /],
    ['a blank terminal', { terminalId: '   ' }, /^terminalId: /],
    ['an empty terminal', { terminalId: '' }, /^terminalId: /],
    ['a terminal over 40 characters', { terminalId: 'T'.repeat(41) }, /^terminalId: /],
    ['an unknown field', { drawer: 'A' }, /drawer/],
    ['a malformed store id', { storeId: 'nope' }, /^storeId: /],
  ])('refuses %s with 400, nothing written', async (_case, change, error) => {
    const before = await sessionRows(f.store.id);
    const res = await open({ storeId: f.store.id, terminalId: 'VALID', openingAmount: 100, ...change });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION');
    if (typeof error === 'string') expect(res.body.error).toBe(error);
    else expect(res.body.error).toMatch(error);
    expect(await sessionRows(f.store.id)).toEqual(before);
  });

  it('is 404 for an unknown store, 403 at a store where the caller holds nothing; nothing written', async () => {
    const before = await t.sql('select * from register_session order by id');
    const unknown = await open({ storeId: UNKNOWN, terminalId: 'X1', openingAmount: 1 });
    expect(unknown.status).toBe(404);
    const foreign = await open({ storeId: other.store.id, terminalId: 'X1', openingAmount: 1 });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('FORBIDDEN');
    expect(await t.sql('select * from register_session order by id')).toEqual(before);
  });

  it('is 401 anonymous and 403 without registers.open; nothing written', async () => {
    const viewer = await t.userWith(['registers.view', 'pos.sell'], { storeId: f.store.id });
    const before = await sessionRows(f.store.id);
    const body = { storeId: f.store.id, terminalId: 'PERM', openingAmount: 1 };
    expect((await t.rest('POST', '/registers/open', { body })).status).toBe(401);
    const denied = await open(body, viewer.token);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('Missing permission: registers.open');
    expect(await sessionRows(f.store.id)).toEqual(before);
  });

  it('refuses an inactive store with 409, nothing written', async () => {
    const closed = await createSellingFixture(t);
    const off = await t.rest('PUT', `/stores/${closed.store.id}`, {
      token: t.adminToken,
      body: { isActive: false },
    });
    expect(off.status).toBe(200);
    const res = await open(
      { storeId: closed.store.id, terminalId: 'T01', openingAmount: 100 },
      closed.cashier.token,
    );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'INVALID_STATE', field: 'storeId' });
    expect(await sessionRows(closed.store.id)).toEqual([]);
  });
});

describe('a store server', () => {
  let s: TestServer;
  let homeCashier: TestUser;

  beforeAll(async () => {
    s = await startTestServer({ mode: 'store' });
    homeCashier = await s.userWith(TILL_PERMISSIONS, { storeId: s.storeId });
  });
  afterAll(() => s.close());

  it('opens for its own store without a storeId, and refuses another store (400), nothing written', async () => {
    const res = await open({ terminalId: 'T01', openingAmount: 2500 }, homeCashier.token, s);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      storeId: s.storeId,
      terminalId: 'T01',
      status: 'OPEN',
      openedById: homeCashier.id,
      openingAmount: 2500,
    });
    const named = await open(
      { storeId: s.storeId, terminalId: 'T02', openingAmount: 0 },
      homeCashier.token,
      s,
    );
    expect(named.status).toBe(201);
    const away = await s.createStore('AWAY');
    const before = await s.sql('select * from register_session order by id');
    const refused = await open({ storeId: away.id, terminalId: 'T03', openingAmount: 0 }, s.adminToken, s);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      success: false,
      code: 'VALIDATION',
      error: 'storeId: this server trades only for its own store',
      field: 'storeId',
    });
    expect(await s.sql('select * from register_session order by id')).toEqual(before);
    const cur = await s.rest('GET', '/registers/current?terminalId=T01', { token: homeCashier.token });
    expect(cur.status).toBe(200);
    expect(cur.body.data.id).toBe(res.body.data.id);
  });
});

describe('GET /registers/current', () => {
  it('is the open session of the terminal, null when it has none, and null again after close', async () => {
    expect((await current(f, 'CUR-1')).body).toEqual({ success: true, data: null });
    const opened = await openRegister(t, f, 'CUR-1', 700);
    const res = await current(f, 'CUR-1');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: opened.id,
      terminalId: 'CUR-1',
      status: 'OPEN',
      openingAmount: 700,
    });
    // Signed in for the store, no storeId needed.
    const plain = await t.rest('GET', '/registers/current?terminalId=CUR-1', { token: f.cashier.token });
    expect(plain.body.data.id).toBe(opened.id);
    expect((await closeByTerminal(f, 'CUR-1', 700)).status).toBe(200);
    expect((await current(f, 'CUR-1')).body).toEqual({ success: true, data: null });
  });

  it("another store's register needs registers.view there (403), the admin sees any", async () => {
    const theirs = await openRegister(t, other, 'CUR-X', 900);
    const peek = await current(other, 'CUR-X', f.cashier.token);
    expect(peek.status).toBe(403);
    expect(peek.body).toEqual({
      success: false,
      code: 'FORBIDDEN',
      error: 'Missing permission: registers.view at this store',
    });
    expect((await current(other, 'CUR-X', t.adminToken)).body.data.id).toBe(theirs.id);
    // A till user of the store itself needs no permission beyond signing in.
    const clerk = await t.userWith(['pos.sell'], { storeId: other.store.id });
    expect((await current(other, 'CUR-X', clerk.token)).body.data.id).toBe(theirs.id);
  });

  it('is 401 anonymous and 400 without a terminal', async () => {
    expect((await t.rest('GET', '/registers/current?terminalId=T01')).status).toBe(401);
    const res = await t.rest('GET', '/registers/current', { token: f.cashier.token });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'terminal_id: is required', field: 'terminal_id' });
  });
});

describe('closing a register', () => {
  afterEach(() => {
    t.server.runtime.now = () => new Date();
  });

  /** Cash sale of one coffee (999 + 62 + 10 = 1071) paid with 2000: change 929. */
  const cashCoffee = (terminalId: string) =>
    saleBody(f, [{ product: f.products.coffee }], {
      terminalId,
      payments: [{ method: f.tenders.cash, amount: 2000, reference: null }],
    });

  async function sellAndVoid(terminalId: string) {
    const card = saleBody(f, [{ product: f.products.bread }], {
      terminalId,
      payments: [{ method: f.tenders.card, amount: 350, reference: 'auth-1' }],
    });
    const voided = saleBody(f, [{ product: f.products.coffee, quantity: 3000 }], {
      terminalId,
      payments: [{ method: f.tenders.cash, amount: 5000, reference: null }],
    });
    const coffee = cashCoffee(terminalId);
    expect(coffee.grandTotal).toBe(1071);
    expect(card.grandTotal).toBe(350);
    expect(voided.grandTotal).toBe(3214); // 2997 + 187 (187.3125) + 30 (29.97)
    for (const body of [coffee, card, voided]) expect((await postSale(t, f, body)).status).toBe(201);
    const [v] = await t.sql('select id from sale where receipt_number = ?', [voided.receiptNumber]);
    const res = await t.rest('PUT', `/sales/${v.id}/void`, {
      token: f.cashier.token,
      body: { reason: 'test' },
    });
    expect(res.status).toBe(200);
  }

  it('POST /registers/close: expected = float + cash taken − change (voids excluded); over', async () => {
    await openRegister(t, f, 'CL-OVER', 10_000);
    await sellAndVoid('CL-OVER');
    t.server.runtime.now = () => LATER;
    const res = await closeByTerminal(f, 'CL-OVER', 11_100);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      terminalId: 'CL-OVER',
      status: 'CLOSED',
      closedById: f.cashier.id,
      closedAt: LATER.toISOString(),
      zNumber: 1,
      openingAmount: 10_000,
      // 10 000 + 2000 − 929 = 11 071
      expectedCash: 11_071,
      declaredCash: 11_100,
      overShort: 29,
    });
  });

  it('PUT /registers/:id/close: a short drawer is negative', async () => {
    const session = await openRegister(t, f, 'CL-SHORT', 5_000);
    await sellAndVoid('CL-SHORT');
    const closer = await t.userWith(['registers.close'], { storeId: f.store.id });
    const res = await t.rest('PUT', `/registers/${session.id}/close`, {
      token: closer.token,
      body: { declaredCash: 6_000 },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: session.id,
      status: 'CLOSED',
      closedById: closer.id,
      closedAt: expect.stringMatching(ISO),
      zNumber: 1,
      expectedCash: 6_071,
      declaredCash: 6_000,
      overShort: -71,
    });
    const [row] = await t.sql('select * from register_session where id = ?', [session.id]);
    expect(row).toMatchObject({
      status: 'CLOSED',
      closed_by_id: closer.id,
      z_number: 1,
      expected_cash: '6071',
      declared_cash: '6000',
      over_short: '-71',
    });
  });

  it('an exact drawer with no sales: expected = the float, over/short 0', async () => {
    await openRegister(t, f, 'CL-EMPTY', 4_321);
    const res = await closeByTerminal(f, 'CL-EMPTY', 4_321);
    expect(res.body.data).toMatchObject({
      expectedCash: 4_321,
      declaredCash: 4_321,
      overShort: 0,
      zNumber: 1,
    });
  });

  it('a drawer is still counted and closed at a store closed meanwhile (it no longer opens)', async () => {
    const shop = await createSellingFixture(t);
    await openRegister(t, shop, 'T01', 1_000);
    const off = await t.rest('PUT', `/stores/${shop.store.id}`, {
      token: t.adminToken,
      body: { isActive: false },
    });
    expect(off.status).toBe(200);
    const res = await closeByTerminal(shop, 'T01', 1_000);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'CLOSED', zNumber: 1, expectedCash: 1_000, overShort: 0 });
  });

  it('closing twice is 409 by either route, and a terminal with no open session is 409; nothing changed', async () => {
    const session = await openRegister(t, f, 'CL-TWICE', 1_000);
    expect((await closeByTerminal(f, 'CL-TWICE', 1_000)).status).toBe(200);
    const before = await sessionRows(f.store.id);
    const byTerminal = await closeByTerminal(f, 'CL-TWICE', 2_000);
    expect(byTerminal.status).toBe(409);
    expect(byTerminal.body).toEqual({
      success: false,
      code: 'INVALID_STATE',
      error: 'terminalId: CL-TWICE has no open register session',
      field: 'terminalId',
    });
    const byId = await t.rest('PUT', `/registers/${session.id}/close`, {
      token: f.cashier.token,
      body: { declaredCash: 2_000 },
    });
    expect(byId.status).toBe(409);
    expect(byId.body.code).toBe('INVALID_STATE');
    expect(byId.body.error).toMatch(/^The register session was closed at /);
    const never = await closeByTerminal(f, 'NEVER-OPENED', 0);
    expect(never.status).toBe(409);
    expect(never.body.code).toBe('INVALID_STATE');
    expect(await sessionRows(f.store.id)).toEqual(before);
  });

  it.each([
    ['a negative count', { declaredCash: -1 }, 'declaredCash: declaredCash must not be less than 0'],
    ['a fractional count', { declaredCash: 0.5 }, /^declaredCash: /],
    ['no count', { declaredCash: undefined }, /^declaredCash: /],
    ['an unknown field', { reason: 'x' }, /reason/],
  ])('refuses %s with 400 by either route, nothing changed', async (_case, change, error) => {
    const session = await openRegister(t, f, `CL-400-${_case.replace(/\W/g, '')}`, 100);
    const before = await sessionRows(f.store.id);
    const byTerminal = await t.rest('POST', '/registers/close', {
      token: f.cashier.token,
      body: { storeId: f.store.id, terminalId: session.terminalId, declaredCash: 100, ...change },
    });
    const byId = await t.rest('PUT', `/registers/${session.id}/close`, {
      token: f.cashier.token,
      body: { declaredCash: 100, ...change },
    });
    for (const res of [byTerminal, byId]) {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION');
      if (typeof error === 'string') expect(res.body.error).toBe(error);
      else expect(res.body.error).toMatch(error);
    }
    expect(await sessionRows(f.store.id)).toEqual(before);
  });

  it('is 404 for an unknown session, 403 at another store, 401/403 without registers.close; nothing changed', async () => {
    const session = await openRegister(t, other, 'CL-PERM', 100);
    const mine = await openRegister(t, f, 'CL-PERM', 100);
    const seller = await t.userWith(['pos.sell', 'registers.open', 'registers.view'], {
      storeId: f.store.id,
    });
    const before = await t.sql('select * from register_session order by id');
    const put = (id: string, token?: string) =>
      t.rest('PUT', `/registers/${id}/close`, { token, body: { declaredCash: 100 } });
    expect((await put(UNKNOWN, f.cashier.token)).status).toBe(404);
    const foreign = await put(session.id, f.cashier.token);
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('FORBIDDEN');
    expect((await closeByTerminal(other, 'CL-PERM', 100, f.cashier.token)).status).toBe(403);
    expect((await put(mine.id)).status).toBe(401);
    expect(
      (await t.rest('POST', '/registers/close', { body: { terminalId: 'CL-PERM', declaredCash: 1 } })).status,
    ).toBe(401);
    const denied = await put(mine.id, seller.token);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('Missing permission: registers.close');
    expect((await closeByTerminal(f, 'CL-PERM', 100, seller.token)).status).toBe(403);
    expect(await t.sql('select * from register_session order by id')).toEqual(before);
  });

  it('numbers Z reports per register: Z-1, Z-2, Z-3 on one terminal, Z-1 on another and at another store', async () => {
    const z: Array<[string, number]> = [];
    const cycle = async (fx: SellingFixture, terminalId: string) => {
      await openRegister(t, fx, terminalId, 0);
      const res = await closeByTerminal(fx, terminalId, 0);
      expect(res.status).toBe(200);
      z.push([`${fx === f ? 'A' : 'B'}:${terminalId}`, res.body.data.zNumber]);
    };
    await cycle(f, 'ZT01');
    await cycle(f, 'ZT01');
    await cycle(f, 'ZT02');
    await cycle(other, 'ZT01');
    await cycle(f, 'ZT01');
    await cycle(other, 'ZT01');
    await cycle(f, 'ZT02');
    expect(z).toEqual([
      ['A:ZT01', 1],
      ['A:ZT01', 2],
      ['A:ZT02', 1],
      ['B:ZT01', 1],
      ['A:ZT01', 3],
      ['B:ZT01', 2],
      ['A:ZT02', 2],
    ]);
    const rows = await t.sql(
      "select z_number from register_session where store_id = ? and terminal_id = 'ZT01' order by opened_at",
      [f.store.id],
    );
    expect(rows.map((r) => r.z_number)).toEqual([1, 2, 3]);
  });

  it('5 concurrent closes of one session: one 200 with Z-1, the others 409', async () => {
    const session = await openRegister(t, f, 'CL-RACE', 300);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        i % 2
          ? closeByTerminal(f, 'CL-RACE', 300 + i)
          : t.rest('PUT', `/registers/${session.id}/close`, {
              token: f.cashier.token,
              body: { declaredCash: 300 + i },
            }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)!.body.data;
    const [row] = await t.sql('select * from register_session where id = ?', [session.id]);
    expect(row).toMatchObject({
      status: 'CLOSED',
      z_number: 1,
      declared_cash: String(winner.declaredCash),
      over_short: String(winner.declaredCash - 300),
      version: 2,
    });
  });

  it('sales racing a close either land in its figures or are refused (422), never lost', async () => {
    const session = await openRegister(t, f, 'CL-MIX', 0);
    const bodies = Array.from({ length: 8 }, () => cashCoffee('CL-MIX'));
    const [closed, ...sales] = await Promise.all([
      closeByTerminal(f, 'CL-MIX', 0),
      ...bodies.map((body) => postSale(t, f, body)),
    ]);
    expect(closed.status).toBe(200);
    const landed = sales.filter((r) => r.status === 201);
    expect(landed.length + sales.filter((r) => r.status === 422).length).toBe(8);
    const [counted] = await t.sql('select count(*) as n from sale where register_session_id = ?', [
      session.id,
    ]);
    expect(Number(counted.n)).toBe(landed.length);
    // Each cash coffee puts 2000 in and 929 back out: 1071 net.
    expect(closed.body.data.expectedCash).toBe(1071 * landed.length);
    const z = await t.rest('GET', `/reports/z-report?session_id=${session.id}`, { token: f.cashier.token });
    expect(z.body.data).toMatchObject({ salesCount: landed.length, grandTotal: 1071 * landed.length });
  });

  it('refuses a sale after close with 422 and keeps the closed session immutable', async () => {
    const session = await openRegister(t, f, 'CL-AFTER', 1_000);
    const sold = cashCoffee('CL-AFTER');
    expect((await postSale(t, f, sold)).status).toBe(201);
    expect((await closeByTerminal(f, 'CL-AFTER', 2_071)).body.data.overShort).toBe(0);
    const sessions = await sessionRows(f.store.id);
    const sales = await saleRows(f.store.id);
    const late = await postSale(t, f, cashCoffee('CL-AFTER'));
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ code: 'UNPROCESSABLE', field: 'terminalId' });
    const [s] = await t.sql('select id from sale where receipt_number = ?', [sold.receiptNumber]);
    const voided = await t.rest('PUT', `/sales/${s.id}/void`, {
      token: f.cashier.token,
      body: { reason: 'late' },
    });
    expect(voided.status).toBe(409);
    expect(voided.body.code).toBe('INVALID_STATE');
    const reclose = await t.rest('PUT', `/registers/${session.id}/close`, {
      token: f.cashier.token,
      body: { declaredCash: 999_999 },
    });
    expect(reclose.status).toBe(409);
    expect(await sessionRows(f.store.id)).toEqual(sessions);
    expect(await saleRows(f.store.id)).toEqual(sales);
  });
});

describe('GET /registers', () => {
  let g: SellingFixture;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    g = await createSellingFixture(t);
    // Opened a minute apart: A1 (closed), A2 (closed), B1 (open), A3 (open).
    const base = Date.parse('2026-05-01T08:00:00.000Z');
    const at = (minute: number) => {
      t.server.runtime.now = () => new Date(base + minute * 60_000);
    };
    at(0);
    ids.A1 = (await openRegister(t, g, 'A', 100)).id;
    at(1);
    await closeByTerminal(g, 'A', 100);
    at(2);
    ids.A2 = (await openRegister(t, g, 'A', 200)).id;
    at(3);
    await closeByTerminal(g, 'A', 200);
    at(4);
    ids.B1 = (await openRegister(t, g, 'B', 300)).id;
    at(5);
    ids.A3 = (await openRegister(t, g, 'A', 400)).id;
    t.server.runtime.now = () => new Date();
  });

  const list = (query: string, token = g.cashier.token) => t.rest('GET', `/registers${query}`, { token });
  const idsOf = (res: { body: any }) => res.body.data.map((s: { id: string }) => s.id);

  it("lists the caller's store, latest opened first, with the page", async () => {
    const res = await list('');
    expect(res.status).toBe(200);
    expect(idsOf(res)).toEqual([ids.A3, ids.B1, ids.A2, ids.A1]);
    expect(res.body).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    expect(res.body.data[2]).toMatchObject({
      terminalId: 'A',
      status: 'CLOSED',
      zNumber: 2,
      openingAmount: 200,
      expectedCash: 200,
      declaredCash: 200,
      overShort: 0,
    });
  });

  it('filters by store, terminal and status', async () => {
    expect(idsOf(await list(`?store_id=${g.store.id}&terminal_id=A`))).toEqual([ids.A3, ids.A2, ids.A1]);
    expect(idsOf(await list('?status=OPEN'))).toEqual([ids.A3, ids.B1]);
    expect(idsOf(await list('?status=CLOSED&terminal_id=A'))).toEqual([ids.A2, ids.A1]);
    expect(idsOf(await list('?terminal_id=NONE'))).toEqual([]);
    const bad = await list('?status=HALF');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^status: /);
  });

  it('paginates', async () => {
    const p1 = await list('?page=1&pageSize=3');
    const p2 = await list('?page=2&pageSize=3');
    expect(idsOf(p1)).toEqual([ids.A3, ids.B1, ids.A2]);
    expect(idsOf(p2)).toEqual([ids.A1]);
    expect(p2.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
  });

  it('is 401 anonymous, 403 without registers.view, 403 for another store', async () => {
    expect((await t.rest('GET', '/registers')).status).toBe(401);
    const seller = await t.userWith(['pos.sell'], { storeId: g.store.id });
    const denied = await list('', seller.token);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('Missing permission: registers.view');
    expect((await list(`?store_id=${f.store.id}`)).status).toBe(403);
  });

  it('a caller with no store needs registers.view at every store', async () => {
    // Holds registers.view at this store only, signed in for no store.
    const local = await t.userWith(['registers.view'], { storeId: g.store.id });
    const nowhere = await t.login(local.username, local.pin);
    const refused = await list('', nowhere);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('Missing permission: registers.view');
    // The admin holds it everywhere: every store's sessions.
    const all = await list('?pageSize=100', t.adminToken);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(Number((await t.sql('select count(*) as n from register_session'))[0].n));
  });
});
