import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context, ServerContext } from './context.js';
import { containsSecret } from './domain/audit.js';
import { DomainError } from './domain/errors.js';
import type { Logger } from './logger.js';
import type { RequestOutcome } from './observability/metrics.js';
import { type RequestSummary, shownOperationName, summaryOf } from './observability/request-summary.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const requests = new WeakMap<Request, { id: string }>();

/**
 * Gives each request an id (the caller's `x-request-id` when it is well formed), echoes it in the
 * response so a client can quote it, and writes one structured log line per request with it (see
 * RequestLine), plus one per unexpected error, so an operator can find what happened. Nothing logged
 * carries a credential: headers, variables and bodies are never logged. `addressOf` finds the client
 * address of a request refused before its context was made (context.ts: clientAddressOf).
 */
export function useRequestLogging(
  logger: Logger,
  addressOf: (request: Request, server: ServerContext) => string | null,
): Plugin<Context> {
  return {
    onRequest: ({ request }) => {
      requests.set(request, { id: requestIdFrom(request.headers) });
    },
    onExecute: () => ({
      onExecuteDone: ({ args, result }) => {
        if (!('errors' in result) || !result.errors) return;
        for (const error of result.errors) {
          const original = error.originalError;
          if (!original || original instanceof GraphQLError || original instanceof DomainError) continue;
          logger.error(
            { requestId: args.contextValue.requestId, path: error.path, err: original },
            'unexpected error',
          );
        }
      },
    }),
    onResponse: ({ request, response, serverContext }) => {
      const entry = requests.get(request);
      if (entry) response.headers.set('x-request-id', entry.id);
      const summary = summaryOf(request);
      if (!summary || !logger.isLevelEnabled('info')) return;
      writeRequestLine(logger, {
        requestId: entry?.id,
        method: request.method,
        path: summary.path,
        status: response.status,
        ...answeredFields(summary),
        ip: summary.context ? summary.context.ip : addressOf(request, serverContext as ServerContext),
      });
    },
  };
}

/** What a request's line says from its summary, whichever way the request came: what, by whom, how long. */
export function answeredFields(summary: RequestSummary) {
  const viewer = summary.context?.viewer;
  return {
    durationMs: Math.round((performance.now() - summary.startedAt) * 10) / 10,
    operationName: shownOperationName(summary.operationName),
    operationType: summary.operationType ?? undefined,
    organizationId: viewer?.organizationId,
    actorType: viewer?.kind,
    actorId: viewer?.actorId,
    credentialKind: viewer?.credential.kind,
    credentialId: viewer?.credential.id,
    errorCodes: summary.errorCodes.length > 0 ? summary.errorCodes : undefined,
  } satisfies Partial<RequestLine>;
}

/**
 * One request, as its log line says it: what was asked (an operation's name, or a path), by whom (actor
 * and credential ids, never a secret) and from where, and how it ended. Absent fields are left out.
 */
export interface RequestLine {
  requestId: string | undefined;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** A plain-HTTP endpoint's name (`oauth.token`); GraphQL requests name their operation instead. */
  route?: string;
  operationName?: string;
  operationType?: string;
  organizationId?: string;
  actorType?: string;
  actorId?: string | null;
  credentialKind?: string;
  credentialId?: string;
  ip: string | null;
  errorCodes?: string[];
}

/**
 * One operation on a graphql-ws connection (websocket-operations.ts), as its line says it: a request
 * line's fields, but for an outcome in place of the method and status a socket's messages do not have.
 */
export type WebSocketOperationLine = Omit<RequestLine, 'method' | 'status' | 'route'> & {
  transport: 'ws';
  /** As the metrics' outcome label: success, client_error or server_error. */
  outcome: RequestOutcome;
};

/** Probes and scrapes, which come every few seconds: logged only when they fail, and never traced. */
export function isProbePath(path: string): boolean {
  return path === '/health' || path === '/ready' || path === '/metrics';
}

/** Writes a request's line (every door calls it): every request, but probes and scrapes that succeed. */
export function writeRequestLine(logger: Logger, line: RequestLine | WebSocketOperationLine): void {
  if ('status' in line && isProbePath(line.path) && line.status >= 200 && line.status < 300) return;
  if (logger.isLevelEnabled('info')) logger.info(line, 'request');
}

/**
 * The caller's `x-request-id` when it is well formed and holds no secret (it is logged, echoed and kept in
 * audit events), otherwise a fresh one.
 */
export function requestIdFrom(headers: Headers): string {
  return requestIdOfHeader(headers.get('x-request-id'));
}

/** The same, from the header's value (null or undefined when the request has none). */
export function requestIdOfHeader(incoming: string | null | undefined): string {
  return incoming && REQUEST_ID.test(incoming) && !containsSecret(incoming) ? incoming : randomUUID();
}

export function requestIdOf(request: Request): string {
  return requests.get(request)?.id ?? randomUUID();
}
