import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/domain/secrets.js';
import { graphql } from '../graphql/generated/index.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMember } from '../support/seed.js';

const ViewerQuery = graphql(`
  query TestViewer {
    viewer {
      kind
      user { email }
      organization { id name }
      credential { id kind expiresAt scopes }
      permissions
    }
  }
`);

const CreatePat = graphql(`
  mutation TestCreatePat($input: CreatePersonalAccessTokenInput!) {
    createPersonalAccessToken(input: $input) {
      __typename
      ... on CreatePersonalAccessTokenPayload {
        secret
        personalAccessToken { id description expiresAt scopes state seenAt }
      }
      ... on ValidationError { field message code }
      ... on LimitReachedError { limit message code }
    }
  }
`);

const DeletePat = graphql(`
  mutation TestDeletePat($input: DeletePersonalAccessTokenInput!) {
    deletePersonalAccessToken(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on NotFoundError { code }
    }
  }
`);

const ListPats = graphql(`
  query TestListPats($first: Int, $after: String, $state: CredentialState) {
    viewer {
      personalAccessTokens(first: $first, after: $after, state: $state) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id description state } }
      }
    }
  }
`);

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

async function createPat(
  token: string,
  input: { description: string; expiresAt: string; scopes?: string[] },
) {
  const response = await keygate.request(CreatePat, { input }, { token });
  expect(response.errors).toBeUndefined();
  return response.data!.createPersonalAccessToken;
}

async function auditActions(targetId?: string) {
  const events = await keygate.services.prisma.auditEvent.findMany({
    where: { organizationId: keygate.organizationId, ...(targetId ? { targetId } : {}) },
    orderBy: { id: 'asc' },
  });
  return events.map((e) => `${e.action}:${e.outcome}`);
}

describe('viewer', () => {
  it('answers who the owner token speaks for', async () => {
    const { data, errors } = await keygate.request(ViewerQuery, {}, { token: keygate.ownerSecret });
    expect(errors).toBeUndefined();
    expect(data?.viewer.kind).toBe('USER');
    expect(data?.viewer.user?.email).toBe('owner@example.test');
    expect(data?.viewer.credential.kind).toBe('PERSONAL_ACCESS_TOKEN');
    expect(data?.viewer.permissions).toContain('token:set_key');
  });

  it('requires a credential', async () => {
    const { data, errors } = await keygate.request(ViewerQuery, {});
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers malformed, unknown and mistyped credentials alike, with 401', async () => {
    const unknown = `kg_pat_${'A'.repeat(43)}`;
    const mistyped = `${keygate.ownerSecret.slice(0, -1)}${keygate.ownerSecret.endsWith('x') ? 'y' : 'x'}`;
    const answers = [];
    for (const authorization of [
      'Basic abc',
      'Bearer',
      'Bearer nonsense',
      `Bearer ${unknown}zzzzzz`,
      `Bearer ${mistyped}`,
    ]) {
      const response = await keygate.request(ViewerQuery, {}, { headers: { authorization } });
      answers.push({
        status: response.status,
        code: response.errors?.[0]?.extensions?.code,
        message: response.errors?.[0]?.message,
      });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
      message: 'Invalid or expired credential',
    });
  });
});

