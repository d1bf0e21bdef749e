import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from 'pg-boss';
import { createYogaApp, GRAPHIQL_OPTIONS, type YogaApp } from './app.js';
import type { KeygateConfig } from './config.js';
import { createConsoleHandler, isConsoleRequest } from './console.js';
import { openDatabase } from './db/database.js';
import { deployMigrations } from './db/migrations/index.js';
import { bootstrapFirstOrganization } from './domain/bootstrap.js';
import { createGraphiQLHandler } from './http/graphiql.js';
import { httpEndpoints } from './http/index.js';
import { listen } from './http/listen.js';
import { type MetricsServer, startMetricsServer } from './http/metrics.js';
import type { HttpRoute } from './http/route.js';
import { defineKeygateJobs } from './jobs/index.js';
import { createLogger, type Logger } from './logger.js';
import { startTracing, type Tracing } from './observability/tracing.js';
import { createServices, type Services } from './services.js';
import { createGraphQLWebSocket } from './websocket.js';

export interface RunningKeygate {
  url: string;
  /** Which database it runs on. */
  provider: 'postgres' | 'pglite';
  port: number;
  services: Services;
  yoga: YogaApp;
  /** The first owner's token, on the first start with an empty database only. */
  adminSecret: string | null;
  /** Where /metrics is served on a port of its own (KEYGATE_METRICS=<port>); null otherwise. */
  metricsUrl: string | null;
  /** Stops accepting, lets in-flight requests finish, flushes batched usage, closes the database. */
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations, bootstraps an empty database, and listens. */
export async function startKeygate(
  config: KeygateConfig,
  logger: Logger = createLogger(config.logLevel),
  options: { clock?: Clock } = {},
) {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    statementTimeoutMs: config.databaseStatementTimeoutMs,
  });
  let tracing: Tracing | null = null;
  let metricsServer: MetricsServer | null = null;
  /** What must be closed again when the start fails halfway. */
  let opened: Services | undefined;
  try {
    // Off unless OTEL_* variables ask for it (observability/tracing.ts); before Yoga, which adds its spans.
    tracing = await startTracing({ logger });
    // Operators who migrate in a release step (`npm run db:deploy`) turn this off with KEYGATE_MIGRATE=false.
    if (config.migrate) {
      const { applied } = await deployMigrations(database.migrationTarget, {
        log: (line) => logger.debug(line),
      });
      if (applied.length > 0) logger.info({ applied }, 'applied migrations');
    }
    const services = createServices(config, logger, database, options);
    opened = services;
    await services.signingKeys.checkMasterKey();
    // Listening before serving, so that the first requests already reach the other instances; Keygate
    // also starts, with per-instance limits and no cross-instance events, when Redis is away.
    if (!(await services.redisReady(REDIS_START_WAIT_MS))) {
      logger.warn('Redis is not reachable yet; starting without it and connecting in the background');
    }
    const bootstrap = await bootstrapFirstOrganization(database.prisma, {
      email: config.adminEmail,
      name: 'Administrator',
    });
    services.usage.start();
    // Deliveries, schedules and retention: pg-boss installs or migrates its own schema here.
    defineKeygateJobs(services);
    await services.jobs.start();
    const yoga = createYogaApp(services);
    const serveConsole = createConsoleHandler();
    const routes: HttpRoute[] = [
      { matches: (req) => isConsoleRequest(req.url), serve: serveConsole },
      ...(config.graphiql
        ? [createGraphiQLHandler({ endpoint: yoga.graphqlEndpoint, options: GRAPHIQL_OPTIONS, logger })]
        : []),
      ...httpEndpoints(services),
    ];
    // Event streams (subscriptions) never finish by themselves; shutdown ends them instead of waiting, and
    // closes WebSockets likewise.
    const streams = new Set<ServerResponse>();
    // During shutdown every response says `Connection: close`, so no client sends another request on a
    // connection the server is about to close.
    const responses = new Set<ServerResponse>();
    // One listener for every response (a response closes once): nothing made per request.
    function forgetResponse(this: ServerResponse) {
      responses.delete(this);
    }
    let shuttingDown = false;
    const server = createServer((req, res) => {
      if (shuttingDown) res.shouldKeepAlive = false;
      responses.add(res);
      res.on('close', forgetResponse);
      const route = routes.find((candidate) => candidate.matches(req));
      if (route) return route.serve(req, res);
      // The body limit is checked on Content-Length; a chunked body could be of any size (and one that
      // names both, which only a lenient parser lets through, is a request-smuggling attempt).
      if (req.headers['transfer-encoding']) {
        res.writeHead(411, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            errors: [{ message: 'Content-Length required', extensions: { code: 'LENGTH_REQUIRED' } }],
          }),
        );
        return;
      }
      if (req.headers.accept?.includes('text/event-stream')) {
        streams.add(res);
        res.once('close', () => streams.delete(res));
      }
      return yoga(req, res);
    });
    // Subscriptions (and any operation) over graphql-ws, on the same port and path as HTTP.
    const websocket = createGraphQLWebSocket(yoga, services);
    server.on('upgrade', (req, socket, head) => websocket.upgrade(req, socket, head));
    // Longer than a load balancer's idle timeout (often 60 s): it, not Keygate, closes idle connections,
    // so it never sends a request on a connection Keygate has just closed (an intermittent 502).
    server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
    server.headersTimeout = config.http.headersTimeoutMs;
    metricsServer = await startMetricsServer(services);
    await listen(server, config.port, config.host);
    const port = (server.address() as AddressInfo).port;
    const url = `http://localhost:${port}`;
    let closing: Promise<void> | undefined;
    const running: RunningKeygate = {
      url,
      provider: database.provider,
      port,
      services,
      yoga,
      adminSecret: bootstrap?.secret ?? null,
      metricsUrl: metricsServer?.url ?? null,
      close: () => {
        closing ??= (async () => {
          shuttingDown = true;
          for (const response of responses) if (!response.headersSent) response.shouldKeepAlive = false;
          await Promise.all([
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeIdleConnections();
              for (const stream of streams) stream.destroy();
            }),
            websocket.close(),
          ]);
          // Running jobs finish (a delivery's attempt is bounded by its timeout); queued ones wait.
          await services.jobs.stop();
          await services.usage.stop();
          await services.close();
          await database.close();
          await metricsServer?.close();
          await tracing?.release();
        })();
        return closing;
      },
    };
    return running;
  } catch (error) {
    await opened?.usage.stop().catch(() => {});
    await opened?.close().catch(() => {});
    await database.close().catch(() => {});
    await metricsServer?.close();
    await tracing?.release();
    throw error;
  }
}

const REDIS_START_WAIT_MS = 2_000;
