import { decodeProtectedHeader, errors, importSPKI, type JWTPayload, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Application, ApplicationKey, PrismaClient } from '../generated/prisma/client.js';
import { APP_KEY_ALGORITHM } from './application-keys.js';
import { organizationState } from './credential-cache.js';
import type { UsageRecorder } from './usage-recorder.js';

/**
 * Client authentication with a JWT assertion (RFC 7523, the JWT profile Zitadel calls "private key JWT"):
 * the application signs a short-lived JWT with the private key Keygate handed out; Keygate checks it against
 * the stored public key and accepts each assertion once.
 */

export type ClientAssertionFailure =
  | 'NOT_FOUND'
  | 'EXPIRED'
  | 'REVOKED'
  | 'DISABLED'
  | 'ORGANIZATION_SUSPENDED'
  | 'INVALID_SIGNATURE'
  | 'INVALID_CLAIMS'
  | 'REPLAYED';

/** A JWT claim an assertion can fail on. */
export type AssertionClaim = 'iss' | 'sub' | 'aud' | 'exp' | 'iat' | 'nbf' | 'jti';

export type ClientAssertionCheck =
  | { ok: true; application: Application; key: ApplicationKey; organizationId: string }
  | {
      ok: false;
      code: ClientAssertionFailure;
      /** For INVALID_CLAIMS and an expired assertion: which claim failed, and how. */
      claim?: AssertionClaim;
      reason?: string;
    };

export interface ClientAssertionDeps {
  prisma: PrismaClient;
  usage: UsageRecorder;
  /** The audience an assertion must name: Keygate's issuer URL (or its token endpoint's, RFC 7523 §3). */
  issuer: string;
}

/** The audiences an assertion may name: the issuer, or the token endpoint as RFC 7523 §3 also allows. */
export function assertionAudiences(issuer: string): string[] {
  return [issuer, `${issuer}/oauth/token`];
}

export interface ClientAssertionOptions {
  /** Only keys of this organization are found; the others are NOT_FOUND and their jti is left unused. */
  organizationId?: string | null;
  now?: Date;
}

/** Longest lifetime (exp - iat) an assertion may claim: they are meant to be made for each request. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 3600;
export const CLOCK_TOLERANCE_SECONDS = 30;
const MAX_ASSERTION_LENGTH = 8192;
const MAX_JTI_LENGTH = 255;
const PURGE_INTERVAL_MS = 60_000;
const PURGE_BATCH = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Application keys' public keys, parsed once (a key never changes; a revoked one is refused before its
 * public key is needed). Keyed by the key's id and its PEM, so a key id can never bring another key.
 */
const publicKeys = new LRUCache<string, Promise<CryptoKey>>({ max: 1000 });
function publicKeyOf(key: Pick<ApplicationKey, 'id' | 'publicKey' | 'algorithm'>): Promise<CryptoKey> {
  const cacheKey = `${key.id}\u0000${key.algorithm}\u0000${key.publicKey}`;
  let known = publicKeys.get(cacheKey);
  if (!known) {
    known = importSPKI(key.publicKey, key.algorithm);
    // A key that cannot be read is not kept: the next request meets the same refusal afresh.
    known.catch(() => publicKeys.delete(cacheKey));
    publicKeys.set(cacheKey, known);
  }
  return known;
}

const fail = (code: ClientAssertionFailure): ClientAssertionCheck => ({ ok: false, code });
const failClaim = (
  code: ClientAssertionFailure,
  claim: AssertionClaim,
  reason: string,
): ClientAssertionCheck => ({
  ok: false,
  code,
  claim,
  reason,
});
const CLAIMS = new Set<string>(['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti']);

/**
 * Verifies a client assertion and consumes its `jti`. Checks, in order: a compact JWS with `alg` RS256 and a
 * `kid` naming a key (of `options.organizationId` when given; of an organization not deleted), the key not
 * revoked, its application enabled, its organization not suspended, the key not expired, the signature,
 * then the claims: `iss` = `sub` = the application's client id, `aud` naming the issuer, `exp`, `iat` and
 * `jti` present, at most an hour between `iat` and `exp`, 30 s of clock tolerance. An assertion is accepted
 * once.
 */