describe('createPersonalAccessToken', () => {
  it('returns the secret once, stores only its hash, and records the event in the same transaction', async () => {
    const result = await createPat(keygate.ownerSecret, {
      description: '  CI deploys ',
      expiresAt: inDays(30),
    });
    if (result.__typename !== 'CreatePersonalAccessTokenPayload') throw new Error(result.__typename);
    expect(result.secret).toMatch(/^kg_pat_[A-Za-z0-9_-]{43}[0-9A-Za-z]{6}$/);
    expect(result.personalAccessToken.description).toBe('CI deploys');
    expect(result.personalAccessToken.state).toBe('ACTIVE');

    const viewer = await keygate.request(ViewerQuery, {}, { token: result.secret });
    expect(viewer.data?.viewer.credential.id).toBe(result.personalAccessToken.id);

    const stored = await keygate.services.prisma.credentialSecret.findUnique({
      where: { hash: hashSecret(result.secret) },
    });
    expect(stored?.kind).toBe('PERSONAL_ACCESS_TOKEN');
    const dump = JSON.stringify(
      await keygate.services.prisma.$queryRaw`SELECT row_to_json(e)::text AS row FROM "AuditEvent" e`,
    );
    expect(dump).not.toContain(result.secret);
    expect(dump).toContain('pat.created');

    const lists = await keygate.request(ListPats, { first: 50 }, { token: keygate.ownerSecret });
    expect(JSON.stringify(lists.data)).not.toContain(result.secret);
  });

  it.each([
    ['in the past', inDays(-1), 'expiresAt'],
    ['beyond the organization maximum', inDays(367), 'expiresAt'],
  ])('refuses an expiry %s with a typed error and changes nothing', async (_label, expiresAt, field) => {
    const before = await keygate.services.prisma.personalAccessToken.count();
    const result = await createPat(keygate.ownerSecret, { description: 'bad expiry', expiresAt });
    expect(result).toMatchObject({ __typename: 'ValidationError', field, code: 'VALIDATION_FAILED' });
    expect(await keygate.services.prisma.personalAccessToken.count()).toBe(before);
    expect((await auditActions()).at(-1)).toBe('pat.created:FAILED');
  });

  it('refuses an empty description and scopes beyond the caller', async () => {
    expect(await createPat(keygate.ownerSecret, { description: '   ', expiresAt: inDays(1) })).toMatchObject({
      __typename: 'ValidationError',
      field: 'description',
    });
    expect(
      await createPat(keygate.ownerSecret, {
        description: 'x',
        expiresAt: inDays(1),
        scopes: ['not:a-permission'],
      }),
    ).toMatchObject({ __typename: 'ValidationError', field: 'scopes' });
  });

  it('narrows a token to its scopes', async () => {
    const result = await createPat(keygate.ownerSecret, {
      description: 'read only',
      expiresAt: inDays(1),
      scopes: ['token:read'],
    });
    if (result.__typename !== 'CreatePersonalAccessTokenPayload') throw new Error(result.__typename);
    const viewer = await keygate.request(ViewerQuery, {}, { token: result.secret });
    expect(viewer.data?.viewer.permissions).toEqual(['token:read']);
    // Without pat:create the narrowed token cannot mint a broader one.
    const denied = await keygate.request(
      CreatePat,
      { input: { description: 'escalate', expiresAt: inDays(1) } },
      { token: result.secret },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await auditActions()).at(-1)).toBe('pat.created:DENIED');
  });

  it('refuses a creation past the per-user limit with a typed error', async () => {
    const { prisma } = keygate.services;
    const held = await prisma.personalAccessToken.count({
      where: { organizationId: keygate.organizationId },
    });
    await prisma.organization.update({
      where: { id: keygate.organizationId },
      data: { patLimitPerUser: held },
    });
    try {
      const result = await createPat(keygate.ownerSecret, {
        description: 'one too many',
        expiresAt: inDays(1),
      });
      expect(result).toMatchObject({ __typename: 'LimitReachedError', limit: held, code: 'LIMIT_REACHED' });
      expect(
        await prisma.personalAccessToken.count({ where: { organizationId: keygate.organizationId } }),
      ).toBe(held);
    } finally {
      await prisma.organization.update({
        where: { id: keygate.organizationId },
        data: { patLimitPerUser: 50 },
      });
    }
  });
});

