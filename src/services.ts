import { type ClientAddressOf, clientAddressResolver } from './client-address.js';
import type { KeygateConfig } from './config.js';
import type { Database } from './db/database.js';
import { type AuditEventBus, createAuditEventBus } from './domain/audit-bus.js';
import { CredentialCache } from './domain/credential-cache.js';
import {
  FailoverRateLimiter,
  MemoryRateLimiter,
  type RateLimiter,
  RedisRateLimiter,
} from './domain/rate-limit.js';
import { UsageRecorder } from './domain/usage-recorder.js';
import type { PrismaClient } from './generated/prisma/client.js';
import type { Logger } from './logger.js';
import { connectRedis } from './redis.js';

/** What a running Keygate instance shares across requests. */
export interface Services {
  config: KeygateConfig;
  logger: Logger;
  prisma: PrismaClient;
  usage: UsageRecorder;
  auditBus: AuditEventBus;
  rateLimiter: RateLimiter;
  credentialCache: CredentialCache;
  /** A request's client address from its socket peer and X-Forwarded-For, by the trusted-proxy setting. */
  clientAddress: ClientAddressOf;
  /** Event streams open on this instance, per credential, for the per-credential cap. */
  streams: StreamCounter;
  /** Empties this instance's credential cache at once and tells the other instances to do the same. */
  credentialsChanged(change: { organizationId: string; action: string }): void;
  /**
   * Resolves to true once Redis is connected and this instance hears the other instances (at once without
   * Redis), or to false after `timeoutMs`; Keygate works without Redis meanwhile, less shared.
   */
  redisReady(timeoutMs: number): Promise<boolean>;
  /** Closes what the services opened (Redis connections); the database is closed by its owner. */
  close(): Promise<void>;
}

/**
 * With `REDIS_URL`, what instances must share goes through Redis: the audit event bus (so a subscription
 * on one instance sees events made on another, and a credential change empties every instance's cache)
 * and the rate-limit counters. Redis going away degrades instead of failing: rate limits are counted per
 * instance, events reach this instance's subscribers only, the credential cache is bypassed (this instance
 * could not hear another one revoke a credential), and all of it comes back by itself with Redis.
 */
export function createServices(config: KeygateConfig, logger: Logger, database: Database): Services {
  const redis = config.redisUrl ? connectRedis(config.redisUrl, logger) : null;
  const credentialCache = new CredentialCache();
  if (redis) {
    // An instance that cannot hear the others' changes (Redis away, or not subscribed yet) must not trust
    // what it cached: a credential revoked elsewhere is refused here at once. Each time it hears again it
    // starts empty, since changes made meanwhile went unheard.
    credentialCache.setEnabled(false);
    redis.onListening(() => credentialCache.setEnabled(redis.hears(CREDENTIALS_CHANGED)));
  }
  const auditBus = createAuditEventBus(redis ? { eventTarget: redis.eventTarget } : undefined);
  const changes = auditBus.subscribe(CREDENTIALS_CHANGED);
  void (async () => {
    for await (const _change of changes) credentialCache.clear();
  })();
  return {
    config,
    logger,
    prisma: database.prisma,
    usage: new UsageRecorder(database.prisma, logger, config.usageFlushIntervalMs),
    auditBus,
    rateLimiter: redis
      ? new FailoverRateLimiter(
          new RedisRateLimiter(redis.commands),
          new MemoryRateLimiter(),
          () => redis.commands.status === 'ready',
          logger,
        )
      : new MemoryRateLimiter(),
    credentialCache,
    clientAddress: clientAddressResolver(config.trustProxy),
    streams: new StreamCounter(config.limits.subscriptionsPerCredential),
    credentialsChanged(change) {
      credentialCache.clear();
      auditBus.publish(CREDENTIALS_CHANGED, change);
    },
    redisReady: (timeoutMs) => redis?.ready(timeoutMs) ?? Promise.resolve(true),
    async close() {
      await changes.return?.();
      await redis?.close();
    },
  };
}

const CREDENTIALS_CHANGED = 'credentialsChanged';

/**
 * Counts the event streams each credential holds open on this instance, so one credential cannot open
 * enough of them to turn each audit event into hundreds of queries.
 */
export class StreamCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Takes a slot for a new stream: a function that gives it back, or null when the credential is at the cap. */
  take(credentialId: string): (() => void) | null {
    const count = this.open.get(credentialId) ?? 0;
    if (count >= this.limit) return null;
    this.open.set(credentialId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(credentialId) ?? 1) - 1;
      if (left > 0) this.open.set(credentialId, left);
      else this.open.delete(credentialId);
    };
  }
}
