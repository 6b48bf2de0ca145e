/**
 * Every entity class, once: one line per entity. `index.ts` exports them and lists them for the ORM
 * (no folder scanning: the same list works from `src` and `dist`). Only entity classes belong here.
 */
export { BaseEntity } from './base.entity.js';
export { Customer } from './customer.entity.js';
export { Department } from './department.entity.js';
export { InventoryLevel } from './inventory-level.entity.js';
export { Product } from './product.entity.js';
export { ProductSupplier } from './product-supplier.entity.js';
export { PurchaseOrder } from './purchase-order.entity.js';
export { PurchaseOrderItem } from './purchase-order-item.entity.js';
export { PurchaseOrderReceipt } from './purchase-order-receipt.entity.js';
export { RegisterSession } from './register-session.entity.js';
export { Sale } from './sale.entity.js';
export { SaleItem } from './sale-item.entity.js';
export { SaleItemTax } from './sale-item-tax.entity.js';
export { SalePayment } from './sale-payment.entity.js';
export { RefreshToken } from './refresh-token.entity.js';
export { Role } from './role.entity.js';
export { SalesRep } from './sales-rep.entity.js';
export { Special } from './special.entity.js';
export { StockMovement } from './stock-movement.entity.js';
export { Store } from './store.entity.js';
export { StorePrice } from './store-price.entity.js';
export { Supplier } from './supplier.entity.js';
export { TaxGroup } from './tax-group.entity.js';
export { TaxGroupRate } from './tax-group-rate.entity.js';
export { TaxRate } from './tax-rate.entity.js';
export { Tender } from './tender.entity.js';
export { Transfer } from './transfer.entity.js';
export { TransferItem } from './transfer-item.entity.js';
export { TransferStep } from './transfer-step.entity.js';
export { User } from './user.entity.js';
export { UserRole } from './user-role.entity.js';
