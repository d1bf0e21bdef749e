import type { AuditCheckpoint, AuditEvent, Prisma, PrismaClient } from '../generated/prisma/client.js';
import { appendAuditEvent, eventHash, genesisHash, systemActor } from './audit.js';
import type { AuditEventBus } from './audit-bus.js';
import { hashesEqual } from './secrets.js';

export interface ChainVerification {
  valid: boolean;
  checkedEvents: number;
  /** Sequence of the first event that does not fit the chain, or null. */
  firstBrokenSequence: bigint | null;
  reason: string | null;
  /** The chain was verified from this purge checkpoint instead of from its first event. */
  checkpointSequence: bigint | null;
  /** The chain is verified from its start (or checkpoint) through this event; null when it has none yet. */
  verifiedThroughSequence: bigint | null;
  /** Whether the check reached the newest event; false when its budget ran out first (call again). */
  complete: boolean;
  /** The first event this call checked: past the last verified one, or the chain's start. */
  resumedFromSequence: bigint | null;
}

/** Another verification of the organization's chain is running: one at a time per organization. */
export class VerificationInProgressError extends Error {
  constructor() {
    super('a verification of this audit log is running; try again when it has finished');
  }
}

export interface VerifyOptions {
  /** START (the default) checks from the chain's beginning; LAST_VERIFIED continues past the last verified event. */
  from?: 'START' | 'LAST_VERIFIED';
  /** Events one call checks at most; the next call continues from there. */
  maxEvents?: number;
  /** Events read per query. */
  batchSize?: number;
}

/** The action of the event a purge appends to the chain it shortened. */
export const PURGE_ACTION = 'audit.purged';

/** What an `audit.purged` event records: the range it removed and the hash the chain now starts from. */
interface PurgeAttestation {
  fromSequence: string;
  throughSequence: string;
  /** Hex hash of the last purged event: the checkpoint's hash, and the first remaining event's link. */
  throughHash: string;
  count: number;
}

const BATCH = 1000;
const DEFAULT_MAX_EVENTS = 100_000;
/** How long a verification may hold its organization's lease before another may take it over. */
const LEASE_SECONDS = 60;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * Checks an organization's hash chain, incrementally and without holding a connection: each batch of
 * events is one short query, a call checks at most `maxEvents` of them, and the point it reached is kept,
 * so the next call continues from there (or, with `from: 'START'`, begins again). One verification runs per
 * organization at a time (a lease on its chain head); another gets VerificationInProgressError at once.
 *
 * Each event's hash is recomputed: an edited event no longer matches its hash, a deleted or inserted one
 * breaks the sequence or the link to its predecessor, and a removed tail no longer reaches the chain head.
 * The chain starts at its genesis hash, or, once retention has purged its beginning, at the checkpoint just
 * before its first remaining event. A checkpoint is only a row anybody with database access can insert, so
 * it is trusted only when the chain itself attests it: the purge that wrote it appended an `audit.purged`
 * event naming the same range and hash, and that event is covered by the hashes verified here. A checkpoint
 * at or past an event that still exists contradicts the chain.
 *
 * Events appended while a check runs lie past the head it read first and wait for the next call; a purge
 * that removes events ahead of the check makes it begin again, once, from the new checkpoint.
 */
export async function verifyAuditChain(
  prisma: PrismaClient,
  organizationId: string,
  options: VerifyOptions = {},
): Promise<ChainVerification> {
  const [head] = await prisma.$queryRaw<
    { sequence: bigint; hash: Uint8Array; verifiedSequence: bigint | null; verifiedHash: Uint8Array | null }[]
  >`
    UPDATE "AuditChainHead" SET "verifyingUntil" = now() + make_interval(secs => ${LEASE_SECONDS})
    WHERE "organizationId" = ${organizationId}::uuid AND ("verifyingUntil" IS NULL OR "verifyingUntil" <= now())
    RETURNING "sequence", "hash", "verifiedSequence", "verifiedHash"`;
  if (!head) {
    const exists = await prisma.auditChainHead.findUnique({
      where: { organizationId },
      select: { sequence: true },
    });
    if (exists) throw new VerificationInProgressError();
    return verifyHeadless(prisma, organizationId);
  }
  let verified: { sequence: bigint; hash: Uint8Array } | null = null;
  try {
    let result = await walk(prisma, organizationId, head, options);
    // A purge removed events ahead of the walk: begin again from the checkpoint it left.
    if (result === RESTART) result = await walk(prisma, organizationId, head, { ...options, from: 'START' });
    if (result === RESTART) {
      return broken(
        { checkedEvents: 0, anchor: null, resumed: null },
        1n,
        'the chain changed during verification; try again',
      );
    }
    if (result.valid && result.verifiedThroughSequence !== null)
      verified = { sequence: result.verifiedThroughSequence, hash: result.lastHash! };
    return result.outcome;
  } finally {
    await prisma.$executeRaw`
      UPDATE "AuditChainHead" SET "verifyingUntil" = NULL,
        "verifiedSequence" = COALESCE(${verified?.sequence ?? null}::bigint, "verifiedSequence"),
        "verifiedHash" = COALESCE(${verified ? new Uint8Array(verified.hash) : null}::bytea, "verifiedHash")
      WHERE "organizationId" = ${organizationId}::uuid`;
  }
}

