import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { startTestServer, type TestServer } from '../support/server';
import {
  createSellingFixture,
  movementsOf,
  openRegister,
  postSale,
  saleBody,
  salesSnapshot,
  stockLevel,
  type Product,
  type SellingFixture,
} from '../support/selling';

let t: TestServer;
let f: SellingFixture;

beforeAll(async () => {
  t = await startTestServer();
  f = await createSellingFixture(t);
  await openRegister(t, f, 'T01');
  await openRegister(t, f, 'T02');
});
afterAll(() => t.close());

/** A tax-free product of its own (so a test owns its stock level), starting with `level` in stock. */
async function freshProduct(level: number, sellPrice = 100): Promise<Product> {
  const s = randomBytes(4).toString('hex').toUpperCase();
  const res = await t.rest('POST', '/products', {
    token: t.adminToken,
    body: { sku: `FRESH-${s}`, name: `Fresh ${s}`, sellPrice, costPrice: 40 },
  });
  expect(res.status).toBe(201);
  // The starting level as the ledger would have it: one movement, and the level that sums it.
  await t.sql(
    `insert into stock_movement (id, store_id, product_id, quantity, type, reason, quantity_after, created_at)
     values (?, ?, ?, ?, 'ADJUSTMENT', 'RECEIVED', ?, now())`,
    [uuidv7(), f.store.id, res.body.data.id, level, level],
  );
  await t.sql(
    `insert into inventory_level (id, created_at, updated_at, store_id, product_id, quantity)
     values (?, now(), now(), ?, ?, ?)`,
    [uuidv7(), f.store.id, res.body.data.id, level],
  );
  return { id: res.body.data.id, sku: res.body.data.sku, name: res.body.data.name, sellPrice, taxes: [] };
}

const movementSum = async (productId: string) => {
  const [row] = await t.sql(
    'select coalesce(sum(quantity), 0)::bigint as total, count(*)::int as n from stock_movement where store_id = ? and product_id = ?',
    [f.store.id, productId],
  );
  return { total: Number(row.total), count: row.n as number };
};

describe('POST /sales is idempotent on (store, terminal, receiptNumber)', () => {
  it('answers the same body again with the first sale (201 again), without a second row or stock move', async () => {
    const product = await freshProduct(10_000);
    const body = saleBody(f, [{ product, quantity: 3000 }]);
    const first = await postSale(t, f, body);
    expect(first.status).toBe(201);
    const before = await salesSnapshot(t);
    // The REST route answers 201 whether the sale was made now or earlier: a till retrying after a lost
    // answer needs the same result, and the body is the sale either way.
    const again = await postSale(t, f, body);
    expect(again.status).toBe(201);
    expect(again.body.data).toEqual(first.body.data);
    expect(await salesSnapshot(t)).toEqual(before);
    expect(await stockLevel(t, f.store.id, product.id)).toBe(7000);
    expect(await movementsOf(t, first.body.data.id)).toHaveLength(1);
  });

  it('treats an omitted optional field and null alike', async () => {
    const body = saleBody(f, [{ product: f.products.bread }]);
    const first = await postSale(t, f, body);
    expect(first.status).toBe(201);
    const { salesRepId: _rep, customerId: _customer, ...omitted } = body;
    const again = await postSale(t, f, omitted);
    expect(again.status).toBe(201);
    expect(again.body.data.id).toBe(first.body.data.id);
  });

  it('refuses another body with the same key (409), changing nothing', async () => {
    const body = saleBody(f, [{ product: f.products.bread }]);
    const first = await postSale(t, f, body);
    expect(first.status).toBe(201);
    const before = await salesSnapshot(t);
    const other = saleBody(f, [{ product: f.products.bread, quantity: 2000 }], {
      receiptNumber: body.receiptNumber,
    });
    const res = await postSale(t, f, other);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      error: `receiptNumber: ${body.receiptNumber} of terminal T01 was already used for another sale`,
      code: 'CONFLICT',
      field: 'receiptNumber',
    });
    // Even a different payment split is another request.
    const split = {
      ...body,
      payments: [
        { method: f.tenders.cash, amount: 300, reference: null },
        { method: f.tenders.card, amount: 50, reference: null },
      ],
    };
    expect((await postSale(t, f, split)).status).toBe(409);
    expect(await salesSnapshot(t)).toEqual(before);
  });

  it('makes the same receipt number on another terminal another sale', async () => {
    const one = saleBody(f, [{ product: f.products.bread }], { terminalId: 'T01' });
    const two = saleBody(f, [{ product: f.products.bread }], {
      terminalId: 'T02',
      receiptNumber: one.receiptNumber,
    });
    const a = await postSale(t, f, one);
    const b = await postSale(t, f, two);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.data.id).not.toBe(b.body.data.id);
    expect(b.body.data).toMatchObject({ terminalId: 'T02', receiptNumber: one.receiptNumber });
  });

  it('records one sale for 5 identical posts in parallel', async () => {
    const product = await freshProduct(0);
    const body = saleBody(f, [{ product, quantity: 2000 }]);
    const before = await salesSnapshot(t);
    const results = await Promise.all(Array.from({ length: 5 }, () => postSale(t, f, body)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.data.id)).size).toBe(1);
    const after = await salesSnapshot(t);
    expect(after.counts.sale).toBe(before.counts.sale + 1);
    expect(after.counts.sale_item).toBe(before.counts.sale_item + 1);
    expect(after.counts.sale_payment).toBe(before.counts.sale_payment + 1);
    expect(after.counts.stock_movement).toBe(before.counts.stock_movement + 1);
    expect(await stockLevel(t, f.store.id, product.id)).toBe(-2000);
  });

  it('lets exactly one of 5 different bodies with one key through; the others are 409', async () => {
    const product = await freshProduct(0);
    const receiptNumber = `R-${randomBytes(4).toString('hex')}`;
    const results = await Promise.all(
      [1000, 2000, 3000, 4000, 5000].map((quantity) =>
        postSale(t, f, saleBody(f, [{ product, quantity }], { receiptNumber })),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const won = results.find((r) => r.status === 201)!.body.data;
    expect(await stockLevel(t, f.store.id, product.id)).toBe(-won.items[0].quantity);
    expect(await t.sql('select id from sale where receipt_number = ?', [receiptNumber])).toEqual([
      { id: won.id },
    ]);
  });
});

