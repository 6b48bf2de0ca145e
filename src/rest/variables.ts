import {
  GraphQLBoolean,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import { AppError } from '../services/core/index.js';
import type { CompiledRoute } from './compile-routes.js';

/**
 * A path or query parameter as a variable value, converted to its argument's type (`true` is the
 * only true boolean, scalars through their serializer, input objects as JSON); GraphQL's own coercion
 * of the variables then judges the result.
 */
function fromText(value: string | string[], type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return fromText(value, type.ofType);
  if (isListType(type)) {
    return (Array.isArray(value) ? value : [value]).map((item) => fromText(item, type.ofType));
  }
  if (isScalarType(type)) {
    if (type === GraphQLBoolean) return value === 'true';
    return type.serialize(value);
  }
  if (isInputObjectType(type)) return JSON.parse(value as string) as unknown;
  if (isEnumType(type)) return value;
  return value;
}

/**
 * The operation's variables: a path parameter, else the JSON body's own value
 * (an explicit `null` clears a field; GraphQL's strict input coercion judges the value, where a lax
 * conversion would drop `null` and turn `true` into 1 for an Int), else a non-empty query parameter.
 */
export function variablesFor(
  route: CompiledRoute,
  params: Record<string, string>,
  query: URLSearchParams,
  body: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const variable of route.variables) {
    const { name } = variable;
    try {
      if (variable.inPath) {
        variables[name] = fromText(decodeURIComponent(params[name]), variable.type);
      } else if (body && Object.prototype.hasOwnProperty.call(body, name)) {
        variables[name] = body[name];
      } else if (query.size) {
        const given = variable.isList ? query.getAll(name) : query.get(name);
        const present = Array.isArray(given)
          ? given.length > 1 || (given.length === 1 && given[0] !== '')
          : given;
        if (present) variables[name] = fromText(given!, variable.type);
      }
    } catch (err) {
      throw new AppError('VALIDATION', (err as Error).message || String(err));
    }
  }
  return variables;
}
