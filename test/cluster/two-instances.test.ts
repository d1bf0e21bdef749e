import { randomInt } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/domain/secrets.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { credentialsChangeHeard } from '../support/credential-changes.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { openEventStream } from '../support/event-stream.js';
import { testConfig } from '../support/keygate.js';
import { seedMachineIdentity, seedMember, seedToken } from '../support/seed.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two Keygate instances that share nothing but one PostgreSQL database and one Redis. */
describe('two instances on one PostgreSQL and one Redis', () => {
  let database: TestDatabase;
  let a: RunningKeygate;
  let b: RunningKeygate;
  let owner: string;
  // A client address of each test's own, so failure counters (kept in Redis) of earlier tests and runs
  // do not interfere.
  let clientIp = '';
  beforeEach(() => {
    clientIp = `198.18.${randomInt(256)}.${randomInt(1, 255)}`;
  });

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    const config = {
      ...testConfig({
        NODE_ENV: 'test',
        REDIS_URL,
        KEYGATE_TRUST_PROXY: 'true',
        KEYGATE_AUTH_FAILURES_PER_MINUTE: '5',
        KEYGATE_MUTATIONS_PER_MINUTE: '8',
      }),
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
    };
    a = await startKeygate(config);
    b = await startKeygate(config);
    owner = a.adminSecret!;
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  async function call(instance: RunningKeygate, query: string, token: string | null, variables?: unknown) {
    const response = await fetch(`${instance.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': clientIp,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: raw answers to ad-hoc documents; the assertions check their shape
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  }

  it('bootstraps once', () => {
    expect(a.adminSecret).toMatch(/^kg_pat_/);
    expect(b.adminSecret).toBeNull();
  });

  it('refuses on one instance, as soon as it hears of it, a token revoked through the other', async () => {
    const identity = await call(
      a,
      'mutation { createMachineIdentity(input: { name: "cluster" }) { ... on MachineIdentityPayload { machineIdentity { id } } } }',
      owner,
    );
    const identityId = identity.body.data.createMachineIdentity.machineIdentity.id;
    const created = await call(
      a,
      'mutation($id: ID!) { createToken(input: { identityId: $id, name: "shared" }) { ... on TokenSecretPayload { secret token { id } } } }',
      owner,
      { id: identityId },
    );
    const { secret, token } = created.body.data.createToken;
    // B authenticates the token, and caches it.
    for (let i = 0; i < 3; i++)
      expect((await call(b, '{ viewer { kind } }', secret)).body.data.viewer.kind).toBe('MACHINE_IDENTITY');
    expect(b.services.credentialCache.size).toBeGreaterThan(0);

    // B hears of the revocation through Redis; the test waits for that, not for a while.
    const heard = credentialsChangeHeard(b.services, 'token.revoked');
    const revoked = await call(
      a,
      'mutation($id: ID!) { revokeToken(input: { id: $id }) { __typename } }',
      owner,
      { id: token.id },
    );
    expect(revoked.body.data.revokeToken.__typename).toBe('TokenPayload');
    await heard;
    // Refused on B's first request once it has heard: nothing of the token is left in its cache.
    expect((await call(b, '{ viewer { kind } }', secret)).status).toBe(401);
  });

  it("holds a token's edit on the other instance as soon as it hears of it", async () => {
    // A credential of this test's own: the suite's mutation limit is small and counted across instances.
    const organization = await a.services.prisma.organization.findFirstOrThrow();
    const { secret: admin } = await seedMember(a.services, organization.id, 'OWNER');
    const identity = await seedMachineIdentity(a.services, organization.id);
    const { tokenId, secret } = await seedToken(a.services, organization.id, identity.id, {
      trustedIps: ['198.18.0.0/15'],
    });
    // B authenticates the token from inside its ranges, and caches it.
    expect((await call(b, '{ viewer { kind } }', secret)).status).toBe(200);
    const heard = credentialsChangeHeard(b.services, 'token.updated');
    const edited = await call(
      a,
      'mutation($id: ID!) { updateToken(input: { id: $id, trustedIps: ["192.0.2.0/24"] }) { __typename } }',
      admin,
      { id: encodeGlobalID('Token', tokenId) },
    );
    expect(edited.body.data.updateToken.__typename).toBe('TokenPayload');
    await heard;
    expect((await call(b, '{ viewer { kind } }', secret)).status).toBe(401);
  });

  it('refuses on the other instance every credential a bulk revocation ended, after one broadcast', async () => {
    const organization = await a.services.prisma.organization.findFirstOrThrow();
    const { secret: admin } = await seedMember(a.services, organization.id, 'OWNER');
    const tag = `incident-${randomInt(1e9)}`;
    const identity = await seedMachineIdentity(a.services, organization.id);
    const tokens = [
      await seedToken(a.services, organization.id, identity.id, { name: `${tag} a` }),
      await seedToken(a.services, organization.id, identity.id, { name: `${tag} b` }),
    ];
    const member = await seedMember(a.services, organization.id, 'MEMBER');
    await a.services.prisma.personalAccessToken.update({
      where: { id: member.patId },
      data: { description: `${tag} laptop` },
    });
    const secrets = [...tokens.map((token) => token.secret), member.secret];
    for (const secret of secrets) expect((await call(b, '{ viewer { kind } }', secret)).status).toBe(200);
    const heard = credentialsChangeHeard(b.services, 'credentials.bulk_revoked');
    const revoked = await call(
      a,
      'mutation($search: String!) { revokeCredentials(input: { filter: { search: $search } }) { ... on RevokeCredentialsPayload { tokens personalAccessTokens } } }',
      admin,
      { search: tag },
    );
    expect(revoked.body.data.revokeCredentials).toEqual({ tokens: 2, personalAccessTokens: 1 });
    await heard;
    for (const secret of secrets) expect((await call(b, '{ viewer { kind } }', secret)).status).toBe(401);
  });

  it('streams to a subscription on one instance the events made through the other', async () => {
    const stream = await openEventStream(
      fetch,
      `${b.url}/graphql`,
      owner,
      'subscription { auditEventAdded { action } }',
    );
    // Redis subscriptions settle asynchronously: wait until B's subscriber listens to every topic.
    expect(await b.services.redisReady(20_000)).toBe(true);
    await call(a, 'mutation { createMachineIdentity(input: { name: "via-a" }) { __typename } }', owner);
    const buffer = await stream.readUntil((text) => text.includes('identity.created'), 5000);
    stream.close();
    expect(buffer).toContain('"action":"identity.created"');
  });

  it('shares rate limits: failures counted on both instances add up', async () => {
    const bad = `kg_pat_${'A'.repeat(43)}000000`;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(a, '{ viewer { kind } }', bad)).status);
    for (let i = 0; i < 2; i++) statuses.push((await call(b, '{ viewer { kind } }', bad)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // The address is at its limit on both instances: the next failure is refused on either...
    const blocked = await call(a, '{ viewer { kind } }', bad);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await call(b, '{ viewer { kind } }', generateSecret('TOKEN'))).status).toBe(429);
    // ...while a valid credential from the same address is never refused for other secrets' failures.
    expect((await call(a, '{ viewer { kind } }', owner)).status).toBe(200);
    expect((await call(b, '{ viewer { kind } }', owner)).status).toBe(200);
  });

  it('counts concurrent failures on both instances exactly', async () => {
    // Well-formed unknown secrets, each looked up in the database: all 60 are in flight together.
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        call(i % 2 ? a : b, '{ viewer { kind } }', generateSecret('TOKEN')),
      ),
    );
    const unauthenticated = answers.filter((answer) => answer.status === 401).length;
    expect(unauthenticated).toBeGreaterThan(0);
    expect(unauthenticated).toBeLessThanOrEqual(5);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(60 - unauthenticated);
    // A valid credential is not held up, from that address or another, and counts nothing there.
    const busy = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call(i % 2 ? a : b, '{ viewer { kind } }', owner)),
    );
    expect(busy.map((answer) => answer.status)).toEqual(busy.map(() => 200));
    clientIp = `198.19.${randomInt(256)}.${randomInt(1, 255)}`;
    const valid = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call(i % 2 ? a : b, '{ viewer { kind } }', owner)),
    );
    expect(valid.map((answer) => answer.status)).toEqual(valid.map(() => 200));
    const counted = await a.services.rateLimiter.peek(`auth-failure:${clientIp}`, 1, 60_000);
    expect(counted.allowed).toBe(true);
  });

  it('shares the mutation limit: mutations through both instances add up', async () => {
    // A credential of this test's own (Redis keeps counters across runs; ids are new each run).
    const organization = await a.services.prisma.organization.findFirstOrThrow();
    const { secret } = await seedMember(a.services, organization.id, 'ADMIN');
    let n = 0;
    const create = (instance: RunningKeygate) =>
      call(
        instance,
        'mutation($name: String!) { createMachineIdentity(input: { name: $name }) { __typename } }',
        secret,
        { name: `shared-limit-${n++}` },
      );
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await create(a)).status);
    for (let i = 0; i < 4; i++) statuses.push((await create(b)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    for (const instance of [a, b]) {
      const limited = await create(instance);
      expect(limited.status).toBe(429);
      expect(limited.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Queries are not counted.
    expect((await call(b, '{ viewer { kind } }', secret)).status).toBe(200);
  });
});
