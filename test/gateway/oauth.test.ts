import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApplicationWithKey,
  createApplicationWithKey,
  type GatewayKeygate,
  postForm,
  startGatewayKeygate,
} from '../support/gateway.js';
import { seedMachineIdentity, seedMember, seedOrganization, seedToken } from '../support/seed.js';

/*
 * The OAuth 2.0 endpoints as OAuth clients meet them: oauth4webapi discovers Keygate, authenticates with
 * the key file createAppKey hands out (private_key_jwt), gets access tokens, introspects and revokes
 * them; jose verifies the tokens against the published JWKS, as an API that checks them offline would.
 */

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const API = 'https://api.example.test';

let gateway: GatewayKeygate;
let as: oauth.AuthorizationServer;
let app: ApplicationWithKey;
const insecure = { [oauth.allowInsecureRequests]: true } as const;

const clientOf = (application: ApplicationWithKey): oauth.Client => ({ client_id: application.clientId });
const authOf = (application: ApplicationWithKey) =>
  oauth.PrivateKeyJwt({ key: application.privateKey, kid: application.file.keyId });

async function clientCredentials(application: ApplicationWithKey, parameters: Record<string, string> = {}) {
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    clientOf(application),
    authOf(application),
    parameters,
    insecure,
  );
  return oauth.processClientCredentialsResponse(as, clientOf(application), response);
}

async function introspect(token: string, by: ApplicationWithKey = app) {
  const response = await oauth.introspectionRequest(as, clientOf(by), authOf(by), token, insecure);
  return oauth.processIntrospectionResponse(as, clientOf(by), response);
}

/** The refusal oauth4webapi reports for an RFC 6749 §5.2 error answer. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the authorization server to refuse');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(oauth.ResponseBodyError);
  const { status, error: code, error_description } = error as oauth.ResponseBodyError;
  return { status, code, description: error_description };
}

/** A client assertion signed by hand, for the cases oauth4webapi would never send. */
async function assertion(application: ApplicationWithKey, claims: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: application.clientId,
    sub: application.clientId,
    aud: gateway.url,
    iat: now,
    exp: now + 60,
    jti: randomUUID(),
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: application.file.keyId })
    .sign(application.privateKey);
}

/** Sends every assertion to the token endpoint at once (client_credentials): the answers that were not 200. */
async function tokenBurst(at: GatewayKeygate, assertions: string[]): Promise<string[]> {
  const answers = await Promise.all(
    assertions.map(async (signed) => {
      const response = await postForm(`${at.url}/oauth/token`, {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: signed,
      });
      return `${response.status} ${response.status === 200 ? '' : await response.text()}`.trim();
    }),
  );
  return answers.filter((answer) => answer !== '200');
}

async function auditActions(action: string) {
  return gateway.keygate.services.prisma.auditEvent.findMany({
    where: { action },
    orderBy: { id: 'asc' },
  });
}

beforeAll(async () => {
  gateway = await startGatewayKeygate();
  const response = await oauth.discoveryRequest(new URL(gateway.url), { algorithm: 'oauth2', ...insecure });
  as = await oauth.processDiscoveryResponse(new URL(gateway.url), response);
  app = await createApplicationWithKey(gateway, {
    allowedScopes: ['orders:read', 'orders:write'],
    allowedAudiences: [API],
    accessTokenLifetime: 600,
  });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
});

