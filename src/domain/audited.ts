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
  /** Who acted, when the change itself settles it (a person accepting an invitation becomes known). */
  actor?: Partial<AuditActor>;
  /**
   * What cached credentials the change affects, when its target does not say it all (credential-cache.ts,
   * scopeOfTarget); [] when it affects none.
   */
  affects?: readonly CacheTag[];
  /**
   * Events of the change beside its own, for a bulk change: one per object it touched, written in its
   * transaction before the event of the whole change (whose action, target and changes sum them up).
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
  // Creations cannot change how an existing credential authenticates; everything else may.
  const affectsCredentials = !what.action.endsWith('.created');
  let eventId: bigint;
  let eventIds: bigint[] = [];
  let result: T;
  let affects: readonly CacheTag[] = [];
  let settled: (() => void) | undefined;
  try {
    ({ result, eventId, eventIds } = await deps.prisma.$transaction(async (tx) => {
      const done = await change(tx);
      const each = await appendAuditEvents(
        tx,
        { ...deps.actor, ...done.actor },
        (done.events ?? []).map((entry) => ({ ...entry, outcome: 'SUCCESS' as const })),
      );
      const event = await appendAuditEvent(
        tx,
        { ...deps.actor, ...done.actor },
        {
          action: what.action,
          outcome: 'SUCCESS',
          targetType: what.targetType,
          targetId: done.targetId,
          changes: done.changes ?? null,
        },
      );
      affects = done.affects ?? scopeOfTarget(deps.actor.organizationId, what.targetType, done.targetId);
      // Last before COMMIT: from here until it is done this instance caches nothing the change affects.
      if (affectsCredentials && affects.length > 0) settled = deps.credentialsChanging?.(affects);
      return { result: done.result, eventId: event.id, eventIds: each.map((written) => written.id) };
    }));
  } catch (error) {
    settled?.();
    if (error instanceof DomainError || error instanceof PermissionDeniedError) {
      const outcome: AuditOutcome = error instanceof PermissionDeniedError ? 'DENIED' : 'FAILED';
      await recordAttempt(deps, {
        action: what.action,
        outcome,
        targetType: what.targetType,
        targetId: what.targetId ?? null,
        changes: { code: error.code, reason: error.message },
      });
    }
    throw error;
  }
  settled?.();
  // Other instances hear of it before subscribers hear of the event, so a subscriber the change shuts
  // out is checked afresh.
  if (affectsCredentials && affects.length > 0) {
    deps.credentialsChanged?.({ organizationId: deps.actor.organizationId, action: what.action, affects });
  }
  for (const id of eventIds) publish(deps, id, 'SUCCESS');
  publish(deps, eventId, 'SUCCESS');
  return result;
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
