/**
 * The services' plumbing, shared by every domain: the request context and its transactions, errors and
 * their database mapping, guards, pagination, money and time, number bounds, the store a request acts on,
 * state machines.
 */
export * from './bounds.js';
export * from './context.js';
export * from './db-errors.js';
export * from './errors.js';
export * from './guards.js';
export * from './ids.js';
export * from './money.js';
export * from './name-search.js';
export * from './pagination.js';
export * from './read-rows.js';
export * from './rows.js';
export * from './scope.js';
export * from './time.js';
export * from './state-machine.js';
