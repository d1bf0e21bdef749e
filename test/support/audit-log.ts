import type { AuditLog } from '../../src/domain/audit-log.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';

const DAY = 86_400_000;
const BATCH = 5_000;

/**
 * `count` events created `ageDays` ago, written in bulk (thousands of single appends would make a test
 * slow, not better) and then sealed into the organization's log as any event is.
 */
export async function seedAuditLog(
  services: { prisma: PrismaClient; auditLog: AuditLog },
  organizationId: string,
  count: number,
  ageDays = 0,
): Promise<void> {
  const createdAt = new Date(Date.now() - ageDays * DAY);
  for (let start = 0; start < count; start += BATCH) {
    const changes = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) =>
      JSON.stringify({ i: start + i }),
    );
    // One statement of arrays: createMany of thousands of rows is far slower.
    await services.prisma.$executeRaw`
      INSERT INTO "AuditEvent" ("organizationId", "action", "outcome", "actorType", "changes", "createdAt")
      SELECT ${organizationId}::uuid, 'test.old', 'SUCCESS'::"AuditOutcome", 'SYSTEM'::"ActorType", c::jsonb,
        ${createdAt}::timestamptz
      FROM unnest(${changes}::text[]) WITH ORDINALITY AS v(c, n) ORDER BY n`;
  }
  await services.auditLog.seal();
}
