import type { IncomingMessage, ServerResponse } from 'node:http';
import { revokeAccessToken, verifyAccessToken } from '../../domain/access-tokens.js';
import type { AuditActor } from '../../domain/audit.js';
import { type AuditedDeps, audited } from '../../domain/audited.js';
import { checkSecretHash } from '../../domain/authenticate.js';
import { presentedSecret } from '../../domain/secrets.js';
import { revokePresented } from '../../domain/self-revocation.js';
import type { Services } from '../../services.js';
import { auditedFacts, requestFactsOf } from '../request-facts.js';
import { readForm, sendJson, sendOAuthError } from '../respond.js';
import { type HttpRoute, pathOf } from '../route.js';
import { answerFailure } from './failures.js';

export const REVOKE_PATH = '/oauth/revoke';
/** Revocation requests one client address may make per minute. */
const REVOCATIONS_PER_MINUTE = 60;

/**
 * POST /oauth/revoke (RFC 7009): whoever holds a credential ends it by presenting it: a personal access
 * token, a machine identity's token, or an access token Keygate issued. Always 200, whatever was presented
 * (the answer says nothing of what it was); rate-limited per client address; recorded in the credential's
 * organization.
 */
export function revokeRoute(services: Services): HttpRoute {
  return {
    name: 'oauth.revoke',
    matches: (request) => pathOf(request) === REVOKE_PATH,
    serve: (request, response) => serveRevoke(services, request, response),
  };
}

async function serveRevoke(services: Services, request: IncomingMessage, response: ServerResponse) {
  const facts = requestFactsOf(services, request);
  try {
    if (request.method !== 'POST') {
      sendOAuthError(request, response, 405, 'invalid_request', 'the revocation endpoint takes POST', {
        allow: 'POST',
      });
      return;
    }
    const limit = await services.rateLimiter.hit(
      `revoke-address:${facts.ip ?? 'unknown'}`,
      REVOCATIONS_PER_MINUTE,
      60_000,
    );
    if (!limit.allowed) {
      sendOAuthError(request, response, 429, 'invalid_request', 'too many revocations; try again later', {
        'retry-after': String(limit.retryAfterSeconds),
      });
      return;
    }
    const token = (await readForm(request)).get('token');
    if (!token) {
      sendOAuthError(request, response, 400, 'invalid_request', 'token is required');
      return;
    }
    const deps: Omit<AuditedDeps, 'actor'> = {
      prisma: services.prisma,
      auditBus: services.auditBus,
      credentialsChanging: (affects) => services.credentialCache.beginChange(affects),
      credentialsChanged: services.credentialsChanged,
    };
    const parsed = presentedSecret(token);
    if (parsed) {
      // Whatever state it is in, a token that still exists is ended (countUse: a revocation is no use).
      const check = await checkSecretHash(services, parsed.hash, { ip: null, countUse: false });
      if (check.ok) await revokePresented(deps, check.principal, auditedFacts(facts));
      else if (check.known && check.code !== 'REVOKED' && check.code !== 'EXPIRED') {
        // It exists but may not act now (trusted addresses, a disabled identity, uses spent): still ended.
        const { known } = check;
        await revokePresented(
          deps,
          {
            kind: known.actorKind,
            actorId: known.actorId,
            organizationId: known.organizationId,
            credential: { kind: known.kind, id: known.id },
          },
          auditedFacts(facts),
        );
      }
    } else {
      const check = await verifyAccessToken(
        {
          prisma: services.prisma,
          signingKeys: services.signingKeys,
          credentialCache: services.credentialCache,
          issuer: services.config.issuer,
        },
        token,
      );
      if (check.ok) {
        const { claims } = check;
        const actor: AuditActor = {
          organizationId: claims.org,
          actorType: 'ANONYMOUS',
          actorId: null,
          credentialKind: claims.kg.kind,
          credentialId: claims.kg.id,
          ...auditedFacts(facts),
        };
        await audited(
          { ...deps, actor },
          { action: 'accesstoken.revoked', targetType: 'AccessToken', targetId: claims.jti },
          async (tx) => {
            await revokeAccessToken(tx, claims);
            return {
              result: undefined,
              targetId: claims.jti,
              changes: { via: 'oauth/revoke', clientId: claims.client_id },
            };
          },
        );
      }
    }
    sendJson(request, response, 200, {});
  } catch (error) {
    answerFailure(services, request, response, error);
  }
}
