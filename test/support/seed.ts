import { randomBytes } from 'node:crypto';
import { generateSecret, hashSecret } from '../../src/domain/secrets.js';
import type { Role } from '../../src/generated/prisma/client.js';
import type { Services } from '../../src/services.js';

const DAY = 86_400_000;

/**
 * A person with a role in an organization and a personal access token, written straight to the database
 * as an operator's provisioning would be (Keygate has no sign-up). Returns the token's secret.
 */
export async function seedMember(
  services: Services,
  organizationId: string,
  role: Role,
  options: { email?: string; scopes?: string[]; permissions?: string[] } = {},
): Promise<{ userId: string; secret: string; patId: string }> {
  const { prisma } = services;
  const user = await prisma.user.create({
    data: {
      email: options.email ?? `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@example.test`,
      name: role,
    },
  });
  await prisma.membership.create({
    data: { organizationId, userId: user.id, role, permissions: options.permissions ?? [] },
  });
  const secret = generateSecret('PERSONAL_ACCESS_TOKEN');
  const pat = await prisma.personalAccessToken.create({
    data: {
      organizationId,
      userId: user.id,
      description: 'seeded',
      scopes: options.scopes ?? [],
      expiresAt: new Date(Date.now() + DAY),
      secrets: { create: { hash: hashSecret(secret), kind: 'PERSONAL_ACCESS_TOKEN' } },
    },
  });
  return { userId: user.id, secret, patId: pat.id };
}

/** A second organization with an owner, for cross-tenant tests. */
export async function seedOrganization(services: Services, name = 'Other organization') {
  const organization = await services.prisma.organization.create({ data: { name } });
  const owner = await seedMember(services, organization.id, 'OWNER');
  return { organizationId: organization.id, ...owner };
}
