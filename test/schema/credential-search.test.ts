import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import {
  seedAppKey,
  seedApplication,
  seedMachineIdentity,
  seedMember,
  seedOrganization,
  seedPersonalAccessToken,
  seedToken,
} from '../support/seed.js';

/**
 * `search` on every credential list: names (a personal access token's description) that contain the text
 * whatever the case, with % and _ taken literally; ids, global or raw by prefix; an application's client id
 * by prefix; never another organization's credentials. The operations are plain strings (codegen output
 * belongs to another change).
 */

let keygate: TestKeygate;
let home: string;
let admin: { userId: string; secret: string };
let other: Awaited<ReturnType<typeof seedOrganization>>;
let identity: { id: string };
const tokens: Record<string, string> = {};

const gid = encodeGlobalID;
const NAMES = ['CI deploy', 'ci_nightly', 'ciXnightly', '50% off', '500 off', 'back\\slash'];

beforeAll(async () => {
  keygate = await startTestKeygate();
  home = keygate.organizationId;
  admin = await seedMember(keygate.services, home, 'ADMIN');
  identity = await seedMachineIdentity(keygate.services, home, { name: 'Deploy-Bot' });
  for (const name of NAMES) {
    tokens[name] = (await seedToken(keygate.services, home, identity.id, { name })).tokenId;
  }
  // Another organization with credentials of the very same names: never found from the first.
  other = await seedOrganization(keygate.services);
  const foreign = await seedMachineIdentity(keygate.services, other.organizationId, { name: 'Deploy-Bot' });
  for (const name of NAMES) await seedToken(keygate.services, other.organizationId, foreign.id, { name });
});

afterAll(async () => {
  await keygate?.close();
});

