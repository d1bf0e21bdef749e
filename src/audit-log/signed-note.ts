import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64.js';
import { HASH_SIZE } from './merkle.js';

/*
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 signatures, and the tlog checkpoints
 * (https://c2sp.org/tlog-checkpoint) that are their bodies. The rules follow golang.org/x/mod/sumdb/note,
 * the reference implementation, except that every signature by a known key is verified (the spec's MUST),
 * repeated ones included, and base64 must be canonical.
 */

/** Larger notes are refused before any parsing. */
export const MAX_NOTE_BYTES = 1024 * 1024;
/** More signature lines than this are refused before any is verified; the spec asks for at least 16. */
export const MAX_SIGNATURES = 100;

export type NoteErrorCode =
  | 'MALFORMED'
  | 'UNVERIFIED'
  | 'INVALID_SIGNATURE'
  | 'AMBIGUOUS_KEY'
  | 'INVALID_KEY'
  | 'MALFORMED_CHECKPOINT';

export class NoteError extends Error {
  constructor(
    readonly code: NoteErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

const ED25519 = 0x01;
// DER of a PKCS#8 Ed25519 private key and of an SPKI Ed25519 public key, less the 32 key bytes.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const SIGNATURE_PREFIX = '\u2014 ';
const LONE_SURROGATE = /\p{Cs}/u;

/** Key names are non-empty, with neither Unicode white space nor `+`. */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !/[\p{White_Space}+]/u.test(name) && !LONE_SURROGATE.test(name);
}

/** Valid UTF-8 (no lone surrogates) with no control character (below U+0020) but newline. */
function isNoteText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return false;
  }
  return !LONE_SURROGATE.test(text);
}

const hex8 = (keyId: number) => keyId.toString(16).padStart(8, '0');

/** The key ID of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian. */
export function ed25519KeyId(name: string, publicKey: Uint8Array): number {
  const digest = createHash('sha256').update(name, 'utf8').update('\n').update(Uint8Array.of(ED25519));
  return digest.update(publicKey).digest().readUInt32BE(0);
}

/** A known key: verifies signatures of one name and key ID. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  /** The verifier key string, `<name>+<hex key ID>+<base64(0x01 || public key)>`. */
  readonly verifierKey: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The verifier key string that checks this signer's signatures. */
  readonly verifierKey: string;
  sign(message: Uint8Array): Uint8Array;
}

function ed25519Verifier(name: string, publicKey: Uint8Array): NoteVerifier {
  if (!isValidKeyName(name)) throw new NoteError('INVALID_KEY', `invalid key name ${JSON.stringify(name)}`);
  if (publicKey.length !== 32) throw new NoteError('INVALID_KEY', 'an Ed25519 public key is 32 bytes');
  const keyId = ed25519KeyId(name, publicKey);
  let key: KeyObject;
  try {
    key = createPublicKey({
      key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]),
      format: 'der',
      type: 'spki',
    });
  } catch {
    throw new NoteError('INVALID_KEY', 'not an Ed25519 public key');
  }
  return {
    name,
    keyId,
    verifierKey: `${name}+${hex8(keyId)}+${encodeBase64(Buffer.concat([Uint8Array.of(ED25519), publicKey]))}`,
    verify: (message, signature) => signature.length === 64 && verify(null, message, key, signature),
  };
}

/** The verifier key string of an Ed25519 public key. */
export function ed25519VerifierKey(name: string, publicKey: Uint8Array): string {
  return ed25519Verifier(name, publicKey).verifierKey;
}

/** Reads a verifier key string; its key ID must be the one its name and key give. */
export function parseVerifierKey(verifierKey: string): NoteVerifier {
  // The name has no `+` and the ID is hex; the base64 key after them may have any.
  const [name, id, ...key] = verifierKey.split('+');
  const bytes = decodeBase64(key.join('+'));
  if (name === undefined || !/^[0-9a-f]{8}$/.test(id ?? '') || !bytes || bytes.length < 2) {
    throw new NoteError('INVALID_KEY', 'a verifier key reads <name>+<8 hex digits>+<base64 key>');
  }
  if (bytes[0] !== ED25519) throw new NoteError('INVALID_KEY', `unknown signature type ${bytes[0]}`);
  const verifier = ed25519Verifier(name, bytes.subarray(1));
  if (hex8(verifier.keyId) !== id) throw new NoteError('INVALID_KEY', 'the key ID does not match the key');
  return verifier;
}

/** An Ed25519 signer from its 32-byte seed (the RFC 8032 private key). */
export function ed25519Signer(name: string, seed: Uint8Array): NoteSigner {
  if (seed.length !== 32) throw new NoteError('INVALID_KEY', 'an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const verifier = ed25519Verifier(name, spki.subarray(SPKI_ED25519_PREFIX.length));
  return {
    name,
    keyId: verifier.keyId,
    verifierKey: verifier.verifierKey,
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

/** The note: `body` (which ends in a newline), a blank line, and one signature line per signer. */
export function signNote(body: string, ...signers: NoteSigner[]): string {
  if (!body.endsWith('\n') || !isNoteText(body)) {
    throw new NoteError('MALFORMED', 'a note body is text without control characters, ending in a newline');
  }
  if (signers.length === 0 || signers.length > MAX_SIGNATURES) {
    throw new NoteError('MALFORMED', `a note has 1 to ${MAX_SIGNATURES} signatures`);
  }
  const message = Buffer.from(body, 'utf8');
  const lines = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) throw new NoteError('INVALID_KEY', 'invalid key name');
    const signature = Buffer.alloc(4);
    signature.writeUInt32BE(signer.keyId);
    const signed = Buffer.concat([signature, signer.sign(message)]);
    return `${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(signed)}\n`;
  });
  const note = `${body}\n${lines.join('')}`;
  if (Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES) {
    throw new NoteError('MALFORMED', 'the note is too large');
  }
  return note;
}

