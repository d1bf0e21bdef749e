import { randomBytes } from 'node:crypto';

let lastMs = -1;
let counter = 0;

/**
 * A UUIDv7 for `at` (RFC 9562), as Prisma makes the `@default(uuid(7))` ids, for rows written in SQL: its
 * first 48 bits are `at` in milliseconds, so ids sort by creation time and lists are newest first by id.
 * Within one millisecond the next 31 bits count up from a random start (RFC 9562, method 1), so ids made
 * one after another in this process still sort in that order; the remaining 67 bits are random.
 */
export function uuidv7(at: Date): string {
  const bytes = randomBytes(16);
  const ms = at.getTime();
  if (ms === lastMs) {
    counter = (counter + 1) & 0x7fffffff;
  } else {
    lastMs = ms;
    // A random start below 2^30 leaves room to count up.
    counter = bytes.readUInt32BE(6) & 0x3fffffff;
  }
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(ms / 2 ** (8 * (5 - i))) & 0xff;
  bytes[6] = 0x70 | ((counter >>> 27) & 0x0f);
  bytes[7] = (counter >>> 19) & 0xff;
  bytes[8] = 0x80 | ((counter >>> 13) & 0x3f);
  bytes[9] = (counter >>> 5) & 0xff;
  bytes[10] = ((counter << 3) & 0xf8) | (bytes[10]! & 0x07);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
