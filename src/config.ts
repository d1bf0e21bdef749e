import path from 'node:path';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './client-address.js';
import { normaliseRange } from './domain/ip-ranges.js';
import { isAudience, SCOPE_TOKEN } from './domain/scopes.js';
import { IMPORTED_KEY_LONGEST, IMPORTED_KEY_SHORTEST, type ImportedKeyRule } from './domain/secrets.js';

/** Everything Keygate reads from its environment, read and checked once at start-up (`loadConfig`). */
export interface KeygateConfig {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent Keygate runs on the embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  logLevel: LogLevel;
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
  /** Apply pending migrations at start (the default); false leaves them to `npm run db:deploy`. */
  migrate: boolean;
  /** E-mail of the owner created on the first start. */
  adminEmail: string;
  /** Serve GraphiQL at /graphql (default: on, off in production). */
  graphiql: boolean;
  /** Answer introspection queries (default: on, off in production). */
  introspection: boolean;
  limits: OperationLimits;
  http: HttpSettings;
  /** Where /metrics is served: on the main port (the default), on a port of its own, or not at all. */
  metrics: { mode: 'main' } | { mode: 'port'; port: number } | { mode: 'off' };
  /** The bearer token /metrics asks scrapers for (KEYGATE_METRICS_TOKEN); unset, /metrics is open. */
  metricsToken: string | undefined;
  /** A JSON file mapping hashes to documents: when set, only those operations run. */
  persistedOperationsFile: string | undefined;
  /**
   * Keygate's root secret, outside the database (KEYGATE_MASTER_KEY or the file KEYGATE_MASTER_KEY_FILE
   * names); unset on the embedded database, which keeps one in its data directory.
   */
  masterKey: MasterKeySource | undefined;
  /** How often an organization's signing keys rotate by themselves, in days. */
  signingKeyRotationDays: number;
  /** The scopes forward auth requires per route of the API behind the proxy (KEYGATE_FORWARD_AUTH_RULES). */
  forwardAuthRules: ForwardAuthRule[];
  /**
   * The public keys GitHub's secret-scanning partner program signs its reports with
   * (KEYGATE_SECRET_SCANNING_GITHUB_KEYS), by key identifier; none: POST /secret-scanning/github is off.
   */
  secretScanningGithubKeys: { keyIdentifier: string; key: string }[];
  /** Where webhooks may be sent, and how long one attempt may take. */
  webhooks: WebhookSettings;
  /** Who may create organizations, how many one person may own, how long a deleted one is kept. */
  organizations: OrganizationLifecycleSettings;
  /**
   * How strong a key brought from another product must be to be set or imported as a token's key
   * (KEYGATE_IMPORTED_KEY_MIN_LENGTH, KEYGATE_IMPORTED_KEY_MIN_ENTROPY_BITS).
   */
  importedKeys: ImportedKeyRule;
  /** Variables that were set but that Keygate does not know (misspelt, most likely), for a warning. */
  warnings: string[];
}

export interface WebhookSettings {
  /**
   * Private, loopback and link-local ranges webhooks may be sent to all the same
   * (KEYGATE_WEBHOOK_ALLOWED_NETWORKS); by default only public addresses are, so an endpoint cannot make
   * Keygate call into its own network.
   */
  allowedNetworks: string[];
  /** How long one delivery attempt may take, connection and answer, in milliseconds. */
  timeoutMs: number;
}

/** Who may create an organization: any signed-in person, only people who own one already, or nobody. */
export const ORGANIZATION_CREATION = ['anyone', 'owners', 'nobody'] as const;
export type OrganizationCreation = (typeof ORGANIZATION_CREATION)[number];

export interface OrganizationLifecycleSettings {
  /** KEYGATE_ORGANIZATION_CREATION: `nobody` leaves it to the operator (SQL, or the first start). */
  creation: OrganizationCreation;
  /** How many organizations one person may own (KEYGATE_MAX_OWNED_ORGANIZATIONS); creating more is refused. */
  maxOwnedPerPerson: number;
  /** Days a deleted organization's rows are kept before they are purged; 0: at once. */
  deletedRetentionDays: number;
}

/**
 * A route of the API behind a proxy and the scopes a credential needs for it: `path` is exact, or a prefix
 * when it ends in `*`; `methods` (upper case) limit it to those methods, all when absent.
 */
