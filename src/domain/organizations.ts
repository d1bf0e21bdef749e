import { randomUUID } from 'node:crypto';
import type { OrganizationLifecycleSettings } from '../config.js';
import type {
  CredentialPolicyAction,
  Organization,
  Prisma,
  PrismaClient,
  Role,
} from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import { type AuditedDeps, audited } from './audited.js';
import type { Principal } from './authenticate.js';
import { LimitReachedError, NotFoundError, PermissionDeniedError, ValidationError } from './errors.js';
import { isAudience } from './scopes.js';

/*
 * Organizations and their life: created by a person (who becomes its owner), renamed and configured,
 * suspended and resumed, deleted and, after a retention period, purged. Whether an organization's
 * credentials work is decided where credentials are checked (authenticate.ts, client-assertions.ts,
 * access-tokens.ts), from `suspendedAt` and `deletedAt`; suspending, resuming and deleting are audited
 * against the organization itself (target Organization), which evicts every cached credential of it on
 * every instance.
 */

const DAY_MS = 86_400_000;

export interface OrganizationSettings {
  name?: string | null;
  patMaxLifetimeDays?: number | null;
  patLimitPerUser?: number | null;
  appKeyDefaultLifetimeDays?: number | null;
  /** 0 turns retention off (events are kept for ever). */
  auditRetentionDays?: number | null;
  /** Audiences an exchanged access token may name (absolute URIs). */
  exchangeAudiences?: readonly string[] | null;
  /** Lifetime of an exchanged access token, in seconds. */
  exchangeTokenLifetime?: number | null;
  /** Days before expiry a credential's owner is warned, each once (at most 5, each 1 to 365). */
  expiryWarningDays?: readonly number[] | null;
  /** Days unused after which the inactivity policy catches a credential; 0 or null turns it off. */
  inactivityDays?: number | null;
  inactivityAction?: CredentialPolicyAction | null;
  leakAction?: CredentialPolicyAction | null;
  /** Longest lifetime of a machine identity's token, in days; 0 or null removes the cap. */
  tokenMaxLifetimeDays?: number | null;
  /** Longest lifetime of an application key, in days; 0 or null removes the cap. */
  appKeyMaxLifetimeDays?: number | null;
}

/** The longest any credential lifetime or inactivity period may be set to: about ten years. */
const POLICY_MAX_DAYS = 3660;

