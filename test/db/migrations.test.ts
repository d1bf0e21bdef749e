import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMigration,
  DEFAULT_MIGRATIONS_DIR,
  DEFAULT_SCHEMA_PATH,
  deployMigrations,
  migrationStatus,
} from '../../src/db/migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const PROJECT_ROOT = path.resolve(DEFAULT_MIGRATIONS_DIR, '../..');

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

/** The migrations Keygate ships, read from the real folder. */
async function shippedMigrations(): Promise<{ name: string; sql: string }[]> {
  const entries = await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  return Promise.all(
    names.sort().map(async (name) => ({
      name,
      sql: await readFile(path.join(DEFAULT_MIGRATIONS_DIR, name, 'migration.sql'), 'utf8'),
    })),
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A scratch migrations folder: the shipped migrations plus `extra` ones, named to sort after them. */
async function migrationsFolder(extra: Record<string, string> = {}): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'keygate-migrations-'));
  await cp(DEFAULT_MIGRATIONS_DIR, directory, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(path.join(directory, name));
    await writeFile(path.join(directory, name, 'migration.sql'), sql);
  }
  return directory;
}

const scratchFolders: string[] = [];
async function scratchFolder(extra: Record<string, string> = {}): Promise<string> {
  const directory = await migrationsFolder(extra);
  scratchFolders.push(directory);
  return directory;
}
afterAll(async () => {
  await Promise.all(scratchFolders.map((directory) => rm(directory, { recursive: true, force: true })));
});

// A plpgsql body full of semicolons: a script split on `;` cannot run it.
const FUNCTION_MIGRATION = `CREATE FUNCTION "keygate_test_double"(value integer) RETURNS integer AS $$
DECLARE
  doubled integer;
BEGIN
  doubled := value * 2;
  RETURN doubled;
END;
$$ LANGUAGE plpgsql;
`;

// A valid statement, then an invalid one: nothing of it may survive.
const BROKEN_MIGRATION = `CREATE TABLE "HalfApplied" ("id" integer);
SELECT * FROM "missing_table";
`;

describe('migrations on PostgreSQL', () => {
  let database: TestDatabase;
  let client: pg.Client;
  let shipped: { name: string; sql: string }[];
  let names: string[];

  const migrationRows = async () =>
    (await client.query<MigrationRow>('SELECT * FROM _prisma_migrations ORDER BY started_at')).rows;

  beforeAll(async () => {
    shipped = await shippedMigrations();
    names = shipped.map((migration) => migration.name);
    database = await createTestDatabase({ migrate: false });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  // The tests below share one database and run in order, each building on the one before.

  it('reports every migration as pending on a fresh database', async () => {
    const status = await migrationStatus({ provider: 'postgres', url: database.url });
    expect(names.length).toBeGreaterThan(0);
    expect(status).toEqual({ pending: names, applied: [], problems: [] });
  });

  it('deploys to a fresh database: creates the tables and records the checksum', async () => {
    const { applied } = await deployMigrations({ provider: 'postgres', url: database.url });

    expect(applied).toEqual(names);
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['Organization', 'User', 'Token', 'AuditEvent', '_prisma_migrations']),
    );
    const rows = await migrationRows();
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const [i, row] of rows.entries()) {
      expect(row).toMatchObject({
        migration_name: shipped[i]!.name,
        checksum: sha256(shipped[i]!.sql),
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row.finished_at).toBeInstanceOf(Date);
    }
  });

  it('applies nothing when deployed again, and reports the database up to date', async () => {
    expect(await deployMigrations({ provider: 'postgres', url: database.url })).toEqual({ applied: [] });
    expect(await migrationStatus({ provider: 'postgres', url: database.url })).toEqual({
      pending: [],
      applied: names,
      problems: [],
    });
    expect(await migrationRows()).toHaveLength(names.length);
  });

  it('runs a migration with a $$-quoted function body', async () => {
    const migrationsDir = await scratchFolder({ '29990101000000_function': FUNCTION_MIGRATION });
    const target = { provider: 'postgres', url: database.url } as const;

    expect(await migrationStatus(target, { migrationsDir })).toMatchObject({
      pending: ['29990101000000_function'],
    });
    expect(await deployMigrations(target, { migrationsDir })).toEqual({
      applied: ['29990101000000_function'],
    });
    const result = await client.query<{ doubled: number }>('SELECT "keygate_test_double"(21) AS doubled');
    expect(result.rows[0]?.doubled).toBe(42);
  });

  it('leaves nothing of a failing migration, reports PostgreSQL’s message and does not record it as applied', async () => {
    const migrationsDir = await scratchFolder({
      '29990101000000_function': FUNCTION_MIGRATION,
      '29990102000000_broken': BROKEN_MIGRATION,
    });
    const target = { provider: 'postgres', url: database.url } as const;

    const failure = await deployMigrations(target, { migrationsDir }).then(
      () => undefined,
      (error: unknown) => error as Error & { cause?: { code?: string } },
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure?.message).toContain('relation "missing_table" does not exist');
    expect(failure?.message).toContain('29990102000000_broken');
    expect(failure?.message).not.toMatch(/External error/);
    expect(failure?.cause?.code).toBe('42P01');

    const halfApplied = await client.query<{ table: string | null }>(
      `SELECT to_regclass('"HalfApplied"') AS table`,
    );
    expect(halfApplied.rows[0]?.table).toBeNull();
    const broken = (await migrationRows()).find((row) => row.migration_name === '29990102000000_broken');
    // Recorded as started and failed, as Prisma does, so that `prisma migrate resolve` can deal with it.
    expect(broken).toMatchObject({ finished_at: null, applied_steps_count: 0 });

    const status = await migrationStatus(target, { migrationsDir });
    expect(status.applied).toEqual([...names, '29990101000000_function']);
    expect(status.applied).not.toContain('29990102000000_broken');
    expect(status.problems).toEqual([expect.stringContaining('29990102000000_broken failed')]);
  });
});

