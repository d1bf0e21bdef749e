import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/domain/secrets.js';
import { parseGlobalId } from '../../src/schema/global-id.js';
import { graphql } from '../graphql/generated/index.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMember, seedOrganization } from '../support/seed.js';

const Invite = graphql(`
  mutation InvitationInvite($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      __typename
      ... on InviteMemberPayload { code invitation { id email name role state expiresAt } }
      ... on Error { errorCode: code message }
      ... on ValidationError { field }
    }
  }
`);

const Accept = graphql(`
  mutation InvitationAccept($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      __typename
      ... on AcceptInvitationPayload {
        secret personalAccessTokenId organizationId organizationName membershipId role expiresAt renewableUntil
      }
      ... on Error { code message }
    }
  }
`);

const Revoke = graphql(`
  mutation InvitationRevoke($input: RevokeInvitationInput!) {
    revokeInvitation(input: $input) {
      __typename
      ... on InvitationPayload { invitation { id state revokedAt } }
      ... on Error { code message }
    }
  }
`);

const Invitations = graphql(`
  query InvitationList($state: InvitationState) {
    invitations(first: 50, state: $state) { totalCount edges { node { id email state } } }
  }
`);

const Viewer = graphql(`
  query InvitationViewer {
    viewer {
      organization { id }
      user { id name email }
      credential { id }
      personalAccessTokens(first: 10) { edges { node { id organizationBound } } }
    }
  }
`);

const Members = graphql(`
  query InvitationMembers {
    members(first: 100) { edges { node { id name role user { id name email } } } }
  }
`);

const CreatePat = graphql(`
  mutation InvitationCreatePat($input: CreatePersonalAccessTokenInput!) {
    createPersonalAccessToken(input: $input) {
      __typename
      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { organizationBound } }
      ... on Error { code message }
    }
  }
`);

const RemoveMember = graphql(`
  mutation InvitationRemoveMember($input: RemoveMemberInput!) {
    removeMember(input: $input) { __typename ... on Error { message } }
  }
`);

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

const DAY = 86_400_000;
let counter = 0;
const freshEmail = () => `person-${Date.now()}-${counter++}@example.test`;

async function invite(
  token: string,
  input: { email: string; name: string; role?: 'MEMBER' | 'OWNER' | 'ADMIN' | 'AUDITOR' },
) {
  const response = await keygate.request(Invite, { input: { role: 'MEMBER', ...input } }, { token });
  const payload = response.data!.inviteMember;
  if (payload.__typename !== 'InviteMemberPayload') throw new Error(JSON.stringify(response));
  return payload;
}

async function accept(code: string, token?: string, extra: { name?: string } = {}) {
  const response = await keygate.request(Accept, { input: { code, ...extra } }, token ? { token } : {});
  expect(response.errors).toBeUndefined();
  return response.data!.acceptInvitation;
}

function accepted(payload: Awaited<ReturnType<typeof accept>>) {
  if (payload.__typename !== 'AcceptInvitationPayload') throw new Error(JSON.stringify(payload));
  return payload;
}

describe('inviting', () => {
  it('answers the same whoever the e-mail belongs to', async () => {
    const other = await seedOrganization(keygate.services);
    // Someone another organization knows, under the name it gave them.
    const known = await seedMember(keygate.services, other.organizationId, 'MEMBER');
    await keygate.services.prisma.membership.updateMany({
      where: { userId: known.userId },
      data: { name: 'Name given elsewhere' },
    });
    const { email: knownEmail } = await keygate.services.prisma.user.findUniqueOrThrow({
      where: { id: known.userId },
    });
    const forKnown = await invite(keygate.ownerSecret, { email: knownEmail, name: 'Our name' });
    const forNew = await invite(keygate.ownerSecret, { email: freshEmail(), name: 'Our name' });
    const shape = (payload: typeof forKnown) => ({
      ...payload,
      code: payload.code.slice(0, 7),
      invitation: { ...payload.invitation, id: 'id', email: 'email', expiresAt: 'at' },
    });
    expect(shape(forKnown)).toEqual(shape(forNew));
    expect(JSON.stringify(forKnown)).not.toContain('Name given elsewhere');
    expect(forKnown.code).toMatch(/^kg_inv_/);
    // Nothing was created for anyone yet: no membership until the person accepts.
    expect(
      await keygate.services.prisma.membership.count({
        where: { userId: known.userId, organizationId: keygate.organizationId },
      }),
    ).toBe(0);
  });

  it('keeps only the hash of the code, and records the invitation without it', async () => {
    const { code, invitation } = await invite(keygate.ownerSecret, { email: freshEmail(), name: 'Hashed' });
    const stored = await keygate.services.prisma.invitation.findFirstOrThrow({
      where: { email: invitation.email },
    });
    expect(JSON.stringify(stored)).not.toContain(code);
    const event = await keygate.services.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'invitation.created', targetId: stored.id },
    });
    expect(event.outcome).toBe('SUCCESS');
    expect(
      JSON.stringify(event, (_key, value) => (typeof value === 'bigint' ? `${value}` : value)),
    ).not.toContain(code);
  });

  it('refuses to invite with more than the inviter holds', async () => {
    const admin = await seedMember(keygate.services, keygate.organizationId, 'ADMIN', {
      permissions: ['member:manage'],
    });
    const response = await keygate.request(
      Invite,
      { input: { email: freshEmail(), name: 'Boss', role: 'OWNER' } },
      { token: admin.secret },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await keygate.services.prisma.invitation.count({ where: { role: 'OWNER' } })).toBe(0);
  });
});

