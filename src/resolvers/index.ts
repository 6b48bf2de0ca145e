import { AuthResolver } from './auth.resolver.js';
import { CustomerResolver } from './customer.resolver.js';
import { DepartmentResolver } from './department.resolver.js';
import { InventoryResolver } from './inventory.resolver.js';
import { ProductResolver } from './product.resolver.js';
import { ProductSupplierResolver } from './product-supplier.resolver.js';
import { PurchaseOrderResolver } from './purchase-order.resolver.js';
import { RefundResolver } from './refund.resolver.js';
import { RegisterResolver } from './register.resolver.js';
import { RoleResolver } from './role.resolver.js';
import { SaleResolver } from './sale.resolver.js';
import { SalesRepResolver } from './sales-rep.resolver.js';
import { StoreResolver } from './store.resolver.js';
import { SupplierResolver } from './supplier.resolver.js';
import { TaxGroupResolver, TaxRateResolver } from './tax.resolver.js';
import { TenderResolver } from './tender.resolver.js';
import { SpecialResolver } from './special.resolver.js';
import { StorePriceResolver } from './store-price.resolver.js';
import { StoreDashboardSyncResolver, SyncResolver } from './sync.resolver.js';
import { TransferResolver } from './transfer.resolver.js';
import { UserResolver } from './user.resolver.js';

/** Every resolver of the schema. */
export const resolvers = [
  AuthResolver,
  CustomerResolver,
  DepartmentResolver,
  InventoryResolver,
  ProductResolver,
  ProductSupplierResolver,
  PurchaseOrderResolver,
  RefundResolver,
  RegisterResolver,
  RoleResolver,
  SaleResolver,
  SalesRepResolver,
  StoreResolver,
  SupplierResolver,
  TaxGroupResolver,
  TaxRateResolver,
  TenderResolver,
  SpecialResolver,
  StorePriceResolver,
  SyncResolver,
  StoreDashboardSyncResolver,
  TransferResolver,
  UserResolver,
] as const;
