import type { MikroORM } from '@mikro-orm/postgresql';
import { Product } from '../../entities/product.entity.js';
import { Sale } from '../../entities/sale.entity.js';
import { User } from '../../entities/user.entity.js';
import { ALL_PERMISSIONS, type Permission } from '../../services/auth/index.js';
import {
  createRequestContext,
  inTransaction,
  scoped,
  type RequestContext,
  type Runtime,
  addDays,
  localDate,
} from '../../services/core/index.js';
import { createCustomer, createSalesRep, createRole, createUser } from '../../services/people/index.js';
import {
  createDepartment,
  createProduct,
  linkProductSupplier,
  createSupplier,
  createTender,
  productAt,
} from '../../services/catalog/index.js';
import { createSpecial, setStorePrice, createTaxGroup, createTaxRate } from '../../services/pricing/index.js';
import { createStore } from '../../services/stores/index.js';
import { openRegister } from '../../services/registers/index.js';
import { createSale } from '../../services/selling/index.js';
import { createRefund, refundableOf } from '../../services/refunds/index.js';
import { sendCroissantsToHarbor, seedPurchasing } from './demo-stock-flows.js';
import { refundAmount, statedLine, statedTotals } from './till.js';
import { adjustStock } from '../../services/inventory/index.js';
import { AdjustmentReason } from '../../entities/stock-movement.entity.js';

/** Demo sign-ins printed by `npm start` and listed in the README. */
export const DEMO_USERS = [
  { username: 'admin', pin: '1234', role: 'Administrator (all stores)' },
  { username: 'manager', pin: '2222', password: 'manager-pass', role: 'Store manager at MAIN' },
  { username: 'cashier', pin: '1111', role: 'Cashier at MAIN' },
];

const CASHIER: Permission[] = [
  'pos.sell',
  'pos.refund',
  'registers.view',
  'registers.open',
  'registers.close',
  'products.view',
  'customers.view',
  'customers.create',
  'tenders.view',
  'inventory.view',
  'specials.view',
  'reports.x_report',
];
const MANAGER: Permission[] = ALL_PERMISSIONS.filter((p) => !p.startsWith('roles.') && p !== 'users.create');

/** A context acting as the admin user, for seeding through the services (same rules as the API). */
export async function adminContext(orm: MikroORM, runtime: Runtime): Promise<RequestContext> {
  const em = orm.em.fork();
  const admin = await em.findOneOrFail(User, { username: 'admin' });
  return createRequestContext(runtime, em, {
    user: { id: admin.id, username: admin.username, displayName: admin.displayName },
    permissions: new Set(ALL_PERMISSIONS),
    chainPermissions: new Set(ALL_PERMISSIONS),
    clientIp: '127.0.0.1',
  });
}

type DepartmentKey = 'bev' | 'bak' | 'dai' | 'pro';
type TaxKey = 'standard' | 'food' | 'luxury';
type SupplierKey = 'acme' | 'bakery' | 'farm';

/** sku, barcode, name, department, tax group, supplier, cost, sell price (cents). */
const PRODUCTS: Array<[string, string | null, string, DepartmentKey, TaxKey, SupplierKey, number, number]> = [
  ['BEV-001', '5000112637922', 'Coffee, ground 250 g', 'bev', 'standard', 'acme', 520, 999],
  ['BEV-002', '5000112637939', 'Orange juice 1 l', 'bev', 'standard', 'acme', 150, 329],
  ['BEV-003', '5000112637946', 'Sparkling water 500 ml', 'bev', 'standard', 'acme', 35, 119],
  ['BEV-004', '5000112637953', 'Champagne brut 750 ml', 'bev', 'luxury', 'acme', 2100, 4599],
  ['BAK-001', '2000000000015', 'Sourdough loaf', 'bak', 'food', 'bakery', 180, 450],
  ['BAK-002', '2000000000022', 'Croissant', 'bak', 'food', 'bakery', 45, 175],
  ['DAI-001', '4000417025005', 'Whole milk 1 l', 'dai', 'food', 'farm', 89, 189],
  ['DAI-002', '4000417025012', 'Cheddar 200 g', 'dai', 'food', 'farm', 210, 479],
  ['PRO-001', '2100000000019', 'Bananas (per kg)', 'pro', 'food', 'farm', 90, 229],
  ['PRO-002', '2100000000026', 'Apples Gala (per kg)', 'pro', 'food', 'farm', 140, 349],
  ['PRO-003', null, 'Basil plant', 'pro', 'food', 'farm', 120, 299],
];

