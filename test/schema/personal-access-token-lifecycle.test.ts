import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../graphql/generated/index.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMember, seedOrganization, seedPersonalAccessToken } from '../support/seed.js';

const Viewer = graphql(`
  query PatLifecycleViewer {
    viewer { organization { id } credential { id scopes } permissions }
  }
`);

const CreatePat = graphql(`
  mutation PatLifecycleCreate($input: CreatePersonalAccessTokenInput!) {
    createPersonalAccessToken(input: $input) {
      __typename
      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id scopes state } }
      ... on Error { code message }
      ... on LimitReachedError { limit }
    }
  }
`);

const RotatePat = graphql(`
  mutation PatLifecycleRotate($input: RotatePersonalAccessTokenInput!) {
    rotatePersonalAccessToken(input: $input) {
      __typename
      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id description scopes expiresAt } }
      ... on Error { code message }
    }
  }
`);

const RevokePat = graphql(`
  mutation PatLifecycleRevoke($input: RevokePersonalAccessTokenInput!) {
    revokePersonalAccessToken(input: $input) {
      __typename
      ... on PersonalAccessTokenPayload { personalAccessToken { id state revokedAt } }
      ... on Error { code message }
    }
  }
`);

const DeletePat = graphql(`
  mutation PatLifecycleDelete($input: DeletePersonalAccessTokenInput!) {
    deletePersonalAccessToken(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on Error { code message }
    }
  }
`);

const UpdatePat = graphql(`
  mutation PatLifecycleUpdate($input: UpdatePersonalAccessTokenInput!) {
    updatePersonalAccessToken(input: $input) {
      __typename
      ... on PersonalAccessTokenPayload { personalAccessToken { id description } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const RenewPat = graphql(`
  mutation PatLifecycleRenew($input: RenewPersonalAccessTokenInput!) {
    renewPersonalAccessToken(input: $input) {
      __typename
      ... on PersonalAccessTokenPayload { personalAccessToken { id expiresAt } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const ListPats = graphql(`
  query PatLifecycleList($state: CredentialState) {
    viewer {
      personalAccessTokens(first: 100, state: $state) { totalCount edges { node { id state } } }
    }
  }
`);

const PatNode = graphql(`
  query PatLifecycleNode($id: ID!) {
    node(id: $id) { id ... on PersonalAccessToken { description organizationBound } }
  }
`);

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const patGlobalId = (id: string) => encodeGlobalID('PersonalAccessToken', id);

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

async function authenticates(token: string, headers: Record<string, string> = {}) {
  const response = await keygate.request(Viewer, {}, { token, headers });
  return response.errors === undefined;
}

async function lastEvent(targetId: string) {
  return keygate.services.prisma.auditEvent.findFirst({
    where: { organizationId: keygate.organizationId, targetId },
    orderBy: { id: 'desc' },
  });
}

describe('a scoped credential', () => {
  it('makes personal access tokens no stronger than itself', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'ADMIN', {
      scopes: ['pat:create', 'token:read'],
    });
    const created = await keygate.request(
      CreatePat,
      { input: { description: 'child', expiresAt: inDays(5) } },
      { token: member.secret },
    );
    const result = created.data!.createPersonalAccessToken;
    if (result.__typename !== 'CreatePersonalAccessTokenPayload') throw new Error(result.__typename);
    expect(result.personalAccessToken.scopes).toEqual(['pat:create', 'token:read']);
    const child = await keygate.request(Viewer, {}, { token: result.secret });
    // pat:create brings pat:read (a token that makes tokens may list them), and nothing more.
    expect(new Set(child.data!.viewer.permissions)).toEqual(
      new Set(['pat:create', 'pat:read', 'token:read']),
    );
  });

  it('cannot rotate a stronger token of its owner, and the attempt is recorded as denied', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'OWNER', {
      scopes: ['pat:create', 'project:read'],
    });
    const full = await seedPersonalAccessToken(keygate.services, keygate.organizationId, member.userId);
    const before = await keygate.services.prisma.credentialSecret.findMany({ where: { patId: full.patId } });
    const rotated = await keygate.request(
      RotatePat,
      { input: { id: patGlobalId(full.patId), gracePeriodSeconds: 0 } },
      { token: member.secret },
    );
    expect(rotated.data).toBeNull();
    expect(rotated.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const after = await keygate.services.prisma.credentialSecret.findMany({ where: { patId: full.patId } });
    expect(after).toEqual(before);
    expect(await authenticates(full.secret)).toBe(true);
    expect(await lastEvent(full.patId)).toMatchObject({ action: 'pat.rotated', outcome: 'DENIED' });
  });

  it('may rotate a token of its owner that can do no more than it can', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'OWNER', {
      scopes: ['pat:create', 'project:read'],
    });
    const narrow = await seedPersonalAccessToken(keygate.services, keygate.organizationId, member.userId, {
      scopes: ['project:read'],
    });
    const rotated = await keygate.request(
      RotatePat,
      { input: { id: patGlobalId(narrow.patId), gracePeriodSeconds: 0 } },
      { token: member.secret },
    );
    expect(rotated.data?.rotatePersonalAccessToken.__typename).toBe('CreatePersonalAccessTokenPayload');
  });

  it('without pat:delete cannot revoke or delete its owner’s tokens', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER', {
      scopes: ['project:read'],
    });
    const other = await seedPersonalAccessToken(keygate.services, keygate.organizationId, member.userId);
    const input = { id: patGlobalId(other.patId) };
    const revoked = await keygate.request(RevokePat, { input }, { token: member.secret });
    const deleted = await keygate.request(DeletePat, { input }, { token: member.secret });
    expect(revoked.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(deleted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await authenticates(other.secret)).toBe(true);
  });
});

