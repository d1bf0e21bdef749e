import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin, useReadinessCheck } from 'graphql-yoga';
import { type Context, createContext, type ServerContext } from './context.js';
import { isDatabaseUnavailable } from './db/database.js';
import { PermissionDeniedError } from './domain/errors.js';
import { protectionPlugins } from './protection.js';
import { useRequestLogging } from './request-logging.js';
import { schema } from './schema/index.js';
import type { Services } from './services.js';

const DEFAULT_QUERY = `# Welcome to Keygate. Set your token in the Headers tab below:
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

/** The GraphQL server, without HTTP: tests call `yoga.fetch`, src/server.ts mounts it on node:http. */
export function createYogaApp(services: Services) {
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    maskedErrors: {
      // A permission refused deep in the domain (handing out more than one holds) is a FORBIDDEN, like
      // the ones scope-auth raises; a database outage says so; everything unexpected stays masked.
      maskError: (error, message, isDev) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof PermissionDeniedError) {
          return new GraphQLError('Not allowed', {
            path: error instanceof GraphQLError ? error.path : undefined,
            extensions: { code: 'FORBIDDEN' },
          });
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
          return withoutEcho(error);
        }
        return maskError(error, message, isDev);
      },
    },
    landingPage: false,
    // Off by default: no Keygate client batches, and every operation of a batch gets the whole depth,
    // cost and token budget, so a batch multiplies what one request may ask for.
    batching: services.config.limits.maxBatchedOperations > 0 && {
      limit: services.config.limits.maxBatchedOperations,
    },
    logging: services.logger,
    // GraphiQL's page and scripts come from the installed package, not a CDN: Keygate runs offline.
    renderGraphiQL,
    graphiql: services.config.graphiql && {
      title: 'Keygate',
      defaultQuery: DEFAULT_QUERY,
      headers: JSON.stringify({ Authorization: 'Bearer <your token>' }, null, 2),
      shouldPersistHeaders: false,
    },
    context: ({ request, ...server }) => createContext(services, request, server),
    plugins: [
      ...protectionPlugins(services.config, services.rateLimiter),
      useReadinessCheck({
        endpoint: '/ready',
        // A stalled database answers nothing: not ready after two seconds, not when the query gives up.
        check: () => withTimeout(services.prisma.$queryRaw`SELECT 1`, READINESS_TIMEOUT_MS),
      }),
      useRequestLogging(services.logger),
      useAwaitAuditWrites(),
    ],
  });
}

export type YogaApp = ReturnType<typeof createYogaApp>;

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
