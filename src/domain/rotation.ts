import type { CredentialKind, Prisma } from '../generated/prisma/client.js';
import { ValidationError } from './errors.js';
import { generateSecret, hashSecret } from './secrets.js';

/** The longest grace period a rotated-out secret may keep working. */
export const MAX_GRACE_SECONDS = 30 * 86_400;

export function validateGracePeriod(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_GRACE_SECONDS) {
    throw new ValidationError(
      'gracePeriodSeconds',
      `gracePeriodSeconds must be between 0 and ${MAX_GRACE_SECONDS}`,
    );
  }
  return seconds;
}

type Owner = { patId: string } | { tokenId: string };

/**
 * Replaces a credential's secret. Secrets already in use keep working for `gracePeriodSeconds` (0: they
 * stop at once); a secret already winding down never gets longer than it had. The credential itself, and
 * so its expiry, is untouched: rotation never makes an expiring credential permanent.
 */
export async function rotateSecret(
  tx: Prisma.TransactionClient,
  kind: Extract<CredentialKind, 'PERSONAL_ACCESS_TOKEN' | 'TOKEN'>,
  owner: Owner,
  gracePeriodSeconds: number,
  now = new Date(),
): Promise<string> {
  const validUntil = new Date(now.getTime() + gracePeriodSeconds * 1000);
  if (gracePeriodSeconds === 0) {
    await tx.credentialSecret.deleteMany({ where: owner });
  } else {
    await tx.credentialSecret.updateMany({
      where: { ...owner, OR: [{ validUntil: null }, { validUntil: { gt: validUntil } }] },
      data: { validUntil },
    });
    // Secrets whose grace is already over are of no use to anyone.
    await tx.credentialSecret.deleteMany({ where: { ...owner, validUntil: { lte: now } } });
  }
  const secret = generateSecret(kind);
  await tx.credentialSecret.create({ data: { hash: hashSecret(secret), kind, ...owner } });
  return secret;
}
