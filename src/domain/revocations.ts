import type { CredentialKind, Prisma } from '../generated/prisma/client.js';
import type { AuditEntry } from './audit.js';
import type { CacheTag } from './credential-cache.js';

/**
 * What revoking several credentials at once shares, whoever asks (revokeAllTokens, revokeCredentials): one
 * statement per kind, and the event each single revocation writes, one per credential ended, so that the
 * log, subscriptions and webhooks see a bulk revocation as the revocations it is made of.
 */

/** How each kind's revocation is recorded: the action and target of its single revoke. */
export const REVOCATION_EVENTS = {
  PERSONAL_ACCESS_TOKEN: { action: 'pat.revoked', targetType: 'PersonalAccessToken' },
  TOKEN: { action: 'token.revoked', targetType: 'Token' },
  APPLICATION_KEY: { action: 'appkey.revoked', targetType: 'ApplicationKey' },
} as const satisfies Record<CredentialKind, { action: string; targetType: string }>;

/** The unrevoked credentials of one kind that a bulk revocation may select. */
export type RevocableWhere = {
  PERSONAL_ACCESS_TOKEN: Prisma.PersonalAccessTokenWhereInput;
  TOKEN: Prisma.TokenWhereInput;
  APPLICATION_KEY: Prisma.ApplicationKeyWhereInput;
};

/**
 * Revokes at most `limit` (all, without one) of the credentials of `kind` that `where` selects and are not
 * revoked yet; returns the ids it revoked. Revoked credentials stay (their secrets too), so a later use is
 * recognised as a revoked one's. The rows are locked in id order before they change, so two bulk
 * revocations over overlapping sets queue behind each other instead of deadlocking (an UPDATE with a
 * LIMIT locks its rows in no particular order).
 */
export async function revokeWhere<K extends CredentialKind>(
  tx: Prisma.TransactionClient,
  kind: K,
  where: RevocableWhere[K],
  now: Date,
  limit?: number,
): Promise<string[]> {
  const find = { select: { id: true }, orderBy: { id: 'asc' }, take: limit } as const;
  const update = { data: { revokedAt: now }, select: { id: true } } as const;
  const live = (ids: string[]) => ({ id: { in: ids }, revokedAt: null });
  let rows: { id: string }[];
  if (kind === 'PERSONAL_ACCESS_TOKEN') {
    const selected = where as RevocableWhere['PERSONAL_ACCESS_TOKEN'];
    const ids = await lockInOrder(tx, 'PersonalAccessToken', () =>
      tx.personalAccessToken.findMany({ where: { AND: [selected, { revokedAt: null }] }, ...find }),
    );
    rows = await tx.personalAccessToken.updateManyAndReturn({ where: live(ids), ...update });
  } else if (kind === 'TOKEN') {
    const selected = where as RevocableWhere['TOKEN'];
    const ids = await lockInOrder(tx, 'Token', () =>
      tx.token.findMany({ where: { AND: [selected, { revokedAt: null }] }, ...find }),
    );
    rows = await tx.token.updateManyAndReturn({ where: live(ids), ...update });
  } else {
    const selected = where as RevocableWhere['APPLICATION_KEY'];
    const ids = await lockInOrder(tx, 'ApplicationKey', () =>
      tx.applicationKey.findMany({ where: { AND: [selected, { revokedAt: null }] }, ...find }),
    );
    rows = await tx.applicationKey.updateManyAndReturn({ where: live(ids), ...update });
  }
  return rows.map((row) => row.id);
}

/** The ids `select` finds, their rows locked in id order (the table name is one of three literals). */
async function lockInOrder(
  tx: Prisma.TransactionClient,
  table: 'PersonalAccessToken' | 'Token' | 'ApplicationKey',
  select: () => Promise<{ id: string }[]>,
): Promise<string[]> {
  const ids = (await select()).map((row) => row.id);
  if (ids.length > 0) {
    await tx.$queryRawUnsafe(
      `SELECT 1 FROM "${table}" WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      ids,
    );
  }
  return ids;
}

/** The `*.revoked` event of each credential of `kind` a bulk revocation ended, with what it says of why. */
export function revocationEvents(
  kind: CredentialKind,
  ids: readonly string[],
  changes: Prisma.InputJsonObject,
): Omit<AuditEntry, 'outcome'>[] {
  const { action, targetType } = REVOCATION_EVENTS[kind];
  return ids.map((id) => ({
    action,
    targetType,
    targetId: id,
    changes: { after: { revoked: true }, ...changes },
  }));
}

/** What revoking the credentials `ids` evicts from every instance's cache. */
export function revokedTags(ids: readonly string[]): CacheTag[] {
  return ids.map((id): CacheTag => `credential:${id}`);
}
