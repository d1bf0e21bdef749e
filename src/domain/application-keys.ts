import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { ApplicationKey, ApplicationKeyType, Prisma } from '../generated/prisma/client.js';
import { type AuditedDeps, audited } from './audited.js';
import { NotFoundError, ValidationError } from './errors.js';
import { findApplication } from './projects.js';

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

export function appKeyState(key: Pick<ApplicationKey, 'expirationDate'>, now = new Date()) {
  return key.expirationDate <= now ? ('EXPIRED' as const) : ('ACTIVE' as const);
}

export function appKeyStateFilter(
  state: 'ACTIVE' | 'EXPIRED' | 'REVOKED',
  now = new Date(),
): Prisma.ApplicationKeyWhereInput {
  if (state === 'EXPIRED') return { expirationDate: { lte: now } };
  if (state === 'ACTIVE') return { expirationDate: { gt: now } };
  // Application keys are deleted, never revoked.
  return { id: { in: [] } };
}

/** What an audit event shows of a key: never key material. */
function snapshot(key: ApplicationKey, projectId: string) {
  return {
    applicationId: key.applicationId,
    projectId,
    type: key.type,
    algorithm: key.algorithm,
    expirationDate: key.expirationDate.toISOString(),
  };
}

function expirationOf(input: CreateAppKeyInput, defaultLifetimeDays: number, now: Date): Date {
  const latest = now.getTime() + APP_KEY_MAX_LIFETIME_DAYS * DAY_MS;
  if (input.expirationDate == null) {
    return new Date(Math.min(now.getTime() + defaultLifetimeDays * DAY_MS, latest));
  }
  const requested = input.expirationDate.getTime();
  if (requested <= now.getTime())
    throw new ValidationError('expirationDate', 'expirationDate must be in the future');
  if (requested > latest) {
    throw new ValidationError(
      'expirationDate',
      `expirationDate must be within ${APP_KEY_MAX_LIFETIME_DAYS} days`,
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
  input: CreateAppKeyInput,
  now = new Date(),
): Promise<{ key: ApplicationKey; keyDetails: string }> {
  const { organizationId } = deps.actor;
  // Generated before the transaction opens (it takes tens of milliseconds), so no connection waits on it.
  const pair = await generateRsaKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return audited(deps, { action: 'appkey.created', targetType: 'ApplicationKey' }, async (tx) => {
    const application = await findApplication(tx, organizationId, input.projectId, input.appId);
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId } });
    const expirationDate = expirationOf(input, organization.appKeyDefaultLifetimeDays, now);
    const key = await tx.applicationKey.create({
      data: {
        organizationId,
        applicationId: application.id,
        type: input.type,
        algorithm: APP_KEY_ALGORITHM,
        publicKey: pair.publicKey,
        expirationDate,
      },
    });
    const details: AppKeyDetails = {
      type: 'application',
      keyId: key.id,
      key: pair.privateKey,
      appId: application.id,
      clientId: application.clientId,
    };
    return {
      result: { key, keyDetails: JSON.stringify(details) },
      targetId: key.id,
      changes: { after: snapshot(key, application.projectId) },
    };
  });
}

/** Deletes a key: assertions signed with it stop being accepted at once. */
export async function deleteAppKey(deps: AuditedDeps, id: string): Promise<string> {
  return audited(
    deps,
    { action: 'appkey.deleted', targetType: 'ApplicationKey', targetId: id },
    async (tx) => {
      const key = await tx.applicationKey.findFirst({
        where: { id, organizationId: deps.actor.organizationId },
        include: { application: { select: { projectId: true } } },
      });
      if (!key) throw new NotFoundError('ApplicationKey');
      await tx.applicationKey.delete({ where: { id } });
      await tx.usedAssertion.deleteMany({ where: { keyId: id } });
      return { result: id, targetId: id, changes: { before: snapshot(key, key.application.projectId) } };
    },
  );
}
