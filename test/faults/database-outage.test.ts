import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { TcpProxy } from '../support/tcp-proxy.js';

describe('the database goes away under load and comes back', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let keygate: RunningKeygate;
  let identityId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const target = new URL(database.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const port = await proxy.start();
    const viaProxy = new URL(database.url);
    viaProxy.port = String(port);
    keygate = await startKeygate({
      ...loadConfig({ NODE_ENV: 'test', KEYGATE_MUTATIONS_PER_MINUTE: '100000' }),
      databaseUrl: viaProxy.toString(),
      port: 0,
      host: '127.0.0.1',
    });
    const created = await call(
      'mutation { createMachineIdentity(input: { name: "outage" }) { ... on MachineIdentityPayload { machineIdentity { id } } } }',
    );
    identityId = created.body.data.createMachineIdentity.machineIdentity.id;
  });

  afterAll(async () => {
    await keygate?.close();
    await proxy?.stop();
    await database?.drop();
  });

  async function call(query: string, variables?: unknown) {
    const started = Date.now();
    const response = await fetch(`${keygate.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keygate.adminSecret}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(15_000),
    });
    // biome-ignore lint/suspicious/noExplicitAny: raw answers to ad-hoc documents; the assertions check their shape
    return { status: response.status, body: (await response.json()) as any, ms: Date.now() - started };
  }

  const createToken = (i: number) =>
    call(
      'mutation($id: ID!, $name: String!) { createToken(input: { identityId: $id, name: $name }) { __typename } }',
      {
        id: identityId,
        name: `load-${i}`,
      },
    );

  it('fails fast with a clear error, reports not ready, leaves nothing half-written, and recovers', async () => {
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

    // Service recovers by itself.
    let recovered = false;
    for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
      recovered = (await fetch(`${keygate.url}/ready`)).status === 200;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(recovered).toBe(true);
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
