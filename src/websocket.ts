import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
  getOperationAST,
} from 'graphql';
import { CloseCode, type Context as ConnectionContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createGraphQLError, isAsyncIterable } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { keygateMaskError, type YogaApp } from './app.js';
import { CallerRefused, cleanUserAgent, identifyCaller, type RequestFacts } from './caller.js';
import type { ServerContext } from './context.js';
import {
  type ObservedOperation,
  observeRefusedConnection,
  observeWebSocketOperation,
} from './observability/websocket-operations.js';
import { readPersistedOperations } from './protection.js';
import { requestIdOfHeader } from './request-logging.js';
import type { Services } from './services.js';

/*
 * GraphQL over WebSocket (the graphql-ws protocol, `graphql-transport-ws`), beside Server-Sent Events on
 * the same port and path, /graphql: Apollo Client's and urql's usual transport for subscriptions. Yoga's
 * recipe: each operation runs through Yoga's envelop (parse, validate, context, execute), so it meets the
 * same limits, masking, permission checks and audit as over HTTP.
 *
 * The credential comes in `connectionParams` ({ authorization: 'Bearer …', organization?: '…' }), read by
 * caller.ts like the Authorization and X-Keygate-Organization headers: the connection is checked as it
 * opens (a missing or bad credential closes it with 4401, an organization it may not act in with 4403,
 * too many failures with 4429), and each operation on it is a request of its own, authenticated again and
 * counted as a use. Only `connectionParams` authenticate, never a cookie, so a page of another site that
 * opens a socket gets nowhere without a token of its own.
 *
 * Each operation is observed as an HTTP request is (observability/websocket-operations.ts): a request log
 * line, the request metrics and a span, under transport `ws`; a refused connection is logged and its
 * credential counted among the authentications, as a refused HTTP request's is.
 */

export interface GraphQLWebSocket {
  /** Takes an HTTP upgrade request: graphql-ws on /graphql, refused anywhere else or while closing. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every connection (1001, going away), and ends those that do not close within a second. */
  close(): Promise<void>;
}

/** What a connection says about itself: its upgrade request, and its credential in connectionParams. */
type Connection = ConnectionContext<Record<string, unknown> | undefined, { request: IncomingMessage }>;

const CLOSE_GRACE_MS = 1_000;

