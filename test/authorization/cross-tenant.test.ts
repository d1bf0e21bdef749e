import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../graphql/generated/index.js';
import { startTestKeygate, type TestKeygate, type TypedDocument } from '../support/keygate.js';
import { seedMember, seedOrganization, seedPersonalAccessToken } from '../support/seed.js';

const NodeQuery = graphql(`
  query CrossTenantNode($id: ID!) { node(id: $id) { __typename id } }
`);
const NodesQuery = graphql(`
  query CrossTenantNodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }
`);
const Lists = graphql(`
  query CrossTenantLists {
    tokens(first: 100) { totalCount }
    machineIdentities(first: 100) { totalCount }
    members(first: 100) { totalCount }
    projects(first: 100) { totalCount }
    auditEvents(first: 100) { totalCount }
    viewer { organization { id } personalAccessTokens(first: 100) { totalCount } }
  }
`);
const Viewer = graphql(`
  query CrossTenantViewer { viewer { organization { id name } user { email } } }
`);

let keygate: TestKeygate;
/** Global ids of one object of every node type, all in the first organization. */
const theirs: Record<string, string> = {};

beforeAll(async () => {
  keygate = await startTestKeygate();
  const { prisma } = keygate.services;
  const organizationId = keygate.organizationId;
  const identity = await prisma.machineIdentity.create({ data: { organizationId, name: 'secret-identity' } });
  const token = await prisma.token.create({
    data: { organizationId, identityId: identity.id, name: 'secret-token' },
  });
  const project = await prisma.project.create({ data: { organizationId, name: 'secret-project' } });
  const application = await prisma.application.create({
    data: { organizationId, projectId: project.id, name: 'app', clientId: 'cross-tenant-client' },
  });
  const key = await prisma.applicationKey.create({
    data: {
      organizationId,
      applicationId: application.id,
      publicKey: 'x',
      expirationDate: new Date(Date.now() + 86_400_000),
    },
  });
  const member = await seedMember(keygate.services, organizationId, 'MEMBER');
  const membership = await prisma.membership.findFirstOrThrow({ where: { userId: member.userId } });
  const event = await prisma.auditEvent.findFirstOrThrow({ where: { organizationId } });
  Object.assign(theirs, {
    Organization: encodeGlobalID('Organization', organizationId),
    User: encodeGlobalID('User', member.userId),
    Membership: encodeGlobalID('Membership', membership.id),
    PersonalAccessToken: encodeGlobalID('PersonalAccessToken', member.patId),
    MachineIdentity: encodeGlobalID('MachineIdentity', identity.id),
    Token: encodeGlobalID('Token', token.id),
    Project: encodeGlobalID('Project', project.id),
    Application: encodeGlobalID('Application', application.id),
    ApplicationKey: encodeGlobalID('ApplicationKey', key.id),
    AuditEvent: encodeGlobalID('AuditEvent', event.id),
  });
});

afterAll(async () => {
  await keygate?.close();
});

describe('another organization', () => {
  it('cannot fetch any object of ours by guessing its global id, alone or in a batch', async () => {
    const other = await seedOrganization(keygate.services);
    for (const [type, id] of Object.entries(theirs)) {
      const answer = await keygate.request(NodeQuery, { id }, { token: other.secret });
      expect(answer.errors, `${type}: ${JSON.stringify(answer.errors)}`).toBeUndefined();
      expect(answer.data?.node, type).toBeNull();
    }
    const batch = await keygate.request(NodesQuery, { ids: Object.values(theirs) }, { token: other.secret });
    expect(batch.data?.nodes.every((node) => node === null)).toBe(true);
    // The owner of the first organization sees every one of them (the ids are real).
    for (const [type, id] of Object.entries(theirs)) {
      if (type === 'PersonalAccessToken') continue; // another person's token: only its owner sees it
      const answer = await keygate.request(NodeQuery, { id }, { token: keygate.ownerSecret });
      expect(answer.data?.node?.__typename, type).toBe(type);
    }
  });

  it('sees none of our objects in its lists', async () => {
    const other = await seedOrganization(keygate.services);
    const { data, errors } = await keygate.request(Lists, {}, { token: other.secret });
    expect(errors).toBeUndefined();
    expect(data?.tokens.totalCount).toBe(0);
    expect(data?.machineIdentities.totalCount).toBe(0);
    expect(data?.members.totalCount).toBe(1);
    expect(data?.projects.totalCount).toBe(0);
    expect(data?.auditEvents.totalCount).toBe(0);
    expect(data?.viewer.personalAccessTokens.totalCount).toBe(1);
    expect(data?.viewer.organization.id).not.toBe(theirs.Organization);
  });
});

