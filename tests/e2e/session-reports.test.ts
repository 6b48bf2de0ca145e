import {
  CloseRegisterDocument,
  OpenRegisterDocument,
  XReportDocument,
  ZReportDocument,
} from '../generated/graphql';
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
let other: SellingFixture;

const UNKNOWN = '01900000-0000-7000-8000-000000000000';
const OPENED = new Date('2026-04-02T13:00:00.000Z');
const X_AT = new Date('2026-04-02T18:30:00.000Z');
const CLOSED = new Date('2026-04-02T21:45:00.000Z');

beforeAll(async () => {
  t = await startTestServer();
  [f, other] = [await createSellingFixture(t), await createSellingFixture(t)];
});
afterAll(() => t.close());

const sessionRow = (id: string) =>
  t.sql('select * from register_session where id = ?', [id]).then((r) => r[0]);
const xReport = (id: string, token = f.cashier.token) =>
  t.rest('GET', `/reports/x-report?session_id=${id}`, { token });
const zReport = (id: string, token = f.cashier.token) =>
  t.rest('GET', `/reports/z-report?session_id=${id}`, { token });

async function sell(body: ReturnType<typeof saleBody>) {
  const res = await postSale(t, f, body);
  expect(res.status).toBe(201);
  return res.body.data as { id: string; grandTotal: number; changeGiven: number };
}

/**
 * One session on terminal RPT, float 200.00, rates State 6.25 %, County 1 %, Luxury 2 % compound:
 *
 * | sale | lines                                   | subtotal | disc | tax                      | total  | paid                      | change |
 * | S1   | 2 × coffee 9.99                          | 1998     | 0    | 125 + 20 = 145           | 2143   | cash 2200                 | 57     |
 * | S2   | watch 250.00 (luxury)                    | 25000    | 0    | 1562 + 250 + 536 = 2348  | 27348  | card 27348                | 0      |
 * | S3   | service 50.00 − 5.00, bread 3.50 (exempt) | 5350     | 500  | 281 + 45 = 326           | 5176   | card 3000 + cash 2500     | 324    |
 * | S4   | 3 × bread (exempt)                       | 1050     | 0    | 0                        | 1050   | cash 1050                 | 0      |
 * | S5   | coffee, voided                           | 999      | 0    | 62 + 10 = 72             | 1071   | cash 1071                 | 0      |
 *
 * State on 25000: 1562.5 rounds half to even → 1562; Luxury on 25000 + 1562 + 250 = 26812: 536.24 → 536;
 * State on 1998: 124.875 → 125; State on 4500: 281.25 → 281.
 */
