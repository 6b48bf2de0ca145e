import { startTestServer, type TestServer } from '../support/server';
import {
  createSellingFixture,
  openRegister,
  postSale,
  saleBody,
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

describe('POST /sales', () => {
  it('records the reference example: 2 × 999 at 6.25 % + 1 % is 1998 + 145 = 2143, change from 2200', async () => {
    const body = saleBody(f, [{ product: f.products.coffee, quantity: 2000 }], {
      payments: [{ method: f.tenders.cash, amount: 2200, reference: null }],
    });
    expect(body).toMatchObject({ subtotal: 1998, taxTotal: 145, grandTotal: 2143 });
    const res = await postSale(t, f, body);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      storeId: f.store.id,
      terminalId: 'T01',
      status: 'COMPLETED',
      subtotal: 1998,
      taxTotal: 145,
      grandTotal: 2143,
      amountPaid: 2200,
      changeGiven: 57,
      soldAt: expect.stringMatching(ISO),
    });
    expect(res.body.data.items).toHaveLength(1);
    expect(res.body.data.items[0].taxes.map((x: any) => x.taxAmount)).toEqual([125, 20]);
  });
});
