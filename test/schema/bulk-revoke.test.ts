import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_REVOCATION_BATCH } from '../../src/domain/bulk-revocation.js';
import { startTestKeygate, type TestKeygate, testConfig } from '../support/keygate.js';
import {
  seedAppKey,
  seedApplication,
  seedMachineIdentity,
  seedMember,
  seedOrganization,
  seedPersonalAccessToken,
  seedToken,
} from '../support/seed.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * revokeCredentials: every live credential a filter selects (a member's personal access tokens, an
 * identity's tokens, a project's application keys, or by search and dates), with one event per
 * credential and one for the operation, in batches, refused unless the caller may revoke every kind it
 * selects. The operations are plain strings (codegen output belongs to another change).
 */

let keygate: TestKeygate;
let home: string;
let owner: string;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // With the job engine: webhooks are sent from the events, as for single revocations.
  keygate = await startTestKeygate(
    { webhooks: testConfig({ KEYGATE_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8' }).webhooks },
    { jobs: {} },
  );
  home = keygate.organizationId;
  owner = keygate.ownerSecret;
});

afterAll(async () => {
  await keygate?.close();
  await receiver?.close();
});

const gid = encodeGlobalID;
const prisma = () => keygate.services.prisma;
const DAY = 86_400_000;
const LONG_AGO = new Date('2020-01-01T00:00:00Z');

const REVOKE = `mutation ($input: RevokeCredentialsInput!) {
  revokeCredentials(input: $input) {
    __typename
    ... on RevokeCredentialsPayload { dryRun personalAccessTokens tokens applicationKeys total remaining }
    ... on ValidationError { field message }
    ... on NotFoundError { code }
  }
}`;

async function revoke(input: Record<string, unknown>, token = owner) {
  return keygate.raw(REVOKE, { input }, { token });
}

/** Whether a secret still authenticates, asked as its holder would (the answer is cached per instance). */
async function works(secret: string): Promise<boolean> {
  const { status } = await keygate.raw('{ viewer { kind } }', undefined, { token: secret });
  return status === 200;
}

async function membershipOf(userId: string, organizationId = home) {
  return prisma().membership.findFirstOrThrow({ where: { userId, organizationId } });
}

const counts = (pats: number, tokens: number, keys: number, remaining = 0) => ({
  __typename: 'RevokeCredentialsPayload',
  dryRun: false,
  personalAccessTokens: pats,
  tokens,
  applicationKeys: keys,
  total: pats + tokens + keys,
  remaining,
});

describe('revokeCredentials', () => {
  it('ends every live personal access token of a member, with an event each and one for the operation', async () => {
    const member = await seedMember(keygate.services, home, 'MEMBER');
    const more = [
      await seedPersonalAccessToken(keygate.services, home, member.userId),
      await seedPersonalAccessToken(keygate.services, home, member.userId),
    ];
    const revoked = await seedPersonalAccessToken(keygate.services, home, member.userId);
    const revokedAt = new Date(Date.now() - DAY);
    await prisma().personalAccessToken.update({ where: { id: revoked.patId }, data: { revokedAt } });
    const expired = await seedPersonalAccessToken(keygate.services, home, member.userId, {
      expiresAt: new Date(Date.now() - 1000),
    });
    const colleague = await seedMember(keygate.services, home, 'MEMBER');
    const live = [{ patId: member.patId, secret: member.secret }, ...more];
    // Used once each, so this instance has them cached.
    for (const pat of live) expect(await works(pat.secret)).toBe(true);
    const membership = await membershipOf(member.userId);

    const body = await revoke({
      filter: { memberId: gid('Membership', membership.id) },
      reason: 'laptop stolen',
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.revokeCredentials).toEqual(counts(3, 0, 0));
    for (const pat of live) expect(await works(pat.secret)).toBe(false);
    expect(await works(colleague.secret)).toBe(true);
    // Not live, so not ended again: the revoked one keeps its time, the expired one stays unrevoked.
    const wasRevoked = await prisma().personalAccessToken.findUniqueOrThrow({ where: { id: revoked.patId } });
    expect(wasRevoked.revokedAt).toEqual(revokedAt);
    const wasExpired = await prisma().personalAccessToken.findUniqueOrThrow({ where: { id: expired.patId } });
    expect(wasExpired.revokedAt).toBeNull();

    const operation = await prisma().auditEvent.findFirstOrThrow({
      where: { organizationId: home, action: 'credentials.bulk_revoked', outcome: 'SUCCESS' },
      orderBy: { id: 'desc' },
    });
    expect(operation).toMatchObject({
      targetType: 'Organization',
      targetId: home,
      changes: {
        filter: { kinds: ['PERSONAL_ACCESS_TOKEN'], memberId: membership.id },
        reason: 'laptop stolen',
        revoked: { personalAccessTokens: 3, tokens: 0, applicationKeys: 0 },
        remaining: 0,
      },
    });
    const parts = await prisma().auditEvent.findMany({
      where: { organizationId: home, requestId: operation.requestId, id: { not: operation.id } },
      orderBy: { id: 'asc' },
    });
    expect(parts.map((event) => event.targetId).sort()).toEqual(live.map((pat) => pat.patId).sort());
    for (const event of parts) {
      expect(event).toMatchObject({
        action: 'pat.revoked',
        outcome: 'SUCCESS',
        targetType: 'PersonalAccessToken',
        credentialId: operation.credentialId,
        changes: { after: { revoked: true }, via: 'revokeCredentials', reason: 'laptop stolen' },
      });
      // Written with the operation, before it.
      expect(event.id < operation.id).toBe(true);
    }
  });

  it("ends an identity's live tokens (a used-up one too: a higher limit would bring it back)", async () => {
    const identity = await seedMachineIdentity(keygate.services, home);
    const live = await seedToken(keygate.services, home, identity.id);
    const usedUp = await seedToken(keygate.services, home, identity.id, { numUsesLimit: 1 });
    await prisma().token.update({ where: { id: usedUp.tokenId }, data: { numUses: 1 } });
    const expired = await seedToken(keygate.services, home, identity.id, {
      expiresAt: new Date(Date.now() - 1000),
    });
    const elsewhere = await seedToken(
      keygate.services,
      home,
      (await seedMachineIdentity(keygate.services, home)).id,
    );
    expect(await works(live.secret)).toBe(true);

    const body = await revoke({ filter: { identityId: gid('MachineIdentity', identity.id) } });
    expect(body.data.revokeCredentials).toEqual(counts(0, 2, 0));
    expect(await works(live.secret)).toBe(false);
    expect(await works(elsewhere.secret)).toBe(true);
    const rows = await prisma().token.findMany({ where: { identityId: identity.id } });
    const revokedIds = rows.filter((row) => row.revokedAt).map((row) => row.id);
    expect(revokedIds.sort()).toEqual([live.tokenId, usedUp.tokenId].sort());
    expect(rows.find((row) => row.id === expired.tokenId)?.revokedAt).toBeNull();
  });

  it("ends the keys of a project's applications, and no other project's", async () => {
    const { projectId, applicationId } = await seedApplication(keygate.services, home);
    const second = await prisma().application.create({
      data: { organizationId: home, projectId, name: 'second', clientId: `${randomUUID()}@seeded` },
    });
    const keys = [
      await seedAppKey(keygate.services, home, applicationId),
      await seedAppKey(keygate.services, home, applicationId),
      await seedAppKey(keygate.services, home, second.id),
    ];
    await seedAppKey(keygate.services, home, second.id, { expirationDate: new Date(Date.now() - 1000) });
    const otherProject = await seedApplication(keygate.services, home);
    const kept = await seedAppKey(keygate.services, home, otherProject.applicationId);

    const body = await revoke({ filter: { projectId: gid('Project', projectId) }, reason: 'repo leaked' });
    expect(body.data.revokeCredentials).toEqual(counts(0, 0, 3));
    const ended = await prisma().applicationKey.findMany({
      where: { id: { in: keys.map((key) => key.keyId) } },
    });
    expect(ended.every((key) => key.revokedAt !== null)).toBe(true);
    expect(
      (await prisma().applicationKey.findUniqueOrThrow({ where: { id: kept.keyId } })).revokedAt,
    ).toBeNull();
    const events = await prisma().auditEvent.findMany({
      where: {
        organizationId: home,
        action: 'appkey.revoked',
        targetId: { in: keys.map((key) => key.keyId) },
      },
    });
    expect(events).toHaveLength(3);
  });

  it('ends what a search and dates select, kind by kind, with exact counts', async () => {
    const identity = await seedMachineIdentity(keygate.services, home);
    const tag = `incident-${randomUUID().slice(0, 8)}`;
    const named = [
      await seedToken(keygate.services, home, identity.id, { name: `${tag} deploy` }),
      await seedToken(keygate.services, home, identity.id, { name: `${tag.toUpperCase()} backup` }),
    ];
    await seedToken(keygate.services, home, identity.id, { name: `${tag.replace('-', '_')} other` });
    const person = await seedMember(keygate.services, home, 'MEMBER');
    await prisma().personalAccessToken.update({
      where: { id: person.patId },
      data: { description: `${tag} laptop` },
    });

    // Dry run first: the counts, and nothing changed, not even the log.
    const snapshot = async () => ({
      tokens: await prisma().token.findMany({ where: { identityId: identity.id }, orderBy: { id: 'asc' } }),
      pat: await prisma().personalAccessToken.findUniqueOrThrow({ where: { id: person.patId } }),
      events: await prisma().auditEvent.count({ where: { organizationId: home } }),
    });
    const before = await snapshot();
    const preview = await revoke({ filter: { search: tag }, dryRun: true });
    expect(preview.data.revokeCredentials).toEqual({ ...counts(1, 2, 0), dryRun: true });
    expect(await snapshot()).toEqual(before);

    const body = await revoke({ filter: { search: tag } });
    expect(body.data.revokeCredentials).toEqual(counts(1, 2, 0));
    expect(await works(person.secret)).toBe(false);
    const tokens = await prisma().token.findMany({
      where: { id: { in: named.map((token) => token.tokenId) } },
    });
    expect(tokens.every((token) => token.revokedAt !== null)).toBe(true);

    // Dates: made long ago; or last used long ago (never used counts from when it was made).
    const old = await seedMachineIdentity(keygate.services, home);
    const stale = await seedToken(keygate.services, home, old.id);
    const busy = await seedToken(keygate.services, home, old.id);
    const fresh = await seedToken(keygate.services, home, old.id);
    await prisma().token.updateMany({
      where: { id: { in: [stale.tokenId, busy.tokenId] } },
      data: { createdAt: LONG_AGO },
    });
    await prisma().token.update({ where: { id: busy.tokenId }, data: { lastUsedAt: new Date() } });
    const unused = await revoke({
      filter: {
        identityId: gid('MachineIdentity', old.id),
        lastUsedBefore: new Date(Date.now() - DAY).toISOString(),
      },
    });
    expect(unused.data.revokeCredentials).toEqual(counts(0, 1, 0));
    const made = await revoke({
      filter: { identityId: gid('MachineIdentity', old.id), createdBefore: '2021-01-01T00:00:00Z' },
    });
    expect(made.data.revokeCredentials).toEqual(counts(0, 1, 0));
    const left = await prisma().token.findMany({ where: { identityId: old.id, revokedAt: null } });
    expect(left.map((token) => token.id)).toEqual([fresh.tokenId]);
  });

  it('needs the revoke permission of every kind it selects: refused, recorded, nothing changed', async () => {
    const identity = await seedMachineIdentity(keygate.services, home);
    const token = await seedToken(keygate.services, home, identity.id, { name: 'refusal-target' });
    const admin = await seedMember(keygate.services, home, 'ADMIN');
    const member = await seedMember(keygate.services, home, 'MEMBER');
    const probe = () => prisma().token.findUniqueOrThrow({ where: { id: token.tokenId } });
    const before = await probe();

    // Every kind by default: an ADMIN may revoke tokens and keys, but not other members' tokens.
    for (const dryRun of [false, true]) {
      const denied = await revoke({ filter: { search: 'refusal-target' }, dryRun }, admin.secret);
      expect(denied.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        missingPermissions: ['member:manage'],
      });
      expect(denied.data?.revokeCredentials ?? null).toBeNull();
    }
    const memberDenied = await revoke(
      { filter: { kinds: ['TOKEN'], search: 'refusal-target' } },
      member.secret,
    );
    expect(memberDenied.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      missingPermissions: ['token:revoke'],
    });
    expect(await probe()).toEqual(before);
    const denials = await prisma().auditEvent.findMany({
      where: {
        organizationId: home,
        action: 'credentials.bulk_revoked',
        outcome: 'DENIED',
        actorId: { in: [admin.userId, member.userId] },
      },
    });
    expect(denials).toHaveLength(3);
    expect(denials[0]).toMatchObject({
      targetType: 'Organization',
      targetId: home,
      changes: { code: 'FORBIDDEN' },
    });

    // An ADMIN ends no token of an owner-role identity, as with revokeToken.
    const mighty = await seedMachineIdentity(keygate.services, home, { role: 'OWNER' });
    const held = await seedToken(keygate.services, home, mighty.id);
    const beyond = await revoke({ filter: { identityId: gid('MachineIdentity', mighty.id) } }, admin.secret);
    expect(beyond.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await prisma().token.findUniqueOrThrow({ where: { id: held.tokenId } })).revokedAt).toBeNull();

    // With the kinds it may revoke, it may.
    const allowed = await revoke(
      { filter: { kinds: ['TOKEN', 'APPLICATION_KEY'], search: 'refusal-target' } },
      admin.secret,
    );
    expect(allowed.data.revokeCredentials).toEqual(counts(0, 1, 0));
  });

  it("lets a person end their own tokens with pat:delete alone, and nobody else's", async () => {
    const person = await seedMember(keygate.services, home, 'MEMBER');
    const spare = await seedPersonalAccessToken(keygate.services, home, person.userId);
    const colleague = await seedMember(keygate.services, home, 'MEMBER');
    const own = await membershipOf(person.userId);
    const theirs = await membershipOf(colleague.userId);
    const denied = await revoke({ filter: { memberId: gid('Membership', theirs.id) } }, person.secret);
    expect(denied.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      missingPermissions: ['member:manage'],
    });
    expect(await works(colleague.secret)).toBe(true);
    const body = await revoke({ filter: { memberId: gid('Membership', own.id) } }, person.secret);
    expect(body.data.revokeCredentials).toEqual(counts(2, 0, 0));
    expect(await works(spare.secret)).toBe(false);
    expect(await works(person.secret)).toBe(false);
  });

  it('refuses a filter that narrows nothing, or contradicts itself, with a ValidationError', async () => {
    const identity = await seedMachineIdentity(keygate.services, home);
    const member = await membershipOf((await seedMember(keygate.services, home, 'MEMBER')).userId);
    const refusals: [Record<string, unknown>, string][] = [
      [{ filter: {} }, 'filter'],
      [{ filter: { kinds: ['TOKEN'] } }, 'filter'],
      [{ filter: { all: false, kinds: ['TOKEN'] } }, 'filter'],
      [{ filter: { kinds: [], all: true } }, 'kinds'],
      [{ filter: { search: '' } }, 'search'],
      [{ filter: { search: 'x'.repeat(101) } }, 'search'],
      [
        {
          filter: { memberId: gid('Membership', member.id), identityId: gid('MachineIdentity', identity.id) },
        },
        'filter',
      ],
      [{ filter: { memberId: gid('Membership', member.id), kinds: ['TOKEN'] } }, 'kinds'],
      [{ filter: { identityId: gid('MachineIdentity', identity.id) }, reason: 'r'.repeat(501) }, 'reason'],
    ];
    const total = () =>
      prisma().auditEvent.count({
        where: { organizationId: home, action: 'credentials.bulk_revoked', outcome: 'FAILED' },
      });
    const failedBefore = await total();
    for (const [input, field] of refusals) {
      const body = await revoke(input);
      expect(body.errors, JSON.stringify(input)).toBeUndefined();
      expect(body.data.revokeCredentials, JSON.stringify(input)).toMatchObject({
        __typename: 'ValidationError',
        field,
      });
    }
    expect(await total()).toBe(failedBefore + refusals.length);
  });

  it("answers another organization's member, identity or project as missing, and ends nothing there", async () => {
    const other = await seedOrganization(keygate.services);
    const identity = await seedMachineIdentity(keygate.services, other.organizationId);
    const token = await seedToken(keygate.services, other.organizationId, identity.id);
    const { projectId, applicationId } = await seedApplication(keygate.services, other.organizationId);
    const key = await seedAppKey(keygate.services, other.organizationId, applicationId);
    const membership = await membershipOf(other.userId, other.organizationId);
    for (const filter of [
      { memberId: gid('Membership', membership.id) },
      { identityId: gid('MachineIdentity', identity.id) },
      { projectId: gid('Project', projectId) },
      { identityId: gid('MachineIdentity', randomUUID()) },
    ]) {
      const body = await revoke({ filter });
      expect(body.data.revokeCredentials, JSON.stringify(filter)).toEqual({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
      });
    }
    expect(await works(token.secret)).toBe(true);
    expect(await works(other.secret)).toBe(true);
    expect(
      (await prisma().applicationKey.findUniqueOrThrow({ where: { id: key.keyId } })).revokedAt,
    ).toBeNull();
  });

  it('ends everything of the kinds with all: true, in its own organization only', async () => {
    const other = await seedOrganization(keygate.services);
    const identity = await seedMachineIdentity(keygate.services, other.organizationId);
    const theirs = [
      await seedToken(keygate.services, other.organizationId, identity.id),
      await seedToken(keygate.services, other.organizationId, identity.id),
    ];
    const ours = await seedToken(
      keygate.services,
      home,
      (await seedMachineIdentity(keygate.services, home)).id,
    );
    const body = await revoke(
      { filter: { all: true, kinds: ['TOKEN'] }, reason: 'rotate everything' },
      other.secret,
    );
    expect(body.data.revokeCredentials).toEqual(counts(0, 2, 0));
    for (const token of theirs) expect(await works(token.secret)).toBe(false);
    expect(await works(ours.secret)).toBe(true);
    // Their owner's own token is a personal access token: not of the kinds named.
    expect(await works(other.secret)).toBe(true);
  });

  it(`ends at most ${BULK_REVOCATION_BATCH} per call and says how many remain`, async () => {
    const identity = await seedMachineIdentity(keygate.services, home);
    const many = BULK_REVOCATION_BATCH + 5;
    await prisma().token.createMany({
      data: Array.from({ length: many }, (_, i) => ({
        organizationId: home,
        identityId: identity.id,
        name: `bulk-${i}`,
      })),
    });
    const filter = { identityId: gid('MachineIdentity', identity.id) };
    expect((await revoke({ filter, dryRun: true })).data.revokeCredentials).toEqual({
      ...counts(0, BULK_REVOCATION_BATCH, 0, 5),
      dryRun: true,
    });
    const first = await revoke({ filter });
    expect(first.data.revokeCredentials).toEqual(counts(0, BULK_REVOCATION_BATCH, 0, 5));
    const events = await prisma().auditEvent.count({
      where: {
        organizationId: home,
        action: 'token.revoked',
        targetId: {
          in: (await prisma().token.findMany({ where: { identityId: identity.id } })).map((t) => t.id),
        },
      },
    });
    expect(events).toBe(BULK_REVOCATION_BATCH);
    expect((await revoke({ filter })).data.revokeCredentials).toEqual(counts(0, 5, 0));
    expect((await revoke({ filter })).data.revokeCredentials).toEqual(counts(0, 0, 0));
    expect(await prisma().token.count({ where: { identityId: identity.id, revokedAt: null } })).toBe(0);
  });

  it('sends the revocations to webhooks as single revocations are sent', async () => {
    const made = await keygate.raw(
      'mutation ($url: String!) { createWebhookEndpoint(input: { url: $url, eventTypes: ["token.revoked", "credentials.*"] }) { ... on WebhookEndpointWithSecretPayload { secret } } }',
      { url: receiver.url },
      { token: owner },
    );
    receiver.state.secrets = [made.data.createWebhookEndpoint.secret];
    const identity = await seedMachineIdentity(keygate.services, home);
    const tokens = [
      await seedToken(keygate.services, home, identity.id),
      await seedToken(keygate.services, home, identity.id),
    ];
    const body = await revoke({
      filter: { identityId: gid('MachineIdentity', identity.id) },
      reason: 'webhooks',
    });
    expect(body.data.revokeCredentials).toEqual(counts(0, 2, 0));
    const target = (delivery: { payload: { data: Record<string, unknown> } | null }) =>
      (delivery.payload?.data.target as { id?: string } | undefined)?.id;
    for (const token of tokens) {
      const delivery = await receiver.next(
        (d) => d.payload?.type === 'token.revoked' && target(d) === token.tokenId,
      );
      expect(delivery.refused).toBeNull();
      expect(delivery.body).not.toContain(token.secret);
    }
    const operation = await receiver.next(
      (d) =>
        d.payload?.type === 'credentials.bulk_revoked' &&
        (d.payload.data.changes as { reason?: string }).reason === 'webhooks',
    );
    expect(operation.payload?.data.changes).toMatchObject({ revoked: { tokens: 2 } });
  });
});

