import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import type { AuthenticatedContext } from '../context.js';
import { InvalidStateError, LimitReachedError, NotFoundError, ValidationError } from '../domain/errors.js';
import { MAX_IMPORT_BATCH } from '../domain/imported-keys.js';
import {
  createPersonalAccessToken,
  DESCRIPTION_MAX_LENGTH,
  deletePersonalAccessToken,
  importPersonalAccessTokens,
  type PatCaller,
  patState,
  renewPersonalAccessToken,
  revokePersonalAccessToken,
  rotatePersonalAccessToken,
  updatePersonalAccessToken,
} from '../domain/personal-access-tokens.js';
import type { PersonalAccessToken } from '../generated/prisma/client.js';
import { auditDeps } from './audit-context.js';
import { CredentialState } from './credential-state.js';
import { failures } from './errors.js';
import { countingPresentedKeys, keyInputs } from './key-input.js';
import { DeletedPayload } from './payloads.js';
import { NIL_UUID } from './tenancy.js';

export const PersonalAccessTokenRef = builder.prismaNode('PersonalAccessToken', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description:
    "A person's token. Only its owner can see or manage it, and only in the organization it was created in.",
  // A token may also read itself (what renewing or rotating itself answers), whatever its scopes.
  authScopes: (token) => ({
    $all: {
      self: token.userId,
      organization: token.organizationId,
      $any: { permission: 'pat:read', ownCredential: token.id },
    },
  }),
  findUnique: (id, context) => ({
    id,
    userId: context.viewer?.permissions.has('pat:read') ? ownerId(context.viewer) : NIL_UUID,
    organizationId: context.viewer?.organizationId ?? NIL_UUID,
  }),
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
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    organizationBound: t.exposeBoolean('organizationBound'),
    renewableUntil: t.expose('renewableUntil', { type: 'DateTime' }),
    externalId: t.exposeString('externalId', {
      nullable: true,
      description:
        'What the product the token was imported from called it (importPersonalAccessTokens); null otherwise.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    state: t.field({
      type: CredentialState,
      description: 'Whether the token is usable, expired or revoked.',
      resolve: (token) => patState(token),
    }),
    user: t.relation('user'),
  }),
});

function ownerId(viewer: AuthenticatedContext['viewer'] | null): string {
  return viewer?.kind === 'USER' ? viewer.actorId : NIL_UUID;
}

/** The signed-in person, in the organization the request acts in, with what the request may do. */
function patCaller(context: AuthenticatedContext): PatCaller {
  const { viewer } = context;
  return {
    userId: viewer.actorId,
    organizationId: viewer.organizationId,
    permissions: viewer.permissions,
    scopes: viewer.credential.scopes,
    reach: viewer.reach,
    credentialId: viewer.credential.kind === 'PERSONAL_ACCESS_TOKEN' ? viewer.credential.id : null,
  };
}

const PersonalAccessTokenPayload = builder
  .objectRef<PersonalAccessToken>('PersonalAccessTokenPayload')
  .implement({
    description: 'The personal access token after the change.',
    fields: (t) => ({
      personalAccessToken: t.field({
        type: PersonalAccessTokenRef,
        description: 'The token, as it is now.',
        resolve: (token) => token,
      }),
    }),
  });

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
        description:
          "When the token stops working; at most the organization's maximum lifetime away, and no later than " +
          'the credential you call with can last (its `renewableUntil`).',
      }),
      scopes: t.input.stringList({
        required: false,
        description:
          'Permissions to narrow the token to. Default: those of the credential you call with (all of ' +
          'yours when it is unscoped).',
      }),
    },
    resolve: (_root, { input }, context) =>
      createPersonalAccessToken(auditDeps(context), patCaller(context), input),
  }),
);

builder.mutationField('updatePersonalAccessToken', (t) =>
  t.withAuth({ $all: { user: true, permission: 'pat:create' } }).fieldWithInput({
    description:
      "Edits one of the signed-in user's personal access tokens: its description and scopes. Omitted fields " +
      'stay. Scopes stay within what the credential you call with holds (an empty list, all of your ' +
      'permissions, needs an unscoped one); the change holds on every instance from the next request on.',
    type: PersonalAccessTokenPayload,
    errors: failures('UpdatePersonalAccessToken', [NotFoundError, ValidationError]),
    input: {
      id: t.input.globalID({ required: true, for: PersonalAccessTokenRef }),
      description: t.input.string({
        required: false,
        description: `The new description (1 to ${DESCRIPTION_MAX_LENGTH} characters).`,
      }),
      scopes: t.input.stringList({
        required: false,
        description: "Permissions to narrow the token to; empty: all of its owner's.",
      }),
    },
    resolve: (_root, { input }, context) =>
      updatePersonalAccessToken(auditDeps(context), patCaller(context), input.id.id, input),
  }),
);

