import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
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
        if (isDatabaseUnavailable(original)) {
          return new GraphQLError('The database is unavailable; try again shortly', {
            path: error instanceof GraphQLError ? error.path : undefined,
            extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
          });
        }
        return maskError(error, message, isDev);
      },
    },
    landingPage: false,
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
        check: async () => {
          await services.prisma.$queryRaw`SELECT 1`;
        },
      }),
      useRequestLogging(services.logger),
      useAwaitAuditWrites(),
    ],
  });
}

export type YogaApp = ReturnType<typeof createYogaApp>;

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
