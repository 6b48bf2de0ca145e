import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { accessTokenExpiresAt } from '../services/auth/index.js';
import type { Runtime } from '../services/core/index.js';
import { bearerToken, type ContextFactory } from './context.js';
import {
  costError,
  GRAPHQL_LIMITS,
  limitedParseOptions,
  limitRules,
  operationCost,
  withoutSuggestions,
} from './graphql-limits.js';

export interface GraphqlWsOptions {
  schema: GraphQLSchema;
  contextFor: ContextFactory;
  runtime: Runtime;
  /** Introspection (and "Did you mean" hints) on: see `GRAPHQL_INTROSPECTION`. */
  introspection: boolean;
}

/** An error of the subscribe step, with the code Apollo would give it over HTTP. */
function coded(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}

/**
 * graphql-ws on a ws server, for dashboards' subscriptions (queries and mutations go over HTTP, where
 * the transaction, CSRF and logging rules are). Every operation is held to the limits Apollo applies
 * (`graphql-limits.ts`): parsed with the token limit, validated with the same rules, costed. A socket
 * holds at most `wsMaxSubscriptions`; it closes with 4401 when its token expires or its caller is no
 * longer signed in (each event re-checks the caller, see `whileAllowed` in `schema/allow.ts`).
 */
export function serveGraphqlWs(wss: WebSocketServer, options: GraphqlWsOptions) {
  const { schema, contextFor, runtime, introspection } = options;
  const rules = [
    ...specifiedRules,
    ...limitRules(),
    ...(introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
  const hideSuggestions = !introspection;
  const expiryTimers = new WeakMap<WebSocket, NodeJS.Timeout>();
  const clientIp = (socket: { extra: { request: { socket: { remoteAddress?: string } } } }) =>
    socket.extra.request.socket.remoteAddress ?? '';

  const server = useServer(
    {
      schema,
      onConnect: async (ctx) => {
        const token = wsToken(ctx.connectionParams);
        if (!token) return false;
        const caller = await contextFor({ token, clientIp: clientIp(ctx) });
        if (!caller.user) return false;
        const expiresAt = accessTokenExpiresAt(runtime.jwtSecret, token);
        if (expiresAt !== undefined) {
          const socket = ctx.extra.socket;
          // (At most 2^31 - 1 ms: access tokens live 15 minutes.)
          const timer = setTimeout(
            () => socket.close(CloseCode.Unauthorized, 'Token expired'),
            Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1),
          );
          timer.unref();
          expiryTimers.set(socket, timer);
        }
        return true;
      },
      onClose: (ctx) => clearTimeout(expiryTimers.get(ctx.extra.socket)),
      onSubscribe: async (ctx, _id, payload) => {
        // The one being subscribed is already counted.
        if (Object.keys(ctx.subscriptions).length > GRAPHQL_LIMITS.wsMaxSubscriptions) {
          return [
            new GraphQLError(
              `Subscription limit of ${GRAPHQL_LIMITS.wsMaxSubscriptions} per connection exceeded: ` +
                'complete one first, or open another connection.',
              { extensions: { code: 'BAD_REQUEST' } },
            ),
          ];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, limitedParseOptions);
        } catch (err) {
          if (err instanceof GraphQLError) return [coded(err, 'GRAPHQL_PARSE_FAILED')];
          throw err;
        }
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) {
          return [
            new GraphQLError('Unable to identify the operation to run', {
              extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
            }),
          ];
        }
        if (operation.operation !== 'subscription') {
          return [
            new GraphQLError(
              `Only subscriptions are served over WebSocket: send a ${operation.operation} to POST /graphql`,
              { extensions: { code: 'BAD_REQUEST' } },
            ),
          ];
        }
        const invalid = validate(schema, document, rules, { hideSuggestions });
        if (invalid.length > 0) return invalid.map((err) => coded(err, 'GRAPHQL_VALIDATION_FAILED'));
        const tooCostly = costError(
          operationCost(schema, document, operation, payload.variables ?? undefined),
        );
        if (tooCostly) return [tooCostly];
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await contextFor({ token: wsToken(ctx.connectionParams), clientIp: clientIp(ctx) }),
          hideSuggestions,
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (Buffer.byteLength(JSON.stringify(result)) <= GRAPHQL_LIMITS.maxResponseBytes) return;
        return {
          errors: [
            {
              message: `Response size limit of ${GRAPHQL_LIMITS.maxResponseBytes} bytes exceeded: ask for fewer fields.`,
              extensions: { code: 'RESPONSE_TOO_LARGE' },
            },
          ],
        };
      },
      onError: (ctx, _id, _payload, errors) => {
        // The socket's credentials are dead (expired, user deactivated): end the connection, after this
        // error message has gone out (sent once this hook returns).
        if (errors.some((err) => err.extensions?.code === 'UNAUTHENTICATED')) {
          const socket = ctx.extra.socket;
          setImmediate(() => socket.close(CloseCode.Unauthorized, 'Unauthenticated'));
        }
        if (!hideSuggestions) return;
        return errors.map((err): GraphQLFormattedError => ({
          ...err.toJSON(),
          message: withoutSuggestions(err.message),
        }));
      },
    },
    wss,
  );
  // ws reports what a client got wrong at the frame level (a message over maxPayload: 1009) as an
  // 'error' on the socket it is already closing; graphql-ws (whose listener comes first) would print
  // each to the console as an internal error, with a stack: anyone could fill the logs so.
  wss.on('connection', (socket: WebSocket) => {
    socket.removeAllListeners('error');
    socket.on('error', (err: Error & { code?: string }) =>
      runtime.logger.warn(
        { code: err.code, message: err.message },
        'GraphQL WebSocket closed on a client error',
      ),
    );
  });
  return server;
}

/** The access token in a connection's `connectionParams` (`authorization: Bearer …` or `token`). */
function wsToken(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization ?? params?.token;
  if (typeof value !== 'string') return undefined;
  return bearerToken(value) ?? value;
}
