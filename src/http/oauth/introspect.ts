import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspectPresented } from '../../caller.js';
import { OAuthError } from '../../domain/access-token-grants.js';
import { repeatedGlobalIdOf } from '../../domain/global-ids.js';
import { type ActiveCredential, scopeText } from '../../domain/inspect-credential.js';
import type { Services } from '../../services.js';
import { auditedFacts, requestFactsOf } from '../request-facts.js';
import { readForm, sendJson } from '../respond.js';
import { type HttpRoute, pathOf } from '../route.js';
import { authenticateClient, hasClientAssertion, presentedPrincipal } from './client-auth.js';
import { answerFailure } from './failures.js';
import { recordDeniedCheck } from './subjects.js';

export const INTROSPECT_PATH = '/oauth/introspect';

/**
 * POST /oauth/introspect (RFC 7662): whether a token is active, whose it is and what it may do: personal
 * access tokens, machine identities' tokens and access tokens Keygate issued. The caller authenticates as
 * an application (private_key_jwt) or with a Keygate credential that holds credential:verify, and learns
 * only of its own organization's tokens: anything else, and any bad token, is `{"active": false}`. Counts a
 * use, like verifyCredential.
 */
export function introspectRoute(services: Services): HttpRoute {
  return {
    name: 'oauth.introspect',
    matches: (request) => pathOf(request) === INTROSPECT_PATH,
    serve: (request, response) => serveIntrospection(services, request, response),
  };
}

async function serveIntrospection(services: Services, request: IncomingMessage, response: ServerResponse) {
  const facts = requestFactsOf(services, request);
  try {
    if (request.method !== 'POST')
      throw new OAuthError('invalid_request', 'the introspection endpoint takes POST');
    const form = await readForm(request);
    let organizationId: string;
    if (hasClientAssertion(form)) {
      organizationId = (await authenticateClient(services, facts, form)).organizationId;
    } else {
      const caller = await callerOf(services, facts);
      if (!caller.permissions.has('credential:verify')) {
        // Like verifyCredential without the permission: nothing learned, the attempt recorded.
        await recordDeniedCheck(services, caller, auditedFacts(facts));
        sendJson(request, response, 200, { active: false });
        return;
      }
      organizationId = caller.organizationId;
    }
    const token = form.get('token');
    if (!token) throw new OAuthError('invalid_request', 'token is required');
    const inspection = await inspectPresented(services, facts, token, { organizationId });
    if (!inspection.active) {
      if (inspection.code === 'RATE_LIMITED') {
        sendJson(
          request,
          response,
          429,
          { active: false },
          { 'retry-after': String(inspection.retryAfterSeconds ?? 1) },
        );
        return;
      }
      sendJson(request, response, 200, { active: false });
      return;
    }
    sendJson(request, response, 200, introspectionOf(services.config.issuer, inspection));
  } catch (error) {
    answerFailure(services, request, response, error);
  }
}

/** The caller of a request authenticated with a Keygate credential (Authorization: Bearer). */
function callerOf(services: Services, facts: ReturnType<typeof requestFactsOf>) {
  return presentedPrincipal(
    services,
    facts,
    () =>
      new OAuthError(
        'invalid_client',
        'authenticate with private_key_jwt, or a Keygate credential as Authorization: Bearer',
      ),
  );
}

/** RFC 7662 §2.2's members, and Keygate's own (kind, owner, organization, remaining uses). */
export function introspectionOf(issuer: string, credential: ActiveCredential) {
  const subject =
    credential.kind === 'ACCESS_TOKEN'
      ? credential.subjectId
      : repeatedGlobalIdOf(
          credential.subjectKind === 'USER' ? 'User' : 'MachineIdentity',
          credential.subjectId,
        );
  return {
    active: true,
    scope: scopeText(credential.scopes),
    client_id:
      credential.clientId ??
      repeatedGlobalIdOf(
        credential.kind === 'TOKEN' ? 'Token' : 'PersonalAccessToken',
        credential.credentialId,
      ),
    sub: subject,
    token_type: 'Bearer',
    iss: issuer,
    ...(credential.audiences.length > 0 ? { aud: credential.audiences } : {}),
    ...(credential.expiresAt ? { exp: Math.floor(credential.expiresAt.getTime() / 1000) } : {}),
    ...(credential.issuedAt ? { iat: Math.floor(credential.issuedAt.getTime() / 1000) } : {}),
    ...(credential.kind === 'ACCESS_TOKEN' ? { jti: credential.credentialId } : {}),
    keygate_kind: credential.kind,
    keygate_owner_kind: credential.subjectKind,
    keygate_organization: repeatedGlobalIdOf('Organization', credential.organizationId),
    ...(credential.remainingUses !== null ? { keygate_remaining_uses: credential.remainingUses } : {}),
  };
}
