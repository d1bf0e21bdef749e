import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/domain/secrets.js';
import { startTestKeygate, type TestKeygate, testConfig } from '../support/keygate.js';
import { seedAppKey, seedApplication, seedMachineIdentity, seedMember, seedToken } from '../support/seed.js';

/*
 * What callers put in: control characters, malformed cursors, persisted-operation ids that name
 * Object.prototype, header values holding secrets, misspelt names. Each is answered as the caller's
 * mistake (a typed error or a 4xx with a code), never as an internal error, and recorded as it was.
 */

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: raw answers to ad-hoc documents; the assertions check their shape
  body: any;
}

async function send(
  keygate: TestKeygate,
  token: string | null,
  query: string,
  variables?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const { status, headers: answered, ...body } = await keygate.raw(query, variables, { token, headers });
  return { status, headers: answered, body };
}

type GraphQLErrorBody = { message: string; extensions?: { code?: string; field?: string } };
const errorsOf = (answer: Answer): GraphQLErrorBody[] => answer.body.errors ?? [];
const codesOf = (answer: Answer) => errorsOf(answer).map((error) => error.extensions?.code ?? 'none');

let keygate: TestKeygate;

beforeAll(async () => {
  keygate = await startTestKeygate();
});

afterAll(async () => {
  await keygate?.close();
});

const owner = () => keygate.ownerSecret;

describe('control characters in string inputs', () => {
  const CREATE_IDENTITY = `mutation($input: CreateMachineIdentityInput!) { createMachineIdentity(input: $input) {
    __typename ... on ValidationError { field code message } } }`;

  it.each([
    ['NUL', '\u0000'],
    ['U+0001', '\u0001'],
    ['U+001F', '\u001f'],
    ['DEL', '\u007f'],
  ])(
    'a mutation answers a ValidationError naming the field for %s, recorded as FAILED',
    async (_name, character) => {
      const requestId = `control-${randomUUID()}`;
      const answer = await send(
        keygate,
        owner(),
        CREATE_IDENTITY,
        { input: { name: `bad${character}name` } },
        { 'x-request-id': requestId },
      );
      expect(codesOf(answer)).toEqual([]);
      expect(answer.status).toBe(200);
      expect(answer.body.data.createMachineIdentity).toMatchObject({
        __typename: 'ValidationError',
        field: 'name',
      });
      const events = await keygate.services.prisma.auditEvent.findMany({ where: { requestId } });
      expect(events.map((event) => [event.action, event.outcome])).toEqual([['identity.created', 'FAILED']]);
      expect(
        await keygate.services.prisma.machineIdentity.count({ where: { name: { startsWith: 'bad' } } }),
      ).toBe(0);
    },
  );

  it('names trustedIps for a NUL in one of a token’s trusted ranges', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const requestId = `control-${randomUUID()}`;
    const answer = await send(
      keygate,
      owner(),
      `mutation($input: CreateTokenInput!) { createToken(input: $input) {
        __typename ... on ValidationError { field } } }`,
      {
        input: {
          identityId: encodeGlobalID('MachineIdentity', identity.id),
          name: 'ranged',
          trustedIps: ['10.0.0.1\u0000'],
        },
      },
      { 'x-request-id': requestId },
    );
    expect(codesOf(answer)).toEqual([]);
    expect(answer.body.data.createToken).toEqual({ __typename: 'ValidationError', field: 'trustedIps' });
    const events = await keygate.services.prisma.auditEvent.findMany({ where: { requestId } });
    expect(events.map((event) => [event.action, event.outcome])).toEqual([['token.created', 'FAILED']]);
  });

  it('a query argument answers BAD_USER_INPUT naming the field', async () => {
    const answer = await send(
      keygate,
      owner(),
      'query($filter: AuditEventFilter) { auditEvents(filter: $filter) { totalCount } }',
      { filter: { action: 'a\u0000' } },
    );
    const [error] = errorsOf(answer);
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.field).toBe('filter.action');
    expect(JSON.stringify(answer.body)).not.toContain('INTERNAL_SERVER_ERROR');
  });

  it('lets line feeds through where a field takes lines (a checkpoint note), and nothing else', async () => {
    const note = (await keygate.services.auditLog.checkpoint(keygate.organizationId)).note;
    expect(note).toContain('\n');
    const VERIFY =
      'query($checkpoint: String) { verifyAuditChain(checkpoint: $checkpoint) { valid anchorSize } }';
    const held = await send(keygate, owner(), VERIFY, { checkpoint: note });
    expect(errorsOf(held)).toEqual([]);
    expect(held.body.data.verifyAuditChain).toMatchObject({ valid: true });
    expect(held.body.data.verifyAuditChain.anchorSize).toBe(
      keygate.services.auditLog.openCheckpoint(keygate.organizationId, note).size.toString(),
    );
    for (const character of ['\u0000', '\r', '\t']) {
      const [error] = errorsOf(await send(keygate, owner(), VERIFY, { checkpoint: `${note}${character}` }));
      expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'checkpoint' });
      expect(error?.message).toBe('checkpoint must not contain control characters');
    }
    // Everywhere else a line feed is still a control character.
    const [error] = errorsOf(
      await send(
        keygate,
        owner(),
        'query($filter: AuditEventFilter) { auditEvents(filter: $filter) { totalCount } }',
        {
          filter: { action: 'a\nb' },
        },
      ),
    );
    expect(error?.extensions?.field).toBe('filter.action');
  });
});

