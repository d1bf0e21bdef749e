import { uuidv7 } from '../db/uuidv7.js';
import type { PersonalAccessToken, Prisma } from '../generated/prisma/client.js';
import { changedFields } from './audit.js';
import { type AuditedDeps, audited } from './audited.js';
import {
  InvalidStateError,
  LimitReachedError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from './errors.js';
import {
  checkBatchSize,
  checkItem,
  checkKeyInput,
  type KeyCaller,
  type KeyInput,
  refuseKeyIn,
  refuseRepeatedKeys,
  refuseTakenKeys,
  storeImportedSecrets,
  validateExternalId,
} from './imported-keys.js';
import type { Permission } from './permissions.js';
import { allowsMore, assertCredentialWithinReach, assertDateWithinReach, type Reaching } from './reach.js';
import { rotateSecret, validateGracePeriod } from './rotation.js';
import { assertCredentialWithinCaller, validateScopes } from './scopes.js';
import { generateSecret, hashSecret, type ImportedKeyRule } from './secrets.js';

const DAY_MS = 86_400_000;
export const DESCRIPTION_MAX_LENGTH = 200;

/** The signed-in person and the organization the request acts in: a token is theirs there or not at all. */
export interface PatOwner {
  userId: string;
  organizationId: string;
}

/**
 * The request that manages a token: what it may do, the scopes of the credential it came with, and how far
 * that credential reaches: no token it makes or extends may reach further (reach.ts).
 */
export interface PatCaller extends PatOwner, Reaching {
  permissions: ReadonlySet<Permission>;
  scopes: readonly string[];
  /** The personal access token the request is made with, when it is one: it may renew and rotate itself. */
  credentialId: string | null;
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

/** A token's state as people read it. */
export function patState(token: Pick<PersonalAccessToken, 'revokedAt' | 'expiresAt'>, now = new Date()) {
  if (token.revokedAt) return 'REVOKED' as const;
  if (token.expiresAt <= now) return 'EXPIRED' as const;
  return 'ACTIVE' as const;
}

export function patStateFilter(
  state: 'ACTIVE' | 'EXPIRED' | 'REVOKED' | 'USED_UP',
  now = new Date(),
): Prisma.PersonalAccessTokenWhereInput {
  // Personal access tokens have no use limit.
  if (state === 'USED_UP') return { id: { in: [] } };
  if (state === 'REVOKED') return { revokedAt: { not: null } };
  if (state === 'EXPIRED') return { revokedAt: null, expiresAt: { lte: now } };
  return { revokedAt: null, expiresAt: { gt: now } };
}

export interface PatPolicy {
  patMaxLifetimeDays: number;
  patLimitPerUser: number;
}

/** An expiry must lie in the future and within the organization's maximum lifetime from now. */
function validateExpiry(policy: PatPolicy, expiresAt: Date, now: Date): void {
  if (expiresAt.getTime() <= now.getTime()) {
    throw new ValidationError('expiresAt', 'expiresAt must be in the future');
  }
  if (expiresAt.getTime() > now.getTime() + policy.patMaxLifetimeDays * DAY_MS) {
    throw new ValidationError(
      'expiresAt',
      `expiresAt must be within ${policy.patMaxLifetimeDays} days (the organization's maximum lifetime)`,
    );
  }
}

/**
 * Creates a personal access token; the secret is returned here and never again. A token reaches no
 * further than the credential it is made with: without scopes of its own it takes the caller's, a bound
 * caller makes a bound token, and it can never be renewed past the caller's own end.
 */
export async function createPersonalAccessToken(
  deps: AuditedDeps,
  caller: PatCaller,
  input: CreatePatInput,
  now = new Date(),
): Promise<{ token: PersonalAccessToken; secret: string }> {
  return audited(deps, { action: 'pat.created', targetType: 'PersonalAccessToken' }, async (tx) => {
    const description = validateDescription(input.description);
    const requested = input.scopes ?? [];
    const scopes = requested.length > 0 ? validateScopes(requested, caller.permissions) : [...caller.scopes];
    assertDateWithinReach('expiresAt', input.expiresAt, caller);
    const policy = await lockMembership(tx, caller);
    const { token, secret } = await issuePersonalAccessToken(
      tx,
      caller,
      policy,
      {
        description,
        scopes,
        expiresAt: input.expiresAt,
        organizationBound: caller.reach.organizationBound,
        renewableUntil: caller.reach.until ?? new Date(now.getTime() + policy.patMaxLifetimeDays * DAY_MS),
      },
      now,
    );
    return {
      result: { token, secret },
      targetId: token.id,
      changes: { after: snapshot(token) },
    };
  });
}

/**
 * Makes a personal access token for `owner` under the organization's `policy`: an expiry within its
 * maximum lifetime, and no more than its per-user limit of active tokens (revoked and expired ones stay
 * listed but do not count: they can no longer be used). The secret is returned here and never again; only
 * its hash is stored. Call it in a transaction that has already locked the owner's membership row
 * (lockMembership, or the invitation's upsert), in a statement before this one: PostgreSQL reads the
 * count with the snapshot of the statement it is in, taken before that statement waits for a lock, so a
 * count in the locking statement itself could miss a token committed meanwhile.
 */
export async function issuePersonalAccessToken(
  tx: Prisma.TransactionClient,
  owner: PatOwner,
  policy: PatPolicy,
  data: Pick<
    PersonalAccessToken,
    'description' | 'scopes' | 'expiresAt' | 'organizationBound' | 'renewableUntil'
  >,
  now: Date,
): Promise<{ token: PersonalAccessToken; secret: string }> {
  validateExpiry(policy, data.expiresAt, now);
  const secret = generateSecret('PERSONAL_ACCESS_TOKEN');
  // One statement: the count of active tokens (patStateFilter('ACTIVE', now), on the index that holds
  // it), the token only when under the limit, and its secret (Prisma's count and nested create send four).
  const [token] = await tx.$queryRaw<PersonalAccessToken[]>`
    WITH held AS (
      SELECT count(*) AS active FROM "PersonalAccessToken"
      WHERE "userId" = ${owner.userId}::uuid AND "organizationId" = ${owner.organizationId}::uuid
        AND "revokedAt" IS NULL AND "expiresAt" > ${now}::timestamptz
    ), token AS (
      INSERT INTO "PersonalAccessToken" (
        "id", "organizationId", "userId", "description", "scopes", "expiresAt", "organizationBound",
        "renewableUntil", "createdAt", "updatedAt")
      SELECT ${uuidv7(now)}::uuid, ${owner.organizationId}::uuid, ${owner.userId}::uuid,
        ${data.description}::text, ${data.scopes}::text[], ${data.expiresAt}::timestamptz,
        ${data.organizationBound}::boolean, ${data.renewableUntil}::timestamptz, ${now}::timestamptz,
        ${now}::timestamptz
      FROM held WHERE held.active < ${policy.patLimitPerUser}
      RETURNING *
    ), secret AS (
      INSERT INTO "CredentialSecret" ("hash", "kind", "patId", "createdAt")
      SELECT ${hashSecret(secret)}::bytea, 'PERSONAL_ACCESS_TOKEN'::"CredentialKind", token.id,
        ${now}::timestamptz
      FROM token
    )
    SELECT * FROM token`;
  if (!token) {
    throw new LimitReachedError(
      `a user may hold at most ${policy.patLimitPerUser} active personal access tokens in this organization`,
      policy.patLimitPerUser,
    );
  }
  return { token, secret };
}

/** One personal access token brought from another product, with its key (or the key's SHA-256). */
export interface ImportPatInput extends KeyInput {
  description: string;
  expiresAt: Date;
  scopes?: readonly string[] | null;
  /** What the other product called it, for people tracing the migration. */
  externalId?: string | null;
}

/**
 * Imports the caller's own personal access tokens with keys from another product (Unleash's PATs, say),
 * all or nothing, as createPersonalAccessToken would make each (scopes within the caller's, expiry within
 * the organization's maximum lifetime and the caller's reach), within the per-user limit of active tokens
 * counting the new ones. Only one's own: a person's token acts as that person, and nobody makes one for
 * somebody else. One `pat.imported` event each and one `pat.batch_imported`; a refused item names its
 * index (`tokens[3].key`) and nothing is imported.
 */
export async function importPersonalAccessTokens(
  deps: AuditedDeps,
  caller: PatCaller & KeyCaller,
  input: { tokens: readonly ImportPatInput[] },
  rule: ImportedKeyRule,
  now = new Date(),
): Promise<PersonalAccessToken[]> {
  return audited(
    deps,
    { action: 'pat.batch_imported', targetType: 'User', targetId: caller.userId },
    async (tx) => {
      checkBatchSize('tokens', input.tokens.length);
      const policy = await lockMembership(tx, caller);
      const items = input.tokens.map((item, index) =>
        checkItem('tokens', index, () => {
          validateExpiry(policy, item.expiresAt, now);
          assertDateWithinReach('expiresAt', item.expiresAt, caller);
          const requested = item.scopes ?? [];
          return {
            key: checkKeyInput(item, 'PERSONAL_ACCESS_TOKEN', rule),
            row: {
              id: uuidv7(now),
              organizationId: caller.organizationId,
              userId: caller.userId,
              description: refuseKeyIn('description', validateDescription(item.description), item.key),
              scopes:
                requested.length > 0 ? validateScopes(requested, caller.permissions) : [...caller.scopes],
              expiresAt: item.expiresAt,
              organizationBound: caller.reach.organizationBound,
              renewableUntil:
                caller.reach.until ?? new Date(now.getTime() + policy.patMaxLifetimeDays * DAY_MS),
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
        caller.organizationId,
        caller,
      );
      // Counted after lockMembership, in a statement of its own (see issuePersonalAccessToken).
      const active = await tx.personalAccessToken.count({
        where: {
          userId: caller.userId,
          organizationId: caller.organizationId,
          ...patStateFilter('ACTIVE', now),
        },
      });
      if (active + items.length > policy.patLimitPerUser) {
        throw new LimitReachedError(
          `a user may hold at most ${policy.patLimitPerUser} active personal access tokens in this organization ` +
            `(${active} now, ${items.length} to import)`,
          policy.patLimitPerUser,
        );
      }
      const tokens = await tx.personalAccessToken.createManyAndReturn({
        data: items.map((item) => item.row),
      });
      const byId = new Map(tokens.map((token) => [token.id, token]));
      await storeImportedSecrets(
        tx,
        'PERSONAL_ACCESS_TOKEN',
        items.map((item) => ({ hash: item.key.hash, credentialId: item.row.id })),
        now,
      );
      const imported = items.map((item) => byId.get(item.row.id)!);
      return {
        result: imported,
        targetId: caller.userId,
        changes: { count: imported.length, personalAccessTokenIds: imported.map((token) => token.id) },
        // A key imported now may have been presented (and remembered as unknown) before.
        affects: [`user:${caller.userId}`],
        events: imported.map((token, index) => ({
          action: 'pat.imported',
          targetType: 'PersonalAccessToken',
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

/**
 * Serialises a user's creations in one organization, so concurrent requests cannot together pass the
 * per-user limit, and reads the organization's policy in the same statement.
 */
async function lockMembership(tx: Prisma.TransactionClient, owner: PatOwner): Promise<PatPolicy> {
  const [policy] = await tx.$queryRaw<PatPolicy[]>`
    SELECT o."patMaxLifetimeDays", o."patLimitPerUser"
    FROM "Membership" m JOIN "Organization" o ON o.id = m."organizationId"
    WHERE m."organizationId" = ${owner.organizationId}::uuid AND m."userId" = ${owner.userId}::uuid
    FOR UPDATE OF m`;
  // The request authenticated as a member a moment ago; a membership removed since is a lost race.
  if (!policy) throw new NotFoundError('Membership');
  return policy;
}

/**
 * Locks one of the owner's tokens in the organization the request acts in, for the rest of the
 * transaction, so concurrent changes of one token apply one after another. Anybody else's token, or one
 * of the owner's in another organization, is not found.
 */
async function lockOwnToken(
  tx: Prisma.TransactionClient,
  owner: PatOwner,
  id: string,
): Promise<PersonalAccessToken> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "PersonalAccessToken"
    WHERE id = ${id}::uuid AND "userId" = ${owner.userId}::uuid
      AND "organizationId" = ${owner.organizationId}::uuid
    FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError('PersonalAccessToken');
  return tx.personalAccessToken.findUniqueOrThrow({ where: { id } });
}

/** The settings an audit event shows; never the secret. */
function snapshot(token: PersonalAccessToken) {
  return {
    description: token.description,
    scopes: token.scopes,
    expiresAt: token.expiresAt.toISOString(),
    renewableUntil: token.renewableUntil.toISOString(),
    organizationBound: token.organizationBound,
    revoked: token.revokedAt !== null,
  };
}

/** What a token reaches, for the rule that a caller may touch only what reaches no further than itself. */
function reachOf(token: PersonalAccessToken) {
  return { organizationBound: token.organizationBound, until: token.renewableUntil };
}

/** Deletes one of the owner's tokens; another user's token is answered as not found. */
export async function deletePersonalAccessToken(
  deps: AuditedDeps,
  owner: PatOwner,
  id: string,
): Promise<string> {
  return audited(
    deps,
    { action: 'pat.deleted', targetType: 'PersonalAccessToken', targetId: id },
    async (tx) => {
      const token = await lockOwnToken(tx, owner, id);
      await tx.personalAccessToken.delete({ where: { id } });
      return { result: id, targetId: id, changes: { before: snapshot(token) } };
    },
  );
}

/** Revokes one of the owner's tokens: it stops working at once and stays listed as REVOKED. Idempotent. */
export async function revokePersonalAccessToken(
  deps: AuditedDeps,
  owner: PatOwner,
  id: string,
  now = new Date(),
): Promise<PersonalAccessToken> {
  return audited(
    deps,
    { action: 'pat.revoked', targetType: 'PersonalAccessToken', targetId: id },
    async (tx) => {
      const before = await lockOwnToken(tx, owner, id);
      if (before.revokedAt) return { result: before, targetId: id, changes: { alreadyRevoked: true } };
      // Its secrets stay, so a later use of one is recognised (and recorded) as a revoked token's.
      const after = await tx.personalAccessToken.update({ where: { id }, data: { revokedAt: now } });
      return { result: after, targetId: id, changes: { before: snapshot(before), after: snapshot(after) } };
    },
  );
}

/**
 * Edits one of the owner's tokens: its description (any state: a name is only for people) and its scopes.
 * Scopes name permissions the request holds; an empty list means all of the owner's, which only an unscoped
 * credential holds. A credential may edit the scopes only of a token that can do no more than itself, and
 * widening a token (a scope it did not have) also needs one that reaches as far as the token (reach.ts).
 * The event records each changed field before and after; the change evicts the token from every
 * instance's cache as it commits.
 */
export async function updatePersonalAccessToken(
  deps: AuditedDeps,
  caller: PatCaller,
  id: string,
  input: { description?: string | null; scopes?: readonly string[] | null },
): Promise<PersonalAccessToken> {
  return audited(
    deps,
    { action: 'pat.updated', targetType: 'PersonalAccessToken', targetId: id },
    async (tx) => {
      const description = input.description != null ? validateDescription(input.description) : null;
      const before = await lockOwnToken(tx, caller, id);
      const data = { description: description ?? before.description, scopes: before.scopes };
      if (input.scopes != null) {
        assertCredentialWithinCaller(before.scopes, caller);
        if (input.scopes.length === 0 && caller.scopes.length > 0) {
          throw new ValidationError(
            'scopes',
            "an empty list gives the token all of its owner's permissions, more than the credential you call with holds",
          );
        }
        data.scopes = validateScopes(input.scopes, caller.permissions);
        if (allowsMore(before.scopes, data.scopes)) assertCredentialWithinReach(reachOf(before), caller);
      }
      const after = await tx.personalAccessToken.update({ where: { id }, data });
      return {
        result: after,
        targetId: id,
        changes: changedFields(before, after, ['description', 'scopes']),
      };
    },
  );
}

/**
 * Whether the request acts on the personal access token it is made with. Without `pat:create` a token may
 * renew or rotate only itself; any other of the owner's tokens is refused, whether it exists or not.
 */
function assertSelfOrCreator(caller: PatCaller, id: string): boolean {
  const self = caller.credentialId === id;
  if (!self && !caller.permissions.has('pat:create')) throw new PermissionDeniedError('pat:create');
  return self;
}

/**
 * Gives an active token a new expiry, within the organization's maximum lifetime from now, the token's own
 * `renewableUntil`, and the end of the credential the request is made with. A revoked or expired token
 * cannot be renewed: it has stopped for good. A bound caller cannot extend an unbound token. A token may
 * renew itself without `pat:create`, within those same limits.
 */
export async function renewPersonalAccessToken(
  deps: AuditedDeps,
  caller: PatCaller,
  id: string,
  input: { expiresAt: Date },
  now = new Date(),
): Promise<PersonalAccessToken> {
  return audited(
    deps,
    { action: 'pat.renewed', targetType: 'PersonalAccessToken', targetId: id },
    async (tx) => {
      const self = assertSelfOrCreator(caller, id);
      const before = await lockOwnToken(tx, caller, id);
      const state = patState(before, now);
      if (state !== 'ACTIVE') {
        throw new InvalidStateError(`a ${state.toLowerCase()} token cannot be renewed`);
      }
      // A token renewing itself is, by definition, no stronger than itself.
      if (!self) assertCredentialWithinCaller(before.scopes, caller);
      // It must not reach further already: another organization's reach, or a life past the caller's.
      assertCredentialWithinReach(
        { organizationBound: before.organizationBound, until: before.expiresAt },
        caller,
      );
      const policy = await tx.organization.findUniqueOrThrow({ where: { id: caller.organizationId } });
      validateExpiry(policy, input.expiresAt, now);
      if (input.expiresAt > before.renewableUntil) {
        throw new ValidationError(
          'expiresAt',
          `this token can be renewed only until ${before.renewableUntil.toISOString()}`,
        );
      }
      assertDateWithinReach('expiresAt', input.expiresAt, caller);
      const after = await tx.personalAccessToken.update({
        where: { id },
        data: { expiresAt: input.expiresAt },
      });
      return {
        result: after,
        targetId: id,
        changes: {
          before: { expiresAt: before.expiresAt.toISOString() },
          after: { expiresAt: after.expiresAt.toISOString() },
          ...(self && { self: true }),
        },
      };
    },
  );
}

/**
 * New secret, same token: description, scopes and expiry are kept; the old secret works for the grace.
 * The new secret is worth as much as the token, so the token may reach no further than the caller:
 * permissions, organizations and time. A token may rotate itself without `pat:create`; a secret of it
 * already rotated out reaches less far than the token (only to the end of its grace), so it cannot.
 */
export async function rotatePersonalAccessToken(
  deps: AuditedDeps,
  caller: PatCaller,
  id: string,
  gracePeriodSeconds: number,
  now = new Date(),
): Promise<{ token: PersonalAccessToken; secret: string }> {
  return audited(
    deps,
    { action: 'pat.rotated', targetType: 'PersonalAccessToken', targetId: id },
    async (tx) => {
      const self = assertSelfOrCreator(caller, id);
      const grace = validateGracePeriod(gracePeriodSeconds);
      const token = await lockOwnToken(tx, caller, id);
      const state = patState(token, now);
      if (state !== 'ACTIVE') {
        throw new InvalidStateError(`a ${state.toLowerCase()} token cannot be rotated`);
      }
      if (!self) assertCredentialWithinCaller(token.scopes, caller);
      assertCredentialWithinReach(reachOf(token), caller);
      const secret = await rotateSecret(tx, 'PERSONAL_ACCESS_TOKEN', { patId: id }, grace, now);
      return {
        result: { token, secret },
        targetId: id,
        changes: { gracePeriodSeconds: grace, secretRotated: true, ...(self && { self: true }) },
      };
    },
  );
}
