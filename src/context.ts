import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { recordAttempt } from './domain/audited.js';
import { checkSecret, type Principal, type SecretCheck } from './domain/authenticate.js';
import { rateLimitedError } from './protection.js';
import { requestIdOf } from './request-logging.js';
import { decodeGlobalId, UUID } from './schema/global-id.js';
import { NIL_UUID } from './schema/tenancy.js';
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
}

export interface AuthenticatedContext extends Context {
  viewer: Principal;
}

/** What the HTTP layer hands to each request. Tests calling `yoga.fetch` may set `clientIp` directly. */
export interface ServerContext {
  req?: IncomingMessage;
  clientIp?: string;
}

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;
const ORGANIZATION_HEADER = 'x-keygate-organization';

/**
 * Builds the per-request context: request id, client address, and the viewer that the Authorization
 * header authenticates. A present but bad credential fails the whole request with UNAUTHENTICATED and the
 * same message whatever was wrong with it.
 */
export async function createContext(
  services: Services,
  request: Request,
  server: ServerContext,
): Promise<Context> {
  const context: Context = {
    requestId: requestIdOf(request),
    ip: clientIp(services, request, server),
    userAgent: request.headers.get('user-agent')?.slice(0, 512) ?? null,
    viewer: null,
    services,
    pendingAuditWrites: [],
  };
  const authorization = request.headers.get('authorization');
  if (authorization === null) return context;
  // Guessing is slow: an address with many recent failures is refused before its next try is checked.
  const failureKey = `auth-failure:${context.ip ?? 'unknown'}`;
  const perMinute = services.config.limits.authFailuresPerMinute;
  const gate = await services.rateLimiter.peek(failureKey, perMinute, 60_000);
  if (!gate.allowed) throw rateLimitedError(gate.retryAfterSeconds);
  const match = BEARER.exec(authorization);
  const organizationId = parseOrganizationHeader(request.headers.get(ORGANIZATION_HEADER));
  const check: SecretCheck = match
    ? await checkSecret(services, match[1]!, { ip: context.ip, organizationId })
    : { ok: false, code: 'NOT_FOUND' };
  if (check.ok) {
    context.viewer = check.principal;
    return context;
  }
  await services.rateLimiter.hit(failureKey, perMinute, 60_000);
  if (check.known) {
    // The credential exists but may not be used: its organization learns of the attempt.
    await recordAttempt(
      {
        prisma: services.prisma,
        auditBus: services.auditBus,
        actor: {
          organizationId: check.known.organizationId,
          actorType: check.known.actorKind,
          actorId: check.known.actorId,
          credentialKind: check.known.kind,
          credentialId: check.known.id,
          requestId: context.requestId,
          ip: context.ip,
          userAgent: context.userAgent,
        },
      },
      { action: 'auth.failed', outcome: 'DENIED', changes: { code: check.code } },
    );
  }
  throw new GraphQLError('Invalid or expired credential', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

function clientIp(services: Services, request: Request, server: ServerContext): string | null {
  if (server.clientIp) return server.clientIp;
  if (services.config.trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return server.req?.socket.remoteAddress ?? null;
}

/** The organization header takes an Organization global id or its raw UUID. */
function parseOrganizationHeader(value: string | null): string | null {
  if (!value) return null;
  if (UUID.test(value)) return value.toLowerCase();
  try {
    const { typename, id } = decodeGlobalId(value);
    if (typename === 'Organization') return id;
  } catch {
    // fall through: an unusable header is answered like an organization the caller is not in
  }
  return NIL_UUID;
}
