import type { Application, ApplicationKey, Prisma } from '../generated/prisma/client.js';
import type { SigningKeyStore } from '../keys/signing-keys.js';
import { type AccessTokenRequest, type IssuedAccessToken, issueAccessToken } from './access-tokens.js';
import type { AuditActor } from './audit.js';
import { type AuditedDeps, recorded, recordedIf } from './audited.js';
import type { Principal } from './authenticate.js';
import { type AssertionUse, assertionUseStatement } from './client-assertions.js';
import { globalIdOf } from './global-ids.js';
import { earliest } from './reach.js';
import { SCOPE_TOKEN } from './scopes.js';

/*
 * The grants of the token endpoint, after their request is authenticated: what the access token may say
 * (scope, audience, lifetime) and the audit event of its issue. The HTTP endpoint (src/http/oauth/token.ts)
 * parses the request and authenticates the client; these decide.
 */

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'invalid_target'
  | 'unauthorized_client'
  | 'unsupported_grant_type';

/** A refusal in the words of RFC 6749 §5.2 (and RFC 8707's invalid_target). */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    message: string,
    readonly status = error === 'invalid_client' ? 401 : 400,
    /** For a 429: when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export function parseScope(scope: string | undefined): string[] | null {
  if (scope === undefined) return null;
  const tokens = scope.split(' ').filter(Boolean);
  if (tokens.length === 0 || tokens.some((token) => !SCOPE_TOKEN.test(token))) {
    throw new OAuthError('invalid_scope', 'scope must be space-separated scope tokens');
  }
  return [...new Set(tokens)];
}

export interface GrantDeps extends Omit<AuditedDeps, 'actor'> {
  signingKeys: SigningKeyStore;
  issuer: string;
}

export interface GrantRequest {
  /** The scopes asked for; null: the default. */
  scopes: string[] | null;
  /** RFC 8707 resources / RFC 8693 audiences asked for. */
  audiences: string[];
}

type RequestFacts = Pick<AuditActor, 'requestId' | 'ip' | 'userAgent'>;

/** Only what the allow-list holds: a requested value outside it refuses the whole request. */
function within(asked: string[], allowed: readonly string[], error: OAuthErrorCode, noun: string): string[] {
  const refused = asked.filter((value) => !allowed.includes(value));
  if (refused.length > 0) {
    throw new OAuthError(
      error,
      `${noun} ${refused.map((value) => JSON.stringify(value.slice(0, 100))).join(', ')} not allowed`,
    );
  }
  return asked;
}

/**
 * An access token for an application that authenticated with one of its keys (client credentials, or the
 * JWT-bearer grant): scope among its allowed scopes (all of them by default), audiences among its allowed
 * audiences (all of them by default; Keygate itself when it has none), for its lifetime, never past its
 * key's expiry.
 */
export async function issueApplicationToken(
  deps: GrantDeps,
  client: { application: Application; key: ApplicationKey },
  request: GrantRequest,
  facts: RequestFacts,
  now?: Date,
): Promise<IssuedAccessToken>;
/**
 * The same, for an assertion checked but not used yet (`consume: false`): its use is recorded in the
 * statement that writes the issue's event, so a token costs one write. Null when the assertion was used
 * before (replayed): then nothing is written and the signed token is dropped.
 */
export async function issueApplicationToken(
  deps: GrantDeps,
  client: { application: Application; key: ApplicationKey },
  request: GrantRequest,
  facts: RequestFacts,
  now: Date,
  assertion: AssertionUse,
): Promise<IssuedAccessToken | null>;
export async function issueApplicationToken(
  deps: GrantDeps,
  client: { application: Application; key: ApplicationKey },
  request: GrantRequest,
  facts: RequestFacts,
  now = new Date(),
  assertion?: AssertionUse,
): Promise<IssuedAccessToken | null> {
  const { application, key } = client;
  const scopes = request.scopes
    ? within(request.scopes, application.allowedScopes, 'invalid_scope', 'scope')
    : application.allowedScopes;
  const audiences =
    request.audiences.length > 0
      ? within(request.audiences, application.allowedAudiences, 'invalid_target', 'resource')
      : application.allowedAudiences;
  const actor: AuditActor = {
    organizationId: application.organizationId,
    actorType: 'APPLICATION',
    actorId: application.id,
    credentialKind: 'APPLICATION_KEY',
    credentialId: key.id,
    ...facts,
  };
  return issueRecorded(
    deps,
    actor,
    {
      organizationId: application.organizationId,
      subject: application.clientId,
      clientId: application.clientId,
      source: { kind: 'APPLICATION_KEY', id: key.id },
      scopes,
      audiences,
      lifetimeSeconds: application.accessTokenLifetime,
      notAfter: key.expirationDate,
      algorithm: 'ES256',
    },
    now,
    {},
    assertion && assertionUseStatement(assertion),
  );
}

