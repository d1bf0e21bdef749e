import { SIGNING_ALGORITHMS } from '../../keys/signing-keys.js';
import type { Services } from '../../services.js';
import { sendJson } from '../respond.js';
import type { HttpRoute } from '../route.js';
import { pathOf } from '../route.js';
import { GRANT_TYPES } from './token.js';

export const METADATA_PATH = '/.well-known/oauth-authorization-server';
export const JWKS_PATH = '/.well-known/jwks.json';

/** RFC 8414 authorization server metadata: what an OAuth client library needs to talk to Keygate. */
export function metadataOf(issuer: string) {
  return {
    issuer,
    token_endpoint: `${issuer}/oauth/token`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    jwks_uri: `${issuer}${JWKS_PATH}`,
    grant_types_supported: [...GRANT_TYPES],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    introspection_endpoint_auth_methods_supported: ['private_key_jwt', 'bearer'],
    revocation_endpoint_auth_methods_supported: ['none'],
    response_types_supported: [],
    scopes_supported: [],
    access_token_signing_alg_values_supported: [...SIGNING_ALGORITHMS],
    token_types_supported: ['urn:ietf:params:oauth:token-type:access_token'],
  };
}

/** GET /.well-known/oauth-authorization-server and GET /.well-known/jwks.json. */
export function discoveryRoutes(services: Services): HttpRoute[] {
  const { issuer } = services.config;
  const metadata = metadataOf(issuer);
  const readable = (method: string | undefined) => method === 'GET' || method === 'HEAD';
  return [
    {
      name: 'oauth.metadata',
      matches: (request) => pathOf(request) === METADATA_PATH && readable(request.method),
      serve: (request, response) =>
        sendJson(request, response, 200, metadata, { 'cache-control': 'public, max-age=3600' }),
    },
    {
      name: 'oauth.jwks',
      matches: (request) => pathOf(request) === JWKS_PATH && readable(request.method),
      serve: async (request, response) => {
        const keys = await services.signingKeys.publishedJwks();
        // A minute: a verifier that meets an unknown kid fetches again anyway (jose does).
        sendJson(request, response, 200, { keys }, { 'cache-control': 'public, max-age=60' });
      },
    },
  ];
}
