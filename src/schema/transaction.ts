import type { GraphQLSchema } from 'graphql';
import type { RequestContext } from '../services/core/index.js';
import { inTransaction, mapDatabaseError } from '../services/core/index.js';
import { servedAtStore } from './allow.js';

/**
 * Names the acting user for the change-log triggers, for the rest of the transaction: each change of
 * master data records who made it (`sync_change.actor_id`).
 */
const SET_ACTOR = `select set_config('pos.actor_id', ?, true)`;

/**
 * Wraps every root mutation's resolver so that it runs in one database transaction, with events firing
 * only after the commit. Done once on the built schema (not as a type-graphql global middleware, which
 * would wrap every field of every object on the hot path). A mutation a store server does not serve
 * (master data, HQ's own) first names its signed-in user to the change log: one statement; the store's
 * own transactions (`servedBy: 'store'`: sales, registers, adjustments, sign-in) issue none.
 */
export function runMutationsInTransactions(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    const resolve = field.resolve;
    if (!resolve) continue;
    const namesActor = !servedAtStore('mutation', field.name);
    field.resolve = async (source, args, context: RequestContext, info) => {
      try {
        return await inTransaction(context, async () => {
          if (namesActor && context.user) await context.em.execute(SET_ACTOR, [context.user.id]);
          return resolve(source, args, context, info);
        });
      } catch (err) {
        throw mapDatabaseError(err);
      }
    };
  }
  return schema;
}
