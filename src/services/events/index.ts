/**
 * What leaves a transaction: store events (their payloads and the outbox that records them in the
 * transaction) and the in-process pub/sub that feeds GraphQL subscriptions after a commit.
 */
export * from './outbox.js';
export * from './payloads.js';
export * from './pubsub.js';
