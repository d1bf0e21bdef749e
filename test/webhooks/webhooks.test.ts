import { TestClock } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLeafHash } from '../../src/audit-log/leaf.js';
import { DELIVER_JOB, DELIVERY_RETRIES } from '../../src/domain/webhooks.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startTestKeygate, type TestKeygate, testConfig } from '../support/keygate.js';
import { seedMember } from '../support/seed.js';
import {
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhook-receiver.js';

const LOOPBACK = { KEYGATE_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8,::1' };

const CREATE_ENDPOINT = `mutation ($url: String!, $eventTypes: [String!], $format: WebhookFormat) {
  createWebhookEndpoint(input: { url: $url, eventTypes: $eventTypes, format: $format }) {
    __typename
    ... on WebhookEndpointWithSecretPayload { secret webhookEndpoint { id url eventTypes format } }
    ... on ValidationError { field message }
  }
}`;

const CREATE_IDENTITY = `mutation ($name: String!) {
  createMachineIdentity(input: { name: $name }) { ... on MachineIdentityPayload { machineIdentity { id } } }
}`;

const DELIVERIES = `query {
  webhookEndpoints(first: 5) { edges { node { id url failing deliveries(first: 20) { edges { node {
    id eventType messageId status attempts responseStatus error latencyMs
  } } } } } }
}`;

interface DeliveryRow {
  id: string;
  eventType: string;
  messageId: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
}

async function addEndpoint(
  keygate: TestKeygate,
  url: string,
  eventTypes?: string[],
  format?: 'STANDARD_WEBHOOKS' | 'NDJSON_BATCH',
) {
  const answer = await keygate.raw(
    CREATE_ENDPOINT,
    { url, eventTypes, format },
    { token: keygate.ownerSecret },
  );
  const payload = answer.data.createWebhookEndpoint;
  expect(payload.__typename).toBe('WebhookEndpointWithSecretPayload');
  return { id: payload.webhookEndpoint.id as string, secret: payload.secret as string };
}

async function deliveriesOf(keygate: TestKeygate, endpointId: string): Promise<DeliveryRow[]> {
  const answer = await keygate.raw(DELIVERIES, {}, { token: keygate.ownerSecret });
  expect(answer.errors).toBeUndefined();
  // biome-ignore lint/suspicious/noExplicitAny: the shape is the query's
  const endpoint = answer.data.webhookEndpoints.edges.find((edge: any) => edge.node.id === endpointId);
  // biome-ignore lint/suspicious/noExplicitAny: as above
  return endpoint.node.deliveries.edges.map((edge: any) => edge.node);
}

/** The delivery job waiting for its next attempt, with when pg-boss will start it. */
async function pendingRetry(keygate: TestKeygate, deliveryId: string) {
  const rows = await keygate.services.prisma.$queryRawUnsafe<
    { state: string; retry_count: number; start_after: Date; completed_on: Date | null }[]
  >(
    `SELECT state, retry_count, start_after, completed_on FROM pgboss.job
     WHERE name = $1 AND data->>'deliveryId' = $2`,
    DELIVER_JOB,
    deliveryId,
  );
  return rows[0];
}

describe('webhooks on PostgreSQL', () => {
  let keygate: TestKeygate;
  let receiver: WebhookReceiver;
  const clock = new TestClock(Date.now());

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    keygate = await startTestKeygate({ webhooks: testConfig(LOOPBACK).webhooks }, { jobs: { clock } });
  });
  afterAll(async () => {
    await keygate?.close();
    await receiver?.close();
  });

  /** The first delivery `match` accepts, moving the test's clock two seconds at a time (pg-boss polls on it). */
  const arrival = (match: (d: ReceivedWebhook) => boolean) =>
    vi.waitFor(
      async () => {
        await clock.tick(2_000);
        const found = receiver.received.find(match);
        expect(found).toBeDefined();
        return found!;
      },
      { timeout: 30_000, interval: 20 },
    );

  it('sends every event, signed with a secret shown once, that the standardwebhooks library accepts', async () => {
    const endpoint = await addEndpoint(keygate, `${receiver.url}?all`);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    receiver.state.secrets = [endpoint.secret];
    const made = await keygate.raw(CREATE_IDENTITY, { name: 'billing' }, { token: keygate.ownerSecret });
    const identityId = made.data.createMachineIdentity.machineIdentity.id as string;

    const delivery = await arrival((d) => d.path === '/hooks?all' && d.payload?.type === 'identity.created');
    expect(delivery.refused).toBeNull();
    expect(delivery.headers['webhook-id']).toMatch(/^msg_/);
    expect(delivery.payload?.data).toMatchObject({
      organizationId: keygate.organizationId,
      action: 'identity.created',
      outcome: 'SUCCESS',
      actor: { type: 'USER', credentialKind: 'PERSONAL_ACCESS_TOKEN' },
      target: { type: 'MachineIdentity' },
    });
    expect(Buffer.from(identityId, 'base64').toString()).toContain(
      (delivery.payload?.data.target as { id: string } | undefined)?.id ?? 'missing',
    );
    // The endpoint's own creation is its first event; nothing sent or stored shows the secret again.
    const created = await arrival((d) => d.path === '/hooks?all' && d.payload?.type === 'webhook.created');
    expect(created.body).not.toContain(endpoint.secret);
    const events = await keygate.services.prisma.auditEvent.findMany({
      where: { action: 'webhook.created' },
    });
    expect(JSON.stringify(events.map((event) => event.changes))).not.toContain('whsec_');
    const again = await keygate.raw(DELIVERIES, {}, { token: keygate.ownerSecret });
    expect(JSON.stringify(again)).not.toContain(endpoint.secret);

    await vi.waitFor(async () => {
      const rows = await deliveriesOf(keygate, endpoint.id);
      const row = rows.find((r) => r.eventType === 'identity.created');
      expect(row).toMatchObject({ status: 'SUCCEEDED', attempts: 1, responseStatus: 204, error: null });
      expect(row?.messageId).toBe(delivery.headers['webhook-id']);
    });
    // Only the receiver's secret verifies: a delivery checked with another one is refused.
    receiver.state.secrets = ['whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY'];
    await keygate.raw(CREATE_IDENTITY, { name: 'refused' }, { token: keygate.ownerSecret });
    const refused = await arrival((d) => d.path === '/hooks?all' && d.refused !== null);
    expect(refused.status).toBe(401);
    await keygate.raw(
      'mutation ($id: ID!) { deleteWebhookEndpoint(input: { id: $id }) { __typename } }',
      { id: endpoint.id },
      { token: keygate.ownerSecret },
    );
  });

  it('sends an endpoint only the event types it asked for', async () => {
    const tokensOnly = await addEndpoint(keygate, `${receiver.url}?tokens`, ['token.*', 'webhook.test']);
    receiver.state.secrets = [tokensOnly.secret];
    await keygate.raw(CREATE_IDENTITY, { name: 'not-for-tokens' }, { token: keygate.ownerSecret });
    await keygate.raw(
      'mutation ($id: ID!) { sendWebhookTestEvent(input: { id: $id }) { __typename } }',
      { id: tokensOnly.id },
      { token: keygate.ownerSecret },
    );
    // The test event is sent after the identity was made: had the identity's event been wanted, the fan-out
    // (which keeps the audit chain's order) would have queued it first.
    await arrival((d) => d.path === '/hooks?tokens' && d.payload?.type === 'webhook.test');
    await vi.waitFor(async () => {
      const rows = await deliveriesOf(keygate, tokensOnly.id);
      expect(rows.map((row) => row.eventType)).toEqual(['webhook.test']);
      expect(
        await keygate.services.prisma.webhookEndpoint.findUnique({ where: { id: decode(tokensOnly.id) } }),
      ).toMatchObject({ cursor: expect.any(BigInt) });
    });
    expect(
      receiver.received.filter((d) => d.path === '/hooks?tokens' && d.payload?.type !== 'webhook.test'),
    ).toEqual([]);
    await keygate.raw(
      'mutation ($id: ID!) { deleteWebhookEndpoint(input: { id: $id }) { __typename } }',
      { id: tokensOnly.id },
      { token: keygate.ownerSecret },
    );
  });
  it('streams batches of events to a SIEM sink as signed NDJSON lines in the export format', async () => {
    const sink = await addEndpoint(keygate, `${receiver.url}?siem`, ['identity.*'], 'NDJSON_BATCH');
    receiver.state.secrets = [sink.secret];
    const names = ['siem-a', 'siem-b', 'siem-c'];
    for (const name of names) await keygate.raw(CREATE_IDENTITY, { name }, { token: keygate.ownerSecret });
    // However the fan-out split them into batches, every event arrives once, in the log's order.
    const lines = () =>
      receiver.received
        .filter((d) => d.path === '/hooks?siem')
        .flatMap((d) => (d.payload?.data.lines as Record<string, unknown>[] | undefined) ?? []);
    await vi.waitFor(
      async () => {
        await clock.tick(2_000);
        expect(lines().filter((line) => line.action === 'identity.created')).toHaveLength(3);
      },
      { timeout: 30_000, interval: 20 },
    );
    const batches = receiver.received.filter((d) => d.path === '/hooks?siem');
    for (const batch of batches) {
      expect(batch.headers['content-type']).toBe('application/x-ndjson');
      expect(batch.payload?.type).toBe('audit.batch');
    }
    const sent = lines();
    expect(sent.every((line) => line.type === 'event' && String(line.action).startsWith('identity.'))).toBe(
      true,
    );
    const sequences = sent.map((line) => Number(line.sequence));
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    // Each line is the event as GET /audit/export writes it: its leaf hash is the one the log holds.
    for (const line of sent) {
      const stored = await keygate.services.prisma.auditEvent.findUniqueOrThrow({
        where: { id: BigInt(String(line.id)) },
      });
      const { type: _type, ...event } = line;
      expect(Buffer.from(auditLeafHash(event as never)).equals(Buffer.from(stored.hash!))).toBe(true);
    }
    const rows = await deliveriesOf(keygate, sink.id);
    expect(rows.every((row) => row.eventType === 'audit.batch' && row.status === 'SUCCEEDED')).toBe(true);
    await keygate.raw(
      'mutation ($id: ID!) { deleteWebhookEndpoint(input: { id: $id }) { __typename } }',
      { id: sink.id },
      { token: keygate.ownerSecret },
    );
  });

  // Ten attempts, each waited for on the test's clock: half a minute here, more on a busy machine.
  it('retries a failed delivery with backoff on the clock, and gives up after every attempt, saying so', async () => {
    const endpoint = await addEndpoint(keygate, `${receiver.url}?flaky`, ['webhook.test']);
    receiver.state.secrets = [endpoint.secret];
    let failing = true;
    // The clock when each attempt reached the receiver: pg-boss records the failure, and computes the next
    // start from it, at this time or later (the test's ticks may move the clock on before it reads the row).
    const reachedAt: number[] = [];
    receiver.state.answer = (d) => {
      if (d.path !== '/hooks?flaky') return 204;
      reachedAt.push(clock.now());
      return failing ? 503 : 204;
    };
    const sent = await keygate.raw(
      'mutation ($id: ID!) { sendWebhookTestEvent(input: { id: $id }) { ... on WebhookDeliveryPayload { delivery { id } } } }',
      { id: endpoint.id },
      { token: keygate.ownerSecret },
    );
    const deliveryId = decode(sent.data.sendWebhookTestEvent.delivery.id);
    const attempts = () => receiver.received.filter((d) => d.path === '/hooks?flaky');

    // Every attempt but the last waits longer than the one before (exponential, with jitter): from the
    // attempt, at least retryDelay * 2^(attempt - 1), and pg-boss adds up to as much again at random. The
    // clock moves only when the test says.
    const waits: number[] = [];
    for (let attempt = 1; attempt <= DELIVERY_RETRIES.retryLimit + 1; attempt++) {
      await vi.waitFor(
        async () => {
          await clock.tick(1_000);
          expect(attempts()).toHaveLength(attempt);
        },
        { timeout: 20_000 },
      );
      if (attempt === DELIVERY_RETRIES.retryLimit + 1) break;
      const job = await vi.waitFor(async () => {
        const row = await pendingRetry(keygate, deliveryId);
        expect(row).toMatchObject({ state: 'retry', retry_count: attempt - 1 });
        return row!;
      });
      const backoff = job.start_after.getTime() - reachedAt[attempt - 1]!;
      waits.push(backoff);
      expect(backoff).toBeGreaterThanOrEqual(
        Math.min(DELIVERY_RETRIES.retryDelayMax, DELIVERY_RETRIES.retryDelay * 2 ** (attempt - 1)) * 1000,
      );
      const wait = job.start_after.getTime() - clock.now();
      // Not due yet: half of the wait later, still nothing.
      await clock.tick(Math.floor(wait / 2));
      expect(attempts()).toHaveLength(attempt);
      await clock.setTime(job.start_after.getTime() + 1_000);
      await clock.tick(3_000);
    }
    // Each attempt carried the same webhook-id, so a receiver that did get one can drop the rest.
    expect(new Set(attempts().map((d) => d.headers['webhook-id'])).size).toBe(1);
    expect(waits[waits.length - 1]).toBeGreaterThan(waits[0]! * 16);
    await vi.waitFor(async () => {
      const [row] = await deliveriesOf(keygate, endpoint.id);
      expect(row).toMatchObject({ status: 'FAILED', attempts: 10, responseStatus: 503 });
      const failed = await keygate.services.prisma.auditEvent.findFirst({
        where: { action: 'webhook.failing', targetId: decode(endpoint.id) },
      });
      expect(failed).toMatchObject({ actorType: 'SYSTEM', outcome: 'SUCCESS' });
    });
    const listed = await keygate.raw(DELIVERIES, {}, { token: keygate.ownerSecret });
    // biome-ignore lint/suspicious/noExplicitAny: the shape is the query's
    expect(listed.data.webhookEndpoints.edges.find((e: any) => e.node.id === endpoint.id).node.failing).toBe(
      true,
    );

    // Redelivered once the receiver is back: the same message id, a delivery of its own, the endpoint well again.
    failing = false;
    const again = await keygate.raw(
      'mutation ($id: ID!) { redeliverWebhookDelivery(input: { id: $id }) { ... on WebhookDeliveryPayload { delivery { id messageId } } } }',
      { id: sent.data.sendWebhookTestEvent.delivery.id },
      { token: keygate.ownerSecret },
    );
    const redelivered = await arrival((d) => d.path === '/hooks?flaky' && d.status === 204);
    expect(redelivered.headers['webhook-id']).toBe(again.data.redeliverWebhookDelivery.delivery.messageId);
    expect(redelivered.headers['webhook-id']).toBe(attempts()[0]!.headers['webhook-id']);
    await vi.waitFor(async () => {
      const endpointRow = await keygate.services.prisma.webhookEndpoint.findUnique({
        where: { id: decode(endpoint.id) },
      });
      expect(endpointRow?.failingSince).toBeNull();
    });
  }, 180_000);

  it('signs with the old secret beside the new one while a rotation overlaps', async () => {
    const endpoint = await addEndpoint(keygate, `${receiver.url}?rotated`, ['webhook.test']);
    receiver.state.answer = () => 204;
    const rotated = await keygate.raw(
      'mutation ($id: ID!) { rotateWebhookEndpointSecret(input: { id: $id, overlapHours: 2 }) { ... on WebhookEndpointWithSecretPayload { secret webhookEndpoint { secretRotationOverlapEndsAt } } } }',
      { id: endpoint.id },
      { token: keygate.ownerSecret },
    );
    const newSecret = rotated.data.rotateWebhookEndpointSecret.secret as string;
    expect(newSecret).not.toBe(endpoint.secret);
    for (const secret of [endpoint.secret, newSecret]) {
      receiver.state.secrets = [secret];
      const before = receiver.received.length;
      await keygate.raw(
        'mutation ($id: ID!) { sendWebhookTestEvent(input: { id: $id }) { __typename } }',
        { id: endpoint.id },
        { token: keygate.ownerSecret },
      );
      const delivery = await arrival(
        (d) => d.path === '/hooks?rotated' && receiver.received.indexOf(d) >= before,
      );
      expect(delivery.refused).toBeNull();
      expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(2);
    }
  });
});

