import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/domain/secrets.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { type EventStream, openEventStream } from '../support/event-stream.js';
import { startTestKeygate, type TestKeygate, testConfig } from '../support/keygate.js';
import { seedMachineIdentity, seedMember } from '../support/seed.js';

/*
 * What one request, or one caller, may make Keygate do: refused checks, failed authentications,
 * aliased mutations, long id lists and open event streams all count against a limit.
 */

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: raw answers to ad-hoc documents; the assertions check their shape
  body: any;
}

/** A request from `ip`, as the HTTP layer would hand it over. */
async function send(
  keygate: TestKeygate,
  request: {
    query: string;
    variables?: unknown;
    token?: string;
    ip?: string;
    headers?: Record<string, string>;
  },
): Promise<Answer> {
  const { query, variables, ...options } = request;
  const { status, headers, ...body } = await keygate.raw(query, variables, options);
  return { status, headers, body };
}

const codes = (answer: Answer): string[] =>
  (answer.body.errors ?? []).map((error: { extensions?: { code?: string } }) => error.extensions?.code);

const VERIFY = 'verifyCredential(input: { secret: $secret }) { valid code }';
const ASSERT = 'authenticateClientAssertion(input: { assertion: "not.a.jwt" }) { valid code }';

describe('refused credential checks', () => {
  let keygate: TestKeygate;

  beforeAll(async () => {
    keygate = await startTestKeygate(
      testConfig({
        NODE_ENV: 'test',
        KEYGATE_MUTATIONS_PER_MINUTE: '3',
        KEYGATE_MUTATIONS_PER_ADDRESS_PER_MINUTE: '4',
      }),
    );
  });

  afterAll(async () => {
    await keygate?.close();
  });

  it('answers NOT_FOUND to a caller without credential:verify and records one denial per request, however many aliases', async () => {
    const auditor = await seedMember(keygate.services, keygate.organizationId, 'AUDITOR');
    const requestId = `verify-${randomUUID()}`;
    const answer = await send(keygate, {
      query: `mutation($secret: String!) { a: ${VERIFY} b: ${VERIFY} c: ${ASSERT} }`,
      variables: { secret: keygate.ownerSecret },
      token: auditor.secret,
      ip: '198.51.100.60',
      headers: { 'x-request-id': requestId },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual({
      a: { valid: false, code: 'NOT_FOUND' },
      b: { valid: false, code: 'NOT_FOUND' },
      c: { valid: false, code: 'NOT_FOUND' },
    });
    const denials = await keygate.services.prisma.auditEvent.findMany({
      where: { requestId, action: 'credential.verify' },
    });
    expect(denials.map((event) => event.outcome)).toEqual(['DENIED']);
  });

  it('counts a refused check against the credential’s mutation limit, through fragments too', async () => {
    const auditor = await seedMember(keygate.services, keygate.organizationId, 'AUDITOR');
    const query = `mutation($secret: String!) { ${VERIFY} }`;
    const statuses: number[] = [];
    let last: Answer | undefined;
    for (let i = 0; i < 4; i++) {
      last = await send(keygate, {
        query,
        variables: { secret: keygate.ownerSecret },
        token: auditor.secret,
        ip: `198.51.100.${70 + i}`,
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(codes(last!)).toEqual(['RATE_LIMITED']);

    // Four refused checks in one operation, behind a fragment, are four mutations: over a limit of three.
    const another = await seedMember(keygate.services, keygate.organizationId, 'AUDITOR');
    const before = await keygate.services.prisma.auditEvent.count({ where: { actorId: another.userId } });
    const spread = await send(keygate, {
      query: `mutation($secret: String!) { ...Checks }
        fragment Checks on Mutation { a: ${VERIFY} b: ${VERIFY} c: ${VERIFY} d: ${VERIFY} }`,
      variables: { secret: keygate.ownerSecret },
      token: another.secret,
      ip: '198.51.100.80',
    });
    expect(spread.status).toBe(429);
    expect(codes(spread)).toEqual(['RATE_LIMITED']);
    expect(await keygate.services.prisma.auditEvent.count({ where: { actorId: another.userId } })).toBe(
      before,
    );

    // A caller that may verify still verifies as often as it needs.
    for (let i = 0; i < 5; i++) {
      const verified = await send(keygate, {
        query,
        variables: { secret: auditor.secret },
        token: keygate.ownerSecret,
        ip: '198.51.100.81',
      });
      expect(verified.status).toBe(200);
      expect(verified.body.data.verifyCredential).toEqual({ valid: true, code: 'VALID' });
    }
  });

  it('counts refused checks against the client address’s mutation limit, whichever credentials make them', async () => {
    const [one, two] = await Promise.all([
      seedMember(keygate.services, keygate.organizationId, 'AUDITOR'),
      seedMember(keygate.services, keygate.organizationId, 'AUDITOR'),
    ]);
    const statuses: number[] = [];
    for (const token of [one.secret, one.secret, two.secret, two.secret, two.secret]) {
      const answer = await send(keygate, {
        query: `mutation { ${ASSERT} }`,
        token,
        ip: '198.51.100.90',
      });
      statuses.push(answer.status);
    }
    // Four a minute from the address: the second auditor's third check is within its own limit.
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});

describe('failed authentications from an address', () => {
  let keygate: TestKeygate;

  beforeAll(async () => {
    keygate = await startTestKeygate();
  });

  afterAll(async () => {
    await keygate?.close();
  });

  it('refuses further failing secrets past the limit, but never a valid credential from the same address', async () => {
    const { authFailuresPerMinute } = keygate.services.config.limits;
    const address = '203.0.113.40';
    const statuses: number[] = [];
    for (let i = 0; i <= authFailuresPerMinute; i++) {
      statuses.push(
        (await send(keygate, { query: '{ viewer { kind } }', token: `junk-${i}`, ip: address })).status,
      );
    }
    expect(statuses).toEqual([...Array(authFailuresPerMinute).fill(401), 429]);

    const valid = await send(keygate, {
      query: '{ viewer { kind } }',
      token: keygate.ownerSecret,
      ip: address,
    });
    expect(valid.status).toBe(200);
    expect(valid.body.data).toEqual({ viewer: { kind: 'USER' } });

    // A mistyped secret (one character off, so its checksum fails) is still refused, and never looked up.
    const real = generateSecret('TOKEN');
    const mistyped = `${real.slice(0, 10)}${real[10] === 'A' ? 'B' : 'A'}${real.slice(11)}`;
    // The sealer taking earlier events into the audit log is not this request's work.
    await keygate.services.auditLog.idle();
    keygate.queries.length = 0;
    const guess = await send(keygate, { query: '{ viewer { kind } }', token: mistyped, ip: address });
    expect(guess.status).toBe(429);
    expect(codes(guess)).toEqual(['RATE_LIMITED']);
    expect(keygate.queries).toEqual([]);
    expect(
      (await send(keygate, { query: '{ viewer { kind } }', token: keygate.ownerSecret, ip: address })).status,
    ).toBe(200);
  });
});

describe('mutation fields', () => {
  let keygate: TestKeygate;

  beforeAll(async () => {
    keygate = await startTestKeygate(testConfig({ NODE_ENV: 'test', KEYGATE_MUTATIONS_PER_MINUTE: '3' }));
  });

  afterAll(async () => {
    await keygate?.close();
  });

  const aliased = (count: number, prefix: string) =>
    `mutation { ${Array.from(
      { length: count },
      (_, i) => `m${i}: createMachineIdentity(input: { name: "${prefix}-${i}" }) { __typename }`,
    ).join(' ')} }`;

  it('counts each aliased mutation field: four in one operation are over a limit of three, and make nothing', async () => {
    const owner = await seedMember(keygate.services, keygate.organizationId, 'OWNER');
    const identities = () =>
      keygate.services.prisma.machineIdentity.count({ where: { organizationId: keygate.organizationId } });
    const before = await identities();
    const four = await send(keygate, { query: aliased(4, 'four'), token: owner.secret });
    expect(four.status).toBe(429);
    expect(codes(four)).toEqual(['RATE_LIMITED']);
    expect(Number(four.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(four.body.data).toBeUndefined();
    expect(await identities()).toBe(before);

    // Three fit, and use a fresh credential's allowance for the minute up.
    const another = await seedMember(keygate.services, keygate.organizationId, 'OWNER');
    const three = await send(keygate, { query: aliased(3, 'three'), token: another.secret, ip: '192.0.2.9' });
    expect(three.status).toBe(200);
    expect(Object.values(three.body.data)).toEqual(Array(3).fill({ __typename: 'MachineIdentityPayload' }));
    const one = await send(keygate, { query: aliased(1, 'one'), token: another.secret, ip: '192.0.2.9' });
    expect(one.status).toBe(429);
    expect(await identities()).toBe(before + 3);
  });
});

describe('operation cost with variables and id lists', () => {
  let keygate: TestKeygate;
  let identityId: string;

  beforeAll(async () => {
    keygate = await startTestKeygate();
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    identityId = encodeGlobalID('MachineIdentity', identity.id);
  });

  afterAll(async () => {
    await keygate?.close();
  });

  const refusal = (answer: Answer) =>
    (answer.body.errors ?? []).find(
      (error: { extensions?: { code?: string } }) => error.extensions?.code === 'OPERATION_LIMIT_EXCEEDED',
    );

  it('refuses nodes(ids:) with more ids than limits.maxNodes before running it, given literally or as a variable', async () => {
    const maxNodes = 100; // limits.maxNodes by default
    const ids = Array<string>(maxNodes + 1).fill(identityId);
    const literal = await send(keygate, {
      query: `{ nodes(ids: ${JSON.stringify(ids)}) { id } }`,
      token: keygate.ownerSecret,
    });
    expect(literal.body.data).toBeUndefined();
    expect(refusal(literal)?.message).toMatch(new RegExp(`at most ${maxNodes} ids`));
    const variable = await send(keygate, {
      query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      variables: { ids },
      token: keygate.ownerSecret,
    });
    expect(variable.body.data).toBeUndefined();
    expect(refusal(variable)?.message).toMatch(new RegExp(`at most ${maxNodes} ids`));

    const atLimit = await send(keygate, {
      query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      variables: { ids: ids.slice(1) },
      token: keygate.ownerSecret,
    });
    expect(atLimit.body.errors).toBeUndefined();
    expect(atLimit.body.data.nodes).toHaveLength(maxNodes);
  });

  it('weighs each id of nodes(ids:) in the cost: a selection cheap for one id is over the limit for a hundred', async () => {
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on MachineIdentity {
      tokens(first: 30) { edges { node { id name } } } } } }`;
    const one = await send(keygate, { query, variables: { ids: [identityId] }, token: keygate.ownerSecret });
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data.nodes).toEqual([{ id: identityId, tokens: { edges: [] } }]);
    const hundred = await send(keygate, {
      query,
      variables: { ids: Array(100).fill(identityId) },
      token: keygate.ownerSecret,
    });
    expect(hundred.body.data).toBeUndefined();
    expect(refusal(hundred)?.message).toMatch(/Cost limit of 50000/);
  });

  it('weighs `first` given as a variable like a literal one', async () => {
    const query = `query($n: Int) { tokens(first: $n) { edges { node { identity {
      tokens(first: $n) { edges { node { id name } } } } } } } }`;
    const small = await send(keygate, { query, variables: { n: 5 }, token: keygate.ownerSecret });
    expect(small.body.errors).toBeUndefined();
    const large = await send(keygate, { query, variables: { n: 100 }, token: keygate.ownerSecret });
    expect(large.body.data).toBeUndefined();
    expect(refusal(large)?.message).toMatch(/Cost limit of 50000/);
  });
});

describe('open event streams per credential', () => {
  const STREAMS = 3;
  let database: TestDatabase;
  let keygate: RunningKeygate;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    keygate = await startKeygate({
      // Not the default (5, checked in test/config): the setting is what counts.
      ...testConfig({ NODE_ENV: 'test', KEYGATE_SUBSCRIPTIONS_PER_CREDENTIAL: String(STREAMS) }),
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
    });
  });

  afterAll(async () => {
    await keygate?.close();
    await database?.drop();
  });

  const SUBSCRIPTION = 'subscription { auditEventAdded { action } }';
  const open = (token: string) =>
    openEventStream((url, init) => fetch(url, init), `${keygate.url}/graphql`, token, SUBSCRIPTION);
  /** Whether the stream was refused: its first message is an error with code RATE_LIMITED. */
  const refused = async (stream: EventStream) =>
    (
      await stream.readUntil((buffer) => buffer.includes('RATE_LIMITED') || buffer.startsWith(':'), 10_000)
    ).includes('RATE_LIMITED');

  it('refuses a stream past limits.subscriptionsPerCredential with RATE_LIMITED, and a closed one frees its slot', async () => {
    const subscriptionsPerCredential = STREAMS;
    const owner = keygate.adminSecret!;
    const streams: EventStream[] = [];
    try {
      for (let i = 0; i < subscriptionsPerCredential; i++) {
        const stream = await open(owner);
        streams.push(stream);
        expect(stream.status).toBe(200);
        expect(await refused(stream)).toBe(false);
      }
      const extra = await open(owner);
      streams.push(extra);
      expect(await refused(extra)).toBe(true);

      // Another credential has slots of its own.
      const other = await seedMember(
        keygate.services,
        (await keygate.services.prisma.organization.findFirstOrThrow()).id,
        'AUDITOR',
      );
      const theirs = await open(other.secret);
      streams.push(theirs);
      expect(await refused(theirs)).toBe(false);

      // Once the server has seen one of the owner's streams close, a new one is accepted.
      streams.shift()!.close();
      const deadline = Date.now() + 10_000;
      let accepted: EventStream | null = null;
      while (!accepted && Date.now() < deadline) {
        const attempt = await open(owner);
        if (await refused(attempt)) attempt.close();
        else accepted = attempt;
      }
      expect(accepted).not.toBeNull();
      streams.push(accepted!);
      // ...and only the one slot.
      const again = await open(owner);
      streams.push(again);
      expect(await refused(again)).toBe(true);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
