import type { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets, for a Retry-After header. */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters. With Redis every instance shares the counts; without it each instance counts
 * for itself (a single instance, or tests).
 */
export interface RateLimiter {
  /** Counts one event under `key` and says whether it is within `limit` per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  /** Says whether `key` is already over `limit`, without counting. */
  peek(key: string, limit: number, windowMs: number): Promise<RateDecision>;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const window = this.window(key, windowMs);
    window.count += 1;
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

  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const name = this.prefix + key;
    const result = await this.redis.multi().incr(name).pexpire(name, windowMs, 'NX').pttl(name).exec();
    const count = Number(result?.[0]?.[1] ?? 0);
    const ttl = Number(result?.[2]?.[1] ?? windowMs);
    return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
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
