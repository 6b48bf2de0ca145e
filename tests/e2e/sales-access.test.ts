import { randomBytes } from 'node:crypto';
import {
  CreateSaleDocument,
  SaleReceiptDocument,
  SalesDocument,
  VoidSaleDocument,
} from '../generated/graphql';
import { addDays, localDate } from '../../src/services/core/time';
import { startTestServer, type TestServer, type TestUser } from '../support/server';
import {
  createSellingFixture,
  openRegister,
  postSale,
  saleBody,
  salesSnapshot,
  type Product,
  type SellingFixture,
} from '../support/selling';

let t: TestServer;
let f: SellingFixture;

beforeAll(async () => {
  t = await startTestServer();
  f = await createSellingFixture(t);
  await openRegister(t, f, 'T01');
});
afterAll(() => t.close());

async function expectRefused(body: unknown, status: number, error: string, token = f.cashier.token) {
  const before = await salesSnapshot(t);
  const res = await postSale(t, f, body, token);
  expect(res.status).toBe(status);
  expect(res.body.error).toBe(error);
  expect(await salesSnapshot(t)).toEqual(before);
  return res;
}

/** A tax-free product of its own, so that its prices belong to one test. */
async function product(sellPrice: number): Promise<Product> {
  const s = randomBytes(4).toString('hex').toUpperCase();
  const res = await t.rest('POST', '/products', {
    token: t.adminToken,
    body: { sku: `P-${s}`, name: `Priced ${s}`, sellPrice, costPrice: 100 },
  });
  expect(res.status).toBe(201);
  return { id: res.body.data.id, sku: res.body.data.sku, name: res.body.data.name, sellPrice, taxes: [] };
}

async function special(productId: string, specialPrice: number) {
  const today = localDate('America/New_York', new Date());
  const res = await t.rest('POST', '/specials', {
    token: t.adminToken,
    body: { productId, specialPrice, startDate: addDays(today, -1), endDate: addDays(today, 1) },
  });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

async function sellLine(p: Product, unitPrice?: number) {
  const res = await postSale(t, f, saleBody(f, [{ product: p, unitPrice }]));
  expect(res.status).toBe(201);
  return res.body.data;
}

describe('the effective price recorded on each line', () => {
  it("is the product's price, else the store's override, else an active special", async () => {
    const p = await product(1000);
    expect((await sellLine(p)).items[0]).toMatchObject({
      unitPrice: 1000,
      effectivePrice: 1000,
      priceSource: 'PRODUCT',
      specialId: null,
    });
    const override = await t.rest('POST', '/store-prices', {
      token: t.adminToken,
      body: { storeId: f.store.id, productId: p.id, sellPrice: 900 },
    });
    expect(override.status).toBe(200);
    expect((await sellLine(p, 900)).items[0]).toMatchObject({
      unitPrice: 900,
      effectivePrice: 900,
      priceSource: 'STORE_PRICE',
      specialId: null,
    });
    const specialId = await special(p.id, 750);
    const sale = await sellLine(p, 750);
    expect(sale.items[0]).toMatchObject({
      unitPrice: 750,
      effectivePrice: 750,
      priceSource: 'SPECIAL',
      specialId,
    });
    expect(sale).toMatchObject({ subtotal: 750, grandTotal: 750 });
  });

  it('accepts a price below it (a price override) and keeps the effective price beside it', async () => {
    const p = await product(1000);
    const sale = await sellLine(p, 640);
    expect(sale.items[0]).toMatchObject({ unitPrice: 640, effectivePrice: 1000, priceSource: 'PRODUCT' });
    expect(sale).toMatchObject({ subtotal: 640, grandTotal: 640 });
    const [row] = await t.sql('select unit_price, effective_price from sale_item where sale_id = ?', [
      sale.id,
    ]);
    expect(row).toEqual({ unit_price: '640', effective_price: '1000' });
  });
});

describe('DELETE /specials/:id once sales reference the special', () => {
  it('only deactivates it; an unreferenced special is still deleted', async () => {
    const p = await product(1000);
    const used = await special(p.id, 800);
    const sale = await sellLine(p, 800);
    expect(sale.items[0].specialId).toBe(used);
    const res = await t.rest('DELETE', `/specials/${used}`, { token: t.adminToken });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: used, isActive: false, specialPrice: 800 });
    expect(await t.sql('select is_active from special where id = ?', [used])).toEqual([{ is_active: false }]);
    expect(await t.sql('select special_id from sale_item where sale_id = ?', [sale.id])).toEqual([
      { special_id: used },
    ]);
    // No longer in force: the next sale is at the product's price.
    expect((await sellLine(p)).items[0]).toMatchObject({ effectivePrice: 1000, priceSource: 'PRODUCT' });

    const unused = await special(p.id, 850);
    expect((await t.rest('DELETE', `/specials/${unused}`, { token: t.adminToken })).status).toBe(200);
    expect(await t.sql('select id from special where id = ?', [unused])).toEqual([]);
  });
});

