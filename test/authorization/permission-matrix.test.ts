import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectivePermissions, type Permission } from '../../src/domain/permissions.js';
import { generateSecret, hashSecret } from '../../src/domain/secrets.js';
import type { Role } from '../../src/generated/prisma/client.js';
import { schema } from '../../src/schema/index.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMember, seedOrganization } from '../support/seed.js';

interface Fixtures {
  identity: string;
  token: string;
  tokenSecret: string;
  /** Another person's personal access token: nobody but its owner may touch it. */
  pat: string;
  /** That person's membership. */
  membership: string;
  missingIdentity: string;
}

/**
 * One row per mutation: who may call it. A mutation missing here fails the test, so every new mutation
 * comes with a decision about its permission.
 * - `permission`: the named permission needed in the organization the request acts in;
 * - `user`: people only (personal access tokens), never machine identities;
 * - `soft`: a caller without the permission gets an answer that reveals nothing instead of FORBIDDEN.
 */
interface Rule {
  permission?: Permission;
  user?: true;
  soft?: true;
  /** A document that passes GraphQL validation, built on the fixtures. */
  document: (ids: Fixtures) => string;
}

const typename = '{ __typename }';
const soon = () => new Date(Date.now() + 3600_000).toISOString();

const MUTATIONS: Record<string, Rule> = {
  createPersonalAccessToken: {
    user: true,
    permission: 'pat:create',
    document: () =>
      `mutation { createPersonalAccessToken(input: { description: "m", expiresAt: "${soon()}" }) ${typename} }`,
  },
  deletePersonalAccessToken: {
    user: true,
    document: (ids) => `mutation { deletePersonalAccessToken(input: { id: "${ids.pat}" }) ${typename} }`,
  },
  rotatePersonalAccessToken: {
    user: true,
    document: (ids) =>
      `mutation { rotatePersonalAccessToken(input: { id: "${ids.pat}", gracePeriodSeconds: 0 }) ${typename} }`,
  },
  createMachineIdentity: {
    permission: 'identity:manage',
    document: () => `mutation { createMachineIdentity(input: { name: "m-${Math.random()}" }) ${typename} }`,
  },
  updateMachineIdentity: {
    permission: 'identity:manage',
    document: (ids) =>
      `mutation { updateMachineIdentity(input: { id: "${ids.missingIdentity}" }) ${typename} }`,
  },
  disableMachineIdentity: {
    permission: 'identity:manage',
    document: (ids) =>
      `mutation { disableMachineIdentity(input: { id: "${ids.missingIdentity}" }) ${typename} }`,
  },
  enableMachineIdentity: {
    permission: 'identity:manage',
    document: (ids) => `mutation { enableMachineIdentity(input: { id: "${ids.identity}" }) ${typename} }`,
  },
  deleteMachineIdentity: {
    permission: 'identity:manage',
    document: (ids) =>
      `mutation { deleteMachineIdentity(input: { id: "${ids.missingIdentity}" }) ${typename} }`,
  },
  createToken: {
    permission: 'token:create',
    document: (ids) =>
      `mutation { createToken(input: { identityId: "${ids.identity}", name: "m" }) ${typename} }`,
  },
  updateToken: {
    permission: 'token:update',
    document: (ids) => `mutation { updateToken(input: { id: "${ids.token}", name: "m" }) ${typename} }`,
  },
  renewToken: {
    permission: 'token:renew',
    document: (ids) => `mutation { renewToken(input: { id: "${ids.token}" }) ${typename} }`,
  },
  revokeToken: {
    permission: 'token:revoke',
    document: () =>
      `mutation { revokeToken(input: { id: "${encodeGlobalID('Token', MISSING)}" }) ${typename} }`,
  },
  revokeAllTokens: {
    permission: 'token:revoke',
    document: (ids) =>
      `mutation { revokeAllTokens(input: { identityId: "${ids.missingIdentity}" }) ${typename} }`,
  },
  rotateToken: {
    permission: 'token:rotate',
    document: (ids) =>
      `mutation { rotateToken(input: { id: "${ids.token}", gracePeriodSeconds: 3600 }) ${typename} }`,
  },
  setTokenKey: {
    permission: 'token:set_key',
    document: (ids) => `mutation { setTokenKey(input: { id: "${ids.token}", key: "" }) ${typename} }`,
  },
  updateOrganization: {
    permission: 'organization:manage',
    document: () => `mutation { updateOrganization(input: { patLimitPerUser: 50 }) ${typename} }`,
  },
  addMember: {
    permission: 'member:manage',
    document: () =>
      `mutation { addMember(input: { email: "m${Math.random()}@example.test", name: "m", role: AUDITOR }) ${typename} }`,
  },
  updateMember: {
    permission: 'member:manage',
    document: (ids) =>
      `mutation { updateMember(input: { id: "${ids.membership}", role: MEMBER }) ${typename} }`,
  },
  removeMember: {
    permission: 'member:manage',
    document: () =>
      `mutation { removeMember(input: { id: "${encodeGlobalID('Membership', MISSING)}" }) ${typename} }`,
  },
  createProject: {
    permission: 'project:manage',
    document: () => `mutation { createProject(input: { name: "m-${Math.random()}" }) ${typename} }`,
  },
  createApplication: {
    permission: 'project:manage',
    document: () =>
      `mutation { createApplication(input: { projectId: "${encodeGlobalID('Project', MISSING)}", name: "m" }) ${typename} }`,
  },
  createAppKey: {
    permission: 'appkey:create',
    document: () =>
      `mutation { createAppKey(input: { projectId: "${encodeGlobalID('Project', MISSING)}", appId: "${encodeGlobalID('Application', MISSING)}", type: JSON }) ${typename} }`,
  },
  deleteAppKey: {
    permission: 'appkey:delete',
    document: () =>
      `mutation { deleteAppKey(input: { id: "${encodeGlobalID('ApplicationKey', MISSING)}" }) ${typename} }`,
  },
  authenticateClientAssertion: {
    permission: 'credential:verify',
    soft: true,
    document: () => `mutation { authenticateClientAssertion(input: { assertion: "not.a.jwt" }) { code } }`,
  },
  verifyCredential: {
    permission: 'credential:verify',
    soft: true,
    document: (ids) => `mutation { verifyCredential(input: { secret: "${ids.tokenSecret}" }) { code } }`,
  },
};

