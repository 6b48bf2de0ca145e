import { randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/server';
import {
  createSellingFixture,
  movementsOf,
  openRegister,
  postSale,
  saleBody,
  salesSnapshot,
  stockLevel,
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

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN = '01900000-0000-7000-8000-000000000000';
const code = (prefix: string) => `${prefix}${randomBytes(3).toString('hex').toUpperCase()}`;

/** Posts a body that must be refused with this status, message and field, changing nothing. */
async function expectRefused(
  body: unknown,
  status: number,
  error: string | RegExp,
  field?: string,
  token = f.cashier.token,
) {
  const before = await salesSnapshot(t);
  const res = await postSale(t, f, body, token);
  expect(res.status).toBe(status);
  expect(res.body.success).toBe(false);
  if (typeof error === 'string') expect(res.body.error).toBe(error);
  else expect(res.body.error).toMatch(error);
  if (field !== undefined) expect(res.body.field).toBe(field);
  expect(await salesSnapshot(t)).toEqual(before);
  return res;
}

/** Posts a correct body and returns the created sale (201). */
async function sell(body: ReturnType<typeof saleBody>) {
  const res = await postSale(t, f, body);
  expect(res.status).toBe(201);
  return res.body.data;
}

const taxRows = (saleId: string) =>
  t.sql(
    `select i.line_number, x.tax_rate_name, x.rate, x.is_compound, x.sort_order, x.taxable_amount, x.tax_amount
       from sale_item_tax x join sale_item i on i.id = x.sale_item_id
      where i.sale_id = ? order by i.line_number, x.sort_order`,
    [saleId],
  );

describe('POST /sales: arithmetic', () => {
  it('records the reference example: 2 × 999 at 6.25 % + 1 % is 1998 + 145 = 2143, change from 2200', async () => {
    const body = saleBody(f, [{ product: f.products.coffee, quantity: 2000 }], {
      payments: [{ method: f.tenders.cash, amount: 2200, reference: null }],
    });
    expect(body).toMatchObject({ subtotal: 1998, taxTotal: 145, grandTotal: 2143 });
    const levelBefore = await stockLevel(t, f.store.id, f.products.coffee.id);
    const res = await postSale(t, f, body);
    expect(res.status).toBe(201);
    const sale = res.body.data;
    expect(sale).toMatchObject({
      storeId: f.store.id,
      terminalId: 'T01',
      receiptNumber: body.receiptNumber,
      cashierId: f.cashier.id,
      salesRepId: null,
      customerId: null,
      status: 'COMPLETED',
      subtotal: 1998,
      discountTotal: 0,
      taxTotal: 145,
      grandTotal: 2143,
      amountPaid: 2200,
      changeGiven: 57,
      soldAt: expect.stringMatching(ISO),
      voidedAt: null,
      voidedById: null,
      voidReason: null,
    });
    expect(sale.items).toHaveLength(1);
    const [line] = await t.sql('select unit_cost from sale_item where id = ?', [sale.items[0].id]);
    expect(line.unit_cost).toBe('499');
    expect(sale.items[0]).toMatchObject({
      lineNumber: 1,
      productId: f.products.coffee.id,
      sku: f.products.coffee.sku,
      productName: f.products.coffee.name,
      quantity: 2000,
      unitPrice: 999,
      effectivePrice: 999,
      priceSource: 'PRODUCT',
      specialId: null,
      // Recorded (below), but hidden from a cashier without products.view_cost.
      unitCost: null,
      overrideRequestedById: null,
      overrideApprovedById: null,
      extendedAmount: 1998,
      discountAmount: 0,
      taxRate: 725,
      taxAmount: 145,
      lineTotal: 2143,
    });
    expect(sale.items[0].taxes).toEqual([
      expect.objectContaining({
        taxRateId: f.rates.state.id,
        taxRateName: f.rates.state.name,
        rate: 625,
        isCompound: false,
        sortOrder: 0,
        taxableAmount: 1998,
        taxAmount: 125,
      }),
      expect.objectContaining({
        taxRateId: f.rates.county.id,
        taxRateName: f.rates.county.name,
        rate: 100,
        isCompound: false,
        sortOrder: 1,
        taxableAmount: 1998,
        taxAmount: 20,
      }),
    ]);
    expect(sale.payments).toEqual([
      expect.objectContaining({
        position: 1,
        method: f.tenders.cash,
        isCash: true,
        amount: 2200,
        reference: null,
      }),
    ]);
    // One SALE movement of −2 units; the level is the sum of the movements.
    expect(await movementsOf(t, sale.id)).toEqual([
      {
        product_id: f.products.coffee.id,
        quantity: '-2000',
        type: 'SALE',
        quantity_after: String(levelBefore - 2000),
      },
    ]);
    expect(await stockLevel(t, f.store.id, f.products.coffee.id)).toBe(levelBefore - 2000);
    const [sum] = await t.sql(
      'select sum(quantity)::bigint as total from stock_movement where store_id = ? and product_id = ?',
      [f.store.id, f.products.coffee.id],
    );
    expect(Number(sum.total)).toBe(levelBefore - 2000);
    // The stored rows say the same as the answer.
    const [row] = await t.sql(
      `select subtotal, discount_total, tax_total, grand_total, amount_paid, change_given, register_session_id
         from sale where id = ?`,
      [sale.id],
    );
    expect(row).toMatchObject({
      subtotal: '1998',
      discount_total: '0',
      tax_total: '145',
      grand_total: '2143',
      amount_paid: '2200',
      change_given: '57',
    });
  });

  it('computes a compound tax: watch 25000 → State 1562 (1562.5 to even), County 250, Luxury 536 (536.24)', async () => {
    const body = saleBody(f, [{ product: f.products.watch }]);
    // Worked by hand, not by the helper.
    expect(body.items[0].taxes.map((x) => x.taxAmount)).toEqual([1562, 250, 536]);
    expect(body).toMatchObject({ subtotal: 25000, taxTotal: 2348, grandTotal: 27348 });
    const sale = await sell(body);
    expect(sale).toMatchObject({ subtotal: 25000, taxTotal: 2348, grandTotal: 27348, changeGiven: 0 });
    expect(sale.items[0]).toMatchObject({ taxRate: 925, taxAmount: 2348, lineTotal: 27348 });
    expect(await taxRows(sale.id)).toEqual([
      expect.objectContaining({ rate: 625, is_compound: false, taxable_amount: '25000', tax_amount: '1562' }),
      expect.objectContaining({ rate: 100, is_compound: false, taxable_amount: '25000', tax_amount: '250' }),
      // The compound tax applies to the net plus the earlier taxes: 25000 + 1562 + 250.
      expect.objectContaining({ rate: 200, is_compound: true, taxable_amount: '26812', tax_amount: '536' }),
    ]);
  });

  it('takes fractional quantities: 1.5 × 999 = 1498.5 → 1498 (to even); State 93.625 → 94, County 14.98 → 15', async () => {
    const before = await stockLevel(t, f.store.id, f.products.coffee.id);
    const body = saleBody(f, [{ product: f.products.coffee, quantity: 1500 }]);
    expect(body).toMatchObject({ subtotal: 1498, taxTotal: 109, grandTotal: 1607 });
    const sale = await sell(body);
    expect(sale.items[0]).toMatchObject({
      quantity: 1500,
      extendedAmount: 1498,
      taxAmount: 109,
      lineTotal: 1607,
    });
    expect(sale.items[0].taxes.map((x: any) => x.taxAmount)).toEqual([94, 15]);
    expect(await stockLevel(t, f.store.id, f.products.coffee.id)).toBe(before - 1500);
  });

  it('taxes the net after a line discount: 1998 − 200 = 1798; State 112.375 → 112, County 17.98 → 18', async () => {
    const body = saleBody(f, [{ product: f.products.coffee, quantity: 2000, discountAmount: 200 }]);
    expect(body).toMatchObject({ subtotal: 1998, discountTotal: 200, taxTotal: 130, grandTotal: 1928 });
    const sale = await sell(body);
    expect(sale).toMatchObject({ subtotal: 1998, discountTotal: 200, taxTotal: 130, grandTotal: 1928 });
    expect(sale.items[0]).toMatchObject({ extendedAmount: 1998, discountAmount: 200, lineTotal: 1928 });
    expect(sale.items[0].taxes.map((x: any) => [x.taxableAmount, x.taxAmount])).toEqual([
      [1798, 112],
      [1798, 18],
    ]);
  });

  it('charges no tax on exempt bread, and records no line taxes', async () => {
    const body = saleBody(f, [{ product: f.products.bread }]);
    expect(body).toMatchObject({ subtotal: 350, taxTotal: 0, grandTotal: 350 });
    const sale = await sell(body);
    expect(sale.items[0]).toMatchObject({ taxRate: 0, taxAmount: 0, lineTotal: 350, taxes: [] });
    expect(await taxRows(sale.id)).toEqual([]);
  });

  it('adds up a multi-line sale; an untracked product moves no stock', async () => {
    const body = saleBody(f, [
      { product: f.products.coffee, quantity: 2000 },
      { product: f.products.bread },
      { product: f.products.watch },
      { product: f.products.service },
    ]);
    // 1998/145, 350/0, 25000/2348, 5000 with State 312.5 → 312 and County 50.
    expect(body.items.map((i) => i.lineTotal)).toEqual([2143, 350, 27348, 5362]);
    expect(body).toMatchObject({ subtotal: 32348, discountTotal: 0, taxTotal: 2855, grandTotal: 35203 });
    const sale = await sell(body);
    expect(sale).toMatchObject({ subtotal: 32348, taxTotal: 2855, grandTotal: 35203 });
    expect(sale.items.map((i: any) => [i.lineNumber, i.productId])).toEqual([
      [1, f.products.coffee.id],
      [2, f.products.bread.id],
      [3, f.products.watch.id],
      [4, f.products.service.id],
    ]);
    expect((await taxRows(sale.id)).length).toBe(7);
    const moves = await movementsOf(t, sale.id);
    expect(moves.map((m) => [m.product_id, m.quantity, m.type]).sort()).toEqual(
      [
        [f.products.coffee.id, '-2000', 'SALE'],
        [f.products.bread.id, '-1000', 'SALE'],
        [f.products.watch.id, '-1000', 'SALE'],
      ].sort(),
    );
    expect(
      await t.sql('select 1 from inventory_level where product_id = ?', [f.products.service.id]),
    ).toEqual([]);
  });
});

describe('POST /sales: stated figures that differ from the server are 422, naming the field', () => {
  type Body = ReturnType<typeof saleBody>;
  const coffee = () => saleBody(f, [{ product: f.products.coffee, quantity: 2000 }]);
  const watch = () => saleBody(f, [{ product: f.products.watch }]);
  it.each<[string, () => Body, (b: Body) => void, string]>([
    ['line taxAmount', coffee, (b) => (b.items[0].taxAmount = 146), 'stated 146, expected 145'],
    ['line lineTotal', coffee, (b) => (b.items[0].lineTotal = 2144), 'stated 2144, expected 2143'],
    ['line taxRate', coffee, (b) => (b.items[0].taxRate = 825), 'stated 825, expected 725'],
    ['tax rate', coffee, (b) => (b.items[0].taxes[0].rate = 600), 'stated 600, expected 625'],
    ['tax amount', coffee, (b) => (b.items[0].taxes[1].taxAmount = 19), 'stated 19, expected 20'],
    ['tax sortOrder', coffee, (b) => (b.items[0].taxes[1].sortOrder = 5), 'stated 5, expected 1'],
    ['compound flag', watch, (b) => (b.items[0].taxes[2].isCompound = false), 'stated false, expected true'],
    ['compound amount', watch, (b) => (b.items[0].taxes[2].taxAmount = 537), 'stated 537, expected 536'],
    [
      'half-even state tax',
      watch,
      (b) => (b.items[0].taxes[0].taxAmount = 1563),
      'stated 1563, expected 1562',
    ],
  ])('%s', async (_case, make, change, message) => {
    const body = make();
    change(body);
    const field = {
      'line taxAmount': 'items.0.taxAmount',
      'line lineTotal': 'items.0.lineTotal',
      'line taxRate': 'items.0.taxRate',
      'tax rate': 'items.0.taxes.0.rate',
      'tax amount': 'items.0.taxes.1.taxAmount',
      'tax sortOrder': 'items.0.taxes.1.sortOrder',
      'compound flag': 'items.0.taxes.2.isCompound',
      'compound amount': 'items.0.taxes.2.taxAmount',
      'half-even state tax': 'items.0.taxes.0.taxAmount',
    }[_case]!;
    await expectRefused(body, 422, `${field}: ${message}`, field);
  });

  it('a tax name', async () => {
    const body = coffee();
    body.items[0].taxes[0].taxRateName = 'Sales tax';
    await expectRefused(
      body,
      422,
      `items.0.taxes.0.taxRateName: stated Sales tax, expected ${f.rates.state.name}`,
      'items.0.taxes.0.taxRateName',
    );
  });

  it('a missing or an extra tax', async () => {
    const missing = coffee();
    missing.items[0].taxes.pop();
    await expectRefused(missing, 422, 'items.0.taxes: stated 1 taxes, expected 2 taxes', 'items.0.taxes');
    const extra = saleBody(f, [{ product: f.products.bread }]);
    extra.items[0].taxes.push({
      taxRateName: 'State',
      rate: 625,
      taxAmount: 22,
      isCompound: false,
      sortOrder: 0,
    });
    await expectRefused(extra, 422, 'items.0.taxes: stated 1 taxes, expected 0 taxes', 'items.0.taxes');
  });

  it('a tax on the second line names that line', async () => {
    const body = saleBody(f, [{ product: f.products.bread }, { product: f.products.coffee }]);
    body.items[1].taxes[0].taxAmount += 1;
    await expectRefused(
      body,
      422,
      'items.1.taxes.0.taxAmount: stated 63, expected 62',
      'items.1.taxes.0.taxAmount',
    );
  });

  it.each([
    ['subtotal', 1999, 'stated 1999, expected 1998'],
    ['discountTotal', 1, 'stated 1, expected 0'],
    ['taxTotal', 144, 'stated 144, expected 145'],
    ['grandTotal', 2142, 'stated 2142, expected 2143'],
  ] as const)('sale %s', async (field, value, message) => {
    const body = coffee();
    body[field] = value;
    await expectRefused(body, 422, `${field}: ${message}`, field);
  });

  it('a discount above the line amount (422: the figures contradict each other)', async () => {
    const body = saleBody(f, [{ product: f.products.bread }]);
    body.items[0].discountAmount = 351;
    body.discountTotal = 351;
    await expectRefused(
      body,
      422,
      'items.0.discountAmount: must not exceed the line amount (350)',
      'items.0.discountAmount',
    );
  });
});

describe('POST /sales: payments', () => {
  const coffee = (payments: Array<{ method: string; amount: number; reference?: string | null }>) =>
    saleBody(f, [{ product: f.products.coffee, quantity: 2000 }], { payments });

  it('refuses an underpayment (422)', async () => {
    await expectRefused(
      coffee([{ method: f.tenders.cash, amount: 2142 }]),
      422,
      'payments: paid 2142, due 2143',
      'payments',
    );
  });

  it('refuses an overpayment by card: only cash gives change (422)', async () => {
    await expectRefused(
      coffee([{ method: f.tenders.card, amount: 2200 }]),
      422,
      'payments: overpaid by 57 but only cash may be overpaid (cash tendered: 0)',
      'payments',
    );
    await expectRefused(
      coffee([
        { method: f.tenders.card, amount: 2150 },
        { method: f.tenders.cash, amount: 5 },
      ]),
      422,
      'payments: overpaid by 12 but only cash may be overpaid (cash tendered: 5)',
      'payments',
    );
  });

  it('refuses no payment at all for a sale above 0 (422 underpaid)', async () => {
    await expectRefused(coffee([]), 422, 'payments: paid 0, due 2143', 'payments');
  });

  it('takes a card payment completed in cash, when the cash covers the change', async () => {
    const sale = await sell(
      coffee([
        { method: f.tenders.card, amount: 2140 },
        { method: f.tenders.cash, amount: 50 },
      ]),
    );
    expect(sale).toMatchObject({ grandTotal: 2143, amountPaid: 2190, changeGiven: 47 });
  });

  it('takes a split payment, card then cash, with change from the cash', async () => {
    const sale = await sell(
      coffee([
        { method: f.tenders.card, amount: 2000, reference: 'slip 0042' },
        { method: f.tenders.cash, amount: 500 },
      ]),
    );
    expect(sale).toMatchObject({ grandTotal: 2143, amountPaid: 2500, changeGiven: 357 });
    expect(sale.payments).toEqual([
      expect.objectContaining({
        position: 1,
        method: f.tenders.card,
        isCash: false,
        amount: 2000,
        reference: 'slip 0042',
      }),
      expect.objectContaining({
        position: 2,
        method: f.tenders.cash,
        isCash: true,
        amount: 500,
        reference: null,
      }),
    ]);
    expect(
      await t.sql('select position, amount from sale_payment where sale_id = ? order by position', [sale.id]),
    ).toEqual([
      { position: 1, amount: '2000' },
      { position: 2, amount: '500' },
    ]);
  });

  it('refuses a sale without items (422)', async () => {
    const body = coffee([{ method: f.tenders.cash, amount: 100 }]);
    await expectRefused(
      { ...body, items: [], subtotal: 0, taxTotal: 0, grandTotal: 0 },
      422,
      'items: a sale needs at least one item',
      'items',
    );
  });
});

describe('POST /sales: what it names must exist and be active (422 naming the field)', () => {
  const admin = () => t.adminToken;
  const bread = (opts: Parameters<typeof saleBody>[2] = {}) =>
    saleBody(f, [{ product: f.products.bread }], opts);

  it('an unknown or inactive product', async () => {
    const unknown = bread();
    unknown.items[0].productId = UNKNOWN;
    await expectRefused(unknown, 422, `items.0.productId: no product ${UNKNOWN}`, 'items.0.productId');

    const res = await t.rest('POST', '/products', {
      token: admin(),
      body: { sku: code('OLD-'), name: 'Old stock', sellPrice: 350 },
    });
    const old = res.body.data;
    expect((await t.rest('PATCH', `/products/${old.id}/toggle-active`, { token: admin() })).status).toBe(200);
    const inactive = bread();
    inactive.items[0].productId = old.id;
    await expectRefused(inactive, 422, `items.0.productId: ${old.sku} is inactive`, 'items.0.productId');
  });

  it('an unknown, inactive or deleted tender', async () => {
    await expectRefused(
      bread({ payments: [{ method: 'NOPE', amount: 350 }] }),
      422,
      'payments.0.method: no tender NOPE',
      'payments.0.method',
    );
    const tender = async () =>
      (
        await t.rest('POST', '/tenders', {
          token: admin(),
          body: { code: code('T'), name: 'Voucher', isCash: false },
        })
      ).body.data;
    const inactive = await tender();
    expect(
      (await t.rest('PUT', `/tenders/${inactive.id}`, { token: admin(), body: { isActive: false } })).status,
    ).toBe(200);
    await expectRefused(
      bread({
        payments: [
          { method: f.tenders.cash, amount: 50 },
          { method: inactive.code, amount: 300 },
        ],
      }),
      422,
      `payments.1.method: tender ${inactive.code} is inactive`,
      'payments.1.method',
    );
    const deleted = await tender();
    expect((await t.rest('DELETE', `/tenders/${deleted.id}`, { token: admin() })).status).toBe(200);
    await expectRefused(
      bread({ payments: [{ method: deleted.code, amount: 350 }] }),
      422,
      `payments.0.method: tender ${deleted.code} is inactive`,
      'payments.0.method',
    );
  });

  it('an unknown or inactive cashier', async () => {
    await expectRefused(bread({ cashierId: UNKNOWN }), 422, `cashierId: no user ${UNKNOWN}`, 'cashierId');
    const other = await t.userWith(['pos.sell'], { storeId: f.store.id });
    expect(
      (await t.rest('PUT', `/users/${other.id}`, { token: admin(), body: { isActive: false } })).status,
    ).toBe(200);
    await expectRefused(
      bread({ cashierId: other.id }),
      422,
      `cashierId: user ${other.id} is inactive`,
      'cashierId',
    );
  });

  it('an unknown, inactive or deleted sales rep', async () => {
    await expectRefused(
      bread({ salesRepId: UNKNOWN }),
      422,
      `salesRepId: no sales rep ${UNKNOWN}`,
      'salesRepId',
    );
    const rep = async () =>
      (
        await t.rest('POST', '/sales-reps', {
          token: admin(),
          body: { code: code('R'), firstName: 'Rita', lastName: 'Rep' },
        })
      ).body.data;
    const inactive = await rep();
    expect(
      (await t.rest('PATCH', `/sales-reps/${inactive.id}/toggle-active`, { token: admin() })).status,
    ).toBe(200);
    await expectRefused(
      bread({ salesRepId: inactive.id }),
      422,
      `salesRepId: sales rep ${inactive.id} is inactive`,
      'salesRepId',
    );
    const deleted = await rep();
    expect((await t.rest('DELETE', `/sales-reps/${deleted.id}`, { token: admin() })).status).toBe(200);
    await expectRefused(
      bread({ salesRepId: deleted.id }),
      422,
      `salesRepId: sales rep ${deleted.id} is inactive`,
      'salesRepId',
    );
  });

  it('an unknown or deleted customer', async () => {
    await expectRefused(
      bread({ customerId: UNKNOWN }),
      422,
      `customerId: no customer ${UNKNOWN}`,
      'customerId',
    );
    const customer = (
      await t.rest('POST', '/customers', { token: admin(), body: { firstName: 'Cora', lastName: 'Gone' } })
    ).body.data;
    expect((await t.rest('DELETE', `/customers/${customer.id}`, { token: admin() })).status).toBe(200);
    await expectRefused(
      bread({ customerId: customer.id }),
      422,
      `customerId: customer ${customer.id} is inactive`,
      'customerId',
    );
  });

  it('a terminal without an open register session, or whose session was closed', async () => {
    await expectRefused(
      bread({ terminalId: 'T99' }),
      422,
      'terminalId: T99 has no open register session: open the register first',
      'terminalId',
    );
    await openRegister(t, f, 'T05');
    await sell(bread({ terminalId: 'T05' }));
    const closed = await t.rest('POST', '/registers/close', {
      token: f.cashier.token,
      body: { storeId: f.store.id, terminalId: 'T05', declaredCash: 10_350 },
    });
    expect(closed.status).toBe(200);
    await expectRefused(
      bread({ terminalId: 'T05' }),
      422,
      'terminalId: T05 has no open register session: open the register first',
      'terminalId',
    );
  });
});