describe('webhook endpoints: what may be registered, and by whom', () => {
  let keygate: TestKeygate;
  beforeAll(async () => {
    keygate = await startTestKeygate();
  });
  afterAll(async () => keygate?.close());

  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://10.0.0.5/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'link-local (cloud metadata)'],
    ['http://[::1]/hook', 'IPv6 loopback'],
    ['http://[::ffff:127.0.0.1]/hook', 'IPv4-mapped loopback'],
    ['http://[::127.0.0.1]/hook', 'IPv4-compatible loopback'],
    ['http://localhost/hook', 'a name for loopback'],
    ['ftp://example.com/hook', 'not http(s)'],
    ['https://user:pw@example.com/hook', 'credentials in the URL'],
    ['not a url', 'not a URL'],
  ])('refuses %s (%s) unless an operator allows it, and changes nothing', async (url) => {
    const answer = await keygate.raw(CREATE_ENDPOINT, { url }, { token: keygate.ownerSecret });
    expect(answer.data.createWebhookEndpoint).toMatchObject({ __typename: 'ValidationError', field: 'url' });
    expect(await keygate.services.prisma.webhookEndpoint.count()).toBe(0);
  });

  it('takes webhook:manage, and one organization never sees or touches another one’s endpoints', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const refused = await keygate.raw(
      CREATE_ENDPOINT,
      { url: 'https://hooks.example.com/x' },
      { token: member.secret },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = await keygate.raw('{ webhookEndpoints { totalCount } }', {}, { token: member.secret });
    expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // A public address by literal IP, so the test needs no DNS.
    const mine = await keygate.raw(
      CREATE_ENDPOINT,
      { url: 'https://93.184.215.14/x' },
      { token: keygate.ownerSecret },
    );
    const id = mine.data.createWebhookEndpoint.webhookEndpoint.id as string;
    const other = await seedMember(keygate.services, (await otherOrganization(keygate)).id, 'OWNER');
    const seen = await keygate.raw(
      'query ($id: ID!) { node(id: $id) { id } }',
      { id },
      { token: other.secret },
    );
    expect(seen.data.node).toBeNull();
    const deleted = await keygate.raw(
      'mutation ($id: ID!) { deleteWebhookEndpoint(input: { id: $id }) { __typename } }',
      { id },
      { token: other.secret },
    );
    expect(deleted.data.deleteWebhookEndpoint.__typename).toBe('NotFoundError');
    expect(await keygate.services.prisma.webhookEndpoint.count()).toBe(1);
  });
});

