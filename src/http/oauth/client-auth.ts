import { CallerRefused, countFailedSecret, identifyCaller, type RequestFacts } from '../../caller.js';
import { OAuthError } from '../../domain/access-token-grants.js';
import type { Principal } from '../../domain/authenticate.js';
import {
  type ClientAssertionCheck,
  clientAssertionDeps,
  verifyClientAssertion,
} from '../../domain/client-assertions.js';
import type { Services } from '../../services.js';
import type { Form } from '../respond.js';

/** RFC 7523 §2.2: the client authenticates with a JWT it signed (`private_key_jwt`). */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export type AuthenticatedClient = Extract<ClientAssertionCheck, { ok: true }>;

/** Whether the request carries client authentication at all. */
export function hasClientAssertion(form: Form): boolean {
  return form.get('client_assertion') !== undefined || form.get('client_assertion_type') !== undefined;
}

/**
 * Checks a signed JWT of an application's key (an assertion is accepted once), as client authentication
 * or as the JWT-bearer grant. A refused one is invalid_client (401) or invalid_grant, and counts as a
 * failed authentication from the address, like any refused credential.
 */
export async function verifyApplicationAssertion(
  services: Services,
  facts: RequestFacts,
  assertion: string | undefined,
  refusal: AssertionRefusal,
  clientId?: string,
  options: { consume?: boolean } = {},
): Promise<AuthenticatedClient> {
  if (!assertion) throw new OAuthError(refusal, 'a signed JWT assertion is required');
  const check = await verifyClientAssertion(clientAssertionDeps(services), assertion, options);
  if (!check.ok) return refuseAssertion(services, facts, refusal, check);
  if (clientId !== undefined && clientId !== check.application.clientId) {
    throw new OAuthError(refusal, 'client_id does not match the assertion');
  }
  return check;
}

export type AssertionRefusal = 'invalid_client' | 'invalid_grant';

/**
 * Refuses an assertion (a failed check, or a replay found when its use was recorded): a failed
 * authentication from the address, like any refused credential, then `refusal` (or 429 past the limit).
 */
export async function refuseAssertion(
  services: Services,
  facts: RequestFacts,
  refusal: AssertionRefusal,
  check: Extract<ClientAssertionCheck, { ok: false }>,
): Promise<never> {
  const decision = await countFailedSecret(services, facts, null, { ok: false, code: 'NOT_FOUND' });
  if (!decision.allowed) {
    throw new OAuthError(
      'invalid_request',
      'too many failed attempts; try again later',
      429,
      decision.retryAfterSeconds,
    );
  }
  const why = check.claim
    ? `${check.code.toLowerCase().replace('_', ' ')}: ${check.reason}`
    : check.code.toLowerCase().replace(/_/g, ' ');
  throw new OAuthError(refusal, `the assertion is not accepted (${why})`);
}

/**
 * The Keygate credential an OAuth request presents as `Authorization: Bearer` (the introspection caller, or a
 * token exchange's subject token put there): past the failure limits a 429, and no credential or a refused
 * one is `refusal`.
 */
export async function presentedPrincipal(
  services: Services,
  facts: RequestFacts,
  /** Made only when refusing: an Error's stack trace is not free, and most requests are let in. */
  refusal: () => OAuthError,
): Promise<Principal> {
  try {
    const principal = await identifyCaller(services, facts);
    if (principal) return principal;
  } catch (error) {
    if (!(error instanceof CallerRefused)) throw error;
    if (error.refusal.kind === 'RATE_LIMITED') {
      throw new OAuthError(
        'invalid_request',
        'too many requests; try again later',
        429,
        error.refusal.retryAfterSeconds,
      );
    }
  }
  throw refusal();
}

/** Client authentication of a request that must carry it: `client_assertion` with its type. */
export function authenticateClient(
  services: Services,
  facts: RequestFacts,
  form: Form,
  options: { consume?: boolean } = {},
): Promise<AuthenticatedClient> {
  if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
    throw new OAuthError(
      'invalid_client',
      `client authentication is private_key_jwt: client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`,
    );
  }
  return verifyApplicationAssertion(
    services,
    facts,
    form.get('client_assertion'),
    'invalid_client',
    form.get('client_id'),
    options,
  );
}
