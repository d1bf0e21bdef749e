/**
 * `npm run bench`: every benchmark, in one command, against a fresh `keygate_bench` database.
 *
 * Keygate runs as a child process (the production build, `node dist/main.js`, NODE_ENV=production,
 * LOG_LEVEL=warn, rate limits out of the way), the ceiling (bench/bare-server.ts, node:http and a fixed
 * JSON body) and the framework floor (bench/yoga-server.ts, graphql-yoga with a one-field schema) run
 * beside it, bundled and run with plain node too, and each load run is a process of its own
 * (bench/load.ts, autocannon), all on 127.0.0.1 and bounded in time. A last phase compares Node 20 with
 * Node 24 on the viewer and the yoga floor (bench/runtimes.ts). Every scenario runs once per round, the bare server first; a round's ratios compare
 * runs made a few seconds apart on the same (noisy, shared) machine, and the report gives the median over
 * the rounds. Raw results go to bench/results/ (git-ignored), the report to BENCHMARKS.md.
 *
 * Knobs (environment): BENCH_ROUNDS (3), BENCH_SECONDS (8 per run), BENCH_WARMUP_SECONDS (3),
 * BENCH_MEMORY_SECONDS (60), BENCH_STARTUP_RUNS (5), BENCH_PROFILE_SECONDS (10; 0 skips the profiles),
 * BENCH_NODE_BASELINE and BENCH_NODE_TARGET (bench/runtimes.ts). BENCH_ONLY=runtimes runs only the
 * Node comparison (on a fresh, unseeded database) and prints it, leaving BENCHMARKS.md as it is.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { generateSecret, hashSecret, parseSecret } from '../src/domain/secrets.js';
import { type AuditFilterPlan, auditFilterPlans } from './audit-filter-plans.js';
import {
  BENCH_DATABASE,
  BENCH_SERVER_URL,
  benchDatabaseUrl,
  committedTransactions,
  postgresVersion,
  recreateBenchDatabase,
  secretLookups,
  withClient,
} from './bench-database.js';
import { type ProfileSummary, summariseProfile } from './cpu-profile.js';
import {
  type AmountMeasurement,
  amountSpec,
  CLIENT_ASSERTION_TYPE,
  form,
  type GatewayFixtures,
  type HitRateMeasurement,
  hitRateUnderRevocations,
  makeGatewayFixtures,
  type RevocationAcrossInstances,
  reachable,
  revocationAcrossInstances,
  seedFreshTokens,
  signAssertions,
} from './gateway.js';
import type { LoadResult, LoadSpec } from './load.js';
import { describeMachine, type MachineInfo, machineCpuTicks } from './machine.js';
import { findPgbench, type PgbenchRun, runPgbench } from './pgbench.js';
import {
  buildReferenceServers,
  cpuMs,
  type KeygateProcess,
  type RunningProcess,
  rssKiB,
  startKeygate,
  startReferenceServer,
  stopProcess,
} from './processes.js';
import { writeReport } from './report.js';
import { compareRuntimes, type RuntimeComparison } from './runtimes.js';
import { SEED_SECRETS_FILE, type SeedSummary } from './seed.js';
import { countQueriesPerRequest, type QueriesPerRequest } from './statements.js';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
};
const ROUNDS = env('BENCH_ROUNDS', 3);
const SECONDS = env('BENCH_SECONDS', 8);
const WARMUP_SECONDS = env('BENCH_WARMUP_SECONDS', 3);
const MEMORY_SECONDS = env('BENCH_MEMORY_SECONDS', 60);
const STARTUP_RUNS = env('BENCH_STARTUP_RUNS', 5);
/** Audit events of the fresh organization's owner: more than the first page of 20. */
const FRESH_ORG_EVENTS = 30;
/** Requests per batch when counting the database transactions verifications cause. */
const STATEMENT_BATCH = 3000;
/**
 * pgbench runs for the database's own ceiling of createPersonalAccessToken: clients, and how many users
 * they act as (one user's creations queue on that user's membership lock).
 */
const CEILINGS = [
  { clients: 1, users: 1 },
  { clients: 8, users: 8 },
  { clients: 8, users: 1 },
];
/** Credentials per uncached gateway run, and assertions per token-endpoint run (each used once). */
const UNCACHED_REQUESTS = env('BENCH_UNCACHED_REQUESTS', 8000);
const TOKEN_REQUESTS = env('BENCH_TOKEN_REQUESTS', 4000);
const HIT_RATE_SECONDS = env('BENCH_HIT_RATE_SECONDS', 15);
const REVOCATION_RUNS = env('BENCH_REVOCATION_RUNS', 5);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PROFILE_SECONDS = env('BENCH_PROFILE_SECONDS', 10);
/** The scenarios profiled after the rounds, each on a fresh Keygate process. */
const PROFILED = ['viewer', 'tokens-page', 'create-pat-8', 'audit-1m-heavy-32', 'forward-cached-32'];
const RESULTS_DIR = 'bench/results';
const DATABASE_URL = benchDatabaseUrl();

// ---------------------------------------------------------------------------------------------------------
// Result shapes (also read by report.ts)

export interface RunMetrics extends LoadResult {
  /** CPU the server process used, as a share of one core. */
  serverCpu: number;
  /** Server CPU time per request, in microseconds. */
  serverCpuUsPerRequest: number;
  /** Share of the whole machine (all cores) that was busy: server, database, load generator, neighbours. */
  machineBusy: number;
}

export interface ScenarioResult {
  key: string;
  group: string;
  title: string;
  server: ServerName;
  connections: number;
  runs: RunMetrics[];
  median: {
    requestsPerSecond: number;
    p50: number;
    p99: number;
    serverCpuUsPerRequest: number;
    /** Median over rounds of this run's req/s divided by the bare server's in the same round. */
    ratioToBare: number;
    /** Same, against the minimal graphql-yoga server. */
    ratioToYoga: number;
    /** Same, against scenario 1 (authenticated viewer). */
    ratioToViewer: number;
  };
  failures: number;
}

export interface DatabaseCeiling {
  clients: number;
  /** Users the clients act as: 8 clients as 8 users, or all as one. */
  users: number;
  runs: PgbenchRun[];
  medianTransactionsPerSecond: number;
  medianLatencyMs: number;
}

export interface StatementCount {
  key: string;
  title: string;
  requests: number;
  committedTransactions: number;
  /** Searches of CredentialSecret's primary key: lookups of presented secrets. */
  secretLookups: number;
}

