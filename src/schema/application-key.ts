import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import {
  appKeyState,
  appKeyStateFilter,
  createAppKey,
  deleteAppKey,
  revokeAppKey,
  rotateAppKey,
} from '../domain/application-keys.js';
import {
  type ClientAssertionVerification,
  clientAssertionDeps,
  verifyClientAssertionInOrganization,
} from '../domain/client-assertions.js';
import { appKeySearch } from '../domain/credential-search.js';
import { InvalidStateError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { ApplicationKey, Prisma } from '../generated/prisma/client.js';
import { auditDeps, recordDenial } from './audit-context.js';
import { searchArgument, searchDescription } from './credential-search.js';
import { CredentialState } from './credential-state.js';
import { failures } from './errors.js';
import { DeletedPayload } from './payloads.js';
import { ApplicationRef, ProjectRef } from './project.js';
import { inOrganization } from './tenancy.js';

export const ApplicationKeyTypeEnum = builder.enumType('ApplicationKeyType', {
  description: 'How an application key is handed out.',
  values: {
    JSON: { description: 'A JSON key file with the private key, as Zitadel hands them out.' },
  } as const,
});

export const ApplicationKeyRef = builder.prismaNode('ApplicationKey', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description:
    "An application's key pair for JWT-profile client authentication. Keygate keeps only the public key; " +
    'the raw id is the `kid` its assertions name.',
  authScopes: (key) => ({ $all: { organization: key.organizationId, permission: 'appkey:read' } }),
  findUnique: inOrganization('appkey:read'),
  fields: (t) => ({
    type: t.expose('type', { type: ApplicationKeyTypeEnum }),
    keyId: t.exposeString('id', {
      description: "The key's raw id: the `kid` its assertions carry and the `keyId` of its key file.",
    }),
    algorithm: t.exposeString('algorithm', {
      description: 'The JWS algorithm assertions must be signed with.',
    }),
    publicKey: t.exposeString('publicKey', { description: 'The public key, SPKI PEM.' }),
    expirationDate: t.expose('expirationDate', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When an assertion signed with the key was last accepted (kept within a few seconds).',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    state: t.field({
      type: CredentialState,
      description: 'Whether the key is usable, expired or revoked.',
      resolve: (key) => appKeyState(key),
    }),
    application: t.relation('application'),
  }),
});

builder.queryField('appKeys', (t) =>
  t.withAuth({ permission: 'appkey:read' }).prismaConnection(
    {
      type: 'ApplicationKey',
      cursor: 'id',
      description: "An application's keys, newest first.",
      args: {
        projectId: t.arg.globalID({ required: true, for: ProjectRef }),
        appId: t.arg.globalID({ required: true, for: ApplicationRef }),
        state: t.arg({ type: CredentialState, required: false, description: 'Only keys in this state.' }),
        search: t.arg.string({ required: false, description: searchDescription(null) }),
      },
      resolve: (query, _root, args, context) =>
        context.services.prisma.applicationKey.findMany({
          ...query,
          where: appKeyFilter(context.viewer.organizationId, args),
          orderBy: { id: 'desc' },
        }),
      totalCount: (_root, args, context) =>
        context.services.prisma.applicationKey.count({
          where: appKeyFilter(context.viewer.organizationId, args),
        }),
    },
    { description: 'A page of application keys.' },
  ),
);

function appKeyFilter(
  organizationId: string,
  args: {
    projectId: { id: string };
    appId: { id: string };
    state?: 'ACTIVE' | 'EXPIRED' | 'REVOKED' | 'USED_UP' | null;
    search?: string | null;
  },
): Prisma.ApplicationKeyWhereInput {
  const search = searchArgument(args.search);
  return {
    organizationId,
    applicationId: args.appId.id,
    application: { projectId: args.projectId.id },
    AND: [args.state ? appKeyStateFilter(args.state) : {}, search ? appKeySearch(search) : {}],
  };
}

