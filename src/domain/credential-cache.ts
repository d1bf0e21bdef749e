import { LRUCache } from 'lru-cache';
import type { Prisma } from '../generated/prisma/client.js';

/** Whether an organization is suspended or deleted: what every credential in it depends on. */
export const organizationState = { select: { suspendedAt: true, deletedAt: true } } as const;

/** What authenticating a secret needs to know, as one database lookup returns it. */
export const credentialLookup = {
  pat: { include: { user: { include: { memberships: { include: { organization: organizationState } } } } } },
  token: { include: { identity: true, organization: organizationState } },
} satisfies Prisma.CredentialSecretInclude;

/** The cache's key for a secret's hash: its hex, read in place (no copy of the bytes per lookup). */
function keyOf(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
}

export type CredentialRow = Prisma.CredentialSecretGetPayload<{ include: typeof credentialLookup }>;

/**
 * A cached row is shared by every request that presents its secret, and what authentication works out from
 * it is kept per row object (authenticate.ts, inspect-credential.ts): a change to a credential must make a
 * new row, never edit the cached one. Frozen, so that no code can change it in place (strict mode throws).
 */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * What a cached entry depends on, and what a change affects: `credential:<id>` (a token, personal access
 * token, application key or access token), `identity:<id>`, `user:<id>`, `membership:<id>`,
 * `application:<id>`, `organization:<id>`. A change evicts exactly the entries that share a tag with it.
 */
export type CacheTag =
  `${'credential' | 'identity' | 'user' | 'membership' | 'application' | 'organization'}:${string}`;

/** What a change affects: some tags, or (`'all'`) everything, when it cannot say. */
export type CacheScope = readonly CacheTag[] | 'all';

/** What authenticating with a row depends on: the credential, its owner and, for a person, every membership. */
export function tagsOfRow(row: CredentialRow): CacheTag[] {
  if (row.pat) {
    const { pat } = row;
    return [
      `credential:${pat.id}`,
      `user:${pat.userId}`,
      `organization:${pat.organizationId}`,
      ...pat.user.memberships.flatMap((m): CacheTag[] => [
        `membership:${m.id}`,
        `organization:${m.organizationId}`,
      ]),
    ];
  }
  if (row.token) {
    const { token } = row;
    return [`credential:${token.id}`, `identity:${token.identityId}`, `organization:${token.organizationId}`];
  }
  return [];
}

/** What the audit target of a change affects; an unknown kind of target affects its whole organization. */
export function scopeOfTarget(
  organizationId: string,
  targetType: string,
  targetId: string | null,
): readonly CacheTag[] {
  if (targetId) {
    switch (targetType) {
      case 'Token':
      case 'PersonalAccessToken':
      case 'ApplicationKey':
      case 'AccessToken':
        return [`credential:${targetId}`];
      case 'MachineIdentity':
        return [`identity:${targetId}`];
      case 'Membership':
        return [`membership:${targetId}`];
      case 'Application':
        return [`application:${targetId}`];
      case 'User':
        return [`user:${targetId}`];
    }
  }
  return [`organization:${organizationId}`];
}

/** A value, with the tags of what it depends on. */
export interface Tagged<T> {
  value: T;
  tags: readonly CacheTag[];
}

/** How many recent evictions are remembered, to tell whether a read that began before them may be kept. */
const EVICTION_LOG = 256;

/**
 * Recently authenticated credentials, keyed by the SHA-256 of their secret, so the common request needs
 * no database round trip. Entries hold only what authorization needs, with the tags of what they depend
 * on. A committed change that can affect credentials (revoke, rotate, delete, key change, permission or
 * role change, disabling) evicts the entries it affects (by tag), on every instance (the audit bus carries
 * the signal, through Redis when configured), and nothing else: a revocation in one organization costs
 * the others nothing. Expiry is checked on every use, so a cached credential still expires on time. Use
 * counts of use-limited tokens never come from here: they are counted in the database.
 *
 * Secrets that match nothing are remembered too, for a short while and in a smaller cache of their own,
 * so that a client retrying a dead token costs no lookup each time and a flood of made-up secrets cannot
 * push out the credentials in use. A new secret is random and cannot have been presented before it
 * existed; a key set by hand (setTokenKey) is a change, and every change forgets the misses.
 */
