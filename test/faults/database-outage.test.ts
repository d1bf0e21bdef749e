import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startKeygate } from '../../src/server.js';
import { createTestDatabase } from '../support/database.js';
import { testConfig } from '../support/keygate.js';
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
    ...testConfig({
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
    /** Polls readiness until it answers 200 (giving up after 30 s): service must come back by itself. */
    async recovers() {
      return vi
        .waitFor(
          async () => {
            if ((await ready()).status !== 200) throw new Error('not ready');
          },
          { timeout: 30_000, interval: 100 },
        )
        .then(
          () => true,
          () => false,
        );
    },
    async close() {
      await keygate.close();
      await proxy.stop();
      await database.drop();
    },
  };
}

type Harness = Awaited<ReturnType<typeof keygateBehindProxy>>;
type Answer = Awaited<ReturnType<Harness['createToken']>>;
/** Where the test is when a request is sent: before the outage, during it, after it. */
type Phase = 'before' | 'outage' | 'after';
type LoadAnswer = Answer & { client: number; phase: Phase };

const succeeded = (answer: Answer) => answer.body.data?.createToken?.__typename === 'TokenSecretPayload';
const failed = (answer: Answer) => Boolean(answer.body.errors);

/**
 * Several clients at once, each creating a token as soon as it has its last answer, until stopped. Each
 * answer says which client sent it and in which phase of the test. The test moves on when the answers
 * say so (`until`), never after a while: on a slow machine it waits longer, it does not fail.
 */
function startLoad(createToken: (i: number) => Promise<Answer>, clients = 6) {
  let i = 0;
  let running = true;
  let phase: Phase = 'before';
  const answers: LoadAnswer[] = [];
  /** The phase of every request sent and not answered yet. */
  const pending = new Set<{ phase: Phase }>();
  const checks = new Set<() => void>();
  const done = Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (running) {
        const sent = { phase };
        pending.add(sent);
        try {
          answers.push({ ...(await createToken(i++)), client, phase: sent.phase });
        } finally {
          pending.delete(sent);
        }
        for (const check of checks) check();
      }
    }),
  );
  let crashed: unknown;
  done.catch((error: unknown) => {
    crashed = error ?? new Error('a client failed');
    for (const check of checks) check();
  });
  return {
    answers,
    set phase(next: Phase) {
      phase = next;
    },
    /** Whether each client has an answer to a request it sent in `phase` that `test` accepts. */
    everyClient(sentIn: Phase, test: (answer: Answer) => boolean): boolean {
      const clientsSeen = new Set(answers.filter((a) => a.phase === sentIn && test(a)).map((a) => a.client));
      return clientsSeen.size === clients;
    },
    /** Whether every request sent in `phase` has its answer. */
    answered(sentIn: Phase): boolean {
      return ![...pending].some((request) => request.phase === sentIn);
    },
    /** Resolves once `condition` holds (checked after each answer); rejects if a client fails, or after 30 s. */
    until(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (crashed !== undefined) finish(() => reject(crashed));
          else if (condition()) finish(resolve);
        };
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          checks.delete(check);
          settle();
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`the load never saw ${what}`))),
          timeoutMs,
        );
        checks.add(check);
        check();
      });
    },
    async stop(): Promise<void> {
      running = false;
      await done;
    },
  };
}

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
    const load = startLoad(createToken);
    await load.until('a token made by every client', () => load.everyClient('before', succeeded));
    await proxy.cut();
    load.phase = 'outage';
    const ready = await fetch(`${keygate.url}/ready`);
    expect(ready.status).toBe(503);
    const during = await call('{ viewer { kind } }');
    expect(during.ms).toBeLessThan(6000);
    // The outage lasts until every client has been refused by it.
    await load.until('every client refused during the cut', () => load.everyClient('outage', failed));
    await proxy.restore();
    load.phase = 'after';
    await load.until('a token made by every client after the cut', () =>
      load.everyClient('after', succeeded),
    );
    await load.stop();
    const results = load.answers;

    const failures = results.filter(failed);
    expect(failures.length).toBeGreaterThan(0);
    for (const result of failures) {
      expect(result.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(result.ms).toBeLessThan(6000);
    }
    expect(results.filter(succeeded).length).toBeGreaterThan(0);

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
    const load = startLoad(createToken);
    await load.until('a token made by every client', () => load.everyClient('before', succeeded));
    proxy.stall();
    load.phase = 'outage';
    const notReady = await ready();
    expect(notReady.status).toBe(503);
    expect(notReady.ms).toBeLessThan(3000);
    const during = await createToken(-1);
    expect(during.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(during.status).toBe(503);
    expect(during.ms).toBeLessThan(6000);
    // The stall lasts until each place a request can hang has given up: every request caught by it
    // mid-way (waiting for a pooled connection, for a new one, for a query's answer, inside a
    // transaction) has its answer, and every client has been refused by a request sent during it.
    await load.until(
      'every request caught by the stall answered, and every client refused during it',
      () => load.answered('before') && load.everyClient('outage', failed),
    );
    proxy.unstall();
    load.phase = 'after';
    await load.until('a token made by every client after the stall', () =>
      load.everyClient('after', succeeded),
    );
    await load.stop();
    const results = load.answers;

    const failures = results.filter(failed);
    expect(failures.length).toBeGreaterThan(0);
    for (const result of failures) {
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
      await vi.waitFor(async () => expect(await orphans()).toBe(0), { timeout: 30_000, interval: 100 });
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

describe('the gateway endpoints while the database is away', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await keygateBehindProxy('gateway');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('forward auth fails closed (503, never 200) and the token endpoint answers temporarily_unavailable', async () => {
    const { proxy, keygate, call } = harness;
    const created = await call(
      `mutation { createMachineIdentity(input: { name: "gateway-check" }) { ... on MachineIdentityPayload { machineIdentity { id } } } }`,
    );
    const token = await call(
      'mutation($id: ID!) { createToken(input: { identityId: $id, name: "t" }) { ... on TokenSecretPayload { secret } } }',
      { id: created.body.data.createMachineIdentity.machineIdentity.id },
    );
    const secret: string = token.body.data.createToken.secret;
    const forward = () =>
      fetch(`${keygate.url}/auth/forward`, {
        headers: { authorization: `Bearer ${secret}` },
        signal: AbortSignal.timeout(20_000),
      });
    await proxy.cut();
    try {
      // Not cached yet: it must be looked up, and cannot be.
      const refused = await forward();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      const exchange = await fetch(`${keygate.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token: secret,
          subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        }),
        signal: AbortSignal.timeout(20_000),
      });
      expect(exchange.status).toBe(503);
      expect(await exchange.json()).toMatchObject({ error: 'temporarily_unavailable' });
    } finally {
      await proxy.restore();
    }
    expect(await harness.recovers()).toBe(true);
    expect((await forward()).status).toBe(200);
  }, 60_000);
});
