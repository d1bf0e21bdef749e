import { observedRoutes } from '../observability/http-routes.js';
import type { Services } from '../services.js';
import { auditRoutes } from './audit.js';
import { forwardAuthRoute } from './forward-auth.js';
import { metricsRoutes } from './metrics.js';
import { discoveryRoutes } from './oauth/discovery.js';
import { introspectRoute } from './oauth/introspect.js';
import { revokeRoute } from './oauth/revoke.js';
import { tokenRoute } from './oauth/token.js';
import type { HttpRoute } from './route.js';
import { secretScanningRoutes } from './secret-scanning.js';

/**
 * The plain-HTTP endpoints every Keygate serves beside /graphql, in the order they are asked: one file
 * per endpoint family under src/http/. (The console and GraphiQL are added by server.ts, which knows
 * whether they are on.) Each is counted and logged under its `name` (observability/http-routes.ts).
 */
export function httpEndpoints(services: Services): HttpRoute[] {
  return observedRoutes(services, [
    ...metricsRoutes(services),
    ...discoveryRoutes(services),
    tokenRoute(services),
    introspectRoute(services),
    revokeRoute(services),
    forwardAuthRoute(services),
    ...secretScanningRoutes(services),
    ...auditRoutes(services),
  ]);
}
