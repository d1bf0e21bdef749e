import pg from 'pg';

/** The PostgreSQL server the benchmarks run on; they use a database of their own there. */
export const BENCH_SERVER_URL =
  process.env.BENCH_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
/**
 * The database the benchmarks create there: `keygate_bench`, or BENCH_DATABASE_NAME's, so that a second
 * measurement (bench:seed and plans on another branch, say) does not drop the one in progress.
 */
export const BENCH_DATABASE = process.env.BENCH_DATABASE_NAME || 'keygate_bench';

export function benchDatabaseUrl(name = BENCH_DATABASE): string {
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops the bench database (closing its connections) and creates it empty. */
export async function recreateBenchDatabase(): Promise<void> {
  await withClient(BENCH_SERVER_URL, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${BENCH_DATABASE}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${BENCH_DATABASE}"`);
  });
}

/** Creates the bench database when it is missing; returns whether it did. */
export async function ensureBenchDatabase(): Promise<boolean> {
  return withClient(BENCH_SERVER_URL, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DATABASE]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${BENCH_DATABASE}"`);
    return true;
  });
}

export async function postgresVersion(): Promise<string> {
  return withClient(BENCH_SERVER_URL, async (client) => {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]!.server_version;
  });
}

/**
 * Transactions committed in the bench database so far, read through a connection to another database so
 * the reads do not count themselves. PostgreSQL publishes a backend's counts at most once a second, so read
 * this only after the load has settled.
 */
export async function committedTransactions(serverClient: pg.Client): Promise<number> {
  const { rows } = await serverClient.query<{ xact_commit: string }>(
    'SELECT xact_commit FROM pg_stat_database WHERE datname = $1',
    [BENCH_DATABASE],
  );
  return Number(rows[0]!.xact_commit);
}

/**
 * How often the bench database's `CredentialSecret` primary key has been searched: every lookup of a
 * presented secret is one such scan, and nothing else Keygate does searches it by itself, so unlike the
 * commit counter it is not blurred by autovacuum or the usage recorder. Read on a connection to the bench
 * database (per-table counters are per database); the read scans no table of Keygate's.
 */
export async function secretLookups(benchClient: pg.Client): Promise<number> {
  const { rows } = await benchClient.query<{ idx_scan: string }>(
    `SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'CredentialSecret_pkey'`,
  );
  return Number(rows[0]?.idx_scan ?? 0);
}
