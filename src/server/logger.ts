import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * One JSON line per event. Credentials never reach a log: request bodies are not logged, and the
 * paths below are redacted should an error object carry them.
 */
export function createLogger(level: 'info' | 'silent'): Logger {
  return pino({
    level,
    redact: [
      'pin',
      'password',
      'newPin',
      'newPassword',
      'currentPin',
      'currentPassword',
      'refreshToken',
      '*.authorization',
    ],
  });
}
