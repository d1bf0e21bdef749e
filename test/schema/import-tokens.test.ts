import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { reportLeakedSecret } from '../../src/domain/leaked-secrets.js';
import { hashSecret } from '../../src/domain/secrets.js';
import {
  authentikTokenKey,
  legacyAuthentikTokenKey,
  sha256Hex,
  unleashApiToken,
  unleashPersonalAccessToken,
  unleashV2Token,
} from '../support/foreign-keys.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMachineIdentity, seedMember, seedOrganization, seedToken } from '../support/seed.js';

/*
 * importTokens, importPersonalAccessTokens and setTokenKey with keys made as authentik and Unleash make
 * them: what they accept, that the keys then authenticate, and every refusal changing nothing.
 */

let keygate: TestKeygate;
let owner: string;

beforeAll(async () => {
  keygate = await startTestKeygate();
  owner = keygate.ownerSecret;
});

afterAll(async () => {
  await keygate?.close();
});

const IMPORT = `mutation($input: ImportTokensInput!) { importTokens(input: $input) {
  __typename
  ... on ImportTokensPayload { tokens { id name externalId expiresAt scopes state identity { id } } }
  ... on ValidationError { field message }
  ... on NotFoundError { message }
  ... on LimitReachedError { limit message } } }`;

const IMPORT_PATS = `mutation($input: ImportPersonalAccessTokensInput!) { importPersonalAccessTokens(input: $input) {
  __typename
  ... on ImportPersonalAccessTokensPayload { personalAccessTokens { id description externalId scopes } }
  ... on ValidationError { field message }
  ... on LimitReachedError { limit message } } }`;

const SET_KEY = `mutation($input: SetTokenKeyInput!) { setTokenKey(input: $input) {
  __typename ... on ValidationError { field message } } }`;

function importTokens(identityId: string, tokens: unknown[], token = owner) {
  return keygate.raw(
    IMPORT,
    { input: { identityId: encodeGlobalID('MachineIdentity', identityId), tokens } },
    {
      token,
    },
  );
}

/** Who a secret authenticates as on GraphQL, or the HTTP status it is refused with. */
async function whoIs(secret: string): Promise<string | number> {
  const answer = await keygate.raw('{ viewer { kind credential { id } } }', undefined, {
    token: secret,
    ip: '198.51.100.7',
  });
  return answer.status === 200 ? answer.data.viewer.credential.id : answer.status;
}

const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

async function eventsOf(organizationId: string, actions: string[]) {
  return keygate.services.prisma.auditEvent.findMany({
    where: { organizationId, action: { in: actions } },
    orderBy: { id: 'asc' },
  });
}

