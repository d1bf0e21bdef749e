import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSecret, generateSecret, hashSecret } from '../../src/domain/secrets.js';
import type { CreateTokenInput } from '../graphql/generated/graphql.js';
import { graphql } from '../graphql/generated/index.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMember, seedOrganization } from '../support/seed.js';

const CreateIdentity = graphql(`
  mutation TestCreateIdentity($input: CreateMachineIdentityInput!) {
    createMachineIdentity(input: $input) {
      __typename
      ... on MachineIdentityPayload { machineIdentity { id name role disabled } }
      ... on ValidationError { field code }
    }
  }
`);

const UpdateIdentity = graphql(`
  mutation TestUpdateIdentity($input: UpdateMachineIdentityInput!) {
    updateMachineIdentity(input: $input) {
      __typename
      ... on MachineIdentityPayload { machineIdentity { id name } }
      ... on ValidationError { field }
      ... on NotFoundError { code }
    }
  }
`);

const DisableIdentity = graphql(`
  mutation TestDisableIdentity($input: DisableMachineIdentityInput!) {
    disableMachineIdentity(input: $input) {
      __typename
      ... on MachineIdentityPayload { machineIdentity { disabled } }
    }
  }
`);

const EnableIdentity = graphql(`
  mutation TestEnableIdentity($input: EnableMachineIdentityInput!) {
    enableMachineIdentity(input: $input) {
      __typename
      ... on MachineIdentityPayload { machineIdentity { disabled } }
    }
  }
`);

const DeleteIdentity = graphql(`
  mutation TestDeleteIdentity($input: DeleteMachineIdentityInput!) {
    deleteMachineIdentity(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on NotFoundError { code }
    }
  }
`);

const CreateToken = graphql(`
  mutation TestCreateToken($input: CreateTokenInput!) {
    createToken(input: $input) {
      __typename
      ... on TokenSecretPayload {
        secret
        token { id name ttl maxTtl numUses numUsesLimit trustedIps scopes expiresAt state isRevoked authMethod identity { id } }
      }
      ... on ValidationError { field message }
      ... on NotFoundError { code }
    }
  }
`);

const UpdateToken = graphql(`
  mutation TestUpdateToken($input: UpdateTokenInput!) {
    updateToken(input: $input) {
      __typename
      ... on TokenPayload {
        token { id name ttl maxTtl numUses numUsesLimit lastUsedAt lastRenewedAt isRevoked identity { name } createdAt updatedAt authMethod }
      }
      ... on ValidationError { field }
      ... on NotFoundError { code }
    }
  }
`);

const RenewToken = graphql(`
  mutation TestRenewToken($input: RenewTokenInput!) {
    renewToken(input: $input) {
      __typename
      ... on TokenPayload { token { expiresAt lastRenewedAt } }
      ... on InvalidStateError { message code }
      ... on NotFoundError { code }
    }
  }
`);

const RevokeToken = graphql(`
  mutation TestRevokeToken($input: RevokeTokenInput!) {
    revokeToken(input: $input) {
      __typename
      ... on TokenPayload { token { isRevoked state } }
      ... on NotFoundError { code }
    }
  }
`);

const RevokeAll = graphql(`
  mutation TestRevokeAll($input: RevokeAllTokensInput!) {
    revokeAllTokens(input: $input) {
      __typename
      ... on RevokeAllTokensPayload { revokedCount }
    }
  }
`);

const RotateToken = graphql(`
  mutation TestRotateToken($input: RotateTokenInput!) {
    rotateToken(input: $input) {
      __typename
      ... on TokenSecretPayload { secret token { expiresAt name ttl } }
      ... on ValidationError { field }
      ... on InvalidStateError { code }
    }
  }
`);

const SetTokenKey = graphql(`
  mutation TestSetTokenKey($input: SetTokenKeyInput!) {
    setTokenKey(input: $input) {
      __typename
      ... on TokenPayload { token { id } }
      ... on ValidationError { field message }
      ... on NotFoundError { code message }
      ... on InvalidStateError { code }
    }
  }
`);

const Verify = graphql(`
  mutation TestVerify($input: VerifyCredentialInput!) {
    verifyCredential(input: $input) {
      valid
      code
      kind
      credentialId
      ownerKind
      ownerId
      expiresAt
      remainingUses
      permissions
    }
  }
`);

