import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import WithInputPlugin from '@pothos/plugin-with-input';
import { GraphQLError } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { type AuthenticatedContext, bearerChallenge, type Context } from './context.js';
import type { Permission } from './domain/permissions.js';
import type PrismaTypes from './generated/pothos-prisma-types.js';
import { getDatamodel } from './generated/pothos-prisma-types.js';
import type { CredentialKind } from './generated/prisma/client.js';
import { deniedReason, missingPermissionsOf, recordDeniedField } from './schema/audit-context.js';
import { scopeLoaders } from './schema/auth-scopes.js';
import { decodeGlobalId } from './schema/global-id.js';
import { inputGuard } from './schema/input-guard.js';

export interface PothosTypes {
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string | number | bigint };
  };
  AuthScopes: {
    /** Any valid credential. */
    authenticated: boolean;
    /** A person, signed in with a personal access token. */
    user: boolean;
    /** A named permission in the organization the request acts in, after credential scopes. */
    permission: Permission;
    /** The object belongs to the organization the request acts in (type-level tenant check). */
    organization: string;
    /** The object belongs to the signed-in person. */
    self: string;
    /**
     * The request's credential is of this kind. Guards what a credential may do to itself (renew, rotate)
     * without the organization-wide permission; the domain checks that the object named is that credential.
     */
    credentialKind: CredentialKind;
    /** The object is the request's own credential: it may read itself (a renewal's or rotation's answer). */
    ownCredential: string;
  };
  AuthContexts: {
    authenticated: AuthenticatedContext;
    user: AuthenticatedContext;
    permission: AuthenticatedContext;
    organization: AuthenticatedContext;
    self: AuthenticatedContext;
    credentialKind: AuthenticatedContext;
    ownCredential: AuthenticatedContext;
  };
  DefaultFieldNullability: false;
}

export const builder = new SchemaBuilder<PothosTypes>({
  plugins: [
    ScopeAuthPlugin,
    ErrorsPlugin,
    PrismaPlugin,
    RelayPlugin,
    DataloaderPlugin,
    WithInputPlugin,
    SimpleObjectsPlugin,
    // Last, so that it runs inside the errors plugin: its ValidationError becomes the typed result.
    inputGuard,
  ],
  defaultFieldNullability: false,
  scopeAuth: {
    // Subscriptions are authorised when they start, not on every event.
    authorizeOnSubscribe: true,
    authScopes: (context) => scopeLoaders(context.viewer),
    unauthorizedError: (_parent, context, info, result) => {
      // RFC 6750: a request without a credential for something that needs one is a 401 with a challenge.
      if (!context.viewer) {
        return new GraphQLError(
          'Authentication required: send a credential as Authorization: Bearer <token>',
          {
            extensions: {
              code: 'UNAUTHENTICATED',
              http: { status: 401, headers: { 'www-authenticate': bearerChallenge(false) } },
            },
          },
        );
      }
      recordDeniedField(context, info, result.failure);
      // The caller named this field (and knows the object it asked through), so say what it lacks.
      const missing = missingPermissionsOf(result.failure);
      return new GraphQLError(missing.length > 0 ? `Not allowed: ${deniedReason(missing)}` : 'Not allowed', {
        extensions: { code: 'FORBIDDEN', ...(missing.length > 0 && { missingPermissions: missing }) },
      });
    },
  },
  errors: { defaultTypes: [] },
  prisma: {
    client: (context) => context.services.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    defaultConnectionSize: 20,
    maxConnectionSize: 100,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    decodeGlobalID: (globalId) => decodeGlobalId(globalId),
    nodeQueryOptions: { authScopes: { authenticated: true } },
    nodesQueryOptions: { authScopes: { authenticated: true } },
  },
  withInput: {
    typeOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Input`,
    },
  },
});

// graphql-scalars' DateTime reads and writes RFC 3339 section 5.6 date-times (its description says so);
// @specifiedBy tells tools where that is written down.
builder.addScalarType('DateTime', DateTimeResolver, {
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339#section-5.6',
});
builder.addScalarType('JSON', JSONResolver);
builder.queryType({
  description: 'Reads. Every field needs a credential (Authorization: Bearer); introspection does not.',
});
builder.mutationType({
  description:
    'Changes, and the credential checks services call. Each takes one `input`. Every change, and every ' +
    'denied or failed attempt, is recorded in the audit log.',
});
