import type { FieldProblem } from '../services/core/index.js';

/**
 * The only readers of graphql-js's (and graphql-jit's) English error messages: input coercion names the
 * field at fault only in its message. Each form read here is unit-tested against messages the pinned
 * libraries produce (`tests/unit/graphql-messages.test.ts`), so that a new wording fails a test rather
 * than silently turning a 400 that names its field into one that does not.
 */

/**
 * `Expected value of type "UUID!", found "x"; ` before the reason: graphql-js 16 writes it for a literal
 * in a document; its coercion of variables and values (what REST meets) writes none today.
 */
const EXPECTED_VALUE_PREAMBLE = /^Expected value of type "[^"]+", found [^;]+; /;

/** `Variable "$sku" of required type "String!" was not provided.` */
const VARIABLE_NOT_PROVIDED = /^Variable "\$(\w+)" of required type "[^"]+" was not provided\.$/;

/** `Variable "$id" got invalid value "x"; <reason>` */
const VARIABLE_INVALID = /^Variable "\$(\w+)" got invalid value .*?; (.*)$/s;

/** `Field "sortOrder" of required type "Int!" was not provided.` (an input object's field) */
const FIELD_NOT_PROVIDED = /^Field "(\w+)" of required type "[^"]+" was not provided\.$/;

/** `Field "colour" is not defined by type "ProductInput".` (maybe followed by a suggestion) */
const FIELD_NOT_DEFINED = /^Field "(\w+)" is not defined by type "[^"]+"\./;

/** The useful part of a coercion message: without the "Expected value of type ..." preamble. */
export function coercionReason(message: string): string {
  return message.replace(EXPECTED_VALUE_PREAMBLE, '');
}

/**
 * The variable and reason of an error coercing an operation's variables
 * (`Variable "$id" got invalid value "x"; Value is not a valid UUID: x` → `id`, `Value is not a valid
 * UUID: x`), or undefined for any other message.
 */
export function variableProblem(message: string): FieldProblem | undefined {
  const missing = VARIABLE_NOT_PROVIDED.exec(message);
  if (missing) return { field: missing[1], reason: 'is required' };
  const invalid = VARIABLE_INVALID.exec(message);
  if (!invalid) return undefined;
  return { field: invalid[1], reason: coercionReason(invalid[2]) };
}

/**
 * The field and reason of an error coercing one input value at `path` (`coerceInputValue`'s callback).
 * For a missing or unknown field of an input object (`rates: [{taxRateId}]`), GraphQL names that field
 * only in its message: it goes into the path, so the answer names `rates.0.sortOrder` rather than
 * `rates.0`.
 */
export function inputProblem(path: ReadonlyArray<string | number>, message: string): FieldProblem {
  const missing = FIELD_NOT_PROVIDED.exec(message);
  if (missing) return { field: [...path, missing[1]].join('.'), reason: 'is required' };
  const unknown = FIELD_NOT_DEFINED.exec(message);
  if (unknown) return { field: [...path, unknown[1]].join('.'), reason: 'unknown field' };
  return { field: path.join('.'), reason: coercionReason(message) };
}