export class CredentialCache {
  private readonly entries: LRUCache<string, Tagged<CredentialRow>>;
  private readonly absent: LRUCache<string, true>;
  /**
   * What else authentication reads about credentials by id rather than by secret (the state of the
   * credential an access token was issued for, whether a jti was revoked), under the same rules.
   */
  private readonly states: LRUCache<string, Tagged<unknown>>;
  /** Counts evictions: a row read before one may predate the change, unless the change missed it. */
  private generation = 0;
  /** The scopes of the latest evictions, by generation, oldest first. */
  private readonly evictions: { generation: number; scope: CacheScope }[] = [];
  private enabled = true;
  /**
   * Changes that may affect credentials and are about to commit, with what they affect: nothing they
   * affect is cached meanwhile.
   */
  private readonly changing = new Set<{ scope: CacheScope }>();
  /** Reads under way, so that concurrent requests with one secret share one database round trip. */
  private readonly pending = new Map<string, Promise<CredentialRow | null>>();
  /** Lookups answered from the cache (a credential or a known miss) and from the database, since start. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(options: { max?: number; ttlMs?: number; maxAbsent?: number } = {}) {
    const ttl = options.ttlMs ?? 10_000;
    this.entries = new LRUCache({ max: options.max ?? 50_000, ttl });
    this.absent = new LRUCache({ max: options.maxAbsent ?? 10_000, ttl });
    this.states = new LRUCache({ max: options.max ?? 50_000, ttl });
  }

  /**
   * A value about a credential that `read` finds in the database (`key` names it; `read` also says what
   * it depends on), cached like credential rows: a change to what it depends on evicts it on every
   * instance, and a read that began before such a change is not kept.
   */
  async loadState<T>(
    key: string,
    read: () => Promise<Tagged<T>>,
    /** Whether a value read may be kept (not, say, a miss anyone could ask for by the thousand). */
    keep: (value: T) => boolean = () => true,
  ): Promise<T> {
    if (this.enabled) {
      const cached = this.states.get(key);
      if (cached) {
        this.stats.hits += 1;
        return cached.value as T;
      }
    }
    this.stats.misses += 1;
    const readAt = this.generation;
    const state = await read();
    if (keep(state.value) && this.mayKeep(state.tags, readAt)) this.states.set(key, state);
    return state.value;
  }

  /** The cached row; null when the secret is known to match nothing; undefined when not cached. */
  get(hash: Uint8Array): CredentialRow | null | undefined {
    if (!this.enabled) return undefined;
    const key = keyOf(hash);
    return this.entries.get(key)?.value ?? (this.absent.has(key) ? null : undefined);
  }

  /**
   * The row for `hash`: from the cache, from a read already under way for it, or from `read`, whose
   * answer is then cached. A burst of requests with one secret (its entry just expired, or was just
   * evicted) costs one lookup, not one each. A read started before an eviction is not shared with
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
    if (!this.enabled || this.changing.size > 0) return read();
    const key = keyOf(hash);
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
   * Caches what a read since `startRead` returned `readAt` found (null: nothing), unless a change that
   * affects it was evicted meanwhile or is committing: a revoke that committed during the read must not
   * be undone by caching the row as it was before.
   */
  set(hash: Uint8Array, row: CredentialRow | null, readAt: number): void {
    const key = keyOf(hash);
    if (row) {
      const tags = tagsOfRow(row);
      if (this.mayKeep(tags, readAt)) this.entries.set(key, { value: deepFreeze(row), tags });
    } else if (this.mayKeep('all', readAt)) {
      // A miss depends on every change: any of them may have given the secret a credential.
      this.absent.set(key, true);
    }
  }

  /** Whether what a read since `readAt` found, depending on `tags`, may be cached now. */
  private mayKeep(tags: CacheScope, readAt: number): boolean {
    if (!this.enabled) return false;
    for (const change of this.changing) if (overlaps(change.scope, tags)) return false;
    if (readAt === this.generation) return true;
    const oldest = this.evictions[0];
    // Evictions older than the log may have affected it: not kept.
    if (!oldest || oldest.generation > readAt + 1) return false;
    return this.evictions.every(
      (eviction) => eviction.generation <= readAt || !overlaps(eviction.scope, tags),
    );
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
   * A change that may affect credentials (what `scope` says; everything when it says nothing) is about
   * to commit: evict what it affects and cache none of it until the returned function says the change has
   * committed (or rolled back), when it is evicted again. Evicting only after the commit would leave a
   * moment in which the change is visible in the database, and to other instances' readers, while this
   * instance still answers from what it cached before.
   */
  beginChange(scope: CacheScope = 'all'): () => void {
    const change = { scope };
    this.changing.add(change);
    this.evict(scope);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.changing.delete(change);
      this.evict(scope);
    };
  }

  /** Forgets what `scope` affects, and every remembered miss. */
  evict(scope: CacheScope): void {
    if (scope === 'all') {
      this.clear();
      return;
    }
    this.bump(scope);
    this.pending.clear();
    this.absent.clear();
    const tags = new Set<string>(scope);
    for (const cache of [this.entries, this.states] as LRUCache<string, Tagged<unknown>>[]) {
      const affected: string[] = [];
      for (const [key, entry] of cache.entries()) {
        if (entry.tags.some((tag) => tags.has(tag))) affected.push(key);
      }
      for (const key of affected) cache.delete(key);
    }
  }

  clear(): void {
    this.bump('all');
    this.pending.clear();
    this.entries.clear();
    this.absent.clear();
    this.states.clear();
  }

  private bump(scope: CacheScope): void {
    this.generation += 1;
    this.evictions.push({ generation: this.generation, scope });
    if (this.evictions.length > EVICTION_LOG) this.evictions.shift();
  }

  get size(): number {
    return this.entries.size + this.absent.size;
  }
}

function overlaps(scope: CacheScope, tags: CacheScope): boolean {
  if (scope === 'all' || tags === 'all') return true;
  return scope.some((tag) => tags.includes(tag));
}