describe('accepting', () => {
  it("gives a new person a first token that acts only in the inviting organization, under that organization's name", async () => {
    const other = await seedOrganization(keygate.services);
    const email = freshEmail();
    const { code } = await invite(other.secret, { email, name: 'Ana (other)', role: 'ADMIN' });
    const first = accepted(await accept(code));
    expect(first).toMatchObject({
      organizationId: encodeGlobalID('Organization', other.organizationId),
      role: 'ADMIN',
    });
    const viewer = await keygate.request(Viewer, {}, { token: first.secret });
    expect(viewer.data?.viewer).toMatchObject({
      organization: { id: encodeGlobalID('Organization', other.organizationId) },
      user: { email, name: 'Ana (other)' },
    });
    expect(viewer.data!.viewer.personalAccessTokens.edges[0]!.node.organizationBound).toBe(true);

    // Later this organization invites the same person, who accepts with their own token.
    const { code: here } = await invite(keygate.ownerSecret, { email, name: 'Ana (here)' });
    const second = accepted(await accept(here, first.secret));
    // The first token still cannot act here: it is bound to the organization that gave it.
    const away = await keygate.request(
      Viewer,
      {},
      { token: first.secret, headers: { 'x-keygate-organization': keygate.organizationId } },
    );
    expect(away.status).toBe(403);
    expect(away.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Each organization sees only its own name for the person.
    const mine = await keygate.request(Viewer, {}, { token: second.secret });
    expect(mine.data?.viewer.user).toMatchObject({ email, name: 'Ana (here)' });
    const members = await keygate.request(Members, {}, { token: keygate.ownerSecret });
    const listed = members.data!.members.edges.find((edge) => edge.node.user.email === email)!;
    expect(listed.node).toMatchObject({ name: 'Ana (here)', user: { name: 'Ana (here)' } });
    expect(JSON.stringify(members.data)).not.toContain('Ana (other)');
  });

  it('makes a bound token yield only bound tokens', async () => {
    const { code } = await invite(keygate.ownerSecret, { email: freshEmail(), name: 'Bound' });
    const first = accepted(await accept(code));
    const child = await keygate.request(
      CreatePat,
      { input: { description: 'child', expiresAt: new Date(Date.now() + 10 * DAY).toISOString() } },
      { token: first.secret },
    );
    expect(child.data?.createPersonalAccessToken).toMatchObject({
      __typename: 'CreatePersonalAccessTokenPayload',
      personalAccessToken: { organizationBound: true },
    });
  });

  it('refuses a person who already uses Keygate unless they sign in with their own token', async () => {
    const other = await seedOrganization(keygate.services);
    const known = await seedMember(keygate.services, other.organizationId, 'MEMBER');
    const { email } = await keygate.services.prisma.user.findUniqueOrThrow({ where: { id: known.userId } });
    const { code, invitation } = await invite(keygate.ownerSecret, { email, name: 'Known' });
    const tokensBefore = await keygate.services.prisma.personalAccessToken.count({
      where: { userId: known.userId },
    });

    // Whoever holds the code (the inviter, say) cannot accept in the person's name...
    const anonymous = await accept(code);
    expect(anonymous).toMatchObject({ __typename: 'InvalidStateError' });
    // ...nor with somebody else's token.
    const stranger = await accept(code, keygate.ownerSecret);
    expect(stranger).toMatchObject({ __typename: 'InvalidStateError' });
    expect(await keygate.services.prisma.personalAccessToken.count({ where: { userId: known.userId } })).toBe(
      tokensBefore,
    );
    expect(
      await keygate.services.prisma.membership.count({
        where: { userId: known.userId, organizationId: keygate.organizationId },
      }),
    ).toBe(0);
    const refusals = await keygate.services.prisma.auditEvent.findMany({
      where: {
        organizationId: keygate.organizationId,
        action: 'invitation.accepted',
        targetId: parseGlobalId(invitation.id)!.id,
        outcome: 'FAILED',
      },
    });
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    // The stranger's credential is not named in this organization's log as the acceptor's.
    expect(refusals.every((event) => event.actorType === 'ANONYMOUS' && event.credentialId === null)).toBe(
      true,
    );

    // With their own token, the person accepts.
    const own = accepted(await accept(code, known.secret));
    expect(own.organizationId).toBe(encodeGlobalID('Organization', keygate.organizationId));
    const success = await keygate.services.prisma.auditEvent.findFirstOrThrow({
      where: {
        organizationId: keygate.organizationId,
        action: 'invitation.accepted',
        outcome: 'SUCCESS',
        actorId: known.userId,
      },
    });
    expect(success).toMatchObject({ actorType: 'USER', credentialId: known.patId });
  });

  it('lets a person removed from their only organization sign in again when invited back', async () => {
    const email = freshEmail();
    const { code } = await invite(keygate.ownerSecret, { email, name: 'Returning' });
    const first = accepted(await accept(code));
    const removed = await keygate.request(
      RemoveMember,
      { input: { id: first.membershipId } },
      { token: keygate.ownerSecret },
    );
    expect(removed.data?.removeMember.__typename).toBe('DeletedPayload');
    const event = await keygate.services.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'member.removed', outcome: 'SUCCESS' },
      orderBy: { id: 'desc' },
    });
    // The event names who left.
    expect(event.changes).toMatchObject({ before: { email, name: 'Returning' } });
    expect((await keygate.request(Viewer, {}, { token: first.secret })).status).toBe(401);
    const { code: again } = await invite(keygate.ownerSecret, { email, name: 'Returning' });
    const back = accepted(await accept(again));
    const viewer = await keygate.request(Viewer, {}, { token: back.secret });
    expect(viewer.data?.viewer.user?.email).toBe(email);
  });

  it('accepts a code once, and never one that is revoked, expired or made up', async () => {
    const { code, invitation } = await invite(keygate.ownerSecret, { email: freshEmail(), name: 'Once' });
    const attempts = await Promise.all(Array.from({ length: 5 }, () => accept(code)));
    expect(attempts.filter((a) => a.__typename === 'AcceptInvitationPayload')).toHaveLength(1);
    expect(attempts.filter((a) => a.__typename === 'NotFoundError')).toHaveLength(4);
    expect(
      await keygate.services.prisma.personalAccessToken.count({
        where: { user: { email: invitation.email } },
      }),
    ).toBe(1);

    const revokedOne = await invite(keygate.ownerSecret, { email: freshEmail(), name: 'Revoked' });
    const revoked = await keygate.request(
      Revoke,
      { input: { id: revokedOne.invitation.id } },
      { token: keygate.ownerSecret },
    );
    expect(revoked.data?.revokeInvitation).toMatchObject({ invitation: { state: 'REVOKED' } });
    const revocation = await keygate.services.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'invitation.revoked', targetId: parseGlobalId(revokedOne.invitation.id)!.id },
    });
    expect(revocation).toMatchObject({ outcome: 'SUCCESS', targetType: 'Invitation', actorType: 'USER' });
    expect(JSON.stringify(revocation.changes)).not.toContain(revokedOne.code);
    expect(await accept(revokedOne.code)).toMatchObject({ __typename: 'NotFoundError' });

    const expiredOne = await invite(keygate.ownerSecret, { email: freshEmail(), name: 'Expired' });
    await keygate.services.prisma.invitation.updateMany({
      where: { email: expiredOne.invitation.email },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await accept(expiredOne.code)).toMatchObject({ __typename: 'NotFoundError' });
    expect(await accept(generateSecret('INVITATION'))).toMatchObject({ __typename: 'NotFoundError' });
    expect(await accept('not a code')).toMatchObject({ __typename: 'NotFoundError' });

    const list = await keygate.request(Invitations, { state: 'REVOKED' }, { token: keygate.ownerSecret });
    expect(list.data!.invitations.edges.map((edge) => edge.node.id)).toContain(revokedOne.invitation.id);
  });

  it('counts made-up codes like failed sign-ins: guessing is limited', async () => {
    const limited = await startTestKeygate({
      limits: { ...keygate.services.config.limits, authFailuresPerMinute: 3 },
    });
    try {
      const guess = () =>
        limited.request(Accept, { input: { code: generateSecret('INVITATION') } }, { ip: '203.0.113.9' });
      for (let i = 0; i < 3; i++)
        expect((await guess()).data?.acceptInvitation.__typename).toBe('NotFoundError');
      const refused = await guess();
      expect(refused.status).toBe(429);
      expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});