async function names(query: string, variables: Record<string, unknown>, token = admin.secret) {
  const body = await keygate.raw(query, variables, { token });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

const TOKENS = `query ($search: String) {
  tokens(search: $search, first: 50) { totalCount edges { node { id name } } }
}`;

async function tokenNames(search: string) {
  const { tokens: list } = await names(TOKENS, { search });
  const found = list.edges.map((edge: { node: { name: string } }) => edge.node.name).sort();
  expect(list.totalCount).toBe(found.length);
  return found;
}

describe('the tokens list', () => {
  it('matches names that contain the text, whatever the case', async () => {
    expect(await tokenNames('DEPLOY')).toEqual(['CI deploy']);
    expect(await tokenNames('  nightly ')).toEqual(['ciXnightly', 'ci_nightly']);
  });

  it('takes % and _ (and \\) as the characters they are, not as wildcards', async () => {
    expect(await tokenNames('ci_')).toEqual(['ci_nightly']);
    expect(await tokenNames('50%')).toEqual(['50% off']);
    expect(await tokenNames('%')).toEqual(['50% off']);
    expect(await tokenNames('_')).toEqual(['ci_nightly']);
    expect(await tokenNames('k\\s')).toEqual(['back\\slash']);
  });

  it('finds a token by its global id, and by its raw id from 8 characters on', async () => {
    const id = tokens['500 off']!;
    expect(await tokenNames(gid('Token', id))).toEqual(['500 off']);
    expect(await tokenNames(id.toUpperCase())).toEqual(['500 off']);
    // The first 23 characters are the time and a counter: this token's own.
    expect(await tokenNames(id.slice(0, 23))).toEqual(['500 off']);
    // Eight characters are one group: the tokens made in the same minute or so share them, and only those.
    const { tokens: group } = await names(TOKENS, { search: id.slice(0, 8) });
    const ids = group.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(ids).toContain(gid('Token', id));
    for (const found of ids)
      expect(Buffer.from(found, 'base64').toString()).toMatch(`Token:${id.slice(0, 8)}`);
    // Fewer are no id prefix: ids begin with the time, so these would match nearly everything.
    expect(await tokenNames(id.slice(0, 7))).toEqual([]);
    // Another type's global id names no token.
    expect(await tokenNames(gid('MachineIdentity', identity.id))).toEqual([]);
  });

  it("never shows another organization's tokens, even by their ids", async () => {
    const foreign = await keygate.services.prisma.token.findFirstOrThrow({
      where: { organizationId: other.organizationId, name: 'CI deploy' },
    });
    expect(await tokenNames(gid('Token', foreign.id))).toEqual([]);
    expect(await tokenNames(foreign.id)).toEqual([]);
    // From the other organization, its own and only its own.
    const { tokens: theirs } = await names(TOKENS, { search: 'deploy' }, other.secret);
    expect(theirs.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([
      gid('Token', foreign.id),
    ]);
  });

  it('combines with the state filter', async () => {
    await keygate.services.prisma.token.update({
      where: { id: tokens.ciXnightly! },
      data: { revokedAt: new Date() },
    });
    const { tokens: active } = await names(
      'query ($search: String) { tokens(search: $search, state: ACTIVE, first: 50) { totalCount edges { node { name } } } }',
      { search: 'nightly' },
    );
    expect(active).toEqual({ totalCount: 1, edges: [{ node: { name: 'ci_nightly' } }] });
    await keygate.services.prisma.token.update({
      where: { id: tokens.ciXnightly! },
      data: { revokedAt: null },
    });
  });

  it('refuses an empty search and one over 100 characters with BAD_USER_INPUT', async () => {
    for (const search of ['', '   ', 'x'.repeat(101)]) {
      const body = await keygate.raw(TOKENS, { search }, { token: admin.secret });
      expect(body.errors?.[0]?.extensions, JSON.stringify(search)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'search',
      });
    }
    expect(await tokenNames('x'.repeat(100))).toEqual([]);
  });
});

describe('the other credential lists', () => {
  it("an identity's tokens", async () => {
    const query = `query ($id: ID!, $search: String) {
      node(id: $id) { ... on MachineIdentity { tokens(search: $search, first: 50) { totalCount edges { node { name } } } } }
    }`;
    const data = await names(query, { id: gid('MachineIdentity', identity.id), search: 'CI_' });
    expect(data.node.tokens).toEqual({ totalCount: 1, edges: [{ node: { name: 'ci_nightly' } }] });
    const refused = await keygate.raw(
      query,
      { id: gid('MachineIdentity', identity.id), search: '' },
      { token: admin.secret },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
  });

  it('machine identities', async () => {
    await seedMachineIdentity(keygate.services, home, { name: 'backup_agent' });
    await seedMachineIdentity(keygate.services, home, { name: 'backupXagent' });
    const query = `query ($search: String) {
      machineIdentities(search: $search, first: 50) { totalCount edges { node { id name } } }
    }`;
    expect((await names(query, { search: 'deploy-BOT' })).machineIdentities).toEqual({
      totalCount: 1,
      edges: [{ node: { id: gid('MachineIdentity', identity.id), name: 'Deploy-Bot' } }],
    });
    const underscore = (await names(query, { search: 'p_a' })).machineIdentities;
    expect(underscore.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual([
      'backup_agent',
    ]);
    expect(
      (await names(query, { search: gid('MachineIdentity', identity.id) })).machineIdentities.totalCount,
    ).toBe(1);
  });

  it("the viewer's personal access tokens, by description", async () => {
    const person = await seedMember(keygate.services, home, 'MEMBER');
    for (const description of ['Laptop', 'old laptop', 'CI 100%', 'CI 1000']) {
      const { patId } = await seedPersonalAccessToken(keygate.services, home, person.userId);
      await keygate.services.prisma.personalAccessToken.update({
        where: { id: patId },
        data: { description },
      });
    }
    // A colleague's token of the same description is never in one's own list.
    const colleague = await seedMember(keygate.services, home, 'MEMBER');
    await keygate.services.prisma.personalAccessToken.update({
      where: { id: colleague.patId },
      data: { description: 'Laptop' },
    });
    const query = `query ($search: String) {
      viewer { personalAccessTokens(search: $search, first: 50) { totalCount edges { node { id description } } } }
    }`;
    const list = async (search: string) => {
      const { viewer } = await names(query, { search }, person.secret);
      return viewer.personalAccessTokens.edges
        .map((edge: { node: { description: string } }) => edge.node.description)
        .sort();
    };
    expect(await list('LAPTOP')).toEqual(['Laptop', 'old laptop']);
    expect(await list('100%')).toEqual(['CI 100%']);
    expect(await list(gid('PersonalAccessToken', person.patId))).toEqual(['seeded']);
    expect(await list(gid('PersonalAccessToken', colleague.patId))).toEqual([]);
  });

  it("an application's keys, by key id", async () => {
    const { projectId, applicationId } = await seedApplication(keygate.services, home);
    const first = await seedAppKey(keygate.services, home, applicationId);
    const second = await seedAppKey(keygate.services, home, applicationId);
    const query = `query ($projectId: ID!, $appId: ID!, $search: String) {
      appKeys(projectId: $projectId, appId: $appId, search: $search, first: 50) { totalCount edges { node { keyId } } }
    }`;
    const keys = async (search: string) => {
      const { appKeys } = await names(query, {
        projectId: gid('Project', projectId),
        appId: gid('Application', applicationId),
        search,
      });
      return appKeys.edges.map((edge: { node: { keyId: string } }) => edge.node.keyId).sort();
    };
    expect(await keys(second.keyId)).toEqual([second.keyId]);
    expect(await keys(first.keyId.slice(0, 23))).toEqual([first.keyId]);
    expect(await keys(gid('ApplicationKey', first.keyId))).toEqual([first.keyId]);
    // Keys have no name: text that is no id finds none.
    expect(await keys('app')).toEqual([]);
  });

  it("a project's applications, by name and by client id prefix", async () => {
    const { projectId } = await seedApplication(keygate.services, home);
    const made = [];
    for (const name of ['Billing Worker', 'billing_cron', 'billingXcron']) {
      made.push(
        await keygate.services.prisma.application.create({
          data: {
            organizationId: home,
            projectId,
            name,
            clientId: `${name.length}${Math.random().toString(16).slice(2)}@billing`,
          },
        }),
      );
    }
    const query = `query ($id: ID!, $search: String) {
      node(id: $id) { ... on Project { applications(search: $search, first: 50) { totalCount edges { node { name clientId } } } } }
    }`;
    const apps = async (search: string) => {
      const { node } = await names(query, { id: gid('Project', projectId), search });
      return node.applications.edges.map((edge: { node: { name: string } }) => edge.node.name).sort();
    };
    expect(await apps('WORKER')).toEqual(['Billing Worker']);
    expect(await apps('g_c')).toEqual(['billing_cron']);
    expect(await apps(made[2]!.clientId.slice(0, 10))).toEqual(['billingXcron']);
    // A client id is matched from its start only.
    expect(await apps(made[2]!.clientId.slice(3, 12))).toEqual([]);
  });
});
