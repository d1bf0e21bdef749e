import type { Database } from '../db/database.js';
import type { AuditEventBus } from '../domain/audit-bus.js';
import type { RateDecision, RateLimiter } from '../domain/rate-limit.js';
import type { Services } from '../services.js';
import { KeygateMetrics } from './metrics.js';

/**
 * An instance's services with its metrics: a registry of its own, and counting decorators around what
 * every door uses already (the rate limiter, the event-stream cap, the audit bus), so that neither the
 * domain nor each endpoint has to remember to count.
 */
export function withMetrics(database: Pick<Database, 'pool'>, services: Omit<Services, 'metrics'>): Services {
  const metrics = new KeygateMetrics({ credentialCache: services.credentialCache, pool: database.pool });
  return {
    ...services,
    metrics,
    rateLimiter: countingRefusals(services.rateLimiter, metrics),
    streams: countingStreamRefusals(services.streams, metrics),
    auditBus: countingAuditEvents(services.auditBus, metrics),
  };
}

/** Rate-limit keys are `<limit>:<who>`; the limit's name is what a refusal is counted under. */
const LIMIT_NAMES: [prefix: string, limit: string][] = [
  ['auth-failure:credential:', 'auth_credential'],
  ['auth-failure:', 'auth_address'],
  ['mutation-address:', 'mutation_address'],
  ['mutation:', 'mutation_credential'],
  ['audit-verify:', 'audit_verification'],
  ['request:', 'credential_requests'],
];

export function limitOf(key: string): string {
  for (const [prefix, limit] of LIMIT_NAMES) if (key.startsWith(prefix)) return limit;
  // A limit added later is counted under its key's first part (written by Keygate, never by a client).
  const name = key.slice(0, key.indexOf(':')).replace(/-/g, '_');
  return /^[a-z][a-z0-9_]{0,39}$/.test(name) ? name : 'other';
}

/**
 * Every decision that says no is a refusal: Keygate answers 429 whenever a limiter refuses (a lockout's
 * `peek` included), so counting here is counting where the 429s are made.
 */
function countingRefusals(limiter: RateLimiter, metrics: KeygateMetrics): RateLimiter {
  const counted = (key: string, decision: RateDecision) => {
    if (!decision.allowed) metrics.countRateLimited(limitOf(key));
    return decision;
  };
  return {
    hit: async (key, limit, windowMs, count) => counted(key, await limiter.hit(key, limit, windowMs, count)),
    peek: async (key, limit, windowMs) => counted(key, await limiter.peek(key, limit, windowMs)),
  };
}

function countingStreamRefusals(streams: Services['streams'], metrics: KeygateMetrics): Services['streams'] {
  const take = streams.take.bind(streams);
  streams.take = (credentialId) => {
    const release = take(credentialId);
    if (!release) metrics.countRateLimited('subscriptions');
    return release;
  };
  return streams;
}

/**
 * Audit events are published on the bus once committed, by the instance that wrote them (what arrives from
 * other instances through Redis is not published here): each publication is one event written.
 */
function countingAuditEvents(bus: AuditEventBus, metrics: KeygateMetrics): AuditEventBus {
  const publish: AuditEventBus['publish'] = (topic, ...args) => {
    if (topic === 'auditEventAdded') {
      // The payload: [organizationId, { id, outcome }].
      metrics.countAuditEvent((args[1] as { outcome: string }).outcome);
    }
    bus.publish(topic, ...args);
  };
  return { ...bus, publish };
}
