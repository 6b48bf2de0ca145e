import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Runtime } from '../../services/core/index.js';
import { AppError, unauthenticated } from '../../services/core/index.js';
import { AUTH_TYPES } from '../shared/entity-types.js';
import { HqClient, HqHttpError, HqUnreachable } from './hq-client.js';
import { connectHints, type HintConnection } from './hint-socket.js';
import { FirstSyncProgress, firstPullDone, markFirstPullDone } from './first-sync.js';
import { pullUntilCurrent } from './pull-client.js';
import { pendingCount, pushPending } from './push-client.js';

/** Who this store server is, as HQ said at the first contact (kept locally, so it starts offline too). */
export interface StoreIdentity {
  storeId: string;
  storeCode: string;
  pinKey: string;
}

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;
/** How long a refund at the till waits for HQ's answer about the sale before going on without it. */
const SALE_BASIS_TIMEOUT_MS = 5_000;

/**
 * Runs one kind of sync work at a time: a request while it runs makes it run once more afterwards (so a
 * hint or a sale is never lost), and a failure retries with exponential backoff.
 */
class Runner {
  private running: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Runs the work now, or once more after the current run; resolves when that run is over. */
  run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.retryTimer);
    this.running = this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.work();
        this.failures = 0;
      } catch (err) {
        this.failures += 1;
        const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.failures - 1));
        const log = { err: err instanceof HqUnreachable ? err.message : err, retryInMs: delay };
        if (err instanceof HqUnreachable) this.logger.warn(log, `sync ${this.name}: HQ unreachable`);
        else this.logger.error(log, `sync ${this.name} failed`);
        if (!this.stopped) this.retryTimer = setTimeout(() => void this.run(), delay).unref();
        return;
      }
    } while (this.again && !this.stopped);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.running;
  }
}

/**
 * A store server's side of sync: pulls master data (on HQ's hints, on reconnect and on a timer) and
 * pushes its outbox (after each local transaction and on a timer). Sales never wait for it: they
 * commit locally and the outbox carries them to HQ whenever HQ can be reached.
 */
export class StoreAgent {
  private readonly puller: Runner;
  private readonly pusher: Runner;
  private timer: NodeJS.Timeout | undefined;
  private hints: HintConnection | undefined;
  lastPullAt: Date | null = null;
  lastPushAt: Date | null = null;

  constructor(
    private readonly orm: MikroORM,
    readonly hq: HqClient,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly runtime?: Pick<Runtime, 'sessions'>,
    private readonly pushBatch?: number,
  ) {
    this.puller = new Runner(
      'pull',
      async () => {
        const progress = (await firstPullDone(this.orm)) ? undefined : new FirstSyncProgress(this.logger);
        const result = await pullUntilCurrent(this.orm, this.hq, {
          logger: this.logger,
          onPage: (page) => progress?.page(page.changes.length, page.estimatedRows),
          // Cached sessions carry users' active flags and permissions: drop them when those changed.
          onApplied: (types) => {
            if ([...types].some((t) => AUTH_TYPES.has(t))) this.runtime?.sessions.clear();
          },
        });
        this.lastPullAt = new Date();
        if (result.changes) this.logger.info(result, 'sync pull applied');
        if (progress && (await markFirstPullDone(this.orm)))
          this.logger.info(progress.figures(), 'first sync done');
      },
      logger,
    );
    this.pusher = new Runner(
      'push',
      async () => {
        const result = await pushPending(this.orm, this.hq, { batchSize: this.pushBatch });
        this.lastPushAt = new Date();
        if (result.pushed) this.logger.info(result, 'sync push acknowledged');
        this.hints?.sendStatus();
      },
      logger,
    );
  }

  /** Starts the hint socket and the timer, and syncs once now. */
  start(): void {
    this.hints = connectHints(this.hq, {
      logger: this.logger,
      onHint: () => void this.requestPull(),
      // A reconnect may follow missed hints and an outage with sales waiting: catch up both ways.
      onOpen: () => {
        void this.requestPull();
        void this.requestPush();
      },
      status: async () => ({
        type: 'status',
        pendingEvents: await pendingCount(this.orm),
        clock: new Date().toISOString(),
      }),
    });
    this.timer = setInterval(() => {
      void this.requestPull();
      void this.requestPush();
    }, this.intervalMs).unref();
    void this.requestPull();
    void this.requestPush();
  }

  /** Whether the hint socket to HQ is open now. */
  get connected(): boolean {
    return this.hints?.isOpen() ?? false;
  }

  /** Pulls until current (or until the first failure, which retries later). */
  requestPull(): Promise<void> {
    return this.puller.run();
  }

