/**
 * The sales scenario of `npm run bench`: 20 open registers at one store, and 3-line cash sales whose
 * figures the tax engine works out, as a till's would (every product in one 8.25 % tax group).
 */
import pg from 'pg';
import { statedLine, statedTotals } from '../src/server/demo/till.js';

const TERMINALS = 20;
const RATE_BP = 825;
const RATE_NAME = 'Bench state tax';
/** The one rate every product pays, as the tax engine takes it (its id is not part of a sale body). */
const RATE = { id: 'bench-rate', name: RATE_NAME, rate: RATE_BP, isCompound: false, sortOrder: 0 };

export interface SellingSetup {
  storeId: string;
  cashierId: string;
  /** Product ids and sell prices, in seeding order. */
  products: Array<{ id: string; name: string; sellPrice: number }>;
}

/** Puts every product in one taxed group and creates the store (SQL); the admin is the cashier. */
export async function seedSelling(url: string): Promise<SellingSetup> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const {
      rows: [store],
    } = await client.query<{ id: string }>(
      `insert into store (id, created_at, updated_at, version, code, name, timezone, is_active)
       values (gen_random_uuid(), now(), now(), 1, 'BENCH', 'Bench store', 'America/New_York', true) returning id`,
    );
    await client.query(
      `with rate as (
         insert into tax_rate (id, created_at, updated_at, version, name, rate, is_compound, is_active)
         values (gen_random_uuid(), now(), now(), 1, $1, $2, false, true) returning id
       ), grp as (
         insert into tax_group (id, created_at, updated_at, version, name)
         values (gen_random_uuid(), now(), now(), 1, 'Bench standard') returning id
       ), link as (
         insert into tax_group_rate (tax_group_id, tax_rate_id, sort_order)
         select grp.id, rate.id, 0 from grp, rate
       )
       update product set tax_group_id = (select id from grp)`,
      [RATE_NAME, RATE_BP],
    );
    const { rows } = await client.query<{ id: string; name: string; sell_price: string }>(
      'select id, name, sell_price from product order by sku',
    );
    const {
      rows: [admin],
    } = await client.query<{ id: string }>(`select id from app_user where username = 'admin'`);
    return {
      storeId: store.id,
      cashierId: admin.id,
      products: rows.map((r) => ({ id: r.id, name: r.name, sellPrice: Number(r.sell_price) })),
    };
  } finally {
    await client.end();
  }
}

/** Opens the registers through the API, as the admin (who is also the cashier). */
export async function openRegisters(base: string, token: string, storeId: string): Promise<void> {
  for (let i = 1; i <= TERMINALS; i++) {
    const res = await fetch(`${base}/api/v1/registers/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ storeId, terminalId: terminal(i), openingAmount: 20_000 }),
    });
    if (res.status !== 201) throw new Error(`open register: ${res.status} ${await res.text()}`);
  }
}

const terminal = (i: number) => `B${String(i).padStart(2, '0')}`;

/** The body of the i-th sale: 3 lines (1, 2 and 0.5 units), paid in cash rounded up to the dollar. */
export function saleBody(setup: SellingSetup, run: string, i: number): unknown {
  const items = [0, 1, 2].map((k) => {
    const product = setup.products[(i * 3 + k) % setup.products.length];
    return statedLine({
      productId: product.id,
      productName: product.name,
      quantity: [1000, 2000, 500][k],
      unitPrice: product.sellPrice,
      rates: [RATE],
    });
  });
  const totals = statedTotals(items);
  return {
    receiptNumber: `${run}-${i}`,
    cashierId: setup.cashierId,
    terminalId: terminal((i % TERMINALS) + 1),
    storeId: setup.storeId,
    ...totals,
    items,
    payments: [{ method: 'CASH', amount: Math.ceil(totals.grandTotal / 100) * 100, reference: null }],
  };
}
