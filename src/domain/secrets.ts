import { hash as oneShotHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { isJwt } from './access-tokens.js';

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
  // Verifying a secret hashes it on every request. The one-shot hash as hex, decoded into a pooled Buffer
  // and copied out, costs a third of createHash's Hash object, or of crypto.hash's own Buffer output
  // (which allocates a backing store per call).
  return new Uint8Array(Buffer.from(oneShotHash('sha256', data, 'hex'), 'hex'));
}

export function hashSecret(secret: string): Bytes {
  return sha256(secret);
}

const KINDS = Object.entries(SECRET_PREFIXES) as [SecretKind, string][];

function kindOf(secret: string): SecretKind | undefined {
  for (const [kind, prefix] of KINDS) {
    if (secret.startsWith(prefix)) return kind;
  }
  return undefined;
}

/** Whether two strings are equal, in time that depends on their length only. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
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
  if (!sameText(base62Checksum(head), secret.slice(head.length))) return null;
  return { kind, hash: hashSecret(secret) };
}

/**
 * Keys imported from other products (authentik, Unleash, ...) have no prefix or checksum: whatever they
 * are, they are printable ASCII without whitespace, within these bounds. A presented secret outside them is
 * refused without a lookup. The floor is fixed (the configurable minimum for new imports may only be
 * higher), so raising that minimum never locks out keys imported before.
 */
export const IMPORTED_KEY_SHORTEST = 16;
export const IMPORTED_KEY_LONGEST = 512;
const IMPORTED_KEY_PATTERN = /^[\x21-\x7e]+$/;

/** What a presented secret says it is: a Keygate secret of a kind, or a key imported from elsewhere. */
export type PresentedKind = SecretKind | 'IMPORTED';

export interface PresentedSecret {
  kind: PresentedKind;
  hash: Bytes;
}

/** Whether `text` has the shape of an imported key (no Keygate prefix, not an access token). */
function hasImportedShape(text: string): boolean {
  return (
    text.length >= IMPORTED_KEY_SHORTEST &&
    text.length <= IMPORTED_KEY_LONGEST &&
    IMPORTED_KEY_PATTERN.test(text) &&
    !text.startsWith('kg_') &&
    !isJwt(text)
  );
}

/**
 * The hash a presented secret is looked up by: a Keygate secret, its shape and checksum checked, or a key
 * in the imported keys' shape. Null for anything else (a mistyped Keygate secret, an access token, junk),
 * which the caller answers exactly as an unknown secret, without a database lookup. Looking a key up by
 * its SHA-256 leaks nothing of the key through timing: the index compares hashes.
 */
export function presentedSecret(secret: string): PresentedSecret | null {
  if (secret.startsWith('kg_')) return parseSecret(secret);
  return hasImportedShape(secret) ? { kind: 'IMPORTED', hash: hashSecret(secret) } : null;
}

/** The strength a key imported from another product must have (KEYGATE_IMPORTED_KEY_*). */
export interface ImportedKeyRule {
  minLength: number;
  minEntropyBits: number;
}

/**
 * An estimate of the entropy of `key` in bits: its length times the Shannon entropy of its characters'
 * frequencies (the measure secret scanners use for random-looking strings). It catches short alphabets and
 * repetition (`aaaa…`, `abab…`), not dictionary words; the period check below catches repeated blocks.
 */
export function estimatedEntropyBits(key: string): number {
  const counts = new Map<string, number>();
  for (const character of key) counts.set(character, (counts.get(character) ?? 0) + 1);
  let perCharacter = 0;
  for (const count of counts.values()) {
    const p = count / key.length;
    perCharacter -= p * Math.log2(p);
  }
  return perCharacter * key.length;
}

/** Whether `key` repeats a shorter block throughout (`password1234password1234…`). */
function isRepeated(key: string): boolean {
  for (let period = 1; period <= key.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < key.length && repeats; i++) repeats = key[i] === key[i - period];
    if (repeats) return true;
  }
  return false;
}

export type CheckedKey = { ok: true; hash: Bytes } | { ok: false; reason: string };

/**
 * Strength rules for a key a caller sets or imports. A key that begins with `kg_` must be a well-formed
 * Keygate secret of the given kind whose body is not visibly non-random (a repeated or short-cycled
 * pattern). Any other key is one brought from another product: printable ASCII without whitespace, from
 * `rule.minLength` to 512 characters, not an access token's shape, an estimated entropy of at least
 * `rule.minEntropyBits`, and no repeated block. The reason never quotes the key.
 */
export function checkImportedSecret(secret: string, kind: SecretKind, rule: ImportedKeyRule): CheckedKey {
  if (!secret.startsWith('kg_')) return checkExternalKey(secret, rule);
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

function checkExternalKey(key: string, rule: ImportedKeyRule): CheckedKey {
  if (!IMPORTED_KEY_PATTERN.test(key)) {
    return { ok: false, reason: 'must be printable ASCII without spaces or control characters' };
  }
  if (key.length < rule.minLength || key.length > IMPORTED_KEY_LONGEST) {
    return { ok: false, reason: `must be ${rule.minLength} to ${IMPORTED_KEY_LONGEST} characters long` };
  }
  if (isJwt(key))
    return { ok: false, reason: 'must not have the shape of a JWT (Keygate reads those as access tokens)' };
  const bits = estimatedEntropyBits(key);
  if (bits < rule.minEntropyBits || isRepeated(key)) {
    return {
      ok: false,
      reason: `does not look random enough (estimated ${Math.floor(bits)} bits, at least ${rule.minEntropyBits} needed, and no repeated pattern)`,
    };
  }
  return { ok: true, hash: hashSecret(key) };
}

/**
 * A SHA-256 supplied instead of a key, for migrations where only the hash is known (Unleash keeps its
 * v2 tokens' `verifier` so: base64url without padding): 64 hexadecimal digits, or 43 base64url characters
 * (with or without `=`). Null for anything else.
 */
export function parseKeySha256(text: string): Bytes | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return new Uint8Array(Buffer.from(text, 'hex'));
  if (/^[A-Za-z0-9_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text.replace(/=$/, ''), 'base64url');
    // The last character carries 4 bits of padding: only a canonical encoding is one hash, not sixteen.
    if (bytes.length === 32 && bytes.toString('base64url') === text.replace(/=$/, '')) {
      return new Uint8Array(bytes);
    }
  }
  return null;
}

/** Constant-time equality of two hashes. */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
