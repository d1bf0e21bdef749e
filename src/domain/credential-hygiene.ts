import type { CredentialKind, Organization, Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import { revokeAppKey } from './application-keys.js';
import { appendAuditEvent, systemActor } from './audit.js';
import type { AuditedDeps } from './audited.js';
import { PERMISSIONS } from './permissions.js';
import { revokePersonalAccessToken } from './personal-access-tokens.js';
import type { Reaching } from './reach.js';
import { revokeToken } from './tokens.js';

const DAY_MS = 86_400_000;
/** Rows read per query, so a large organization is walked in pages rather than loaded at once. */
export const HYGIENE_BATCH_SIZE = 500;
/**
 * How long after expiry a credential still gets its `expired` notice: the first run after the feature
 * shipped (or after an outage) tells of recent expiries, not of every credential that ever lapsed.
 */
export const EXPIRED_LOOK_BACK_DAYS = 30;

export interface HygieneReport {
  expiring: number;
  expired: number;
  unused: number;
  revoked: number;
}

/** One credential as the policies see it, whatever its kind. */
interface Candidate {
  kind: CredentialKind;
  id: string;
  expiresAt: Date | null;
  /** Last authentication (a PAT's `seenAt`); null if never. */
  lastUsedAt: Date | null;
  createdAt: Date;
  /** The owner of a personal access token, which revokePersonalAccessToken needs. */
  userId?: string;
}

/** What a page of candidates is chosen by; every query also skips revoked credentials. */
type Selection = { expiresAfter: Date; expiresBy: Date } | { unusedSince: Date; liveAt: Date };

/** The audit target type of each kind, as the kind's own events name it. */
const TARGET_TYPES: Record<CredentialKind, string> = {
  PERSONAL_ACCESS_TOKEN: 'PersonalAccessToken',
  TOKEN: 'Token',
  APPLICATION_KEY: 'ApplicationKey',
};
const KINDS: readonly CredentialKind[] = ['PERSONAL_ACCESS_TOKEN', 'TOKEN', 'APPLICATION_KEY'];

/**
 * Keygate acting on its own: it may revoke any credential of the organization (revokeToken checks that
 * the caller could grant the identity's role) and is bounded by no credential's end.
 */
const SYSTEM_CALLER: Reaching = {
  permissions: new Set(PERMISSIONS),
  reach: { organizationBound: true, until: null },
};

/**
 * The scheduled credential hygiene: warns of credentials about to expire (once per threshold in the
 * organization's `expiryWarningDays`), tells of those that expired, and applies the inactivity policy
 * (revoke, or report once). `now` is the job engine's clock: every decision is taken against it. Each
 * notice is written with its audit event in one transaction, so a crash never loses or repeats one.
 */
export async function runCredentialHygiene(services: Services, now: Date): Promise<HygieneReport> {
  const report: HygieneReport = { expiring: 0, expired: 0, unused: 0, revoked: 0 };
  let after: string | undefined;
  for (;;) {
    const organizations: Organization[] = await services.prisma.organization.findMany({
      // A suspended organization is left as it is (nothing of it works, so nothing of it is used: the
      // inactivity policy would revoke what resuming should bring back); a deleted one is on its way out.
      where: { suspendedAt: null, deletedAt: null, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: HYGIENE_BATCH_SIZE,
    });
    for (const organization of organizations) {
      for (const kind of KINDS) await sweep(services, organization, kind, now, report);
    }
    if (organizations.length < HYGIENE_BATCH_SIZE) return report;
    after = organizations.at(-1)?.id;
  }
}

async function sweep(
  services: Services,
  organization: Organization,
  kind: CredentialKind,
  now: Date,
  report: HygieneReport,
): Promise<void> {
  const thresholds = [...new Set(organization.expiryWarningDays)].sort((a, b) => a - b);
  const largest = thresholds.at(-1);
  if (largest !== undefined) {
    const expiresBy = new Date(now.getTime() + largest * DAY_MS);
    for await (const credential of candidates(services.prisma, organization.id, kind, {
      expiresAfter: now,
      expiresBy,
    })) {
      if (await warnOfExpiry(services, organization.id, credential, thresholds, now)) report.expiring++;
    }
  }
  const lookBack = new Date(now.getTime() - EXPIRED_LOOK_BACK_DAYS * DAY_MS);
  for await (const credential of candidates(services.prisma, organization.id, kind, {
    expiresAfter: lookBack,
    expiresBy: now,
  })) {
    const expiresAt = credential.expiresAt!;
    const given = await giveNotice(services, organization.id, credential, ['expired'], {
      action: 'credential.expired',
      changes: { kind, expiresAt: expiresAt.toISOString() },
    });
    if (given) report.expired++;
  }
  if (organization.inactivityDays) {
    const unusedSince = new Date(now.getTime() - organization.inactivityDays * DAY_MS);
    for await (const credential of candidates(services.prisma, organization.id, kind, {
      unusedSince,
      liveAt: now,
    })) {
      const caught = await applyInactivity(services, organization, credential, now);
      if (caught === 'revoked') report.revoked++;
      if (caught) report.unused++;
    }
  }
}

/**
 * Gives the smallest threshold the credential has crossed, and marks the larger ones as given too: a
 * credential first seen 12 hours before its end gets the 1-day warning only, never a stale 7-day one later.
 */
async function warnOfExpiry(
  services: Services,
  organizationId: string,
  credential: Candidate,
  thresholds: readonly number[],
  now: Date,
): Promise<boolean> {
  const left = credential.expiresAt!.getTime() - now.getTime();
  const crossed = thresholds.filter((days) => left <= days * DAY_MS);
  const threshold = crossed[0];
  if (threshold === undefined) return false;
  return giveNotice(
    services,
    organizationId,
    credential,
    crossed.map((days) => `expiring:${days}`),
    {
      action: 'credential.expiring',
      changes: {
        kind: credential.kind,
        expiresAt: credential.expiresAt!.toISOString(),
        daysLeft: Math.ceil(left / DAY_MS),
        threshold,
      },
    },
  );
}

async function applyInactivity(
  services: Services,
  organization: Organization,
  credential: Candidate,
  now: Date,
): Promise<'revoked' | 'reported' | null> {
  const action = organization.inactivityAction === 'REVOKE' ? 'revoked' : 'reported';
  if (action === 'revoked') await revoke(services, organization.id, credential, now);
  const given = await giveNotice(services, organization.id, credential, ['unused'], {
    action: 'credential.unused',
    changes: {
      kind: credential.kind,
      lastUsedAt: credential.lastUsedAt?.toISOString() ?? null,
      inactivityDays: organization.inactivityDays,
      action,
    },
  });
  // A revoked credential is caught even if a report of it was given before the policy turned to REVOKE.
  return action === 'revoked' || given ? action : null;
}

/** Revokes through the kind's own revocation, so caches are told and its `*.revoked` event is written. */
async function revoke(services: Services, organizationId: string, credential: Candidate, now: Date) {
  const deps: AuditedDeps = {
    prisma: services.prisma,
    auditBus: services.auditBus,
    actor: systemActor(organizationId),
    credentialsChanged: (change) => services.credentialsChanged(change),
  };
  if (credential.kind === 'PERSONAL_ACCESS_TOKEN') {
    await revokePersonalAccessToken(deps, { userId: credential.userId!, organizationId }, credential.id, now);
  } else if (credential.kind === 'TOKEN') {
    await revokeToken(deps, SYSTEM_CALLER, credential.id, now);
  } else {
    await revokeAppKey(deps, credential.id, now);
  }
}

/**
 * Records `notices` of a credential and one audit event for the first of them, in one transaction, unless
 * the first was given already (by an earlier run, or a concurrent one: the primary key settles the race).
 * The event is published after commit, as audited() does: webhooks are sent from it.
 */
async function giveNotice(
  services: Services,
  organizationId: string,
  credential: Candidate,
  notices: readonly string[],
  event: { action: string; changes: Prisma.InputJsonObject },
): Promise<boolean> {
  const actor = systemActor(organizationId);
  const [first, ...others] = notices;
  if (!first) return false;
  const rows = (notice: string) => ({
    organizationId,
    credentialKind: credential.kind,
    credentialId: credential.id,
    notice,
  });
  const eventId = await services.prisma.$transaction(async (tx) => {
    const created = await tx.credentialNotice.createMany({ data: [rows(first)], skipDuplicates: true });
    if (created.count === 0) return null;
    if (others.length > 0) {
      await tx.credentialNotice.createMany({ data: others.map(rows), skipDuplicates: true });
    }
    const written = await appendAuditEvent(tx, actor, {
      action: event.action,
      outcome: 'SUCCESS',
      targetType: TARGET_TYPES[credential.kind],
      targetId: credential.id,
      changes: event.changes,
    });
    return written.id;
  });
  if (eventId === null) return false;
  services.auditBus.publish('auditEventAdded', organizationId, {
    id: eventId.toString(),
    outcome: 'SUCCESS',
  });
  return true;
}

/**
 * The organization's unrevoked credentials of one kind that `selection` picks, in pages of
 * HYGIENE_BATCH_SIZE by id. Each kind is read through its `organizationId` index; an index on
 * (organizationId, expiry) WHERE revokedAt IS NULL would let a large organization skip the rest.
 */
async function* candidates(
  prisma: PrismaClient,
  organizationId: string,
  kind: CredentialKind,
  selection: Selection,
): AsyncGenerator<Candidate> {
  let after: string | undefined;
  for (;;) {
    const page = await readPage(prisma, organizationId, kind, selection, after);
    yield* page;
    if (page.length < HYGIENE_BATCH_SIZE) return;
    after = page.at(-1)?.id;
  }
}

async function readPage(
  prisma: PrismaClient,
  organizationId: string,
  kind: CredentialKind,
  selection: Selection,
  after: string | undefined,
): Promise<Candidate[]> {
  const page = { orderBy: { id: 'asc' as const }, take: HYGIENE_BATCH_SIZE };
  const base = { organizationId, revokedAt: null, ...(after ? { id: { gt: after } } : {}) };
  const expiring = 'expiresBy' in selection ? { gt: selection.expiresAfter, lte: selection.expiresBy } : null;
  // Last use, or creation for a credential never used, older than the policy allows; an expired one has
  // stopped by itself and is left alone.
  const unused = (field: 'seenAt' | 'lastUsedAt') =>
    'unusedSince' in selection
      ? {
          OR: [
            { [field]: { lt: selection.unusedSince } },
            { [field]: null, createdAt: { lt: selection.unusedSince } },
          ],
        }
      : {};
  const liveAt = 'liveAt' in selection ? { gt: selection.liveAt } : undefined;
  if (kind === 'PERSONAL_ACCESS_TOKEN') {
    const rows = await prisma.personalAccessToken.findMany({
      ...page,
      where: { ...base, ...unused('seenAt'), expiresAt: expiring ?? liveAt },
      select: { id: true, userId: true, expiresAt: true, seenAt: true, createdAt: true },
    });
    return rows.map(({ seenAt, ...row }) => ({ kind, ...row, lastUsedAt: seenAt }));
  }
  if (kind === 'TOKEN') {
    const rows = await prisma.token.findMany({
      ...page,
      where: {
        ...base,
        ...(expiring ? { expiresAt: expiring } : {}),
        AND: [unused('lastUsedAt'), liveAt ? { OR: [{ expiresAt: null }, { expiresAt: liveAt }] } : {}],
      },
      select: { id: true, expiresAt: true, lastUsedAt: true, createdAt: true },
    });
    return rows.map((row) => ({ kind, ...row }));
  }
  const rows = await prisma.applicationKey.findMany({
    ...page,
    where: { ...base, ...unused('lastUsedAt'), expirationDate: expiring ?? liveAt },
    select: { id: true, expirationDate: true, lastUsedAt: true, createdAt: true },
  });
  return rows.map(({ expirationDate, ...row }) => ({ kind, ...row, expiresAt: expirationDate }));
}
