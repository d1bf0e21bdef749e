import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { MigrationTarget } from './migrations/index.js';

export type { PrismaClient };

/** The database Keygate runs on: PostgreSQL when a URL is given, otherwise the embedded PGlite. */
export interface Database {
  prisma: PrismaClient;
  provider: 'postgres' | 'pglite';
  migrationTarget: MigrationTarget;
  /** PostgreSQL's connection pool, for its metrics; null on PGlite, which has one connection and no pool. */
  pool: pg.Pool | null;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  /** Where PGlite keeps its files (`<dataDir>/pgdata`); `memory://` keeps them in memory. */
  dataDir: string;
  poolSize?: number;
  /**
   * Longest a statement may run (PostgreSQL's `statement_timeout`), and how long the client waits for an
   * answer before it gives up on the connection: a stalled database fails requests instead of hanging
   * them. 0 turns both off. Default 5000.
   */
  statementTimeoutMs?: number;
  /**
   * Called with the SQL of every statement and its parameters as JSON (tests count statements with it;
   * the bench explains them).
   */
  onQuery?: (sql: string, params: string) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const statementTimeout = options.statementTimeoutMs ?? 5_000;
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Fail fast when the database is away instead of queueing requests for ever.
      connectionTimeoutMillis: 5_000,
      ...(statementTimeout > 0 && {
        statement_timeout: statementTimeout,
        query_timeout: statementTimeout,
        // A transaction whose client vanished mid-way (a network stall) stops holding its locks, such as
        // an organization's audit chain head, instead of blocking that organization's writers.
        idle_in_transaction_session_timeout: Math.max(statementTimeout * 2, 10_000),
        onConnect: closeOnQueryTimeout,
      }),
    });
    // Keygate's own pool, so its metrics can read it; the adapter ends it on $disconnect.
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    const prisma = withQueryLog(new PrismaClient({ adapter, log: queryLog(options) }), options);
    return {
      prisma,
      provider: 'postgres',
      migrationTarget: { provider: 'postgres', url: options.databaseUrl },
      pool,
      close: () => prisma.$disconnect(),
    };
  }
  const client = await openPglite(options.dataDir);
  const prisma = withQueryLog(
    new PrismaClient({ adapter: new PrismaPGlite(client), log: queryLog(options) }),
    options,
  );
  return {
    prisma,
    provider: 'pglite',
    migrationTarget: { provider: 'pglite', client },
    pool: null,
    async close() {
      await prisma.$disconnect();
      await client.close();
    },
  };
}

async function openPglite(dataDir: string): Promise<PGlite> {
  if (dataDir === 'memory://') return PGlite.create();
  const dir = path.join(dataDir, 'pgdata');
  fs.mkdirSync(dir, { recursive: true });
  return PGlite.create(dir);
}

function queryLog(options: DatabaseOptions) {
  return options.onQuery ? [{ emit: 'event' as const, level: 'query' as const }] : [];
}

function withQueryLog(prisma: PrismaClient, options: DatabaseOptions): PrismaClient {
  const { onQuery } = options;
  if (onQuery) (prisma as PrismaClient<'query'>).$on('query', (event) => onQuery(event.query, event.params));
  return prisma;
}

const QUERY_TIMEOUT = 'Query read timeout';

/**
 * node-postgres gives up on a query after `query_timeout` but keeps its connection, whose answer (and,
 * inside a transaction, whose open transaction) may still arrive; the adapter would then hand it back to
 * the pool as healthy, and the next request would run on a hung connection or inside someone else's
 * transaction. A connection whose query timed out is closed instead (`end()` destroys a connection with a
 * query in flight): PostgreSQL rolls back what it held, and the pool opens a fresh one.
 */
function closeOnQueryTimeout(client: pg.ClientBase): void {
  const connection = client as pg.Client;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const abandonOnTimeout = (error: unknown) => {
    if (error instanceof Error && error.message === QUERY_TIMEOUT) connection.end().catch(() => {});
  };
  client.query = ((...args: unknown[]) => {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        abandonOnTimeout(error);
        callback(error, result);
      };
      return query(...args);
    }
    const result = query(...args);
    if (result instanceof Promise) result.catch(abandonOnTimeout);
    return result;
  }) as typeof client.query;
}

/** Prisma's codes for "cannot reach, lost, or timed out waiting for the database". */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Driver adapter error kinds that mean the connection, not the query, failed. */
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);
/** Node socket errors. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);
/** node-postgres throws plain Errors when a connection drops mid-query or cannot be had in time. */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'timeout exceeded when trying to connect',
  QUERY_TIMEOUT,
];
/** Prisma's "the pool gave no connection within `maxWait`" (P2028 also covers unrelated misuse). */
const TRANSACTION_START_TIMEOUT = 'Unable to start a transaction in the given time';

/**
 * True when an error means the database is away (not that the query was wrong). An outage reaches the
 * resolvers in several shapes, depending on where the connection broke: a Prisma error with a code, a
 * Prisma error wrapping the adapter's error, the adapter's error itself, or node-postgres' own Error (a
 * transaction's BEGIN or COMMIT on a dropped connection). PostgreSQL's class 08 (connection exception),
 * 57P0x (shutting down, cannot connect now) and 57014 (statement timeout: the database did not answer in
 * time) count too, as do the timeouts of a stalled database: no pooled connection for a transaction in
 * time (P2028) and no answer to a query in time.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Object && depth < 5; depth++) {
    if (current instanceof Prisma.PrismaClientInitializationError) return true;
    const candidate = current as {
      name?: unknown;
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (current instanceof Prisma.PrismaClientKnownRequestError) {
      if (UNAVAILABLE_CODES.has(current.code)) return true;
      if (current.code === 'P2028' && current.message.includes(TRANSACTION_START_TIMEOUT)) return true;
      current = candidate.meta?.driverAdapterError;
      continue;
    }
    if (candidate.name === 'DriverAdapterError') {
      const cause = candidate.cause as { kind?: unknown; code?: unknown } | undefined;
      if (typeof cause?.kind === 'string' && UNAVAILABLE_KINDS.has(cause.kind)) return true;
      return cause?.kind === 'postgres' && isConnectionSqlState(cause.code);
    }
    if (typeof candidate.code === 'string' && SOCKET_CODES.has(candidate.code)) return true;
    if (isConnectionSqlState(candidate.code)) return true;
    if (
      typeof candidate.message === 'string' &&
      PG_CONNECTION_MESSAGES.some((text) => (candidate.message as string).startsWith(text))
    ) {
      return true;
    }
    current = candidate.cause;
  }
  return false;
}

function isConnectionSqlState(code: unknown): boolean {
  return typeof code === 'string' && (code.startsWith('08') || /^57(P0[123]|014)$/.test(code));
}