describe('malformed cursors', () => {
  const cursor = (text: string) => Buffer.from(text).toString('base64');
  const UUID_LIST_CURSORS = ['GPC:S:', 'GPC:N:', 'GPC:S:abc', 'GPC:D:x', 'GPC:N:1', 'GPC:I:1', 'nonsense'];
  const AUDIT_CURSORS = [
    'GPC:S:',
    'GPC:N:',
    'GPC:I:',
    'GPC:I:abc',
    'GPC:D:x',
    'GPC:S:1',
    'GPC:I:9223372036854775808',
  ];

  let ids: { identity: string; project: string; application: string };

  beforeAll(async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    await seedToken(keygate.services, keygate.organizationId, identity.id);
    const { projectId, applicationId } = await seedApplication(keygate.services, keygate.organizationId);
    await seedAppKey(keygate.services, keygate.organizationId, applicationId);
    await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    ids = {
      identity: encodeGlobalID('MachineIdentity', identity.id),
      project: encodeGlobalID('Project', projectId),
      application: encodeGlobalID('Application', applicationId),
    };
  });

  /** Each list, paged with `$c` as the cursor argument named by `arg` (after or before). */
  const LISTS: Record<string, (arg: string) => string> = {
    tokens: (arg) => `tokens(${arg}: $c) { edges { node { id } } pageInfo { endCursor } }`,
    machineIdentities: (arg) =>
      `machineIdentities(${arg}: $c) { edges { node { id } } pageInfo { endCursor } }`,
    members: (arg) => `members(${arg}: $c) { edges { node { id } } pageInfo { endCursor } }`,
    projects: (arg) => `projects(${arg}: $c) { edges { node { id } } pageInfo { endCursor } }`,
    appKeys: (arg) =>
      `appKeys(projectId: $project, appId: $application, ${arg}: $c) { edges { node { id } } pageInfo { endCursor } }`,
    auditEvents: (arg) => `auditEvents(${arg}: $c) { edges { node { id } } pageInfo { endCursor } }`,
    invitations: (arg) => `invitations(${arg}: $c) { edges { node { id } } pageInfo { endCursor } }`,
    'viewer.personalAccessTokens': (arg) =>
      `viewer { personalAccessTokens(${arg}: $c) { edges { node { id } } pageInfo { endCursor } } }`,
    'MachineIdentity.tokens': (arg) =>
      `node(id: $identity) { ... on MachineIdentity { tokens(${arg}: $c) { edges { node { id } } pageInfo { endCursor } } } }`,
    'Project.applications': (arg) =>
      `node(id: $project) { ... on Project { applications(${arg}: $c) { edges { node { id } } pageInfo { endCursor } } } }`,
  };

  const run = (list: string, arg: string, c: string | null) => {
    const selection = LISTS[list]!(arg);
    const declared = [
      '$c: String',
      selection.includes('$identity') ? '$identity: ID!' : '',
      selection.includes('$project') ? '$project: ID!' : '',
      selection.includes('$application') ? '$application: ID!' : '',
    ].filter(Boolean);
    const variables: Record<string, unknown> = { c };
    if (selection.includes('$identity')) variables.identity = ids.identity;
    if (selection.includes('$project')) variables.project = ids.project;
    if (selection.includes('$application')) variables.application = ids.application;
    return send(keygate, owner(), `query(${declared.join(', ')}) { ${selection} }`, variables);
  };

  it.each(Object.keys(LISTS))(
    '%s answers BAD_USER_INPUT to every malformed cursor, after or before',
    async (list) => {
      // The cursors the list hands out still page.
      const first = await run(list, 'after', null);
      expect(codesOf(first)).toEqual([]);
      const endCursor = JSON.stringify(first.body.data).match(/"endCursor":"([^"]+)"/)?.[1];
      if (endCursor) expect(codesOf(await run(list, 'after', endCursor))).toEqual([]);

      const answers: Record<string, string[]> = {};
      const expected: Record<string, string[]> = {};
      for (const text of list === 'auditEvents' ? AUDIT_CURSORS : UUID_LIST_CURSORS) {
        for (const arg of ['after', 'before']) {
          answers[`${arg}: ${text}`] = codesOf(await run(list, arg, cursor(text)));
          expected[`${arg}: ${text}`] = ['BAD_USER_INPUT'];
        }
      }
      expect(answers).toEqual(expected);
    },
  );
});

