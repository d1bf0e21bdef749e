import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestFacts } from '../../caller.js';
import {
  exchangeCredential,
  type GrantRequest,
  issueApplicationToken,
  OAuthError,
  parseScope,
} from '../../domain/access-token-grants.js';
import type { IssuedAccessToken } from '../../domain/access-tokens.js';
import { assertionUsed, clientAssertionDeps, unusedBecause } from '../../domain/client-assertions.js';
import type { Services } from '../../services.js';
import { auditedFacts, requestFactsOf } from '../request-facts.js';
import { type Form, readForm, sendJson } from '../respond.js';
import { type HttpRoute, pathOf } from '../route.js';
import {
  type AssertionRefusal,
  type AuthenticatedClient,
  authenticateClient,
  hasClientAssertion,
  presentedPrincipal,
  refuseAssertion,
  verifyApplicationAssertion,
} from './client-auth.js';
import { answerFailure } from './failures.js';

export const TOKEN_PATH = '/oauth/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const GRANT_TYPES = ['client_credentials', JWT_BEARER, TOKEN_EXCHANGE] as const;
/** RFC 8693: what Keygate's tokens are, and what it issues. */
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
const MINUTE_MS = 60_000;

/**
 * POST /oauth/token (RFC 6749 §3.2): client credentials with private_key_jwt (RFC 7523 §2.2), the
 * JWT-bearer grant (RFC 7523 §2.1), and token exchange (RFC 8693) of a Keygate token or personal access
 * token. Answers access tokens in the RFC 9068 profile, or an RFC 6749 §5.2 error.
 */
export function tokenRoute(services: Services): HttpRoute {
  return {
    name: 'oauth.token',
    matches: (request) => pathOf(request) === TOKEN_PATH,
    serve: (request, response) => serveToken(services, request, response),
  };
}

async function serveToken(services: Services, request: IncomingMessage, response: ServerResponse) {
  const facts = requestFactsOf(services, request);
  try {
    if (request.method !== 'POST') {
      throw new OAuthError('invalid_request', 'the token endpoint takes POST');
    }
    const form = await readForm(request, ['resource', 'audience']);
    const grant = form.get('grant_type');
    const asked: GrantRequest = {
      scopes: parseScope(form.get('scope')),
      audiences: [...new Set([...form.all('resource'), ...form.all('audience')])],
    };
    let issued: IssuedAccessToken;
    let exchanged = false;
    if (grant === 'client_credentials') {
      // The assertion's use is recorded with the issue's event, in one statement (issueForAssertion).
      const client = await authenticateClient(services, facts, form, { consume: false });
      await countIssue(services, facts, client.key.id, 'when-issued');
      issued = await issueForAssertion(services, facts, client, asked, 'invalid_client');
    } else if (grant === JWT_BEARER) {
      // The assertion is the grant; client authentication, when sent too, must name the same application.
      const client = await verifyApplicationAssertion(
        services,
        facts,
        form.get('assertion'),
        'invalid_grant',
        undefined,
        { consume: false },
      );
      if (hasClientAssertion(form)) {
        const authenticated = await authenticateClient(services, facts, form);
        if (authenticated.application.id !== client.application.id) {
          throw new OAuthError(
            'invalid_grant',
            'the assertion is of another client than the one authenticated',
          );
        }
      }
      await countIssue(services, facts, client.key.id, 'when-issued');
      issued = await issueForAssertion(services, facts, client, asked, 'invalid_grant');
    } else if (grant === TOKEN_EXCHANGE) {
      const principal = await subjectOf(services, facts, form);
      await countIssue(services, facts, principal.credential.id);
      issued = await exchangeCredential(deps(services), principal, asked, auditedFacts(facts));
      exchanged = true;
    } else {
      throw new OAuthError(
        grant ? 'unsupported_grant_type' : 'invalid_request',
        grant ? `grant_type must be one of ${GRANT_TYPES.join(', ')}` : 'grant_type is required',
      );
    }
    sendJson(request, response, 200, {
      access_token: issued.token,
      token_type: 'Bearer',
      expires_in: Math.max(0, Math.round((issued.expiresAt.getTime() - Date.now()) / 1000)),
      ...(issued.scope ? { scope: issued.scope } : {}),
      ...(exchanged ? { issued_token_type: ACCESS_TOKEN } : {}),
    });
  } catch (error) {
    answerFailure(services, request, response, error);
  }
}

