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
  /** More than is still refundable: of a sale line's quantity, or of what a tender took. */
  OVER_REFUND: 409,
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

/** What is wrong with one input field: the field as the schema names it, and the reason. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * An expected failure with a stable code; its message is safe to show to the caller. An error about an
 * input field carries the field and the reason apart (`new AppError(code, { field, reason })`) and
 * names the field first in its message (`sku: "X" is already in use`), so that the REST edge can name
 * the field as its client spelt it (`store_id`). A message given whole is the reason itself (it may
 * still say which field `details.field` is about, without naming it first).
 */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  /** The input field at fault, as the schema names it; undefined when the error is about no field. */
  readonly field: string | undefined;
  /** What is wrong, without the field's name: the whole message when it does not name the field first. */
  readonly reason: string;

  constructor(code: ErrorCode, problem: string | FieldProblem, details: AppErrorDetails = {}) {
    const { message, field, reason } =
      typeof problem === 'string'
        ? { message: problem, field: details.field, reason: problem }
        : named(problem);
    // The field first, where `{ field, ...details }` always put it; a problem's field wins over details'.
    const extensions =
      typeof problem === 'string' ? { code, ...details } : Object.assign({ code, field }, details, { field });
    super(message, { extensions });
    this.code = code;
    this.name = 'AppError';
    this.field = field;
    this.reason = reason;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** The message with its field named `name` (the REST client's spelling), when it names the field first. */
  messageNaming(name: string): string {
    return this.reason === this.message ? this.message : `${name}: ${this.reason}`;
  }
}

/** A field problem's message: the field named first. */
function named({ field, reason }: FieldProblem) {
  return { message: `${field}: ${reason}`, field, reason };
}

export const notFound = (what: string, id?: string) =>
  new AppError('NOT_FOUND', id ? `${what} ${id} not found` : `${what} not found`);
/** A conflict (409): about a field (`{ field, reason }`), or a message about the request as a whole. */
export const conflict = (problem: string | FieldProblem) => new AppError('CONFLICT', problem);
export const invalid = (field: string, message: string) =>
  new AppError('VALIDATION', { field, reason: message });
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
  new AppError('UNPROCESSABLE', { field, reason: message }, details);

/** A stated figure that differs from the server's (422), naming the field, the stated and expected values. */
export const mismatch = (field: string, stated: unknown, expected: unknown) =>
  unprocessable(field, `stated ${String(stated)}, expected ${String(expected)}`, { stated, expected });
