import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSecret } from '../../src/domain/authenticate.js';
import { generateSecret } from '../../src/domain/secrets.js';
import { graphql } from '../graphql/generated/index.js';
import { openEventStream } from '../support/event-stream.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedApplication, seedMachineIdentity, seedMember, seedToken } from '../support/seed.js';

/**
 * The ends of a credential's life that every kind shares: deleting a machine identity's token, revoking and
 * rotating an application key, and a subscription that stops when its credential does.
 */

const Viewer = graphql(`
  query LifecycleViewer { viewer { kind } }
`);

const DeleteToken = graphql(`
  mutation LifecycleDeleteToken($input: DeleteTokenInput!) {
    deleteToken(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on Error { code }
    }
  }
`);

const SetTokenKey = graphql(`
  mutation LifecycleSetTokenKey($input: SetTokenKeyInput!) {
    setTokenKey(input: $input) { __typename ... on Error { code } }
  }
`);

const RevokeToken = graphql(`
  mutation LifecycleRevokeToken($input: RevokeTokenInput!) {
    revokeToken(input: $input) { __typename }
  }
`);

const TokenNode = graphql(`
  query LifecycleTokenNode($id: ID!) { node(id: $id) { id } }
`);

const VerifyCredential = graphql(`
  mutation LifecycleVerify($input: VerifyCredentialInput!) {
    verifyCredential(input: $input) { valid code }
  }
`);

const DisableIdentity = graphql(`
  mutation LifecycleDisableIdentity($input: DisableMachineIdentityInput!) {
    disableMachineIdentity(input: $input) { __typename ... on Error { code } }
  }
`);

const DeleteIdentity = graphql(`
  mutation LifecycleDeleteIdentity($input: DeleteMachineIdentityInput!) {
    deleteMachineIdentity(input: $input) { __typename ... on Error { code } }
  }
`);

const CreateAppKey = graphql(`
  mutation LifecycleCreateAppKey($input: CreateAppKeyInput!) {
    createAppKey(input: $input) {
      __typename
      ... on CreateAppKeyPayload { keyDetails applicationKey { id expirationDate state } }
      ... on Error { code }
    }
  }
`);

const RevokeAppKey = graphql(`
  mutation LifecycleRevokeAppKey($input: RevokeAppKeyInput!) {
    revokeAppKey(input: $input) {
      __typename
      ... on ApplicationKeyPayload { applicationKey { id state revokedAt } }
      ... on Error { code }
    }
  }
`);

const RotateAppKey = graphql(`
  mutation LifecycleRotateAppKey($input: RotateAppKeyInput!) {
    rotateAppKey(input: $input) {
      __typename
      ... on CreateAppKeyPayload { keyDetails applicationKey { id expirationDate state } }
      ... on Error { code message }
    }
  }
`);

const AppKeys = graphql(`
  query LifecycleAppKeys($projectId: ID!, $appId: ID!, $state: CredentialState) {
    appKeys(projectId: $projectId, appId: $appId, state: $state, first: 50) {
      edges { node { id state expirationDate } }
    }
  }
`);

const Authenticate = graphql(`
  mutation LifecycleAuthenticate($input: AuthenticateClientAssertionInput!) {
    authenticateClientAssertion(input: $input) { valid code }
  }
`);

interface KeyFile {
  keyId: string;
  key: string;
  clientId: string;
}

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

const owner = () => keygate.ownerSecret;

async function authenticates(token: string) {
  return (await keygate.request(Viewer, {}, { token })).errors === undefined;
}

