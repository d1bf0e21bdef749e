import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { generateSecret, hashSecret } from '../../src/domain/secrets.js';
import type { Role } from '../../src/generated/prisma/client.js';
import type { Services } from '../../src/services.js';

const DAY = 86_400_000;
/**
 * How far seeded tokens reach: one end for all of them, as for tokens made along one line (an invitation
 * accepted now, in an organization with the default policy), so that none reaches further than another.
 */
const REACH_END = new Date(Date.now() + 366 * DAY);

/**
 * A person with a role in an organization and a personal access token, written straight to the database
 * as an operator's provisioning would be (Keygate has no sign-up). Returns the token's secret.
 */
export async function seedMember(
  services: Services,
  organizationId: string,
  role: Role,
  options: {
    email?: string;
    scopes?: string[];
    permissions?: string[];
    organizationBound?: boolean;
    expiresAt?: Date;
    renewableUntil?: Date;
  } = {},
): Promise<{ userId: string; secret: string; patId: string }> {
  const { prisma } = services;
  const user = await prisma.user.create({
    data: {
      email: options.email ?? `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@example.test`,
      name: role,
    },
  });
  await prisma.membership.create({
    data: { organizationId, userId: user.id, name: role, role, permissions: options.permissions ?? [] },
  });
  const secret = generateSecret('PERSONAL_ACCESS_TOKEN');
  const pat = await prisma.personalAccessToken.create({
    data: {
      organizationId,
      userId: user.id,
      description: 'seeded',
      scopes: options.scopes ?? [],
      expiresAt: options.expiresAt ?? new Date(Date.now() + DAY),
      renewableUntil: options.renewableUntil ?? REACH_END,
      organizationBound: options.organizationBound ?? false,
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

const hex = () => randomBytes(4).toString('hex');

/** A machine identity, written straight to the database (role MEMBER unless told). */
export async function seedMachineIdentity(
  services: Services,
  organizationId: string,
  options: { name?: string; role?: Role; permissions?: string[]; disabled?: boolean } = {},
) {
  return services.prisma.machineIdentity.create({
    data: {
      organizationId,
      name: options.name ?? `identity-${hex()}`,
      role: options.role ?? 'MEMBER',
      permissions: options.permissions ?? [],
      disabledAt: options.disabled ? new Date() : null,
    },
  });
}

/** A token of a machine identity, with its secret; only the secret's hash is stored, as Keygate does. */
export async function seedToken(
  services: Services,
  organizationId: string,
  identityId: string,
  options: {
    name?: string;
    ttl?: number;
    maxTtl?: number;
    expiresAt?: Date | null;
    numUsesLimit?: number;
    trustedIps?: string[];
    scopes?: string[];
    /** Null: made before tokens inherited an end, renewable as far as its max TTL allows. */
    renewableUntil?: Date | null;
  } = {},
): Promise<{ tokenId: string; secret: string }> {
  const secret = generateSecret('TOKEN');
  const ttl = options.ttl ?? 0;
  // Like createToken: a TTL from now, or no expiry without one.
  const defaultExpiry = ttl > 0 ? new Date(Date.now() + ttl * 1000) : null;
  const token = await services.prisma.token.create({
    data: {
      organizationId,
      identityId,
      name: options.name ?? `token-${hex()}`,
      ttl,
      maxTtl: options.maxTtl ?? 0,
      numUsesLimit: options.numUsesLimit ?? 0,
      trustedIps: options.trustedIps ?? [],
      scopes: options.scopes ?? [],
      expiresAt: options.expiresAt === undefined ? defaultExpiry : options.expiresAt,
      // As if made with a seeded member's token: it reaches no further than they do.
      renewableUntil: options.renewableUntil === undefined ? REACH_END : options.renewableUntil,
      secrets: { create: { hash: hashSecret(secret), kind: 'TOKEN' } },
    },
  });
  return { tokenId: token.id, secret };
}

/** One more personal access token for a person already in the organization. */
export async function seedPersonalAccessToken(
  services: Services,
  organizationId: string,
  userId: string,
  options: { scopes?: string[]; expiresAt?: Date; renewableUntil?: Date; organizationBound?: boolean } = {},
): Promise<{ patId: string; secret: string }> {
  const secret = generateSecret('PERSONAL_ACCESS_TOKEN');
  const pat = await services.prisma.personalAccessToken.create({
    data: {
      organizationId,
      userId,
      description: 'seeded',
      scopes: options.scopes ?? [],
      expiresAt: options.expiresAt ?? new Date(Date.now() + DAY),
      renewableUntil: options.renewableUntil ?? REACH_END,
      organizationBound: options.organizationBound ?? false,
      secrets: { create: { hash: hashSecret(secret), kind: 'PERSONAL_ACCESS_TOKEN' } },
    },
  });
  return { patId: pat.id, secret };
}

/** A project with one application. */
export async function seedApplication(services: Services, organizationId: string) {
  const { prisma } = services;
  const project = await prisma.project.create({ data: { organizationId, name: `project-${hex()}` } });
  const application = await prisma.application.create({
    data: { organizationId, projectId: project.id, name: 'app', clientId: `${hex()}${hex()}@seeded` },
  });
  return { projectId: project.id, applicationId: application.id, clientId: application.clientId };
}

/**
 * An RS256 application key. Keygate keeps only the public half; the private key is returned so that the
 * test can sign client assertions with it, as the application holding the key file would.
 */
export async function seedAppKey(
  services: Services,
  organizationId: string,
  applicationId: string,
  options: { expirationDate?: Date } = {},
): Promise<{ keyId: string; privateKey: KeyObject }> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = await services.prisma.applicationKey.create({
    data: {
      organizationId,
      applicationId,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string,
      expirationDate: options.expirationDate ?? new Date(Date.now() + DAY),
    },
  });
  return { keyId: key.id, privateKey };
}
