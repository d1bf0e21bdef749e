import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { MigrationTarget } from './migrations/index.js';

export type { PrismaClient };

/** The database Keygate runs on: PostgreSQL when a URL is given, otherwise the embedded PGlite. */
export interface Database {
  prisma: PrismaClient;
  provider: 'postgres' | 'pglite';
  migrationTarget: MigrationTarget;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  /** Where PGlite keeps its files (`<dataDir>/pgdata`); `memory://` keeps them in memory. */
  dataDir: string;
  poolSize?: number;
  /** Called with the SQL of every statement (tests count statements with it). */
  onQuery?: (sql: string) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const adapter = new PrismaPg({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Fail fast when the database is away instead of queueing requests for ever.
      connectionTimeoutMillis: 5_000,
    });
    const prisma = withQueryLog(new PrismaClient({ adapter, log: queryLog(options) }), options);
    return {
      prisma,
      provider: 'postgres',
      migrationTarget: { provider: 'postgres', url: options.databaseUrl },
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
  if (onQuery) (prisma as PrismaClient<'query'>).$on('query', (event) => onQuery(event.query));
  return prisma;
}

/** Prisma's codes for "cannot reach, lost, or timed out waiting for the database". */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/** True when an error means the database is away (not that the query was wrong). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  return error instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE_CODES.has(error.code);
}