const RESTART = Symbol('restart');

interface WalkState {
  checkedEvents: number;
  anchor: AuditCheckpoint | null;
  resumed: bigint | null;
}

function broken(state: WalkState, sequence: bigint, reason: string): ChainVerification {
  return {
    valid: false,
    checkedEvents: state.checkedEvents,
    firstBrokenSequence: sequence,
    reason,
    checkpointSequence: state.anchor?.sequence ?? null,
    verifiedThroughSequence: null,
    complete: true,
    resumedFromSequence: state.resumed,
  };
}

/** An organization with events but no chain head (or with neither). */
async function verifyHeadless(prisma: PrismaClient, organizationId: string): Promise<ChainVerification> {
  const first = await prisma.auditEvent.findFirst({ where: { organizationId }, select: { sequence: true } });
  const state: WalkState = { checkedEvents: 0, anchor: null, resumed: null };
  if (first) return broken(state, first.sequence, 'chain head missing');
  return {
    valid: true,
    checkedEvents: 0,
    firstBrokenSequence: null,
    reason: null,
    checkpointSequence: null,
    verifiedThroughSequence: null,
    complete: true,
    resumedFromSequence: null,
  };
}

type WalkResult =
  | typeof RESTART
  | {
      valid: boolean;
      outcome: ChainVerification;
      verifiedThroughSequence: bigint | null;
      lastHash: Uint8Array | null;
    };

