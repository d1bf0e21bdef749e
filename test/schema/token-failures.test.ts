import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateSecret, hashSecret } from '../../src/domain/secrets.js';
import { startTestKeygate, type TestKeygate, type TypedDocument } from '../support/keygate.js';

/**
 * Failure paths of machine identity tokens, through GraphQL against PostgreSQL. The operations are plain
 * strings typed by hand (codegen output belongs to another change), so they are not in
 * test/graphql/generated.
 */
const operation = <TResult, TVariables = Record<string, unknown>>(
  source: string,
): TypedDocument<TResult, TVariables> => ({ toString: () => source });

interface TokenFields {
  id: string;
  name: string;
  state: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
  expiresAt: string | null;
  lastRenewedAt: string | null;
}
type Outcome = { __typename: string; code?: string; message?: string; field?: string };

const CreateIdentity = operation<{
  createMachineIdentity: { __typename: string; machineIdentity?: { id: string } };
}>(`mutation ($name: String!) {
  createMachineIdentity(input: { name: $name }) { __typename ... on MachineIdentityPayload { machineIdentity { id } } }
}`);

const CreateToken = operation<{
  createToken: Outcome & { secret?: string; token?: TokenFields };
}>(`mutation ($input: CreateTokenInput!) {
  createToken(input: $input) {
    __typename
    ... on TokenSecretPayload { secret token { id name state expiresAt lastRenewedAt } }
    ... on Error { code message }
  }
}`);

const Viewer = operation<{ viewer: { kind: string; credential: { id: string } } }>(
  '{ viewer { kind credential { id } } }',
);

const Verify = operation<{ verifyCredential: { valid: boolean; code: string; kind: string | null } }>(
  `mutation ($secret: String!, $ip: String) {
    verifyCredential(input: { secret: $secret, ip: $ip }) { valid code kind }
  }`,
);

const Tokens = operation<{
  tokens: { totalCount: number; edges: { node: { id: string; state: string } }[] };
}>(`query ($identityId: ID, $state: CredentialState) {
  tokens(identityId: $identityId, state: $state, first: 10) { totalCount edges { node { id state } } }
}`);

const TokenNode = operation<{ node: { state: string; isRevoked: boolean } | null }>(
  'query ($id: ID!) { node(id: $id) { ... on Token { state isRevoked } } }',
);

const RenewToken = operation<{ renewToken: Outcome & { token?: TokenFields } }>(
  `mutation ($id: ID!) {
    renewToken(input: { id: $id }) { __typename ... on TokenPayload { token { expiresAt } } ... on Error { code message } }
  }`,
);

const RotateToken = operation<{ rotateToken: Outcome & { secret?: string } }>(
  `mutation ($id: ID!) {
    rotateToken(input: { id: $id, gracePeriodSeconds: 60 }) {
      __typename ... on TokenSecretPayload { secret } ... on Error { code message }
    }
  }`,
);

const RevokeToken = operation<{ revokeToken: Outcome }>(
  'mutation ($id: ID!) { revokeToken(input: { id: $id }) { __typename } }',
);

const SetTokenKey = operation<{ setTokenKey: Outcome }>(
  `mutation ($id: ID!, $key: String) {
    setTokenKey(input: { id: $id, key: $key }) { __typename ... on Error { code message } ... on ValidationError { field } }
  }`,
);

let keygate: TestKeygate;
let owner: string;
let identityId: string;

const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

beforeAll(async () => {
  keygate = await startTestKeygate();
  owner = keygate.ownerSecret;
  const { data } = await keygate.request(CreateIdentity, { name: 'failing' }, { token: owner });
  identityId = data!.createMachineIdentity.machineIdentity!.id;
});

afterAll(async () => {
  await keygate?.close();
});

async function newToken(input: Record<string, unknown> = {}) {
  const { data, errors } = await keygate.request(
    CreateToken,
    { input: { identityId, name: 'failing', ...input } },
    { token: owner },
  );
  expect(errors).toBeUndefined();
  const result = data!.createToken;
  if (result.__typename !== 'TokenSecretPayload') throw new Error(JSON.stringify(result));
  return { secret: result.secret!, token: result.token!, id: rawId(result.token!.id) };
}

/** The token row with its secrets: everything a refused change must leave alone. */
const stored = (id: string) =>
  keygate.services.prisma.token.findUniqueOrThrow({ where: { id }, include: { secrets: true } });

async function lastEvent(action: string, targetId: string) {
  return keygate.services.prisma.auditEvent.findFirst({
    where: { action, OR: [{ targetId }, { credentialId: targetId }] },
    orderBy: { id: 'desc' },
  });
}