export function createGraphQLWebSocket(yoga: YogaApp, services: Services): GraphQLWebSocket {
  const { config } = services;
  // A message is an operation: no larger than a request body may be.
  const server = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxBodyBytes });
  // With a manifest (KEYGATE_PERSISTED_OPERATIONS) only its operations run here too: graphql-ws sends
  // the document itself, so it must be one of the manifest's documents.
  const persisted = config.persistedOperationsFile
    ? new Set(readPersistedOperations(config.persistedOperationsFile).values())
    : null;
  const maskError = keygateMaskError(services);

  const factsOf = (connection: Connection): RequestFacts => {
    const params = connection.connectionParams ?? {};
    const text = (value: unknown) => (typeof value === 'string' ? value : null);
    const { request } = connection.extra;
    return {
      authorization: text(params.authorization) ?? text(params.Authorization),
      organizationHeader: text(params.organization),
      ip: services.clientAddress(request.socket.remoteAddress, headerOf(request, 'x-forwarded-for')),
      userAgent: cleanUserAgent(headerOf(request, 'user-agent')),
      // Each operation is a request of its own, with an id of its own (its audit events carry it).
      requestId: requestIdOfHeader(null),
      transport: 'ws',
    };
  };

  const disposable = useServer<Record<string, unknown> | undefined, { request: IncomingMessage }>(
    {
      isProd: config.production,
      execute: (args) => answer(args, (roots) => roots.execute(args)),
      subscribe: (args) => answer(args, (roots) => roots.subscribe(args)),
      onConnect: async (connection) => {
        const startedAt = performance.now();
        const facts = factsOf(connection);
        const refusal = await refusalOf(() => identifyCaller(services, facts, { countUse: false }));
        if (!refusal) return true;
        observeRefusedConnection(services, facts, {
          path: yoga.graphqlEndpoint,
          closeCode: refusal.code,
          startedAt,
          // identifyCaller counts each credential it checks; without one, an HTTP request is anonymous,
          // but a connection is refused, and counted here.
          withoutCredential: refusal.withoutCredential,
        });
        connection.extra.socket.close(refusal.code, refusal.reason);
        return false;
      },
      onSubscribe: async (connection, _id, payload) => {
        const facts = factsOf(connection);
        const observed = observeWebSocketOperation(services, facts, yoga.graphqlEndpoint);
        const refused = (errors: readonly GraphQLError[]) => {
          observed.answered(errors);
          return [...errors];
        };
        return observed.run(async () => {
          const enveloped = yoga.getEnveloped({
            websocket: facts,
            req: connection.extra.request,
            params: payload,
          } as ServerContext & Record<string, unknown>);
          if (persisted && !persisted.has(payload.query)) {
            return refused([
              createGraphQLError('PersistedQueryOnly', {
                extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' },
              }),
            ]);
          }
          let document: ExecutionArgs['document'];
          try {
            document = enveloped.parse(payload.query);
          } catch (error) {
            // Coded as Yoga codes it over HTTP, where its request plugins do it.
            if (error instanceof GraphQLError) {
              (error.extensions as Record<string, unknown>).code ??= 'GRAPHQL_PARSE_FAILED';
            }
            return refused([error as GraphQLError]);
          }
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length > 0) return refused(errors);
          // graphql-ws would refuse it after this hook, out of the operation's sight.
          if (!getOperationAST(document, payload.operationName)) {
            return refused([
              createGraphQLError('Unable to identify operation', { extensions: { code: 'BAD_USER_INPUT' } }),
            ]);
          }
          let contextValue: unknown;
          try {
            contextValue = await enveloped.contextFactory();
          } catch (error) {
            // Refused as an HTTP request would be; a credential that stopped working since the connection
            // opened ends the connection.
            const refusal = maskError(error, 'Unexpected error.', !config.production) as GraphQLError;
            const code = refusal.extensions?.code;
            if (code === 'UNAUTHENTICATED')
              connection.extra.socket.close(CloseCode.Unauthorized, 'Unauthorized');
            if (code === 'FORBIDDEN') connection.extra.socket.close(CloseCode.Forbidden, 'Forbidden');
            return refused([refusal]);
          }
          const rootValue: Roots = { execute: enveloped.execute, subscribe: enveloped.subscribe, observed };
          return {
            schema: enveloped.schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            contextValue,
            rootValue,
          };
        });
      },
      // What Yoga keeps to itself over HTTP (the status and headers an error asks for) stays here too.
      onNext: (_connection, _id, _payload, _args, result) => ({
        ...result,
        ...(result.errors && { errors: result.errors.map(withoutInternals) }),
      }),
      onError: (_connection, _id, _payload, errors) => errors.map(withoutInternals),
    },
    server,
  );

  let closing = false;
  return {
    upgrade(request, socket, head) {
      const path = new URL(request.url ?? '/', 'http://keygate').pathname;
      if (closing || path !== yoga.graphqlEndpoint) {
        socket.end(
          `HTTP/1.1 ${closing ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\n\r\n`,
        );
        return;
      }
      server.handleUpgrade(request, socket, head, (client) => server.emit('connection', client, request));
    },
    async close() {
      closing = true;
      const timer = setTimeout(() => {
        for (const client of server.clients) client.terminate();
      }, CLOSE_GRACE_MS);
      try {
        await disposable.dispose();
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

type Enveloped = ReturnType<YogaApp['getEnveloped']>;

/** What onSubscribe hands on to execute or subscribe, as the operation's root value. */
interface Roots extends Pick<Enveloped, 'execute' | 'subscribe'> {
  observed: ObservedOperation;
}

type OperationResult = ExecutionResult | AsyncIterable<ExecutionResult>;

/**
 * Runs an operation under its span, and notes it answered once graphql-ws has its result: for a stream,
 * once it has started, as over HTTP.
 */
function answer(
  args: ExecutionArgs,
  run: (roots: Roots) => OperationResult | Promise<OperationResult>,
): Promise<OperationResult> {
  const roots = args.rootValue as Roots;
  return roots.observed.run(async () => {
    const result = await run(roots);
    roots.observed.answered(isAsyncIterable(result) ? undefined : result.errors);
    return result;
  });
}

/** A header of the upgrade request, repeated ones joined as Node joins them. */
function headerOf(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

/** How a refused connection closes, per graphql-ws's close codes (HTTP's statuses, plus 4000). */
async function refusalOf(
  check: () => Promise<unknown>,
): Promise<{ code: number; reason: string; withoutCredential?: boolean } | null> {
  try {
    const principal = await check();
    return principal
      ? null
      : {
          code: CloseCode.Unauthorized,
          reason: 'Unauthorized: send connectionParams.authorization',
          withoutCredential: true,
        };
  } catch (error) {
    if (!(error instanceof CallerRefused)) throw error;
    switch (error.refusal.kind) {
      case 'UNAUTHENTICATED':
        return { code: CloseCode.Unauthorized, reason: 'Unauthorized: invalid or expired credential' };
      case 'ORGANIZATION_NOT_ALLOWED':
        return { code: CloseCode.Forbidden, reason: 'Forbidden: not in that organization' };
      case 'RATE_LIMITED':
        return {
          code: TOO_MANY_REQUESTS,
          reason: `Too many requests: retry after ${error.refusal.retryAfterSeconds} s`,
        };
    }
  }
}

/** graphql-ws's code for a second connection_init, which, like HTTP's 429, says: not now. */
const TOO_MANY_REQUESTS = CloseCode.TooManyInitialisationRequests;

/** An error as a client sees it: without the `http` extension, which only HTTP answers use. */
function withoutInternals(error: GraphQLError): GraphQLFormattedError {
  const formatted = error.toJSON();
  if (!formatted.extensions || !('http' in formatted.extensions)) return formatted;
  const { http: _http, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
