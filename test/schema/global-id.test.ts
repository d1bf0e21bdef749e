import { encodeGlobalID } from '@pothos/plugin-relay';
import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalId, NODE_ID_SHAPES, parseGlobalId } from '../../src/schema/global-id.js';
import { schema } from '../../src/schema/index.js';
import { startTestKeygate, type TestKeygate, type TypedDocument } from '../support/keygate.js';

/**
 * Plain documents: these tests send ids on purpose that codegen's typed documents would not add anything
 * to, and test/graphql/generated belongs to the operations of the other suites.
 */
const operation = <TResult>(source: string) =>
  ({ toString: () => source }) as TypedDocument<TResult, Record<string, unknown>>;

const Node = operation<{ node: { __typename: string; id: string } | null }>(
  'query GlobalIdNode($id: ID!) { node(id: $id) { __typename id } }',
);
const Nodes = operation<{ nodes: ({ __typename: string } | null)[] }>(
  'query GlobalIdNodes($ids: [ID!]!) { nodes(ids: $ids) { __typename } }',
);
const Mutations = operation<Record<string, { __typename: string; code?: string }>>(`
  mutation GlobalIdMutations($token: ID!, $identity: ID!, $appKey: ID!, $membership: ID!, $project: ID!) {
    revokeToken(input: { id: $token }) { __typename ... on Error { code } }
    setTokenKey(input: { id: $token, key: "kg_tok_x" }) { __typename ... on Error { code } }
    createToken(input: { identityId: $identity, name: "n" }) { __typename ... on Error { code } }
    disableMachineIdentity(input: { id: $identity }) { __typename ... on Error { code } }
    deleteAppKey(input: { id: $appKey }) { __typename ... on Error { code } }
    updateMember(input: { id: $membership, role: MEMBER }) { __typename ... on Error { code } }
    createApplication(input: { projectId: $project, name: "a" }) { __typename ... on Error { code } }
  }
`);
const AuditByActor = operation<{ auditEvents: { totalCount: number } }>(
  'query GlobalIdAudit($actorId: ID, $credentialId: ID) { auditEvents(first: 1, filter: { actorId: $actorId, credentialId: $credentialId }) { totalCount } }',
);

const raw = (text: string) => Buffer.from(text).toString('base64');
const UUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

/** Well-formed global ids of Keygate types whose raw id cannot be one of that type. */
const WRONG_SHAPES = [
  raw(`AuditEvent:${UUID}`),
  raw('AuditEvent:9999999999999999999'), // past bigint
  raw('AuditEvent:9223372036854775808'),
  raw('AuditEvent:0'),
  raw('AuditEvent:-1'),
  raw('AuditEvent:1.5'),
  raw('Token:123'),
  raw('Token:'),
  raw(`Token:${UUID}x`),
  raw("User:1' OR '1'='1"),
  raw('Organization:123'),
];

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

const asOwner = () => ({ token: keygate.ownerSecret });

describe('decodeGlobalId', () => {
  it('knows the id shape of every Node type in the schema', () => {
    const nodeTypes = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node'))
      .map((type) => type.name)
      .sort();
    const missing = nodeTypes.filter((name) => !Object.hasOwn(NODE_ID_SHAPES, name));
    expect(missing, `add these Node types to NODE_ID_SHAPES in src/schema/global-id.ts: ${missing}`).toEqual(
      [],
    );
    expect(Object.keys(NODE_ID_SHAPES).sort()).toEqual(nodeTypes);
  });

  it('accepts the largest bigint and every UUID, and refuses what is not a Keygate global id', () => {
    expect(decodeGlobalId(encodeGlobalID('AuditEvent', '9223372036854775807'))).toEqual({
      typename: 'AuditEvent',
      id: '9223372036854775807',
    });
    expect(parseGlobalId(encodeGlobalID('Token', UUID))).toEqual({ typename: 'Token', id: UUID });
    expect(parseGlobalId(raw('Token:123'))).toBeNull();
    for (const bad of ['garbage', raw(`Widget:${UUID}`), raw(`Viewer:${UUID}`), raw(`:${UUID}`), raw(UUID)]) {
      expect(() => decodeGlobalId(bad), bad).toThrow('Invalid id');
    }
  });
});

describe('an id of the wrong shape for its type', () => {
  it('is a node that does not exist: null, not an internal error', async () => {
    for (const id of WRONG_SHAPES) {
      const single = await keygate.request(Node, { id }, asOwner());
      expect(single, Buffer.from(id, 'base64').toString()).toMatchObject({
        status: 200,
        data: { node: null },
      });
      expect(single.errors).toBeUndefined();
    }
    const many = await keygate.request(
      Nodes,
      { ids: [...WRONG_SHAPES, encodeGlobalID('Organization', keygate.organizationId)] },
      asOwner(),
    );
    expect(many.errors).toBeUndefined();
    expect(many.data!.nodes).toEqual([...WRONG_SHAPES.map(() => null), { __typename: 'Organization' }]);
  });

  it('is not found by mutations', async () => {
    const result = await keygate.request(
      Mutations,
      {
        token: raw('Token:123'),
        identity: raw('MachineIdentity:1'),
        appKey: raw(`ApplicationKey:${UUID}-0`),
        membership: raw('Membership:99999999999999999999'),
        project: raw('Project:abc'),
      },
      asOwner(),
    );
    expect(result.errors).toBeUndefined();
    const notFound = { __typename: 'NotFoundError', code: 'NOT_FOUND' };
    expect(result.data).toEqual({
      revokeToken: notFound,
      setTokenKey: notFound,
      createToken: notFound,
      disableMachineIdentity: notFound,
      deleteAppKey: notFound,
      updateMember: notFound,
      createApplication: notFound,
    });
  });

  it('matches no audit event actor or credential', async () => {
    const result = await keygate.request(
      AuditByActor,
      { actorId: raw('User:123'), credentialId: raw('PersonalAccessToken:1') },
      asOwner(),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.auditEvents.totalCount).toBe(0);
  });

  it('answers an id of another type, where an argument takes one type, as a bad request that does not echo it', async () => {
    const RevokeToken = operation<{ revokeToken: { __typename: string } | null }>(
      'mutation GlobalIdWrongType($id: ID!) { revokeToken(input: { id: $id }) { __typename } }',
    );
    const auditEventId = encodeGlobalID('AuditEvent', '5');
    const result = await keygate.request(RevokeToken, { id: auditEventId }, asOwner());
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result)).not.toContain(auditEventId);
  });

  it('matches no audit event actor or credential given an id of another type', async () => {
    const result = await keygate.request(
      AuditByActor,
      { actorId: encodeGlobalID('AuditEvent', '5'), credentialId: encodeGlobalID('Project', UUID) },
      asOwner(),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.auditEvents.totalCount).toBe(0);
  });

  it('leaves what is not a global id a bad request', async () => {
    for (const id of ['garbage', raw(`Widget:${UUID}`)]) {
      const result = await keygate.request(Node, { id }, asOwner());
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