const CreateAppKeyPayload = builder
  .objectRef<{ key: ApplicationKey; keyDetails: string }>('CreateAppKeyPayload')
  .implement({
    description: 'A new application key and its key file.',
    fields: (t) => ({
      applicationKey: t.field({
        type: ApplicationKeyRef,
        description: 'The new key.',
        resolve: (payload) => payload.key,
      }),
      keyDetails: t.exposeString('keyDetails', {
        description:
          'The key file, a JSON string: { type: "application", keyId, key (PKCS#8 PEM private key), appId, ' +
          'clientId }. Shown here once: Keygate keeps only the public key.',
      }),
    }),
  });

builder.mutationField('createAppKey', (t) =>
  t.withAuth({ permission: 'appkey:create' }).fieldWithInput({
    description: 'Creates an RSA key pair (RS256) for an application. The private key is returned once.',
    type: CreateAppKeyPayload,
    errors: failures('CreateAppKey', [NotFoundError, ValidationError]),
    input: {
      projectId: t.input.globalID({ required: true, for: ProjectRef }),
      appId: t.input.globalID({ required: true, for: ApplicationRef }),
      type: t.input.field({
        type: ApplicationKeyTypeEnum,
        required: true,
        description: 'The format to hand the key out in.',
      }),
      expirationDate: t.input.field({
        type: 'DateTime',
        required: false,
        description:
          "When the key stops working (at most about ten years away); default: the organization's key lifetime.",
      }),
    },
    resolve: (_root, { input }, context) =>
      createAppKey(auditDeps(context), context.viewer, {
        projectId: input.projectId.id,
        appId: input.appId.id,
        type: input.type,
        expirationDate: input.expirationDate,
      }),
  }),
);

const ApplicationKeyPayload = builder.objectRef<ApplicationKey>('ApplicationKeyPayload').implement({
  description: 'The application key after the change.',
  fields: (t) => ({
    applicationKey: t.field({
      type: ApplicationKeyRef,
      description: 'The key, as it is now.',
      resolve: (key) => key,
    }),
  }),
});

builder.mutationField('revokeAppKey', (t) =>
  t.withAuth({ permission: 'appkey:revoke' }).fieldWithInput({
    description:
      'Revokes an application key: assertions signed with it are refused from now on; it stays listed as ' +
      'REVOKED.',
    type: ApplicationKeyPayload,
    errors: failures('RevokeAppKey', [NotFoundError]),
    input: { id: t.input.globalID({ required: true, for: ApplicationKeyRef }) },
    resolve: (_root, { input }, context) => revokeAppKey(auditDeps(context), input.id.id),
  }),
);

builder.mutationField('rotateAppKey', (t) =>
  t.withAuth({ permission: 'appkey:create' }).fieldWithInput({
    description:
      'Replaces an application key with a new key pair for the same application, of the same type and ' +
      'expiring when the old one does. The new key file is returned once. The old key keeps working for ' +
      'the grace period (0: it stops at once).',
    type: CreateAppKeyPayload,
    errors: failures('RotateAppKey', [NotFoundError, ValidationError, InvalidStateError]),
    input: {
      id: t.input.globalID({ required: true, for: ApplicationKeyRef }),
      gracePeriodSeconds: t.input.int({
        required: true,
        description: 'How long the old key keeps working, in seconds (0 to 30 days).',
      }),
    },
    resolve: (_root, { input }, context) =>
      rotateAppKey(auditDeps(context), context.viewer, input.id.id, input.gracePeriodSeconds),
  }),
);

builder.mutationField('deleteAppKey', (t) =>
  t.withAuth({ permission: 'appkey:delete' }).fieldWithInput({
    description: 'Deletes an application key; assertions signed with it are refused from now on.',
    type: DeletedPayload,
    errors: failures('DeleteAppKey', [NotFoundError]),
    input: { id: t.input.globalID({ required: true, for: ApplicationKeyRef }) },
    resolve: async (_root, { input }, context) => {
      await deleteAppKey(auditDeps(context), input.id.id);
      return { deletedId: encodeGlobalID('ApplicationKey', input.id.id) };
    },
  }),
);