describe('personal access token life', () => {
  it('keeps seenAt fresh in batches, not per request', async () => {
    const result = await createPat(keygate.ownerSecret, { description: 'seen', expiresAt: inDays(1) });
    if (result.__typename !== 'CreatePersonalAccessTokenPayload') throw new Error(result.__typename);
    const id = Buffer.from(result.personalAccessToken.id, 'base64').toString().split(':')[1]!;
    for (let i = 0; i < 3; i++) await keygate.request(ViewerQuery, {}, { token: result.secret });
    const before = await keygate.services.prisma.personalAccessToken.findUniqueOrThrow({ where: { id } });
    expect(before.seenAt).toBeNull();
    await keygate.services.usage.flush();
    const after = await keygate.services.prisma.personalAccessToken.findUniqueOrThrow({ where: { id } });
    expect(after.seenAt).toBeInstanceOf(Date);
  });

  it('lists with stable cursors, filters by state, and counts', async () => {
    const { prisma } = keygate.services;
    const expired = await createPat(keygate.ownerSecret, {
      description: 'soon expired',
      expiresAt: inDays(1),
    });
    if (expired.__typename !== 'CreatePersonalAccessTokenPayload') throw new Error(expired.__typename);
    const expiredId = Buffer.from(expired.personalAccessToken.id, 'base64').toString().split(':')[1]!;
    await prisma.personalAccessToken.update({
      where: { id: expiredId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    keygate.services.credentialCache.clear(); // edited behind Keygate's back

    const all = await keygate.request(ListPats, { first: 100 }, { token: keygate.ownerSecret });
    const total = all.data!.viewer.personalAccessTokens.totalCount;
    expect(total).toBe(all.data!.viewer.personalAccessTokens.edges.length);

    const seen: string[] = [];
    let after: string | null | undefined;
    do {
      const page = await keygate.request(ListPats, { first: 2, after }, { token: keygate.ownerSecret });
      const connection = page.data!.viewer.personalAccessTokens;
      seen.push(...connection.edges.map((e) => e.node.id));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.data!.viewer.personalAccessTokens.edges.map((e) => e.node.id));

    const expiredList = await keygate.request(
      ListPats,
      { first: 100, state: 'EXPIRED' },
      { token: keygate.ownerSecret },
    );
    expect(expiredList.data!.viewer.personalAccessTokens.edges.map((e) => e.node.id)).toEqual([
      expired.personalAccessToken.id,
    ]);
    const active = await keygate.request(
      ListPats,
      { first: 100, state: 'ACTIVE' },
      { token: keygate.ownerSecret },
    );
    expect(active.data!.viewer.personalAccessTokens.totalCount).toBe(total - 1);

    // An expired token no longer authenticates.
    const viewer = await keygate.request(ViewerQuery, {}, { token: expired.secret });
    expect(viewer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await auditActions(undefined)).at(-1)).toBe('auth.failed:DENIED');
  });

  it('deletes a token, which then stops working; another user cannot delete it', async () => {
    const result = await createPat(keygate.ownerSecret, { description: 'to delete', expiresAt: inDays(1) });
    if (result.__typename !== 'CreatePersonalAccessTokenPayload') throw new Error(result.__typename);

    // A second member of the organization, with a token of their own.
    const { secret: otherPat } = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const foreign = await keygate.request(
      DeletePat,
      { input: { id: result.personalAccessToken.id } },
      { token: otherPat },
    );
    expect(foreign.data?.deletePersonalAccessToken).toEqual({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });

    const deleted = await keygate.request(
      DeletePat,
      { input: { id: result.personalAccessToken.id } },
      { token: keygate.ownerSecret },
    );
    expect(deleted.data?.deletePersonalAccessToken).toEqual({
      __typename: 'DeletedPayload',
      deletedId: result.personalAccessToken.id,
    });
    const viewer = await keygate.request(ViewerQuery, {}, { token: result.secret });
    expect(viewer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const id = Buffer.from(result.personalAccessToken.id, 'base64').toString().split(':')[1]!;
    expect(await auditActions(id)).toEqual([
      'pat.created:SUCCESS',
      'pat.deleted:FAILED',
      'pat.deleted:SUCCESS',
    ]);
  });
});
