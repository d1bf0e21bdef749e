import { builder } from '../builder.js';
import { ValidationError } from '../domain/errors.js';
import { updateOrganization } from '../domain/organizations.js';
import { auditDeps } from './audit-context.js';
import { failures } from './errors.js';
import { NIL_UUID } from './tenancy.js';

export const OrganizationRef = builder.prismaNode('Organization', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description: 'A tenant: its members, machine identities, projects, credentials and audit log.',
  authScopes: (organization) => ({ organization: organization.id }),
  // Only the organization a request acts in can be fetched; others do not exist for the caller.
  findUnique: (id, context) => ({ id: context.viewer?.organizationId === id ? id : NIL_UUID }),
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
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

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
    },
    resolve: async (_root, { input }, context) => ({
      organization: await updateOrganization(auditDeps(context), input),
    }),
  }),
);
