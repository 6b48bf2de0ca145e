import { randomBytes } from 'node:crypto';
import type { Permission } from '../../src/services/auth/permissions';
import type { TestServer, TestUser } from './server';

/** Everything a till needs at one store, built through the API. */
export interface SellingFixture {
  store: { id: string; code: string; timezone: string };
  /** Holds TILL_PERMISSIONS at the store. */
  cashier: TestUser;
  rates: { state: Rate; county: Rate; luxury: Rate };
  products: { coffee: Product; bread: Product; watch: Product; service: Product };
  tenders: { cash: string; card: string };
}

export interface Rate {
  id: string;
  name: string;
  rate: number;
  isCompound: boolean;
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  sellPrice: number;
  /** The rates of its group in the order they apply, with their sortOrder. */
  taxes: Array<Rate & { sortOrder: number }>;
}

/** A cashier who may also discount and charge below the price (tests of those limits use a narrower one). */
export const TILL_PERMISSIONS: Permission[] = [
  'pos.sell',
  'pos.void',
  'pos.discount',
  'pos.price_override',
  'registers.view',
  'registers.open',
  'registers.close',
  'reports.x_report',
  'reports.z_report',
  'inventory.view',
  'stores.view',
];

const suffix = () => randomBytes(3).toString('hex').toUpperCase();

