import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../services/core/index.js';
import { DEFAULT_PULL_LIMIT } from '../sync/hq/pull.service.js';

/**
 * What one GraphQL operation may ask for, over HTTP (Apollo) and WebSocket (graphql-ws) alike. Without
 * them one anonymous request of 16,000 aliased `__schema` fields (under the 1 MB body limit) ran for a
 * minute and ended HQ with "heap out of memory". Each is well above what the clients' documents need
 * (tests/graphql: the deepest, a page of sales with their lines' taxes, is depth 5 and costs 12,101 at
 * pageSize 100; graphql-js's full introspection query costs 16,424): tests/unit/graphql-limits.test.ts
 * checks them all.
 */
export const GRAPHQL_LIMITS = {
  /** Lexical tokens of a document, counted while parsing: a larger document is never fully parsed. */
  maxTokens: 2000,
  /** Nesting of fields (fragments do not count as a level). */
  maxDepth: 10,
  /** Aliased fields of an operation: the same field asked for many times over. */
  maxAliases: 15,
  /** Directives of an operation. */
  maxDirectives: 10,
  /** Estimated objects an operation produces: lists count their rows (see `estimateObjects`). */
  maxCost: 20_000,
  /** Rows assumed of a list that no `pageSize` or `limit` argument bounds (a sale's lines, the stores). */
  assumedListSize: 10,
  /** Bytes of one JSON result (HTTP response or subscription event). */
  maxResponseBytes: 4 * 1024 * 1024,
  /** Bytes of one WebSocket message: ws buffers and parses each whole, before the caller is known. */
  wsMaxPayloadBytes: 64 * 1024,
  /** Subscriptions one WebSocket may hold at once. */
  wsMaxSubscriptions: 20,
} as const;

/** Codes of the refusals below that are not Apollo's own, so that error formatting keeps them. */
export const LIMIT_ERROR_CODES: ReadonlySet<string> = new Set(['RESPONSE_TOO_LARGE']);

/** The parse options that bound a document's size before any other work is done on it. */
export const limitedParseOptions: ParseOptions = { maxLexicalTokens: GRAPHQL_LIMITS.maxTokens };

/** A refused document, with Apollo's code for validation failures. */
function refused(message: string, code = 'GRAPHQL_VALIDATION_FAILED', httpStatus?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
  });
}

/**
 * graphql-armor's rules report through the validation context (its default, throwing, would turn a
 * refusal into a 500 since graphql-js rethrows what a rule throws).
 */
const report = {
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)],
};

/** Validation rules to run beside graphql-js's standard ones, over HTTP and WebSocket alike. */
export function limitRules(): ValidationRule[] {
  return [
    // `__schema` is skipped here (as graphql-armor does by default): the introspection query is 15 deep
    // by its nesting of `ofType`. Its fields count in the cost, and graphql-js's MaxIntrospectionDepth
    // rule refuses the cycles (`fields { type { fields ...`).
    maxDepthRule({ n: GRAPHQL_LIMITS.maxDepth, flattenFragments: true, ...report }),
    maxAliasesRule({ n: GRAPHQL_LIMITS.maxAliases, ...report }),
    maxDirectivesRule({ n: GRAPHQL_LIMITS.maxDirectives, ...report }),
  ];
}

/** Arguments that bound the rows of a list, and the rows a field gives when the caller names none. */
const SIZE_ARGUMENTS: Record<string, number> = { pageSize: DEFAULT_PAGE_SIZE, limit: DEFAULT_PULL_LIMIT };

/**
 * Types a sized field returns (`ProductPage`, `SyncPullPage`): their lists are the rows that field's
 * size argument already counted.
 */
const sizedTypesBySchema = new WeakMap<GraphQLSchema, ReadonlySet<string>>();
function sizedTypes(schema: GraphQLSchema): ReadonlySet<string> {
  let names = sizedTypesBySchema.get(schema);
  if (!names) {
    const found = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.args.some((arg) => arg.name in SIZE_ARGUMENTS)) found.add(getNamedType(field.type).name);
      }
    }
    names = found;
    sizedTypesBySchema.set(schema, names);
  }
  return names;
}