/** A whole number setting from `min` to `max`, or a ValidationError naming `field`. */
export function within(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, `${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function snapshot(organization: Organization) {
  const {
    name,
    patMaxLifetimeDays,
    patLimitPerUser,
    appKeyDefaultLifetimeDays,
    auditRetentionDays,
    exchangeAudiences,
    exchangeTokenLifetime,
    expiryWarningDays,
    inactivityDays,
    inactivityAction,
    leakAction,
    tokenMaxLifetimeDays,
    appKeyMaxLifetimeDays,
  } = organization;
  return {
    expiryWarningDays,
    inactivityDays,
    inactivityAction,
    leakAction,
    tokenMaxLifetimeDays,
    appKeyMaxLifetimeDays,
    name,
    patMaxLifetimeDays,
    patLimitPerUser,
    appKeyDefaultLifetimeDays,
    auditRetentionDays,
    exchangeAudiences,
    exchangeTokenLifetime,
  };
}

/**
 * Audiences (RFC 8707 resources) as Keygate keeps them: absolute http(s) URIs without a fragment, or
 * `urn:` names, at most 20, each at most 200 characters.
 */
export function validateAudiences(field: string, audiences: readonly string[]): string[] {
  if (audiences.length > 20) throw new ValidationError(field, `${field}: at most 20`);
  return [
    ...new Set(
      audiences.map((audience) => {
        const value = audience.trim();
        if (!isAudience(value)) {
          throw new ValidationError(
            field,
            `${field}: "${value.slice(0, 64)}" is not an absolute https URI (or a urn:) without a fragment`,
          );
        }
        return value;
      }),
    ),
  ];
}

/** An organization's name as Keygate keeps it: trimmed, 1 to 100 characters. */
export function validateOrganizationName(name: string, field = 'name'): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100)
    throw new ValidationError(field, `${field} must be 1 to 100 characters`);
  return trimmed;
}

/** Changes the organization's name and credential policies; omitted settings stay as they are. */
export async function updateOrganization(
  deps: AuditedDeps,
  input: OrganizationSettings,
): Promise<Organization> {
  const id = deps.actor.organizationId;
  return audited(
    deps,
    { action: 'organization.updated', targetType: 'Organization', targetId: id },
    async (tx) => {
      const before = await tx.organization.findUniqueOrThrow({ where: { id } });
      const data: Partial<Organization> = {};
      if (input.name != null) data.name = validateOrganizationName(input.name);
      if (input.patMaxLifetimeDays != null)
        data.patMaxLifetimeDays = within('patMaxLifetimeDays', input.patMaxLifetimeDays, 1, 3660);
      if (input.patLimitPerUser != null)
        data.patLimitPerUser = within('patLimitPerUser', input.patLimitPerUser, 1, 10_000);
      if (input.appKeyDefaultLifetimeDays != null) {
        data.appKeyDefaultLifetimeDays = within(
          'appKeyDefaultLifetimeDays',
          input.appKeyDefaultLifetimeDays,
          1,
          3660,
        );
      }
      if (input.auditRetentionDays != null) {
        const days = within('auditRetentionDays', input.auditRetentionDays, 0, 36_600);
        data.auditRetentionDays = days === 0 ? null : days;
      }
      if (input.exchangeAudiences != null) {
        data.exchangeAudiences = validateAudiences('exchangeAudiences', input.exchangeAudiences);
      }
      if (input.exchangeTokenLifetime != null) {
        data.exchangeTokenLifetime = within('exchangeTokenLifetime', input.exchangeTokenLifetime, 60, 86_400);
      }
      if (input.expiryWarningDays != null) {
        if (input.expiryWarningDays.length > 5) {
          throw new ValidationError('expiryWarningDays', 'expiryWarningDays: at most 5 entries');
        }
        const days = input.expiryWarningDays.map((d) => within('expiryWarningDays', d, 1, 365));
        data.expiryWarningDays = [...new Set(days)].sort((a, b) => b - a);
      }
      // Unlike the other settings, an explicit null here is a value: like 0, it turns the policy or cap off.
      if (input.inactivityDays !== undefined) {
        const days = within('inactivityDays', input.inactivityDays ?? 0, 0, POLICY_MAX_DAYS);
        data.inactivityDays = days === 0 ? null : days;
      }
      if (input.inactivityAction != null) data.inactivityAction = input.inactivityAction;
      if (input.leakAction != null) data.leakAction = input.leakAction;
      if (input.tokenMaxLifetimeDays !== undefined) {
        const days = within('tokenMaxLifetimeDays', input.tokenMaxLifetimeDays ?? 0, 0, POLICY_MAX_DAYS);
        data.tokenMaxLifetimeDays = days === 0 ? null : days;
      }
      if (input.appKeyMaxLifetimeDays !== undefined) {
        const days = within('appKeyMaxLifetimeDays', input.appKeyMaxLifetimeDays ?? 0, 0, POLICY_MAX_DAYS);
        data.appKeyMaxLifetimeDays = days === 0 ? null : days;
      }
      const after = await tx.organization.update({ where: { id }, data });
      return { result: after, targetId: id, changes: { before: snapshot(before), after: snapshot(after) } };
    },
  );
}

/** One organization a person belongs to, as they see it from wherever they act. */
export interface OrganizationOfViewer {
  id: string;
  name: string;
  role: Role;
  suspended: boolean;
  /** Whether it is the organization the request acts in. */
  current: boolean;
}

/**
 * The organizations a credential's owner belongs to, by name, deleted ones never: all of a person's
 * memberships for a token that may act in each of them, and only its own organization for one that acts
 * only there (a bound personal access token, a machine identity's token), so that no credential shows a
 * view broader than it may use.
 */
export async function organizationsOf(
  prisma: PrismaClient,
  viewer: Principal,
): Promise<OrganizationOfViewer[]> {
  const listed = (organization: { id: string; name: string; suspendedAt: Date | null }, role: Role) => ({
    id: organization.id,
    name: organization.name,
    role,
    suspended: organization.suspendedAt !== null,
    current: organization.id === viewer.organizationId,
  });
  if (viewer.kind === 'MACHINE_IDENTITY') {
    const organization = await prisma.organization.findFirst({
      where: { id: viewer.organizationId, deletedAt: null },
      select: { id: true, name: true, suspendedAt: true },
    });
    return organization ? [listed(organization, viewer.role)] : [];
  }
  const memberships = await prisma.membership.findMany({
    where: {
      userId: viewer.actorId,
      ...(viewer.reach.organizationBound ? { organizationId: viewer.organizationId } : {}),
      organization: { deletedAt: null },
    },
    select: { role: true, organization: { select: { id: true, name: true, suspendedAt: true } } },
    orderBy: [{ organization: { name: 'asc' } }, { organizationId: 'asc' }],
  });
  return memberships.map((membership) => listed(membership.organization, membership.role));
}

/**
 * Creates an organization with the calling person as its owner (a membership like any other, named as
 * the person was first known). The operator decides who may (KEYGATE_ORGANIZATION_CREATION) and how many
 * one person may own. The event goes into the new organization's own log; a refusal is recorded in the
 * caller's. The caller's tokens that are not bound to an organization may act in the new one at once.
 */
export async function createOrganization(
  deps: AuditedDeps,
  caller: Principal,
  settings: OrganizationLifecycleSettings,
  input: { name: string },
): Promise<OrganizationOfViewer> {
  const id = randomUUID();
  return audited(deps, { action: 'organization.created', targetType: 'Organization' }, async (tx) => {
    if (caller.kind !== 'USER') {
      throw new PermissionDeniedError('a personal access token', 'only a person creates organizations');
    }
    if (settings.creation === 'nobody') {
      throw new PermissionDeniedError(
        'organization creation',
        'organizations are created by the operator of this Keygate',
      );
    }
    const name = validateOrganizationName(input.name);
    // One person's creations one at a time, so that concurrent ones cannot pass the limit together.
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${caller.actorId}::uuid FOR UPDATE`;
    const owned = await tx.membership.count({
      where: { userId: caller.actorId, role: 'OWNER', organization: { deletedAt: null } },
    });
    if (settings.creation === 'owners' && owned === 0) {
      throw new PermissionDeniedError(
        'organization creation',
        'only people who own an organization may create one here',
      );
    }
    if (owned >= settings.maxOwnedPerPerson) {
      throw new LimitReachedError(
        `a person may own at most ${settings.maxOwnedPerPerson} organizations`,
        settings.maxOwnedPerPerson,
      );
    }
    const user = await tx.user.findUniqueOrThrow({ where: { id: caller.actorId } });
    const organization = await tx.organization.create({ data: { id, name } });
    const membership = await tx.membership.create({
      data: { organizationId: id, userId: user.id, name: user.name, role: 'OWNER' },
    });
    return {
      result: { id, name, role: membership.role, suspended: false, current: false },
      targetId: id,
      actor: { organizationId: id },
      // The person's tokens may now act in it.
      affects: [`user:${user.id}`],
      changes: {
        after: { name: organization.name, ownerEmail: user.email, membershipId: membership.id },
      },
    };
  });
}