describe('X-Keygate-Organization', () => {
  it('selects among the caller’s memberships and nothing else', async () => {
    const second = await seedOrganization(keygate.services, 'Second home');
    const { prisma } = keygate.services;
    // The first organization's owner also joins the second one, as an auditor.
    const ownerMembership = await prisma.membership.findFirstOrThrow({
      where: { organizationId: keygate.organizationId },
    });
    await prisma.membership.create({
      data: {
        organizationId: second.organizationId,
        userId: ownerMembership.userId,
        name: 'Owner',
        role: 'AUDITOR',
      },
    });
    keygate.services.credentialCache.clear(); // the membership was written behind Keygate's back
    const home = await keygate.request(Viewer, {}, { token: keygate.ownerSecret });
    expect(home.data?.viewer.organization.id).toBe(theirs.Organization);
    const away = await keygate.request(
      Viewer,
      {},
      {
        token: keygate.ownerSecret,
        headers: { 'x-keygate-organization': encodeGlobalID('Organization', second.organizationId) },
      },
    );
    expect(away.data?.viewer.organization).toMatchObject({ name: 'Second home' });
    // A raw UUID works too.
    const raw = await keygate.request(
      Viewer,
      {},
      { token: keygate.ownerSecret, headers: { 'x-keygate-organization': second.organizationId } },
    );
    expect(raw.data?.viewer.organization.name).toBe('Second home');

    const stranger = await seedOrganization(keygate.services, 'Not mine');
    for (const header of [
      stranger.organizationId,
      encodeGlobalID('Organization', stranger.organizationId),
      'garbage',
    ]) {
      const refused = await keygate.request(
        Viewer,
        {},
        { token: keygate.ownerSecret, headers: { 'x-keygate-organization': header } },
      );
      // The credential is good; it may not act there: forbidden, saying so, the same for every header.
      expect(refused.status).toBe(403);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(refused.errors?.[0]?.message).toContain('may not act in the organization');
    }
    // Nothing was counted against the credential: it still works at home.
    expect((await keygate.request(Viewer, {}, { token: keygate.ownerSecret })).status).toBe(200);
  });
});

/** Operations typed by hand: plain strings, outside the codegen output (which belongs to another change). */
const operation = <TResult, TVariables = Record<string, unknown>>(
  source: string,
): TypedDocument<TResult, TVariables> => ({ toString: () => source });

const PatNode = operation<{ node: { __typename: string } | null }, { id: string }>(
  'query ($id: ID!) { node(id: $id) { __typename } }',
);
const OwnPats = operation<{ viewer: { personalAccessTokens: { edges: { node: { id: string } }[] } } }>(
  '{ viewer { personalAccessTokens(first: 100) { edges { node { id } } } } }',
);
const DeletePat = operation<{ deletePersonalAccessToken: { __typename: string } }, { id: string }>(
  'mutation ($id: ID!) { deletePersonalAccessToken(input: { id: $id }) { __typename } }',
);
const RotatePat = operation<{ rotatePersonalAccessToken: { __typename: string } }, { id: string }>(
  'mutation ($id: ID!) { rotatePersonalAccessToken(input: { id: $id, gracePeriodSeconds: 0 }) { __typename } }',
);

describe('a person in two organizations', () => {
  it('sees and manages, in each, only the personal access tokens made there', async () => {
    const { prisma } = keygate.services;
    const person = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const second = await seedOrganization(keygate.services, 'Also home');
    await prisma.membership.create({
      data: { organizationId: second.organizationId, userId: person.userId, name: 'Person', role: 'MEMBER' },
    });
    const there = await seedPersonalAccessToken(keygate.services, second.organizationId, person.userId);
    const here = encodeGlobalID('PersonalAccessToken', person.patId);
    const stored = () =>
      prisma.personalAccessToken.findUnique({ where: { id: person.patId }, include: { secrets: true } });
    const before = await stored();

    // Acting in the second organization, with the token made there.
    const token = there.secret;
    expect((await keygate.request(PatNode, { id: here }, { token })).data?.node).toBeNull();
    const listed = await keygate.request(OwnPats, {}, { token });
    expect(listed.data?.viewer.personalAccessTokens.edges.map((edge) => edge.node.id)).toEqual([
      encodeGlobalID('PersonalAccessToken', there.patId),
    ]);
    const deleted = await keygate.request(DeletePat, { id: here }, { token });
    expect(deleted.data?.deletePersonalAccessToken.__typename).toBe('NotFoundError');
    const rotated = await keygate.request(RotatePat, { id: here }, { token });
    expect(rotated.data?.rotatePersonalAccessToken.__typename).toBe('NotFoundError');
    expect(await stored()).toEqual(before);

    // In the first organization the same person still sees it.
    const home = await keygate.request(PatNode, { id: here }, { token: person.secret });
    expect(home.data?.node?.__typename).toBe('PersonalAccessToken');
  });
});
