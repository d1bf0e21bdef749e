import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { identitySearch, tokenSearch } from '../domain/credential-search.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import {
  createMachineIdentity,
  deleteMachineIdentity,
  setMachineIdentityDisabled,
  updateMachineIdentity,
} from '../domain/machine-identities.js';
import { PERMISSIONS } from '../domain/permissions.js';
import { tokenStateFilter } from '../domain/tokens.js';
import type { Prisma } from '../generated/prisma/client.js';
import { auditDeps } from './audit-context.js';
import { searchArgument, searchDescription } from './credential-search.js';
import { CredentialState } from './credential-state.js';
import { failures } from './errors.js';
import { DeletedPayload } from './payloads.js';
import { inOrganization } from './tenancy.js';

export const RoleEnum = builder.enumType('Role', {
  description: 'Built-in roles; each maps to a set of permissions.',
  values: {
    OWNER: {
      description: 'Everything, including members, organization settings, suspending and deleting it.',
    },
    ADMIN: {
      description:
        'Everything but managing members and the organization itself (settings, suspension, deletion); it reads both.',
    },
    MEMBER: { description: 'Read access, own personal access tokens, credential verification.' },
    AUDITOR: { description: 'Read access, the audit log, and own personal access tokens.' },
  } as const,
});

export const MachineIdentityRef = builder.prismaNode('MachineIdentity', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description: 'A service account. It authenticates with tokens.',
  authScopes: (identity) => ({
    $all: { organization: identity.organizationId, permission: 'identity:read' },
  }),
  findUnique: inOrganization('identity:read'),
  fields: (t) => ({
    name: t.exposeString('name'),
    role: t.expose('role', { type: RoleEnum }),
    permissions: t.exposeStringList('permissions', {
      description: 'Single permissions granted on top of the role.',
    }),
    disabled: t.boolean({
      description: 'Whether the identity is disabled: its tokens do not authenticate until it is enabled.',
      resolve: (identity) => identity.disabledAt !== null,
    }),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    tokens: t.relatedConnection(
      'tokens',
      {
        cursor: 'id',
        description: "The identity's tokens, newest first.",
        authScopes: { permission: 'token:read' },
        args: {
          state: t.arg({ type: CredentialState, required: false, description: 'Only tokens in this state.' }),
          search: t.arg.string({ required: false, description: searchDescription('whose name contains it') }),
        },
        query: (args, context) => {
          const search = searchArgument(args.search);
          return {
            where: {
              AND: [
                args.state ? tokenStateFilter(args.state, context.services.prisma.token.fields) : {},
                search ? tokenSearch(search) : {},
              ],
            },
            orderBy: { id: 'desc' },
          };
        },
        totalCount: true,
      },
      { description: 'A page of tokens.' },
    ),
  }),
});

builder.queryField('machineIdentities', (t) =>
  t.withAuth({ permission: 'identity:read' }).prismaConnection(
    {
      type: 'MachineIdentity',
      cursor: 'id',
      description: "The organization's machine identities, newest first.",
      args: {
        disabled: t.arg.boolean({ required: false, description: 'Only disabled (true) or enabled (false).' }),
        search: t.arg.string({ required: false, description: searchDescription('whose name contains it') }),
      },
      resolve: (query, _root, args, context) =>
        context.services.prisma.machineIdentity.findMany({
          ...query,
          where: identityFilter(context.viewer.organizationId, args),
          orderBy: { id: 'desc' },
        }),
      totalCount: (_root, args, context) =>
        context.services.prisma.machineIdentity.count({
          where: identityFilter(context.viewer.organizationId, args),
        }),
    },
    { description: 'A page of machine identities.' },
  ),
);

function identityFilter(
  organizationId: string,
  args: { disabled?: boolean | null; search?: string | null },
): Prisma.MachineIdentityWhereInput {
  const search = searchArgument(args.search);
  return {
    organizationId,
    ...(args.disabled == null ? {} : { disabledAt: args.disabled ? { not: null } : null }),
    ...(search ? identitySearch(search) : {}),
  };
}

