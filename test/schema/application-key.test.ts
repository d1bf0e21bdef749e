import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { importPKCS8, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyClientAssertion } from '../../src/domain/client-assertions.js';
import { graphql } from '../graphql/generated/index.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMember, seedOrganization } from '../support/seed.js';

const CreateProject = graphql(`
  mutation TestAppKeyCreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      __typename
      ... on ProjectPayload { project { id name } }
      ... on ValidationError { field code }
    }
  }
`);

const CreateApplication = graphql(`
  mutation TestAppKeyCreateApplication($input: CreateApplicationInput!) {
    createApplication(input: $input) {
      __typename
      ... on ApplicationPayload { application { id name clientId project { id name } } }
      ... on ValidationError { field code }
      ... on NotFoundError { code }
    }
  }
`);

const ListProjects = graphql(`
  query TestAppKeyProjects {
    projects(first: 50) {
      totalCount
      edges { node { id name applications { totalCount } } }
    }
  }
`);

const ProjectNode = graphql(`
  query TestAppKeyProjectNode($id: ID!) {
    node(id: $id) {
      ... on Project { applications(first: 10) { edges { node { id clientId } } } }
    }
  }
`);

const CreateAppKey = graphql(`
  mutation TestCreateAppKey($input: CreateAppKeyInput!) {
    createAppKey(input: $input) {
      __typename
      ... on CreateAppKeyPayload {
        keyDetails
        applicationKey { id type algorithm publicKey expirationDate lastUsedAt createdAt state application { id clientId } }
      }
      ... on ValidationError { field message code }
      ... on NotFoundError { code }
    }
  }
`);

const ListAppKeys = graphql(`
  query TestListAppKeys($projectId: ID!, $appId: ID!, $state: CredentialState, $first: Int) {
    appKeys(projectId: $projectId, appId: $appId, state: $state, first: $first) {
      totalCount
      edges { node { id state expirationDate application { clientId project { name } } } }
    }
  }
`);

const AppKeyNode = graphql(`
  query TestAppKeyNode($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on ApplicationKey { algorithm publicKey lastUsedAt application { id } }
    }
  }
`);

const DeleteAppKey = graphql(`
  mutation TestDeleteAppKey($input: DeleteAppKeyInput!) {
    deleteAppKey(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on NotFoundError { code message }
    }
  }
`);

const Authenticate = graphql(`
  mutation TestAuthenticateClientAssertion($input: AuthenticateClientAssertionInput!) {
    authenticateClientAssertion(input: $input) {
      valid
      code
      keyId
      applicationKey { id }
      claim
      reason
      expiresAt
      application { id clientId }
    }
  }
`);

interface KeyFile {
  type: string;
  keyId: string;
  key: string;
  appId: string;
  clientId: string;
}

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

let keygate: TestKeygate;
let owner: string;
let project: { id: string; name: string };
let app: { id: string; clientId: string };

beforeAll(async () => {
  keygate = await startTestKeygate();
  owner = keygate.ownerSecret;
  project = await newProject('Billing Service');
  app = await newApplication(project.id, 'api');
});

afterAll(async () => {
  await keygate?.close();
});

async function newProject(name: string) {
  const { data, errors } = await keygate.request(CreateProject, { input: { name } }, { token: owner });
  expect(errors).toBeUndefined();
  const result = data!.createProject;
  if (result.__typename !== 'ProjectPayload') throw new Error(JSON.stringify(result));
  return result.project;
}

async function newApplication(projectId: string, name: string) {
  const { data, errors } = await keygate.request(
    CreateApplication,
    { input: { projectId, name } },
    { token: owner },
  );
  expect(errors).toBeUndefined();
  const result = data!.createApplication;
  if (result.__typename !== 'ApplicationPayload') throw new Error(JSON.stringify(result));
  return result.application;
}

async function newKey(input: { expirationDate?: string; appId?: string } = {}) {
  const { data, errors } = await keygate.request(
    CreateAppKey,
    {
      input: {
        projectId: project.id,
        appId: input.appId ?? app.id,
        type: 'JSON',
        expirationDate: input.expirationDate,
      },
    },
    { token: owner },
  );
  expect(errors).toBeUndefined();
  const result = data!.createAppKey;
  if (result.__typename !== 'CreateAppKeyPayload') throw new Error(JSON.stringify(result));
  return { ...result, file: JSON.parse(result.keyDetails) as KeyFile };
}

