import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/domain/secrets.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { testConfig } from '../support/keygate.js';

/** A small deterministic generator, so a failing case can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Answer {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  } | null;
}

interface BadRequest {
  label: string;
  method?: string;
  headers: Record<string, string>;
  body?: string | Blob;
  /** Secrets this request carries, which no answer and no log line may contain. */
  secrets?: string[];
  /** The class of answer this request must get: its status and, for most, the code of its first error. */
  expected: { status: number; code?: string; check?: (answer: Answer) => boolean };
}

/**
 * A well-formed request refused before execution: no data, and a code saying why. HTTP 200, since fetch
 * accepts any media type and so gets application/json (GraphQL over HTTP; test/graphql/http-status.test.ts
 * has the 400 that application/graphql-response+json gets).
 */
const refusedBeforeExecution = (code: string): BadRequest['expected'] => ({
  status: 200,
  code,
  check: ({ body }) => body?.data === undefined,
});

const overLimit = refusedBeforeExecution('OPERATION_LIMIT_EXCEEDED');

const MAX_DEPTH = 12;

function badRequests(count: number, ownerSecret: string, seed = 7): BadRequest[] {
  const next = random(seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const json = { 'content-type': 'application/json' };
  const auth = { ...json, authorization: `Bearer ${ownerSecret}` };
  const generators: (() => BadRequest)[] = [
    () => ({
      label: 'malformed JSON',
      headers: json,
      body: pick(['{', '{"query":', 'null', '[]', '"x"', '{"query": 1}', '\u0000']),
      expected: { status: 400, code: 'BAD_REQUEST' },
    }),
    () => {
      const type = pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
      ]);
      return {
        label: 'wrong content type',
        headers: { 'content-type': type },
        body: 'query={viewer{kind}}',
        // What a browser may send cross-site is a CSRF refusal; anything else is not a type Keygate reads.
        expected: type === 'application/xml' ? { status: 415 } : { status: 403, code: 'CSRF_REJECTED' },
      };
    },
    () => {
      const depth = MAX_DEPTH + 1 + Math.floor(next() * 50);
      return {
        label: 'deep nesting',
        headers: auth,
        body: JSON.stringify({
          query: `{ viewer { ${'organization { '.repeat(depth)}id${' }'.repeat(depth)} } }`,
        }),
        expected: overLimit,
      };
    },
    () => ({
      label: 'deep list nesting',
      headers: auth,
      body: JSON.stringify({
        query: `{ tokens { edges { node { identity { tokens { edges { node { identity { tokens { edges { node { identity { tokens { edges { node { id } } } } } } } } } } } } } } } }`,
      }),
      expected: overLimit,
    }),
    () => ({
      label: 'alias bomb',
      headers: auth,
      body: JSON.stringify({
        query: `{ ${Array.from({ length: 50 + Math.floor(next() * 200) }, (_, i) => `a${i}: viewer { kind }`).join(' ')} }`,
      }),
      expected: overLimit,
    }),
    () => ({
      label: 'directive flood',
      headers: auth,
      body: JSON.stringify({ query: `{ viewer ${'@include(if: true) '.repeat(60)}{ kind } }` }),
      expected: overLimit,
    }),
    () => ({
      label: 'token flood',
      headers: auth,
      body: JSON.stringify({ query: `{ viewer { ${'kind '.repeat(3000)} } }` }),
      expected: overLimit,
    }),
    () => ({
      label: 'huge body',
      headers: auth,
      body: JSON.stringify({ query: `{ viewer { kind } } # ${'x'.repeat(200_000)}` }),
      expected: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    }),
    () => ({
      label: 'wrong variable type',
      headers: auth,
      body: JSON.stringify({
        query: 'query($first: Int) { tokens(first: $first) { totalCount } }',
        variables: { first: pick(['ten', { a: 1 }, [1], 1.5, 2 ** 40, true]) },
      }),
      expected: refusedBeforeExecution('BAD_USER_INPUT'),
    }),
    () => ({
      label: 'invalid global id',
      headers: auth,
      body: JSON.stringify({
        query: 'query($id: ID!) { node(id: $id) { id } }',
        variables: {
          id: pick([
            '',
            '%%%',
            'VG9rZW46',
            Buffer.from('Token:not-a-uuid').toString('base64'),
            Buffer.from(`Nope:${'1'.repeat(40)}`).toString('base64'),
            'x'.repeat(10_000),
          ]),
        },
      }),
      // Nothing found; an id that cannot be one is also refused as bad input.
      expected: {
        status: 200,
        check: ({ body }) =>
          body?.data?.node === null &&
          (body.errors ?? []).every((e) => e.extensions?.code === 'BAD_USER_INPUT'),
      },
    }),
    () => ({
      label: 'foreign global id',
      headers: auth,
      body: JSON.stringify({
        query: 'mutation($id: ID!) { revokeToken(input: { id: $id }) { __typename } }',
        variables: { id: Buffer.from('Token:00000000-0000-4000-8000-00000000000f').toString('base64') },
      }),
      expected: { status: 200, check: ({ body }) => typename(body, 'revokeToken') === 'NotFoundError' },
    }),
    () => ({
      label: 'oversized string',
      headers: auth,
      body: JSON.stringify({
        query:
          'mutation($d: String!) { createPersonalAccessToken(input: { description: $d, expiresAt: "2999-01-01T00:00:00Z" }) { __typename } }',
        variables: { d: 'y'.repeat(50_000) },
      }),
      expected: {
        status: 200,
        check: ({ body }) => typename(body, 'createPersonalAccessToken') === 'ValidationError',
      },
    }),
    () => ({
      label: 'non-UTF-8 body',
      headers: auth,
      body: new Blob([Uint8Array.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0xff, 0xfe, 0xc3, 0x28, 0x7d])]),
      expected: { status: 400, code: 'BAD_REQUEST' },
    }),
    () => ({
      label: 'non-UTF-8 in a string',
      headers: auth,
      body: new Blob([
        Buffer.from('{"query":"{ viewer { kind } }","operationName":"'),
        Uint8Array.from([0xc3, 0x28, 0xa0, 0xa1]),
        Buffer.from('"}'),
      ]),
      expected: refusedBeforeExecution('OPERATION_RESOLUTION_FAILURE'),
    }),
    () => {
      const secret = generateSecret('TOKEN');
      const bad = `${secret.slice(0, -2)}${pick(['aa', 'zz', '00'])}`;
      return {
        label: 'bad checksum',
        headers: { ...json, authorization: `Bearer ${bad}` },
        body: JSON.stringify({ query: '{ viewer { kind } }' }),
        secrets: [bad],
        expected: { status: 401, code: 'UNAUTHENTICATED' },
      };
    },
    () => ({
      label: 'garbage authorization',
      headers: {
        ...json,
        authorization: pick([
          'Bearer',
          'Bearer  ',
          'Basic Zm9vOmJhcg==',
          `Bearer ${'k'.repeat(5000)}`,
          'Bearer kg_pat_\u00e9',
        ]),
      },
      body: JSON.stringify({ query: '{ viewer { kind } }' }),
      expected: { status: 401, code: 'UNAUTHENTICATED' },
    }),
    () => {
      const secret = generateSecret(pick(['TOKEN', 'PERSONAL_ACCESS_TOKEN'] as const));
      return {
        label: 'secret in a mistyped variable',
        headers: auth,
        body: JSON.stringify({
          query: 'mutation($input: VerifyCredentialInput!) { verifyCredential(input: $input) { valid } }',
          variables: { input: pick([{ secret: [secret] }, { secret: { value: secret } }, secret]) },
        }),
        secrets: [secret],
        expected: refusedBeforeExecution('BAD_USER_INPUT'),
      };
    },
    () => {
      const secret = generateSecret('TOKEN');
      const start = `{"query":"mutation($s: String!) { verifyCredential(input: { secret: $s }) { valid } }","variables":{"s":`;
      return {
        label: 'secret in malformed JSON',
        headers: auth,
        body: start + pick([`"${secret}"`, `"${secret}" x`, `${secret}}}`, `"${secret}"}}}`]),
        secrets: [secret],
        expected: { status: 400, code: 'BAD_REQUEST' },
      };
    },
    () => ({
      label: 'batched operations',
      headers: auth,
      body: JSON.stringify([{ query: '{ viewer { kind } }' }, { query: '{ viewer { kind } }' }]),
      expected: { status: 400, code: 'BAD_REQUEST' },
    }),
    () => ({
      label: 'unknown operation name',
      headers: auth,
      body: JSON.stringify({
        query: 'query A { viewer { kind } } query B { viewer { kind } }',
        operationName: 'C',
      }),
      expected: refusedBeforeExecution('OPERATION_RESOLUTION_FAILURE'),
    }),
    () => ({
      label: 'GET mutation',
      method: 'GET',
      headers: {},
      body: undefined,
      expected: { status: 403, code: 'CSRF_REJECTED' },
    }),
  ];
  return Array.from({ length: count }, () => pick(generators)());
}

