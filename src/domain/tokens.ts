import { uuidv7 } from '../db/uuidv7.js';
import type {
  CredentialKind,
  MachineIdentity,
  Organization,
  Prisma,
  Token,
} from '../generated/prisma/client.js';
import { changedFields } from './audit.js';
import { type AuditedDeps, audited } from './audited.js';
import { tokenReachUntil } from './authenticate.js';
import {
  InvalidStateError,
  NotFoundError,
  PermissionDeniedError,
  refuseDuplicate,
  ValidationError,
} from './errors.js';
import {
  checkBatchSize,
  checkItem,
  checkKeyInput,
  type KeyCaller,
  type KeyInput,
  KeyInUseError,
  refuseKeyIn,
  refuseRepeatedKeys,
  refuseTakenKeys,
  storeImportedSecrets,
  validateExternalId,
} from './imported-keys.js';
import { normaliseRange } from './ip-ranges.js';
import { findIdentity, validateName } from './machine-identities.js';
import { assertGrantable } from './members.js';
import { effectivePermissions, type Permission } from './permissions.js';
import {
  allowsMore,
  assertCredentialWithinReach,
  assertDateWithinReach,
  earliest,
  type Reaching,
} from './reach.js';
import { revocationEvents, revokeWhere } from './revocations.js';
import { rotateSecret, validateGracePeriod } from './rotation.js';
import { validateScopes } from './scopes.js';
import { generateSecret, hashSecret, type ImportedKeyRule } from './secrets.js';

const DAY_MS = 86_400_000;

/**
 * The latest a token created at `createdAt` may last under the organization's `tokenMaxLifetimeDays`,
 * renewals included; null without a cap.
 */
async function lifetimeCap(
  tx: Prisma.TransactionClient,
  organizationId: string,
  createdAt: Date,
): Promise<Date | null> {
  const { tokenMaxLifetimeDays } = await tx.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { tokenMaxLifetimeDays: true },
  });
  return capOf(tokenMaxLifetimeDays, createdAt);
}

function capOf(tokenMaxLifetimeDays: number | null, createdAt: Date): Date | null {
  return tokenMaxLifetimeDays ? new Date(createdAt.getTime() + tokenMaxLifetimeDays * DAY_MS) : null;
}

/**
 * An identity of the organization that a token is made for, with the organization's cap, in one
 * statement; not found like findIdentity.
 */
async function findIdentityAndCap(tx: Prisma.TransactionClient, organizationId: string, id: string) {
  const [identity] = await tx.$queryRaw<
    (Pick<MachineIdentity, 'id' | 'role' | 'permissions'> & Pick<Organization, 'tokenMaxLifetimeDays'>)[]
  >`
    SELECT i.id, i.role::text AS role, i.permissions, o."tokenMaxLifetimeDays"
    FROM "MachineIdentity" i JOIN "Organization" o ON o.id = i."organizationId"
    WHERE i.id = ${id}::uuid AND i."organizationId" = ${organizationId}::uuid`;
  if (!identity) throw new NotFoundError('MachineIdentity');
  return identity;
}

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
  /** Requests the token may make per window, on every verification path; 0: no limit. */
  requestLimit?: number | null;
  requestLimitWindow?: number | null;
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

