import {
  getNamedType,
  getNullableType,
  isListType,
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
import { createSofa } from 'sofa-api';
import { accessRegistry, type Access } from '../schema/allow.js';
import { isPageTypeName } from '../schema/page.js';
import { REST_BASE, ROUTES, type RestRoute } from './routes/index.js';

/**
 * Start time: each route of the table turned into what a request needs, once. Its GraphQL field, its
 * access rule (cross-checked against the table: the server does not start when they disagree), its
 * operation compiled with graphql-jit, and the plan of its variables.
 */

export type Sofa = ReturnType<typeof createSofa>;

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
  /** Accepted query parameter name → GraphQL argument name. */
  queryArgs: Map<string, string>;
  /** GraphQL argument name → the name the client uses (for error messages). */
  publicName: Map<string, string>;
  paginated: boolean;
  isPublic: boolean;
  /** The GraphQL operation SOFA generates for this field, built, validated and compiled once at start. */
  operation: CompiledQuery;
  variables: RouteVariable[];
  responseStatus: number;
}

/** The compiled route table: every route in order, and by method for matching. */
export interface RouteTable {
  sofa: Sofa;
  routes: CompiledRoute[];
  byMethod: Map<string, CompiledRoute[]>;
}

/**
 * SOFA over the schema, given the route table: its operation generator builds each route's document,
 * and its router serves the OpenAPI document.
 */
export function createRouteSofa(schema: GraphQLSchema): Sofa {
  const sofaRoutes = Object.fromEntries(
    ROUTES.map((r) => [r.field, { method: r.method, path: r.path, responseStatus: r.status ?? 200 }]),
  );
  return createSofa({
    basePath: REST_BASE,
    schema,
    routes: sofaRoutes,
    openAPI: { info: { title: 'POS platform REST API', version: '1.0.0' } },
  });
}

/** Compiles the route table (throws, and the server does not start, on any mismatch). */
export function compileRoutes(schema: GraphQLSchema): RouteTable {
  const sofa = createRouteSofa(schema);
  const routes = ROUTES.map((route) => compileRoute(sofa, route));
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const route of routes) byMethod.set(route.method, [...(byMethod.get(route.method) ?? []), route]);
  return { sofa, routes, byMethod };
}

function compileRoute(sofa: Sofa, route: RestRoute): CompiledRoute {
  const [typeName, fieldName] = route.field.split('.');
  const isQuery = typeName === 'Query';
  const type = isQuery ? sofa.schema.getQueryType() : sofa.schema.getMutationType();
  const field = type?.getFields()[fieldName];
  if (!field) throw new Error(`REST route ${route.method} ${route.path}: no GraphQL field ${route.field}`);
  const rule = checkedAccess(route, fieldName);
  const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const { publicName, queryArgs } = parameterNames(route, field, pathParams);
  const document = operationFor(
    sofa,
    isQuery ? OperationTypeNode.QUERY : OperationTypeNode.MUTATION,
    fieldName,
  );
  return {
    ...route,
    fieldName,
    args: field.args,
    rule,
    queryArgs,
    publicName,
    pattern: new RegExp('^' + route.path.replace(/:(\w+)/g, '(?<$1>[^/]+)') + '$'),
    paginated: isPageTypeName(getNamedType(field.type).name),
    isPublic: rule?.kind === 'public',
    operation: compiled(sofa.schema, document, fieldName),
    variables: variablePlan(sofa.schema, document, pathParams),
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

/**
 * The names a client uses for the field's arguments (a documented query name, `store_id`, else the
 * argument's own), and the query parameters the route accepts: every argument not in the path.
 */
function parameterNames(route: RestRoute, field: GraphQLField<unknown, unknown>, pathParams: string[]) {
  const publicName = new Map(field.args.map((arg) => [arg.name, arg.name]));
  for (const [name, arg] of Object.entries(route.query ?? {})) {
    if (!publicName.has(arg)) throw new Error(`REST route ${route.method} ${route.path}: no argument ${arg}`);
    publicName.set(arg, name);
  }
  const queryArgs = new Map(
    field.args
      .filter((arg) => !pathParams.includes(arg.name))
      .map((arg) => [publicName.get(arg.name)!, arg.name]),
  );
  return { publicName, queryArgs };
}

/**
 * SOFA's operation for a root field (every argument a variable, the selection SOFA's models and depth
 * limit give), so that a route answers exactly what SOFA would: the same generator, the same settings.
 */
function operationFor(sofa: Sofa, kind: OperationTypeNode, fieldName: string): DocumentNode {
  const operation = buildOperationNodeForField({
    kind,
    schema: sofa.schema,
    field: fieldName,
    models: sofa.models,
    ignore: sofa.ignore,
    circularReferenceDepth: sofa.depthLimit,
  });
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation] };
  const errors = validate(sofa.schema, document);
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
