/**
 * Transfers of stock between stores: the document, its steps (created, sent and cancelled by the source,
 * received by the destination, each on the owning store's server), the stock each step moves, and the
 * `transfer.step` event that carries a step to HQ and, by pull, to the other store.
 */
export * from './create-transfer.js';
export * from './transfer-events.js';
export * from './transfer-plan.js';
export * from './transfer-queries.js';
export * from './transfer-steps.js';
export * from './transfer.machine.js';
