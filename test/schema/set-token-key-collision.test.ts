import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMachineIdentity, seedMember, seedOrganization, seedToken } from '../support/seed.js';

/*
 * A key that is already the secret of another credential is refused without telling whose it is, and when
 * that credential is one the caller may not see (another organization's, live or revoked), the attempt is
 * what it is: someone outside presenting that secret. It counts as a failed authentication with it, and
 * the owning organization's log records it.
 */

let keygate: TestKeygate;

beforeAll(async () => {
  const { limits } = loadConfig({ NODE_ENV: 'test' });
  keygate = await startTestKeygate({ limits: { ...limits, authFailuresPerCredentialPerMinute: 2 } });
});

afterAll(async () => {
  await keygate?.close();
});

function setKey(token: string, id: string, key: string) {
  return keygate.raw(
    `mutation($id: ID!, $key: String) { setTokenKey(input: { id: $id, key: $key }) {
      __typename ... on ValidationError { field message } } }`,
    { id, key },
    { token, ip: '192.0.2.44' },
  );
}

async function viewerStatus(secret: string) {
  return (await keygate.raw('{ viewer { kind } }', undefined, { token: secret, ip: '198.51.100.2' })).status;
}

describe('setTokenKey with a secret that is taken', () => {
  it("refuses another organization's secret like any taken key, and tells that organization", async () => {
    const admin = await seedMember(keygate.services, keygate.organizationId, 'OWNER');
    const mine = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const target = await seedToken(keygate.services, keygate.organizationId, mine.id);
    const ownTaken = await seedToken(keygate.services, keygate.organizationId, mine.id);
    const other = await seedOrganization(keygate.services);
    const theirs = await seedMachineIdentity(keygate.services, other.organizationId);
    const leaked = await seedToken(keygate.services, other.organizationId, theirs.id);
    const revoked = await seedToken(keygate.services, other.organizationId, theirs.id);
    await keygate.services.prisma.token.update({
      where: { id: revoked.tokenId },
      data: { revokedAt: new Date() },
    });
    const id = encodeGlobalID('Token', target.tokenId);

    const visible = await setKey(admin.secret, id, ownTaken.secret);
    const foreign = await setKey(admin.secret, id, leaked.secret);
    const foreignRevoked = await setKey(admin.secret, id, revoked.secret);
    // One answer whoever holds the key: nothing says that it is live, or elsewhere.
    for (const answer of [visible, foreign, foreignRevoked]) {
      expect(answer.data.setTokenKey).toEqual({
        __typename: 'ValidationError',
        field: 'key',
        message: 'this key cannot be used; generate a new one',
      });
    }
    // Nothing changed: the target keeps its secret, the other organization's token still works.
    expect(await viewerStatus(target.secret)).toBe(200);
    expect(await viewerStatus(leaked.secret)).toBe(200);

    // The owning organization learns that someone outside holds its secrets, from where.
    const told = await keygate.services.prisma.auditEvent.findMany({
      where: { organizationId: other.organizationId, action: 'auth.failed' },
      orderBy: { id: 'asc' },
    });
    expect(
      told.map((event) => [event.credentialId, (event.changes as { via?: string }).via, event.ip]),
    ).toEqual([
      [leaked.tokenId, 'setTokenKey', '192.0.2.44'],
      [revoked.tokenId, 'setTokenKey', '192.0.2.44'],
    ]);
    // Nobody of the caller's organization is named there.
    expect(JSON.stringify(told, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))).not.toContain(admin.userId);
    // The caller's own organization records the refused attempt; a visible collision tells nobody else.
    const refused = await keygate.services.prisma.auditEvent.count({
      where: { organizationId: keygate.organizationId, action: 'token.key_set', outcome: 'FAILED' },
    });
    expect(refused).toBe(3);
  });

  it('counts each attempt against the secret like a failed sign-in with it', async () => {
    const admin = await seedMember(keygate.services, keygate.organizationId, 'OWNER');
    const mine = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const target = await seedToken(keygate.services, keygate.organizationId, mine.id);
    const other = await seedOrganization(keygate.services);
    const theirs = await seedMachineIdentity(keygate.services, other.organizationId);
    const leaked = await seedToken(keygate.services, other.organizationId, theirs.id);
    const id = encodeGlobalID('Token', target.tokenId);
    // The limit per credential is 2 a minute here: the third try is refused outright.
    expect((await setKey(admin.secret, id, leaked.secret)).data.setTokenKey.__typename).toBe(
      'ValidationError',
    );
    expect((await setKey(admin.secret, id, leaked.secret)).data.setTokenKey.__typename).toBe(
      'ValidationError',
    );
    const third = await setKey(admin.secret, id, leaked.secret);
    expect(third.status).toBe(429);
    expect(third.errors[0].extensions.code).toBe('RATE_LIMITED');
    const told = await keygate.services.prisma.auditEvent.count({
      where: { organizationId: other.organizationId, action: 'auth.failed', credentialId: leaked.tokenId },
    });
    expect(told).toBe(2);
  });
});
