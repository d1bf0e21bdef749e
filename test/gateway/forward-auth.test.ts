import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateSecret } from '../../src/domain/secrets.js';
import { forwardAuthRoute } from '../../src/http/forward-auth.js';
import {
  createApplicationWithKey,
  type GatewayKeygate,
  postForm,
  startGatewayKeygate,
} from '../support/gateway.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { sparePort } from '../support/ports.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { seedMachineIdentity, seedMember, seedToken } from '../support/seed.js';

/*
 * /auth/forward as a proxy asks it (the real nginx in front of it is test/gateway/nginx.test.ts): the
 * answers, the identity headers, required scopes from the query and from the configured routes, the
 * credential's own request limit across verification paths, and failing closed when Redis goes away.
 */

const ORDERS_API = 'https://orders.example.test';
const BILLING_API = 'https://billing.example.test';

const RULES = [
  { path: '/admin/*', methods: ['POST', 'DELETE'], require: ['token:delete'] },
  { path: '/reports', require: ['audit:read'] },
  { path: '/billing', methods: ['GET'], require: ['token:delete'] },
  { path: '/orders/*', audience: ORDERS_API },
];

let redis: RedisServer;
let gateway: GatewayKeygate;
const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

/** A check as a proxy asks it: by default about a request to /api, which no rule covers. */
function check(
  credential: string | null,
  headers: Record<string, string> = { 'x-forwarded-uri': '/api' },
  path = '/auth/forward',
) {
  return fetch(`${gateway.url}${path}`, {
    headers: { ...(credential ? { authorization: `Bearer ${credential}` } : {}), ...headers },
  });
}

beforeAll(async () => {
  const port = await sparePort();
  redis = await startRedis(port);
  gateway = await startGatewayKeygate({
    REDIS_URL: `redis://127.0.0.1:${port}`,
    KEYGATE_TRUST_PROXY: 'loopback',
    KEYGATE_FORWARD_AUTH_RULES: JSON.stringify(RULES),
  });
  expect(await gateway.keygate.services.redisReady(20_000)).toBe(true);
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
});

