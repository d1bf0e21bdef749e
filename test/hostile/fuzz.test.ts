import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { generateSecret } from '../../src/domain/secrets.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** A small deterministic generator, so a failing case can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface BadRequest {
  label: string;
  method?: string;
  headers: Record<string, string>;
  body?: string | Blob;
}

function badRequests(count: number, ownerSecret: string, seed = 7): BadRequest[] {
  const next = random(seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const json = { 'content-type': 'application/json' };
  const auth = { ...json, authorization: `Bearer ${ownerSecret}` };
  const secret = generateSecret('TOKEN');
  const generators: (() => BadRequest)[] = [
    () => ({
      label: 'malformed JSON',
      headers: json,
      body: pick(['{', '{"query":', 'null', '[]', '"x"', '{"query": 1}', '\u0000']),
    }),
    () => ({
      label: 'wrong content type',
      headers: {
        'content-type': pick([
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
        ]),
      },
      body: 'query={viewer{kind}}',
    }),
    () => ({
      label: 'deep nesting',
      headers: auth,
      body: JSON.stringify({
        query: `{ viewer { ${'organization { '.repeat(10 + Math.floor(next() * 50))}id${' }'.repeat(0)} } }`,
      }),
    }),
    () => ({
      label: 'deep list nesting',
      headers: auth,
      body: JSON.stringify({
        query: `{ tokens { edges { node { identity { tokens { edges { node { identity { tokens { edges { node { identity { tokens { edges { node { id } } } } } } } } } } } } } } } }`,
      }),
    }),
    () => ({
      label: 'alias bomb',
      headers: auth,
      body: JSON.stringify({
        query: `{ ${Array.from({ length: 50 + Math.floor(next() * 200) }, (_, i) => `a${i}: viewer { kind }`).join(' ')} }`,
      }),
    }),
    () => ({
      label: 'directive flood',
      headers: auth,
      body: JSON.stringify({ query: `{ viewer ${'@include(if: true) '.repeat(60)}{ kind } }` }),
    }),
    () => ({
      label: 'token flood',
      headers: auth,
      body: JSON.stringify({ query: `{ viewer { ${'kind '.repeat(3000)} } }` }),
    }),
    () => ({
      label: 'huge body',
      headers: auth,
      body: JSON.stringify({ query: `{ viewer { kind } } # ${'x'.repeat(200_000)}` }),
    }),
    () => ({
      label: 'wrong variable type',
      headers: auth,
      body: JSON.stringify({
        query: 'query($first: Int) { tokens(first: $first) { totalCount } }',
        variables: { first: pick(['ten', { a: 1 }, [1], 1.5, 2 ** 40, true]) },
      }),
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
    }),
    () => ({
      label: 'foreign global id',
      headers: auth,
      body: JSON.stringify({
        query: 'mutation($id: ID!) { revokeToken(input: { id: $id }) { __typename } }',
        variables: { id: Buffer.from('Token:00000000-0000-4000-8000-00000000000f').toString('base64') },
      }),
    }),
    () => ({
      label: 'oversized string',
      headers: auth,
      body: JSON.stringify({
        query:
          'mutation($d: String!) { createPersonalAccessToken(input: { description: $d, expiresAt: "2999-01-01T00:00:00Z" }) { __typename } }',
        variables: { d: 'y'.repeat(50_000) },
      }),
    }),
    () => ({
      label: 'non-UTF-8 body',
      headers: auth,
      body: new Blob([Uint8Array.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0xff, 0xfe, 0xc3, 0x28, 0x7d])]),
    }),
    () => ({
      label: 'non-UTF-8 in a string',
      headers: auth,
      body: new Blob([
        Buffer.from('{"query":"{ viewer { kind } }","operationName":"'),
        Uint8Array.from([0xc3, 0x28, 0xa0, 0xa1]),
        Buffer.from('"}'),
      ]),
    }),
    () => ({
      label: 'bad checksum',
      headers: { ...json, authorization: `Bearer ${secret.slice(0, -2)}${pick(['aa', 'zz', '00'])}` },
      body: JSON.stringify({ query: '{ viewer { kind } }' }),
    }),
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
    }),
    () => ({
      label: 'batched operations',
      headers: auth,
      body: JSON.stringify([{ query: '{ viewer { kind } }' }, { query: '{ viewer { kind } }' }]),
    }),
    () => ({
      label: 'unknown operation name',
      headers: auth,
      body: JSON.stringify({
        query: 'query A { viewer { kind } } query B { viewer { kind } }',
        operationName: 'C',
      }),
    }),
    () => ({ label: 'GET mutation', method: 'GET', headers: {}, body: undefined }),
  ];
  return Array.from({ length: count }, () => pick(generators)());
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
    const config = loadConfig({
      NODE_ENV: 'test',
      // The fuzzer comes from one address; raise the failure limit so every case reaches its own check.
      KEYGATE_AUTH_FAILURES_PER_MINUTE: '100000',
      KEYGATE_MUTATIONS_PER_MINUTE: '100000',
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

  it('answers thousands of bad requests with 4xx or coded GraphQL errors, never a 500, and stays up', async () => {
    const requests = badRequests(2000, keygate.adminSecret!);
    const failures: string[] = [];
    const seen = new Map<string, number>();
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
        if (response.status >= 500)
          failures.push(`${request.label}: ${response.status} ${text.slice(0, 200)}`);
        if (text.includes(keygate.adminSecret!)) failures.push(`${request.label}: secret echoed`);
        if (response.status === 200) {
          const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[]; data?: unknown };
          const uncoded = (body.errors ?? []).filter((e) => !e.extensions?.code);
          if (uncoded.length > 0) failures.push(`${request.label}: error without code ${text.slice(0, 200)}`);
        } else if (response.status < 400) {
          failures.push(`${request.label}: unexpected status ${response.status}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(failures).toEqual([]);
    expect(index).toBe(requests.length);
    expect(seen.size).toBe(19);
    expect((await fetch(`${keygate.url}/health`)).status).toBe(200);
    expect((await fetch(`${keygate.url}/ready`)).status).toBe(200);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.includes(keygate.adminSecret!))).toEqual([]);
  }, 120_000);
});