describe('GraphQL', () => {
  it('createSale records the reference example with the same figures, and voidSale, sales, saleReceipt answer', async () => {
    const body = saleBody(f, [{ product: f.products.coffee, quantity: 2000 }], {
      payments: [{ method: f.tenders.cash, amount: 2200, reference: null }],
    });
    const res = await t.gql(CreateSaleDocument, body, f.cashier.token);
    expect(res.errors).toBeUndefined();
    const sale = res.data!.createSale;
    expect(sale).toMatchObject({
      storeId: f.store.id,
      status: 'COMPLETED',
      subtotal: 1998,
      discountTotal: 0,
      taxTotal: 145,
      grandTotal: 2143,
      amountPaid: 2200,
      changeGiven: 57,
    });
    expect(sale.items[0].taxes.map((x) => [x.rate, x.taxableAmount, x.taxAmount])).toEqual([
      [625, 1998, 125],
      [100, 1998, 20],
    ]);
    const again = await t.gql(CreateSaleDocument, body, f.cashier.token);
    expect(again.data!.createSale.id).toBe(sale.id);

    const receipt = await t.gql(SaleReceiptDocument, { saleId: sale.id }, f.cashier.token);
    expect(receipt.data!.saleReceipt.taxSummary).toEqual([
      { taxRateName: f.rates.state.name, rate: 625, taxableAmount: 1998, taxAmount: 125 },
      { taxRateName: f.rates.county.name, rate: 100, taxableAmount: 1998, taxAmount: 20 },
    ]);
    const voided = await t.gql(VoidSaleDocument, { id: sale.id, reason: 'test' }, f.cashier.token);
    expect(voided.data!.voidSale).toMatchObject({
      status: 'VOIDED',
      voidReason: 'test',
      voidedById: f.cashier.id,
    });
    const list = await t.gql(SalesDocument, { status: 'VOIDED' as never }, f.cashier.token);
    expect(list.data!.sales.items.map((s) => s.id)).toEqual([sale.id]);
  });

  it('answers a wrong figure with UNPROCESSABLE, naming the field with the stated and expected values', async () => {
    const body = saleBody(f, [{ product: f.products.watch }]);
    body.items[0].taxes[0].taxAmount = 1563;
    const before = await salesSnapshot(t);
    const res = await t.gql(CreateSaleDocument, body, f.cashier.token);
    expect(res.data).toBeNull();
    expect(res.errors![0]).toMatchObject({
      message: 'items.0.taxes.0.taxAmount: stated 1563, expected 1562',
      extensions: { code: 'UNPROCESSABLE', field: 'items.0.taxes.0.taxAmount', stated: 1563, expected: 1562 },
    });
    expect(await salesSnapshot(t)).toEqual(before);
  });
});

describe('POST /sales: who may sell where', () => {
  const bread = (opts: Parameters<typeof saleBody>[2] = {}) =>
    saleBody(f, [{ product: f.products.bread }], opts);

  it('is 401 anonymous and 403 without pos.sell, changing nothing', async () => {
    const before = await salesSnapshot(t);
    const anonymous = await t.rest('POST', '/sales', { body: bread() });
    expect(anonymous.status).toBe(401);
    expect(await salesSnapshot(t)).toEqual(before);
    const voider = await t.userWith(['pos.void'], { storeId: f.store.id });
    await expectRefused(bread(), 403, 'Missing permission: pos.sell', voider.token);
  });

  it('refuses a cashier of another store posting for this store (403), changing nothing, even on a taken key', async () => {
    const elsewhere = await createSellingFixture(t);
    await expectRefused(bread(), 403, 'Missing permission: pos.sell at this store', elsewhere.cashier.token);
    const body = bread();
    expect((await postSale(t, f, body)).status).toBe(201);
    // A replay of another store's receipt reveals nothing about it.
    await expectRefused(body, 403, 'Missing permission: pos.sell at this store', elsewhere.cashier.token);
  });

  it("records the sale at the caller's store when storeId is omitted (HQ)", async () => {
    const { storeId: _storeId, ...body } = bread();
    const res = await postSale(t, f, body);
    expect(res.status).toBe(201);
    expect(res.body.data.storeId).toBe(f.store.id);
  });

  it('refuses an inactive store (409), changing nothing', async () => {
    const closing = await createSellingFixture(t);
    await openRegister(t, closing, 'T01');
    const off = await t.rest('PUT', `/stores/${closing.store.id}`, {
      token: t.adminToken,
      body: { isActive: false },
    });
    expect(off.status).toBe(200);
    const res = await expectRefused(
      saleBody(closing, [{ product: closing.products.bread }]),
      409,
      `storeId: store ${closing.store.code} is inactive and cannot trade`,
      closing.cashier.token,
    );
    expect(res.body).toMatchObject({ code: 'INVALID_STATE', field: 'storeId' });
  });
});