  /** Pushes the outbox (or up to the first failure, which retries later). */
  requestPush(): Promise<void> {
    return this.pusher.run();
  }

  /**
   * Has HQ check a credential this store holds no material for (a user whose roles are all chain-wide,
   * or a password): the user's id when it is right. Needs HQ: offline, such users cannot sign in here.
   */
  async signIn(input: { username: string; pin: string | null; password: string | null }): Promise<string> {
    try {
      const { userId } = await this.hq.request<{ userId: string }>('POST', '/sync/verify-sign-in', input);
      return userId;
    } catch (err) {
      if (err instanceof HqUnreachable) {
        throw new AppError(
          'UNAVAILABLE',
          'This user signs in at a store server through HQ, which cannot be reached now',
        );
      }
      if (err instanceof HqHttpError && err.status === 429) {
        throw new AppError('RATE_LIMITED', err.body.error ?? 'Too many failed attempts', {
          retryAfter: err.retryAfter ?? 60,
        });
      }
      if (err instanceof HqHttpError && err.status < 500)
        throw unauthenticated('Invalid username or credential');
      throw err;
    }
  }

  /**
   * Asks HQ for a sale and every refund of it HQ holds (a refund's basis): null when HQ has no such sale,
   * undefined when HQ cannot answer now (unreachable, or refusing this store). Quick: a till is waiting.
   */
  async saleBasis(saleId: string): Promise<Record<string, unknown> | null | undefined> {
    try {
      return await this.hq.request<Record<string, unknown>>(
        'GET',
        `/sync/sale?id=${encodeURIComponent(saleId)}`,
        undefined,
        { timeoutMs: SALE_BASIS_TIMEOUT_MS },
      );
    } catch (err) {
      if (err instanceof HqHttpError && err.status === 404) return null;
      if (!(err instanceof HqUnreachable) && !(err instanceof HqHttpError)) throw err;
      this.logger.warn({ err: err.message, saleId }, 'HQ could not answer for a sale to refund');
      return undefined;
    }
  }

  /** Pull, then push, now; resolves when both ran (tests, the demo). */
  async syncNow(): Promise<void> {
    await this.requestPull();
    await this.requestPush();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.hints?.close();
    await Promise.all([this.puller.stop(), this.pusher.stop()]);
  }
}

/**
 * Learns the store's identity from HQ (`GET /sync/status`) and keeps it locally; when HQ cannot be
 * reached, the kept identity lets the store start and trade offline. A first start needs HQ: it waits
 * for it. A refused token stops the start (it was replaced, or is wrong).
 */
export async function identifyStore(orm: MikroORM, hq: HqClient, logger: Logger): Promise<StoreIdentity> {
  const em = orm.em.fork();
  const local = async () =>
    (
      await em.execute<Array<{ store_id: string; store_code: string; pin_key: string }>>(
        'select store_id, store_code, pin_key from sync_local_state where id = 1',
      )
    )[0];
  for (let attempt = 1; ; attempt++) {
    try {
      const status = await hq.request<{ storeId: string; storeCode: string; pinKey: string }>(
        'GET',
        '/sync/status',
      );
      const kept = await local();
      if (kept && kept.store_id !== status.storeId) {
        throw new Error(
          `This database belongs to store ${kept.store_code}, but SYNC_TOKEN is store ${status.storeCode}'s: use that store's own database`,
        );
      }
      await em.execute(
        `insert into sync_local_state (id, store_id, store_code, pin_key) values (1, ?, ?, ?)
         on conflict (id) do update set store_code = excluded.store_code, pin_key = excluded.pin_key`,
        [status.storeId, status.storeCode, status.pinKey],
      );
      return { storeId: status.storeId, storeCode: status.storeCode, pinKey: status.pinKey };
    } catch (err) {
      if (err instanceof HqHttpError && (err.status === 401 || err.status === 403)) {
        throw new Error(
          `HQ refused SYNC_TOKEN (${err.status}): issue a new one with POST /api/v1/stores/:id/sync-token`,
        );
      }
      if (!(err instanceof HqUnreachable) && !(err instanceof HqHttpError)) throw err;
      const kept = await local();
      if (kept) {
        logger.warn({ err: err.message }, `HQ unreachable: starting offline as store ${kept.store_code}`);
        return { storeId: kept.store_id, storeCode: kept.store_code, pinKey: kept.pin_key };
      }
      const delay = Math.min(RETRY_MAX_MS, 1000 * attempt);
      logger.warn({ err: err.message, retryInMs: delay }, 'first start: waiting for HQ to learn this store');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