function typename(body: Answer['body'], field: string): unknown {
  return (body?.data?.[field] as { __typename?: string } | undefined)?.__typename;
}

/**
 * Every 10-character piece of the secrets: an answer that quotes part of a body (JSON.parse's excerpt is
 * about that long) must not carry part of a secret either.
 */
function secretPieces(secrets: Iterable<string>): Set<string> {
  const pieces = new Set<string>();
  for (const secret of secrets)
    for (let i = 0; i + PIECE <= secret.length; i++) pieces.add(secret.slice(i, i + PIECE));
  return pieces;
}
const PIECE = 10;

function containsPiece(text: string, pieces: Set<string>): string | null {
  for (let i = 0; i + PIECE <= text.length; i++) {
    const piece = text.slice(i, i + PIECE);
    if (pieces.has(piece)) return piece;
  }
  return null;
}

describe('hostile input against the real HTTP server', () => {
  let database: TestDatabase;
  let keygate: RunningKeygate;
  const logLines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk, _encoding, done) {
          logLines.push(chunk.toString());
          done();
        },
      }),
    );
    const config = testConfig({
      NODE_ENV: 'test',
      // The fuzzer comes from one address; raise the failure limit so every case reaches its own check.
      KEYGATE_AUTH_FAILURES_PER_MINUTE: '100000',
      KEYGATE_MUTATIONS_PER_MINUTE: '100000',
      KEYGATE_MUTATIONS_PER_ADDRESS_PER_MINUTE: '100000',
    });
    keygate = await startKeygate(
      { ...config, databaseUrl: database.url, port: 0, host: '127.0.0.1' },
      logger,
    );
  });

  afterAll(async () => {
    await keygate?.close();
    await database?.drop();
  });

  it('answers thousands of bad requests with the expected 4xx or coded GraphQL error, never a 500, and stays up', async () => {
    const requests = badRequests(2000, keygate.adminSecret!);
    const failures: string[] = [];
    const seen = new Map<string, number>();
    const sentSecrets = new Set<string>([keygate.adminSecret!]);
    const started = Date.now();
    let index = 0;
    const worker = async () => {
      while (index < requests.length && Date.now() - started < 60_000) {
        const request = requests[index++]!;
        const url =
          request.method === 'GET'
            ? `${keygate.url}/graphql?query=${encodeURIComponent('mutation { revokeAllTokens(input: { identityId: "x" }) { __typename } }')}`
            : `${keygate.url}/graphql`;
        const response = await fetch(url, {
          method: request.method ?? 'POST',
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(10_000),
        });
        const text = await response.text();
        seen.set(request.label, (seen.get(request.label) ?? 0) + 1);
        const fail = (why: string) => failures.push(`${request.label}: ${why}: ${text.slice(0, 200)}`);
        for (const secret of request.secrets ?? []) sentSecrets.add(secret);
        const leaked = containsPiece(text, secretPieces([keygate.adminSecret!, ...(request.secrets ?? [])]));
        if (leaked) fail(`secret echoed (${leaked})`);
        let body: Answer['body'] = null;
        try {
          body = text ? (JSON.parse(text) as Answer['body']) : null;
        } catch {
          fail('answer is not JSON');
        }
        const { expected } = request;
        if (response.status !== expected.status)
          fail(`status ${response.status}, expected ${expected.status}`);
        const uncoded = (body?.errors ?? []).filter((e) => !e.extensions?.code);
        if (uncoded.length > 0) fail('error without code');
        if (expected.code && !body?.errors?.some((e) => e.extensions?.code === expected.code))
          fail(`no ${expected.code}`);
        if (expected.check && !expected.check({ status: response.status, body })) fail('unexpected answer');
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(failures.slice(0, 20)).toEqual([]);
    expect(index).toBe(requests.length);
    expect(seen.size).toBe(21);
    expect((await fetch(`${keygate.url}/health`)).status).toBe(200);
    expect((await fetch(`${keygate.url}/ready`)).status).toBe(200);
    expect(logLines.length).toBeGreaterThan(0);
    const pieces = secretPieces(sentSecrets);
    expect(logLines.filter((line) => containsPiece(line, pieces))).toEqual([]);
  }, 120_000);
});
