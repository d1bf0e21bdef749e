import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { audited } from '../domain/audited.js';
import { LimitReachedError, NotFoundError, ValidationError } from '../domain/errors.js';
import {
  createOrganization,
  deleteOrganization,
  type OrganizationOfViewer,
  resumeOrganization,
  suspendOrganization,
  updateOrganization,
} from '../domain/organizations.js';
import { auditDeps } from './audit-context.js';
import { failures } from './errors.js';
import { RoleEnum } from './machine-identity.js';
import { DeletedPayload } from './payloads.js';
import { NIL_UUID } from './tenancy.js';

export const CredentialPolicyActionEnum = builder.enumType('CredentialPolicyAction', {
  description:
    'What Keygate does with a credential a policy catches (unused for too long, or reported leaked).',
  values: {
    REVOKE: { description: 'Revoke it at once.' },
    REPORT: { description: 'Record an event (and send webhooks) and leave it working.' },
  } as const,
});

export const OrganizationRef = builder.prismaNode('Organization', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description: 'A tenant: its members, machine identities, projects, credentials and audit log.',
  authScopes: (organization) => ({ organization: organization.id }),
  // Only the organization a request acts in can be fetched; others (and a deleted one) do not exist for the
  // caller. The ones a person belongs to are listed, as ViewerOrganization, by viewer.organizations.
  findUnique: (id, context) => ({
    id: context.viewer?.organizationId === id ? id : NIL_UUID,
    deletedAt: null,
  }),
  fields: (t) => ({
    name: t.exposeString('name'),
    // Its settings are read with organization:read: a credential narrowed to other work does not read them.
    patMaxLifetimeDays: t.exposeInt('patMaxLifetimeDays', {
      authScopes: { permission: 'organization:read' },
      description: 'Longest lifetime a personal access token may be created with, in days.',
    }),
    patLimitPerUser: t.exposeInt('patLimitPerUser', {
      authScopes: { permission: 'organization:read' },
      description: 'How many personal access tokens one user may hold here.',
    }),
    appKeyDefaultLifetimeDays: t.exposeInt('appKeyDefaultLifetimeDays', {
      authScopes: { permission: 'organization:read' },
      description: 'Lifetime of an application key created without an expiration date, in days.',
    }),
    auditRetentionDays: t.exposeInt('auditRetentionDays', {
      nullable: true,
      authScopes: { permission: 'organization:read' },
      description: 'Days audit events are kept; null keeps them for ever.',
    }),
    exchangeAudiences: t.exposeStringList('exchangeAudiences', {
      authScopes: { permission: 'organization:read' },
    }),
    exchangeTokenLifetime: t.exposeInt('exchangeTokenLifetime', {
      authScopes: { permission: 'organization:read' },
    }),
    expiryWarningDays: t.exposeIntList('expiryWarningDays', {
      authScopes: { permission: 'organization:read' },
      description: "Days before a credential's expiry that a warning is given, each once.",
    }),
    inactivityDays: t.exposeInt('inactivityDays', {
      nullable: true,
      authScopes: { permission: 'organization:read' },
      description: 'Days unused after which a credential is caught by the inactivity policy; null: never.',
    }),
    inactivityAction: t.expose('inactivityAction', {
      type: CredentialPolicyActionEnum,
      authScopes: { permission: 'organization:read' },
      description: 'What the inactivity policy does with an unused credential.',
    }),
    leakAction: t.expose('leakAction', {
      type: CredentialPolicyActionEnum,
      authScopes: { permission: 'organization:read' },
      description: 'What Keygate does with a live credential reported leaked.',
    }),
    tokenMaxLifetimeDays: t.exposeInt('tokenMaxLifetimeDays', {
      nullable: true,
      authScopes: { permission: 'organization:read' },
      description:
        "Longest a machine identity's token may last from its creation, renewals included, in days; a " +
        'token created without a TTL expires then. Null: no cap.',
    }),
    appKeyMaxLifetimeDays: t.exposeInt('appKeyMaxLifetimeDays', {
      nullable: true,
      authScopes: { permission: 'organization:read' },
      description: 'Longest an application key may last from its creation, in days. Null: no cap.',
    }),
    // Readable by an owner of a suspended organization too, who holds nothing there but resuming it.
    suspendedAt: t.expose('suspendedAt', {
      type: 'DateTime',
      nullable: true,
      authScopes: { permission: 'organization:read', $any: { permission: 'organization:resume' } },
      description:
        'When an owner suspended the organization (none of its credentials works until it is resumed); null ' +
        'while it is active.',
    }),
    suspendedReason: t.exposeString('suspendedReason', {
      nullable: true,
      authScopes: { permission: 'organization:read', $any: { permission: 'organization:resume' } },
      description: 'Why it was suspended, as the owner who suspended it said.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

/**
 * An organization a person belongs to, as they see it from the organization they act in: the Organization
 * node itself is only readable from inside it (switch with the X-Keygate-Organization header).
 */
export const ViewerOrganization = builder.objectRef<OrganizationOfViewer>('ViewerOrganization').implement({
  description:
    'An organization you belong to: act in it by sending its id as X-Keygate-Organization (with a token ' +
    'that is not bound to one organization).',
  fields: (t) => ({
    id: t.id({
      description: 'The Organization global id.',
      resolve: (organization) => encodeGlobalID('Organization', organization.id),
    }),
    name: t.exposeString('name', { description: "The organization's display name." }),
    role: t.field({
      type: RoleEnum,
      description: 'Your role there.',
      resolve: (organization) => organization.role,
    }),
    suspended: t.exposeBoolean('suspended', {
      description: 'Whether it is suspended: none of its credentials works until an owner resumes it.',
    }),
    current: t.exposeBoolean('current', {
      description: 'Whether it is the organization this request acts in.',
    }),
  }),
});

const CreateOrganizationPayload = builder.simpleObject('CreateOrganizationPayload', {
  description: 'The new organization, and your place in it.',
  fields: (t) => ({
    organization: t.field({
      type: ViewerOrganization,
      description: 'The organization you now own; act in it with its id as X-Keygate-Organization.',
    }),
  }),
});

builder.mutationField('createOrganization', (t) =>
  // Every role holds organization:create: what it leaves out is a token narrowed to other work, and an
  // owner's token in a suspended organization (which holds organization:resume alone).
  t.withAuth({ $all: { user: true, permission: 'organization:create' } }).fieldWithInput({
    description:
      'Creates an organization with you as its owner (people only, with organization:create, which every ' +
      'role holds; the operator decides who may, with KEYGATE_ORGANIZATION_CREATION, and how many one ' +
      'person may own). Your tokens that are not bound to one organization act in it at once with ' +
      'X-Keygate-Organization; a bound one does not.',
    type: CreateOrganizationPayload,
    errors: failures('CreateOrganization', [ValidationError, LimitReachedError]),
    input: {
      name: t.input.string({ required: true, description: "The organization's name (1 to 100 characters)." }),
    },
    resolve: async (_root, { input }, context) => ({
      organization: await createOrganization(
        auditDeps(context),
        context.viewer,
        context.services.config.organizations,
        input,
      ),
    }),
  }),
);

const OrganizationPayload = builder.simpleObject('OrganizationPayload', {
  description: 'The organization after the change.',
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, description: 'The organization, as it is now.' }),
  }),
});

builder.mutationField('updateOrganization', (t) =>
  t.withAuth({ permission: 'organization:manage' }).fieldWithInput({
    description: "Changes the organization's name and credential policies. Omitted settings stay.",
    type: OrganizationPayload,
    errors: failures('UpdateOrganization', [ValidationError]),
    input: {
      name: t.input.string({ required: false, description: 'The new name (1 to 100 characters).' }),
      patMaxLifetimeDays: t.input.int({
        required: false,
        description: 'Longest personal access token lifetime (1-3660 days).',
      }),
      patLimitPerUser: t.input.int({
        required: false,
        description: 'Personal access tokens one user may hold.',
      }),
      appKeyDefaultLifetimeDays: t.input.int({
        required: false,
        description: 'Default application key lifetime.',
      }),
      auditRetentionDays: t.input.int({
        required: false,
        description: 'Days audit events are kept; 0: for ever.',
      }),
      exchangeAudiences: t.input.stringList({
        required: false,
        description:
          'Audiences (absolute https URIs) an access token exchanged for one of your tokens at /oauth/token may name.',
      }),
      exchangeTokenLifetime: t.input.int({
        required: false,
        description: 'Seconds an exchanged access token lasts (60 to 86400).',
      }),
      expiryWarningDays: t.input.intList({
        required: false,
        description: 'Days before expiry that owners are warned (0 to 5 entries, each 1-365).',
      }),
      inactivityDays: t.input.int({
        required: false,
        description: 'Days unused after which a credential is caught (1-3660); null or 0 turns it off.',
      }),
      inactivityAction: t.input.field({
        type: CredentialPolicyActionEnum,
        required: false,
        description: 'What the inactivity policy does: REVOKE, or REPORT (record and notify).',
      }),
      leakAction: t.input.field({
        type: CredentialPolicyActionEnum,
        required: false,
        description: 'What Keygate does with a live credential reported leaked.',
      }),
      tokenMaxLifetimeDays: t.input.int({
        required: false,
        description: "Cap on a machine identity's token lifetime (1-3660 days); null or 0 removes it.",
      }),
      appKeyMaxLifetimeDays: t.input.int({
        required: false,
        description: 'Cap on an application key lifetime (1-3660 days); null or 0 removes it.',
      }),
    },
    resolve: async (_root, { input }, context) => ({
      organization: await updateOrganization(auditDeps(context), input),
    }),
  }),
);

const RotatedSigningKey = builder.simpleObject('RotatedSigningKey', {
  description: 'A signing key that took over.',
  fields: (t) => ({
    kid: t.string({ description: 'Its key id (the JWS kid), published at /.well-known/jwks.json.' }),
    algorithm: t.string({ description: 'ES256, EdDSA or RS256.' }),
  }),
});

const RotateSigningKeysPayload = builder.simpleObject('RotateSigningKeysPayload', {
  description: "The keys that sign the organization's access tokens from now on.",
  fields: (t) => ({ keys: t.field({ type: [RotatedSigningKey], description: 'One per algorithm.' }) }),
});

builder.mutationField('rotateSigningKeys', (t) =>
  t.withAuth({ permission: 'organization:manage' }).fieldWithInput({
    description:
      "Rotates the keys the organization's access tokens are signed with (they also rotate by themselves). " +
      'The old keys stay published until every token they signed has expired.',
    type: RotateSigningKeysPayload,
    errors: failures('RotateSigningKeys', []),
    input: {
      reason: t.input.string({
        required: false,
        description: 'Why (a suspected leak, a routine rotation): recorded in the audit event.',
      }),
    },
    resolve: async (_root, { input }, context) => {
      const { signingKeys } = context.services;
      const deps = auditDeps(context);
      const keys = await audited(
        deps,
        { action: 'signingkey.rotated', targetType: 'Organization', targetId: deps.actor.organizationId },
        async (tx) => {
          const rotated = await signingKeys.rotate(tx, deps.actor.organizationId);
          return {
            result: rotated,
            targetId: deps.actor.organizationId,
            changes: { after: { keys: rotated }, ...(input.reason ? { reason: input.reason } : {}) },
          };
        },
      );
      signingKeys.forget(deps.actor.organizationId);
      return { keys };
    },
  }),
);

builder.mutationField('suspendOrganization', (t) =>
  t.withAuth({ permission: 'organization:suspend' }).fieldWithInput({
    description:
      'Suspends the organization the request acts in: at once, on every instance, none of its credentials ' +
      'works on any path (GraphQL, verifyCredential, introspection, forward auth, the token endpoint, access ' +
      'tokens already issued, open subscriptions), and no token of another organization may act in it. ' +
      "Nothing is revoked. An owner's personal access token can still call resumeOrganization (and read " +
      'viewer), and nothing else.',
    type: OrganizationPayload,
    errors: failures('SuspendOrganization', [NotFoundError, ValidationError]),
    input: {
      reason: t.input.string({
        required: false,
        description: 'Why (at most 500 characters): recorded, and shown to the owners as suspendedReason.',
      }),
    },
    resolve: async (_root, { input }, context) => ({
      organization: await suspendOrganization(auditDeps(context), input),
    }),
  }),
);

builder.mutationField('resumeOrganization', (t) =>
  t.withAuth({ permission: 'organization:resume' }).fieldWithInput({
    description:
      'Ends a suspension: every credential of the organization works again as it was before. Owners only; ' +
      'on an organization that is not suspended it changes nothing.',
    type: OrganizationPayload,
    errors: failures('ResumeOrganization', [NotFoundError, ValidationError]),
    input: {
      reason: t.input.string({
        required: false,
        description: 'Why (at most 500 characters): recorded in the audit event.',
      }),
    },
    resolve: async (_root, { input }, context) => ({
      organization: await resumeOrganization(auditDeps(context), input),
    }),
  }),
);

builder.mutationField('deleteOrganization', (t) =>
  t.withAuth({ permission: 'organization:delete' }).fieldWithInput({
    description:
      'Deletes the organization the request acts in. At once, on every instance, none of its credentials ' +
      'works anywhere (not even an owner’s) and its id answers like a missing one. Its data, audit log ' +
      'included, is purged after KEYGATE_DELETED_ORGANIZATION_RETENTION_DAYS, once its webhooks have been ' +
      'sent the organization.deleted event. There is no undo through the API.',
    type: DeletedPayload,
    errors: failures('DeleteOrganization', [NotFoundError, ValidationError]),
    input: {
      confirmName: t.input.string({
        required: true,
        description: "The organization's current name, exactly: confirms which organization goes.",
      }),
    },
    resolve: async (_root, { input }, context) => {
      const deleted = await deleteOrganization(context.services, auditDeps(context), input);
      return { deletedId: encodeGlobalID('Organization', deleted.id) };
    },
  }),
);