describe('discovery (RFC 8414) and the JWKS', () => {
  it('names every endpoint, grant, client authentication and algorithm a client needs', () => {
    expect(as).toMatchObject({
      issuer: gateway.url,
      token_endpoint: `${gateway.url}/oauth/token`,
      introspection_endpoint: `${gateway.url}/oauth/introspect`,
      revocation_endpoint: `${gateway.url}/oauth/revoke`,
      jwks_uri: `${gateway.url}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials', JWT_BEARER, TOKEN_EXCHANGE],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
  });

  it('publishes public keys only', async () => {
    await clientCredentials(app); // the organization's keys exist once a token is signed
    const { keys } = (await (await fetch(as.jwks_uri!)).json()) as { keys: Record<string, unknown>[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toHaveProperty('kid');
      expect(key).toHaveProperty('alg');
      expect(key.use).toBe('sig');
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
    }
  });
});

describe('client credentials with private_key_jwt (RFC 7523 §2.2)', () => {
  it('issues an RFC 9068 access token that an API verifies offline against the JWKS', async () => {
    const issued = await clientCredentials(app, { scope: 'orders:read', resource: API });
    expect(issued.token_type).toBe('bearer');
    expect(issued.expires_in).toBeGreaterThan(590);
    expect(issued.expires_in).toBeLessThanOrEqual(600);
    expect(issued.scope).toBe('orders:read');

    const jwks = createRemoteJWKSet(new URL(as.jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(issued.access_token, jwks, {
      issuer: gateway.url,
      audience: API,
      typ: 'at+jwt',
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: app.clientId, client_id: app.clientId, scope: 'orders:read' });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(typeof payload.jti).toBe('string');

    // And as oauth4webapi's resource-server side validates an RFC 9068 token on an incoming request.
    const claims = await oauth.validateJwtAccessToken(
      as,
      new Request(`${API}/orders`, { headers: { authorization: `Bearer ${issued.access_token}` } }),
      API,
      insecure,
    );
    expect(claims.client_id).toBe(app.clientId);
  });

  it('answers a burst of concurrent requests of a new application with tokens only, never a 5xx', async () => {
    const burst = await createApplicationWithKey(gateway);
    const assertions = await Promise.all(Array.from({ length: 40 }, () => assertion(burst)));
    expect(await tokenBurst(gateway, assertions)).toEqual([]);
  });

  it('lets an application be allowed no Keygate permission the one who sets it lacks', async () => {
    // An ADMIN manages projects but not the organization: its applications cannot carry organization:manage.
    const admin = await seedMember(gateway.keygate.services, gateway.organizationId, 'ADMIN');
    const own = await createApplicationWithKey(gateway, {}, admin.secret);
    const update = (scopes: string[]) =>
      gateway.graphql(
        `mutation ($id: ID!, $scopes: [String!]) { updateApplication(input: { id: $id, allowedScopes: $scopes }) {
          __typename ... on ValidationError { field message } ... on ApplicationPayload { application { allowedScopes } } } }`,
        { id: own.applicationId, scopes },
        admin.secret,
      );
    expect((await update(['orders:read', 'organization:manage'])).data.updateApplication).toMatchObject({
      __typename: 'ValidationError',
      field: 'allowedScopes',
      message: expect.stringContaining('organization:manage'),
    });
    expect((await update(['orders:read', 'token:read'])).data.updateApplication).toMatchObject({
      application: { allowedScopes: ['orders:read', 'token:read'] },
    });
  });

  it('gives every allowed scope when none is asked for, and refuses one outside them', async () => {
    const all = await clientCredentials(app);
    expect(all.scope?.split(' ').sort()).toEqual(['orders:read', 'orders:write']);
    expect(decodeJwt(all.access_token).aud).toEqual([API]);

    expect(await refusal(clientCredentials(app, { scope: 'orders:read admin' }))).toMatchObject({
      status: 400,
      code: 'invalid_scope',
    });
    expect(
      await refusal(clientCredentials(app, { resource: 'https://elsewhere.example.test' })),
    ).toMatchObject({ status: 400, code: 'invalid_target' });
  });

  it('records each issue in the audit log as the application, never the token', async () => {
    const before = (await auditActions('accesstoken.created')).length;
    const issued = await clientCredentials(app);
    const events = await auditActions('accesstoken.created');
    expect(events).toHaveLength(before + 1);
    const event = events.at(-1)!;
    expect(event).toMatchObject({
      actorType: 'APPLICATION',
      credentialKind: 'APPLICATION_KEY',
      outcome: 'SUCCESS',
      targetType: 'AccessToken',
      targetId: decodeJwt(issued.access_token).jti,
    });
    const recorded = JSON.stringify(event, (_key, value) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    expect(recorded).not.toContain(issued.access_token);
    expect(recorded).not.toContain(issued.access_token.split('.')[2]);
  });

  it('refuses replayed, expired, mis-addressed and unknown assertions as invalid_client', async () => {
    const send = (clientAssertion: string) =>
      postForm(as.token_endpoint!, {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: clientAssertion,
      });
    const once = await assertion(app);
    expect((await send(once)).status).toBe(200);
    const now = Math.floor(Date.now() / 1000);
    const refused = [
      once,
      await assertion(app, { iat: now - 600, exp: now - 300 }),
      await assertion(app, { aud: 'https://another-issuer.example.test' }),
      // A jti PostgreSQL cannot store: refused like any other bad claim, not a database error.
      await assertion(app, { jti: 'a\u0000b' }),
      'eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl',
    ];
    for (const clientAssertion of refused) {
      const response = await send(clientAssertion);
      expect(response.status).toBe(401);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = (await response.json()) as { error: string; error_description: string };
      expect(body.error).toBe('invalid_client');
      expect(body.error_description).not.toContain(clientAssertion);
    }
  });

  it('issues one token for one assertion sent many times at once, and records one issue', async () => {
    // The assertion's use is recorded in the statement that records the issue: exactly one of the
    // concurrent requests records both; the others are refused, and nothing of theirs is written.
    const signed = await assertion(app);
    const before = (await auditActions('accesstoken.created')).length;
    // Eight, not more: each refusal counts against the address's failure limit, as any refused secret.
    const refused = await tokenBurst(
      gateway,
      Array.from({ length: 8 }, () => signed),
    );
    expect(refused).toHaveLength(7);
    for (const answer of refused) expect(answer).toMatch(/^401 .*"invalid_client".*replayed/);
    const issued = await auditActions('accesstoken.created');
    expect(issued).toHaveLength(before + 1);
    const jti = JSON.parse(Buffer.from(signed.split('.')[1]!, 'base64url').toString()).jti as string;
    const uses = await gateway.keygate.services.prisma.usedAssertion.count({ where: { jti } });
    expect(uses).toBe(1);
  });

  it('issues nothing for a key revoked where this instance has not heard of it yet', async () => {
    // As another instance revoking the key would leave this one until its eviction message arrives: the
    // row changes under a cached key. Recording the assertion's use checks the row, so nothing is issued.
    const stale = await createApplicationWithKey(gateway, { allowedScopes: ['orders:read'] });
    expect((await clientCredentials(stale)).access_token).toEqual(expect.any(String));
    const keyId = Buffer.from(stale.appKeyId, 'base64').toString().split(':')[1]!;
    await gateway.keygate.services.prisma.applicationKey.update({
      where: { id: keyId },
      data: { revokedAt: new Date() },
    });
    const before = (await auditActions('accesstoken.created')).length;
    const refused = await tokenBurst(gateway, [await assertion(stale)]);
    expect(refused).toEqual([expect.stringMatching(/^401 .*"invalid_client".*revoked/)]);
    expect(await auditActions('accesstoken.created')).toHaveLength(before);
  });

  it('stops issuing once the key is revoked, and the tokens it got are inactive at once', async () => {
    const own = await createApplicationWithKey(gateway, { allowedScopes: ['a'] });
    const issued = await clientCredentials(own);
    expect((await introspect(issued.access_token)).active).toBe(true);
    const revoked = await gateway.graphql(
      `mutation ($id: ID!) { revokeAppKey(input: { id: $id }) { __typename } }`,
      { id: own.appKeyId },
    );
    expect(revoked.data.revokeAppKey.__typename).toBe('ApplicationKeyPayload');
    expect(await introspect(issued.access_token)).toEqual({ active: false });
    expect(await refusal(clientCredentials(own))).toMatchObject({ status: 401, code: 'invalid_client' });
  });

  it('stops issuing while the application is disabled, and its tokens are inactive meanwhile', async () => {
    const own = await createApplicationWithKey(gateway, { allowedScopes: ['a'] });
    const issued = await clientCredentials(own);
    const toggle = (mutation: 'disableApplication' | 'enableApplication') =>
      gateway.graphql(`mutation ($id: ID!) { ${mutation}(input: { id: $id }) { __typename } }`, {
        id: own.applicationId,
      });
    expect((await toggle('disableApplication')).data.disableApplication.__typename).toBe(
      'ApplicationPayload',
    );
    expect(await introspect(issued.access_token)).toEqual({ active: false });
    expect(await refusal(clientCredentials(own))).toMatchObject({ code: 'invalid_client' });
    await toggle('enableApplication');
    expect((await introspect(issued.access_token)).active).toBe(true);
  });
});

describe('the JWT-bearer grant (RFC 7523 §2.1)', () => {
  it('issues for a signed assertion alone, once', async () => {
    const grant = await assertion(app);
    const response = await oauth.genericTokenEndpointRequest(
      as,
      clientOf(app),
      oauth.None(),
      JWT_BEARER,
      { assertion: grant, scope: 'orders:write' },
      insecure,
    );
    const issued = await oauth.processGenericTokenEndpointResponse(as, clientOf(app), response);
    expect(issued.scope).toBe('orders:write');
    expect(decodeJwt(issued.access_token).sub).toBe(app.clientId);

    const replay = await postForm(as.token_endpoint!, { grant_type: JWT_BEARER, assertion: grant });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('token exchange (RFC 8693)', () => {
  it("exchanges a machine identity's token for a short-lived access token within its permissions", async () => {
    await gateway.graphql(
      `mutation { updateOrganization(input: { exchangeAudiences: ["${API}"], exchangeTokenLifetime: 300 }) { __typename } }`,
    );
    const identity = await seedMachineIdentity(gateway.keygate.services, gateway.organizationId, {
      role: 'AUDITOR',
    });
    const token = await seedToken(gateway.keygate.services, gateway.organizationId, identity.id);
    const exchange = (parameters: Record<string, string>) =>
      oauth
        .genericTokenEndpointRequest(
          as,
          { client_id: 'any' },
          oauth.None(),
          TOKEN_EXCHANGE,
          { subject_token: token.secret, subject_token_type: ACCESS_TOKEN_TYPE, ...parameters },
          insecure,
        )
        .then((response: Response) =>
          oauth.processGenericTokenEndpointResponse(as, { client_id: 'any' }, response),
        );

    const issued = await exchange({ audience: API, scope: 'token:read' });
    expect(issued.issued_token_type).toBe(ACCESS_TOKEN_TYPE);
    const { payload } = await jwtVerify(issued.access_token, createRemoteJWKSet(new URL(as.jwks_uri!)), {
      issuer: gateway.url,
      audience: API,
      typ: 'at+jwt',
    });
    expect(payload.scope).toBe('token:read');
    expect(payload.exp! - payload.iat!).toBe(300);

    // Never broader than the token: a permission the identity lacks, an audience not allowed.
    expect(await refusal(exchange({ scope: 'token:create' }))).toMatchObject({ code: 'invalid_scope' });
    expect(await refusal(exchange({ audience: 'https://elsewhere.example.test' }))).toMatchObject({
      code: 'invalid_target',
    });

    // Revoking the exchanged token ends the access token at introspection at once.
    expect((await introspect(issued.access_token)).active).toBe(true);
    await gateway.graphql(`mutation ($id: ID!) { revokeToken(input: { id: $id }) { __typename } }`, {
      id: Buffer.from(`Token:${token.tokenId}`).toString('base64'),
    });
    expect(await introspect(issued.access_token)).toEqual({ active: false });
    expect(await refusal(exchange({}))).toMatchObject({ code: 'invalid_grant' });
  });

  it('never outlives what it was exchanged for: its end, or how far it may be renewed', async () => {
    await gateway.graphql(
      `mutation { updateOrganization(input: { exchangeAudiences: ["${API}"], exchangeTokenLifetime: 300 }) { __typename } }`,
    );
    const identity = await seedMachineIdentity(gateway.keygate.services, gateway.organizationId);
    const soon = new Date(Date.now() + 60_000);
    const expiring = await seedToken(gateway.keygate.services, gateway.organizationId, identity.id, {
      expiresAt: soon,
    });
    const renewable = await seedToken(gateway.keygate.services, gateway.organizationId, identity.id, {
      expiresAt: null,
      renewableUntil: soon,
    });
    for (const token of [expiring, renewable]) {
      const response = await postForm(as.token_endpoint!, {
        grant_type: TOKEN_EXCHANGE,
        subject_token: token.secret,
        subject_token_type: ACCESS_TOKEN_TYPE,
      });
      const body = (await response.json()) as { access_token: string; expires_in: number };
      expect(response.status, JSON.stringify(body)).toBe(200);
      const { payload } = await jwtVerify(body.access_token, createRemoteJWKSet(new URL(as.jwks_uri!)), {
        issuer: gateway.url,
      });
      expect(payload.exp!).toBeLessThanOrEqual(Math.floor(soon.getTime() / 1000));
      expect(body.expires_in).toBeLessThanOrEqual(60);
    }
  });

  it('holds an exchanged token to what its source may do now: a lowered role narrows it at once', async () => {
    await gateway.graphql(
      `mutation { updateOrganization(input: { exchangeAudiences: ["${API}"], exchangeTokenLifetime: 600 }) { __typename } }`,
    );
    const identity = await seedMachineIdentity(gateway.keygate.services, gateway.organizationId, {
      role: 'ADMIN',
    });
    const token = await seedToken(gateway.keygate.services, gateway.organizationId, identity.id);
    const response = await postForm(as.token_endpoint!, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: token.secret,
      subject_token_type: ACCESS_TOKEN_TYPE,
      scope: 'token:create token:read',
    });
    const { access_token } = (await response.json()) as { access_token: string };
    expect(response.status).toBe(200);
    expect((await introspect(access_token)).scope?.split(' ').sort()).toEqual(['token:create', 'token:read']);

    const lowered = await gateway.graphql(
      `mutation ($id: ID!) { updateMachineIdentity(input: { id: $id, role: AUDITOR }) { __typename } }`,
      { id: Buffer.from(`MachineIdentity:${identity.id}`).toString('base64') },
    );
    expect(lowered.data.updateMachineIdentity.__typename, JSON.stringify(lowered)).toBe(
      'MachineIdentityPayload',
    );
    // Signed with token:create, but an AUDITOR's token may no longer create: introspection and forward auth
    // see only what is left.
    expect((await introspect(access_token)).scope).toBe('token:read');
    const forward = await fetch(`${gateway.url}/auth/forward?require=token:create`, {
      headers: { authorization: `Bearer ${access_token}`, 'x-forwarded-uri': '/tokens' },
    });
    expect(forward.status).toBe(403);
  });

  it('refuses to exchange a token bound to trusted addresses or a number of uses', async () => {
    const identity = await seedMachineIdentity(gateway.keygate.services, gateway.organizationId);
    for (const options of [{ trustedIps: ['127.0.0.1/32'] }, { numUsesLimit: 5 }]) {
      const token = await seedToken(gateway.keygate.services, gateway.organizationId, identity.id, options);
      const response = await postForm(as.token_endpoint!, {
        grant_type: TOKEN_EXCHANGE,
        subject_token: token.secret,
        subject_token_type: ACCESS_TOKEN_TYPE,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    }
  });
});

describe('introspection (RFC 7662)', () => {
  it("answers for the caller's organization's tokens, and active: false for anything else", async () => {
    const { services } = gateway.keygate;
    const identity = await seedMachineIdentity(services, gateway.organizationId);
    const token = await seedToken(services, gateway.organizationId, identity.id, { numUsesLimit: 10 });
    const active = await introspect(token.secret);
    expect(active).toMatchObject({
      active: true,
      token_type: 'Bearer',
      sub: Buffer.from(`MachineIdentity:${identity.id}`).toString('base64'),
      client_id: Buffer.from(`Token:${token.tokenId}`).toString('base64'),
      keygate_kind: 'TOKEN',
      keygate_owner_kind: 'MACHINE_IDENTITY',
      keygate_remaining_uses: 9,
    });
    // Counted like verifyCredential.
    expect(await introspect(token.secret)).toMatchObject({ keygate_remaining_uses: 8 });

    const access = await clientCredentials(app);
    expect(await introspect(access.access_token)).toMatchObject({
      active: true,
      client_id: app.clientId,
      sub: app.clientId,
      scope: 'orders:read orders:write',
      aud: [API],
      keygate_kind: 'ACCESS_TOKEN',
      jti: decodeJwt(access.access_token).jti,
    });

    // Another organization's token, and its application asking about ours: nothing learned.
    const other = await seedOrganization(services);
    const otherIdentity = await seedMachineIdentity(services, other.organizationId);
    const otherToken = await seedToken(services, other.organizationId, otherIdentity.id);
    expect(await introspect(otherToken.secret)).toEqual({ active: false });
    for (const bad of [
      'kg_tok_not-a-token',
      'eyJhbGciOiJFUzI1NiJ9.e30.c2ln',
      otherToken.secret.slice(0, -1),
      // The shape of a Keygate secret with a character outside ASCII in its checksum (once a 500).
      `${otherToken.secret.slice(0, -1)}é`,
    ]) {
      expect(await introspect(bad)).toEqual({ active: false });
    }
  });

  it('takes a Keygate credential holding credential:verify, and records one without it', async () => {
    const { services } = gateway.keygate;
    const identity = await seedMachineIdentity(services, gateway.organizationId);
    const token = await seedToken(services, gateway.organizationId, identity.id);
    const ask = (bearer: string) =>
      postForm(as.introspection_endpoint!, { token: token.secret }, { authorization: `Bearer ${bearer}` });
    const allowed = await ask(gateway.owner);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ active: true, keygate_kind: 'TOKEN' });

    const auditor = await seedMember(services, gateway.organizationId, 'AUDITOR');
    const denied = await ask(auditor.secret);
    expect(await denied.json()).toEqual({ active: false });
    const events = await services.prisma.auditEvent.findMany({
      where: { action: 'credential.verify', outcome: 'DENIED', actorId: auditor.userId },
    });
    expect(events).toHaveLength(1);

    const anonymous = await postForm(as.introspection_endpoint!, { token: token.secret });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: 'invalid_client' });
  });
});

describe('revocation (RFC 7009)', () => {
  it('ends an access token, a token or a personal access token for whoever presents it; always 200', async () => {
    const { services } = gateway.keygate;
    const revoke = (token: string) =>
      oauth
        .revocationRequest(as, { client_id: 'holder' }, oauth.None(), token, insecure)
        .then(oauth.processRevocationResponse);

    const access = await clientCredentials(app);
    await revoke(access.access_token);
    expect(await introspect(access.access_token)).toEqual({ active: false });

    const identity = await seedMachineIdentity(services, gateway.organizationId);
    const token = await seedToken(services, gateway.organizationId, identity.id);
    await revoke(token.secret);
    expect(await introspect(token.secret)).toEqual({ active: false });
    const row = await services.prisma.token.findUniqueOrThrow({ where: { id: token.tokenId } });
    expect(row.revokedAt).not.toBeNull();
    const [event] = await services.prisma.auditEvent.findMany({
      where: { action: 'token.revoked', targetId: token.tokenId },
    });
    expect(event).toMatchObject({ organizationId: gateway.organizationId, credentialId: token.tokenId });

    // A token that may not act from here (trusted ranges elsewhere) or right now (its identity disabled) is
    // ended all the same: enabling the identity again does not bring a leaked token back.
    const fenced = await seedToken(services, gateway.organizationId, identity.id, {
      trustedIps: ['10.9.9.9/32'],
    });
    const dormant = await seedMachineIdentity(services, gateway.organizationId, { disabled: true });
    const asleep = await seedToken(services, gateway.organizationId, dormant.id);
    for (const held of [fenced, asleep]) {
      await revoke(held.secret);
      const ended = await services.prisma.token.findUniqueOrThrow({ where: { id: held.tokenId } });
      expect(ended.revokedAt, held.tokenId).not.toBeNull();
    }

    // Unknown, mistyped, already revoked: the same empty 200.
    for (const whatever of [token.secret, 'kg_tok_nothing', 'not a token at all']) {
      const response = await postForm(as.revocation_endpoint!, { token: whatever });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({});
    }
  });
});

/** A form POST whose body goes in chunks (Transfer-Encoding: chunked), with no Content-Length. */
function postChunks(url: string, chunks: string[]) {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    duplex: 'half',
  } as RequestInit);
}

describe('bad requests get the RFC error shape, never a 500', () => {
  it('reads a form sent in chunks whole', async () => {
    const response = await postChunks(`${gateway.url}/oauth/token`, ['grant_', 'type=pass', 'word']);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it.each([
    ['GET on the token endpoint', () => fetch(`${gateway.url}/oauth/token`), 'invalid_request'],
    ['no grant type', () => postForm(`${gateway.url}/oauth/token`, {}), 'invalid_request'],
    [
      'an unknown grant type',
      () => postForm(`${gateway.url}/oauth/token`, { grant_type: 'password' }),
      'unsupported_grant_type',
    ],
    [
      'a JSON body',
      () =>
        fetch(`${gateway.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"grant_type":"client_credentials"}',
        }),
      'invalid_request',
    ],
    [
      'a repeated parameter',
      () =>
        postForm(`${gateway.url}/oauth/token`, { grant_type: ['client_credentials', 'client_credentials'] }),
      'invalid_request',
    ],
    [
      'a body over the limit',
      () =>
        postForm(`${gateway.url}/oauth/token`, {
          grant_type: 'client_credentials',
          pad: 'x'.repeat(200_000),
        }),
      'invalid_request',
    ],
    [
      'a body over the limit in chunks, with no length declared',
      () =>
        postChunks(`${gateway.url}/oauth/token`, [
          'grant_type=client_credentials&pad=',
          'x'.repeat(10_000),
          'x'.repeat(10_000),
        ]),
      'invalid_request',
    ],
    [
      'client credentials without client authentication',
      () => postForm(`${gateway.url}/oauth/token`, { grant_type: 'client_credentials' }),
      'invalid_client',
    ],
    [
      'a scope with a quote in it',
      () => postForm(`${gateway.url}/oauth/token`, { grant_type: 'client_credentials', scope: 'a"b' }),
      'invalid_scope',
    ],
  ])('%s', async (_name, send, error) => {
    const response = await send();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ error, error_description: expect.any(String) });
  });
});

