import type { CredentialKind, PrismaClient } from '../generated/prisma/client.js';
import { type CredentialCache, credentialLookup } from './credential-cache.js';
import { ipAllowed } from './ip-ranges.js';
import { effectivePermissions, type Permission, type RoleName } from './permissions.js';
import { earliest, type Reach } from './reach.js';
import { type Bytes, presentedSecret } from './secrets.js';
import type { UsageRecorder } from './usage-recorder.js';

/** Why a presented secret does not authenticate. Callers outside Keygate see only UNAUTHENTICATED. */
export type CredentialFailure =
  | 'NOT_FOUND'
  | 'EXPIRED'
  | 'REVOKED'
  | 'DISABLED'
  | 'USAGE_EXCEEDED'
  | 'IP_NOT_ALLOWED'
  /** The credential's organization, or the one it asks to act in, is suspended. */
  | 'ORGANIZATION_SUSPENDED';

/**
 * A good credential asked to act in an organization it may not act in (one its owner is not a member of,
 * or any other than its own for a bound one): the request is forbidden, the credential is not bad.
 */
export const ORGANIZATION_NOT_ALLOWED = 'ORGANIZATION_NOT_ALLOWED';

/** Who a valid credential speaks for, and what it may do in the organization it acts in. */
export interface Principal {
  kind: 'USER' | 'MACHINE_IDENTITY';
  /** The user's or the machine identity's id. */
  actorId: string;
  organizationId: string;
  role: RoleName;
  permissions: ReadonlySet<Permission>;
  /** How far the credential reaches: what it makes or extends may reach no further (see reach.ts). */
  reach: Reach;
  credential: {
    kind: CredentialKind;
    id: string;
    scopes: readonly string[];
    /** When the presented secret stops working: the credential's expiry, or a rotated-out secret's end. */
    expiresAt: Date | null;
    /** Uses left after this one, for use-limited tokens. */
    remainingUses: number | null;
    /** Requests the credential may make per window on every verification path; null: no such limit. */
    requestLimit: { limit: number; windowSeconds: number } | null;
    /**
     * What limits the credential beyond its expiry and scopes (trusted addresses, a use limit): an access
     * token that APIs check offline could not carry them, so such a credential is never exchanged for one.
     */
    restricted: boolean;
    /** SHA-256 of the presented secret (never the secret), to check the credential again later. */
    secretHash: Bytes;
  };
}

export type SecretCheck =
  | { ok: true; principal: Principal }
  | { ok: false; code: typeof ORGANIZATION_NOT_ALLOWED; known?: undefined }
  | {
      ok: false;
      code: CredentialFailure;
      /**
       * Set when the credential exists, so the failure can be recorded in an organization's audit log: its
       * own, or the suspended one it asked to act in.
       */
      known?: {
        organizationId: string;
        kind: CredentialKind;
        id: string;
        actorId: string;
        actorKind: Principal['kind'];
      };
    };

export interface CheckOptions {
  ip: string | null;
  /** An organization the caller asks to act in; a user may pick any of their memberships. */
  organizationId?: string | null;
  now?: Date;
  /**
   * Whether this check is a use of the credential (the default): it counts towards a use limit and
   * refreshes last-used times. A re-check of a credential already in use (an open subscription) is not.
   */
  countUse?: boolean;
  /**
   * Whether an owner's personal access token may act in a suspended organization it owns, holding nothing
   * but `organization:resume`, so that the owner can undo the suspension. Only a GraphQL request asks for
   * it; no verification path does, so such a token verifies nowhere.
   */
  suspendedOwner?: boolean;
}

const notFound: SecretCheck = { ok: false, code: 'NOT_FOUND' };
const notInOrganization: SecretCheck = { ok: false, code: ORGANIZATION_NOT_ALLOWED };

/** All a suspended organization's owner may do there (`CheckOptions.suspendedOwner`). */
const SUSPENDED_OWNER_PERMISSIONS: readonly Permission[] = ['organization:resume'];

/**
 * Resolves a presented secret to a principal, enforcing expiry, revocation, disabling, suspended and
 * deleted organizations, trusted IPs and use limits. A deleted organization's credentials are not found,
 * and it is not an organization anyone may act in. A use of a use-limited token is counted atomically in
 * the database (exactly N of N succeed, whatever the concurrency); other uses are recorded in batches by
 * the UsageRecorder.
 */
export async function checkSecret(
  deps: CheckDeps,
  secret: string,
  options: CheckOptions,
): Promise<SecretCheck> {
  const parsed = presentedSecret(secret);
  if (!parsed) return notFound;
  return checkSecretHash(deps, parsed.hash, options);
}