describe('/auth/forward', () => {
  it('answers 401 with a challenge when the credential is missing, mistyped, unknown or revoked', async () => {
    const missing = await check(null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="keygate"');
    const identity = await seedMachineIdentity(gateway.keygate.services, gateway.organizationId);
    const token = await seedToken(gateway.keygate.services, gateway.organizationId, identity.id);
    for (const bad of [
      `${token.secret.slice(0, -1)}x`,
      generateSecret('TOKEN'),
      'eyJhbGciOiJFUzI1NiJ9.e30.eA',
    ]) {
      const refused = await check(bad);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="keygate", error="invalid_token"');
      expect(refused.headers.get('x-keygate-subject')).toBeNull();
    }
    expect((await check(token.secret)).status).toBe(200);
    await gateway.graphql(`mutation ($id: ID!) { revokeToken(input: { id: $id }) { __typename } }`, {
      id: globalId('Token', token.tokenId),
    });
    expect((await check(token.secret)).status).toBe(401);
  });

  it("answers 200 with who it is: a machine identity's token, a personal access token, an access token", async () => {
    const { services } = gateway.keygate;
    const identity = await seedMachineIdentity(services, gateway.organizationId, { role: 'AUDITOR' });
    const token = await seedToken(services, gateway.organizationId, identity.id);
    const machine = await check(token.secret);
    expect(machine.status).toBe(200);
    expect(
      Object.fromEntries([...machine.headers].filter(([name]) => name.startsWith('x-keygate-'))),
    ).toEqual({
      'x-keygate-subject': globalId('MachineIdentity', identity.id),
      'x-keygate-subject-kind': 'MACHINE_IDENTITY',
      'x-keygate-organization': globalId('Organization', gateway.organizationId),
      'x-keygate-credential-kind': 'TOKEN',
      'x-keygate-credential-id': globalId('Token', token.tokenId),
      'x-keygate-scopes': expect.stringContaining('audit:read'),
      // Sent empty, so that a proxy copying X-Keygate-* overwrites a client's own header of that name.
      'x-keygate-client-id': '',
    });
    expect(machine.headers.get('cache-control')).toBe('no-store');

    const member = await seedMember(services, gateway.organizationId, 'MEMBER');
    const person = await check(member.secret);
    expect(person.status).toBe(200);
    expect(person.headers.get('x-keygate-subject')).toBe(globalId('User', member.userId));
    expect(person.headers.get('x-keygate-credential-kind')).toBe('PERSONAL_ACCESS_TOKEN');

    const app = await createApplicationWithKey(gateway, { allowedScopes: ['orders:read'] });
    const response = await fetch(`${gateway.url}/.well-known/oauth-authorization-server`);
    const as = await oauth.processDiscoveryResponse(new URL(gateway.url), response);
    const issued = await oauth.processClientCredentialsResponse(
      as,
      { client_id: app.clientId },
      await oauth.clientCredentialsGrantRequest(
        as,
        { client_id: app.clientId },
        oauth.PrivateKeyJwt({ key: app.privateKey, kid: app.file.keyId }),
        {},
        { [oauth.allowInsecureRequests]: true },
      ),
    );
    const access = await check(issued.access_token);
    expect(access.status).toBe(200);
    expect(access.headers.get('x-keygate-credential-kind')).toBe('ACCESS_TOKEN');
    expect(access.headers.get('x-keygate-subject-kind')).toBe('APPLICATION');
    expect(access.headers.get('x-keygate-client-id')).toBe(app.clientId);
    expect(access.headers.get('x-keygate-scopes')).toBe('orders:read');
  });

  it("passes on a token's scopes as they are now: an edit shows in the next answer's headers", async () => {
    const { services } = gateway.keygate;
    const identity = await seedMachineIdentity(services, gateway.organizationId, { role: 'AUDITOR' });
    const token = await seedToken(services, gateway.organizationId, identity.id);
    // Asked twice first, so that the answer comes from what this instance keeps for the credential.
    for (let i = 0; i < 2; i++) {
      expect((await check(token.secret)).headers.get('x-keygate-scopes')).toContain('audit:read');
    }
    const edited = await gateway.graphql(
      `mutation ($id: ID!) { updateToken(input: { id: $id, scopes: ["token:read"] }) { __typename } }`,
      { id: globalId('Token', token.tokenId) },
    );
    expect(edited).toMatchObject({ data: { updateToken: { __typename: 'TokenPayload' } } });
    const after = await check(token.secret);
    expect(after.status).toBe(200);
    expect(after.headers.get('x-keygate-scopes')).toBe('token:read');
  });

  it("refuses an access token for another API's audience, from ?audience= or a configured route", async () => {
    const { services } = gateway.keygate;
    const app = await createApplicationWithKey(gateway, {
      allowedScopes: ['orders:read'],
      allowedAudiences: [ORDERS_API, BILLING_API],
    });
    const response = await fetch(`${gateway.url}/.well-known/oauth-authorization-server`);
    const as = await oauth.processDiscoveryResponse(new URL(gateway.url), response);
    const tokenFor = async (resource: string) =>
      (
        await oauth.processClientCredentialsResponse(
          as,
          { client_id: app.clientId },
          await oauth.clientCredentialsGrantRequest(
            as,
            { client_id: app.clientId },
            oauth.PrivateKeyJwt({ key: app.privateKey, kid: app.file.keyId }),
            { resource },
            { [oauth.allowInsecureRequests]: true },
          ),
        )
      ).access_token;
    const forOrders = await tokenFor(ORDERS_API);
    const forBilling = await tokenFor(BILLING_API);
    const orders = { 'x-forwarded-uri': '/orders/17', 'x-forwarded-method': 'GET' };

    expect((await check(forOrders, orders)).status).toBe(200);
    const refused = await check(forBilling, orders);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe(
      'Bearer realm="keygate", error="invalid_token", error_description="the credential is not for this audience"',
    );
    expect(refused.headers.get('x-keygate-subject')).toBeNull();
    // The check's own ?audience= holds on routes no rule covers.
    const billingCheck = `/auth/forward?audience=${encodeURIComponent(BILLING_API)}`;
    expect((await check(forBilling, undefined, billingCheck)).status).toBe(200);
    expect((await check(forOrders, undefined, billingCheck)).status).toBe(401);
    // A machine identity's token is for no API in particular: refused where an audience is required, let
    // in where none is (an empty ?audience= requires none).
    const identity = await seedMachineIdentity(services, gateway.organizationId);
    const token = await seedToken(services, gateway.organizationId, identity.id);
    expect((await check(token.secret, orders)).status).toBe(401);
    expect((await check(token.secret, undefined, billingCheck)).status).toBe(401);
    expect((await check(token.secret, undefined, '/auth/forward?audience=')).status).toBe(200);
    expect((await check(forOrders, undefined, '/auth/forward?audience=')).status).toBe(200);

    const denied = await services.prisma.auditEvent.findMany({
      where: {
        organizationId: gateway.organizationId,
        action: 'gateway.request',
        actorId: Buffer.from(app.applicationId, 'base64').toString().split(':')[1]!,
      },
      orderBy: { id: 'asc' },
    });
    expect(denied.map((event) => [event.outcome, event.targetId, event.changes])).toEqual([
      [
        'DENIED',
        'GET /orders/17',
        expect.objectContaining({
          reason: 'the credential is not for this audience',
          audiences: [ORDERS_API],
        }),
      ],
      ['DENIED', expect.any(String), expect.objectContaining({ audiences: [BILLING_API] })],
    ]);
  });

  it('answers 403 for a missing scope, from ?require= or a configured route, and records it', async () => {
    const { services } = gateway.keygate;
    const identity = await seedMachineIdentity(services, gateway.organizationId, { role: 'AUDITOR' });
    const token = await seedToken(services, gateway.organizationId, identity.id);
    // ?require=: what the proxy's route asks for.
    const elsewhere = { 'x-forwarded-uri': '/elsewhere' };
    expect((await check(token.secret, elsewhere, '/auth/forward?require=audit:read')).status).toBe(200);
    const refused = await check(token.secret, elsewhere, '/auth/forward?require=audit:read,token:create');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toBe(
      'Bearer realm="keygate", error="insufficient_scope", scope="token:create"',
    );

    // Configured routes, by the original method and URI as Traefik or Caddy, nginx and Envoy say them.
    const traefik = (method: string, uri: string) =>
      check(token.secret, { 'x-forwarded-method': method, 'x-forwarded-uri': uri });
    expect((await traefik('GET', '/admin/users')).status).toBe(200);
    expect((await traefik('POST', '/admin/users?x=1')).status).toBe(403);
    expect((await traefik('GET', '/reports')).status).toBe(200);
    expect(
      (await check(token.secret, { 'x-original-method': 'DELETE', 'x-original-uri': '/admin/7' })).status,
    ).toBe(403);
    const envoy = await fetch(`${gateway.url}/auth/forward/admin/7`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token.secret}` },
    });
    expect(envoy.status).toBe(403);

    const events = await services.prisma.auditEvent.findMany({
      where: { action: 'gateway.request', credentialId: token.tokenId },
      orderBy: { id: 'asc' },
    });
    expect(events.map((event) => [event.outcome, event.targetId])).toEqual([
      ['DENIED', 'GET /elsewhere'],
      ['DENIED', 'POST /admin/users'],
      ['DENIED', 'DELETE /admin/7'],
      ['DENIED', 'DELETE /admin/7'],
    ]);
    expect(events[0]).toMatchObject({
      actorType: 'MACHINE_IDENTITY',
      actorId: identity.id,
      changes: { code: 'FORBIDDEN', missing: ['token:create'] },
    });
  });

  it('matches rules on the path the API will route, and refuses what it cannot tell', async () => {
    const { services } = gateway.keygate;
    const identity = await seedMachineIdentity(services, gateway.organizationId, { role: 'AUDITOR' });
    const token = await seedToken(services, gateway.organizationId, identity.id);
    const status = async (headers: Record<string, string>, path = '/auth/forward') =>
      (await check(token.secret, headers, path)).status;
    const asked = (method: string, uri: string) => ({ 'x-forwarded-method': method, 'x-forwarded-uri': uri });
    // Each of these reaches /admin/… (or /reports) on an API behind the proxy: the rule holds for all.
    for (const uri of [
      '/ADMIN/users',
      '/%61dmin/users',
      '/public/../admin/users',
      '/public/%2e%2e/admin/users',
      '//admin/users',
      '/admin;jsessionid=1/users',
      '/admin\\users',
      '/admin',
      '/./admin/',
    ]) {
      expect(await status(asked('DELETE', uri)), uri).toBe(403);
    }
    // HEAD is answered like GET, so a GET rule holds for it.
    expect(await status(asked('HEAD', '/Billing/')), 'HEAD /Billing/').toBe(403);
    expect(await status(asked('POST', '/billing'))).toBe(200);
    // What routers read differently is not guessed at: refused, as is a request the proxy did not name.
    for (const uri of ['/admin%2fusers', '/%2561dmin/users', '/a%00b', 'admin/users', '/%zz']) {
      expect(await status(asked('GET', uri)), uri).toBe(403);
    }
    expect(await status({})).toBe(403);
    // A client's own header beside the proxy's, saying something else, makes the request unknown.
    expect(
      await status({
        'x-original-method': 'DELETE',
        'x-original-uri': '/admin/7',
        'x-forwarded-uri': '/public',
      }),
    ).toBe(403);
    expect(
      await status({
        'x-original-method': 'DELETE',
        'x-original-uri': '/admin/7',
        'x-forwarded-method': 'GET',
      }),
    ).toBe(403);
    expect(
      await status({ 'x-forwarded-uri': '/public', 'x-forwarded-method': 'GET' }, '/auth/forward/admin/7'),
    ).toBe(403);
    // Agreeing headers, and routes no rule covers, pass.
    expect(
      await status({ 'x-original-method': 'GET', 'x-original-uri': '/admin/7', ...asked('GET', '/admin/7') }),
    ).toBe(200);
    expect(await status(asked('DELETE', '/administrators'))).toBe(200);
    expect(await status(asked('GET', '/public/../reports/../public'))).toBe(200);
  });

  it('answers a require= it cannot name in a challenge with 403, never an error', async () => {
    const { services } = gateway.keygate;
    const identity = await seedMachineIdentity(services, gateway.organizationId);
    const token = await seedToken(services, gateway.organizationId, identity.id);
    const response = await check(
      token.secret,
      { 'x-forwarded-uri': '/x' },
      '/auth/forward?require=%0d%0aset-cookie:%20a=b&require=%22',
    );
    expect(response.status).toBe(403);
    // Only what is a scope token is named back: `a=b` is one; the line break and the quote are not.
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="keygate", error="insufficient_scope", scope="a=b"',
    );
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('holds a token to its own request limit on every verification path, shared through Redis, with 429 and Retry-After', async () => {
    const identity = await gateway.graphql(
      `mutation { createMachineIdentity(input: { name: "limited", role: ADMIN }) { ... on MachineIdentityPayload { machineIdentity { id } } } }`,
    );
    const created = await gateway.graphql(
      `mutation ($id: ID!) {
        createToken(input: { identityId: $id, name: "limited", requestLimit: 3, requestLimitWindow: 60 }) {
          ... on TokenSecretPayload { secret token { requestLimit requestLimitWindow } }
        }
      }`,
      { id: identity.data.createMachineIdentity.machineIdentity.id },
    );
    const { secret, token } = created.data.createToken;
    expect(token).toEqual({ requestLimit: 3, requestLimitWindow: 60 });
    expect((await check(secret)).status).toBe(200);
    const introspected = await postForm(
      `${gateway.url}/oauth/introspect`,
      { token: secret },
      { authorization: `Bearer ${gateway.owner}` },
    );
    expect(await introspected.json()).toMatchObject({ active: true });
    const viaGraphQL = await gateway.graphql(`{ viewer { kind } }`, {}, secret);
    expect(viaGraphQL.data.viewer.kind).toBe('MACHINE_IDENTITY');

    const limited = await check(secret);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const limitedIntrospection = await postForm(
      `${gateway.url}/oauth/introspect`,
      { token: secret },
      { authorization: `Bearer ${gateway.owner}` },
    );
    expect(limitedIntrospection.status).toBe(429);
    // The count lives in Redis, where every instance reads it.
    const keys = await redisKeys('*request:token:*');
    expect(keys.length).toBeGreaterThan(0);
  });

  it('fails closed: 503 while Redis is away, 200 again once it is back', async () => {
    const identity = await seedMachineIdentity(gateway.keygate.services, gateway.organizationId);
    const token = await seedToken(gateway.keygate.services, gateway.organizationId, identity.id);
    expect((await check(token.secret)).status).toBe(200);
    const port = Number(new URL(gateway.keygate.services.config.redisUrl!).port);
    await redis.stop();
    await vi.waitFor(() => expect(gateway.keygate.services.sharedStateAvailable()).toBe(false), {
      timeout: 30_000,
      interval: 20,
    });
    const refused = await check(token.secret);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    redis = await startRedis(port);
    expect(await gateway.keygate.services.redisReady(20_000)).toBe(true);
    expect((await check(token.secret)).status).toBe(200);
  });
});

/** Keys in the test's Redis matching `pattern`, through redis-cli (the protocol's own client). */
async function redisKeys(pattern: string): Promise<string[]> {
  const { execFile } = await import('node:child_process');
  const port = new URL(gateway.keygate.services.config.redisUrl!).port;
  return new Promise((resolve, reject) =>
    execFile('redis-cli', ['-p', port, '--scan', '--pattern', pattern], (error, stdout) =>
      error ? reject(error) : resolve(stdout.split('\n').filter(Boolean)),
    ),
  );
}

describe('/auth/forward and the database', () => {
  let keygate: TestKeygate;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    keygate = await startTestKeygate();
    const route = forwardAuthRoute(keygate.services);
    server = createServer((request, response) => void route.serve(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/forward`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await keygate?.close();
  });

  const ask = (secret: string) => fetch(url, { headers: { authorization: `Bearer ${secret}` } });

  it('never asks the database about a mistyped secret, and asks once about an unknown one', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const token = await seedToken(keygate.services, keygate.organizationId, identity.id);
    const mistyped = `${token.secret.slice(0, -2)}${token.secret.endsWith('aa') ? 'bb' : 'aa'}`;
    const unknown = generateSecret('TOKEN');
    keygate.queries.length = 0;
    for (let i = 0; i < 10; i++) expect((await ask(mistyped)).status).toBe(401);
    expect(keygate.queries.filter((sql) => sql.includes('CredentialSecret'))).toEqual([]);
    for (let i = 0; i < 10; i++) expect((await ask(unknown)).status).toBe(401);
    expect(keygate.queries.filter((sql) => sql.includes('CredentialSecret'))).toHaveLength(1);
  });
});
