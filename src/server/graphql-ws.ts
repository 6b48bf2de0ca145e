import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import {
  CloseCode,
  type ConnectionInitMessage,
  type Context,
  type ExecutionResult,
  type FormattedExecutionResult,
  type SubscribePayload,
} from 'graphql-ws';
import { type Extra, useServer } from 'graphql-ws/use/ws';
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

/** What every hook of the server reads: its options, made into rules and flags once. */
interface WsServing {
  schema: GraphQLSchema;
  contextFor: ContextFactory;
  runtime: Runtime;
  rules: ValidationRule[];
  hideSuggestions: boolean;
  /** The timer closing each socket when its token expires. */
  expiryTimers: WeakMap<WebSocket, NodeJS.Timeout>;
}

type WsContext = Context<ConnectionInitMessage['payload'], Extra>;

function clientIp(ctx: WsContext): string {
  return ctx.extra.request.socket.remoteAddress ?? '';
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
  const serving: WsServing = {
    schema,
    contextFor,
    runtime,
    rules: [...specifiedRules, ...limitRules(), ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])],
    hideSuggestions: !introspection,
    expiryTimers: new WeakMap(),
  };
  const server = useServer(
    {
      schema,
      onConnect: (ctx) => acceptConnection(serving, ctx),
      onClose: (ctx) => clearTimeout(serving.expiryTimers.get(ctx.extra.socket)),
      onSubscribe: (ctx, _id, payload) => subscription(serving, ctx, payload),
      onNext: (_ctx, _id, _payload, _args, result) => responseSizeLimited(result),
      onError: (ctx, _id, _payload, errors) => subscriptionErrors(serving, ctx, errors),
    },
    wss,
  );
  logClientErrorsQuietly(wss, runtime);
  return server;
}

/** A connection is accepted for a signed-in caller only, and closed when its token expires. */
async function acceptConnection(serving: WsServing, ctx: WsContext): Promise<boolean> {
  const token = wsToken(ctx.connectionParams);
  if (!token) return false;
  const caller = await serving.contextFor({ token, clientIp: clientIp(ctx) });
  if (!caller.user) return false;
  const expiresAt = accessTokenExpiresAt(serving.runtime.jwtSecret, token);
  if (expiresAt !== undefined) {
    const socket = ctx.extra.socket;
    // (At most 2^31 - 1 ms: access tokens live 15 minutes.)
    const timer = setTimeout(
      () => socket.close(CloseCode.Unauthorized, 'Token expired'),
      Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1),
    );
    timer.unref();
    serving.expiryTimers.set(socket, timer);
  }
  return true;
}

/**
 * The subscribe step: the subscription count, parse, operation, validation and cost checks in that
 * order, each refusal with the code Apollo would give it; else what to execute, in a fresh context.
 */
async function subscription(
  serving: WsServing,
  ctx: WsContext,
  payload: SubscribePayload,
): Promise<ExecutionArgs | GraphQLError[]> {
  const { schema, hideSuggestions } = serving;
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
  const invalid = validate(schema, document, serving.rules, { hideSuggestions });
  if (invalid.length > 0) return invalid.map((err) => coded(err, 'GRAPHQL_VALIDATION_FAILED'));
  const tooCostly = costError(operationCost(schema, document, operation, payload.variables ?? undefined));
  if (tooCostly) return [tooCostly];
  return {
    schema,
    document,
    operationName: payload.operationName,
    variableValues: payload.variables,
    contextValue: await serving.contextFor({ token: wsToken(ctx.connectionParams), clientIp: clientIp(ctx) }),
    hideSuggestions,
  };
}

/** An event over the response size limit is sent as that error instead (undefined: sent as it is). */
function responseSizeLimited(result: ExecutionResult): FormattedExecutionResult | undefined {
  if (Buffer.byteLength(JSON.stringify(result)) <= GRAPHQL_LIMITS.maxResponseBytes) return;
  return {
    errors: [
      {
        message: `Response size limit of ${GRAPHQL_LIMITS.maxResponseBytes} bytes exceeded: ask for fewer fields.`,
        extensions: { code: 'RESPONSE_TOO_LARGE' },
      },
    ],
  };
}

/** The errors of an operation as sent (undefined: as graphql-ws formats them). */
function subscriptionErrors(
  serving: WsServing,
  ctx: WsContext,
  errors: readonly GraphQLError[],
): GraphQLFormattedError[] | undefined {
  // The socket's credentials are dead (expired, user deactivated): end the connection, after this
  // error message has gone out (sent once this hook returns).
  if (errors.some((err) => err.extensions?.code === 'UNAUTHENTICATED')) {
    const socket = ctx.extra.socket;
    setImmediate(() => socket.close(CloseCode.Unauthorized, 'Unauthenticated'));
  }
  if (!serving.hideSuggestions) return;
  return errors.map((err): GraphQLFormattedError => ({
    ...err.toJSON(),
    message: withoutSuggestions(err.message),
  }));
}

/**
 * ws reports what a client got wrong at the frame level (a message over maxPayload: 1009) as an
 * 'error' on the socket it is already closing; graphql-ws (whose listener comes first) would print
 * each to the console as an internal error, with a stack: anyone could fill the logs so.
 */
function logClientErrorsQuietly(wss: WebSocketServer, runtime: Runtime): void {
  wss.on('connection', (socket: WebSocket) => {
    socket.removeAllListeners('error');
    socket.on('error', (err: Error & { code?: string }) =>
      runtime.logger.warn(
        { code: err.code, message: err.message },
        'GraphQL WebSocket closed on a client error',
      ),
    );
  });
}

/** The access token in a connection's `connectionParams` (`authorization: Bearer …` or `token`). */
function wsToken(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization ?? params?.token;
  if (typeof value !== 'string') return undefined;
  return bearerToken(value) ?? value;
}
