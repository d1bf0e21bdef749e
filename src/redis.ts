import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.js';

/*
 * Keygate's Redis: what several instances share (rate-limit counters, the audit event bus, credential-cache
 * invalidation), built so that an outage degrades an instance instead of failing it.
 *
 * The event target is Keygate's own rather than @graphql-yoga/redis-event-target: that one cannot say
 * whether this instance is subscribed right now (`hears`), which is what lets the credential cache and
 * forward auth fail closed while another instance's revocations could be missed, and it delivers even an
 * instance's own events only by way of Redis, so during an outage its own subscribers would miss them.
 */

/** Marks a message this instance published, so it is not delivered twice (locally and through Redis). */
const ORIGIN = 'keygateOrigin';

export interface RedisConnection {
  /** Rate-limit counters and publishing. */
  commands: Redis;
  /** An event target for the audit bus: delivers locally at once and to the other instances through Redis. */
  eventTarget: EventTarget;
  /** Whether this instance is subscribed to `topic` right now. */
  hears(topic: string): boolean;
  /** Called whenever the set of topics this instance hears changes. */
  onListening(listener: () => void): void;
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Two connections (a subscribed connection cannot run other commands) that never throw at their callers
 * while Redis is away: commands fail at once instead of queueing (callers fall back or log), both
 * connections retry for ever, the subscriber subscribes again to every topic each time it connects, and
 * the outage is logged once when it starts and once when it ends.
 */
export function connectRedis(url: string, logger: Logger): RedisConnection {
  const options: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    // Resubscribed on 'ready' below instead, so the bus knows when it hears again.
    autoResubscribe: false,
  };
  const commands = new Redis(url, options);
  const subscriber = new Redis(url, options);
  const origin = randomUUID();
  const local = new EventTarget();
  const wanted = new Map<string, number>();
  const subscribed = new Set<string>();
  const listeningListeners: (() => void)[] = [];
  let closing = false;
  let outage = false;

  const changed = () => {
    for (const listener of listeningListeners) listener();
  };
  const reportDown = (error: unknown) => {
    if (outage || closing) return;
    outage = true;
    logger.warn(
      { err: error },
      'Redis is unavailable: rate limits count per instance, events stay on this instance, the credential cache is bypassed',
    );
  };
  const reportUp = () => {
    if (!outage || commands.status !== 'ready' || subscriber.status !== 'ready') return;
    outage = false;
    logger.info('Redis is available again');
  };
  const subscribe = (topics: string[]) => {
    if (topics.length === 0 || subscriber.status !== 'ready') return;
    subscriber.subscribe(...topics).then(
      () => {
        for (const topic of topics) if (wanted.has(topic)) subscribed.add(topic);
        changed();
        reportUp();
      },
      (error: unknown) => {
        reportDown(error);
        // Connected but not subscribed: start over, so that 'ready' subscribes again.
        if (!closing) subscriber.disconnect(true);
      },
    );
  };

  for (const client of [commands, subscriber]) {
    client.on('error', reportDown);
    client.on('ready', reportUp);
  }
  subscriber.on('ready', () => subscribe([...wanted.keys()]));
  subscriber.on('close', () => {
    if (subscribed.size === 0) return;
    subscribed.clear();
    changed();
  });
  subscriber.on('message', (channel: string, message: string) => {
    let detail: unknown;
    try {
      detail = JSON.parse(message);
    } catch {
      logger.warn({ channel }, 'ignored a malformed event from Redis');
      return;
    }
    if (detail && typeof detail === 'object') {
      const { [ORIGIN]: from, ...rest } = detail as Record<string, unknown>;
      if (from === origin) return;
      detail = rest;
    }
    local.dispatchEvent(new CustomEvent(channel, { detail }));
  });

  const eventTarget: EventTarget = {
    addEventListener(topic, listener, options) {
      local.addEventListener(topic, listener, options);
      const count = wanted.get(topic) ?? 0;
      wanted.set(topic, count + 1);
      if (count === 0) subscribe([topic]);
    },
    removeEventListener(topic, listener, options) {
      local.removeEventListener(topic, listener, options);
      const count = wanted.get(topic) ?? 0;
      if (count > 1) {
        wanted.set(topic, count - 1);
        return;
      }
      wanted.delete(topic);
      if (subscribed.delete(topic)) {
        changed();
        subscriber.unsubscribe(topic).catch(() => {});
      }
    },
    dispatchEvent(event) {
      local.dispatchEvent(event);
      const { detail } = event as CustomEvent<unknown>;
      const payload = detail && typeof detail === 'object' ? { ...detail, [ORIGIN]: origin } : detail;
      commands.publish(event.type, JSON.stringify(payload ?? null)).catch((error: unknown) => {
        reportDown(error);
        logger.debug({ err: error, topic: event.type }, 'event not published to the other instances');
      });
      return true;
    },
  };

  return {
    commands,
    eventTarget,
    hears: (topic) => subscribed.has(topic),
    onListening: (listener) => listeningListeners.push(listener),
    ready(timeoutMs) {
      const isReady = () => commands.status === 'ready' && subscribed.size === wanted.size;
      if (isReady()) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (result: boolean) => {
          clearTimeout(timer);
          clearInterval(poll);
          resolve(result);
        };
        const timer = setTimeout(() => done(false), timeoutMs);
        const poll = setInterval(() => isReady() && done(true), 25);
      });
    },
    async close() {
      closing = true;
      await Promise.all(
        [commands, subscriber].map((client) =>
          client.status === 'ready' ? client.quit().catch(() => client.disconnect()) : client.disconnect(),
        ),
      );
    },
  };
}
