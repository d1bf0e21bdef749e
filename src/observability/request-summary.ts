import { getOperationAST, type OperationTypeNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { containsSecret } from '../domain/audit.js';

/**
 * What Keygate learns about a request while serving it, gathered once for the request log, the metrics and
 * the request span to read when it is answered. Nothing here is a secret: no header, variable or document.
 */
export interface RequestSummary {
  /** performance.now() when the request arrived, before any other plugin saw it. */
  startedAt: number;
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

const summaries = new WeakMap<Request, RequestSummary>();

/** An operation's name as a log line or a span shows it: cut short, and never a secret (`[redacted]`). */
export function shownOperationName(name: string | null): string | undefined {
  if (!name) return undefined;
  return containsSecret(name) ? '[redacted]' : name.slice(0, 100);
}

export function summaryOf(request: Request): RequestSummary | undefined {
  return summaries.get(request);
}

/** Called by createContext as soon as the context exists: a refused caller's address is known too. */
export function noteRequestContext(request: Request, context: Pick<Context, 'viewer' | 'ip'>): void {
  const summary = summaries.get(request);
  if (summary) summary.context = context;
}

/** Gathers each request's summary; first among Keygate's plugins, so that every other one may read it. */
export function useRequestSummary(): Plugin<Context> {
  return {
    // Around the whole request, /health and refusals made before parsing included.
    instrumentation: {
      request: ({ request }, wrapped) => {
        summaries.set(request, {
          startedAt: performance.now(),
          path: new URL(request.url).pathname,
          operationName: null,
          operationType: null,
          batch: false,
          context: null,
          errorCodes: [],
        });
        return wrapped();
      },
    },
    onParse:
      ({ context }) =>
      ({ result }) => {
        const summary = context.request && summaries.get(context.request);
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
        for (const error of each.errors ?? []) {
          const code = error.extensions?.code;
          summary.errorCodes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
        }
      }
    },
  };
}
