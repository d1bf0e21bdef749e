import type { CredentialKind, Prisma } from '../generated/prisma/client.js';
import { type AuditedDeps, audited, recordRefusal } from './audited.js';
import {
  appKeySearch,
  type CredentialSearch,
  parseSearch,
  patSearch,
  tokenSearch,
} from './credential-search.js';
import { PermissionDeniedError, ValidationError } from './errors.js';
import { findIdentity } from './machine-identities.js';
import { assertGrantable, findMembership } from './members.js';
import type { Permission } from './permissions.js';
import { findProject } from './projects.js';
import type { Reaching } from './reach.js';
import { type RevocableWhere, revocationEvents, revokedTags, revokeWhere } from './revocations.js';

/*
 * Revoking many credentials at once, for an incident: every live personal access token of a member, token
 * of a machine identity, application key of a project, or whatever a filter selects in the organization.
 * Each call revokes at most BULK_REVOCATION_BATCH credentials, in one transaction with an event for each
 * and one for the operation, and says how many more match: call again until none remain. A bound keeps
 * the transaction short (Prisma's interactive transactions give up after 5 seconds) and the cache eviction
 * every instance hears of it one message of a known size.
 */

export const BULK_REVOCATION_BATCH = 1000;
export const REASON_MAX_LENGTH = 500;
const ACTION = 'credentials.bulk_revoked';
const KINDS: readonly CredentialKind[] = ['PERSONAL_ACCESS_TOKEN', 'TOKEN', 'APPLICATION_KEY'];

/** The permission that revokes each kind, as its single revoke needs it. */
export const REVOKE_PERMISSIONS: Record<CredentialKind, Permission> = {
  PERSONAL_ACCESS_TOKEN: 'pat:delete',
  TOKEN: 'token:revoke',
  APPLICATION_KEY: 'appkey:revoke',
};

/** Which live credentials of the organization to revoke; every criterion given must hold. */
export interface CredentialFilter {
  /** Only these kinds; default: every kind the other criteria can select. */
  kinds?: readonly CredentialKind[] | null;
  /** The personal access tokens of this member (a Membership id). */
  memberId?: string | null;
  /** The tokens of this machine identity. */
  identityId?: string | null;
  /** The keys of this project's applications. */
  projectId?: string | null;
  /** As the credential lists search (credential-search.ts). */
  search?: string | null;
  createdBefore?: Date | null;
  /** Last used before then, or never used and created before then (last use is kept a few seconds late). */
  lastUsedBefore?: Date | null;
  /** Revoke everything of the kinds: needed when no other criterion narrows the selection. */
  all?: boolean | null;
}

export interface BulkRevocationInput {
  filter: CredentialFilter;
  /** Why, for the audit log. */
  reason?: string | null;
  /** Count what this call would revoke, and revoke nothing. */
  dryRun?: boolean | null;
}

export interface BulkRevocation {
  dryRun: boolean;
  /** Revoked by this call (for a dry run: what it would revoke), by kind. */
  revoked: Record<CredentialKind, number>;
  /** Live credentials that match beyond this call's batch: call again for them. */
  remaining: number;
}

/** Who asks: what the request may do, and who it is (a person may revoke their own tokens). */
export interface BulkRevoker extends Reaching {
  kind: 'USER' | 'MACHINE_IDENTITY';
  actorId: string;
}

/** Owners that select one kind each: which kind, and the input field that names it. */
const OWNERS = [
  ['memberId', 'PERSONAL_ACCESS_TOKEN'],
  ['identityId', 'TOKEN'],
  ['projectId', 'APPLICATION_KEY'],
] as const;

interface Selection {
  where: Partial<RevocableWhere>;
  /** Live credentials of each kind that match, whatever the batch. */
  matching: Record<CredentialKind, number>;
  /** What the filter was, as the operation's event records it (raw ids, no secrets). */
  recorded: Prisma.InputJsonObject;
}

/**
 * Revokes the organization's live credentials that `input.filter` selects (not revoked, not expired; a
 * used-up token counts, since raising its limit would bring it back), BULK_REVOCATION_BATCH at most per
 * call. The filter must narrow the selection (or say `all`); the caller needs the revoke permission of each
 * kind the filter selects (a kind it may not revoke is refused, not skipped), `member:manage` for other
 * members' personal access tokens, and may end nothing its holder could not have been given (an admin
 * revokes no token of an owner-role identity). Refusals are recorded like every refused change; a dry run
 * changes nothing and records only a refusal.
 */
