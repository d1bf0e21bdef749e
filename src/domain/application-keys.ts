import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { Application, ApplicationKey, ApplicationKeyType, Prisma } from '../generated/prisma/client.js';
import { type AuditedDeps, audited } from './audited.js';
import { InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { findApplication } from './projects.js';
import { assertCredentialWithinReach, assertDateWithinReach, earliest, type Reaching } from './reach.js';
import { validateGracePeriod } from './rotation.js';

const DAY_MS = 86_400_000;
/** About ten years, the longest an organization's default lifetime may be set to. */
export const APP_KEY_MAX_LIFETIME_DAYS = 3660;
export const APP_KEY_ALGORITHM = 'RS256';

const generateRsaKeyPair = promisify(generateKeyPair);

export interface CreateAppKeyInput {
  projectId: string;
  appId: string;
  type: ApplicationKeyType;
  /** When the key stops working; the organization's default lifetime when absent. */
  expirationDate?: Date | null;
}

/** The key file handed out once, in the shape of Zitadel's application key file. */
export interface AppKeyDetails {
  type: 'application';
  /** The JWT `kid`. */
  keyId: string;
  /** The private key, PKCS#8 PEM. */
  key: string;
  appId: string;
  clientId: string;
}

export function appKeyState(key: Pick<ApplicationKey, 'expirationDate' | 'revokedAt'>, now = new Date()) {
  if (key.revokedAt) return 'REVOKED' as const;
  if (key.expirationDate <= now) return 'EXPIRED' as const;
  return 'ACTIVE' as const;
}

export function appKeyStateFilter(
  state: 'ACTIVE' | 'EXPIRED' | 'REVOKED' | 'USED_UP',
  now = new Date(),
): Prisma.ApplicationKeyWhereInput {
  // Application keys have no use limit.
  if (state === 'USED_UP') return { id: { in: [] } };
  if (state === 'REVOKED') return { revokedAt: { not: null } };
  if (state === 'EXPIRED') return { revokedAt: null, expirationDate: { lte: now } };
  return { revokedAt: null, expirationDate: { gt: now } };
}

/** What an audit event shows of a key: never key material. */
function snapshot(key: ApplicationKey, projectId: string) {
  return {
    applicationId: key.applicationId,
    projectId,
    type: key.type,
    algorithm: key.algorithm,
    expirationDate: key.expirationDate.toISOString(),
    revoked: key.revokedAt !== null,
  };
}

/** The latest a key made at `createdAt` may last under the organization's cap; null without one. */
function capOf(policy: { appKeyMaxLifetimeDays: number | null }, createdAt: Date): Date | null {
  const days = policy.appKeyMaxLifetimeDays;
  return days ? new Date(createdAt.getTime() + days * DAY_MS) : null;
}

/**
 * When a new key expires: as asked, or after the organization's default lifetime, and never later than the
 * credential that creates it can last or the organization's `appKeyMaxLifetimeDays` allows (a default is
 * cut short to then; a date asked for past either is refused).
 */
function expirationOf(
  input: CreateAppKeyInput,
  policy: { appKeyDefaultLifetimeDays: number; appKeyMaxLifetimeDays: number | null },
  caller: Reaching,
  now: Date,
): Date {
  const defaultLifetimeDays = policy.appKeyDefaultLifetimeDays;
  const latest = now.getTime() + APP_KEY_MAX_LIFETIME_DAYS * DAY_MS;
  if (input.expirationDate == null) {
    const byDefault = new Date(Math.min(now.getTime() + defaultLifetimeDays * DAY_MS, latest));
    return earliest(byDefault, capOf(policy, now), caller.reach.until)!;
  }
  assertDateWithinReach('expirationDate', input.expirationDate, caller);
  const requested = input.expirationDate.getTime();
  if (requested <= now.getTime())
    throw new ValidationError('expirationDate', 'expirationDate must be in the future');
  if (requested > latest) {
    throw new ValidationError(
      'expirationDate',
      `expirationDate must be within ${APP_KEY_MAX_LIFETIME_DAYS} days`,
    );
  }
  const cap = capOf(policy, now);
  if (cap && requested > cap.getTime()) {
    throw new ValidationError(
      'expirationDate',
      `expirationDate must be within ${policy.appKeyMaxLifetimeDays} days (the organization's maximum key lifetime)`,
    );
  }
  return input.expirationDate;
}

/**
 * Creates an RSA key pair for an application of the project and keeps only its public half. The private
 * key leaves Keygate once, inside the returned key file.
 */
export async function createAppKey(
  deps: AuditedDeps,
  caller: Reaching,
  input: CreateAppKeyInput,
  now = new Date(),
): Promise<{ key: ApplicationKey; keyDetails: string }> {
  const { organizationId } = deps.actor;
  // Generated before the transaction opens (it takes tens of milliseconds), so no connection waits on it.
  const pair = await generateKeyPairForApplication();
  return audited(deps, { action: 'appkey.created', targetType: 'ApplicationKey' }, async (tx) => {
    const application = await findApplication(tx, organizationId, input.projectId, input.appId);
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId } });
    const expirationDate = expirationOf(input, organization, caller, now);
    const { key, keyDetails } = await storeKey(tx, pair, application, {
      organizationId,
      type: input.type,
      expirationDate,
    });
    return {
      result: { key, keyDetails },
      targetId: key.id,
      changes: { after: snapshot(key, application.projectId) },
    };
  });
}

