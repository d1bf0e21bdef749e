import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { LRUCache } from 'lru-cache';
import { uuidv7 } from '../db/uuidv7.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { type DerivedKeys, MasterKeyError } from './master-key.js';
import { seal, unseal } from './sealing.js';

/*
 * The keys Keygate signs access tokens with: a line per organization and algorithm, shared by every
 * instance through the database, the private halves encrypted with a key derived from the master key.
 * The newest key of a line signs; a line rotates on a schedule (the first signature after a key is older
 * than the rotation period makes the next one) and on demand. A retired key stays published in the JWKS
 * until every token it signed has expired.
 */

export const SIGNING_ALGORITHMS = ['ES256', 'EdDSA', 'RS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** No access token lives longer; a retired key is published this much past its retirement. */
export const MAX_ACCESS_TOKEN_LIFETIME_SECONDS = 86_400;
/** Clocks disagree: keys stay published a little longer than strictly needed. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** How long an instance signs with the key it read before looking again (another may have rotated). */
const SIGNING_CACHE_MS = 60_000;

export interface SigningKey {
  kid: string;
  organizationId: string;
  algorithm: SigningAlgorithm;
  privateKey: KeyObject;
}

export interface VerificationKey {
  kid: string;
  organizationId: string;
  algorithm: SigningAlgorithm;
  publicKey: KeyObject;
}

function generate(algorithm: SigningAlgorithm) {
  if (algorithm === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (algorithm === 'EdDSA') return generateKeyPairSync('ed25519');
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

export class SigningKeyStore {
  private readonly encryptionKey: Buffer;
  private readonly signing = new Map<string, { key: SigningKey; readAt: number }>();
  private readonly verification = new LRUCache<string, VerificationKey | false>({ max: 10_000, ttl: 60_000 });

  constructor(
    private readonly prisma: PrismaClient,
    keys: DerivedKeys,
    private readonly rotationMs: number,
  ) {
    this.encryptionKey = keys.derive('signing-keys');
  }

  /** The key an organization signs with in `algorithm` now: made, or rotated, when the schedule says. */
  async signingKey(
    organizationId: string,
    algorithm: SigningAlgorithm,
    now = new Date(),
  ): Promise<SigningKey> {
    const line = `${organizationId}:${algorithm}`;
    const cached = this.signing.get(line);
    if (cached && now.getTime() - cached.readAt < SIGNING_CACHE_MS && !this.due(cached.key, now)) {
      return cached.key;
    }
    const newest = await this.newest(this.prisma, organizationId, algorithm);
    const row =
      newest && now.getTime() - newest.createdAt.getTime() < this.rotationMs
        ? newest
        : await this.rotateLine(organizationId, algorithm, now, false);
    const key = this.open(row);
    this.signing.set(line, { key, readAt: now.getTime() });
    return key;
  }

  /**
   * Makes a new key the one that signs in each of the organization's lines (every algorithm it signs
   * with; ES256 when it has none yet), retiring the old ones, inside the caller's transaction (the change
   * commits with its audit event). Returns the new keys; call `forget` once it has committed.
   */
  async rotate(
    tx: Prisma.TransactionClient,
    organizationId: string,
    now = new Date(),
  ): Promise<{ kid: string; algorithm: SigningAlgorithm }[]> {
    const lines = await tx.signingKey.findMany({
      where: { organizationId, retiredAt: null },
      select: { algorithm: true },
      distinct: ['algorithm'],
    });
    const algorithms =
      lines.length > 0 ? lines.map((line) => line.algorithm as SigningAlgorithm) : ['ES256' as const];
    const rotated = [];
    for (const algorithm of algorithms) {
      const row = await this.rotateIn(tx, organizationId, algorithm, now, true);
      rotated.push({ kid: row.id, algorithm });
    }
    return rotated;
  }

  /**
   * Checks that this instance's master key opens the keys already stored (start-up): an instance given
   * another key than the one they were sealed with must not start and fail every token request later.
   */
  async checkMasterKey(): Promise<void> {
    const row = await this.prisma.signingKey.findFirst({ orderBy: { createdAt: 'desc' } });
    if (!row) return;
    try {
      this.unseal(row.id, Buffer.from(row.encryptedPrivateKey));
    } catch {
      throw new MasterKeyError(
        "the master key does not open the token-signing keys stored in this database: it is not the key they were sealed with. Give this instance the same KEYGATE_MASTER_KEY as the others (or the embedded data directory's master.key).",
      );
    }
  }

  /** Stops signing with what this instance read of an organization's keys (after a rotation). */
  forget(organizationId: string): void {
    for (const line of this.signing.keys())
      if (line.startsWith(`${organizationId}:`)) this.signing.delete(line);
  }

  /** The public key a token names by its kid; null for a kid that is unknown or no longer published. */
  async verificationKey(kid: string, now = new Date()): Promise<VerificationKey | null> {
    const cached = this.verification.get(kid);
    if (cached !== undefined) return cached || null;
    const row = await this.prisma.signingKey.findUnique({
      where: { id: kid },
      select: { id: true, organizationId: true, algorithm: true, publicJwk: true, publishUntil: true },
    });
    const found =
      row && (!row.publishUntil || row.publishUntil > now)
        ? {
            kid: row.id,
            organizationId: row.organizationId,
            algorithm: row.algorithm as SigningAlgorithm,
            publicKey: createPublicKey({ key: row.publicJwk as JWK, format: 'jwk' } as never),
          }
        : null;
    this.verification.set(kid, found ?? false);
    return found;
  }

  /** Every published public key, for the JWKS. */
  async publishedJwks(now = new Date()): Promise<JWK[]> {
    const rows = await this.prisma.signingKey.findMany({
      where: { OR: [{ publishUntil: null }, { publishUntil: { gt: now } }] },
      select: { id: true, algorithm: true, publicJwk: true },
      orderBy: { createdAt: 'desc' },
    });
    return rows.map((row) => ({ ...(row.publicJwk as JWK), kid: row.id, alg: row.algorithm, use: 'sig' }));
  }

  private due(key: SigningKey, now: Date): boolean {
    // The kid is a UUIDv7: its first 48 bits are its creation time in milliseconds.
    const created = Number.parseInt(key.kid.replace(/-/g, '').slice(0, 12), 16);
    return now.getTime() - created >= this.rotationMs;
  }

  private newest(db: Prisma.TransactionClient | PrismaClient, organizationId: string, algorithm: string) {
    return db.signingKey.findFirst({
      where: { organizationId, algorithm, retiredAt: null },
      orderBy: { createdAt: 'desc' },
    });
  }

  private rotateLine(organizationId: string, algorithm: SigningAlgorithm, now: Date, force: boolean) {
    return this.prisma.$transaction((tx) => this.rotateIn(tx, organizationId, algorithm, now, force));
  }

  /**
   * Makes the next key of a line and retires the ones before, under a lock of the line, so that instances
   * signing at the same moment make one key between them. Unless `force`, a key another instance made
   * meanwhile is used instead.
   */
  private async rotateIn(
    tx: Prisma.TransactionClient,
    organizationId: string,
    algorithm: SigningAlgorithm,
    now: Date,
    force: boolean,
  ) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`keygate:signing:${organizationId}:${algorithm}`}))`;
    const newest = await this.newest(tx, organizationId, algorithm);
    if (!force && newest && now.getTime() - newest.createdAt.getTime() < this.rotationMs) return newest;
    const { publicKey, privateKey } = generate(algorithm);
    const id = uuidv7(now);
    const created = await tx.signingKey.create({
      data: {
        id,
        organizationId,
        algorithm,
        publicJwk: publicKey.export({ format: 'jwk' }) as Prisma.InputJsonValue,
        encryptedPrivateKey: this.seal(id, privateKey.export({ format: 'der', type: 'pkcs8' })),
        createdAt: now,
      },
    });
    await tx.signingKey.updateMany({
      where: { organizationId, algorithm, retiredAt: null, id: { not: id } },
      data: {
        retiredAt: now,
        publishUntil: new Date(now.getTime() + MAX_ACCESS_TOKEN_LIFETIME_SECONDS * 1000 + CLOCK_SKEW_MS),
      },
    });
    return created;
  }

  private open(row: {
    id: string;
    organizationId: string;
    algorithm: string;
    encryptedPrivateKey: Uint8Array;
  }) {
    return {
      kid: row.id,
      organizationId: row.organizationId,
      algorithm: row.algorithm as SigningAlgorithm,
      privateKey: createPrivateKey({
        key: this.unseal(row.id, Buffer.from(row.encryptedPrivateKey)),
        format: 'der',
        type: 'pkcs8',
      }),
    };
  }

  /** AES-256-GCM, bound to the key id: a sealed key moved to another row does not open. */
  private seal(kid: string, plaintext: Buffer): Uint8Array<ArrayBuffer> {
    return seal(this.encryptionKey, kid, plaintext);
  }

  private unseal(kid: string, stored: Buffer): Buffer {
    return unseal(this.encryptionKey, kid, stored);
  }
}
