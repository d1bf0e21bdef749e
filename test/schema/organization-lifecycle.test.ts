import { encodeGlobalID } from '@pothos/plugin-relay';
import { TestClock } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { purgeDeletedOrganizations } from '../../src/domain/organizations.js';
import { generateSecret, hashSecret } from '../../src/domain/secrets.js';
import { parseGlobalId } from '../../src/schema/global-id.js';
import { startTestKeygate, type TestKeygate, testConfig } from '../support/keygate.js';
import {
  seedMachineIdentity,
  seedMember,
  seedOrganization,
  seedPersonalAccessToken,
  seedToken,
} from '../support/seed.js';
import { type ReceivedWebhook, startWebhookReceiver } from '../support/webhook-receiver.js';

/*
 * Organizations from creation to purge, through the GraphQL API as their people use it: who may create one
 * (each KEYGATE_ORGANIZATION_CREATION mode, the per-person limit), viewer.organizations as each kind of
 * credential sees it, suspension (every credential of the organization refused, an owner's token able to
 * resume it and nothing else), resumption, deletion and the purge job. Plain documents, so that this file
 * adds nothing to test/graphql/generated. The HTTP doors and a second instance are in
 * test/cluster/organization-suspension.test.ts.
 */

const CREATE = `mutation ($name: String!) {
  createOrganization(input: { name: $name }) {
    __typename
    ... on CreateOrganizationPayload { organization { id name role suspended current } }
    ... on Error { code message }
    ... on ValidationError { field }
    ... on LimitReachedError { limit }
  }
}`;
const ORGANIZATIONS = '{ viewer { organizations { id name role suspended current } } }';
const VIEWER = '{ viewer { kind permissions organization { id name } } }';
const SUSPEND = `mutation ($reason: String) {
  suspendOrganization(input: { reason: $reason }) {
    __typename
    ... on OrganizationPayload { organization { id suspendedAt suspendedReason } }
    ... on ValidationError { field message }
  }
}`;
const RESUME = `mutation {
  resumeOrganization(input: { reason: "cleared" }) {
    __typename ... on OrganizationPayload { organization { id suspendedAt suspendedReason } }
  }
}`;
const DELETE = `mutation ($confirmName: String!) {
  deleteOrganization(input: { confirmName: $confirmName }) {
    __typename
    ... on DeletedPayload { deletedId }
    ... on ValidationError { field message }
  }
}`;