const MISSING = '00000000-0000-4000-8000-000000000000';

type Caller =
  | { name: string; kind: 'anonymous' }
  | { name: string; kind: 'user' | 'identity'; role: Role; secret: string; sameOrganization: boolean };

type Expectation = 'ALLOW' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'HIDDEN';

function expectation(rule: Rule, caller: Caller): Expectation {
  if (caller.kind === 'anonymous') return 'UNAUTHENTICATED';
  if (rule.user && caller.kind !== 'user') return 'FORBIDDEN';
  const held = effectivePermissions({ role: caller.role, grants: [], scopes: [] });
  if (rule.permission && !held.has(rule.permission)) return rule.soft ? 'HIDDEN' : 'FORBIDDEN';
  return 'ALLOW';
}

let keygate: TestKeygate;
let fixtures: Fixtures;
const callers: Caller[] = [{ name: 'anonymous', kind: 'anonymous' }];

beforeAll(async () => {
  keygate = await startTestKeygate();
  const { prisma } = keygate.services;
  const organizationId = keygate.organizationId;
  for (const role of ['OWNER', 'ADMIN', 'MEMBER', 'AUDITOR'] as const) {
    const member = await seedMember(keygate.services, organizationId, role);
    callers.push({ name: `user ${role}`, kind: 'user', role, secret: member.secret, sameOrganization: true });
  }
  for (const role of ['ADMIN', 'MEMBER'] as const) {
    const identity = await prisma.machineIdentity.create({
      data: { organizationId, name: `caller-${role}`, role },
    });
    const secret = generateSecret('TOKEN');
    await prisma.token.create({
      data: {
        organizationId,
        identityId: identity.id,
        name: 'caller',
        secrets: { create: { hash: hashSecret(secret), kind: 'TOKEN' } },
      },
    });
    callers.push({ name: `identity ${role}`, kind: 'identity', role, secret, sameOrganization: true });
  }
  const other = await seedOrganization(keygate.services);
  callers.push({
    name: 'owner of another organization',
    kind: 'user',
    role: 'OWNER',
    secret: other.secret,
    sameOrganization: false,
  });

  const identity = await prisma.machineIdentity.create({ data: { organizationId, name: 'target' } });
  const tokenSecret = generateSecret('TOKEN');
  const token = await prisma.token.create({
    data: {
      organizationId,
      identityId: identity.id,
      name: 'target',
      secrets: { create: { hash: hashSecret(tokenSecret), kind: 'TOKEN' } },
    },
  });
  const someone = await seedMember(keygate.services, organizationId, 'MEMBER');
  fixtures = {
    identity: encodeGlobalID('MachineIdentity', identity.id),
    token: encodeGlobalID('Token', token.id),
    tokenSecret,
    pat: encodeGlobalID('PersonalAccessToken', someone.patId),
    membership: encodeGlobalID(
      'Membership',
      (await prisma.membership.findFirstOrThrow({ where: { userId: someone.userId } })).id,
    ),
    missingIdentity: encodeGlobalID('MachineIdentity', MISSING),
  };
});