describe('persisted operation ids', () => {
  let production: TestKeygate;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'keygate-persisted-'));
    const file = path.join(dir, 'operations.json');
    writeFileSync(file, JSON.stringify({ viewerKind: 'query ViewerKind { viewer { kind } }' }));
    production = await startTestKeygate({
      ...testConfig({ NODE_ENV: 'production', KEYGATE_PERSISTED_OPERATIONS: file }),
      logLevel: 'silent',
    });
  });

  afterAll(async () => {
    await production?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers ids that name Object.prototype members (__proto__, constructor, …) as unknown ones, with a 4xx', async () => {
    const ids = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    // A list of answers, not an object keyed by id: a `__proto__` key would not be kept.
    const answers: [string, string | undefined, string][] = [];
    for (const id of ids) {
      const response = await production.yoga.fetch('http://keygate.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${production.ownerSecret}` },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } }),
      });
      const body = (await response.json()) as { errors?: GraphQLErrorBody[] };
      answers.push([
        id,
        body.errors?.map((error) => error.extensions?.code).join(','),
        response.status >= 400 && response.status < 500 ? '4xx' : String(response.status),
      ]);
    }
    expect(answers).toEqual(ids.map((id) => [id, 'PERSISTED_QUERY_NOT_IN_LIST', '4xx']));
  });
});

describe('denied fields of one request', () => {
  it('records every denied top-level mutation field, not only the first', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const requestId = `denied-${randomUUID()}`;
    const answer = await send(
      keygate,
      member.secret,
      `mutation {
        a: createProject(input: { name: "denied-project" }) { __typename }
        b: createMachineIdentity(input: { name: "denied-identity" }) { __typename }
      }`,
      undefined,
      { 'x-request-id': requestId },
    );
    expect(errorsOf(answer).map((error) => error.extensions?.code)).toContain('FORBIDDEN');
    const events = await keygate.services.prisma.auditEvent.findMany({ where: { requestId } });
    expect(events.map((event) => [event.action, event.outcome]).sort()).toEqual([
      ['identity.created', 'DENIED'],
      ['project.created', 'DENIED'],
    ]);
  });

  it('records identical denials (aliases of one field and target) once, and each other target once', async () => {
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER');
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const [one, two] = await Promise.all([
      seedToken(keygate.services, keygate.organizationId, identity.id),
      seedToken(keygate.services, keygate.organizationId, identity.id),
    ]);
    const requestId = `denied-${randomUUID()}`;
    await send(
      keygate,
      member.secret,
      `mutation($one: ID!, $two: ID!) {
        a: revokeToken(input: { id: $one }) { __typename }
        b: revokeToken(input: { id: $one }) { __typename }
        c: revokeToken(input: { id: $two }) { __typename }
        d: createProject(input: { name: "x" }) { __typename }
        e: createProject(input: { name: "y" }) { __typename }
      }`,
      { one: encodeGlobalID('Token', one.tokenId), two: encodeGlobalID('Token', two.tokenId) },
      { 'x-request-id': requestId },
    );
    const events = await keygate.services.prisma.auditEvent.findMany({ where: { requestId } });
    expect(events.map((event) => [event.action, event.outcome, event.targetId]).sort()).toEqual(
      [
        ['project.created', 'DENIED', null],
        ['token.revoked', 'DENIED', one.tokenId],
        ['token.revoked', 'DENIED', two.tokenId],
      ].sort(),
    );
  });
});

