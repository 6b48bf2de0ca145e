import type { GraphQLSchema } from 'graphql';
import type { RequestContext } from '../services/core/index.js';
import { inTransaction, mapDatabaseError } from '../services/core/index.js';

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
