import { PothosValidationError } from '@pothos/core';
import { GraphQLError, getOperationAST } from 'graphql';
import {
  createYoga,
  type GraphiQLOptions,
  isAsyncIterable,
  type MaskError,
  maskError,
  type Plugin,
  useReadinessCheck,
} from 'graphql-yoga';
import {
  type AuthenticatedContext,
  type Context,
  createContext,
  requestFacts,
  type ServerContext,
} from './context.js';
import { isDatabaseUnavailable } from './db/database.js';
import { PermissionDeniedError } from './domain/errors.js';
import { observabilityPlugins } from './observability/plugins.js';
import { rootFields } from './operation-cost.js';
import { protectionPlugins } from './protection.js';
import { recordDeniedMutationFields } from './schema/audit-context.js';
import { schema } from './schema/index.js';
import type { Services } from './services.js';

const DEFAULT_QUERY = `# Welcome to Keygate. The docs (book icon, top left)
# need no token. To act as someone, open the Headers
# tab below and set your token:
#   { "Authorization": "Bearer kg_pat_..." }
# then run this query to see who you are.
query Viewer {
  viewer {
    kind
    user { name email }
    organization { id name }
    credential { kind expiresAt scopes }
    permissions
  }
}
`;

/**
 * What GraphiQL starts with. No headers: a placeholder token would go out with the schema introspection
 * and be refused, which leaves the docs pane empty; anonymous introspection works outside production.
 */
export const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'Keygate',
  defaultQuery: DEFAULT_QUERY,
  shouldPersistHeaders: false,
};

/** The GraphQL server, without HTTP: tests call `yoga.fetch`, src/server.ts mounts it on node:http. */
export function createYogaApp(services: Services) {
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // KEYGATE_MAX_BODY_BYTES is held by protection.ts's body limit, at no cost for a declared length.
    maxRequestBodySize: false,
    maskedErrors: { maskError: keygateMaskError(services) },
    landingPage: false,
    // No cross-origin access unless an operator allows origins: a reflected Origin with credentials
    // would let any site call the API with a browser's stored token.
    cors: services.config.corsOrigins.length > 0 && {
      origin: services.config.corsOrigins,
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'x-keygate-organization', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'retry-after', 'www-authenticate'],
      maxAge: 600,
    },
    // Off by default: no Keygate client batches, and every operation of a batch gets the whole depth,
    // cost and token budget, so a batch multiplies what one request may ask for.
    batching: services.config.limits.maxBatchedOperations > 0 && {
      limit: services.config.limits.maxBatchedOperations,
    },
    logging: services.logger,
    // Keygate serves GraphiQL itself, beside Yoga (src/http/graphiql.ts, mounted in server.ts), as a small
    // page and cacheable, compressed files; Yoga's own page inlines all of them, 9 MB on every load.
    graphiql: false,
    // graphql-ws operations (websocket.ts) come without a Fetch request, their facts in `websocket`.
    context: ({ request, ...server }) =>
      server.websocket
        ? createContext(services, server.websocket, null)
        : createContext(services, requestFacts(services, request, server), request),
    plugins: [
      ...observabilityPlugins(services),
      ...protectionPlugins(services.config, services.rateLimiter),
      useRequestErrorStatus(),
      useReadinessCheck({
        endpoint: '/ready',
        // A stalled database answers nothing: not ready after two seconds, not when the query gives up.
        check: () => withTimeout(services.prisma.$queryRaw`SELECT 1`, READINESS_TIMEOUT_MS),
      }),
      ...(services.config.production ? [useNoSuggestions()] : []),
      useAuditDeniedMutationFields(),
      useAwaitAuditWrites(),
    ],
  });
}

export type YogaApp = ReturnType<typeof createYogaApp>;

/**
 * Keygate's error masking, over HTTP and WebSocket alike: a permission refused deep in the domain (handing
 * out more than one holds) is a FORBIDDEN, like the ones scope-auth raises; a database outage says so;
 * everything unexpected stays masked.
 */
export function keygateMaskError(services: Services): MaskError {
  return (error, message, isDev) => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original instanceof PermissionDeniedError) {
      // The caller named the object it acts on: saying what it lacks tells it nothing new.
      return new GraphQLError(
        `Not allowed: ${original.reason ?? `missing permission ${original.permission}`}`,
        {
          path: error instanceof GraphQLError ? error.path : undefined,
          extensions: {
            code: 'FORBIDDEN',
            ...(original.reason ? {} : { missingPermissions: [original.permission] }),
          },
        },
      );
    }
    // A global id of another type than the argument takes (a Token's where an ApplicationKey's is
    // wanted): the caller's mistake, said without echoing the id back.
    if (original instanceof PothosValidationError) {
      return new GraphQLError('An id is not of the type this argument takes', {
        path: error instanceof GraphQLError ? error.path : undefined,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    if (isDatabaseUnavailable(original)) {
      return new GraphQLError('The database is unavailable; try again shortly', {
        path: error instanceof GraphQLError ? error.path : undefined,
        extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
      });
    }
    if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) {
      const answered = withoutEcho(error);
      // In production the schema is not for guessing: no "Did you mean …?" for fields, enum values,
      // arguments or types.
      if (services.config.production) answered.message = withoutSuggestions(answered.message);
      return answered;
    }
    return maskError(error, message, isDev);
  };
}

