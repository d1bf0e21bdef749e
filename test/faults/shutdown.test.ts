import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { openEventStream } from '../support/event-stream.js';
import { connectWebSocket, nextStreamOpens } from '../support/graphql-ws.js';
import { testConfig } from '../support/keygate.js';
import { countServerRequests } from '../support/server-requests.js';

describe('graceful shutdown', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('finishes in-flight requests, flushes batched last-used times, then refuses connections', async () => {
    const keygate = await startKeygate({
      ...testConfig({ NODE_ENV: 'test', KEYGATE_USAGE_FLUSH_MS: '600000' }),
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
    });
    const call = (query: string) =>
      fetch(`${keygate.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keygate.adminSecret}` },
        body: JSON.stringify({ query }),
      });
    // Used once: seenAt is pending in memory (the flush interval is ten minutes).
    expect((await call('{ viewer { kind } }')).status).toBe(200);

    const received = countServerRequests(keygate.port);
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      call(`mutation { createMachineIdentity(input: { name: "shutdown-${i}" }) { __typename } }`),
    );
    // Shutdown begins once the server has received every one of them (their headers are parsed).
    await received.reached(inFlight.length);
    received.stop();
    const closed = keygate.close();
    const settled = await Promise.allSettled(inFlight);
    await closed;
    // Every request the server had received completes, none is cut off; new connections are refused.
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    const answered = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(answered).toHaveLength(inFlight.length);
    for (const response of answered) {
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: { createMachineIdentity: { __typename: string } } };
      expect(body.data.createMachineIdentity.__typename).toBe('MachineIdentityPayload');
    }
    await expect(fetch(`${keygate.url}/health`)).rejects.toThrow();

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const seen = await client.query('SELECT "seenAt" FROM "PersonalAccessToken"');
      expect(seen.rows[0].seenAt).toBeInstanceOf(Date);
      const identities = await client.query(
        `SELECT count(*)::int AS n FROM "MachineIdentity" WHERE name LIKE 'shutdown-%'`,
      );
      const events = await client.query(
        `SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'identity.created'`,
      );
      expect(identities.rows[0].n).toBe(answered.length);
      expect(events.rows[0].n).toBe(answered.length);
    } finally {
      await client.end();
    }
  });
});

describe('graceful shutdown with an open subscription', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('ends event streams and WebSockets instead of waiting for them for ever', async () => {
    const keygate = await startKeygate({
      ...testConfig({ NODE_ENV: 'test' }),
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
    });
    const stream = await openEventStream(
      fetch,
      `${keygate.url}/graphql`,
      keygate.adminSecret!,
      'subscription { auditEventAdded { action } }',
    );
    const ws = connectWebSocket(keygate.url, { authorization: `Bearer ${keygate.adminSecret}` });
    const opened = nextStreamOpens(keygate.services);
    const ended = new Promise<unknown>((resolve) =>
      ws.client.subscribe(
        { query: 'subscription { auditEventAdded { action } }' },
        { next: () => {}, error: resolve, complete: () => resolve('complete') },
      ),
    );
    await opened;
    const started = Date.now();
    await keygate.close();
    expect(Date.now() - started).toBeLessThan(3000);
    // The WebSocket is told the server is going away (1001), and its subscription ends with it.
    expect(await ws.closed).toEqual({ code: 1001, reason: 'Going away' });
    await ended;
    stream.close();
  });
});