function validateUsesLimit(numUsesLimit: number): number {
  if (!Number.isInteger(numUsesLimit) || numUsesLimit < 0) {
    throw new ValidationError('numUsesLimit', 'numUsesLimit must be a whole number, 0 for unlimited');
  }
  return numUsesLimit;
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
export function tokenState(
  token: Pick<Token, 'revokedAt' | 'expiresAt' | 'numUses' | 'numUsesLimit'>,
  now = new Date(),
) {
  if (token.revokedAt) return 'REVOKED' as const;
  if (token.expiresAt && token.expiresAt <= now) return 'EXPIRED' as const;
  if (token.numUsesLimit > 0 && token.numUses >= token.numUsesLimit) return 'USED_UP' as const;
  return 'ACTIVE' as const;
}

export type TokenState = ReturnType<typeof tokenState>;

const notExpired = (now: Date): Prisma.TokenWhereInput => ({
  OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
});

/** The filter that lists the tokens `tokenState` puts in `state`. */
export function tokenStateFilter(
  state: TokenState,
  fields: Prisma.TokenFieldRefs,
  now = new Date(),
): Prisma.TokenWhereInput {
  if (state === 'REVOKED') return { revokedAt: { not: null } };
  if (state === 'EXPIRED') return { revokedAt: null, expiresAt: { lte: now } };
  if (state === 'USED_UP') {
    return {
      revokedAt: null,
      AND: [notExpired(now), { numUsesLimit: { gt: 0 } }, { numUses: { gte: fields.numUsesLimit } }],
    };
  }
  return {
    revokedAt: null,
    AND: [notExpired(now), { OR: [{ numUsesLimit: 0 }, { numUses: { lt: fields.numUsesLimit } }] }],
  };
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
    renewableUntil: token.renewableUntil?.toISOString() ?? null,
    requestLimit: token.requestLimit,
    requestLimitWindow: token.requestLimitWindow,
    revoked: token.revokedAt !== null,
  };
}

/**
 * Locks a token of the organization for the rest of the transaction, so concurrent changes of one token
 * apply one after another, and reads what its identity may do. Tokens of other organizations are not found.
 */
async function lockToken(
  tx: Prisma.TransactionClient,
  organizationId: string,
  id: string,
): Promise<{ token: Token; identity: Pick<MachineIdentity, 'role' | 'permissions'> }> {
  // One statement: the locked row as it is once the lock is held, and what its identity may do.
  const [locked] = await tx.$queryRaw<
    (Token & { identityRole: MachineIdentity['role']; identityPermissions: string[] })[]
  >`
    SELECT t.*, i.role::text AS "identityRole", i.permissions AS "identityPermissions"
    FROM "Token" t JOIN "MachineIdentity" i ON i.id = t."identityId"
    WHERE t.id = ${id}::uuid AND t."organizationId" = ${organizationId}::uuid
    FOR UPDATE OF t`;
  if (!locked) throw new NotFoundError('Token');
  const { identityRole, identityPermissions, ...token } = locked;
  return { token, identity: { role: identityRole, permissions: identityPermissions } };
}

/**
 * Locks a token of the caller's organization (lockToken). Everything a machine identity holds is managed
 * only by a request that could have given it the identity's role and grants: an admin renames, renews,
 * rotates, re-keys, revokes or deletes no token of an owner-role identity. A token renewing or rotating
 * itself (`self`) gives nobody anything: its own identity's permissions are not the question.
 */
async function lockHeldToken(
  tx: Prisma.TransactionClient,
  caller: Reaching,
  organizationId: string,
  id: string,
  options: { self?: boolean } = {},
): Promise<Token> {
  const { token, identity } = await lockToken(tx, organizationId, id);
  if (!options.self) assertGrantable(caller, identity.role, identity.permissions);
  return token;
}

/** A caller with the credential it presented: a token may renew and rotate itself. */
export interface CredentialCaller extends Reaching {
  credential: { kind: CredentialKind; id: string };
}

/**
 * Whether the request acts on its own token. Without `permission` (organization-wide: every identity's
 * tokens) a token may renew or rotate only itself; anything else is refused, whether the other token
 * exists or not.
 */
function assertSelfOr(caller: CredentialCaller, permission: Permission, id: string): boolean {
  const self = caller.credential.kind === 'TOKEN' && caller.credential.id === id;
  if (!self && !caller.permissions.has(permission)) throw new PermissionDeniedError(permission);
  return self;
}

/**
 * Creates a token for a machine identity. It reaches no further than the credential that makes it: it
 * expires, and can be renewed, no later than that credential can last (a token without a TTL then expires
 * exactly then), and it never carries more permissions than the caller holds. Under the organization's
 * `tokenMaxLifetimeDays` a longer TTL or max TTL is refused, and a token without a TTL expires at the cap.
 */
