import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';

/*
 * A store server's first sync: until its first full pull is done it holds no complete catalogue, so
 * its `/health` says it is still syncing (503), and it logs how far it is, how fast and how long still
 * (from HQ's estimate of the rows to come, sent with the first page).
 */

/** How far a first sync is: rows applied, of about how many, how fast, how long still. */
export interface FirstSyncFigures {
  applied: number;
  estimatedRows: number | null;
  percent: number | null;
  rowsPerSecond: number;
  secondsLeft: number | null;
}

/** Logs at most this often while the first pull runs. */
const LOG_EVERY_MS = 2_000;

/** Counts a first sync's pages and logs its progress now and then. */
export class FirstSyncProgress {
  private applied = 0;
  private estimatedRows: number | null = null;
  private lastLogAt: number;

  constructor(
    private readonly logger: Pick<Logger, 'info'>,
    private readonly now: () => number = Date.now,
    private readonly startedAt = now(),
  ) {
    this.lastLogAt = startedAt;
  }

  /** One page applied: its changes, and HQ's estimate when the page carries one. */
  page(changes: number, estimatedRows?: number | null): void {
    this.applied += changes;
    if (estimatedRows != null) this.estimatedRows = estimatedRows;
    if (this.now() - this.lastLogAt < LOG_EVERY_MS) return;
    this.lastLogAt = this.now();
    this.logger.info(this.figures(), 'first sync: pulling master data from HQ');
  }

  figures(): FirstSyncFigures {
    const seconds = Math.max((this.now() - this.startedAt) / 1000, 0.001);
    const rowsPerSecond = Math.round(this.applied / seconds);
    const estimated = this.estimatedRows;
    const left = estimated === null ? null : Math.max(estimated - this.applied, 0);
    return {
      applied: this.applied,
      estimatedRows: estimated,
      percent: estimated ? Math.min(100, Math.floor((this.applied * 100) / estimated)) : null,
      rowsPerSecond,
      secondsLeft: left === null || rowsPerSecond === 0 ? null : Math.ceil(left / rowsPerSecond),
    };
  }
}

/** Whether the store's first full pull is done (false before it even knows who it is). */
export async function firstPullDone(orm: MikroORM): Promise<boolean> {
  const [row] = await orm.em
    .fork()
    .execute<Array<{ done: boolean }>>('select first_pull_done_at is not null as done from sync_local_state');
  return row?.done ?? false;
}

/** Records the first full pull done; true when this call did (it was not before). */
export async function markFirstPullDone(orm: MikroORM): Promise<boolean> {
  const rows = await orm.em
    .fork()
    .execute<Array<{ id: number }>>(
      'update sync_local_state set first_pull_done_at = now() where first_pull_done_at is null returning id',
    );
  return rows.length > 0;
}