describe('importTokens', () => {
  it("imports authentik's and Unleash's keys as they make them, by plaintext and by SHA-256", async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId, {
      name: 'unleash-clients',
      permissions: ['token:read'],
    });
    const authentik = authentikTokenKey();
    const oldAuthentik = legacyAuthentikTokenKey();
    const client = unleashApiToken('default', 'development');
    const everyProject = unleashApiToken('*', 'production');
    const v2 = unleashV2Token('default:production.');
    const byHex = unleashApiToken('[]', 'staging');
    // The key was presented before it existed here: its miss is remembered, and must be forgotten.
    expect(await whoIs(client)).toBe(401);

    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const answer = await importTokens(identity.id, [
      { name: 'grafana', key: authentik, externalId: 'grafana-api', expiresAt },
      { name: 'old-authentik', key: oldAuthentik, externalId: 'ci' },
      { name: 'default/development', key: client, scopes: ['token:read'], externalId: 'backend-dev' },
      { name: 'all/production', key: everyProject, trustedIps: ['198.51.100.0/24'] },
      { name: 'v2 by verifier', keySha256: v2.verifier, externalId: 'edge-v2' },
      { name: 'by hex', keySha256: sha256Hex(byHex), numUsesLimit: 5 },
    ]);
    expect(answer.data.importTokens.__typename).toBe('ImportTokensPayload');
    const tokens = answer.data.importTokens.tokens;
    expect(tokens.map((token: { name: string }) => token.name)).toEqual([
      'grafana',
      'old-authentik',
      'default/development',
      'all/production',
      'v2 by verifier',
      'by hex',
    ]);
    expect(tokens[0]).toMatchObject({ externalId: 'grafana-api', expiresAt, state: 'ACTIVE' });
    expect(tokens[2].scopes).toEqual(['token:read']);
    expect(tokens[3].externalId).toBeNull();

    // Each key authenticates as its token, at once (the remembered miss is gone).
    for (const [index, key] of [authentik, oldAuthentik, client, everyProject, v2.secret, byHex].entries()) {
      expect(await whoIs(key)).toBe(tokens[index].id);
    }
    // Only hashes are stored, and nothing of the keys is in the audit log.
    const stored = await keygate.services.prisma.credentialSecret.findMany({
      where: { tokenId: { in: tokens.map((token: { id: string }) => rawId(token.id)) } },
    });
    expect(stored.map((row) => Buffer.from(row.hash).toString('hex')).sort()).toEqual(
      [authentik, oldAuthentik, client, everyProject, v2.secret, byHex].map(sha256Hex).sort(),
    );
    const events = await eventsOf(keygate.organizationId, ['token.imported', 'token.batch_imported']);
    expect(events.map((event) => [event.action, event.targetId])).toEqual([
      ...tokens.map((token: { id: string }) => ['token.imported', rawId(token.id)]),
      ['token.batch_imported', identity.id],
    ]);
    expect(events[4]!.changes).toMatchObject({ externalId: 'edge-v2', keyGivenAs: 'keySha256' });
    const logged = JSON.stringify(events.map((event) => event.changes));
    for (const key of [authentik, oldAuthentik, client, everyProject, v2.secret, byHex]) {
      expect(logged).not.toContain(key);
    }
  });

  it('refuses weak and malformed keys, naming the item and the field, and imports nothing', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const good = { name: 'good', key: authentikTokenKey() };
    const cases: [unknown, string, RegExp][] = [
      [
        { name: 'short', key: legacyAuthentikTokenKey().slice(0, 20) },
        'tokens[1].key',
        /32 to 512 characters/,
      ],
      [{ name: 'flat', key: 'a'.repeat(64) }, 'tokens[1].key', /not look random enough/],
      [{ name: 'repeated', key: 'Zx9-Qw7!'.repeat(6) }, 'tokens[1].key', /not look random enough/],
      [
        { name: 'spaced', key: `${authentikTokenKey(30)} ${authentikTokenKey(30)}` },
        'tokens[1].key',
        /printable/,
      ],
      [
        { name: 'jwt', key: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl' },
        'tokens[1].key',
        /JWT/,
      ],
      [{ name: 'kg prefix', key: `kg_${authentikTokenKey()}` }, 'tokens[1].key', /Keygate secret/],
      [
        { name: 'both', key: authentikTokenKey(), keySha256: sha256Hex('x') },
        'tokens[1].keySha256',
        /not both/,
      ],
      [{ name: 'neither' }, 'tokens[1].key', /must not be empty/],
      [{ name: 'bad hash', keySha256: 'abc' }, 'tokens[1].keySha256', /64 hexadecimal/],
      [{ name: '', key: authentikTokenKey() }, 'tokens[1].name', /must not be empty/],
      [
        { name: 'scoped', key: authentikTokenKey(), scopes: ['token:delete'] },
        'tokens[1].scopes',
        /more than/,
      ],
      [
        { name: 'past', key: authentikTokenKey(), expiresAt: '2020-01-01T00:00:00Z' },
        'tokens[1].expiresAt',
        /future/,
      ],
    ];
    for (const [bad, field, message] of cases) {
      const answer = await importTokens(identity.id, [good, bad]);
      expect(answer.data.importTokens).toMatchObject({ __typename: 'ValidationError', field });
      expect(answer.data.importTokens.message).toMatch(message);
    }
    const unleash = unleashApiToken('default', 'development');
    const leakyName = await importTokens(identity.id, [{ name: 'x', key: unleash, externalId: unleash }]);
    expect(leakyName.data.importTokens).toMatchObject({ field: 'tokens[0].externalId' });
    const keyAsName = await importTokens(identity.id, [{ name: `checkout ${unleash}`, key: unleash }]);
    expect(keyAsName.data.importTokens).toMatchObject({ field: 'tokens[0].name' });
    // No message quotes a key.
    expect(JSON.stringify(leakyName)).not.toContain(unleash);
    // Nothing of any batch was imported: the good key does not authenticate.
    expect(await keygate.services.prisma.token.count({ where: { identityId: identity.id } })).toBe(0);
    expect(await whoIs(good.key)).toBe(401);
    // Each refused batch is one FAILED event of the import, and no token.imported at all.
    const events = await keygate.services.prisma.auditEvent.findMany({
      where: { targetId: identity.id, action: 'token.batch_imported' },
    });
    expect(events.map((event) => event.outcome)).toEqual(Array(cases.length + 2).fill('FAILED'));
  });

  it('rolls back a whole batch when its last item fails: no tokens, no events of them', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const keys = Array.from({ length: 5 }, () => unleashApiToken('default', 'development'));
    const before = await keygate.services.prisma.auditEvent.count({ where: { action: 'token.imported' } });
    const answer = await importTokens(identity.id, [
      ...keys.map((key, index) => ({ name: `t${index}`, key })),
      { name: 'weak', key: 'password1234password1234password' },
    ]);
    expect(answer.data.importTokens).toMatchObject({ __typename: 'ValidationError', field: 'tokens[5].key' });
    expect(await keygate.services.prisma.token.count({ where: { identityId: identity.id } })).toBe(0);
    expect(await keygate.services.prisma.auditEvent.count({ where: { action: 'token.imported' } })).toBe(
      before,
    );
    for (const key of keys) expect(await whoIs(key)).toBe(401);
  });

  it('refuses a key that is already a secret, without saying whose, and tells its organization', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const mine = await seedToken(keygate.services, keygate.organizationId, identity.id);
    const other = await seedOrganization(keygate.services);
    const theirs = await seedMachineIdentity(keygate.services, other.organizationId);
    const imported = authentikTokenKey();
    const first = await importTokens(theirs.id, [{ name: 'theirs', key: imported }], other.secret);
    expect(first.data.importTokens.__typename).toBe('ImportTokensPayload');

    const fresh = unleashApiToken('default', 'development');
    const answers = [
      await importTokens(identity.id, [
        { name: 'a', key: fresh },
        { name: 'b', key: mine.secret },
      ]),
      await importTokens(identity.id, [
        { name: 'a', key: fresh },
        { name: 'b', key: imported },
      ]),
      await importTokens(identity.id, [
        { name: 'a', key: fresh },
        { name: 'b', keySha256: sha256Hex(imported) },
      ]),
    ];
    expect(answers.map((answer) => answer.data.importTokens)).toEqual([
      {
        __typename: 'ValidationError',
        field: 'tokens[1].key',
        message: 'this key cannot be used; generate a new one',
      },
      {
        __typename: 'ValidationError',
        field: 'tokens[1].key',
        message: 'this key cannot be used; generate a new one',
      },
      {
        __typename: 'ValidationError',
        field: 'tokens[1].keySha256',
        message: 'this key cannot be used; generate a new one',
      },
    ]);
    // The same key twice in one batch is refused too, naming the second.
    const twice = await importTokens(identity.id, [
      { name: 'a', key: fresh },
      { name: 'b', keySha256: sha256Hex(fresh) },
    ]);
    expect(twice.data.importTokens).toMatchObject({ field: 'tokens[1].keySha256' });
    expect(await whoIs(fresh)).toBe(401);
    // The other organization learns that someone outside presented its key, twice.
    const told = await eventsOf(other.organizationId, ['auth.failed']);
    expect(told.map((event) => (event.changes as { via?: string }).via)).toEqual([
      'importTokens',
      'importTokens',
    ]);
  });

  it("answers another organization's identity exactly like a missing one", async () => {
    const other = await seedOrganization(keygate.services);
    const theirs = await seedMachineIdentity(keygate.services, other.organizationId);
    const tokens = [{ name: 'x', key: authentikTokenKey() }];
    const foreign = await importTokens(theirs.id, tokens);
    const missing = await importTokens('01890000-0000-7000-8000-000000000000', tokens);
    expect(foreign.data.importTokens).toEqual({
      __typename: 'NotFoundError',
      message: 'MachineIdentity not found',
    });
    expect(missing.data).toEqual(foreign.data);
    expect(await keygate.services.prisma.token.count({ where: { identityId: theirs.id } })).toBe(0);
  });

  it('takes at most 1000 tokens in one import, and at least one', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const over = await importTokens(
      identity.id,
      Array.from({ length: 1001 }, () => ({ name: 'x' })),
    );
    expect(over.data.importTokens).toMatchObject({ __typename: 'LimitReachedError', limit: 1000 });
    const none = await importTokens(identity.id, []);
    expect(none.data.importTokens).toMatchObject({ __typename: 'ValidationError', field: 'tokens' });
  });

  it('imports a full batch of 1000 in one transaction', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const hashes = Array.from({ length: 1000 }, (_, index) =>
      sha256Hex(`unleash-${index}-${authentikTokenKey()}`),
    );
    const answer = await importTokens(
      identity.id,
      hashes.map((keySha256, index) => ({ name: `t${index}`, keySha256 })),
    );
    expect(answer.data.importTokens.tokens).toHaveLength(1000);
    expect(await keygate.services.prisma.token.count({ where: { identityId: identity.id } })).toBe(1000);
  });

  it('needs token:create and token:set_key, and a caller who could grant the identity its role', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    // Creating tokens is not enough: the keys are the caller's choice, as with setTokenKey.
    const creator = await seedMember(keygate.services, keygate.organizationId, 'ADMIN', {
      scopes: ['token:create'],
    });
    const admin = await seedMember(keygate.services, keygate.organizationId, 'ADMIN');
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const ownerRole = await seedMachineIdentity(keygate.services, keygate.organizationId, { role: 'OWNER' });
    const tokens = [{ name: 'x', key: authentikTokenKey() }];
    for (const [caller, missing] of [
      [member, 'token:create'],
      [creator, 'token:set_key'],
    ] as const) {
      const denied = await importTokens(identity.id, tokens, caller.secret);
      expect(denied.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(denied.errors[0].message).toContain(missing);
    }
    // The refusal of a caller who may create tokens is recorded as denied.
    const recorded = await keygate.services.prisma.auditEvent.findMany({
      where: { action: 'token.batch_imported', actorId: creator.userId },
    });
    expect(recorded.map((event) => event.outcome)).toEqual(['DENIED']);
    const above = await importTokens(ownerRole.id, tokens, admin.secret);
    expect(above.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await whoIs(tokens[0]!.key)).toBe(401);
  });

  it('never looks up junk: too short, too long or with spaces, a presented key is refused unread', async () => {
    for (const junk of ['short-key', 'x'.repeat(513), 'has a space in it somewhere ok']) {
      keygate.queries.length = 0;
      expect(await whoIs(junk)).toBe(401);
      expect(keygate.queries.filter((sql) => sql.includes('"CredentialSecret"'))).toEqual([]);
    }
    // A key of the imported shape is looked up, and refused alike when nothing matches.
    keygate.queries.length = 0;
    expect(await whoIs(authentikTokenKey())).toBe(401);
    expect(keygate.queries.filter((sql) => sql.includes('"CredentialSecret"'))).toHaveLength(1);
  });

  it('lets the secret-scanning report revoke a leaked imported key', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const key = unleashApiToken('default', 'production');
    const answer = await importTokens(identity.id, [{ name: 'leaky', key }]);
    const id = answer.data.importTokens.tokens[0].id;
    expect(await whoIs(key)).toBe(id);
    expect(await reportLeakedSecret(keygate.services, { secret: key, source: 'report' })).toEqual({
      live: true,
    });
    expect(await whoIs(key)).toBe(401);
  });
});

