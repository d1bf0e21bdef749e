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
