import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type GatewayKeygate, startGatewayKeygate } from '../support/gateway.js';
import { connectWebSocket, nextStreamOpens } from '../support/graphql-ws.js';
import { seedMachineIdentity, seedMember, seedOrganization, seedToken } from '../support/seed.js';

/*
 * graphql-ws beside Server-Sent Events, with the real graphql-ws client over a real socket: the credential
 * in connectionParams, checked by the same code as the Authorization header, and every limit of HTTP.
 */

let gateway: GatewayKeygate;

beforeAll(async () => {
  gateway = await startGatewayKeygate({
    KEYGATE_SUBSCRIPTIONS_PER_CREDENTIAL: '2',
    KEYGATE_MAX_BODY_BYTES: '20000',
  });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
});

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const createIdentity = (name: string, token = gateway.owner) =>
  gateway.graphql(
    'mutation($name: String!) { createMachineIdentity(input: { name: $name }) { __typename } }',
    { name },
    token,
  );

/** A person revokes their own personal access token (over HTTP). */
async function revokeOwn(member: { secret: string; patId: string }) {
  const answer = await gateway.graphql(
    'mutation($id: ID!) { revokePersonalAccessToken(input: { id: $id }) { __typename } }',
    { id: encodeGlobalID('PersonalAccessToken', member.patId) },
    member.secret,
  );
  expect(answer.data.revokePersonalAccessToken.__typename).toBe('PersonalAccessTokenPayload');
}

/** Collects a subscription's events until it ends, as the graphql-ws client hands them on. */
function subscribe(ws: ReturnType<typeof connectWebSocket>, query: string) {
  // biome-ignore lint/suspicious/noExplicitAny: each test checks the shape it needs
  const events: any[] = [];
  let waiting: (() => void) | null = null;
  const ended = new Promise<{ error?: unknown }>((resolve) => {
    ws.client.subscribe(
      { query },
      {
        next: (value) => {
          events.push(value);
          waiting?.();
        },
        error: (error) => resolve({ error }),
        complete: () => resolve({}),
      },
    );
  });
  return {
    events,
    ended,
    /** Waits until `count` events have arrived. */
    async received(count: number) {
      while (events.length < count) await new Promise<void>((resolve) => (waiting = resolve));
    },
  };
}