describe('setTokenKey with a key from another product', () => {
  async function newToken() {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const token = await seedToken(keygate.services, keygate.organizationId, identity.id);
    return { ...token, id: encodeGlobalID('Token', token.tokenId) };
  }

  it('sets an authentik key or an Unleash verifier; the old secret stops working', async () => {
    const token = await newToken();
    const key = authentikTokenKey();
    const set = await keygate.raw(SET_KEY, { input: { id: token.id, key } }, { token: owner });
    expect(set.data.setTokenKey.__typename).toBe('TokenPayload');
    expect(await whoIs(key)).toBe(token.id);
    expect(await whoIs(token.secret)).toBe(401);
    const v2 = unleashV2Token('*:development.');
    await keygate.raw(SET_KEY, { input: { id: token.id, keySha256: `${v2.verifier}=` } }, { token: owner });
    expect(await whoIs(v2.secret)).toBe(token.id);
    expect(await whoIs(key)).toBe(401);
    const stored = await keygate.services.prisma.credentialSecret.findMany({
      where: { tokenId: token.tokenId },
    });
    expect(stored.map((row) => Buffer.from(row.hash))).toEqual([Buffer.from(hashSecret(v2.secret))]);
  });

  it('refuses both, neither, a weak key and a taken one, changing nothing', async () => {
    const token = await newToken();
    const taken = await newToken();
    for (const [input, field] of [
      [{ key: authentikTokenKey(), keySha256: sha256Hex('x') }, 'keySha256'],
      [{}, 'key'],
      [{ key: '0123456789abcdef0123456789abcdef' }, 'key'],
      [{ keySha256: sha256Hex(taken.secret) }, 'keySha256'],
      [{ key: taken.secret }, 'key'],
    ] as const) {
      const answer = await keygate.raw(SET_KEY, { input: { id: token.id, ...input } }, { token: owner });
      expect(answer.data.setTokenKey).toMatchObject({ __typename: 'ValidationError', field });
    }
    expect(await whoIs(token.secret)).toBe(token.id);
  });
});

