import type { CredentialKind } from '../generated/prisma/client.js';
import { type AccessTokenDeps, isJwt, verifyAccessToken } from './access-tokens.js';
import {
  type CheckOptions,
  type CredentialFailure,
  checkSecretHash,
  type Principal,
} from './authenticate.js';
import type { RateDecision, RateLimiter } from './rate-limit.js';
import { type PresentedSecret, presentedSecret } from './secrets.js';
import type { UsageRecorder } from './usage-recorder.js';

/*
 * "Is this credential good, whose is it, what may it do", for any credential a gateway or API may be
 * handed: a personal access token, a machine identity's token, or an access token Keygate issued. Behind
 * introspection (RFC 7662) and forward auth, the same answer the GraphQL verification gives.
 */

export type InspectedKind = 'PERSONAL_ACCESS_TOKEN' | 'TOKEN' | 'ACCESS_TOKEN';

export interface ActiveCredential {
  active: true;
  kind: InspectedKind;
  organizationId: string;
  /** Who it speaks for: a person, a machine identity, or (an application's access token) the application. */
  subjectKind: 'USER' | 'MACHINE_IDENTITY' | 'APPLICATION';
  /** The raw id of that person or identity; for an application's token, its client id. */
  subjectId: string;
  /** The raw id of the person, machine identity or application, for audit events. */
  actorId: string;
  /** The credential itself: the token's id, or the access token's jti. */
  credentialId: string;
  /** The credential an access token was issued for. */
  source: { kind: CredentialKind; id: string } | null;
  clientId: string | null;
  /** Keygate permissions (a token, a personal access token), or the access token's scope. */
  scopes: readonly string[];
  issuedAt: Date | null;
  /** When the presented credential stops working; null: never. */
  expiresAt: Date | null;
  remainingUses: number | null;
  audiences: string[];
  principal: Principal | null;
  requestLimit: RequestLimit | null;
}

/** A credential's own request limit and what it is counted under. */
export interface RequestLimit {
  limit: number;
  windowSeconds: number;
  key: string;
}

export type Inspection =
  | ActiveCredential
  | {
      active: false;
      code: CredentialFailure | 'ORGANIZATION_NOT_ALLOWED' | 'RATE_LIMITED';
      retryAfterSeconds?: number;
    };

export interface InspectDeps extends AccessTokenDeps {
  usage: UsageRecorder;
  rateLimiter: RateLimiter;
}

/**
 * Inspects a presented credential, counting a use as an authentication does, and its per-credential
 * request limit. With `organizationId`, only that organization's credentials are active (any other is
 * NOT_FOUND, whatever it is); without, a credential acts in its own organization.
 */
export async function inspectCredential(
  deps: InspectDeps,
  presented: string,
  options: {
    organizationId?: string | null;
    ip: string | null;
    now?: Date;
    /** `presentedSecret(presented)`, when the caller has worked it out already (it hashes the secret). */
    parsed?: PresentedSecret | null;
  },
): Promise<Inspection> {
  const now = options.now ?? new Date();
  let inspection: Inspection;
  const parsed = options.parsed === undefined ? presentedSecret(presented) : options.parsed;
  if (parsed) {
    const checkOptions: CheckOptions = { ip: options.ip, now };
    if (options.organizationId) checkOptions.organizationId = options.organizationId;
    const check = await checkSecretHash(deps, parsed.hash, checkOptions);
    if (!check.ok) {
      return { active: false, code: check.code === 'ORGANIZATION_NOT_ALLOWED' ? 'NOT_FOUND' : check.code };
    }
    const { principal } = check;
    inspection = {
      active: true,
      kind: principal.credential.kind === 'TOKEN' ? 'TOKEN' : 'PERSONAL_ACCESS_TOKEN',
      organizationId: principal.organizationId,
      subjectKind: principal.kind,
      subjectId: principal.actorId,
      actorId: principal.actorId,
      credentialId: principal.credential.id,
      source: null,
      clientId: null,
      scopes: sortedPermissions(principal.permissions),
      issuedAt: null,
      expiresAt: principal.credential.expiresAt,
      remainingUses: principal.credential.remainingUses,
      audiences: [],
      principal,
      requestLimit: requestLimitOf(principal),
    };
  } else if (isJwt(presented)) {
    const check = await verifyAccessToken(deps, presented, { organizationId: options.organizationId, now });
    if (!check.ok) return { active: false, code: check.code };
    const { claims, source } = check;
    const application = claims.kg.kind === 'APPLICATION_KEY';
    inspection = {
      active: true,
      kind: 'ACCESS_TOKEN',
      organizationId: claims.org,
      subjectKind: application ? 'APPLICATION' : claims.kg.kind === 'TOKEN' ? 'MACHINE_IDENTITY' : 'USER',
      subjectId: claims.sub,
      actorId: source.ownerId ?? claims.sub,
      credentialId: claims.jti,
      source: claims.kg,
      clientId: claims.client_id,
      // What it was signed with, as far as its source may still do it now.
      scopes: (claims.scope ? claims.scope.split(' ') : []).filter((scope) => source.scopes.includes(scope)),
      issuedAt: new Date(claims.iat * 1000),
      expiresAt: new Date(claims.exp * 1000),
      remainingUses: null,
      audiences: typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []),
      principal: null,
      requestLimit:
        source.requestLimit > 0
          ? { limit: source.requestLimit, windowSeconds: source.requestLimitWindow, key: source.limitKey }
          : null,
    };
  } else {
    return { active: false, code: 'NOT_FOUND' };
  }
  if (inspection.requestLimit) {
    const limited = await withinRequestLimit(deps.rateLimiter, inspection);
    if (!limited.allowed)
      return { active: false, code: 'RATE_LIMITED', retryAfterSeconds: limited.retryAfterSeconds };
  }
  return inspection;
}

/** A principal's permissions in order, sorted once per set (a cached credential's set is reused). */
const sorted = new WeakMap<ReadonlySet<string>, readonly string[]>();

function sortedPermissions(permissions: ReadonlySet<string>): readonly string[] {
  let list = sorted.get(permissions);
  if (!list) {
    list = Object.freeze([...permissions].sort());
    sorted.set(permissions, list);
  }
  return list;
}

const texts = new WeakMap<readonly string[], string>();

/**
 * An inspection's scopes as one space-separated string (introspection's `scope`, forward auth's header),
 * joined once per list: a cached credential's list is the same frozen one on every check.
 */
export function scopeText(scopes: readonly string[]): string {
  let text = texts.get(scopes);
  if (text === undefined) {
    text = scopes.join(' ');
    texts.set(scopes, text);
  }
  return text;
}

/** A token's own request limit, as its principal carries it. */
export function requestLimitOf(principal: Principal): RequestLimit | null {
  const limit = principal.credential.requestLimit;
  return limit ? { ...limit, key: `token:${principal.credential.id}` } : null;
}

/**
 * Counts one request against a credential's own request limit (set on a token, or on the application an
 * access token was issued to), shared by every instance through the rate limiter.
 */
export async function withinRequestLimit(
  limiter: RateLimiter,
  credential: { requestLimit: RequestLimit | null },
): Promise<RateDecision> {
  if (!credential.requestLimit) return { allowed: true, retryAfterSeconds: 0 };
  const { key, limit, windowSeconds } = credential.requestLimit;
  return limiter.hit(`request:${key}`, limit, windowSeconds * 1000);
}
