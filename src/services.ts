import { LRUCache } from 'lru-cache';
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
  /**
   * Digests of secrets that authenticated on this instance in the last minutes. Not for authorization (a
   * listed secret is checked like any other, and may have been revoked since): a secret listed here is no
   * guess, so it holds no reservation against its address's failure limit (see context.ts). Unlike the
   * credential cache it survives credential changes, so a busy client's burst right after one is not
   * mistaken for guessing.
   */
  recentlyValidSecrets: LRUCache<string, true>;
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
    recentlyValidSecrets: new LRUCache({ max: 50_000, ttl: 600_000 }),
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
