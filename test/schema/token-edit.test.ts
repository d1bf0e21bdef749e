import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import {
  seedMachineIdentity,
  seedMember,
  seedOrganization,
  seedPersonalAccessToken,
  seedToken,
} from '../support/seed.js';

/**
 * Editing a token after it was made: name, trusted ranges, scopes and use limit of a machine identity's
 * token, description and scopes of a personal access token. Every change is audited with each changed
 * field before and after, and holds from the very next request (the credential cache forgets the token as
 * the change commits). The operations are plain strings (codegen output belongs to another change).
 */

let keygate: TestKeygate;
let owner: string;

beforeAll(async () => {
  keygate = await startTestKeygate();
  owner = keygate.ownerSecret;
});

afterAll(async () => {
  await keygate?.close();
});

const gid = encodeGlobalID;

const UPDATE_TOKEN = `mutation ($input: UpdateTokenInput!) {
  updateToken(input: $input) {
    __typename
    ... on TokenPayload { token { id name trustedIps scopes numUses numUsesLimit state } }
    ... on ValidationError { field message }
    ... on NotFoundError { code }
  }
}`;

const UPDATE_PAT = `mutation ($input: UpdatePersonalAccessTokenInput!) {
  updatePersonalAccessToken(input: $input) {
    __typename
    ... on PersonalAccessTokenPayload { personalAccessToken { id description scopes } }
    ... on ValidationError { field message }
    ... on NotFoundError { code }
  }
}`;

const VERIFY = `mutation ($secret: String!, $ip: String, $requiredPermissions: [String!]) {
  verifyCredential(input: { secret: $secret, ip: $ip, requiredPermissions: $requiredPermissions }) {
    code remainingUses permissions
  }
}`;

async function updateToken(input: Record<string, unknown>, token = owner) {
  const body = await keygate.raw(UPDATE_TOKEN, { input }, { token });
  return body;
}

async function verify(secret: string, extra: { ip?: string; requiredPermissions?: string[] } = {}) {
  const body = await keygate.raw(VERIFY, { secret, ...extra }, { token: owner });
  expect(body.errors).toBeUndefined();
  return body.data.verifyCredential as { code: string; remainingUses: number | null; permissions: string[] };
}

/** The latest event of `action` on `targetId`. */
async function lastEvent(action: string, targetId: string) {
  return keygate.services.prisma.auditEvent.findFirstOrThrow({
    where: { organizationId: keygate.organizationId, action, targetId },
    orderBy: { id: 'desc' },
  });
}

async function identityToken(
  options: Parameters<typeof seedToken>[3] = {},
  role: 'MEMBER' | 'ADMIN' = 'MEMBER',
) {
  const identity = await seedMachineIdentity(keygate.services, keygate.organizationId, { role });
  const token = await seedToken(keygate.services, keygate.organizationId, identity.id, options);
  return { identity, ...token, id: gid('Token', token.tokenId) };
}

const row = (tokenId: string) => keygate.services.prisma.token.findUniqueOrThrow({ where: { id: tokenId } });

