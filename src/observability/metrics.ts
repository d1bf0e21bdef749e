import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { containsSecret } from '../domain/audit.js';

/*
 * What one Keygate instance counts, in Prometheus terms (docs/operations.md, "Metrics and tracing", lists
 * every family). Each instance has a registry of its own, so that several instances in one process (the
 * tests) count apart; the process's own metrics (CPU, memory, event-loop lag, GC) are one registry per
 * process, shared by the instances in it, since there is one process to measure.
 */

/** How a request ended: served, refused or failed by the caller's doing (4xx), or failed by Keygate's (5xx). */
export type RequestOutcome = 'success' | 'client_error' | 'server_error';

/**
 * How a request came: over HTTP, or as an operation on a graphql-ws connection (websocket.ts). A label of
 * the request, error and authentication families, so that each is counted once whichever way it came.
 */
export type Transport = 'http' | 'ws';

export function outcomeOfStatus(status: number): RequestOutcome {
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return 'success';
}

/** What the metrics read when they are scraped. */
export interface MetricsSources {
  credentialCache: {
    readonly stats: { readonly hits: number; readonly misses: number };
    readonly size: number;
  };
  /** node-postgres' pool on PostgreSQL; null on the embedded database, which has no pool to report. */
  pool: {
    readonly totalCount: number;
    readonly idleCount: number;
    readonly waitingCount: number;
    readonly options: { max?: number };
  } | null;
}

/**
 * Operation names come from the client: each new one would be a new time series, which a client could
 * send by the million. Only names of operations an authenticated caller ran are admitted, the first
 * MAX_OPERATION_NAMES of them; every other one is counted as `other`.
 */
