import { GraphQLError } from 'graphql';

/**
 * Stable error codes of expected failures. Each maps to one HTTP status for REST; GraphQL clients
 * read the same code from `extensions.code`.
 */
export const ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A service this one depends on (HQ, the database) cannot be reached now: retry later. */
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface AppErrorDetails {
  /** Input field the error is about (REST clients show it next to the field). */
  field?: string;
  /** Seconds to wait before retrying (RATE_LIMITED). */
  retryAfter?: number;
  [key: string]: unknown;
}

/** An expected failure with a stable code; its message is safe to show to the caller. */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, details: AppErrorDetails = {}) {
    super(message, { extensions: { code, ...details } });
    this.code = code;
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string, id?: string) =>
  new AppError('NOT_FOUND', id ? `${what} ${id} not found` : `${what} not found`);
export const conflict = (message: string, field?: string) =>
  new AppError('CONFLICT', message, field ? { field } : {});
export const invalid = (field: string, message: string) =>
  new AppError('VALIDATION', `${field}: ${message}`, { field });
export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError('FORBIDDEN', message);
export const unauthenticated = (message = 'Authentication required') =>
  new AppError('UNAUTHENTICATED', message);

/** Status for any error code, 500 for unknown ones. */
export function statusForCode(code: unknown): number {
  return typeof code === 'string' && code in ERROR_STATUS ? ERROR_STATUS[code as ErrorCode] : 500;
}

/** Well-formed input that contradicts the server's own figures or records (422). */
export const unprocessable = (field: string, message: string, details: AppErrorDetails = {}) =>
  new AppError('UNPROCESSABLE', `${field}: ${message}`, { field, ...details });

/** A stated figure that differs from the server's (422), naming the field, the stated and expected values. */
export const mismatch = (field: string, stated: unknown, expected: unknown) =>
  unprocessable(field, `stated ${String(stated)}, expected ${String(expected)}`, { stated, expected });