/**
 * Estimates the objects a field produces: a scalar none, an object one plus its fields', a list its
 * rows times that. Rows are the field's `pageSize`/`limit` (or their defaults), the page's for the
 * lists of a page, else `assumedListSize`. Introspection fields count the same way.
 */
function estimateObjects(schema: GraphQLSchema): ComplexityEstimator {
  const sized = sizedTypes(schema);
  return ({ type, field, args, childComplexity }) => {
    if (!isCompositeType(getNamedType(field.type))) return 0;
    const sizeArg = field.args.find((arg) => arg.name in SIZE_ARGUMENTS);
    const isList = isListType(getNullableType(field.type));
    if (sizeArg) {
      const asked = args[sizeArg.name];
      const rows = typeof asked === 'number' && asked > 0 ? asked : SIZE_ARGUMENTS[sizeArg.name];
      // A page (one object holding the rows), or the rows themselves.
      return isList ? rows * (1 + childComplexity) : 1 + rows * childComplexity;
    }
    if (isList && !sized.has(type.name)) return GRAPHQL_LIMITS.assumedListSize * (1 + childComplexity);
    return 1 + childComplexity;
  };
}

/**
 * The estimated cost of the operation about to run (variables decide page sizes, so this runs once they
 * are known, not as a validation rule). Undefined when the variables do not fit the operation: execution
 * refuses those itself, before running anything.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): number | undefined {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return undefined;
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: operation.name?.value,
      variables: variables ?? {},
      estimators: [estimateObjects(schema)],
    });
  } catch (err) {
    // Fragments spread into each other can expand past graphql-query-complexity's node budget.
    if (err instanceof GraphQLError) return Infinity;
    throw err;
  }
}

/** The refusal of an operation over the cost budget, if it is. */
export function costError(cost: number | undefined): GraphQLError | undefined {
  if (cost === undefined || cost <= GRAPHQL_LIMITS.maxCost) return undefined;
  const found = Number.isFinite(cost) ? `, found ${cost}` : '';
  return refused(
    `Query cost limit of ${GRAPHQL_LIMITS.maxCost} exceeded${found}: ask for fewer rows (pageSize) or fewer nested lists.`,
  );
}

/**
 * Serialises an HTTP result (Apollo's `stringifyResult`), refusing one over `maxResponseBytes`: the client
 * must ask for less. Apollo answers what this throws as an error response with its status, 400.
 */
export function stringifyLimited(value: unknown): string {
  const json = JSON.stringify(value);
  if (Buffer.byteLength(json) > GRAPHQL_LIMITS.maxResponseBytes) {
    throw refused(
      `Response size limit of ${GRAPHQL_LIMITS.maxResponseBytes} bytes exceeded: ask for fewer rows or fields.`,
      'RESPONSE_TOO_LARGE',
      400,
    );
  }
  return json;
}

/**
 * A message without graphql-js's "Did you mean ...?" hints, which spell out the schema's field, type and
 * enum names to whoever guesses near them (when introspection is off, they must not leak it).
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}

/**
 * Apollo's share of the limits: the token limit at parse time, the validation rules, the size cap on
 * results, no automatic persisted queries (a cache any caller could fill), and introspection and
 * suggestions as configured.
 */
export function apolloLimits(opts: { introspection: boolean }) {
  return {
    introspection: opts.introspection,
    persistedQueries: false,
    parseOptions: limitedParseOptions,
    validationRules: limitRules(),
    validationOptions: { hideSuggestions: !opts.introspection },
    stringifyResult: stringifyLimited,
  } as const satisfies Partial<ApolloServerOptions<BaseContext>>;
}

/** Refuses, before it runs, an operation over the cost budget (its variables known by then). */
export function apolloCostLimit(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const error = costError(operationCost(schema, document, operation, request.variables));
          if (error)
            throw new GraphQLError(error.message, {
              extensions: { ...error.extensions, http: { status: 400 } },
            });
        },
      };
    },
  };
}