describe('rotatePersonalAccessToken', () => {
  it('keeps description, scopes and expiry; the old secret works for the grace period only', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const target = await seedPersonalAccessToken(keygate.services, keygate.organizationId, member.userId, {
      scopes: ['token:read'],
    });
    const stored = await keygate.services.prisma.personalAccessToken.findUniqueOrThrow({
      where: { id: target.patId },
    });
    const graced = await keygate.request(
      RotatePat,
      { input: { id: patGlobalId(target.patId), gracePeriodSeconds: 3600 } },
      { token: member.secret },
    );
    const result = graced.data!.rotatePersonalAccessToken;
    if (result.__typename !== 'CreatePersonalAccessTokenPayload') throw new Error(result.__typename);
    expect(result.personalAccessToken).toMatchObject({
      description: stored.description,
      scopes: ['token:read'],
      expiresAt: stored.expiresAt.toISOString(),
    });
    expect(await authenticates(target.secret)).toBe(true);
    expect(await authenticates(result.secret)).toBe(true);

    const again = await keygate.request(
      RotatePat,
      { input: { id: patGlobalId(target.patId), gracePeriodSeconds: 0 } },
      { token: member.secret },
    );
    const latest = again.data!.rotatePersonalAccessToken;
    if (latest.__typename !== 'CreatePersonalAccessTokenPayload') throw new Error(latest.__typename);
    expect(await authenticates(target.secret)).toBe(false);
    expect(await authenticates(result.secret)).toBe(false);
    expect(await authenticates(latest.secret)).toBe(true);
    const event = await lastEvent(target.patId);
    expect(event).toMatchObject({ action: 'pat.rotated', outcome: 'SUCCESS' });
    expect(JSON.stringify(event!.changes)).not.toContain(latest.secret);
  });

  it('refuses an expired or revoked token, and answers for another person’s as not found', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const expired = await seedPersonalAccessToken(keygate.services, keygate.organizationId, member.userId, {
      expiresAt: new Date(Date.now() - 1000),
    });
    const revoked = await seedPersonalAccessToken(keygate.services, keygate.organizationId, member.userId);
    await keygate.request(RevokePat, { input: { id: patGlobalId(revoked.patId) } }, { token: member.secret });
    const someoneElse = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const answers = [];
    for (const id of [expired.patId, revoked.patId, someoneElse.patId]) {
      const response = await keygate.request(
        RotatePat,
        { input: { id: patGlobalId(id), gracePeriodSeconds: 0 } },
        { token: member.secret },
      );
      const result = response.data!.rotatePersonalAccessToken;
      answers.push(result.__typename === 'CreatePersonalAccessTokenPayload' ? 'rotated' : result.code);
    }
    expect(answers).toEqual(['INVALID_STATE', 'INVALID_STATE', 'NOT_FOUND']);
    expect(await authenticates(someoneElse.secret)).toBe(true);
  });
});

