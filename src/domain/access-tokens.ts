import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, errors, type JWTPayload } from 'jose';
import type { CredentialKind, Prisma, PrismaClient } from '../generated/prisma/client.js';
import { signCompactJws, verifyCompactJwt } from '../keys/jws.js';
import {
  MAX_ACCESS_TOKEN_LIFETIME_SECONDS,
  type SigningAlgorithm,
  type SigningKeyStore,
} from '../keys/signing-keys.js';
import { type CacheTag, type CredentialCache, organizationState, type Tagged } from './credential-cache.js';
import { effectivePermissions } from './permissions.js';

/*
 * Access tokens: short-lived JWTs in the RFC 9068 profile (`typ: at+jwt`), signed with the organization's
 * key, that APIs validate offline against the JWKS. Each names the credential it was issued for (an
 * application key, or the token or personal access token it was exchanged for); introspection and forward
 * auth check that credential as it stands now, so revoking it ends its access tokens there at once. APIs
 * that validate offline learn of it when the access token expires.
 */

export const ACCESS_TOKEN_TYPE = 'at+jwt';
/** A JWT, as far as its shape tells: three base64url segments, the first a JSON header. */
const JWT = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_JWT_LENGTH = 8192;

/** What an access token was issued for: the credential whose state decides whether it still works. */
export interface AccessTokenSource {
  kind: CredentialKind;
  id: string;
}

export interface AccessTokenRequest {
  organizationId: string;
  /** RFC 9068 `sub`: the application's client id, or the global id of the person or machine identity. */
  subject: string;
  clientId: string;
  source: AccessTokenSource;
  scopes: readonly string[];
  /** RFC 8707 resources it is for; `issuer` itself when none. */
  audiences: readonly string[];
  lifetimeSeconds: number;
  /** It never outlives this (the presented secret's end, the key's expiry). */
  notAfter?: Date | null;
  algorithm: SigningAlgorithm;
}

export interface IssuedAccessToken {
  token: string;
  jti: string;
  issuedAt: Date;
  expiresAt: Date;
  scope: string;
}

export function isJwt(text: string): boolean {
  return text.length <= MAX_JWT_LENGTH && JWT.test(text);
}

/** Signs an access token. Its lifetime is capped by MAX_ACCESS_TOKEN_LIFETIME_SECONDS and `notAfter`. */
export async function issueAccessToken(
  keys: SigningKeyStore,
  issuer: string,
  request: AccessTokenRequest,
  now = new Date(),
): Promise<IssuedAccessToken> {
  const seconds = Math.min(request.lifetimeSeconds, MAX_ACCESS_TOKEN_LIFETIME_SECONDS);
  const cap = request.notAfter ? request.notAfter.getTime() : Number.POSITIVE_INFINITY;
  const expiresAt = new Date(Math.floor(Math.min(now.getTime() + seconds * 1000, cap) / 1000) * 1000);
  const key = await keys.signingKey(request.organizationId, request.algorithm, now);
  const jti = randomUUID();
  const scope = [...new Set(request.scopes)].join(' ');
  const token = signCompactJws(
    key,
    { typ: ACCESS_TOKEN_TYPE },
    {
      iss: issuer,
      sub: request.subject,
      aud: request.audiences.length > 0 ? [...request.audiences] : issuer,
      exp: Math.floor(expiresAt.getTime() / 1000),
      iat: Math.floor(now.getTime() / 1000),
      jti,
      client_id: request.clientId,
      scope,
      org: request.organizationId,
      kg: { kind: request.source.kind, id: request.source.id },
    },
  );
  return { token, jti, issuedAt: now, expiresAt, scope };
}

export interface AccessTokenClaims extends JWTPayload {
  client_id: string;
  scope: string;
  org: string;
  kg: AccessTokenSource;
  sub: string;
  exp: number;
  iat: number;
  jti: string;
}