describe('importPersonalAccessTokens', () => {
  it("imports a person's own Unleash PATs, acting as that person, within the per-user limit", async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const pat = unleashPersonalAccessToken();
    const v2 = unleashV2Token('user:');
    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const answer = await keygate.raw(
      IMPORT_PATS,
      {
        input: {
          tokens: [
            { description: 'laptop', key: pat, expiresAt, externalId: '17', scopes: ['token:read'] },
            { description: 'ci', keySha256: v2.verifier, expiresAt },
          ],
        },
      },
      { token: member.secret },
    );
    const imported = answer.data.importPersonalAccessTokens.personalAccessTokens;
    expect(imported.map((token: { description: string }) => token.description)).toEqual(['laptop', 'ci']);
    expect(imported[0]).toMatchObject({ externalId: '17', scopes: ['token:read'] });
    const who = await keygate.raw('{ viewer { user { id } permissions } }', undefined, { token: pat });
    expect(who.data.viewer.user.id).toBe(encodeGlobalID('User', member.userId));
    expect(who.data.viewer.permissions).toEqual(['token:read']);
    expect(await whoIs(v2.secret)).toBe(imported[1].id);
    const events = await keygate.services.prisma.auditEvent.findMany({
      where: {
        organizationId: keygate.organizationId,
        action: { in: ['pat.imported', 'pat.batch_imported'] },
        actorId: member.userId,
      },
      orderBy: { id: 'asc' },
    });
    expect(events.map((event) => event.action)).toEqual([
      'pat.imported',
      'pat.imported',
      'pat.batch_imported',
    ]);

    // 50 active tokens per person by default: the seeded one and two imported leave 47.
    const tooMany = await keygate.raw(
      IMPORT_PATS,
      {
        input: {
          tokens: Array.from({ length: 48 }, (_, index) => ({
            description: `t${index}`,
            keySha256: sha256Hex(`pat-${index}-${authentikTokenKey()}`),
            expiresAt,
          })),
        },
      },
      { token: member.secret },
    );
    expect(tooMany.data.importPersonalAccessTokens).toMatchObject({
      __typename: 'LimitReachedError',
      limit: 50,
    });
  });

  it("is for people only, and never broader than the caller's credential", async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId, { role: 'ADMIN' });
    const machine = await seedToken(keygate.services, keygate.organizationId, identity.id);
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const tokens = [{ description: 'x', key: unleashPersonalAccessToken(), expiresAt }];
    const byMachine = await keygate.raw(IMPORT_PATS, { input: { tokens } }, { token: machine.secret });
    expect(byMachine.errors[0].extensions.code).toBe('FORBIDDEN');
    const narrow = await seedMember(keygate.services, keygate.organizationId, 'ADMIN', {
      scopes: ['pat:create'],
    });
    const broader = await keygate.raw(
      IMPORT_PATS,
      { input: { tokens: [{ ...tokens[0], scopes: ['token:create'] }] } },
      { token: narrow.secret },
    );
    expect(broader.data.importPersonalAccessTokens).toMatchObject({ field: 'tokens[0].scopes' });
    expect(await whoIs(tokens[0]!.key)).toBe(401);
  });
});