describe('revokePersonalAccessToken', () => {
  it('stops the token at once, keeps it listed as REVOKED, and is idempotent', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const target = await seedPersonalAccessToken(keygate.services, keygate.organizationId, member.userId);
    expect(await authenticates(target.secret)).toBe(true);
    const revoked = await keygate.request(
      RevokePat,
      { input: { id: patGlobalId(target.patId) } },
      { token: member.secret },
    );
    expect(revoked.data?.revokePersonalAccessToken).toMatchObject({
      __typename: 'PersonalAccessTokenPayload',
      personalAccessToken: { state: 'REVOKED', revokedAt: expect.any(String) },
    });
    expect(await authenticates(target.secret)).toBe(false);
    const listed = await keygate.request(ListPats, { state: 'REVOKED' }, { token: member.secret });
    expect(listed.data!.viewer.personalAccessTokens.edges.map((e) => e.node.id)).toEqual([
      patGlobalId(target.patId),
    ]);
    const active = await keygate.request(ListPats, { state: 'ACTIVE' }, { token: member.secret });
    expect(active.data!.viewer.personalAccessTokens.edges.map((e) => e.node.id)).not.toContain(
      patGlobalId(target.patId),
    );
    const again = await keygate.request(
      RevokePat,
      { input: { id: patGlobalId(target.patId) } },
      { token: member.secret },
    );
    expect(again.data?.revokePersonalAccessToken.__typename).toBe('PersonalAccessTokenPayload');
    const failure = await keygate.services.prisma.auditEvent.findFirst({
      where: { credentialId: target.patId, action: 'auth.failed' },
      orderBy: { id: 'desc' },
    });
    expect(failure?.changes).toEqual({ code: 'REVOKED' });
  });

  it('frees a place under the per-user limit, as expiry does', async () => {
    const organization = await keygate.services.prisma.organization.create({
      data: { name: 'tight', patLimitPerUser: 2 },
    });
    const member = await seedMember(keygate.services, organization.id, 'MEMBER');
    await seedPersonalAccessToken(keygate.services, organization.id, member.userId, {
      expiresAt: new Date(Date.now() - 1000),
    });
    const create = () =>
      keygate.request(
        CreatePat,
        { input: { description: 'more', expiresAt: inDays(3) } },
        { token: member.secret },
      );
    // The seeded token and one more are active; the expired one does not count.
    const second = await create();
    expect(second.data?.createPersonalAccessToken.__typename).toBe('CreatePersonalAccessTokenPayload');
    const third = await create();
    expect(third.data?.createPersonalAccessToken.__typename).toBe('LimitReachedError');
    const payload = second.data!.createPersonalAccessToken;
    if (payload.__typename !== 'CreatePersonalAccessTokenPayload') throw new Error(payload.__typename);
    await keygate.request(
      RevokePat,
      { input: { id: payload.personalAccessToken.id } },
      { token: member.secret },
    );
    const afterRevoke = await create();
    expect(afterRevoke.data?.createPersonalAccessToken.__typename).toBe('CreatePersonalAccessTokenPayload');
  });
});