async function ok<T = any>(res: Promise<{ status: number; body: any }>, status = 201): Promise<T> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}: ${JSON.stringify(r.body)}`);
  return r.body.data as T;
}

/**
 * A store (New York time) with a cashier, tax rates State 6.25 %, County 1 % and a compound Luxury 2 %,
 * groups Standard (State + County), Exempt and Luxury (State, County, then Luxury compound), products
 * coffee 999 (standard), bread 350 (exempt), watch 25000 (luxury), service 5000 (standard, no stock
 * tracking), and tenders cash and card (codes unique per fixture). With `storeId`, the cashier works
 * at that existing store instead (a store server's own store).
 */
export async function createSellingFixture(
  server: TestServer,
  opts: { storeId?: string } = {},
): Promise<SellingFixture> {
  // Master data is written at HQ (a store-mode test server's `hq` shares its database).
  const t = server.hq ?? server;
  const token = t.adminToken;
  const s = suffix();
  // An existing store (a store server's own) is used as it is; otherwise a new one in New York.
  const storeRes = opts.storeId
    ? (
        await t.sql<{ id: string; code: string; timezone: string }>(
          'select id, code, timezone from store where id = ?',
          [opts.storeId],
        )
      )[0]
    : await ok(
        t.rest('POST', '/stores', {
          token,
          body: { code: `SL${s}`, name: `Shop ${s}`, timezone: 'America/New_York', address: '1 Main St' },
        }),
      );
  const rate = async (name: string, value: number, isCompound = false): Promise<Rate> => {
    const r = await ok(
      t.rest('POST', '/taxes', { token, body: { name: `${name} ${s}`, rate: value, isCompound } }),
    );
    return { id: r.id, name: r.name, rate: value, isCompound };
  };
  const state = await rate('State', 625);
  const county = await rate('County', 100);
  const luxury = await rate('Luxury', 200, true);
  const group = async (name: string, rates: Rate[]) =>
    (
      await ok(
        t.rest('POST', '/taxes/groups', {
          token,
          body: { name: `${name} ${s}`, rates: rates.map((r, i) => ({ taxRateId: r.id, sortOrder: i })) },
        }),
      )
    ).id as string;
  const standard = await group('Standard', [state, county]);
  const exempt = await group('Exempt', []);
  const lux = await group('Luxury', [state, county, luxury]);
  const product = async (
    name: string,
    sellPrice: number,
    taxGroupId: string,
    rates: Rate[],
    extra: Record<string, unknown> = {},
  ): Promise<Product> => {
    const p = await ok(
      t.rest('POST', '/products', {
        token,
        body: {
          sku: `${name.toUpperCase()}-${s}`,
          name: `${name} ${s}`,
          sellPrice,
          costPrice: Math.floor(sellPrice / 2),
          taxGroupId,
          ...extra,
        },
      }),
    );
    return {
      id: p.id,
      sku: p.sku,
      name: p.name,
      sellPrice,
      taxes: rates.map((r, i) => ({ ...r, sortOrder: i })),
    };
  };
  const products = {
    coffee: await product('Coffee', 999, standard, [state, county]),
    bread: await product('Bread', 350, exempt, []),
    watch: await product('Watch', 25000, lux, [state, county, luxury]),
    service: await product('Service', 5000, standard, [state, county], { trackStock: false }),
  };
  const tender = async (code: string, isCash: boolean) =>
    (await ok(t.rest('POST', '/tenders', { token, body: { code, name: code, isCash } }))).code as string;
  const tenders = { cash: await tender(`CASH${s}`, true), card: await tender(`CARD${s}`, false) };
  const cashier = await server.userWith(TILL_PERMISSIONS, { storeId: storeRes.id });
  return {
    store: { id: storeRes.id, code: storeRes.code, timezone: storeRes.timezone },
    cashier,
    rates: { state, county, luxury },
    products,
    tenders,
  };
}

/** Half-to-even rounding of a / b for the expected figures of a test (b > 0). */
function roundHalfEven(a: number, b: number): number {
  const q = Math.floor(a / b);
  const r = a - q * b;
  if (r * 2 < b) return q;
  if (r * 2 > b) return q + 1;
  return q % 2 === 0 ? q : q + 1;
}

export interface LineSpec {
  product: Product;
  /** Thousandths; default 1000. */
  quantity?: number;
  /** Default the product's sell price. */
  unitPrice?: number;
  discountAmount?: number;
}

/**
 * A `POST /sales` body with every figure worked out the way DOMAIN.md states it (independently of the
 * server's tax engine), paid by `payments` (default: exact, in cash).
 */
export function saleBody(
  f: SellingFixture,
  lines: LineSpec[],
  opts: {
    receiptNumber?: string;
    terminalId?: string;
    payments?: Array<{ method: string; amount: number; reference?: string | null }>;
    cashierId?: string;
    storeId?: string;
    salesRepId?: string | null;
    customerId?: string | null;
  } = {},
) {
  const items = lines.map((line) => {
    const quantity = line.quantity ?? 1000;
    const unitPrice = line.unitPrice ?? line.product.sellPrice;
    const discountAmount = line.discountAmount ?? 0;
    const extended = roundHalfEven(unitPrice * quantity, 1000);
    const net = extended - discountAmount;
    let earlier = 0;
    const taxes = line.product.taxes.map((r) => {
      const base = r.isCompound ? net + earlier : net;
      const taxAmount = roundHalfEven(base * r.rate, 10_000);
      earlier += taxAmount;
      return {
        taxRateName: r.name,
        rate: r.rate,
        taxAmount,
        isCompound: r.isCompound,
        sortOrder: r.sortOrder,
      };
    });
    return {
      extended,
      body: {
        productId: line.product.id,
        productName: line.product.name,
        quantity,
        unitPrice,
        taxRate: taxes.reduce((a, x) => a + x.rate, 0),
        taxAmount: earlier,
        discountAmount,
        lineTotal: net + earlier,
        taxes,
      },
    };
  });
  const subtotal = items.reduce((a, i) => a + i.extended, 0);
  const discountTotal = items.reduce((a, i) => a + i.body.discountAmount, 0);
  const taxTotal = items.reduce((a, i) => a + i.body.taxAmount, 0);
  const grandTotal = subtotal - discountTotal + taxTotal;
  return {
    receiptNumber: opts.receiptNumber ?? `R-${randomBytes(4).toString('hex')}`,
    cashierId: opts.cashierId ?? f.cashier.id,
    terminalId: opts.terminalId ?? 'T01',
    subtotal,
    taxTotal,
    discountTotal,
    grandTotal,
    storeId: opts.storeId ?? f.store.id,
    salesRepId: opts.salesRepId ?? null,
    customerId: opts.customerId ?? null,
    items: items.map((i) => i.body),
    payments: opts.payments ?? [{ method: f.tenders.cash, amount: grandTotal, reference: null }],
  };
}

/** Opens a register session at the fixture's store (201), returning it. */
export async function openRegister(
  t: TestServer,
  f: SellingFixture,
  terminalId = 'T01',
  openingAmount = 10_000,
) {
  return ok(
    t.rest('POST', '/registers/open', {
      token: f.cashier.token,
      body: { storeId: f.store.id, terminalId, openingAmount },
    }),
  );
}

/** Posts a sale as the fixture's cashier. */
export function postSale(t: TestServer, f: SellingFixture, body: unknown, token = f.cashier.token) {
  return t.rest('POST', '/sales', { token, body });
}

/**
 * What a sale can change: row counts of the selling tables and every stock level. Compare two
 * snapshots with `toEqual` to prove a refused call changed nothing.
 */
export async function salesSnapshot(t: TestServer) {
  const tables = ['sale', 'sale_item', 'sale_item_tax', 'sale_payment', 'stock_movement', 'inventory_level'];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await t.count(table);
  const levels = await t.sql<{ store_id: string; product_id: string; quantity: string }>(
    'select store_id, product_id, quantity from inventory_level order by store_id, product_id',
  );
  const voided = await t.sql<{ id: string; status: string; version: number }>(
    'select id, status, version from sale order by id',
  );
  return { counts, levels, sales: voided };
}

/** The stock level of a product at a store, in thousandths (0 when it has no level row yet). */
export async function stockLevel(t: TestServer, storeId: string, productId: string): Promise<number> {
  const [row] = await t.sql<{ quantity: string }>(
    'select quantity from inventory_level where store_id = ? and product_id = ?',
    [storeId, productId],
  );
  return row ? Number(row.quantity) : 0;
}

/** The stock movements that reference a sale (its SALE and VOID movements), oldest first. */
export async function movementsOf(t: TestServer, saleId: string) {
  return t.sql<{ product_id: string; quantity: string; type: string; quantity_after: string }>(
    'select product_id, quantity, type, quantity_after from stock_movement where reference_id = ? order by created_at, id',
    [saleId],
  );
}