describe('revokeAllTokens', () => {
  it('now also writes a token.revoked event for each token it ends', async () => {
    const identity = await seedMachineIdentity(keygate.services, home);
    const tokens = [
      await seedToken(keygate.services, home, identity.id),
      await seedToken(keygate.services, home, identity.id),
    ];
    const body = await keygate.raw(
      'mutation ($id: ID!) { revokeAllTokens(input: { identityId: $id }) { ... on RevokeAllTokensPayload { revokedCount } } }',
      { id: gid('MachineIdentity', identity.id) },
      { token: owner },
    );
    expect(body.data.revokeAllTokens.revokedCount).toBe(2);
    for (const token of tokens) expect(await works(token.secret)).toBe(false);
    const events = await prisma().auditEvent.findMany({
      where: {
        organizationId: home,
        action: 'token.revoked',
        targetId: { in: tokens.map((token) => token.tokenId) },
      },
    });
    expect(events.map((event) => event.changes)).toEqual([
      { after: { revoked: true }, via: 'revokeAllTokens' },
      { after: { revoked: true }, via: 'revokeAllTokens' },
    ]);
    const operation = await prisma().auditEvent.findFirstOrThrow({
      where: { organizationId: home, action: 'token.revoked_all', targetId: identity.id },
    });
    expect((operation.changes as { revokedTokenIds: string[] }).revokedTokenIds.sort()).toEqual(
      tokens.map((token) => token.tokenId).sort(),
    );
  });
});
