import { randomBytes, randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret, hashSecret } from '../../src/domain/secrets.js';
import { seal } from '../../src/keys/sealing.js';
import { schema } from '../../src/schema/index.js';
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
 * The permission matrix, from literal tables only: what each mutation needs and what each role holds are
 * written out here by hand, so that a change to either in src/ fails this test until it is mirrored on
 * purpose. Nothing here asks the code under test what to expect.
 */

type RoleName = 'OWNER' | 'ADMIN' | 'MEMBER' | 'AUDITOR';

const READ = [
  'organization:read',
  'member:read',
  'identity:read',
  'token:read',
  'pat:read',
  'project:read',
  'appkey:read',
];

/** Copied by hand from src/domain/permissions.ts (ROLE_PERMISSIONS); keep in step deliberately. */
const ROLE_PERMISSIONS: Record<RoleName, readonly string[]> = {
  OWNER: [
    'organization:read',
    'organization:manage',
    'organization:create',
    'organization:suspend',
    'organization:resume',
    'organization:delete',
    'member:read',
    'member:manage',
    'identity:read',
    'identity:manage',
    'token:read',
    'token:create',
    'token:update',
    'token:renew',
    'token:rotate',
    'token:set_key',
    'token:revoke',
    'token:delete',
    'pat:read',
    'pat:create',
    'pat:delete',
    'project:read',
    'project:manage',
    'appkey:read',
    'appkey:create',
    'appkey:revoke',
    'appkey:delete',
    'audit:read',
    'credential:verify',
    'webhook:manage',
  ],
  ADMIN: [
    'organization:read',
    'organization:create',
    'member:read',
    'identity:read',
    'identity:manage',
    'token:read',
    'token:create',
    'token:update',
    'token:renew',
    'token:rotate',
    'token:set_key',
    'token:revoke',
    'token:delete',
    'pat:read',
    'pat:create',
    'pat:delete',
    'project:read',
    'project:manage',
    'appkey:read',
    'appkey:create',
    'appkey:revoke',
    'appkey:delete',
    'audit:read',
    'credential:verify',
    'webhook:manage',
  ],
  MEMBER: [...READ, 'organization:create', 'pat:create', 'pat:delete', 'credential:verify'],
  AUDITOR: [...READ, 'organization:create', 'pat:create', 'pat:delete', 'audit:read'],
};

type Caller =
  | { name: string; kind: 'anonymous' }
  | {
      name: string;
      kind: 'user' | 'identity';
      role: RoleName;
      /** The credential's scopes; empty means all of the role's. Only scopes that imply nothing more. */
      scopes: readonly string[];
      /** A member of another organization (the fixtures all live in the first one). */
      foreign: boolean;
      secret: string;
      userId?: string;
    };

type Member = Exclude<Caller, { kind: 'anonymous' }>;

/** Copied by hand from src/domain/permissions.ts (IMPLIED), for the scopes the callers below use. */
const IMPLIED: Record<string, readonly string[]> = { 'pat:create': ['pat:read'], 'pat:delete': ['pat:read'] };

function permissionsOf(caller: Member): Set<string> {
  const owned = ROLE_PERMISSIONS[caller.role];
  if (caller.scopes.length === 0) return new Set(owned);
  const scoped = caller.scopes.filter((scope) => owned.includes(scope));
  return new Set([...scoped, ...scoped.flatMap((scope) => IMPLIED[scope] ?? [])]);
}

/** What one row of the matrix acts on: the document, and a probe of everything the mutation may change. */
interface Arranged {
  document: string;
  probe: () => Promise<unknown>;
}

/**
 * One row per mutation. A mutation missing here, or one here that the schema lacks, fails the test, so
 * every new mutation comes with a decision about its permission.
 * - `requires`: the permissions needed in the organization the request acts in, all of them;
 * - `user`: people only (personal access tokens), never machine identities;
 * - `soft`: a caller without the permission gets an answer that reveals nothing instead of FORBIDDEN;
 * - `acts`: 'object' when the mutation names an existing object (a member of another organization must
 *   get NotFound for it), 'organization' when it only acts in the caller's own organization.
 * `arrange` creates fresh objects in the first organization for each row, so every row sees real ids.
 */
interface Rule {
  requires: readonly string[];
  user?: true;
  soft?: true;
  /**
   * `invitee`: the code is the credential. Anonymous callers (a person new to Keygate) accept; anybody with a
   * credential that is not the invited person's own is refused with a typed error.
   */
  invitee?: true;
  acts: 'object' | 'organization';
  /** `against`: whose personal access token a user-only row acts on. */
  arrange: (caller: Caller, against?: 'own' | 'someone else') => Promise<Arranged>;
}

const typename = '{ __typename }';
const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();
const unique = () => randomUUID().slice(0, 8);

let keygate: TestKeygate;
/** The first organization, where every target lives. */
let home: string;
/** The organization of the owner of another organization. */
let foreignOrganization: string;
/** Someone in the first organization whose personal access tokens nobody else may touch. */
let someone: { userId: string };
let fixtureProject: { projectId: string; applicationId: string; clientId: string };
let assertionKey: Awaited<ReturnType<typeof seedAppKey>>;

