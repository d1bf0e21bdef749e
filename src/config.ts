import path from 'node:path';
import { parseTrustProxy, type TrustProxy } from './client-address.js';

/** Everything Keygate reads from its environment, read once at start-up. */
export interface KeygateConfig {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent Keygate runs on the embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  logLevel: string;
  production: boolean;
  /** The audience that client assertions must name, and the issuer Keygate calls itself. */
  issuer: string;
  /** How often batched last-used times and use counts are written, in milliseconds. */
  usageFlushIntervalMs: number;
  /** Which proxies may say who the client is (X-Forwarded-For): none, a number of hops, or their ranges. */
  trustProxy: TrustProxy;
  /** Origins whose pages may call the API from a browser (CORS); empty: no cross-origin access. */
  corsOrigins: string[];
  /** Size of the PostgreSQL connection pool per instance. */
  databasePoolSize: number;
  /** Longest a statement may run, and how long an unanswered query is waited for (0: no limit). */
  databaseStatementTimeoutMs: number;
  /** E-mail of the owner created on the first start. */
  adminEmail: string;
  /** Serve GraphiQL at /graphql (default: on, off in production). */
  graphiql: boolean;
  /** Answer introspection queries (default: on, off in production). */
  introspection: boolean;
  limits: OperationLimits;
  /** A JSON file mapping hashes to documents: when set, only those operations run. */
  persistedOperationsFile: string | undefined;
}

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  maxBodyBytes: number;
  /** Operations one HTTP request may batch (a JSON array of them); 0 turns batching off. */
  maxBatchedOperations: number;
  /** Failed authentications allowed per client address per minute. */
  authFailuresPerMinute: number;
  /** Failed authentications allowed per credential (from any address) per minute. */
  authFailuresPerCredentialPerMinute: number;
  /** Mutations allowed per credential per minute. */
  mutationsPerMinute: number;
  /** Mutations allowed per client address per minute, whatever credentials it uses. */
  mutationsPerAddressPerMinute: number;
  /** Event streams (subscriptions) one credential may hold open at once. */
  subscriptionsPerCredential: number;
  /** Ids one `nodes` query may ask for. */
  maxNodes: number;
  /** verifyAuditChain calls one credential may make per minute. */
  auditVerificationsPerMinute: number;
  /** Events one verifyAuditChain call checks at most; the next call continues from there. */
  auditVerificationBatch: number;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return value === 'true' || value === '1';
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = whole(env, name, fallback);
  if (value <= 0) throw new Error(`${name} must be a positive whole number`);
  return value;
}

/** A whole number of zero or more, where 0 means "off". */
function whole(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
}

/** Exact origins (`scheme://host[:port]`), comma-separated. */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const origin = entry.trim();
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new Error(
        `${name}: ${JSON.stringify(origin.slice(0, 100))} is not an origin such as https://console.example.com`,
      );
    }
    if (!['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new Error(
        `${name}: ${JSON.stringify(origin.slice(0, 100))} is not an origin such as https://console.example.com`,
      );
    }
    return origin;
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): KeygateConfig {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.KEYGATE_DATA_DIR ?? '.keygate'),
    redisUrl: env.REDIS_URL || undefined,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    production: env.NODE_ENV === 'production',
    issuer: env.KEYGATE_ISSUER ?? `http://localhost:${port}`,
    usageFlushIntervalMs: positive(env, 'KEYGATE_USAGE_FLUSH_MS', 2000),
    trustProxy: parseTrustProxy(env.KEYGATE_TRUST_PROXY),
    corsOrigins: origins(env, 'KEYGATE_CORS_ORIGINS'),
    databasePoolSize: positive(env, 'DATABASE_POOL_SIZE', 10),
    databaseStatementTimeoutMs: whole(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 5000),
    adminEmail: env.KEYGATE_ADMIN_EMAIL ?? 'admin@keygate.local',
    graphiql: flag(env.KEYGATE_GRAPHIQL, env.NODE_ENV !== 'production'),
    introspection: flag(env.KEYGATE_INTROSPECTION, env.NODE_ENV !== 'production'),
    persistedOperationsFile: env.KEYGATE_PERSISTED_OPERATIONS || undefined,
    limits: {
      maxDepth: positive(env, 'KEYGATE_MAX_DEPTH', 12),
      maxAliases: positive(env, 'KEYGATE_MAX_ALIASES', 15),
      maxDirectives: positive(env, 'KEYGATE_MAX_DIRECTIVES', 10),
      maxTokens: positive(env, 'KEYGATE_MAX_TOKENS', 2000),
      maxCost: positive(env, 'KEYGATE_MAX_COST', 50_000),
      maxBodyBytes: positive(env, 'KEYGATE_MAX_BODY_BYTES', 100_000),
      maxBatchedOperations: whole(env, 'KEYGATE_MAX_BATCH', 0),
      authFailuresPerMinute: positive(env, 'KEYGATE_AUTH_FAILURES_PER_MINUTE', 30),
      authFailuresPerCredentialPerMinute: positive(
        env,
        'KEYGATE_AUTH_FAILURES_PER_CREDENTIAL_PER_MINUTE',
        20,
      ),
      mutationsPerMinute: positive(env, 'KEYGATE_MUTATIONS_PER_MINUTE', 600),
      mutationsPerAddressPerMinute: positive(env, 'KEYGATE_MUTATIONS_PER_ADDRESS_PER_MINUTE', 1200),
      subscriptionsPerCredential: positive(env, 'KEYGATE_SUBSCRIPTIONS_PER_CREDENTIAL', 5),
      maxNodes: positive(env, 'KEYGATE_MAX_NODES', 100),
      auditVerificationsPerMinute: positive(env, 'KEYGATE_AUDIT_VERIFICATIONS_PER_MINUTE', 6),
      auditVerificationBatch: positive(env, 'KEYGATE_AUDIT_VERIFICATION_BATCH', 100_000),
    },
  };
}