export interface ForwardAuthRule {
  path: string;
  methods?: string[];
  /** Scopes the credential must hold. */
  require?: string[];
  /**
   * The API's own identifier (RFC 8707 resource): a credential must name it in `aud`, which only access
   * tokens do (Keygate tokens and personal access tokens are for no audience, and are refused here).
   */
  audience?: string;
}

export type MasterKeySource = { kind: 'value'; value: string } | { kind: 'file'; path: string };

export interface HttpSettings {
  /** How long an idle keep-alive connection stays open: above a load balancer's idle timeout (often 60 s). */
  keepAliveTimeoutMs: number;
  /** How long a client may take to send a request's headers. */
  headersTimeoutMs: number;
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

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A setting that cannot be used: the message names the variable and what it accepts. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Keygate's configuration is not usable:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

// Each variable's value is checked by a zod schema that reads the text as given; `accepts` is what the
// error message offers instead.
interface Variable<T> {
  schema: z.ZodType<T, string>;
  accepts: string;
}

const variable = <T>(schema: z.ZodType<T, string>, accepts: string): Variable<T> => ({ schema, accepts });

const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  variable(
    z
      .string()
      .trim()
      .regex(/^[0-9]+$/)
      .transform(Number)
      .pipe(z.number().int().min(min).max(max)),
    max === Number.MAX_SAFE_INTEGER ? `a whole number from ${min}` : `a whole number from ${min} to ${max}`,
  );

const TRUE = ['true', '1', 'yes'];
const FALSE = ['false', '0', 'no'];
const boolean = variable(
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum([...TRUE, ...FALSE] as [string, ...string[]]))
    .transform((value) => TRUE.includes(value)),
  'true, false, 1, 0, yes or no',
);

const text = variable(z.string().trim().min(1), 'a non-empty value');

const url = (protocols: string[]) =>
  variable(
    z
      .string()
      .trim()
      .refine((value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      }),
    `a URL (${protocols.map((protocol) => `${protocol}//`).join(' or ')}…)`,
  );

const logLevel = variable(z.string().trim().toLowerCase().pipe(z.enum(LOG_LEVELS)), LOG_LEVELS.join(', '));

const origins = variable(
  z
    .string()
    .trim()
    .transform((value) => (value ? value.split(',').map((entry) => entry.trim()) : []))
    .refine((list) =>
      list.every((origin) => {
        try {
          const parsed = new URL(origin);
          return ['http:', 'https:'].includes(parsed.protocol) && parsed.origin === origin;
        } catch {
          return false;
        }
      }),
    ),
  'comma-separated origins such as https://console.example.com (scheme, host and port, nothing more)',
);

const metrics = variable(
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => ['on', 'main', 'off', ...TRUE, ...FALSE].includes(value) || /^[0-9]{1,5}$/.test(value))
    .transform((value): KeygateConfig['metrics'] => {
      if (['off', ...FALSE].includes(value)) return { mode: 'off' };
      if (/^[0-9]+$/.test(value) && value !== '1' && value !== '0')
        return { mode: 'port', port: Number(value) };
      return { mode: 'main' };
    })
    .refine((value) => value.mode !== 'port' || (value.port > 0 && value.port <= 65535)),
  'on (on the main port), off, or a port number of its own',
);

/** A variable holding JSON, parsed before its own schema checks it. */
const jsonText = z.string().transform((value, context) => {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    context.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});

const forwardAuthRules = variable(
  jsonText.pipe(
    z.array(
      z
        .strictObject({
          path: z.string().regex(/^\/[\x21-\x7e]*$/),
          methods: z
            .array(
              z
                .string()
                .regex(/^[A-Za-z]{1,20}$/)
                .transform((method) => method.toUpperCase()),
            )
            .min(1)
            .optional(),
          require: z.array(z.string().regex(SCOPE_TOKEN)).min(1).optional(),
          audience: z.string().refine(isAudience, 'an absolute https URI or a urn:').optional(),
        })
        .refine((rule) => rule.require || rule.audience, 'a rule requires scopes, an audience, or both'),
    ),
  ),
  'a JSON array of {"path": "/orders/*", "methods": ["POST"], "require": ["orders:write"], "audience": "https://orders.example.com"} (path exact, or a prefix ending in *; methods optional; require, audience or both)',
);

