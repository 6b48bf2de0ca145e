/**
 * What a line costs: the tax engine, tax rates and groups, specials (and which price wins), store
 * price overrides.
 */
export * from './price-choice.js';
export * from './special.service.js';
export * from './store-price.service.js';
export * from './tax-engine.js';
export * from './tax.service.js';
