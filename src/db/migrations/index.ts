/**
 * Keygate's `prisma migrate` without Prisma's native engine: the same migrations folder and the same
 * `_prisma_migrations` table, driven through @prisma/schema-engine-wasm and a driver adapter, so that a
 * machine with internet access can still run the stock `prisma migrate deploy` on the same database.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type {
  DiagnoseMigrationHistoryOutput,
  SchemaFilter,
} from '@prisma/schema-engine-wasm/schema_engine_bg';
import { pgliteMigrationAdapter, postgresMigrationAdapter } from './adapters.js';
import { readMigrationsFolder, writeMigration } from './migrations-folder.js';
import { type MigrationAdapter, withSchemaEngine } from './schema-engine.js';

export type MigrationTarget =
  | { provider: 'postgres'; url: string }
  /** An already-open PGlite; it stays open (its owner closes it). */
  | { provider: 'pglite'; client: PGlite };

export interface MigrationOptions {
  /** Defaults to `prisma/migrations` in the project root. */
  migrationsDir?: string;
  log?: (line: string) => void;
}

export interface CreateMigrationOptions extends MigrationOptions {
  /** Defaults to `prisma/schema.prisma` in the project root. */
  schemaPath?: string;
}

export interface MigrationStatus {
  /** On disk, not yet applied, in the order they would be applied. */
  pending: string[];
  /** Applied to the database (including any the migrations folder no longer has). */
  applied: string[];
  /** Anything `prisma migrate status` would complain about: failed, edited or missing migrations. */
  problems: string[];
}

// Resolved from this file rather than the working directory, so scripts and tests agree wherever they run:
// the nearest folder above it with a package.json, which is the project root both from src/db/migrations/
// and from the bundle in dist/ (scripts/build.mjs).
const PROJECT_ROOT = projectRoot(path.dirname(fileURLToPath(import.meta.url)));
export const DEFAULT_MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');
export const DEFAULT_SCHEMA_PATH = path.join(PROJECT_ROOT, 'prisma', 'schema.prisma');

function projectRoot(directory: string): string {
  for (let current = directory; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, 'package.json'))) return current;
    if (path.dirname(current) === current) return directory;
  }
}

const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

function migrationAdapter(target: MigrationTarget): MigrationAdapter {
  return target.provider === 'postgres'
    ? postgresMigrationAdapter(target.url)
    : pgliteMigrationAdapter(target.client);
}

/**
 * `prisma migrate deploy`: applies pending migrations in order, each one atomically. Concurrent deploys
 * against one database wait for each other on the engine's advisory lock (for 10 s at most, then fail, as
 * the native engine does). A migration that fails is recorded as failed and blocks later deploys until
 * it is resolved, as with Prisma.
 */
export async function deployMigrations(
  target: MigrationTarget,
  options: MigrationOptions = {},
): Promise<{ applied: string[] }> {
  const migrationsList = await readMigrationsFolder(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  return withSchemaEngine(migrationAdapter(target), { log: options.log }, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return { applied: appliedMigrationNames };
  });
}

/** `prisma migrate status`, summarised. Needs no shadow database. */
export async function migrationStatus(
  target: MigrationTarget,
  options: MigrationOptions = {},
): Promise<MigrationStatus> {
  const migrationsList = await readMigrationsFolder(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const diagnosis = await withSchemaEngine(migrationAdapter(target), { log: options.log }, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS }),
  );
  return summariseDiagnosis(
    migrationsList.migrationDirectories.map((directory) => directory.path),
    diagnosis,
  );
}

function summariseDiagnosis(onDisk: string[], diagnosis: DiagnoseMigrationHistoryOutput): MigrationStatus {
  const { history, failedMigrationNames, editedMigrationNames } = diagnosis;
  if (!diagnosis.hasMigrationsTable) return { pending: onDisk, applied: [], problems: [] };
  const unapplied = history && 'unappliedMigrationNames' in history ? history.unappliedMigrationNames : [];
  const unpersisted =
    history && 'unpersistedMigrationNames' in history ? history.unpersistedMigrationNames : [];
  const notApplied = new Set([...unapplied, ...failedMigrationNames]);
  const problems = [
    ...failedMigrationNames.map(
      (name) => `${name} failed to apply; fix it, then mark it with \`prisma migrate resolve --rolled-back\``,
    ),
    ...editedMigrationNames.map((name) => `${name} was modified after it was applied`),
    ...unpersisted.map((name) => `${name} is applied to the database but missing from the migrations folder`),
  ];
  if (history?.diagnostic === 'historiesDiverge') {
    problems.push(
      `the database's migration history diverges from the folder's after ${history.lastCommonMigrationName ?? 'the start'}`,
    );
  }
  return {
    pending: unapplied,
    applied: [...onDisk.filter((name) => !notApplied.has(name)), ...unpersisted],
    problems,
  };
}

/**
 * `prisma migrate dev --create-only`: diffs the Prisma schema against the migrations folder, replayed into
 * an in-memory PGlite (no server, no CREATEDB), and writes `<timestamp>_<name>/migration.sql` and
 * `migration_lock.toml`. Returns the new migration's directory name, or null when nothing changed.
 */
export async function createMigration(
  name: string,
  options: CreateMigrationOptions = {},
): Promise<{ created: string | null }> {
  const migrationName = toMigrationName(name);
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const schemaPath = options.schemaPath ?? DEFAULT_SCHEMA_PATH;
  const [migrationsList, content] = await Promise.all([
    readMigrationsFolder(migrationsDir),
    readFile(schemaPath, 'utf8'),
  ]);
  const schema = { files: [{ path: schemaPath, content }] };
  const scratch = await PGlite.create();
  try {
    const migration = await withSchemaEngine(
      pgliteMigrationAdapter(scratch),
      { datamodels: [[schemaPath, content]], log: options.log },
      async (engine) => {
        // The scratch database first catches up with the folder, as a dev database would. Then the order
        // matters: the wasm engine uses the external shadow database only in devDiagnostic, which replays
        // the folder there (to check the scratch database for drift) and caches the result. createMigration
        // reads that cache, and fails without it ("PostgreSQL shadow DB must be provided through an
        // external factory").
        await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
        const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
        if (action.tag === 'reset')
          throw new Error(`the migrations folder needs attention: ${action.reason}`);
        // No evaluateDataLoss: the scratch database holds no data to lose, and the engine writes its
        // destructive-change warnings into the head of the migration script anyway.
        return engine.createMigration({
          draft: false,
          migrationName,
          migrationsList,
          schema,
          filters: NO_FILTERS,
        });
      },
    );
    if (migration.migrationScript === null) return { created: null };
    await writeMigration(migrationsDir, {
      name: migration.generatedMigrationName,
      script: migration.migrationScript,
      provider: migration.connectorType,
    });
    return { created: migration.generatedMigrationName };
  } finally {
    await scratch.close();
  }
}

/** Prisma's CLI turns names into snake_case slugs before they become directory names; so do we. */
function toMigrationName(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new Error(`"${name}" is not a usable migration name: give letters or digits`);
  return slug;
}
