import { readFileSync } from 'node:fs';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import {
  type FieldNode,
  GraphQLError,
  getOperationAST,
  getVariableValues,
  type ValidationContext,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { KeygateConfig, OperationLimits } from './config.js';
import type { Context } from './context.js';
import type { RateLimiter } from './domain/rate-limit.js';
import { operationCost, rootFields } from './operation-cost.js';
import { refusedCursor } from './schema/input-guard.js';

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
      // Keygate's own, with variables: see useCostLimit.
      costLimit: { enabled: false },
      blockFieldSuggestion: { enabled: config.production },
    }) as Plugin<Context>,
    useOperationChecks(limits),
    useMutationRateLimit(limiter, limits),
  ];
  if (!config.introspection) plugins.push(useDisableIntrospection() as Plugin<Context>);
  if (config.persistedOperationsFile) {
    const store = readPersistedOperations(config.persistedOperationsFile);
    plugins.push(
      usePersistedOperations({
        getPersistedOperation: (hash) => (typeof hash === 'string' ? (store.get(hash) ?? null) : null),
        allowArbitraryOperations: false,
        // An id that names no operation is the caller's mistake, answered as one, to every client: the
        // request names no operation at all (`spec: false` keeps the 400 for application/json too).
        customErrors: {
          notFound: {
            message: 'PersistedQueryNotFound',
            extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST', http: { status: 400, spec: false } },
          },
        },
      }) as Plugin<Context>,
    );
  }
  return plugins;
}

/** KEYGATE_PERSISTED_OPERATIONS: each operation's document by its id. */
export function readPersistedOperations(file: string): Map<string, string> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  // A Map, not the parsed object: an id such as `__proto__` or `constructor` must find nothing.
  return new Map(
    Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
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

/**
 * KEYGATE_MAX_BODY_BYTES: a declared Content-Length over it is refused before the body is read. Every body
 * has one: server.ts answers 411 to a body without it (chunked), and Node's HTTP parser delivers exactly
 * the declared bytes, so no body needs counting. (Yoga's own limit is off in app.ts: it pipes every body
 * through a TransformStream, whose end constructs a DOMException, several percent of a small request's
 * CPU, to enforce a 25 MB default.)
 */
function useBodyLimit(maxBytes: number): Plugin<Context> {
  return {
    onRequest: ({ request, endResponse, fetchAPI }) => {
      const declared = request.headers.get('content-length');
      if (declared === null) return;
      // Only one whole number is a Content-Length (a list of them is a request-smuggling attempt).
      const refusal = !/^\d+$/.test(declared)
        ? { status: 400, message: 'Content-Length is not a whole number', code: 'BAD_REQUEST' }
        : Number(declared) > maxBytes
          ? { status: 413, message: `Request body over ${maxBytes} bytes`, code: 'PAYLOAD_TOO_LARGE' }
          : null;
      if (!refusal) return;
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }),
          { status: refusal.status, headers: { 'content-type': 'application/json' } },
        ),
      );
    },
  };
}

/** Content types a browser may send cross-site without a preflight (a form, a text/plain beacon). */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
/** Yoga's and Apollo's CSRF headers: a page can send them cross-site only after a CORS preflight. */
const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-apollo-operation-name'];
/**
 * A bearer token in the Authorization header. Not CORS-safelisted, so a page of another site cannot send
 * it without a preflight; and unlike a cookie (or Basic credentials a browser remembers), nothing sends it
 * by itself. Keygate authenticates only this way.
 */
const BEARER_SCHEME = /^bearer /i;

/**
 * A request a browser could send from another site without a CORS preflight (a GET, a form post) must
 * carry something such a request cannot: a JSON body, a bearer token (urql's GET queries carry one), or a
 * CSRF header. Yoga's useCSRFPrevention, with the bearer token and Apollo's headers beside Yoga's, and a
 * code on the refusal. What is left refused is a bare GET or form post, which could only run anonymous
 * operations (introspection) anyway; mutations over GET are refused whatever they carry (Yoga: 405).
 */