/** What the credential an access token was issued for allows now: whether it works, and its limits. */
export interface SourceState {
  active: boolean;
  /** When it stops working (an expiry); null: never. */
  until: Date | null;
  /** Whose it is: the application, machine identity or person (raw ids); null when inactive. */
  ownerId: string | null;
  /** Requests per window its tokens may make at the gateway; 0: none. */
  requestLimit: number;
  requestLimitWindow: number;
  /** What the limit is counted under: the application, for all the tokens of its keys. */
  limitKey: string;
  /**
   * The most its access tokens may still do: the application's allowed scopes, or the token's or person's
   * permissions as they stand now. A token issued before a role was lowered or a scope taken away is held
   * to this, not to the scope it was signed with.
   */
  scopes: readonly string[];
}

export type AccessTokenCheck =
  | { ok: true; claims: AccessTokenClaims; source: SourceState }
  | { ok: false; code: 'NOT_FOUND' | 'EXPIRED' | 'REVOKED'; organizationId?: string };

export interface AccessTokenDeps {
  prisma: PrismaClient;
  signingKeys: SigningKeyStore;
  credentialCache: CredentialCache;
  issuer: string;
}

/**
 * Checks an access token: a JWT of Keygate's (a known, published kid; its organization's key; the right
 * `typ` and issuer), unexpired, not revoked, and issued for a credential that still works. Only tokens of
 * `organizationId`, when given; any other is NOT_FOUND.
 */
export async function verifyAccessToken(
  deps: AccessTokenDeps,
  jwt: string,
  options: { organizationId?: string | null; now?: Date } = {},
): Promise<AccessTokenCheck> {
  const now = options.now ?? new Date();
  if (!isJwt(jwt)) return { ok: false, code: 'NOT_FOUND' };
  let kid: unknown;
  try {
    ({ kid } = decodeProtectedHeader(jwt));
  } catch {
    return { ok: false, code: 'NOT_FOUND' };
  }
  if (typeof kid !== 'string' || !/^[0-9a-f-]{36}$/.test(kid)) return { ok: false, code: 'NOT_FOUND' };
  const key = await deps.signingKeys.verificationKey(kid, now);
  if (!key || (options.organizationId && key.organizationId !== options.organizationId)) {
    return { ok: false, code: 'NOT_FOUND' };
  }
  let claims: AccessTokenClaims;
  try {
    claims = verifyCompactJwt(jwt, key.publicKey, key.algorithm, {
      issuer: deps.issuer,
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      currentDate: now,
    }) as AccessTokenClaims;
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      return { ok: false, code: 'EXPIRED', organizationId: key.organizationId };
    return { ok: false, code: 'NOT_FOUND' };
  }
  if (claims.org !== key.organizationId || !claims.kg || typeof claims.kg.id !== 'string') {
    return { ok: false, code: 'NOT_FOUND' };
  }
  const [revoked, source] = await Promise.all([
    deps.credentialCache.loadState(`revoked-jti:${claims.jti}`, async () => ({
      value: (await deps.prisma.revokedAccessToken.count({ where: { jti: claims.jti } })) > 0,
      tags: [`credential:${claims.jti}`],
    })),
    sourceState(deps, claims.kg, key.organizationId, now),
  ]);
  if (revoked || !source.active) return { ok: false, code: 'REVOKED', organizationId: key.organizationId };
  return { ok: true, claims, source };
}

const INACTIVE: SourceState = {
  active: false,
  until: null,
  ownerId: null,
  requestLimit: 0,
  requestLimitWindow: 0,
  limitKey: '',
  scopes: [],
};

/**
 * The state of the credential an access token was issued for, as it stands now: cached like the
 * credentials themselves (a change to it, its owner, its application or its organization evicts it, on
 * every instance), its expiry checked on every use. Nothing of a suspended or deleted organization works.
 */
async function sourceState(
  deps: AccessTokenDeps,
  source: AccessTokenSource,
  organizationId: string,
  now: Date,
): Promise<SourceState> {
  const state = await deps.credentialCache.loadState(`source:${source.kind}:${source.id}`, () =>
    readSourceState(deps.prisma, source, organizationId),
  );
  return state.active && (!state.until || state.until > now) ? state : INACTIVE;
}

