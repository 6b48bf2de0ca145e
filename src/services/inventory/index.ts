/**
 * The stock ledger: levels, movements, adjustments and counts, and the one writer of stock (`moveStock`).
 */
export * from './stock.service.js';
