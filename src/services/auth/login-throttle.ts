import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';

/**
 * Counts failed logins per username and per client address; past the limit, logins are refused with
 * RATE_LIMITED (429 + Retry-After) until the window ends. A success clears the username's count.
 */
export class LoginThrottle {
  private readonly byUser: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;

  constructor(opts: { perUser?: number; perIp?: number; windowSeconds?: number } = {}) {
    const duration = opts.windowSeconds ?? 15 * 60;
    this.byUser = new RateLimiterMemory({ keyPrefix: 'login_user', points: opts.perUser ?? 5, duration });
    this.byIp = new RateLimiterMemory({ keyPrefix: 'login_ip', points: opts.perIp ?? 30, duration });
  }

  /** Throws RATE_LIMITED when either key has used up its failures. */
  async check(username: string | undefined, ip: string): Promise<void> {
    const checks = [this.byIp.get(ip), username ? this.byUser.get(username) : Promise.resolve(null)];
    const limits = [this.byIp, this.byUser];
    const results = await Promise.all(checks);
    results.forEach((res, i) => {
      if (res && res.consumedPoints >= limits[i].points) throw tooMany(res);
    });
  }

  /** Records a failed attempt. */
  async fail(username: string | undefined, ip: string): Promise<void> {
    await Promise.all([
      this.byIp.penalty(ip, 1),
      username ? this.byUser.penalty(username, 1) : Promise.resolve(),
    ]);
  }

  /** Clears the username's failures after a successful login. */
  async succeed(username: string | undefined): Promise<void> {
    if (username) await this.byUser.delete(username);
  }
}

function tooMany(res: RateLimiterRes): AppError {
  const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', `Too many failed logins; retry in ${retryAfter} s`, { retryAfter });
}