async function readSourceState(
  prisma: PrismaClient,
  source: AccessTokenSource,
  organizationId: string,
): Promise<Tagged<SourceState>> {
  const tags: CacheTag[] = [`credential:${source.id}`, `organization:${organizationId}`];
  if (source.kind === 'APPLICATION_KEY') {
    const key = await prisma.applicationKey.findFirst({
      where: { id: source.id, organizationId },
      include: { application: true, organization: organizationState },
    });
    if (!key) return { value: INACTIVE, tags };
    // Tagged with its application even while inactive: enabling the application makes it work again.
    const applicationTags: CacheTag[] = [...tags, `application:${key.applicationId}`];
    if (key.revokedAt || key.application.disabledAt || !working(key.organization)) {
      return { value: INACTIVE, tags: applicationTags };
    }
    return {
      value: {
        active: true,
        until: key.expirationDate,
        ownerId: key.applicationId,
        requestLimit: key.application.requestLimit,
        requestLimitWindow: key.application.requestLimitWindow,
        limitKey: `application:${key.applicationId}`,
        scopes: key.application.allowedScopes,
      },
      tags: applicationTags,
    };
  }
  if (source.kind === 'TOKEN') {
    const token = await prisma.token.findFirst({
      where: { id: source.id, organizationId },
      include: { identity: true, organization: organizationState },
    });
    if (!token) return { value: INACTIVE, tags };
    const identityTags: CacheTag[] = [...tags, `identity:${token.identityId}`];
    if (token.revokedAt || token.identity.disabledAt || !working(token.organization)) {
      return { value: INACTIVE, tags: identityTags };
    }
    return {
      value: {
        active: true,
        until: token.expiresAt,
        ownerId: token.identityId,
        requestLimit: token.requestLimit,
        requestLimitWindow: token.requestLimitWindow,
        limitKey: `token:${token.id}`,
        scopes: [
          ...effectivePermissions({
            role: token.identity.role,
            grants: token.identity.permissions,
            scopes: token.scopes,
          }),
        ],
      },
      tags: identityTags,
    };
  }
  const pat = await prisma.personalAccessToken.findFirst({
    where: { id: source.id, organizationId },
    include: {
      user: {
        include: { memberships: { where: { organizationId }, include: { organization: organizationState } } },
      },
    },
  });
  if (!pat) return { value: INACTIVE, tags };
  // A person who joins (again) is heard of by their user tag.
  const membership = pat.user.memberships[0];
  const userTags: CacheTag[] = [
    ...tags,
    `user:${pat.userId}`,
    ...(membership ? [`membership:${membership.id}` as const] : []),
  ];
  if (!membership || pat.revokedAt || !working(membership.organization)) {
    return { value: INACTIVE, tags: userTags };
  }
  return {
    value: {
      active: true,
      until: pat.expiresAt,
      ownerId: pat.userId,
      requestLimit: 0,
      requestLimitWindow: 0,
      limitKey: `pat:${pat.id}`,
      scopes: [
        ...effectivePermissions({
          role: membership.role,
          grants: membership.permissions,
          scopes: pat.scopes,
        }),
      ],
    },
    tags: userTags,
  };
}

/** Whether an organization's credentials work: it is neither suspended nor deleted. */
function working(organization: { suspendedAt: Date | null; deletedAt: Date | null }): boolean {
  return !organization.suspendedAt && !organization.deletedAt;
}

/** Revokes an access token before its expiry (RFC 7009): introspection and forward auth refuse it. */
export async function revokeAccessToken(
  db: Prisma.TransactionClient,
  claims: Pick<AccessTokenClaims, 'jti' | 'org' | 'exp'>,
): Promise<void> {
  await db.revokedAccessToken.upsert({
    where: { jti: claims.jti },
    create: { jti: claims.jti, organizationId: claims.org, expiresAt: new Date(claims.exp * 1000) },
    update: {},
  });
}
