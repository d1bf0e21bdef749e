import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import type { AuthenticatedContext } from '../context.js';
import { tokenSearch } from '../domain/credential-search.js';
import { InvalidStateError, LimitReachedError, NotFoundError, ValidationError } from '../domain/errors.js';
import { MAX_IMPORT_BATCH } from '../domain/imported-keys.js';
import {
  createToken,
  deleteToken,
  importTokens,
  MAX_TRUSTED_RANGES,
  renewToken,
  revokeAllTokens,
  revokeToken,
  rotateToken,
  setTokenKey,
  type TokenState,
  tokenState,
  tokenStateFilter,
  updateToken,
} from '../domain/tokens.js';
import type { Prisma, Token } from '../generated/prisma/client.js';
import { auditDeps } from './audit-context.js';
import { searchArgument, searchDescription } from './credential-search.js';
import { CredentialState } from './credential-state.js';
import { failures } from './errors.js';
import { countingPresentedKeys, keyInputs } from './key-input.js';
import { MachineIdentityRef } from './machine-identity.js';
import { DeletedPayload } from './payloads.js';
import { inOrganization } from './tenancy.js';

export const TokenRef = builder.prismaNode('Token', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description: "A machine identity's token.",
  // A token may also read itself (what renewing or rotating itself answers), whatever its scopes.
  authScopes: (token) => ({
    $all: { organization: token.organizationId, $any: { permission: 'token:read', ownCredential: token.id } },
  }),
  findUnique: inOrganization('token:read'),
  fields: (t) => ({
    name: t.exposeString('name'),
    ttl: t.exposeInt('ttl', { description: 'Seconds each issue or renewal is valid for; 0 means no TTL.' }),
    maxTtl: t.exposeInt('maxTtl', {
      description: 'Seconds after creation past which renewal cannot extend; 0 means no ceiling.',
    }),
    numUses: t.exposeInt('numUses', { description: 'Successful authentications so far.' }),
    numUsesLimit: t.exposeInt('numUsesLimit', { description: 'Uses allowed; 0 means unlimited.' }),
    trustedIps: t.exposeStringList('trustedIps', {
      description: 'CIDR ranges the token may be used from; empty means anywhere.',
    }),
    scopes: t.exposeStringList('scopes', {
      description: "Permissions the token is narrowed to; empty means all of its identity's.",
    }),
    authMethod: t.exposeString('authMethod'),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    lastRenewedAt: t.expose('lastRenewedAt', { type: 'DateTime', nullable: true }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Null: never expires.',
    }),
    requestLimit: t.exposeInt('requestLimit'),
    requestLimitWindow: t.exposeInt('requestLimitWindow'),
    externalId: t.exposeString('externalId', {
      nullable: true,
      description: 'What the product the token was imported from called it (importTokens); null otherwise.',
    }),
    renewableUntil: t.expose('renewableUntil', {
      type: 'DateTime',
      nullable: true,
      description:
        'The latest time renewal can extend the token to, inherited from the credential that made it (nothing ' +
        'reaches further than the credential it is made with); null: only maxTtl limits renewal.',
    }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    isRevoked: t.boolean({
      description: 'Whether the token was revoked (for good).',
      resolve: (token) => token.revokedAt !== null,
    }),
    state: t.field({
      type: CredentialState,
      description: 'Whether the token is usable, expired, revoked or used up.',
      resolve: (token) => tokenState(token),
    }),
    identity: t.relation('identity'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('tokens', (t) =>
  t.withAuth({ permission: 'token:read' }).prismaConnection(
    {
      type: 'Token',
      cursor: 'id',
      description: "The organization's machine identity tokens, newest first.",
      args: {
        identityId: t.arg.globalID({
          required: false,
          for: MachineIdentityRef,
          description: 'Only this identity’s.',
        }),
        state: t.arg({ type: CredentialState, required: false, description: 'Only tokens in this state.' }),
        search: t.arg.string({ required: false, description: searchDescription('whose name contains it') }),
      },
      resolve: (query, _root, args, context) =>
        context.services.prisma.token.findMany({
          ...query,
          where: tokenFilter(context, args),
          orderBy: { id: 'desc' },
        }),
      totalCount: (_root, args, context) =>
        context.services.prisma.token.count({ where: tokenFilter(context, args) }),
    },
    { description: 'A page of tokens.' },
  ),
);

function tokenFilter(
  context: AuthenticatedContext,
  args: { identityId?: { id: string } | null; state?: TokenState | null; search?: string | null },
): Prisma.TokenWhereInput {
  const search = searchArgument(args.search);
  return {
    organizationId: context.viewer.organizationId,
    ...(args.identityId ? { identityId: args.identityId.id } : {}),
    AND: [
      args.state ? tokenStateFilter(args.state, context.services.prisma.token.fields) : {},
      search ? tokenSearch(search) : {},
    ],
  };
}

const TokenPayload = builder.objectRef<Token>('TokenPayload').implement({
  description: 'The token after the change.',
  fields: (t) => ({
    token: t.field({ type: TokenRef, description: 'The token, as it is now.', resolve: (token) => token }),
  }),
});

const TokenSecretPayload = builder
  .objectRef<{ token: Token; secret: string }>('TokenSecretPayload')
  .implement({
    description: 'A token and its new secret.',
    fields: (t) => ({
      token: t.field({
        type: TokenRef,
        description: 'The token the secret belongs to.',
        resolve: (payload) => payload.token,
      }),
      secret: t.exposeString('secret', { description: 'Shown here once: Keygate keeps only its hash.' }),
    }),
  });

builder.mutationField('createToken', (t) =>
  t.withAuth({ permission: 'token:create' }).fieldWithInput({
    description: 'Creates a token for a machine identity. Its secret is returned once.',
    type: TokenSecretPayload,
    errors: failures('CreateToken', [NotFoundError, ValidationError]),
    input: {
      identityId: t.input.globalID({ required: true, for: MachineIdentityRef }),
      name: t.input.string({ required: true, description: 'A name for people (1 to 100 characters).' }),
      ttl: t.input.int({
        required: false,
        description:
          'Seconds until expiry and per renewal; 0 (default): none. Either way the token expires no later ' +
          'than the credential you call with can last (see `renewableUntil`).',
      }),
      maxTtl: t.input.int({
        required: false,
        description: 'Renewal ceiling from creation, in seconds; 0: none.',
      }),
      numUsesLimit: t.input.int({ required: false, description: 'Uses allowed; 0 (default): unlimited.' }),
      trustedIps: t.input.stringList({
        required: false,
        description: `Up to ${MAX_TRUSTED_RANGES} IPv4/IPv6 addresses or CIDR ranges; empty (default): anywhere.`,
      }),
      scopes: t.input.stringList({
        required: false,
        description: "Narrow to these of the identity's permissions.",
      }),
      requestLimit: t.input.int({
        required: false,
        description:
          'Requests the token may make per window (GraphQL, verifyCredential, introspection, forward auth), ' +
          'shared by every instance; 0 (default): no limit. Over it: 429 with Retry-After.',
      }),
      requestLimitWindow: t.input.int({
        required: false,
        description: 'The window of requestLimit, in seconds (default 60).',
      }),
    },
    resolve: (_root, { input }, context) =>
      createToken(auditDeps(context), context.viewer, { ...input, identityId: input.identityId.id }),
  }),
);

builder.mutationField('updateToken', (t) =>
  t.withAuth({ permission: 'token:update' }).fieldWithInput({
    description:
      'Edits a token: its name, trusted ranges, scopes and use limit. Omitted fields stay; an empty list ' +
      "clears the trusted ranges (anywhere) or the scopes (all of the identity's permissions). Scopes stay " +
      'within what both the identity and the credential you call with hold, and widening a token (a scope, ' +
      'range or use more) needs a credential that lasts at least as long as the token. The change holds on ' +
      'every instance from the next request on.',
    type: TokenPayload,
    errors: failures('UpdateToken', [NotFoundError, ValidationError]),
    input: {
      id: t.input.globalID({ required: true, for: TokenRef }),
      name: t.input.string({ required: false, description: 'The new name (1 to 100 characters).' }),
      trustedIps: t.input.stringList({
        required: false,
        description: `Up to ${MAX_TRUSTED_RANGES} IPv4/IPv6 addresses or CIDR ranges; empty: anywhere.`,
      }),
      scopes: t.input.stringList({
        required: false,
        description: "Narrow to these of the identity's permissions; empty: all of them.",
      }),
      numUsesLimit: t.input.int({
        required: false,
        description:
          'Uses allowed; 0: unlimited. Not below the uses already spent (numUses); equal to them, the token ' +
          'is used up at once.',
      }),
    },
    resolve: (_root, { input }, context) =>
      updateToken(auditDeps(context), context.viewer, input.id.id, input),
  }),
);

builder.mutationField('renewToken', (t) =>
  // A token may renew itself without token:renew (the domain checks it is itself).
  t.withAuth({ $any: { permission: 'token:renew', credentialKind: 'TOKEN' } }).fieldWithInput({
    description:
      "Extends a token's expiry by its TTL from now, never past its max TTL, its `renewableUntil`, or the " +
      'end of the credential you call with. Needs token:renew, except for a token renewing itself.',
    type: TokenPayload,
    errors: failures('RenewToken', [NotFoundError, InvalidStateError]),
    input: { id: t.input.globalID({ required: true, for: TokenRef }) },
    resolve: (_root, { input }, context) => renewToken(auditDeps(context), context.viewer, input.id.id),
  }),
);

builder.mutationField('revokeToken', (t) =>
  t.withAuth({ permission: 'token:revoke' }).fieldWithInput({
    description: 'Revokes a token: it stops working at once and for good.',
    type: TokenPayload,
    errors: failures('RevokeToken', [NotFoundError]),
    input: { id: t.input.globalID({ required: true, for: TokenRef }) },
    resolve: (_root, { input }, context) => revokeToken(auditDeps(context), context.viewer, input.id.id),
  }),
);

builder.mutationField('deleteToken', (t) =>
  t.withAuth({ permission: 'token:delete' }).fieldWithInput({
    description:
      'Deletes a token and its secrets: it stops working at once and leaves every list. Its audit events stay.',
    type: DeletedPayload,
    errors: failures('DeleteToken', [NotFoundError]),
    input: { id: t.input.globalID({ required: true, for: TokenRef }) },
    resolve: async (_root, { input }, context) => {
      await deleteToken(auditDeps(context), context.viewer, input.id.id);
      return { deletedId: encodeGlobalID('Token', input.id.id) };
    },
  }),
);

const RevokeAllTokensPayload = builder.simpleObject('RevokeAllTokensPayload', {
  description: "The outcome of revoking a machine identity's tokens.",
  fields: (t) => ({ revokedCount: t.int({ description: 'How many tokens were revoked.' }) }),
});

builder.mutationField('revokeAllTokens', (t) =>
  t.withAuth({ permission: 'token:revoke' }).fieldWithInput({
    description: 'Revokes every token of a machine identity.',
    type: RevokeAllTokensPayload,
    errors: failures('RevokeAllTokens', [NotFoundError]),
    input: { identityId: t.input.globalID({ required: true, for: MachineIdentityRef }) },
    resolve: async (_root, { input }, context) => ({
      revokedCount: (await revokeAllTokens(auditDeps(context), context.viewer, input.identityId.id)).length,
    }),
  }),
);

builder.mutationField('rotateToken', (t) =>
  // A token may rotate itself without token:rotate (the domain checks it is itself).
  t.withAuth({ $any: { permission: 'token:rotate', credentialKind: 'TOKEN' } }).fieldWithInput({
    description:
      'Issues a new secret with every setting (and the expiry) kept. The old secret keeps working for the ' +
      'grace period (0: it stops at once). Needs token:rotate, except for a token rotating itself.',
    type: TokenSecretPayload,
    errors: failures('RotateToken', [NotFoundError, ValidationError, InvalidStateError]),
    input: {
      id: t.input.globalID({ required: true, for: TokenRef }),
      gracePeriodSeconds: t.input.int({ required: true, description: 'From 0 to 30 days, in seconds.' }),
    },
    resolve: (_root, { input }, context) =>
      rotateToken(auditDeps(context), context.viewer, input.id.id, input.gracePeriodSeconds),
  }),
);

builder.mutationField('setTokenKey', (t) =>
  t.withAuth({ permission: 'token:set_key' }).fieldWithInput({
    description:
      "Sets or imports a token's key: a Keygate token secret (kg_tok_…), a key from another product, or " +
      "that key's SHA-256, that nobody uses yet. It replaces every secret the token had. Needs " +
      'token:set_key, which editing a token does not give.',
    type: TokenPayload,
    errors: failures('SetTokenKey', [NotFoundError, ValidationError, InvalidStateError]),
    input: {
      id: t.input.globalID({ required: true, for: TokenRef }),
      ...keyInputs(t.input, 'kg_tok_'),
    },
    resolve: (_root, { input }, context) =>
      countingPresentedKeys(context, 'setTokenKey', () =>
        setTokenKey(
          auditDeps(context),
          context.viewer,
          input.id.id,
          input,
          context.services.config.importedKeys,
        ),
      ),
  }),
);

const ImportedTokenInput = builder.inputType('ImportedTokenInput', {
  description: 'A token brought from another product: its key (or the key’s SHA-256) and its settings.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'A name for people (1 to 100 characters).' }),
    ...keyInputs(t, 'kg_tok_'),
    expiresAt: t.field({
      type: 'DateTime',
      required: false,
      description:
        "When it stops working: in the future, within the organization's maximum token lifetime and no later " +
        'than the credential you call with can last. Default: the latest of those, as createToken without a TTL.',
    }),
    scopes: t.stringList({ required: false, description: "Narrow to these of the identity's permissions." }),
    trustedIps: t.stringList({
      required: false,
      description: `Up to ${MAX_TRUSTED_RANGES} IPv4/IPv6 addresses or CIDR ranges; empty (default): anywhere.`,
    }),
    numUsesLimit: t.int({ required: false, description: 'Uses allowed; 0 (default): unlimited.' }),
    externalId: t.string({
      required: false,
      description:
        'What the other product called it (1 to 200 characters, never the key), kept as Token.externalId.',
    }),
  }),
});

const ImportTokensPayload = builder.objectRef<Token[]>('ImportTokensPayload').implement({
  description: 'The tokens an import made, in the order they were given.',
  fields: (t) => ({
    tokens: t.field({ type: [TokenRef], description: 'The imported tokens.', resolve: (tokens) => tokens }),
  }),
});

builder.mutationField('importTokens', (t) =>
  // token:set_key too, checked by importTokens: scope-auth would name only the first missing permission.
  t.withAuth({ permission: 'token:create' }).fieldWithInput({
    description:
      `Imports up to ${MAX_IMPORT_BATCH} tokens for a machine identity with keys from another product, all or ` +
      'nothing: a refused item names its index (`tokens[3].key`) and nothing is imported. Needs token:create ' +
      'and token:set_key, and a request that could grant the identity its role and grants.',
    type: ImportTokensPayload,
    errors: failures('ImportTokens', [NotFoundError, ValidationError, LimitReachedError]),
    input: {
      identityId: t.input.globalID({ required: true, for: MachineIdentityRef }),
      tokens: t.input.field({
        type: [ImportedTokenInput],
        required: true,
        description: `The tokens to import, 1 to ${MAX_IMPORT_BATCH}.`,
      }),
    },
    resolve: (_root, { input }, context) =>
      countingPresentedKeys(context, 'importTokens', () =>
        importTokens(
          auditDeps(context),
          context.viewer,
          { identityId: input.identityId.id, tokens: input.tokens },
          context.services.config.importedKeys,
        ),
      ),
  }),
);
