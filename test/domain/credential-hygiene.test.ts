import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCredentialHygiene } from '../../src/domain/credential-hygiene.js';
import { verifyCredential } from '../../src/domain/verify-credential.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedAppKey, seedApplication, seedMachineIdentity, seedMember, seedToken } from '../support/seed.js';

const DAY = 86_400_000;

/** The events hygiene wrote about one credential, oldest first. */
async function eventsOf(keygate: TestKeygate, targetId: string) {
  const events = await keygate.services.prisma.auditEvent.findMany({
    where: { targetId, action: { startsWith: 'credential.' } },
    orderBy: { id: 'asc' },
  });
  return events.map((event) => ({
    action: event.action,
    actorType: event.actorType,
    organizationId: event.organizationId,
    targetType: event.targetType,
    changes: event.changes as Record<string, unknown>,
  }));
}

/** A fresh organization per case, so one case's policy and credentials never meet another's. */
async function freshOrganization(keygate: TestKeygate, policy: Record<string, unknown> = {}) {
  const organization = await keygate.services.prisma.organization.create({
    data: { name: `hygiene-${Math.random().toString(36).slice(2)}`, ...policy },
  });
  return organization.id;
}

describe.each([
  { name: 'PostgreSQL', embedded: false },
  { name: 'embedded PGlite', embedded: true },
])('credential hygiene on $name', ({ embedded }) => {
  let keygate: TestKeygate;

  beforeAll(async () => {
    keygate = await startTestKeygate({}, { embedded });
  });
  afterAll(async () => {
    await keygate?.close();
  });

  it('warns of an expiring PAT, token and app key once per threshold, smallest first when both are crossed', async () => {
    const organizationId = await freshOrganization(keygate);
    const { services } = keygate;
    const expiry = new Date(Date.now() + 20 * DAY);
    const { patId } = await seedMember(services, organizationId, 'MEMBER', {
      expiresAt: expiry,
      renewableUntil: new Date(expiry.getTime() + DAY),
    });
    const identity = await seedMachineIdentity(services, organizationId);
    const { tokenId } = await seedToken(services, organizationId, identity.id, { expiresAt: expiry });
    const { applicationId } = await seedApplication(services, organizationId);
    const { keyId } = await seedAppKey(services, organizationId, applicationId, { expirationDate: expiry });
    // Expires 12 hours after a later one: first seen within a day of its end.
    const late = await seedToken(services, organizationId, identity.id, {
      expiresAt: new Date(expiry.getTime() + 6 * DAY),
    });

    const received: string[] = [];
    const stream = services.auditBus.subscribe('auditEventAdded', organizationId);
    void (async () => {
      for await (const event of stream) received.push(event.id);
    })();

    // The counts cover every organization of the database; the events are checked per credential.
    const first = await runCredentialHygiene(services, new Date(expiry.getTime() - 6.5 * DAY));
    expect(first.expiring).toBeGreaterThanOrEqual(3);
    for (const [id, kind, targetType] of [
      [patId, 'PERSONAL_ACCESS_TOKEN', 'PersonalAccessToken'],
      [tokenId, 'TOKEN', 'Token'],
      [keyId, 'APPLICATION_KEY', 'ApplicationKey'],
    ] as const) {
      expect(await eventsOf(keygate, id)).toEqual([
        {
          action: 'credential.expiring',
          actorType: 'SYSTEM',
          organizationId,
          targetType,
          changes: { kind, expiresAt: expiry.toISOString(), daysLeft: 7, threshold: 7 },
        },
      ]);
    }
    // Published after commit, as every audited change is: webhooks are sent from these.
    await expect.poll(() => received.length).toBe(3);

    const again = await runCredentialHygiene(services, new Date(expiry.getTime() - 6.5 * DAY));
    expect(again.expiring).toBe(0);
    expect(await eventsOf(keygate, patId)).toHaveLength(1);

    // The three reach the 1-day threshold; the late token is first seen 6.5 days before its end.
    await runCredentialHygiene(services, new Date(expiry.getTime() - 0.5 * DAY));
    for (const id of [patId, tokenId, keyId]) {
      const events = await eventsOf(keygate, id);
      expect(events.map((e) => e.changes.threshold)).toEqual([7, 1]);
    }
    expect((await eventsOf(keygate, late.tokenId)).map((e) => e.changes.threshold)).toEqual([7]);
    // 12 hours before its end: both thresholds crossed at once, only the 1-day warning, and no 7 later.
    const lateExpiry = new Date(expiry.getTime() + 6 * DAY);
    await runCredentialHygiene(services, new Date(lateExpiry.getTime() - 0.5 * DAY));
    expect((await eventsOf(keygate, late.tokenId)).map((e) => e.changes.threshold)).toEqual([7, 1]);
    await stream.return?.();
  });

  it('skips a credential that crossed two thresholds at once to the smallest, and tells of expiry once', async () => {
    const organizationId = await freshOrganization(keygate);
    const { services } = keygate;
    const identity = await seedMachineIdentity(services, organizationId);
    const expiry = new Date(Date.now() + 10 * DAY);
    const { tokenId } = await seedToken(services, organizationId, identity.id, { expiresAt: expiry });

    await runCredentialHygiene(services, new Date(expiry.getTime() - 0.5 * DAY));
    await runCredentialHygiene(services, new Date(expiry.getTime() - 0.4 * DAY));
    const expired = await runCredentialHygiene(services, new Date(expiry.getTime() + DAY));
    await runCredentialHygiene(services, new Date(expiry.getTime() + 2 * DAY));
    expect(expired.expired).toBeGreaterThanOrEqual(1);
    expect((await eventsOf(keygate, tokenId)).map((e) => [e.action, e.changes.threshold])).toEqual([
      ['credential.expiring', 1],
      ['credential.expired', undefined],
    ]);
    const notices = await services.prisma.credentialNotice.findMany({
      where: { credentialId: tokenId },
      orderBy: { notice: 'asc' },
    });
    expect(notices.map((n) => n.notice)).toEqual(['expired', 'expiring:1', 'expiring:7']);
  });

  it('does not tell of credentials that expired long before the first run', async () => {
    const organizationId = await freshOrganization(keygate);
    const { services } = keygate;
    const identity = await seedMachineIdentity(services, organizationId);
    const { tokenId } = await seedToken(services, organizationId, identity.id, {
      expiresAt: new Date(Date.now() + DAY),
    });
    await runCredentialHygiene(services, new Date(Date.now() + 90 * DAY));
    expect((await eventsOf(keygate, tokenId)).map((e) => e.action)).not.toContain('credential.expired');
  });

  it('revokes an unused token under REVOKE; a used one is not caught; org B is untouched', async () => {
    const { services } = keygate;
    const organizationId = await freshOrganization(keygate, {
      inactivityDays: 30,
      inactivityAction: 'REVOKE',
      expiryWarningDays: [],
    });
    const other = await freshOrganization(keygate, { expiryWarningDays: [] });
    const identity = await seedMachineIdentity(services, organizationId);
    const unused = await seedToken(services, organizationId, identity.id, { renewableUntil: null });
    const used = await seedToken(services, organizationId, identity.id, { renewableUntil: null });
    const otherIdentity = await seedMachineIdentity(services, other);
    const elsewhere = await seedToken(services, other, otherIdentity.id, { renewableUntil: null });
    const now = new Date(Date.now() + 31 * DAY);
    await services.prisma.token.update({
      where: { id: used.tokenId },
      data: { lastUsedAt: new Date(now.getTime() - DAY) },
    });

    const report = await runCredentialHygiene(services, now);
    expect(report).toMatchObject({ revoked: 1 });
    const verify = (secret: string, org: string) =>
      verifyCredential(services, org, { secret, ip: null, requiredPermissions: [] });
    expect(await verify(unused.secret, organizationId)).toMatchObject({ valid: false, code: 'REVOKED' });
    expect(await verify(used.secret, organizationId)).toMatchObject({ valid: true });
    expect(await verify(elsewhere.secret, other)).toMatchObject({ valid: true });
    expect((await eventsOf(keygate, unused.tokenId)).map((e) => e.changes)).toEqual([
      { kind: 'TOKEN', lastUsedAt: null, inactivityDays: 30, action: 'revoked' },
    ]);
    // The revocation went through revokeToken: its own event, by Keygate itself.
    const revoked = await services.prisma.auditEvent.findFirst({
      where: { targetId: unused.tokenId, action: 'token.revoked' },
    });
    expect(revoked?.actorType).toBe('SYSTEM');
    expect(await eventsOf(keygate, used.tokenId)).toEqual([]);
    expect(await eventsOf(keygate, elsewhere.tokenId)).toEqual([]);
  });

  it('reports an unused token once under REPORT and leaves it working', async () => {
    const { services } = keygate;
    const organizationId = await freshOrganization(keygate, {
      inactivityDays: 30,
      inactivityAction: 'REPORT',
      expiryWarningDays: [],
    });
    const identity = await seedMachineIdentity(services, organizationId);
    const { tokenId, secret } = await seedToken(services, organizationId, identity.id, {
      renewableUntil: null,
    });
    const now = new Date(Date.now() + 31 * DAY);
    expect((await runCredentialHygiene(services, now)).unused).toBe(1);
    expect((await runCredentialHygiene(services, new Date(now.getTime() + DAY))).unused).toBe(0);
    const verification = await verifyCredential(services, organizationId, {
      secret,
      ip: null,
      requiredPermissions: [],
    });
    expect(verification).toMatchObject({ valid: true });
    expect((await eventsOf(keygate, tokenId)).map((e) => e.changes)).toEqual([
      { kind: 'TOKEN', lastUsedAt: null, inactivityDays: 30, action: 'reported' },
    ]);
  });

  it('leaves a suspended organization alone (nothing of it can be used), and a deleted one', async () => {
    const { services } = keygate;
    const policy = { inactivityDays: 30, inactivityAction: 'REVOKE', expiryWarningDays: [7] };
    const suspended = await freshOrganization(keygate, { ...policy, suspendedAt: new Date() });
    const deleted = await freshOrganization(keygate, { ...policy, deletedAt: new Date() });
    const now = new Date(Date.now() + 31 * DAY);
    const tokens = [];
    for (const organizationId of [suspended, deleted]) {
      const identity = await seedMachineIdentity(services, organizationId);
      tokens.push(
        await seedToken(services, organizationId, identity.id, {
          renewableUntil: null,
          expiresAt: new Date(now.getTime() + DAY),
        }),
      );
    }
    await runCredentialHygiene(services, now);
    for (const token of tokens) {
      expect(await eventsOf(keygate, token.tokenId)).toEqual([]);
      expect(await services.prisma.token.findUnique({ where: { id: token.tokenId } })).toMatchObject({
        revokedAt: null,
      });
    }
    // Resumed, the policies apply again.
    await services.prisma.organization.update({ where: { id: suspended }, data: { suspendedAt: null } });
    await runCredentialHygiene(services, now);
    expect((await eventsOf(keygate, tokens[0]!.tokenId)).map((e) => e.action).sort()).toEqual([
      'credential.expiring',
      'credential.unused',
    ]);
  });
});
