/**
 * The catalogue every store shares: products, departments, suppliers and who supplies what, tenders.
 */
export * from './department.service.js';
export * from './product-supplier.service.js';
export * from './product-lookup.js';
export * from './product.service.js';
export * from './supplier.service.js';
export * from './tender.service.js';
