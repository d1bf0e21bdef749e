import { LRUCache } from 'lru-cache';
import type { Prisma } from '../generated/prisma/client.js';

/** What authenticating a secret needs to know, as one database lookup returns it. */
export const credentialLookup = {
  pat: { include: { user: { include: { memberships: true } } } },
  token: { include: { identity: true } },
} satisfies Prisma.CredentialSecretInclude;

export type CredentialRow = Prisma.CredentialSecretGetPayload<{ include: typeof credentialLookup }>;

/**
 * Recently authenticated credentials, keyed by the SHA-256 of their secret, so the common request needs
 * no database round trip. Entries hold only what authorization needs. Any committed change that can
 * affect a credential (revoke, rotate, delete, key change, permission or role change, disabling) empties
 * the cache on every instance (the audit bus carries the signal, through Redis when configured); expiry
 * is checked on every use, so a cached credential still expires on time. Use counts of use-limited tokens
 * never come from here: they are counted in the database.
 */
export class CredentialCache {
  private readonly entries: LRUCache<string, CredentialRow>;

  constructor(options: { max?: number; ttlMs?: number } = {}) {
    this.entries = new LRUCache({ max: options.max ?? 50_000, ttl: options.ttlMs ?? 10_000 });
  }

  get(hash: Uint8Array): CredentialRow | undefined {
    return this.entries.get(Buffer.from(hash).toString('hex'));
  }

  set(hash: Uint8Array, row: CredentialRow): void {
    this.entries.set(Buffer.from(hash).toString('hex'), row);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
