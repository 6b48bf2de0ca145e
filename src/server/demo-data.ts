import type { MikroORM } from '@mikro-orm/postgresql';
import { Product } from '../entities/product.entity.js';
import { Store } from '../entities/store.entity.js';
import { User } from '../entities/user.entity.js';
import { ALL_PERMISSIONS, type Permission } from '../services/auth/permissions.js';
import {
  createRequestContext,
  inTransaction,
  type RequestContext,
  type Runtime,
} from '../services/context.js';
import { createDepartment } from '../services/department.service.js';
import { createProduct } from '../services/product.service.js';
import { createRole } from '../services/role.service.js';
import { createUser } from '../services/user.service.js';

/** Demo sign-ins printed by `npm start` and listed in the README. */
export const DEMO_USERS = [
  { username: 'admin', pin: '1234', role: 'Administrator (all stores)' },
  { username: 'manager', pin: '2222', password: 'manager-pass', role: 'Store manager at MAIN' },
  { username: 'cashier', pin: '1111', role: 'Cashier at MAIN' },
];

const CASHIER: Permission[] = [
  'pos.sell',
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
async function adminContext(orm: MikroORM, runtime: Runtime): Promise<RequestContext> {
  const em = orm.em.fork();
  const admin = await em.findOneOrFail(User, { username: 'admin' });
  return createRequestContext(runtime, em, {
    user: { id: admin.id, username: admin.username, displayName: admin.displayName },
    permissions: new Set(ALL_PERMISSIONS),
    clientIp: '127.0.0.1',
  });
}

/** Seeds departments, products, a store and demo users once (skipped when products exist). */
export async function seedDemoData(orm: MikroORM, runtime: Runtime): Promise<boolean> {
  const ctx = await adminContext(orm, runtime);
  if ((await ctx.em.count(Product, {})) > 0) return false;
  await inTransaction(ctx, async () => {
    const store = ctx.em.create(Store, {
      code: 'MAIN',
      name: 'Main Street',
      address: '1 Main Street, Springfield',
      phone: '+1 555 0100',
      timezone: 'America/New_York',
    });
    const departments = {
      bev: await createDepartment(ctx, { name: 'Beverages', code: 'BEV' }),
      bak: await createDepartment(ctx, { name: 'Bakery', code: 'BAK' }),
      dai: await createDepartment(ctx, { name: 'Dairy', code: 'DAI' }),
      pro: await createDepartment(ctx, { name: 'Produce', code: 'PRO' }),
    };
    const products: Array<[string, string, string, keyof typeof departments, number, number, boolean?]> = [
      ['BEV-001', '5000112637922', 'Coffee, ground 250 g', 'bev', 520, 999],
      ['BEV-002', '5000112637939', 'Orange juice 1 l', 'bev', 150, 329],
      ['BEV-003', '5000112637946', 'Sparkling water 500 ml', 'bev', 35, 119],
      ['BAK-001', '2000000000015', 'Sourdough loaf', 'bak', 180, 450],
      ['BAK-002', '2000000000022', 'Croissant', 'bak', 45, 175],
      ['DAI-001', '4000417025005', 'Whole milk 1 l', 'dai', 89, 189],
      ['DAI-002', '4000417025012', 'Cheddar 200 g', 'dai', 210, 479],
      ['PRO-001', '2100000000019', 'Bananas (per kg)', 'pro', 90, 229],
      ['PRO-002', '2100000000026', 'Apples Gala (per kg)', 'pro', 140, 349],
      ['PRO-003', null as unknown as string, 'Basil plant', 'pro', 120, 299],
    ];
    for (const [sku, barcode, name, dept, cost, sell] of products) {
      await createProduct(ctx, {
        sku,
        barcode,
        name,
        departmentId: departments[dept].id,
        costPrice: cost,
        sellPrice: sell,
        lowStockThreshold: 5000,
      });
    }
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
      roles: [{ roleId: manager.id, storeId: store.id }],
    });
    await createUser(ctx, {
      username: 'cashier',
      displayName: 'Casey Cashier',
      pin: '1111',
      roles: [{ roleId: cashier.id, storeId: store.id }],
    });
  });
  return true;
}