const Tokens = graphql(`
  query TestTokens($identityId: ID, $state: CredentialState, $first: Int) {
    tokens(identityId: $identityId, state: $state, first: $first) {
      totalCount
      edges { node { id name state } }
    }
  }
`);

const NodeQuery = graphql(`
  query TestNode($id: ID!) {
    node(id: $id) { __typename id }
  }
`);

let keygate: TestKeygate;
let owner: string;

beforeAll(async () => {
  keygate = await startTestKeygate();
  owner = keygate.ownerSecret;
});

afterAll(async () => {
  await keygate?.close();
});

const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

async function newIdentity(name: string, role: 'ADMIN' | 'MEMBER' = 'ADMIN') {
  const { data, errors } = await keygate.request(CreateIdentity, { input: { name, role } }, { token: owner });
  expect(errors).toBeUndefined();
  const result = data!.createMachineIdentity;
  if (result.__typename !== 'MachineIdentityPayload') throw new Error(result.__typename);
  return result.machineIdentity;
}

async function newToken(input: CreateTokenInput) {
  const { data, errors } = await keygate.request(CreateToken, { input }, { token: owner });
  expect(errors).toBeUndefined();
  const result = data!.createToken;
  if (result.__typename !== 'TokenSecretPayload') throw new Error(JSON.stringify(result));
  return result;
}

async function verify(
  secret: string,
  extra: { ip?: string; requiredPermissions?: string[] } = {},
  token = owner,
) {
  const { data, errors } = await keygate.request(Verify, { input: { secret, ...extra } }, { token });
  expect(errors).toBeUndefined();
  return data!.verifyCredential;
}

describe('machine identities', () => {
  it('are created, renamed, disabled, enabled and deleted, each with an audit event', async () => {
    const identity = await newIdentity('deployer');
    expect(identity).toMatchObject({ name: 'deployer', role: 'ADMIN', disabled: false });

    const duplicate = await keygate.request(
      CreateIdentity,
      { input: { name: 'deployer' } },
      { token: owner },
    );
    expect(duplicate.data?.createMachineIdentity).toMatchObject({
      __typename: 'ValidationError',
      field: 'name',
    });

    const renamed = await keygate.request(
      UpdateIdentity,
      { input: { id: identity.id, name: 'ci-deployer' } },
      { token: owner },
    );
    expect(renamed.data?.updateMachineIdentity).toMatchObject({ machineIdentity: { name: 'ci-deployer' } });

    const { secret } = await newToken({ identityId: identity.id, name: 'for disable' });
    expect((await verify(secret)).code).toBe('VALID');
    await keygate.request(DisableIdentity, { input: { id: identity.id } }, { token: owner });
    expect((await verify(secret)).code).toBe('DISABLED');
    await keygate.request(EnableIdentity, { input: { id: identity.id } }, { token: owner });
    expect((await verify(secret)).code).toBe('VALID');

    const deleted = await keygate.request(DeleteIdentity, { input: { id: identity.id } }, { token: owner });
    expect(deleted.data?.deleteMachineIdentity).toEqual({
      __typename: 'DeletedPayload',
      deletedId: identity.id,
    });
    expect((await verify(secret)).code).toBe('NOT_FOUND');

    const events = await keygate.services.prisma.auditEvent.findMany({
      where: { targetId: rawId(identity.id) },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.action)).toEqual([
      'identity.created',
      'identity.updated',
      'identity.disabled',
      'identity.enabled',
      'identity.deleted',
    ]);
  });
});