interface CheckDeps {
  prisma: PrismaClient;
  usage: UsageRecorder;
  credentialCache?: CredentialCache;
}

/**
 * Checks the principal behind an earlier authentication again, as it stands now: still valid, still a
 * member, same organization. Used by long-lived operations (subscriptions) that must stop when the
 * credential is revoked, expires or loses its permissions. Counts no use.
 */
export async function recheckPrincipal(
  deps: CheckDeps,
  principal: Principal,
  ip: string | null,
): Promise<Principal | null> {
  const check = await checkSecretHash(deps, principal.credential.secretHash, {
    ip,
    organizationId: principal.organizationId,
    countUse: false,
  });
  return check.ok ? check.principal : null;
}

/**
 * The permissions of a credential row's membership (a personal access token's) or token, worked out once
 * per row. This relies on a row never changing in place: a change to what it holds evicts it from the
 * credential cache and the next request reads a new row, and the cache freezes the rows it keeps
 * (credential-cache.ts), so one object always gives one set. Held weakly: an evicted row takes its entry
 * with it.
 */
const rowPermissions = new WeakMap<object, ReadonlySet<Permission>>();

function permissionsOfRow(
  part: object,
  input: Parameters<typeof effectivePermissions>[0],
): ReadonlySet<Permission> {
  let permissions = rowPermissions.get(part);
  if (!permissions) {
    permissions = effectivePermissions(input);
    rowPermissions.set(part, permissions);
  }
  return permissions;
}

/**
 * A credential's principal as its row gives it, kept per row object like its permissions (and for the same
 * reason safe): one frozen object for every request that presents the secret. The callers leave out what
 * differs from use to use (a use-limited token's remaining uses, a suspended organization's owner).
 */
const rowPrincipals = new WeakMap<object, Principal>();

/** Keeps `principal` as the one of `part` (a row's membership or token), frozen. */
function keptPrincipal(part: object, principal: Principal): Principal {
  Object.freeze(principal.reach);
  Object.freeze(principal.credential);
  rowPrincipals.set(part, Object.freeze(principal));
  return principal;
}