/** The organization the request acts in, locked for the change (one life change at a time). */
async function lockOrganization(tx: Prisma.TransactionClient, id: string): Promise<Organization> {
  await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${id}::uuid FOR UPDATE`;
  const organization = await tx.organization.findUnique({ where: { id } });
  // Deleted while this request was under way.
  if (!organization || organization.deletedAt) throw new NotFoundError('Organization');
  return organization;
}

function lifeOf(organization: Organization) {
  return {
    suspendedAt: organization.suspendedAt?.toISOString() ?? null,
    suspendedReason: organization.suspendedReason,
    deletedAt: organization.deletedAt?.toISOString() ?? null,
  };
}

/**
 * Suspends the organization the request acts in: from the commit on, no credential of it works anywhere
 * (authenticate.ts), except that an owner's personal access token may still resume it. Nothing is
 * revoked: resuming brings every credential back as it was.
 */
export async function suspendOrganization(
  deps: AuditedDeps,
  input: { reason?: string | null },
): Promise<Organization> {
  const id = deps.actor.organizationId;
  return audited(
    deps,
    { action: 'organization.suspended', targetType: 'Organization', targetId: id },
    async (tx) => {
      const reason = validateReason(input.reason);
      const before = await lockOrganization(tx, id);
      const after = await tx.organization.update({
        where: { id },
        data: { suspendedAt: before.suspendedAt ?? new Date(), suspendedReason: reason },
      });
      return { result: after, targetId: id, changes: { before: lifeOf(before), after: lifeOf(after) } };
    },
  );
}

/** Ends a suspension: the organization's credentials work again, each as it was. */
export async function resumeOrganization(
  deps: AuditedDeps,
  input: { reason?: string | null },
): Promise<Organization> {
  const id = deps.actor.organizationId;
  return audited(
    deps,
    { action: 'organization.resumed', targetType: 'Organization', targetId: id },
    async (tx) => {
      const reason = validateReason(input.reason);
      const before = await lockOrganization(tx, id);
      const after = await tx.organization.update({
        where: { id },
        data: { suspendedAt: null, suspendedReason: null },
      });
      return {
        result: after,
        targetId: id,
        changes: { before: lifeOf(before), after: lifeOf(after), ...(reason ? { reason } : {}) },
      };
    },
  );
}

/** Why a suspension began or ended, as the owner says it: trimmed, at most 500 characters, empty: none. */
function validateReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim();
  if (!trimmed) return null;
  if (trimmed.length > 500) throw new ValidationError('reason', 'reason must be at most 500 characters');
  return trimmed;
}

/**
 * Deletes the organization the request acts in, once `confirmName` repeats its name: from the commit on
 * it is gone for everyone (its credentials are not found, its id answers like a missing one), with no
 * owner's exception. Its rows, audit log included, are purged after the retention period
 * (`purgeDeletedOrganizations`); the deletion's own event is in the log before that and reaches its
 * webhooks as any event does.
 */
export async function deleteOrganization(
  services: Pick<Services, 'config' | 'jobs' | 'logger'>,
  deps: AuditedDeps,
  input: { confirmName: string },
): Promise<Organization> {
  const id = deps.actor.organizationId;
  const { deletedRetentionDays } = services.config.organizations;
  const deleted = await audited(
    deps,
    { action: 'organization.deleted', targetType: 'Organization', targetId: id },
    async (tx) => {
      const before = await lockOrganization(tx, id);
      if (input.confirmName !== before.name) {
        throw new ValidationError('confirmName', "confirmName must be the organization's name, exactly");
      }
      const deletedAt = new Date();
      const after = await tx.organization.update({ where: { id }, data: { deletedAt } });
      const purgeAfter = new Date(deletedAt.getTime() + deletedRetentionDays * DAY_MS);
      return {
        result: after,
        targetId: id,
        changes: {
          before: { name: before.name, ...lifeOf(before) },
          after: lifeOf(after),
          purgeAfter: purgeAfter.toISOString(),
        },
      };
    },
  );
  // With no retention the purge need not wait for its schedule; if this is lost, the schedule catches up.
  if (deletedRetentionDays === 0 && services.jobs.running) {
    await services.jobs.send(PURGE_JOB, {}).catch((error: unknown) => {
      services.logger.warn({ err: error }, 'could not queue the purge of a deleted organization');
    });
  }
  return deleted;
}

/** The queue of src/jobs/purge-deleted-organizations.ts. */
export const PURGE_JOB = 'organization-purge';
/** Deleted organizations one run purges at most; the next run takes the rest. */
const PURGE_ORGANIZATIONS_PER_RUN = 20;
/** Rows one statement deletes, so that purging a large organization never runs into the statement timeout. */
const PURGE_BATCH = 5_000;

/**
 * Purges the organizations deleted at least KEYGATE_DELETED_ORGANIZATION_RETENTION_DAYS before `now`:
 * every row of theirs, audit log included (nothing records the purge but the log line: the log it would
 * go in is the one purged). One whose webhooks are still owed events (its deletion's among them: an
 * endpoint's cursor behind its log, a delivery pending or retrying) waits for a later run, at most as
 * long as a delivery retries. People stay: they may belong elsewhere. Returns the ids purged.
 */
export async function purgeDeletedOrganizations(
  services: Pick<Services, 'prisma' | 'auditLog' | 'config' | 'logger'>,
  now: Date,
): Promise<string[]> {
  const { prisma } = services;
  const cutoff = new Date(now.getTime() - services.config.organizations.deletedRetentionDays * DAY_MS);
  const due = await prisma.organization.findMany({
    where: { deletedAt: { lte: cutoff } },
    select: { id: true },
    orderBy: { deletedAt: 'asc' },
    take: PURGE_ORGANIZATIONS_PER_RUN,
  });
  if (due.length === 0) return [];
  // Their last events in the tree first, where the webhook fan-out takes them from.
  await services.auditLog.seal();
  const purged: string[] = [];
  for (const { id } of due) {
    if (await webhooksOwed(prisma, id)) continue;
    await purgeOrganization(prisma, id);
    services.logger.info({ organizationId: id }, 'purged a deleted organization');
    purged.push(id);
  }
  return purged;
}

async function webhooksOwed(prisma: PrismaClient, organizationId: string): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ owed: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "WebhookEndpoint" e
      LEFT JOIN "AuditTree" t ON t."organizationId" = e."organizationId"
      WHERE e."organizationId" = ${organizationId}::uuid AND e."enabled"
        AND e."cursor" < COALESCE(t."size", 0)
    ) OR EXISTS (
      SELECT 1 FROM "WebhookDelivery" d
      WHERE d."status" IN ('PENDING', 'RETRYING') AND d."endpointId" IN (
        SELECT id FROM "WebhookEndpoint" WHERE "organizationId" = ${organizationId}::uuid)
    ) AS owed`;
  return row?.owed ?? false;
}

