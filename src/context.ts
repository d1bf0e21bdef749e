import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { recordAttempt } from './domain/audited.js';
import { checkSecretHash, type Principal, type SecretCheck } from './domain/authenticate.js';
import { parseSecret } from './domain/secrets.js';
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
const MINUTE_MS = 60_000;
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
  const { limits } = services.config;
  const limiter = services.rateLimiter;
  const match = BEARER.exec(authorization);
  // Guessing is slow. A secret that has not authenticated here lately is counted against the client
  // address before it is checked (a reservation, given back when it turns out valid), so concurrent
  // guesses cannot all slip under the limit; one that has only needs to find the address under the limit,
  // so a busy client's concurrent requests hold no reservations. A credential that keeps failing, from
  // however many addresses, is refused outright for the rest of the minute: a stolen token cannot be tried
  // from address after address until one is trusted.
  const addressKey = `auth-failure:${context.ip ?? 'unknown'}`;
  const parsed = match ? parseSecret(match[1]!) : null;
  const digest = parsed ? credentialKeyOf(parsed.hash) : null;
  const credentialKey = digest ? `auth-failure:credential:${digest}` : null;
  const reserved = !digest || !services.recentlyValidSecrets.has(digest);
  const [gate, lockout] = await Promise.all([
    reserved
      ? limiter.hit(addressKey, limits.authFailuresPerMinute, MINUTE_MS)
      : limiter.peek(addressKey, limits.authFailuresPerMinute, MINUTE_MS),
    credentialKey ? limiter.peek(credentialKey, limits.authFailuresPerCredentialPerMinute, MINUTE_MS) : null,
  ]);
  const giveBack = () => {
    if (reserved) limiter.release(addressKey).catch(() => {});
  };
  if (!gate.allowed) throw rateLimitedError(gate.retryAfterSeconds);
  if (lockout && !lockout.allowed) {
    giveBack();
    throw rateLimitedError(lockout.retryAfterSeconds);
  }
  const organizationId = parseOrganizationHeader(request.headers.get(ORGANIZATION_HEADER));
  const check: SecretCheck = parsed
    ? await checkSecretHash(services, parsed.hash, { ip: context.ip, organizationId })
    : { ok: false, code: 'NOT_FOUND' };
  if (check.ok) {
    giveBack();
    if (digest) services.recentlyValidSecrets.set(digest, true);
    context.viewer = check.principal;
    return context;
  }
  if (!reserved) {
    const counted = await limiter.hit(addressKey, limits.authFailuresPerMinute, MINUTE_MS);
    if (!counted.allowed) throw rateLimitedError(counted.retryAfterSeconds);
  }
  if (check.known && credentialKey) {
    const counted = await limiter.hit(credentialKey, limits.authFailuresPerCredentialPerMinute, MINUTE_MS);
    // Past the limit the attempt is refused without another audit event: the log holds the ones before.
    if (!counted.allowed) throw rateLimitedError(counted.retryAfterSeconds);
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

/**
 * A secret is known to the rate limits by half of its hash (not the value the database stores): known
 * before the secret is looked up, and a rotated credential's new secret is not locked by failures of the
 * old one.
 */
function credentialKeyOf(hash: Uint8Array): string {
  return Buffer.from(hash.subarray(0, 16)).toString('hex');
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
