import type { PersonalAccessToken, Prisma } from '../generated/prisma/client.js';
import { type AuditedDeps, audited } from './audited.js';
import { LimitReachedError, NotFoundError, ValidationError } from './errors.js';
import type { Permission } from './permissions.js';
import { rotateSecret, validateGracePeriod } from './rotation.js';
import { validateScopes } from './scopes.js';
import { generateSecret, hashSecret } from './secrets.js';

const DAY_MS = 86_400_000;
export const DESCRIPTION_MAX_LENGTH = 200;

export interface PatOwner {
  userId: string;
  organizationId: string;
  /** What the creating request may do; a new token's scopes must stay inside it. */
  permissions: ReadonlySet<Permission>;
}

export interface CreatePatInput {
  description: string;
  expiresAt: Date;
  scopes?: readonly string[] | null;
}

export function validateDescription(description: string): string {
  const trimmed = description.trim();
  if (trimmed.length === 0) throw new ValidationError('description', 'description must not be empty');
  if (trimmed.length > DESCRIPTION_MAX_LENGTH) {
    throw new ValidationError(
      'description',
      `description must be at most ${DESCRIPTION_MAX_LENGTH} characters`,
    );
  }
  return trimmed;
}

/** Creates a personal access token; the secret is returned here and never again. */
export async function createPersonalAccessToken(
  deps: AuditedDeps,
  owner: PatOwner,
  input: CreatePatInput,
  now = new Date(),
): Promise<{ token: PersonalAccessToken; secret: string }> {
  return audited(deps, { action: 'pat.created', targetType: 'PersonalAccessToken' }, async (tx) => {
    const description = validateDescription(input.description);
    const scopes = validateScopes(input.scopes ?? [], owner.permissions);
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: owner.organizationId } });
    if (input.expiresAt.getTime() <= now.getTime()) {
      throw new ValidationError('expiresAt', 'expiresAt must be in the future');
    }
    const latest = now.getTime() + organization.patMaxLifetimeDays * DAY_MS;
    if (input.expiresAt.getTime() > latest) {
      throw new ValidationError(
        'expiresAt',
        `expiresAt must be within ${organization.patMaxLifetimeDays} days (the organization's maximum lifetime)`,
      );
    }
    await lockMembership(tx, owner);
    const held = await tx.personalAccessToken.count({
      where: { userId: owner.userId, organizationId: owner.organizationId },
    });
    if (held >= organization.patLimitPerUser) {
      throw new LimitReachedError(
        `a user may hold at most ${organization.patLimitPerUser} personal access tokens in this organization`,
        organization.patLimitPerUser,
      );
    }
    const secret = generateSecret('PERSONAL_ACCESS_TOKEN');
    const token = await tx.personalAccessToken.create({
      data: {
        organizationId: owner.organizationId,
        userId: owner.userId,
        description,
        scopes,
        expiresAt: input.expiresAt,
        secrets: { create: { hash: hashSecret(secret), kind: 'PERSONAL_ACCESS_TOKEN' } },
      },
    });
    return {
      result: { token, secret },
      targetId: token.id,
      changes: { after: { description, scopes, expiresAt: token.expiresAt.toISOString() } },
    };
  });
}

/**
 * Serialises a user's creations in one organization, so concurrent requests cannot together pass the
 * per-user limit.
 */
async function lockMembership(tx: Prisma.TransactionClient, owner: PatOwner): Promise<void> {
  await tx.$queryRaw`
    SELECT 1 FROM "Membership"
    WHERE "organizationId" = ${owner.organizationId}::uuid AND "userId" = ${owner.userId}::uuid
    FOR UPDATE`;
}

/** Deletes one of the owner's tokens; another user's token is answered as not found. */
export async function deletePersonalAccessToken(
  deps: AuditedDeps,
  owner: { userId: string },
  id: string,
): Promise<string> {
  return audited(
    deps,
    { action: 'pat.deleted', targetType: 'PersonalAccessToken', targetId: id },
    async (tx) => {
      const token = await tx.personalAccessToken.findFirst({ where: { id, userId: owner.userId } });
      if (!token) throw new NotFoundError('PersonalAccessToken');
      await tx.personalAccessToken.delete({ where: { id } });
      return {
        result: id,
        targetId: id,
        changes: { before: { description: token.description, expiresAt: token.expiresAt.toISOString() } },
      };
    },
  );
}

/** New secret, same token: description, scopes and expiry are kept; the old secret works for the grace. */
export async function rotatePersonalAccessToken(
  deps: AuditedDeps,
  owner: { userId: string },
  id: string,
  gracePeriodSeconds: number,
  now = new Date(),
): Promise<{ token: PersonalAccessToken; secret: string }> {
  return audited(
    deps,
    { action: 'pat.rotated', targetType: 'PersonalAccessToken', targetId: id },
    async (tx) => {
      const grace = validateGracePeriod(gracePeriodSeconds);
      const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "PersonalAccessToken" WHERE id = ${id}::uuid AND "userId" = ${owner.userId}::uuid FOR UPDATE`;
      const token = locked.length > 0 ? await tx.personalAccessToken.findUnique({ where: { id } }) : null;
      // An expired token is gone for every purpose but listing.
      if (!token || token.expiresAt <= now) throw new NotFoundError('PersonalAccessToken');
      const secret = await rotateSecret(tx, 'PERSONAL_ACCESS_TOKEN', { patId: id }, grace, now);
      return {
        result: { token, secret },
        targetId: id,
        changes: { gracePeriodSeconds: grace, secretRotated: true },
      };
    },
  );
}
