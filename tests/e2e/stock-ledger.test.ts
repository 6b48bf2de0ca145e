import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { StockMovementType } from '../../src/entities/stock-movement.entity';
import { createRequestContext, inTransaction, type RequestContext } from '../../src/services/core/context';
import { moveStock, type StockMove } from '../../src/services/inventory';
import { startTestServer, type TestServer } from '../support/server';

// moveStock called directly, each call in its own transaction as a root mutation would run it.

let t: TestServer;
let adminId: string;

beforeAll(async () => {
  t = await startTestServer();
  [{ id: adminId }] = await t.sql(`select id from app_user where username = 'admin'`);
});
afterAll(() => t.close());

/** A request context of the admin, on a fresh EntityManager. */
function adminContext(): RequestContext {
  return createRequestContext(t.server.runtime, t.server.orm.em.fork() as EntityManager, {
    user: { id: adminId, username: 'admin', displayName: 'Administrator' },
  });
}

function move(ctx: RequestContext, moves: StockMove[]) {
  return inTransaction(ctx, () => moveStock(ctx, moves));
}

async function createProduct(): Promise<string> {
  const sku = `SL-${randomBytes(4).toString('hex')}`;
  const res = await t.rest('POST', '/products', {
    token: t.adminToken,
    body: { sku, name: `Ledger ${sku}`, sellPrice: 100 },
  });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

const levelOf = (storeId: string, productId: string) =>
  t.sql('select quantity, version from inventory_level where store_id = ? and product_id = ?', [
    storeId,
    productId,
  ]);

const movementsOf = (storeId: string, productId: string) =>
  t.sql(
    `select quantity, quantity_after, type, reason, reference_id, user_id, notes
       from stock_movement where store_id = ? and product_id = ? order by id`,
    [storeId, productId],
  );

const sale = (storeId: string, productId: string, quantity: number, referenceId: string | null = null) => ({
  storeId,
  productId,
  quantity,
  type: StockMovementType.SALE,
  referenceId,
});

describe('moveStock', () => {
  it('creates the level on the first move, then adds to it; one movement per move with the level after it', async () => {
    const store = await t.createStore();
    const product = await createProduct();
    const reference = '01900000-0000-7000-8000-0000000000aa';
    const [first] = await move(adminContext(), [sale(store.id, product, -2000, reference)]);
    expect(first).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      storeId: store.id,
      productId: product,
      quantity: -2000,
      quantityAfter: -2000,
      createdAt: expect.any(Date),
    });
    // The movement's time as recorded (what a store's event carries to HQ).
    const [row] = await t.sql('select created_at from stock_movement where id = ?', [first.id]);
    expect(first.createdAt.toISOString()).toBe(new Date(row.created_at).toISOString());
    const [second] = await move(adminContext(), [
      {
        storeId: store.id,
        productId: product,
        quantity: 5500,
        type: StockMovementType.PO_RECEIPT,
        notes: 'x',
      },
    ]);
    expect(second.quantityAfter).toBe(3500);
    expect(await levelOf(store.id, product)).toEqual([{ quantity: '3500', version: 2 }]);
    expect(await movementsOf(store.id, product)).toEqual([
      {
        quantity: '-2000',
        quantity_after: '-2000',
        type: 'SALE',
        reason: null,
        reference_id: reference,
        user_id: adminId,
        notes: null,
      },
      {
        quantity: '5500',
        quantity_after: '3500',
        type: 'PO_RECEIPT',
        reason: null,
        reference_id: null,
        user_id: adminId,
        notes: 'x',
      },
    ]);
  });

  it('applies many moves in one call, the same product twice included, results in the order given', async () => {
    const store = await t.createStore();
    const other = await t.createStore();
    const [a, b] = [await createProduct(), await createProduct()];
    await move(adminContext(), [{ ...sale(store.id, a, 10_000), type: StockMovementType.TRANSFER_IN }]);
    const results = await move(adminContext(), [
      sale(store.id, b, -1000),
      sale(store.id, a, -1500),
      sale(other.id, a, -250),
      sale(store.id, a, -500),
    ]);
    expect(results.map((r) => [r.storeId, r.productId, r.quantity, r.quantityAfter])).toEqual([
      [store.id, b, -1000, -1000],
      [store.id, a, -1500, 8500],
      [other.id, a, -250, -250],
      [store.id, a, -500, 8000],
    ]);
    expect(await levelOf(store.id, a)).toEqual([{ quantity: '8000', version: 2 }]);
    expect(await levelOf(store.id, b)).toEqual([{ quantity: '-1000', version: 1 }]);
    expect(await levelOf(other.id, a)).toEqual([{ quantity: '-250', version: 1 }]);
    expect((await movementsOf(store.id, a)).map((m) => [m.quantity, m.quantity_after])).toEqual([
      ['10000', '10000'],
      ['-1500', '8500'],
      ['-500', '8000'],
    ]);
  });

  it('records a zero move as a movement without changing the level; no moves, no query', async () => {
    const store = await t.createStore();
    const product = await createProduct();
    await move(adminContext(), [sale(store.id, product, 3000)]);
    const [zero] = await move(adminContext(), [
      { ...sale(store.id, product, 0), type: StockMovementType.ADJUSTMENT },
    ]);
    expect(zero.quantityAfter).toBe(3000);
    expect(await levelOf(store.id, product)).toEqual([{ quantity: '3000', version: 2 }]);
    expect(await move(adminContext(), [])).toEqual([]);
  });

  it('leaves nothing behind when the transaction fails', async () => {
    const store = await t.createStore();
    const product = await createProduct();
    const ctx = adminContext();
    await expect(
      inTransaction(ctx, async () => {
        await moveStock(ctx, [sale(store.id, product, -1000)]);
        throw new Error('the sale failed later');
      }),
    ).rejects.toThrow('the sale failed later');
    expect(await levelOf(store.id, product)).toEqual([]);
    expect(await movementsOf(store.id, product)).toEqual([]);
  });

  it('does not deadlock when parallel transactions move the same products in opposite orders', async () => {
    const store = await t.createStore();
    const products = [await createProduct(), await createProduct(), await createProduct()];
    const reversed = [...products].reverse();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const ctx = adminContext();
        const order = i % 2 === 0 ? products : reversed;
        return inTransaction(ctx, async () => {
          const results = await moveStock(
            ctx,
            order.map((p) => sale(store.id, p, -1000)),
          );
          // Hold the locks a little, so that the transactions overlap.
          await ctx.em.execute('select pg_sleep(0.01)');
          return results;
        });
      }),
    );
    for (const product of products) {
      expect(await levelOf(store.id, product)).toEqual([{ quantity: '-20000', version: 20 }]);
      const movements = await movementsOf(store.id, product);
      expect(movements).toHaveLength(20);
      // Every level the ledger went through appears once: the changes were serialised, none lost.
      expect(movements.map((m) => Number(m.quantity_after)).sort((x, y) => y - x)).toEqual(
        Array.from({ length: 20 }, (_, i) => -1000 * (i + 1)),
      );
    }
  });
});
