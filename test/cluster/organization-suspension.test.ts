import { randomInt, randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectCredential } from '../../src/domain/inspect-credential.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { credentialsChangeHeard } from '../support/credential-changes.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { openEventStream } from '../support/event-stream.js';
import { postForm } from '../support/gateway.js';
import { testConfig } from '../support/keygate.js';
import { seedAppKey, seedApplication, seedMachineIdentity, seedMember, seedToken } from '../support/seed.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ISSUER = 'http://keygate.cluster.test';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/*
 * Suspending, resuming and deleting an organization through one instance, and what a second instance
 * (sharing only PostgreSQL and Redis) answers right after: every door, with every kind of credential,
 * each of them authenticated (and cached) on the second instance before the change. The test waits for
 * the second instance to hear the change through Redis, never for a cache to expire.
 */
describe('an organization suspended, resumed and deleted on one instance, seen from another', () => {
  let database: TestDatabase;
  let a: RunningKeygate;
  let b: RunningKeygate;
  // A client address of this run's own: failure counters live in Redis across runs.
  const clientIp = `198.51.${randomInt(256)}.${randomInt(1, 255)}`;

  let organizationId: string;
  let owner: string;
  /** A machine identity's token (ADMIN: audit:read and credential:verify). */
  let machine: string;
  /** A member's personal access token, made in the organization. */
  let member: string;
  /** A token made in the organization by a person also in the first one, verified there. */
  let resident: string;
  /** A member of the first organization, who verifies credentials. */
  let verifier: string;
  let app: { clientId: string; keyId: string; privateKey: Parameters<SignJWT['sign']>[0] };
  /** Access tokens issued before the suspension: for the application, and exchanged for the machine token. */
  let applicationAccessToken: string;
  let exchangedAccessToken: string;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    const config = {
      ...testConfig({ REDIS_URL, KEYGATE_TRUST_PROXY: 'true', KEYGATE_ISSUER: ISSUER }),
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
    };
    a = await startKeygate(config);
    b = await startKeygate(config);
    owner = a.adminSecret!;
    expect(await b.services.redisReady(20_000)).toBe(true);

    // The organization is made as its owner makes one, on A.
    const created = await graphql(
      a,
      'mutation { createOrganization(input: { name: "Suspended Co" }) { ... on CreateOrganizationPayload { organization { id } } } }',
      owner,
    );
    organizationId = Buffer.from(created.body.data.createOrganization.organization.id, 'base64')
      .toString()
      .split(':')[1]!;
    const services = a.services;
    const identity = await seedMachineIdentity(services, organizationId, { role: 'ADMIN' });
    machine = (await seedToken(services, organizationId, identity.id)).secret;
    member = (await seedMember(services, organizationId, 'MEMBER')).secret;
    const home = (
      await services.prisma.organization.findFirstOrThrow({ where: { NOT: { id: organizationId } } })
    ).id;
    const person = await seedMember(services, organizationId, 'MEMBER');
    await services.prisma.membership.create({
      data: { organizationId: home, userId: person.userId, name: 'Resident', role: 'MEMBER' },
    });
    resident = person.secret;
    verifier = (await seedMember(services, home, 'MEMBER')).secret;
    const application = await seedApplication(services, organizationId);
    const key = await seedAppKey(services, organizationId, application.applicationId);
    app = { clientId: application.clientId, keyId: key.keyId, privateKey: key.privateKey };
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  const headers = (token: string | null, extra: Record<string, string> = {}) => ({
    'x-forwarded-for': clientIp,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...extra,
  });

  async function graphql(
    instance: RunningKeygate,
    query: string,
    token: string,
    variables?: unknown,
    extra: Record<string, string> = {},
  ) {
    const response = await fetch(`${instance.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers(token, extra) },
      body: JSON.stringify({ query, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: ad-hoc documents; each assertion checks the shape it needs
    return { status: response.status, body: (await response.json()) as any };
  }

  const inOrganization = () => ({ 'x-keygate-organization': encodeGlobalID('Organization', organizationId) });
  const viewerStatus = async (instance: RunningKeygate, token: string) =>
    (await graphql(instance, '{ viewer { kind } }', token)).status;
  const verify = async (instance: RunningKeygate, by: string, secret: string) => {
    const answer = await graphql(
      instance,
      'mutation ($secret: String!) { verifyCredential(input: { secret: $secret }) { code } }',
      by,
      { secret },
    );
    return answer.status === 200 ? answer.body.data.verifyCredential.code : answer.status;
  };

  const assertion = () =>
    new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: app.keyId })
      .setIssuer(app.clientId)
      .setSubject(app.clientId)
      .setAudience(ISSUER)
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(app.privateKey);

  async function clientCredentials(instance: RunningKeygate) {
    const response = await postForm(
      `${instance.url}/oauth/token`,
      {
        grant_type: 'client_credentials',
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: await assertion(),
      },
      headers(null),
    );
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  async function exchange(instance: RunningKeygate, subject: string) {
    const response = await postForm(
      `${instance.url}/oauth/token`,
      { grant_type: TOKEN_EXCHANGE, subject_token: subject, subject_token_type: ACCESS_TOKEN_TYPE },
      headers(null),
    );
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  async function introspect(instance: RunningKeygate, token: string, by: string) {
    const response = await postForm(`${instance.url}/oauth/introspect`, { token }, headers(by));
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const forwardAuth = async (instance: RunningKeygate, token: string) =>
    (await fetch(`${instance.url}/auth/forward`, { headers: headers(token) })).status;

  it('works everywhere before, and B has it all cached', async () => {
    expect(await viewerStatus(b, machine)).toBe(200);
    expect(await viewerStatus(b, member)).toBe(200);
    expect(await verify(b, verifier, resident)).toBe('VALID');
    expect(await verify(b, machine, member)).toBe('VALID');
    const issued = await clientCredentials(b);
    expect(issued.status).toBe(200);
    applicationAccessToken = issued.body.access_token!;
    const exchanged = await exchange(b, machine);
    expect(exchanged.status).toBe(200);
    exchangedAccessToken = exchanged.body.access_token!;
    expect((await introspect(b, applicationAccessToken, machine)).body.active).toBe(true);
    for (const token of [applicationAccessToken, exchangedAccessToken, machine, member]) {
      expect(await forwardAuth(b, token)).toBe(200);
    }
    expect(b.services.credentialCache.size).toBeGreaterThan(0);
  });

  it('refuses every credential of it on B as soon as B hears of the suspension made on A', async () => {
    const stream = await openEventStream(
      fetch,
      `${b.url}/graphql`,
      machine,
      'subscription { auditEventAdded(filter: { action: "token.*" }) { action } }',
    );
    expect(stream.status).toBe(200);
    const heard = credentialsChangeHeard(b.services, 'organization.suspended');
    const suspended = await graphql(
      a,
      'mutation { suspendOrganization(input: { reason: "incident" }) { __typename } }',
      owner,
      undefined,
      inOrganization(),
    );
    expect(suspended.body.data.suspendOrganization.__typename).toBe('OrganizationPayload');
    await heard;

    // GraphQL: its machine token and its member's token.
    expect(await viewerStatus(b, machine)).toBe(401);
    expect(await viewerStatus(b, member)).toBe(401);
    // verifyCredential: its token is no longer good where it could act, and its verifier cannot ask.
    expect(await verify(b, verifier, resident)).toBe('NOT_FOUND');
    expect(await verify(b, machine, member)).toBe(401);
    // The token endpoint: the application's client assertion, and a token exchange.
    const refusedClient = await clientCredentials(b);
    expect(refusedClient.status).toBe(401);
    expect(refusedClient.body).toMatchObject({ error: 'invalid_client' });
    expect(refusedClient.body.error_description).toContain('organization suspended');
    const refusedExchange = await exchange(b, machine);
    expect(refusedExchange.status).toBe(400);
    expect(refusedExchange.body).toMatchObject({ error: 'invalid_grant' });
    // Introspection: its caller is refused (every caller of the organization is), and what it would be
    // answered about the access tokens already issued, in their organization, is `active: false`; forward
    // auth refuses them.
    expect((await introspect(b, applicationAccessToken, machine)).status).toBe(401);
    for (const token of [applicationAccessToken, exchangedAccessToken]) {
      const inspection = await inspectCredential({ ...b.services, issuer: ISSUER }, token, {
        organizationId,
        ip: clientIp,
      });
      expect(inspection.active).toBe(false);
    }
    for (const token of [applicationAccessToken, exchangedAccessToken, machine, member]) {
      expect(await forwardAuth(b, token)).toBe(401);
    }
    // The open subscription ends (with a filter that the suspension's own event does not match).
    const ended = await stream.readUntil((text) => text.includes('event: complete'), 10_000);
    stream.close();
    expect(ended).toContain('event: complete');

    // The owner's token, on B too: resuming, nothing else.
    const asOwner = await graphql(b, '{ viewer { permissions } }', owner, undefined, inOrganization());
    expect(asOwner.body.data.viewer.permissions).toEqual(['organization:resume']);
    const refusedOwner = await graphql(
      b,
      '{ tokens(first: 1) { totalCount } }',
      owner,
      undefined,
      inOrganization(),
    );
    expect(refusedOwner.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('brings everything back on A once B resumes it', async () => {
    const heard = credentialsChangeHeard(a.services, 'organization.resumed');
    const resumed = await graphql(
      b,
      'mutation { resumeOrganization(input: {}) { __typename } }',
      owner,
      undefined,
      inOrganization(),
    );
    expect(resumed.body.data.resumeOrganization.__typename).toBe('OrganizationPayload');
    await heard;
    expect(await viewerStatus(a, machine)).toBe(200);
    expect(await viewerStatus(a, member)).toBe(200);
    expect(await verify(a, verifier, resident)).toBe('VALID');
    expect((await clientCredentials(a)).status).toBe(200);
    expect((await introspect(a, applicationAccessToken, machine)).body.active).toBe(true);
    expect(await forwardAuth(a, exchangedAccessToken)).toBe(200);
  });

  it('ends everything on B, with no exception, once B hears of the deletion made on A', async () => {
    // B has the credentials cached again.
    expect(await viewerStatus(b, machine)).toBe(200);
    expect(await forwardAuth(b, applicationAccessToken)).toBe(200);
    const heard = credentialsChangeHeard(b.services, 'organization.deleted');
    const deleted = await graphql(
      a,
      'mutation { deleteOrganization(input: { confirmName: "Suspended Co" }) { __typename } }',
      owner,
      undefined,
      inOrganization(),
    );
    expect(deleted.body.data.deleteOrganization.__typename).toBe('DeletedPayload');
    await heard;
    expect(await viewerStatus(b, machine)).toBe(401);
    expect(await viewerStatus(b, member)).toBe(401);
    expect(await verify(b, verifier, resident)).toBe('NOT_FOUND');
    const refusedClient = await clientCredentials(b);
    expect(refusedClient.status).toBe(401);
    expect(refusedClient.body.error_description).toContain('not found');
    for (const token of [applicationAccessToken, exchangedAccessToken, machine]) {
      expect(await forwardAuth(b, token)).toBe(401);
    }
    // Its owner gets no exception: the organization is not one anybody may act in.
    const asOwner = await graphql(b, '{ viewer { permissions } }', owner, undefined, inOrganization());
    expect(asOwner.status).toBe(403);
    // The owner's own organization is untouched.
    expect(await viewerStatus(b, owner)).toBe(200);
  });
});
