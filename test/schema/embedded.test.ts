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
});