describe('webhooks across instances and restarts', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  const config = () => ({
    ...testConfig(LOOPBACK),
    databaseUrl: database.url,
    port: 0,
    host: '127.0.0.1',
  });
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await database?.drop();
  });

  async function graphql(instance: RunningKeygate, token: string, query: string, variables?: unknown) {
    const response = await fetch(`${instance.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the shape is the query's
    return (await response.json()) as any;
  }

  it('loses no pending delivery to a restart, and two instances deliver each event once', async () => {
    const first = await startKeygate(config());
    const owner = first.adminSecret!;
    const made = await graphql(first, owner, CREATE_ENDPOINT, {
      url: receiver.url,
      eventTypes: ['identity.*'],
    });
    receiver.state.secrets = [made.data.createWebhookEndpoint.secret];
    receiver.state.answer = () => 503;
    await graphql(first, owner, CREATE_IDENTITY, { name: 'before-restart' });
    await receiver.next((d) => d.payload?.type === 'identity.created');
    await first.close();

    // The next instance runs on a clock past the first retry: the pending attempt is made, and gets through.
    receiver.state.answer = () => 204;
    const clock = new TestClock(Date.now() + 2 * 3_600_000);
    const second = await startKeygate(config(), undefined, { clock });
    const third = await startKeygate(config());
    try {
      await clock.tick(3_000);
      const retried = await receiver.next((d) => d.payload?.type === 'identity.created' && d.status === 204);
      expect(
        (retried.payload?.data.changes as { name?: unknown })?.name ?? retried.payload?.data.target,
      ).toBeTruthy();

      // Events made on both instances, while both run workers: each arrives once.
      const names = Array.from({ length: 12 }, (_, i) => `pair-${i}`);
      await Promise.all(
        names.map((name, i) => graphql(i % 2 ? second : third, owner, CREATE_IDENTITY, { name })),
      );
      const sequences = new Set<string>();
      const deliveredNow = () =>
        receiver.received.filter((d) => d.status === 204 && d.payload?.type === 'identity.created');
      // The instance on the test's clock polls when the clock moves; the other one by itself.
      await vi.waitFor(
        async () => {
          await clock.tick(2_000);
          expect(deliveredNow().length).toBeGreaterThanOrEqual(names.length + 1);
        },
        { timeout: 30_000, interval: 100 },
      );
      const delivered = receiver.received.filter(
        (d) => d.status === 204 && d.payload?.type === 'identity.created',
      );
      for (const d of delivered) sequences.add(String(d.payload?.data.sequence));
      expect(delivered).toHaveLength(names.length + 1);
      expect(sequences.size).toBe(names.length + 1);
      expect(new Set(delivered.map((d) => d.headers['webhook-id'])).size).toBe(names.length + 1);
    } finally {
      await second.close();
      await third.close();
    }
  });
});

describe('webhooks on the embedded database', () => {
  it('delivers a signed event through the same engine', async () => {
    const receiver = await startWebhookReceiver();
    const keygate = await startTestKeygate(
      { webhooks: testConfig(LOOPBACK).webhooks },
      { embedded: true, jobs: {} },
    );
    try {
      const endpoint = await addEndpoint(keygate, receiver.url, ['identity.created']);
      receiver.state.secrets = [endpoint.secret];
      await keygate.raw(CREATE_IDENTITY, { name: 'embedded' }, { token: keygate.ownerSecret });
      const delivery = await receiver.next((d) => d.payload?.type === 'identity.created');
      expect(delivery.refused).toBeNull();
    } finally {
      await keygate.close();
      await receiver.close();
    }
  });
});

/** A raw id from a global id (Type:uuid, base64). */
function decode(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':').slice(1).join(':');
}

async function otherOrganization(keygate: TestKeygate) {
  return keygate.services.prisma.organization.create({ data: { name: 'Elsewhere' } });
}
