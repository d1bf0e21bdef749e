import type { Prisma, Token } from '../generated/prisma/client.js';
import { type AuditedDeps, audited } from './audited.js';
import { InvalidStateError, NotFoundError, refuseDuplicate, ValidationError } from './errors.js';
import { normaliseRange } from './ip-ranges.js';
import { findIdentity, validateName } from './machine-identities.js';
import { assertGrantable, type Grantor } from './members.js';
import { effectivePermissions } from './permissions.js';
import { rotateSecret, validateGracePeriod } from './rotation.js';
import { validateScopes } from './scopes.js';
import { checkImportedSecret, generateSecret, hashSecret } from './secrets.js';

/** Ten years: longer TTLs are almost certainly mistakes. */
export const MAX_TTL_SECONDS = 10 * 365 * 86_400;
export const MAX_TRUSTED_RANGES = 32;

export interface CreateTokenInput {
  identityId: string;
  name: string;
  ttl?: number | null;
  maxTtl?: number | null;
  numUsesLimit?: number | null;
  trustedIps?: readonly string[] | null;
  scopes?: readonly string[] | null;
}

function validateSeconds(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_TTL_SECONDS) {
    throw new ValidationError(
      field,
      `${field} must be a whole number of seconds from 0 to ${MAX_TTL_SECONDS}`,
    );
  }
  return value;
}

function validateTrustedIps(ranges: readonly string[]): string[] {
  if (ranges.length > MAX_TRUSTED_RANGES) {
    throw new ValidationError('trustedIps', `at most ${MAX_TRUSTED_RANGES} trusted ranges`);
  }
  return [
    ...new Set(
      ranges.map((range) => {
        const normalised = normaliseRange(range);
        if (!normalised)
          throw new ValidationError(
            'trustedIps',
            `"${range.slice(0, 64)}" is not an IP address or CIDR range`,
          );
        return normalised;
      }),
    ),
  ];
}

/** A token's state as people read it. */
export function tokenState(token: Pick<Token, 'revokedAt' | 'expiresAt'>, now = new Date()) {
  if (token.revokedAt) return 'REVOKED' as const;
  if (token.expiresAt && token.expiresAt <= now) return 'EXPIRED' as const;
  return 'ACTIVE' as const;
}

export function tokenStateFilter(
  state: 'ACTIVE' | 'EXPIRED' | 'REVOKED',
  now = new Date(),
): Prisma.TokenWhereInput {
  if (state === 'REVOKED') return { revokedAt: { not: null } };
  if (state === 'EXPIRED') return { revokedAt: null, expiresAt: { lte: now } };
  return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/** The settings an audit event shows; never the secret. */
function snapshot(token: Token) {
  return {
    name: token.name,
    ttl: token.ttl,
    maxTtl: token.maxTtl,
    numUsesLimit: token.numUsesLimit,
    trustedIps: token.trustedIps,
    scopes: token.scopes,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revoked: token.revokedAt !== null,
  };
}

/**
 * A request may hand out, extend or re-key only credentials that do no more than it may itself: an admin
 * cannot mint a token for an owner-role identity.
 */
async function assertIdentityWithinGrantor(
  tx: Prisma.TransactionClient,
  grantor: Grantor,
  identityId: string,
) {
  const identity = await tx.machineIdentity.findUniqueOrThrow({ where: { id: identityId } });
  assertGrantable(grantor, identity.role, identity.permissions);
}

/**
 * Locks a token of the caller's organization for the rest of the transaction, so concurrent rotate,
 * revoke and renew of one token apply one after another. Tokens of other organizations are not found.
 */
async function lockToken(tx: Prisma.TransactionClient, organizationId: string, id: string): Promise<Token> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Token" WHERE id = ${id}::uuid AND "organizationId" = ${organizationId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError('Token');
  return tx.token.findUniqueOrThrow({ where: { id } });
}

