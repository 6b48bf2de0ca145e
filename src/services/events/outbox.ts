import { v7 as uuidv7 } from 'uuid';
import { onCommit, type RequestContext } from '../core/context.js';
import type { StoreEvent } from './registry.js';
import type { Infer, Shape } from './shape.js';

/**
 * The outbox's one statement: takes the next seq under the counter row's lock and writes the event.
 * The counter is a row, not a sequence, so seqs have no gaps (a rolled-back transaction gives its number
 * back); its lock orders concurrent writers, which is why it is taken last in the transaction.
 * `occurred_at` is the transaction's time, truncated to what a JS Date holds, so that what HQ stores
 * and what the store re-sends after a lost ack digest the same.
 */
const RECORD_EVENT_SQL = `with next as (
       update sync_outbox_seq set last_seq = last_seq + 1 where id = 1 returning last_seq
     )
     insert into sync_outbox (seq, event_id, type, occurred_at, payload)
     select next.last_seq, ?, ?, date_trunc('milliseconds', now()), ?::jsonb from next
     returning seq`;

/**
 * Store servers: records a store transaction as an outbox event of the declared type in the current
 * transaction, so that the transaction and its event commit or roll back together; after the commit
 * the sync agent is asked to push. HQ records nothing (it is where events go). The payload may be
 * given as a function so that HQ does not build it; its type is the declaration's shape.
 */
export async function recordEvent<S extends Shape>(
  ctx: RequestContext,
  event: StoreEvent<string, S, unknown>,
  payload: Infer<S> | (() => Infer<S>),
): Promise<void> {
  if (ctx.runtime.mode !== 'store') return;
  const data = typeof payload === 'function' ? payload() : payload;
  await ctx.em.execute(RECORD_EVENT_SQL, [uuidv7(), event.type, JSON.stringify(data)]);
  onCommit(ctx, () => void ctx.runtime.sync?.requestPush());
}