describe('X and Z reports of a session with several sales', () => {
  let sessionId: string;
  let x: any;
  let z: any;

  const expectedFigures = () => ({
    salesCount: 4,
    grossSales: 33_398,
    discountTotal: 500,
    netSales: 32_898,
    taxTotal: 2_819,
    grandTotal: 35_717,
    voidCount: 1,
    voidTotal: 1_071,
    refundCount: 0,
    refundNet: 0,
    refundTax: 0,
    refundTotal: 0,
    taxes: [
      {
        taxRateId: f.rates.county.id,
        taxRateName: f.rates.county.name,
        rate: 100,
        isCompound: false,
        taxableAmount: 31_498,
        taxAmount: 315,
      },
      {
        taxRateId: f.rates.luxury.id,
        taxRateName: f.rates.luxury.name,
        rate: 200,
        isCompound: true,
        taxableAmount: 26_812,
        taxAmount: 536,
      },
      {
        taxRateId: f.rates.state.id,
        taxRateName: f.rates.state.name,
        rate: 625,
        isCompound: false,
        taxableAmount: 31_498,
        taxAmount: 1_968,
      },
    ],
    tenders: [
      { method: f.tenders.card, isCash: false, count: 2, amount: 30_348, refundCount: 0, refunded: 0 },
      { method: f.tenders.cash, isCash: true, count: 3, amount: 5_750, refundCount: 0, refunded: 0 },
    ],
    openingAmount: 20_000,
    cashTaken: 5_750,
    changeGiven: 381,
    cashRefunded: 0,
    // 20 000 + 5750 − 381
    expectedCash: 25_369,
  });

  beforeAll(async () => {
    t.server.runtime.now = () => OPENED;
    sessionId = (await openRegister(t, f, 'RPT', 20_000)).id;
    const { coffee, watch, service, bread } = f.products;
    const { cash, card } = f.tenders;
    const pay = (method: string, amount: number) => ({ method, amount, reference: null });
    const opts = (payments: Array<ReturnType<typeof pay>>) => ({ terminalId: 'RPT', payments });
    const s1 = await sell(saleBody(f, [{ product: coffee, quantity: 2000 }], opts([pay(cash, 2200)])));
    const s2 = await sell(saleBody(f, [{ product: watch }], opts([pay(card, 27_348)])));
    const s3 = await sell(
      saleBody(
        f,
        [{ product: service, discountAmount: 500 }, { product: bread }],
        opts([pay(card, 3000), pay(cash, 2500)]),
      ),
    );
    const s4 = await sell(saleBody(f, [{ product: bread, quantity: 3000 }], opts([pay(cash, 1050)])));
    const s5 = await sell(saleBody(f, [{ product: coffee }], opts([pay(cash, 1071)])));
    // The hand-computed totals of the table above are the server's too.
    expect([s1, s2, s3, s4, s5].map((s) => [s.grandTotal, s.changeGiven])).toEqual([
      [2143, 57],
      [27_348, 0],
      [5176, 324],
      [1050, 0],
      [1071, 0],
    ]);
    const voided = await t.rest('PUT', `/sales/${s5.id}/void`, {
      token: f.cashier.token,
      body: { reason: 'customer changed their mind' },
    });
    expect(voided.status).toBe(200);
    t.server.runtime.now = () => X_AT;
    const before = await sessionRow(sessionId);
    const xRes = await xReport(sessionId);
    expect(xRes.status).toBe(200);
    x = xRes.body.data;
    // No effect: the session row is exactly as it was.
    expect(await sessionRow(sessionId)).toEqual(before);
    t.server.runtime.now = () => CLOSED;
    const closed = await t.rest('POST', '/registers/close', {
      token: f.cashier.token,
      body: { storeId: f.store.id, terminalId: 'RPT', declaredCash: 25_300 },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.data).toMatchObject({ expectedCash: 25_369, declaredCash: 25_300, overShort: -69 });
    t.server.runtime.now = () => new Date();
    const zRes = await zReport(sessionId);
    expect(zRes.status).toBe(200);
    z = zRes.body.data;
  });

  it('X report: every figure to the cent, no close fields yet', () => {
    expect(x).toEqual({
      sessionId,
      storeId: f.store.id,
      storeCode: f.store.code,
      terminalId: 'RPT',
      status: 'OPEN',
      zNumber: null,
      openedAt: OPENED.toISOString(),
      openedById: f.cashier.id,
      closedAt: null,
      closedById: null,
      generatedAt: X_AT.toISOString(),
      ...expectedFigures(),
      declaredCash: null,
      overShort: null,
    });
  });

  it('Z report: the same figures, frozen at close, with the count and over/short', () => {
    expect(z).toEqual({
      sessionId,
      storeId: f.store.id,
      storeCode: f.store.code,
      terminalId: 'RPT',
      status: 'CLOSED',
      zNumber: 1,
      openedAt: OPENED.toISOString(),
      openedById: f.cashier.id,
      closedAt: CLOSED.toISOString(),
      closedById: f.cashier.id,
      generatedAt: CLOSED.toISOString(),
      ...expectedFigures(),
      declaredCash: 25_300,
      overShort: -69,
    });
  });

  it('breakdowns reconcile: taxes sum to taxTotal, tenders to grandTotal + change', () => {
    for (const r of [x, z]) {
      expect(r.taxes.reduce((a: number, x: { taxAmount: number }) => a + x.taxAmount, 0)).toBe(r.taxTotal);
      expect(r.tenders.reduce((a: number, x: { amount: number }) => a + x.amount, 0)).toBe(
        r.grandTotal + r.changeGiven,
      );
      expect(r.netSales + r.taxTotal).toBe(r.grandTotal);
    }
  });

  it('X before close and Z after close agree except the close fields', () => {
    const CLOSE_FIELDS = [
      'status',
      'zNumber',
      'closedAt',
      'closedById',
      'generatedAt',
      'declaredCash',
      'overShort',
    ];
    const strip = (report: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(report).filter(([key]) => !CLOSE_FIELDS.includes(key)));
    expect(Object.keys(strip(z))).toHaveLength(Object.keys(z).length - CLOSE_FIELDS.length);
    expect(strip(z)).toEqual(strip(x));
  });

  it('the Z report stays frozen: sales in a new session of the register change nothing', async () => {
    const next = await openRegister(t, f, 'RPT', 500);
    expect(next.id).not.toBe(sessionId);
    await sell(saleBody(f, [{ product: f.products.watch }], { terminalId: 'RPT' }));
    expect((await zReport(sessionId)).body.data).toEqual(z);
    // The new session reports only its own sale.
    const nx = (await xReport(next.id)).body.data;
    expect(nx).toMatchObject({ salesCount: 1, grossSales: 25_000, taxTotal: 2348, grandTotal: 27_348 });
    expect(nx).toMatchObject({ openingAmount: 500, cashTaken: 27_348, changeGiven: 0, expectedCash: 27_848 });
    const closed = await t.rest('POST', '/registers/close', {
      token: f.cashier.token,
      body: { terminalId: 'RPT', declaredCash: 27_848 },
    });
    expect(closed.body.data).toMatchObject({ zNumber: 2, overShort: 0 });
    expect((await zReport(sessionId)).body.data).toEqual(z);
  });

  it('an X report of a closed session shows the same figures as its Z report', async () => {
    const again = (await xReport(sessionId)).body.data;
    const { generatedAt: _g1, ...restX } = again;
    const { generatedAt: _g2, ...restZ } = z;
    expect(restX).toEqual(restZ);
  });
});

describe('refusals', () => {
  let openId: string;
  let foreignId: string;

  beforeAll(async () => {
    openId = (await openRegister(t, f, 'REF', 100)).id;
    foreignId = (await openRegister(t, other, 'REF', 100)).id;
  });

  it('a Z report of an open session is 409, and nothing changed', async () => {
    const before = await sessionRow(openId);
    const res = await zReport(openId);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      code: 'INVALID_STATE',
      error: 'The session is still open: a Z report exists once it is closed (see the X report)',
    });
    expect(await sessionRow(openId)).toEqual(before);
  });

  it('an X report of a session without sales is all zeros with the float as expected cash', async () => {
    expect((await xReport(openId)).body.data).toMatchObject({
      salesCount: 0,
      grossSales: 0,
      discountTotal: 0,
      netSales: 0,
      taxTotal: 0,
      grandTotal: 0,
      voidCount: 0,
      voidTotal: 0,
      taxes: [],
      tenders: [],
      openingAmount: 100,
      cashTaken: 0,
      changeGiven: 0,
      expectedCash: 100,
    });
  });

  it.each(['x-report', 'z-report'])(
    '%s: 404 unknown, 400 malformed or missing, 403 elsewhere, 401',
    async (r) => {
      const before = await t.sql('select * from register_session order by id');
      const get = (query: string, token = f.cashier.token) =>
        t.rest('GET', `/reports/${r}${query}`, { token });
      expect((await get(`?session_id=${UNKNOWN}`)).status).toBe(404);
      const malformed = await get('?session_id=nope');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toMatch(/^session_id: /);
      expect((await get('')).status).toBe(400);
      expect((await get('?sessionid=' + openId)).status).toBe(400);
      const foreign = await get(`?session_id=${foreignId}`);
      expect(foreign.status).toBe(403);
      expect(foreign.body.code).toBe('FORBIDDEN');
      expect((await t.rest('GET', `/reports/${r}?session_id=${openId}`)).status).toBe(401);
      const permission = r === 'x-report' ? 'reports.x_report' : 'reports.z_report';
      const seller = await t.userWith(['pos.sell', 'registers.view'], { storeId: f.store.id });
      const denied = await get(`?session_id=${openId}`, seller.token);
      expect(denied.status).toBe(403);
      expect(denied.body.error).toBe(`Missing permission: ${permission}`);
      expect(await t.sql('select * from register_session order by id')).toEqual(before);
    },
  );
});