describe('signing keys', () => {
  it('rotate on demand (audited); tokens signed before stay valid, new ones use the new key', async () => {
    const before = await clientCredentials(app);
    const rotated = await gateway.graphql(
      `mutation { rotateSigningKeys(input: { reason: "test" }) { __typename ... on RotateSigningKeysPayload { keys { kid algorithm } } } }`,
    );
    expect(rotated.data.rotateSigningKeys.__typename).toBe('RotateSigningKeysPayload');
    const after = await clientCredentials(app);
    const oldKid = decodeProtectedHeader(before.access_token).kid;
    const newKid = decodeProtectedHeader(after.access_token).kid;
    expect(newKid).not.toBe(oldKid);
    const kids = ((await (await fetch(as.jwks_uri!)).json()) as { keys: { kid: string }[] }).keys.map(
      (key) => key.kid,
    );
    expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]));
    const jwks = createRemoteJWKSet(new URL(as.jwks_uri!));
    for (const token of [before, after]) {
      await expect(jwtVerify(token.access_token, jwks, { issuer: gateway.url })).resolves.toBeDefined();
    }
    const [event] = await auditActions('signingkey.rotated');
    expect(event).toMatchObject({ outcome: 'SUCCESS', targetType: 'Organization' });
    expect(event!.changes).toMatchObject({ reason: 'test' });
    expect(JSON.stringify(event!.changes)).not.toMatch(/"d"|PRIVATE/);
  });

  it('are stored encrypted: the database holds no private key', async () => {
    const rows = await gateway.keygate.services.prisma.signingKey.findMany();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(JSON.stringify(row.publicJwk)).not.toMatch(/"d"/);
      expect(Buffer.from(row.encryptedPrivateKey).toString('latin1')).not.toMatch(/PRIVATE KEY|"d":/);
    }
  });
});

describe('the token endpoint with a small connection pool', () => {
  it('answers a burst larger than the pool while the signing key is read afresh, never a 5xx', async () => {
    const small = await startGatewayKeygate({ DATABASE_POOL_SIZE: '3' });
    try {
      const client = await createApplicationWithKey(small);
      const assertions = await Promise.all(
        Array.from({ length: 24 }, () => assertion(client, { aud: small.url })),
      );
      // Every request reads the signing key: one that held its transaction while it waited for another
      // connection to read it would, with more of them than connections, hold the whole pool.
      small.keygate.services.signingKeys.forget(small.organizationId);
      expect(await tokenBurst(small, assertions)).toEqual([]);
    } finally {
      await small.close();
    }
  });
});
