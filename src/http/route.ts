import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A plain-HTTP endpoint beside /graphql (src/server.ts asks each in turn whether it answers a request).
 * Served on node:http directly, without the GraphQL engine.
 */
export interface HttpRoute {
  /** A fixed name for its metrics and log lines (`oauth.token`, `metrics`); default `http`. */
  name?: string;
  /** Whether this endpoint answers the request: by its path, mostly, and sometimes its method or Accept. */
  matches(request: IncomingMessage): boolean;
  serve(request: IncomingMessage, response: ServerResponse): void | Promise<void>;
}

/** The path of a request's URL, without its query string. */
export function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
