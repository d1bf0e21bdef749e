import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';

async function post(keygate: TestKeygate, body: unknown, headers: Record<string, string> = {}) {
  const response = await keygate.yoga.fetch('http://keygate.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${keygate.ownerSecret}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: raw answers to ad-hoc documents; the assertions check their shape
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('production settings', () => {
  let keygate: TestKeygate;
  let dir: string;
  const persisted = { viewerKind: 'query ViewerKind { viewer { kind } }' };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'keygate-persisted-'));
    const file = path.join(dir, 'operations.json');
    writeFileSync(file, JSON.stringify(persisted));
    keygate = await startTestKeygate({
      ...loadConfig({ NODE_ENV: 'production', KEYGATE_PERSISTED_OPERATIONS: file }),
      logLevel: 'silent',
    });
  });

  afterAll(async () => {
    await keygate?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns GraphiQL off and runs a persisted operation by its hash', async () => {
    const page = await keygate.yoga.fetch('http://keygate.test/graphql', {
      headers: { accept: 'text/html' },
    });
    expect(await page.text()).not.toContain('GraphiQL');
    const introspection = await post(keygate, {
      extensions: { persistedQuery: { version: 1, sha256Hash: 'viewerKind' } },
    });
    expect(introspection.body.data.viewer.kind).toBe('USER');
  });

  it('runs only persisted operations when a manifest is configured', async () => {
    const arbitrary = await post(keygate, { query: '{ viewer { kind } }' });
    expect(arbitrary.body.errors[0].message).toBe('PersistedQueryOnly');
    expect(arbitrary.body.errors[0].extensions.code).toBeTruthy();
    const unknown = await post(keygate, {
      extensions: { persistedQuery: { version: 1, sha256Hash: 'nope' } },
    });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });
});

describe('default limits', () => {
  let keygate: TestKeygate;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'production', KEYGATE_MUTATIONS_PER_MINUTE: '3' });
    keygate = await startTestKeygate({ ...config, logLevel: 'silent' });
  });

  afterAll(async () => {
    await keygate?.close();
  });

  it('refuses introspection and hides field suggestions in production', async () => {
    const result = await post(keygate, { query: '{ __schema { types { name } } }' });
    expect(result.body.errors[0].message).toMatch(/introspection/i);
    const typo = await post(keygate, { query: '{ viewr { kind } }' });
    expect(typo.body.errors[0].message).not.toContain('Did you mean');
  });

  it('refuses a browser form post (CSRF) but serves JSON clients', async () => {
    const form = await keygate.yoga.fetch('http://keygate.test/graphql?query=%7Bviewer%7Bkind%7D%7D', {
      method: 'GET',
      headers: { authorization: `Bearer ${keygate.ownerSecret}` },
    });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.status).toBeLessThan(500);
    expect((await post(keygate, { query: '{ viewer { kind } }' })).body.data.viewer.kind).toBe('USER');
  });

  it('limits mutations per credential with 429 and Retry-After', async () => {
    const mutation = { query: 'mutation { createMachineIdentity(input: { name: "rl" }) { __typename } }' };
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await post(keygate, mutation);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(last!.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Queries are not limited this way.
    expect((await post(keygate, { query: '{ viewer { kind } }' })).status).toBe(200);
  });

  it('limits failed authentications per client address', async () => {
    const { limits } = loadConfig({});
    const bad = { authorization: `Bearer kg_pat_${'B'.repeat(43)}000000` };
    const statuses = new Set<number>();
    for (let i = 0; i < limits.authFailuresPerMinute + 2; i++) {
      statuses.add(
        (await post(keygate, { query: '{ viewer { kind } }' }, { ...bad, 'x-forwarded-for': 'ignored' }))
          .status,
      );
    }
    expect([...statuses].sort()).toEqual([401, 429]);
  });
});
