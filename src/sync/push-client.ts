import type { MikroORM } from '@mikro-orm/postgresql';
import type { HqClient } from './hq-client.js';

/** Store: pushes the outbox in seq order until empty. (Being written.) */
export async function pushPending(
  _orm: MikroORM,
  _hq: HqClient,
  _opts: { batchSize?: number } = {},
): Promise<{ pushed: number; pending: number }> {
  return { pushed: 0, pending: 0 };
}

/** Store: events not yet acknowledged by HQ. (Being written.) */
export async function pendingCount(_orm: MikroORM): Promise<number> {
  return 0;
}
