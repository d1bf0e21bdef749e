import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Keygate's secret format: `kg_<kind>_<body><checksum>`.
 * - body: 32 random bytes (256 bits), base64url, 43 characters;
 * - checksum: CRC-32 of prefix and body, base62, 6 characters, so a mistyped or truncated secret is
 *   refused before any database lookup, and scanners can recognise a leaked one by its shape.
 * Only the SHA-256 of the whole secret is stored: the secret is random, so a slow password hash would
 * add cost and no strength.
 */
export const SECRET_PREFIXES = {
  PERSONAL_ACCESS_TOKEN: 'kg_pat_',
  TOKEN: 'kg_tok_',
  /** An invitation's one-time code: not a credential, but worth as much as the first token it gives. */
  INVITATION: 'kg_inv_',
} as const;

export type SecretKind = keyof typeof SECRET_PREFIXES;

const BODY_BYTES = 32;
const BODY_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface ParsedSecret {
  kind: SecretKind;
  hash: Bytes;
}

function base62Checksum(text: string): string {
  let value = crc32(text);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

export function generateSecret(kind: SecretKind): string {
  return formatSecret(kind, randomBytes(BODY_BYTES));
}

/** The secret of `kind` with this 32-byte body. Only generateSecret should supply the body in production. */
export function formatSecret(kind: SecretKind, body: Uint8Array): string {
  const head = SECRET_PREFIXES[kind] + Buffer.from(body).toString('base64url');
  return head + base62Checksum(head);
}

/** Bytes as Prisma 7 types them (a plain Uint8Array over an ArrayBuffer). */
export type Bytes = Uint8Array<ArrayBuffer>;

export function sha256(data: string): Bytes {
  return new Uint8Array(createHash('sha256').update(data, 'utf8').digest());
}

export function hashSecret(secret: string): Bytes {
  return sha256(secret);
}

function kindOf(secret: string): SecretKind | undefined {
  for (const [kind, prefix] of Object.entries(SECRET_PREFIXES) as [SecretKind, string][]) {
    if (secret.startsWith(prefix)) return kind;
  }
  return undefined;
}

/**
 * Checks the shape and checksum of a presented secret. Returns null for anything that cannot be a Keygate
 * secret; the caller answers that exactly as it answers an unknown one.
 */
export function parseSecret(secret: string): ParsedSecret | null {
  const kind = kindOf(secret);
  if (!kind) return null;
  const prefix = SECRET_PREFIXES[kind];
  if (secret.length !== prefix.length + BODY_LENGTH + CHECKSUM_LENGTH) return null;
  const head = secret.slice(0, prefix.length + BODY_LENGTH);
  if (!BODY_PATTERN.test(head.slice(prefix.length))) return null;
  const expected = Buffer.from(base62Checksum(head));
  const given = Buffer.from(secret.slice(head.length));
  if (!timingSafeEqual(expected, given)) return null;
  return { kind, hash: hashSecret(secret) };
}

/**
 * Strength rules for a key a caller sets or imports: it must be a well-formed Keygate secret of the given
 * kind and its body must not be visibly non-random (a repeated or short-cycled pattern).
 */
export function checkImportedSecret(
  secret: string,
  kind: SecretKind,
): { ok: true; hash: Bytes } | { ok: false; reason: string } {
  const parsed = parseSecret(secret);
  if (!parsed || parsed.kind !== kind) {
    return {
      ok: false,
      reason: `must be a Keygate secret: ${SECRET_PREFIXES[kind]}, 43 base64url characters of 32 random bytes, and its checksum`,
    };
  }
  const body = Buffer.from(
    secret.slice(SECRET_PREFIXES[kind].length, SECRET_PREFIXES[kind].length + BODY_LENGTH),
    'base64url',
  );
  // 32 random bytes almost always hold 28 or more distinct values; fewer than 16 means a pattern.
  if (new Set(body).size < 16) return { ok: false, reason: 'does not look random enough' };
  return { ok: true, hash: parsed.hash };
}

/** Constant-time equality of two hashes. */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