const deps = (services: Services) => ({
  prisma: services.prisma,
  auditBus: services.auditBus,
  signingKeys: services.signingKeys,
  issuer: services.config.issuer,
});

/**
 * Issues an access token for an application whose assertion was checked but not used yet: the use and the
 * issue's event are one write. An assertion found used meanwhile (a replay racing its first use) is refused
 * like any other, and its signed token is dropped.
 */
async function issueForAssertion(
  services: Services,
  facts: RequestFacts,
  client: AuthenticatedClient,
  asked: GrantRequest,
  refusal: AssertionRefusal,
): Promise<IssuedAccessToken> {
  const issued = await issueApplicationToken(
    deps(services),
    client,
    asked,
    auditedFacts(facts),
    client.use.at,
    client.use,
  );
  if (!issued) {
    const code = await unusedBecause(services, client.use);
    return refuseAssertion(services, facts, refusal, { ok: false, code });
  }
  await assertionUsed(clientAssertionDeps(services), client.use);
  // Charged once issued: a replayed assertion, refused above, costs its key none of its budget.
  await chargeIssue(services, client.key.id);
  return issued;
}

/** RFC 8693: the token to exchange, checked as a request authenticated with it would be. */
async function subjectOf(services: Services, facts: RequestFacts, form: Form) {
  const subjectToken = form.get('subject_token');
  if (!subjectToken) throw new OAuthError('invalid_request', 'subject_token is required');
  if (form.get('subject_token_type') !== ACCESS_TOKEN) {
    throw new OAuthError('invalid_request', `subject_token_type must be ${ACCESS_TOKEN} (a Keygate token)`);
  }
  const requested = form.get('requested_token_type');
  if (requested !== undefined && requested !== ACCESS_TOKEN) {
    throw new OAuthError('invalid_request', `requested_token_type can only be ${ACCESS_TOKEN}`);
  }
  if (form.get('actor_token') !== undefined) {
    throw new OAuthError('invalid_request', 'delegation (actor_token) is not supported');
  }
  return presentedPrincipal(
    services,
    { ...facts, authorization: `Bearer ${subjectToken}`, organizationHeader: null },
    () =>
      new OAuthError(
        'invalid_grant',
        'subject_token is not accepted (unknown, expired, revoked or not usable here)',
      ),
  );
}

/**
 * Issuing counts like a mutation (the GraphQL path's limits): per credential and per client address, each
 * per minute; over either, 429. The address is charged now; the credential now, or (`when-issued`, for a
 * client assertion whose use is recorded with the issue) only once a token is issued (chargeIssue), so
 * that someone replaying a captured assertion cannot spend its key's budget.
 */
async function countIssue(
  services: Services,
  facts: RequestFacts,
  credentialId: string,
  charge: 'now' | 'when-issued' = 'now',
): Promise<void> {
  const { limits } = services.config;
  const key = `mutation:${credentialId}`;
  const [credential, address] = await Promise.all([
    charge === 'now'
      ? services.rateLimiter.hit(key, limits.mutationsPerMinute, MINUTE_MS)
      : services.rateLimiter.peek(key, limits.mutationsPerMinute, MINUTE_MS),
    services.rateLimiter.hit(
      `mutation-address:${facts.ip ?? 'unknown'}`,
      limits.mutationsPerAddressPerMinute,
      MINUTE_MS,
    ),
  ]);
  const refused = [credential, address].filter((decision) => !decision.allowed);
  if (refused.length > 0) {
    const retryAfter = Math.max(...refused.map((decision) => decision.retryAfterSeconds));
    throw new OAuthError('invalid_request', 'too many requests; try again later', 429, retryAfter);
  }
}

async function chargeIssue(services: Services, credentialId: string): Promise<void> {
  const { limits } = services.config;
  await services.rateLimiter.hit(`mutation:${credentialId}`, limits.mutationsPerMinute, MINUTE_MS);
}
