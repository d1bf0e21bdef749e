import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/** One request on a connection of its own, so that no keep-alive connection is shared between tests. */
function post(url: string, body: unknown, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${token}`,
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.on('end', () => resolve({ status: response.statusCode!, body: text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * `npm start` (src/main.ts) as an orchestrator stops it: SIGTERM while requests are in flight. The
 * database sits behind a proxy the test stalls, so the in-flight requests are slow for as long as the
 * test needs to look at the shutting-down process.
 */
describe('SIGTERM on a running src/main.ts', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    const target = new URL(database.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await proxy?.stop();
    await database?.drop();
  });

  it('finishes in-flight requests, refuses new connections, flushes last-used times and exits 0', async () => {
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    const spawned = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: viaProxy.toString(),
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        NODE_ENV: '',
        // Nothing is flushed on a timer during the test: only shutdown writes last-used times.
        KEYGATE_USAGE_FLUSH_MS: '600000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    let output = '';
    spawned.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    spawned.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => spawned.once('exit', (code) => resolve(code)));
    const { url, secret } = await new Promise<{ url: string; secret: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line; output: ${output}`)), 30_000);
      spawned.stdout!.on('data', () => {
        const ready = /"url":"(http:\/\/localhost:\d+)\/graphql"/.exec(output);
        const token = /^Admin token: (\S+)$/m.exec(output);
        if (ready && token) {
          clearTimeout(timer);
          resolve({ url: ready[1]!, secret: token[1]! });
        }
      });
      void exited.then((code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    const graphql = `${url}/graphql`;

    // Used once: its last-used time is pending in memory (the flush interval is ten minutes).
    const viewer = await post(graphql, { query: '{ viewer { kind } }' }, secret);
    expect(viewer.status).toBe(200);

    // Requests the server has accepted, each waiting for the (stalled) database.
    proxy.stall();
    const inFlight = Array.from({ length: 5 }, (_, i) =>
      post(
        graphql,
        { query: `mutation { createMachineIdentity(input: { name: "sigterm-${i}" }) { __typename } }` },
        secret,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    spawned.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Shutting down: a new connection is refused while the accepted requests are still running.
    const refused = await post(graphql, { query: '{ viewer { kind } }' }, secret).then(
      () => null,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(refused).toBe('ECONNREFUSED');

    proxy.unstall();
    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({
        data: { createMachineIdentity: { __typename: 'MachineIdentityPayload' } },
      });
    }
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"shutting down"');

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const seen = await client.query('SELECT "seenAt" FROM "PersonalAccessToken"');
      expect(seen.rows[0].seenAt).toBeInstanceOf(Date);
      const identities = await client.query(
        `SELECT count(*)::int AS n FROM "MachineIdentity" WHERE name LIKE 'sigterm-%'`,
      );
      const events = await client.query(
        `SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'identity.created'`,
      );
      expect(identities.rows[0].n).toBe(5);
      expect(events.rows[0].n).toBe(5);
      // The pool was closed: no connection of Keygate's is left on the server.
      const left = await client.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      expect(left.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  }, 60_000);
});
