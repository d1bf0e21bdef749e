import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { TEST_MASTER_KEY, testConfig } from '../support/keygate.js';

const VIEWER = JSON.stringify({ query: '{ viewer { kind user { email } } }' });

describe('the HTTP server on PostgreSQL', () => {
  let database: TestDatabase;
  let keygate: RunningKeygate;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    keygate = await startKeygate({
      ...testConfig({ NODE_ENV: 'test', KEYGATE_ADMIN_EMAIL: 'first@example.test' }),
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
    });
  });

  afterAll(async () => {
    await keygate?.close();
    await database?.drop();
  });

  it('applies migrations and bootstraps the first owner, whose token works over HTTP', async () => {
    expect(keygate.adminSecret).toMatch(/^kg_pat_/);
    const response = await fetch(`${keygate.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keygate.adminSecret}` },
      body: VIEWER,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/.+/);
    expect(await response.json()).toEqual({
      data: { viewer: { kind: 'USER', user: { email: 'first@example.test' } } },
    });
  });

  it('answers health, readiness and GraphiQL', async () => {
    expect((await fetch(`${keygate.url}/health`)).status).toBe(200);
    expect((await fetch(`${keygate.url}/ready`)).status).toBe(200);
    const page = await fetch(`${keygate.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Keygate');
    expect(html).toContain('Authorization');
  });

  it('echoes a well-formed request id and replaces a malformed one', async () => {
    const ours = await fetch(`${keygate.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-42' },
      body: VIEWER,
    });
    expect(ours.headers.get('x-request-id')).toBe('trace-42');
    const bad = await fetch(`${keygate.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'no spaces allowed' },
      body: VIEWER,
    });
    expect(bad.headers.get('x-request-id')).not.toBe('no spaces allowed');
  });
});

describe('the embedded database (PGlite)', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'keygate-pglite-'));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with no server, keeps its data across restarts, and prints the admin token only once', async () => {
    const config = {
      ...testConfig({ NODE_ENV: 'test' }),
      databaseUrl: undefined,
      dataDir,
      port: 0,
      host: '127.0.0.1',
    };
    const first = await startKeygate(config);
    const secret = first.adminSecret;
    expect(secret).toMatch(/^kg_pat_/);
    await first.close();

    const second = await startKeygate(config);
    try {
      expect(second.adminSecret).toBeNull();
      const response = await fetch(`${second.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: VIEWER,
      });
      expect(((await response.json()) as { data: { viewer: { kind: string } } }).data.viewer.kind).toBe(
        'USER',
      );
    } finally {
      await second.close();
    }
  });
});

describe('npm start (src/main.ts)', () => {
  let database: TestDatabase;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await database?.drop();
  });

  function start(): Promise<{
    stdout: string;
    url: string;
    child: ChildProcess;
    output: () => string;
    line: (pattern: RegExp) => Promise<string>;
  }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        KEYGATE_MASTER_KEY: TEST_MASTER_KEY,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        NODE_ENV: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    /** The first whole line of stdout that `pattern` matches, as soon as the child has printed it. */
    const line = (pattern: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          const found = stdout
            .split('\n')
            .slice(0, -1)
            .find((l) => pattern.test(l));
          if (found === undefined) return;
          clearTimeout(timer);
          child.stdout!.off('data', check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          child.stdout!.off('data', check);
          reject(new Error(`no line matching ${pattern}; output: ${stdout}`));
        }, 30_000);
        child.stdout!.on('data', check);
        check();
      });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line; output: ${stdout}`)), 30_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const ready = /"url":"(http:\/\/localhost:\d+)\/graphql"/.exec(stdout);
        if (ready) {
          clearTimeout(timer);
          resolve({ stdout, url: ready[1]!, child, output: () => stdout, line });
        }
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}: ${stdout}`)));
    });
  }

  /** SIGTERM, then how the child ended: its exit code, or the signal that ended it and what it said on stderr. */
  function stop(child: ChildProcess): Promise<string> {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    return new Promise((resolve) => {
      child.once('exit', (code, signal) =>
        resolve(code === null ? `killed by ${signal}; stderr: ${stderr}` : `exit ${code}`),
      );
      child.kill('SIGTERM');
    });
  }

  it('prints the admin token once on its own line, never in a log line, and stops cleanly on SIGTERM', async () => {
    const first = await start();
    const line = first.stdout.split('\n').find((l) => l.startsWith('Admin token: '));
    expect(line).toMatch(/^Admin token: kg_pat_[A-Za-z0-9_-]{49}$/);
    const secret = line!.slice('Admin token: '.length);
    const logLines = first.stdout.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.some((l) => l.includes(secret))).toBe(false);
    expect(await stop(first.child)).toBe('exit 0');

    const second = await start();
    expect(second.stdout).not.toContain('Admin token');
    const response = await fetch(`${second.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${secret}`,
        'x-request-id': 'trace-main',
      },
      body: VIEWER,
    });
    expect(response.status).toBe(200);
    // The request's log line may reach stdout after the response reaches us: wait for the line itself.
    const requestLine = await second.line(/"requestId":"trace-main"/);
    expect(JSON.parse(requestLine)).toMatchObject({
      msg: 'request',
      method: 'POST',
      path: '/graphql',
      status: 200,
    });
    expect(second.output()).not.toContain(secret);
    expect(await stop(second.child)).toBe('exit 0');
  });
});