export async function createToken(
  deps: AuditedDeps,
  grantor: Grantor,
  input: CreateTokenInput,
  now = new Date(),
): Promise<{ token: Token; secret: string }> {
  const { organizationId } = deps.actor;
  return audited(deps, { action: 'token.created', targetType: 'Token' }, async (tx) => {
    const identity = await findIdentity(tx, organizationId, input.identityId);
    assertGrantable(grantor, identity.role, identity.permissions);
    const name = validateName(input.name);
    const ttl = validateSeconds('ttl', input.ttl ?? 0);
    const maxTtl = validateSeconds('maxTtl', input.maxTtl ?? 0);
    if (maxTtl > 0 && ttl === 0)
      throw new ValidationError('maxTtl', 'maxTtl needs a ttl: a token without a TTL never expires');
    if (maxTtl > 0 && ttl > maxTtl) throw new ValidationError('ttl', 'ttl must not exceed maxTtl');
    const numUsesLimit = input.numUsesLimit ?? 0;
    if (!Number.isInteger(numUsesLimit) || numUsesLimit < 0) {
      throw new ValidationError('numUsesLimit', 'numUsesLimit must be a whole number, 0 for unlimited');
    }
    const trustedIps = validateTrustedIps(input.trustedIps ?? []);
    const identityPermissions = effectivePermissions({
      role: identity.role,
      grants: identity.permissions,
      scopes: [],
    });
    const scopes = validateScopes(input.scopes ?? [], identityPermissions);
    const secret = generateSecret('TOKEN');
    const token = await tx.token.create({
      data: {
        organizationId,
        identityId: identity.id,
        name,
        ttl,
        maxTtl,
        numUsesLimit,
        trustedIps,
        scopes,
        expiresAt: ttl > 0 ? new Date(now.getTime() + ttl * 1000) : null,
        secrets: { create: { hash: hashSecret(secret), kind: 'TOKEN' } },
      },
    });
    return { result: { token, secret }, targetId: token.id, changes: { after: snapshot(token) } };
  });
}

export async function renameToken(deps: AuditedDeps, id: string, name: string): Promise<Token> {
  return audited(deps, { action: 'token.updated', targetType: 'Token', targetId: id }, async (tx) => {
    const before = await lockToken(tx, deps.actor.organizationId, id);
    const after = await tx.token.update({ where: { id }, data: { name: validateName(name) } });
    return {
      result: after,
      targetId: id,
      changes: { before: { name: before.name }, after: { name: after.name } },
    };
  });
}

/**
 * Extends a token's expiry by its TTL from now, never past creation + max TTL. Revoked and expired tokens
 * cannot be renewed, and neither can a token without a TTL (it does not expire).
 */
export async function renewToken(
  deps: AuditedDeps,
  grantor: Grantor,
  id: string,
  now = new Date(),
): Promise<Token> {
  return audited(deps, { action: 'token.renewed', targetType: 'Token', targetId: id }, async (tx) => {
    const before = await lockToken(tx, deps.actor.organizationId, id);
    await assertIdentityWithinGrantor(tx, grantor, before.identityId);
    const state = tokenState(before, now);
    if (state !== 'ACTIVE') throw new InvalidStateError(`a ${state.toLowerCase()} token cannot be renewed`);
    if (before.ttl === 0)
      throw new InvalidStateError('a token without a TTL does not expire and cannot be renewed');
    let expiresAt = now.getTime() + before.ttl * 1000;
    if (before.maxTtl > 0) {
      const ceiling = before.createdAt.getTime() + before.maxTtl * 1000;
      if (ceiling <= now.getTime()) throw new InvalidStateError('the token has reached its max TTL');
      expiresAt = Math.min(expiresAt, ceiling);
    }
    const after = await tx.token.update({
      where: { id },
      data: { expiresAt: new Date(expiresAt), lastRenewedAt: now },
    });
    return {
      result: after,
      targetId: id,
      changes: {
        before: { expiresAt: before.expiresAt?.toISOString() },
        after: { expiresAt: after.expiresAt?.toISOString() },
      },
    };
  });
}

export async function revokeToken(deps: AuditedDeps, id: string, now = new Date()): Promise<Token> {
  return audited(deps, { action: 'token.revoked', targetType: 'Token', targetId: id }, async (tx) => {
    const before = await lockToken(tx, deps.actor.organizationId, id);
    if (before.revokedAt) return { result: before, targetId: id, changes: { alreadyRevoked: true } };
    const after = await tx.token.update({ where: { id }, data: { revokedAt: now } });
    return { result: after, targetId: id, changes: { before: { revoked: false }, after: { revoked: true } } };
  });
}