describe('graphql-ws on /graphql', () => {
  it('runs queries and mutations, recorded like any request', async () => {
    const ws = connectWebSocket(gateway.url, bearer(gateway.owner));
    expect(await ws.run('{ viewer { kind organization { name } } }')).toEqual({
      data: { viewer: { kind: 'USER', organization: { name: expect.any(String) } } },
    });
    const made = await ws.run(
      'mutation { createMachineIdentity(input: { name: "over-ws" }) { __typename } }',
    );
    expect(made).toEqual({ data: { createMachineIdentity: { __typename: 'MachineIdentityPayload' } } });
    const event = await gateway.keygate.services.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'identity.created' },
      orderBy: { id: 'desc' },
    });
    expect(event.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await ws.client.dispose();
  });

  it('streams auditEventAdded, only the organization’s own events', async () => {
    const ws = connectWebSocket(gateway.url, bearer(gateway.owner));
    const opened = nextStreamOpens(gateway.keygate.services);
    const stream = subscribe(ws, 'subscription { auditEventAdded { action outcome targetType } }');
    await opened;
    const other = await seedOrganization(gateway.keygate.services, 'Quiet org');
    await createIdentity('elsewhere', other.secret);
    await createIdentity('streamed-over-ws');
    await stream.received(1);
    expect(stream.events).toEqual([
      {
        data: {
          auditEventAdded: { action: 'identity.created', outcome: 'SUCCESS', targetType: 'MachineIdentity' },
        },
      },
    ]);
    await ws.client.dispose();
    expect(await stream.ended).toEqual({});
  });

  it('closes with 4401 without a credential, or with a bad one, and counts the failure', async () => {
    const anonymous = connectWebSocket(gateway.url, undefined);
    expect((await anonymous.closed).code).toBe(4401);
    const garbage = connectWebSocket(gateway.url, { authorization: 'Basic dXNlcjpwYXNz' });
    expect((await garbage.closed).code).toBe(4401);
    const member = await seedMember(gateway.keygate.services, gateway.organizationId, 'MEMBER');
    await revokeOwn(member);
    const revoked = connectWebSocket(gateway.url, bearer(member.secret));
    expect(await revoked.closed).toEqual({
      code: 4401,
      reason: 'Unauthorized: invalid or expired credential',
    });
    // As over HTTP, the refused use of a known credential is recorded in its organization.
    const failure = await gateway.keygate.services.prisma.auditEvent.findFirst({
      where: { action: 'auth.failed', credentialId: member.patId },
    });
    expect(failure?.outcome).toBe('DENIED');
  });

  it('closes with 4403 when the credential may not act in the organization it names', async () => {
    const other = await seedOrganization(gateway.keygate.services, 'Not mine');
    const ws = connectWebSocket(gateway.url, {
      ...bearer(gateway.owner),
      organization: encodeGlobalID('Organization', other.organizationId),
    });
    expect((await ws.closed).code).toBe(4403);
  });

  it('ends an open subscription when its credential is revoked, and the connection on its next operation', async () => {
    const auditor = await seedMember(gateway.keygate.services, gateway.organizationId, 'AUDITOR');
    const ws = connectWebSocket(gateway.url, bearer(auditor.secret));
    const opened = nextStreamOpens(gateway.keygate.services);
    const stream = subscribe(ws, 'subscription { auditEventAdded { action } }');
    await opened;
    await revokeOwn(auditor);
    // The revocation's own event is the first the stream would pass on: checked first, it ends the stream.
    expect(await stream.ended).toEqual({});
    expect(stream.events).toEqual([]);
    const next = await ws.run('{ viewer { kind } }');
    expect(next.error ?? next.errors?.[0]?.extensions?.code).toBeTruthy();
    expect((await ws.closed).code).toBe(4401);
  });

  it('counts each operation as a use of the credential, and the connection as none', async () => {
    const identity = await seedMachineIdentity(gateway.keygate.services, gateway.organizationId);
    const token = await seedToken(gateway.keygate.services, gateway.organizationId, identity.id, {
      numUsesLimit: 2,
    });
    const ws = connectWebSocket(gateway.url, bearer(token.secret));
    expect(await ws.run('{ viewer { kind } }')).toEqual({ data: { viewer: { kind: 'MACHINE_IDENTITY' } } });
    expect(await ws.run('{ viewer { kind } }')).toEqual({ data: { viewer: { kind: 'MACHINE_IDENTITY' } } });
    const third = await ws.run('{ viewer { kind } }');
    expect(third.errors?.[0]?.extensions?.code ?? third.error).toBeTruthy();
    expect((await ws.closed).code).toBe(4401);
  });

  it('holds the limits of HTTP: depth, streams per credential, message size', async () => {
    const ws = connectWebSocket(gateway.url, bearer(gateway.owner));
    const deep = await ws.run(`{ viewer { ${'organization { '.repeat(20)}id${' }'.repeat(20)} } }`);
    expect(deep.error[0].extensions.code).toBe('OPERATION_LIMIT_EXCEEDED');
    // Two streams per credential here (KEYGATE_SUBSCRIPTIONS_PER_CREDENTIAL), shared with SSE.
    const held = [];
    for (let i = 0; i < 2; i++) {
      const opened = nextStreamOpens(gateway.keygate.services);
      held.push(subscribe(ws, 'subscription { auditEventAdded { action } }'));
      await opened;
    }
    const third = subscribe(ws, 'subscription { auditEventAdded { action } }');
    // The third is refused as it starts (an execution result with the error, then complete).
    expect(await third.ended).toEqual({});
    expect(third.events).toEqual([
      { errors: [expect.objectContaining({ extensions: { code: 'RATE_LIMITED' } })] },
    ]);
    for (const stream of held) expect(stream.events).toEqual([]);
    await ws.client.dispose();
    // A message larger than a request body may be ends the connection (1009: message too big).
    const big = connectWebSocket(gateway.url, bearer(gateway.owner));
    const answer = big.run(`{ viewer { kind } } # ${'x'.repeat(30_000)}`);
    expect((await big.closed).code).toBe(1009);
    await answer;
  });

  it('refuses other paths, and clients that do not speak graphql-transport-ws', async () => {
    const elsewhere = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/health`, 'graphql-transport-ws');
    const status = await new Promise<number>((resolve) =>
      elsewhere.on('unexpected-response', (_request, response) => resolve(response.statusCode!)),
    );
    expect(status).toBe(404);
    // No graphql-transport-ws subprotocol (subscriptions-transport-ws's clients, say): 4406.
    const unspoken = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/graphql`);
    const code = await new Promise<number>((resolve) =>
      unspoken.on('close', (closeCode) => resolve(closeCode)),
    );
    expect(code).toBe(4406);
  });
});

describe('graphql-ws with a persisted-operations manifest', () => {
  let persisted: GatewayKeygate;
  let dir: string;
  const document = 'query Viewer { viewer { kind } }';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'keygate-persisted-ws-'));
    const file = path.join(dir, 'operations.json');
    writeFileSync(file, JSON.stringify({ viewer: document }));
    persisted = await startGatewayKeygate({ KEYGATE_PERSISTED_OPERATIONS: file });
  }, 120_000);

  afterAll(async () => {
    await persisted?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs only the manifest’s documents', async () => {
    const ws = connectWebSocket(persisted.url, bearer(persisted.owner));
    expect(await ws.run(document)).toEqual({ data: { viewer: { kind: 'USER' } } });
    const arbitrary = await ws.run('{ viewer { kind organization { id } } }');
    expect(arbitrary.error[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    await ws.client.dispose();
  });
});