/**
 * Seeds a small chain at HQ once (skipped when products exist): two stores, departments, taxes (plain
 * and compound), suppliers, products with their suppliers, a store price, a current special, tenders,
 * customers, sales reps, roles, the demo users, HARBOR's opening stock and a purchase order for it, partly
 * received. Everything goes through the services, under the same rules as the API.
 */
export async function seedDemoData(orm: MikroORM, runtime: Runtime): Promise<boolean> {
  const ctx = await adminContext(orm, runtime);
  if ((await ctx.em.count(Product, {})) > 0) return false;
  await inTransaction(ctx, async () => {
    const store = await createStore(ctx, {
      code: 'MAIN',
      name: 'Main Street',
      address: '1 Main Street, Springfield',
      phone: '+1 555 0100',
      timezone: 'America/New_York',
    });
    const harbor = await createStore(ctx, {
      code: 'HARBOR',
      name: 'Harbor Mall',
      address: '200 Harbor Boulevard, Lakeside',
      phone: '+1 555 0200',
      timezone: 'America/Chicago',
    });
    const refs = await seedReferenceData(ctx);
    const bySku = await seedCatalogue(ctx, refs);
    // The mall store charges more for its croissants.
    const harborPrices = scoped(ctx, { store: 'storeId', records: true }, ['store_prices.manage'], {
      storeId: harbor.id,
    });
    await setStorePrice(harborPrices, { productId: bySku.get('BAK-002')!.id, sellPrice: 195 });

    await seedCustomersAndReps(ctx);

    // A special running now (dates are days in the store's time zone).
    const today = localDate(store.timezone, runtime.now());
    await createSpecial(ctx, {
      productId: bySku.get('BEV-002')!.id,
      specialPrice: 279,
      startDate: addDays(today, -3),
      endDate: addDays(today, 11),
      description: 'Juice fortnight',
    });

    await seedStaff(ctx, store.id);

    // Opening stock at HARBOR, which has no store server of its own in the demo: HQ records its stock.
    // MAIN's (and its trading) is recorded at MAIN's store server: `seedStoreTrading`.
    const harborStock = scoped(ctx, { store: 'storeId' }, ['inventory.adjust'], { storeId: harbor.id });
    for (const product of bySku.values()) {
      await adjustStock(harborStock, {
        productId: product.id,
        quantity: product.sku === 'BAK-002' ? 4_000 : 24_000,
        reason: AdjustmentReason.RECEIVED,
      });
    }
    await seedPurchasing(ctx, { storeId: harbor.id, supplierId: refs.suppliers.acme.id, bySku, today });
  });
  return true;
}