const prisma = () => keygate.services.prisma;
const id = encodeGlobalID;

async function identityTarget(options: { disabled?: boolean } = {}) {
  return seedMachineIdentity(keygate.services, home, options);
}

/** What the fan-out changes on an endpoint by itself, as audit events arrive. */
const MOVING = { cursor: true, updatedAt: true } as const;

/** A webhook endpoint of the home organization, its secret sealed as Keygate seals one. */
async function webhookTarget() {
  const id = crypto.randomUUID();
  return prisma().webhookEndpoint.create({
    data: {
      id,
      organizationId: home,
      url: 'https://93.184.215.14/matrix',
      secretSealed: seal(keygate.services.keys.derive('webhook-secrets'), id, Buffer.from('whsec_matrix')),
      cursor: 0n,
    },
  });
}

async function tokenTarget(options: Parameters<typeof seedToken>[3] = {}) {
  const identity = await identityTarget();
  return seedToken(keygate.services, home, identity.id, options);
}

const tokenProbe = (tokenId: string) => () =>
  prisma().token.findUnique({ where: { id: tokenId }, include: { secrets: true } });

/** A personal access token of the caller's (scoped like the caller) or, for anybody else, of `someone`. */
async function patTarget(caller: Caller, against: 'own' | 'someone else' = 'own') {
  const own = against === 'own' && caller.kind === 'user' && !caller.foreign;
  const { patId } = await seedPersonalAccessToken(
    keygate.services,
    home,
    own ? caller.userId! : someone.userId,
    { scopes: own ? [...caller.scopes] : [] },
  );
  return {
    gid: id('PersonalAccessToken', patId),
    probe: () =>
      prisma().personalAccessToken.findUnique({ where: { id: patId }, include: { secrets: true } }),
  };
}

async function appKeyTarget() {
  const key = await prisma().applicationKey.create({
    data: {
      organizationId: home,
      applicationId: fixtureProject.applicationId,
      publicKey: 'not used by this mutation',
      expirationDate: new Date(Date.now() + 86_400_000),
    },
  });
  return {
    gid: id('ApplicationKey', key.id),
    probe: () => prisma().applicationKey.findMany({ where: { applicationId: fixtureProject.applicationId } }),
  };
}

