import { TestClock } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestKeygate, type TestKeygate, testConfig } from '../support/keygate.js';
import { seedMachineIdentity, seedMember, seedToken } from '../support/seed.js';
import {
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhook-receiver.js';

const DAY = 86_400_000;
const QUARTER_HOUR = 15 * 60_000;

/**
 * The credential hygiene job as it runs in production: on its schedule, on the job engine, its notices
 * reaching a webhook receiver. The test's clock is the engine's, so days pass when the test says.
 */
describe('credential notices on schedule', () => {
  let keygate: TestKeygate;
  let receiver: WebhookReceiver;
  const start = Date.now();
  const clock = new TestClock(start);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    keygate = await startTestKeygate(
      { webhooks: testConfig({ KEYGATE_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1' }).webhooks },
      { jobs: { clock } },
    );
  });
  afterAll(async () => {
    await keygate?.close();
    await receiver?.close();
  });

  /** Moves the clock to just before the schedule's next tick after `at`, then past it, until `match` arrives. */
  async function onSchedule(at: number, match: (d: ReceivedWebhook) => boolean) {
    await clock.setTime(Math.ceil(at / QUARTER_HOUR) * QUARTER_HOUR - 5_000);
    return vi.waitFor(
      async () => {
        await clock.tick(2_000);
        const found = receiver.received.find(match);
        expect(found).toBeDefined();
        return found!;
      },
      { timeout: 45_000, interval: 20 },
    );
  }

  it('warns before expiry, tells of expiry, and revokes what the inactivity policy catches', async () => {
    const made = await keygate.raw(
      'mutation ($url: String!) { createWebhookEndpoint(input: { url: $url, eventTypes: ["credential.*"] }) { ... on WebhookEndpointWithSecretPayload { secret } } }',
      { url: receiver.url },
      { token: keygate.ownerSecret },
    );
    receiver.state.secrets = [made.data.createWebhookEndpoint.secret];
    const person = await seedMember(keygate.services, keygate.organizationId, 'MEMBER', {
      expiresAt: new Date(start + 7 * DAY + 12 * 3_600_000),
    });
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const token = await seedToken(keygate.services, keygate.organizationId, identity.id);
    await keygate.services.prisma.organization.update({
      where: { id: keygate.organizationId },
      data: { inactivityDays: 30, inactivityAction: 'REVOKE' },
    });

    // Half a day later the PAT is within seven days of its end: one warning, on the next quarter hour.
    const warning = await onSchedule(
      start + 13 * 3_600_000,
      (d) =>
        d.payload?.type === 'credential.expiring' &&
        (d.payload.data.target as { id: string }).id === person.patId,
    );
    expect(warning.refused).toBeNull();
    expect(warning.payload?.data).toMatchObject({ actor: { type: 'SYSTEM' }, changes: { threshold: 7 } });
    expect(warning.body).not.toContain(person.secret);

    // Thirty-one days on: the PAT has expired, and the token, never used, is revoked by the policy.
    const unused = await onSchedule(
      start + 31 * DAY,
      (d) =>
        d.payload?.type === 'credential.unused' &&
        (d.payload.data.target as { id: string }).id === token.tokenId,
    );
    expect(unused.payload?.data.changes).toMatchObject({ action: 'revoked', inactivityDays: 30 });
    const row = await keygate.services.prisma.token.findUniqueOrThrow({ where: { id: token.tokenId } });
    expect(row.revokedAt).not.toBeNull();
    await vi.waitFor(async () => {
      await clock.tick(2_000);
      expect(
        receiver.received.some(
          (d) =>
            d.payload?.type === 'credential.expired' &&
            (d.payload.data.target as { id: string }).id === person.patId,
        ),
      ).toBe(true);
    });
    // Each notice once, however many quarter hours passed (and no one-day warning for a PAT already expired).
    const warnings = receiver.received.filter(
      (d) =>
        d.payload?.type === 'credential.expiring' &&
        (d.payload.data.target as { id: string }).id === person.patId,
    );
    expect(warnings).toHaveLength(1);
  });
});
