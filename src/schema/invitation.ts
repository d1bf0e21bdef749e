import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { countFailedSecret } from '../caller.js';
import { InvalidStateError, LimitReachedError, NotFoundError, ValidationError } from '../domain/errors.js';
import {
  type AcceptedInvitation,
  acceptInvitation,
  DEFAULT_INVITATION_HOURS,
  InvitationNotFoundError,
  invitationState,
  invitationStateFilter,
  inviteMember,
  MAX_INVITATION_HOURS,
  revokeInvitation,
} from '../domain/invitations.js';
import type { Invitation } from '../generated/prisma/client.js';
import { rateLimitedError } from '../protection.js';
import { auditDeps } from './audit-context.js';
import { failures } from './errors.js';
import { RoleEnum } from './machine-identity.js';
import { grantsDescription } from './membership.js';
import { inOrganization } from './tenancy.js';

const InvitationStateEnum = builder.enumType('InvitationState', {
  description: 'Where an invitation stands.',
  values: {
    PENDING: { description: 'Its code can be accepted.' },
    ACCEPTED: { description: 'Accepted: the person is a member.' },
    REVOKED: { description: 'Revoked before anyone accepted it.' },
    EXPIRED: { description: 'Nobody accepted it in time.' },
  } as const,
});

export const InvitationRef = builder.prismaNode('Invitation', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description:
    'An invitation to join the organization. Its one-time code was shown once, to whoever invited; Keygate ' +
    'keeps only its hash.',
  authScopes: (invitation) => ({
    $all: { organization: invitation.organizationId, permission: 'member:read' },
  }),
  findUnique: inOrganization('member:read'),
  fields: (t) => ({
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    role: t.expose('role', { type: RoleEnum }),
    permissions: t.exposeStringList('permissions', {
      description: 'Single permissions granted on top of the role.',
    }),
    state: t.field({
      type: InvitationStateEnum,
      description: 'Whether the invitation can still be accepted.',
      resolve: (invitation) => invitationState(invitation),
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    acceptedAt: t.expose('acceptedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('invitations', (t) =>
  t.withAuth({ permission: 'member:read' }).prismaConnection(
    {
      type: 'Invitation',
      cursor: 'id',
      description: "The organization's invitations, newest first.",
      args: {
        state: t.arg({
          type: InvitationStateEnum,
          required: false,
          description: 'Only invitations in this state.',
        }),
      },
      resolve: (query, _root, args, context) =>
        context.services.prisma.invitation.findMany({
          ...query,
          where: {
            organizationId: context.viewer.organizationId,
            ...(args.state ? invitationStateFilter(args.state) : {}),
          },
          orderBy: { id: 'desc' },
        }),
      totalCount: (_root, args, context) =>
        context.services.prisma.invitation.count({
          where: {
            organizationId: context.viewer.organizationId,
            ...(args.state ? invitationStateFilter(args.state) : {}),
          },
        }),
    },
    { description: 'A page of invitations.' },
  ),
);

const InviteMemberPayload = builder
  .objectRef<{ invitation: Invitation; code: string }>('InviteMemberPayload')
  .implement({
    description: 'A new invitation and its one-time code.',
    fields: (t) => ({
      invitation: t.field({
        type: InvitationRef,
        description: 'The invitation.',
        resolve: (payload) => payload.invitation,
      }),
      code: t.exposeString('code', {
        description:
          'The one-time code (kg_inv_…) to give the person, who accepts it with acceptInvitation or on the ' +
          "console's accept page. Shown here once: Keygate keeps only its hash.",
      }),
    }),
  });

builder.mutationField('inviteMember', (t) =>
  t.withAuth({ permission: 'member:manage' }).fieldWithInput({
    description:
      'Invites a person by e-mail, with a role. The answer is the same whoever the address belongs to. ' +
      'Nothing changes until the person accepts; a member who accepts an invitation gets its role and ' +
      'grants and a new token (how an owner begins a new line of credentials).',
    type: InviteMemberPayload,
    errors: failures('InviteMember', [ValidationError]),
    input: {
      email: t.input.string({ required: true, description: "The person's e-mail address." }),
      name: t.input.string({
        required: true,
        description: 'What this organization will call the person (1 to 100 characters).',
      }),
      role: t.input.field({ type: RoleEnum, required: true, description: 'The role on accepting.' }),
      permissions: t.input.stringList({ required: false, description: grantsDescription }),
      expiresInHours: t.input.int({
        required: false,
        description: `How long the code works, in hours (default ${DEFAULT_INVITATION_HOURS}, at most ${MAX_INVITATION_HOURS}).`,
      }),
    },
    resolve: (_root, { input }, context) => inviteMember(auditDeps(context), context.viewer, input),
  }),
);

const InvitationPayload = builder.objectRef<Invitation>('InvitationPayload').implement({
  description: 'The invitation after the change.',
  fields: (t) => ({
    invitation: t.field({
      type: InvitationRef,
      description: 'The invitation, as it is now.',
      resolve: (invitation) => invitation,
    }),
  }),
});

builder.mutationField('revokeInvitation', (t) =>
  t.withAuth({ permission: 'member:manage' }).fieldWithInput({
    description: 'Revokes a pending invitation: its code stops working. Idempotent.',
    type: InvitationPayload,
    errors: failures('RevokeInvitation', [NotFoundError, InvalidStateError]),
    input: { id: t.input.globalID({ required: true, for: InvitationRef }) },
    resolve: (_root, { input }, context) => revokeInvitation(auditDeps(context), input.id.id),
  }),
);

/**
 * What accepting answers: plain values, since the person accepting may hold no credential yet (and so may
 * not read the membership or token objects until they sign in with the secret).
 */
const AcceptInvitationPayload = builder
  .objectRef<AcceptedInvitation & { organizationName: string }>('AcceptInvitationPayload')
  .implement({
    description: 'The membership the invitation made and the personal access token it gave.',
    fields: (t) => ({
      secret: t.string({
        description:
          'Your personal access token (kg_pat_…), acting only in this organization. Shown here once: ' +
          'Keygate keeps only its hash.',
        resolve: (accepted) => accepted.secret,
      }),
      personalAccessTokenId: t.id({
        description: 'Global id of the new PersonalAccessToken.',
        resolve: (accepted) => encodeGlobalID('PersonalAccessToken', accepted.token.id),
      }),
      expiresAt: t.field({
        type: 'DateTime',
        description: 'When the token expires; renew it before then.',
        resolve: (accepted) => accepted.token.expiresAt,
      }),
      renewableUntil: t.field({
        type: 'DateTime',
        description: 'The latest the token, and what you make with it, can be renewed to.',
        resolve: (accepted) => accepted.token.renewableUntil,
      }),
      organizationId: t.id({
        description: 'Global id of the Organization you joined.',
        resolve: (accepted) => encodeGlobalID('Organization', accepted.membership.organizationId),
      }),
      organizationName: t.exposeString('organizationName', { description: 'Its name.' }),
      membershipId: t.id({
        description: 'Global id of your Membership.',
        resolve: (accepted) => encodeGlobalID('Membership', accepted.membership.id),
      }),
      role: t.field({
        type: RoleEnum,
        description: 'Your role there.',
        resolve: (accepted) => accepted.membership.role,
      }),
    }),
  });

builder.mutationField('acceptInvitation', (t) =>
  t.fieldWithInput({
    description:
      'Accepts an invitation with its code and gives you a personal access token for that organization. ' +
      'Needs no credential if you have no working personal access token yet; if you have one, send it: only ' +
      'you can accept an invitation for your e-mail address.',
    type: AcceptInvitationPayload,
    errors: failures('AcceptInvitation', [
      NotFoundError,
      InvalidStateError,
      ValidationError,
      LimitReachedError,
    ]),
    input: {
      code: t.input.string({ required: true, description: 'The invitation code (kg_inv_…).' }),
      name: t.input.string({
        required: false,
        description: 'What the organization should call you; default the name in the invitation.',
      }),
      expiresAt: t.input.field({
        type: 'DateTime',
        required: false,
        description: "When your token expires; default 90 days, at most the organization's maximum lifetime.",
      }),
    },
    resolve: async (_root, { input }, context) => {
      const { services } = context;
      try {
        const accepted = await acceptInvitation(
          {
            prisma: services.prisma,
            auditBus: services.auditBus,
            request: { requestId: context.requestId, ip: context.ip, userAgent: context.userAgent },
            credentialsChanging: (affects) => services.credentialCache.beginChange(affects),
            credentialsChanged: services.credentialsChanged,
          },
          context.viewer,
          input,
        );
        const organization = await services.prisma.organization.findUniqueOrThrow({
          where: { id: accepted.membership.organizationId },
          select: { name: true },
        });
        return { ...accepted, organizationName: organization.name };
      } catch (error) {
        // A code that names nothing is a guess: counted like a failed authentication from the address.
        if (error instanceof InvitationNotFoundError) {
          const decision = await countFailedSecret(services, context, null, { ok: false, code: 'NOT_FOUND' });
          if (!decision.allowed) throw rateLimitedError(decision.retryAfterSeconds);
        }
        throw error;
      }
    },
  }),
);