describe('deleteToken', () => {
  it('stops the token at once and removes it, its secrets and nothing else', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const doomed = await seedToken(keygate.services, keygate.organizationId, identity.id);
    const kept = await seedToken(keygate.services, keygate.organizationId, identity.id);
    expect(await authenticates(doomed.secret)).toBe(true);
    const id = encodeGlobalID('Token', doomed.tokenId);
    const deleted = await keygate.request(DeleteToken, { input: { id } }, { token: owner() });
    expect(deleted.data?.deleteToken).toEqual({ __typename: 'DeletedPayload', deletedId: id });
    expect(await authenticates(doomed.secret)).toBe(false);
    expect(await authenticates(kept.secret)).toBe(true);
    expect((await keygate.request(TokenNode, { id }, { token: owner() })).data?.node).toBeNull();
    expect(await keygate.services.prisma.credentialSecret.count({ where: { tokenId: doomed.tokenId } })).toBe(
      0,
    );
    const event = await keygate.services.prisma.auditEvent.findFirst({
      where: { targetId: doomed.tokenId, action: 'token.deleted' },
    });
    expect(event?.outcome).toBe('SUCCESS');
    const again = await keygate.request(DeleteToken, { input: { id } }, { token: owner() });
    expect(again.data?.deleteToken).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it('is not an admin’s to do for an owner-role identity, nor is disabling or deleting it', async () => {
    const admin = await seedMember(keygate.services, keygate.organizationId, 'ADMIN');
    const mighty = await seedMachineIdentity(keygate.services, keygate.organizationId, { role: 'OWNER' });
    const token = await seedToken(keygate.services, keygate.organizationId, mighty.id);
    const identityId = encodeGlobalID('MachineIdentity', mighty.id);
    const answers = await Promise.all([
      keygate.request(
        DeleteToken,
        { input: { id: encodeGlobalID('Token', token.tokenId) } },
        { token: admin.secret },
      ),
      keygate.request(DisableIdentity, { input: { id: identityId } }, { token: admin.secret }),
      keygate.request(DeleteIdentity, { input: { id: identityId } }, { token: admin.secret }),
    ]);
    expect(answers.map((a) => a.errors?.[0]?.extensions?.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
    expect(await authenticates(token.secret)).toBe(true);
    const stored = await keygate.services.prisma.machineIdentity.findUniqueOrThrow({
      where: { id: mighty.id },
    });
    expect(stored.disabledAt).toBeNull();
  });
});

describe('a revoked token', () => {
  it('is refused on this instance as soon as the revocation has committed, before anything else happens', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const token = await seedToken(keygate.services, keygate.organizationId, identity.id);
    const { services } = keygate;
    const check = () => checkSecret(services, token.secret, { ip: null });
    expect((await check()).ok).toBe(true); // now cached
    // Look in at the moment the revocation has committed and nothing after it has run yet: what a
    // request arriving then (say, from someone who saw the change in the database) gets.
    const cache = services.credentialCache;
    const beginChange = cache.beginChange.bind(cache);
    let rightAfterCommit: Promise<Awaited<ReturnType<typeof check>>> | undefined;
    cache.beginChange = () => {
      const settled = beginChange();
      return () => {
        rightAfterCommit = check();
        settled();
      };
    };
    try {
      const revoked = await keygate.request(
        RevokeToken,
        { input: { id: encodeGlobalID('Token', token.tokenId) } },
        { token: owner() },
      );
      expect(revoked.data?.revokeToken.__typename).toBe('TokenPayload');
    } finally {
      cache.beginChange = beginChange;
    }
    expect(rightAfterCommit).toBeDefined();
    expect(await rightAfterCommit).toMatchObject({ ok: false, code: 'REVOKED' });
  });
});

describe('a secret that matched nothing', () => {
  it('works at once when it is later set as a token’s key, though its miss was cached', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const token = await seedToken(keygate.services, keygate.organizationId, identity.id);
    const key = generateSecret('TOKEN');
    const verify = () => keygate.request(VerifyCredential, { input: { secret: key } }, { token: owner() });
    expect((await verify()).data?.verifyCredential).toEqual({ valid: false, code: 'NOT_FOUND' });
    const lookups = () =>
      keygate.queries.filter((sql) => sql.includes('"CredentialSecret"') && sql.startsWith('SELECT'));
    keygate.queries.length = 0;
    expect((await verify()).data?.verifyCredential).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect(lookups()).toEqual([]);
    const set = await keygate.request(
      SetTokenKey,
      { input: { id: encodeGlobalID('Token', token.tokenId), key } },
      { token: owner() },
    );
    expect(set.data?.setTokenKey.__typename).toBe('TokenPayload');
    expect((await verify()).data?.verifyCredential).toEqual({ valid: true, code: 'VALID' });
  });
});

describe('verifyCredential without the client address', () => {
  it("refuses a token restricted to trusted ranges instead of checking the verifier's own address", async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const restricted = await seedToken(keygate.services, keygate.organizationId, identity.id, {
      trustedIps: ['127.0.0.1/32'],
    });
    // The verifying service itself calls from 127.0.0.1, inside the token's range.
    const blind = await keygate.request(
      VerifyCredential,
      { input: { secret: restricted.secret } },
      { token: owner(), ip: '127.0.0.1' },
    );
    expect(blind.data?.verifyCredential).toEqual({ valid: false, code: 'IP_NOT_ALLOWED' });
    const told = await keygate.request(
      VerifyCredential,
      { input: { secret: restricted.secret, ip: '127.0.0.1' } },
      { token: owner() },
    );
    expect(told.data?.verifyCredential).toEqual({ valid: true, code: 'VALID' });
  });
});

