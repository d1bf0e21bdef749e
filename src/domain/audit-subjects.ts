import type { PrismaClient } from '../generated/prisma/client.js';

/** Something an audit event names (who acted, with which credential, on what): its type and raw id. */
export interface AuditSubjectKey {
  organizationId: string;
  /** The GraphQL type name: User, MachineIdentity, Token, ... */
  typename: string;
  id: string;
}

/** What the subject is called now. Both null when it no longer exists, or is of a kind without a name. */
export interface AuditSubjectName {
  name: string | null;
  /** A person's e-mail address (a user, a membership, an invitation); null for anything else. */
  email: string | null;
}

interface Found {
  organizationId: string;
  id: string;
  name: string;
  email?: string | null;
}

type Finder = (prisma: PrismaClient, organizationIds: string[], ids: string[]) => Promise<Found[]>;

/**
 * One query per kind of subject, always inside the organizations asked for: a person is named as this
 * organization knows them (their membership), and once they left it they are not named at all.
 */
const FINDERS: Record<string, Finder> = {
  User: async (prisma, organizationIds, ids) =>
    (
      await prisma.membership.findMany({
        where: { organizationId: { in: organizationIds }, userId: { in: ids } },
        select: { organizationId: true, userId: true, name: true, user: { select: { email: true } } },
      })
    ).map((m) => ({ organizationId: m.organizationId, id: m.userId, name: m.name, email: m.user.email })),
  Membership: async (prisma, organizationIds, ids) =>
    (
      await prisma.membership.findMany({
        where: { organizationId: { in: organizationIds }, id: { in: ids } },
        select: { organizationId: true, id: true, name: true, user: { select: { email: true } } },
      })
    ).map((m) => ({ organizationId: m.organizationId, id: m.id, name: m.name, email: m.user.email })),
  Invitation: (prisma, organizationIds, ids) =>
    prisma.invitation.findMany({
      where: { organizationId: { in: organizationIds }, id: { in: ids } },
      select: { organizationId: true, id: true, name: true, email: true },
    }),
  MachineIdentity: (prisma, organizationIds, ids) =>
    prisma.machineIdentity.findMany({
      where: { organizationId: { in: organizationIds }, id: { in: ids } },
      select: { organizationId: true, id: true, name: true },
    }),
  Token: (prisma, organizationIds, ids) =>
    prisma.token.findMany({
      where: { organizationId: { in: organizationIds }, id: { in: ids } },
      select: { organizationId: true, id: true, name: true },
    }),
  PersonalAccessToken: async (prisma, organizationIds, ids) =>
    (
      await prisma.personalAccessToken.findMany({
        where: { organizationId: { in: organizationIds }, id: { in: ids } },
        select: { organizationId: true, id: true, description: true },
      })
    ).map((pat) => ({ organizationId: pat.organizationId, id: pat.id, name: pat.description })),
  Project: (prisma, organizationIds, ids) =>
    prisma.project.findMany({
      where: { organizationId: { in: organizationIds }, id: { in: ids } },
      select: { organizationId: true, id: true, name: true },
    }),
  Application: (prisma, organizationIds, ids) =>
    prisma.application.findMany({
      where: { organizationId: { in: organizationIds }, id: { in: ids } },
      select: { organizationId: true, id: true, name: true },
    }),
  // A key has no name of its own: it is named by the application it authenticates.
  ApplicationKey: async (prisma, organizationIds, ids) =>
    (
      await prisma.applicationKey.findMany({
        where: { organizationId: { in: organizationIds }, id: { in: ids } },
        select: { organizationId: true, id: true, application: { select: { name: true } } },
      })
    ).map((key) => ({ organizationId: key.organizationId, id: key.id, name: key.application.name })),
  WebhookEndpoint: async (prisma, organizationIds, ids) =>
    (
      await prisma.webhookEndpoint.findMany({
        where: { organizationId: { in: organizationIds }, id: { in: ids } },
        select: { organizationId: true, id: true, description: true, url: true },
      })
    ).map((e) => ({ organizationId: e.organizationId, id: e.id, name: e.description || e.url })),
  Organization: async (prisma, organizationIds, ids) =>
    (
      await prisma.organization.findMany({
        where: { id: { in: ids.filter((id) => organizationIds.includes(id)) } },
        select: { id: true, name: true },
      })
    ).map((o) => ({ organizationId: o.id, id: o.id, name: o.name })),
};

/** Every kind Keygate writes is a UUID; a target id of another shape names nothing that can be looked up. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const keyOf = (typename: string, organizationId: string, id: string) => `${typename}/${organizationId}/${id}`;

/**
 * The names of audit events' subjects, in the order asked, with one query per kind of subject among them
 * (however many events): what an audit page shows instead of ids.
 */
export async function nameAuditSubjects(
  prisma: PrismaClient,
  subjects: readonly AuditSubjectKey[],
): Promise<AuditSubjectName[]> {
  const byType = new Map<string, { organizationIds: Set<string>; ids: Set<string> }>();
  for (const { typename, organizationId, id } of subjects) {
    if (!(typename in FINDERS) || !UUID.test(id) || !UUID.test(organizationId)) continue;
    const wanted = byType.get(typename) ?? { organizationIds: new Set(), ids: new Set() };
    wanted.organizationIds.add(organizationId);
    wanted.ids.add(id);
    byType.set(typename, wanted);
  }
  const found = new Map<string, Found>();
  await Promise.all(
    [...byType].map(async ([typename, wanted]) => {
      const rows = await FINDERS[typename]!(prisma, [...wanted.organizationIds], [...wanted.ids]);
      for (const row of rows) found.set(keyOf(typename, row.organizationId, row.id), row);
    }),
  );
  return subjects.map(({ typename, organizationId, id }) => {
    const row = found.get(keyOf(typename, organizationId, id));
    return { name: row?.name ?? null, email: row?.email ?? null };
  });
}
