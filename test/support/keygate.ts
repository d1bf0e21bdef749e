import type { Clock } from 'pg-boss';
import { createYogaApp, type YogaApp } from '../../src/app.js';
import { type KeygateConfig, loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { deployMigrations } from '../../src/db/migrations/index.js';
import { bootstrapFirstOrganization } from '../../src/domain/bootstrap.js';
import { defineKeygateJobs } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logger.js';
import { createServices, type Services } from '../../src/services.js';
import { createTestDatabase } from './database.js';

/** The master key every Keygate of the tests runs with (a real one would be random and kept apart). */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

/** The configuration of a Keygate under test: `loadConfig` of these variables, with the test master key. */
export function testConfig(env: Record<string, string> = {}): KeygateConfig {
  return loadConfig({ NODE_ENV: 'test', KEYGATE_MASTER_KEY: TEST_MASTER_KEY, ...env });
}

/** A typed document from the generated client preset (documentMode: string). */
export interface TypedDocument<TResult, TVariables> {
  toString(): string;
  __apiType?: (variables: TVariables) => TResult;
}

export interface GraphQLResponse<TResult> {
  status: number;
  headers: Headers;
  data?: TResult | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string } & Record<string, unknown>;
  }[];
}

export interface RequestOptions {
  token?: string | null;
  ip?: string;
  headers?: Record<string, string>;
}

/** The answer to a raw operation: untyped, for ad-hoc documents whose assertions check the shape. */
export interface RawResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: ad-hoc documents; each assertion checks the shape it needs
  data?: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above (absent when there are none)
  errors?: any;
}

export interface TestKeygate {
  yoga: YogaApp;
  services: Services;
  /** Which database it runs on: a fresh PostgreSQL database, or an in-memory embedded PGlite. */
  provider: 'postgres' | 'pglite';
  /** The bootstrapped owner's token and organization. */
  ownerSecret: string;
  organizationId: string;
  /** SQL of every statement since the array was last emptied; tests count statements with it. */
  queries: string[];
  request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables?: TVariables,
    options?: RequestOptions,
  ): Promise<GraphQLResponse<TResult>>;
  /** An operation written as a plain string, answered untyped. */
  raw(query: string, variables?: unknown, options?: RequestOptions): Promise<RawResponse>;
  close(): Promise<void>;
}

/**
 * Keygate in-process on a fresh PostgreSQL database (or, with `embedded`, an in-memory PGlite: the
 * default a newcomer runs), bootstrapped like a first start. Requests go through `yoga.fetch`: the whole
 * GraphQL stack, without a socket.
 */
export async function startTestKeygate(
  overrides: Partial<KeygateConfig> = {},
  options: {
    embedded?: boolean;
    /** Runs the job engine (webhooks, schedules), on this clock: a TestClock moves only when the test says. */
    jobs?: { clock?: Clock };
  } = {},
): Promise<TestKeygate> {
  const database = options.embedded ? null : await createTestDatabase();
  const config = { ...testConfig(), databaseUrl: database?.url, ...overrides };
  const queries: string[] = [];
  const db = await openDatabase({
    databaseUrl: database?.url,
    dataDir: 'memory://',
    poolSize: 5,
    onQuery: (sql) => queries.push(sql),
  });
  if (!database) await deployMigrations(db.migrationTarget);
  const services = createServices(config, createLogger(config.logLevel), db, { clock: options.jobs?.clock });
  const bootstrap = await bootstrapFirstOrganization(db.prisma, {
    email: 'owner@example.test',
    name: 'Owner',
  });
  if (!bootstrap) throw new Error('expected an empty database');
  if (options.jobs) {
    defineKeygateJobs(services);
    await services.jobs.start();
  }
  const yoga = createYogaApp(services);
  const request: TestKeygate['request'] = async (document, variables, options = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await yoga.fetch(
      'http://keygate.test/graphql',
      { method: 'POST', headers, body: JSON.stringify({ query: document.toString(), variables }) },
      { clientIp: options.ip ?? '127.0.0.1' },
    );
    const body = (await response.json()) as Omit<GraphQLResponse<never>, 'status' | 'headers'>;
    return { status: response.status, headers: response.headers, ...body };
  };
  return {
    yoga,
    services,
    provider: db.provider,
    ownerSecret: bootstrap.secret,
    organizationId: bootstrap.organizationId,
    queries,
    request,
    raw: (query, variables, options) =>
      request({ toString: () => query }, variables, options) as Promise<RawResponse>,
    async close() {
      await services.jobs.stop();
      await services.usage.stop();
      await services.close();
      await db.close();
      await database?.drop();
    },
  };
}
