/**
 * The stores themselves, and their dashboard figures.
 */
export * from './dashboard.service.js';
export * from './store.service.js';
