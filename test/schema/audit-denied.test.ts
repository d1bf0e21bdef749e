import { randomBytes } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { getNamedType, isInputObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSecret } from '../../src/domain/secrets.js';
import { MUTATION_AUDIT } from '../../src/schema/audit-context.js';
import { schema } from '../../src/schema/index.js';
import { startTestKeygate, type TestKeygate, type TypedDocument } from '../support/keygate.js';
import { seedMember } from '../support/seed.js';

/** Plain documents, so that this file adds nothing to test/graphql/generated (see global-id.test.ts). */
const operation = <TResult>(source: string) =>
  ({ toString: () => source }) as TypedDocument<TResult, Record<string, unknown>>;

const CreateIdentity = operation<{ createMachineIdentity: { machineIdentity: { id: string } } }>(`
  mutation DeniedCreateIdentity($input: CreateMachineIdentityInput!) {
    createMachineIdentity(input: $input) { ... on MachineIdentityPayload { machineIdentity { id } } }
  }
`);
const CreateToken = operation<{ createToken: { __typename: string; token?: { id: string } } }>(`
  mutation DeniedCreateToken($input: CreateTokenInput!) {
    createToken(input: $input) { __typename ... on TokenSecretPayload { token { id } } }
  }
`);
const SetTokenKey = operation<{ setTokenKey: { __typename: string } }>(`
  mutation DeniedSetTokenKey($input: SetTokenKeyInput!) { setTokenKey(input: $input) { __typename } }
`);
const UpdateOrganization = operation<{ updateOrganization: { __typename: string } }>(`
  mutation DeniedUpdateOrganization($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) { __typename }
  }
`);
const AuditEvents = operation<{
  auditEvents: {
    edges: {
      node: {
        action: string;
        outcome: string;
        targetType: string | null;
        targetId: string | null;
        changes: unknown;
      };
    }[];
  };
}>(`
  query DeniedAuditEvents($filter: AuditEventFilter) {
    auditEvents(first: 10, filter: $filter) {
      edges { node { action outcome targetType targetId changes } }
    }
  }
`);
const Members = operation<{ members: { totalCount: number } }>(
  'query DeniedMembers { members(first: 1) { totalCount } }',
);

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

async function latest(filter: Record<string, unknown>) {
  const { data, errors } = await keygate.request(AuditEvents, { filter }, { token: keygate.ownerSecret });
  expect(errors).toBeUndefined();
  return data!.auditEvents.edges.map((edge) => edge.node);
}

describe('the table of mutation audit actions', () => {
  const mutationType = schema.getMutationType()!;
  const fields = mutationType.getFields();

  it('has an entry for every mutation', () => {
    const missing = Object.keys(fields).filter((name) => !Object.hasOwn(MUTATION_AUDIT, name));
    expect(
      missing,
      `Mutation(s) ${missing.join(', ')} missing from MUTATION_AUDIT in src/schema/audit-context.ts: add ` +
        "the action each one's audited() call records (e.g. 'token.key_set') and the input field that " +
        'names its target, so a denied attempt is recorded as that action',
    ).toEqual([]);
    const stale = Object.keys(MUTATION_AUDIT).filter((name) => !fields[name]);
    expect(stale, `MUTATION_AUDIT names mutations the schema does not have: ${stale.join(', ')}`).toEqual([]);
  });

  it("names targets that are global ids of the mutation's input", () => {
    for (const [name, entry] of Object.entries(MUTATION_AUDIT)) {
      const target = entry.target;
      if (!target || target === 'organization' || !fields[name]) continue;
      const input = fields[name].args.find((arg) => arg.name === 'input');
      const inputType = input && getNamedType(input.type);
      if (!inputType || !isInputObjectType(inputType)) throw new Error(`${name} has no input object`);
      const field = inputType.getFields()[target.input];
      const forTypes = (field?.extensions as { relayGlobalIDFor?: { typename: string }[] } | undefined)
        ?.relayGlobalIDFor;
      expect(
        forTypes?.map((t) => t.typename),
        `MUTATION_AUDIT.${name}.target: ${inputType.name}.${target.input} is not a ${target.type} global id`,
      ).toContain(target.type);
    }
  });
});