builder.mutationField('renewPersonalAccessToken', (t) =>
  // A token may renew itself without pat:create (the domain checks it is itself).
  t
    .withAuth({
      $all: { user: true, $any: { permission: 'pat:create', credentialKind: 'PERSONAL_ACCESS_TOKEN' } },
    })
    .fieldWithInput({
      description:
        "Gives an active token a new expiry, at most the organization's maximum lifetime from now. A revoked " +
        'or expired token cannot be renewed. Needs pat:create, except for a token renewing itself.',
      type: PersonalAccessTokenPayload,
      errors: failures('RenewPersonalAccessToken', [NotFoundError, ValidationError, InvalidStateError]),
      input: {
        id: t.input.globalID({ required: true, for: PersonalAccessTokenRef }),
        expiresAt: t.input.field({ type: 'DateTime', required: true, description: 'The new expiry.' }),
      },
      resolve: (_root, { input }, context) =>
        renewPersonalAccessToken(auditDeps(context), patCaller(context), input.id.id, input),
    }),
);

builder.mutationField('revokePersonalAccessToken', (t) =>
  t.withAuth({ $all: { user: true, permission: 'pat:delete' } }).fieldWithInput({
    description:
      "Revokes one of the signed-in user's personal access tokens: it stops working at once, for good, and " +
      'stays listed as REVOKED.',
    type: PersonalAccessTokenPayload,
    errors: failures('RevokePersonalAccessToken', [NotFoundError]),
    input: { id: t.input.globalID({ required: true, for: PersonalAccessTokenRef }) },
    resolve: (_root, { input }, context) =>
      revokePersonalAccessToken(auditDeps(context), patCaller(context), input.id.id),
  }),
);

builder.mutationField('deletePersonalAccessToken', (t) =>
  t.withAuth({ $all: { user: true, permission: 'pat:delete' } }).fieldWithInput({
    description: "Deletes one of the signed-in user's personal access tokens; it stops working at once.",
    type: DeletedPayload,
    errors: failures('DeletePersonalAccessToken', [NotFoundError]),
    input: { id: t.input.globalID({ required: true, for: PersonalAccessTokenRef }) },
    resolve: async (_root, { input }, context) => {
      await deletePersonalAccessToken(auditDeps(context), patCaller(context), input.id.id);
      return { deletedId: encodeGlobalID('PersonalAccessToken', input.id.id) };
    },
  }),
);

builder.mutationField('rotatePersonalAccessToken', (t) =>
  // A token may rotate itself without pat:create (the domain checks it is itself).
  t
    .withAuth({
      $all: { user: true, $any: { permission: 'pat:create', credentialKind: 'PERSONAL_ACCESS_TOKEN' } },
    })
    .fieldWithInput({
      description:
        'Issues a new secret for one of your tokens, keeping its description, scopes and expiry. The old secret ' +
        'keeps working for the grace period (0: it stops at once). The credential you call with must be able ' +
        'to do everything the token can. Needs pat:create, except for a token rotating itself.',
      type: CreatePersonalAccessTokenPayload,
      errors: failures('RotatePersonalAccessToken', [NotFoundError, ValidationError, InvalidStateError]),
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
          patCaller(context),
          input.id.id,
          input.gracePeriodSeconds,
        ),
    }),
);

const ImportedPersonalAccessTokenInput = builder.inputType('ImportedPersonalAccessTokenInput', {
  description: 'A personal access token brought from another product: its key (or the key’s SHA-256).',
  fields: (t) => ({
    description: t.string({
      required: true,
      description: `What the token is for (1 to ${DESCRIPTION_MAX_LENGTH} characters).`,
    }),
    ...keyInputs(t, 'kg_pat_'),
    expiresAt: t.field({
      type: 'DateTime',
      required: true,
      description:
        "When the token stops working; at most the organization's maximum lifetime away, and no later than " +
        'the credential you call with can last.',
    }),
    scopes: t.stringList({
      required: false,
      description: 'Permissions to narrow the token to. Default: those of the credential you call with.',
    }),
    externalId: t.string({
      required: false,
      description:
        'What the other product called it (1 to 200 characters, never the key), kept as externalId.',
    }),
  }),
});

const ImportPersonalAccessTokensPayload = builder
  .objectRef<PersonalAccessToken[]>('ImportPersonalAccessTokensPayload')
  .implement({
    description: 'The personal access tokens an import made, in the order they were given.',
    fields: (t) => ({
      personalAccessTokens: t.field({
        type: [PersonalAccessTokenRef],
        description: 'The imported tokens.',
        resolve: (tokens) => tokens,
      }),
    }),
  });

builder.mutationField('importPersonalAccessTokens', (t) =>
  t.withAuth({ $all: { user: true, permission: 'pat:create' } }).fieldWithInput({
    description:
      `Imports up to ${MAX_IMPORT_BATCH} of the signed-in user's own personal access tokens with keys from ` +
      'another product, all or nothing, within the per-user limit of active tokens: a refused item names ' +
      'its index (`tokens[3].key`) and nothing is imported. Nobody imports tokens for somebody else.',
    type: ImportPersonalAccessTokensPayload,
    errors: failures('ImportPersonalAccessTokens', [ValidationError, LimitReachedError]),
    input: {
      tokens: t.input.field({
        type: [ImportedPersonalAccessTokenInput],
        required: true,
        description: `The tokens to import, 1 to ${MAX_IMPORT_BATCH}.`,
      }),
    },
    resolve: (_root, { input }, context) =>
      countingPresentedKeys(context, 'importPersonalAccessTokens', () =>
        importPersonalAccessTokens(
          auditDeps(context),
          { ...patCaller(context), kind: 'USER', actorId: context.viewer.actorId },
          input,
          context.services.config.importedKeys,
        ),
      ),
  }),
);
