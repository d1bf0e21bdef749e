import { createYogaApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/services.js';
import { keygateEnv } from './processes.js';

export interface StatementRequest {
  key: string;
  authorization: string;
  /** Bodies of the first and the second request (the same body twice, or two different credentials). */
  bodies: [string, string];
}

export interface QueriesPerRequest {
  key: string;
  /** SQL statements Prisma sent for the first request of a fresh instance (nothing cached). */
  first: number;
  /** ... and for the second one (the caller's credential cached). */
  second: number;
  /** The second request's statements, e.g. `SELECT Token`. */
  secondStatements: string[];
}

/** `SELECT Token`, `INSERT AuditEvent`, `COMMIT`: what a statement does to which table. */
function describeStatement(sql: string): string {
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '?';
  const table = /(?:FROM|INTO|UPDATE)\s+(?:"public"\.)?"(\w+)"/i.exec(sql)?.[1];
  return table ? `${verb} ${table}` : verb;
}

/**
 * Counts the SQL statements each scenario's request sends, from Prisma's own query log, with Keygate's
 * GraphQL app in this process (as the tests count them): a fresh instance per scenario, so the first
 * request finds nothing cached.
 */
export async function countQueriesPerRequest(
  databaseUrl: string,
  requests: StatementRequest[],
): Promise<QueriesPerRequest[]> {
  const config = loadConfig(keygateEnv(databaseUrl, 0, 'silent'));
  const statements: string[] = [];
  const database = await openDatabase({
    databaseUrl,
    dataDir: 'memory://',
    poolSize: 2,
    onQuery: (sql) => statements.push(sql),
  });
  const results: QueriesPerRequest[] = [];
  try {
    for (const request of requests) {
      const services = createServices(config, createLogger('silent'), database);
      const yoga = createYogaApp(services);
      const counts: number[] = [];
      let last: string[] = [];
      for (const body of request.bodies) {
        statements.length = 0;
        const response = await yoga.fetch('http://127.0.0.1/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: request.authorization },
          body,
        });
        await response.text();
        counts.push(statements.length);
        last = statements.map(describeStatement);
      }
      await services.close();
      results.push({ key: request.key, first: counts[0]!, second: counts[1]!, secondStatements: last });
    }
  } finally {
    await database.close();
  }
  return results;
}