describe('a denied mutation', () => {
  let identityId: string;
  let tokenId: string;
  let auditor: { secret: string };

  beforeAll(async () => {
    const identity = await keygate.request(
      CreateIdentity,
      { input: { name: 'denied-target', role: 'MEMBER' } },
      { token: keygate.ownerSecret },
    );
    identityId = identity.data!.createMachineIdentity.machineIdentity.id;
    const token = await keygate.request(
      CreateToken,
      { input: { identityId, name: 'denied-token' } },
      { token: keygate.ownerSecret },
    );
    tokenId = token.data!.createToken.token!.id;
    auditor = await seedMember(keygate.services, keygate.organizationId, 'AUDITOR');
  });

  it('is recorded as the action its success records, with outcome DENIED and its target', async () => {
    const key = formatSecret('TOKEN', randomBytes(32));
    const denied = await keygate.request(
      SetTokenKey,
      { input: { id: tokenId, key } },
      { token: auditor.secret },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const allowed = await keygate.request(
      SetTokenKey,
      { input: { id: tokenId, key } },
      { token: keygate.ownerSecret },
    );
    expect(allowed.data!.setTokenKey.__typename).toBe('TokenPayload');

    const [success, denial] = await latest({ action: 'token.key_set' });
    expect(success).toMatchObject({ outcome: 'SUCCESS', targetType: 'Token', targetId: tokenId });
    expect(denial).toEqual({
      action: MUTATION_AUDIT.setTokenKey!.action,
      outcome: 'DENIED',
      targetType: 'Token',
      targetId: tokenId,
      changes: {
        code: 'FORBIDDEN',
        reason: 'missing permission token:set_key',
        field: 'Mutation.setTokenKey',
      },
    });
    expect(denial!.action).toBe('token.key_set');
  });

  it('of a creation names the object the input names, from variables or inline', async () => {
    const denied = await keygate.request(
      operation(
        `mutation { createToken(input: { identityId: "${identityId}", name: "nope" }) { __typename } }`,
      ),
      {},
      { token: auditor.secret },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [denial] = await latest({ action: 'token.created', outcome: 'DENIED' });
    expect(denial).toMatchObject({
      targetType: 'MachineIdentity',
      targetId: identityId,
      changes: { reason: 'missing permission token:create' },
    });
  });

  it("of the organization's settings names the organization", async () => {
    const denied = await keygate.request(
      UpdateOrganization,
      { input: { name: 'taken over' } },
      { token: auditor.secret },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [denial] = await latest({ action: 'organization.updated', outcome: 'DENIED' });
    expect(denial).toMatchObject({
      targetType: 'Organization',
      targetId: encodeGlobalID('Organization', keygate.organizationId),
    });
  });

  it('records no target for an id that names nothing', async () => {
    const before = await latest({ action: 'token.key_set', outcome: 'DENIED' });
    const denied = await keygate.request(
      SetTokenKey,
      { input: { id: Buffer.from('Token:123').toString('base64'), key: 'x' } },
      { token: auditor.secret },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const after = await latest({ action: 'token.key_set', outcome: 'DENIED' });
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ targetType: null, targetId: null });
  });
});

describe('a denied read', () => {
  it('keeps its denied.<Type>.<field> action', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER', {
      scopes: ['token:read'],
    });
    const denied = await keygate.request(Members, {}, { token: member.secret });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [denial] = await latest({ action: 'denied.Query.members' });
    expect(denial).toMatchObject({
      outcome: 'DENIED',
      targetType: null,
      changes: { code: 'FORBIDDEN', reason: 'missing permission member:read', field: 'Query.members' },
    });
  });
});
