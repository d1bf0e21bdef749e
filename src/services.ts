import type { Clock } from 'pg-boss';
import { type ClientAddressOf, clientAddressResolver } from './client-address.js';
import type { KeygateConfig } from './config.js';
import type { Database } from './db/database.js';
import { type AuditEventBus, createAuditEventBus, onEventsAdded } from './domain/audit-bus.js';
import { AuditLog } from './domain/audit-log.js';
import type { CredentialChange } from './domain/audited.js';
import { CredentialCache } from './domain/credential-cache.js';
import {
  FailoverRateLimiter,
  MemoryRateLimiter,
  type RateLimiter,
  RedisRateLimiter,
} from './domain/rate-limit.js';
import { UsageRecorder } from './domain/usage-recorder.js';
import { type WebhookTrigger, webhookTrigger } from './domain/webhooks.js';
import type { PrismaClient } from './generated/prisma/client.js';
import { JobEngine } from './jobs/engine.js';
import { type DerivedKeys, loadMasterKey } from './keys/master-key.js';
import { SigningKeyStore } from './keys/signing-keys.js';
import type { Logger } from './logger.js';
import { withMetrics } from './observability/counted-services.js';
import type { KeygateMetrics } from './observability/metrics.js';
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
  /** This instance's Prometheus registry, and what every door reports to it (src/observability/). */
  metrics: KeygateMetrics;
  /** Keys for one purpose each, derived from the master key (which is never in the database). */
  keys: DerivedKeys;
  /** The keys access tokens are signed with. */
  signingKeys: SigningKeyStore;
  /** Evicts what a change affects from this instance's credential cache, and tells the other instances. */
  credentialsChanged(change: CredentialChange): void;
  /**
   * Resolves to true once Redis is connected and this instance hears the other instances (at once without
   * Redis), or to false after `timeoutMs`; Keygate works without Redis meanwhile, less shared.
   */
  redisReady(timeoutMs: number): Promise<boolean>;
  /**
   * Whether this instance has what instances share: Redis connected and this instance hearing the others'
   * credential changes (always, without Redis). What must fail closed (forward auth) asks it.
   */
  sharedStateAvailable(): boolean;
  /**
   * Background work (webhook deliveries, expiry warnings, audit retention) on pg-boss in Keygate's own
   * database; started by whoever runs the instance (server.ts), and stopped before `close`.
   */
  jobs: JobEngine;
  /** Tells the webhook fan-out that an organization has new audit events (src/domain/webhooks.ts). */
  webhooks: WebhookTrigger;
  /** The organizations' audit logs: sealing, signed checkpoints, proofs, verification, retention. */
  auditLog: AuditLog;
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
export function createServices(
  config: KeygateConfig,
  logger: Logger,
  database: Database,
  options: { clock?: Clock } = {},
): Services {
  // First: without its master key an instance must not start at all (master-key.ts says why and what to do).
  const keys = loadMasterKey(config.masterKey, { provider: database.provider, dataDir: config.dataDir });
  const redis = config.redisUrl ? connectRedis(config.redisUrl, logger) : null;
  const credentialCache = new CredentialCache();
  if (redis) {
    // An instance that cannot hear the others' changes (Redis away, or not subscribed yet) must not trust
    // what it cached: a credential revoked elsewhere is refused here at once. Each time it hears again it
    // starts empty, since changes made meanwhile went unheard.
    credentialCache.setEnabled(false);
    redis.onListening(() => credentialCache.setEnabled(redis.hears(CREDENTIALS_CHANGED)));
  }
  const jobs = new JobEngine({
    logger,
    // The database the instance opened (not the setting: a test may open another than it names).
    databaseUrl: database.migrationTarget.provider === 'postgres' ? database.migrationTarget.url : undefined,
    pglite: database.migrationTarget.provider === 'pglite' ? database.migrationTarget.client : undefined,
    clock: options.clock,
  });
  const webhooks = webhookTrigger(database.prisma, jobs, logger);
  const bus = createAuditEventBus(redis ? { eventTarget: redis.eventTarget } : undefined);
  const auditLog = new AuditLog(database.prisma, keys, logger, (organizationId, id) =>
    auditBus.publish('auditEventAdded', organizationId, { id: id.toString(), outcome: 'SUCCESS' }),
  );
  // After each event this instance publishes: its sealer soon seals it, and the webhook fan-out is told.
  const auditBus = onEventsAdded(bus, (organizationId) => {
    auditLog.nudge();
    webhooks.eventsAdded(organizationId);
  });
  const signingKeys = new SigningKeyStore(database.prisma, keys, config.signingKeyRotationDays * 86_400_000);
  const changes = auditBus.subscribe(CREDENTIALS_CHANGED);
  void (async () => {
    for await (const change of changes) {
      credentialCache.evict(change.affects ?? 'all');
      // Another instance rotated them: sign with the new ones at once, not once this one's copy is stale.
      if (change.action === 'signingkey.rotated') signingKeys.forget(change.organizationId);
    }
  })();
  return withMetrics(database, {
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
    jobs,
    webhooks,
    auditLog,
    clientAddress: clientAddressResolver(config.trustProxy),
    streams: new StreamCounter(config.limits.subscriptionsPerCredential),
    keys,
    signingKeys,
    credentialsChanged(change) {
      credentialCache.evict(change.affects);
      auditBus.publish(CREDENTIALS_CHANGED, change);
    },
    redisReady: (timeoutMs) => redis?.ready(timeoutMs) ?? Promise.resolve(true),
    sharedStateAvailable: () =>
      !redis || (redis.commands.status === 'ready' && redis.hears(CREDENTIALS_CHANGED)),
    async close() {
      await jobs.stop();
      await auditLog.stop();
      await changes.return?.();
      await redis?.close();
    },
  });
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
