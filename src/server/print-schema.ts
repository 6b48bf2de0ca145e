/**
 * Writes the contract clients generate from (`npm run schema:print`): the printed GraphQL schema to
 * `schema.graphql` and the REST API's OpenAPI document to `openapi.json`. A test fails when either is
 * stale.
 */
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { compileRoutes } from '../rest/compile-routes.js';
import { buildOpenApi } from '../rest/openapi.js';
import { createEventBus } from '../services/events/index.js';
import { buildAppSchema } from './schema.js';

export async function printAppSchema(): Promise<string> {
  return printSchema(await buildAppSchema(createEventBus())) + '\n';
}

/** The OpenAPI document as the server serves it, indented for review. */
export async function printOpenApi(): Promise<string> {
  const schema = await buildAppSchema(createEventBus());
  return JSON.stringify(buildOpenApi(compileRoutes(schema)), null, 2) + '\n';
}

if (require.main === module) {
  void (async () => {
    writeFileSync('schema.graphql', await printAppSchema());
    writeFileSync('openapi.json', await printOpenApi());
  })();
}