export interface ProfileResult extends ProfileSummary {
  key: string;
  title: string;
  file: string;
  load: RunMetrics;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  seconds: number;
  command: string;
  machine: MachineInfo;
  loadAverageAfter: number[];
  settings: {
    rounds: number;
    secondsPerRun: number;
    warmupSeconds: number;
    memorySeconds: number;
    startupRuns: number;
  };
  seed: SeedSummary & { wallSeconds: number };
  scenarios: ScenarioResult[];
  databaseCeiling: DatabaseCeiling[];
  queriesPerRequest: QueriesPerRequest[];
  statementCounts: StatementCount[];
  startup: { readyMs: number[]; medianMs: number; nodeFloorMs: number[]; nodeFloorMedianMs: number };
  memory: {
    samples: { second: number; rssMiB: number }[];
    startMiB: number;
    endMiB: number;
    maxMiB: number;
    growthPercent: number;
    flat: boolean;
    load: LoadResult;
  };
  profiles: ProfileResult[];
  /** Node 20 against Node 24: Keygate's viewer and the yoga floor on each. */
  runtimes: RuntimeComparison;
  plans: { title: string; sql: string; plan: string }[];
  /** The audit log's filters, alone and combined (bench/audit-filter-plans.ts); absent in older results. */
  filterPlans?: AuditFilterPlan[];
  fixtures: { heavyActorEvents: number; lightActorEvents: number; freshOrgEvents: number };
  /** The gateway measurements that are not rounds of a scenario (bench/gateway.ts). */
  gateway?: GatewayResults;
}

export interface GatewayResults {
  /** Checks with a credential the instance has not seen before, each request another one. */
  uncached: AmountMeasurement[];
  /** POST /oauth/token, client credentials with private_key_jwt, a fresh assertion each request. */
  tokenEndpoint: AmountMeasurement;
  hitRate: HitRateMeasurement;
  /** Null when no Redis was reachable for the two instances. */
  revocation: RevocationAcrossInstances | null;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const log = (message: string) =>
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

// biome-ignore lint/suspicious/noExplicitAny: answers to the benchmark's own documents, checked where used
type Data = Record<string, any>;

async function graphql(url: string, token: string, query: string, variables: Data = {}): Promise<Data> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const json = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (json.errors || !json.data) throw new Error(`GraphQL call failed: ${JSON.stringify(json)}`);
  return json.data;
}

