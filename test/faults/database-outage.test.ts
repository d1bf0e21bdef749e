import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startKeygate } from '../../src/server.js';
import { createTestDatabase } from '../support/database.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/**
 * Keygate on a fresh database that it reaches through a proxy the test can cut or stall, with a machine
 * identity to make tokens for: the load every scenario below puts on it.
 */
async function keygateBehindProxy(name: string) {
  const database = await createTestDatabase();
  const target = new URL(database.url);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  const viaProxy = new URL(database.url);
  viaProxy.port = String(await proxy.start());
  const keygate = await startKeygate({
    ...loadConfig({
      NODE_ENV: 'test',
      KEYGATE_MUTATIONS_PER_MINUTE: '100000',
      KEYGATE_MUTATIONS_PER_ADDRESS_PER_MINUTE: '100000',
    }),
    databaseUrl: viaProxy.toString(),
    port: 0,
    host: '127.0.0.1',
  });

  async function call(query: string, variables?: unknown) {
    const started = Date.now();
    const response = await fetch(`${keygate.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keygate.adminSecret}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(20_000),
    });
    // biome-ignore lint/suspicious/noExplicitAny: raw answers to ad-hoc documents; the assertions check their shape
    return { status: response.status, body: (await response.json()) as any, ms: Date.now() - started };
  }

  async function ready() {
    const started = Date.now();
    const response = await fetch(`${keygate.url}/ready`, { signal: AbortSignal.timeout(20_000) });
    return { status: response.status, ms: Date.now() - started };
  }

  const created = await call(
    `mutation { createMachineIdentity(input: { name: "${name}" }) { ... on MachineIdentityPayload { machineIdentity { id } } } }`,
  );
  const identityId: string = created.body.data.createMachineIdentity.machineIdentity.id;

  return {
    database,
    proxy,
    keygate,
    call,
    ready,
    createToken: (i: number) =>
      call(
        'mutation($id: ID!, $name: String!) { createToken(input: { identityId: $id, name: $name }) { __typename } }',
        { id: identityId, name: `${name}-${i}` },
      ),
    /** Polls readiness for up to ten seconds: service must come back by itself. */
    async recovers() {
      for (let attempt = 0; attempt < 50; attempt++) {
        if ((await ready()).status === 200) return true;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return false;
    },
    async close() {
      await keygate.close();
      await proxy.stop();
      await database.drop();
    },
  };
}

type Harness = Awaited<ReturnType<typeof keygateBehindProxy>>;

describe('the database goes away under load and comes back', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await keygateBehindProxy('outage');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('fails fast with a clear error, reports not ready, leaves nothing half-written, and recovers', async () => {
    const { proxy, keygate, call, createToken } = harness;
    // Load before, during and after the outage, from several clients at once, so that the cut lands
    // in every place a request can be: waiting for a connection, mid-query, inside a transaction.
    let i = 0;
    const results: Awaited<ReturnType<typeof createToken>>[] = [];
    const until = Date.now() + 4000;
    const load = Promise.all(
      Array.from({ length: 6 }, async () => {
        while (Date.now() < until) results.push(await createToken(i++));
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 800));
    await proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ready = await fetch(`${keygate.url}/ready`);
    expect(ready.status).toBe(503);
    const during = await call('{ viewer { kind } }');
    expect(during.ms).toBeLessThan(6000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await proxy.restore();
    await load;

    const failed = results.filter((r) => r.body.errors);
    expect(failed.length).toBeGreaterThan(0);
    for (const result of failed) {
      expect(result.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(result.ms).toBeLessThan(6000);
    }
    expect(
      results.filter((r) => r.body.data?.createToken?.__typename === 'TokenSecretPayload').length,
    ).toBeGreaterThan(0);

    expect(await harness.recovers()).toBe(true);
    expect((await createToken(9999)).body.data.createToken.__typename).toBe('TokenSecretPayload');

    // No change without its event, no event without its change.
    const { prisma } = keygate.services;
    const tokens = await prisma.token.findMany({ select: { id: true } });
    const events = await prisma.auditEvent.findMany({
      where: { action: 'token.created', outcome: 'SUCCESS' },
      select: { targetId: true },
    });
    expect(new Set(events.map((e) => e.targetId))).toEqual(new Set(tokens.map((t) => t.id)));
  }, 60_000);
});

describe('the database stalls (accepts, then answers nothing) under load and comes back', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await keygateBehindProxy('stall');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('fails requests fast, reports not ready at once, leaves nothing half-written, and recovers', async () => {
    const { database, proxy, ready, createToken } = harness;
    let i = 0;
    const results: Awaited<ReturnType<typeof createToken>>[] = [];
    let loading = true;
    const load = Promise.all(
      Array.from({ length: 6 }, async () => {
        while (loading) results.push(await createToken(i++));
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 800));
    proxy.stall();
    // Longer than every timeout, so that each place a request can hang gives up: waiting for a pooled
    // connection, for a new one, for a query's answer, inside a transaction.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const notReady = await ready();
    expect(notReady.status).toBe(503);
    expect(notReady.ms).toBeLessThan(3000);
    const during = await createToken(-1);
    expect(during.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(during.status).toBe(503);
    expect(during.ms).toBeLessThan(6000);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    proxy.unstall();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    loading = false;
    await load;

    const failed = results.filter((r) => r.body.errors);
    expect(failed.length).toBeGreaterThan(0);
    for (const result of failed) {
      expect(result.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(result.ms).toBeLessThan(6500);
    }
    expect(results.every((r) => r.ms < 6500)).toBe(true);

    expect(await harness.recovers()).toBe(true);
    expect((await createToken(9999)).body.data.createToken.__typename).toBe('TokenSecretPayload');

    // No change without its event, no event without its change: read on a connection of our own, once
    // PostgreSQL has rolled back the sessions the stall orphaned.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const orphans = async () =>
        (
          await client.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
          )
        ).rows[0].n as number;
      for (let attempt = 0; attempt < 100 && (await orphans()) > 0; attempt++)
        await new Promise((resolve) => setTimeout(resolve, 200));
      const tokens = await client.query('SELECT id FROM "Token"');
      const events = await client.query(
        `SELECT "targetId" FROM "AuditEvent" WHERE action = 'token.created' AND outcome = 'SUCCESS'`,
      );
      expect(new Set(events.rows.map((e) => e.targetId))).toEqual(new Set(tokens.rows.map((t) => t.id)));
    } finally {
      await client.end();
    }
  }, 90_000);
});
