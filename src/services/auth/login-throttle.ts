import type { RequestContext } from '../core/context.js';
import { AppError } from '../core/errors.js';

/**
 * How one kind of key slows guessing down: `free` failures cost nothing; each further failure makes the
 * next attempt wait, `baseMs` after the first, twice as long after each one more, never above `capMs`.
 */
export interface ThrottleRule {
  free: number;
  baseMs: number;
  capMs: number;
}

export interface ThrottleOptions {
  /** Per username: guesses at one account, from anywhere. */
  user: ThrottleRule;
  /** Per client address at this server (a store server's is its store's). */
  address: ThrottleRule;
  /** Per terminal of a store, as a till names itself (`terminalId`). */
  terminal: ThrottleRule;
  /** A key's failures are forgotten once it has seen no attempt for this long. */
  forgetMs: number;
}

/**
 * The cap is the point: a stranger hammering a username (the admin's) or a shop's PIN pad can slow the
 * real user down to one attempt per 30 s at worst, never lock them out; guessing slows to the same pace
 * per key.
 */
export const DEFAULT_THROTTLE: ThrottleOptions = {
  user: { free: 5, baseMs: 1000, capMs: 30_000 },
  address: { free: 20, baseMs: 1000, capMs: 30_000 },
  terminal: { free: 20, baseMs: 1000, capMs: 30_000 },
  forgetMs: 15 * 60_000,
};

/** What an attempt counts against, as keys of `login_attempt`. */
export interface AttemptKeys {
  /** `user:<username>`: successes forget its failures. */
  user?: string;
  /** `addr:<server>:<address>` and `term:<store>:<terminal>`: a success gives back only its own point. */
  address: string;
  terminal?: string;
}

/** Runs one statement on its own (autocommit), outside any request transaction. */
export type ThrottleDatabase = (sql: string, params: unknown[]) => Promise<unknown[]>;

/**
 * The keys of a sign-in: the username (when there is one), the client address at this server (a store
 * server's addresses are its store's: (store, address)) and the terminal of the store the till names.
 * No key is a store alone: guesses from one address or terminal never slow down the shop's other tills.
 * HQ's address key does not take the store the request names, or naming another store would escape it.
 */
export function signInKeys(
  ctx: Pick<RequestContext, 'runtime' | 'clientIp'>,
  opts: { username?: string; storeId?: string | null; terminalId?: string | null } = {},
): AttemptKeys {
  const server = ctx.runtime.mode === 'store' ? (ctx.runtime.storeId ?? '-') : 'hq';
  const terminalStore = ctx.runtime.mode === 'store' ? server : (opts.storeId ?? '-');
  return {
    ...(opts.username ? { user: `user:${opts.username}` } : {}),
    address: `addr:${server}:${ctx.clientIp}`,
    ...(opts.terminalId ? { terminal: `term:${terminalStore}:${opts.terminalId}` } : {}),
  };
}

/**
 * Until when a key waits after `n` failures of the rule in `k` (SQL): '-infinity' within its free ones.
 * Waits are measured on the clock (`clock_timestamp()`), never on a statement's start (`now()`): two
 * attempts run at once, and the one that started first may see the other's row first.
 */
const waitUntil = (n: string) =>
  `(case when ${n} <= k.free then '-infinity'::timestamptz
         else clock_timestamp()
              + least(k.cap_ms, k.base_ms * power(2, least(${n} - k.free - 1, 30))) * interval '1 millisecond' end)`;

/** The failures of row `a` after one more (a key quiet for longer than the forgetting window starts again). */
const FAILURES_AFTER = `case when a.updated_at < now() - ? * interval '1 millisecond' then 1 else a.failures + 1 end`;

/**
 * Counts one failure against each key up front, unless a key still waits (then nothing is counted, and
 * `wait_seconds` says for how long). A key that started waiting between the check and its update (a
 * concurrent attempt) is left out of `taken`.
 */