async function walk(
  prisma: PrismaClient,
  organizationId: string,
  head: {
    sequence: bigint;
    hash: Uint8Array;
    verifiedSequence: bigint | null;
    verifiedHash: Uint8Array | null;
  },
  options: VerifyOptions,
): Promise<WalkResult> {
  const batchSize = options.batchSize ?? BATCH;
  const budget = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const state: WalkState = { checkedEvents: 0, anchor: null, resumed: null };
  const done = (outcome: ChainVerification): WalkResult => ({
    valid: outcome.valid,
    outcome,
    verifiedThroughSequence: outcome.verifiedThroughSequence,
    lastHash: null,
  });

  const first = await prisma.auditEvent.findFirst({
    where: { organizationId },
    orderBy: { sequence: 'asc' },
    select: { sequence: true },
  });
  if (!first) {
    // A purge always leaves its own event behind, so an empty chain with a head lost all of its events.
    if (head.sequence > 0n) return done(broken(state, 1n, 'events missing from the chain'));
    return done({ ...(await verifyHeadless(prisma, organizationId)) });
  }
  const contradicted = await prisma.auditCheckpoint.findFirst({
    where: { organizationId, sequence: { gte: first.sequence } },
    orderBy: { sequence: 'asc' },
  });
  if (contradicted) {
    return done(
      broken(state, first.sequence, `events up to the checkpoint at ${contradicted.sequence} still exist`),
    );
  }
  if (first.sequence !== 1n) {
    const anchors = await prisma.auditCheckpoint.findMany({
      where: { organizationId, sequence: first.sequence - 1n },
      take: 2,
    });
    if (anchors.length === 0) return done(broken(state, first.sequence - 1n, 'event missing from the chain'));
    // A purge ends each checkpoint's range past the one before, so two at one sequence are not Keygate's.
    if (anchors.length > 1)
      return done(broken(state, first.sequence, 'more than one checkpoint at the same sequence'));
    state.anchor = anchors[0]!;
  }
  // Reported once the walk found no broken link: a checkpoint that does not even link is reported as that.
  const unattested =
    state.anchor !== null && !(await attested(prisma, organizationId, state.anchor, head.sequence));

  // Where to begin: past the last verified event, while it is still in the chain; otherwise its start.
  const resume =
    options.from === 'LAST_VERIFIED' &&
    head.verifiedSequence !== null &&
    head.verifiedHash !== null &&
    head.verifiedSequence >= first.sequence - 1n &&
    head.verifiedSequence <= head.sequence;
  let expected = resume ? head.verifiedSequence! + 1n : first.sequence;
  let previous: Uint8Array = resume
    ? head.verifiedHash!
    : (state.anchor?.hash ?? genesisHash(organizationId));
  state.resumed = expected <= head.sequence ? expected : null;

  while (expected <= head.sequence && state.checkedEvents < budget) {
    const events = await prisma.auditEvent.findMany({
      where: { organizationId, sequence: { gte: expected, lte: head.sequence } },
      orderBy: { sequence: 'asc' },
      take: Math.min(batchSize, budget - state.checkedEvents),
    });
    if (events.length === 0) return done(broken(state, expected, 'events missing at the end of the chain'));
    // Events gone from ahead of the walk, a checkpoint in their place: a purge ran meanwhile.
    if (events[0]!.sequence > expected && state.checkedEvents > 0) {
      const moved = await prisma.auditCheckpoint.findFirst({
        where: { organizationId, sequence: events[0]!.sequence - 1n },
      });
      if (moved) return RESTART;
    }
    const purges: { sequence: bigint; purge: PurgeAttestation }[] = [];
    for (const event of events) {
      const fromCheckpoint = state.anchor !== null && expected === first.sequence;
      const fault = linkFault(event, expected, previous, fromCheckpoint);
      if (fault) return done(broken(state, fault.sequence, fault.reason));
      const purge = purgeAttestation(event);
      if (purge) purges.push({ sequence: event.sequence, purge });
      previous = event.hash;
      expected += 1n;
      state.checkedEvents += 1;
    }
    // The other way round too: each purge the chain records left its checkpoint.
    const missing = await firstWithoutCheckpoint(prisma, organizationId, purges);
    if (missing !== null) {
      return done(broken(state, missing, `the checkpoint this ${PURGE_ACTION} event records is missing`));
    }
  }
  const complete = expected > head.sequence;
  if (complete && !hashesEqual(head.hash, previous)) {
    return done(broken(state, expected, 'events missing at the end of the chain'));
  }
  if (unattested) {
    const sequence = state.anchor!.sequence;
    return done(broken(state, first.sequence, `the checkpoint at ${sequence} has no ${PURGE_ACTION} event`));
  }
  const through = expected - 1n;
  return {
    valid: true,
    verifiedThroughSequence: through,
    lastHash: previous,
    outcome: {
      valid: true,
      checkedEvents: state.checkedEvents,
      firstBrokenSequence: null,
      reason: null,
      checkpointSequence: state.anchor?.sequence ?? null,
      verifiedThroughSequence: through,
      complete,
      resumedFromSequence: state.resumed,
    },
  };
}

/**
 * Whether the chain holds the `audit.purged` event that attests `checkpoint` (after it, up to the head):
 * found by what it records, and itself covered by the hashes the walk checks when it gets there.
 */
async function attested(
  prisma: PrismaClient,
  organizationId: string,
  checkpoint: AuditCheckpoint,
  headSequence: bigint,
): Promise<boolean> {
  const candidates = await prisma.auditEvent.findMany({
    where: {
      organizationId,
      action: PURGE_ACTION,
      actorType: 'SYSTEM',
      outcome: 'SUCCESS',
      sequence: { gt: checkpoint.sequence, lte: headSequence },
      changes: { path: ['throughSequence'], equals: checkpoint.sequence.toString() },
    },
    take: 10,
  });
  return candidates.some((event) => {
    const purge = purgeAttestation(event);
    return purge !== null && attests(purge, checkpoint);
  });
}

/** Why `event` does not continue the chain at `sequence` after the hash `previous`; null when it does. */
function linkFault(
  event: AuditEvent,
  sequence: bigint,
  previous: Uint8Array,
  fromCheckpoint: boolean,
): { sequence: bigint; reason: string } | null {
  if (event.sequence !== sequence) return { sequence, reason: 'event missing from the chain' };
  if (!hashesEqual(event.previousHash, previous)) {
    const link = fromCheckpoint ? 'purge checkpoint' : 'previous event';
    return { sequence, reason: `link to the ${link} broken` };
  }
  if (!hashesEqual(eventHash(event), event.hash)) {
    return { sequence, reason: 'event content does not match its hash' };
  }
  return null;
}