function generateKeyPairForApplication() {
  return generateRsaKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** Stores the public half of `pair` as a key of `application`, and makes the one-time key file. */
async function storeKey(
  tx: Prisma.TransactionClient,
  pair: { publicKey: string; privateKey: string },
  application: Pick<Application, 'id' | 'clientId'>,
  settings: { organizationId: string; type: ApplicationKeyType; expirationDate: Date },
): Promise<{ key: ApplicationKey; keyDetails: string }> {
  const key = await tx.applicationKey.create({
    data: {
      ...settings,
      applicationId: application.id,
      algorithm: APP_KEY_ALGORITHM,
      publicKey: pair.publicKey,
    },
  });
  const details: AppKeyDetails = {
    type: 'application',
    keyId: key.id,
    key: pair.privateKey,
    appId: application.id,
    clientId: application.clientId,
  };
  return { key, keyDetails: JSON.stringify(details) };
}

/** Locks a key of the caller's organization for the rest of the transaction; others' keys are not found. */
async function lockKey(tx: Prisma.TransactionClient, organizationId: string, id: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "ApplicationKey"
    WHERE id = ${id}::uuid AND "organizationId" = ${organizationId}::uuid
    FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError('ApplicationKey');
  return tx.applicationKey.findUniqueOrThrow({ where: { id }, include: { application: true } });
}

/** Revokes a key: assertions signed with it are refused from now on; it stays listed as REVOKED. */
export async function revokeAppKey(deps: AuditedDeps, id: string, now = new Date()): Promise<ApplicationKey> {
  return audited(
    deps,
    { action: 'appkey.revoked', targetType: 'ApplicationKey', targetId: id },
    async (tx) => {
      const { application, ...before } = await lockKey(tx, deps.actor.organizationId, id);
      if (before.revokedAt) return { result: before, targetId: id, changes: { alreadyRevoked: true } };
      const after = await tx.applicationKey.update({ where: { id }, data: { revokedAt: now } });
      return {
        result: after,
        targetId: id,
        changes: {
          before: snapshot(before, application.projectId),
          after: snapshot(after, application.projectId),
        },
      };
    },
  );
}

/**
 * Replaces a key pair: a new key for the same application, of the same type, expiring when the old one
 * does (rotation never lengthens a key's life; the organization's cap may shorten it), and a new key file, shown once. The old key keeps working
 * for the grace period (0: it stops at once): its expiration date is brought forward to then.
 */
export async function rotateAppKey(
  deps: AuditedDeps,
  caller: Reaching,
  id: string,
  gracePeriodSeconds: number,
  now = new Date(),
): Promise<{ key: ApplicationKey; keyDetails: string }> {
  const pair = await generateKeyPairForApplication();
  return audited(
    deps,
    { action: 'appkey.rotated', targetType: 'ApplicationKey', targetId: id },
    async (tx) => {
      const grace = validateGracePeriod(gracePeriodSeconds);
      const { application, ...old } = await lockKey(tx, deps.actor.organizationId, id);
      const state = appKeyState(old, now);
      if (state !== 'ACTIVE') {
        throw new InvalidStateError(`a ${state.toLowerCase()} key cannot be rotated`);
      }
      // The new key keeps the old one's expiry: one that outlasts the caller's credential is not its to hand out.
      assertCredentialWithinReach({ organizationBound: true, until: old.expirationDate }, caller);
      // A cap set since the old key was made holds for its successor, made now.
      const organization = await tx.organization.findUniqueOrThrow({ where: { id: old.organizationId } });
      const { key, keyDetails } = await storeKey(tx, pair, application, {
        organizationId: old.organizationId,
        type: old.type,
        expirationDate: earliest(old.expirationDate, capOf(organization, now))!,
      });
      const graceEnds = new Date(Math.min(old.expirationDate.getTime(), now.getTime() + grace * 1000));
      await tx.applicationKey.update({ where: { id }, data: { expirationDate: graceEnds } });
      return {
        result: { key, keyDetails },
        targetId: id,
        changes: {
          gracePeriodSeconds: grace,
          before: { expirationDate: old.expirationDate.toISOString() },
          after: { expirationDate: graceEnds.toISOString(), replacedBy: key.id },
        },
      };
    },
  );
}

/** Deletes a key: assertions signed with it stop being accepted at once. */
export async function deleteAppKey(deps: AuditedDeps, id: string): Promise<string> {
  return audited(
    deps,
    { action: 'appkey.deleted', targetType: 'ApplicationKey', targetId: id },
    async (tx) => {
      const key = await lockKey(tx, deps.actor.organizationId, id);
      await tx.applicationKey.delete({ where: { id } });
      await tx.usedAssertion.deleteMany({ where: { keyId: id } });
      return { result: id, targetId: id, changes: { before: snapshot(key, key.application.projectId) } };
    },
  );
}
