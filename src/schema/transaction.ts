import {
  ForeignKeyConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { GraphQLSchema } from 'graphql';
import type { RequestContext } from '../services/context.js';
import { inTransaction } from '../services/context.js';
import { AppError } from '../services/errors.js';

/** `product_barcode_unique` -> `barcode`: the field named by a unique constraint. */
function fieldOfConstraint(constraint: string | undefined): string | undefined {
  const match = constraint?.match(/^[a-z]+(?:_[a-z]+)*?_([a-z_]+)_unique$/);
  return match?.[1].replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Turns database constraint failures that slipped past the service checks (races) into conflicts. */
export function mapDatabaseError(err: unknown): unknown {
  if (err instanceof UniqueConstraintViolationException) {
    const field = fieldOfConstraint((err as { constraint?: string }).constraint);
    return new AppError(
      'CONFLICT',
      field ? `${field}: value is already in use` : 'Duplicate value',
      field ? { field } : {},
    );
  }
  if (err instanceof ForeignKeyConstraintViolationException) {
    return new AppError('CONFLICT', 'The record is referenced by other records');
  }
  if (err instanceof OptimisticLockError) {
    return new AppError('CONFLICT', 'The record was changed by someone else; reload and retry');
  }
  return err;
}

/**
 * Wraps every root mutation's resolver so that it runs in one database transaction, with events firing
 * only after the commit. Done once on the built schema (not as a type-graphql global middleware, which
 * would wrap every field of every object on the hot path).
 */
export function runMutationsInTransactions(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    const resolve = field.resolve;
    if (!resolve) continue;
    field.resolve = async (source, args, context: RequestContext, info) => {
      try {
        return await inTransaction(context, async () => resolve(source, args, context, info));
      } catch (err) {
        throw mapDatabaseError(err);
      }
    };
  }
  return schema;
}
