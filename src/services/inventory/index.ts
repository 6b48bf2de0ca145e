/**
 * The stock ledger: levels, movements, adjustments and counts, and the one writer of stock (`moveStock`).
 */
export * from './adjust-stock.js';
export * from './inventory-queries.js';
export * from './stock-ledger.js';
export * from './stock-events.js';
export * from './record-store-adjustment.js';
