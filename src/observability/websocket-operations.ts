import type { GraphQLFormattedError } from 'graphql';
import type { RequestFacts } from '../caller.js';
import { answeredFields, writeRequestLine } from '../request-logging.js';
import type { Services } from '../services.js';
import { countAnswered, outcomeOfErrors } from './graphql-metrics.js';
import { errorCodesOf, startSummary } from './request-summary.js';
import { webSocketOperationSpan } from './tracing.js';

/*
 * A graphql-ws operation, made observable as an HTTP request is: the same summary (Yoga's envelop hooks
 * fill in its operation and caller, since websocket.ts runs each operation through `getEnveloped`), the
 * same request line, metrics and span. Only the ends differ, since Yoga's request hooks (`onRequest`,
 * `onResponse`) never fire for a socket: the operation starts here, and ends when graphql-ws has its
 * result (the first of a subscription's: as over HTTP, a stream is summed up as it starts) or its errors.
 */

export interface ObservedOperation {
  /**
   * Runs `work` under the operation's span (when tracing is on), so what it does nests under it. Should it
   * fail, the operation is answered as Keygate's failure (graphql-ws then ends the connection with 4500).
   */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** The operation is answered: with these errors (none for a result without, or a stream that started). */
  answered(errors: readonly Pick<GraphQLFormattedError, 'extensions'>[] | undefined): void;
}

/** Starts observing an operation whose facts are `facts` (the summary's key, see request-summary.ts). */
export function observeWebSocketOperation(
  services: Services,
  facts: RequestFacts,
  path: string,
): ObservedOperation {
  const summary = startSummary(facts, path, 'ws');
  const span = webSocketOperationSpan(path);
  let done = false;
  const observed: ObservedOperation = {
    run(work) {
      const attempt = async () => {
        try {
          return await work();
        } catch (error) {
          observed.answered([{}]);
          throw error;
        }
      };
      return span ? span.run(attempt) : attempt();
    },
    answered(errors) {
      if (done) return;
      done = true;
      summary.errorCodes = errorCodesOf(errors ?? []);
      const outcome = outcomeOfErrors(summary.errorCodes);
      countAnswered(services.metrics, summary, 'graphql', outcome);
      writeRequestLine(services.logger, {
        requestId: facts.requestId,
        transport: 'ws',
        path,
        outcome,
        ...answeredFields(summary),
        ip: summary.context ? summary.context.ip : facts.ip,
      });
      span?.end(summary, outcome);
    },
  };
  return observed;
}

/** How a connection's close code says it was refused (graphql-ws's codes; 4429: too many failures). */
const REFUSALS = new Map([
  [4401, 'UNAUTHENTICATED'],
  [4403, 'FORBIDDEN'],
  [4429, 'RATE_LIMITED'],
]);

/**
 * A connection refused as it opened (4401, 4403, 4429), before any operation: one line (`connection
 * refused`) with its address and close code, never its connectionParams. Its credential was counted among
 * the authentications by whoever checked it; one without a credential is counted here, as MISSING.
 */
export function observeRefusedConnection(
  services: Services,
  facts: RequestFacts,
  refusal: { path: string; closeCode: number; startedAt: number; withoutCredential?: boolean },
): void {
  if (refusal.withoutCredential) services.metrics.countAuthentication('UNKNOWN', 'MISSING', 'ws');
  if (!services.logger.isLevelEnabled('info')) return;
  services.logger.info(
    {
      requestId: facts.requestId,
      transport: 'ws',
      path: refusal.path,
      closeCode: refusal.closeCode,
      errorCodes: [REFUSALS.get(refusal.closeCode) ?? 'UNAUTHENTICATED'],
      durationMs: Math.round((performance.now() - refusal.startedAt) * 10) / 10,
      ip: facts.ip,
    },
    'connection refused',
  );
}
