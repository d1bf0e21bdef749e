import type { Services } from '../services.js';
import type { HttpRoute } from './route.js';

/**
 * The plain-HTTP endpoints every Keygate serves beside /graphql, in the order they are asked: one file
 * per endpoint family under src/http/. (The console and GraphiQL are added by server.ts, which knows
 * whether they are on.)
 */
export function httpEndpoints(_services: Services): HttpRoute[] {
  return [];
}