const networks = variable(
  z
    .string()
    .trim()
    .transform((value) => (value ? value.split(',').map((entry) => normaliseRange(entry.trim())) : []))
    .refine((list): list is string[] => list.every((range) => range !== null)),
  'comma-separated addresses or CIDR ranges, such as 127.0.0.0/8,::1',
);

const githubKeys = variable(
  jsonText.pipe(
    z
      .union([
        z.array(z.object({ key_identifier: z.string().min(1), key: z.string().includes('PUBLIC KEY') })),
        // GitHub's own answer at https://api.github.com/meta/public_keys/secret_scanning, as it is.
        z
          .object({
            public_keys: z.array(z.object({ key_identifier: z.string().min(1), key: z.string() })),
          })
          .transform((answer) => answer.public_keys),
      ])
      .transform((keys) => keys.map((entry) => ({ keyIdentifier: entry.key_identifier, key: entry.key }))),
  ),
  'the JSON of GitHub\'s /meta/public_keys/secret_scanning ({"public_keys": [{"key_identifier": "…", "key": "-----BEGIN PUBLIC KEY-----…"}]}), or its array',
);

/** Every variable Keygate reads; anything else starting with KEYGATE_ is reported as unknown. */
const VARIABLES = {
  PORT: wholeNumber(0, 65535),
  HOST: text,
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  KEYGATE_DATA_DIR: text,
  REDIS_URL: url(['redis:', 'rediss:']),
  LOG_LEVEL: logLevel,
  KEYGATE_ISSUER: url(['http:', 'https:']),
  KEYGATE_USAGE_FLUSH_MS: wholeNumber(1),
  KEYGATE_TRUST_PROXY: variable(
    z.string().transform((value, context) => {
      try {
        return parseTrustProxy(value);
      } catch {
        context.addIssue({ code: 'custom', message: 'invalid' });
        return z.NEVER;
      }
    }),
    'true/false/yes/no/1/0, a number of hops, or comma-separated proxy addresses, CIDR ranges, loopback, linklocal or uniquelocal',
  ),
  KEYGATE_CORS_ORIGINS: origins,
  DATABASE_POOL_SIZE: wholeNumber(1, 1000),
  DATABASE_STATEMENT_TIMEOUT_MS: wholeNumber(0),
  KEYGATE_MIGRATE: boolean,
  KEYGATE_ADMIN_EMAIL: variable(
    z
      .string()
      .trim()
      .regex(/^[^\s@]+@[^\s@]+$/),
    'an e-mail address',
  ),
  KEYGATE_GRAPHIQL: boolean,
  KEYGATE_INTROSPECTION: boolean,
  KEYGATE_PERSISTED_OPERATIONS: text,
  KEYGATE_MASTER_KEY: text,
  KEYGATE_MASTER_KEY_FILE: text,
  KEYGATE_METRICS: metrics,
  KEYGATE_METRICS_TOKEN: variable(
    z
      .string()
      .trim()
      .regex(/^[\x21-\x7e]{16,512}$/),
    'at least 16 printable characters, without spaces',
  ),
  KEYGATE_SIGNING_KEY_ROTATION_DAYS: wholeNumber(1, 3650),
  KEYGATE_FORWARD_AUTH_RULES: forwardAuthRules,
  KEYGATE_KEEP_ALIVE_TIMEOUT_MS: wholeNumber(1_000, 3_600_000),
  KEYGATE_HEADERS_TIMEOUT_MS: wholeNumber(1_000, 3_600_000),
  KEYGATE_MAX_DEPTH: wholeNumber(1),
  KEYGATE_MAX_ALIASES: wholeNumber(1),
  KEYGATE_MAX_DIRECTIVES: wholeNumber(1),
  KEYGATE_MAX_TOKENS: wholeNumber(1),
  KEYGATE_MAX_COST: wholeNumber(1),
  KEYGATE_MAX_BODY_BYTES: wholeNumber(1),
  KEYGATE_MAX_BATCH: wholeNumber(0),
  KEYGATE_AUTH_FAILURES_PER_MINUTE: wholeNumber(1),
  KEYGATE_AUTH_FAILURES_PER_CREDENTIAL_PER_MINUTE: wholeNumber(1),
  KEYGATE_MUTATIONS_PER_MINUTE: wholeNumber(1),
  KEYGATE_MUTATIONS_PER_ADDRESS_PER_MINUTE: wholeNumber(1),
  KEYGATE_SUBSCRIPTIONS_PER_CREDENTIAL: wholeNumber(1),
  KEYGATE_MAX_NODES: wholeNumber(1),
  KEYGATE_AUDIT_VERIFICATIONS_PER_MINUTE: wholeNumber(1),
  KEYGATE_AUDIT_VERIFICATION_BATCH: wholeNumber(1),
  KEYGATE_SECRET_SCANNING_GITHUB_KEYS: githubKeys,
  KEYGATE_WEBHOOK_ALLOWED_NETWORKS: networks,
  KEYGATE_WEBHOOK_TIMEOUT_MS: wholeNumber(100, 60_000),
  KEYGATE_ORGANIZATION_CREATION: variable(
    z.string().trim().toLowerCase().pipe(z.enum(ORGANIZATION_CREATION)),
    ORGANIZATION_CREATION.join(', '),
  ),
  KEYGATE_MAX_OWNED_ORGANIZATIONS: wholeNumber(1, 10_000),
  KEYGATE_DELETED_ORGANIZATION_RETENTION_DAYS: wholeNumber(0, 3660),
  KEYGATE_IMPORTED_KEY_MIN_LENGTH: wholeNumber(IMPORTED_KEY_SHORTEST, IMPORTED_KEY_LONGEST),
  KEYGATE_IMPORTED_KEY_MIN_ENTROPY_BITS: wholeNumber(64, 2048),
} satisfies Record<string, Variable<unknown>>;