/** A pending invitation of the first organization, for a person new to Keygate, with its code. */
async function invitationTarget() {
  const code = generateSecret('INVITATION');
  const email = `invited-${unique()}@example.test`;
  const invitation = await prisma().invitation.create({
    data: {
      organizationId: home,
      email,
      name: 'Invited',
      role: 'AUDITOR',
      codeHash: hashSecret(code),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  return {
    gid: id('Invitation', invitation.id),
    code,
    probe: async () => ({
      invitation: await prisma().invitation.findUnique({ where: { id: invitation.id } }),
      users: await prisma().user.findMany({
        where: { email },
        include: { memberships: true, personalAccessTokens: true },
      }),
    }),
  };
}

async function memberTarget() {
  const member = await seedMember(keygate.services, home, 'MEMBER');
  const membership = await prisma().membership.findFirstOrThrow({ where: { userId: member.userId } });
  return {
    gid: id('Membership', membership.id),
    probe: async () => ({
      membership: await prisma().membership.findUnique({ where: { id: membership.id } }),
      tokens: await prisma().personalAccessToken.findMany({ where: { userId: member.userId } }),
    }),
  };
}

const MUTATIONS: Record<string, Rule> = {
  createPersonalAccessToken: {
    requires: ['pat:create'],
    user: true,
    acts: 'organization',
    arrange: async () => ({
      document: `mutation { createPersonalAccessToken(input: { description: "m", expiresAt: "${inHours(1)}" }) ${typename} }`,
      probe: () => prisma().personalAccessToken.count({ where: { organizationId: home } }),
    }),
  },
  importPersonalAccessTokens: {
    requires: ['pat:create'],
    user: true,
    acts: 'organization',
    arrange: async () => ({
      document: `mutation { importPersonalAccessTokens(input: { tokens: [{ description: "m", keySha256: "${randomBytes(32).toString('hex')}", expiresAt: "${inHours(1)}" }] }) ${typename} }`,
      probe: () => prisma().personalAccessToken.count({ where: { organizationId: home } }),
    }),
  },
  updatePersonalAccessToken: {
    requires: ['pat:create'],
    user: true,
    acts: 'object',
    arrange: async (caller, against) => {
      const pat = await patTarget(caller, against);
      return {
        document: `mutation { updatePersonalAccessToken(input: { id: "${pat.gid}", description: "renamed" }) ${typename} }`,
        probe: pat.probe,
      };
    },
  },
  renewPersonalAccessToken: {
    requires: ['pat:create'],
    user: true,
    acts: 'object',
    arrange: async (caller, against) => {
      const pat = await patTarget(caller, against);
      return {
        document: `mutation { renewPersonalAccessToken(input: { id: "${pat.gid}", expiresAt: "${inHours(48)}" }) ${typename} }`,
        probe: pat.probe,
      };
    },
  },
  rotatePersonalAccessToken: {
    requires: ['pat:create'],
    user: true,
    acts: 'object',
    arrange: async (caller, against) => {
      const pat = await patTarget(caller, against);
      return {
        document: `mutation { rotatePersonalAccessToken(input: { id: "${pat.gid}", gracePeriodSeconds: 0 }) ${typename} }`,
        probe: pat.probe,
      };
    },
  },
  revokePersonalAccessToken: {
    requires: ['pat:delete'],
    user: true,
    acts: 'object',
    arrange: async (caller, against) => {
      const pat = await patTarget(caller, against);
      return {
        document: `mutation { revokePersonalAccessToken(input: { id: "${pat.gid}" }) ${typename} }`,
        probe: pat.probe,
      };
    },
  },
  deletePersonalAccessToken: {
    requires: ['pat:delete'],
    user: true,
    acts: 'object',
    arrange: async (caller, against) => {
      const pat = await patTarget(caller, against);
      return {
        document: `mutation { deletePersonalAccessToken(input: { id: "${pat.gid}" }) ${typename} }`,
        probe: pat.probe,
      };
    },
  },
  createMachineIdentity: {
    requires: ['identity:manage'],
    acts: 'organization',
    arrange: async () => ({
      document: `mutation { createMachineIdentity(input: { name: "m-${unique()}" }) ${typename} }`,
      probe: () => prisma().machineIdentity.count({ where: { organizationId: home } }),
    }),
  },
  updateMachineIdentity: {
    requires: ['identity:manage'],
    acts: 'object',
    arrange: async () => {
      const identity = await identityTarget();
      return {
        document: `mutation { updateMachineIdentity(input: { id: "${id('MachineIdentity', identity.id)}", name: "renamed-${unique()}" }) ${typename} }`,
        probe: () => prisma().machineIdentity.findUnique({ where: { id: identity.id } }),
      };
    },
  },
  disableMachineIdentity: {
    requires: ['identity:manage'],
    acts: 'object',
    arrange: async () => {
      const identity = await identityTarget();
      return {
        document: `mutation { disableMachineIdentity(input: { id: "${id('MachineIdentity', identity.id)}" }) ${typename} }`,
        probe: () => prisma().machineIdentity.findUnique({ where: { id: identity.id } }),
      };
    },
  },
  enableMachineIdentity: {
    requires: ['identity:manage'],
    acts: 'object',
    arrange: async () => {
      const identity = await identityTarget({ disabled: true });
      return {
        document: `mutation { enableMachineIdentity(input: { id: "${id('MachineIdentity', identity.id)}" }) ${typename} }`,
        probe: () => prisma().machineIdentity.findUnique({ where: { id: identity.id } }),
      };
    },
  },
  deleteMachineIdentity: {
    requires: ['identity:manage'],
    acts: 'object',
    arrange: async () => {
      const identity = await identityTarget();
      return {
        document: `mutation { deleteMachineIdentity(input: { id: "${id('MachineIdentity', identity.id)}" }) ${typename} }`,
        probe: () => prisma().machineIdentity.findUnique({ where: { id: identity.id } }),
      };
    },
  },
  createToken: {
    requires: ['token:create'],
    acts: 'object',
    arrange: async () => {
      const identity = await identityTarget();
      return {
        document: `mutation { createToken(input: { identityId: "${id('MachineIdentity', identity.id)}", name: "m" }) ${typename} }`,
        probe: () => prisma().token.findMany({ where: { identityId: identity.id } }),
      };
    },
  },
  // And token:set_key, which importTokens checks itself (test/schema/import-tokens.test.ts): no caller here
  // holds token:create without it.
  importTokens: {
    requires: ['token:create'],
    acts: 'object',
    arrange: async () => {
      const identity = await identityTarget();
      const keySha256 = randomBytes(32).toString('hex');
      return {
        document: `mutation { importTokens(input: { identityId: "${id('MachineIdentity', identity.id)}", tokens: [{ name: "m", keySha256: "${keySha256}" }] }) ${typename} }`,
        probe: () => prisma().token.findMany({ where: { identityId: identity.id } }),
      };
    },
  },
  updateToken: {
    requires: ['token:update'],
    acts: 'object',
    arrange: async () => {
      const { tokenId } = await tokenTarget();
      return {
        document: `mutation { updateToken(input: { id: "${id('Token', tokenId)}", name: "renamed" }) ${typename} }`,
        probe: tokenProbe(tokenId),
      };
    },
  },
  renewToken: {
    requires: ['token:renew'],
    acts: 'object',
    arrange: async () => {
      // A one-hour TTL with five minutes left: a renewal moves the expiry.
      const { tokenId } = await tokenTarget({ ttl: 3600, expiresAt: new Date(Date.now() + 300_000) });
      return {
        document: `mutation { renewToken(input: { id: "${id('Token', tokenId)}" }) ${typename} }`,
        probe: tokenProbe(tokenId),
      };
    },
  },
  rotateToken: {
    requires: ['token:rotate'],
    acts: 'object',
    arrange: async () => {
      const { tokenId } = await tokenTarget();
      return {
        document: `mutation { rotateToken(input: { id: "${id('Token', tokenId)}", gracePeriodSeconds: 0 }) ${typename} }`,
        probe: tokenProbe(tokenId),
      };
    },
  },
  setTokenKey: {
    requires: ['token:set_key'],
    acts: 'object',
    arrange: async () => {
      const { tokenId } = await tokenTarget();
      return {
        document: `mutation { setTokenKey(input: { id: "${id('Token', tokenId)}", key: "${generateSecret('TOKEN')}" }) ${typename} }`,
        probe: tokenProbe(tokenId),
      };
    },
  },
  revokeToken: {
    requires: ['token:revoke'],
    acts: 'object',
    arrange: async () => {
      const { tokenId } = await tokenTarget();
      return {
        document: `mutation { revokeToken(input: { id: "${id('Token', tokenId)}" }) ${typename} }`,
        probe: tokenProbe(tokenId),
      };
    },
  },
  revokeAllTokens: {
    requires: ['token:revoke'],
    acts: 'object',
    arrange: async () => {
      const identity = await identityTarget();
      await seedToken(keygate.services, home, identity.id);
      return {
        document: `mutation { revokeAllTokens(input: { identityId: "${id('MachineIdentity', identity.id)}" }) ${typename} }`,
        probe: () => prisma().token.findMany({ where: { identityId: identity.id } }),
      };
    },
  },
  revokeCredentials: {
    // The kinds the filter selects decide: here, an identity's tokens.
    requires: ['token:revoke'],
    acts: 'object',
    arrange: async () => {
      const identity = await identityTarget();
      await seedToken(keygate.services, home, identity.id);
      return {
        document: `mutation { revokeCredentials(input: { filter: { identityId: "${id('MachineIdentity', identity.id)}" }, reason: "matrix" }) ${typename} }`,
        probe: () => prisma().token.findMany({ where: { identityId: identity.id } }),
      };
    },
  },
  deleteToken: {
    requires: ['token:delete'],
    acts: 'object',
    arrange: async () => {
      const { tokenId } = await tokenTarget();
      return {
        document: `mutation { deleteToken(input: { id: "${id('Token', tokenId)}" }) ${typename} }`,
        probe: tokenProbe(tokenId),
      };
    },
  },
  updateOrganization: {
    requires: ['organization:manage'],
    acts: 'organization',
    arrange: async () => {
      const organization = await prisma().organization.findUniqueOrThrow({ where: { id: home } });
      const limit = organization.patLimitPerUser === 50 ? 49 : 50;
      return {
        document: `mutation { updateOrganization(input: { patLimitPerUser: ${limit} }) ${typename} }`,
        probe: () => prisma().organization.findUnique({ where: { id: home } }),
      };
    },
  },
  createOrganization: {
    requires: ['organization:create'],
    user: true,
    acts: 'organization',
    arrange: async () => ({
      document: `mutation { createOrganization(input: { name: "m-${unique()}" }) ${typename} }`,
      // The organizations people of the first one own: the foreign owner's new one is not among them.
      probe: () =>
        prisma().membership.findMany({
          where: { role: 'OWNER', user: { memberships: { some: { organizationId: home } } } },
          orderBy: { id: 'asc' },
        }),
    }),
  },
  // The three below leave the organization suspended or deleted: afterEach restores every organization.
  suspendOrganization: {
    requires: ['organization:suspend'],
    acts: 'organization',
    arrange: async () => ({
      document: `mutation { suspendOrganization(input: { reason: "matrix" }) ${typename} }`,
      probe: () => prisma().organization.findUnique({ where: { id: home } }),
    }),
  },
  resumeOrganization: {
    requires: ['organization:resume'],
    acts: 'organization',
    arrange: async () => ({
      // An organization that is not suspended stays so; the row is written all the same (updatedAt).
      document: `mutation { resumeOrganization(input: {}) ${typename} }`,
      probe: () => prisma().organization.findUnique({ where: { id: home } }),
    }),
  },
  deleteOrganization: {
    requires: ['organization:delete'],
    acts: 'organization',
    arrange: async (caller) => {
      // Each caller confirms the name of the organization it acts in.
      const acting = caller.kind !== 'anonymous' && caller.foreign ? foreignOrganization : home;
      const { name } = await prisma().organization.findUniqueOrThrow({ where: { id: acting } });
      return {
        document: `mutation { deleteOrganization(input: { confirmName: ${JSON.stringify(name)} }) ${typename} }`,
        probe: () => prisma().organization.findUnique({ where: { id: home } }),
      };
    },
  },
  inviteMember: {
    requires: ['member:manage'],
    acts: 'organization',
    arrange: async () => ({
      document: `mutation { inviteMember(input: { email: "m-${unique()}@example.test", name: "m", role: AUDITOR }) ${typename} }`,
      probe: () => prisma().invitation.findMany({ where: { organizationId: home } }),
    }),
  },
  revokeInvitation: {
    requires: ['member:manage'],
    acts: 'object',
    arrange: async () => {
      const invitation = await invitationTarget();
      return {
        document: `mutation { revokeInvitation(input: { id: "${invitation.gid}" }) ${typename} }`,
        probe: invitation.probe,
      };
    },
  },
  acceptInvitation: {
    requires: [],
    invitee: true,
    acts: 'object',
    arrange: async () => {
      const invitation = await invitationTarget();
      return {
        document: `mutation { acceptInvitation(input: { code: "${invitation.code}" }) ${typename} }`,
        probe: invitation.probe,
      };
    },
  },
  updateMember: {
    requires: ['member:manage'],
    acts: 'object',
    arrange: async () => {
      const member = await memberTarget();
      return {
        document: `mutation { updateMember(input: { id: "${member.gid}", role: AUDITOR }) ${typename} }`,
        probe: member.probe,
      };
    },
  },
  removeMember: {
    requires: ['member:manage'],
    acts: 'object',
    arrange: async () => {
      const member = await memberTarget();
      return {
        document: `mutation { removeMember(input: { id: "${member.gid}" }) ${typename} }`,
        probe: member.probe,
      };
    },
  },
  createProject: {
    requires: ['project:manage'],
    acts: 'organization',
    arrange: async () => ({
      document: `mutation { createProject(input: { name: "m-${unique()}" }) ${typename} }`,
      probe: () => prisma().project.count({ where: { organizationId: home } }),
    }),
  },
  createApplication: {
    requires: ['project:manage'],
    acts: 'object',
    arrange: async () => ({
      document: `mutation { createApplication(input: { projectId: "${id('Project', fixtureProject.projectId)}", name: "m-${unique()}" }) ${typename} }`,
      probe: () => prisma().application.count({ where: { projectId: fixtureProject.projectId } }),
    }),
  },
  updateApplication: {
    requires: ['project:manage'],
    acts: 'object',
    arrange: async () => ({
      document: `mutation { updateApplication(input: { id: "${id('Application', fixtureProject.applicationId)}", allowedScopes: ["read:${unique()}"] }) ${typename} }`,
      probe: () => prisma().application.findUnique({ where: { id: fixtureProject.applicationId } }),
    }),
  },
  disableApplication: {
    requires: ['project:manage'],
    acts: 'object',
    arrange: async () => {
      const application = await seedApplication(keygate.services, home);
      return {
        document: `mutation { disableApplication(input: { id: "${id('Application', application.applicationId)}" }) ${typename} }`,
        probe: () => prisma().application.findUnique({ where: { id: application.applicationId } }),
      };
    },
  },
  enableApplication: {
    requires: ['project:manage'],
    acts: 'object',
    arrange: async () => {
      const application = await seedApplication(keygate.services, home);
      await prisma().application.update({
        where: { id: application.applicationId },
        data: { disabledAt: new Date() },
      });
      return {
        document: `mutation { enableApplication(input: { id: "${id('Application', application.applicationId)}" }) ${typename} }`,
        probe: () => prisma().application.findUnique({ where: { id: application.applicationId } }),
      };
    },
  },
  createWebhookEndpoint: {
    requires: ['webhook:manage'],
    acts: 'organization',
    arrange: async () => ({
      document: `mutation { createWebhookEndpoint(input: { url: "https://93.184.215.14/matrix" }) ${typename} }`,
      // The fan-out moves cursors as events come (a denial is one): what a mutation would change is the rest.
      probe: () => prisma().webhookEndpoint.findMany({ where: { organizationId: home }, omit: MOVING }),
    }),
  },
  updateWebhookEndpoint: {
    requires: ['webhook:manage'],
    acts: 'object',
    arrange: async () => {
      const endpoint = await webhookTarget();
      return {
        document: `mutation { updateWebhookEndpoint(input: { id: "${id('WebhookEndpoint', endpoint.id)}", enabled: false }) ${typename} }`,
        probe: () => prisma().webhookEndpoint.findUnique({ where: { id: endpoint.id }, omit: MOVING }),
      };
    },
  },
  deleteWebhookEndpoint: {
    requires: ['webhook:manage'],
    acts: 'object',
    arrange: async () => {
      const endpoint = await webhookTarget();
      return {
        document: `mutation { deleteWebhookEndpoint(input: { id: "${id('WebhookEndpoint', endpoint.id)}" }) ${typename} }`,
        probe: () => prisma().webhookEndpoint.findUnique({ where: { id: endpoint.id }, omit: MOVING }),
      };
    },
  },
  rotateWebhookEndpointSecret: {
    requires: ['webhook:manage'],
    acts: 'object',
    arrange: async () => {
      const endpoint = await webhookTarget();
      return {
        document: `mutation { rotateWebhookEndpointSecret(input: { id: "${id('WebhookEndpoint', endpoint.id)}" }) ${typename} }`,
        probe: () => prisma().webhookEndpoint.findUnique({ where: { id: endpoint.id }, omit: MOVING }),
      };
    },
  },
  sendWebhookTestEvent: {
    requires: ['webhook:manage'],
    acts: 'object',
    arrange: async () => {
      const endpoint = await webhookTarget();
      return {
        document: `mutation { sendWebhookTestEvent(input: { id: "${id('WebhookEndpoint', endpoint.id)}" }) ${typename} }`,
        probe: () => prisma().webhookDelivery.findMany({ where: { endpointId: endpoint.id } }),
      };
    },
  },
  redeliverWebhookDelivery: {
    requires: ['webhook:manage'],
    acts: 'object',
    arrange: async () => {
      const endpoint = await webhookTarget();
      const delivery = await prisma().webhookDelivery.create({
        data: {
          endpointId: endpoint.id,
          organizationId: home,
          eventType: 'webhook.test',
          messageId: `msg_matrix_${endpoint.id}`,
          payload: { type: 'webhook.test' },
          status: 'FAILED',
        },
      });
      return {
        document: `mutation { redeliverWebhookDelivery(input: { id: "${id('WebhookDelivery', delivery.id)}" }) ${typename} }`,
        probe: () => prisma().webhookDelivery.findMany({ where: { endpointId: endpoint.id } }),
      };
    },
  },
  rotateSigningKeys: {
    requires: ['organization:manage'],
    acts: 'organization',
    arrange: async () => ({
      document: `mutation { rotateSigningKeys(input: { reason: "matrix" }) ${typename} }`,
      probe: () => prisma().signingKey.findMany({ where: { organizationId: home } }),
    }),
  },
  createAppKey: {
    requires: ['appkey:create'],
    acts: 'object',
    arrange: async () => ({
      document: `mutation { createAppKey(input: { projectId: "${id('Project', fixtureProject.projectId)}", appId: "${id('Application', fixtureProject.applicationId)}", type: JSON }) ${typename} }`,
      probe: () => prisma().applicationKey.count({ where: { applicationId: fixtureProject.applicationId } }),
    }),
  },
  rotateAppKey: {
    requires: ['appkey:create'],
    acts: 'object',
    arrange: async () => {
      const key = await appKeyTarget();
      return {
        document: `mutation { rotateAppKey(input: { id: "${key.gid}", gracePeriodSeconds: 0 }) ${typename} }`,
        probe: key.probe,
      };
    },
  },
  revokeAppKey: {
    requires: ['appkey:revoke'],
    acts: 'object',
    arrange: async () => {
      const key = await appKeyTarget();
      return {
        document: `mutation { revokeAppKey(input: { id: "${key.gid}" }) ${typename} }`,
        probe: key.probe,
      };
    },
  },
  deleteAppKey: {
    requires: ['appkey:delete'],
    acts: 'object',
    arrange: async () => {
      const key = await appKeyTarget();
      return {
        document: `mutation { deleteAppKey(input: { id: "${key.gid}" }) ${typename} }`,
        probe: key.probe,
      };
    },
  },
  authenticateClientAssertion: {
    requires: ['credential:verify'],
    soft: true,
    acts: 'object',
    arrange: async () => {
      const now = Math.floor(Date.now() / 1000);
      const assertion = await new SignJWT({
        iss: fixtureProject.clientId,
        sub: fixtureProject.clientId,
        aud: keygate.services.config.issuer,
        iat: now,
        exp: now + 300,
        jti: randomUUID(),
      })
        .setProtectedHeader({ alg: 'RS256', kid: assertionKey.keyId })
        .sign(assertionKey.privateKey);
      return {
        document: `mutation { authenticateClientAssertion(input: { assertion: "${assertion}" }) { code } }`,
        probe: () => prisma().usedAssertion.findMany({ where: { keyId: assertionKey.keyId } }),
      };
    },
  },
  verifyCredential: {
    requires: ['credential:verify'],
    soft: true,
    acts: 'object',
    arrange: async () => {
      // A use limit makes every counted use visible in the row.
      const { tokenId, secret } = await tokenTarget({ numUsesLimit: 100 });
      return {
        document: `mutation { verifyCredential(input: { secret: "${secret}" }) { code } }`,
        probe: tokenProbe(tokenId),
      };
    },
  },
};

type Expectation = 'ALLOW' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'HIDDEN' | 'NOT_FOUND' | 'REFUSED';

function expectation(rule: Rule, caller: Caller): Expectation {
  if (rule.invitee) return caller.kind === 'anonymous' ? 'ALLOW' : 'REFUSED';
  if (caller.kind === 'anonymous') return 'UNAUTHENTICATED';
  if (rule.user && caller.kind !== 'user') return 'FORBIDDEN';
  const held = permissionsOf(caller);
  if (!rule.requires.every((permission) => held.has(permission))) return rule.soft ? 'HIDDEN' : 'FORBIDDEN';
  if (caller.foreign && rule.acts === 'object') return 'NOT_FOUND';
  return 'ALLOW';
}

const CALLERS = [
  'anonymous',
  'user OWNER',
  'user ADMIN',
  'user MEMBER',
  'user AUDITOR',
  'identity ADMIN',
  'identity MEMBER',
  "owner's token scoped to token:read",
  "owner's token scoped to project:read",
  "owner's token scoped to pat:create",
  "ADMIN identity's token scoped to token:read",
  'owner of another organization',
] as const;

const callers = new Map<string, Caller>([['anonymous', { name: 'anonymous', kind: 'anonymous' }]]);
const caller = (name: (typeof CALLERS)[number]) => callers.get(name)!;

async function send(who: Caller, document: string) {
  const response = await keygate.yoga.fetch('http://keygate.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(who.kind === 'anonymous' ? {} : { authorization: `Bearer ${who.secret}` }),
    },
    body: JSON.stringify({ query: document }),
  });
  return (await response.json()) as {
    data?: Record<string, { __typename?: string; code?: string; permissions?: string[] } | null> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

beforeAll(async () => {
  // With the job engine: a test event or a redelivery queues its delivery job.
  keygate = await startTestKeygate({ webhooks: { allowedNetworks: [], timeoutMs: 500 } }, { jobs: {} });
  home = keygate.organizationId;
  const { services } = keygate;
  const user = async (name: string, role: RoleName, scopes: string[] = []) => {
    const member = await seedMember(services, home, role, { scopes });
    callers.set(name, { name, kind: 'user', role, scopes, foreign: false, ...member });
  };
  for (const role of ['OWNER', 'ADMIN', 'MEMBER', 'AUDITOR'] as const) await user(`user ${role}`, role);
  await user("owner's token scoped to token:read", 'OWNER', ['token:read']);
  await user("owner's token scoped to project:read", 'OWNER', ['project:read']);
  await user("owner's token scoped to pat:create", 'OWNER', ['pat:create']);
  const identity = async (name: string, role: RoleName, scopes: string[] = []) => {
    const machine = await seedMachineIdentity(services, home, { role, name });
    const { secret } = await seedToken(services, home, machine.id, { scopes });
    callers.set(name, { name, kind: 'identity', role, scopes, foreign: false, secret });
  };
  await identity('identity ADMIN', 'ADMIN');
  await identity('identity MEMBER', 'MEMBER');
  await identity("ADMIN identity's token scoped to token:read", 'ADMIN', ['token:read']);
  const other = await seedOrganization(services);
  foreignOrganization = other.organizationId;
  callers.set('owner of another organization', {
    name: 'owner of another organization',
    kind: 'user',
    role: 'OWNER',
    scopes: [],
    foreign: true,
    ...other,
  });
  someone = await seedMember(services, home, 'MEMBER');
  fixtureProject = await seedApplication(services, home);
  assertionKey = await seedAppKey(services, home, fixtureProject.applicationId);
});

afterAll(async () => {
  await keygate?.close();
});

afterEach(async () => {
  // A row that suspended or deleted an organization leaves it as it was for the next row (as an owner
  // resuming it would; deletion has no undo but this one). The cache forgets what it read meanwhile.
  const { count } = await prisma().organization.updateMany({
    where: { OR: [{ suspendedAt: { not: null } }, { deletedAt: { not: null } }] },
    data: { suspendedAt: null, suspendedReason: null, deletedAt: null },
  });
  if (count > 0) keygate.services.credentialCache.clear();
});

describe('permission matrix', () => {
  it('has a decision for every mutation in the schema, and none for a mutation it lacks', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    const decided = Object.keys(MUTATIONS).sort();
    expect(
      {
        undecided: mutations.filter((m) => !decided.includes(m)),
        stale: decided.filter((m) => !mutations.includes(m)),
      },
      'add a row to MUTATIONS for each new mutation (and remove rows of removed ones)',
    ).toEqual({ undecided: [], stale: [] });
  });

  it.each(CALLERS.filter((name) => name !== 'anonymous'))(
    '%s holds exactly the permissions of the role table',
    async (name) => {
      const who = caller(name) as Member;
      const body = await send(who, '{ viewer { permissions } }');
      expect(body.errors).toBeUndefined();
      expect(body.data?.viewer?.permissions).toEqual([...permissionsOf(who)].sort());
    },
  );

  const cases = Object.entries(MUTATIONS).flatMap(([mutation, rule]) =>
    CALLERS.map((name) => [mutation, name, rule] as const),
  );

  it.each(cases)('%s by %s', async (mutation, name, rule) => {
    const who = caller(name);
    const expected = expectation(rule, who);
    const { document, probe } = await rule.arrange(who);
    const before = await probe();
    const body = await send(who, document);
    const after = await probe();
    const code = body.errors?.[0]?.extensions?.code;
    const result = body.data?.[mutation];
    const shown = `expected ${expected}: ${JSON.stringify(body)}`;
    switch (expected) {
      case 'UNAUTHENTICATED':
      case 'FORBIDDEN':
        expect(code, shown).toBe(expected);
        expect(result ?? null, shown).toBeNull();
        expect(after, 'nothing changed').toEqual(before);
        if (expected === 'FORBIDDEN' && who.kind !== 'anonymous' && !(rule.user && who.kind !== 'user')) {
          // The refusal names what is missing (README, "Errors"), in the message and in the extensions.
          const held = permissionsOf(who);
          const missing = rule.requires.filter((permission) => !held.has(permission));
          const extensions = body.errors?.[0]?.extensions as { missingPermissions?: string[] } | undefined;
          expect(extensions?.missingPermissions, shown).toEqual(missing);
          for (const permission of missing) expect(body.errors?.[0]?.message, shown).toContain(permission);
        }
        break;
      case 'HIDDEN':
        expect(body.errors, shown).toBeUndefined();
        expect(result?.code, shown).toBe('NOT_FOUND');
        expect(after, 'nothing changed').toEqual(before);
        break;
      case 'REFUSED':
        // Allowed to call, but not for this object: a typed error, and nothing changed.
        expect(body.errors, shown).toBeUndefined();
        expect(result?.__typename, shown).toMatch(/Error$/);
        expect(after, 'nothing changed').toEqual(before);
        break;
      case 'NOT_FOUND':
        // Allowed to call, but the objects of another organization do not exist for the caller.
        expect(body.errors, shown).toBeUndefined();
        expect(rule.soft ? result?.code : result?.__typename, shown).toBe(
          rule.soft ? 'NOT_FOUND' : 'NotFoundError',
        );
        expect(after, 'nothing changed').toEqual(before);
        break;
      case 'ALLOW':
        expect(body.errors, shown).toBeUndefined();
        if (rule.soft) expect(result?.code, shown).toBe('VALID');
        else {
          expect(result?.__typename, shown).toBeTypeOf('string');
          expect(result?.__typename, shown).not.toMatch(/Error$/);
        }
        if (who.kind !== 'anonymous' && who.foreign) {
          // It acted in its own organization; the first one is untouched.
          expect(after, 'nothing changed here').toEqual(before);
        } else {
          // The probe sees the change, so "nothing changed" above is not vacuous.
          expect(after, 'the probe sees the change').not.toEqual(before);
        }
        break;
    }
  });
});

describe('personal access tokens', () => {
  const own = Object.entries(MUTATIONS).filter(([, rule]) => rule.user && rule.acts === 'object');

  it.each(own)("%s: an owner cannot touch another member's token", async (mutation, rule) => {
    const { document, probe } = await rule.arrange(caller('user OWNER'), 'someone else');
    const before = await probe();
    const body = await send(caller('user OWNER'), document);
    expect(body.errors).toBeUndefined();
    expect(body.data?.[mutation]?.__typename).toBe('NotFoundError');
    expect(await probe()).toEqual(before);
  });

  it.each([
    ['rotatePersonalAccessToken', 'an unscoped token', []],
    ['rotatePersonalAccessToken', 'a token with a scope the caller lacks', ['pat:create', 'token:read']],
    ['renewPersonalAccessToken', 'an unscoped token', []],
  ])('%s: a scoped credential is refused for %s of its own user', async (mutation, _label, scopes) => {
    const who = caller("owner's token scoped to pat:create") as Member;
    const { patId } = await seedPersonalAccessToken(keygate.services, home, who.userId!, { scopes });
    const gid = id('PersonalAccessToken', patId);
    const input =
      mutation === 'rotatePersonalAccessToken'
        ? `{ id: "${gid}", gracePeriodSeconds: 0 }`
        : `{ id: "${gid}", expiresAt: "${inHours(48)}" }`;
    const probe = () =>
      prisma().personalAccessToken.findUnique({ where: { id: patId }, include: { secrets: true } });
    const before = await probe();
    const body = await send(who, `mutation { ${mutation}(input: ${input}) ${typename} }`);
    expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe('FORBIDDEN');
    expect(await probe()).toEqual(before);
  });

  it('a token made with a scoped credential is no stronger than that credential', async () => {
    const who = caller("owner's token scoped to pat:create") as Member;
    const body = await send(
      who,
      `mutation { createPersonalAccessToken(input: { description: "child", expiresAt: "${inHours(1)}" }) {
        __typename ... on CreatePersonalAccessTokenPayload { personalAccessToken { scopes } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.createPersonalAccessToken).toEqual({
      __typename: 'CreatePersonalAccessTokenPayload',
      personalAccessToken: { scopes: ['pat:create'] },
    });
    const wider = await send(
      who,
      `mutation { createPersonalAccessToken(input: { description: "child", expiresAt: "${inHours(1)}", scopes: ["token:read"] }) {
        __typename ... on ValidationError { field } } }`,
    );
    expect(wider.data?.createPersonalAccessToken).toEqual({ __typename: 'ValidationError', field: 'scopes' });
  });
});
