import { describe, expect, it } from 'vitest';
import { CredentialCache, type CredentialRow } from '../../src/domain/credential-cache.js';
import { sha256 } from '../../src/domain/secrets.js';

const row = { hash: sha256('a') } as unknown as CredentialRow;

describe('CredentialCache', () => {
  it('caches a row read while nothing changed', () => {
    const cache = new CredentialCache();
    const readAt = cache.startRead();
    cache.set(sha256('a'), row, readAt);
    expect(cache.get(sha256('a'))).toBe(row);
  });

  it('drops a row read before a change committed, so a revoke is not undone by a slow reader', () => {
    const cache = new CredentialCache();
    const readAt = cache.startRead();
    // A revoke commits and clears the cache while the reader still holds the row as it was.
    cache.clear();
    cache.set(sha256('a'), row, readAt);
    expect(cache.get(sha256('a'))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('freezes the rows it keeps, to the bottom, so that no request changes a cached credential in place', () => {
    const cache = new CredentialCache();
    const kept = {
      hash: sha256('frozen'),
      validUntil: null,
      token: null,
      pat: { id: 'p', scopes: ['token:read'], user: { memberships: [{ role: 'MEMBER', permissions: [] }] } },
    } as unknown as CredentialRow;
    cache.set(sha256('frozen'), kept, cache.startRead());
    const cached = cache.get(sha256('frozen'))!;
    expect(cached).toBe(kept);
    expect(() => {
      (cached.pat!.scopes as string[]).push('token:revoke');
    }).toThrow(TypeError);
    expect(() => {
      (cached.pat!.user.memberships[0] as { role: string }).role = 'OWNER';
    }).toThrow(TypeError);
    expect(cached.pat!.scopes).toEqual(['token:read']);
    // The hash's bytes are no object to freeze (a typed array cannot be), and stay readable.
    expect(Buffer.from(cached.hash).equals(Buffer.from(sha256('frozen')))).toBe(true);
  });

  it('forgets everything on clear', () => {
    const cache = new CredentialCache();
    cache.set(sha256('a'), row, cache.startRead());
    cache.clear();
    expect(cache.get(sha256('a'))).toBeUndefined();
  });

  it('remembers a secret that matches nothing, apart from the credentials, until the next change', () => {
    const cache = new CredentialCache({ maxAbsent: 2 });
    cache.set(sha256('known'), row, cache.startRead());
    for (const madeUp of ['x', 'y', 'z']) cache.set(sha256(madeUp), null, cache.startRead());
    expect(cache.get(sha256('z'))).toBeNull();
    // The made-up secrets push each other out, never a credential in use.
    expect(cache.get(sha256('x'))).toBeUndefined();
    expect(cache.get(sha256('known'))).toBe(row);
    cache.clear();
    expect(cache.get(sha256('z'))).toBeUndefined();
  });

  it('answers nothing while disabled and starts empty when enabled again', () => {
    const cache = new CredentialCache();
    cache.set(sha256('a'), row, cache.startRead());
    cache.setEnabled(false);
    expect(cache.get(sha256('a'))).toBeUndefined();
    cache.set(sha256('a'), row, cache.startRead());
    cache.setEnabled(true);
    expect(cache.get(sha256('a'))).toBeUndefined();
    cache.set(sha256('a'), row, cache.startRead());
    expect(cache.get(sha256('a'))).toBe(row);
  });

  it('shares one read among concurrent loads of a secret, and caches its answer', async () => {
    const cache = new CredentialCache();
    let reads = 0;
    // Every read waits until all eight loads have been asked for: they are concurrent by construction.
    let allAsked = () => {};
    const asked = new Promise<void>((resolve) => (allAsked = resolve));
    const read = async () => {
      reads += 1;
      await asked;
      return row;
    };
    const loads = Promise.all(Array.from({ length: 8 }, () => cache.load(sha256('a'), read)));
    allAsked();
    const rows = await loads;
    expect(rows.every((r) => r === row)).toBe(true);
    expect(reads).toBe(1);
    await cache.load(sha256('a'), read);
    expect(reads).toBe(1);
  });

  it('does not hand a read started before a clear to loads after it', async () => {
    const cache = new CredentialCache();
    let release: (value: CredentialRow | null) => void = () => {};
    const stale = cache.load(sha256('a'), () => new Promise((resolve) => (release = resolve)));
    cache.clear();
    const fresh = cache.load(sha256('a'), async () => null);
    release(row);
    expect(await stale).toBe(row);
    expect(await fresh).toBeNull();
    // Neither the stale row nor anything else was cached by the read from before the clear.
    expect(cache.get(sha256('a'))).toBeNull();
  });

  it('caches nothing, and shares no read, while a change is committing', async () => {
    const cache = new CredentialCache();
    cache.set(sha256('a'), row, cache.startRead());
    const settled = cache.beginChange();
    expect(cache.get(sha256('a'))).toBeUndefined();
    let reads = 0;
    const read = async () => {
      reads += 1;
      return row;
    };
    await Promise.all([cache.load(sha256('a'), read), cache.load(sha256('a'), read)]);
    expect(reads).toBe(2);
    expect(cache.get(sha256('a'))).toBeUndefined();
    settled();
    settled();
    await cache.load(sha256('a'), read);
    expect(cache.get(sha256('a'))).toBe(row);
  });
});

describe('CredentialCache eviction by what a change affects', () => {
  const tokenRow = (id: string, identityId: string, organizationId: string) =>
    ({ hash: sha256(id), pat: null, token: { id, identityId, organizationId } }) as unknown as CredentialRow;
  const patRow = (id: string, userId: string, memberships: { id: string; organizationId: string }[]) =>
    ({
      hash: sha256(id),
      token: null,
      pat: { id, userId, organizationId: memberships[0]!.organizationId, user: { memberships } },
    }) as unknown as CredentialRow;

  it('evicts the credentials a change names, through their identity, user or membership, and nothing else', () => {
    const cache = new CredentialCache();
    const rows = {
      a: tokenRow('a', 'identity-1', 'org-1'),
      b: tokenRow('b', 'identity-1', 'org-1'),
      c: tokenRow('c', 'identity-2', 'org-1'),
      p: patRow('p', 'user-1', [
        { id: 'membership-1', organizationId: 'org-1' },
        { id: 'membership-2', organizationId: 'org-2' },
      ]),
      q: tokenRow('q', 'identity-3', 'org-2'),
    };
    const fill = () => {
      for (const [name, value] of Object.entries(rows)) cache.set(sha256(name), value, cache.startRead());
    };
    const cached = () => Object.keys(rows).filter((name) => cache.get(sha256(name)) !== undefined);

    fill();
    cache.evict(['credential:a']);
    expect(cached()).toEqual(['b', 'c', 'p', 'q']);
    fill();
    cache.evict(['identity:identity-1']);
    expect(cached()).toEqual(['c', 'p', 'q']);
    fill();
    cache.evict(['membership:membership-2']);
    expect(cached()).toEqual(['a', 'b', 'c', 'q']);
    fill();
    cache.evict(['user:user-1']);
    expect(cached()).toEqual(['a', 'b', 'c', 'q']);
    fill();
    // An organization-wide change reaches a person's token through any membership there.
    cache.evict(['organization:org-2']);
    expect(cached()).toEqual(['a', 'b', 'c']);
    fill();
    cache.evict('all');
    expect(cached()).toEqual([]);
  });

  it('forgets every remembered miss on any change (a key set by hand may match one now)', () => {
    const cache = new CredentialCache();
    cache.set(sha256('made-up'), null, cache.startRead());
    cache.set(sha256('a'), tokenRow('a', 'identity-1', 'org-1'), cache.startRead());
    cache.evict(['credential:z']);
    expect(cache.get(sha256('made-up'))).toBeUndefined();
    expect(cache.get(sha256('a'))).toBeDefined();
  });

  it('keeps a row read across a change that did not affect it, and drops one read across a change that did', () => {
    const cache = new CredentialCache();
    const readAt = cache.startRead();
    cache.evict(['credential:other']);
    cache.set(sha256('a'), tokenRow('a', 'identity-1', 'org-1'), readAt);
    expect(cache.get(sha256('a'))).toBeDefined();

    const before = cache.startRead();
    cache.evict(['identity:identity-1']);
    cache.set(sha256('b'), tokenRow('b', 'identity-1', 'org-1'), before);
    expect(cache.get(sha256('b'))).toBeUndefined();
  });

  it('drops a row read before more changes than it remembers, whatever they affected', () => {
    const cache = new CredentialCache();
    const readAt = cache.startRead();
    for (let i = 0; i < 300; i += 1) cache.evict([`credential:other-${i}`]);
    cache.set(sha256('a'), tokenRow('a', 'identity-1', 'org-1'), readAt);
    expect(cache.get(sha256('a'))).toBeUndefined();
  });

  it('caches nothing a committing change affects, and everything else', () => {
    const cache = new CredentialCache();
    const settled = cache.beginChange(['identity:identity-1']);
    cache.set(sha256('a'), tokenRow('a', 'identity-1', 'org-1'), cache.startRead());
    cache.set(sha256('c'), tokenRow('c', 'identity-2', 'org-1'), cache.startRead());
    expect(cache.get(sha256('a'))).toBeUndefined();
    expect(cache.get(sha256('c'))).toBeDefined();
    settled();
    cache.set(sha256('a'), tokenRow('a', 'identity-1', 'org-1'), cache.startRead());
    expect(cache.get(sha256('a'))).toBeDefined();
  });

  it('evicts states by the tags their read returned', async () => {
    const cache = new CredentialCache();
    let reads = 0;
    const read = async () => {
      reads += 1;
      return { value: reads, tags: ['credential:k', 'application:app'] as const };
    };
    expect(await cache.loadState('source:k', read)).toBe(1);
    expect(await cache.loadState('source:k', read)).toBe(1);
    cache.evict(['application:other']);
    expect(await cache.loadState('source:k', read)).toBe(1);
    cache.evict(['application:app']);
    expect(await cache.loadState('source:k', read)).toBe(2);
  });
});
