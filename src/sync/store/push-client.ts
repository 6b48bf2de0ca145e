import type { MikroORM } from '@mikro-orm/postgresql';
import { HqHttpError, type HqClient } from './hq-client.js';
import type { PushedEvent, PushResult } from '../shared/protocol.js';

/** How often one call may realign with HQ's expectedSeq before it gives up (and the agent backs off). */
const MAX_REALIGNMENTS = 3;

/**
 * Store: pushes the outbox to HQ in seq order, in batches, until it is empty. After each batch it marks
 * the events HQ acknowledged (`ackedThroughSeq`) as pushed; rows are kept, since HQ may need them again.
 *
 * A 409 with `expectedSeq` realigns with HQ:
 * - beyond our first pending seq: HQ already has those events (its ack was lost, e.g. a crash after its
 *   commit): they are marked pushed and the push goes on;
 * - before it: HQ lost events it had acknowledged (restored from a backup): they are pending again
 *   from `expectedSeq` and are sent again.
 * HQ unreachable or failing (5xx) just throws: the agent retries with backoff.
 */
export async function pushPending(
  orm: MikroORM,
  hq: HqClient,
  opts: { batchSize?: number } = {},
): Promise<{ pushed: number; pending: number }> {
  const batchSize = opts.batchSize ?? 500;
  const em = orm.em.fork();
  let pushed = 0;
  let realignments = 0;
  for (;;) {
    const rows = await em.execute<
      Array<{
        seq: string;
        event_id: string;
        type: string;
        occurred_at: string;
        payload: Record<string, unknown>;
      }>
    >(
      'select seq, event_id, type, occurred_at, payload from sync_outbox where pushed_at is null order by seq limit ?',
      [batchSize],
    );
    if (!rows.length) break;
    const events: PushedEvent[] = rows.map((row) => ({
      seq: Number(row.seq),
      eventId: row.event_id,
      type: row.type,
      occurredAt: new Date(row.occurred_at).toISOString(),
      payload: row.payload,
    }));
    let result: PushResult;
    try {
      result = await hq.request<PushResult>('POST', '/sync/push', { events });
    } catch (err) {
      const expected = err instanceof HqHttpError && err.status === 409 ? err.body.expectedSeq : undefined;
      if (typeof expected !== 'number' || expected === events[0].seq || realignments >= MAX_REALIGNMENTS)
        throw err;
      realignments += 1;
      if (expected > events[0].seq) await acknowledge(orm, expected - 1);
      else {
        await em.transactional(async (tx) => {
          await tx.execute('update sync_outbox set pushed_at = null where seq >= ?', [expected]);
          await tx.execute('update sync_local_state set acked_seq = ? where id = 1', [expected - 1]);
        });
      }
      continue;
    }
    pushed += await acknowledge(orm, result.ackedThroughSeq);
  }
  return { pushed, pending: await pendingCount(orm) };
}

/** Marks events up to `seq` as at HQ, in one local transaction with the local sync state; returns how many. */
async function acknowledge(orm: MikroORM, seq: number): Promise<number> {
  return orm.em.fork().transactional(async (em) => {
    const marked = await em.execute<Array<{ seq: string }>>(
      'update sync_outbox set pushed_at = now() where seq <= ? and pushed_at is null returning seq',
      [seq],
    );
    await em.execute('update sync_local_state set acked_seq = ?, last_push_at = now() where id = 1', [seq]);
    return marked.length;
  });
}

/** Store: events not yet acknowledged by HQ. */
export async function pendingCount(orm: MikroORM): Promise<number> {
  const [row] = await orm.em
    .fork()
    .execute<Array<{ n: string }>>('select count(*) as n from sync_outbox where pushed_at is null');
  return Number(row.n);
}
