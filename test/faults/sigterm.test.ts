import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { TEST_MASTER_KEY } from '../support/keygate.js';
import { watchChildHttpServer } from '../support/server-requests.js';

/**
 * One request on a connection of its own, so that no keep-alive connection is shared between tests. Its
 * headers go at once; its body when `send` is called, and until then the server holds an unfinished
 * request, with no timeout of Keygate's running.
 */
function open(url: string, body: unknown, token: string) {
  const payload = JSON.stringify(body);
  let request!: http.ClientRequest;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request = http.request(
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
    request.flushHeaders();
  });
  return { response, send: () => request.end(payload) };
}

function post(url: string, body: unknown, token: string): Promise<{ status: number; body: string }> {
  const request = open(url, body, token);
  request.send();
  return request.response;
}

/**
 * `npm start` (src/main.ts) as an orchestrator stops it: SIGTERM while requests are in flight. The
 * in-flight requests are held open (the server has their headers, not yet their bodies) for as long as
 * the test needs to look at the shutting-down process; the child tells the test what its HTTP server
 * has received and when it stops listening (test/support/announce-http-server.ts).
 */
describe('SIGTERM on a running src/main.ts', () => {
  let database: TestDatabase;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await database?.drop();
  });

  it('finishes in-flight requests, refuses new connections, flushes last-used times and exits 0', async () => {
    const spawned = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', './test/support/announce-http-server.ts', 'src/main.ts'],
      {
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          KEYGATE_MASTER_KEY: TEST_MASTER_KEY,
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
          NODE_ENV: '',
          // Nothing is flushed on a timer during the test: only shutdown writes last-used times.
          KEYGATE_USAGE_FLUSH_MS: '600000',
        },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    child = spawned;
    const server = watchChildHttpServer(spawned);
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

    // Requests the server has received (the viewer query above and these five), held open unfinished.
    const inFlight = Array.from({ length: 5 }, (_, i) =>
      open(
        graphql,
        { query: `mutation { createMachineIdentity(input: { name: "sigterm-${i}" }) { __typename } }` },
        secret,
      ),
    );
    await server.requests.reached(1 + inFlight.length);
    spawned.kill('SIGTERM');
    await server.closed();

    // Shutting down: a new connection is refused while the accepted requests are still running.
    const refused = await post(graphql, { query: '{ viewer { kind } }' }, secret).then(
      () => null,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(refused).toBe('ECONNREFUSED');

    for (const request of inFlight) request.send();
    const answers = await Promise.all(inFlight.map((request) => request.response));
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