/**
 * An access token for a Keygate token or personal access token presented to the token endpoint (RFC
 * 8693 token exchange), so that APIs that only validate JWTs accept it: scope among the credential's
 * permissions (all of them by default), audiences among the organization's exchange audiences, for the
 * organization's exchange lifetime, and never past when the presented secret stops working or what the
 * credential reaches (reach.ts).
 */
export async function exchangeCredential(
  deps: GrantDeps,
  principal: Principal,
  request: GrantRequest,
  facts: RequestFacts,
  now = new Date(),
): Promise<IssuedAccessToken> {
  if (principal.credential.restricted) {
    // An access token checked offline would drop the token's trusted addresses or use limit: broader.
    throw new OAuthError(
      'invalid_grant',
      'a token limited to trusted addresses or a number of uses cannot be exchanged for an access token',
    );
  }
  const organization = await deps.prisma.organization.findUniqueOrThrow({
    where: { id: principal.organizationId },
  });
  const permissions = [...principal.permissions].sort();
  const scopes = request.scopes ? within(request.scopes, permissions, 'invalid_scope', 'scope') : permissions;
  const audiences = within(request.audiences, organization.exchangeAudiences, 'invalid_target', 'audience');
  const subject = globalIdOf(principal.kind === 'USER' ? 'User' : 'MachineIdentity', principal.actorId);
  const credentialId = globalIdOf(
    principal.credential.kind === 'TOKEN' ? 'Token' : 'PersonalAccessToken',
    principal.credential.id,
  );
  const actor: AuditActor = {
    organizationId: principal.organizationId,
    actorType: principal.kind,
    actorId: principal.actorId,
    credentialKind: principal.credential.kind,
    credentialId: principal.credential.id,
    ...facts,
  };
  return issueRecorded(
    deps,
    actor,
    {
      organizationId: principal.organizationId,
      subject,
      clientId: credentialId,
      source: { kind: principal.credential.kind, id: principal.credential.id },
      scopes,
      audiences,
      lifetimeSeconds: organization.exchangeTokenLifetime,
      notAfter: earliest(principal.credential.expiresAt, principal.reach.until),
      algorithm: 'ES256',
    },
    now,
    { exchanged: true },
  );
}

/**
 * Signs an access token as `actor`'s act, handed out only once its `accesstoken.created` event has
 * committed. It is signed before that transaction begins: the signing key may have to be read or made,
 * which takes connections of its own, and a transaction waiting for them while holding one would, under
 * load, hold the whole pool (every request timing out together).
 */
async function issueRecorded(
  deps: GrantDeps,
  actor: AuditActor,
  request: AccessTokenRequest,
  now: Date,
  noted: Record<string, unknown>,
): Promise<IssuedAccessToken>;
async function issueRecorded(
  deps: GrantDeps,
  actor: AuditActor,
  request: AccessTokenRequest,
  now: Date,
  noted: Record<string, unknown>,
  onlyIf: Prisma.Sql | undefined,
): Promise<IssuedAccessToken | null>;
async function issueRecorded(
  deps: GrantDeps,
  actor: AuditActor,
  request: AccessTokenRequest,
  now: Date,
  noted: Record<string, unknown>,
  onlyIf?: Prisma.Sql,
): Promise<IssuedAccessToken | null> {
  const issued = await issueAccessToken(deps.signingKeys, deps.issuer, request, now);
  // Signing writes nothing: the event is the issue's only write, one statement (recorded, not audited).
  const what = { action: 'accesstoken.created', targetType: 'AccessToken' };
  const done = {
    result: issued,
    targetId: issued.jti,
    changes: { ...issueSummary(issued, request.audiences), ...noted },
  };
  const recording = { ...deps, actor };
  return onlyIf ? recordedIf(recording, what, done, onlyIf) : recorded(recording, what, done);
}

/** What an issue's audit event says: never the token. */
function issueSummary(issued: IssuedAccessToken, audiences: readonly string[]) {
  return {
    after: { scope: issued.scope, audiences: [...audiences], expiresAt: issued.expiresAt.toISOString() },
  };
}