const MachineIdentityPayload = builder.simpleObject('MachineIdentityPayload', {
  description: 'The machine identity after the change.',
  fields: (t) => ({
    machineIdentity: t.field({
      type: MachineIdentityRef,
      description: 'The machine identity, as it is now.',
    }),
  }),
});

const grantsDescription = `Single permissions on top of the role, from: ${PERMISSIONS.join(', ')}.`;

builder.mutationField('createMachineIdentity', (t) =>
  t.withAuth({ permission: 'identity:manage' }).fieldWithInput({
    description: 'Creates a machine identity (service account) in the organization.',
    type: MachineIdentityPayload,
    errors: failures('CreateMachineIdentity', [ValidationError]),
    input: {
      name: t.input.string({ required: true, description: 'Unique in the organization.' }),
      role: t.input.field({ type: RoleEnum, required: false, description: 'Default MEMBER.' }),
      permissions: t.input.stringList({ required: false, description: grantsDescription }),
    },
    resolve: async (_root, { input }, context) => ({
      machineIdentity: await createMachineIdentity(auditDeps(context), context.viewer, input),
    }),
  }),
);

builder.mutationField('updateMachineIdentity', (t) =>
  t.withAuth({ permission: 'identity:manage' }).fieldWithInput({
    description: 'Renames a machine identity or changes its role or permissions. Omitted fields stay.',
    type: MachineIdentityPayload,
    errors: failures('UpdateMachineIdentity', [NotFoundError, ValidationError]),
    input: {
      id: t.input.globalID({ required: true, for: MachineIdentityRef }),
      name: t.input.string({ required: false, description: 'The new name; unique in the organization.' }),
      role: t.input.field({ type: RoleEnum, required: false, description: 'The new role.' }),
      permissions: t.input.stringList({ required: false, description: grantsDescription }),
    },
    resolve: async (_root, { input }, context) => ({
      machineIdentity: await updateMachineIdentity(auditDeps(context), context.viewer, input.id.id, input),
    }),
  }),
);

builder.mutationField('disableMachineIdentity', (t) =>
  t.withAuth({ permission: 'identity:manage' }).fieldWithInput({
    description: 'Disables a machine identity: its tokens stop authenticating at once, until it is enabled.',
    type: MachineIdentityPayload,
    errors: failures('DisableMachineIdentity', [NotFoundError]),
    input: { id: t.input.globalID({ required: true, for: MachineIdentityRef }) },
    resolve: async (_root, { input }, context) => ({
      machineIdentity: await setMachineIdentityDisabled(
        auditDeps(context),
        context.viewer,
        input.id.id,
        true,
      ),
    }),
  }),
);

builder.mutationField('enableMachineIdentity', (t) =>
  t.withAuth({ permission: 'identity:manage' }).fieldWithInput({
    description: 'Enables a disabled machine identity; its unexpired, unrevoked tokens work again.',
    type: MachineIdentityPayload,
    errors: failures('EnableMachineIdentity', [NotFoundError]),
    input: { id: t.input.globalID({ required: true, for: MachineIdentityRef }) },
    resolve: async (_root, { input }, context) => ({
      machineIdentity: await setMachineIdentityDisabled(
        auditDeps(context),
        context.viewer,
        input.id.id,
        false,
      ),
    }),
  }),
);

builder.mutationField('deleteMachineIdentity', (t) =>
  t.withAuth({ permission: 'identity:manage' }).fieldWithInput({
    description: 'Deletes a machine identity and all of its tokens.',
    type: DeletedPayload,
    errors: failures('DeleteMachineIdentity', [NotFoundError]),
    input: { id: t.input.globalID({ required: true, for: MachineIdentityRef }) },
    resolve: async (_root, { input }, context) => {
      await deleteMachineIdentity(auditDeps(context), context.viewer, input.id.id);
      return { deletedId: encodeGlobalID('MachineIdentity', input.id.id) };
    },
  }),
);
