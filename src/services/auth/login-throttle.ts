import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';

/** What an attempt is counted against: a username (logins) and always the client address. */
export interface AttemptKeys {
  username?: string;
  ip: string;
  /** PIN-only logins also count against the store they target. */
  store?: string;
}

/**
 * Budgets of credential attempts. Every attempt takes its point *before* the slow credential check
 * (so a burst of parallel guesses cannot all slip past a read-only check); a success gives it back.
 * Past a budget, attempts are refused with RATE_LIMITED (429 + Retry-After) until the window ends.
 */
export class LoginThrottle {
  private readonly byUser: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;
  private readonly byStore: RateLimiterMemory;

  constructor(opts: { perUser?: number; perIp?: number; perStore?: number; windowSeconds?: number } = {}) {
    const duration = opts.windowSeconds ?? 15 * 60;
    this.byUser = new RateLimiterMemory({ keyPrefix: 'login_user', points: opts.perUser ?? 5, duration });
    this.byIp = new RateLimiterMemory({ keyPrefix: 'login_ip', points: opts.perIp ?? 30, duration });
    this.byStore = new RateLimiterMemory({ keyPrefix: 'login_store', points: opts.perStore ?? 50, duration });
  }

  private limiters(keys: AttemptKeys): Array<[RateLimiterMemory, string]> {
    const list: Array<[RateLimiterMemory, string]> = [[this.byIp, keys.ip]];
    if (keys.username) list.push([this.byUser, keys.username]);
    if (keys.store) list.push([this.byStore, keys.store]);
    return list;
  }

  /** Takes one point from every budget the attempt counts against; throws RATE_LIMITED when one is spent. */
  async attempt(keys: AttemptKeys): Promise<void> {
    const taken: Array<[RateLimiterMemory, string]> = [];
    try {
      for (const [limiter, key] of this.limiters(keys)) {
        await limiter.consume(key);
        taken.push([limiter, key]);
      }
    } catch (res) {
      // Refused attempts do not eat into the other budgets.
      await Promise.all(taken.map(([limiter, key]) => limiter.reward(key, 1)));
      if (res instanceof RateLimiterRes) throw tooMany(res);
      throw res;
    }
  }

  /** A successful attempt: its points come back and the username's failures are forgotten. */
  async succeed(keys: AttemptKeys): Promise<void> {
    await Promise.all([
      this.byIp.reward(keys.ip, 1),
      keys.store ? this.byStore.reward(keys.store, 1) : undefined,
      keys.username ? this.byUser.delete(keys.username) : undefined,
    ]);
  }
}

function tooMany(res: RateLimiterRes): AppError {
  const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', `Too many failed attempts; retry in ${retryAfter} s`, { retryAfter });
}