export const MAX_OPERATION_NAMES = 100;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/** Seconds: Keygate answers most requests in a few milliseconds, a slow database in seconds. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class KeygateMetrics {
  readonly registry: Registry;
  private readonly requests: Counter<'endpoint' | 'operation' | 'outcome' | 'transport'>;
  private readonly durations: Histogram<'endpoint' | 'operation' | 'outcome' | 'transport'>;
  private readonly graphqlErrors: Counter<'operation' | 'code' | 'transport'>;
  private readonly authentications: Counter<'kind' | 'code' | 'transport'>;
  private readonly verifications: Counter<'kind' | 'code'>;
  private readonly refusals: Counter<'limit'>;
  private readonly auditEvents: Counter<'outcome'>;
  private readonly operationNames = new Set<string>();

  constructor(sources: MetricsSources) {
    this.registry = new Registry();
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'keygate_requests_total',
      help: 'Requests answered (a graphql-ws operation is one), by endpoint, operation (GraphQL operation name, or the endpoint), outcome and transport.',
      labelNames: ['endpoint', 'operation', 'outcome', 'transport'],
      registers,
    });
    this.durations = new Histogram({
      name: 'keygate_request_duration_seconds',
      help: 'Time from a request arriving to its response (the first byte of a stream), by endpoint, operation, outcome and transport.',
      labelNames: ['endpoint', 'operation', 'outcome', 'transport'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.graphqlErrors = new Counter({
      name: 'keygate_graphql_errors_total',
      help: 'GraphQL errors in responses, by operation, extensions.code (INTERNAL_SERVER_ERROR: masked) and transport.',
      labelNames: ['operation', 'code', 'transport'],
      registers,
    });
    this.authentications = new Counter({
      name: 'keygate_authentications_total',
      help: 'Credentials presented by callers, by credential kind, outcome code (SUCCESS, or why not) and transport.',
      labelNames: ['kind', 'code', 'transport'],
      registers,
    });
    this.verifications = new Counter({
      name: 'keygate_credential_verifications_total',
      help: 'Credentials checked for a verifying service (verifyCredential, authenticateClientAssertion), by kind and answer code.',
      labelNames: ['kind', 'code'],
      registers,
    });
    this.refusals = new Counter({
      name: 'keygate_rate_limit_refusals_total',
      help: 'Requests refused by a rate limit or cap (429), by the limit that refused them.',
      labelNames: ['limit'],
      registers,
    });
    this.auditEvents = new Counter({
      name: 'keygate_audit_events_written_total',
      help: 'Audit events this instance committed, by outcome (SUCCESS, DENIED, FAILED).',
      labelNames: ['outcome'],
      registers,
    });
    const { credentialCache, pool } = sources;
    new Counter({
      name: 'keygate_credential_cache_lookups_total',
      help: 'Credential lookups by secret answered from the cache (hit) or the database (miss).',
      labelNames: ['result'],
      registers,
      collect() {
        this.reset();
        this.inc({ result: 'hit' }, credentialCache.stats.hits);
        this.inc({ result: 'miss' }, credentialCache.stats.misses);
      },
    });
    new Gauge({
      name: 'keygate_credential_cache_entries',
      help: 'Secrets the credential cache holds (credentials and secrets known to match nothing).',
      registers,
      collect() {
        this.set(credentialCache.size);
      },
    });
    if (pool) {
      new Gauge({
        name: 'keygate_database_connections',
        help: 'PostgreSQL connections of this instance, by state (in_use, idle).',
        labelNames: ['state'],
        registers,
        collect() {
          this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
          this.set({ state: 'idle' }, pool.idleCount);
        },
      });
      new Gauge({
        name: 'keygate_database_connections_max',
        help: 'The most PostgreSQL connections this instance opens (DATABASE_POOL_SIZE).',
        registers,
        collect() {
          this.set(pool.options.max ?? 10);
        },
      });
      new Gauge({
        name: 'keygate_database_waiting_queries',
        help: 'Queries waiting for a free PostgreSQL connection.',
        registers,
        collect() {
          this.set(pool.waitingCount);
        },
      });
    }
  }

  /**
   * The label for a GraphQL operation's name: `anonymous` without one, `other` for a name not admitted
   * (see MAX_OPERATION_NAMES). `admit`: whether this caller may add a name not seen before.
   */
  operationLabel(name: string | null | undefined, admit: boolean): string {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (!admit || this.operationNames.size >= MAX_OPERATION_NAMES || !OPERATION_NAME.test(name))
      return 'other';
    if (containsSecret(name)) return 'other';
    this.operationNames.add(name);
    return name;
  }

  /** One request answered: `operation` is a label from `operationLabel`, or the endpoint's own name. */
  observeRequest(
    endpoint: string,
    operation: string,
    outcome: RequestOutcome,
    seconds: number,
    transport: Transport = 'http',
  ): void {
    const labels = { endpoint, operation, outcome, transport };
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
  }

  /** A plain-HTTP endpoint's request (`route`: a fixed name such as `oauth.token`, never a raw path). */
  observeHttpRequest(route: string, outcome: RequestOutcome, seconds: number): void {
    this.observeRequest(route, route, outcome, seconds);
  }

  countGraphQLError(operation: string, code: string, transport: Transport = 'http'): void {
    this.graphqlErrors.inc({ operation, code, transport });
  }

  /**
   * A credential presented to authenticate a request: `kind` is its CredentialKind (as far as known:
   * `UNKNOWN` for what is no Keygate secret), `code` SUCCESS or why it was refused (NOT_FOUND, EXPIRED,
   * REVOKED, DISABLED, USAGE_EXCEEDED, IP_NOT_ALLOWED, ORGANIZATION_SUSPENDED, MALFORMED, RATE_LIMITED,
   * ORGANIZATION_NOT_ALLOWED; MISSING: a graphql-ws connection without one, which is refused).
   */
  countAuthentication(kind: string, code: string, transport: Transport = 'http'): void {
    this.authentications.inc({ kind, code, transport });
  }

  /** A credential checked on behalf of a verifying service: its kind, and the code the service was given. */
  countVerification(kind: string, code: string): void {
    this.verifications.inc({ kind, code });
  }

  /** A request refused by `limit` (auth_address, auth_credential, mutation_credential, …). */
  countRateLimited(limit: string): void {
    this.refusals.inc({ limit });
  }

  countAuditEvent(outcome: string): void {
    this.auditEvents.inc({ outcome });
  }

  /** The Prometheus text exposition of this instance's metrics and its process's. */
  async render(): Promise<{ contentType: string; body: string }> {
    const [own, shared] = await Promise.all([this.registry.metrics(), processRegistry().metrics()]);
    return { contentType: this.registry.contentType, body: `${own}\n${shared}` };
  }
}

let processMetrics: Registry | undefined;

/** The process's own metrics (prom-client's defaults: CPU, memory, handles, event-loop lag, GC), once. */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}