export async function verifyClientAssertion(
  deps: ClientAssertionDeps,
  assertion: string,
  options: ClientAssertionOptions = {},
): Promise<ClientAssertionCheck> {
  const now = options.now ?? new Date();
  if (assertion.length > MAX_ASSERTION_LENGTH) return fail('NOT_FOUND');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return fail('NOT_FOUND');
  }
  // Only the one algorithm Keygate's keys are made for: no `none`, no HMAC keyed with the public key.
  if (header.alg !== APP_KEY_ALGORITHM) return fail('INVALID_SIGNATURE');
  if (typeof header.kid !== 'string' || !UUID.test(header.kid)) return fail('NOT_FOUND');

  const found = await deps.prisma.applicationKey.findUnique({
    where: { id: header.kid.toLowerCase() },
    include: { application: true, organization: organizationState },
  });
  // A deleted organization's keys are gone for everyone, like a missing one.
  if (
    !found ||
    found.organization.deletedAt ||
    (options.organizationId && found.organizationId !== options.organizationId)
  ) {
    return fail('NOT_FOUND');
  }
  const { application, organization, ...key } = found;
  if (key.revokedAt) return fail('REVOKED');
  if (application.disabledAt) return fail('DISABLED');
  if (organization.suspendedAt) return fail('ORGANIZATION_SUSPENDED');
  if (key.expirationDate <= now) return fail('EXPIRED');

  let payload: JWTPayload;
  try {
    const publicKey = await publicKeyOf(key);
    ({ payload } = await jwtVerify(assertion, publicKey, {
      algorithms: [key.algorithm],
      issuer: application.clientId,
      subject: application.clientId,
      audience: assertionAudiences(deps.issuer),
      requiredClaims: ['exp', 'iat', 'jti'],
      maxTokenAge: MAX_ASSERTION_LIFETIME_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    }));
  } catch (error) {
    return failureOf(error);
  }
  const { exp, iat, jti } = payload as Required<Pick<JWTPayload, 'exp' | 'iat' | 'jti'>>;
  if (exp - iat > MAX_ASSERTION_LIFETIME_SECONDS) {
    return failClaim(
      'INVALID_CLAIMS',
      'exp',
      `exp: more than ${MAX_ASSERTION_LIFETIME_SECONDS} seconds after iat`,
    );
  }
  // A NUL cannot be stored (PostgreSQL text): refused like any jti out of shape, never a database error.
  if (typeof jti !== 'string' || !jti || jti.length > MAX_JTI_LENGTH || jti.includes('\u0000')) {
    return failClaim('INVALID_CLAIMS', 'jti', `jti: must be a string of 1 to ${MAX_JTI_LENGTH} characters`);
  }

  // The jti is kept as long as the assertion could still pass the exp check.
  const keepUntil = new Date((exp + CLOCK_TOLERANCE_SECONDS) * 1000);
  if (!(await consumeJti(deps.prisma, key.id, jti, keepUntil, now))) return fail('REPLAYED');
  await purgeUsedAssertions(deps.prisma, now);
  deps.usage.usedAppKey(key.id, now);
  return { ok: true, application, key, organizationId: key.organizationId };
}

/** What jose's refusal means for the caller; a failed claim check names the claim (jose's `claim`). */
function failureOf(error: unknown): ClientAssertionCheck {
  if (error instanceof errors.JWTExpired)
    return failClaim('EXPIRED', 'exp', 'exp: the assertion has expired');
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed) {
    return fail('INVALID_SIGNATURE');
  }
  if (error instanceof errors.JWTClaimValidationFailed && CLAIMS.has(error.claim)) {
    return failClaim('INVALID_CLAIMS', error.claim as AssertionClaim, `${error.claim}: ${error.reason}`);
  }
  if (error instanceof errors.JOSEError) return fail('INVALID_CLAIMS');
  throw error;
}

/**
 * Records a used (key, jti) pair; false when it was used before. A row whose assertion has expired may be
 * taken over, so the answer does not depend on when the purge last ran. Concurrent uses of one jti are
 * ordered by the primary key: exactly one of them is accepted.
 */
async function consumeJti(prisma: PrismaClient, keyId: string, jti: string, keepUntil: Date, now: Date) {
  const accepted = await prisma.$queryRaw<unknown[]>`
    INSERT INTO "UsedAssertion" ("keyId", "jti", "expiresAt") VALUES (${keyId}::uuid, ${jti}, ${keepUntil})
    ON CONFLICT ("keyId", "jti") DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt"
    WHERE "UsedAssertion"."expiresAt" <= ${now}
    RETURNING 1 AS accepted`;
  return accepted.length === 1;
}

const lastPurge = new WeakMap<PrismaClient, number>();

/** Deletes a bounded batch of expired jti records, at most once a minute per process. */
async function purgeUsedAssertions(prisma: PrismaClient, now: Date): Promise<void> {
  const last = lastPurge.get(prisma) ?? 0;
  if (now.getTime() - last < PURGE_INTERVAL_MS) return;
  lastPurge.set(prisma, now.getTime());
  await prisma.$executeRaw`
    DELETE FROM "UsedAssertion" WHERE ctid IN (
      SELECT ctid FROM "UsedAssertion" WHERE "expiresAt" <= ${now} LIMIT ${PURGE_BATCH})`;
}

export type ClientAssertionCode = 'VALID' | ClientAssertionFailure;

/** The answer a verifying service gets, in the shape of `Verification` (verify-credential.ts). */
export interface ClientAssertionVerification {
  valid: boolean;
  code: ClientAssertionCode;
  application: Application | null;
  key: ApplicationKey | null;
  claim: AssertionClaim | null;
  reason: string | null;
}

/**
 * Verification for a service in `organizationId`: assertions made with other organizations' keys are
 * NOT_FOUND (and their jti is not consumed). This is what a generic verifyCredential can call.
 */
export async function verifyClientAssertionInOrganization(
  deps: ClientAssertionDeps,
  organizationId: string,
  assertion: string,
  now = new Date(),
): Promise<ClientAssertionVerification> {
  const check = await verifyClientAssertion(deps, assertion, { organizationId, now });
  if (!check.ok) {
    return {
      valid: false,
      code: check.code,
      application: null,
      key: null,
      claim: check.claim ?? null,
      reason: check.reason ?? null,
    };
  }
  return {
    valid: true,
    code: 'VALID',
    application: check.application,
    key: check.key,
    claim: null,
    reason: null,
  };
}
