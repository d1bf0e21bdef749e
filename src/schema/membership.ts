import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { InvalidStateError, NotFoundError, ValidationError } from '../domain/errors.js';
import { removeMember, updateMember } from '../domain/members.js';
import { PERMISSIONS } from '../domain/permissions.js';
import { auditDeps } from './audit-context.js';
import { failures } from './errors.js';
import { RoleEnum } from './machine-identity.js';
import { DeletedPayload } from './payloads.js';
import { inOrganization } from './tenancy.js';

export const MembershipRef = builder.prismaNode('Membership', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description: "A person's place in the organization: role and single grants.",
  authScopes: (membership) => ({
    $all: { organization: membership.organizationId, permission: 'member:read' },
  }),
  findUnique: inOrganization('member:read'),
  fields: (t) => ({
    name: t.exposeString('name'),
    role: t.expose('role', { type: RoleEnum }),
    permissions: t.exposeStringList('permissions', {
      description: 'Single permissions granted on top of the role.',
    }),
    user: t.relation('user'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('members', (t) =>
  t.withAuth({ permission: 'member:read' }).prismaConnection(
    {
      type: 'Membership',
      cursor: 'id',
      description: "The organization's members, oldest first.",
      resolve: (query, _root, _args, context) =>
        context.services.prisma.membership.findMany({
          ...query,
          where: { organizationId: context.viewer.organizationId },
          orderBy: { id: 'asc' },
        }),
      totalCount: (_root, _args, context) =>
        context.services.prisma.membership.count({
          where: { organizationId: context.viewer.organizationId },
        }),
    },
    { description: 'A page of members.' },
  ),
);

export const grantsDescription = `Single permissions on top of the role, from: ${PERMISSIONS.join(', ')}.`;

const MembershipPayload = builder.simpleObject('MembershipPayload', {
  description: 'The membership after the change.',
  fields: (t) => ({
    membership: t.field({ type: MembershipRef, description: 'The membership, as it is now.' }),
  }),
});

builder.mutationField('updateMember', (t) =>
  t.withAuth({ permission: 'member:manage' }).fieldWithInput({
    description:
      "Changes a member's role or single grants. Nobody grants more than they hold, and the last owner stays.",
    type: MembershipPayload,
    errors: failures('UpdateMember', [NotFoundError, ValidationError, InvalidStateError]),
    input: {
      id: t.input.globalID({ required: true, for: MembershipRef }),
      role: t.input.field({ type: RoleEnum, required: false, description: 'The new role.' }),
      permissions: t.input.stringList({ required: false, description: grantsDescription }),
    },
    resolve: async (_root, { input }, context) => ({
      membership: await updateMember(auditDeps(context), context.viewer, input.id.id, input),
    }),
  }),
);

builder.mutationField('removeMember', (t) =>
  t.withAuth({ permission: 'member:manage' }).fieldWithInput({
    description: 'Removes a member and their personal access tokens for this organization.',
    type: DeletedPayload,
    errors: failures('RemoveMember', [NotFoundError, InvalidStateError]),
    input: { id: t.input.globalID({ required: true, for: MembershipRef }) },
    resolve: async (_root, { input }, context) => {
      await removeMember(auditDeps(context), context.viewer, input.id.id);
      return { deletedId: encodeGlobalID('Membership', input.id.id) };
    },
  }),
);
