import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { eventHash, genesisHash } from './audit.js';
import { hashesEqual } from './secrets.js';

export interface ChainVerification {
  valid: boolean;
  checkedEvents: number;
  /** Sequence of the first event that does not fit the chain, or null. */
  firstBrokenSequence: bigint | null;
  reason: string | null;
  /** The chain was verified from this purge checkpoint instead of from its first event. */
  checkpointSequence: bigint | null;
}

const BATCH = 1000;

/**
 * Walks an organization's events in order and recomputes each hash: an edited event no longer matches its
 * hash, a deleted or inserted one breaks the sequence or the link to its predecessor, and a removed tail no
 * longer reaches the chain head.
 */
export async function verifyAuditChain(
  prisma: PrismaClient,
  organizationId: string,
): Promise<ChainVerification> {
  const checkpoint = await prisma.auditCheckpoint.findFirst({
    where: { organizationId },
    orderBy: { sequence: 'desc' },
  });
  let expectedSequence = (checkpoint?.sequence ?? 0n) + 1n;
  let previous = checkpoint?.hash ?? genesisHash(organizationId);
  let checkedEvents = 0;
  const broken = (sequence: bigint, reason: string): ChainVerification => ({
    valid: false,
    checkedEvents,
    firstBrokenSequence: sequence,
    reason,
    checkpointSequence: checkpoint?.sequence ?? null,
  });
  for (;;) {
    const events = await prisma.auditEvent.findMany({
      where: { organizationId, sequence: { gte: expectedSequence } },
      orderBy: { sequence: 'asc' },
      take: BATCH,
    });
    for (const event of events) {
      if (event.sequence !== expectedSequence)
        return broken(expectedSequence, 'event missing from the chain');
      if (!hashesEqual(event.previousHash, previous))
        return broken(event.sequence, 'link to the previous event broken');
      if (!hashesEqual(eventHash(event), event.hash))
        return broken(event.sequence, 'event content does not match its hash');
      previous = event.hash;
      expectedSequence += 1n;
      checkedEvents += 1;
    }
    if (events.length < BATCH) break;
  }
  const head = await prisma.auditChainHead.findUnique({ where: { organizationId } });
  if (head && (head.sequence !== expectedSequence - 1n || !hashesEqual(head.hash, previous))) {
    return broken(expectedSequence, 'events missing at the end of the chain');
  }
  return {
    valid: true,
    checkedEvents,
    firstBrokenSequence: null,
    reason: null,
    checkpointSequence: checkpoint?.sequence ?? null,
  };
}

/**
 * Deletes an organization's events older than `before`, first recording a checkpoint with the last purged
 * event's sequence and hash, so the rest of the chain stays verifiable.
 */
export async function purgeAuditEvents(
  prisma: PrismaClient,
  organizationId: string,
  before: Date,
): Promise<number> {
  return prisma.$transaction((tx) => purgeInTransaction(tx, organizationId, before));
}

async function purgeInTransaction(
  tx: Prisma.TransactionClient,
  organizationId: string,
  before: Date,
): Promise<number> {
  const last = await tx.auditEvent.findFirst({
    where: { organizationId, createdAt: { lt: before } },
    orderBy: { sequence: 'desc' },
    select: { sequence: true, hash: true },
  });
  if (!last) return 0;
  const { count } = await tx.auditEvent.deleteMany({
    where: { organizationId, sequence: { lte: last.sequence } },
  });
  await tx.auditCheckpoint.create({
    data: { organizationId, sequence: last.sequence, hash: last.hash, purgedCount: BigInt(count) },
  });
  return count;
}

/**
 * Applies each organization's retention setting. Safe to run on every instance: a transaction-scoped
 * advisory lock lets one run at a time and the others skip.
 */
export async function enforceAuditRetention(prisma: PrismaClient, now = new Date()): Promise<number> {
  return prisma.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(hashtext('keygate:audit-retention')) AS locked`;
      if (!lock?.locked) return 0;
      let purged = 0;
      const organizations = await tx.organization.findMany({
        where: { auditRetentionDays: { not: null } },
        select: { id: true, auditRetentionDays: true },
      });
      for (const organization of organizations) {
        const cutoff = new Date(now.getTime() - organization.auditRetentionDays! * 86_400_000);
        purged += await purgeInTransaction(tx, organization.id, cutoff);
      }
      return purged;
    },
    { timeout: 120_000 },
  );
}