describe('concurrent deploys on PostgreSQL', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('lets exactly one of two processes apply, and neither lingers', async () => {
    const run = promisify(execFile);
    const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const deploy = async () => {
      const started = performance.now();
      const { stdout } = await run(tsx, ['scripts/db.ts', 'deploy'], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_URL: database.url },
      });
      return { stdout, seconds: (performance.now() - started) / 1000 };
    };

    const outcomes = await Promise.all([deploy(), deploy()]);

    const names = (await shippedMigrations()).map((migration) => migration.name);
    const appliedBy = outcomes.filter((outcome) =>
      outcome.stdout.includes(`applied ${names.length} migration(s):\n  ${names.join('\n  ')}`),
    );
    const idle = outcomes.filter((outcome) => outcome.stdout.includes('no pending migrations'));
    expect(appliedBy).toHaveLength(1);
    expect(idle).toHaveLength(1);
    // The engine's 10 s lock-timeout timer would hold a process open that long if it were left armed.
    for (const outcome of outcomes) expect(outcome.seconds).toBeLessThan(9);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const rows = await client.query(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL',
      );
      expect(rows.rows.map((row) => row.migration_name).sort()).toEqual(names);
    } finally {
      await client.end();
    }
  });
});

describe('migrations on PGlite', () => {
  let client: PGlite;
  let shipped: { name: string; sql: string }[];

  beforeAll(async () => {
    shipped = await shippedMigrations();
    client = await PGlite.create();
  });

  afterAll(async () => {
    await client?.close();
  });

  it('deploys to an in-memory database, once', async () => {
    const { applied } = await deployMigrations({ provider: 'pglite', client });

    const names = shipped.map((migration) => migration.name);
    expect(applied).toEqual(names);
    const rows = await client.query<MigrationRow>('SELECT * FROM _prisma_migrations ORDER BY started_at');
    expect(rows.rows).toEqual(
      shipped.map((migration) =>
        expect.objectContaining({
          migration_name: migration.name,
          checksum: sha256(migration.sql),
          applied_steps_count: 1,
        }),
      ),
    );
    expect(await deployMigrations({ provider: 'pglite', client })).toEqual({ applied: [] });
    expect(await migrationStatus({ provider: 'pglite', client })).toEqual({
      pending: [],
      applied: names,
      problems: [],
    });
  });

  it('leaves nothing of a failing migration there either', async () => {
    const migrationsDir = await scratchFolder({ '29990102000000_broken': BROKEN_MIGRATION });

    await expect(deployMigrations({ provider: 'pglite', client }, { migrationsDir })).rejects.toThrow(
      'relation "missing_table" does not exist',
    );

    const halfApplied = await client.query<{ table: string | null }>(
      `SELECT to_regclass('"HalfApplied"') AS table`,
    );
    expect(halfApplied.rows[0]?.table).toBeNull();
    const broken = await client.query<MigrationRow>(
      "SELECT * FROM _prisma_migrations WHERE migration_name = '29990102000000_broken'",
    );
    expect(broken.rows).toEqual([expect.objectContaining({ finished_at: null, applied_steps_count: 0 })]);
    // The client still works: the failure was awaited, not left to reject in the background.
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});

describe('createMigration', () => {
  it('finds nothing to change between prisma/schema.prisma and the shipped migrations', async () => {
    const migrationsDir = await scratchFolder();
    const before = await readdir(migrationsDir);

    expect(await createMigration('nothing', { migrationsDir })).toEqual({ created: null });
    expect(await readdir(migrationsDir)).toEqual(before);
  });

  it('writes a new migration for a schema change, which then deploys', async () => {
    const migrationsDir = await scratchFolder();
    const schema = await readFile(DEFAULT_SCHEMA_PATH, 'utf8');
    const schemaPath = path.join(migrationsDir, '..', `${path.basename(migrationsDir)}.prisma`);
    scratchFolders.push(schemaPath);
    await writeFile(schemaPath, `${schema}\nmodel Widget {\n  id    Int    @id\n  label String @unique\n}\n`);

    const { created } = await createMigration('Add widgets', { migrationsDir, schemaPath });

    expect(created).toMatch(/^\d{14}_add_widgets$/);
    const sql = await readFile(path.join(migrationsDir, created!, 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "Widget"');
    expect(sql).not.toContain('CREATE TABLE "User"');
    expect(await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain(
      'provider = "postgresql"',
    );

    const client = await PGlite.create();
    try {
      const { applied } = await deployMigrations({ provider: 'pglite', client }, { migrationsDir });
      const shipped = await shippedMigrations();
      expect(applied).toEqual([...shipped.map((migration) => migration.name), created]);
    } finally {
      await client.close();
    }
  });
});
