import { BaseEntity } from './base.entity.js';
import { Customer } from './customer.entity.js';
import { Department } from './department.entity.js';
import { InventoryLevel } from './inventory-level.entity.js';
import { Product } from './product.entity.js';
import { ProductSupplier } from './product-supplier.entity.js';
import { RegisterSession } from './register-session.entity.js';
import { Sale } from './sale.entity.js';
import { SaleItem } from './sale-item.entity.js';
import { SaleItemTax } from './sale-item-tax.entity.js';
import { SalePayment } from './sale-payment.entity.js';
import { RefreshToken } from './refresh-token.entity.js';
import { Role } from './role.entity.js';
import { SalesRep } from './sales-rep.entity.js';
import { Special } from './special.entity.js';
import { StockMovement } from './stock-movement.entity.js';
import { Store } from './store.entity.js';
import { StorePrice } from './store-price.entity.js';
import { Supplier } from './supplier.entity.js';
import { TaxGroup } from './tax-group.entity.js';
import { TaxGroupRate } from './tax-group-rate.entity.js';
import { TaxRate } from './tax-rate.entity.js';
import { Tender } from './tender.entity.js';
import { User } from './user.entity.js';
import { UserRole } from './user-role.entity.js';

export {
  BaseEntity,
  Customer,
  Department,
  InventoryLevel,
  Product,
  ProductSupplier,
  RefreshToken,
  RegisterSession,
  Sale,
  SaleItem,
  SaleItemTax,
  SalePayment,
  Role,
  SalesRep,
  Special,
  StockMovement,
  Store,
  StorePrice,
  Supplier,
  TaxGroup,
  TaxGroupRate,
  TaxRate,
  Tender,
  User,
  UserRole,
};

/** Every entity, listed explicitly (no folder scanning: the same list works from `src` and `dist`). */
export const entities = [
  BaseEntity,
  Customer,
  Department,
  InventoryLevel,
  Product,
  ProductSupplier,
  RefreshToken,
  RegisterSession,
  Sale,
  SaleItem,
  SaleItemTax,
  SalePayment,
  Role,
  SalesRep,
  Special,
  StockMovement,
  Store,
  StorePrice,
  Supplier,
  TaxGroup,
  TaxGroupRate,
  TaxRate,
  Tender,
  User,
  UserRole,
];
