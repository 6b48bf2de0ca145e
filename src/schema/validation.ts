import { validate, type ValidationError } from 'class-validator';
import type { ValidatorFn } from 'type-graphql';
import { invalid } from '../services/core/index.js';

function firstMessage(
  errors: ValidationError[],
  prefix = '',
): { field: string; message: string } | undefined {
  for (const error of errors) {
    const field = prefix + error.property;
    const constraint = error.constraints && Object.values(error.constraints)[0];
    if (constraint) return { field, message: constraint };
    const nested = firstMessage(error.children ?? [], `${field}.`);
    if (nested) return nested;
  }
  return undefined;
}

/** The path of the first string holding a NUL character (PostgreSQL cannot store one in text). */
function nulCharacterAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nulCharacterAt(item, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

/**
 * Validates arguments with class-validator and answers VALIDATION (400) naming the first bad field,
 * e.g. `sellPrice: sellPrice must not be less than 0`.
 */
export const validateArgs: ValidatorFn = async (value) => {
  if (value == null || typeof value !== 'object') return;
  const nul = nulCharacterAt(value, '');
  if (nul) throw invalid(nul, 'must not contain NUL characters');
  const errors = await validate(value, { forbidUnknownValues: false, skipMissingProperties: false });
  const first = firstMessage(errors);
  if (first) throw invalid(first.field, first.message);
};
