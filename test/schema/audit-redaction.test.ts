import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSecret, generateSecret } from '../../src/domain/secrets.js';
import { startTestKeygate, type TestKeygate, type TypedDocument } from '../support/keygate.js';

/** Plain documents, so that this file adds nothing to test/graphql/generated (see global-id.test.ts). */
const operation = <TResult>(source: string) =>
  ({ toString: () => source }) as TypedDocument<TResult, Record<string, unknown>>;

type Result = Record<string, Record<string, unknown> & { __typename: string }>;

const CreateIdentity = operation<Result>(`
  mutation RedactCreateIdentity($input: CreateMachineIdentityInput!) {
    createMachineIdentity(input: $input) { __typename ... on MachineIdentityPayload { machineIdentity { id } } }
  }
`);
const CreateToken = operation<Result>(`
  mutation RedactCreateToken($input: CreateTokenInput!) {
    createToken(input: $input) {
      __typename ... on TokenSecretPayload { secret token { id } } ... on Error { message }
    }
  }
`);
const RotateToken = operation<Result>(`
  mutation RedactRotateToken($input: RotateTokenInput!) {
    rotateToken(input: $input) { __typename ... on TokenSecretPayload { secret } }
  }
`);
const SetTokenKey = operation<Result>(`
  mutation RedactSetTokenKey($input: SetTokenKeyInput!) {
    setTokenKey(input: $input) { __typename ... on Error { message } }
  }
`);
const InviteMember = operation<Result>(`
  mutation RedactInviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) { __typename ... on InviteMemberPayload { code } ... on Error { message } }
  }
`);

const AcceptInvitation = operation<Result>(`
  mutation RedactAcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) { __typename ... on AcceptInvitationPayload { secret } ... on Error { message } }
  }
`);
const CreatePat = operation<Result>(`
  mutation RedactCreatePat($input: CreatePersonalAccessTokenInput!) {
    createPersonalAccessToken(input: $input) {
      __typename ... on CreatePersonalAccessTokenPayload { secret } ... on Error { message }
    }
  }
`);
const CreateProject = operation<Result>(`
  mutation RedactCreateProject($input: CreateProjectInput!) {
    createProject(input: $input) { __typename ... on ProjectPayload { project { id } } }
  }
`);
const CreateApplication = operation<Result>(`
  mutation RedactCreateApplication($input: CreateApplicationInput!) {
    createApplication(input: $input) { __typename ... on ApplicationPayload { application { id } } }
  }
`);
const CreateAppKey = operation<Result>(`
  mutation RedactCreateAppKey($input: CreateAppKeyInput!) {
    createAppKey(input: $input) { __typename ... on CreateAppKeyPayload { keyDetails } }
  }
`);
const AuditChanges = operation<{
  auditEvents: { totalCount: number; edges: { node: { changes: unknown } }[] };
}>(`
  query RedactAuditChanges { auditEvents(first: 100) { totalCount edges { node { action outcome changes } } } }
`);

const SECRET_SHAPES = [
  /kg_(?:pat|tok)_[A-Za-z0-9_-]{8,}/,
  /PRIVATE KEY/,
  /MII[A-Za-z0-9+/]{20,}/,
  /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\./,
];

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

async function run(
  document: TypedDocument<Result, Record<string, unknown>>,
  input: object,
  token: string | null = keygate.ownerSecret,
) {
  const response = await keygate.request(document, { input }, token ? { token } : {});
  expect(response.errors).toBeUndefined();
  return Object.values(response.data!)[0]!;
}

describe("audit events' changes", () => {
  it('never hold a secret, whichever mutation made it or where the caller put it', async () => {
    const secrets: string[] = [keygate.ownerSecret];
    const pasted = generateSecret('TOKEN');
    const jwt = [
      Buffer.from('{"alg":"RS256"}').toString('base64url'),
      Buffer.from('{"sub":"x"}').toString('base64url'),
      randomBytes(32).toString('base64url'),
    ].join('.');
    secrets.push(pasted, jwt);

    const identity = await run(CreateIdentity, { name: 'redacted-identity' });
    const identityId = (identity.machineIdentity as { id: string }).id;
    // A secret pasted into a name, and into scopes (whose error message quotes the unknown scope).
    const created = await run(CreateToken, { identityId, name: `ci ${pasted}` });
    expect(created.__typename).toBe('TokenSecretPayload');
    secrets.push(created.secret as string);
    const tokenId = (created.token as { id: string }).id;
    const refused = await run(CreateToken, { identityId, name: 'scoped', scopes: [pasted] });
    expect(refused.__typename).toBe('ValidationError');

    const rotated = await run(RotateToken, { id: tokenId, gracePeriodSeconds: 0 });
    secrets.push(rotated.secret as string);
    const key = formatSecret('TOKEN', randomBytes(32));
    secrets.push(key);
    expect((await run(SetTokenKey, { id: tokenId, key })).__typename).toBe('TokenPayload');
    // Refused keys: of the wrong kind, and malformed.
    const patKey = generateSecret('PERSONAL_ACCESS_TOKEN');
    secrets.push(patKey);
    expect((await run(SetTokenKey, { id: tokenId, key: patKey })).__typename).toBe('ValidationError');
    expect((await run(SetTokenKey, { id: tokenId, key: `${key}x` })).__typename).toBe('ValidationError');

    const invited = await run(InviteMember, { email: 'redacted@example.test', name: pasted, role: 'MEMBER' });
    expect(invited.__typename).toBe('InviteMemberPayload');
    secrets.push(invited.code as string);
    const accepted = await run(AcceptInvitation, { code: invited.code }, null);
    expect(accepted.__typename).toBe('AcceptInvitationPayload');
    secrets.push(accepted.secret as string);

    const pat = await run(CreatePat, {
      description: `jwt ${jwt}`,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(pat.__typename).toBe('CreatePersonalAccessTokenPayload');
    secrets.push(pat.secret as string);

    const project = await run(CreateProject, { name: 'redacted-project' });
    const projectId = (project.project as { id: string }).id;
    const application = await run(CreateApplication, { projectId, name: 'redacted-app' });
    const appId = (application.application as { id: string }).id;
    const appKey = await run(CreateAppKey, { projectId, appId, type: 'JSON' });
    const keyFile = JSON.parse(appKey.keyDetails as string) as { key: string };
    expect(keyFile.key).toContain('PRIVATE KEY');
    secrets.push(keyFile.key, keyFile.key.split('\n')[1]!);

    const { data } = await keygate.request(AuditChanges, {}, { token: keygate.ownerSecret });
    expect(data!.auditEvents.totalCount).toBeGreaterThanOrEqual(12);
    const overApi = JSON.stringify(data!.auditEvents.edges.map((edge) => edge.node.changes));
    const stored = JSON.stringify(
      (await keygate.services.prisma.auditEvent.findMany({ select: { changes: true } })).map(
        (e) => e.changes,
      ),
    );
    for (const text of [overApi, stored]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      for (const shape of SECRET_SHAPES) expect(text).not.toMatch(shape);
    }
    // What was around the secrets is still there.
    expect(stored).toContain('ci [redacted]');
    expect(stored).toContain('unknown permission');
  });
});