/** `checkSecret` for a secret already parsed (presentedSecret: its shape checked): the lookup by its hash. */
export async function checkSecretHash(
  deps: CheckDeps,
  hash: Bytes,
  options: CheckOptions,
): Promise<SecretCheck> {
  const now = options.now ?? new Date();
  const countUse = options.countUse ?? true;
  const read = () => deps.prisma.credentialSecret.findUnique({ where: { hash }, include: credentialLookup });
  const row = deps.credentialCache ? await deps.credentialCache.load(hash, read) : await read();
  if (!row || (row.validUntil && row.validUntil <= now)) return notFound;

  if (row.pat) {
    const pat = row.pat;
    const organizationId = options.organizationId ?? pat.organizationId;
    const live = pat.user.memberships.filter((m) => !m.organization.deletedAt);
    const home = live.find((m) => m.organizationId === pat.organizationId);
    const membership = live.find((m) => m.organizationId === organizationId);
    // Its organization is deleted, or its owner has left it (which also deletes the token: a lost race).
    if (!home) return notFound;
    const known = {
      organizationId: pat.organizationId,
      kind: 'PERSONAL_ACCESS_TOKEN' as const,
      id: pat.id,
      actorId: pat.userId,
      actorKind: 'USER' as const,
    };
    if (pat.revokedAt) return { ok: false, code: 'REVOKED', known };
    if (pat.expiresAt <= now) return { ok: false, code: 'EXPIRED', known };
    // A bound token acts only where it was made; any token only where its owner is a member.
    if (organizationId !== pat.organizationId && (pat.organizationBound || !membership)) {
      return notInOrganization;
    }
    if (!membership) return notFound;
    // A token of a suspended organization works nowhere; a token asking to act in a suspended
    // organization is refused there, and the attempt recorded in that organization's log.
    if (home.organization.suspendedAt && organizationId !== pat.organizationId) {
      return { ok: false, code: 'ORGANIZATION_SUSPENDED', known };
    }
    let permissions = permissionsOfRow(membership, {
      role: membership.role,
      grants: membership.permissions,
      scopes: pat.scopes,
    });
    const resuming = Boolean(membership.organization.suspendedAt);
    if (resuming) {
      const held =
        options.suspendedOwner && membership.role === 'OWNER'
          ? SUSPENDED_OWNER_PERMISSIONS.filter((permission) => permissions.has(permission))
          : [];
      if (held.length === 0) {
        return { ok: false, code: 'ORGANIZATION_SUSPENDED', known: { ...known, organizationId } };
      }
      permissions = new Set(held);
    }
    if (countUse) deps.usage.seenPat(pat.id, now);
    const kept = resuming ? undefined : rowPrincipals.get(membership);
    if (kept) return { ok: true, principal: kept };
    const principal: Principal = {
      kind: 'USER',
      actorId: pat.userId,
      organizationId,
      role: membership.role,
      permissions,
      reach: {
        organizationBound: pat.organizationBound,
        until: earliest(pat.renewableUntil, row.validUntil),
      },
      credential: {
        kind: 'PERSONAL_ACCESS_TOKEN',
        id: pat.id,
        scopes: pat.scopes,
        expiresAt: earliest(pat.expiresAt, row.validUntil),
        remainingUses: null,
        requestLimit: null,
        restricted: false,
        secretHash: hash,
      },
    };
    // A suspended organization's owner holds less than the row gives: that principal is not kept.
    return { ok: true, principal: resuming ? principal : keptPrincipal(membership, principal) };
  }

  if (row.token) {
    const token = row.token;
    if (token.organization.deletedAt) return notFound;
    const known = {
      organizationId: token.organizationId,
      kind: 'TOKEN' as const,
      id: token.id,
      actorId: token.identityId,
      actorKind: 'MACHINE_IDENTITY' as const,
    };
    if (token.revokedAt) return { ok: false, code: 'REVOKED', known };
    if (token.expiresAt && token.expiresAt <= now) return { ok: false, code: 'EXPIRED', known };
    if (token.identity.disabledAt) return { ok: false, code: 'DISABLED', known };
    // Checked before a use is counted: a token asked to act elsewhere has not been used.
    if (options.organizationId && options.organizationId !== token.organizationId) return notInOrganization;
    if (token.organization.suspendedAt) return { ok: false, code: 'ORGANIZATION_SUSPENDED', known };
    if (!ipAllowed(options.ip, token.trustedIps)) return { ok: false, code: 'IP_NOT_ALLOWED', known };
    let remainingUses: number | null = null;
    if (token.numUsesLimit > 0 && countUse) {
      const counted = await deps.prisma.$queryRaw<{ numUses: number; numUsesLimit: number }[]>`
        UPDATE "Token" SET "numUses" = "numUses" + 1, "lastUsedAt" = ${now}
        WHERE id = ${token.id}::uuid AND "numUses" < "numUsesLimit" AND "revokedAt" IS NULL
        RETURNING "numUses", "numUsesLimit"`;
      const [after] = counted;
      if (!after) return { ok: false, code: 'USAGE_EXCEEDED', known };
      remainingUses = after.numUsesLimit - after.numUses;
    }
    if (countUse) deps.usage.usedToken(token.id, token.numUsesLimit > 0, now);
    const kept = remainingUses === null ? rowPrincipals.get(token) : undefined;
    if (kept) return { ok: true, principal: kept };
    const principal: Principal = {
      kind: 'MACHINE_IDENTITY',
      actorId: token.identityId,
      organizationId: token.organizationId,
      role: token.identity.role,
      permissions: permissionsOfRow(token, {
        role: token.identity.role,
        grants: token.identity.permissions,
        scopes: token.scopes,
      }),
      reach: { organizationBound: true, until: tokenReachUntil(token, row.validUntil) },
      credential: {
        kind: 'TOKEN',
        id: token.id,
        scopes: token.scopes,
        expiresAt: earliest(token.expiresAt, row.validUntil),
        remainingUses,
        requestLimit:
          token.requestLimit > 0
            ? { limit: token.requestLimit, windowSeconds: token.requestLimitWindow }
            : null,
        restricted: token.trustedIps.length > 0 || token.numUsesLimit > 0,
        secretHash: hash,
      },
    };
    // A use-limited token's principal says how many uses are left: made anew each time.
    return { ok: true, principal: remainingUses === null ? keptPrincipal(token, principal) : principal };
  }
  return notFound;
}

/**
 * The latest a machine token can work: its inherited ceiling, its max TTL from creation, and, for a token
 * without a TTL (which renewal cannot extend), its expiry; a rotated-out secret ends sooner.
 */
export function tokenReachUntil(
  token: {
    renewableUntil: Date | null;
    ttl: number;
    maxTtl: number;
    createdAt: Date;
    expiresAt: Date | null;
  },
  secretValidUntil: Date | null = null,
): Date | null {
  return earliest(
    token.renewableUntil,
    token.maxTtl > 0 ? new Date(token.createdAt.getTime() + token.maxTtl * 1000) : null,
    token.ttl === 0 ? token.expiresAt : null,
    secretValidUntil,
  );
}
