import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { type KeygateMetrics, outcomeOfStatus, type RequestOutcome } from './metrics.js';
import { type RequestSummary, summaryOf } from './request-summary.js';

/** Codes that say Keygate failed, not the caller, even in a 200 answer. */
const SERVER_ERROR_CODES = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE']);

/** What Yoga answers besides /graphql, by path; anything else (a 404) is `other`. */
const ENDPOINTS = new Map([
  ['/graphql', 'graphql'],
  ['/health', 'health'],
  ['/ready', 'ready'],
]);

/** How a GraphQL request ended: by its status, and by its errors when the status says 200. */
export function graphqlOutcome(status: number, errorCodes: readonly string[]): RequestOutcome {
  const byStatus = outcomeOfStatus(status);
  return byStatus === 'success' ? outcomeOfErrors(errorCodes) : byStatus;
}

/** How an answer without a status ended (a graphql-ws operation's), or a 200's: by its errors' codes. */
export function outcomeOfErrors(errorCodes: readonly string[]): RequestOutcome {
  if (errorCodes.length === 0) return 'success';
  return errorCodes.some((code) => SERVER_ERROR_CODES.has(code)) ? 'server_error' : 'client_error';
}

/** The operation label of a request: admitted as a new name only for an authenticated caller. */
export function operationLabelOf(metrics: KeygateMetrics, summary: RequestSummary): string {
  if (summary.batch) return 'batch';
  return metrics.operationLabel(summary.operationName, Boolean(summary.context?.viewer));
}

/**
 * Counts one answered request of `endpoint` (a GraphQL one's operation by its name, under its transport),
 * its duration since it arrived, and its errors by code. Yoga's answers (below) and graphql-ws operations
 * (websocket-operations.ts) alike.
 */
export function countAnswered(
  metrics: KeygateMetrics,
  summary: RequestSummary,
  endpoint: string,
  outcome: RequestOutcome,
): void {
  const operation = endpoint === 'graphql' ? operationLabelOf(metrics, summary) : endpoint;
  const seconds = (performance.now() - summary.startedAt) / 1000;
  metrics.observeRequest(endpoint, operation, outcome, seconds, summary.transport);
  for (const code of summary.errorCodes) metrics.countGraphQLError(operation, code, summary.transport);
}

/** Counts each request Yoga answers (GraphQL, /health, /ready), its duration, and its errors by code. */
export function useRequestMetrics(metrics: KeygateMetrics): Plugin<Context> {
  return {
    onResponse: ({ request, response }) => {
      const summary = summaryOf(request);
      if (!summary) return;
      const endpoint = ENDPOINTS.get(summary.path) ?? 'other';
      countAnswered(metrics, summary, endpoint, graphqlOutcome(response.status, summary.errorCodes));
    },
  };
}