/** A client assertion as an application makes one; `claims` and `header` override or (undefined) drop. */
async function sign(
  file: KeyFile,
  options: { claims?: JWTPayload; header?: { alg?: string; kid?: string }; key?: string | Uint8Array } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    iss: file.clientId,
    sub: file.clientId,
    aud: keygate.services.config.issuer,
    iat: now,
    exp: now + 300,
    jti: randomUUID(),
    ...options.claims,
  };
  const header = { alg: 'RS256', kid: file.keyId, ...options.header };
  const key = options.key ?? file.key;
  const signingKey = typeof key === 'string' ? await importPKCS8(key, header.alg) : key;
  return new SignJWT(claims).setProtectedHeader(header).sign(signingKey);
}

async function authenticate(assertion: string, token = owner) {
  const { data, errors } = await keygate.request(Authenticate, { input: { assertion } }, { token });
  expect(errors).toBeUndefined();
  return data!.authenticateClientAssertion;
}

async function auditEvents(targetId?: string) {
  return keygate.services.prisma.auditEvent.findMany({
    where: { organizationId: keygate.organizationId, ...(targetId ? { targetId } : {}) },
    orderBy: { id: 'asc' },
  });
}

/** Every row of every table, as text. */
async function dumpDatabase(): Promise<string> {
  const { prisma } = keygate.services;
  const tables = await prisma.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  expect(tables.map((t) => t.table_name)).toContain('ApplicationKey');
  const rows: string[] = [];
  for (const { table_name } of tables) {
    const dump = await prisma.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(t)::text AS row FROM "${table_name}" t`,
    );
    rows.push(...dump.map((r) => r.row));
  }
  return rows.join('\n');
}

describe('projects and applications', () => {
  it('are created with audit events, listed, and given a client id', async () => {
    const created = await newProject('Reporting');
    const application = await newApplication(created.id, 'exporter');
    expect(application.clientId).toMatch(/^[0-9a-f]{20}@reporting$/);
    expect(application.project).toEqual(created);

    const listed = await keygate.request(ListProjects, {}, { token: owner });
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.projects.edges[0]!.node).toEqual({ ...created, applications: { totalCount: 1 } });
    const fetched = await keygate.request(ProjectNode, { id: created.id }, { token: owner });
    expect(fetched.data?.node).toEqual({
      applications: { edges: [{ node: { id: application.id, clientId: application.clientId } }] },
    });

    expect((await auditEvents(rawId(created.id))).map((e) => e.action)).toEqual(['project.created']);
    expect((await auditEvents(rawId(application.id))).map((e) => e.action)).toEqual(['application.created']);
  });

  it('refuses duplicate names and unknown projects', async () => {
    const duplicate = await keygate.request(
      CreateProject,
      { input: { name: 'Billing Service' } },
      { token: owner },
    );
    expect(duplicate.data?.createProject).toMatchObject({ __typename: 'ValidationError', field: 'name' });
    const sameApp = await keygate.request(
      CreateApplication,
      { input: { projectId: project.id, name: 'api' } },
      { token: owner },
    );
    expect(sameApp.data?.createApplication).toMatchObject({ __typename: 'ValidationError', field: 'name' });

    const other = await seedOrganization(keygate.services);
    const foreign = await keygate.request(
      CreateApplication,
      { input: { projectId: project.id, name: 'intruder' } },
      { token: other.secret },
    );
    expect(foreign.data?.createApplication).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });
});

describe('createAppKey', () => {
  it('returns a key file once whose private key matches the stored public key', async () => {
    const created = await newKey({ expirationDate: inDays(30) });
    const { applicationKey, file } = created;
    expect(file).toEqual({
      type: 'application',
      keyId: rawId(applicationKey.id),
      key: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----\n/),
      appId: rawId(app.id),
      clientId: app.clientId,
    });
    expect(applicationKey).toMatchObject({
      type: 'JSON',
      algorithm: 'RS256',
      state: 'ACTIVE',
      lastUsedAt: null,
      expirationDate: expect.any(String),
      application: { id: app.id, clientId: app.clientId },
    });
    expect(Math.abs(Date.parse(applicationKey.expirationDate) - (Date.now() + 30 * DAY))).toBeLessThan(
      60_000,
    );

    const privateKey = createPrivateKey(file.key);
    expect(privateKey.asymmetricKeyType).toBe('rsa');
    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const publicHalf = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
    const stored = await keygate.services.prisma.applicationKey.findUniqueOrThrow({
      where: { id: file.keyId },
    });
    expect(stored.publicKey).toBe(publicHalf);
    expect(applicationKey.publicKey).toBe(publicHalf);
  });

  it('keeps the private key out of the database and the audit log', async () => {
    const { file, applicationKey } = await newKey();
    const der = createPrivateKey(file.key).export({ type: 'pkcs8', format: 'der' });
    const pemLines = file.key.split('\n').filter((line) => line.length === 64);
    expect(pemLines.length).toBeGreaterThan(20);

    const dump = await dumpDatabase();
    expect(dump).toContain(file.keyId);
    expect(dump).not.toContain('PRIVATE KEY');
    expect(dump).not.toContain(der.toString('hex'));
    expect(dump).not.toContain(der.toString('base64'));
    for (const line of pemLines) expect(dump).not.toContain(line);

    const [event] = await auditEvents(rawId(applicationKey.id));
    expect(event).toMatchObject({
      action: 'appkey.created',
      outcome: 'SUCCESS',
      targetType: 'ApplicationKey',
    });
    expect(event!.changes).toEqual({
      after: {
        applicationId: rawId(app.id),
        projectId: rawId(project.id),
        type: 'JSON',
        algorithm: 'RS256',
        expirationDate: expect.any(String),
        revoked: false,
      },
    });
  });

  it("applies the organization's default lifetime when no expiration date is given", async () => {
    const { prisma } = keygate.services;
    await prisma.organization.update({
      where: { id: keygate.organizationId },
      data: { appKeyDefaultLifetimeDays: 90 },
    });
    try {
      const { applicationKey } = await newKey();
      expect(Math.abs(Date.parse(applicationKey.expirationDate) - (Date.now() + 90 * DAY))).toBeLessThan(
        60_000,
      );
    } finally {
      await prisma.organization.update({
        where: { id: keygate.organizationId },
        data: { appKeyDefaultLifetimeDays: 365 },
      });
    }
  });

  it.each([
    ['in the past', inDays(-1)],
    ['more than ten years away', inDays(3661)],
  ])('refuses an expiration date %s and creates nothing', async (_label, expirationDate) => {
    const before = await keygate.services.prisma.applicationKey.count();
    const { data, errors } = await keygate.request(
      CreateAppKey,
      { input: { projectId: project.id, appId: app.id, type: 'JSON', expirationDate } },
      { token: owner },
    );
    expect(errors).toBeUndefined();
    expect(data?.createAppKey).toMatchObject({
      __typename: 'ValidationError',
      field: 'expirationDate',
      code: 'VALIDATION_FAILED',
    });
    expect(await keygate.services.prisma.applicationKey.count()).toBe(before);
    expect((await auditEvents()).map((e) => `${e.action}:${e.outcome}`).at(-1)).toBe('appkey.created:FAILED');
  });

  it('answers not found for an application of another project', async () => {
    const otherProject = await newProject('Elsewhere');
    const { data } = await keygate.request(
      CreateAppKey,
      { input: { projectId: otherProject.id, appId: app.id, type: 'JSON' } },
      { token: owner },
    );
    expect(data?.createAppKey).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it('is forbidden without appkey:create, which auditors lack', async () => {
    const auditor = await seedMember(keygate.services, keygate.organizationId, 'AUDITOR');
    const denied = await keygate.request(
      CreateAppKey,
      { input: { projectId: project.id, appId: app.id, type: 'JSON' } },
      { token: auditor.secret },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(denied.data).toBeNull();
    expect((await auditEvents()).map((e) => `${e.action}:${e.outcome}`).at(-1)).toBe('appkey.created:DENIED');
    // Reading is part of the auditor's role.
    const listed = await keygate.request(
      ListAppKeys,
      { projectId: project.id, appId: app.id },
      { token: auditor.secret },
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.appKeys.totalCount).toBeGreaterThan(0);
  });
});

describe('application keys', () => {
  it('are listed newest first with states, fetched by id, and deleted', async () => {
    const application = await newApplication(project.id, 'lister');
    const older = await newKey({ appId: application.id });
    const newer = await newKey({ appId: application.id });
    await keygate.services.prisma.applicationKey.update({
      where: { id: older.file.keyId },
      data: { expirationDate: new Date(Date.now() - 1000) },
    });

    const list = (state?: 'ACTIVE' | 'EXPIRED') =>
      keygate.request(ListAppKeys, { projectId: project.id, appId: application.id, state }, { token: owner });
    const all = (await list()).data!.appKeys;
    expect(all.totalCount).toBe(2);
    expect(all.edges.map((e) => [e.node.id, e.node.state])).toEqual([
      [newer.applicationKey.id, 'ACTIVE'],
      [older.applicationKey.id, 'EXPIRED'],
    ]);
    expect(all.edges[0]!.node.application).toEqual({
      clientId: application.clientId,
      project: { name: 'Billing Service' },
    });
    expect((await list('EXPIRED')).data!.appKeys.edges.map((e) => e.node.id)).toEqual([
      older.applicationKey.id,
    ]);
    expect((await list('ACTIVE')).data!.appKeys).toMatchObject({
      totalCount: 1,
      edges: [{ node: { id: newer.applicationKey.id } }],
    });
    // The project must be the application's.
    const mismatched = await keygate.request(
      ListAppKeys,
      { projectId: (await newProject('Mismatch')).id, appId: application.id },
      { token: owner },
    );
    expect(mismatched.data!.appKeys.totalCount).toBe(0);

    const node = await keygate.request(AppKeyNode, { id: newer.applicationKey.id }, { token: owner });
    expect(node.data?.node).toMatchObject({
      __typename: 'ApplicationKey',
      id: newer.applicationKey.id,
      algorithm: 'RS256',
      publicKey: newer.applicationKey.publicKey,
      application: { id: application.id },
    });

    const deleted = await keygate.request(
      DeleteAppKey,
      { input: { id: newer.applicationKey.id } },
      { token: owner },
    );
    expect(deleted.data?.deleteAppKey).toEqual({
      __typename: 'DeletedPayload',
      deletedId: newer.applicationKey.id,
    });
    expect((await list()).data!.appKeys.totalCount).toBe(1);
    expect(
      (await keygate.request(AppKeyNode, { id: newer.applicationKey.id }, { token: owner })).data?.node,
    ).toBeNull();
    const again = await keygate.request(
      DeleteAppKey,
      { input: { id: newer.applicationKey.id } },
      { token: owner },
    );
    expect(again.data?.deleteAppKey).toEqual({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      message: 'ApplicationKey not found',
    });
    expect((await auditEvents(newer.file.keyId)).map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'appkey.created:SUCCESS',
      'appkey.deleted:SUCCESS',
      'appkey.deleted:FAILED',
    ]);
  });

  it('load their application and project in a fixed number of statements', async () => {
    const one = await newApplication(project.id, 'one key');
    const many = await newApplication(project.id, 'many keys');
    await newKey({ appId: one.id });
    for (let i = 0; i < 4; i++) await newKey({ appId: many.id });
    const statements = async (appId: string) => {
      await keygate.request(ListAppKeys, { projectId: project.id, appId }, { token: owner });
      // The sealer taking the keys' audit events into the log is not the listing's work.
      await keygate.services.auditLog.idle();
      keygate.queries.length = 0;
      const { data } = await keygate.request(ListAppKeys, { projectId: project.id, appId }, { token: owner });
      expect(data!.appKeys.edges.every((e) => e.node.application.project.name === 'Billing Service')).toBe(
        true,
      );
      return keygate.queries.length;
    };
    expect(await statements(many.id)).toBe(await statements(one.id));
  });
});

describe('authenticateClientAssertion', () => {
  it('accepts a good assertion once and says which application made it', async () => {
    const { file, applicationKey } = await newKey();
    const assertion = await sign(file);
    // keyId is the raw kid, as ApplicationKey.keyId and the key file name it; the key itself is beside it.
    expect(await authenticate(assertion)).toEqual({
      valid: true,
      code: 'VALID',
      keyId: file.keyId,
      applicationKey: { id: applicationKey.id },
      claim: null,
      reason: null,
      expiresAt: applicationKey.expirationDate,
      application: { id: app.id, clientId: app.clientId },
    });
    expect(await authenticate(assertion)).toEqual({
      valid: false,
      code: 'REPLAYED',
      keyId: null,
      applicationKey: null,
      claim: null,
      reason: null,
      expiresAt: null,
      application: null,
    });

    await keygate.services.usage.flush();
    const node = await keygate.request(AppKeyNode, { id: applicationKey.id }, { token: owner });
    expect(node.data?.node).toMatchObject({ lastUsedAt: expect.any(String) });
  });

  it('accepts exactly one of concurrent uses of one assertion', async () => {
    const { file } = await newKey();
    const assertion = await sign(file);
    const answers = await Promise.all(Array.from({ length: 6 }, () => authenticate(assertion)));
    expect(answers.map((a) => a.code).sort()).toEqual([
      'REPLAYED',
      'REPLAYED',
      'REPLAYED',
      'REPLAYED',
      'REPLAYED',
      'VALID',
    ]);
  });

  it('refuses assertions that are not good, saying why', async () => {
    const { file, applicationKey } = await newKey();
    const other = await newKey();
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const now = Math.floor(Date.now() / 1000);
    // Each refusal says why; a refused claim is named (`claim`), whatever else is wrong is not.
    const cases: [string, Promise<string> | string, string, string | null][] = [
      [
        'signed by another key of the same application',
        sign(file, { key: other.file.key }),
        'INVALID_SIGNATURE',
        null,
      ],
      [
        'signed by a key Keygate never made',
        sign(file, { key: stranger as string }),
        'INVALID_SIGNATURE',
        null,
      ],
      [
        'HS256 keyed with the public key',
        sign(file, { header: { alg: 'HS256' }, key: new TextEncoder().encode(applicationKey.publicKey) }),
        'INVALID_SIGNATURE',
        null,
      ],
      [
        'for another audience',
        sign(file, { claims: { aud: 'https://elsewhere.example' } }),
        'INVALID_CLAIMS',
        'aud',
      ],
      ['from another issuer', sign(file, { claims: { iss: 'someone@else' } }), 'INVALID_CLAIMS', 'iss'],
      ['about another subject', sign(file, { claims: { sub: 'someone@else' } }), 'INVALID_CLAIMS', 'sub'],
      ['without a jti', sign(file, { claims: { jti: undefined } }), 'INVALID_CLAIMS', 'jti'],
      ['without an exp', sign(file, { claims: { exp: undefined } }), 'INVALID_CLAIMS', 'exp'],
      ['without an iat', sign(file, { claims: { iat: undefined } }), 'INVALID_CLAIMS', 'iat'],
      [
        'issued in the future',
        sign(file, { claims: { iat: now + 600, exp: now + 900 } }),
        'INVALID_CLAIMS',
        'iat',
      ],
      [
        'living longer than an hour',
        sign(file, { claims: { exp: now + 2 * 3600 } }),
        'INVALID_CLAIMS',
        'exp',
      ],
      ['expired', sign(file, { claims: { iat: now - 7200, exp: now - 3600 } }), 'EXPIRED', 'exp'],
      ['naming an unknown kid', sign(file, { header: { kid: randomUUID() } }), 'NOT_FOUND', null],
      [
        'naming a kid that is not a key id',
        sign(file, { header: { kid: '../etc/passwd' } }),
        'NOT_FOUND',
        null,
      ],
      ['not a JWT at all', 'definitely.not.ajwt', 'NOT_FOUND', null],
    ];
    for (const [label, assertion, code, claim] of cases) {
      const { reason, ...answer } = await authenticate(await assertion);
      expect({ label, ...answer }).toEqual({
        label,
        valid: false,
        code,
        keyId: null,
        applicationKey: null,
        claim,
        expiresAt: null,
        application: null,
      });
      if (claim) expect(reason, label).toContain(claim);
      else expect(reason, label).toBeNull();
    }
    // None of them used up anything: a good assertion of the same key still passes.
    expect((await authenticate(await sign(file))).code).toBe('VALID');
  });

  it('refuses assertions of expired and deleted keys', async () => {
    const expiring = await newKey();
    await keygate.services.prisma.applicationKey.update({
      where: { id: expiring.file.keyId },
      data: { expirationDate: new Date(Date.now() - 1000) },
    });
    expect((await authenticate(await sign(expiring.file))).code).toBe('EXPIRED');

    const deleting = await newKey();
    const assertion = await sign(deleting.file);
    await keygate.request(DeleteAppKey, { input: { id: deleting.applicationKey.id } }, { token: owner });
    expect((await authenticate(assertion)).code).toBe('NOT_FOUND');
  });

  it('lets a jti be used again only once its earlier assertion has expired, and purges old ones', async () => {
    const { file } = await newKey();
    const { prisma, usage, config } = keygate.services;
    await prisma.usedAssertion.createMany({
      data: [
        { keyId: file.keyId, jti: 'expired-use', expiresAt: new Date(Date.now() - 1000) },
        { keyId: file.keyId, jti: 'live-use', expiresAt: new Date(Date.now() + 600_000) },
      ],
    });
    expect((await authenticate(await sign(file, { claims: { jti: 'live-use' } }))).code).toBe('REPLAYED');
    expect((await authenticate(await sign(file, { claims: { jti: 'expired-use' } }))).code).toBe('VALID');
    expect((await authenticate(await sign(file, { claims: { jti: 'expired-use' } }))).code).toBe('REPLAYED');

    // Two hours on, every record above has expired; the next accepted assertion purges them.
    const later = new Date(Date.now() + 2 * 3600_000);
    const at = Math.floor(later.getTime() / 1000);
    const assertion = await sign(file, { claims: { iat: at, exp: at + 60 } });
    const deps = { prisma, usage, issuer: config.issuer };
    expect(await verifyClientAssertion(deps, assertion, { now: later })).toMatchObject({ ok: true });
    expect(await prisma.usedAssertion.count({ where: { expiresAt: { lte: later } } })).toBe(0);
    expect(await prisma.usedAssertion.count({ where: { keyId: file.keyId } })).toBe(1);
  });

  it('answers NOT_FOUND to callers without credential:verify, without using the assertion up', async () => {
    const { file } = await newKey();
    const assertion = await sign(file);
    const auditor = await seedMember(keygate.services, keygate.organizationId, 'AUDITOR');
    expect(await authenticate(assertion, auditor.secret)).toMatchObject({ valid: false, code: 'NOT_FOUND' });
    const denial = (await auditEvents()).at(-1)!;
    expect(`${denial.action}:${denial.outcome}`).toBe('credential.verify:DENIED');
    expect((await authenticate(assertion)).code).toBe('VALID');
  });
});

describe('another organization', () => {
  it('can neither see, create, delete nor use the keys', async () => {
    const { file, applicationKey } = await newKey();
    const other = await seedOrganization(keygate.services);
    const token = other.secret;

    expect((await keygate.request(AppKeyNode, { id: applicationKey.id }, { token })).data?.node).toBeNull();
    const listed = await keygate.request(ListAppKeys, { projectId: project.id, appId: app.id }, { token });
    expect(listed.data!.appKeys).toEqual({ totalCount: 0, edges: [] });
    const created = await keygate.request(
      CreateAppKey,
      { input: { projectId: project.id, appId: app.id, type: 'JSON' } },
      { token },
    );
    expect(created.data?.createAppKey).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const deleted = await keygate.request(DeleteAppKey, { input: { id: applicationKey.id } }, { token });
    expect(deleted.data?.deleteAppKey).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });

    const assertion = await sign(file);
    expect(await authenticate(assertion, token)).toMatchObject({
      valid: false,
      code: 'NOT_FOUND',
      application: null,
    });
    const expired = await sign(file, { claims: { iat: 1, exp: 2 } });
    expect((await authenticate(expired, token)).code).toBe('NOT_FOUND');
    // Its attempt did not use the assertion up.
    expect((await authenticate(assertion)).code).toBe('VALID');
  });
});