export async function revokeCredentials(
  deps: AuditedDeps,
  caller: BulkRevoker,
  input: BulkRevocationInput,
  now = new Date(),
): Promise<BulkRevocation> {
  const what = { action: ACTION, targetType: 'Organization', targetId: deps.actor.organizationId };
  if (input.dryRun) {
    try {
      return await deps.prisma.$transaction(async (tx) => {
        validateReason(input.reason);
        const selection = await select(tx, deps.actor.organizationId, caller, input.filter, now);
        return { dryRun: true, ...batchOf(selection.matching) };
      });
    } catch (error) {
      await recordRefusal(deps, what, error);
      throw error;
    }
  }
  return audited(deps, what, async (tx) => {
    const reason = validateReason(input.reason);
    const selection = await select(tx, deps.actor.organizationId, caller, input.filter, now);
    const batch = batchOf(selection.matching);
    const revoked = { PERSONAL_ACCESS_TOKEN: 0, TOKEN: 0, APPLICATION_KEY: 0 };
    const events: ReturnType<typeof revocationEvents> = [];
    const ids: string[] = [];
    for (const kind of KINDS) {
      const where = selection.where[kind];
      if (!where || batch.revoked[kind] === 0) continue;
      const ended = await revokeWhere(tx, kind, where, now, batch.revoked[kind]);
      revoked[kind] = ended.length;
      ids.push(...ended);
      events.push(...revocationEvents(kind, ended, { via: 'revokeCredentials', ...(reason && { reason }) }));
    }
    const counts = {
      personalAccessTokens: revoked.PERSONAL_ACCESS_TOKEN,
      tokens: revoked.TOKEN,
      applicationKeys: revoked.APPLICATION_KEY,
    };
    return {
      result: { dryRun: false, revoked, remaining: batch.remaining },
      targetId: deps.actor.organizationId,
      changes: {
        filter: selection.recorded,
        ...(reason && { reason }),
        revoked: counts,
        remaining: batch.remaining,
      },
      events,
      affects: revokedTags(ids),
    };
  });
}

/** This call's share of what matches: kind by kind, in order, up to the batch. */
function batchOf(matching: Record<CredentialKind, number>): Omit<BulkRevocation, 'dryRun'> {
  let budget = BULK_REVOCATION_BATCH;
  const revoked = { PERSONAL_ACCESS_TOKEN: 0, TOKEN: 0, APPLICATION_KEY: 0 };
  let remaining = 0;
  for (const kind of KINDS) {
    revoked[kind] = Math.min(matching[kind], budget);
    budget -= revoked[kind];
    remaining += matching[kind] - revoked[kind];
  }
  return { revoked, remaining };
}

function validateReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim() ?? '';
  if (trimmed.length > REASON_MAX_LENGTH) {
    throw new ValidationError('reason', `reason must be at most ${REASON_MAX_LENGTH} characters`);
  }
  return trimmed || null;
}

/** Which kinds the filter selects: those it names, or every kind its owner criterion (if any) allows. */
function kindsOf(filter: CredentialFilter): CredentialKind[] {
  const owners = OWNERS.filter(([field]) => filter[field]);
  if (owners.length > 1) {
    throw new ValidationError(
      'filter',
      'memberId, identityId and projectId each select another kind of credential: give at most one',
    );
  }
  const owner = owners[0];
  if (filter.kinds == null) return owner ? [owner[1]] : [...KINDS];
  const kinds = [...new Set(filter.kinds)];
  if (kinds.length === 0) throw new ValidationError('kinds', 'kinds must name at least one kind');
  if (owner && kinds.some((kind) => kind !== owner[1])) {
    throw new ValidationError('kinds', `${owner[0]} selects only ${owner[1]} credentials`);
  }
  return KINDS.filter((kind) => kinds.includes(kind));
}

/**
 * Checks the filter and the caller's permissions, and reads what the filter selects: where each kind's
 * credentials are, how many match, and whether the caller may end all of them.
 */