describe('tokens', () => {
  it('are created with their settings and authenticate as the identity', async () => {
    const identity = await newIdentity('worker');
    const created = await newToken({
      identityId: identity.id,
      name: 'nightly',
      ttl: 3600,
      maxTtl: 7200,
      numUsesLimit: 0,
      trustedIps: ['10.0.0.0/8', '2001:db8::/32'],
      scopes: ['token:read'],
    });
    expect(created.secret).toMatch(/^kg_tok_/);
    expect(created.token).toMatchObject({
      name: 'nightly',
      ttl: 3600,
      maxTtl: 7200,
      trustedIps: ['10.0.0.0/8', '2001:db8::/32'],
      scopes: ['token:read'],
      state: 'ACTIVE',
      isRevoked: false,
      authMethod: 'token',
    });
    const expiresIn = new Date(created.token.expiresAt!).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);

    const fromInside = await verify(created.secret, { ip: '10.1.2.3' });
    expect(fromInside).toMatchObject({
      valid: true,
      code: 'VALID',
      kind: 'TOKEN',
      ownerKind: 'MACHINE_IDENTITY',
      ownerId: identity.id,
      credentialId: created.token.id,
      permissions: ['token:read'],
    });
    expect((await verify(created.secret, { ip: '2001:db8::1' })).code).toBe('VALID');
    expect((await verify(created.secret, { ip: '192.168.1.1' })).code).toBe('IP_NOT_ALLOWED');
    expect((await verify(created.secret, { ip: '::ffff:10.9.9.9' })).code).toBe('VALID');
    expect(
      (await verify(created.secret, { ip: '10.1.2.3', requiredPermissions: ['token:create'] })).code,
    ).toBe('INSUFFICIENT_PERMISSIONS');
  });

  it.each([
    [{ ttl: -1 }, 'ttl'],
    [{ ttl: 10, maxTtl: 5 }, 'ttl'],
    [{ ttl: 0, maxTtl: 5 }, 'maxTtl'],
    [{ numUsesLimit: -3 }, 'numUsesLimit'],
    [{ trustedIps: ['10.0.0.0/33'] }, 'trustedIps'],
    [{ trustedIps: ['not-an-ip'] }, 'trustedIps'],
    [{ scopes: ['member:manage'] }, 'scopes'],
    [{ name: '' }, 'name'],
  ])('refuses %j naming %s, creating nothing', async (bad, field) => {
    const identity = await newIdentity(`bad-${field}-${Math.random()}`);
    const before = await keygate.services.prisma.token.count();
    const { data } = await keygate.request(
      CreateToken,
      { input: { identityId: identity.id, name: 'x', ...bad } },
      { token: owner },
    );
    expect(data?.createToken).toMatchObject({ __typename: 'ValidationError', field });
    expect(await keygate.services.prisma.token.count()).toBe(before);
  });

  it('updateToken renames and returns the whole token', async () => {
    const identity = await newIdentity('renamer');
    const { token } = await newToken({ identityId: identity.id, name: 'old' });
    const { data } = await keygate.request(
      UpdateToken,
      { input: { id: token.id, name: 'new' } },
      { token: owner },
    );
    expect(data?.updateToken).toMatchObject({
      __typename: 'TokenPayload',
      token: {
        id: token.id,
        name: 'new',
        ttl: 0,
        maxTtl: 0,
        numUses: 0,
        numUsesLimit: 0,
        isRevoked: false,
        identity: { name: 'renamer' },
        authMethod: 'token',
      },
    });
    const empty = await keygate.request(
      UpdateToken,
      { input: { id: token.id, name: '  ' } },
      { token: owner },
    );
    expect(empty.data?.updateToken).toMatchObject({ __typename: 'ValidationError', field: 'name' });
  });

  it('renews within the max TTL and refuses revoked, expired and TTL-less tokens', async () => {
    const identity = await newIdentity('renewer');
    const { token } = await newToken({ identityId: identity.id, name: 'r', ttl: 60, maxTtl: 90 });
    const id = rawId(token.id);
    // Pretend it was created 50 s ago: renewal gives now + 60 s, capped at creation + 90 s.
    await keygate.services.prisma.token.update({
      where: { id },
      data: { createdAt: new Date(Date.now() - 50_000) },
    });
    const renewed = await keygate.request(RenewToken, { input: { id: token.id } }, { token: owner });
    if (renewed.data?.renewToken.__typename !== 'TokenPayload') throw new Error(JSON.stringify(renewed));
    const left = new Date(renewed.data.renewToken.token.expiresAt!).getTime() - Date.now();
    expect(left).toBeGreaterThan(35_000);
    expect(left).toBeLessThanOrEqual(40_000);
    expect(renewed.data.renewToken.token.lastRenewedAt).not.toBeNull();

    await keygate.services.prisma.token.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await keygate.request(RenewToken, { input: { id: token.id } }, { token: owner });
    expect(expired.data?.renewToken).toMatchObject({
      __typename: 'InvalidStateError',
      code: 'INVALID_STATE',
    });

    const { token: forever } = await newToken({ identityId: identity.id, name: 'no ttl' });
    const noTtl = await keygate.request(RenewToken, { input: { id: forever.id } }, { token: owner });
    expect(noTtl.data?.renewToken.__typename).toBe('InvalidStateError');

    const { token: toRevoke } = await newToken({ identityId: identity.id, name: 'rv', ttl: 60 });
    await keygate.request(RevokeToken, { input: { id: toRevoke.id } }, { token: owner });
    const revoked = await keygate.request(RenewToken, { input: { id: toRevoke.id } }, { token: owner });
    expect(revoked.data?.renewToken.__typename).toBe('InvalidStateError');
  });

  it('revokes one token or all of an identity; revoked tokens fail at once', async () => {
    const identity = await newIdentity('revoker');
    const a = await newToken({ identityId: identity.id, name: 'a' });
    const b = await newToken({ identityId: identity.id, name: 'b' });
    const c = await newToken({ identityId: identity.id, name: 'c' });
    const one = await keygate.request(RevokeToken, { input: { id: a.token.id } }, { token: owner });
    expect(one.data?.revokeToken).toMatchObject({ token: { isRevoked: true, state: 'REVOKED' } });
    expect((await verify(a.secret)).code).toBe('REVOKED');
    const all = await keygate.request(RevokeAll, { input: { identityId: identity.id } }, { token: owner });
    expect(all.data?.revokeAllTokens).toEqual({ __typename: 'RevokeAllTokensPayload', revokedCount: 2 });
    expect((await verify(b.secret)).code).toBe('REVOKED');
    expect((await verify(c.secret)).code).toBe('REVOKED');

    const list = await keygate.request(
      Tokens,
      { identityId: identity.id, state: 'REVOKED', first: 10 },
      { token: owner },
    );
    expect(list.data?.tokens.totalCount).toBe(3);
    const active = await keygate.request(
      Tokens,
      { identityId: identity.id, state: 'ACTIVE', first: 10 },
      { token: owner },
    );
    expect(active.data?.tokens.totalCount).toBe(0);
  });

  it('counts uses exactly: with a limit of N, exactly N of many concurrent uses succeed', async () => {
    const identity = await newIdentity('limited');
    const { secret, token } = await newToken({ identityId: identity.id, name: 'five', numUsesLimit: 5 });
    const results = await Promise.all(Array.from({ length: 25 }, () => verify(secret)));
    expect(results.filter((r) => r.code === 'VALID')).toHaveLength(5);
    expect(results.filter((r) => r.code === 'USAGE_EXCEEDED')).toHaveLength(20);
    expect(
      results
        .map((r) => r.remainingUses)
        .filter((n) => n !== null)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4]);
    const stored = await keygate.services.prisma.token.findUniqueOrThrow({ where: { id: rawId(token.id) } });
    expect(stored.numUses).toBe(5);
  });

  it('rotates with a grace period, keeping settings and expiry', async () => {
    const identity = await newIdentity('rotator');
    const created = await newToken({ identityId: identity.id, name: 'rot', ttl: 600 });
    const rotated = await keygate.request(
      RotateToken,
      { input: { id: created.token.id, gracePeriodSeconds: 60 } },
      { token: owner },
    );
    if (rotated.data?.rotateToken.__typename !== 'TokenSecretPayload')
      throw new Error(JSON.stringify(rotated));
    const { secret, token } = rotated.data.rotateToken;
    expect(secret).not.toBe(created.secret);
    expect(token).toMatchObject({ name: 'rot', ttl: 600, expiresAt: created.token.expiresAt });
    // Each secret reports when it stops working: the old one at the end of its grace period (60 s, well
    // before the token's expiry), the new one with the token.
    const graced = await keygate.services.prisma.credentialSecret.findUniqueOrThrow({
      where: { hash: hashSecret(created.secret) },
    });
    expect(graced.validUntil).not.toBeNull();
    expect(graced.validUntil!.getTime()).toBeLessThan(new Date(created.token.expiresAt!).getTime() - 500_000);
    const old = await verify(created.secret);
    expect(old).toMatchObject({ code: 'VALID', expiresAt: graced.validUntil!.toISOString() });
    expect(await verify(secret)).toMatchObject({ code: 'VALID', expiresAt: created.token.expiresAt });

    // Once the grace period is over, the old secret fails.
    await keygate.services.prisma.credentialSecret.updateMany({
      where: { hash: hashSecret(created.secret) },
      data: { validUntil: new Date(Date.now() - 1) },
    });
    keygate.services.credentialCache.clear(); // edited behind Keygate's back
    expect((await verify(created.secret)).code).toBe('NOT_FOUND');

    const immediate = await keygate.request(
      RotateToken,
      { input: { id: created.token.id, gracePeriodSeconds: 0 } },
      { token: owner },
    );
    if (immediate.data?.rotateToken.__typename !== 'TokenSecretPayload') throw new Error('rotate');
    expect((await verify(secret)).code).toBe('NOT_FOUND');
    expect((await verify(immediate.data.rotateToken.secret)).code).toBe('VALID');

    const badGrace = await keygate.request(
      RotateToken,
      { input: { id: created.token.id, gracePeriodSeconds: -1 } },
      { token: owner },
    );
    expect(badGrace.data?.rotateToken).toMatchObject({
      __typename: 'ValidationError',
      field: 'gracePeriodSeconds',
    });
  });

  it('keeps concurrent rotate, revoke and renew of one token consistent', async () => {
    const identity = await newIdentity('racer');
    const { token } = await newToken({ identityId: identity.id, name: 'race', ttl: 600 });
    const input = { input: { id: token.id } };
    await Promise.all([
      keygate.request(RotateToken, { input: { id: token.id, gracePeriodSeconds: 0 } }, { token: owner }),
      keygate.request(RevokeToken, input, { token: owner }),
      keygate.request(RenewToken, input, { token: owner }),
      keygate.request(RotateToken, { input: { id: token.id, gracePeriodSeconds: 0 } }, { token: owner }),
    ]);
    const stored = await keygate.services.prisma.token.findUniqueOrThrow({
      where: { id: rawId(token.id) },
      include: { secrets: true },
    });
    expect(stored.revokedAt).not.toBeNull();
    // Rotations with no grace leave exactly one live secret however they interleave.
    expect(stored.secrets.filter((s) => s.validUntil === null)).toHaveLength(1);
  });
});

