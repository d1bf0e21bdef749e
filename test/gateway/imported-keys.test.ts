import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authentikTokenKey,
  unleashApiToken,
  unleashPersonalAccessToken,
  unleashV2Token,
} from '../support/foreign-keys.js';
import { type GatewayKeygate, postForm, startGatewayKeygate } from '../support/gateway.js';

/*
 * Keys imported from authentik and Unleash, over a real socket, on every path a client or gateway presents
 * them: GraphQL's Authorization, verifyCredential, introspection, forward auth (with `Bearer` and bare, as
 * Unleash's SDKs send it), token exchange and self-revocation; and the failure limit on guesses of that
 * shape.
 */

const FAILURES_PER_MINUTE = 5;
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

let gateway: GatewayKeygate;
/** Imported keys and the global ids of their tokens. */
const imported: Record<'authentik' | 'client' | 'frontend' | 'v2' | 'pat', { key: string; id: string }> =
  {} as never;

beforeAll(async () => {
  gateway = await startGatewayKeygate({
    KEYGATE_TRUST_PROXY: 'loopback',
    KEYGATE_AUTH_FAILURES_PER_MINUTE: String(FAILURES_PER_MINUTE),
  });
  const identity = await gateway.graphql(
    `mutation { createMachineIdentity(input: { name: "unleash-sdks", role: MEMBER }) {
      ... on MachineIdentityPayload { machineIdentity { id } } } }`,
  );
  const keys = {
    authentik: authentikTokenKey(),
    client: unleashApiToken('default', 'development'),
    frontend: unleashApiToken('*', 'development'),
    v2: unleashV2Token('default:production.'),
  };
  const answer = await gateway.graphql(
    `mutation ($input: ImportTokensInput!) { importTokens(input: $input) {
      __typename ... on ImportTokensPayload { tokens { id } } ... on ValidationError { field message } } }`,
    {
      input: {
        identityId: identity.data.createMachineIdentity.machineIdentity.id,
        tokens: [
          { name: 'authentik grafana', key: keys.authentik, externalId: 'grafana' },
          { name: 'default:development client', key: keys.client },
          { name: '*:development frontend', key: keys.frontend },
          { name: 'default:production v2', keySha256: keys.v2.verifier },
        ],
      },
    },
  );
  const [authentik, client, frontend, v2] = answer.data.importTokens.tokens;
  imported.authentik = { key: keys.authentik, id: authentik.id };
  imported.client = { key: keys.client, id: client.id };
  imported.frontend = { key: keys.frontend, id: frontend.id };
  imported.v2 = { key: keys.v2.secret, id: v2.id };
  const pat = unleashPersonalAccessToken();
  const pats = await gateway.graphql(
    `mutation ($input: ImportPersonalAccessTokensInput!) { importPersonalAccessTokens(input: $input) {
      ... on ImportPersonalAccessTokensPayload { personalAccessTokens { id } } } }`,
    {
      input: {
        tokens: [{ description: 'unleash cli', key: pat, expiresAt: new Date(Date.now() + 86_400_000) }],
      },
    },
  );
  imported.pat = { key: pat, id: pats.data.importPersonalAccessTokens.personalAccessTokens[0].id };
}, 120_000);

afterAll(async () => {
  await gateway?.close();
});

function forwardAuth(authorization: string | null, ip = '192.0.2.10') {
  return fetch(`${gateway.url}/auth/forward`, {
    headers: {
      'x-forwarded-uri': '/api/client/features',
      'x-forwarded-for': ip,
      ...(authorization === null ? {} : { authorization }),
    },
  });
}

function introspect(token: string) {
  return postForm(`${gateway.url}/oauth/introspect`, { token }, { authorization: `Bearer ${gateway.owner}` });
}

describe('imported keys over HTTP', () => {
  it('authenticate on GraphQL, verifyCredential, introspection and forward auth', async () => {
    for (const { key, id } of Object.values(imported)) {
      const viewer = await gateway.graphql('{ viewer { credential { id } } }', undefined, key);
      expect(viewer.data.viewer.credential.id).toBe(id);

      const verified = await gateway.graphql(
        `mutation ($secret: String!) { verifyCredential(input: { secret: $secret, ip: "192.0.2.10" }) {
          valid code credentialId } }`,
        { secret: key },
      );
      expect(verified.data.verifyCredential).toEqual({ valid: true, code: 'VALID', credentialId: id });

      const introspection = await introspect(key);
      expect(introspection.status).toBe(200);
      expect(await introspection.json()).toMatchObject({ active: true, client_id: id });

      for (const authorization of [`Bearer ${key}`, key]) {
        const checked = await forwardAuth(authorization);
        expect(checked.status).toBe(200);
        expect(checked.headers.get('x-keygate-credential-id')).toBe(id);
      }
    }
  });

  it('is refused like any unknown credential when it was never imported', async () => {
    const unknown = unleashApiToken('default', 'development');
    expect((await gateway.graphql('{ viewer { kind } }', undefined, unknown)).errors[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await (await introspect(unknown)).json()).toEqual({ active: false });
    const refused = await forwardAuth(unknown);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="keygate", error="invalid_token"');
  });

  it('takes a bare Authorization value only when it is one word: other schemes are no credential', async () => {
    for (const other of [
      `Basic ${Buffer.from('user:password').toString('base64')}`,
      `Token ${imported.client.key}`,
    ]) {
      const refused = await forwardAuth(other);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="keygate"');
      expect(refused.headers.get('x-keygate-subject')).toBeNull();
    }
  });

  it('exchanges an imported key for an access token at /oauth/token', async () => {
    const exchanged = await postForm(`${gateway.url}/oauth/token`, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: imported.authentik.key,
      subject_token_type: ACCESS_TOKEN_TYPE,
    });
    expect(exchanged.status).toBe(200);
    const { access_token } = (await exchanged.json()) as { access_token: string };
    expect(await (await introspect(access_token)).json()).toMatchObject({
      active: true,
      keygate_kind: 'ACCESS_TOKEN',
    });
    expect((await forwardAuth(`Bearer ${access_token}`)).status).toBe(200);
  });

  it('limits failed guesses of the imported shape per address, and still lets a good key in', async () => {
    const ip = '203.0.113.50';
    const statuses: number[] = [];
    for (let i = 0; i <= FAILURES_PER_MINUTE; i++) {
      statuses.push((await forwardAuth(unleashApiToken('default', 'development'), ip)).status);
    }
    expect(statuses).toEqual([...Array(FAILURES_PER_MINUTE).fill(401), 429]);
    expect((await forwardAuth(imported.client.key, ip)).status).toBe(200);
  });

  it('is ended by its holder at /oauth/revoke', async () => {
    const revoked = await postForm(`${gateway.url}/oauth/revoke`, { token: imported.frontend.key });
    expect(revoked.status).toBe(200);
    expect((await forwardAuth(`Bearer ${imported.frontend.key}`)).status).toBe(401);
    expect(await (await introspect(imported.frontend.key)).json()).toEqual({ active: false });
    const tokens = await gateway.graphql(`{ tokens(first: 10, state: REVOKED) { edges { node { id } } } }`);
    expect(tokens.data.tokens.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([
      imported.frontend.id,
    ]);
  });
});
