/**
 * `npm run codegen` (its first half): typed GraphQL documents for the tests and any TypeScript client,
 * from the printed schema (`schema.graphql`) and the operations in `tests/graphql/*.graphql`, written to
 * `tests/generated/graphql.ts`. It runs graphql-codegen's core with its plugins, without the CLI, whose
 * loaders (URLs, GitHub, Apollo's registry) this project never uses and which need a later Node.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { codegen } from '@graphql-codegen/core';
import * as typedDocumentNode from '@graphql-codegen/typed-document-node';
import * as typescriptOperations from '@graphql-codegen/typescript-operations';
import { buildSchema, parse } from 'graphql';

const ROOT = resolve(__dirname, '../..');
const DOCUMENTS = join(ROOT, 'tests/graphql');
const OUTPUT = join(ROOT, 'tests/generated/graphql.ts');

/** How the schema's scalars read in TypeScript. */
const SCALARS = {
  UUID: 'string',
  SafeInt: 'number',
  DateTimeISO: 'string',
  EmailAddress: 'string',
  TimeZone: 'string',
  LocalDate: 'string',
};

async function main(): Promise<void> {
  const sdl = readFileSync(join(ROOT, 'schema.graphql'), 'utf8');
  const documents = readdirSync(DOCUMENTS)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => ({
      location: join('tests/graphql', file),
      document: parse(readFileSync(join(DOCUMENTS, file), 'utf8')),
    }));
  const output = await codegen({
    filename: OUTPUT,
    schema: parse(sdl),
    schemaAst: buildSchema(sdl),
    documents,
    config: { useTypeImports: true, enumsAsTypes: true, avoidOptionals: false, scalars: SCALARS },
    plugins: [{ 'typescript-operations': {} }, { 'typed-document-node': {} }],
    pluginMap: { 'typescript-operations': typescriptOperations, 'typed-document-node': typedDocumentNode },
  });
  writeFileSync(OUTPUT, output);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