describe('setTokenKey', () => {
  it('sets a strong, unique key, stored only as a hash; the old secret stops working', async () => {
    const identity = await newIdentity('keyed');
    const created = await newToken({ identityId: identity.id, name: 'k' });
    const key = generateSecret('TOKEN');
    const { data } = await keygate.request(
      SetTokenKey,
      { input: { id: created.token.id, key } },
      { token: owner },
    );
    expect(data?.setTokenKey).toEqual({ __typename: 'TokenPayload', token: { id: created.token.id } });
    expect((await verify(key)).code).toBe('VALID');
    expect((await verify(created.secret)).code).toBe('NOT_FOUND');

    const dump = JSON.stringify(
      await keygate.services.prisma.$queryRaw`
      SELECT (SELECT json_agg(e)::text FROM "AuditEvent" e) AS events, (SELECT json_agg(t)::text FROM "Token" t) AS tokens`,
    );
    expect(dump).not.toContain(key);
    const event = await keygate.services.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'token.key_set', targetId: rawId(created.token.id) },
    });
    expect(event.changes).toEqual({ keyChanged: true, keyGivenAs: 'key' });

    // The same key on another token is refused without saying whose it is.
    const other = await newToken({ identityId: identity.id, name: 'k2' });
    const duplicate = await keygate.request(
      SetTokenKey,
      { input: { id: other.token.id, key } },
      { token: owner },
    );
    expect(duplicate.data?.setTokenKey).toMatchObject({ __typename: 'ValidationError', field: 'key' });
    expect(JSON.stringify(duplicate)).not.toContain(identity.id);
  });

  it.each([
    ['empty', ''],
    ['missing', undefined],
    ['a repeated pattern, not a Keygate secret', 'hunter2-hunter2-hunter2-hunter2-hunter2'],
    ['a personal access token secret', generateSecret('PERSONAL_ACCESS_TOKEN')],
    ['a weak body with a valid checksum', weakSecret()],
  ])('refuses a key that is %s, naming key', async (_label, key) => {
    const identity = await newIdentity(`weak-${Math.random()}`);
    const created = await newToken({ identityId: identity.id, name: 'k' });
    const { data } = await keygate.request(
      SetTokenKey,
      { input: { id: created.token.id, key } },
      { token: owner },
    );
    expect(data?.setTokenKey).toMatchObject({ __typename: 'ValidationError', field: 'key' });
    expect((await verify(created.secret)).code).toBe('VALID');
  });

  it('answers missing, foreign and expired tokens alike, and needs its own permission', async () => {
    const identity = await newIdentity('hidden');
    const created = await newToken({ identityId: identity.id, name: 'k', ttl: 60 });
    const key = generateSecret('TOKEN');

    const other = await seedOrganization(keygate.services);
    const foreign = await keygate.request(
      SetTokenKey,
      { input: { id: created.token.id, key } },
      { token: other.secret },
    );
    await keygate.services.prisma.token.update({
      where: { id: rawId(created.token.id) },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    const expired = await keygate.request(
      SetTokenKey,
      { input: { id: created.token.id, key } },
      { token: owner },
    );
    const missingId = Buffer.from('Token:00000000-0000-4000-8000-000000000000').toString('base64');
    const missing = await keygate.request(SetTokenKey, { input: { id: missingId, key } }, { token: owner });
    for (const answer of [foreign, expired, missing]) {
      expect(answer.data?.setTokenKey).toEqual({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
        message: 'Token not found',
      });
    }

    // A member who can update tokens but lacks token:set_key is forbidden. (The token is a MEMBER-role
    // identity's: one the member could have given it, so that only the missing permission refuses it.)
    const editor = await seedMember(keygate.services, keygate.organizationId, 'MEMBER', {
      permissions: ['token:update'],
    });
    const peer = await newIdentity('hidden-peer', 'MEMBER');
    const live = await newToken({ identityId: peer.id, name: 'live' });
    const denied = await keygate.request(
      SetTokenKey,
      { input: { id: live.token.id, key } },
      { token: editor.secret },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const renamed = await keygate.request(
      UpdateToken,
      { input: { id: live.token.id, name: 'ok' } },
      { token: editor.secret },
    );
    expect(renamed.data?.updateToken.__typename).toBe('TokenPayload');
  });
});

describe('verifyCredential', () => {
  it('answers NOT_FOUND for everything to callers without credential:verify', async () => {
    const identity = await newIdentity('verified');
    const { secret } = await newToken({ identityId: identity.id, name: 'v' });
    const auditor = await seedMember(keygate.services, keygate.organizationId, 'AUDITOR');
    expect(await verify(secret, {}, auditor.secret)).toMatchObject({
      valid: false,
      code: 'NOT_FOUND',
      kind: null,
      permissions: [],
    });
    expect((await verify(keygate.ownerSecret, {}, auditor.secret)).code).toBe('NOT_FOUND');
  });

  it('does not see credentials of another organization, and does not count their use', async () => {
    const identity = await newIdentity('counted');
    const { secret, token } = await newToken({ identityId: identity.id, name: 'v', numUsesLimit: 3 });
    const other = await seedOrganization(keygate.services);
    expect((await verify(secret, {}, other.secret)).code).toBe('NOT_FOUND');
    const stored = await keygate.services.prisma.token.findUniqueOrThrow({ where: { id: rawId(token.id) } });
    expect(stored.numUses).toBe(0);
    // Nor can they fetch the token by its global id.
    const node = await keygate.request(NodeQuery, { id: token.id }, { token: other.secret });
    expect(node.data?.node).toBeNull();
  });

  it('rejects a mistyped secret without a database lookup', async () => {
    const identity = await newIdentity('typo');
    const { secret } = await newToken({ identityId: identity.id, name: 't' });
    const typo = secret.slice(0, 20) + (secret[20] === 'a' ? 'b' : 'a') + secret.slice(21);
    keygate.queries.length = 0;
    expect((await verify(typo)).code).toBe('NOT_FOUND');
    // The caller's own token comes from the credential cache; the mistyped one is never looked up.
    expect(keygate.queries.filter((sql) => sql.includes('"CredentialSecret"'))).toEqual([]);
    keygate.queries.length = 0;
    expect((await verify(secret)).code).toBe('VALID');
    expect(keygate.queries.filter((sql) => sql.includes('"CredentialSecret"'))).toHaveLength(1);
  });
});

function weakSecret(): string {
  // Well formed, with a correct checksum, but its body is one repeated byte: obviously not random.
  return formatSecret('TOKEN', new Uint8Array(32).fill(7));
}
