import pino, { type DestinationStream, type Logger } from 'pino';
import { withoutBoundValues } from '../services/core/index.js';

export type { Logger };

/**
 * One JSON line per event. Credentials never reach a log: request bodies are not logged, and the
 * paths below are redacted should an error object carry them. A database error (logged as `err`,
 * also inside a GraphQL error) loses the values its statement carried: knex writes the parameters
 * into the message (names, PIN digests, card references), and PostgreSQL's detail repeats them.
 */
export function createLogger(level: 'info' | 'silent', destination?: DestinationStream): Logger {
  return pino(
    {
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
      serializers: { err: (err: unknown) => pino.stdSerializers.err(withoutBoundValues(err) as Error) },
    },
    destination,
  );
}
