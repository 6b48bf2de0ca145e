import type { RunningServer } from '../../src/server/app';
import { LoginThrottle, type ThrottleOptions } from '../../src/services/auth/login-throttle';
import type { TestServer } from './server';

/** Gives a running server a sign-in throttle with other rules, on the same `login_attempt` table. */
export function throttleOn(server: RunningServer, options: Partial<ThrottleOptions>): void {
  server.runtime.loginThrottle = new LoginThrottle(
    (sql, params) => server.orm.em.getConnection().execute(sql, params),
    options,
  );
}

/**
 * The same for a test server and its HQ: tests that are not about throttling make many failed attempts
 * from one address, and tests about it want waits that no slow machine can outlast.
 */
export function throttleWith(t: TestServer, options: Partial<ThrottleOptions>): void {
  throttleOn(t.server, options);
  if (t.hq) throttleOn(t.hq.server, options);
}
