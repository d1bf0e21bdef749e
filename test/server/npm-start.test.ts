import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The commands the README and docs/operations.md tell operators to run, stopped the way systemd, a
 * container runtime or Ctrl-C stops them: the signal goes to the process that was started (npm for
 * `npm start`, not the node behind it). The server must drain: a request it has received is answered,
 * the port closes, everything exits with code 0 and no node is left behind.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PRELOAD = pathToFileURL(path.join(ROOT, 'test/support/announce-http-server-socket.mjs')).href;

interface Announcement {
  http: 'request' | 'closed';
  pid: number;
  ppid: number;
}

/** Listens where the preload announces; `next(what)` resolves with the next announcement of that kind. */
async function listenForAnnouncements(socketPath: string) {
  const seen: Announcement[] = [];
  const waiters: { what: Announcement['http']; after: number; resolve: (a: Announcement) => void }[] = [];
  const connections = new Set<net.Socket>();
  const server = net.createServer((connection) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
    let buffered = '';
    connection.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const announcement = JSON.parse(buffered.slice(0, end)) as Announcement;
        buffered = buffered.slice(end + 1);
        seen.push(announcement);
        for (const waiter of [...waiters]) {
          if (waiter.what === announcement.http && seen.length > waiter.after) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(announcement);
          }
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    seen,
    /** The `count`-th announcement of `what` since the start. */
    async nth(what: Announcement['http'], count: number): Promise<Announcement> {
      const matching = () => seen.filter((a) => a.http === what);
      while (matching().length < count) {
        await new Promise<Announcement>((resolve) => waiters.push({ what, after: seen.length, resolve }));
      }
      return matching()[count - 1]!;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const connection of connections) connection.destroy();
      }),
  };
}

/** A POST whose headers go at once and whose body is sent by `send`: until then the server holds it. */
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
  // Awaited by the test; when a case fails earlier, its server is killed and this rejects unawaited.
  response.catch(() => {});
  return { response, send: () => request.end(payload) };
}

/** Every process below `pid`, from /proc (children of each of its threads). */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) children.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    return [];
  }
  children = [...new Set(children)];
  return [...children, ...children.flatMap(descendants)];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const COMMANDS = [
  { name: 'npm start', command: 'npm', args: ['start'], signal: 'SIGTERM' },
  { name: 'npm start', command: 'npm', args: ['start'], signal: 'SIGINT' },
  { name: 'node dist/main.js', command: process.execPath, args: ['dist/main.js'], signal: 'SIGTERM' },
] as const;

describe('stopping Keygate as the documentation starts it', () => {
  let dir: string;
  const databases: TestDatabase[] = [];
  /** Every process a case started, the server behind npm included: killed if a case leaves any. */
  const started = new Set<number>();

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'keygate-npm-start-'));
    // What `npm install` does; `npm start` would do it too, but this way the first case does not pay for it.
    execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  });

  afterAll(async () => {
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await Promise.all(databases.map((database) => database.drop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(COMMANDS)(
    '`$name` drains on $signal and exits 0',
    async ({ command, args, signal }) => {
      const database = await createTestDatabase({ migrate: false });
      databases.push(database);
      const socketPath = path.join(dir, `${randomBytes(4).toString('hex')}.sock`);
      const announcements = await listenForAnnouncements(socketPath);
      const spawned = spawn(command, args, {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          KEYGATE_MASTER_KEY: randomBytes(32).toString('base64'),
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
          NODE_ENV: '',
          NODE_OPTIONS: `--import ${PRELOAD}`,
          ANNOUNCE_HTTP_SERVER_SOCKET: socketPath,
          npm_config_update_notifier: 'false',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      started.add(spawned.pid!);
      let output = '';
      spawned.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      spawned.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        spawned.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })),
      );
      try {
        const { url, secret } = await new Promise<{ url: string; secret: string }>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no ready line; output: ${output}`)), 60_000);
          spawned.stdout!.on('data', () => {
            const ready = /"url":"(http:\/\/localhost:\d+)\/graphql"/.exec(output);
            const token = /^Admin token: (\S+)$/m.exec(output);
            if (ready && token) {
              clearTimeout(timer);
              resolve({ url: ready[1]!, secret: token[1]! });
            }
          });
          void exited.then(({ code }) => reject(new Error(`exited with ${code}: ${output}`)));
        });
        const graphql = `${url}/graphql`;

        const inFlight = open(graphql, { query: '{ viewer { kind } }' }, secret);
        const received = await announcements.nth('request', 1);
        const tree = [spawned.pid!, ...descendants(spawned.pid!)];
        for (const pid of tree) started.add(pid);
        expect(tree).toContain(received.pid);
        // The server is the started process itself or npm's direct child: no shell between them that
        // would take the signal and leave the server running.
        expect(received.ppid).toBe(command === 'npm' ? spawned.pid : process.pid);

        spawned.kill(signal);
        await announcements.nth('closed', 1);
        const refused = await new Promise<string | null>((resolve) => {
          const connection = net.connect(Number(new URL(url).port), '127.0.0.1');
          connection.once('connect', () => {
            connection.destroy();
            resolve(null);
          });
          connection.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        });
        expect(refused).toBe('ECONNREFUSED');

        inFlight.send();
        const answer = await inFlight.response;
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body)).toEqual({ data: { viewer: { kind: 'USER' } } });

        expect(await exited).toEqual({ code: 0, signal: null });
        expect(output).toContain('"msg":"shutting down"');
        expect(tree.filter(alive)).toEqual([]);
      } finally {
        await announcements.close();
      }
    },
    120_000,
  );
});