/**
 * Deletes a deleted organization's rows: the ones that grow with use in batches, then the organization,
 * whose cascade takes the rest. Each statement commits on its own: a run cut short leaves the organization
 * deleted (and invisible) for the next run to finish.
 */
async function purgeOrganization(prisma: PrismaClient, id: string): Promise<void> {
  // First the tree's head, so that no checkpoint run takes up a log whose nodes are going.
  await prisma.auditTree.deleteMany({ where: { organizationId: id } });
  const batches = [
    () => prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE ctid IN (
      SELECT ctid FROM "AuditEvent" WHERE "organizationId" = ${id}::uuid LIMIT ${PURGE_BATCH})`,
    () => prisma.$executeRaw`DELETE FROM "AuditTreeNode" WHERE ctid IN (
      SELECT ctid FROM "AuditTreeNode" WHERE "organizationId" = ${id}::uuid LIMIT ${PURGE_BATCH})`,
    () => prisma.$executeRaw`DELETE FROM "WebhookDelivery" WHERE ctid IN (
      SELECT d.ctid FROM "WebhookDelivery" d
      WHERE d."endpointId" IN (SELECT e.id FROM "WebhookEndpoint" e WHERE e."organizationId" = ${id}::uuid)
      LIMIT ${PURGE_BATCH})`,
    // Their secrets go with them (CredentialSecret cascades).
    () => prisma.$executeRaw`DELETE FROM "Token" WHERE ctid IN (
      SELECT ctid FROM "Token" WHERE "organizationId" = ${id}::uuid LIMIT ${PURGE_BATCH})`,
    () => prisma.$executeRaw`DELETE FROM "PersonalAccessToken" WHERE ctid IN (
      SELECT ctid FROM "PersonalAccessToken" WHERE "organizationId" = ${id}::uuid LIMIT ${PURGE_BATCH})`,
  ];
  for (const batch of batches) while ((await batch()) === PURGE_BATCH) {}
  // Kept by jti, with no relation to cascade along.
  await prisma.revokedAccessToken.deleteMany({ where: { organizationId: id } });
  await prisma.organization.deleteMany({ where: { id, deletedAt: { not: null } } });
}