export async function createToken(
  deps: AuditedDeps,
  caller: Reaching,
  input: CreateTokenInput,
  now = new Date(),
): Promise<{ token: Token; secret: string }> {
  const { organizationId } = deps.actor;
  return audited(deps, { action: 'token.created', targetType: 'Token' }, async (tx) => {
    const identity = await findIdentityAndCap(tx, organizationId, input.identityId);
    assertGrantable(caller, identity.role, identity.permissions);
    const name = validateName(input.name);
    const ttl = validateSeconds('ttl', input.ttl ?? 0);
    const maxTtl = validateSeconds('maxTtl', input.maxTtl ?? 0);
    if (maxTtl > 0 && ttl === 0)
      throw new ValidationError('maxTtl', 'maxTtl needs a ttl: a token without a TTL never expires');
    if (maxTtl > 0 && ttl > maxTtl) throw new ValidationError('ttl', 'ttl must not exceed maxTtl');
    const numUsesLimit = validateUsesLimit(input.numUsesLimit ?? 0);
    const trustedIps = validateTrustedIps(input.trustedIps ?? []);
    const requestLimit = input.requestLimit ?? 0;
    if (!Number.isInteger(requestLimit) || requestLimit < 0 || requestLimit > 1_000_000) {
      throw new ValidationError(
        'requestLimit',
        'requestLimit must be a whole number from 0 (none) to 1000000',
      );
    }
    const requestLimitWindow = input.requestLimitWindow ?? 60;
    if (!Number.isInteger(requestLimitWindow) || requestLimitWindow < 1 || requestLimitWindow > 86_400) {
      throw new ValidationError('requestLimitWindow', 'requestLimitWindow must be 1 to 86400 seconds');
    }
    const identityPermissions = effectivePermissions({
      role: identity.role,
      grants: identity.permissions,
      scopes: [],
    });
    const scopes = validateScopes(input.scopes ?? [], identityPermissions);
    // A TTL or max TTL past the organization's cap is refused, as a PAT's expiry past its maximum lifetime
    // is; a token without a TTL gets the cap as its expiry, and renewal stops there too.
    const cap = capOf(identity.tokenMaxLifetimeDays, now);
    if (cap) {
      const capSeconds = (cap.getTime() - now.getTime()) / 1000;
      for (const [field, seconds] of [
        ['ttl', ttl],
        ['maxTtl', maxTtl],
      ] as const) {
        if (seconds > capSeconds) {
          throw new ValidationError(
            field,
            `${field} must be at most ${capSeconds} seconds (the organization's maximum token lifetime)`,
          );
        }
      }
    }
    const secret = generateSecret('TOKEN');
    const expiresAt = earliest(ttl > 0 ? new Date(now.getTime() + ttl * 1000) : cap, caller.reach.until);
    const renewableUntil = earliest(caller.reach.until, cap);
    // The token and its secret in one statement (Prisma's nested create sends three); the columns left
    // out take their defaults, as with Prisma.
    const [token] = await tx.$queryRaw<Token[]>`
      WITH token AS (
        INSERT INTO "Token" (
          "id", "organizationId", "identityId", "name", "ttl", "maxTtl", "numUsesLimit", "trustedIps",
          "scopes", "expiresAt", "renewableUntil", "requestLimit", "requestLimitWindow", "createdAt",
          "updatedAt")
        VALUES (
          ${uuidv7(now)}::uuid, ${organizationId}::uuid, ${identity.id}::uuid, ${name}, ${ttl}, ${maxTtl},
          ${numUsesLimit}, ${trustedIps}::text[], ${scopes}::text[], ${expiresAt}::timestamptz,
          ${renewableUntil}::timestamptz, ${requestLimit}, ${requestLimitWindow}, ${now}::timestamptz,
          ${now}::timestamptz)
        RETURNING *
      ), secret AS (
        INSERT INTO "CredentialSecret" ("hash", "kind", "tokenId", "createdAt")
        SELECT ${hashSecret(secret)}::bytea, 'TOKEN'::"CredentialKind", token.id, ${now}::timestamptz
        FROM token
      )
      SELECT * FROM token`;
    if (!token) throw new Error('token not written');
    return { result: { token, secret }, targetId: token.id, changes: { after: snapshot(token) } };
  });
}

