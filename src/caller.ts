import { type AuditActor, redactText } from './domain/audit.js';
import { recordAttempt } from './domain/audited.js';
import {
  type CheckOptions,
  checkSecretHash,
  ORGANIZATION_NOT_ALLOWED,
  type Principal,
  type SecretCheck,
} from './domain/authenticate.js';
import {
  type InspectDeps,
  type Inspection,
  inspectCredential,
  requestLimitOf,
  withinRequestLimit,
} from './domain/inspect-credential.js';
import type { RateDecision } from './domain/rate-limit.js';
import { type Bytes, presentedSecret } from './domain/secrets.js';
import type { Transport } from './observability/metrics.js';
import { decodeGlobalId, UUID } from './schema/global-id.js';
import { NIL_UUID } from './schema/tenancy.js';
import type { Services } from './services.js';

/*
 * Who is asking: the one place that turns a request's Authorization and organization headers into a
 * principal, with the failure limits and lockouts around it. The GraphQL context and every plain-HTTP
 * endpoint call it, so they refuse alike and count failures under the same limits.
 */

/** What a request says about itself, read by whichever door it came through. */
export interface RequestFacts {
  authorization: string | null;
  organizationHeader: string | null;
  /** The client address, as the trusted-proxy rules determine it (client-address.ts). */
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  /** How the request came (the metrics' `transport` label); absent: HTTP. */
  transport?: Transport;
}

/** Why a request with a credential is refused before it is served. */
export type Refusal =
  /** The credential is missing its form, unknown, expired, revoked, disabled, used up, or used from elsewhere. */
  | { kind: 'UNAUTHENTICATED' }
  | { kind: 'RATE_LIMITED'; retryAfterSeconds: number }
  /** A good credential asked to act in an organization it may not act in. */
  | { kind: 'ORGANIZATION_NOT_ALLOWED' };

export class CallerRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.kind);
  }
}

/** RFC 6750's scheme, case-insensitive (RFC 7235), then the token. */
const BEARER = /^bearer +([\x21-\x7e]{1,512}) *$/i;
const MINUTE_MS = 60_000;

/** User-Agent as Keygate keeps it: control characters out, secrets redacted, at most 512 characters. */
export function cleanUserAgent(value: string | null): string | null {
  if (!value) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const cleaned = redactText(value.replace(/[\u0000-\u001f\u007f]/g, '')).slice(0, 512);
  return cleaned || null;
}

/**
 * The principal the request authenticates as, or null without an Authorization header. Throws
 * CallerRefused otherwise.
 *
 * A valid credential is always let in, whatever other secrets failed from its address: only failures are
 * counted, after the check. Counting after the check is exact under concurrency (each failure increments
 * the shared counter once, so exactly the limit's worth are answered 401 and the rest 429), and a mistyped
 * secret never reaches the database. A credential that keeps failing, from however many addresses, is
 * refused outright for the rest of the minute, before it is looked up: a stolen token cannot be tried from
 * address after address until one is trusted.
 *
 * Only the GraphQL door passes `suspendedOwner` (authenticate.ts): there a suspended organization's owner
 * may resume it, and nothing else, anywhere.
 */
export async function identifyCaller(
  services: Services,
  facts: RequestFacts,
  options: Pick<CheckOptions, 'suspendedOwner'> & {
    /**
     * Whether this is a use of the credential (the default): it counts towards its use and request limits.
     * A WebSocket's connection is checked without it; each operation on it is a use.
     */
    countUse?: boolean;
  } = {},
): Promise<Principal | null> {
  const countUse = options.countUse ?? true;
  if (facts.authorization === null) return null;
  const match = BEARER.exec(facts.authorization);
  const parsed = match ? presentedSecret(match[1]!) : null;
  const credentialKey = parsed ? credentialKeyOf(parsed.hash) : null;
  // Every outcome is counted, under the kind of credential the secret says it is (observability/metrics.ts).
  const count = (code: string) =>
    services.metrics.countAuthentication(parsed?.kind ?? 'UNKNOWN', code, facts.transport);
  if (credentialKey) {
    const lockout = await services.rateLimiter.peek(
      credentialKey,
      services.config.limits.authFailuresPerCredentialPerMinute,
      MINUTE_MS,
    );
    if (!lockout.allowed) throw refused(lockout, count);
  }
  const organizationId = parseOrganizationHeader(facts.organizationHeader);
  const check: SecretCheck = parsed
    ? await checkSecretHash(services, parsed.hash, {
        suspendedOwner: options.suspendedOwner,
        ip: facts.ip,
        organizationId,
        countUse,
      })
    : { ok: false, code: 'NOT_FOUND' };
  if (check.ok) {
    // A token's own request limit, if it has one, holds on this path as on every other.
    const requestLimit = countUse ? requestLimitOf(check.principal) : null;
    if (requestLimit) {
      const limited = await withinRequestLimit(services.rateLimiter, { requestLimit });
      if (!limited.allowed) throw refused(limited, count);
    }
    count('SUCCESS');
    return check.principal;
  }
  if (check.code === ORGANIZATION_NOT_ALLOWED) {
    count(ORGANIZATION_NOT_ALLOWED);
    throw new CallerRefused({ kind: 'ORGANIZATION_NOT_ALLOWED' });
  }
  const decision = await countFailedSecret(services, facts, parsed?.hash ?? null, check);
  if (!decision.allowed) throw refused(decision, count);
  count(parsed ? check.code : 'MALFORMED');
  throw new CallerRefused({ kind: 'UNAUTHENTICATED' });
}