async function firstWithoutCheckpoint(
  tx: Prisma.TransactionClient | PrismaClient,
  organizationId: string,
  purges: { sequence: bigint; purge: PurgeAttestation }[],
): Promise<bigint | null> {
  if (purges.length === 0) return null;
  const checkpoints = await tx.auditCheckpoint.findMany({
    where: { organizationId, sequence: { in: purges.map(({ purge }) => BigInt(purge.throughSequence)) } },
  });
  const found = purges.find(({ purge }) => !checkpoints.some((checkpoint) => attests(purge, checkpoint)));
  return found?.sequence ?? null;
}

/** The purge an event records, when it is a purge's own event (Keygate's, not a caller's). */
function purgeAttestation(event: AuditEvent): PurgeAttestation | null {
  if (event.action !== PURGE_ACTION || event.actorType !== 'SYSTEM' || event.outcome !== 'SUCCESS') {
    return null;
  }
  const changes = event.changes as Partial<PurgeAttestation> | null;
  if (
    typeof changes?.fromSequence !== 'string' ||
    typeof changes.throughSequence !== 'string' ||
    !/^[0-9]+$/.test(changes.throughSequence) ||
    typeof changes.throughHash !== 'string' ||
    !Number.isSafeInteger(changes.count)
  ) {
    return null;
  }
  return changes as PurgeAttestation;
}

function attests(purge: PurgeAttestation, checkpoint: AuditCheckpoint): boolean {
  return (
    purge.throughSequence === checkpoint.sequence.toString() &&
    purge.throughHash === hex(checkpoint.hash) &&
    BigInt(purge.count) === checkpoint.purgedCount
  );
}

/** A purge refused to delete events that do not verify: they stay, as the evidence they are. */
export class AuditChainBrokenError extends Error {
  constructor(
    readonly organizationId: string,
    readonly sequence: bigint,
    readonly reason: string,
  ) {
    super(`audit chain of organization ${organizationId} broken at ${sequence}: ${reason}; nothing purged`);
  }
}

export interface PurgeOptions {
  /** Events deleted per transaction. */
  batchSize?: number;
  /** Told about each `audit.purged` event, for the auditEventAdded subscription. */
  auditBus?: AuditEventBus;
}

const DEFAULT_BATCH_SIZE = 5_000;
const PURGE_LOCK = 'keygate:audit-retention';
const BATCH_TIMEOUT_MS = 60_000;

/**
 * Deletes one organization's events older than `before`, in batches. Waits for a purge running elsewhere.
 * Returns how many events were deleted; throws AuditChainBrokenError, deleting nothing more, when the
 * events it would delete do not verify.
 */
export async function purgeAuditEvents(
  prisma: PrismaClient,
  organizationId: string,
  before: Date,
  options: PurgeOptions = {},
): Promise<number> {
  return (await purgeOrganization(prisma, organizationId, before, options, 'wait')).purged;
}

/**
 * Applies each organization's retention setting, one organization and one batch at a time, so no
 * transaction grows with the size of the log. Organizations whose old events do not verify keep them; the
 * run then ends with an AggregateError of their AuditChainBrokenErrors, after the others are done.
 *
 * Safe to run on every instance. Each batch takes a transaction-scoped advisory lock first and gives up
 * the run when another instance holds it. A session-level lock would need one connection pinned for the
 * whole run, which neither Prisma's pool nor PgBouncer in transaction mode gives. The lock is what makes a
 * batch safe (two batches never compute the same range); between batches it is free, and since every
 * batch re-reads where the chain starts, an instance that slips in between only shares the work.
 */
export async function enforceAuditRetention(
  prisma: PrismaClient,
  now = new Date(),
  options: PurgeOptions = {},
): Promise<number> {
  const organizations = await prisma.organization.findMany({
    where: { auditRetentionDays: { not: null } },
    select: { id: true, auditRetentionDays: true },
    orderBy: { id: 'asc' },
  });
  let purged = 0;
  const refused: AuditChainBrokenError[] = [];
  for (const organization of organizations) {
    const cutoff = new Date(now.getTime() - organization.auditRetentionDays! * 86_400_000);
    try {
      const result = await purgeOrganization(prisma, organization.id, cutoff, options, 'skip');
      purged += result.purged;
      if (result.busy) break;
    } catch (error) {
      // One organization's broken chain does not hold up the others' retention.
      if (!(error instanceof AuditChainBrokenError)) throw error;
      refused.push(error);
    }
  }
  if (refused.length > 0) {
    throw new AggregateError(refused, `audit retention refused for ${refused.length} organization(s)`);
  }
  return purged;
}