type Name = keyof typeof VARIABLES;
type Value<N extends Name> = (typeof VARIABLES)[N] extends Variable<infer T> ? T : never;

/** Variables of other programs that share Keygate's prefix space or that Keygate reads elsewhere. */
const KNOWN_ELSEWHERE = new Set(['KEYGATE_TOKEN']);

/**
 * Reads and checks every setting. A value that cannot be used stops the start with a ConfigError naming
 * each variable and what it accepts (all of them at once, not the first); an empty value counts as unset.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): KeygateConfig {
  const problems: string[] = [];
  const read = <N extends Name>(name: N): Value<N> | undefined => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const parsed = (VARIABLES[name].schema as z.ZodType<Value<N>, string>).safeParse(raw);
    if (parsed.success) return parsed.data;
    const shown =
      name === 'KEYGATE_MASTER_KEY' ||
      name === 'KEYGATE_METRICS_TOKEN' ||
      name === 'DATABASE_URL' ||
      name === 'REDIS_URL'
        ? ''
        : ` (got ${JSON.stringify(raw.slice(0, 80))})`;
    problems.push(`${name} must be ${VARIABLES[name].accepts}${shown}`);
    return undefined;
  };
  const production = env.NODE_ENV === 'production';
  const port = read('PORT') ?? 4000;
  const masterKeyValue = read('KEYGATE_MASTER_KEY');
  const masterKeyFile = read('KEYGATE_MASTER_KEY_FILE');
  if (masterKeyValue && masterKeyFile) {
    problems.push('KEYGATE_MASTER_KEY and KEYGATE_MASTER_KEY_FILE are both set: set one of them');
  }
  const keepAliveTimeoutMs = read('KEYGATE_KEEP_ALIVE_TIMEOUT_MS') ?? 65_000;
  const headersTimeoutMs = read('KEYGATE_HEADERS_TIMEOUT_MS') ?? Math.max(66_000, keepAliveTimeoutMs + 1_000);
  const config: KeygateConfig = {
    port,
    host: read('HOST') ?? '0.0.0.0',
    databaseUrl: read('DATABASE_URL'),
    dataDir: path.resolve(read('KEYGATE_DATA_DIR') ?? '.keygate'),
    redisUrl: read('REDIS_URL'),
    logLevel: read('LOG_LEVEL') ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    production,
    issuer: (read('KEYGATE_ISSUER') ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    usageFlushIntervalMs: read('KEYGATE_USAGE_FLUSH_MS') ?? 2000,
    trustProxy: read('KEYGATE_TRUST_PROXY') ?? { kind: 'none' },
    corsOrigins: read('KEYGATE_CORS_ORIGINS') ?? [],
    databasePoolSize: read('DATABASE_POOL_SIZE') ?? 10,
    databaseStatementTimeoutMs: read('DATABASE_STATEMENT_TIMEOUT_MS') ?? 5000,
    migrate: read('KEYGATE_MIGRATE') ?? true,
    adminEmail: read('KEYGATE_ADMIN_EMAIL') ?? 'admin@keygate.local',
    graphiql: read('KEYGATE_GRAPHIQL') ?? !production,
    introspection: read('KEYGATE_INTROSPECTION') ?? !production,
    persistedOperationsFile: read('KEYGATE_PERSISTED_OPERATIONS'),
    masterKey: masterKeyValue
      ? { kind: 'value', value: masterKeyValue }
      : masterKeyFile
        ? { kind: 'file', path: path.resolve(masterKeyFile) }
        : undefined,
    metrics: read('KEYGATE_METRICS') ?? { mode: 'main' },
    metricsToken: read('KEYGATE_METRICS_TOKEN'),
    signingKeyRotationDays: read('KEYGATE_SIGNING_KEY_ROTATION_DAYS') ?? 30,
    forwardAuthRules: read('KEYGATE_FORWARD_AUTH_RULES') ?? [],
    http: { keepAliveTimeoutMs, headersTimeoutMs },
    limits: {
      maxDepth: read('KEYGATE_MAX_DEPTH') ?? 12,
      maxAliases: read('KEYGATE_MAX_ALIASES') ?? 15,
      maxDirectives: read('KEYGATE_MAX_DIRECTIVES') ?? 10,
      maxTokens: read('KEYGATE_MAX_TOKENS') ?? 2000,
      maxCost: read('KEYGATE_MAX_COST') ?? 50_000,
      maxBodyBytes: read('KEYGATE_MAX_BODY_BYTES') ?? 100_000,
      maxBatchedOperations: read('KEYGATE_MAX_BATCH') ?? 0,
      authFailuresPerMinute: read('KEYGATE_AUTH_FAILURES_PER_MINUTE') ?? 30,
      authFailuresPerCredentialPerMinute: read('KEYGATE_AUTH_FAILURES_PER_CREDENTIAL_PER_MINUTE') ?? 20,
      mutationsPerMinute: read('KEYGATE_MUTATIONS_PER_MINUTE') ?? 600,
      mutationsPerAddressPerMinute: read('KEYGATE_MUTATIONS_PER_ADDRESS_PER_MINUTE') ?? 1200,
      subscriptionsPerCredential: read('KEYGATE_SUBSCRIPTIONS_PER_CREDENTIAL') ?? 5,
      maxNodes: read('KEYGATE_MAX_NODES') ?? 100,
      auditVerificationsPerMinute: read('KEYGATE_AUDIT_VERIFICATIONS_PER_MINUTE') ?? 6,
      auditVerificationBatch: read('KEYGATE_AUDIT_VERIFICATION_BATCH') ?? 100_000,
    },
    secretScanningGithubKeys: read('KEYGATE_SECRET_SCANNING_GITHUB_KEYS') ?? [],
    webhooks: {
      allowedNetworks: (read('KEYGATE_WEBHOOK_ALLOWED_NETWORKS') as string[] | undefined) ?? [],
      timeoutMs: read('KEYGATE_WEBHOOK_TIMEOUT_MS') ?? 10_000,
    },
    organizations: {
      creation: read('KEYGATE_ORGANIZATION_CREATION') ?? 'anyone',
      maxOwnedPerPerson: read('KEYGATE_MAX_OWNED_ORGANIZATIONS') ?? 20,
      deletedRetentionDays: read('KEYGATE_DELETED_ORGANIZATION_RETENTION_DAYS') ?? 30,
    },
    importedKeys: {
      minLength: read('KEYGATE_IMPORTED_KEY_MIN_LENGTH') ?? 32,
      minEntropyBits: read('KEYGATE_IMPORTED_KEY_MIN_ENTROPY_BITS') ?? 90,
    },
    warnings: Object.keys(env)
      .filter((name) => name.startsWith('KEYGATE_') && !(name in VARIABLES) && !KNOWN_ELSEWHERE.has(name))
      .sort()
      .map((name) => `${name} is not a Keygate setting (misspelt?); it is ignored`),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