export interface UpdateTokenInput {
  name?: string | null;
  trustedIps?: readonly string[] | null;
  scopes?: readonly string[] | null;
  numUsesLimit?: number | null;
}

const EDITABLE = ['name', 'trustedIps', 'scopes', 'numUsesLimit'] as const;

/**
 * Edits a token's name, trusted ranges, scopes and use limit; what the input omits stays. An empty list
 * clears the trusted ranges (anywhere) or the scopes (all of the identity's permissions, which the caller
 * holds: it may manage the identity's tokens only if it could grant the identity's role and grants). Scopes
 * name permissions both the identity and the caller hold. An edit that widens the token (a scope, range or
 * use it did not have) grants it, so the token may reach no further than the caller's credential; narrowing
 * is always allowed. A use limit below the uses already spent is refused; one equal to them leaves the token
 * used up at once. The event records each changed field before and after; the change evicts the token
 * from every instance's cache as it commits.
 */
export async function updateToken(
  deps: AuditedDeps,
  caller: Reaching,
  id: string,
  input: UpdateTokenInput,
): Promise<Token> {
  return audited(deps, { action: 'token.updated', targetType: 'Token', targetId: id }, async (tx) => {
    const { token: before, identity } = await lockToken(tx, deps.actor.organizationId, id);
    assertGrantable(caller, identity.role, identity.permissions);
    const data: Pick<Token, (typeof EDITABLE)[number]> = {
      name: input.name != null ? validateName(input.name) : before.name,
      trustedIps: input.trustedIps != null ? validateTrustedIps(input.trustedIps) : before.trustedIps,
      scopes: before.scopes,
      numUsesLimit: input.numUsesLimit != null ? validateUsesLimit(input.numUsesLimit) : before.numUsesLimit,
    };
    if (input.scopes != null) {
      // As createToken: within the identity's permissions, which the caller holds (assertGrantable).
      const identityPermissions = effectivePermissions({
        ...identity,
        grants: identity.permissions,
        scopes: [],
      });
      data.scopes = validateScopes(input.scopes, identityPermissions);
    }
    if (data.numUsesLimit > 0 && data.numUsesLimit < before.numUses) {
      throw new ValidationError(
        'numUsesLimit',
        `numUsesLimit must be 0 (unlimited) or at least ${before.numUses}, the uses already spent`,
      );
    }
    if (widens(before, data)) {
      assertCredentialWithinReach({ organizationBound: true, until: tokenReachUntil(before) }, caller);
    }
    const after = await tx.token.update({ where: { id }, data });
    return { result: after, targetId: id, changes: changedFields(before, after, EDITABLE) };
  });
}

/** Whether an edit lets the token do something it could not: a scope, an address or a use more. */
function widens(before: Token, after: Pick<Token, 'trustedIps' | 'scopes' | 'numUsesLimit'>): boolean {
  const moreUses =
    before.numUsesLimit > 0 && (after.numUsesLimit === 0 || after.numUsesLimit > before.numUsesLimit);
  return (
    allowsMore(before.scopes, after.scopes) || allowsMore(before.trustedIps, after.trustedIps) || moreUses
  );
}

/**
 * Extends a token's expiry by its TTL from now, never past creation + max TTL, creation + the
 * organization's maximum token lifetime, its inherited `renewableUntil`, or the end of the credential the
 * request is made with. Revoked, expired and used-up tokens cannot be renewed, and neither can a token
 * without a TTL. A token may renew itself without `token:renew`, within those same limits (the secret it
 * presents must reach as far as the token: a secret rotated out cannot).
 */