describe('updatePersonalAccessToken and renewPersonalAccessToken', () => {
  it('renames a token, refusing an empty description', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const target = await seedPersonalAccessToken(keygate.services, keygate.organizationId, member.userId);
    const renamed = await keygate.request(
      UpdatePat,
      { input: { id: patGlobalId(target.patId), description: '  laptop  ' } },
      { token: member.secret },
    );
    expect(renamed.data?.updatePersonalAccessToken).toMatchObject({
      personalAccessToken: { description: 'laptop' },
    });
    const empty = await keygate.request(
      UpdatePat,
      { input: { id: patGlobalId(target.patId), description: ' ' } },
      { token: member.secret },
    );
    expect(empty.data?.updatePersonalAccessToken).toMatchObject({
      __typename: 'ValidationError',
      field: 'description',
    });
    expect(await lastEvent(target.patId)).toMatchObject({ action: 'pat.updated', outcome: 'FAILED' });
  });

  it("renews within the organization's maximum lifetime and never an expired token", async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const target = await seedPersonalAccessToken(keygate.services, keygate.organizationId, member.userId);
    const later = inDays(30);
    const renewed = await keygate.request(
      RenewPat,
      { input: { id: patGlobalId(target.patId), expiresAt: later } },
      { token: member.secret },
    );
    expect(renewed.data?.renewPersonalAccessToken).toMatchObject({
      personalAccessToken: { expiresAt: later },
    });
    const tooLate = await keygate.request(
      RenewPat,
      { input: { id: patGlobalId(target.patId), expiresAt: inDays(400) } },
      { token: member.secret },
    );
    expect(tooLate.data?.renewPersonalAccessToken).toMatchObject({
      __typename: 'ValidationError',
      field: 'expiresAt',
    });
    const expired = await seedPersonalAccessToken(keygate.services, keygate.organizationId, member.userId, {
      expiresAt: new Date(Date.now() - 1000),
    });
    const refused = await keygate.request(
      RenewPat,
      { input: { id: patGlobalId(expired.patId), expiresAt: inDays(2) } },
      { token: member.secret },
    );
    expect(refused.data?.renewPersonalAccessToken).toMatchObject({ code: 'INVALID_STATE' });
    expect(await authenticates(expired.secret)).toBe(false);
    const stored = await keygate.services.prisma.personalAccessToken.findUniqueOrThrow({
      where: { id: target.patId },
    });
    expect(stored.expiresAt.toISOString()).toBe(later);
  });
});

describe('personal access tokens and organizations', () => {
  it('shows and manages a person’s tokens only in the organization they belong to', async () => {
    const other = await seedOrganization(keygate.services);
    const person = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    await keygate.services.prisma.membership.create({
      data: { organizationId: other.organizationId, userId: person.userId, name: 'Person', role: 'MEMBER' },
    });
    const inOther = { 'x-keygate-organization': other.organizationId };
    // The person's token of the first organization acts in the second through the header...
    const viewer = await keygate.request(Viewer, {}, { token: person.secret, headers: inOther });
    expect(viewer.data?.viewer.organization.id).toBe(encodeGlobalID('Organization', other.organizationId));
    // ...but the second organization neither lists it, nor finds it, nor lets it be deleted.
    const listed = await keygate.request(ListPats, {}, { token: person.secret, headers: inOther });
    expect(listed.data!.viewer.personalAccessTokens.totalCount).toBe(0);
    const node = await keygate.request(
      PatNode,
      { id: patGlobalId(person.patId) },
      { token: person.secret, headers: inOther },
    );
    expect(node.data?.node).toBeNull();
    const deleted = await keygate.request(
      DeletePat,
      { input: { id: patGlobalId(person.patId) } },
      { token: person.secret, headers: inOther },
    );
    expect(deleted.data?.deletePersonalAccessToken).toMatchObject({ code: 'NOT_FOUND' });
    expect(await authenticates(person.secret)).toBe(true);
    const home = await keygate.request(ListPats, {}, { token: person.secret });
    expect(home.data!.viewer.personalAccessTokens.edges.map((e) => e.node.id)).toContain(
      patGlobalId(person.patId),
    );
  });
});
