import type { MikroORM } from '@mikro-orm/postgresql';
import type { HqClient } from './hq-client.js';

/** Store: pulls pages until HQ has no more, applying each page and its cursor in one transaction. (Being written.) */
export async function pullUntilCurrent(
  _orm: MikroORM,
  _hq: HqClient,
  _opts: { limit?: number } = {},
): Promise<{ pages: number; changes: number }> {
  return { pages: 0, changes: 0 };
}