export async function renewToken(
  deps: AuditedDeps,
  caller: CredentialCaller,
  id: string,
  now = new Date(),
): Promise<Token> {
  return audited(deps, { action: 'token.renewed', targetType: 'Token', targetId: id }, async (tx) => {
    const self = assertSelfOr(caller, 'token:renew', id);
    const before = await lockHeldToken(tx, caller, deps.actor.organizationId, id, { self });
    const state = tokenState(before, now);
    if (state !== 'ACTIVE') {
      throw new InvalidStateError(`a ${state.toLowerCase().replace('_', ' ')} token cannot be renewed`);
    }
    if (before.ttl === 0) throw new InvalidStateError('a token without a TTL cannot be renewed');
    // The organization's cap counts as it is now: one set after the token was made stops it there too.
    const ceiling = earliest(
      tokenReachUntil(before),
      await lifetimeCap(tx, deps.actor.organizationId, before.createdAt),
    );
    if (ceiling && ceiling <= now) throw new InvalidStateError('the token has reached its max TTL');
    // Renewing with a credential that ends sooner would shorten the token: that is not the caller's to do.
    if (before.expiresAt)
      assertCredentialWithinReach({ organizationBound: true, until: before.expiresAt }, caller);
    const expiresAt = earliest(new Date(now.getTime() + before.ttl * 1000), ceiling, caller.reach.until)!;
    const after = await tx.token.update({ where: { id }, data: { expiresAt, lastRenewedAt: now } });
    return {
      result: after,
      targetId: id,
      changes: {
        before: { expiresAt: before.expiresAt?.toISOString() },
        after: { expiresAt: after.expiresAt?.toISOString() },
        ...(self && { self: true }),
      },
    };
  });
}

export async function revokeToken(
  deps: AuditedDeps,
  caller: Reaching,
  id: string,
  now = new Date(),
): Promise<Token> {
  return audited(deps, { action: 'token.revoked', targetType: 'Token', targetId: id }, async (tx) => {
    const before = await lockHeldToken(tx, caller, deps.actor.organizationId, id);
    if (before.revokedAt) return { result: before, targetId: id, changes: { alreadyRevoked: true } };
    const after = await tx.token.update({ where: { id }, data: { revokedAt: now } });
    return { result: after, targetId: id, changes: { before: { revoked: false }, after: { revoked: true } } };
  });
}

/** Deletes a token and its secrets: it stops working at once and leaves the lists (its audit trail stays). */
export async function deleteToken(deps: AuditedDeps, caller: Reaching, id: string): Promise<string> {
  return audited(deps, { action: 'token.deleted', targetType: 'Token', targetId: id }, async (tx) => {
    const before = await lockHeldToken(tx, caller, deps.actor.organizationId, id);
    await tx.token.delete({ where: { id } });
    return { result: id, targetId: id, changes: { before: snapshot(before) } };
  });
}

/**
 * Revokes every token of a machine identity in one statement: one `token.revoked` event per token it ends
 * (as revokeToken writes) and one `token.revoked_all` for the operation, with the ids; the identity's
 * tokens leave every instance's cache as it commits.
 */
export async function revokeAllTokens(
  deps: AuditedDeps,
  caller: Reaching,
  identityId: string,
  now = new Date(),
): Promise<string[]> {
  const { organizationId } = deps.actor;
  return audited(
    deps,
    { action: 'token.revoked_all', targetType: 'MachineIdentity', targetId: identityId },
    async (tx) => {
      const identity = await findIdentity(tx, organizationId, identityId);
      assertGrantable(caller, identity.role, identity.permissions);
      const ids = await revokeWhere(tx, 'TOKEN', { identityId, organizationId }, now);
      return {
        result: ids,
        targetId: identityId,
        changes: { revokedTokenIds: ids },
        events: revocationEvents('TOKEN', ids, { via: 'revokeAllTokens' }),
      };
    },
  );
}

