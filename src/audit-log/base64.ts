/*
 * Standard base64 (RFC 4648 §4), padded. Decoding is strict: Buffer.from(text, 'base64') skips characters
 * it does not know and ignores the spare bits of the last character, so two texts would decode to the same
 * bytes and an edited signature or hash could still read as the original.
 */

const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The bytes of canonical padded base64, or null for anything else. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (!CANONICAL.test(text)) return null;
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  return encodeBase64(bytes) === text ? bytes : null;
}
