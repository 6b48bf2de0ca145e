import { raw, type FilterQuery } from '@mikro-orm/core';
import { likePattern } from './pagination.js';

/** Rows with a first and a last name (customers, sales reps). */
interface Named {
  firstName: string;
  lastName: string;
}

/** A person's name as stored: trimmed, single spaces inside, so that a "first last" search finds it. */
export function tidyName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** A search as typed, tidied like names; null when nothing is left. */
export function normalizeSearch(search: string | null | undefined): string | null {
  return search ? tidyName(search) || null : null;
}

/**
 * Conditions (to OR with the caller's own) matching a normalised search against the first name, the
 * last name or the full name "first last", case-insensitively.
 */
export function nameConditions<T extends Named>(search: string): FilterQuery<T>[] {
  const pattern = likePattern(search);
  const conditions: FilterQuery<Named>[] = [
    { firstName: { $ilike: pattern } },
    { lastName: { $ilike: pattern } },
  ];
  if (search.includes(' ')) {
    // No index covers the concatenation, but each word of a full-name match lies within the first or
    // the last name: requiring that too lets trigram indexes on the name columns pick the candidates.
    conditions.push({
      $and: [
        ...search.split(' ').map((word) => ({
          $or: [{ firstName: { $ilike: likePattern(word) } }, { lastName: { $ilike: likePattern(word) } }],
        })),
        { [raw((alias) => `(${alias}.first_name || ' ' || ${alias}.last_name)`)]: { $ilike: pattern } },
      ],
    });
  }
  return conditions as FilterQuery<T>[];
}
