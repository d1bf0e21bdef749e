import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMachineIdentity, seedMember, seedPersonalAccessToken, seedToken } from '../support/seed.js';

/**
 * A credential renewing and rotating itself without the organization-wide permission (token:renew,
 * token:rotate; pat:create for personal access tokens), within its own limits, and nothing else. The
 * operations are plain strings (codegen output belongs to another change).
 */

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

const gid = encodeGlobalID;
const HOUR = 3_600_000;

const RENEW_TOKEN = `mutation ($id: ID!) {
  renewToken(input: { id: $id }) {
    __typename ... on TokenPayload { token { expiresAt } } ... on Error { code message }
  }
}`;
const ROTATE_TOKEN = `mutation ($id: ID!, $grace: Int!) {
  rotateToken(input: { id: $id, gracePeriodSeconds: $grace }) {
    __typename ... on TokenSecretPayload { secret token { expiresAt } } ... on Error { code message }
  }
}`;
const RENEW_PAT = `mutation ($id: ID!, $expiresAt: DateTime!) {
  renewPersonalAccessToken(input: { id: $id, expiresAt: $expiresAt }) {
    __typename ... on PersonalAccessTokenPayload { personalAccessToken { expiresAt } } ... on Error { code message }
  }
}`;
const ROTATE_PAT = `mutation ($id: ID!, $grace: Int!) {
  rotatePersonalAccessToken(input: { id: $id, gracePeriodSeconds: $grace }) {
    __typename ... on CreatePersonalAccessTokenPayload { secret } ... on Error { code message }
  }
}`;
const VIEWER = '{ viewer { credential { id scopes expiresAt } permissions } }';

/** A MEMBER-role identity (no token:renew, no token:rotate) and a token of it, with a TTL. */
async function memberToken(options: Parameters<typeof seedToken>[3] = {}) {
  const identity = await seedMachineIdentity(keygate.services, keygate.organizationId, { role: 'MEMBER' });
  const token = await seedToken(keygate.services, keygate.organizationId, identity.id, {
    ttl: 3600,
    expiresAt: new Date(Date.now() + 600_000),
    ...options,
  });
  return { identity, ...token, id: gid('Token', token.tokenId) };
}

const tokenRow = (id: string) =>
  keygate.services.prisma.token.findUniqueOrThrow({ where: { id }, include: { secrets: true } });

async function lastEvent(action: string, targetId: string) {
  return keygate.services.prisma.auditEvent.findFirstOrThrow({
    where: { organizationId: keygate.organizationId, action, targetId },
    orderBy: { id: 'desc' },
  });
}