describe('updateToken', () => {
  it('changes the trusted ranges: the next verification from an old address fails, from a new one passes', async () => {
    const token = await identityToken({ trustedIps: ['10.0.0.0/8'] });
    // Verified once from inside: the credential is cached on this instance from here on.
    expect((await verify(token.secret, { ip: '10.1.2.3' })).code).toBe('VALID');
    expect(
      (await keygate.raw('{ viewer { kind } }', undefined, { token: token.secret, ip: '10.1.2.3' })).status,
    ).toBe(200);

    const moved = await updateToken({ id: token.id, trustedIps: ['192.0.2.0/24', '2001:db8::/32'] });
    expect(moved.data.updateToken).toMatchObject({
      __typename: 'TokenPayload',
      token: { trustedIps: ['192.0.2.0/24', '2001:db8::/32'] },
    });
    expect((await verify(token.secret, { ip: '10.1.2.3' })).code).toBe('IP_NOT_ALLOWED');
    expect(
      (await keygate.raw('{ viewer { kind } }', undefined, { token: token.secret, ip: '10.1.2.3' })).status,
    ).toBe(401);
    expect((await verify(token.secret, { ip: '192.0.2.7' })).code).toBe('VALID');
    const event = await lastEvent('token.updated', token.tokenId);
    expect(event).toMatchObject({ outcome: 'SUCCESS', targetType: 'Token' });
    // Only what changed, before and after.
    expect(event.changes).toEqual({
      before: { trustedIps: ['10.0.0.0/8'] },
      after: { trustedIps: ['192.0.2.0/24', '2001:db8::/32'] },
    });

    // An empty list clears them: anywhere again.
    const cleared = await updateToken({ id: token.id, trustedIps: [] });
    expect(cleared.data.updateToken.token.trustedIps).toEqual([]);
    expect((await verify(token.secret, { ip: '10.1.2.3' })).code).toBe('VALID');
  });

  it('refuses a range that is none, changing nothing, and records the attempt', async () => {
    const token = await identityToken({ trustedIps: ['10.0.0.0/8'] });
    const before = await row(token.tokenId);
    for (const bad of ['10.0.0.0/33', 'not-an-ip', '010.0.0.1']) {
      const body = await updateToken({ id: token.id, name: 'renamed', trustedIps: [bad] });
      expect(body.data.updateToken).toMatchObject({ __typename: 'ValidationError', field: 'trustedIps' });
    }
    expect(await row(token.tokenId)).toEqual(before);
    expect(await lastEvent('token.updated', token.tokenId)).toMatchObject({
      outcome: 'FAILED',
      changes: { code: 'VALIDATION_FAILED' },
    });
  });

  it("narrows the scopes: the next request has only those; clearing them gives back the identity's", async () => {
    const token = await identityToken({}, 'MEMBER');
    const viewer = () => keygate.raw('{ viewer { permissions } }', undefined, { token: token.secret });
    expect((await viewer()).data.viewer.permissions).toContain('pat:read');

    const narrowed = await updateToken({ id: token.id, scopes: ['token:read', 'identity:read'] });
    expect(narrowed.data.updateToken.token.scopes).toEqual(['token:read', 'identity:read']);
    expect((await viewer()).data.viewer.permissions).toEqual(['identity:read', 'token:read']);
    expect((await verify(token.secret, { requiredPermissions: ['pat:read'] })).code).toBe(
      'INSUFFICIENT_PERMISSIONS',
    );
    expect((await lastEvent('token.updated', token.tokenId)).changes).toEqual({
      before: { scopes: [] },
      after: { scopes: ['token:read', 'identity:read'] },
    });

    const cleared = await updateToken({ id: token.id, scopes: [] });
    expect(cleared.data.updateToken.token.scopes).toEqual([]);
    expect((await viewer()).data.viewer.permissions).toContain('pat:read');
    expect((await verify(token.secret, { requiredPermissions: ['pat:read'] })).code).toBe('VALID');
  });

  it("refuses scopes beyond the identity's permissions, and callers that could not grant the identity's", async () => {
    const token = await identityToken({ scopes: ['token:read'] }, 'MEMBER');
    const before = await row(token.tokenId);
    const beyond = await updateToken({ id: token.id, scopes: ['token:read', 'identity:manage'] });
    expect(beyond.data.updateToken).toMatchObject({ __typename: 'ValidationError', field: 'scopes' });
    const unknown = await updateToken({ id: token.id, scopes: ['everything'] });
    expect(unknown.data.updateToken).toMatchObject({ __typename: 'ValidationError', field: 'scopes' });

    // A credential narrowed to editing tokens holds none of the identity's other permissions: it may not
    // hand the token any of them, nor manage the identity's tokens at all.
    const narrow = await seedMember(keygate.services, keygate.organizationId, 'OWNER', {
      scopes: ['token:update'],
    });
    const denied = await updateToken({ id: token.id, scopes: ['token:read', 'pat:read'] }, narrow.secret);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(denied.data?.updateToken ?? null).toBeNull();
    expect(await row(token.tokenId)).toEqual(before);
    expect(await lastEvent('token.updated', token.tokenId)).toMatchObject({ outcome: 'DENIED' });
  });

  it('lets a credential that ends sooner than the token narrow it, but not widen it', async () => {
    // The token reaches to the seeded line's end (a year); this owner's credential ends within a day.
    const shortLived = await seedMember(keygate.services, keygate.organizationId, 'OWNER', {
      renewableUntil: new Date(Date.now() + 3_600_000),
    });
    const token = await identityToken({ scopes: ['token:read', 'identity:read'], numUsesLimit: 10 });
    const narrowed = await updateToken(
      { id: token.id, scopes: ['token:read'], numUsesLimit: 5 },
      shortLived.secret,
    );
    expect(narrowed.data.updateToken.__typename).toBe('TokenPayload');
    for (const widening of [
      { scopes: [] },
      { scopes: ['token:read', 'pat:read'] },
      { numUsesLimit: 0 },
      { numUsesLimit: 6 },
    ]) {
      const body = await updateToken({ id: token.id, ...widening }, shortLived.secret);
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(widening)).toBe('FORBIDDEN');
      expect(body.errors?.[0]?.message).toContain('longer');
    }
    // The owner's own line reaches as far: it may.
    expect(
      (await updateToken({ id: token.id, scopes: [], numUsesLimit: 0 })).data.updateToken.token,
    ).toMatchObject({
      scopes: [],
      numUsesLimit: 0,
    });
  });

  it('lowers the use limit: at the uses spent the token is used up at once; below them is refused', async () => {
    const token = await identityToken({ numUsesLimit: 5 });
    expect((await verify(token.secret)).remainingUses).toBe(4);
    expect((await verify(token.secret)).remainingUses).toBe(3);

    const below = await updateToken({ id: token.id, numUsesLimit: 1 });
    expect(below.data.updateToken).toMatchObject({ __typename: 'ValidationError', field: 'numUsesLimit' });
    expect(below.data.updateToken.message).toContain('2');

    const spent = await updateToken({ id: token.id, numUsesLimit: 2 });
    expect(spent.data.updateToken.token).toMatchObject({ numUses: 2, numUsesLimit: 2, state: 'USED_UP' });
    expect((await verify(token.secret)).code).toBe('USAGE_EXCEEDED');
    expect((await lastEvent('token.updated', token.tokenId)).changes).toEqual({
      before: { numUsesLimit: 5 },
      after: { numUsesLimit: 2 },
    });

    // Raised again, exactly the new uses are left.
    await updateToken({ id: token.id, numUsesLimit: 3 });
    expect((await verify(token.secret)).code).toBe('VALID');
    expect((await verify(token.secret)).code).toBe('USAGE_EXCEEDED');
    const negative = await updateToken({ id: token.id, numUsesLimit: -1 });
    expect(negative.data.updateToken).toMatchObject({ __typename: 'ValidationError', field: 'numUsesLimit' });
  });

  it('limits an unlimited token from its next use on, though it was verified (and cached) before', async () => {
    const token = await identityToken();
    expect((await verify(token.secret)).code).toBe('VALID');
    // An unlimited token's uses are written in batches: write them, so the count is known.
    await keygate.services.usage.flush();
    const { numUses } = await row(token.tokenId);
    expect(numUses).toBe(1);
    const limited = await updateToken({ id: token.id, numUsesLimit: numUses + 1 });
    expect(limited.data.updateToken.token).toMatchObject({ numUsesLimit: 2, state: 'ACTIVE' });
    expect(await verify(token.secret)).toMatchObject({ code: 'VALID', remainingUses: 0 });
    expect((await verify(token.secret)).code).toBe('USAGE_EXCEEDED');
  });

  it('keeps what the input omits and records only the fields that changed', async () => {
    const token = await identityToken({
      name: 'nightly',
      trustedIps: ['10.0.0.0/8'],
      scopes: ['token:read'],
      numUsesLimit: 9,
    });
    const renamed = await updateToken({ id: token.id, name: 'nightly-2', trustedIps: ['10.0.0.0/8'] });
    expect(renamed.data.updateToken.token).toMatchObject({
      name: 'nightly-2',
      trustedIps: ['10.0.0.0/8'],
      scopes: ['token:read'],
      numUsesLimit: 9,
    });
    expect((await lastEvent('token.updated', token.tokenId)).changes).toEqual({
      before: { name: 'nightly' },
      after: { name: 'nightly-2' },
    });
  });

  it("answers another organization's token and a missing one alike", async () => {
    const other = await seedOrganization(keygate.services);
    const foreignIdentity = await seedMachineIdentity(keygate.services, other.organizationId);
    const foreign = await seedToken(keygate.services, other.organizationId, foreignIdentity.id, {
      trustedIps: ['10.0.0.0/8'],
    });
    const before = await row(foreign.tokenId);
    for (const id of [gid('Token', foreign.tokenId), gid('Token', randomUUID())]) {
      const body = await updateToken({ id, trustedIps: [] });
      expect(body.errors).toBeUndefined();
      expect(body.data.updateToken).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    }
    expect(await row(foreign.tokenId)).toEqual(before);
  });
});