/**
 * Counts a secret that did not authenticate against its client address and, when it belongs to a
 * credential, against that credential; records the attempt in the credential's organization, so its owner
 * learns of it (up to the credential's limit: past it the log already holds the ones before). Also used
 * when a secret is presented some other way (set as another token's key).
 */
export async function countFailedSecret(
  services: Services,
  facts: Omit<RequestFacts, 'authorization' | 'organizationHeader'>,
  hash: Bytes | null,
  check: Extract<SecretCheck, { ok: false }>,
  via?: string,
): Promise<RateDecision> {
  const { limits } = services.config;
  const address = await services.rateLimiter.hit(
    `auth-failure:${facts.ip ?? 'unknown'}`,
    limits.authFailuresPerMinute,
    MINUTE_MS,
  );
  if (!check.known || !hash) return address;
  const credential = await services.rateLimiter.hit(
    credentialKeyOf(hash),
    limits.authFailuresPerCredentialPerMinute,
    MINUTE_MS,
  );
  if (!credential.allowed) return credential;
  const actor: AuditActor = {
    organizationId: check.known.organizationId,
    actorType: check.known.actorKind,
    actorId: check.known.actorId,
    credentialKind: check.known.kind,
    credentialId: check.known.id,
    requestId: facts.requestId,
    ip: facts.ip,
    userAgent: facts.userAgent,
  };
  await recordAttempt(
    { prisma: services.prisma, auditBus: services.auditBus, actor },
    { action: 'auth.failed', outcome: 'DENIED', changes: { code: check.code, ...(via ? { via } : {}) } },
  );
  return address;
}

function refused(decision: RateDecision, count: (code: 'RATE_LIMITED') => void): CallerRefused {
  count('RATE_LIMITED');
  return new CallerRefused({ kind: 'RATE_LIMITED', retryAfterSeconds: decision.retryAfterSeconds });
}

/**
 * Inspects a credential presented to a plain-HTTP endpoint (introspection, forward auth) under the same
 * rules as a request authenticated with it: a credential that keeps failing is refused before it is looked
 * up, a failure counts against the address (and the credential, recorded in its organization), and a
 * mistyped secret never reaches the database. With `organizationId`, only that organization's credentials
 * are active.
 */
export async function inspectPresented(
  services: Services,
  facts: Omit<RequestFacts, 'authorization' | 'organizationHeader'>,
  presented: string,
  options: { organizationId?: string | null } = {},
): Promise<Inspection> {
  const parsed = presentedSecret(presented);
  const credentialKey = parsed ? credentialKeyOf(parsed.hash) : null;
  if (credentialKey) {
    const lockout = await services.rateLimiter.peek(
      credentialKey,
      services.config.limits.authFailuresPerCredentialPerMinute,
      MINUTE_MS,
    );
    if (!lockout.allowed)
      return { active: false, code: 'RATE_LIMITED', retryAfterSeconds: lockout.retryAfterSeconds };
  }
  const inspection = await inspectCredential(inspectDepsOf(services), presented, {
    organizationId: options.organizationId,
    ip: facts.ip,
    parsed,
  });
  if (inspection.active || inspection.code === 'RATE_LIMITED') return inspection;
  // Whose it is, when it is a secret of a credential: its organization learns of the refused use.
  const check: SecretCheck =
    parsed && inspection.code !== 'NOT_FOUND'
      ? await checkSecretHash(services, parsed.hash, { ip: facts.ip, countUse: false })
      : { ok: false, code: 'NOT_FOUND' };
  const decision = await countFailedSecret(
    services,
    facts,
    parsed?.hash ?? null,
    check.ok ? { ok: false, code: 'NOT_FOUND' } : check,
  );
  if (!decision.allowed)
    return { active: false, code: 'RATE_LIMITED', retryAfterSeconds: decision.retryAfterSeconds };
  return inspection;
}

/**
 * A secret is known to the rate limits by half of its hash (not the value the database stores): known
 * before the secret is looked up, and a rotated credential's new secret is not locked by failures of the
 * old one.
 */
function credentialKeyOf(hash: Uint8Array): string {
  return `auth-failure:credential:${Buffer.from(hash.buffer, hash.byteOffset, 16).toString('hex')}`;
}

/** What inspectCredential needs of an instance's services, made once per instance, not per request. */
const inspectDeps = new WeakMap<Services, InspectDeps>();

function inspectDepsOf(services: Services): InspectDeps {
  let deps = inspectDeps.get(services);
  if (!deps) {
    deps = { ...services, issuer: services.config.issuer };
    inspectDeps.set(services, deps);
  }
  return deps;
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
