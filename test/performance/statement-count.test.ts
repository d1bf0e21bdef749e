import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent } from '../../src/domain/audit.js';
import { generateSecret, hashSecret } from '../../src/domain/secrets.js';
import { graphql } from '../graphql/generated/index.js';
import { startTestKeygate, type TestKeygate, type TypedDocument } from '../support/keygate.js';

/**
 * Every list batches its relations: the number of SQL statements for a page must not depend on its
 * size. Each list is read at 1, 10 and 100 items (with the relations a client would ask for) and the
 * statements Prisma sends are counted.
 */
const PatsPage = graphql(`
  query CountPats($first: Int!) {
    viewer { personalAccessTokens(first: $first) { totalCount edges { node { id description seenAt user { email } } } } }
  }
`);
const TokensPage = graphql(`
  query CountTokens($first: Int!) {
    tokens(first: $first) { totalCount edges { node { id name scopes lastUsedAt identity { id name } } } }
  }
`);
const IdentitiesPage = graphql(`
  query CountIdentities($first: Int!) {
    machineIdentities(first: $first) { totalCount edges { node { id name tokens(first: 5) { totalCount edges { node { id name } } } } } }
  }
`);
const MembersPage = graphql(`
  query CountMembers($first: Int!) {
    members(first: $first) { totalCount edges { node { id role user { id email } } } }
  }
`);
const AuditPage = graphql(`
  query CountAudit($first: Int!) {
    auditEvents(first: $first) { totalCount edges { node { id action actorId credentialId targetId changes } } }
  }
`);
const NamedAuditPage = graphql(`
  query CountNamedAudit($first: Int!) {
    auditEvents(first: $first) {
      totalCount
      edges { node { id action actor { name email } credential { name } target { name } } }
    }
  }
`);
const ProjectsPage = graphql(`
  query CountProjects($first: Int!) {
    projects(first: $first) { totalCount edges { node { id name applications(first: 3) { edges { node { id clientId } } } } } }
  }
`);
const AppKeysPage = graphql(`
  query CountAppKeys($first: Int!, $projectId: ID!, $appId: ID!) {
    appKeys(first: $first, projectId: $projectId, appId: $appId) {
      totalCount edges { node { id expirationDate application { id name project { id name } } } }
    }
  }
`);

let keygate: TestKeygate;
let projectId = '';
let appId = '';

beforeAll(async () => {
  keygate = await startTestKeygate();
  const { prisma } = keygate.services;
  const organizationId = keygate.organizationId;
  const owner = await prisma.membership.findFirstOrThrow({ where: { organizationId } });
  const ownerPat = await prisma.personalAccessToken.findFirstOrThrow({ where: { organizationId } });
  const day = 86_400_000;
  await prisma.organization.update({ where: { id: organizationId }, data: { patLimitPerUser: 1000 } });
  for (let i = 0; i < 100; i++) {
    const identity = await prisma.machineIdentity.create({ data: { organizationId, name: `identity-${i}` } });
    for (let j = 0; j < 2; j++) {
      await prisma.token.create({
        data: {
          organizationId,
          identityId: identity.id,
          name: `token-${i}-${j}`,
          secrets: { create: { hash: hashSecret(generateSecret('TOKEN')), kind: 'TOKEN' } },
        },
      });
    }
    await prisma.personalAccessToken.create({
      data: {
        organizationId,
        userId: owner.userId,
        description: `pat-${i}`,
        expiresAt: new Date(Date.now() + day),
        renewableUntil: new Date(Date.now() + day),
      },
    });
    const user = await prisma.user.create({ data: { email: `member-${i}@example.test`, name: `m${i}` } });
    await prisma.membership.create({
      data: { organizationId, userId: user.id, name: `m${i}`, role: 'MEMBER' },
    });
    const project = await prisma.project.create({ data: { organizationId, name: `project-${i}` } });
    for (let j = 0; j < 2; j++) {
      await prisma.application.create({
        data: { organizationId, projectId: project.id, name: `app-${j}`, clientId: `client-${i}-${j}` },
      });
    }
    await prisma.$transaction((tx) =>
      appendAuditEvent(
        tx,
        {
          organizationId,
          actorType: 'USER',
          actorId: owner.userId,
          credentialKind: 'PERSONAL_ACCESS_TOKEN',
          credentialId: ownerPat.id,
          requestId: null,
          ip: null,
          userAgent: null,
        },
        { action: 'seeded', outcome: 'SUCCESS', targetType: 'MachineIdentity', targetId: identity.id },
      ),
    );
  }
  const project = await prisma.project.findFirstOrThrow({
    where: { organizationId },
    include: { applications: true },
  });
  const application = project.applications[0]!;
  for (let i = 0; i < 100; i++) {
    await prisma.applicationKey.create({
      data: {
        organizationId,
        applicationId: application.id,
        publicKey: 'not a real key',
        expirationDate: new Date(Date.now() + day),
      },
    });
  }
  projectId = encodeGlobalID('Project', project.id);
  appId = encodeGlobalID('Application', application.id);
});

afterAll(async () => {
  await keygate?.close();
});

async function statementsFor<R, V extends { first: number }>(document: TypedDocument<R, V>, variables: V) {
  // The first run warms the credential cache; the second is counted.
  const warm = await keygate.request(document, variables, { token: keygate.ownerSecret });
  expect(warm.errors).toBeUndefined();
  // The sealer taking earlier events into the audit log is not this request's work.
  await keygate.services.auditLog.idle();
  keygate.queries.length = 0;
  const counted = await keygate.request(document, variables, { token: keygate.ownerSecret });
  expect(counted.errors).toBeUndefined();
  const edges = JSON.stringify(counted.data).match(/"node":/g)?.length ?? 0;
  return { statements: keygate.queries.length, edges };
}

describe.each([
  ['viewer.personalAccessTokens', PatsPage, {}],
  ['tokens with identities', TokensPage, {}],
  ['machineIdentities with tokens', IdentitiesPage, {}],
  ['members with users', MembersPage, {}],
  ['auditEvents', AuditPage, {}],
  ['auditEvents with names', NamedAuditPage, {}],
  ['projects with applications', ProjectsPage, {}],
  ['appKeys with application and project', AppKeysPage, { withApp: true }],
] as const)('%s', (_name, document, options) => {
  it('issues the same number of statements for 1, 10 and 100 items', async () => {
    const counts = [];
    for (const first of [1, 10, 100]) {
      const variables = { first, ...('withApp' in options ? { projectId, appId } : {}) } as never;
      const { statements, edges } = await statementsFor(
        document as TypedDocument<unknown, { first: number }>,
        variables,
      );
      expect(edges).toBeGreaterThanOrEqual(first);
      counts.push(statements);
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts).toEqual([counts[0], counts[0], counts[0]]);
  });
});