const orgId = (id: string) => encodeGlobalID('Organization', id);
const inOrganization = (id: string) => ({ 'x-keygate-organization': orgId(id) });
let counter = 0;
const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}-${counter++}`;

/** The settings these variables give, as an operator would set them. */
function settings(env: Record<string, string>) {
  const { organizations, webhooks } = testConfig(env);
  return { organizations, webhooks };
}

/** The audit events of an organization with `action`, oldest first. */
function eventsOf(keygate: TestKeygate, organizationId: string, action: string) {
  return keygate.services.prisma.auditEvent.findMany({
    where: { organizationId, action },
    orderBy: { id: 'asc' },
  });
}

/** An organization of its own for one test, with an owner whose personal access token is not bound. */
async function organizationWithOwner(keygate: TestKeygate, name = unique('Org')) {
  return seedOrganization(keygate.services, name);
}

describe('createOrganization (KEYGATE_ORGANIZATION_CREATION=anyone, the default)', () => {
  let keygate: TestKeygate;
  beforeAll(async () => {
    keygate = await startTestKeygate();
  });
  afterAll(async () => {
    await keygate?.close();
  });

  it('makes the person its owner, records the creation in its own log, and lets their token act in it', async () => {
    const { prisma } = keygate.services;
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    // The token is authenticated (and its row cached) before the organization exists.
    expect((await keygate.raw(VIEWER, {}, { token: member.secret })).data.viewer.kind).toBe('USER');

    const created = await keygate.raw(CREATE, { name: '  Acme Research  ' }, { token: member.secret });
    expect(created.errors).toBeUndefined();
    const payload = created.data.createOrganization;
    expect(payload).toMatchObject({
      __typename: 'CreateOrganizationPayload',
      organization: { name: 'Acme Research', role: 'OWNER', suspended: false, current: false },
    });
    const id = parseGlobalId(payload.organization.id);
    expect(id?.typename).toBe('Organization');
    const organizationId = id!.id;

    const membership = await prisma.membership.findUniqueOrThrow({
      where: { organizationId_userId: { organizationId, userId: member.userId } },
    });
    const user = await prisma.user.findUniqueOrThrow({ where: { id: member.userId } });
    expect(membership).toMatchObject({ role: 'OWNER', permissions: [], name: user.name });

    const [event, ...more] = await eventsOf(keygate, organizationId, 'organization.created');
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      outcome: 'SUCCESS',
      actorType: 'USER',
      actorId: member.userId,
      credentialKind: 'PERSONAL_ACCESS_TOKEN',
      credentialId: member.patId,
      targetType: 'Organization',
      targetId: organizationId,
      changes: { after: { name: 'Acme Research', ownerEmail: user.email, membershipId: membership.id } },
    });
    // The organization the person came from learns nothing of it.
    expect(await eventsOf(keygate, keygate.organizationId, 'organization.created')).toEqual([]);

    // At once, with the same (unbound) token, as owner.
    const there = await keygate.raw(
      VIEWER,
      {},
      { token: member.secret, headers: inOrganization(organizationId) },
    );
    expect(there.errors).toBeUndefined();
    expect(there.data.viewer.organization).toEqual({ id: orgId(organizationId), name: 'Acme Research' });
    expect(there.data.viewer.permissions).toEqual(
      expect.arrayContaining(['organization:manage', 'organization:suspend', 'organization:delete']),
    );
    const listed = await keygate.raw(ORGANIZATIONS, {}, { token: member.secret });
    expect(listed.data.viewer.organizations.map((o: { name: string }) => o.name)).toContain('Acme Research');
  });

  it('lets a bound token create one, but not act in it', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER', {
      organizationBound: true,
    });
    const created = await keygate.raw(CREATE, { name: unique('Bound') }, { token: member.secret });
    expect(created.data.createOrganization.__typename).toBe('CreateOrganizationPayload');
    const id = parseGlobalId(created.data.createOrganization.organization.id)!.id;
    const there = await keygate.raw(VIEWER, {}, { token: member.secret, headers: inOrganization(id) });
    expect(there.status).toBe(403);
    expect(there.errors[0].extensions.code).toBe('FORBIDDEN');
    // It lists only the organization it may act in.
    const listed = await keygate.raw(ORGANIZATIONS, {}, { token: member.secret });
    expect(listed.data.viewer.organizations).toEqual([
      expect.objectContaining({ id: orgId(keygate.organizationId), current: true }),
    ]);
  });

  it('refuses a machine identity, recorded in its organization, creating nothing', async () => {
    const { prisma } = keygate.services;
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId, { role: 'ADMIN' });
    const { secret, tokenId } = await seedToken(keygate.services, keygate.organizationId, identity.id);
    const before = await prisma.organization.count();
    const refused = await keygate.raw(CREATE, { name: unique('Machine') }, { token: secret });
    expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.data?.createOrganization ?? null).toBeNull();
    expect(await prisma.organization.count()).toBe(before);
    const denied = await prisma.auditEvent.findFirst({
      where: {
        organizationId: keygate.organizationId,
        action: 'organization.created',
        credentialId: tokenId,
      },
    });
    expect(denied).toMatchObject({ outcome: 'DENIED', actorType: 'MACHINE_IDENTITY' });
  });

  it('refuses a token narrowed to other work: organization:create is every role’s, and scopes narrow it', async () => {
    const { prisma } = keygate.services;
    const owner = await seedMember(keygate.services, keygate.organizationId, 'OWNER', {
      scopes: ['token:read'],
    });
    const before = await prisma.organization.count();
    const refused = await keygate.raw(CREATE, { name: unique('Scoped') }, { token: owner.secret });
    expect(refused.errors[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      missingPermissions: ['organization:create'],
    });
    expect(await prisma.organization.count()).toBe(before);
    const allowed = await seedPersonalAccessToken(keygate.services, keygate.organizationId, owner.userId, {
      scopes: ['organization:create'],
    });
    const created = await keygate.raw(CREATE, { name: unique('Scoped to it') }, { token: allowed.secret });
    expect(created.data.createOrganization.__typename).toBe('CreateOrganizationPayload');
  });

  it('refuses a bad name with a ValidationError, recorded as failed, creating nothing', async () => {
    const { prisma } = keygate.services;
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const before = await prisma.organization.count();
    for (const name of ['   ', 'x'.repeat(101)]) {
      const refused = await keygate.raw(CREATE, { name }, { token: member.secret });
      expect(refused.errors).toBeUndefined();
      expect(refused.data.createOrganization).toMatchObject({ __typename: 'ValidationError', field: 'name' });
    }
    expect(await prisma.organization.count()).toBe(before);
    const failed = await prisma.auditEvent.findMany({
      where: {
        organizationId: keygate.organizationId,
        action: 'organization.created',
        actorId: member.userId,
      },
    });
    expect(failed.map((event) => event.outcome)).toEqual(['FAILED', 'FAILED']);
  });
});

describe('KEYGATE_ORGANIZATION_CREATION=owners, KEYGATE_MAX_OWNED_ORGANIZATIONS=3', () => {
  let keygate: TestKeygate;
  beforeAll(async () => {
    keygate = await startTestKeygate(
      settings({ KEYGATE_ORGANIZATION_CREATION: 'owners', KEYGATE_MAX_OWNED_ORGANIZATIONS: '3' }),
    );
  });
  afterAll(async () => {
    await keygate?.close();
  });

  it('refuses a person who owns no organization, with a denied event in their organization', async () => {
    const { prisma } = keygate.services;
    const admin = await seedMember(keygate.services, keygate.organizationId, 'ADMIN');
    const before = await prisma.organization.count();
    const refused = await keygate.raw(CREATE, { name: unique('Not an owner') }, { token: admin.secret });
    expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.errors[0].message).toContain('only people who own an organization');
    expect(await prisma.organization.count()).toBe(before);
    const [denied] = await eventsOf(keygate, keygate.organizationId, 'organization.created');
    expect(denied).toMatchObject({ outcome: 'DENIED', actorId: admin.userId });
  });

  it('lets an owner create up to the limit, exactly, however many ask at once', async () => {
    const { prisma } = keygate.services;
    const owner = await seedMember(keygate.services, keygate.organizationId, 'OWNER');
    expect(
      (await keygate.raw(CREATE, { name: unique('Second') }, { token: owner.secret })).data.createOrganization
        .__typename,
    ).toBe('CreateOrganizationPayload');
    // One left under the limit of 3; five ask for it together.
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        keygate.raw(CREATE, { name: `Race ${i}` }, { token: owner.secret }),
      ),
    );
    const kinds = answers.map((answer) => answer.data.createOrganization.__typename).sort();
    expect(kinds).toEqual([
      'CreateOrganizationPayload',
      'LimitReachedError',
      'LimitReachedError',
      'LimitReachedError',
      'LimitReachedError',
    ]);
    const limited = answers.find((a) => a.data.createOrganization.__typename === 'LimitReachedError')!;
    expect(limited.data.createOrganization).toMatchObject({ code: 'LIMIT_REACHED', limit: 3 });
    expect(await prisma.membership.count({ where: { userId: owner.userId, role: 'OWNER' } })).toBe(3);

    // A deleted organization no longer counts.
    const owned = await prisma.membership.findFirstOrThrow({
      where: { userId: owner.userId, role: 'OWNER', NOT: { organizationId: keygate.organizationId } },
      include: { organization: true },
    });
    const deleted = await keygate.raw(
      DELETE,
      { confirmName: owned.organization.name },
      { token: owner.secret, headers: inOrganization(owned.organizationId) },
    );
    expect(deleted.data.deleteOrganization.__typename).toBe('DeletedPayload');
    expect(
      (await keygate.raw(CREATE, { name: unique('After') }, { token: owner.secret })).data.createOrganization
        .__typename,
    ).toBe('CreateOrganizationPayload');
  });
});

describe('KEYGATE_ORGANIZATION_CREATION=nobody', () => {
  let keygate: TestKeygate;
  beforeAll(async () => {
    keygate = await startTestKeygate(settings({ KEYGATE_ORGANIZATION_CREATION: 'nobody' }));
  });
  afterAll(async () => {
    await keygate?.close();
  });

  it('refuses even an owner: operators create organizations', async () => {
    const { prisma } = keygate.services;
    const refused = await keygate.raw(CREATE, { name: 'Anything' }, { token: keygate.ownerSecret });
    expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.errors[0].message).toContain('created by the operator');
    expect(await prisma.organization.count()).toBe(1);
    const [denied] = await eventsOf(keygate, keygate.organizationId, 'organization.created');
    expect(denied).toMatchObject({ outcome: 'DENIED', changes: { code: 'FORBIDDEN' } });
  });
});

describe('viewer.organizations', () => {
  let keygate: TestKeygate;
  beforeAll(async () => {
    keygate = await startTestKeygate();
  });
  afterAll(async () => {
    await keygate?.close();
  });

  it("lists a person's organizations by name, with role and state, and nobody else's", async () => {
    const { prisma } = keygate.services;
    const person = await seedMember(keygate.services, keygate.organizationId, 'AUDITOR');
    const join = async (name: string, role: 'OWNER' | 'MEMBER', data: Record<string, unknown> = {}) => {
      const organization = await prisma.organization.create({ data: { name, ...data } });
      await prisma.membership.create({
        data: { organizationId: organization.id, userId: person.userId, name: 'Pat', role },
      });
      return organization.id;
    };
    const zulu = await join('Zulu works', 'MEMBER');
    const alpha = await join('Alpha labs', 'OWNER', { suspendedAt: new Date() });
    await join('Deleted one', 'OWNER', { deletedAt: new Date() });
    // Someone else's organization, and the first one's name for comparison.
    await seedOrganization(keygate.services, 'Aardvark (not theirs)');
    const home = await prisma.organization.findUniqueOrThrow({ where: { id: keygate.organizationId } });

    const listed = await keygate.raw(ORGANIZATIONS, {}, { token: person.secret });
    expect(listed.errors).toBeUndefined();
    expect(listed.data.viewer.organizations).toEqual(
      [
        { id: orgId(alpha), name: 'Alpha labs', role: 'OWNER', suspended: true, current: false },
        {
          id: orgId(keygate.organizationId),
          name: home.name,
          role: 'AUDITOR',
          suspended: false,
          current: true,
        },
        { id: orgId(zulu), name: 'Zulu works', role: 'MEMBER', suspended: false, current: false },
      ].sort((a, b) => (a.name < b.name ? -1 : 1)),
    );

    // Acting in another of them moves `current`.
    const fromZulu = await keygate.raw(
      ORGANIZATIONS,
      {},
      { token: person.secret, headers: inOrganization(zulu) },
    );
    expect(
      fromZulu.data.viewer.organizations
        .filter((o: { current: boolean }) => o.current)
        .map((o: { id: string }) => o.id),
    ).toEqual([orgId(zulu)]);

    // A bound token of the same person sees only its own organization.
    const bound = await seedPersonalAccessToken(keygate.services, zulu, person.userId, {
      organizationBound: true,
    });
    const fromBound = await keygate.raw(ORGANIZATIONS, {}, { token: bound.secret });
    expect(fromBound.data.viewer.organizations).toEqual([
      { id: orgId(zulu), name: 'Zulu works', role: 'MEMBER', suspended: false, current: true },
    ]);
  });

  it('shows a machine identity only its own organization, with its role', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId, { role: 'AUDITOR' });
    const { secret } = await seedToken(keygate.services, keygate.organizationId, identity.id);
    const listed = await keygate.raw(ORGANIZATIONS, {}, { token: secret });
    expect(listed.errors).toBeUndefined();
    expect(listed.data.viewer.organizations).toEqual([
      expect.objectContaining({ id: orgId(keygate.organizationId), role: 'AUDITOR', current: true }),
    ]);
  });
});

describe('suspendOrganization and resumeOrganization', () => {
  let keygate: TestKeygate;
  beforeAll(async () => {
    keygate = await startTestKeygate();
  });
  afterAll(async () => {
    await keygate?.close();
  });

  /** An organization with an owner, an admin, a machine identity's token and a member who also belongs elsewhere. */
  async function populated() {
    const services = keygate.services;
    const organization = await organizationWithOwner(keygate);
    const { organizationId } = organization;
    const admin = await seedMember(services, organizationId, 'ADMIN');
    const identity = await seedMachineIdentity(services, organizationId, { role: 'ADMIN' });
    const token = await seedToken(services, organizationId, identity.id);
    // A person of the first organization who is also a member here: their token from there may come in.
    const visitor = await seedMember(services, keygate.organizationId, 'MEMBER');
    await services.prisma.membership.create({
      data: { organizationId, userId: visitor.userId, name: 'Visitor', role: 'MEMBER' },
    });
    // And a token made here, of a person who is also a member of the first organization.
    const resident = await seedMember(services, organizationId, 'MEMBER');
    await services.prisma.membership.create({
      data: {
        organizationId: keygate.organizationId,
        userId: resident.userId,
        name: 'Resident',
        role: 'MEMBER',
      },
    });
    return { ...organization, owner: organization, admin, token, visitor, resident };
  }

  const status = async (token: string, headers?: Record<string, string>) =>
    (await keygate.raw(VIEWER, {}, { token, headers })).status;

  it('refuses admins, members and the owner of another organization, changing nothing', async () => {
    const org = await populated();
    const { prisma } = keygate.services;
    const member = await seedMember(keygate.services, org.organizationId, 'MEMBER');
    for (const [who, mutation] of [
      [org.admin.secret, 'suspendOrganization'],
      [member.secret, 'suspendOrganization'],
      [org.admin.secret, 'deleteOrganization'],
      [member.secret, 'resumeOrganization'],
    ] as const) {
      const document =
        mutation === 'suspendOrganization' ? SUSPEND : mutation === 'resumeOrganization' ? RESUME : DELETE;
      const refused = await keygate.raw(document, { confirmName: org.organizationId }, { token: who });
      expect(refused.errors[0].extensions.code, mutation).toBe('FORBIDDEN');
      expect(refused.errors[0].extensions.missingPermissions).toEqual([
        mutation.replace(/Organization$/, '').replace(/^/, 'organization:'),
      ]);
    }
    const denied = await prisma.auditEvent.findMany({
      where: {
        organizationId: org.organizationId,
        outcome: 'DENIED',
        action: { startsWith: 'organization.' },
      },
    });
    expect(denied.map((event) => event.action).sort()).toEqual([
      'organization.deleted',
      'organization.resumed',
      'organization.suspended',
      'organization.suspended',
    ]);

    // Another organization's owner suspends only their own, and cannot reach this one.
    const other = await organizationWithOwner(keygate);
    const intoThis = await keygate.raw(
      SUSPEND,
      {},
      { token: other.secret, headers: inOrganization(org.organizationId) },
    );
    expect(intoThis.status).toBe(403);
    const own = await keygate.raw(SUSPEND, {}, { token: other.secret });
    expect(own.data.suspendOrganization.organization.id).toBe(orgId(other.organizationId));
    const row = await prisma.organization.findUniqueOrThrow({ where: { id: org.organizationId } });
    expect(row).toMatchObject({ suspendedAt: null, deletedAt: null });
    expect(await status(org.token.secret)).toBe(200);
  });

  it('ends every credential at once, records the refused uses, leaves the owner only resume, and resume restores all', async () => {
    const org = await populated();
    const { prisma } = keygate.services;
    const verifier = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const verify = async (secret: string) =>
      (
        await keygate.raw(
          'mutation ($secret: String!) { verifyCredential(input: { secret: $secret }) { valid code } }',
          { secret },
          { token: verifier.secret },
        )
      ).data.verifyCredential;
    // Everything works, and is cached, before.
    expect(await status(org.owner.secret)).toBe(200);
    expect(await status(org.admin.secret)).toBe(200);
    expect(await status(org.token.secret)).toBe(200);
    expect(await status(org.visitor.secret, inOrganization(org.organizationId))).toBe(200);
    expect(await status(org.resident.secret, inOrganization(keygate.organizationId))).toBe(200);
    // The resident's token, made in the organization, verified by the first organization where it may act.
    expect(await verify(org.resident.secret)).toEqual({ valid: true, code: 'VALID' });

    const suspended = await keygate.raw(
      SUSPEND,
      { reason: '  Unpaid invoice  ' },
      { token: org.owner.secret },
    );
    expect(suspended.errors).toBeUndefined();
    expect(suspended.data.suspendOrganization.organization).toMatchObject({
      id: orgId(org.organizationId),
      suspendedReason: 'Unpaid invoice',
    });
    expect(Date.parse(suspended.data.suspendOrganization.organization.suspendedAt)).toBeGreaterThan(0);
    const [event] = await eventsOf(keygate, org.organizationId, 'organization.suspended');
    expect(event).toMatchObject({
      outcome: 'SUCCESS',
      actorId: org.owner.userId,
      changes: { before: { suspendedAt: null }, after: { suspendedReason: 'Unpaid invoice' } },
    });

    // Refused everywhere, the cached ones included: its own tokens, a visitor's coming in, a resident's going out.
    expect(await status(org.admin.secret)).toBe(401);
    expect(await status(org.token.secret)).toBe(401);
    expect(await status(org.visitor.secret, inOrganization(org.organizationId))).toBe(401);
    expect(await status(org.resident.secret, inOrganization(keygate.organizationId))).toBe(401);
    expect(await verify(org.resident.secret)).toEqual({ valid: false, code: 'NOT_FOUND' });
    // The visitor's token still works where it belongs.
    expect(await status(org.visitor.secret)).toBe(200);
    const refusals = await prisma.auditEvent.findMany({
      where: { organizationId: org.organizationId, action: 'auth.failed' },
    });
    expect(refusals.length).toBeGreaterThanOrEqual(4);
    for (const refusal of refusals) expect(refusal.changes).toMatchObject({ code: 'ORGANIZATION_SUSPENDED' });
    expect(refusals.map((refusal) => refusal.credentialId)).toEqual(
      expect.arrayContaining([org.admin.patId, org.token.tokenId, org.visitor.patId, org.resident.patId]),
    );

    // The owner's token: the viewer, the organization's name and state, resuming; nothing else.
    const owner = await keygate.raw(
      '{ viewer { permissions organization { name suspendedAt suspendedReason } organizations { id suspended } } }',
      {},
      { token: org.owner.secret },
    );
    expect(owner.errors).toBeUndefined();
    expect(owner.data.viewer.permissions).toEqual(['organization:resume']);
    expect(owner.data.viewer.organization).toMatchObject({ suspendedReason: 'Unpaid invoice' });
    expect(owner.data.viewer.organizations).toEqual([{ id: orgId(org.organizationId), suspended: true }]);
    for (const forbidden of [
      '{ tokens(first: 1) { totalCount } }',
      '{ viewer { organization { patLimitPerUser } } }',
      'mutation { updateOrganization(input: { name: "Renamed" }) { __typename } }',
      'mutation { createMachineIdentity(input: { name: "sneaky" }) { __typename } }',
      'mutation { suspendOrganization(input: {}) { __typename } }',
      'mutation { createOrganization(input: { name: "Elsewhere" }) { __typename } }',
    ]) {
      const answer = await keygate.raw(forbidden, {}, { token: org.owner.secret });
      expect(answer.errors?.[0]?.extensions?.code, forbidden).toBe('FORBIDDEN');
    }
    expect(
      (await prisma.organization.findUniqueOrThrow({ where: { id: org.organizationId } })).name,
    ).not.toBe('Renamed');
    // It verifies nowhere: not through verifyCredential, not even as a credential checked by another.
    const asVerifier = await keygate.raw(
      'mutation ($secret: String!) { verifyCredential(input: { secret: $secret }) { code } }',
      { secret: org.token.secret },
      { token: org.owner.secret },
    );
    expect(asVerifier.data.verifyCredential.code).toBe('NOT_FOUND');
    // A token of the owner's narrowed to other work does not get even that.
    const scoped = await seedPersonalAccessToken(keygate.services, org.organizationId, org.owner.userId, {
      scopes: ['token:read'],
    });
    expect(await status(scoped.secret)).toBe(401);

    // Invitations wait too.
    const code = generateSecret('INVITATION');
    await prisma.invitation.create({
      data: {
        organizationId: org.organizationId,
        email: `invited-${counter++}@example.test`,
        name: 'Invited',
        role: 'MEMBER',
        codeHash: hashSecret(code),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const accept = `mutation ($code: String!) { acceptInvitation(input: { code: $code }) { __typename ... on Error { message } } }`;
    expect((await keygate.raw(accept, { code })).data.acceptInvitation.__typename).toBe('InvalidStateError');

    const resumed = await keygate.raw(RESUME, {}, { token: org.owner.secret });
    expect(resumed.errors).toBeUndefined();
    expect(resumed.data.resumeOrganization.organization).toMatchObject({
      suspendedAt: null,
      suspendedReason: null,
    });
    const [resumption] = await eventsOf(keygate, org.organizationId, 'organization.resumed');
    expect(resumption).toMatchObject({
      outcome: 'SUCCESS',
      changes: { reason: 'cleared', after: { suspendedAt: null } },
    });
    // Everything as it was: nothing had been revoked.
    expect(await status(org.admin.secret)).toBe(200);
    expect(await status(org.token.secret)).toBe(200);
    expect(await status(org.visitor.secret, inOrganization(org.organizationId))).toBe(200);
    expect(await status(org.resident.secret, inOrganization(keygate.organizationId))).toBe(200);
    expect(await verify(org.resident.secret)).toEqual({ valid: true, code: 'VALID' });
    const owned = await keygate.raw(VIEWER, {}, { token: org.owner.secret });
    expect(owned.data.viewer.permissions).toContain('organization:delete');
    expect((await keygate.raw(accept, { code })).data.acceptInvitation.__typename).toBe(
      'AcceptInvitationPayload',
    );
  });

  it('refuses a reason over 500 characters, recorded as failed, suspending nothing', async () => {
    const org = await organizationWithOwner(keygate);
    const refused = await keygate.raw(SUSPEND, { reason: 'x'.repeat(501) }, { token: org.secret });
    expect(refused.data.suspendOrganization).toMatchObject({
      __typename: 'ValidationError',
      field: 'reason',
    });
    const [failed] = await eventsOf(keygate, org.organizationId, 'organization.suspended');
    expect(failed).toMatchObject({ outcome: 'FAILED' });
    expect(await status(org.secret)).toBe(200);
  });

  it('changes nothing when its audit event cannot be written: one transaction', async () => {
    const org = await organizationWithOwner(keygate);
    const { prisma } = keygate.services;
    const identity = await seedMachineIdentity(keygate.services, org.organizationId);
    const token = await seedToken(keygate.services, org.organizationId, identity.id);
    // A real failure of the database, on the audit write alone.
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_life_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.action IN ('organization.suspended', 'organization.deleted') AND NEW.outcome = 'SUCCESS' THEN
          RAISE EXCEPTION 'audit write refused by the test';
        END IF;
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(
      'CREATE TRIGGER refuse_life_events BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION refuse_life_events()',
    );
    try {
      const name = (await prisma.organization.findUniqueOrThrow({ where: { id: org.organizationId } })).name;
      const suspend = await keygate.raw(SUSPEND, {}, { token: org.secret });
      const remove = await keygate.raw(DELETE, { confirmName: name }, { token: org.secret });
      for (const answer of [suspend, remove]) {
        expect(answer.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
        expect(answer.errors[0].message).not.toContain('refused by the test');
      }
    } finally {
      await prisma.$executeRawUnsafe('DROP TRIGGER refuse_life_events ON "AuditEvent"');
      await prisma.$executeRawUnsafe('DROP FUNCTION refuse_life_events()');
    }
    const row = await prisma.organization.findUniqueOrThrow({ where: { id: org.organizationId } });
    expect(row).toMatchObject({ suspendedAt: null, deletedAt: null });
    expect(await status(org.secret)).toBe(200);
    expect(await status(token.secret)).toBe(200);
  });
});

describe('deleteOrganization', () => {
  let keygate: TestKeygate;
  beforeAll(async () => {
    keygate = await startTestKeygate();
  });
  afterAll(async () => {
    await keygate?.close();
  });

  it('asks for the exact name, and refuses anything else as a ValidationError that changes nothing', async () => {
    const org = await organizationWithOwner(keygate, 'Exact Name');
    for (const confirmName of ['exact name', 'Exact Name ', 'Other']) {
      const refused = await keygate.raw(DELETE, { confirmName }, { token: org.secret });
      expect(refused.data.deleteOrganization).toMatchObject({
        __typename: 'ValidationError',
        field: 'confirmName',
      });
    }
    const failed = await eventsOf(keygate, org.organizationId, 'organization.deleted');
    expect(failed.map((event) => event.outcome)).toEqual(['FAILED', 'FAILED', 'FAILED']);
    expect(
      await keygate.services.prisma.organization.findUniqueOrThrow({ where: { id: org.organizationId } }),
    ).toMatchObject({ deletedAt: null });
    expect((await keygate.raw(VIEWER, {}, { token: org.secret })).status).toBe(200);
  });

  it("ends every credential, the owner's too, and hides the organization like a missing one", async () => {
    const { prisma } = keygate.services;
    // The owner owns this organization only: the last one can go.
    const org = await organizationWithOwner(keygate, 'Going away');
    const identity = await seedMachineIdentity(keygate.services, org.organizationId);
    const token = await seedToken(keygate.services, org.organizationId, identity.id);
    const visitor = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    await prisma.membership.create({
      data: { organizationId: org.organizationId, userId: visitor.userId, name: 'Visitor', role: 'MEMBER' },
    });
    expect((await keygate.raw(VIEWER, {}, { token: token.secret })).status).toBe(200);
    expect(
      (await keygate.raw(VIEWER, {}, { token: visitor.secret, headers: inOrganization(org.organizationId) }))
        .status,
    ).toBe(200);

    const deleted = await keygate.raw(DELETE, { confirmName: 'Going away' }, { token: org.secret });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data.deleteOrganization).toEqual({
      __typename: 'DeletedPayload',
      deletedId: orgId(org.organizationId),
    });
    const [event] = await eventsOf(keygate, org.organizationId, 'organization.deleted');
    expect(event).toMatchObject({
      outcome: 'SUCCESS',
      actorId: org.userId,
      changes: { before: { name: 'Going away' } },
    });

    // No owner's exception, no credential of it anywhere: not even to rename it.
    for (const secret of [org.secret, token.secret]) {
      expect((await keygate.raw(VIEWER, {}, { token: secret })).status).toBe(401);
    }
    const rename = await keygate.raw(
      'mutation { updateOrganization(input: { name: "Back" }) { __typename } }',
      {},
      {
        token: org.secret,
      },
    );
    expect(rename.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // Its id answers exactly like an organization that never existed.
    const missing = await keygate.raw(
      VIEWER,
      {},
      {
        token: visitor.secret,
        headers: inOrganization('0190f3a4-1111-7000-8000-000000000000'),
      },
    );
    const gone = await keygate.raw(
      VIEWER,
      {},
      { token: visitor.secret, headers: inOrganization(org.organizationId) },
    );
    expect({ status: gone.status, errors: gone.errors }).toEqual({
      status: missing.status,
      errors: missing.errors,
    });
    expect(gone.status).toBe(403);
    const listed = await keygate.raw(ORGANIZATIONS, {}, { token: visitor.secret });
    expect(listed.data.viewer.organizations.map((o: { id: string }) => o.id)).not.toContain(
      orgId(org.organizationId),
    );
    // Nothing of it is recorded anywhere any more: it is going away.
    const after = await prisma.auditEvent.count({
      where: { organizationId: org.organizationId, id: { gt: event!.id } },
    });
    expect(after).toBe(0);
  });
});

describe('purging deleted organizations', () => {
  const LOOPBACK = { KEYGATE_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8,::1' };

  it('keeps a deleted organization for the retention period, sends its webhooks the deletion, then purges it', async () => {
    const receiver = await startWebhookReceiver();
    const clock = new TestClock(Date.now());
    const keygate = await startTestKeygate(
      settings({ ...LOOPBACK, KEYGATE_DELETED_ORGANIZATION_RETENTION_DAYS: '2' }),
      { jobs: { clock } },
    );
    try {
      const { prisma } = keygate.services;
      const org = await organizationWithOwner(keygate, 'Purged Inc');
      const identity = await seedMachineIdentity(keygate.services, org.organizationId);
      const token = await seedToken(keygate.services, org.organizationId, identity.id);
      const endpoint = await keygate.raw(
        `mutation ($url: String!) { createWebhookEndpoint(input: { url: $url, eventTypes: ["organization.*"] }) {
          ... on WebhookEndpointWithSecretPayload { secret } } }`,
        { url: receiver.url },
        { token: org.secret },
      );
      receiver.state.secrets = [endpoint.data.createWebhookEndpoint.secret];
      const deleted = await keygate.raw(DELETE, { confirmName: 'Purged Inc' }, { token: org.secret });
      expect(deleted.data.deleteOrganization.__typename).toBe('DeletedPayload');

      const arrival = await waitWithClock(clock, () =>
        receiver.received.find((d: ReceivedWebhook) => d.payload?.type === 'organization.deleted'),
      );
      expect(arrival.refused).toBeNull();
      expect(arrival.payload?.data).toMatchObject({ organizationId: org.organizationId });
      // Within the retention period it stays, deleted.
      expect(await purgeDeletedOrganizations(keygate.services, keygate.services.jobs.now())).toEqual([]);
      expect(await prisma.organization.findUnique({ where: { id: org.organizationId } })).toMatchObject({
        deletedAt: expect.any(Date),
      });

      // Two days on, the next run purges every row of it; its people stay.
      await clock.setTime(clock.now() + 2 * 86_400_000 + 60_000);
      await waitWithClock(clock, async () =>
        (await prisma.organization.findUnique({ where: { id: org.organizationId } })) === null
          ? true
          : undefined,
      );
      const where = { organizationId: org.organizationId };
      expect({
        memberships: await prisma.membership.count({ where }),
        identities: await prisma.machineIdentity.count({ where }),
        tokens: await prisma.token.count({ where }),
        pats: await prisma.personalAccessToken.count({ where }),
        events: await prisma.auditEvent.count({ where }),
        nodes: await prisma.auditTreeNode.count({ where }),
        trees: await prisma.auditTree.count({ where }),
        checkpoints: await prisma.auditCheckpoint.count({ where }),
        endpoints: await prisma.webhookEndpoint.count({ where }),
        deliveries: await prisma.webhookDelivery.count({ where }),
      }).toEqual({
        memberships: 0,
        identities: 0,
        tokens: 0,
        pats: 0,
        events: 0,
        nodes: 0,
        trees: 0,
        checkpoints: 0,
        endpoints: 0,
        deliveries: 0,
      });
      for (const secret of [org.secret, token.secret]) {
        expect(await prisma.credentialSecret.findUnique({ where: { hash: hashSecret(secret) } })).toBeNull();
      }
      expect(await prisma.user.findUnique({ where: { id: org.userId } })).not.toBeNull();
      // The rest of Keygate is untouched.
      expect((await keygate.raw(VIEWER, {}, { token: keygate.ownerSecret })).status).toBe(200);
    } finally {
      await keygate.close();
      await receiver.close();
    }
  });

  it('waits, past the retention period, while a webhook is still owed the deletion', async () => {
    const receiver = await startWebhookReceiver();
    const clock = new TestClock(Date.now());
    const keygate = await startTestKeygate(settings({ ...LOOPBACK }), { jobs: { clock } });
    try {
      const { prisma } = keygate.services;
      const org = await organizationWithOwner(keygate, 'Owed Ltd');
      const endpoint = await keygate.raw(
        `mutation ($url: String!) { createWebhookEndpoint(input: { url: $url, eventTypes: ["organization.deleted"] }) {
          ... on WebhookEndpointWithSecretPayload { secret } } }`,
        { url: receiver.url },
        { token: org.secret },
      );
      receiver.state.secrets = [endpoint.data.createWebhookEndpoint.secret];
      receiver.state.answer = () => 503;
      await keygate.raw(DELETE, { confirmName: 'Owed Ltd' }, { token: org.secret });
      const delivery = await waitWithClock(clock, () =>
        prisma.webhookDelivery
          .findFirst({
            where: {
              organizationId: org.organizationId,
              eventType: 'organization.deleted',
              status: 'RETRYING',
            },
          })
          .then((found) => found ?? undefined),
      );
      const later = new Date(Date.now() + 31 * 86_400_000);
      expect(await purgeDeletedOrganizations(keygate.services, later)).toEqual([]);
      expect(await prisma.organization.findUnique({ where: { id: org.organizationId } })).not.toBeNull();
      // Once the endpoint takes it, nothing is owed.
      receiver.state.answer = () => 204;
      await waitWithClock(clock, () =>
        prisma.webhookDelivery
          .findFirst({ where: { id: delivery.id, status: 'SUCCEEDED' } })
          .then((found) => found ?? undefined),
      );
      expect(await purgeDeletedOrganizations(keygate.services, later)).toEqual([org.organizationId]);
      expect(await prisma.organization.findUnique({ where: { id: org.organizationId } })).toBeNull();
    } finally {
      await keygate.close();
      await receiver.close();
    }
  });

  it('purges at once with KEYGATE_DELETED_ORGANIZATION_RETENTION_DAYS=0', async () => {
    const keygate = await startTestKeygate(settings({ KEYGATE_DELETED_ORGANIZATION_RETENTION_DAYS: '0' }), {
      jobs: {},
    });
    try {
      const { prisma } = keygate.services;
      const org = await organizationWithOwner(keygate, 'Short lived');
      const deleted = await keygate.raw(DELETE, { confirmName: 'Short lived' }, { token: org.secret });
      expect(deleted.data.deleteOrganization.__typename).toBe('DeletedPayload');
      await vi.waitFor(
        async () =>
          expect(await prisma.organization.findUnique({ where: { id: org.organizationId } })).toBeNull(),
        { timeout: 30_000, interval: 100 },
      );
      expect(await prisma.personalAccessToken.count({ where: { organizationId: org.organizationId } })).toBe(
        0,
      );
    } finally {
      await keygate.close();
    }
  });
});

/** Moves the job engine's clock two seconds at a time (pg-boss polls on it) until `found` gives something. */
function waitWithClock<T>(clock: TestClock, found: () => T | undefined | Promise<T | undefined>): Promise<T> {
  return vi.waitFor(
    async () => {
      await clock.tick(2_000);
      const value = await found();
      expect(value).toBeDefined();
      return value as T;
    },
    { timeout: 45_000, interval: 20 },
  );
}
