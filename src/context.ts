import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { CallerRefused, cleanUserAgent, identifyCaller, type Refusal, type RequestFacts } from './caller.js';
import type { Principal } from './domain/authenticate.js';
import { normaliseAddress } from './domain/ip-ranges.js';
import { noteRequestContext } from './observability/request-summary.js';
import { rateLimitedError } from './protection.js';
import { requestIdOf } from './request-logging.js';
import type { Services } from './services.js';

/** Per-request context. `viewer` is null for a request without credentials. */
export interface Context {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  viewer: Principal | null;
  services: Services;
  /** Audit writes of denied attempts, started during execution and awaited before the response. */
  pendingAuditWrites: Promise<unknown>[];
  /** Denials this request has recorded already: identical ones (aliases of one field) are recorded once. */
  auditedDenials: Set<string>;
}

export interface AuthenticatedContext extends Context {
  viewer: Principal;
}

/** What the HTTP layer hands to each request. Tests calling `yoga.fetch` may set `clientIp` directly. */
export interface ServerContext {
  req?: IncomingMessage;
  clientIp?: string;
  /**
   * An operation on a graphql-ws connection (websocket.ts): what its connection said about itself, its
   * credential from `connectionParams` instead of headers.
   */
  websocket?: RequestFacts;
}

const ORGANIZATION_HEADER = 'x-keygate-organization';

/** What an HTTP request says about itself: its headers and, by the trusted-proxy rules, its address. */
export function requestFacts(services: Services, request: Request, server: ServerContext): RequestFacts {
  return {
    authorization: request.headers.get('authorization'),
    organizationHeader: request.headers.get(ORGANIZATION_HEADER),
    requestId: requestIdOf(request),
    ip: clientAddressOf(services, request, server),
    userAgent: cleanUserAgent(request.headers.get('user-agent')),
  };
}

/**
 * Builds the per-request context: request id, client address, and the viewer that the credential
 * authenticates (caller.ts decides who is asking). A present but bad credential fails the whole request
 * with UNAUTHENTICATED and the same message whatever was wrong with it. `facts` come from the request's
 * headers, or for an operation on a WebSocket from its connection (websocket.ts), which has no `request`.
 */
export async function createContext(
  services: Services,
  facts: RequestFacts,
  request: Request | null,
): Promise<Context> {
  const context: Context = {
    requestId: facts.requestId,
    ip: facts.ip,
    userAgent: facts.userAgent,
    viewer: null,
    services,
    pendingAuditWrites: [],
    auditedDenials: new Set(),
  };
  // The request's summary (observability/request-summary.ts) is under its Request, or its facts on a socket.
  noteRequestContext(request ?? facts, context);
  try {
    // The one door where a suspended organization's owner may come in, to resume it (authenticate.ts).
    context.viewer = await identifyCaller(services, facts, { suspendedOwner: true });
  } catch (error) {
    if (error instanceof CallerRefused) throw refusalError(error.refusal);
    throw error;
  }
  return context;
}

/** The client address of a request, by the trusted-proxy rules (tests calling `yoga.fetch` may set it). */
export function clientAddressOf(services: Services, request: Request, server: ServerContext): string | null {
  if (server.clientIp !== undefined) return normaliseAddress(server.clientIp);
  return services.clientAddress(server.req?.socket.remoteAddress, request.headers.get('x-forwarded-for'));
}

/** RFC 6750: a bearer challenge on every 401, naming `invalid_token` when a token was presented. */
export function bearerChallenge(invalidToken: boolean): string {
  return invalidToken ? 'Bearer realm="keygate", error="invalid_token"' : 'Bearer realm="keygate"';
}

function refusalError(refusal: Refusal): GraphQLError {
  switch (refusal.kind) {
    case 'RATE_LIMITED':
      return rateLimitedError(refusal.retryAfterSeconds);
    case 'ORGANIZATION_NOT_ALLOWED':
      return new GraphQLError(
        'This credential may not act in the organization X-Keygate-Organization names (its owner is not a ' +
          'member there, or it acts only in its own organization)',
        { extensions: { code: 'FORBIDDEN', http: { status: 403 } } },
      );
    case 'UNAUTHENTICATED':
      return new GraphQLError('Invalid or expired credential', {
        extensions: {
          code: 'UNAUTHENTICATED',
          http: { status: 401, headers: { 'www-authenticate': bearerChallenge(true) } },
        },
      });
  }
}