const ClientAssertionCodeEnum = builder.enumType('ClientAssertionCode', {
  description: 'Why a client assertion is or is not accepted.',
  values: {
    VALID: { description: 'Accepted; its jti is now used.' },
    NOT_FOUND: { description: 'Malformed, or its key is unknown, deleted, or not of your organization.' },
    EXPIRED: { description: 'The assertion or its key has expired.' },
    REVOKED: { description: 'Its key was revoked.' },
    DISABLED: { description: 'Its application is disabled.' },
    ORGANIZATION_SUSPENDED: { description: 'Its organization is suspended.' },
    INVALID_SIGNATURE: { description: 'Not signed with RS256 by the key its kid names.' },
    INVALID_CLAIMS: {
      description: 'Wrong iss, sub or aud; exp, iat or jti missing; or a lifetime over an hour.',
    },
    REPLAYED: { description: 'Its jti was used before.' },
  } as const,
});

const NOT_FOUND: ClientAssertionVerification = {
  valid: false,
  code: 'NOT_FOUND',
  application: null,
  key: null,
  claim: null,
  reason: null,
};

const ClientAssertionVerificationRef = builder
  .objectRef<ClientAssertionVerification>('ClientAssertionVerification')
  .implement({
    description: 'The answer of authenticateClientAssertion.',
    fields: (t) => ({
      valid: t.exposeBoolean('valid', { description: 'Whether the assertion is accepted (code VALID).' }),
      code: t.field({
        type: ClientAssertionCodeEnum,
        description: 'Why the assertion is or is not accepted.',
        resolve: (v) => v.code,
      }),
      application: t.field({
        type: ApplicationRef,
        nullable: true,
        description: 'The authenticated application, when valid.',
        resolve: (v) => v.application,
      }),
      keyId: t.string({
        nullable: true,
        description:
          "The raw id of the key that signed the assertion, when valid: its `kid`, as ApplicationKey.keyId and the key file's keyId name it.",
        resolve: (v) => v.key?.id ?? null,
      }),
      applicationKey: t.field({
        type: ApplicationKeyRef,
        nullable: true,
        description: 'The key that signed the assertion, when valid.',
        resolve: (v) => v.key,
      }),
      claim: t.string({
        nullable: true,
        description:
          'For INVALID_CLAIMS (and an expired assertion): the claim that failed (iss, sub, aud, exp, iat, nbf or jti).',
        resolve: (v) => v.claim,
      }),
      reason: t.string({
        nullable: true,
        description: 'How that claim failed, for people.',
        resolve: (v) => v.reason,
      }),
      expiresAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When that key expires, when valid.',
        resolve: (v) => v.key?.expirationDate ?? null,
      }),
    }),
  });

builder.mutationField('authenticateClientAssertion', (t) =>
  t.withAuth({ authenticated: true }).fieldWithInput({
    description:
      'For services that authenticate applications with the JWT profile (RFC 7523): is this client ' +
      'assertion good, and which application made it. Accepts each assertion once (it consumes the jti). ' +
      'Needs credential:verify; without it every answer is NOT_FOUND.',
    type: ClientAssertionVerificationRef,
    input: {
      assertion: t.input.string({ required: true, description: 'The signed JWT. Never stored or logged.' }),
    },
    resolve: async (_root, { input }, context) => {
      const { services, viewer } = context;
      if (!viewer.permissions.has('credential:verify')) {
        await recordDenial(context, {
          action: 'credential.verify',
          outcome: 'DENIED',
          changes: {
            code: 'FORBIDDEN',
            reason: 'missing permission credential:verify',
            kind: 'APPLICATION_KEY',
          },
        });
        return NOT_FOUND;
      }
      const answer = await verifyClientAssertionInOrganization(
        clientAssertionDeps(services),
        viewer.organizationId,
        input.assertion,
      );
      services.metrics.countVerification('APPLICATION_KEY', answer.code);
      return answer;
    },
  }),
);
