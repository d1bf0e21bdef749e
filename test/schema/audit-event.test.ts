import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { graphql } from '../graphql/generated/index.js';
import { openEventStream } from '../support/event-stream.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMember, seedOrganization } from '../support/seed.js';

const AuditEventsBackwards = graphql(`
  query TestAuditEventsBackwards($last: Int, $before: String) {
    auditEvents(last: $last, before: $before) {
      pageInfo { hasPreviousPage startCursor }
      edges { node { id } }
    }
  }
`);

const AuditEvents = graphql(`
  query TestAuditEvents($first: Int, $after: String, $filter: AuditEventFilter) {
    auditEvents(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id sequence action outcome actorType actorId credentialKind credentialId
          targetType targetId requestId ip userAgent changes createdAt
        }
      }
    }
  }
`);

const VerifyChain = graphql(`
  query TestVerifyChain($from: AuditVerificationStart) {
    verifyAuditChain(from: $from) {
      valid checkedEvents firstBrokenSequence reason size anchorSize verifiedThroughSequence complete
    }
  }
`);

const CreateIdentity = graphql(`
  mutation TestAuditCreateIdentity($input: CreateMachineIdentityInput!) {
    createMachineIdentity(input: $input) {
      __typename
      ... on MachineIdentityPayload { machineIdentity { id } }
    }
  }
`);

/** An AuditEvent's own fields (beside what every event records about its request): the chain. */
const AUDIT_EVENT_OWN_FIELDS = ['sequence', 'hash'];

/** A value for each required field of `type`, and `id` for every id field. */
function sampleInput(type: GraphQLInputObjectType, id: string): Record<string, unknown> {
  const sample = (fieldType: GraphQLInputType): unknown => {
    const named = getNamedType(fieldType);
    let value: unknown;
    if (named.name === 'ID') value = id;
    else if (isInputObjectType(named)) value = sampleInput(named, id);
    else if (isEnumType(named)) value = named.getValues()[0]!.value;
    else value = { Int: 0, Float: 0, Boolean: false, String: 'x', JSON: {} }[named.name] ?? FUTURE;
    const list = isNonNullType(fieldType) ? fieldType.ofType : fieldType;
    return isListType(list) ? [value] : value;
  };
  return Object.fromEntries(
    Object.values(type.getFields())
      .filter((field) => isNonNullType(field.type) || getNamedType(field.type).name === 'ID')
      .map((field) => [field.name, sample(field.type)]),
  );
}

const FUTURE = new Date(Date.now() + 30 * 86_400_000).toISOString();

const Viewer = graphql(`
  query TestAuditViewer { viewer { credential { id } user { id } } }
`);

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

async function createIdentity(
  name: string,
  token = keygate.ownerSecret,
  headers: Record<string, string> = {},
) {
  return keygate.request(CreateIdentity, { input: { name } }, { token, headers });
}

