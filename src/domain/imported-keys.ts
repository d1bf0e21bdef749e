import type { CredentialKind, Prisma } from '../generated/prisma/client.js';
import { LimitReachedError, refuseDuplicate, ValidationError } from './errors.js';
import type { Reaching } from './reach.js';
import {
  type Bytes,
  checkImportedSecret,
  type ImportedKeyRule,
  parseKeySha256,
  type SecretKind,
} from './secrets.js';

/*
 * Keys that a caller sets or imports instead of letting Keygate generate them: a Keygate secret, a key
 * brought from another product (authentik, Unleash, ...) under the strength rule of KEYGATE_IMPORTED_KEY_*,
 * or, where the plaintext is not known, the SHA-256 the other product stored. Either way only the hash is
 * kept, and a key that is already any credential's secret is refused without saying whose.
 */

/** How many credentials one import may bring: beyond it, LimitReachedError (send several batches). */
export const MAX_IMPORT_BATCH = 1000;

/** A key as a caller gives it: the key itself, or its SHA-256 (hex or base64url). Exactly one of them. */
export interface KeyInput {
  key?: string | null;
  keySha256?: string | null;
}

/** What a key input stands for: the hash to store, and which of the two it was given as. */
export interface CheckedKeyInput {
  hash: Bytes;
  given: 'key' | 'keySha256';
}

/** The hash a key input stands for, checked; `field` prefixes the fields errors name (`tokens[3].`). */
export function checkKeyInput(
  input: KeyInput,
  kind: SecretKind,
  rule: ImportedKeyRule,
  field = '',
): CheckedKeyInput {
  const { key, keySha256 } = input;
  if (key && keySha256) {
    throw new ValidationError(`${field}keySha256`, 'give either key or keySha256, not both');
  }
  if (keySha256) {
    const hash = parseKeySha256(keySha256);
    if (!hash) {
      throw new ValidationError(
        `${field}keySha256`,
        'keySha256 must be a SHA-256: 64 hexadecimal digits, or 43 base64url characters',
      );
    }
    return { hash, given: 'keySha256' };
  }
  if (!key) throw new ValidationError(`${field}key`, 'key must not be empty');
  const checked = checkImportedSecret(key, kind, rule);
  if (!checked.ok) throw new ValidationError(`${field}key`, `key ${checked.reason}`);
  return { hash: checked.hash, given: 'key' };
}

/** Who holds a secret that a caller tried to set as a key, when the caller may not see it. */
export interface SecretHolder {
  organizationId: string;
  kind: CredentialKind;
  id: string;
  actorId: string;
  actorKind: 'USER' | 'MACHINE_IDENTITY';
}

/**
 * A key refused because it is already a secret of another credential. The caller is told only that the key
 * cannot be used, whoever holds it; when it is a credential the caller may not see, `holder` names it so
 * that the attempt is counted and recorded like a failed authentication with that secret (the holder's
 * organization learns that someone outside knows it). `hash` is the presented key's, for that count.
 */
export class KeyInUseError extends ValidationError {
  constructor(
    readonly holder: SecretHolder | null,
    readonly hash: Bytes | null,
    field = 'key',
  ) {
    super(field, 'this key cannot be used; generate a new one');
  }
}

/** The caller of a key change: who it is, what it may read, how far its credential reaches. */
export type KeyCaller = Reaching & { kind: 'USER' | 'MACHINE_IDENTITY'; actorId: string };

/**
 * Refuses keys that are already secrets of a credential (one lookup for all of them), naming the first
 * such in `fields` order; `fields[i]` is the field of `keys[i]`.
 */
export async function refuseTakenKeys(
  tx: Prisma.TransactionClient,
  keys: readonly CheckedKeyInput[],
  fields: readonly string[],
  organizationId: string,
  caller: KeyCaller,
): Promise<void> {
  const taken = await tx.credentialSecret.findMany({
    where: { hash: { in: keys.map((key) => key.hash) } },
    select: { hash: true, pat: true, token: true },
  });
  if (taken.length === 0) return;
  const byHash = new Map(taken.map((row) => [Buffer.from(row.hash).toString('hex'), row]));
  keys.forEach((key, index) => {
    const row = byHash.get(Buffer.from(key.hash).toString('hex'));
    if (row) throw new KeyInUseError(holderUnseen(row, organizationId, caller), key.hash, fields[index]);
  });
}