/**
 * Issues a new secret with every setting kept; the old one works for the grace period. The new secret is
 * worth as much as the token, which may therefore last no longer than the caller's credential. A token may
 * rotate itself without `token:rotate`: the new secret is the same token (its scopes, limits, ranges and
 * expiry), and a secret already rotated out reaches less far than the token, so it cannot.
 */
export async function rotateToken(
  deps: AuditedDeps,
  caller: CredentialCaller,
  id: string,
  gracePeriodSeconds: number,
  now = new Date(),
): Promise<{ token: Token; secret: string }> {
  return audited(deps, { action: 'token.rotated', targetType: 'Token', targetId: id }, async (tx) => {
    const self = assertSelfOr(caller, 'token:rotate', id);
    const token = await lockHeldToken(tx, caller, deps.actor.organizationId, id, { self });
    const grace = validateGracePeriod(gracePeriodSeconds);
    const state = tokenState(token, now);
    if (state === 'REVOKED' || state === 'EXPIRED') {
      throw new InvalidStateError(`a ${state.toLowerCase()} token cannot be rotated`);
    }
    assertCredentialWithinReach({ organizationBound: true, until: tokenReachUntil(token) }, caller);
    const secret = await rotateSecret(tx, 'TOKEN', { tokenId: id }, grace, now);
    const after = await tx.token.update({ where: { id }, data: { updatedAt: now } });
    return {
      result: { token: after, secret },
      targetId: id,
      changes: { gracePeriodSeconds: grace, secretRotated: true, ...(self && { self: true }) },
    };
  });
}

/**
 * Sets (or imports) a token's key: a strong Keygate token secret, a key brought from another product that
 * meets `rule`, or that key's SHA-256 (`keySha256`), unused anywhere. It replaces every secret the token
 * had. Not found, not visible and expired are answered alike. The audit event says that the key changed
 * and never what it is. Like a rotation, it hands the caller a working secret for the token, so the token
 * may last no longer than the caller's credential.
 */
export async function setTokenKey(
  deps: AuditedDeps,
  caller: KeyCaller,
  id: string,
  input: KeyInput,
  rule: ImportedKeyRule,
  now = new Date(),
) {
  return audited(deps, { action: 'token.key_set', targetType: 'Token', targetId: id }, async (tx) => {
    const token = await lockHeldToken(tx, caller, deps.actor.organizationId, id);
    const state = tokenState(token, now);
    if (state === 'EXPIRED') throw new NotFoundError('Token');
    if (state === 'REVOKED') throw new InvalidStateError('a revoked token cannot get a new key');
    assertCredentialWithinReach({ organizationBound: true, until: tokenReachUntil(token) }, caller);
    const checked = checkKeyInput(input, 'TOKEN', rule);
    await refuseTakenKeys(tx, [checked], [checked.given], deps.actor.organizationId, caller);
    await tx.credentialSecret.deleteMany({ where: { tokenId: id } });
    // The unique hash closes the race a concurrent caller could win.
    await refuseDuplicate(
      tx.credentialSecret.create({ data: { hash: checked.hash, kind: 'TOKEN', tokenId: id } }),
      () => new KeyInUseError(null, null, checked.given),
    );
    const after = await tx.token.update({ where: { id }, data: { updatedAt: now } });
    return { result: after, targetId: id, changes: { keyChanged: true, keyGivenAs: checked.given } };
  });
}

/** One token brought from another product, with its key (or the key's SHA-256) and its settings. */
export interface ImportTokenInput extends KeyInput {
  name: string;
  /** When it stops working; default: as createToken without a TTL (the organization's cap, the caller's end). */
  expiresAt?: Date | null;
  scopes?: readonly string[] | null;
  trustedIps?: readonly string[] | null;
  numUsesLimit?: number | null;
  /** What the other product called it, for people tracing the migration. */
  externalId?: string | null;
}

