/**
 * Keygate's migration commands, in place of `prisma migrate` (which needs a native engine download):
 *
 *   tsx scripts/db.ts deploy              apply pending migrations             (= prisma migrate deploy)
 *   tsx scripts/db.ts status              list applied and pending migrations  (= prisma migrate status)
 *   tsx scripts/db.ts dev --name <name>   create a migration from prisma/schema.prisma, then deploy it
 *                                                                              (= prisma migrate dev)
 *
 * The target is the database the server uses: DATABASE_URL when set, otherwise the embedded PGlite in
 * `$KEYGATE_DATA_DIR/pgdata` (default `./.keygate/pgdata`). Add `--verbose` for the engine's log.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { loadConfig } from '../src/config.js';
import {
  createMigration,
  DEFAULT_MIGRATIONS_DIR,
  deployMigrations,
  type MigrationTarget,
  migrationStatus,
} from '../src/db/migrations/index.js';

const USAGE = 'usage: tsx scripts/db.ts deploy | status | dev --name <name> [--verbose]';

/** Opens the target; `close` closes what was opened here (the PGlite), nothing else. */
async function openTarget(): Promise<{
  target: MigrationTarget;
  description: string;
  close(): Promise<void>;
}> {
  const { databaseUrl, dataDir } = loadConfig();
  if (databaseUrl) {
    const shown = new URL(databaseUrl);
    if (shown.password) shown.password = '***';
    return {
      target: { provider: 'postgres', url: databaseUrl },
      description: shown.toString(),
      close: async () => {},
    };
  }
  const directory = path.join(dataDir, 'pgdata');
  mkdirSync(directory, { recursive: true });
  const client = await PGlite.create(directory);
  return {
    target: { provider: 'pglite', client },
    description: `PGlite at ${directory}`,
    close: () => client.close(),
  };
}

function list(names: string[]): string {
  return names.map((name) => `  ${name}`).join('\n');
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, verbose: { type: 'boolean', default: false } },
  });
  const [command, ...extra] = positionals;
  if (!command || extra.length > 0 || !['deploy', 'status', 'dev'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  if (command === 'dev' && !values.name) {
    console.error(`dev needs a name for the new migration\n${USAGE}`);
    return 2;
  }
  const log = values.verbose ? (line: string) => console.error(`  [engine] ${line}`) : undefined;

  if (command === 'dev') {
    const { created } = await createMigration(values.name!, { log });
    console.log(
      created
        ? `created ${path.relative(process.cwd(), path.join(DEFAULT_MIGRATIONS_DIR, created, 'migration.sql'))}`
        : 'prisma/schema.prisma matches the migrations: no migration created',
    );
  }

  const database = await openTarget();
  try {
    if (command === 'status') {
      const status = await migrationStatus(database.target, { log });
      console.log(
        `${database.description}: ${status.applied.length} applied, ${status.pending.length} pending`,
      );
      if (status.pending.length > 0) console.log(`pending:\n${list(status.pending)}`);
      for (const problem of status.problems) console.error(`problem: ${problem}`);
      // As `prisma migrate status`: non-zero unless the database is up to date and healthy.
      return status.pending.length > 0 || status.problems.length > 0 ? 1 : 0;
    }
    const { applied } = await deployMigrations(database.target, { log });
    console.log(
      applied.length > 0
        ? `${database.description}: applied ${applied.length} migration(s):\n${list(applied)}`
        : `${database.description}: no pending migrations`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      `db ${process.argv[2] ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  },
);