/** Moves a token's expiry into the past, behind Keygate's back (so its credential cache is emptied). */
async function expire(id: string) {
  await keygate.services.prisma.token.update({
    where: { id },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  keygate.services.credentialCache.clear();
}

describe('a token whose TTL has run out', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops authenticating, verifies as EXPIRED, lists as EXPIRED and cannot be renewed', async () => {
    // The test holds the clock (Date only; timers run as usual) instead of waiting for it: still while
    // the token is made and used, then moved to the moment its TTL runs out. The row is not edited: the
    // expiry checked is the one Keygate stored from the TTL.
    const createdAt = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: createdAt });
    const { secret, token, id } = await newToken({ ttl: 2 });
    expect(Date.parse(token.expiresAt!)).toBe(createdAt + 2000);
    const before = await keygate.request(Viewer, {}, { token: secret });
    expect(before.data?.viewer).toEqual({ kind: 'MACHINE_IDENTITY', credential: { id: token.id } });

    vi.setSystemTime(createdAt + 2000);

    const refused = await keygate.request(Viewer, {}, { token: secret });
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.data ?? null).toBeNull();
    expect((await lastEvent('auth.failed', id))?.changes).toEqual({ code: 'EXPIRED' });

    const verified = await keygate.request(Verify, { secret }, { token: owner });
    expect(verified.data?.verifyCredential).toEqual({ valid: false, code: 'EXPIRED', kind: 'TOKEN' });

    const expired = await keygate.request(Tokens, { identityId, state: 'EXPIRED' }, { token: owner });
    expect(expired.data?.tokens.edges.map((edge) => edge.node)).toContainEqual({
      id: token.id,
      state: 'EXPIRED',
    });
    const active = await keygate.request(Tokens, { identityId, state: 'ACTIVE' }, { token: owner });
    expect(active.data?.tokens.edges.map((edge) => edge.node.id)).not.toContain(token.id);
    const node = await keygate.request(TokenNode, { id: token.id }, { token: owner });
    expect(node.data?.node).toEqual({ state: 'EXPIRED', isRevoked: false });

    const row = await stored(id);
    const renewed = await keygate.request(RenewToken, { id: token.id }, { token: owner });
    expect(renewed.data?.renewToken).toMatchObject({
      __typename: 'InvalidStateError',
      code: 'INVALID_STATE',
    });
    expect(await stored(id)).toEqual(row);
    expect((await lastEvent('token.renewed', id))?.outcome).toBe('FAILED');
  });
});

describe('trusted IP ranges on the Bearer path', () => {
  let secret: string;
  let tokenId: string;

  beforeAll(async () => {
    const created = await newToken({
      trustedIps: ['10.0.0.0/8', '2001:db8::/32', '203.0.113.7', '2001:db8:ffff::7'],
      numUsesLimit: 1000,
    });
    secret = created.secret;
    tokenId = created.id;
  });

  it.each([
    ['10.1.2.3', 'inside 10.0.0.0/8'],
    ['10.255.255.255', 'the last address of 10.0.0.0/8'],
    ['::ffff:10.9.9.9', 'an IPv4 client seen through an IPv6 socket'],
    ['2001:db8::1', 'inside 2001:db8::/32'],
    ['2001:db8:1234:5678::abcd', 'deep inside 2001:db8::/32'],
    ['203.0.113.7', 'the one IPv4 host listed'],
  ])('lets %s in (%s)', async (ip) => {
    const { status, data, errors } = await keygate.request(Viewer, {}, { token: secret, ip });
    expect(errors).toBeUndefined();
    expect(status).toBe(200);
    expect(data?.viewer.kind).toBe('MACHINE_IDENTITY');
  });

  it.each([
    ['192.168.1.1', 'a private address outside every range'],
    ['11.0.0.1', 'just past 10.0.0.0/8'],
    ['203.0.113.8', 'next to the one host listed'],
    ['2001:db9::1', 'just past 2001:db8::/32'],
    ['::1', 'IPv6 loopback'],
    ['::ffff:192.168.1.1', 'an outside IPv4 client seen through an IPv6 socket'],
  ])('refuses %s (%s) with UNAUTHENTICATED, without counting a use', async (ip) => {
    const usesBefore = (await stored(tokenId)).numUses;
    const { status, data, errors } = await keygate.request(Viewer, {}, { token: secret, ip });
    expect(status).toBe(401);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(data ?? null).toBeNull();
    const event = await lastEvent('auth.failed', tokenId);
    // Kept in its normal form: an IPv4-mapped IPv6 address is the IPv4 address.
    const normal = ip.replace(/^::ffff:/, '');
    expect(event).toMatchObject({ outcome: 'DENIED', ip: normal, changes: { code: 'IP_NOT_ALLOWED' } });
    expect((await stored(tokenId)).numUses).toBe(usesBefore);
  });

  it('answers verifyCredential from outside with IP_NOT_ALLOWED and from inside with VALID', async () => {
    const outside = await keygate.request(Verify, { secret, ip: '192.0.2.1' }, { token: owner });
    expect(outside.data?.verifyCredential).toEqual({ valid: false, code: 'IP_NOT_ALLOWED', kind: 'TOKEN' });
    const inside = await keygate.request(Verify, { secret, ip: '2001:db8::2' }, { token: owner });
    expect(inside.data?.verifyCredential).toEqual({ valid: true, code: 'VALID', kind: 'TOKEN' });
  });
});

