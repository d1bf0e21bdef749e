import type { PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../logger.js';

/**
 * Keeps last-used times and counts of unlimited uses in memory and writes them in one statement per table
 * every few seconds, so a request never waits on a write. Use-limited tokens are not counted here: their
 * counter is bumped atomically in the database on each use (see authenticate.ts).
 */
export class UsageRecorder {
  private pats = new Map<string, Date>();
  private tokens = new Map<string, { at: Date; uses: number }>();
  private appKeys = new Map<string, Date>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  seenPat(id: string, at = new Date()): void {
    this.pats.set(id, at);
  }

  /** `counted` is false when the use was already counted in the database (use-limited tokens). */
  usedToken(id: string, counted: boolean, at = new Date()): void {
    const entry = this.tokens.get(id) ?? { at, uses: 0 };
    entry.at = at;
    if (!counted) entry.uses += 1;
    this.tokens.set(id, entry);
  }

  usedAppKey(id: string, at = new Date()): void {
    this.appKeys.set(id, at);
  }

  /** Writes what is pending. Concurrent callers share one flush. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pats.size === 0 && this.tokens.size === 0 && this.appKeys.size === 0) return;
    this.flushing = this.write().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(): Promise<void> {
    const pats = this.pats;
    const tokens = this.tokens;
    const appKeys = this.appKeys;
    this.pats = new Map();
    this.tokens = new Map();
    this.appKeys = new Map();
    try {
      if (pats.size > 0) {
        await this.prisma.$executeRaw`
          UPDATE "PersonalAccessToken" AS p SET "seenAt" = GREATEST(p."seenAt", v.seen)
          FROM unnest(${[...pats.keys()]}::uuid[], ${[...pats.values()]}::timestamptz[]) AS v(id, seen)
          WHERE p.id = v.id`;
      }
      if (tokens.size > 0) {
        const entries = [...tokens.entries()];
        await this.prisma.$executeRaw`
          UPDATE "Token" AS t
          SET "lastUsedAt" = GREATEST(t."lastUsedAt", v.used), "numUses" = t."numUses" + v.uses
          FROM unnest(${entries.map(([id]) => id)}::uuid[], ${entries.map(([, e]) => e.at)}::timestamptz[],
                      ${entries.map(([, e]) => e.uses)}::int[]) AS v(id, used, uses)
          WHERE t.id = v.id`;
      }
      if (appKeys.size > 0) {
        await this.prisma.$executeRaw`
          UPDATE "ApplicationKey" AS k SET "lastUsedAt" = GREATEST(k."lastUsedAt", v.used)
          FROM unnest(${[...appKeys.keys()]}::uuid[], ${[...appKeys.values()]}::timestamptz[]) AS v(id, used)
          WHERE k.id = v.id`;
      }
    } catch (error) {
      // Keep what could not be written for the next flush rather than lose use counts.
      for (const [id, at] of pats) if (!this.pats.has(id)) this.pats.set(id, at);
      for (const [id, e] of tokens) {
        const now = this.tokens.get(id);
        this.tokens.set(id, now ? { at: now.at, uses: now.uses + e.uses } : e);
      }
      for (const [id, at] of appKeys) if (!this.appKeys.has(id)) this.appKeys.set(id, at);
      this.logger.warn({ err: error }, 'usage flush failed; will retry');
    }
  }
}
