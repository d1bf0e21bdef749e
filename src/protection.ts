import { readFileSync } from 'node:fs';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError, getOperationAST, type ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { KeygateConfig } from './config.js';
import type { Context } from './context.js';
import type { RateLimiter } from './domain/rate-limit.js';

/**
 * Limits on what one request may ask for, on by default: depth, aliases, directives, tokens, cost, body
 * size; CSRF prevention for browsers; introspection and persisted operations by configuration. Every
 * refusal is a 4xx or a GraphQL error with a code, never a 500.
 */
export function protectionPlugins(config: KeygateConfig, limiter: RateLimiter): Plugin<Context>[] {
  const { limits } = config;
  const plugins: Plugin<Context>[] = [
    useBodyLimit(limits.maxBodyBytes),
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }) as Plugin<Context>,
    EnvelopArmorPlugin({
      maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, ...coded },
      maxAliases: { n: limits.maxAliases, ...coded },
      maxDirectives: { n: limits.maxDirectives, ...coded },
      maxTokens: { n: limits.maxTokens, ...coded },
      costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, ...coded },
      blockFieldSuggestion: { enabled: config.production },
    }) as Plugin<Context>,
    useMutationRateLimit(limiter, limits.mutationsPerMinute),
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

/** Each credential may run a bounded number of mutations a minute; over it, 429 with Retry-After. */
function useMutationRateLimit(limiter: RateLimiter, perMinute: number): Plugin<Context> {
  return {
    onExecute: async ({ args, setResultAndStopExecution }) => {
      const operation = getOperationAST(args.document, args.operationName);
      const viewer = args.contextValue.viewer;
      if (operation?.operation !== 'mutation' || !viewer) return;
      const decision = await limiter.hit(`mutation:${viewer.credential.id}`, perMinute, 60_000);
      if (!decision.allowed)
        setResultAndStopExecution({ errors: [rateLimitedError(decision.retryAfterSeconds)] });
    },
  };
}

export function rateLimitedError(retryAfterSeconds: number): GraphQLError {
  return createGraphQLError('Too many requests; try again later', {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
    },
  });
}
