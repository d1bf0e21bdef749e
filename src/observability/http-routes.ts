import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TextMapGetter } from '@opentelemetry/api';
import type { Principal } from '../domain/authenticate.js';
import type { HttpRoute } from '../http/route.js';
import { pathOf } from '../http/route.js';
import { isProbePath, writeRequestLine } from '../request-logging.js';
import type { Services } from '../services.js';
import { outcomeOfStatus } from './metrics.js';
import { activeTracing } from './tracing.js';

/*
 * Plain-HTTP endpoints are counted and logged like GraphQL requests, by the route's name, without each
 * endpoint doing it: src/http/index.ts wraps every route it lists.
 */

const callers = new WeakMap<IncomingMessage, Principal>();

/** An endpoint tells who it served (after identifyCaller), so that its log line names them. */
export function noteHttpCaller(request: IncomingMessage, principal: Principal): void {
  callers.set(request, principal);
}

export function observedRoutes(services: Services, routes: HttpRoute[]): HttpRoute[] {
  return routes.map((route) => ({
    ...route,
    serve(request, response) {
      const name = route.name ?? 'http';
      observeHttpExchange(services, name, request, response);
      return traced(name, request, response, () => route.serve(request, response));
    },
  }));
}

/** Counts and logs one request to the endpoint `name` once its response is done (or the client has gone). */
export function observeHttpExchange(
  services: Services,
  name: string,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const startedAt = performance.now();
  // `on`, not `once`: a response closes once, and once's wrapper is a cost on every gateway check.
  response.on('close', () => {
    const seconds = (performance.now() - startedAt) / 1000;
    // A client that left before the answer was sent was not served: counted as its own failure (499).
    const status = response.writableFinished ? response.statusCode : 499;
    services.metrics.observeHttpRequest(name, outcomeOfStatus(status), seconds);
    // The line is only built when it will be written: a busy gateway check at LOG_LEVEL=warn skips it.
    if (!services.logger.isLevelEnabled('info')) return;
    const requestId = response.getHeader('x-request-id');
    const caller = callers.get(request);
    writeRequestLine(services.logger, {
      requestId: typeof requestId === 'string' ? requestId : undefined,
      method: request.method ?? 'GET',
      path: pathOf(request).slice(0, 200),
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
      route: name,
      organizationId: caller?.organizationId,
      actorType: caller?.kind,
      actorId: caller?.actorId,
      credentialKind: caller?.credential.kind,
      credentialId: caller?.credential.id,
      ip: services.clientAddress(request.socket.remoteAddress, forwardedFor(request)),
    });
  });
}

const NODE_HEADERS: TextMapGetter<IncomingMessage['headers']> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key],
};

/** While tracing is on, a server span for the request, the parent of whatever the endpoint does. */
function traced<T>(name: string, request: IncomingMessage, response: ServerResponse, serve: () => T): T {
  const tracing = activeTracing();
  if (!tracing || isProbePath(pathOf(request))) return serve();
  const { tracer, api } = tracing;
  const parent = api.propagation.extract(api.ROOT_CONTEXT, request.headers, NODE_HEADERS);
  const span = tracer.startSpan(
    `${request.method} ${name}`,
    { kind: 1, attributes: { 'http.request.method': request.method ?? 'GET', 'http.route': name } },
    parent,
  );
  response.once('close', () => {
    const status = response.writableFinished ? response.statusCode : 499;
    span.setAttributes({ 'http.response.status_code': status, 'keygate.outcome': outcomeOfStatus(status) });
    if (status >= 500) span.setStatus({ code: 2 });
    span.end();
  });
  return api.context.with(api.trace.setSpan(parent, span), serve);
}

function forwardedFor(request: IncomingMessage): string | null {
  const value = request.headers['x-forwarded-for'];
  return typeof value === 'string' ? value : null;
}
