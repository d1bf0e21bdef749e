import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { InvalidStateError, NotFoundError, ValidationError } from '../domain/errors.js';
import { addMember, removeMember, updateMember } from '../domain/members.js';
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

const grantsDescription = `Single permissions on top of the role, from: ${PERMISSIONS.join(', ')}.`;

const AddMemberPayload = builder.simpleObject('AddMemberPayload', {
  description: "The new membership and the member's first personal access token.",
  fields: (t) => ({
    membership: t.field({ type: MembershipRef, description: 'The new membership.' }),
    initialToken: t.string({
      nullable: true,
      description:
        "A new user's first personal access token (valid 7 days, usable only in this organization), for " +
        'you to hand over. Shown once. Null when Keygate already knew the person: they sign in with their ' +
        'own credentials and choose this organization with the X-Keygate-Organization header.',
    }),
  }),
});

builder.mutationField('addMember', (t) =>
  t.withAuth({ permission: 'member:manage' }).fieldWithInput({
    description:
      'Adds a person to the organization; a person new to Keygate also gets a first personal access token.',
    type: AddMemberPayload,
    errors: failures('AddMember', [ValidationError]),
    input: {
      email: t.input.string({
        required: true,
        description: "The person's e-mail address; Keygate creates the user when it does not know it yet.",
      }),
      name: t.input.string({
        required: true,
        description: "The person's name (1 to 100 characters); a user Keygate knows keeps theirs.",
      }),
      role: t.input.field({ type: RoleEnum, required: true, description: "The member's role." }),
      permissions: t.input.stringList({ required: false, description: grantsDescription }),
    },
    resolve: (_root, { input }, context) => addMember(auditDeps(context), context.viewer, input),
  }),
);

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
