import { createPublicKey, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, errors, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import {
  type Application,
  type ApplicationKey,
  Prisma,
  type PrismaClient,
} from '../generated/prisma/client.js';
import { verifyCompactJwt } from '../keys/jws.js';
import { APP_KEY_ALGORITHM } from './application-keys.js';
import { type CacheTag, type CredentialCache, organizationState } from './credential-cache.js';
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

/** An assertion's one use: its (key, jti) pair, kept as long as the assertion could still pass. */
export interface AssertionUse {
  keyId: string;
  jti: string;
  keepUntil: Date;
  at: Date;
}

export type ClientAssertionCheck =
  | {
      ok: true;
      application: Application;
      key: ApplicationKey;
      organizationId: string;
      /** Recorded already, unless `consume: false` left it to the caller (assertionUseStatement, then assertionUsed). */
      use: AssertionUse;
    }
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
  /**
   * Where a key, its application and its organization's state are kept between assertions (evicted like
   * credentials when any of them changes); without it every assertion reads them.
   */
  credentialCache?: CredentialCache;
}

/** What verifying client assertions needs, from a running instance's services. */
export function clientAssertionDeps(services: {
  prisma: PrismaClient;
  usage: UsageRecorder;
  credentialCache: CredentialCache;
  config: { issuer: string };
}): ClientAssertionDeps {
  return {
    prisma: services.prisma,
    usage: services.usage,
    issuer: services.config.issuer,
    credentialCache: services.credentialCache,
  };
}

/** The audiences an assertion may name: the issuer, or the token endpoint as RFC 7523 §3 also allows. */
export function assertionAudiences(issuer: string): string[] {
  return [issuer, `${issuer}/oauth/token`];
}

export interface ClientAssertionOptions {
  /** Only keys of this organization are found; the others are NOT_FOUND and their jti is left unused. */
  organizationId?: string | null;
  now?: Date;
  /**
   * false: everything is checked but the use is not recorded; the caller records it with what it writes
   * anyway (`assertionUseStatement` as the guard of one statement), then calls `assertionUsed`. An
   * assertion is accepted once only once its use is recorded.
   */
  consume?: boolean;
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
const publicKeys = new LRUCache<string, KeyObject>({ max: 1000 });
function publicKeyOf(key: Pick<ApplicationKey, 'id' | 'publicKey'>): KeyObject {
  const cacheKey = `${key.id}\u0000${key.publicKey}`;
  let known = publicKeys.get(cacheKey);
  if (!known) {
    // A key that cannot be read throws here, and is not kept: the next request meets the same refusal.
    known = createPublicKey(key.publicKey);
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

  const found = await findKey(deps, header.kid.toLowerCase());
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
    if (key.algorithm !== APP_KEY_ALGORITHM) return fail('INVALID_SIGNATURE');
    payload = verifyCompactJwt(assertion, publicKeyOf(key), APP_KEY_ALGORITHM, {
      issuer: application.clientId,
      subject: application.clientId,
      audience: assertionAudiences(deps.issuer),
      requiredClaims: ['exp', 'iat', 'jti'],
      maxTokenAge: MAX_ASSERTION_LIFETIME_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    });
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
  const use: AssertionUse = { keyId: key.id, jti, keepUntil, at: now };
  if (options.consume !== false) {
    const accepted = await deps.prisma.$queryRaw<unknown[]>(assertionUseStatement(use));
    if (accepted.length !== 1) return fail(await unusedBecause(deps, use));
    await assertionUsed(deps, use);
  }
  return { ok: true, application, key, organizationId: key.organizationId, use };
}

const keyLookup = { application: true, organization: organizationState } as const;

/**
 * The key an assertion names, with its application and its organization's state: one lookup, then from
 * the credential cache until the key, its application or its organization changes (revocation, disabling,
 * suspension evict it on every instance). Expiry and revocation are checked on that row on every use, and
 * recording the use checks them once more in the database (assertionUseStatement).
 */
function findKey(deps: ClientAssertionDeps, id: string) {
  const read = () => deps.prisma.applicationKey.findUnique({ where: { id }, include: keyLookup });
  if (!deps.credentialCache) return read();
  // A key id nobody made is not kept: made-up ids must not push out what forward auth relies on.
  return deps.credentialCache.loadState(
    `application-key:${id}`,
    async () => {
      const found = await read();
      const tags: CacheTag[] = found
        ? [
            `credential:${found.id}`,
            `application:${found.applicationId}`,
            `organization:${found.organizationId}`,
          ]
        : [];
      return { value: found, tags };
    },
    (found) => found !== null,
  );
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
 * Records a used (key, jti) pair: the statement answers one row, or none when the pair was used before. A
 * row whose assertion has expired may be taken over, so the answer does not depend on when the purge last
 * ran. Concurrent uses of one jti are ordered by the primary key: exactly one of them is accepted.
 */
export function assertionUseStatement(use: AssertionUse): Prisma.Sql {
  // Only while the key, its application and its organization still work, as the database has them now:
  // another instance's cache may not have heard of a revocation yet, and issuing must not trust it.
  return Prisma.sql`
    INSERT INTO "UsedAssertion" ("keyId", "jti", "expiresAt")
    SELECT k."id", ${use.jti}, ${use.keepUntil}
    FROM "ApplicationKey" k
      JOIN "Application" a ON a."id" = k."applicationId"
      JOIN "Organization" o ON o."id" = k."organizationId"
    WHERE k."id" = ${use.keyId}::uuid AND k."revokedAt" IS NULL AND k."expirationDate" > ${use.at}
      AND a."disabledAt" IS NULL AND o."suspendedAt" IS NULL AND o."deletedAt" IS NULL
    ON CONFLICT ("keyId", "jti") DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt"
    WHERE "UsedAssertion"."expiresAt" <= ${use.at}
    RETURNING 1 AS accepted`;
}

/**
 * Why a use was not recorded: the key, its application or its organization stopped working since it was
 * read (from the cache, perhaps), or else the assertion was used before. Read afresh, never from the cache.
 */
export async function unusedBecause(
  deps: Pick<ClientAssertionDeps, 'prisma'>,
  use: AssertionUse,
): Promise<ClientAssertionFailure> {
  const found = await deps.prisma.applicationKey.findUnique({ where: { id: use.keyId }, include: keyLookup });
  if (!found || found.organization.deletedAt) return 'NOT_FOUND';
  if (found.revokedAt) return 'REVOKED';
  if (found.application.disabledAt) return 'DISABLED';
  if (found.organization.suspendedAt) return 'ORGANIZATION_SUSPENDED';
  if (found.expirationDate <= use.at) return 'EXPIRED';
  return 'REPLAYED';
}

/** After a use was recorded: the key's last use, and now and then the purge of expired pairs. */
export async function assertionUsed(deps: ClientAssertionDeps, use: AssertionUse): Promise<void> {
  await purgeUsedAssertions(deps.prisma, use.at);
  deps.usage.usedAppKey(use.keyId, use.at);
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
