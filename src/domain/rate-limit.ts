import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets, for a Retry-After header. */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters. With Redis every instance shares the counts; without it (a single instance,
 * tests, or while Redis is away: see FailoverRateLimiter) each instance counts for itself.
 */
export interface RateLimiter {
  /** Counts `count` events (default one) under `key` and says whether they are within `limit` per `windowMs`. */
  hit(key: string, limit: number, windowMs: number, count?: number): Promise<RateDecision>;
  /** Says whether one more event under `key` would be within `limit`, without counting. */
  peek(key: string, limit: number, windowMs: number): Promise<RateDecision>;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, limit: number, windowMs: number, count = 1): Promise<RateDecision> {
    const window = this.window(key, windowMs);
    window.count += count;
    return this.decide(window, limit);
  }

  async peek(key: string, limit: number, _windowMs: number): Promise<RateDecision> {
    const window = this.windows.get(key);
    if (!window || window.resetAt <= Date.now()) return { allowed: true, retryAfterSeconds: 0 };
    return this.decide({ ...window, count: window.count + 1 }, limit);
  }

  private window(key: string, windowMs: number) {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > 100_000) this.sweep(now);
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    return window;
  }

  private decide(window: { count: number; resetAt: number }, limit: number): RateDecision {
    return {
      allowed: window.count <= limit,
      retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - Date.now()) / 1000)),
    };
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'keygate:rate:',
  ) {}

  async hit(key: string, limit: number, windowMs: number, count = 1): Promise<RateDecision> {
    const name = this.prefix + key;
    const result = await this.redis
      .multi()
      .incrby(name, count)
      .pexpire(name, windowMs, 'NX')
      .pttl(name)
      .exec();
    const total = Number(result?.[0]?.[1] ?? 0);
    const ttl = Number(result?.[2]?.[1] ?? windowMs);
    return { allowed: total <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
  }

  async peek(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const name = this.prefix + key;
    const [count, ttl] = await Promise.all([this.redis.get(name), this.redis.pttl(name)]);
    return {
      allowed: Number(count ?? 0) < limit,
      retryAfterSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000)),
    };
  }
}

/**
 * Counts in `shared` (Redis) while it is available and answers, and in this instance's memory while it
 * does not: an outage of Redis loosens every limit to a per-instance one (fails open) instead of failing
 * requests, and says so once in the log. After a failed call (a Redis that hangs rather than refuses) the
 * next few seconds count locally, so that requests do not each wait for Redis to time out. Counts made in
 * memory are not carried over when Redis is back.
 */
export class FailoverRateLimiter implements RateLimiter {
  private failingOver = false;
  private localUntil = 0;

  constructor(
    private readonly shared: RateLimiter,
    private readonly local: RateLimiter,
    private readonly available: () => boolean,
    private readonly logger: Logger,
    private readonly coolDownMs = 5_000,
  ) {}

  hit(key: string, limit: number, windowMs: number, count = 1): Promise<RateDecision> {
    return this.run((limiter) => limiter.hit(key, limit, windowMs, count));
  }

  peek(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.run((limiter) => limiter.peek(key, limit, windowMs));
  }

  private async run<T>(operation: (limiter: RateLimiter) => Promise<T>): Promise<T> {
    if (this.available() && Date.now() >= this.localUntil) {
      try {
        const result = await operation(this.shared);
        if (this.failingOver) {
          this.failingOver = false;
          this.logger.info('rate limits are shared through Redis again');
        }
        return result;
      } catch (error) {
        this.localUntil = Date.now() + this.coolDownMs;
        this.failOver(error);
      }
    } else {
      this.failOver(undefined);
    }
    return operation(this.local);
  }

  private failOver(error: unknown): void {
    if (this.failingOver) return;
    this.failingOver = true;
    this.logger.warn(
      { err: error },
      'Redis is unavailable: rate limits are counted per instance until it is back',
    );
  }
}
