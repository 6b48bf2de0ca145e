import type { RequestContext } from '../services/context.js';
import type { PushedEvent, PushResult } from './protocol.js';

/** HQ: applies a store's pushed events in seq order. (Being written.) */
export async function receivePush(
  _ctx: RequestContext,
  _events: Array<Omit<PushedEvent, 'occurredAt'> & { occurredAt: Date }>,
): Promise<PushResult> {
  throw new Error('not implemented yet');
}
