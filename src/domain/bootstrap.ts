import type { PrismaClient } from '../generated/prisma/client.js';
import { appendAuditEvent, systemActor } from './audit.js';
import { generateSecret, hashSecret } from './secrets.js';

const DAY_MS = 86_400_000;

/**
 * On the first start with an empty database: creates the first organization, its owner and the owner's
 * personal access token, and returns that token's secret for the caller to print once. Later starts (and
 * concurrent starts of other instances) find an organization and return null.
 */
export async function bootstrapFirstOrganization(
  prisma: PrismaClient,
  owner: { email: string; name: string },
): Promise<{ secret: string; organizationId: string } | null> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('keygate:bootstrap'))`;
    if ((await tx.organization.count()) > 0) return null;
    const organization = await tx.organization.create({ data: { name: 'Default organization' } });
    const user = await tx.user.upsert({
      where: { email: owner.email },
      update: {},
      create: { email: owner.email, name: owner.name },
    });
    await tx.membership.create({
      data: { organizationId: organization.id, userId: user.id, name: owner.name, role: 'OWNER' },
    });
    const secret = generateSecret('PERSONAL_ACCESS_TOKEN');
    // The first line of credentials: it, and all made with it, last at most the maximum lifetime.
    const end = new Date(Date.now() + organization.patMaxLifetimeDays * DAY_MS);
    const token = await tx.personalAccessToken.create({
      data: {
        organizationId: organization.id,
        userId: user.id,
        description: 'Created at first start',
        expiresAt: end,
        renewableUntil: end,
        secrets: { create: { hash: hashSecret(secret), kind: 'PERSONAL_ACCESS_TOKEN' } },
      },
    });
    await appendAuditEvent(tx, systemActor(organization.id), {
      action: 'organization.bootstrapped',
      outcome: 'SUCCESS',
      targetType: 'Organization',
      targetId: organization.id,
      changes: { after: { ownerEmail: user.email, personalAccessTokenId: token.id } },
    });
    return { secret, organizationId: organization.id };
  });
}