/** Runs bench/load.ts in a process of its own and measures the server's CPU around it. */
async function load(spec: LoadSpec, serverPid: number): Promise<RunMetrics> {
  const cpuBefore = cpuMs(serverPid);
  const machineBefore = machineCpuTicks();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`load run failed (${code}): ${output}`);
  const result = JSON.parse(output.trim().split('\n').pop()!) as LoadResult;
  const cpu = cpuMs(serverPid) - cpuBefore;
  const machineAfter = machineCpuTicks();
  return {
    ...result,
    serverCpu: round(cpu / 1000 / result.seconds),
    serverCpuUsPerRequest: round(result.requests ? (cpu * 1000) / result.requests : 0, 1),
    machineBusy: round(
      (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total),
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Scenarios

export type ServerName = 'bare' | 'yoga' | 'keygate';

interface Scenario {
  key: string;
  group: string;
  title: string;
  server: ServerName;
  connections: number;
  query: string;
  variables?: Data;
  /** Variables sent in turn, a different set each request (instead of `variables`). */
  variablesInTurn?: Data[];
  /** Authorization header per connection; the first one is used for the check. */
  authorizations: string[];
  /** Each response must contain this. */
  expect: string;
  /** A single request's answer must pass this before the load starts. */
  check: (data: Data) => boolean;
  /**
   * A plain-HTTP endpoint instead of /graphql (forward auth, introspection): method, path, body, and the
   * status every answer must have; `query` and `check` are then unused.
   */
  http?: { method: 'GET' | 'POST'; path: string; body?: string; expectStatus: number };
}

const VIEWER = '{ viewer { id: kind } }';
const VERIFY = 'mutation($s: String!) { verifyCredential(input: { secret: $s }) { valid code } }';
const TOKENS_PAGE =
  '{ tokens(first: 50) { edges { node { id name scopes lastUsedAt identity { id name } } } } }';
const CREATE_PAT =
  'mutation($e: DateTime!) { createPersonalAccessToken(input: { description: "bench", expiresAt: $e }) { __typename ... on CreatePersonalAccessTokenPayload { personalAccessToken { id } } } }';
const AUDIT_BY_ACTOR =
  'query($actor: ID!) { auditEvents(first: 20, filter: { actorId: $actor }) { edges { node { id action } } } }';

function bodyOf(scenario: Scenario, index = 0): string {
  const variables = scenario.variablesInTurn?.[index] ?? scenario.variables ?? {};
  return JSON.stringify({ query: scenario.query, variables });
}

/** The file of bodies a scenario with `variablesInTurn` sends in turn (written once). */
function bodiesFileOf(scenario: Scenario): string | undefined {
  if (!scenario.variablesInTurn) return undefined;
  const file = path.join(RESULTS_DIR, `bodies-${scenario.key}.json`);
  if (!existsSync(file)) {
    writeFileSync(file, JSON.stringify(scenario.variablesInTurn.map((_, i) => bodyOf(scenario, i))));
  }
  return file;
}

function specOf(scenario: Scenario, url: string, seconds: number): LoadSpec {
  if (scenario.http) {
    return {
      url: `${url}${scenario.http.path}`,
      method: scenario.http.method,
      connections: scenario.connections,
      durationSeconds: seconds,
      headers: {
        authorization: scenario.authorizations[0]!,
        ...(scenario.http.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: scenario.http.body ?? '',
      expectStatus: scenario.http.expectStatus,
      expect: scenario.expect,
    };
  }
  return {
    url: `${url}/graphql`,
    connections: scenario.connections,
    durationSeconds: seconds,
    headers: { 'content-type': 'application/json', authorization: scenario.authorizations[0]! },
    body: bodyOf(scenario),
    bodiesFile: bodiesFileOf(scenario),
    authorizations: scenario.authorizations.length > 1 ? scenario.authorizations : undefined,
    expect: scenario.expect,
  };
}

async function checkScenario(scenario: Scenario, url: string): Promise<void> {
  if (scenario.http) {
    const spec = specOf(scenario, url, 0);
    const answer = await fetch(spec.url, {
      method: spec.method,
      headers: spec.headers,
      ...(spec.method === 'POST' ? { body: spec.body } : {}),
    });
    const text = await answer.text();
    if (answer.status !== scenario.http.expectStatus || !text.includes(scenario.expect)) {
      throw new Error(`scenario ${scenario.key} answers unexpectedly (${answer.status}): ${text}`);
    }
    return;
  }
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: scenario.authorizations[0]! },
    body: bodyOf(scenario),
  });
  const text = await response.text();
  const json = JSON.parse(text) as { data?: Data };
  if (!response.ok || !json.data || !scenario.check(json.data) || !text.includes(scenario.expect)) {
    throw new Error(`scenario ${scenario.key} answers unexpectedly (${response.status}): ${text}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Fixtures: what the scenarios need, made through Keygate's API where it offers a way

interface Fixtures {
  adminToken: string;
  adminUserId: string;
  organizationId: string;
  verifiableToken: string;
  unknownSecret: string;
  wrongChecksumSecret: string;
  memberTokens: string[];
  /** Seeded tokens that authenticate: more than the credential cache holds for 10 seconds at full load. */
  seededTokenSecrets: string[];
  freshOwnerToken: string;
  freshOwnerId: string;
  lightActor: { id: string; globalId: string; events: number };
  heavyActorEvents: number;
  gateway: GatewayFixtures;
}

const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString('base64');

function wrongChecksum(secret: string): string {
  const last = secret.at(-1)!;
  const wrong = `${secret.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;
  if (parseSecret(wrong)) throw new Error('expected a secret with a wrong checksum');
  return wrong;
}

async function makeFixtures(keygate: KeygateProcess, adminToken: string): Promise<Fixtures> {
  const url = keygate.url;
  const viewer = await graphql(url, adminToken, '{ viewer { user { id } organization { id } } }');
  const adminUserGlobalId = viewer.viewer.user.id as string;
  const adminUserId = Buffer.from(adminUserGlobalId, 'base64').toString().split(':')[1]!;
  const organizationId = Buffer.from(viewer.viewer.organization.id as string, 'base64')
    .toString()
    .split(':')[1]!;

  const identity = await graphql(
    url,
    adminToken,
    'mutation { createMachineIdentity(input: { name: "bench-verify" }) { ... on MachineIdentityPayload { machineIdentity { id } } } }',
  );
  const created = await graphql(
    url,
    adminToken,
    'mutation($id: ID!) { createToken(input: { identityId: $id, name: "bench", numUsesLimit: 0 }) { ... on TokenSecretPayload { secret } } }',
    { id: identity.createMachineIdentity.machineIdentity.id },
  );
  const verifiableToken = created.createToken.secret as string;

  const memberTokens: string[] = [];
  // Members through invitations, as people join: each accepts with the one-time code and gets a token.
  for (let i = 1; i <= 8; i++) {
    const invited = await graphql(
      url,
      adminToken,
      'mutation($email: String!) { inviteMember(input: { email: $email, name: "Bench member", role: MEMBER }) { ... on InviteMemberPayload { code } } }',
      { email: `bench-member-${i}@bench.keygate.local` },
    );
    const accepted = await graphql(
      url,
      '',
      'mutation($code: String!) { acceptInvitation(input: { code: $code }) { ... on AcceptInvitationPayload { secret } } }',
      { code: invited.inviteMember.code },
    );
    memberTokens.push(accepted.acceptInvitation.secret as string);
  }

  // A second, fresh organization whose owner has a few audit events, made directly in SQL (Keygate has no
  // API that creates an organization) with a secret made the way Keygate makes them.
  const freshOwnerToken = generateSecret('PERSONAL_ACCESS_TOKEN');
  const { freshOwnerId, lightActor, heavyActorEvents } = await withClient(DATABASE_URL, async (client) => {
    await client.query('UPDATE "Organization" SET "patLimitPerUser" = 1000000000 WHERE id = $1', [
      organizationId,
    ]);
    const { rows } = await client.query<{ id: string }>(
      `WITH o AS (INSERT INTO "Organization" (id, name, "updatedAt") VALUES (gen_random_uuid(), 'Fresh organization', now()) RETURNING id),
            u AS (INSERT INTO "User" (id, email, name, "updatedAt") VALUES (gen_random_uuid(), 'fresh-owner@bench.keygate.local', 'Fresh owner', now()) RETURNING id),
            m AS (INSERT INTO "Membership" (id, "organizationId", "userId", name, role, "updatedAt") SELECT gen_random_uuid(), o.id, u.id, 'Fresh owner', 'OWNER', now() FROM o, u RETURNING "userId"),
            p AS (INSERT INTO "PersonalAccessToken" (id, "organizationId", "userId", description, "expiresAt", "renewableUntil", "updatedAt")
                  SELECT gen_random_uuid(), o.id, u.id, 'bench', now() + interval '300 days', now() + interval '366 days', now() FROM o, u RETURNING id)
       INSERT INTO "CredentialSecret" (hash, kind, "patId") SELECT $1, 'PERSONAL_ACCESS_TOKEN', p.id FROM p
       RETURNING (SELECT id FROM u)`,
      [Buffer.from(hashSecret(freshOwnerToken))],
    );
    const light = await client.query<{ actorType: string; actorId: string; events: string }>(
      // Of the seeded actors: the bench members (who accepted their invitations above) have a few events.
      `SELECT "actorType", "actorId", count(*) AS events FROM "AuditEvent"
       WHERE "organizationId" = $1 AND "actorId" IS NOT NULL
         AND "actorId" NOT IN (SELECT id FROM "User" WHERE email LIKE 'bench-member-%')
       GROUP BY 1, 2 ORDER BY 3, 2 LIMIT 1`,
      [organizationId],
    );
    const heavy = await client.query<{ events: string }>(
      'SELECT count(*) AS events FROM "AuditEvent" WHERE "organizationId" = $1 AND "actorId" = $2',
      [organizationId, adminUserId],
    );
    const row = light.rows[0]!;
    return {
      freshOwnerId: rows[0]!.id,
      lightActor: {
        id: row.actorId,
        globalId: globalId(row.actorType === 'USER' ? 'User' : 'MachineIdentity', row.actorId),
        events: Number(row.events),
      },
      heavyActorEvents: Number(heavy.rows[0]!.events),
    };
  });
  // The fresh organization's events: its owner creating tokens, enough for a full first page (20), so
  // that both organizations' pages carry the same number of events and differ only in the table behind.
  for (let i = 0; i < FRESH_ORG_EVENTS; i++) {
    await graphql(url, freshOwnerToken, CREATE_PAT, {
      e: new Date(Date.now() + 300 * 86_400_000).toISOString(),
    });
  }

  const unknownSecret = generateSecret('TOKEN');
  const seededTokenSecrets = JSON.parse(readFileSync(SEED_SECRETS_FILE, 'utf8')) as string[];
  return {
    seededTokenSecrets,
    adminToken,
    adminUserId,
    organizationId,
    verifiableToken,
    unknownSecret,
    wrongChecksumSecret: wrongChecksum(generateSecret('TOKEN')),
    memberTokens,
    freshOwnerToken,
    freshOwnerId,
    lightActor,
    heavyActorEvents,
    gateway: await makeGatewayFixtures(url, adminToken, organizationId),
  };
}

function scenariosOf(f: Fixtures): Scenario[] {
  const bearer = (token: string) => `Bearer ${token}`;
  const admin = [bearer(f.adminToken)];
  const expiresAt = new Date(Date.now() + 300 * 86_400_000).toISOString();
  const verify = (key: string, title: string, secret: string, code: string): Scenario => ({
    key,
    group: '2',
    title,
    server: 'keygate',
    connections: 32,
    query: VERIFY,
    variables: { s: secret },
    authorizations: admin,
    expect: `"code":"${code}"`,
    check: (d) => d.verifyCredential.code === code,
  });
  const audit = (
    key: string,
    title: string,
    token: string,
    actor: string,
    events: number,
    connections: number,
  ): Scenario => ({
    key,
    group: '5',
    title,
    server: 'keygate',
    connections,
    query: AUDIT_BY_ACTOR,
    variables: { actor },
    authorizations: [bearer(token)],
    expect: '"edges":[{"node":{"id"',
    check: (d) => d.auditEvents.edges.length === Math.min(20, events),
  });
  return [
    {
      key: 'bare',
      group: '0',
      title: 'bare node:http, fixed JSON body (ceiling)',
      server: 'bare',
      connections: 32,
      query: VIEWER,
      authorizations: admin,
      expect: '"viewer":{"id":"USER"}',
      check: (d) => d.viewer.id === 'USER',
    },
    {
      key: 'yoga',
      group: '0',
      title: 'graphql-yoga, one-field schema, no plugins, no authentication (framework floor)',
      server: 'yoga',
      connections: 32,
      query: VIEWER,
      authorizations: admin,
      expect: '"viewer":{"id":"USER"}',
      check: (d) => d.viewer.id === 'USER',
    },
    {
      key: 'viewer',
      group: '1',
      title: 'authenticated `{ viewer { id: kind } }`, personal access token',
      server: 'keygate',
      connections: 32,
      query: VIEWER,
      authorizations: admin,
      expect: '"viewer":{"id":"USER"}',
      check: (d) => d.viewer.id === 'USER',
    },
    verify(
      'verify-valid',
      'verifyCredential: valid machine identity token (unlimited uses)',
      f.verifiableToken,
      'VALID',
    ),
    verify(
      'verify-unknown',
      'verifyCredential: unknown secret, valid checksum',
      f.unknownSecret,
      'NOT_FOUND',
    ),
    verify(
      'verify-wrong-checksum',
      'verifyCredential: unknown secret, wrong checksum',
      f.wrongChecksumSecret,
      'NOT_FOUND',
    ),
    {
      ...verify(
        'verify-cold',
        `verifyCredential: valid seeded tokens, a different one each request (${f.seededTokenSecrets.length} in turn: never cached)`,
        f.seededTokenSecrets[0]!,
        'VALID',
      ),
      variablesInTurn: f.seededTokenSecrets.map((secret) => ({ s: secret })),
    },
    {
      key: 'tokens-page',
      group: '3',
      title: 'a page of 50 tokens with identity, scopes, last use (90 000 tokens in the organization)',
      server: 'keygate',
      connections: 32,
      query: TOKENS_PAGE,
      authorizations: admin,
      expect: '"identity":{"id"',
      check: (d) => d.tokens.edges.length === 50,
    },
    ...[
      { key: 'create-pat-1', clients: 1, users: 1, who: 'one user each' },
      { key: 'create-pat-8', clients: 8, users: 8, who: 'one user each' },
      // One person's creations queue on their membership's row lock (the per-user limit stays exact).
      { key: 'create-pat-one-user-8', clients: 8, users: 1, who: 'all one user' },
    ].map(
      ({ key, clients, users, who }): Scenario => ({
        key,
        group: '4',
        title: `createPersonalAccessToken (with its audit event), ${clients} client${clients > 1 ? 's' : ''}, ${who}`,
        server: 'keygate',
        connections: clients,
        query: CREATE_PAT,
        variables: { e: expiresAt },
        authorizations: Array.from({ length: clients }, (_, i) => bearer(f.memberTokens[i % users]!)),
        expect: '"CreatePersonalAccessTokenPayload"',
        check: (d) => d.createPersonalAccessToken.__typename === 'CreatePersonalAccessTokenPayload',
      }),
    ),
    ...[1, 32].flatMap((connections) => [
      audit(
        `audit-1m-heavy-${connections}`,
        `audit log by actor, 1M events, busiest actor (${f.heavyActorEvents} events), ${connections} conn.`,
        f.adminToken,
        globalId('User', f.adminUserId),
        f.heavyActorEvents,
        connections,
      ),
      ...(connections === 1
        ? [
            audit(
              'audit-1m-light-1',
              `audit log by actor, 1M events, quietest actor (${f.lightActor.events} events), 1 conn.`,
              f.adminToken,
              f.lightActor.globalId,
              f.lightActor.events,
              1,
            ),
          ]
        : []),
      audit(
        `audit-fresh-${connections}`,
        `audit log by actor, fresh organization (${FRESH_ORG_EVENTS} events), ${connections} conn.`,
        f.freshOwnerToken,
        globalId('User', f.freshOwnerId),
        FRESH_ORG_EVENTS,
        connections,
      ),
    ]),
    ...gatewayScenarios(f),
  ];
}

/**
 * Group 6, the gateway (issue 11): forward auth and introspection on node:http beside /graphql, for a cached
 * valid token, an access token, a secret that matches nothing and one with a wrong checksum. Measured in the
 * same rounds as the bare ceiling; uncached checks and the token endpoint need a fresh credential per
 * request and are measured apart (gatewayExtras).
 */
function gatewayScenarios(f: Fixtures): Scenario[] {
  const g = f.gateway;
  const forward = (key: string, title: string, secret: string, expectStatus: number): Scenario => ({
    key,
    group: '6',
    title,
    server: 'keygate',
    connections: 32,
    query: '',
    authorizations: [`Bearer ${secret}`],
    expect: '',
    check: () => true,
    http: { method: 'GET', path: '/auth/forward', expectStatus },
  });
  const introspect = (key: string, title: string, secret: string, expect: string): Scenario => ({
    key,
    group: '6',
    title,
    server: 'keygate',
    connections: 32,
    query: '',
    // The caller holds credential:verify (the owner's token), as a gateway's own credential would.
    authorizations: [`Bearer ${f.adminToken}`],
    expect,
    check: () => true,
    http: { method: 'POST', path: '/oauth/introspect', body: form({ token: secret }), expectStatus: 200 },
  });
  return [
    forward('forward-cached-32', 'forward auth, valid token (cached), 32 conn.', g.cachedToken, 200),
    forward('forward-jwt-32', 'forward auth, access token (JWT, cached state), 32 conn.', g.accessToken, 200),
    forward(
      'forward-unknown-32',
      'forward auth, unknown secret (remembered miss), 32 conn.',
      f.unknownSecret,
      401,
    ),
    forward(
      'forward-mistyped-32',
      'forward auth, wrong checksum (no lookup), 32 conn.',
      f.wrongChecksumSecret,
      401,
    ),
    introspect(
      'introspect-cached-32',
      'introspection, valid token (cached), 32 conn.',
      g.cachedToken,
      '"active":true',
    ),
    introspect(
      'introspect-mistyped-32',
      'introspection, wrong checksum (no lookup), 32 conn.',
      f.wrongChecksumSecret,
      '"active":false',
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Phases

/**
 * The members' tokens made by earlier runs are deleted before each creation run: the per-user limit check
 * counts a user's tokens on every creation, so a run must not inherit thousands from the previous one.
 */
async function deleteCreatedTokens(): Promise<void> {
  await withClient(DATABASE_URL, (client) =>
    client.query(
      `DELETE FROM "PersonalAccessToken" WHERE description IN ('bench', 'pgbench')
       AND "userId" IN (SELECT id FROM "User" WHERE email LIKE 'bench-member-%')`,
    ),
  );
}

/** pgbench running the statements of one createPersonalAccessToken: PostgreSQL's own ceiling. */
async function databaseCeiling(
  organizationId: string,
  { clients, users }: { clients: number; users: number },
  seconds: number,
) {
  const pgbench = findPgbench();
  if (!pgbench) return null;
  await deleteCreatedTokens();
  return runPgbench({
    pgbench,
    databaseUrl: DATABASE_URL,
    script: 'bench/create-pat.pgbench.sql',
    clients,
    seconds,
    variables: { org: organizationId, users: String(users) },
  });
}

async function runRounds(
  scenarios: Scenario[],
  servers: Record<ServerName, RunningProcess>,
  organizationId: string,
): Promise<{ scenarios: ScenarioResult[]; databaseCeiling: DatabaseCeiling[] }> {
  const runs = new Map<string, RunMetrics[]>(scenarios.map((s) => [s.key, []]));
  const ceilings = CEILINGS.map((ceiling) => ({ ...ceiling, runs: [] as PgbenchRun[] }));
  const target = (s: Scenario) => servers[s.server];
  if (WARMUP_SECONDS > 0) {
    log(`warm-up: ${WARMUP_SECONDS} s per scenario`);
    for (const scenario of scenarios) {
      if (scenario.key.startsWith('create-pat')) await deleteCreatedTokens();
      await load(specOf(scenario, target(scenario).url, WARMUP_SECONDS), target(scenario).pid);
    }
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const scenario of scenarios) {
      if (scenario.key.startsWith('create-pat')) await deleteCreatedTokens();
      const metrics = await load(specOf(scenario, target(scenario).url, SECONDS), target(scenario).pid);
      runs.get(scenario.key)!.push(metrics);
      log(
        `round ${round}/${ROUNDS} ${scenario.key.padEnd(22)} ${String(metrics.requestsPerSecond).padStart(8)} req/s` +
          `  p50 ${metrics.latencyMs.p50} ms  p99 ${metrics.latencyMs.p99} ms  server CPU ${metrics.serverCpu}` +
          `  load CPU ${metrics.loadGeneratorCpu}  machine ${metrics.machineBusy}` +
          (metrics.mismatches || (scenario.http ? metrics.wrongStatus : metrics.non2xx) || metrics.errors
            ? `  FAILURES mismatches=${metrics.mismatches} non2xx=${metrics.non2xx} wrongStatus=${metrics.wrongStatus} errors=${metrics.errors}`
            : ''),
      );
      if (scenario.key === 'create-pat-8') {
        for (const setting of ceilings) {
          const ceiling = await databaseCeiling(organizationId, setting, SECONDS);
          if (!ceiling) continue;
          setting.runs.push(ceiling);
          log(
            `round ${round}/${ROUNDS} pgbench create-pat ${setting.clients} client(s) as ${setting.users} user(s): ` +
              `${ceiling.transactionsPerSecond} tps, latency ${ceiling.latencyMs} ms, machine ${ceiling.machineBusy}`,
          );
        }
      }
    }
  }
  await deleteCreatedTokens();
  const databaseCeilingResults: DatabaseCeiling[] = ceilings
    .filter(({ runs: list }) => list.length > 0)
    .map(({ clients, users, runs: list }) => ({
      clients,
      users,
      runs: list,
      medianTransactionsPerSecond: round(median(list.map((r) => r.transactionsPerSecond)), 0),
      medianLatencyMs: round(median(list.map((r) => r.latencyMs)), 2),
    }));
  const bareRuns = runs.get('bare')!;
  const yogaRuns = runs.get('yoga')!;
  const viewerRuns = runs.get('viewer')!;
  const results = scenarios.map((scenario): ScenarioResult => {
    const own = runs.get(scenario.key)!;
    const ratio = (base: RunMetrics[]) =>
      round(median(own.map((run, i) => run.requestsPerSecond / Math.max(1, base[i]!.requestsPerSecond))), 3);
    return {
      key: scenario.key,
      group: scenario.group,
      title: scenario.title,
      server: scenario.server,
      connections: scenario.connections,
      runs: own,
      median: {
        requestsPerSecond: round(median(own.map((r) => r.requestsPerSecond)), 0),
        p50: round(median(own.map((r) => r.latencyMs.p50)), 2),
        p99: round(median(own.map((r) => r.latencyMs.p99)), 2),
        serverCpuUsPerRequest: round(median(own.map((r) => r.serverCpuUsPerRequest)), 0),
        ratioToBare: ratio(bareRuns),
        ratioToYoga: ratio(yogaRuns),
        ratioToViewer: ratio(viewerRuns),
      },
      // A plain-HTTP scenario's expected status may be a 4xx (a refused secret): it counts what differs.
      failures: own.reduce(
        (sum, r) => sum + r.mismatches + (scenario.http ? r.wrongStatus : r.non2xx) + r.errors + r.timeouts,
        0,
      ),
    };
  });
  return { scenarios: results, databaseCeiling: databaseCeilingResults };
}

/**
 * The gateway measurements that need a fresh credential per request, time, or two instances: uncached
 * forward auth and introspection, the token endpoint, the cache's hit rate with revocations elsewhere,
 * and how soon another instance refuses a revoked token.
 */
async function gatewayExtras(
  f: Fixtures,
  keygate: KeygateProcess,
  bare: ScenarioResult,
): Promise<GatewayResults> {
  const g = f.gateway;
  const bearer = (token: string) => `Bearer ${token}`;
  const measure = async (
    key: string,
    title: string,
    make: (run: number) => Promise<LoadSpec>,
  ): Promise<AmountMeasurement> => {
    const runs: AmountMeasurement['runs'] = [];
    for (let run = 1; run <= ROUNDS; run++) {
      const metrics = await load(await make(run), keygate.pid);
      runs.push(metrics);
      log(
        `round ${run}/${ROUNDS} ${key.padEnd(22)} ${String(metrics.requestsPerSecond).padStart(8)} req/s` +
          `  p50 ${metrics.latencyMs.p50} ms  p99 ${metrics.latencyMs.p99} ms` +
          (metrics.wrongStatus || metrics.mismatches || metrics.errors
            ? `  FAILURES wrongStatus=${metrics.wrongStatus} mismatches=${metrics.mismatches} errors=${metrics.errors}` +
              ` statuses ${JSON.stringify(metrics.statusCodes)} (Keygate's log: ${keygate.logFile})`
            : ''),
      );
    }
    const rate = round(median(runs.map((r) => r.requestsPerSecond)), 0);
    return {
      key,
      title,
      connections: 32,
      runs,
      median: {
        requestsPerSecond: rate,
        p50: round(median(runs.map((r) => r.latencyMs.p50)), 2),
        p99: round(median(runs.map((r) => r.latencyMs.p99)), 2),
        ratioToBare: round(rate / Math.max(1, bare.median.requestsPerSecond), 3),
      },
      failures: runs.reduce((sum, r) => sum + r.wrongStatus + r.mismatches + r.errors + r.timeouts, 0),
    };
  };
  const uncached = [
    await measure(
      'forward-uncached-32',
      'forward auth, valid token never seen before, 32 conn.',
      async (run) =>
        amountSpec(
          {
            url: `${keygate.url}/auth/forward`,
            method: 'GET',
            connections: 32,
            headers: {},
            body: '',
            expect: '',
            expectStatus: 200,
          },
          {
            dir: RESULTS_DIR,
            name: `forward-uncached-${run}`,
            authorizations: (await seedFreshTokens(DATABASE_URL, g, UNCACHED_REQUESTS)).map(bearer),
          },
          UNCACHED_REQUESTS,
        ),
    ),
    await measure(
      'introspect-uncached-32',
      'introspection, valid token never seen before, 32 conn.',
      async (run) =>
        amountSpec(
          {
            url: `${keygate.url}/oauth/introspect`,
            connections: 32,
            headers: {
              authorization: bearer(f.adminToken),
              'content-type': 'application/x-www-form-urlencoded',
            },
            body: '',
            expect: '"active":true',
            expectStatus: 200,
          },
          {
            dir: RESULTS_DIR,
            name: `introspect-uncached-${run}`,
            bodies: (await seedFreshTokens(DATABASE_URL, g, UNCACHED_REQUESTS)).map((token) =>
              form({ token }),
            ),
          },
          UNCACHED_REQUESTS,
        ),
    ),
  ];
  const tokenEndpoint = await measure(
    'token-endpoint-32',
    'POST /oauth/token, client credentials (private_key_jwt), 32 conn.',
    async (run) =>
      amountSpec(
        {
          url: `${keygate.url}/oauth/token`,
          connections: 32,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: '',
          expect: '"access_token"',
          expectStatus: 200,
        },
        {
          dir: RESULTS_DIR,
          name: `token-endpoint-${run}`,
          bodies: (await signAssertions(g.application, g.issuer, TOKEN_REQUESTS)).map((assertion) =>
            form({
              grant_type: 'client_credentials',
              client_assertion_type: CLIENT_ASSERTION_TYPE,
              client_assertion: assertion,
            }),
          ),
        },
        TOKEN_REQUESTS,
      ),
  );
  log(`hit rate: ${HIT_RATE_SECONDS} s of forward auth with one token, a revocation a second elsewhere`);
  const hitRate = await hitRateUnderRevocations({
    keygate,
    databaseUrl: DATABASE_URL,
    steadyToken: g.cachedToken,
    seconds: HIT_RATE_SECONDS,
    runLoad: (spec) => load(spec, keygate.pid),
  });
  log(
    `hit rate ${hitRate.hitRate} % (${hitRate.hits} hits, ${hitRate.misses} misses, ${hitRate.revocations} revocations)`,
  );
  let revocation: RevocationAcrossInstances | null = null;
  if (await reachable(REDIS_URL)) {
    log(`revocation across two instances sharing ${REDIS_URL}: ${REVOCATION_RUNS} runs`);
    revocation = await revocationAcrossInstances({
      databaseUrl: DATABASE_URL,
      redisUrl: REDIS_URL,
      adminToken: f.adminToken,
      identityGlobalId: g.identityGlobalId,
      runs: REVOCATION_RUNS,
    });
    log(`revocation refused on the other instance after ${revocation.runs.join(', ')} ms`);
  } else {
    log(`no Redis at ${REDIS_URL}: revocation across instances not measured`);
  }
  return { uncached, tokenEndpoint, hitRate, revocation };
}

/**
 * Counts the database transactions a batch of verifications causes: PostgreSQL's own commit counter for the
 * bench database, read from another database (so the reads do not count themselves) after 11 quiet seconds
 * (an idle backend publishes its counts within PGSTAT_IDLE_INTERVAL, 10 s). A first window without requests
 * measures what happens anyway (usage flushes, autovacuum).
 */
async function countStatements(scenarios: Scenario[], keygate: KeygateProcess): Promise<StatementCount[]> {
  const QUIET_MS = 11_000;
  const client = new pg.Client({ connectionString: BENCH_SERVER_URL });
  const bench = new pg.Client({ connectionString: DATABASE_URL });
  await Promise.all([client.connect(), bench.connect()]);
  const read = async () => ({
    commits: await committedTransactions(client),
    lookups: await secretLookups(bench),
  });
  const counts: StatementCount[] = [];
  try {
    await sleep(QUIET_MS);
    let before = await read();
    await sleep(QUIET_MS);
    let after = await read();
    counts.push({
      key: 'idle',
      title: `no requests, ${QUIET_MS / 1000} s (background: usage flushes, autovacuum)`,
      requests: 0,
      committedTransactions: after.commits - before.commits,
      secretLookups: after.lookups - before.lookups,
    });
    before = after;
    for (const scenario of scenarios) {
      const spec = { ...specOf(scenario, keygate.url, 0), connections: 8, amount: STATEMENT_BATCH };
      const result = await load(spec, keygate.pid);
      await sleep(QUIET_MS);
      after = await read();
      counts.push({
        key: scenario.key,
        title: scenario.title,
        requests: result.requests,
        committedTransactions: after.commits - before.commits,
        secretLookups: after.lookups - before.lookups,
      });
      log(
        `statements: ${scenario.key} ${result.requests} requests -> ${after.commits - before.commits} commits, ${after.lookups - before.lookups} secret lookups`,
      );
      before = after;
    }
  } finally {
    await Promise.all([client.end(), bench.end()]);
  }
  return counts;
}

async function measureStartup(): Promise<BenchResults['startup']> {
  const readyMs: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const keygate = await startKeygate({ databaseUrl: DATABASE_URL, logLevel: 'info', ready: 'log' });
    readyMs.push(Math.round(keygate.readyMs));
    await stopProcess(keygate.child);
  }
  // The floor: starting Node and doing nothing.
  const nodeFloorMs: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    nodeFloorMs.push(Math.round(performance.now() - started));
  }
  log(`start-up to ready: ${readyMs.join(', ')} ms; node alone: ${nodeFloorMs.join(', ')} ms`);
  return { readyMs, medianMs: median(readyMs), nodeFloorMs, nodeFloorMedianMs: median(nodeFloorMs) };
}

async function measureMemory(viewer: Scenario): Promise<BenchResults['memory']> {
  const keygate = await startKeygate({ databaseUrl: DATABASE_URL, logLevel: 'warn', ready: 'poll' });
  try {
    const samples: { second: number; rssMiB: number }[] = [];
    const started = performance.now();
    const sample = () =>
      samples.push({
        second: Math.round((performance.now() - started) / 1000),
        rssMiB: round(rssKiB(keygate.pid) / 1024, 1),
      });
    sample();
    const sampler = setInterval(sample, 1000);
    const result = await load(specOf(viewer, keygate.url, MEMORY_SECONDS), keygate.pid);
    clearInterval(sampler);
    sample();
    const rss = samples.map((s) => s.rssMiB);
    // Flat: the last 10 seconds' median is within 10 % of the median of seconds 10 to 20 (after JIT warm-up).
    const early = median(samples.filter((s) => s.second >= 10 && s.second < 20).map((s) => s.rssMiB));
    const late = median(samples.slice(-10).map((s) => s.rssMiB));
    const growthPercent = round(((late - early) / early) * 100, 1);
    log(
      `memory: start ${rss[0]} MiB, end ${rss.at(-1)} MiB, max ${Math.max(...rss)} MiB, growth ${growthPercent} %`,
    );
    return {
      samples,
      startMiB: rss[0]!,
      endMiB: rss.at(-1)!,
      maxMiB: Math.max(...rss),
      growthPercent,
      flat: growthPercent < 10,
      load: result,
    };
  } finally {
    await stopProcess(keygate.child);
  }
}

/**
 * `node --cpu-prof` of a fresh Keygate under one scenario; only the samples taken during the measured load
 * are summarised (start-up, warm-up and shutdown are left out).
 */
async function profileScenario(scenario: Scenario, stamp: string): Promise<ProfileResult> {
  const dir = path.join(RESULTS_DIR, `profile-${stamp}`, scenario.key);
  mkdirSync(dir, { recursive: true });
  const keygate = await startKeygate({
    databaseUrl: DATABASE_URL,
    logLevel: 'warn',
    ready: 'poll',
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  const spawnedAt = performance.now() - keygate.readyMs;
  let result: RunMetrics;
  let window: { fromMs: number; toMs: number };
  try {
    await load(specOf(scenario, keygate.url, WARMUP_SECONDS || 3), keygate.pid);
    const from = performance.now() - spawnedAt;
    result = await load(specOf(scenario, keygate.url, PROFILE_SECONDS), keygate.pid);
    window = { fromMs: from + 1000, toMs: performance.now() - spawnedAt - 500 };
  } finally {
    await stopProcess(keygate.child);
  }
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${dir}`);
  const summary = summariseProfile(path.join(dir, file), window);
  log(`profile ${scenario.key}: ${path.join(dir, file)} (${summary.sampledMs} ms sampled)`);
  return { ...summary, key: scenario.key, title: scenario.title, file: path.join(dir, file), load: result };
}

/** EXPLAIN ANALYZE of the statements Prisma sends for the list scenarios, captured from Prisma itself. */
async function explainPlans(f: Fixtures): Promise<BenchResults['plans']> {
  const statements: string[] = [];
  const database = await openDatabase({
    databaseUrl: DATABASE_URL,
    dataDir: 'memory://',
    poolSize: 1,
    onQuery: (sql) => statements.push(sql),
  });
  const capture = async (run: () => Promise<unknown>) => {
    statements.length = 0;
    await run();
    return statements.find((sql) => sql.startsWith('SELECT'))!;
  };
  const freshOrganization = await database.prisma.membership.findFirstOrThrow({
    where: { userId: f.freshOwnerId },
  });
  // auditEvents reads a page in two steps (src/schema/audit-event.ts, auditPage): the ids, then the rows.
  const auditIdsSql = await capture(() =>
    database.prisma.auditEvent.findMany({
      where: { organizationId: f.organizationId, actorId: f.adminUserId },
      select: { id: true },
      orderBy: { id: 'desc' },
      take: 21,
    }),
  );
  const pageIds = (
    await database.prisma.auditEvent.findMany({
      where: { organizationId: f.organizationId, actorId: f.adminUserId },
      select: { id: true },
      orderBy: { id: 'desc' },
      take: 21,
    })
  ).map((event) => event.id);
  const auditRowsSql = await capture(() =>
    database.prisma.auditEvent.findMany({ where: { id: { in: pageIds } }, orderBy: { id: 'desc' } }),
  );
  // What one query for whole rows would do: the plan auditEvents avoids.
  const auditOneQuerySql = await capture(() =>
    database.prisma.auditEvent.findMany({
      where: { organizationId: f.organizationId, actorId: f.adminUserId },
      orderBy: { id: 'desc' },
      take: 21,
    }),
  );
  const tokensSql = await capture(() =>
    database.prisma.token.findMany({
      where: { organizationId: f.organizationId },
      orderBy: { id: 'desc' },
      take: 51,
      skip: 0,
    }),
  );
  await database.close();
  return withClient(DATABASE_URL, async (client) => {
    const explain = async (title: string, sql: string, params: unknown[]) => {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`,
        params,
      );
      return { title, sql, plan: rows.map((row) => row['QUERY PLAN']).join('\n') };
    };
    return [
      await explain('auditEvents by actor, 1M events, busiest actor: the ids', auditIdsSql, [
        f.organizationId,
        f.adminUserId,
        21,
        0,
      ]),
      await explain('auditEvents by actor, 1M events, busiest actor: the rows by id', auditRowsSql, [
        ...pageIds.map(String),
        0,
      ]),
      await explain('auditEvents by actor, 1M events, quietest actor: the ids', auditIdsSql, [
        f.organizationId,
        f.lightActor.id,
        21,
        0,
      ]),
      await explain('auditEvents by actor, fresh organization: the ids', auditIdsSql, [
        freshOrganization.organizationId,
        f.freshOwnerId,
        21,
        0,
      ]),
      await explain(
        'for comparison, whole rows in one query (what auditEvents does not do), busiest actor',
        auditOneQuerySql,
        [f.organizationId, f.adminUserId, 21, 0],
      ),
      await explain('tokens(first: 50), 90 000 tokens in the organization', tokensSql, [
        f.organizationId,
        51,
        0,
      ]),
    ];
  });
}

/** bench/runtimes.ts with this benchmark's load runs: scenario 1's query against each node's servers. */
async function runtimeComparison(adminToken: string): Promise<RuntimeComparison> {
  log(`runtimes: viewer and yoga floor on two nodes, ${ROUNDS} rounds of ${SECONDS} s`);
  const comparison = await compareRuntimes({
    databaseUrl: DATABASE_URL,
    token: adminToken,
    rounds: ROUNDS,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    log,
    load: (url, token, seconds, pid) =>
      load(
        {
          url: `${url}/graphql`,
          connections: 32,
          durationSeconds: seconds,
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query: VIEWER, variables: {} }),
          expect: '"viewer":{"id":"USER"}',
        },
        pid,
      ),
  });
  for (const runtime of comparison.runtimes) {
    log(
      `runtimes: ${runtime.label} (${runtime.node}): viewer ${runtime.median.viewerRequestsPerSecond} req/s = ` +
        `${Math.round(runtime.median.viewerToYoga * 100)} % of yoga ${runtime.median.yogaRequestsPerSecond} req/s`,
    );
  }
  log(
    `runtimes: target/baseline: yoga ${comparison.targetToBaseline.yoga}x, viewer ${comparison.targetToBaseline.viewer}x`,
  );
  return comparison;
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const name of readdirSync(RESULTS_DIR)) {
    if (name.startsWith('bodies-')) rmSync(path.join(RESULTS_DIR, name));
  }
  const machine = describeMachine(await postgresVersion());
  log(
    `machine: ${machine.nproc} cores, node ${machine.node}, PostgreSQL ${machine.postgres}, load ${machine.loadAverage}`,
  );
  // Keygate as it runs in production (dist/), the reference servers likewise bundled.
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  await buildReferenceServers(['bench/bare-server.ts', 'bench/yoga-server.ts']);

  log(`recreating database ${BENCH_DATABASE}`);
  await recreateBenchDatabase();
  log('first start: migrations and the first organization');
  const first = await startKeygate({
    databaseUrl: DATABASE_URL,
    logLevel: 'info',
    ready: 'log',
    expectAdminToken: true,
  });
  const adminToken = first.adminToken!;
  await stopProcess(first.child);
  if (process.env.BENCH_ONLY === 'runtimes') {
    const runtimes = await runtimeComparison(adminToken);
    const file = path.join(RESULTS_DIR, `runtimes-${stamp}.json`);
    writeFileSync(file, JSON.stringify(runtimes, null, 2));
    log(`done: ${file}`);
    return;
  }

  log('seeding (bench/seed.ts, the script behind npm run bench:seed)');
  const seedStarted = performance.now();
  const seedOutput = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/seed.ts'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`seed failed: ${output}`)),
    );
  });
  const seed = {
    ...(JSON.parse(seedOutput.slice(seedOutput.indexOf('{'))) as SeedSummary),
    wallSeconds: round((performance.now() - seedStarted) / 1000, 1),
  };
  log(`seeded in ${seed.wallSeconds} s`);

  log('start-up time on the migrated, seeded database');
  const startup = await measureStartup();

  const keygate = await startKeygate({ databaseUrl: DATABASE_URL, logLevel: 'warn', ready: 'poll' });
  const bare = await startReferenceServer('bench/bare-server.ts');
  const yoga = await startReferenceServer('bench/yoga-server.ts');
  let scenarios: ScenarioResult[];
  let databaseCeiling: DatabaseCeiling[];
  let queriesPerRequest: QueriesPerRequest[];
  let statementCounts: StatementCount[];
  let fixtures: Fixtures;
  let plans: BenchResults['plans'];
  let filterPlans: AuditFilterPlan[];
  let scenarioList: Scenario[];
  let gateway: GatewayResults;
  try {
    log('fixtures');
    fixtures = await makeFixtures(keygate, adminToken);
    scenarioList = scenariosOf(fixtures);
    const servers = { bare, yoga, keygate };
    for (const scenario of scenarioList) await checkScenario(scenario, servers[scenario.server].url);
    log(`scenarios: ${scenarioList.length}, ${ROUNDS} rounds of ${SECONDS} s each`);
    ({ scenarios, databaseCeiling } = await runRounds(scenarioList, servers, fixtures.organizationId));
    log('database transactions per batch of verifications');
    statementCounts = await countStatements(
      scenarioList.filter(
        (s) => s.key.startsWith('verify-') || ['forward-unknown-32', 'forward-mistyped-32'].includes(s.key),
      ),
      keygate,
    );
    log('gateway: uncached checks, the token endpoint, the cache under revocations, two instances');
    gateway = await gatewayExtras(fixtures, keygate, scenarios.find((s) => s.key === 'bare')!);
    log("SQL statements per request, from Prisma's query log");
    queriesPerRequest = await countQueriesPerRequest(
      DATABASE_URL,
      scenarioList
        .filter((s) => s.server === 'keygate' && !/-(32|8)$/.test(s.key))
        .map((s) => ({
          key: s.key,
          authorization: s.authorizations[0]!,
          bodies: [bodyOf(s, 0), bodyOf(s, 1)],
        })),
    );
    plans = await explainPlans(fixtures);
    log('audit log filters: EXPLAIN ANALYZE of the first page and totalCount');
    filterPlans = await auditFilterPlans(DATABASE_URL);
  } finally {
    await stopProcess(keygate.child);
    await stopProcess(bare.child);
    await stopProcess(yoga.child);
  }
  const runtimes = await runtimeComparison(adminToken);
  const viewer = scenarioList.find((s) => s.key === 'viewer')!;
  log(`memory: ${MEMORY_SECONDS} s of scenario 1 on a fresh Keygate process`);
  const memory = await measureMemory(viewer);
  const profiles: ProfileResult[] = [];
  if (PROFILE_SECONDS > 0) {
    for (const key of PROFILED) {
      log(`profile: ${PROFILE_SECONDS} s of ${key} under --cpu-prof`);
      profiles.push(await profileScenario(scenarioList.find((s) => s.key === key)!, stamp));
    }
  }

  const finishedAt = new Date();
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    seconds: Math.round((finishedAt.getTime() - startedAt.getTime()) / 1000),
    command: 'npm run bench',
    machine,
    loadAverageAfter: describeMachine(machine.postgres).loadAverage,
    settings: {
      rounds: ROUNDS,
      secondsPerRun: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      memorySeconds: MEMORY_SECONDS,
      startupRuns: STARTUP_RUNS,
    },
    seed,
    scenarios,
    databaseCeiling,
    queriesPerRequest,
    statementCounts,
    startup,
    memory,
    profiles,
    runtimes,
    plans,
    filterPlans,
    gateway,
    fixtures: {
      heavyActorEvents: fixtures.heavyActorEvents,
      lightActorEvents: fixtures.lightActor.events,
      freshOrgEvents: FRESH_ORG_EVENTS,
    },
  };
  const file = path.join(RESULTS_DIR, `bench-${stamp}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  writeFileSync(path.join(RESULTS_DIR, 'latest.json'), JSON.stringify(results, null, 2));
  writeReport(results, 'BENCHMARKS.md');
  log(`done in ${results.seconds} s: ${file}, BENCHMARKS.md`);
}

await main();
