import type { AuditOutcome, Prisma, PrismaClient } from '../generated/prisma/client.js';
import { type AuditActor, type AuditEntry, appendAuditEvent, appendAuditEvents } from './audit.js';
import type { AuditEventBus } from './audit-bus.js';
import { type CacheTag, scopeOfTarget } from './credential-cache.js';
import { DomainError, PermissionDeniedError } from './errors.js';

export interface AuditedDeps {
  prisma: PrismaClient;
  auditBus: AuditEventBus;
  actor: AuditActor;
  /**
   * Told just before a change that may affect how existing credentials authenticate commits; the
   * returned function is called once it has committed or rolled back (see CredentialCache.beginChange).
   */
  credentialsChanging?: (affects: readonly CacheTag[]) => () => void;
  /** Told after such a change committed: every instance must forget what it cached of what it affects. */
  credentialsChanged?: (change: CredentialChange) => void;
}

/** A committed change that may affect how credentials authenticate, and what it affects. */
export interface CredentialChange {
  organizationId: string;
  action: string;
  affects: readonly CacheTag[];
}

export interface AuditedChange<T> {
  result: T;
  targetId: string;
  changes?: AuditEntry['changes'];
  /**
   * Who acted, when the change itself settles it (a person accepting an invitation becomes known), and in
   * which organization's log the event goes (a new organization's own). An attempt that fails is recorded
   * as `deps.actor` says.
   */
  actor?: Partial<AuditActor>;
  /**
   * What cached credentials the change affects, when its target does not say it all (credential-cache.ts,
   * scopeOfTarget); [] when it affects none. A creation affects nothing unless it says so.
   */
  affects?: readonly CacheTag[];
  /**
   * Events of the changes the operation is made of, written before its own event in the same transaction
   * and published with it: a bulk revocation's `token.revoked` for each token it ends.
   */
  events?: readonly Omit<AuditEntry, 'outcome'>[];
}

/**
 * Runs a state change and writes its audit event in one transaction: both commit or neither does. When the
 * change fails with an expected error or a denial, that attempt is recorded in a transaction of its own
 * (the change itself has rolled back) and the error is passed on.
 */
export async function audited<T>(
  deps: AuditedDeps,
  what: { action: string; targetType: string; targetId?: string | null },
  change: (tx: Prisma.TransactionClient) => Promise<AuditedChange<T>>,
): Promise<T> {
  // Creations cannot change how an existing credential authenticates unless they say so; everything else may.
  const creation = what.action.endsWith('.created');
  let eventIds: bigint[];
  let result: T;
  let actor = deps.actor;
  let affects: readonly CacheTag[] = [];
  let settled: (() => void) | undefined;
  try {
    ({ result, eventIds } = await deps.prisma.$transaction(async (tx) => {
      const done = await change(tx);
      actor = { ...deps.actor, ...done.actor };
      // The parts first, then the operation, in one statement.
      const written = await appendAuditEvents(tx, actor, [
        ...(done.events ?? []).map((entry) => ({ ...entry, outcome: 'SUCCESS' as const })),
        {
          action: what.action,
          outcome: 'SUCCESS',
          targetType: what.targetType,
          targetId: done.targetId,
          changes: done.changes ?? null,
        },
      ]);
      affects =
        done.affects ?? (creation ? [] : scopeOfTarget(actor.organizationId, what.targetType, done.targetId));
      // Last before COMMIT: from here until it is done this instance caches nothing the change affects.
      if (affects.length > 0) settled = deps.credentialsChanging?.(affects);
      return { result: done.result, eventIds: written.map((event) => event.id) };
    }));
  } catch (error) {
    settled?.();
    await recordRefusal(deps, what, error);
    throw error;
  }
  settled?.();
  // Other instances hear of it before subscribers hear of the event, so a subscriber the change shuts
  // out is checked afresh.
  if (affects.length > 0) {
    deps.credentialsChanged?.({ organizationId: actor.organizationId, action: what.action, affects });
  }
  for (const eventId of eventIds) publish({ ...deps, actor }, eventId, 'SUCCESS');
  return result;
}

/**
 * Records an act that changes nothing else in the database (an access token signed and handed out): its
 * event is the only write, so it is one statement that commits on its own, with no transaction around it
 * (no BEGIN and COMMIT round trips). The act is done before it is recorded; the caller hands out nothing
 * that was not recorded.
 */
export async function recorded<T>(deps: AuditedDeps, what: RecordedAct, done: RecordedResult<T>): Promise<T> {
  await writeRecord(deps, what, done);
  return done.result;
}

/**
 * `recorded`, with the event written only when `onlyIf` (a data-modifying statement, see
 * appendAuditEvents) answers a row, in the same statement: null when it answered none.
 */
export async function recordedIf<T>(
  deps: AuditedDeps,
  what: RecordedAct,
  done: RecordedResult<T>,
  onlyIf: Prisma.Sql,
): Promise<T | null> {
  return (await writeRecord(deps, what, done, onlyIf)) ? done.result : null;
}

type RecordedAct = { action: string; targetType: string };
type RecordedResult<T> = { result: T; targetId: string; changes?: AuditEntry['changes'] };

async function writeRecord<T>(
  deps: AuditedDeps,
  what: RecordedAct,
  done: RecordedResult<T>,
  onlyIf?: Prisma.Sql,
): Promise<boolean> {
  const [event] = await appendAuditEvents(
    deps.prisma,
    deps.actor,
    [
      {
        action: what.action,
        outcome: 'SUCCESS',
        targetType: what.targetType,
        targetId: done.targetId,
        changes: done.changes ?? null,
      },
    ],
    onlyIf,
  );
  if (!event) return false;
  publish(deps, event.id, 'SUCCESS');
  return true;
}

/**
 * Records an operation refused with an expected error (FAILED) or a denial (DENIED) as an event of its own,
 * as `audited` does for the changes it runs; anything else is not an attempt the log keeps.
 */
export async function recordRefusal(
  deps: AuditedDeps,
  what: { action: string; targetType: string; targetId?: string | null },
  error: unknown,
): Promise<void> {
  if (!(error instanceof DomainError || error instanceof PermissionDeniedError)) return;
  await recordAttempt(deps, {
    action: what.action,
    outcome: error instanceof PermissionDeniedError ? 'DENIED' : 'FAILED',
    targetType: what.targetType,
    targetId: what.targetId ?? null,
    changes: { code: error.code, reason: error.message },
  });
}

/**
 * Records an attempt that changed nothing (a denial or failure) as an event of its own. A burst of them
 * (a credential tried over and over) queues on its organization's chain head: such a write waits longer for
 * a connection than a change does, rather than failing the request that is being refused anyway.
 */
export async function recordAttempt(deps: AuditedDeps, entry: AuditEntry): Promise<void> {
  const event = await deps.prisma.$transaction((tx) => appendAuditEvent(tx, deps.actor, entry), {
    maxWait: ATTEMPT_WAIT_MS,
  });
  publish(deps, event.id, entry.outcome);
}

const ATTEMPT_WAIT_MS = 15_000;

function publish(deps: AuditedDeps, eventId: bigint, outcome: AuditOutcome): void {
  deps.auditBus.publish('auditEventAdded', deps.actor.organizationId, { id: eventId.toString(), outcome });
}