/** Deletes a token and its secrets: it stops working at once and leaves the lists (its audit trail stays). */
export async function deleteToken(deps: AuditedDeps, grantor: Grantor, id: string): Promise<string> {
  return audited(deps, { action: 'token.deleted', targetType: 'Token', targetId: id }, async (tx) => {
    const before = await lockToken(tx, deps.actor.organizationId, id);
    await assertIdentityWithinGrantor(tx, grantor, before.identityId);
    await tx.token.delete({ where: { id } });
    return { result: id, targetId: id, changes: { before: snapshot(before) } };
  });
}

export async function revokeAllTokens(
  deps: AuditedDeps,
  identityId: string,
  now = new Date(),
): Promise<string[]> {
  const { organizationId } = deps.actor;
  return audited(
    deps,
    { action: 'token.revoked_all', targetType: 'MachineIdentity', targetId: identityId },
    async (tx) => {
      await findIdentity(tx, organizationId, identityId);
      const revoked = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Token" SET "revokedAt" = ${now}, "updatedAt" = ${now}
        WHERE "identityId" = ${identityId}::uuid AND "organizationId" = ${organizationId}::uuid AND "revokedAt" IS NULL
        RETURNING id`;
      const ids = revoked.map((row) => row.id);
      return { result: ids, targetId: identityId, changes: { revokedTokenIds: ids } };
    },
  );
}

/** Issues a new secret with every setting kept; the old one works for the grace period. */
export async function rotateToken(
  deps: AuditedDeps,
  grantor: Grantor,
  id: string,
  gracePeriodSeconds: number,
  now = new Date(),
): Promise<{ token: Token; secret: string }> {
  return audited(deps, { action: 'token.rotated', targetType: 'Token', targetId: id }, async (tx) => {
    const token = await lockToken(tx, deps.actor.organizationId, id);
    await assertIdentityWithinGrantor(tx, grantor, token.identityId);
    const grace = validateGracePeriod(gracePeriodSeconds);
    const state = tokenState(token, now);
    if (state !== 'ACTIVE') throw new InvalidStateError(`a ${state.toLowerCase()} token cannot be rotated`);
    const secret = await rotateSecret(tx, 'TOKEN', { tokenId: id }, grace, now);
    const after = await tx.token.update({ where: { id }, data: { updatedAt: now } });
    return {
      result: { token: after, secret },
      targetId: id,
      changes: { gracePeriodSeconds: grace, secretRotated: true },
    };
  });
}

/**
 * Sets (or imports) a token's key. The key must be a strong Keygate token secret and unused anywhere;
 * it replaces every secret the token had. Not found, not visible and expired are answered alike. The
 * audit event says that the key changed and never what it is.
 */
export async function setTokenKey(
  deps: AuditedDeps,
  grantor: Grantor,
  id: string,
  key: string | null | undefined,
  now = new Date(),
) {
  return audited(deps, { action: 'token.key_set', targetType: 'Token', targetId: id }, async (tx) => {
    const token = await lockToken(tx, deps.actor.organizationId, id);
    const state = tokenState(token, now);
    if (state === 'EXPIRED') throw new NotFoundError('Token');
    if (state === 'REVOKED') throw new InvalidStateError('a revoked token cannot get a new key');
    await assertIdentityWithinGrantor(tx, grantor, token.identityId);
    if (!key) throw new ValidationError('key', 'key must not be empty');
    const checked = checkImportedSecret(key, 'TOKEN');
    if (!checked.ok) throw new ValidationError('key', `key ${checked.reason}`);
    // Refused without saying whose it is; the unique hash closes the race a concurrent caller could win.
    const keyTaken = () => new ValidationError('key', 'key is already in use; choose another');
    const taken = await tx.credentialSecret.findUnique({
      where: { hash: checked.hash },
      select: { hash: true },
    });
    if (taken) throw keyTaken();
    await tx.credentialSecret.deleteMany({ where: { tokenId: id } });
    await refuseDuplicate(
      tx.credentialSecret.create({ data: { hash: checked.hash, kind: 'TOKEN', tokenId: id } }),
      keyTaken,
    );
    const after = await tx.token.update({ where: { id }, data: { updatedAt: now } });
    return { result: after, targetId: id, changes: { keyChanged: true } };
  });
}