describe('audit strings the caller controls', () => {
  const CREATE_IDENTITY = `mutation($name: String!) { createMachineIdentity(input: { name: $name }) {
    __typename ... on MachineIdentityPayload { machineIdentity { id } } } }`;

  async function createdEvent(name: string, headers: Record<string, string>) {
    const answer = await send(keygate, owner(), CREATE_IDENTITY, { name }, headers);
    expect(answer.body.data.createMachineIdentity.__typename).toBe('MachineIdentityPayload');
    const globalId: string = answer.body.data.createMachineIdentity.machineIdentity.id;
    const targetId = Buffer.from(globalId, 'base64').toString('utf8').split(':')[1];
    const event = await keygate.services.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'identity.created', targetId },
    });
    return { answer, event };
  }

  it('keeps a secret sent as User-Agent out of the event', async () => {
    const secret = generateSecret('PERSONAL_ACCESS_TOKEN');
    const alone = await createdEvent(`ua-${randomUUID()}`, { 'user-agent': secret });
    expect(alone.event.userAgent).toBe('[redacted]');
    const embedded = await createdEvent(`ua-${randomUUID()}`, { 'user-agent': `curl/8.5 (${secret})` });
    expect(embedded.event.userAgent).not.toContain(secret);
    expect(embedded.event.userAgent).toBe('curl/8.5 ([redacted])');
  });

  it('replaces an x-request-id holding a secret with a fresh id, in the event and the response', async () => {
    const secret = generateSecret('TOKEN');
    const { answer, event } = await createdEvent(`rid-${randomUUID()}`, { 'x-request-id': secret });
    const echoed = answer.headers.get('x-request-id');
    expect(echoed).not.toBe(secret);
    expect(echoed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(event.requestId).toBe(echoed);
    expect(JSON.stringify(event.changes)).not.toContain(secret);
  });

  it('stores text that merely looks like a secret prefix as written', async () => {
    const name = 'kg_pat_x@kg_tok_x.example';
    const { event } = await createdEvent(name, {});
    expect(event.changes).toMatchObject({ after: { name } });
  });

  it('stores an invitation’s e-mail and name as written, even when they look like secret prefixes', async () => {
    const requestId = `invite-${randomUUID()}`;
    const answer = await send(
      keygate,
      owner(),
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { __typename } }`,
      { input: { email: 'kg_pat_x@kg_tok_x.example', name: 'kg_tok_x', role: 'MEMBER' } },
      { 'x-request-id': requestId },
    );
    expect(answer.body.data?.inviteMember.__typename).toBe('InviteMemberPayload');
    const event = await keygate.services.prisma.auditEvent.findFirstOrThrow({
      where: { requestId, action: 'invitation.created' },
    });
    const changes = JSON.stringify(event.changes);
    expect(changes).toContain('"kg_pat_x@kg_tok_x.example"');
    expect(changes).toContain('"kg_tok_x"');
  });

  it('names the person in member.removed', async () => {
    const email = `leaving-${randomUUID()}@example.test`;
    const member = await seedMember(keygate.services, keygate.organizationId, 'MEMBER', { email });
    const membership = await keygate.services.prisma.membership.findFirstOrThrow({
      where: { userId: member.userId, organizationId: keygate.organizationId },
    });
    const requestId = `remove-${randomUUID()}`;
    const answer = await send(
      keygate,
      owner(),
      'mutation($id: ID!) { removeMember(input: { id: $id }) { __typename } }',
      { id: encodeGlobalID('Membership', membership.id) },
      { 'x-request-id': requestId },
    );
    expect(answer.body.data.removeMember.__typename).toBe('DeletedPayload');
    const event = await keygate.services.prisma.auditEvent.findFirstOrThrow({
      where: { requestId, action: 'member.removed' },
    });
    const user = await keygate.services.prisma.user.findUniqueOrThrow({ where: { id: member.userId } });
    expect(event.changes).toMatchObject({ before: { email, name: user.name } });
  });
});

describe('suggestions in production', () => {
  let production: TestKeygate;

  beforeAll(async () => {
    production = await startTestKeygate({ ...testConfig({ NODE_ENV: 'production' }), logLevel: 'silent' });
  });

  afterAll(async () => {
    await production?.close();
  });

  it('names no schema member in any refusal: misspelt enum value, field, argument or type', async () => {
    const misspelt = [
      '{ tokens(state: ACTIV) { totalCount } }',
      '{ viewer { knd } }',
      '{ tokens(frist: 1) { totalCount } }',
      '{ viewer { ... on Viewr { kind } } }',
      'query($state: CredentialStat) { tokens(state: $state) { totalCount } }',
    ];
    const suggestions: Record<string, string[]> = {};
    for (const query of misspelt) {
      const messages = errorsOf(await send(production, production.ownerSecret, query)).map((e) => e.message);
      expect(messages.length).toBeGreaterThan(0);
      suggestions[query] = messages.filter((message) => /Did you mean/.test(message));
    }
    expect(suggestions).toEqual(Object.fromEntries(misspelt.map((query) => [query, []])));
  });
});

describe('use-limited tokens', () => {
  it('reads a token whose uses are spent as USED_UP, listed under USED_UP and not under ACTIVE', async () => {
    const identity = await seedMachineIdentity(keygate.services, keygate.organizationId);
    const spent = await seedToken(keygate.services, keygate.organizationId, identity.id, { numUsesLimit: 2 });
    const left = await seedToken(keygate.services, keygate.organizationId, identity.id, { numUsesLimit: 2 });
    await keygate.services.prisma.token.update({ where: { id: spent.tokenId }, data: { numUses: 2 } });
    await keygate.services.prisma.token.update({ where: { id: left.tokenId }, data: { numUses: 1 } });
    const spentId = encodeGlobalID('Token', spent.tokenId);
    const leftId = encodeGlobalID('Token', left.tokenId);

    const read = await send(
      keygate,
      owner(),
      'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Token { state } } }',
      {
        ids: [spentId, leftId],
      },
    );
    expect(read.body.data.nodes).toEqual([{ state: 'USED_UP' }, { state: 'ACTIVE' }]);

    const listed = async (state: string) => {
      const answer = await send(
        keygate,
        owner(),
        `query($identityId: ID) { tokens(identityId: $identityId, state: ${state}) { edges { node { id } } } }`,
        { identityId: encodeGlobalID('MachineIdentity', identity.id) },
      );
      expect(errorsOf(answer)).toEqual([]);
      return answer.body.data.tokens.edges.map((edge: { node: { id: string } }) => edge.node.id);
    };
    expect(await listed('USED_UP')).toEqual([spentId]);
    expect(await listed('ACTIVE')).toEqual([leftId]);
  });
});

describe('verifyCredential input', () => {
  const VERIFY = `mutation($input: VerifyCredentialInput!) { verifyCredential(input: $input) { valid code } }`;

  it('refuses an ip that is no address with BAD_USER_INPUT naming ip', async () => {
    const answer = await send(keygate, owner(), VERIFY, { input: { secret: owner(), ip: 'not-an-ip' } });
    expect(errorsOf(answer).map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'ip'],
    ]);
    const good = await send(keygate, owner(), VERIFY, { input: { secret: owner(), ip: '192.0.2.1' } });
    expect(good.body.data.verifyCredential).toEqual({ valid: true, code: 'VALID' });
  });

  it('refuses a permission Keygate does not have with BAD_USER_INPUT naming requiredPermissions', async () => {
    const answer = await send(keygate, owner(), VERIFY, {
      input: { secret: owner(), requiredPermissions: ['token:fly'] },
    });
    expect(errorsOf(answer).map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'requiredPermissions'],
    ]);
    const good = await send(keygate, owner(), VERIFY, {
      input: { secret: owner(), requiredPermissions: ['token:read'] },
    });
    expect(good.body.data.verifyCredential).toEqual({ valid: true, code: 'VALID' });
  });
});