afterAll(async () => {
  await keygate?.close();
});

describe('permission matrix', () => {
  it('has a decision for every mutation in the schema', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    expect(Object.keys(MUTATIONS).sort()).toEqual(mutations);
  });

  const cases = Object.entries(MUTATIONS).flatMap(([mutation, rule]) =>
    [
      'anonymous',
      'user OWNER',
      'user ADMIN',
      'user MEMBER',
      'user AUDITOR',
      'identity ADMIN',
      'identity MEMBER',
      'owner of another organization',
    ].map((callerName) => [mutation, callerName, rule] as const),
  );

  it.each(cases)('%s by %s', async (mutation, callerName, rule) => {
    const caller = callers.find((c) => c.name === callerName)!;
    const expected = expectation(rule, caller);
    const response = await keygate.yoga.fetch('http://keygate.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(caller.kind === 'anonymous' ? {} : { authorization: `Bearer ${caller.secret}` }),
      },
      body: JSON.stringify({ query: rule.document(fixtures) }),
    });
    const body = (await response.json()) as {
      data?: Record<string, { __typename?: string; code?: string }> | null;
      errors?: { extensions?: { code?: string } }[];
    };
    const code = body.errors?.[0]?.extensions?.code;
    const result = body.data?.[mutation];
    switch (expected) {
      case 'UNAUTHENTICATED':
      case 'FORBIDDEN':
        expect(code, JSON.stringify(body)).toBe(expected);
        expect(result ?? null).toBeNull();
        break;
      case 'HIDDEN':
        expect(body.errors).toBeUndefined();
        expect(result?.code).toBe('NOT_FOUND');
        break;
      case 'ALLOW': {
        expect(body.errors, JSON.stringify(body)).toBeUndefined();
        expect(result).toBeTruthy();
        const document = rule.document(fixtures);
        const targetsThisOrganization = [
          fixtures.identity,
          fixtures.token,
          fixtures.tokenSecret,
          fixtures.membership,
        ].some((id) => document.includes(id));
        if (targetsThisOrganization && caller.kind !== 'anonymous' && !caller.sameOrganization) {
          // Allowed to call, but the objects of another organization do not exist for the caller.
          expect(result?.__typename ?? result?.code).toMatch(/NotFoundError|NOT_FOUND/);
        }
        break;
      }
    }
  });
});
