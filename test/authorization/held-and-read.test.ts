import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSecret } from '../../src/domain/secrets.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMachineIdentity, seedMember, seedToken } from '../support/seed.js';

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

function send(token: string, query: string) {
  return keygate.raw(query, undefined, { token });
}

const gid = encodeGlobalID;

describe('everything an owner-role identity holds', () => {
  it('is beyond an ADMIN: no rename, revoke, revoke-all, renew, rotate, new key or delete', async () => {
    const admin = await seedMember(keygate.services, keygate.organizationId, 'ADMIN');
    const owner = await seedMachineIdentity(keygate.services, keygate.organizationId, { role: 'OWNER' });
    const held = await seedToken(keygate.services, keygate.organizationId, owner.id, { ttl: 3600 });
    const token = gid('Token', held.tokenId);
    const probe = () =>
      keygate.services.prisma.token.findUnique({ where: { id: held.tokenId }, include: { secrets: true } });
    const before = await probe();
    const key = formatSecret('TOKEN', Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 53 + 7) % 256)));
    const attempts = {
      updateToken: `updateToken(input: { id: "${token}", name: "renamed" })`,
      revokeToken: `revokeToken(input: { id: "${token}" })`,
      revokeAllTokens: `revokeAllTokens(input: { identityId: "${gid('MachineIdentity', owner.id)}" })`,
      renewToken: `renewToken(input: { id: "${token}" })`,
      rotateToken: `rotateToken(input: { id: "${token}", gracePeriodSeconds: 0 })`,
      setTokenKey: `setTokenKey(input: { id: "${token}", key: "${key}" })`,
      deleteToken: `deleteToken(input: { id: "${token}" })`,
    };
    for (const [mutation, field] of Object.entries(attempts)) {
      const body = await send(admin.secret, `mutation { ${field} { __typename } }`);
      expect(body.errors?.[0]?.extensions?.code, `${mutation}: ${JSON.stringify(body)}`).toBe('FORBIDDEN');
      // Says what is missing: the identity holds permissions the ADMIN does not.
      expect(body.errors[0].message).toMatch(/missing permission (organization|member):manage/);
      const denied = await keygate.services.prisma.auditEvent.findFirst({
        where: { organizationId: keygate.organizationId, actorId: admin.userId, outcome: 'DENIED' },
        orderBy: { id: 'desc' },
      });
      expect(denied?.action).toBe(
        {
          updateToken: 'token.updated',
          revokeToken: 'token.revoked',
          revokeAllTokens: 'token.revoked_all',
          renewToken: 'token.renewed',
          rotateToken: 'token.rotated',
          setTokenKey: 'token.key_set',
          deleteToken: 'token.deleted',
        }[mutation],
      );
    }
    expect(await probe()).toEqual(before);
    // An owner may.
    const ownerMember = await seedMember(keygate.services, keygate.organizationId, 'OWNER');
    const renamed = await send(ownerMember.secret, `mutation { ${attempts.updateToken} { __typename } }`);
    expect(renamed.data.updateToken.__typename).toBe('TokenPayload');
  });
});

describe('reads obey scopes like writes', () => {
  it('a token scoped to credential:verify reads neither people, nor settings, nor its owner’s tokens', async () => {
    const verifier = await seedMember(keygate.services, keygate.organizationId, 'OWNER', {
      scopes: ['credential:verify'],
    });
    const colleague = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const userNode = await send(
      verifier.secret,
      `{ node(id: "${gid('User', colleague.userId)}") { ... on User { name email } } }`,
    );
    expect(userNode.errors).toBeUndefined();
    expect(userNode.data.node).toBeNull();
    const settings = await send(verifier.secret, '{ viewer { organization { name patMaxLifetimeDays } } }');
    expect(settings.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(settings.errors[0].message).toContain('organization:read');
    const tokens = await send(
      verifier.secret,
      '{ viewer { personalAccessTokens(first: 5) { totalCount } } }',
    );
    expect(tokens.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(tokens.errors[0].message).toContain('pat:read');
    const patNode = await send(
      verifier.secret,
      `{ node(id: "${gid('PersonalAccessToken', verifier.patId)}") { id } }`,
    );
    expect(patNode.data.node).toBeNull();
    // What it may still read: who it is, and the organization's name.
    const self = await send(verifier.secret, '{ viewer { kind user { email } organization { name } } }');
    expect(self.errors).toBeUndefined();
    expect(self.data.viewer.user.email).toContain('@');
  });

  it('with the matching scopes the same reads succeed', async () => {
    const reader = await seedMember(keygate.services, keygate.organizationId, 'OWNER', {
      scopes: ['member:read', 'organization:read', 'pat:read'],
    });
    const colleague = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const body = await send(
      reader.secret,
      `{ node(id: "${gid('User', colleague.userId)}") { ... on User { email } }
         viewer { organization { patMaxLifetimeDays } personalAccessTokens(first: 5) { totalCount } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.node.email).toContain('@');
    expect(body.data.viewer.personalAccessTokens.totalCount).toBeGreaterThan(0);
  });
});
