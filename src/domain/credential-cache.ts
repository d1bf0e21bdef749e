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
 *
 * Secrets that match nothing are remembered too, for a short while and in a smaller cache of their own,
 * so that a client retrying a dead token costs no lookup each time and a flood of made-up secrets cannot
 * push out the credentials in use. A new secret is random and cannot have been presented before it
 * existed; a key set by hand (setTokenKey) empties the cache like every other change.
 */
export class CredentialCache {
  private readonly entries: LRUCache<string, CredentialRow>;
  private readonly absent: LRUCache<string, true>;
  /** Counts clears: a row read from the database before the latest clear may predate the change. */
  private generation = 0;
  private enabled = true;
  /** Changes that may affect credentials and are about to commit: nothing is cached meanwhile. */
  private changing = 0;
  /** Reads under way, so that concurrent requests with one secret share one database round trip. */
  private readonly pending = new Map<string, Promise<CredentialRow | null>>();
  /** Lookups answered from the cache (a credential or a known miss) and from the database, since start. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(options: { max?: number; ttlMs?: number; maxAbsent?: number } = {}) {
    const ttl = options.ttlMs ?? 10_000;
    this.entries = new LRUCache({ max: options.max ?? 50_000, ttl });
    this.absent = new LRUCache({ max: options.maxAbsent ?? 10_000, ttl });
  }

  /** The cached row; null when the secret is known to match nothing; undefined when not cached. */
  get(hash: Uint8Array): CredentialRow | null | undefined {
    if (!this.enabled) return undefined;
    const key = Buffer.from(hash).toString('hex');
    return this.entries.get(key) ?? (this.absent.has(key) ? null : undefined);
  }

  /**
   * The row for `hash`: from the cache, from a read already under way for it, or from `read`, whose
   * answer is then cached. A burst of requests with one secret (its entry just expired, or the cache was
   * just emptied) costs one lookup, not one each. A read started before a clear is not shared with
   * requests that arrive after it.
   */
  async load(hash: Uint8Array, read: () => Promise<CredentialRow | null>): Promise<CredentialRow | null> {
    const cached = this.get(hash);
    if (cached !== undefined) {
      this.stats.hits += 1;
      return cached;
    }
    this.stats.misses += 1;
    // While a change commits, a read may see the database before or after it: it is not shared, since a
    // request arriving once the change is visible must not get a read that began before.
    if (!this.enabled || this.changing > 0) return read();
    const key = Buffer.from(hash).toString('hex');
    const under = this.pending.get(key);
    if (under) return under;
    const readAt = this.startRead();
    const reading = read()
      .then((row) => {
        this.set(hash, row, readAt);
        return row;
      })
      .finally(() => {
        if (this.pending.get(key) === reading) this.pending.delete(key);
      });
    this.pending.set(key, reading);
    return reading;
  }

  /** Marks the start of a database read whose row may be cached afterwards with `set`. */
  startRead(): number {
    return this.generation;
  }

  /**
   * Caches what a read since `startRead` returned `readAt` found (null: nothing), unless the cache was
   * cleared meanwhile: a revoke that committed during the read must not be undone by caching the row as
   * it was before.
   */
  set(hash: Uint8Array, row: CredentialRow | null, readAt: number): void {
    if (!this.enabled || this.changing > 0 || readAt !== this.generation) return;
    const key = Buffer.from(hash).toString('hex');
    if (row) this.entries.set(key, row);
    else this.absent.set(key, true);
  }

  /**
   * Stops (or resumes) caching: every lookup goes to the database while disabled. An instance disables its
   * cache while it cannot hear other instances' changes. Either way the cache starts empty.
   */
  setEnabled(enabled: boolean): void {
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    this.clear();
  }

  /**
   * A change that may affect credentials is about to commit: empty the cache and cache nothing until the
   * returned function says the change has committed (or rolled back). Emptying only after the commit
   * would leave a moment in which the change is visible in the database, and to other instances' readers,
   * while this instance still answers from what it cached before.
   */
  beginChange(): () => void {
    this.changing += 1;
    this.clear();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.changing -= 1;
      this.clear();
    };
  }

  clear(): void {
    this.generation += 1;
    this.pending.clear();
    this.entries.clear();
    this.absent.clear();
  }

  get size(): number {
    return this.entries.size + this.absent.size;
  }
}