/**
 * Imports tokens for a machine identity with keys from another product, all or nothing: every item is
 * checked (its name, scopes within the identity's permissions, expiry within the organization's cap and
 * the caller's reach, key strength, no key used twice or already any credential's), then all are written
 * in one transaction with one `token.imported` event each and one `token.batch_imported` for the import.
 * A refused item names its index (`tokens[3].key`) and nothing is imported. The tokens have no TTL: they
 * work until `expiresAt` (or the cap), and are rotated, revoked and re-keyed like any other.
 */
export async function importTokens(
  deps: AuditedDeps,
  caller: KeyCaller,
  input: { identityId: string; tokens: readonly ImportTokenInput[] },
  rule: ImportedKeyRule,
  now = new Date(),
): Promise<Token[]> {
  const { organizationId } = deps.actor;
  return audited(
    deps,
    { action: 'token.batch_imported', targetType: 'MachineIdentity', targetId: input.identityId },
    async (tx) => {
      // The caller chooses the keys: what setTokenKey needs, beside createToken's token:create.
      if (!caller.permissions.has('token:set_key')) throw new PermissionDeniedError('token:set_key');
      const identity = await findIdentityAndCap(tx, organizationId, input.identityId);
      assertGrantable(caller, identity.role, identity.permissions);
      checkBatchSize('tokens', input.tokens.length);
      const identityPermissions = effectivePermissions({
        role: identity.role,
        grants: identity.permissions,
        scopes: [],
      });
      const cap = capOf(identity.tokenMaxLifetimeDays, now);
      const renewableUntil = earliest(caller.reach.until, cap);
      const items = input.tokens.map((item, index) =>
        checkItem('tokens', index, () => {
          if (item.expiresAt) {
            if (item.expiresAt <= now)
              throw new ValidationError('expiresAt', 'expiresAt must be in the future');
            if (cap && item.expiresAt > cap) {
              throw new ValidationError(
                'expiresAt',
                `expiresAt must not be later than ${cap.toISOString()} (the organization's maximum token lifetime)`,
              );
            }
            assertDateWithinReach('expiresAt', item.expiresAt, caller);
          }
          return {
            key: checkKeyInput(item, 'TOKEN', rule),
            row: {
              id: uuidv7(now),
              organizationId,
              identityId: identity.id,
              name: refuseKeyIn('name', validateName(item.name), item.key),
              numUsesLimit: validateUsesLimit(item.numUsesLimit ?? 0),
              trustedIps: validateTrustedIps(item.trustedIps ?? []),
              scopes: validateScopes(item.scopes ?? [], identityPermissions),
              expiresAt: item.expiresAt ?? earliest(cap, caller.reach.until),
              renewableUntil,
              externalId: validateExternalId(item.externalId, item.key),
              createdAt: now,
              updatedAt: now,
            },
          };
        }),
      );
      const keys = items.map((item) => item.key);
      const fieldOf = (index: number) => `tokens[${index}].${keys[index]!.given}`;
      refuseRepeatedKeys(keys, fieldOf);
      await refuseTakenKeys(
        tx,
        keys,
        keys.map((_, index) => fieldOf(index)),
        organizationId,
        caller,
      );
      const tokens = await tx.token.createManyAndReturn({ data: items.map((item) => item.row) });
      const byId = new Map(tokens.map((token) => [token.id, token]));
      await storeImportedSecrets(
        tx,
        'TOKEN',
        items.map((item) => ({ hash: item.key.hash, credentialId: item.row.id })),
        now,
      );
      const imported = items.map((item) => byId.get(item.row.id)!);
      return {
        result: imported,
        targetId: identity.id,
        changes: { count: imported.length, tokenIds: imported.map((token) => token.id) },
        // A key imported now may have been presented (and remembered as unknown) before: every instance
        // forgets its misses, and what it cached of the identity.
        affects: [`identity:${identity.id}`],
        events: imported.map((token, index) => ({
          action: 'token.imported',
          targetType: 'Token',
          targetId: token.id,
          changes: {
            after: snapshot(token),
            externalId: token.externalId,
            keyGivenAs: items[index]!.key.given,
          },
        })),
      };
    },
  );
}
