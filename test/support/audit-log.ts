import { eventHash, genesisHash } from '../../src/domain/audit.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';

const DAY = 86_400_000;
const BATCH = 5_000;

/**
 * A valid chain of `count` events created `ageDays` ago, written in bulk (thousands of single appends
 * would make a test slow, not better), continuing from the organization's current head.
 */
export async function seedAuditChain(
  prisma: PrismaClient,
  organizationId: string,
  count: number,
  ageDays = 0,
): Promise<void> {
  const head = await prisma.auditChainHead.findUnique({ where: { organizationId } });
  let sequence = head?.sequence ?? 0n;
  let previousHash: Uint8Array = head?.hash ?? genesisHash(organizationId);
  const createdAt = new Date(Date.now() - ageDays * DAY);
  for (let start = 0; start < count; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      sequence += 1n;
      const fields = {
        organizationId,
        sequence,
        action: 'test.old',
        outcome: 'SUCCESS' as const,
        actorType: 'SYSTEM' as const,
        actorId: null,
        credentialKind: null,
        credentialId: null,
        targetType: null,
        targetId: null,
        requestId: null,
        ip: null,
        userAgent: null,
        changes: { i },
        createdAt,
        previousHash: new Uint8Array(previousHash),
      };
      const hash = eventHash(fields);
      rows.push({ ...fields, hash });
      previousHash = hash;
    }
    // One statement of arrays: createMany of thousands of rows is far slower.
    await prisma.$executeRaw`
      INSERT INTO "AuditEvent" ("organizationId", "sequence", "action", "outcome", "actorType", "changes",
        "createdAt", "previousHash", "hash")
      SELECT ${organizationId}::uuid, s, 'test.old', 'SUCCESS'::"AuditOutcome", 'SYSTEM'::"ActorType", c, ${createdAt},
        p, h
      FROM unnest(${rows.map((row) => row.sequence)}::bigint[], ${rows.map((row) => JSON.stringify(row.changes))}::jsonb[],
        ${rows.map((row) => Buffer.from(row.previousHash))}::bytea[], ${rows.map((row) => Buffer.from(row.hash))}::bytea[])
        AS v(s, c, p, h)`;
  }
  const hash = new Uint8Array(previousHash);
  await prisma.auditChainHead.upsert({
    where: { organizationId },
    create: { organizationId, sequence, hash },
    update: { sequence, hash },
  });
}
