import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../graphql/generated/index.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';

/**
 * The same schema and migrations on the embedded PGlite that `npm start` uses by default: the main paths,
 * end to end, so both databases are proven.
 */
const CreatePat = graphql(`
  mutation EmbeddedCreatePat($input: CreatePersonalAccessTokenInput!) {
    createPersonalAccessToken(input: $input) {
      __typename
      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id } }
      ... on ValidationError { field }
    }
  }
`);
const CreateIdentity = graphql(`
  mutation EmbeddedCreateIdentity($input: CreateMachineIdentityInput!) {
    createMachineIdentity(input: $input) { ... on MachineIdentityPayload { machineIdentity { id } } }
  }
`);
const CreateToken = graphql(`
  mutation EmbeddedCreateToken($input: CreateTokenInput!) {
    createToken(input: $input) { ... on TokenSecretPayload { secret token { id } } }
  }
`);
const RotateToken = graphql(`
  mutation EmbeddedRotate($input: RotateTokenInput!) {
    rotateToken(input: $input) { ... on TokenSecretPayload { secret } }
  }
`);
const Viewer = graphql(`
  query EmbeddedViewer { viewer { kind credential { kind remainingUses } } }
`);
const Lists = graphql(`
  query EmbeddedLists {
    viewer { personalAccessTokens(first: 10) { totalCount } }
    tokens(first: 10) { totalCount edges { node { name identity { name } } } }
    auditEvents(first: 50) { totalCount }
  }
`);

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate({}, { embedded: true });
});

afterAll(async () => {
  await keygate?.close();
});

describe('on the embedded PGlite', () => {
  it('runs on PGlite', () => {
    expect(keygate.provider).toBe('pglite');
  });

  it('creates and uses a personal access token, and refuses bad input without changing anything', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await keygate.request(
      CreatePat,
      { input: { description: 'embedded', expiresAt } },
      { token: keygate.ownerSecret },
    );
    if (created.data?.createPersonalAccessToken.__typename !== 'CreatePersonalAccessTokenPayload')
      throw new Error('create');
    const viewer = await keygate.request(
      Viewer,
      {},
      { token: created.data.createPersonalAccessToken.secret },
    );
    expect(viewer.data?.viewer.credential.kind).toBe('PERSONAL_ACCESS_TOKEN');
    const before = await keygate.services.prisma.personalAccessToken.count();
    const refused = await keygate.request(
      CreatePat,
      { input: { description: 'past', expiresAt: new Date(Date.now() - 1000).toISOString() } },
      { token: keygate.ownerSecret },
    );
    expect(refused.data?.createPersonalAccessToken).toMatchObject({
      __typename: 'ValidationError',
      field: 'expiresAt',
    });
    expect(await keygate.services.prisma.personalAccessToken.count()).toBe(before);
  });

  it('counts use-limited tokens exactly and rotates secrets', async () => {
    const identity = await keygate.request(
      CreateIdentity,
      { input: { name: 'embedded-bot' } },
      { token: keygate.ownerSecret },
    );
    const identityId = (identity.data!.createMachineIdentity as { machineIdentity: { id: string } })
      .machineIdentity.id;
    const token = await keygate.request(
      CreateToken,
      { input: { identityId, name: 'three', numUsesLimit: 3 } },
      { token: keygate.ownerSecret },
    );
    expect(token.errors, JSON.stringify(token.errors)).toBeUndefined();
    const { secret, token: created } = token.data!.createToken as { secret: string; token: { id: string } };
    const uses = await Promise.all(
      Array.from({ length: 8 }, () => keygate.request(Viewer, {}, { token: secret })),
    );
    expect(uses.filter((r) => r.status === 200)).toHaveLength(3);

    const unlimited = await keygate.request(
      CreateToken,
      { input: { identityId, name: 'rotating' } },
      { token: keygate.ownerSecret },
    );
    const first = unlimited.data!.createToken as { secret: string; token: { id: string } };
    const rotated = await keygate.request(
      RotateToken,
      { input: { id: first.token.id, gracePeriodSeconds: 0 } },
      { token: keygate.ownerSecret },
    );
    const next = (rotated.data!.rotateToken as { secret: string }).secret;
    expect((await keygate.request(Viewer, {}, { token: first.secret })).status).toBe(401);
    expect((await keygate.request(Viewer, {}, { token: next })).status).toBe(200);
    expect(created.id).toBeTruthy();
  });

  it('lists, audits and keeps the hash chain intact', async () => {
    const { data, errors } = await keygate.request(Lists, {}, { token: keygate.ownerSecret });
    expect(errors).toBeUndefined();
    expect(data?.viewer.personalAccessTokens.totalCount).toBe(2);
    expect(data?.tokens.edges.map((e) => e.node.identity.name)).toEqual(['embedded-bot', 'embedded-bot']);
    expect(data?.auditEvents.totalCount).toBeGreaterThanOrEqual(6);
    expect((await keygate.services.auditLog.verify(keygate.organizationId)).valid).toBe(true);
  });

  it('edits a token, searches the lists and revokes in bulk, and the log still proves itself', async () => {
    // Plain strings: codegen output belongs to another change.
    const owner = { token: keygate.ownerSecret };
    const listed = await keygate.raw(
      'query ($search: String) { tokens(search: $search, first: 10) { edges { node { id name } } } }',
      { search: 'EMBEDDED%' },
      owner,
    );
    expect(listed.data.tokens.edges).toEqual([]);
    const [token] = (await keygate.raw('{ tokens(first: 1) { edges { node { id } } } }', undefined, owner))
      .data.tokens.edges;
    const edited = await keygate.raw(
      'mutation ($id: ID!) { updateToken(input: { id: $id, name: "edited_50%", trustedIps: ["10.0.0.0/8"] }) { __typename } }',
      { id: token.node.id },
      owner,
    );
    expect(edited.data.updateToken.__typename).toBe('TokenPayload');
    const found = await keygate.raw(
      'query ($search: String) { tokens(search: $search, first: 10) { edges { node { id } } } }',
      { search: 'd_50%' },
      owner,
    );
    expect(found.data.tokens.edges).toEqual([{ node: { id: token.node.id } }]);
    const revoked = await keygate.raw(
      'mutation { revokeCredentials(input: { filter: { kinds: [TOKEN], all: true }, reason: "embedded" }) { ... on RevokeCredentialsPayload { tokens remaining } } }',
      undefined,
      owner,
    );
    expect(revoked.data.revokeCredentials).toEqual({ tokens: 2, remaining: 0 });
    expect(
      await keygate.services.prisma.auditEvent.count({
        where: { action: 'token.revoked', changes: { path: ['reason'], equals: 'embedded' } },
      }),
    ).toBe(2);
    // The events written in one statement are sealed in order and prove themselves like any other.
    const verification = await keygate.services.auditLog.verify(keygate.organizationId);
    expect(verification.valid).toBe(true);
    const unsealed = { sequence: null, action: { in: ['token.revoked', 'credentials.bulk_revoked'] } };
    expect(await keygate.services.prisma.auditEvent.count({ where: unsealed })).toBe(0);
    // It goes on from the last verification: this test's edit, two revocations and the operation at least.
    expect(verification.checkedEvents).toBeGreaterThanOrEqual(4);
  });
});
