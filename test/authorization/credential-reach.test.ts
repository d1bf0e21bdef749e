import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSecret } from '../../src/domain/secrets.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import {
  seedApplication,
  seedMachineIdentity,
  seedMember,
  seedOrganization,
  seedPersonalAccessToken,
  seedToken,
} from '../support/seed.js';

/*
 * What a credential makes or extends never reaches further than itself: in organizations (a bound token
 * yields bound tokens, and cannot extend or re-key an unbound one), in time (nothing it makes or extends
 * lasts past the latest it can itself be renewed to) and in permissions. Every path: create, renew, rotate,
 * set a key, for every kind.
 */

const DAY = 86_400_000;
const at = (ms: number) => new Date(Date.now() + ms);

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

function send(token: string, query: string, headers: Record<string, string> = {}) {
  return keygate.raw(query, undefined, { token, headers });
}

const gid = encodeGlobalID;

describe('organizations', () => {
  it('a bound token makes only bound tokens, which never act in the owner’s other organizations', async () => {
    const other = await seedOrganization(keygate.services);
    const person = await seedMember(keygate.services, keygate.organizationId, 'OWNER', {
      organizationBound: true,
    });
    await keygate.services.prisma.membership.create({
      data: { organizationId: other.organizationId, userId: person.userId, name: 'Person', role: 'OWNER' },
    });
    const made = await send(
      person.secret,
      `mutation { createPersonalAccessToken(input: { description: "child", expiresAt: "${at(DAY).toISOString()}" }) {
        __typename ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { organizationBound } } } }`,
    );
    const payload = made.data.createPersonalAccessToken;
    expect(payload.personalAccessToken.organizationBound).toBe(true);
    const away = await send(payload.secret, '{ viewer { kind } }', {
      'x-keygate-organization': other.organizationId,
    });
    expect(away.status).toBe(403);
    expect(away.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('a bound token cannot renew or rotate an unbound one of the same person', async () => {
    const person = await seedMember(keygate.services, keygate.organizationId, 'OWNER', {
      organizationBound: true,
    });
    const unbound = await seedPersonalAccessToken(keygate.services, keygate.organizationId, person.userId);
    const before = await keygate.services.prisma.personalAccessToken.findUnique({
      where: { id: unbound.patId },
      include: { secrets: true },
    });
    const id = gid('PersonalAccessToken', unbound.patId);
    const renew = await send(
      person.secret,
      `mutation { renewPersonalAccessToken(input: { id: "${id}", expiresAt: "${at(2 * DAY).toISOString()}" }) { __typename } }`,
    );
    const rotate = await send(
      person.secret,
      `mutation { rotatePersonalAccessToken(input: { id: "${id}", gracePeriodSeconds: 0 }) { __typename } }`,
    );
    for (const refused of [renew, rotate]) {
      expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(refused.errors[0].message).toContain('every organization');
    }
    expect(
      await keygate.services.prisma.personalAccessToken.findUnique({
        where: { id: unbound.patId },
        include: { secrets: true },
      }),
    ).toEqual(before);
  });
});

describe('time', () => {
  it('a personal access token makes tokens that last no longer than it can, and inherit its end', async () => {
    const end = at(3 * DAY);
    const person = await seedMember(keygate.services, keygate.organizationId, 'MEMBER', {
      renewableUntil: end,
    });
    const longer = await send(
      person.secret,
      `mutation { createPersonalAccessToken(input: { description: "long", expiresAt: "${at(10 * DAY).toISOString()}" }) {
        __typename ... on ValidationError { field message } } }`,
    );
    expect(longer.data.createPersonalAccessToken).toMatchObject({
      __typename: 'ValidationError',
      field: 'expiresAt',
    });
    const within = await send(
      person.secret,
      `mutation { createPersonalAccessToken(input: { description: "short", expiresAt: "${at(2 * DAY).toISOString()}" }) {
        __typename ... on CreatePersonalAccessTokenPayload { personalAccessToken { id renewableUntil } } } }`,
    );
    const child = within.data.createPersonalAccessToken.personalAccessToken;
    expect(new Date(child.renewableUntil).getTime()).toBe(end.getTime());
    // Renewing (itself or the child) stops at that end too.
    for (const id of [gid('PersonalAccessToken', person.patId), child.id]) {
      const renewed = await send(
        person.secret,
        `mutation { renewPersonalAccessToken(input: { id: "${id}", expiresAt: "${at(5 * DAY).toISOString()}" }) {
          __typename ... on ValidationError { field } } }`,
      );
      expect(renewed.data?.renewPersonalAccessToken, JSON.stringify(renewed)).toEqual({
        __typename: 'ValidationError',
        field: 'expiresAt',
      });
    }
  });

  it('a secret rotated out reaches only to the end of its grace period', async () => {
    const person = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const rotated = await send(
      person.secret,
      `mutation { rotatePersonalAccessToken(input: { id: "${gid('PersonalAccessToken', person.patId)}", gracePeriodSeconds: 3600 }) { __typename } }`,
    );
    expect(rotated.data.rotatePersonalAccessToken.__typename).toBe('CreatePersonalAccessTokenPayload');
    const viewer = await send(person.secret, '{ viewer { credential { expiresAt } } }');
    expect(new Date(viewer.data.viewer.credential.expiresAt).getTime()).toBeLessThanOrEqual(
      Date.now() + 3600_000,
    );
    const made = await send(
      person.secret,
      `mutation { createPersonalAccessToken(input: { description: "x", expiresAt: "${at(2 * 3600_000).toISOString()}" }) {
        __typename ... on ValidationError { field } } }`,
    );
    expect(made.data.createPersonalAccessToken).toEqual({
      __typename: 'ValidationError',
      field: 'expiresAt',
    });
  });

  it('a machine token made with a credential that ends expires by then, and cannot be renewed past it', async () => {
    const end = at(2 * DAY);
    const admin = await seedMember(keygate.services, keygate.organizationId, 'ADMIN', {
      renewableUntil: end,
    });
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const created = await send(
      admin.secret,
      `mutation {
        forever: createToken(input: { identityId: "${gid('MachineIdentity', identity.id)}", name: "no ttl" }) {
          ... on TokenSecretPayload { token { id ttl expiresAt renewableUntil } } }
        long: createToken(input: { identityId: "${gid('MachineIdentity', identity.id)}", name: "long", ttl: 864000 }) {
          ... on TokenSecretPayload { token { id expiresAt renewableUntil } } }
      }`,
    );
    for (const token of [created.data.forever.token, created.data.long.token]) {
      expect(new Date(token.expiresAt).getTime()).toBe(end.getTime());
      expect(new Date(token.renewableUntil).getTime()).toBe(end.getTime());
    }
    const renewed = await send(
      admin.secret,
      `mutation { renewToken(input: { id: "${created.data.long.token.id}" }) { __typename ... on TokenPayload { token { expiresAt } } } }`,
    );
    expect(new Date(renewed.data.renewToken.token.expiresAt).getTime()).toBe(end.getTime());
  });

  it('a credential that ends cannot rotate, re-key or renew a token that lasts longer', async () => {
    const admin = await seedMember(keygate.services, keygate.organizationId, 'ADMIN', {
      renewableUntil: at(DAY),
    });
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    // Made before the rule, or by a credential that lasts longer: it never expires.
    const lasting = await seedToken(keygate.services, keygate.organizationId, identity.id, {
      renewableUntil: null,
    });
    const renewable = await seedToken(keygate.services, keygate.organizationId, identity.id, {
      ttl: 10 * 86_400,
      renewableUntil: null,
    });
    const probe = () =>
      keygate.services.prisma.token.findMany({
        where: { id: { in: [lasting.tokenId, renewable.tokenId] } },
        include: { secrets: true },
        orderBy: { id: 'asc' },
      });
    const before = await probe();
    const key = formatSecret('TOKEN', Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)));
    const attempts = [
      `mutation { rotateToken(input: { id: "${gid('Token', lasting.tokenId)}", gracePeriodSeconds: 0 }) { __typename } }`,
      `mutation { setTokenKey(input: { id: "${gid('Token', lasting.tokenId)}", key: "${key}" }) { __typename } }`,
      `mutation { renewToken(input: { id: "${gid('Token', renewable.tokenId)}" }) { __typename } }`,
    ];
    for (const attempt of attempts) {
      const refused = await send(admin.secret, attempt);
      expect(refused.errors?.[0]?.extensions?.code, JSON.stringify(refused)).toBe('FORBIDDEN');
      expect(refused.errors[0].message).toContain('longer');
    }
    expect(await probe()).toEqual(before);
  });

  it('an application key made with a credential that ends expires by then', async () => {
    const end = at(5 * DAY);
    const admin = await seedMember(keygate.services, keygate.organizationId, 'ADMIN', {
      renewableUntil: end,
    });
    const { projectId, applicationId } = await seedApplication(keygate.services, keygate.organizationId);
    const ids = `projectId: "${gid('Project', projectId)}", appId: "${gid('Application', applicationId)}"`;
    const byDefault = await send(
      admin.secret,
      `mutation { createAppKey(input: { ${ids}, type: JSON }) {
        __typename ... on CreateAppKeyPayload { applicationKey { id expirationDate } } } }`,
    );
    const key = byDefault.data.createAppKey.applicationKey;
    expect(new Date(key.expirationDate).getTime()).toBe(end.getTime());
    const asked = await send(
      admin.secret,
      `mutation { createAppKey(input: { ${ids}, type: JSON, expirationDate: "${at(30 * DAY).toISOString()}" }) {
        __typename ... on ValidationError { field } } }`,
    );
    expect(asked.data.createAppKey).toEqual({ __typename: 'ValidationError', field: 'expirationDate' });
    // A key that outlasts the caller is not the caller's to replace.
    const owner = await seedMember(keygate.services, keygate.organizationId, 'OWNER');
    const lasting = await send(
      owner.secret,
      `mutation { createAppKey(input: { ${ids}, type: JSON, expirationDate: "${at(30 * DAY).toISOString()}" }) {
        ... on CreateAppKeyPayload { applicationKey { id } } } }`,
    );
    const rotate = await send(
      admin.secret,
      `mutation { rotateAppKey(input: { id: "${lasting.data.createAppKey.applicationKey.id}", gracePeriodSeconds: 0 }) { __typename } }`,
    );
    expect(rotate.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