describe('application keys', () => {
  async function newKey() {
    const { projectId, applicationId } = await seedApplication(keygate.services, keygate.organizationId);
    const ids = {
      projectId: encodeGlobalID('Project', projectId),
      appId: encodeGlobalID('Application', applicationId),
    };
    const created = await keygate.request(
      CreateAppKey,
      { input: { ...ids, type: 'JSON' } },
      { token: owner() },
    );
    const payload = created.data!.createAppKey;
    if (payload.__typename !== 'CreateAppKeyPayload') throw new Error(payload.__typename);
    return { ...ids, id: payload.applicationKey.id, file: JSON.parse(payload.keyDetails) as KeyFile };
  }

  async function sign(file: KeyFile) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: file.clientId,
      sub: file.clientId,
      aud: keygate.services.config.issuer,
      iat: now,
      exp: now + 60,
      jti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'RS256', kid: file.keyId })
      .sign(await importPKCS8(file.key, 'RS256'));
  }

  async function accepts(file: KeyFile) {
    const response = await keygate.request(
      Authenticate,
      { input: { assertion: await sign(file) } },
      { token: owner() },
    );
    return response.data!.authenticateClientAssertion.code;
  }

  it('revokes a key: its assertions are refused and it stays listed as REVOKED', async () => {
    const key = await newKey();
    expect(await accepts(key.file)).toBe('VALID');
    const revoked = await keygate.request(RevokeAppKey, { input: { id: key.id } }, { token: owner() });
    expect(revoked.data?.revokeAppKey).toMatchObject({
      __typename: 'ApplicationKeyPayload',
      applicationKey: { state: 'REVOKED', revokedAt: expect.any(String) },
    });
    expect(await accepts(key.file)).toBe('REVOKED');
    const listed = await keygate.request(
      AppKeys,
      { projectId: key.projectId, appId: key.appId, state: 'REVOKED' },
      { token: owner() },
    );
    expect(listed.data!.appKeys.edges.map((e) => e.node.id)).toEqual([key.id]);
    const rotated = await keygate.request(
      RotateAppKey,
      { input: { id: key.id, gracePeriodSeconds: 0 } },
      { token: owner() },
    );
    expect(rotated.data?.rotateAppKey).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('rotates a key: a new key file with the same expiry, the old key working for the grace period', async () => {
    const key = await newKey();
    const before = await keygate.services.prisma.applicationKey.findUniqueOrThrow({
      where: { id: key.file.keyId },
    });
    const graced = await keygate.request(
      RotateAppKey,
      { input: { id: key.id, gracePeriodSeconds: 600 } },
      { token: owner() },
    );
    const payload = graced.data!.rotateAppKey;
    if (payload.__typename !== 'CreateAppKeyPayload') throw new Error(JSON.stringify(payload));
    const next = JSON.parse(payload.keyDetails) as KeyFile;
    expect(next.keyId).not.toBe(key.file.keyId);
    expect(payload.applicationKey.expirationDate).toBe(before.expirationDate.toISOString());
    expect(await accepts(next)).toBe('VALID');
    expect(await accepts(key.file)).toBe('VALID');
    const old = await keygate.services.prisma.applicationKey.findUniqueOrThrow({
      where: { id: key.file.keyId },
    });
    expect(old.expirationDate.getTime()).toBeLessThanOrEqual(Date.now() + 600_000);
    expect(old.expirationDate.getTime()).toBeGreaterThan(Date.now() + 590_000);

    const immediate = await keygate.request(
      RotateAppKey,
      { input: { id: payload.applicationKey.id, gracePeriodSeconds: 0 } },
      { token: owner() },
    );
    const last = immediate.data!.rotateAppKey;
    if (last.__typename !== 'CreateAppKeyPayload') throw new Error(JSON.stringify(last));
    expect(await accepts(next)).toBe('EXPIRED');
    expect(await accepts(JSON.parse(last.keyDetails) as KeyFile)).toBe('VALID');
    const event = await keygate.services.prisma.auditEvent.findFirst({
      where: { targetId: key.file.keyId, action: 'appkey.rotated' },
    });
    expect(event?.outcome).toBe('SUCCESS');
    expect(JSON.stringify(event?.changes)).not.toContain('PRIVATE KEY');
  });
});

describe('auditEventAdded', () => {
  it('ends the stream of a subscriber who is no longer allowed to read the audit log', async () => {
    const auditor = await seedMember(keygate.services, keygate.organizationId, 'AUDITOR');
    const stream = await openEventStream(
      (url, init) => keygate.yoga.fetch(url, init),
      'http://keygate.test/graphql',
      auditor.secret,
      'subscription { auditEventAdded { action } }',
    );
    expect(stream.status).toBe(200);
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const token = await seedToken(keygate.services, keygate.organizationId, identity.id);
    await keygate.request(
      DeleteToken,
      { input: { id: encodeGlobalID('Token', token.tokenId) } },
      { token: owner() },
    );
    const first = await stream.readUntil((buffer) => buffer.includes('token.deleted'));
    expect(first.match(/event: next/g)).toHaveLength(1);

    // The auditor's membership ends; the stream must carry nothing more, and finish.
    await keygate.services.prisma.membership.deleteMany({ where: { userId: auditor.userId } });
    keygate.services.credentialsChanged({
      organizationId: keygate.organizationId,
      action: 'test',
      affects: [`user:${auditor.userId}`],
    });
    const second = await seedToken(keygate.services, keygate.organizationId, identity.id);
    await keygate.request(
      DeleteToken,
      { input: { id: encodeGlobalID('Token', second.tokenId) } },
      { token: owner() },
    );
    const rest = await stream.readUntil((buffer) => buffer.includes('event: complete'), 5000);
    expect(rest).toContain('event: complete');
    expect(rest.match(/event: next/g)).toHaveLength(1);
    stream.close();
  });
});
