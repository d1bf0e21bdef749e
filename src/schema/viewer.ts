import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import type { Principal } from '../domain/authenticate.js';
import { patSearch } from '../domain/credential-search.js';
import { organizationsOf } from '../domain/organizations.js';
import { patStateFilter } from '../domain/personal-access-tokens.js';
import type { Prisma } from '../generated/prisma/client.js';
import { badInput } from './bad-input.js';
import { searchArgument, searchDescription } from './credential-search.js';
import { CredentialState } from './credential-state.js';
import { ViewerOrganization } from './organization.js';
import { NIL_UUID } from './tenancy.js';

export const CredentialKindEnum = builder.enumType('CredentialKind', {
  description: 'The kinds of credential Keygate issues.',
  values: {
    PERSONAL_ACCESS_TOKEN: { description: "A person's token." },
    TOKEN: { description: "A machine identity's token." },
    APPLICATION_KEY: { description: "An application's key pair, for JWT-profile client authentication." },
  } as const,
});

export const ActorKind = builder.enumType('ActorKind', {
  description: 'Who stands behind a request.',
  values: {
    USER: { description: 'A person.' },
    MACHINE_IDENTITY: { description: 'A service account.' },
  } as const,
});

/** Global id type names of each credential kind. */
export const CREDENTIAL_TYPENAMES = {
  PERSONAL_ACCESS_TOKEN: 'PersonalAccessToken',
  TOKEN: 'Token',
  APPLICATION_KEY: 'ApplicationKey',
} as const;

const ViewerCredential = builder.objectRef<Principal['credential']>('ViewerCredential').implement({
  description: 'The credential the request was made with.',
  fields: (t) => ({
    id: t.id({
      description: 'Global id of the PersonalAccessToken, Token or ApplicationKey.',
      resolve: (c) => encodeGlobalID(CREDENTIAL_TYPENAMES[c.kind], c.id),
    }),
    kind: t.field({
      type: CredentialKindEnum,
      description: 'Which kind of credential.',
      resolve: (c) => c.kind,
    }),
    scopes: t.stringList({
      description: "Permissions the credential is narrowed to; empty means all of its owner's.",
      resolve: (c) => [...c.scopes],
    }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        "When the secret you called with stops working: the credential's expiry, or the end of the grace " +
        'period of a secret rotated out; null: never.',
      resolve: (c) => c.expiresAt,
    }),
    remainingUses: t.int({
      nullable: true,
      description: 'Uses left, for a use-limited token.',
      resolve: (c) => c.remainingUses,
    }),
  }),
});

interface ExpiringCredentialRow {
  kind: 'PERSONAL_ACCESS_TOKEN' | 'TOKEN';
  id: string;
  name: string;
  expiresAt: Date;
  now: Date;
}

const DAY_MS = 86_400_000;
/** No warning threshold may be longer (organizations.ts), so no list reaches further. */
const EXPIRING_WITHIN_MAX_DAYS = 365;

const ExpiringCredential = builder.objectRef<ExpiringCredentialRow>('ExpiringCredential').implement({
  description: 'A credential of yours that expires soon.',
  fields: (t) => ({
    id: t.id({
      description: 'Global id of the PersonalAccessToken or Token.',
      resolve: (c) => encodeGlobalID(CREDENTIAL_TYPENAMES[c.kind], c.id),
    }),
    kind: t.field({
      type: CredentialKindEnum,
      description: 'A personal access token or a machine identity’s token.',
      resolve: (c) => c.kind,
    }),
    name: t.string({
      description: "A personal access token's description, or a token's name.",
      resolve: (c) => c.name,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      description: 'When it stops working.',
      resolve: (c) => c.expiresAt,
    }),
    daysLeft: t.int({
      description: 'Whole days until it expires, rounded up (1: within a day).',
      resolve: (c) => Math.ceil((c.expiresAt.getTime() - c.now.getTime()) / DAY_MS),
    }),
  }),
});