const COUNT = `with k as (
      select * from jsonb_to_recordset(?::jsonb) as k(key text, free int, base_ms int, cap_ms int)
    ),
    blocked as (
      select max(a.blocked_until) as until from login_attempt a join k on k.key = a.key
       where a.blocked_until > clock_timestamp()
    ),
    taken as (
      insert into login_attempt as a (key, failures, blocked_until, updated_at)
      select k.key, 1, ${waitUntil('1')}, clock_timestamp() from k
       where (select until from blocked) is null
       order by k.key
      on conflict (key) do update
        set failures = ${FAILURES_AFTER},
            blocked_until = (select ${waitUntil(FAILURES_AFTER)} from k where k.key = a.key),
            updated_at = clock_timestamp()
        where a.blocked_until <= clock_timestamp()
      returning a.key
    )
    select ceil(extract(epoch from (select until from blocked) - clock_timestamp()))::int as wait_seconds,
           coalesce((select array_agg(key) from taken), '{}') as taken`;

/**
 * Gives the points of a successful attempt back: a username's failures are forgotten, an address or a
 * terminal gets back the one failure the attempt counted (its earlier failures stay) and no longer waits
 * for it. Rows quiet for longer than the forgetting window are purged on the way (a few at a time).
 */
const GIVE_BACK = `with k as (select * from jsonb_to_recordset(?::jsonb) as k(key text, forget boolean)),
    forgotten as (delete from login_attempt a using k where a.key = k.key and k.forget),
    returned as (
      update login_attempt a
         set failures = greatest(a.failures - 1, 0), blocked_until = '-infinity'
        from k where a.key = k.key and not k.forget
    ),
    purged as (
      delete from login_attempt where key in (
        select key from login_attempt
         where updated_at < now() - ? * interval '1 millisecond' and key not in (select key from k)
         limit 100 for update skip locked)
    )
    select 1`;

/**
 * Budgets of credential attempts, kept in PostgreSQL (`login_attempt`) so that every instance on the
 * database shares them and a restart does not reset them. Each attempt counts as a failure *before* the
 * slow credential check, in one atomic statement (a burst of parallel guesses cannot all slip past a
 * read-only check); a success gives its point back in a second one. While a key waits, attempts are
 * refused with RATE_LIMITED (429 + Retry-After) without being counted, so refusals never lengthen the
 * wait: once it is over, the right credential works. Statements run outside the request's transaction,
 * since a failed sign-in rolls that back.
 */
export class LoginThrottle {
  readonly options: ThrottleOptions;

  constructor(
    private readonly db: ThrottleDatabase,
    options: Partial<ThrottleOptions> = {},
  ) {
    this.options = { ...DEFAULT_THROTTLE, ...options };
  }

  private rows(keys: AttemptKeys) {
    const rows: Array<{ key: string; free: number; base_ms: number; cap_ms: number }> = [];
    const add = (key: string | undefined, rule: ThrottleRule) => {
      if (key) rows.push({ key, free: rule.free, base_ms: rule.baseMs, cap_ms: rule.capMs });
    };
    add(keys.user, this.options.user);
    add(keys.address, this.options.address);
    add(keys.terminal, this.options.terminal);
    return rows;
  }

  /** Counts an attempt against every key; throws RATE_LIMITED (counting nothing) while one of them waits. */
  async attempt(keys: AttemptKeys): Promise<void> {
    const rows = this.rows(keys);
    const [result] = (await this.db(COUNT, [
      JSON.stringify(rows),
      this.options.forgetMs,
      this.options.forgetMs,
    ])) as Array<{ wait_seconds: number | null; taken: string[] }>;
    if (result.wait_seconds !== null) throw tooMany(result.wait_seconds);
    if (result.taken.length < rows.length) {
      // A concurrent attempt made a key wait between the check and the count: refused like it, and the
      // keys this one did count get their point back.
      await this.giveBack(
        result.taken.map((key) => ({ key, forget: false })),
        this.options.forgetMs,
      );
      throw tooMany(1);
    }
  }

  /** A successful attempt: its points come back and the username's failures are forgotten. */
  async succeed(keys: AttemptKeys): Promise<void> {
    await this.giveBack(
      this.rows(keys).map(({ key }) => ({ key, forget: key === keys.user })),
      this.options.forgetMs,
    );
  }

  private async giveBack(keys: Array<{ key: string; forget: boolean }>, forgetMs: number): Promise<void> {
    await this.db(GIVE_BACK, [JSON.stringify(keys), forgetMs]);
  }
}

function tooMany(seconds: number): AppError {
  const retryAfter = Math.max(1, seconds);
  return new AppError('RATE_LIMITED', `Too many failed attempts; retry in ${retryAfter} s`, { retryAfter });
}