describe('GraphQL', () => {
  it('open → sale → close → zReport', async () => {
    const token = f.cashier.token;
    const opened = await t.gql(
      OpenRegisterDocument,
      { storeId: f.store.id, terminalId: 'GQL', openingAmount: 1_000 },
      token,
    );
    expect(opened.errors).toBeUndefined();
    const session = opened.data!.openRegister;
    expect(session).toMatchObject({
      storeId: f.store.id,
      terminalId: 'GQL',
      status: 'OPEN',
      openedById: f.cashier.id,
      openingAmount: 1_000,
      zNumber: null,
    });
    // Coffee 999 + 62 + 10 = 1071, paid 1100 cash: change 29.
    await sell(
      saleBody(f, [{ product: f.products.coffee }], {
        terminalId: 'GQL',
        payments: [{ method: f.tenders.cash, amount: 1100, reference: null }],
      }),
    );
    const x = await t.gql(XReportDocument, { sessionId: session.id }, token);
    expect(x.data!.xReport).toMatchObject({ salesCount: 1, grandTotal: 1071, expectedCash: 2071 });
    const early = await t.gql(ZReportDocument, { sessionId: session.id }, token);
    expect(early.data).toBeNull();
    expect(early.errors![0].extensions!.code).toBe('INVALID_STATE');
    const closed = await t.gql(CloseRegisterDocument, { terminalId: 'GQL', declaredCash: 2_080 }, token);
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeRegister).toMatchObject({
      id: session.id,
      status: 'CLOSED',
      closedById: f.cashier.id,
      zNumber: 1,
      expectedCash: 2_071,
      declaredCash: 2_080,
      overShort: 9,
    });
    const z = await t.gql(ZReportDocument, { sessionId: session.id }, token);
    expect(z.errors).toBeUndefined();
    expect(z.data!.zReport).toMatchObject({
      sessionId: session.id,
      status: 'CLOSED',
      zNumber: 1,
      salesCount: 1,
      grossSales: 999,
      discountTotal: 0,
      netSales: 999,
      taxTotal: 72,
      grandTotal: 1_071,
      voidCount: 0,
      voidTotal: 0,
      taxes: [
        { taxRateId: f.rates.county.id, taxableAmount: 999, taxAmount: 10 },
        { taxRateId: f.rates.state.id, taxableAmount: 999, taxAmount: 62 },
      ],
      tenders: [{ method: f.tenders.cash, isCash: true, count: 1, amount: 1_100 }],
      openingAmount: 1_000,
      cashTaken: 1_100,
      changeGiven: 29,
      expectedCash: 2_071,
      declaredCash: 2_080,
      overShort: 9,
    });
  });
});