describe('the strength rule', () => {
  it('is configured by KEYGATE_IMPORTED_KEY_MIN_LENGTH and _MIN_ENTROPY_BITS, checked at start', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).importedKeys).toEqual({ minLength: 32, minEntropyBits: 90 });
    expect(
      loadConfig({
        NODE_ENV: 'test',
        KEYGATE_IMPORTED_KEY_MIN_LENGTH: '48',
        KEYGATE_IMPORTED_KEY_MIN_ENTROPY_BITS: '200',
      }).importedKeys,
    ).toEqual({ minLength: 48, minEntropyBits: 200 });
    expect(() => loadConfig({ NODE_ENV: 'test', KEYGATE_IMPORTED_KEY_MIN_LENGTH: '8' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', KEYGATE_IMPORTED_KEY_MIN_ENTROPY_BITS: 'lots' })).toThrow(
      /KEYGATE_IMPORTED_KEY_MIN_ENTROPY_BITS must be a whole number from 64 to 2048/,
    );
  });
});

describe('on the embedded database', () => {
  it('imports and authenticates as on PostgreSQL', async () => {
    const embedded = await startTestKeygate({}, { embedded: true });
    try {
      const identity = await seedMachineIdentity(embedded.services, embedded.organizationId);
      const keys = [authentikTokenKey(), unleashApiToken('default', 'development')];
      const answer = await embedded.raw(
        IMPORT,
        {
          input: {
            identityId: encodeGlobalID('MachineIdentity', identity.id),
            tokens: [
              { name: 'authentik', key: keys[0] },
              { name: 'unleash', keySha256: sha256Hex(keys[1]!) },
            ],
          },
        },
        { token: embedded.ownerSecret },
      );
      const tokens = answer.data.importTokens.tokens;
      for (const [index, key] of keys.entries()) {
        const viewer = await embedded.raw('{ viewer { credential { id } } }', undefined, { token: key });
        expect(viewer.data.viewer.credential.id).toBe(tokens[index].id);
      }
      const events = await embedded.services.prisma.auditEvent.count({
        where: { action: { in: ['token.imported', 'token.batch_imported'] } },
      });
      expect(events).toBe(3);
    } finally {
      await embedded.close();
    }
  });
});