describe('updatePersonalAccessToken', () => {
  async function updatePat(input: Record<string, unknown>, token: string) {
    return keygate.raw(UPDATE_PAT, { input }, { token });
  }

  it("narrows one's own token's scopes: its next request has only those", async () => {
    const person = await seedMember(keygate.services, keygate.organizationId, 'ADMIN');
    const laptop = await seedPersonalAccessToken(keygate.services, keygate.organizationId, person.userId);
    const permissions = async () =>
      (await keygate.raw('{ viewer { permissions } }', undefined, { token: laptop.secret })).data.viewer
        .permissions;
    expect(await permissions()).toContain('token:create');

    const body = await updatePat(
      { id: gid('PersonalAccessToken', laptop.patId), scopes: ['token:read'] },
      person.secret,
    );
    expect(body.data.updatePersonalAccessToken.personalAccessToken.scopes).toEqual(['token:read']);
    expect(await permissions()).toEqual(['token:read']);
    const event = await lastEvent('pat.updated', laptop.patId);
    expect(event.changes).toEqual({ before: { scopes: [] }, after: { scopes: ['token:read'] } });

    // The description alone, as before; the scopes stay.
    const renamed = await updatePat(
      { id: gid('PersonalAccessToken', laptop.patId), description: 'work laptop' },
      person.secret,
    );
    expect(renamed.data.updatePersonalAccessToken.personalAccessToken).toMatchObject({
      description: 'work laptop',
      scopes: ['token:read'],
    });
    expect((await lastEvent('pat.updated', laptop.patId)).changes).toEqual({
      before: { description: 'seeded' },
      after: { description: 'work laptop' },
    });
  });

  it('gives a token nothing the credential making the change does not hold', async () => {
    const person = await seedMember(keygate.services, keygate.organizationId, 'ADMIN', {
      scopes: ['pat:create', 'token:read'],
    });
    const other = await seedPersonalAccessToken(keygate.services, keygate.organizationId, person.userId, {
      scopes: ['token:read'],
    });
    const id = gid('PersonalAccessToken', other.patId);
    const before = await keygate.services.prisma.personalAccessToken.findUniqueOrThrow({
      where: { id: other.patId },
    });
    // Empty means all of the owner's permissions: more than this scoped credential holds.
    const everything = await updatePat({ id, scopes: [] }, person.secret);
    expect(everything.data.updatePersonalAccessToken).toMatchObject({
      __typename: 'ValidationError',
      field: 'scopes',
    });
    const more = await updatePat({ id, scopes: ['token:read', 'token:create'] }, person.secret);
    expect(more.data.updatePersonalAccessToken).toMatchObject({
      __typename: 'ValidationError',
      field: 'scopes',
    });
    expect(
      await keygate.services.prisma.personalAccessToken.findUniqueOrThrow({ where: { id: other.patId } }),
    ).toEqual(before);
    // Within what it holds, it may.
    const within = await updatePat({ id, scopes: ['token:read', 'pat:create'] }, person.secret);
    expect(within.data.updatePersonalAccessToken.personalAccessToken.scopes).toEqual([
      'token:read',
      'pat:create',
    ]);
  });

  it('refuses to widen a token that reaches further than the credential making the change', async () => {
    const person = await seedMember(keygate.services, keygate.organizationId, 'ADMIN', {
      organizationBound: true,
    });
    const unbound = await seedPersonalAccessToken(keygate.services, keygate.organizationId, person.userId, {
      scopes: ['token:read', 'identity:read'],
      organizationBound: false,
    });
    const id = gid('PersonalAccessToken', unbound.patId);
    // It acts in the owner's other organizations too, where this bound credential may not: no more there.
    const widened = await updatePat(
      { id, scopes: ['token:read', 'identity:read', 'member:read'] },
      person.secret,
    );
    expect(widened.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await lastEvent('pat.updated', unbound.patId)).outcome).toBe('DENIED');
    // Narrowing it gives nothing anywhere: allowed.
    const narrowed = await updatePat({ id, scopes: ['identity:read'] }, person.secret);
    expect(narrowed.data.updatePersonalAccessToken.personalAccessToken.scopes).toEqual(['identity:read']);
  });

  it("answers someone else's token and another organization's alike: not found", async () => {
    const person = await seedMember(keygate.services, keygate.organizationId, 'OWNER');
    const colleague = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const other = await seedOrganization(keygate.services);
    for (const patId of [colleague.patId, other.patId, randomUUID()]) {
      const body = await updatePat(
        { id: gid('PersonalAccessToken', patId), scopes: ['token:read'] },
        person.secret,
      );
      expect(body.data.updatePersonalAccessToken).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    }
    const untouched = await keygate.services.prisma.personalAccessToken.findUniqueOrThrow({
      where: { id: colleague.patId },
    });
    expect(untouched.scopes).toEqual([]);
  });
});
