import type { PGlite } from '@electric-sql/pglite';
import { type Clock, fromPglite, type Job, PgBoss, type Queue, systemClock } from 'pg-boss';
import type { Logger } from '../logger.js';

/**
 * Keygate's background work runs on pg-boss, a job queue kept in the database Keygate already has: its
 * own `pgboss` schema on PostgreSQL, and the same on the embedded PGlite (through pg-boss's PGlite
 * adapter). Jobs survive restarts; with several instances each job is run by one of them; a schedule
 * fires once per tick across all of them. Time comes from `clock`: the system's, or a test's TestClock,
 * which pg-boss also puts into the database so that retries and schedules move only when the test says.
 */
export interface JobEngineOptions {
  logger: Logger;
  /** PostgreSQL's URL; without one, the embedded PGlite client Keygate opened. */
  databaseUrl?: string;
  pglite?: PGlite;
  clock?: Clock;
}

/** What a queue does with a job; a handler that throws has the job retried as the queue says. */
export interface JobDefinition<T extends object = object> {
  name: string;
  queue?: Omit<Queue, 'name'>;
  /** A cron expression (UTC): the job is sent once per tick, whatever the number of instances. */
  cron?: string;
  /** Jobs one instance runs at once. Default 1. */
  concurrency?: number;
  handle(job: Job<T>): Promise<void>;
}

export class JobEngine {
  readonly boss: PgBoss;
  readonly clock: Clock;
  private started = false;
  private readonly definitions: JobDefinition[] = [];

  constructor(private readonly options: JobEngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.boss = new PgBoss({
      ...(options.databaseUrl
        ? { connectionString: options.databaseUrl, max: 4, application_name: 'keygate-jobs' }
        : { db: fromPglite(requirePglite(options.pglite)), backend: 'pglite' as const }),
      clock: this.clock,
      useListenNotify: true,
    });
    // pg-boss reports what goes wrong in its own loops (a lost connection) as events, not rejections.
    this.boss.on('error', (error) => options.logger.warn({ err: error }, 'job engine error'));
  }

  /** Now, by the engine's clock: what jobs compare expiry and inactivity with. */
  now(): Date {
    return new Date(this.clock.now());
  }

  /** Whether the engine takes jobs now (between start and stop). */
  get running(): boolean {
    return this.started;
  }

  define<T extends object>(definition: JobDefinition<T>): void {
    if (this.started) throw new Error(`job ${definition.name} defined after the engine started`);
    this.definitions.push(definition as unknown as JobDefinition);
  }

  /** Creates the queues (pg-boss installs or migrates its schema first), the schedules, and the workers. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.boss.start();
    for (const definition of this.definitions) {
      await this.boss.createQueue(definition.name, { notify: true, ...definition.queue });
      if (definition.cron) await this.boss.schedule(definition.name, definition.cron, null, { tz: 'UTC' });
      const logger = this.options.logger;
      await this.boss.work<object>(
        definition.name,
        {
          includeMetadata: true,
          localConcurrency: definition.concurrency ?? 1,
          pollingIntervalSeconds: 2,
        },
        async ([job]) => {
          if (!job) return;
          try {
            await definition.handle(job);
          } catch (error) {
            logger.warn({ err: error, job: definition.name, retry: job.retryCount }, 'job failed');
            throw error;
          }
        },
      );
    }
  }

  /** Sends a job now (pg-boss ignores it when the queue's policy already holds one for its key). */
  send(name: string, data: object, options?: Parameters<PgBoss['send']>[2]): Promise<string | null> {
    return this.boss.send(name, data, options);
  }

  /** Stops taking jobs and waits (up to 30 s) for the running ones; jobs still queued wait for the next start. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: 30_000, close: true });
  }
}

function requirePglite(pglite: PGlite | undefined): PGlite {
  if (!pglite) throw new Error('the job engine needs a database URL or the embedded PGlite client');
  return pglite;
}
