import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../resolvers/index.js';
import type { EventBus } from '../services/events/index.js';
import { enforceAccess } from '../schema/allow.js';
import { runMutationsInTransactions } from '../schema/transaction.js';
import { validateArgs } from '../schema/validation.js';
import { hideFieldsWithoutPermission } from '../schema/visibility.js';

/** Builds the one GraphQL schema that Apollo, graphql-ws and the REST API all serve. */
export async function buildAppSchema(events: EventBus): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    validate: false,
    validateFn: validateArgs,
    pubSub: events,
  });
  // The access check runs first, outside the transaction: a refused call opens none.
  return enforceAccess(runMutationsInTransactions(hideFieldsWithoutPermission(schema)));
}
