import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MasterKeySource } from '../config.js';

/*
 * Keygate's one root secret, kept outside the database: whoever can read the database still cannot
 * decrypt the token-signing keys stored there, nor forge what is signed with keys derived from it. Every
 * purpose gets its own key, derived with HKDF-SHA-256, so that no two uses share key material.
 */

const KEY_BYTES = 32;

/** The file the embedded database keeps its master key in, beside its data. */
export const MASTER_KEY_FILE = 'master.key';

export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

/** Keys for one purpose each, derived from the master key. */
export interface DerivedKeys {
  /** A 32-byte key for `purpose` (e.g. 'signing-keys'): the same master key always gives the same one. */
  derive(purpose: string): Buffer;
}

/** Reads a master key as written: base64, base64url or hex of at least 32 random bytes. */
export function decodeMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  const bytes =
    /^[0-9a-fA-F]+$/.test(trimmed) && trimmed.length % 2 === 0
      ? Buffer.from(trimmed, 'hex')
      : Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < KEY_BYTES) {
    throw new MasterKeyError(
      `the master key must be at least ${KEY_BYTES} random bytes, written as base64 or hex (got ${bytes.length}); ` +
        "make one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"",
    );
  }
  return bytes;
}

/**
 * The master key an instance runs with: KEYGATE_MASTER_KEY, or the file KEYGATE_MASTER_KEY_FILE names. On
 * the embedded database, without either, the one in its data directory, made (mode 0600) on the first start.
 * Against PostgreSQL there is no such default: the key must live apart from the database it protects, and
 * every instance must have the same one.
 */
export function loadMasterKey(
  source: MasterKeySource | undefined,
  database: { provider: 'postgres' | 'pglite'; dataDir: string },
): DerivedKeys {
  let master: Buffer;
  if (source?.kind === 'value') master = decodeMasterKey(source.value);
  else if (source?.kind === 'file') master = decodeMasterKey(readKeyFile(source.path));
  else if (database.provider === 'pglite') master = embeddedMasterKey(database.dataDir);
  else {
    throw new MasterKeyError(
      'Keygate needs a master key to run on PostgreSQL: set KEYGATE_MASTER_KEY to 32 random bytes in base64 ' +
        "(node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"), or " +
        'KEYGATE_MASTER_KEY_FILE to a file holding them. Give every instance the same key, and keep it ' +
        'apart from the database: see docs/operations.md.',
    );
  }
  return {
    derive: (purpose) =>
      Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `keygate:${purpose}`, KEY_BYTES)),
  };
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new MasterKeyError(`KEYGATE_MASTER_KEY_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
}

function embeddedMasterKey(dataDir: string): Buffer {
  if (dataDir === 'memory://') return randomBytes(KEY_BYTES);
  const file = path.join(dataDir, MASTER_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // `wx`: never overwrite a key another start wrote meanwhile.
    try {
      writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return decodeMasterKey(readFileSync(file, 'utf8'));
}
