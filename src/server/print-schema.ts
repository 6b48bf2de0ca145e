/** Writes the printed schema to `schema.graphql` (`npm run schema:print`); a test fails when it is stale. */
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { createEventBus } from '../services/events/index.js';
import { buildAppSchema } from './schema.js';

export async function printAppSchema(): Promise<string> {
  return printSchema(await buildAppSchema(createEventBus())) + '\n';
}

if (require.main === module) {
  printAppSchema().then((sdl) => writeFileSync('schema.graphql', sdl));
}
