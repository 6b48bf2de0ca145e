/**
 * What leaves a transaction: store events (their declarations, the payload shapes HQ checks, and the
 * outbox that records them in the transaction) and the in-process pub/sub that feeds GraphQL
 * subscriptions after a commit.
 */
export * from './outbox.js';
export * from './pubsub.js';
export * from './registry.js';
export * from './shape.js';
