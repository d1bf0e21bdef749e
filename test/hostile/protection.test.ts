import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { generateSecret } from '../../src/domain/secrets.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startTestKeygate, type TestKeygate, testConfig } from '../support/keygate.js';
import { seedMember } from '../support/seed.js';

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
      ...testConfig({ NODE_ENV: 'production', KEYGATE_PERSISTED_OPERATIONS: file }),
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
    expect(unknown.status).toBe(400);
  });
});

describe('default limits', () => {
  let keygate: TestKeygate;

  beforeAll(async () => {
    const config = testConfig({ NODE_ENV: 'production', KEYGATE_MUTATIONS_PER_MINUTE: '3' });
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

  it('refuses what a page of another site could send without a preflight, with a code', async () => {
    const get = (query: string, headers: Record<string, string> = {}) =>
      keygate.yoga.fetch(`http://keygate.test/graphql?query=${encodeURIComponent(query)}`, { headers });
    const form = (headers: Record<string, string>) =>
      keygate.yoga.fetch('http://keygate.test/graphql', {
        method: 'POST',
        headers,
        body: 'query=%7B__typename%7D',
      });
    const refusals = [
      // A bare GET or form post, anonymous or with what a browser sends by itself (a cookie, remembered
      // Basic credentials): nothing in it a cross-site page could not send.
      await get('{ __typename }'),
      await get('{ viewer { kind } }', { cookie: 'session=1', authorization: 'Basic dXNlcjpwYXNz' }),
      await form({ 'content-type': 'application/x-www-form-urlencoded' }),
      await form({ 'content-type': 'text/plain', cookie: 'session=1' }),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(403);
      const body = (await refusal.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('CSRF_REJECTED');
    }
  });

  it('runs GET queries that carry a bearer token (urql) or a CSRF header, never GET mutations', async () => {
    const get = (query: string, headers: Record<string, string>) =>
      keygate.yoga.fetch(`http://keygate.test/graphql?query=${encodeURIComponent(query)}`, { headers });
    const bearer = { authorization: `Bearer ${keygate.ownerSecret}` };
    for (const headers of [
      bearer,
      { authorization: `bearer ${keygate.ownerSecret}` },
      { ...bearer, 'x-graphql-yoga-csrf': '1' },
      { ...bearer, 'apollo-require-preflight': 'true' },
      { ...bearer, 'x-apollo-operation-name': 'Viewer' },
    ]) {
      const allowed = await get('{ viewer { kind } }', headers);
      expect(allowed.status).toBe(200);
      expect(await allowed.json()).toEqual({ data: { viewer: { kind: 'USER' } } });
    }
    const before = await keygate.services.prisma.machineIdentity.count();
    const mutation = await get(
      'mutation { createMachineIdentity(input: { name: "via-get" }) { __typename } }',
      {
        ...bearer,
        'x-graphql-yoga-csrf': '1',
      },
    );
    expect(mutation.status).toBe(405);
    expect(mutation.headers.get('allow')).toBe('POST');
    expect(await keygate.services.prisma.machineIdentity.count()).toBe(before);
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

describe('operation limits', () => {
  let keygate: TestKeygate;

  beforeAll(async () => {
    keygate = await startTestKeygate();
  });

  afterAll(async () => {
    await keygate?.close();
  });

  const nested = (depth: number) =>
    `{ ${'tokens { edges { node { identity { '.repeat(depth)}id${' } } } }'.repeat(depth)} }`;

  it.each([
    ['depth', nested(4), /depth limit of 12/],
    [
      'aliases',
      `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: viewer { kind }`).join(' ')} }`,
      /Aliases limit of 15/,
    ],
    ['directives', `{ viewer { kind ${'@skip(if: false) '.repeat(11)} } }`, /Directives limit of 10/],
    ['tokens', `{ viewer { ${'kind '.repeat(2001)} } }`, /Token limit of 2000/],
    [
      'cost',
      '{ tokens(first: 100) { edges { node { identity { tokens(first: 100) { edges { node { id name } } } } } } } }',
      /Cost limit of 50000/,
    ],
  ])(
    'refuses an operation over the %s limit with OPERATION_LIMIT_EXCEEDED',
    async (_limit, query, message) => {
      const result = await post(keygate, { query });
      expect(result.body.data).toBeUndefined();
      const refusal = result.body.errors.find(
        (e: { extensions: { code: string } }) => e.extensions.code === 'OPERATION_LIMIT_EXCEEDED',
      );
      expect(refusal?.message).toMatch(message);
    },
  );

  it('runs an operation just within every limit', async () => {
    const result = await post(keygate, {
      query: `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: viewer { kind }`).join(' ')} tokens(first: 5) { totalCount } }`,
    });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.a14.kind).toBe('USER');
  });

  it('refuses a batch of operations while batching is off (the default)', async () => {
    const batch = await post(keygate, [{ query: '{ viewer { kind } }' }, { query: '{ viewer { kind } }' }]);
    expect(batch.status).toBe(400);
    expect(batch.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(batch.body.errors[0].message).toMatch(/Batching is not supported/);
  });
});

describe('batching, when configured', () => {
  let keygate: TestKeygate;

  beforeAll(async () => {
    const config = testConfig({
      NODE_ENV: 'test',
      KEYGATE_MAX_BATCH: '2',
      KEYGATE_MUTATIONS_PER_MINUTE: '2',
    });
    keygate = await startTestKeygate(config);
  });

  afterAll(async () => {
    await keygate?.close();
  });

  it('runs up to KEYGATE_MAX_BATCH operations of one request and refuses more with 413', async () => {
    const two = await post(keygate, [{ query: '{ viewer { kind } }' }, { query: '{ a: viewer { kind } }' }]);
    expect(two.status).toBe(200);
    expect(two.body).toEqual([{ data: { viewer: { kind: 'USER' } } }, { data: { a: { kind: 'USER' } } }]);
    const three = await post(
      keygate,
      Array.from({ length: 3 }, () => ({ query: '{ viewer { kind } }' })),
    );
    expect(three.status).toBe(413);
    expect(three.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('counts every operation of a batch against the mutation limit', async () => {
    let n = 0;
    const mutation = () => ({
      query: 'mutation($name: String!) { createMachineIdentity(input: { name: $name }) { __typename } }',
      variables: { name: `batched-${n++}` },
    });
    const first = await post(keygate, [mutation(), mutation()]);
    expect(first.body.map((r: { data?: unknown }) => r.data)).toEqual([
      { createMachineIdentity: { __typename: 'MachineIdentityPayload' } },
      { createMachineIdentity: { __typename: 'MachineIdentityPayload' } },
    ]);
    const second = await post(keygate, [mutation(), mutation()]);
    expect(
      second.body.map((r: { errors?: { extensions: { code: string } }[] }) => r.errors?.[0]?.extensions.code),
    ).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });
});

describe('rate limits', () => {
  let keygate: TestKeygate;

  beforeAll(async () => {
    const config = testConfig({
      NODE_ENV: 'test',
      KEYGATE_AUTH_FAILURES_PER_CREDENTIAL_PER_MINUTE: '5',
      KEYGATE_MUTATIONS_PER_MINUTE: '3',
      KEYGATE_MUTATIONS_PER_ADDRESS_PER_MINUTE: '4',
    });
    keygate = await startTestKeygate(config);
  });

  afterAll(async () => {
    await keygate?.close();
  });

  /** A request from `ip`, as the HTTP layer would hand it over. */
  async function from(ip: string, query: string, token: string, variables?: unknown) {
    const response = await keygate.yoga.fetch(
      'http://keygate.test/graphql',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      },
      { clientIp: ip },
    );
    // biome-ignore lint/suspicious/noExplicitAny: raw answers to ad-hoc documents; the assertions check their shape
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  }

  it('counts concurrent failed authentications before checking them: 200 at once, at most the limit get 401', async () => {
    const { limits } = keygate.services.config;
    // Well-formed and unknown: each one is looked up in the database, so all 200 are in flight together.
    const guesses = Array.from({ length: 200 }, () => generateSecret('TOKEN'));
    const answers = await Promise.all(
      guesses.map((guess) => from('203.0.113.7', '{ viewer { kind } }', guess)),
    );
    const unauthenticated = answers.filter((a) => a.status === 401);
    const limited = answers.filter((a) => a.status === 429);
    expect(unauthenticated.length).toBeLessThanOrEqual(limits.authFailuresPerMinute);
    expect(unauthenticated.length).toBeGreaterThan(0);
    expect(unauthenticated.length + limited.length).toBe(200);
    for (const answer of limited) {
      expect(answer.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another address is not affected, and a credential that has authenticated lately is no guess: a
    // burst of it, more than the limit at once, holds no reservations.
    expect((await from('203.0.113.8', '{ viewer { kind } }', keygate.ownerSecret)).status).toBe(200);
    const valid = await Promise.all(
      Array.from({ length: limits.authFailuresPerMinute + 5 }, () =>
        from('203.0.113.8', '{ viewer { kind } }', keygate.ownerSecret),
      ),
    );
    expect(valid.map((a) => a.status)).toEqual(valid.map(() => 200));
  });

  it('locks a credential that fails from address after address, even for an address it trusts', async () => {
    const identity = await from(
      '198.51.100.1',
      'mutation { createMachineIdentity(input: { name: "fenced" }) { ... on MachineIdentityPayload { machineIdentity { id } } } }',
      keygate.ownerSecret,
    );
    const created = await from(
      '198.51.100.1',
      'mutation($id: ID!) { createToken(input: { identityId: $id, name: "fenced", trustedIps: ["10.0.0.0/8"] }) { ... on TokenSecretPayload { secret token { id } } } }',
      keygate.ownerSecret,
      { id: identity.body.data.createMachineIdentity.machineIdentity.id },
    );
    const { secret } = created.body.data.createToken;
    expect((await from('10.1.2.3', '{ viewer { kind } }', secret)).status).toBe(200);

    // Each address tries once, far below its own limit; the credential's failures add up.
    const statuses: number[] = [];
    for (let i = 10; i < 18; i++)
      statuses.push((await from(`198.51.100.${i}`, '{ viewer { kind } }', secret)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const locked = await from('10.1.2.3', '{ viewer { kind } }', secret);
    expect(locked.status).toBe(429);
    expect(locked.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other credentials from the same addresses are not affected.
    expect((await from('198.51.100.17', '{ viewer { kind } }', keygate.ownerSecret)).status).toBe(200);
    // The organization's log holds the failures up to the limit, not one event per refused attempt.
    const failures = await keygate.services.prisma.auditEvent.count({
      where: { action: 'auth.failed', credentialId: { not: null }, ip: { startsWith: '198.51.100.' } },
    });
    expect(failures).toBe(5);
  });

  it('limits mutations per client address across credentials, but not the pure checks gateways call', async () => {
    const [one, two] = await Promise.all([
      seedMember(keygate.services, keygate.organizationId, 'OWNER'),
      seedMember(keygate.services, keygate.organizationId, 'ADMIN'),
    ]);
    let n = 0;
    const create = (ip: string, token: string) =>
      from(
        ip,
        'mutation($name: String!) { createMachineIdentity(input: { name: $name }) { __typename } }',
        token,
        { name: `per-address-${n++}` },
      );
    const address = '192.0.2.1';
    const answers = [];
    for (const token of [one.secret, one.secret, two.secret, two.secret, two.secret])
      answers.push(await create(address, token));
    // Four a minute from the address, whoever asks: the second member's third is within its own limit.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 429]);
    expect(answers[3]!.body.data.createMachineIdentity.__typename).toBe('MachineIdentityPayload');
    expect(answers[4]!.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    // The first member from elsewhere: its own third mutation, from an address with none.
    expect((await create('192.0.2.2', one.secret)).status).toBe(200);

    // verifyCredential and authenticateClientAssertion are exempt, from a limited address and credential.
    for (let i = 0; i < 6; i++) {
      const verified = await from(
        address,
        'mutation($secret: String!) { verifyCredential(input: { secret: $secret }) { valid code } }',
        one.secret,
        { secret: two.secret },
      );
      expect(verified.status).toBe(200);
      expect(verified.body.data.verifyCredential).toEqual({ valid: true, code: 'VALID' });
    }
    const assertion = await from(
      address,
      'mutation { authenticateClientAssertion(input: { assertion: "not.a.jwt" }) { valid } }',
      one.secret,
    );
    expect(assertion.body.data.authenticateClientAssertion.valid).toBe(false);
    // ...but not a mutation that merely includes one.
    const mixed = await from(
      address,
      'mutation($secret: String!) { verifyCredential(input: { secret: $secret }) { valid } createProject(input: { name: "mixed" }) { __typename } }',
      one.secret,
      { secret: two.secret },
    );
    expect(mixed.status).toBe(429);
  });
});

describe('request bodies over HTTP', () => {
  let database: TestDatabase;
  let keygate: RunningKeygate;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    keygate = await startKeygate({
      ...testConfig({ NODE_ENV: 'test', KEYGATE_MAX_BODY_BYTES: '2000' }),
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
    });
  });

  afterAll(async () => {
    await keygate?.close();
    await database?.drop();
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE, and serves one at the limit', async () => {
    const query = (padding: number) =>
      JSON.stringify({ query: `{ viewer { kind } } #${'x'.repeat(padding)}` });
    const base = query(0).length;
    const send = (body: string) =>
      fetch(`${keygate.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keygate.adminSecret}` },
        body,
      });
    const atLimit = await send(query(2000 - base));
    expect(atLimit.status).toBe(200);
    const over = await send(query(2001 - base));
    expect(over.status).toBe(413);
    expect(
      ((await over.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a chunked body without Content-Length with 411 LENGTH_REQUIRED', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(
        `${keygate.url}/graphql`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          response.on('end', () => resolve({ status: response.statusCode!, body: text }));
        },
      );
      request.on('error', reject);
      request.write('{"query":');
      request.end('"{ viewer { kind } }"}');
    });
    expect(status).toBe(411);
    expect(JSON.parse(body).errors[0].extensions.code).toBe('LENGTH_REQUIRED');
  });
});