describe('a machine token', () => {
  it('renews itself without token:renew, recorded as a self-renewal', async () => {
    const token = await memberToken();
    const permissions = (await keygate.raw(VIEWER, undefined, { token: token.secret })).data.viewer
      .permissions;
    expect(permissions).not.toContain('token:renew');

    const body = await keygate.raw(RENEW_TOKEN, { id: token.id }, { token: token.secret });
    expect(body.errors).toBeUndefined();
    expect(body.data.renewToken.__typename).toBe('TokenPayload');
    const renewed = new Date(body.data.renewToken.token.expiresAt).getTime();
    expect(renewed).toBeGreaterThan(Date.now() + 3500_000);
    const event = await lastEvent('token.renewed', token.tokenId);
    expect(event).toMatchObject({
      outcome: 'SUCCESS',
      actorType: 'MACHINE_IDENTITY',
      actorId: token.identity.id,
      credentialKind: 'TOKEN',
      credentialId: token.tokenId,
      changes: { self: true },
    });
  });

  it("renews no other token, its identity's or not, without token:renew: FORBIDDEN and recorded", async () => {
    const token = await memberToken();
    const sibling = await seedToken(keygate.services, keygate.organizationId, token.identity.id, {
      ttl: 3600,
      expiresAt: new Date(Date.now() + 600_000),
    });
    const before = await tokenRow(sibling.tokenId);
    for (const [mutation, document, variables] of [
      ['renewToken', RENEW_TOKEN, { id: gid('Token', sibling.tokenId) }],
      ['rotateToken', ROTATE_TOKEN, { id: gid('Token', sibling.tokenId), grace: 0 }],
    ] as const) {
      const body = await keygate.raw(document, variables, { token: token.secret });
      expect(body.errors?.[0]?.extensions, mutation).toMatchObject({
        code: 'FORBIDDEN',
        missingPermissions: [mutation === 'renewToken' ? 'token:renew' : 'token:rotate'],
      });
      expect(body.data?.[mutation] ?? null).toBeNull();
    }
    expect(await tokenRow(sibling.tokenId)).toEqual(before);
    for (const action of ['token.renewed', 'token.rotated']) {
      expect(await lastEvent(action, sibling.tokenId)).toMatchObject({
        outcome: 'DENIED',
        credentialId: token.tokenId,
        changes: { code: 'FORBIDDEN' },
      });
    }
    // A missing id is refused the same way: the answer says nothing of what exists.
    const missing = await keygate.raw(
      RENEW_TOKEN,
      { id: gid('Token', randomUUID()) },
      { token: token.secret },
    );
    expect(missing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('renews itself only as far as its max TTL (and its inherited end) allow', async () => {
    // Made 6600 s ago with a two-hour ceiling: a renewal by its TTL of an hour stops at the ceiling.
    const token = await memberToken({ maxTtl: 7200 });
    const createdAt = new Date(Date.now() - 6600_000);
    await keygate.services.prisma.token.update({ where: { id: token.tokenId }, data: { createdAt } });
    const body = await keygate.raw(RENEW_TOKEN, { id: token.id }, { token: token.secret });
    expect(body.data.renewToken.__typename).toBe('TokenPayload');
    expect(body.data.renewToken.token.expiresAt).toBe(new Date(createdAt.getTime() + 7200_000).toISOString());

    const inherited = await memberToken({ renewableUntil: new Date(Date.now() + 1200_000) });
    const capped = await keygate.raw(RENEW_TOKEN, { id: inherited.id }, { token: inherited.secret });
    expect(new Date(capped.data.renewToken.token.expiresAt).getTime()).toBeLessThanOrEqual(
      Date.now() + 1200_000,
    );

    // A token without a TTL has nothing to renew, whoever asks.
    const fixed = await memberToken({ ttl: 0 });
    const refused = await keygate.raw(RENEW_TOKEN, { id: fixed.id }, { token: fixed.secret });
    expect(refused.data.renewToken).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
  });

  it('renews itself even when narrowed below what its identity holds', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId, { role: 'ADMIN' });
    const narrow = await seedToken(keygate.services, keygate.organizationId, identity.id, {
      ttl: 3600,
      expiresAt: new Date(Date.now() + 600_000),
      scopes: ['identity:read'],
    });
    const body = await keygate.raw(
      RENEW_TOKEN,
      { id: gid('Token', narrow.tokenId) },
      { token: narrow.secret },
    );
    // It reads its own answer though it may not read tokens: a credential may read itself.
    expect(body.errors).toBeUndefined();
    expect(body.data.renewToken.__typename).toBe('TokenPayload');
    expect(new Date(body.data.renewToken.token.expiresAt).getTime()).toBeGreaterThan(Date.now() + 3500_000);
    // Other tokens stay out of its sight.
    const sibling = await seedToken(keygate.services, keygate.organizationId, identity.id);
    const node = await keygate.raw(
      'query ($id: ID!) { node(id: $id) { id } }',
      { id: gid('Token', sibling.tokenId) },
      { token: narrow.secret },
    );
    expect(node.data.node).toBeNull();
  });

  it('rotates itself: the new secret is the same token, the old one lasts the grace and can do no more', async () => {
    const token = await memberToken({ scopes: ['token:read'], trustedIps: ['10.0.0.0/8'], numUsesLimit: 50 });
    const from = { ip: '10.1.2.3' };
    const rotated = await keygate.raw(
      ROTATE_TOKEN,
      { id: token.id, grace: 300 },
      { token: token.secret, ...from },
    );
    expect(rotated.errors).toBeUndefined();
    expect(rotated.data.rotateToken.__typename).toBe('TokenSecretPayload');
    const fresh = rotated.data.rotateToken.secret as string;
    expect(fresh).toMatch(/^kg_tok_/);
    expect(await lastEvent('token.rotated', token.tokenId)).toMatchObject({
      outcome: 'SUCCESS',
      credentialId: token.tokenId,
      changes: { self: true, gracePeriodSeconds: 300 },
    });
    // The same token: its scopes, ranges and limit hold for the new secret.
    const viewer = await keygate.raw(VIEWER, undefined, { token: fresh, ...from });
    expect(viewer.data.viewer.credential).toMatchObject({ id: token.id, scopes: ['token:read'] });
    expect((await keygate.raw(VIEWER, undefined, { token: fresh, ip: '192.0.2.1' })).status).toBe(401);
    const row = await tokenRow(token.tokenId);
    expect(row).toMatchObject({ scopes: ['token:read'], trustedIps: ['10.0.0.0/8'], numUsesLimit: 50 });

    // The old secret works for its grace, but reaches only to its end: it cannot mint a fresh secret, nor
    // extend the token.
    expect((await keygate.raw(VIEWER, undefined, { token: token.secret, ...from })).status).toBe(200);
    const again = await keygate.raw(
      ROTATE_TOKEN,
      { id: token.id, grace: 0 },
      { token: token.secret, ...from },
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const renewal = await keygate.raw(RENEW_TOKEN, { id: token.id }, { token: token.secret, ...from });
    expect(renewal.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await tokenRow(token.tokenId)).secrets).toHaveLength(2);

    // The grace is bounded as for everyone.
    const long = await keygate.raw(
      ROTATE_TOKEN,
      { id: token.id, grace: 31 * 86_400 },
      { token: fresh, ...from },
    );
    expect(long.data.rotateToken).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
  });
});

describe('a personal access token', () => {
  it('renews and rotates itself without pat:create, and no other token of its owner', async () => {
    const person = await seedMember(keygate.services, keygate.organizationId, 'MEMBER', {
      scopes: ['token:read'],
    });
    const id = gid('PersonalAccessToken', person.patId);
    const expiresAt = new Date(Date.now() + 48 * HOUR).toISOString();
    const renewed = await keygate.raw(RENEW_PAT, { id, expiresAt }, { token: person.secret });
    expect(renewed.errors).toBeUndefined();
    expect(renewed.data.renewPersonalAccessToken).toEqual({
      __typename: 'PersonalAccessTokenPayload',
      personalAccessToken: { expiresAt },
    });
    expect(await lastEvent('pat.renewed', person.patId)).toMatchObject({
      outcome: 'SUCCESS',
      credentialId: person.patId,
      changes: { self: true, after: { expiresAt } },
    });

    const rotated = await keygate.raw(ROTATE_PAT, { id, grace: 60 }, { token: person.secret });
    expect(rotated.data.rotatePersonalAccessToken.__typename).toBe('CreatePersonalAccessTokenPayload');
    const fresh = rotated.data.rotatePersonalAccessToken.secret as string;
    const viewer = await keygate.raw(VIEWER, undefined, { token: fresh });
    expect(viewer.data.viewer).toMatchObject({
      credential: { id, scopes: ['token:read'] },
      permissions: ['token:read'],
    });
    expect((await lastEvent('pat.rotated', person.patId)).changes).toMatchObject({ self: true });

    // Another of the same person's tokens is another credential: pat:create is needed for it.
    const other = await seedPersonalAccessToken(keygate.services, keygate.organizationId, person.userId, {
      scopes: ['token:read'],
    });
    const otherId = gid('PersonalAccessToken', other.patId);
    const denied = await keygate.raw(RENEW_PAT, { id: otherId, expiresAt }, { token: fresh });
    expect(denied.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      missingPermissions: ['pat:create'],
    });
    expect((await lastEvent('pat.renewed', other.patId)).outcome).toBe('DENIED');
    const rotation = await keygate.raw(ROTATE_PAT, { id: otherId, grace: 0 }, { token: fresh });
    expect(rotation.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("renews itself only within its line's end and the organization's maximum lifetime", async () => {
    const renewableUntil = new Date(Date.now() + 72 * HOUR);
    const person = await seedMember(keygate.services, keygate.organizationId, 'MEMBER', {
      scopes: ['token:read'],
      renewableUntil,
    });
    const id = gid('PersonalAccessToken', person.patId);
    const past = new Date(renewableUntil.getTime() + HOUR).toISOString();
    const refused = await keygate.raw(RENEW_PAT, { id, expiresAt: past }, { token: person.secret });
    expect(refused.data.renewPersonalAccessToken).toMatchObject({ __typename: 'ValidationError' });
    const row = await keygate.services.prisma.personalAccessToken.findUniqueOrThrow({
      where: { id: person.patId },
    });
    expect(row.expiresAt.getTime()).toBeLessThan(renewableUntil.getTime());
  });

  it('cannot, with a secret rotated out, rotate or renew itself again', async () => {
    const person = await seedMember(keygate.services, keygate.organizationId, 'MEMBER', {
      scopes: ['token:read'],
    });
    const id = gid('PersonalAccessToken', person.patId);
    const rotated = await keygate.raw(ROTATE_PAT, { id, grace: 300 }, { token: person.secret });
    expect(rotated.data.rotatePersonalAccessToken.__typename).toBe('CreatePersonalAccessTokenPayload');
    const again = await keygate.raw(ROTATE_PAT, { id, grace: 0 }, { token: person.secret });
    expect(again.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const expiresAt = new Date(Date.now() + 48 * HOUR).toISOString();
    const renewal = await keygate.raw(RENEW_PAT, { id, expiresAt }, { token: person.secret });
    expect(renewal.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