async function purgeOrganization(
  prisma: PrismaClient,
  organizationId: string,
  before: Date,
  options: PurgeOptions,
  lock: 'wait' | 'skip',
): Promise<{ purged: number; busy: boolean }> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be at least 1');
  // Only events that existed when the purge began: its own events never go with them, even for a cutoff
  // in the future.
  const head = await prisma.auditChainHead.findUnique({ where: { organizationId } });
  let purged = 0;
  while (head) {
    const batch = await prisma.$transaction(
      async (tx) => {
        if (lock === 'wait') {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${PURGE_LOCK}))`;
        } else {
          const [row] = await tx.$queryRaw<{ locked: boolean }[]>`
            SELECT pg_try_advisory_xact_lock(hashtext(${PURGE_LOCK})) AS locked`;
          if (!row?.locked) return null;
        }
        return purgeBatch(tx, organizationId, before, head.sequence, batchSize);
      },
      { timeout: BATCH_TIMEOUT_MS },
    );
    if (batch === null) return { purged, busy: true };
    if (batch.count === 0) break;
    purged += batch.count;
    options.auditBus?.publish('auditEventAdded', organizationId, {
      id: batch.eventId.toString(),
      outcome: 'SUCCESS',
    });
  }
  return { purged, busy: false };
}

/**
 * One atomic step: deletes the oldest events (up to `batchSize`, none after `maxSequence`) older than
 * `before`, records the checkpoint the rest of the chain starts from, and appends the `audit.purged` event
 * that attests it.
 */
async function purgeBatch(
  tx: Prisma.TransactionClient,
  organizationId: string,
  before: Date,
  maxSequence: bigint,
  batchSize: number,
): Promise<{ count: number; eventId: bigint }> {
  const [range] = await tx.$queryRaw<{ from: bigint | null; through: bigint | null }[]>`
    SELECT
      (SELECT min(sequence) FROM "AuditEvent" WHERE "organizationId" = ${organizationId}::uuid) AS "from",
      (SELECT max(sequence) FROM (
        SELECT sequence FROM "AuditEvent"
        WHERE "organizationId" = ${organizationId}::uuid AND "createdAt" < ${before}
          AND sequence <= ${maxSequence}
        ORDER BY sequence
        LIMIT ${batchSize}
      ) AS batch) AS "through"`;
  if (range?.from == null || range.through == null) return { count: 0, eventId: 0n };
  // Everything up to the last old event goes, so the chain keeps one unbroken run from the checkpoint.
  // It must verify first: a purge may not launder an edited or missing event into a checkpoint.
  const doomed = await tx.auditEvent.findMany({
    where: { organizationId, sequence: { lte: range.through } },
    orderBy: { sequence: 'asc' },
  });
  const start = await tx.auditCheckpoint.findFirst({
    where: { organizationId, sequence: range.from - 1n },
  });
  let previous: Uint8Array | undefined = range.from === 1n ? genesisHash(organizationId) : start?.hash;
  if (!previous)
    throw new AuditChainBrokenError(organizationId, range.from - 1n, 'event missing from the chain');
  let sequence = range.from;
  for (const event of doomed) {
    const fault = linkFault(event, sequence, previous, start !== null && sequence === range.from);
    if (fault) throw new AuditChainBrokenError(organizationId, fault.sequence, fault.reason);
    previous = event.hash;
    sequence += 1n;
  }
  const last = doomed.at(-1)!;
  const { count } = await tx.auditEvent.deleteMany({
    where: { organizationId, sequence: { lte: range.through } },
  });
  await tx.auditCheckpoint.create({
    data: { organizationId, sequence: range.through, hash: last.hash, purgedCount: BigInt(count) },
  });
  const attestation: PurgeAttestation = {
    fromSequence: range.from.toString(),
    throughSequence: range.through.toString(),
    throughHash: hex(last.hash),
    count,
  };
  const event = await appendAuditEvent(tx, systemActor(organizationId), {
    action: PURGE_ACTION,
    outcome: 'SUCCESS',
    targetType: 'Organization',
    targetId: organizationId,
    changes: { ...attestation, before: before.toISOString() },
  });
  return { count, eventId: event.id };
}
