import { readFileSync } from 'node:fs';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import {
  GraphQLError,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  type ValidationContext,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { KeygateConfig, OperationLimits } from './config.js';
import type { Context } from './context.js';
import type { RateLimiter } from './domain/rate-limit.js';

/**
 * Limits on what one request may ask for, on by default: depth, aliases, directives, tokens, cost, body
 * size, batching (see app.ts); CSRF prevention for browsers; mutation rate limits; introspection and
 * persisted operations by configuration. Every refusal is a 4xx or a GraphQL error with a code, never a 500.
 */
export function protectionPlugins(config: KeygateConfig, limiter: RateLimiter): Plugin<Context>[] {
  const { limits } = config;
  const plugins: Plugin<Context>[] = [
    useBodyLimit(limits.maxBodyBytes),
    useCsrfPrevention(),
    EnvelopArmorPlugin({
      maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, ...coded },
      maxAliases: { n: limits.maxAliases, ...coded },
      maxDirectives: { n: limits.maxDirectives, ...coded },
      maxTokens: { n: limits.maxTokens, ...coded },
      costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, ...coded },
      blockFieldSuggestion: { enabled: config.production },
    }) as Plugin<Context>,
    useMutationRateLimit(limiter, limits),
  ];
  if (!config.introspection) plugins.push(useDisableIntrospection() as Plugin<Context>);
  if (config.persistedOperationsFile) {
    const store = JSON.parse(readFileSync(config.persistedOperationsFile, 'utf8')) as Record<string, string>;
    plugins.push(
      usePersistedOperations({
        getPersistedOperation: (hash) => store[hash] ?? null,
        allowArbitraryOperations: false,
      }) as Plugin<Context>,
    );
  }
  return plugins;
}

/**
 * graphql-armor words its refusals as syntax errors without a code; Keygate reports them as what they
 * are, with a code clients can act on.
 */
const coded = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) => {
      const refusal = new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
        extensions: { code: 'OPERATION_LIMIT_EXCEEDED' },
      });
      if (!context) throw refusal;
      context.reportError(refusal);
    },
  ],
};

/** Refuses a body whose declared size is over the limit before it is read. */
function useBodyLimit(maxBytes: number): Plugin<Context> {
  return {
    onRequest: ({ request, endResponse, fetchAPI }) => {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > maxBytes) {
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [
                { message: `Request body over ${maxBytes} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } },
              ],
            }),
            { status: 413, headers: { 'content-type': 'application/json' } },
          ),
        );
      }
    },
  };
}

/** Content types a browser may send cross-site without a preflight (a form, a text/plain beacon). */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * A request a browser could send from another site without a CORS preflight (a GET, a form post) must
 * carry a custom header, which such a request cannot; JSON posts pass. The same rule as Yoga's
 * useCSRFPrevention, with a code on the refusal.
 */
function useCsrfPrevention(): Plugin<Context> {
  return {
    onRequestParse: ({ request }) => {
      const type = request.headers.get('content-type')?.toLowerCase();
      const preflighted =
        type !== undefined && !SIMPLE_CONTENT_TYPES.some((simple) => type.startsWith(simple));
      if (preflighted || request.headers.has(CSRF_HEADER)) return;
      throw createGraphQLError(`Required CSRF header not present: send ${CSRF_HEADER} or a JSON body`, {
        extensions: { code: 'CSRF_REJECTED', http: { status: 403 } },
      });
    },
  };
}

/**
 * Checks that change nothing but a use count, which gateways call on every request they serve: no
 * per-credential or per-address mutation limit, or a busy gateway would be throttled by its own traffic.
 * They still pass authentication and its failure limits.
 */
const UNLIMITED_MUTATIONS = new Set(['verifyCredential', 'authenticateClientAssertion']);

function onlyUnlimitedFields(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD &&
      (UNLIMITED_MUTATIONS.has(selection.name.value) || selection.name.value === '__typename'),
  );
}

/**
 * Each credential, and each client address whatever credentials it uses, may run a bounded number of
 * mutations a minute; over either, 429 with Retry-After. Each operation of a batch counts.
 */
function useMutationRateLimit(limiter: RateLimiter, limits: OperationLimits): Plugin<Context> {
  return {
    onExecute: async ({ args, setResultAndStopExecution }) => {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation' || onlyUnlimitedFields(operation)) return;
      const { viewer, ip } = args.contextValue;
      const decisions = await Promise.all([
        limiter.hit(`mutation-address:${ip ?? 'unknown'}`, limits.mutationsPerAddressPerMinute, MINUTE_MS),
        viewer ? limiter.hit(`mutation:${viewer.credential.id}`, limits.mutationsPerMinute, MINUTE_MS) : null,
      ]);
      const refused = decisions.filter((decision) => decision && !decision.allowed);
      if (refused.length > 0) {
        const retryAfter = Math.max(...refused.map((decision) => decision!.retryAfterSeconds));
        setResultAndStopExecution({ errors: [rateLimitedError(retryAfter)] });
      }
    },
  };
}

const MINUTE_MS = 60_000;

export function rateLimitedError(retryAfterSeconds: number): GraphQLError {
  return createGraphQLError('Too many requests; try again later', {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
    },
  });
}
