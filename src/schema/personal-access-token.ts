import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import type { AuthenticatedContext } from '../context.js';
import { LimitReachedError, NotFoundError, ValidationError } from '../domain/errors.js';
import {
  createPersonalAccessToken,
  DESCRIPTION_MAX_LENGTH,
  deletePersonalAccessToken,
  rotatePersonalAccessToken,
} from '../domain/personal-access-tokens.js';
import type { PersonalAccessToken } from '../generated/prisma/client.js';
import { auditDeps } from './audit-context.js';
import { CredentialState } from './credential-state.js';
import { failures } from './errors.js';
import { DeletedPayload } from './payloads.js';
import { NIL_UUID } from './tenancy.js';

export const PersonalAccessTokenRef = builder.prismaNode('PersonalAccessToken', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description: "A person's token. Only its owner can see or manage it.",
  authScopes: (token) => ({ self: token.userId }),
  findUnique: (id, context) => ({ id, userId: ownerId(context.viewer) }),
  fields: (t) => ({
    description: t.exposeString('description'),
    scopes: t.exposeStringList('scopes', {
      description: "Permissions the token is narrowed to; empty means all of its owner's.",
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    seenAt: t.expose('seenAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the token was last used (kept within a few seconds).',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    state: t.field({
      type: CredentialState,
      description: 'ACTIVE or EXPIRED: personal access tokens are deleted, never revoked.',
      resolve: (token) => (token.expiresAt <= new Date() ? 'EXPIRED' : 'ACTIVE'),
    }),
    user: t.relation('user'),
  }),
});

function ownerId(viewer: AuthenticatedContext['viewer'] | null): string {
  return viewer?.kind === 'USER' ? viewer.actorId : NIL_UUID;
}

const CreatePersonalAccessTokenPayload = builder
  .objectRef<{ token: PersonalAccessToken; secret: string }>('CreatePersonalAccessTokenPayload')
  .implement({
    description: 'A personal access token and its new secret.',
    fields: (t) => ({
      personalAccessToken: t.field({
        type: PersonalAccessTokenRef,
        description: 'The token the secret belongs to.',
        resolve: (payload) => payload.token,
      }),
      secret: t.exposeString('secret', {
        description: 'The token itself. Shown here once: Keygate keeps only its hash.',
      }),
    }),
  });

builder.mutationField('createPersonalAccessToken', (t) =>
  t.withAuth({ $all: { user: true, permission: 'pat:create' } }).fieldWithInput({
    description: 'Creates a personal access token for the signed-in user. Its secret is returned once.',
    type: CreatePersonalAccessTokenPayload,
    errors: failures('CreatePersonalAccessToken', [ValidationError, LimitReachedError]),
    input: {
      description: t.input.string({
        required: true,
        description: `What the token is for (1 to ${DESCRIPTION_MAX_LENGTH} characters).`,
      }),
      expiresAt: t.input.field({
        type: 'DateTime',
        required: true,
        description: "When the token stops working; at most the organization's maximum lifetime away.",
      }),
      scopes: t.input.stringList({
        required: false,
        description: 'Permissions to narrow the token to (default: all of yours).',
      }),
    },
    resolve: (_root, { input }, context) =>
      createPersonalAccessToken(
        auditDeps(context),
        {
          userId: context.viewer.actorId,
          organizationId: context.viewer.organizationId,
          permissions: context.viewer.permissions,
        },
        input,
      ),
  }),
);

builder.mutationField('deletePersonalAccessToken', (t) =>
  t.withAuth({ user: true }).fieldWithInput({
    description: "Deletes one of the signed-in user's personal access tokens; it stops working at once.",
    type: DeletedPayload,
    errors: failures('DeletePersonalAccessToken', [NotFoundError]),
    input: {
      id: t.input.globalID({ required: true, for: PersonalAccessTokenRef }),
    },
    resolve: async (_root, { input }, context) => {
      await deletePersonalAccessToken(auditDeps(context), { userId: context.viewer.actorId }, input.id.id);
      return { deletedId: encodeGlobalID('PersonalAccessToken', input.id.id) };
    },
  }),
);

builder.mutationField('rotatePersonalAccessToken', (t) =>
  t.withAuth({ user: true }).fieldWithInput({
    description:
      'Issues a new secret for one of your tokens, keeping its description, scopes and expiry. The old secret ' +
      'keeps working for the grace period (0: it stops at once).',
    type: CreatePersonalAccessTokenPayload,
    errors: failures('RotatePersonalAccessToken', [NotFoundError, ValidationError]),
    input: {
      id: t.input.globalID({ required: true, for: PersonalAccessTokenRef }),
      gracePeriodSeconds: t.input.int({
        required: true,
        description: 'How long the old secret keeps working, in seconds (0 to 30 days).',
      }),
    },
    resolve: (_root, { input }, context) =>
      rotatePersonalAccessToken(
        auditDeps(context),
        { userId: context.viewer.actorId },
        input.id.id,
        input.gracePeriodSeconds,
      ),
  }),
);
