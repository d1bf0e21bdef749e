import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent } from '../../src/domain/audit.js';
import { graphql } from '../graphql/generated/index.js';
import { openEventStream } from '../support/event-stream.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMachineIdentity, seedMember, seedOrganization, seedToken } from '../support/seed.js';

// An audit event names who acted, with which credential, on what: by id, and (AuditEvent.actor,
// .credential, .target) by the names those things have now, or none once they are gone.

const NamedEvents = graphql(`
  query TestNamedAuditEvents($filter: AuditEventFilter) {
    auditEvents(first: 20, filter: $filter) {
      edges {
        node {
          action actorId credentialId targetId
          actor { id name email }
          credential { id name email }
          target { id name email }
        }
      }
    }
  }
`);

const CreateIdentity = graphql(`
  mutation TestSubjectsCreateIdentity($input: CreateMachineIdentityInput!) {
    createMachineIdentity(input: $input) {
      __typename
      ... on MachineIdentityPayload { machineIdentity { id } }
    }
  }
`);

const CreateToken = graphql(`
  mutation TestSubjectsCreateToken($input: CreateTokenInput!) {
    createToken(input: $input) {
      __typename
      ... on TokenSecretPayload { secret token { id } }
    }
  }
`);

const RenameIdentity = graphql(`
  mutation TestSubjectsRenameIdentity($input: UpdateMachineIdentityInput!) {
    updateMachineIdentity(input: $input) { __typename }
  }
`);

const DeleteToken = graphql(`
  mutation TestSubjectsDeleteToken($input: DeleteTokenInput!) {
    deleteToken(input: $input) { __typename }
  }
`);

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

async function eventsOf(filter: Record<string, string>, token = keygate.ownerSecret) {
  const answer = await keygate.request(NamedEvents, { filter }, { token });
  expect(answer.errors).toBeUndefined();
  return answer.data!.auditEvents.edges.map((edge) => edge.node);
}

async function createIdentity(name: string) {
  const created = await keygate.request(
    CreateIdentity,
    { input: { name, role: 'ADMIN' } },
    { token: keygate.ownerSecret },
  );
  if (created.data?.createMachineIdentity.__typename !== 'MachineIdentityPayload') throw new Error(name);
  return created.data.createMachineIdentity.machineIdentity.id;
}