/** Departments, taxes (plain and compound) and suppliers: what the products refer to. */
async function seedReferenceData(ctx: RequestContext) {
  const departments: Record<DepartmentKey, { id: string }> = {
    bev: await createDepartment(ctx, { name: 'Beverages', code: 'BEV' }),
    bak: await createDepartment(ctx, { name: 'Bakery', code: 'BAK' }),
    dai: await createDepartment(ctx, { name: 'Dairy', code: 'DAI' }),
    pro: await createDepartment(ctx, { name: 'Produce', code: 'PRO' }),
  };

  const state = await createTaxRate(ctx, { name: 'State sales tax', rate: 625, isCompound: false });
  const county = await createTaxRate(ctx, { name: 'County tax', rate: 100, isCompound: false });
  const luxury = await createTaxRate(ctx, { name: 'Luxury surcharge', rate: 200, isCompound: true });
  const taxGroups: Record<TaxKey, { id: string }> = {
    standard: await createTaxGroup(ctx, {
      name: 'Standard',
      rates: [
        { taxRateId: state.id, sortOrder: 1 },
        { taxRateId: county.id, sortOrder: 2 },
      ],
    }),
    food: await createTaxGroup(ctx, { name: 'Food (exempt)', rates: [] }),
    luxury: await createTaxGroup(ctx, {
      name: 'Luxury goods',
      rates: [
        { taxRateId: state.id, sortOrder: 1 },
        { taxRateId: county.id, sortOrder: 2 },
        { taxRateId: luxury.id, sortOrder: 3 },
      ],
    }),
  };

  const suppliers: Record<SupplierKey, { id: string }> = {
    acme: await createSupplier(ctx, {
      name: 'Acme Beverages Ltd',
      contactName: 'Dana Fields',
      email: 'orders@acme-beverages.example',
      phone: '+1 555 0300',
      address: '12 Industrial Way, Springfield',
    }),
    bakery: await createSupplier(ctx, {
      name: 'Springfield Bakery Co.',
      contactName: 'Sam Baker',
      email: 'sales@springfield-bakery.example',
      phone: '+1 555 0301',
    }),
    farm: await createSupplier(ctx, {
      name: 'Green Valley Farms',
      contactName: 'Jo Green',
      email: 'hello@greenvalley.example',
      phone: '+1 555 0302',
    }),
  };
  return { departments, taxGroups, suppliers };
}

/** The products, each linked to its preferred supplier; by SKU. */
async function seedCatalogue(
  ctx: RequestContext,
  { departments, taxGroups, suppliers }: Awaited<ReturnType<typeof seedReferenceData>>,
): Promise<Map<string, Product>> {
  const bySku = new Map<string, Product>();
  for (const [sku, barcode, name, dept, tax, supplier, cost, sell] of PRODUCTS) {
    const product = await createProduct(ctx, {
      sku,
      barcode,
      name,
      departmentId: departments[dept].id,
      taxGroupId: taxGroups[tax].id,
      costPrice: cost,
      sellPrice: sell,
      lowStockThreshold: 5000,
    });
    await linkProductSupplier(ctx, product.id, {
      supplierId: suppliers[supplier].id,
      supplierSku: `${supplier.toUpperCase()}-${sku}`,
      costPrice: cost,
      isPreferred: true,
    });
    bySku.set(sku, product);
  }
  return bySku;
}

/** The gift-card tender, the customers and the sales reps. */
async function seedCustomersAndReps(ctx: RequestContext): Promise<void> {
  await createTender(ctx, { code: 'GIFT', name: 'Gift card', isCash: false, sortOrder: 2 });

  await createCustomer(ctx, {
    firstName: 'Alex',
    lastName: 'Johnson',
    email: 'alex.johnson@example.com',
    phone: '+1 555 0142',
  });
  await createCustomer(ctx, {
    firstName: 'Maria',
    lastName: 'Garcia',
    email: 'maria.garcia@example.com',
    notes: 'Prefers e-mailed receipts',
  });
  await createCustomer(ctx, { firstName: 'Sam', lastName: 'Lee', phone: '+1 555 0177' });
  await createSalesRep(ctx, {
    code: 'R01',
    firstName: 'Riley',
    lastName: 'Stone',
    email: 'riley@example.com',
  });
  await createSalesRep(ctx, { code: 'R02', firstName: 'Jordan', lastName: 'Park' });
}

/** The cashier and manager roles, and the demo users holding them at `storeId`. */
async function seedStaff(ctx: RequestContext, storeId: string): Promise<void> {
  const cashier = await createRole(ctx, {
    name: 'Cashier',
    description: 'Sells at the till',
    permissions: CASHIER,
  });
  const manager = await createRole(ctx, {
    name: 'Store manager',
    description: 'Runs a store',
    permissions: MANAGER,
  });
  await createUser(ctx, {
    username: 'manager',
    displayName: 'Morgan Manager',
    pin: '2222',
    password: 'manager-pass',
    roles: [{ roleId: manager.id, storeId }],
  });
  await createUser(ctx, {
    username: 'cashier',
    displayName: 'Casey Cashier',
    pin: '1111',
    roles: [{ roleId: cashier.id, storeId }],
  });
}

