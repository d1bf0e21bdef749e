import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { observeHttpExchange } from '../observability/http-routes.js';
import type { Services } from '../services.js';
import { listen } from './listen.js';
import { type HttpRoute, pathOf } from './route.js';

/*
 * GET /metrics: the instance's metrics in Prometheus' text format (src/observability/metrics.ts). Served on
 * the main port by default, on a port of its own with KEYGATE_METRICS=<port>, not at all with
 * KEYGATE_METRICS=off (then /metrics is a 404 like any unknown path). Open by default, as exporters are:
 * it belongs behind the network boundary. KEYGATE_METRICS_TOKEN makes it ask for that bearer token.
 */

const PATH = '/metrics';

/** The route on the main port, when metrics are served there. */
export function metricsRoutes(services: Services): HttpRoute[] {
  if (services.config.metrics.mode !== 'main') return [];
  return [
    { name: 'metrics', matches: (request) => pathOf(request) === PATH, serve: metricsHandler(services) },
  ];
}

function metricsHandler(services: Services) {
  const expected = services.config.metricsToken ? digest(services.config.metricsToken) : null;
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      response.end('Method Not Allowed\n');
      return;
    }
    if (expected && !presents(request, expected)) {
      response.writeHead(401, {
        'www-authenticate': 'Bearer realm="keygate-metrics"',
        'content-type': 'text/plain',
      });
      response.end('Unauthorized\n');
      return;
    }
    try {
      const { contentType, body } = await services.metrics.render();
      response.writeHead(200, {
        'content-type': contentType,
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      services.logger.error({ err: error }, 'metrics could not be collected');
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('Internal Server Error\n');
    }
  };
}

const BEARER = /^bearer +(\S+) *$/i;

/** Compared as digests, so that the comparison takes as long whatever was sent. */
function presents(request: IncomingMessage, expected: Buffer): boolean {
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
  return token !== undefined && timingSafeEqual(digest(token), expected);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * With KEYGATE_METRICS=<port>: a small server of its own that answers /metrics only (404 otherwise), on
 * the same HOST as the main port; started and closed with the instance.
 */
export async function startMetricsServer(services: Services): Promise<MetricsServer | null> {
  const { metrics, host } = services.config;
  if (metrics.mode !== 'port') return null;
  const serve = metricsHandler(services);
  const server = createServer((request, response) => {
    if (pathOf(request) === PATH) {
      observeHttpExchange(services, 'metrics', request, response);
      return serve(request, response);
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('Not Found\n');
  });
  // Prometheus keeps its connection between scrapes, as a load balancer does.
  server.keepAliveTimeout = services.config.http.keepAliveTimeoutMs;
  await listen(server, metrics.port, host);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