describe("a secret of Keygate's shape with a character outside ASCII in its checksum", () => {
  it('is no secret: verifyCredential answers NOT_FOUND and a request bearing it is unauthenticated', async () => {
    const { secret } = await newToken();
    const mangled = `${secret.slice(0, -1)}é`;
    const verified = await keygate.request(Verify, { secret: mangled }, { token: owner });
    expect(verified.errors).toBeUndefined();
    expect(verified.data?.verifyCredential).toMatchObject({ valid: false, code: 'NOT_FOUND' });
    const bearing = await keygate.request(Verify, { secret }, { token: `${owner.slice(0, -1)}é` });
    expect(bearing.status).toBe(401);
  });
});

describe('rotateToken', () => {
  it('refuses a revoked token with InvalidStateError and changes nothing', async () => {
    const { token, id } = await newToken({ ttl: 600 });
    await keygate.request(RevokeToken, { id: token.id }, { token: owner });
    const before = await stored(id);
    const { data } = await keygate.request(RotateToken, { id: token.id }, { token: owner });
    expect(data?.rotateToken).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
    expect(data?.rotateToken).not.toHaveProperty('secret');
    expect(await stored(id)).toEqual(before);
    expect((await lastEvent('token.rotated', id))?.outcome).toBe('FAILED');
  });

  it('refuses an expired token with InvalidStateError and changes nothing', async () => {
    const { secret, token, id } = await newToken({ ttl: 600 });
    await expire(id);
    const before = await stored(id);
    const { data } = await keygate.request(RotateToken, { id: token.id }, { token: owner });
    expect(data?.rotateToken).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
    expect(await stored(id)).toEqual(before);
    // Rotation never brings an expired credential back.
    expect((await keygate.request(Verify, { secret }, { token: owner })).data?.verifyCredential.code).toBe(
      'EXPIRED',
    );
  });
});

describe('setTokenKey', () => {
  it('refuses a revoked token with InvalidStateError, stores nothing, and leaves the key free', async () => {
    const { token, id } = await newToken();
    await keygate.request(RevokeToken, { id: token.id }, { token: owner });
    const before = await stored(id);
    const key = generateSecret('TOKEN');
    const { data } = await keygate.request(SetTokenKey, { id: token.id, key }, { token: owner });
    expect(data?.setTokenKey).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
    expect(await stored(id)).toEqual(before);
    expect(await keygate.services.prisma.credentialSecret.count({ where: { hash: hashSecret(key) } })).toBe(
      0,
    );
    const event = await lastEvent('token.key_set', id);
    expect(event?.outcome).toBe('FAILED');
    expect(JSON.stringify(event?.changes)).not.toContain(key);

    // The refused attempt did not reserve the key: a live token can take it.
    const live = await newToken();
    const taken = await keygate.request(SetTokenKey, { id: live.token.id, key }, { token: owner });
    expect(taken.data?.setTokenKey.__typename).toBe('TokenPayload');
  });
});

describe('renewToken', () => {
  it('refuses once creation + maxTtl has passed, leaving the expiry as it was', async () => {
    const { token, id } = await newToken({ ttl: 60, maxTtl: 120 });
    // Created 121 s ago: still unexpired (its expiry is ours to keep), but past its renewal ceiling.
    await keygate.services.prisma.token.update({
      where: { id },
      data: { createdAt: new Date(Date.now() - 121_000) },
    });
    const before = await stored(id);
    expect(before.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    const { data } = await keygate.request(RenewToken, { id: token.id }, { token: owner });
    expect(data?.renewToken).toMatchObject({
      __typename: 'InvalidStateError',
      code: 'INVALID_STATE',
      message: expect.stringMatching(/max TTL/),
    });
    const after = await stored(id);
    expect(after).toEqual(before);
    expect(after.lastRenewedAt).toBeNull();
  });
});
