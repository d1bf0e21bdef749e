import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256 } from '../../src/domain/secrets.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { credentialsChangeHeard } from '../support/credential-changes.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { openEventStream } from '../support/event-stream.js';
import { testConfig } from '../support/keygate.js';
import { sparePort } from '../support/ports.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';

/** Mutations per credential a minute; a fresh machine token shows where it is counted. */
const LIMIT = 12;

/**
 * Whether `instance` trusts its credential cache right now (it does only while it hears the other
 * instances), found by caching a probe entry and looking it up; the cache is left empty.
 */
function cachesCredentials(instance: RunningKeygate): boolean {
  const cache = instance.services.credentialCache;
  const probe = sha256('credential cache probe');
  cache.set(probe, null, cache.startRead());
  const cached = cache.get(probe) !== undefined;
  cache.clear();
  return cached;
}

/**
 * Two instances whose Redis is not there when they start, comes up, and goes away again. Nothing may
 * crash, requests keep working with per-instance limits and no credential cache, and what Redis carries
 * (credential cache invalidation, subscriptions, shared limits) comes back with it.
 */
describe('Redis is unreachable at start, comes up, and goes away again', () => {
  let database: TestDatabase;
  let port: number;
  let redis: RedisServer | undefined;
  let a: RunningKeygate;
  let b: RunningKeygate;
  let owner: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    port = await sparePort();
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk, _encoding, done) {
          logLines.push(chunk.toString());
          done();
        },
      }),
    );
    const config = {
      ...testConfig({
        NODE_ENV: 'test',
        REDIS_URL: `redis://127.0.0.1:${port}`,
        KEYGATE_TRUST_PROXY: 'true',
        KEYGATE_MUTATIONS_PER_MINUTE: String(LIMIT),
      }),
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
    };
    a = await startKeygate(config, logger);
    b = await startKeygate(config, logger);
    owner = a.adminSecret!;
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
    await database?.drop();
  });

  let address = 0;
  async function call(instance: RunningKeygate, query: string, token: string | null, variables?: unknown) {
    const response = await fetch(`${instance.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // Each call from an address of its own: only the per-credential limits are at play here.
        'x-forwarded-for': `198.18.0.${(address++ % 250) + 1}`,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: raw answers to ad-hoc documents; the assertions check their shape
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  }

  let n = 0;
  async function newToken(): Promise<{ secret: string; id: string }> {
    const identity = await call(
      a,
      'mutation($name: String!) { createMachineIdentity(input: { name: $name, role: ADMIN }) { ... on MachineIdentityPayload { machineIdentity { id } } } }',
      owner,
      { name: `redis-${n++}` },
    );
    const created = await call(
      a,
      'mutation($id: ID!) { createToken(input: { identityId: $id, name: "t" }) { ... on TokenSecretPayload { secret token { id } } } }',
      owner,
      { id: identity.body.data.createMachineIdentity.machineIdentity.id },
    );
    return { secret: created.body.data.createToken.secret, id: created.body.data.createToken.token.id };
  }

  let project = 0;
  /** `count` mutations in a row with `token` through `instance`. */
  async function mutate(instance: RunningKeygate, token: string, count: number) {
    const answers = [];
    for (let i = 0; i < count; i++)
      answers.push(
        await call(
          instance,
          'mutation($name: String!) { createProject(input: { name: $name }) { __typename } }',
          token,
          { name: `project-${project++}` },
        ),
      );
    return answers;
  }

  /**
   * Revokes a token through `through`, then asks `on` with its secret: whether `on` refuses it. An
   * instance that caches nothing must refuse `at once`; one that caches credentials must refuse as soon
   * as it has heard of the revocation (through Redis), which the test waits for: `once heard`.
   */
  async function revokedThenRefused(
    secret: string,
    id: string,
    through: RunningKeygate,
    on: RunningKeygate,
    when: 'at once' | 'once heard',
  ) {
    const heard = when === 'once heard' ? credentialsChangeHeard(on.services, 'token.revoked') : undefined;
    const revoked = await call(
      through,
      'mutation($id: ID!) { revokeToken(input: { id: $id }) { __typename } }',
      owner,
      {
        id,
      },
    );
    expect(revoked.body.data.revokeToken.__typename).toBe('TokenPayload');
    await heard;
    return (await call(on, '{ viewer { kind } }', secret)).status === 401;
  }

  it('starts and serves queries and mutations without Redis, limits per instance, trusts no cache', async () => {
    expect(await a.services.redisReady(0)).toBe(false);
    for (const instance of [a, b]) {
      expect((await fetch(`${instance.url}/ready`)).status).toBe(200);
      expect((await call(instance, '{ viewer { kind } }', owner)).body.data.viewer.kind).toBe('USER');
    }
    // Rate limits still hold, per instance: a fresh credential's mutations on B count on B only.
    const machine = (await newToken()).secret;
    const projects = await mutate(b, machine, LIMIT + 1);
    expect(projects.slice(0, LIMIT).map((p) => p.body.data?.createProject.__typename)).toEqual(
      Array.from({ length: LIMIT }, () => 'ProjectPayload'),
    );
    const limited = projects[LIMIT]!;
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same credential on A has its own count there.
    expect((await mutate(a, machine, 1))[0]!.status).toBe(200);

    // B cannot hear A's changes, so it caches nothing: a token revoked through A is refused by B at once.
    const { secret, id } = await newToken();
    for (let i = 0; i < 3; i++) expect((await call(b, '{ viewer { kind } }', secret)).status).toBe(200);
    expect(b.services.credentialCache.size).toBe(0);
    expect(await revokedThenRefused(secret, id, a, b, 'at once')).toBe(true);

    // A subscription still hears what is done through its own instance.
    const stream = await openEventStream(
      fetch,
      `${a.url}/graphql`,
      owner,
      'subscription { auditEventAdded { action } }',
    );
    await call(a, 'mutation { createProject(input: { name: "local" }) { __typename } }', owner);
    const buffer = await stream.readUntil((text) => text.includes('project.created'), 5000);
    stream.close();
    expect(buffer).toContain('"action":"project.created"');
    expect(logLines.some((line) => line.includes('Redis is unavailable'))).toBe(true);
  });

  it('shares again once Redis is up: invalidation across instances, subscriptions, rate limits', async () => {
    // A subscription opened on B while Redis is still away; it is subscribed once Redis is back.
    const stream = await openEventStream(
      fetch,
      `${b.url}/graphql`,
      owner,
      'subscription { auditEventAdded { action } }',
    );
    redis = await startRedis(port);
    expect(await a.services.redisReady(20_000)).toBe(true);
    expect(await b.services.redisReady(20_000)).toBe(true);

    // And one on A, which hears its own events once: at once, not a second time through Redis.
    const own = await openEventStream(
      fetch,
      `${a.url}/graphql`,
      owner,
      'subscription { auditEventAdded { action } }',
    );
    // Subscribed in Redis too, so that a copy of A's own event would come back to it.
    expect(await a.services.redisReady(20_000)).toBe(true);
    await call(a, 'mutation { createMachineIdentity(input: { name: "after-redis" }) { __typename } }', owner);
    const buffer = await stream.readUntil((text) => text.includes('identity.created'), 5000);
    stream.close();
    expect(buffer).toContain('"action":"identity.created"');
    // B has the event through Redis, so Redis has sent A its copy too. An event made through B reaches A
    // through Redis only, after that copy: once A has it, a second delivery would be there before it.
    await call(b, 'mutation { createProject(input: { name: "after-redis" }) { __typename } }', owner);
    await own.readUntil((text) => text.includes('project.created'), 5000);
    own.close();
    expect(
      own
        .messages<{ data: { auditEventAdded: { action: string } } }>()
        .map((m) => m.data.auditEventAdded.action),
    ).toEqual(['identity.created', 'project.created']);

    // B caches again, and hears A's revocation.
    const { secret, id } = await newToken();
    for (let i = 0; i < 3; i++) expect((await call(b, '{ viewer { kind } }', secret)).status).toBe(200);
    expect(b.services.credentialCache.size).toBeGreaterThan(0);
    expect(await revokedThenRefused(secret, id, a, b, 'once heard')).toBe(true);

    // The mutation limit is shared again: a fresh credential's mutations on A and B add up.
    const machine = (await newToken()).secret;
    const onA = await mutate(a, machine, LIMIT / 2);
    const onB = await mutate(b, machine, LIMIT / 2 + 1);
    expect([...onA, ...onB].map((r) => r.status)).toEqual([...Array.from({ length: LIMIT }, () => 200), 429]);
  });

  it('keeps serving when Redis goes away while running, and comes back again', async () => {
    await redis!.stop();
    // Each instance notices on its own: wait until neither trusts its cache, since neither hears.
    await vi.waitFor(() => expect([a, b].map(cachesCredentials)).toEqual([false, false]), {
      timeout: 30_000,
      interval: 20,
    });
    expect(await b.services.redisReady(0)).toBe(false);
    // Mutations publish events (audit, credential changes): the publish fails, the request does not.
    const { secret, id } = await newToken();
    expect((await call(b, '{ viewer { kind } }', secret)).status).toBe(200);
    expect(b.services.credentialCache.size).toBe(0);
    expect(await revokedThenRefused(secret, id, a, b, 'at once')).toBe(true);
    for (const instance of [a, b]) {
      expect((await call(instance, '{ viewer { kind } }', owner)).status).toBe(200);
      expect((await fetch(`${instance.url}/health`)).status).toBe(200);
    }

    redis = await startRedis(port);
    expect(await a.services.redisReady(20_000)).toBe(true);
    expect(await b.services.redisReady(20_000)).toBe(true);
    const again = await newToken();
    for (let i = 0; i < 2; i++) expect((await call(b, '{ viewer { kind } }', again.secret)).status).toBe(200);
    expect(b.services.credentialCache.size).toBeGreaterThan(0);
    expect(await revokedThenRefused(again.secret, again.id, a, b, 'once heard')).toBe(true);
    expect(logLines.some((line) => line.includes('"level":50'))).toBe(false);
  });
});