const Viewer = builder.objectRef<Principal>('Viewer').implement({
  description: 'Who the request authenticates as, in which organization, with which credential.',
  fields: (t) => ({
    kind: t.field({
      type: ActorKind,
      description: 'Whether a person or a machine identity is calling.',
      resolve: (viewer) => viewer.kind,
    }),
    user: t.prismaField({
      type: 'User',
      nullable: true,
      description: 'The person, when a personal access token was used.',
      resolve: (query, viewer, _args, context) =>
        viewer.kind === 'USER'
          ? context.services.prisma.user.findUnique({ ...query, where: { id: viewer.actorId } })
          : null,
    }),
    organization: t.prismaField({
      type: 'Organization',
      description: 'The organization the request acts in.',
      resolve: (query, viewer, _args, context) =>
        context.services.prisma.organization.findUniqueOrThrow({
          ...query,
          where: { id: viewer.organizationId },
        }),
    }),
    organizations: t.field({
      type: [ViewerOrganization],
      description:
        'The organizations you belong to, by name, each with your role, whether it is suspended and whether ' +
        'this request acts in it. A token bound to one organization, and a machine identity, see only their ' +
        'own: no credential shows more than it may act in. Deleted organizations never appear.',
      resolve: (viewer, _args, context) => organizationsOf(context.services.prisma, viewer),
    }),
    credential: t.field({
      type: ViewerCredential,
      description: 'The credential the request was made with.',
      resolve: (viewer) => viewer.credential,
    }),
    permissions: t.stringList({
      description: 'What this request may do: the owner’s permissions, narrowed by the credential’s scopes.',
      resolve: (viewer) => [...viewer.permissions].sort(),
    }),
    expiringCredentials: t.field({
      type: [ExpiringCredential],
      description:
        'Your credentials that expire within `withinDays` (default: the largest of the organization’s ' +
        '`expiryWarningDays`), soonest first: a person’s own personal access tokens here (needs pat:read), ' +
        'a machine identity’s own tokens (needs token:read). Application keys belong to applications, not ' +
        'to anyone who could be the viewer, so none is listed.',
      args: {
        withinDays: t.arg.int({ required: false, description: `1 to ${EXPIRING_WITHIN_MAX_DAYS} days.` }),
      },
      resolve: async (viewer, args, context) => {
        const { prisma } = context.services;
        let days = args.withinDays;
        if (days == null) {
          const organization = await prisma.organization.findUniqueOrThrow({
            where: { id: viewer.organizationId },
            select: { expiryWarningDays: true },
          });
          days = Math.max(0, ...organization.expiryWarningDays);
        } else if (!Number.isInteger(days) || days < 1 || days > EXPIRING_WITHIN_MAX_DAYS) {
          throw badInput(
            'withinDays',
            `withinDays must be a whole number from 1 to ${EXPIRING_WITHIN_MAX_DAYS}`,
          );
        }
        const now = new Date();
        const window = { gt: now, lte: new Date(now.getTime() + days * DAY_MS) };
        const take = 100;
        // Reads obey scopes like the lists do: a credential narrowed to other work sees none of them.
        if (viewer.kind === 'USER') {
          if (!viewer.permissions.has('pat:read')) return [];
          const pats = await prisma.personalAccessToken.findMany({
            where: {
              userId: viewer.actorId,
              organizationId: viewer.organizationId,
              revokedAt: null,
              expiresAt: window,
            },
            orderBy: { expiresAt: 'asc' },
            take,
            select: { id: true, description: true, expiresAt: true },
          });
          return pats.map((pat) => ({
            kind: 'PERSONAL_ACCESS_TOKEN' as const,
            id: pat.id,
            name: pat.description,
            expiresAt: pat.expiresAt,
            now,
          }));
        }
        if (!viewer.permissions.has('token:read')) return [];
        const tokens = await prisma.token.findMany({
          where: {
            identityId: viewer.actorId,
            organizationId: viewer.organizationId,
            revokedAt: null,
            expiresAt: window,
          },
          orderBy: { expiresAt: 'asc' },
          take,
          select: { id: true, name: true, expiresAt: true },
        });
        return tokens.map((token) => ({
          kind: 'TOKEN' as const,
          id: token.id,
          name: token.name,
          expiresAt: token.expiresAt!,
          now,
        }));
      },
    }),
    personalAccessTokens: t.prismaConnection(
      {
        type: 'PersonalAccessToken',
        cursor: 'id',
        // Reads obey scopes like writes: a token narrowed to other work does not list its owner's tokens.
        authScopes: { permission: 'pat:read' },
        description: "The signed-in user's personal access tokens, newest first. Needs pat:read.",
        args: {
          state: t.arg({ type: CredentialState, required: false, description: 'Only tokens in this state.' }),
          search: t.arg.string({
            required: false,
            description: searchDescription('whose description contains it'),
          }),
        },
        resolve: (query, viewer, args, context) =>
          context.services.prisma.personalAccessToken.findMany({
            ...query,
            where: patFilter(viewer, args),
            orderBy: { id: 'desc' },
          }),
        totalCount: (viewer, args, context) =>
          context.services.prisma.personalAccessToken.count({ where: patFilter(viewer, args) }),
      },
      {
        description: 'A page of personal access tokens.',
      },
    ),
  }),
});

function patFilter(
  viewer: Principal,
  args: { state?: 'ACTIVE' | 'EXPIRED' | 'REVOKED' | 'USED_UP' | null; search?: string | null },
): Prisma.PersonalAccessTokenWhereInput {
  const search = searchArgument(args.search);
  return {
    // Only people hold personal access tokens (a machine identity's list is empty), and a person sees
    // those of the organization the request acts in.
    userId: viewer.kind === 'USER' ? viewer.actorId : NIL_UUID,
    organizationId: viewer.organizationId,
    AND: [args.state ? patStateFilter(args.state) : {}, search ? patSearch(search) : {}],
  };
}

builder.queryField('viewer', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: Viewer,
    description: 'Who am I: the caller, its organization and the credential it used.',
    resolve: (_root, _args, context) => context.viewer,
  }),
);