describe('concurrent sales', () => {
  it('50 parallel sales of one product leave the level exactly 50 units lower, with 50 movements', async () => {
    const product = await freshProduct(12_000);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => postSale(t, f, saleBody(f, [{ product, quantity: 1000 }]))),
    );
    expect(results.filter((r) => r.status !== 201).map((r) => r.body)).toEqual([]);
    expect(await stockLevel(t, f.store.id, product.id)).toBe(12_000 - 50_000);
    expect(await movementSum(product.id)).toEqual({ total: -38_000, count: 51 });
    const sales = await t.sql(
      `select count(*)::int as n from stock_movement where product_id = ? and type = 'SALE' and quantity = -1000`,
      [product.id],
    );
    expect(sales).toEqual([{ n: 50 }]);
    // Each movement recorded the level after it: together they are every level from 11 units down to −38.
    const after = await t.sql(
      `select quantity_after from stock_movement where product_id = ? and type = 'SALE' order by quantity_after desc`,
      [product.id],
    );
    expect(after.map((r) => Number(r.quantity_after))).toEqual(
      Array.from({ length: 50 }, (_, i) => 11_000 - i * 1000),
    );
  });

  it('sales of two products in opposite line orders, in parallel, neither deadlock nor lose a change', async () => {
    const a = await freshProduct(0);
    const b = await freshProduct(0);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        postSale(
          t,
          f,
          saleBody(
            f,
            i % 2 === 0
              ? [
                  { product: a, quantity: 1000 },
                  { product: b, quantity: 2000 },
                ]
              : [
                  { product: b, quantity: 2000 },
                  { product: a, quantity: 1000 },
                ],
          ),
        ),
      ),
    );
    expect(results.filter((r) => r.status !== 201).map((r) => r.body)).toEqual([]);
    expect(await stockLevel(t, f.store.id, a.id)).toBe(-30_000);
    expect(await stockLevel(t, f.store.id, b.id)).toBe(-60_000);
    expect(await movementSum(a.id)).toEqual({ total: -30_000, count: 31 });
    expect(await movementSum(b.id)).toEqual({ total: -60_000, count: 31 });
  });
});