describe('audit events', () => {
  it('record who, with which credential, from where, to what and how it ended', async () => {
    const viewer = await keygate.request(Viewer, {}, { token: keygate.ownerSecret });
    const created = await keygate.request(
      CreateIdentity,
      { input: { name: 'audited' } },
      {
        token: keygate.ownerSecret,
        ip: '203.0.113.7',
        headers: { 'user-agent': 'audit-test/1.0', 'x-request-id': 'req-audit-1' },
      },
    );
    if (created.data?.createMachineIdentity.__typename !== 'MachineIdentityPayload')
      throw new Error('create');
    const { data } = await keygate.request(
      AuditEvents,
      { first: 1, filter: { action: 'identity.created' } },
      { token: keygate.ownerSecret },
    );
    const event = data!.auditEvents.edges[0]!.node;
    expect(event).toMatchObject({
      action: 'identity.created',
      outcome: 'SUCCESS',
      actorType: 'USER',
      actorId: viewer.data!.viewer.user!.id,
      credentialKind: 'PERSONAL_ACCESS_TOKEN',
      credentialId: viewer.data!.viewer.credential.id,
      targetType: 'MachineIdentity',
      targetId: created.data.createMachineIdentity.machineIdentity.id,
      requestId: 'req-audit-1',
      ip: '203.0.113.7',
      userAgent: 'audit-test/1.0',
      changes: { after: { name: 'audited', role: 'MEMBER', permissions: [], disabled: false } },
    });
  });

  it('record denied attempts even though nothing changed', async () => {
    const auditor = await seedMember(keygate.services, keygate.organizationId, 'AUDITOR');
    const denied = await createIdentity('not allowed', auditor.secret);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { data } = await keygate.request(
      AuditEvents,
      { first: 1, filter: { outcome: 'DENIED' } },
      { token: auditor.secret },
    );
    // Recorded as the action a success would have been (identity.created), not under a name of its own.
    expect(data!.auditEvents.edges[0]!.node).toMatchObject({
      action: 'identity.created',
      outcome: 'DENIED',
      credentialKind: 'PERSONAL_ACCESS_TOKEN',
      changes: {
        code: 'FORBIDDEN',
        reason: 'missing permission identity:manage',
        field: 'Mutation.createMachineIdentity',
      },
    });
    expect(await keygate.services.prisma.machineIdentity.count({ where: { name: 'not allowed' } })).toBe(0);
  });

  it('paginate newest first with stable cursors and filter by actor, credential and time', async () => {
    for (let i = 0; i < 5; i++) await createIdentity(`page-${i}`);
    // Listed in the log's order: sealed now, every event has its place in it.
    await keygate.services.auditLog.seal();
    const all = await keygate.request(AuditEvents, { first: 100 }, { token: keygate.ownerSecret });
    const sequences = all.data!.auditEvents.edges.map((e) => Number(e.node.sequence));
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    const walked: string[] = [];
    let after: string | null | undefined;
    do {
      const page = await keygate.request(AuditEvents, { first: 3, after }, { token: keygate.ownerSecret });
      walked.push(...page.data!.auditEvents.edges.map((e) => e.node.id));
      after = page.data!.auditEvents.pageInfo.hasNextPage ? page.data!.auditEvents.pageInfo.endCursor : null;
    } while (after);
    expect(walked).toEqual(all.data!.auditEvents.edges.map((e) => e.node.id));
    // Backwards from the oldest page's end, `last`/`before` give the same events, each page newest first.
    const backwards: string[] = [];
    let before: string | null | undefined;
    do {
      const page = await keygate.request(
        AuditEventsBackwards,
        { last: 3, before },
        { token: keygate.ownerSecret },
      );
      backwards.unshift(...page.data!.auditEvents.edges.map((e) => e.node.id));
      const { hasPreviousPage, startCursor } = page.data!.auditEvents.pageInfo;
      before = hasPreviousPage ? startCursor : null;
    } while (before);
    expect(backwards).toEqual(walked);

    const viewer = await keygate.request(Viewer, {}, { token: keygate.ownerSecret });
    const byCredential = await keygate.request(
      AuditEvents,
      { first: 100, filter: { credentialId: viewer.data!.viewer.credential.id, action: 'identity.created' } },
      { token: keygate.ownerSecret },
    );
    expect(byCredential.data!.auditEvents.totalCount).toBe(6);
    const byActor = await keygate.request(
      AuditEvents,
      { first: 100, filter: { actorId: viewer.data!.viewer.user!.id, outcome: 'SUCCESS' } },
      { token: keygate.ownerSecret },
    );
    expect(
      byActor.data!.auditEvents.edges.every((e) => e.node.actorId === viewer.data!.viewer.user!.id),
    ).toBe(true);
    const future = await keygate.request(
      AuditEvents,
      { first: 10, filter: { from: new Date(Date.now() + 60_000).toISOString() } },
      { token: keygate.ownerSecret },
    );
    expect(future.data!.auditEvents.totalCount).toBe(0);
  });

  it('need audit:read and never show another organization', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const forbidden = await keygate.request(AuditEvents, { first: 1 }, { token: member.secret });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await seedOrganization(keygate.services);
    const theirs = await keygate.request(AuditEvents, { first: 100 }, { token: other.secret });
    expect(theirs.data!.auditEvents.totalCount).toBe(0);
  });

  it('cannot be named or written by any mutation', () => {
    const problems: string[] = [];
    const checkInput = (path: string, input: GraphQLArgument | GraphQLInputField, seen: Set<string>) => {
      const named = getNamedType(input.type);
      if (AUDIT_EVENT_OWN_FIELDS.includes(input.name)) problems.push(`${path}: an audit chain field`);
      if (named.name === 'ID') {
        // Every id a mutation takes is a global id of named types, none of them AuditEvent.
        const forTypes = (input.extensions as { relayGlobalIDFor?: { typename: string }[] }).relayGlobalIDFor;
        if (!forTypes) problems.push(`${path}: an id of any type`);
        else if (forTypes.some((t) => t.typename === 'AuditEvent'))
          problems.push(`${path}: an AuditEvent id`);
      }
      if (!isInputObjectType(named)) return;
      if (/audit/i.test(named.name)) problems.push(`${path}: takes ${named.name}`);
      if (seen.has(named.name)) return;
      seen.add(named.name);
      for (const field of Object.values(named.getFields())) checkInput(`${path}.${field.name}`, field, seen);
    };
    for (const mutation of Object.values(schema.getMutationType()!.getFields())) {
      if (/audit/i.test(mutation.name)) problems.push(`${mutation.name}: an audit mutation`);
      for (const arg of mutation.args) checkInput(`${mutation.name}(${arg.name})`, arg, new Set());
      // Nor does any mutation answer with audit events, which writing one would.
      const result = getNamedType(mutation.type);
      for (const payload of isUnionType(result) ? result.getTypes() : [result]) {
        const fields = isObjectType(payload) ? Object.values(payload.getFields()) : [];
        for (const type of [payload, ...fields.map((field) => getNamedType(field.type))]) {
          if (/^AuditEvent/.test(type.name)) problems.push(`${mutation.name}: returns ${type.name}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('stay as they are when every mutation is handed an audit event id', async () => {
    const org = await seedOrganization(keygate.services, 'Untouchable org');
    for (let i = 0; i < 3; i++) await createIdentity(`untouchable-${i}`, org.secret);
    const { prisma } = keygate.services;
    const snapshot = () =>
      prisma.auditEvent.findMany({
        where: { organizationId: org.organizationId },
        orderBy: { id: 'asc' },
      });
    const before = await snapshot();
    const victim = encodeGlobalID('AuditEvent', before[0]!.id.toString());
    let attempts = 0;
    for (const mutation of Object.values(schema.getMutationType()!.getFields())) {
      const input = mutation.args.find((arg) => arg.name === 'input');
      const inputType = input && getNamedType(input.type);
      if (!inputType || !isInputObjectType(inputType)) continue;
      const value = sampleInput(inputType, victim);
      if (!Object.values(value).includes(victim)) continue;
      attempts += 1;
      // The owner may do everything, so nothing but the id's type stands in the way.
      const response = await keygate.request(
        {
          toString: () =>
            `mutation ($input: ${inputType.name}!) { ${mutation.name}(input: $input) { __typename } }`,
        },
        { input: value },
        { token: org.secret },
      );
      expect(response.data?.[mutation.name as never], mutation.name).toBeFalsy();
      expect(response.errors?.[0]?.extensions?.code, mutation.name).not.toBe('INTERNAL_SERVER_ERROR');
    }
    expect(attempts).toBeGreaterThan(10);
    const after = await snapshot();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(await keygate.services.auditLog.verify(org.organizationId)).toMatchObject({ valid: true });
  });
});

describe('hash chain', () => {
  it('verifies, and detects a row edited directly in the database', async () => {
    await createIdentity('chain-1');
    await createIdentity('chain-2');
    await keygate.services.auditLog.seal();
    const good = await keygate.request(VerifyChain, {}, { token: keygate.ownerSecret });
    expect(good.data!.verifyAuditChain).toMatchObject({ valid: true, firstBrokenSequence: null });
    expect(good.data!.verifyAuditChain.checkedEvents).toBeGreaterThan(3);

    const victim = await keygate.services.prisma.auditEvent.findFirstOrThrow({
      where: { organizationId: keygate.organizationId, action: 'identity.created' },
      orderBy: { id: 'asc' },
    });
    await keygate.services.prisma.$executeRaw`
      UPDATE "AuditEvent" SET "ip" = '198.51.100.1' WHERE id = ${victim.id}`;
    // The edited event lies before the point the first check reached: a check from the start finds it.
    const bad = await keygate.request(VerifyChain, { from: 'START' }, { token: keygate.ownerSecret });
    expect(bad.data!.verifyAuditChain).toMatchObject({
      valid: false,
      firstBrokenSequence: victim.sequence!.toString(),
      reason: 'event content does not match the log',
    });
    await keygate.services.prisma
      .$executeRaw`UPDATE "AuditEvent" SET "ip" = ${victim.ip} WHERE id = ${victim.id}`;
    expect((await keygate.services.auditLog.verify(keygate.organizationId, { from: 'START' })).valid).toBe(
      true,
    );
  });

  it('detects a deleted event and a deleted tail', async () => {
    const other = await seedOrganization(keygate.services, 'Chain org');
    for (let i = 0; i < 4; i++) await createIdentity(`del-${i}`, other.secret);
    await keygate.services.auditLog.seal();
    const events = await keygate.services.prisma.auditEvent.findMany({
      where: { organizationId: other.organizationId },
      orderBy: { id: 'asc' },
    });
    await keygate.services.prisma.auditEvent.delete({ where: { id: events[1]!.id } });
    const middle = await keygate.services.auditLog.verify(other.organizationId);
    expect(middle).toMatchObject({ valid: false, firstBrokenSequence: events[1]!.sequence });

    const third = await seedOrganization(keygate.services, 'Tail org');
    for (let i = 0; i < 3; i++) await createIdentity(`tail-${i}`, third.secret);
    await keygate.services.auditLog.seal();
    const last = await keygate.services.prisma.auditEvent.findFirstOrThrow({
      where: { organizationId: third.organizationId, sequence: { not: null } },
      orderBy: { id: 'desc' },
    });
    await keygate.services.prisma.auditEvent.delete({ where: { id: last.id } });
    const tail = await keygate.services.auditLog.verify(third.organizationId);
    expect(tail).toMatchObject({
      valid: false,
      firstBrokenSequence: last.sequence,
      reason: 'event missing from the log',
    });
  });

  it('stays verifiable after a retention purge, against a checkpoint from before it', async () => {
    const org = await seedOrganization(keygate.services, 'Purge org');
    for (let i = 0; i < 4; i++) await createIdentity(`purge-${i}`, org.secret);
    const held = (await keygate.services.auditLog.checkpoint(org.organizationId)).note;
    const events = await keygate.services.prisma.auditEvent.findMany({
      where: { organizationId: org.organizationId },
      orderBy: { id: 'asc' },
    });
    const cutoff = events[2]!.createdAt;
    const purged = await keygate.services.auditLog.purge(org.organizationId, cutoff);
    expect(purged).toBeGreaterThanOrEqual(1);
    const result = await keygate.services.auditLog.verify(org.organizationId, {
      checkpoint: held,
      from: 'START',
    });
    expect(result).toMatchObject({ valid: true, complete: true });
    expect(result.anchorSize).toBe(keygate.services.auditLog.openCheckpoint(org.organizationId, held).size);
    // Every leaf, the purged ones by their stored hashes.
    expect(BigInt(result.checkedEvents)).toBe(result.size);
  });

  it('orders concurrent writers into one unbroken chain', async () => {
    const org = await seedOrganization(keygate.services, 'Busy org');
    await Promise.all(Array.from({ length: 20 }, (_, i) => createIdentity(`busy-${i}`, org.secret)));
    const result = await keygate.services.auditLog.verify(org.organizationId);
    expect(result).toMatchObject({ valid: true, checkedEvents: 20, size: 20n });
  });
});

describe('auditEventAdded subscription', () => {
  it('streams new events of the organization over Server-Sent Events', async () => {
    const stream = await openEventStream(
      (url, init) => keygate.yoga.fetch(url, init),
      'http://keygate.test/graphql',
      keygate.ownerSecret,
      'subscription { auditEventAdded { action outcome targetType } }',
    );
    expect(stream.status).toBe(200);
    expect(stream.contentType).toContain('text/event-stream');
    // Another organization's change must not arrive; ours must.
    const other = await seedOrganization(keygate.services, 'Quiet org');
    await createIdentity('other-org-event', other.secret);
    await createIdentity('streamed');
    await stream.readUntil((buffer) => buffer.includes('identity.created'));
    stream.close();
    const events = stream
      .messages<{ data?: { auditEventAdded: unknown } }>()
      .filter((message) => message.data);
    expect(events.map((message) => message.data!.auditEventAdded)).toEqual([
      { action: 'identity.created', outcome: 'SUCCESS', targetType: 'MachineIdentity' },
    ]);
  });

  it('needs audit:read to subscribe', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const stream = await openEventStream(
      (url, init) => keygate.yoga.fetch(url, init),
      'http://keygate.test/graphql',
      member.secret,
      'subscription { auditEventAdded { action } }',
    );
    expect(await stream.readUntil((buffer) => buffer.includes('FORBIDDEN'), 5000)).toContain('FORBIDDEN');
    stream.close();
  });
});

describe('retention', () => {
  it('purges each organization past its retention days, leaving a verifiable chain', async () => {
    const org = await seedOrganization(keygate.services, 'Retention org');
    for (let i = 0; i < 3; i++) await createIdentity(`retained-${i}`, org.secret);
    const { prisma } = keygate.services;
    const oldest = await prisma.auditEvent.findFirstOrThrow({
      where: { organizationId: org.organizationId },
      orderBy: { id: 'asc' },
    });
    await prisma.organization.update({ where: { id: org.organizationId }, data: { auditRetentionDays: 30 } });
    // Ten days from now nothing is old enough; forty days from now everything is.
    const { auditLog } = keygate.services;
    expect(await auditLog.enforceRetention(new Date(Date.now() + 10 * 86_400_000))).toBe(0);
    const purged = await auditLog.enforceRetention(new Date(Date.now() + 40 * 86_400_000));
    expect(purged).toBeGreaterThanOrEqual(3);
    expect(await prisma.auditEvent.findUnique({ where: { id: oldest.id } })).toBeNull();
    expect((await auditLog.verify(org.organizationId)).valid).toBe(true);
    // Other organizations keep everything.
    expect(
      await prisma.auditEvent.count({ where: { organizationId: keygate.organizationId } }),
    ).toBeGreaterThan(0);
  });
});
