import { type GraphQLFormattedError, getOperationAST, type OperationTypeNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context, ServerContext } from '../context.js';
import { containsSecret } from '../domain/audit.js';
import type { Transport } from './metrics.js';

/**
 * What Keygate learns about a request while serving it, gathered once for the request log, the metrics and
 * the request span to read when it is answered. Nothing here is a secret: no header, variable or document.
 * A request is an HTTP request, or one operation on a graphql-ws connection (websocket-operations.ts):
 * Yoga's envelop hooks (parse, context) fill in both; only how the answer is noted differs.
 */
export interface RequestSummary {
  /** performance.now() when the request arrived, before any other plugin saw it. */
  startedAt: number;
  transport: Transport;
  /** The URL's path, without its query string (which may hold a whole operation and its variables). */
  path: string;
  /** The operation's own name (null: anonymous, or the document did not parse). */
  operationName: string | null;
  operationType: OperationTypeNode | null;
  /** More than one operation in one request (batching, when it is on). */
  batch: boolean;
  /** The request's context, once created (see context.ts): who is asking and from where. */
  context: Pick<Context, 'viewer' | 'ip'> | null;
  /** extensions.code of each error in the response, in order (INTERNAL_SERVER_ERROR when it has none). */
  errorCodes: string[];
}

/**
 * Summaries by what identifies a request: its Fetch Request over HTTP; over WebSocket, the facts its
 * operation was given (`ServerContext.websocket`, one object per operation), since it has no Request.
 */
const summaries = new WeakMap<object, RequestSummary>();

/** An operation's name as a log line or a span shows it: cut short, and never a secret (`[redacted]`). */
export function shownOperationName(name: string | null): string | undefined {
  if (!name) return undefined;
  return containsSecret(name) ? '[redacted]' : name.slice(0, 100);
}

export function summaryOf(key: object): RequestSummary | undefined {
  return summaries.get(key);
}

/** A new request's summary, under `key` (see `summaries`). */
export function startSummary(key: object, path: string, transport: Transport): RequestSummary {
  const summary: RequestSummary = {
    startedAt: performance.now(),
    transport,
    path,
    operationName: null,
    operationType: null,
    batch: false,
    context: null,
    errorCodes: [],
  };
  summaries.set(key, summary);
  return summary;
}

/** Called by createContext as soon as the context exists: a refused caller's address is known too. */
export function noteRequestContext(key: object, context: Pick<Context, 'viewer' | 'ip'>): void {
  const summary = summaries.get(key);
  if (summary) summary.context = context;
}

/** The code of each error, as the summary keeps them (INTERNAL_SERVER_ERROR for one without a code). */
export function errorCodesOf(errors: readonly Pick<GraphQLFormattedError, 'extensions'>[]): string[] {
  return errors.map((error) => {
    const code = error.extensions?.code;
    return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
  });
}

/** Gathers each request's summary; first among Keygate's plugins, so that every other one may read it. */
export function useRequestSummary(): Plugin<Context> {
  return {
    // Around the whole request, /health and refusals made before parsing included.
    instrumentation: {
      request: ({ request }, wrapped) => {
        startSummary(request, new URL(request.url).pathname, 'http');
        return wrapped();
      },
    },
    onParse:
      ({ context }) =>
      ({ result }) => {
        // graphql-ws operations have no `request`: their summary is under their facts.
        const key = context.request ?? (context as Partial<ServerContext>).websocket;
        const summary = key && summaries.get(key);
        if (!summary || result instanceof Error) return;
        const operation = getOperationAST(result, context.params?.operationName);
        if (summary.operationType) summary.batch = true;
        summary.operationName ??= operation?.name?.value ?? null;
        summary.operationType ??= operation?.operation ?? null;
      },
    onResultProcess: ({ request, result }) => {
      const summary = summaries.get(request);
      if (!summary) return;
      // An event stream's errors arrive later, one event at a time; a stream is summed up as it starts.
      if (Symbol.asyncIterator in result) return;
      for (const each of Array.isArray(result) ? result : [result]) {
        summary.errorCodes.push(...errorCodesOf(each.errors ?? []));
      }
    },
  };
}