/** Refuses a batch in which two items carry one key: the later one is named. */
export function refuseRepeatedKeys(keys: readonly CheckedKeyInput[], fieldOf: (index: number) => string) {
  const seen = new Map<string, number>();
  keys.forEach((key, index) => {
    const hex = Buffer.from(key.hash).toString('hex');
    const first = seen.get(hex);
    if (first !== undefined) {
      throw new ValidationError(fieldOf(index), `the same key as item ${first}: every key must be unique`);
    }
    seen.set(hex, index);
  });
}

/** A batch within the bound: at least one item, at most MAX_IMPORT_BATCH. */
export function checkBatchSize(field: string, size: number): void {
  if (size === 0) throw new ValidationError(field, `${field} must hold at least one item`);
  if (size > MAX_IMPORT_BATCH) {
    throw new LimitReachedError(
      `one import takes at most ${MAX_IMPORT_BATCH} items; send the rest in further imports`,
      MAX_IMPORT_BATCH,
    );
  }
}

/** Runs the checks of one item of a batch, naming it in the field of any ValidationError (`tokens[3].name`). */
export function checkItem<T>(field: string, index: number, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ValidationError && !(error instanceof KeyInUseError)) {
      throw new ValidationError(`${field}[${index}].${error.field}`, error.message);
    }
    throw error;
  }
}

/**
 * Refuses a name, description or external id that holds the item's key: those are shown and written to
 * the audit log. Unleash's admin API names its v1 tokens by their secret, so a script may well pass one.
 */
export function refuseKeyIn(field: string, text: string, key: string | null | undefined): string {
  if (key && text.includes(key)) throw new ValidationError(field, `${field} must not hold the key`);
  return text;
}

/** An imported credential's `externalId`: what the product it came from called it, never its key. */
export function validateExternalId(externalId: string | null | undefined, key: string | null | undefined) {
  if (externalId == null) return null;
  const trimmed = externalId.trim();
  if (trimmed.length === 0 || trimmed.length > 200) {
    throw new ValidationError('externalId', 'externalId must be 1 to 200 characters');
  }
  return refuseKeyIn('externalId', trimmed, key);
}

/**
 * The holder of a taken secret, unless the caller may see that credential anyway: a token of its own
 * organization it may read, or one of its own personal access tokens there.
 */
function holderUnseen(
  taken: {
    pat: { id: string; organizationId: string; userId: string } | null;
    token: { id: string; organizationId: string; identityId: string } | null;
  },
  organizationId: string,
  caller: KeyCaller,
): SecretHolder | null {
  if (taken.token) {
    const { token } = taken;
    if (token.organizationId === organizationId && caller.permissions.has('token:read')) return null;
    return {
      organizationId: token.organizationId,
      kind: 'TOKEN',
      id: token.id,
      actorId: token.identityId,
      actorKind: 'MACHINE_IDENTITY',
    };
  }
  if (taken.pat) {
    const { pat } = taken;
    if (pat.organizationId === organizationId && caller.kind === 'USER' && pat.userId === caller.actorId) {
      return null;
    }
    return {
      organizationId: pat.organizationId,
      kind: 'PERSONAL_ACCESS_TOKEN',
      id: pat.id,
      actorId: pat.userId,
      actorKind: 'USER',
    };
  }
  return null;
}

/**
 * Stores the hashes of a batch's keys for the credentials just created, in one statement; a hash another
 * credential took meanwhile refuses the whole batch as a key in use (refuseTakenKeys checked them first).
 */
export async function storeImportedSecrets(
  tx: Prisma.TransactionClient,
  kind: 'PERSONAL_ACCESS_TOKEN' | 'TOKEN',
  secrets: readonly { hash: Bytes; credentialId: string }[],
  now: Date,
): Promise<void> {
  const owner = kind === 'TOKEN' ? 'tokenId' : 'patId';
  await refuseDuplicate(
    tx.credentialSecret.createMany({
      data: secrets.map((secret) => ({
        hash: secret.hash,
        kind,
        [owner]: secret.credentialId,
        createdAt: now,
      })),
    }),
    () => new KeyInUseError(null, null, 'tokens'),
  );
}
