import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../resolvers/index.js';
import type { EventBus } from '../services/events.js';
import { authChecker } from './allow.js';
import { runMutationsInTransactions } from './transaction.js';
import { validateArgs } from './validation.js';

/** Builds the one GraphQL schema that Apollo, graphql-ws and SOFA all serve. */
export async function buildAppSchema(events: EventBus): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    validate: false,
    validateFn: validateArgs,
    pubSub: events,
  });
  return runMutationsInTransactions(schema);
}
