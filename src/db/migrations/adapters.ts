import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { MigrationAdapter } from './schema-engine.js';

/** pg_catalog's internal one-byte `"char"` type, which the engine's introspection queries return. */
const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * The adapter `inner`, except that scripts go through `executeScript` and `dispose` does what we say.
 * The stock adapters split scripts on `;` (adapter-pg, defect 6) or do not await them (PGlite, defect 7).
 */
function withScriptRunner(
  inner: SqlDriverAdapter,
  executeScript: (script: string) => Promise<void>,
  dispose: () => Promise<void>,
): SqlDriverAdapter {
  const adapter: SqlDriverAdapter = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inner.queryRaw(query),
    executeRaw: (query) => inner.executeRaw(query),
    startTransaction: (isolationLevel) => inner.startTransaction(isolationLevel),
    executeScript,
    dispose,
  };
  if (inner.getConnectionInfo) adapter.getConnectionInfo = () => inner.getConnectionInfo!();
  return adapter;
}

/**
 * One connection, so that the engine's advisory lock, its reads and the migration scripts share a session
 * (as with the native engine). A pool rather than a client because adapter-pg expects one.
 */
function openPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0 });
  // An idle connection that dies (e.g. server restart) must not crash the process; the next query fails.
  pool.on('error', () => {});
  const query = pool.query.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
  // adapter-pg 7.10.0 cannot map `"char"` (defect 4); its text form is a one-character string.
  const queryWithCharAsText = async (config: pg.QueryConfig) => {
    const result = await query(config);
    for (const field of result.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    return result;
  };
  return Object.assign(pool, { query: queryWithCharAsText });
}

/**
 * The whole script as one simple-protocol query (no parameters): PostgreSQL runs it in one implicit
 * transaction, so a failing migration leaves nothing behind and `$$` bodies stay intact (defect 6).
 *
 * Script errors are thrown as they come, not as DriverAdapterErrors: the engine would turn those into its
 * own wording ("No such table: x" for `relation "x" does not exist`), while a plain error comes back through
 * the error registry with PostgreSQL's own message (see withSchemaEngine).
 */
async function executeScriptOnPool(pool: pg.Pool, script: string): Promise<void> {
  await pool.query({ text: script });
}

function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** A migration adapter for a PostgreSQL server; shadow databases are created only when the engine asks. */
export function postgresMigrationAdapter(url: string): MigrationAdapter {
  let mainPool: pg.Pool | undefined;
  const main = (): pg.Pool => {
    mainPool ??= openPool(url);
    return mainPool;
  };
  // Shadow databases still to drop, each with its release; the engine disposes some, close() the rest.
  const shadows = new Map<string, () => Promise<void>>();

  const connectTo = async (pool: pg.Pool, dispose: () => Promise<void>): Promise<SqlDriverAdapter> => {
    const inner = await new PrismaPg(pool).connect();
    return withScriptRunner(inner, (script) => executeScriptOnPool(pool, script), dispose);
  };

  return {
    factory: {
      provider: 'postgres',
      adapterName: '@prisma/adapter-pg',
      // The main pool is ended in close(): the engine never disposes its main adapter (defect 2).
      connect: () => connectTo(main(), async () => {}),
      // adapter-pg's own shadow connects to the main database when given a URL, and drops the shadow before
      // ending the pool that still uses it (defect 5). Here the URL names the shadow, and its pool is ended
      // before the database is dropped.
      async connectToShadowDb() {
        const database = `prisma_migrate_shadow_db_${randomUUID()}`;
        await main().query({ text: `CREATE DATABASE "${database}"` });
        const pool = openPool(databaseUrl(url, database));
        const release = async () => {
          if (!shadows.delete(database)) return;
          await pool.end();
          await main().query({ text: `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)` });
        };
        shadows.set(database, release);
        return connectTo(pool, release);
      },
    },
    async close() {
      for (const release of [...shadows.values()]) await release();
      await mainPool?.end();
      mainPool = undefined;
    },
  };
}

/**
 * `exec` is PGlite's simple-protocol query; awaiting it is what makes a failing migration fail (defect 7).
 * PGlite runs a multi-statement simple query in one implicit transaction, as PostgreSQL does.
 */
async function executeScriptOnPglite(client: PGlite, script: string): Promise<void> {
  await client.exec(script);
}

/**
 * A migration adapter for an open PGlite, which stays open (its owner closes it). Shadow databases are
 * in-memory PGlites that this adapter closes: pglite-prisma-adapter never closes its own (defect 7).
 */
export function pgliteMigrationAdapter(client: PGlite): MigrationAdapter {
  const shadows: PGlite[] = [];
  // The engine asks for a shadow database twice per diagnosis, and a new PGlite costs about 2 s of initdb,
  // so a disposed shadow is emptied and handed out again.
  const idleShadows: PGlite[] = [];

  const connectTo = async (database: PGlite, dispose: () => Promise<void>): Promise<SqlDriverAdapter> => {
    const inner = await new PrismaPGlite(database).connect();
    return withScriptRunner(inner, (script) => executeScriptOnPglite(database, script), dispose);
  };

  return {
    factory: {
      provider: 'postgres',
      adapterName: 'pglite-prisma-adapter',
      connect: () => connectTo(client, async () => {}),
      async connectToShadowDb() {
        let shadow = idleShadows.pop();
        if (shadow) {
          await shadow.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
        } else {
          shadow = await PGlite.create();
          shadows.push(shadow);
        }
        const database = shadow;
        return connectTo(database, async () => {
          if (!idleShadows.includes(database)) idleShadows.push(database);
        });
      },
    },
    async close() {
      idleShadows.length = 0;
      await Promise.all(shadows.splice(0).map((shadow) => shadow.close()));
    },
  };
}