function useCsrfPrevention(): Plugin<Context> {
  return {
    onRequestParse: ({ request }) => {
      const { headers } = request;
      const type = headers.get('content-type')?.toLowerCase();
      const preflighted =
        (type !== undefined && !SIMPLE_CONTENT_TYPES.some((simple) => type.startsWith(simple))) ||
        BEARER_SCHEME.test(headers.get('authorization') ?? '') ||
        CSRF_HEADERS.some((header) => headers.has(header));
      if (preflighted) return;
      throw createGraphQLError(
        `Required CSRF header not present: send a bearer token, ${CSRF_HEADERS[0]} or a JSON body`,
        { extensions: { code: 'CSRF_REJECTED', http: { status: 403 } } },
      );
    },
  };
}

/**
 * Checks that change nothing but a use count, which gateways call on every request they serve: no
 * per-credential or per-address mutation limit for a caller allowed to make them, or a busy gateway would
 * be throttled by its own traffic. They still pass authentication and its failure limits; a caller that
 * may not make them is refused, recorded, and counted like any other mutation.
 */
const UNLIMITED_MUTATIONS = new Set(['verifyCredential', 'authenticateClientAssertion']);

/** How many mutations an operation makes: each root field counts (aliases each once), checks aside. */
function countedMutations(fields: FieldNode[], viewer: Context['viewer']): number {
  const mayVerify = viewer?.permissions.has('credential:verify') ?? false;
  return fields.filter((field) => {
    const name = field.name.value;
    if (name === '__typename') return false;
    return !(UNLIMITED_MUTATIONS.has(name) && mayVerify);
  }).length;
}

/**
 * Each credential, and each client address whatever credentials it uses, may make a bounded number of
 * mutations a minute: every mutation field counts, so one operation with many aliased fields is as many
 * mutations (and each operation of a batch counts its own). Over either limit, 429 with Retry-After.
 */
function useMutationRateLimit(limiter: RateLimiter, limits: OperationLimits): Plugin<Context> {
  return {
    onExecute: async ({ args, setResultAndStopExecution }) => {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const { viewer, ip } = args.contextValue;
      const count = countedMutations(rootFields(args.document, operation), viewer);
      if (count === 0) return;
      const decisions = await Promise.all([
        limiter.hit(
          `mutation-address:${ip ?? 'unknown'}`,
          limits.mutationsPerAddressPerMinute,
          MINUTE_MS,
          count,
        ),
        viewer
          ? limiter.hit(`mutation:${viewer.credential.id}`, limits.mutationsPerMinute, MINUTE_MS, count)
          : null,
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

/**
 * Refuses, before it runs, an operation with a cursor that is not one of its list (input-guard.ts), whose
 * cost (operation-cost.ts, with its variables) is over the limit, or whose `nodes(ids:)` asks for more ids
 * than one request may.
 */
function useOperationChecks(limits: OperationLimits): Plugin<Context> {
  return {
    onExecute: ({ args, setResultAndStopExecution }) => {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      // Only variables of the right types are weighed: execution refuses the others (BAD_USER_INPUT).
      const variables = getVariableValues(
        args.schema,
        operation.variableDefinitions ?? [],
        (args.variableValues ?? {}) as Record<string, unknown>,
      );
      if (variables.errors) return;
      const cursor = refusedCursor(args.schema, args.document, operation, variables.coerced);
      if (cursor) {
        setResultAndStopExecution({ errors: [cursor] });
        return;
      }
      const { cost, largestNodesList } = operationCost(args.document, operation, variables.coerced);
      let message: string | null = null;
      if (largestNodesList > limits.maxNodes) {
        message = `nodes takes at most ${limits.maxNodes} ids; got ${largestNodesList}`;
      } else if (cost > limits.maxCost) {
        message = `Query Cost limit of ${limits.maxCost} exceeded, found ${Math.round(cost)}.`;
      }
      if (message) {
        setResultAndStopExecution({
          errors: [createGraphQLError(message, { extensions: { code: 'OPERATION_LIMIT_EXCEEDED' } })],
        });
      }
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