describe('POST /sales: malformed input is 400 naming the field, changing nothing', () => {
  type Body = ReturnType<typeof saleBody> & Record<string, unknown>;
  it.each<[string, (b: Body) => void, string]>([
    ['quantity 0', (b) => (b.items[0].quantity = 0), 'items.0.quantity: quantity must not be less than 1'],
    [
      'negative quantity',
      (b) => (b.items[0].quantity = -1000),
      'items.0.quantity: quantity must not be less than 1',
    ],
    [
      'fractional thousandths',
      (b) => (b.items[0].quantity = 1.5),
      'items.0.quantity: SafeInt cannot represent non-integer value: 1.5',
    ],
    [
      'negative unitPrice',
      (b) => (b.items[0].unitPrice = -1),
      'items.0.unitPrice: unitPrice must not be less than 0',
    ],
    [
      'negative discount',
      (b) => (b.items[0].discountAmount = -1),
      'items.0.discountAmount: discountAmount must not be less than 0',
    ],
    ['missing receiptNumber', (b) => delete (b as Partial<Body>).receiptNumber, 'receiptNumber: is required'],
    ['missing items', (b) => delete (b as Partial<Body>).items, 'items: is required'],
    [
      'blank receiptNumber',
      (b) => (b.receiptNumber = '  '),
      'receiptNumber: receiptNumber must not be blank',
    ],
    ['unknown field', (b) => (b.note = 'hi'), 'note: unknown field'],
    ['malformed cashierId', (b) => (b.cashierId = 'nope'), /^cashierId: /.source],
  ])('%s', async (_case, change, error) => {
    const body = saleBody(f, [{ product: f.products.bread }]) as Body;
    change(body);
    const before = await salesSnapshot(t);
    const res = await postSale(t, f, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION');
    if (error.startsWith('^')) expect(res.body.error).toMatch(new RegExp(error));
    else expect(res.body.error).toBe(error);
    expect(res.body.field).toBe(error.replace(/^\^/, '').split(':')[0]);
    expect(await salesSnapshot(t)).toEqual(before);
  });
});

describe('a store server', () => {
  let s: TestServer;
  let fx: SellingFixture;
  let home: string;
  let cashier: TestUser;

  beforeAll(async () => {
    s = await startTestServer({ mode: 'store' });
    home = s.storeId!;
    fx = await createSellingFixture(s, { storeId: home });
    cashier = fx.cashier;
    const open = await s.rest('POST', '/registers/open', {
      token: cashier.token,
      body: { terminalId: 'T01', openingAmount: 0 },
    });
    expect(open.status).toBe(201);
  });
  afterAll(() => s.close());

  it('sells for its own store without a storeId, and refuses another storeId (400), changing nothing', async () => {
    const { storeId: _storeId, ...body } = saleBody(fx, [{ product: fx.products.coffee, quantity: 2000 }]);
    const res = await s.rest('POST', '/sales', { token: cashier.token, body });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ storeId: home, grandTotal: 2143 });
    const named = await s.rest('POST', '/sales', { token: cashier.token, body: { ...body, storeId: home } });
    expect(named.status).toBe(201);
    expect(named.body.data.id).toBe(res.body.data.id);

    const before = await salesSnapshot(s);
    const elsewhere = await s.createStore();
    const other = saleBody(fx, [{ product: fx.products.bread }], { storeId: elsewhere.id });
    const refused = await s.rest('POST', '/sales', { token: cashier.token, body: other });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: 'storeId: this server trades only for its own store',
      field: 'storeId',
    });
    expect(await salesSnapshot(s)).toEqual(before);
  });
});