/**
 * Seeds MAIN's trading at its own store server, once (skipped when it has sales): two dozen of every
 * product in stock, till T01 open with two sales on it, a refund, six croissants on their way to HARBOR. The store server must have pulled the master
 * data first; its outbox then carries all of it to HQ.
 */
export async function seedStoreTrading(orm: MikroORM, runtime: Runtime): Promise<boolean> {
  const ctx = await adminContext(orm, runtime);
  if ((await ctx.em.count(Sale, {})) > 0) return false;
  const storeId = runtime.storeId!;
  const products = await ctx.em.find(Product, {}, { orderBy: { sku: 'asc' } });
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const casey = await ctx.em.findOneOrFail(User, { username: 'cashier' });
  await inTransaction(ctx, async () => {
    for (const product of products) {
      await adjustStock(scoped(ctx, {}, ['inventory.adjust'], {}), {
        productId: product.id,
        quantity: 24_000,
        reason: AdjustmentReason.RECEIVED,
      });
    }
  });
  const till = scoped(ctx, {}, ['registers.open'], {});
  await inTransaction(ctx, () => openRegister(till, { terminalId: 'T01', openingAmount: 20_000 }));
  const sku = (code: string) => bySku.get(code)!;
  await inTransaction(ctx, () =>
    ringUp(
      ctx,
      storeId,
      casey.id,
      'MAIN-T01-0001',
      [
        [sku('BEV-001'), 1000],
        [sku('BAK-001'), 1000],
        [sku('PRO-001'), 1250],
      ],
      { method: 'CASH', roundUpTo: 500 },
    ),
  );
  const second = await inTransaction(ctx, () =>
    ringUp(
      ctx,
      storeId,
      casey.id,
      'MAIN-T01-0002',
      [
        [sku('BEV-004'), 1000],
        [sku('BEV-002'), 2000],
      ],
      { method: 'CARD' },
    ),
  );
  // The customer brings one of the two BEV-002 back: refunded to the card it was paid with.
  await inTransaction(ctx, () => refundOne(ctx, storeId, casey.id, second, 1));
  await sendCroissantsToHarbor(ctx);
  return true;
}

/** Refunds one unit of a demo sale's line back on the shelf, to the sale's first tender. */
async function refundOne(
  ctx: RequestContext,
  storeId: string,
  cashierId: string,
  sale: Sale,
  line: number,
): Promise<void> {
  const item = [...sale.items][line];
  const left = (await refundableOf(ctx, sale.id)).lines[line];
  const amount = refundAmount(left, 1000);
  await createRefund(scoped(ctx, { store: 'storeId' }, ['pos.refund'], { storeId }), {
    saleId: sale.id,
    receiptNumber: 'MAIN-T01-R0001',
    terminalId: 'T01',
    cashierId,
    reason: 'Customer returned one',
    items: [{ saleItemId: item.id, quantity: 1000, disposition: 'RESTOCK' }],
    payments: [{ method: [...sale.payments][0].method, amount }],
  });
}

/**
 * Rings up a demo sale the way a till does: effective prices and the tax engine's figures, paid in one
 * tender (cash rounded up to `roundUpTo` cents, so the sale gives change).
 */
async function ringUp(
  ctx: RequestContext,
  storeId: string,
  cashierId: string,
  receiptNumber: string,
  lines: Array<[Product, number]>,
  payment: { method: string; roundUpTo?: number },
): Promise<Sale> {
  const items = [];
  for (const [product, quantity] of lines) {
    // What the till's scan answers: the price to charge at the store and the rates, in one statement.
    const { effectivePrice, taxRates } = await productAt(ctx, product.id, storeId);
    items.push(
      statedLine({
        productId: product.id,
        productName: product.name,
        quantity,
        unitPrice: effectivePrice,
        rates: taxRates,
      }),
    );
  }
  const totals = statedTotals(items);
  const step = payment.roundUpTo ?? 1;
  return createSale(scoped(ctx, { store: 'storeId' }, ['pos.sell'], { storeId }), {
    receiptNumber,
    cashierId,
    terminalId: 'T01',
    ...totals,
    items,
    payments: [{ method: payment.method, amount: Math.ceil(totals.grandTotal / step) * step }],
  });
}