async function select(
  tx: Prisma.TransactionClient,
  organizationId: string,
  caller: BulkRevoker,
  filter: CredentialFilter,
  now: Date,
): Promise<Selection> {
  const kinds = kindsOf(filter);
  const search = filter.search != null ? parseSearch(filter.search) : null;
  const narrowed =
    OWNERS.some(([field]) => filter[field]) || search || filter.createdBefore || filter.lastUsedBefore;
  if (!narrowed && !filter.all) {
    throw new ValidationError(
      'filter',
      'name a member, identity or project, a search, createdBefore or lastUsedBefore; or all: true to ' +
        'revoke every live credential of the kinds',
    );
  }
  for (const kind of kinds) {
    if (!caller.permissions.has(REVOKE_PERMISSIONS[kind])) {
      throw new PermissionDeniedError(REVOKE_PERMISSIONS[kind]);
    }
  }
  const membership = filter.memberId ? await findMembership(tx, organizationId, filter.memberId) : null;
  const ownOnly = membership !== null && caller.kind === 'USER' && membership.userId === caller.actorId;
  if (kinds.includes('PERSONAL_ACCESS_TOKEN') && !ownOnly && !caller.permissions.has('member:manage')) {
    // A person's own tokens are theirs to end; anybody else's are a member manager's.
    throw new PermissionDeniedError('member:manage');
  }
  if (filter.identityId) await findIdentity(tx, organizationId, filter.identityId);
  if (filter.projectId) await findProject(tx, organizationId, filter.projectId);

  const createdAt = filter.createdBefore ? { lt: filter.createdBefore } : undefined;
  const unusedSince = (field: 'seenAt' | 'lastUsedAt') =>
    filter.lastUsedBefore
      ? {
          OR: [
            { [field]: { lt: filter.lastUsedBefore } },
            { [field]: null, createdAt: { lt: filter.lastUsedBefore } },
          ],
        }
      : {};
  const searched = <T>(match: (search: CredentialSearch) => T) => (search ? match(search) : {});
  const where: Partial<RevocableWhere> = {};
  if (kinds.includes('PERSONAL_ACCESS_TOKEN')) {
    where.PERSONAL_ACCESS_TOKEN = {
      organizationId,
      revokedAt: null,
      expiresAt: { gt: now },
      ...(membership && { userId: membership.userId }),
      createdAt,
      AND: [unusedSince('seenAt'), searched(patSearch)],
    };
  }
  if (kinds.includes('TOKEN')) {
    where.TOKEN = {
      organizationId,
      revokedAt: null,
      ...(filter.identityId && { identityId: filter.identityId }),
      createdAt,
      AND: [
        { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        unusedSince('lastUsedAt'),
        searched(tokenSearch),
      ],
    };
  }
  if (kinds.includes('APPLICATION_KEY')) {
    where.APPLICATION_KEY = {
      organizationId,
      revokedAt: null,
      expirationDate: { gt: now },
      ...(filter.projectId && { application: { projectId: filter.projectId } }),
      createdAt,
      AND: [unusedSince('lastUsedAt'), searched(appKeySearch)],
    };
  }
  await assertMayEndAll(tx, caller, organizationId, where, ownOnly);
  const matching = {
    PERSONAL_ACCESS_TOKEN: where.PERSONAL_ACCESS_TOKEN
      ? await tx.personalAccessToken.count({ where: where.PERSONAL_ACCESS_TOKEN })
      : 0,
    TOKEN: where.TOKEN ? await tx.token.count({ where: where.TOKEN }) : 0,
    APPLICATION_KEY: where.APPLICATION_KEY
      ? await tx.applicationKey.count({ where: where.APPLICATION_KEY })
      : 0,
  };
  return {
    where,
    matching,
    recorded: {
      kinds,
      ...(filter.memberId && { memberId: filter.memberId }),
      ...(filter.identityId && { identityId: filter.identityId }),
      ...(filter.projectId && { projectId: filter.projectId }),
      ...(filter.search != null && { search: filter.search }),
      ...(filter.createdBefore && { createdBefore: filter.createdBefore.toISOString() }),
      ...(filter.lastUsedBefore && { lastUsedBefore: filter.lastUsedBefore.toISOString() }),
      ...(filter.all && { all: true }),
    },
  };
}

/**
 * Refuses the whole revocation when it would end a credential of someone the caller could not have given
 * their role and grants: a machine identity's token, or another member's personal access token (the rule
 * each single revoke, and removeMember, follow).
 */
async function assertMayEndAll(
  tx: Prisma.TransactionClient,
  caller: BulkRevoker,
  organizationId: string,
  where: Partial<RevocableWhere>,
  ownOnly: boolean,
): Promise<void> {
  if (where.TOKEN) {
    const holders = await tx.machineIdentity.findMany({
      where: { organizationId, tokens: { some: where.TOKEN } },
      select: { role: true, permissions: true },
    });
    for (const identity of holders) assertGrantable(caller, identity.role, identity.permissions);
  }
  if (where.PERSONAL_ACCESS_TOKEN && !ownOnly) {
    const holders = await tx.membership.findMany({
      where: { organizationId, user: { personalAccessTokens: { some: where.PERSONAL_ACCESS_TOKEN } } },
      select: { role: true, permissions: true },
    });
    for (const member of holders) assertGrantable(caller, member.role, member.permissions);
  }
}
