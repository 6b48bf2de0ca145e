import { defineStoreEvent } from '../events/registry.js';
import { shape, type Infer } from '../events/shape.js';
import { recordStoreRegisterClosed, recordStoreRegisterOpened } from './record-store-register.js';

/*
 * The register session's store events (JSON; money in cents, times as ISO strings). Each carries the
 * ids and times the store gave its rows, so that HQ writes the same session.
 *
 * The appliers live with the service that opens and closes sessions, which records these events:
 * they are called through arrows, so that the two modules importing each other never read a binding
 * before it is set.
 */

/** `register.opened`: the new session as the store wrote it. */
const REGISTER_OPENED = shape({
  id: 'uuid',
  storeId: 'uuid',
  terminalId: 'string',
  openedById: 'uuid',
  openedAt: 'date',
  openingAmount: 'money',
});
export type RegisterOpenedPayload = Infer<typeof REGISTER_OPENED>;

/** `register.closed`: the session's close as the store computed it (HQ keeps its Z number and figures). */
const REGISTER_CLOSED = shape({
  id: 'uuid',
  storeId: 'uuid',
  terminalId: 'string',
  closedAt: 'date',
  closedById: 'uuid',
  zNumber: 'count',
  expectedCash: 'int',
  declaredCash: 'money',
  overShort: 'int',
  /** The Z report as the store froze it. */
  zReport: 'object',
});
export type RegisterClosedPayload = Infer<typeof REGISTER_CLOSED>;

export const registerOpened = defineStoreEvent('register.opened', {
  shape: REGISTER_OPENED,
  applyAtHq: (ctx, storeId, payload) => recordStoreRegisterOpened(ctx, storeId, payload),
});

export const registerClosed = defineStoreEvent('register.closed', {
  shape: REGISTER_CLOSED,
  applyAtHq: (ctx, storeId, payload) => recordStoreRegisterClosed(ctx, storeId, payload),
});