/**
 * A refusal of the request itself, as Yoga or graphql-js words it, minus what it echoes: Yoga's
 * invalid-JSON answer carries JSON.parse's message, which quotes the body (all of a short one), and
 * graphql-js quotes a variable of the wrong type in full (and gives it no code); either may be a secret.
 * Edited in place: Yoga logs the original of an error that masking replaces, which would log the quote.
 */
function withoutEcho(error: GraphQLError): GraphQLError {
  const extensions = error.extensions as Record<string, unknown>;
  if (extensions.originalError !== undefined) {
    delete extensions.originalError;
    // Yoga answers a JSON client's malformed body with 400 only while the quote is there; keep the 400.
    const http = extensions.http as { spec?: boolean } | undefined;
    if (http) http.spec = false;
  }
  if (error.message.startsWith('Variable "$')) {
    const invalid = INVALID_VARIABLE.exec(error.message);
    if (invalid) {
      error.message = `Variable "$${invalid[1]}" got an invalid value${invalid[2] ? ` at "${invalid[2]}"` : ''}`;
    }
    extensions.code ??= 'BAD_USER_INPUT';
  }
  return error;
}

/** graphql-js: `Variable "$name" got invalid value <value>[ at "<path>"]; <reason quoting the value>`. */
const INVALID_VARIABLE = /^Variable "\$(\w+)" got invalid value [\s\S]*?(?: at "(\w+(?:\.\w+|\[\d+\])*)")?; /;

const READINESS_TIMEOUT_MS = 2_000;

/** Settles with `work`, or rejects after `ms`; `work` goes on, and its failure is ignored then. */
function withTimeout(work: PromiseLike<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  const running = Promise.resolve(work);
  running.catch(() => {});
  return Promise.race([running, timeout]).then(
    () => clearTimeout(timer),
    (error: unknown) => {
      clearTimeout(timer);
      throw error;
    },
  );
}

/** graphql-js's and graphql-armor's hints at names the schema has. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

function withoutSuggestions(message: string): string {
  return message
    .replace(SUGGESTION, '')
    .replace(/\[Suggestion hidden\]\??/g, '')
    .trim();
}

/**
 * In production the schema is not for guessing: validation errors (a misspelt field, argument, type or enum
 * value) lose their "Did you mean …?" before they reach the caller. (Errors of execution pass maskError.)
 */
function useNoSuggestions(): Plugin<Context> {
  return {
    onValidate:
      () =>
      ({ result }) => {
        for (const error of result) error.message = withoutSuggestions(error.message);
      },
  };
}

/**
 * GraphQL over HTTP: a well-formed request that fails before it executes (its variables do not coerce, its
 * operation cannot be determined, a limit refuses it) is answered 200 to a client that accepts
 * application/json and 400 to one that accepts application/graphql-response+json, as failed validation
 * already is. Yoga answers JSON clients 200 only for errors marked `spec`; graphql-js's executor marks its
 * request errors 400 without it, and Keygate's own refusals before execution carry no status. A request
 * that is not well-formed (Yoga's BAD_REQUEST: a body that is not JSON, no query, a batch while batching is
 * off) stays 400 for every client, and so do refusals with a status of their own (401, 403, 429, 503).
 */
function useRequestErrorStatus(): Plugin<Context> {
  const NOT_WELL_FORMED = 'BAD_REQUEST';
  return {
    onResultProcess: ({ result }) => {
      if (isAsyncIterable(result)) return;
      for (const single of Array.isArray(result) ? result : [result]) {
        if ('data' in single || !single.errors) continue;
        for (const error of single.errors) {
          const extensions = error.extensions as Record<string, unknown>;
          if (extensions.unexpected) continue;
          extensions.http ??= { status: 400 };
          const http = extensions.http as { status?: number; spec?: boolean };
          if (http.status === 400 && extensions.code !== NOT_WELL_FORMED) http.spec ??= true;
        }
      }
    },
  };
}

/** Before a mutation runs, records each of its root fields the caller may not use (audit-context.ts). */
function useAuditDeniedMutationFields(): Plugin<Context> {
  return {
    onExecute: ({ args }) => {
      const { contextValue } = args;
      const mutationType = args.schema.getMutationType();
      if (!contextValue.viewer || !mutationType) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      recordDeniedMutationFields(
        contextValue as AuthenticatedContext,
        mutationType,
        rootFields(args.document, operation),
        (args.variableValues ?? {}) as Record<string, unknown>,
      );
    },
  };
}

/** Denied attempts are recorded beside execution; the response waits until they are written. */
function useAwaitAuditWrites(): Plugin<Context> {
  return {
    onExecute: () => ({
      onExecuteDone: async ({ args }) => {
        await Promise.all(args.contextValue.pendingAuditWrites);
      },
    }),
  };
}
