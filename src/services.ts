import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { KeygateConfig } from './config.js';
import type { Database } from './db/database.js';
import { type AuditEventBus, createAuditEventBus } from './domain/audit-bus.js';
import { CredentialCache } from './domain/credential-cache.js';
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from './domain/rate-limit.js';
import { UsageRecorder } from './domain/usage-recorder.js';
import type { PrismaClient } from './generated/prisma/client.js';
import type { Logger } from './logger.js';

/** What a running Keygate instance shares across requests. */
export interface Services {
  config: KeygateConfig;
  logger: Logger;
  prisma: PrismaClient;
  usage: UsageRecorder;
  auditBus: AuditEventBus;
  rateLimiter: RateLimiter;
  credentialCache: CredentialCache;
  /** Empties this instance's credential cache at once and tells the other instances to do the same. */
  credentialsChanged(change: { organizationId: string; action: string }): void;
  /** Closes what the services opened (Redis connections); the database is closed by its owner. */
  close(): Promise<void>;
}

/**
 * With `REDIS_URL`, what instances must share goes through Redis: the audit event bus (so a subscription
 * on one instance sees events made on another) and the rate-limit counters.
 */
export function createServices(config: KeygateConfig, logger: Logger, database: Database): Services {
  const redis = config.redisUrl ? connectRedis(config.redisUrl, logger) : null;
  const redisSubscriber = redis ? redis.duplicate() : null;
  const auditBus = createAuditEventBus(
    redis && redisSubscriber
      ? { eventTarget: createRedisEventTarget({ publishClient: redis, subscribeClient: redisSubscriber }) }
      : undefined,
  );
  const credentialCache = new CredentialCache();
  const changes = auditBus.subscribe('credentialsChanged');
  void (async () => {
    for await (const _change of changes) credentialCache.clear();
  })();
  return {
    config,
    logger,
    prisma: database.prisma,
    usage: new UsageRecorder(database.prisma, logger, config.usageFlushIntervalMs),
    auditBus,
    rateLimiter: redis ? new RedisRateLimiter(redis) : new MemoryRateLimiter(),
    credentialCache,
    credentialsChanged(change) {
      credentialCache.clear();
      auditBus.publish('credentialsChanged', change);
    },
    async close() {
      await changes.return?.();
      await Promise.all([redis?.quit(), redisSubscriber?.quit()]);
    },
  };
}

function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis error'));
  return redis;
}
