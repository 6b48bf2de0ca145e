import {
  getNamedType,
  getNullableType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  OperationTypeNode,
  typeFromAST,
  validate,
  type DocumentNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { buildOperationNodeForField } from '@graphql-tools/utils';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { accessRegistry, type Access } from '../schema/allow.js';
import { isPageTypeName } from '../schema/page.js';
import { ROUTES, type RestRoute } from './routes/index.js';

/**
 * Start time: each route of the table turned into what a request needs, once. Its GraphQL field, its
 * access rule (cross-checked against the table: the server does not start when they disagree), its
 * operation compiled with graphql-jit, and the plan of its variables.
 */

/** One variable of a route's operation: a root field argument, given in the path, the query or the body. */
export interface RouteVariable {
  name: string;
  type: GraphQLInputType;
  inPath: boolean;
  isList: boolean;
}

export interface CompiledRoute extends RestRoute {
  pattern: RegExp;
  fieldName: string;
  args: ReadonlyArray<GraphQLArgument>;
  rule: Access | undefined;
  /** Accepted query parameter name (snake_case, and the camelCase of old) → GraphQL argument name (GET only). */
  queryArgs: Map<string, string>;
  /** The arguments given in the path (`id`), in order. */
  pathParams: string[];
  /** GraphQL argument name → the name it is documented under (errors name it so unless spelt otherwise). */
  publicName: Map<string, string>;
  paginated: boolean;
  isPublic: boolean;
  /** The route's GraphQL operation, built and validated once at start (the OpenAPI document reads it). */
  document: DocumentNode;
  /** The operation compiled. */
  operation: CompiledQuery;
  variables: RouteVariable[];
  responseStatus: number;
}

/** The compiled route table: the schema, every route in order, and the routes by method for matching. */
export interface RouteTable {
  schema: GraphQLSchema;
  routes: CompiledRoute[];
  byMethod: Map<string, CompiledRoute[]>;
}

/** Compiles the route table (throws, and the server does not start, on any mismatch). */
export function compileRoutes(schema: GraphQLSchema): RouteTable {
  const models = modelTypes(schema);
  const routes = ROUTES.map((route) => compileRoute(schema, models, route));
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const route of routes) byMethod.set(route.method, [...(byMethod.get(route.method) ?? []), route]);
  return { schema, routes, byMethod };
}

function compileRoute(schema: GraphQLSchema, models: string[], route: RestRoute): CompiledRoute {
  const [typeName, fieldName] = route.field.split('.');
  const isQuery = typeName === 'Query';
  const type = isQuery ? schema.getQueryType() : schema.getMutationType();
  const field = type?.getFields()[fieldName];
  if (!field) throw new Error(`REST route ${route.method} ${route.path}: no GraphQL field ${route.field}`);
  const rule = checkedAccess(route, fieldName);
  const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const { publicName, queryArgs } = parameterNames(route, field, pathParams);
  const kind = isQuery ? OperationTypeNode.QUERY : OperationTypeNode.MUTATION;
  const document = operationFor(schema, models, kind, fieldName);
  return {
    ...route,
    fieldName,
    args: field.args,
    rule,
    queryArgs,
    pathParams,
    publicName,
    pattern: new RegExp('^' + route.path.replace(/:(\w+)/g, '(?<$1>[^/]+)') + '$'),
    paginated: isPageTypeName(getNamedType(field.type).name),
    isPublic: rule?.kind === 'public',
    document,
    operation: compiled(schema, document, fieldName),
    variables: variablePlan(schema, document, pathParams),
    responseStatus: route.status ?? 200,
  };
}

/** An access rule as the route table spells it. */
export function describeAccess(access: Access | undefined): string {
  if (!access) return 'undeclared';
  if (access.kind === 'public') return 'public';
  if (access.kind === 'authenticated') return 'signed-in';
  if (access.kind === 'sync') return 'sync-token';
  return access.permissions.join(' or ');
}