describe('audit events name their subjects', () => {
  it("by a person's name and e-mail in this organization, a token's description and a target's name", async () => {
    const identityId = await createIdentity('named-target');
    const [event] = await eventsOf({ action: 'identity.created', targetId: identityId });
    expect(event).toMatchObject({
      actor: { id: event!.actorId, name: 'Owner', email: 'owner@example.test' },
      credential: { id: event!.credentialId, name: 'Created at first start', email: null },
      target: { id: identityId, name: 'named-target', email: null },
    });
  });

  it("by a machine identity's and its token's names, as they are called now", async () => {
    const identityId = await createIdentity('robot');
    const token = await keygate.request(
      CreateToken,
      { input: { identityId, name: 'robot-ci' } },
      { token: keygate.ownerSecret },
    );
    if (token.data?.createToken.__typename !== 'TokenSecretPayload') throw new Error('token');
    const { secret } = token.data.createToken;
    const madeByRobot = await keygate.request(
      CreateIdentity,
      { input: { name: 'made-by-robot' } },
      { token: secret },
    );
    expect(madeByRobot.data?.createMachineIdentity.__typename).toBe('MachineIdentityPayload');
    await keygate.request(
      RenameIdentity,
      { input: { id: identityId, name: 'robot-renamed' } },
      { token: keygate.ownerSecret },
    );
    const [event] = await eventsOf({ action: 'identity.created', actorId: identityId });
    expect(event).toMatchObject({
      actor: { id: identityId, name: 'robot-renamed', email: null },
      credential: { id: token.data.createToken.token.id, name: 'robot-ci' },
      target: { name: 'made-by-robot' },
    });
  });

  it('by none once they are gone, keeping the id: a deleted token, a person who left', async () => {
    const identityId = await createIdentity('short-lived');
    const created = await keygate.request(
      CreateToken,
      { input: { identityId, name: 'doomed' } },
      { token: keygate.ownerSecret },
    );
    if (created.data?.createToken.__typename !== 'TokenSecretPayload') throw new Error('token');
    const tokenId = created.data.createToken.token.id;
    await keygate.request(DeleteToken, { input: { id: tokenId } }, { token: keygate.ownerSecret });
    const [made] = await eventsOf({ action: 'token.created', targetId: tokenId });
    expect(made!.target).toEqual({ id: tokenId, name: null, email: null });

    const leaver = await seedMember(keygate.services, keygate.organizationId, 'ADMIN', {
      email: 'leaver@example.test',
    });
    await keygate.request(CreateIdentity, { input: { name: 'by-leaver' } }, { token: leaver.secret });
    const leaverId = encodeGlobalID('User', leaver.userId);
    const [before] = await eventsOf({ action: 'identity.created', actorId: leaverId });
    expect(before!.actor).toEqual({ id: leaverId, name: 'ADMIN', email: 'leaver@example.test' });
    await keygate.services.prisma.membership.deleteMany({ where: { userId: leaver.userId } });
    const [after] = await eventsOf({ action: 'identity.created', actorId: leaverId });
    expect(after!.actor).toEqual({ id: leaverId, name: null, email: null });
    expect(after!.credential).toMatchObject({ name: 'seeded' });
  });

  it("never by another organization's names, and not for what has no name", async () => {
    const other = await seedOrganization(keygate.services, 'Elsewhere');
    const foreign = await seedMachineIdentity(keygate.services, other.organizationId, { name: 'foreign' });
    const foreignToken = await seedToken(keygate.services, other.organizationId, foreign.id, {
      name: 'foreign-token',
    });
    // Events that name the other organization's objects, as a forged or mistaken write would.
    for (const [targetType, targetId] of [
      ['MachineIdentity', foreign.id],
      ['Organization', other.organizationId],
      ['Route', '/not/a/uuid'],
    ] as const) {
      await keygate.services.prisma.$transaction((tx) =>
        appendAuditEvent(
          tx,
          {
            organizationId: keygate.organizationId,
            actorType: 'USER',
            actorId: other.userId,
            credentialKind: 'TOKEN',
            credentialId: foreignToken.tokenId,
            requestId: null,
            ip: null,
            userAgent: null,
          },
          { action: 'test.foreign', outcome: 'SUCCESS', targetType, targetId },
        ),
      );
    }
    const events = await eventsOf({ action: 'test.foreign' });
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event.actor).toEqual({ id: encodeGlobalID('User', other.userId), name: null, email: null });
      expect(event.credential).toMatchObject({ name: null });
      expect(event.target).toMatchObject({ id: event.targetId, name: null, email: null });
    }
  });

  it('in live events too, as they are called at each event, and only to a caller with audit:read', async () => {
    const stream = await openEventStream(
      (url, init) => keygate.yoga.fetch(url, init),
      'http://keygate.test/graphql',
      keygate.ownerSecret,
      'subscription { auditEventAdded { action target { name } actor { name } } }',
    );
    try {
      const identityId = await createIdentity('live-named');
      await stream.readUntil((buffer) => buffer.includes('identity.created'));
      // A stream lives long: a name that changed since its last event is read anew, not from a cache.
      await keygate.request(
        RenameIdentity,
        { input: { id: identityId, name: 'live-renamed' } },
        { token: keygate.ownerSecret },
      );
      await stream.readUntil((buffer) => buffer.includes('identity.updated'));
      type Message = { data: { auditEventAdded: { action: string; target: { name: string } } } };
      const events = stream.messages<Message>().map((message) => message.data.auditEventAdded);
      expect(events).toEqual([
        { action: 'identity.created', target: { name: 'live-named' }, actor: { name: 'Owner' } },
        { action: 'identity.updated', target: { name: 'live-renamed' }, actor: { name: 'Owner' } },
      ]);
    } finally {
      stream.close();
    }
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const refused = await keygate.request(NamedEvents, {}, { token: member.secret });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
