import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';
import { containsSecret } from './domain/audit.js';
import { DomainError } from './domain/errors.js';
import type { Logger } from './logger.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const requests = new WeakMap<Request, { id: string; startedAt: number }>();

/**
 * Gives each request an id (the caller's `x-request-id` when it is well formed), echoes it in the
 * response so a client can quote it, and writes one structured log line per request with it, plus one per
 * unexpected error, so an operator can find what happened. Nothing logged carries a credential: headers,
 * variables and bodies are never logged.
 */
export function useRequestLogging(logger: Logger): Plugin<Context> {
  return {
    onRequest: ({ request }) => {
      requests.set(request, { id: requestIdFrom(request.headers), startedAt: performance.now() });
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
    onResponse: ({ request, response }) => {
      const entry = requests.get(request);
      if (!entry) return;
      response.headers.set('x-request-id', entry.id);
      if (!logger.isLevelEnabled('info')) return;
      logger.info(
        {
          requestId: entry.id,
          method: request.method,
          path: new URL(request.url).pathname,
          status: response.status,
          durationMs: Math.round((performance.now() - entry.startedAt) * 10) / 10,
        },
        'request',
      );
    },
  };
}

/**
 * The caller's `x-request-id` when it is well formed and holds no secret (it is logged, echoed and kept in
 * audit events), otherwise a fresh one.
 */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get('x-request-id');
  return incoming && REQUEST_ID.test(incoming) && !containsSecret(incoming) ? incoming : randomUUID();
}

export function requestIdOf(request: Request): string {
  return requests.get(request)?.id ?? randomUUID();
}
