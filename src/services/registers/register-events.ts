import { defineStoreEvent } from '../events/registry.js';
import { shape, type Infer } from '../events/shape.js';
import { recordStoreRegisterClosed, recordStoreRegisterOpened } from './record-store-register.js';

/*
 * The register session's store events (JSON; money in cents, times as ISO strings). Each carries the
 * ids and times the store gave its rows, so that HQ writes the same session (`record-store-register.ts`).
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
  applyAtHq: recordStoreRegisterOpened,
});

export const registerClosed = defineStoreEvent('register.closed', {
  shape: REGISTER_CLOSED,
  applyAtHq: recordStoreRegisterClosed,
});