/** The field's declared access, refusing to start when the table documents another. */
function checkedAccess(route: RestRoute, fieldName: string): Access | undefined {
  const rule = accessRegistry.get(fieldName);
  const declared = describeAccess(rule);
  if (declared !== route.access)
    throw new Error(
      `REST route ${route.method} ${route.path} is documented as ${route.access}, but ${route.field} is ${declared}`,
    );
  return rule;
}

/** `storeId` → `store_id`: the reference's spelling of query parameters. */
export const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The names a client uses for the field's arguments, and the query parameters the route accepts. A GET
 * takes every argument not in the path as a query parameter, documented in snake_case as the reference
 * spells them (`store_id`, `date_from`, `page_size`), and still under its camelCase argument name
 * (`pageSize`), the spelling of earlier versions. Other methods take no query parameter: their
 * arguments are JSON body fields, in camelCase (a PIN in a URL ends up in logs).
 */
function parameterNames(route: RestRoute, field: GraphQLField<unknown, unknown>, pathParams: string[]) {
  const publicName = new Map(field.args.map((arg) => [arg.name, arg.name]));
  const queryArgs = new Map<string, string>();
  if (route.method === 'GET') {
    for (const arg of field.args.filter((a) => !pathParams.includes(a.name))) {
      publicName.set(arg.name, snakeCase(arg.name));
      queryArgs.set(snakeCase(arg.name), arg.name);
      queryArgs.set(arg.name, arg.name);
    }
  }
  return { publicName, queryArgs };
}

/**
 * The object types REST answers with their id alone where another type holds them: those with both a
 * list query named after them (`taxGroups: [TaxGroup]`, no required argument) and a single one taking
 * only an id (`taxGroup(id)`), so a client reads the rest from the type's own route. Nested lists and
 * records of other types are answered whole.
 */
export function modelTypes(schema: GraphQLSchema): string[] {
  const list = new Set<string>();
  const single = new Set<string>();
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const named = getNamedType(field.type);
    if (!isObjectType(named) || !named.getFields().id) continue;
    const nullable = getNullableType(field.type);
    const lower = (name: string) => name.toLowerCase();
    if (isListType(nullable)) {
      const required = field.args.some((arg) => isNonNullType(arg.type));
      if (lower(field.name) === lower(`${named.name}s`) && !required) list.add(named.name);
    } else if (
      lower(field.name) === lower(named.name) &&
      field.args.length === 1 &&
      field.args[0].name === 'id'
    ) {
      single.add(named.name);
    }
  }
  return [...list].filter((name) => single.has(name));
}

/**
 * The operation of a root field: every argument a variable, every field of its result selected to one
 * level of nesting of a type in itself, model types nested in another reduced to their id.
 */
function operationFor(
  schema: GraphQLSchema,
  models: string[],
  kind: OperationTypeNode,
  fieldName: string,
): DocumentNode {
  const operation = buildOperationNodeForField({
    kind,
    schema,
    field: fieldName,
    models,
    ignore: [],
    circularReferenceDepth: 1,
  });
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation] };
  const errors = validate(schema, document);
  if (errors.length) throw new Error(`REST operation for ${fieldName} is invalid: ${errors[0].message}`);
  return document;
}

/**
 * The operation compiled with graphql-jit into a function that executes it (graphql-js interprets the
 * document on every call, a third of what a barcode look-up costs in CPU besides the query and HTTP).
 */
function compiled(schema: GraphQLSchema, document: DocumentNode, fieldName: string): CompiledQuery {
  const result = compileQuery(schema, document);
  if (!isCompiledQuery(result))
    throw new Error(`REST operation for ${fieldName} does not compile: ${result.errors?.[0]?.message}`);
  return result;
}

/** The operation's variables: their types, and which come from the path. */
function variablePlan(schema: GraphQLSchema, document: DocumentNode, pathParams: string[]): RouteVariable[] {
  const definition = document.definitions[0];
  const definitions = definition.kind === Kind.OPERATION_DEFINITION ? definition.variableDefinitions : [];
  return (definitions ?? []).map((def) => {
    const type = typeFromAST(schema, def.type) as GraphQLInputType;
    const name = def.variable.name.value;
    return { name, type, inPath: pathParams.includes(name), isList: isListType(getNullableType(type)) };
  });
}