export interface NoteSignature {
  name: string;
  keyId: number;
}

export interface OpenedNote {
  body: string;
  /** The known keys whose signatures verified, each once, in the order they first signed. */
  signedBy: NoteVerifier[];
  /** Signatures by keys not among the known ones, ignored as the spec requires. */
  unknown: NoteSignature[];
}

const malformed = (why: string) => new NoteError('MALFORMED', `malformed note: ${why}`);

/**
 * Parses a signed note and checks it against the known keys (verifier key strings or verifiers). Throws a
 * NoteError when the note is malformed or too large, when a known key's signature does not verify (the
 * whole note is rejected), or when no known key signed it.
 */
export function openNote(note: string | Uint8Array, known: readonly (string | NoteVerifier)[]): OpenedNote {
  if (
    typeof note === 'string' ? Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES : note.length > MAX_NOTE_BYTES
  ) {
    throw malformed(`larger than ${MAX_NOTE_BYTES} bytes`);
  }
  let text: string;
  try {
    text =
      typeof note === 'string'
        ? note
        : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
  } catch {
    throw malformed('not UTF-8');
  }
  if (!isNoteText(text)) throw malformed('not UTF-8, or control characters');

  const split = text.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const body = text.slice(0, split + 1);
  const block = text.slice(split + 2);
  if (!block.endsWith('\n')) throw malformed('no signatures, or no newline after the last');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`more than ${MAX_SIGNATURES} signatures`);

  const verifiers = new Map<string, NoteVerifier[]>();
  for (const entry of known) {
    const verifier = typeof entry === 'string' ? parseVerifierKey(entry) : entry;
    const id = `${verifier.name}+${hex8(verifier.keyId)}`;
    const same = verifiers.get(id) ?? [];
    if (!same.some((other) => other.verifierKey === verifier.verifierKey)) same.push(verifier);
    verifiers.set(id, same);
  }

  const message = Buffer.from(body, 'utf8');
  const signedBy: NoteVerifier[] = [];
  const unknown: NoteSignature[] = [];
  const seenUnknown = new Set<string>();
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw malformed('a signature line does not start with an em dash');
    }
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const signature = space < 0 ? null : decodeBase64(rest.slice(space + 1));
    if (!isValidKeyName(name) || !signature || signature.length < 5) throw malformed('a bad signature line');
    const keyId = Buffer.from(signature.buffer, signature.byteOffset, 4).readUInt32BE(0);
    const id = `${name}+${hex8(keyId)}`;
    const candidates = verifiers.get(id);
    if (!candidates) {
      if (!seenUnknown.has(id)) unknown.push({ name, keyId });
      seenUnknown.add(id);
      continue;
    }
    if (candidates.length > 1) throw new NoteError('AMBIGUOUS_KEY', `more than one known key is ${id}`);
    const verifier = candidates[0]!;
    if (!verifier.verify(message, signature.subarray(4))) {
      throw new NoteError('INVALID_SIGNATURE', `the signature of ${id} does not verify`);
    }
    if (!signedBy.includes(verifier)) signedBy.push(verifier);
  }
  if (signedBy.length === 0) throw new NoteError('UNVERIFIED', 'no known key signed the note');
  return { body, signedBy, unknown };
}

/** A tlog checkpoint: a log's tree head. */
export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  /** Opaque extra lines, each non-empty; most checkpoints have none. */
  extensions: string[];
}

const malformedCheckpoint = (why: string) =>
  new NoteError('MALFORMED_CHECKPOINT', `malformed checkpoint: ${why}`);
const isLine = (line: string) => line !== '' && !line.includes('\n') && isNoteText(line);

/** The checkpoint's note body: origin, decimal size, base64 root, extensions, each line ending in "\n". */
export function formatCheckpoint({
  origin,
  size,
  rootHash,
  extensions = [],
}: Omit<Checkpoint, 'extensions'> & {
  extensions?: string[];
}): string {
  if (!isLine(origin)) throw malformedCheckpoint('the origin is one non-empty line');
  if (!Number.isSafeInteger(size) || size < 0) {
    throw malformedCheckpoint('the size is a non-negative safe integer');
  }
  if (rootHash.length !== HASH_SIZE) throw malformedCheckpoint(`the root hash is ${HASH_SIZE} bytes`);
  if (!extensions.every(isLine)) throw malformedCheckpoint('an extension is one non-empty line');
  return [origin, String(size), encodeBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
}

/** Reads a checkpoint note body (the `body` of an opened note). */
export function parseCheckpoint(body: string): Checkpoint {
  if (!body.endsWith('\n')) throw malformedCheckpoint('no final newline');
  const [origin, size, root, ...extensions] = body.slice(0, -1).split('\n');
  if (origin === undefined || !isLine(origin)) throw malformedCheckpoint('no origin');
  if (size === undefined || !/^(?:0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw malformedCheckpoint('the size is not a decimal number below 2^53 without leading zeros');
  }
  const rootHash = root === undefined ? null : decodeBase64(root);
  if (!rootHash || rootHash.length !== HASH_SIZE) {
    throw malformedCheckpoint(`the root hash is not ${HASH_SIZE} bytes of base64`);
  }
  if (!extensions.every(isLine)) throw malformedCheckpoint('an empty extension line');
  return { origin, size: Number(size), rootHash, extensions };
}
