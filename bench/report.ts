import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AuditFilterPlan } from './audit-filter-plans.js';
import type { BenchResults, ProfileResult, ScenarioResult } from './run.js';
import type { RuntimeComparison } from './runtimes.js';

/**
 * Renders BENCHMARKS.md from a run's results. Everything is generated except the block between the
 * ANALYSIS markers, which is kept from the existing file: it holds the written interpretation (what limits
 * each number, what to change), which a person updates when the numbers move.
 */
const ANALYSIS_START = '<!-- analysis:start (kept by npm run bench; edit by hand) -->';
const ANALYSIS_END = '<!-- analysis:end -->';
/** A second block kept the same way: the production install's size and memory (npm run bench:footprint). */
const FOOTPRINT_START = '<!-- footprint:start (kept by npm run bench; edit by hand) -->';
const FOOTPRINT_END = '<!-- footprint:end -->';

const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (ratio: number) => `${fmt(ratio * 100, 0)} %`;
const ms = (value: number) => `${fmt(value, value < 10 ? 2 : 1)} ms`;
const yes = (met: boolean) => (met ? '**met**' : '**missed**');

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

type Baseline = 'bare' | 'yoga' | 'viewer';
const BASELINE_HEADERS: Record<Baseline, string> = {
  bare: 'vs bare node:http',
  yoga: 'vs graphql-yoga floor',
  viewer: 'vs scenario 1',
};

function ratioTo(s: ScenarioResult, baseline: Baseline): number {
  if (baseline === 'bare') return s.median.ratioToBare;
  if (baseline === 'yoga') return s.median.ratioToYoga;
  return s.median.ratioToViewer;
}

function scenarioTable(scenarios: ScenarioResult[], columns: Baseline[]): string {
  const header = [
    'scenario',
    'conn.',
    'req/s',
    'p50',
    'p99',
    ...columns.map((c) => BASELINE_HEADERS[c]),
    'Keygate CPU/req',
    'runs (req/s; p99)',
  ];
  const lines = [row(header), row(header.map(() => '---'))];
  for (const s of scenarios) {
    lines.push(
      row([
        s.title + (s.failures ? ` (**${s.failures} failed responses**)` : ''),
        s.connections,
        fmt(s.median.requestsPerSecond),
        ms(s.median.p50),
        ms(s.median.p99),
        ...columns.map((c) => pct(ratioTo(s, c))),
        s.server === 'keygate'
          ? `${fmt(s.median.serverCpuUsPerRequest)} µs`
          : `(${fmt(s.median.serverCpuUsPerRequest)} µs)`,
        s.runs.map((r) => `${fmt(r.requestsPerSecond)}; ${fmt(r.latencyMs.p99, 1)}`).join(' / '),
      ]),
    );
  }
  return lines.join('\n');
}

function find(results: BenchResults, key: string): ScenarioResult {
  const scenario = results.scenarios.find((s) => s.key === key);
  if (!scenario) throw new Error(`no scenario ${key}`);
  return scenario;
}

function renderProfile(profile: ProfileResult, index: number): string {
  const top = index === 0 ? 25 : 12;
  const table = (entries: ProfileResult['self']) =>
    [
      row(['function', 'where', 'ms', 'share']),
      row(['---', '---', '---', '---']),
      ...entries
        .slice(0, top)
        .map((e) => row([`\`${e.name}\``, e.where, fmt(e.ms), `${fmt(e.percent, 1)} %`])),
    ].join('\n');
  return `### ${profile.title}

\`node --cpu-prof\` of a fresh Keygate process under ${fmt(profile.load.seconds)} s of this scenario after a warm-up
(${fmt(profile.load.requestsPerSecond)} req/s under the profiler, ${fmt(profile.load.serverCpuUsPerRequest)} µs of CPU per request); ${fmt(profile.sampledMs)} ms of samples from the
measured load, idle included. Profile: \`${profile.file}\` (open it in Chrome DevTools).

Self time by origin:

${row(['origin', 'self ms', 'share'])}
${row(['---', '---', '---'])}
${profile.byOrigin
  .slice(0, index === 0 ? 20 : 10)
  .map((o) => row([o.origin, fmt(o.ms), `${fmt(o.percent, 1)} %`]))
  .join('\n')}

Top functions by self time:

${table(profile.self)}

Top functions by inclusive time (the function and what it calls):

${table(profile.inclusive)}
`;
}

function runtimeTargets(comparison: RuntimeComparison | undefined): string[] {
  if (!comparison) return [];
  return comparison.runtimes.map((runtime) =>
    row([
      `7. viewer ≥ 90 % of the graphql-yoga floor on the same Node (${runtime.label})`,
      `${pct(runtime.median.viewerToYoga)} (${fmt(runtime.median.viewerRequestsPerSecond)} vs ${fmt(runtime.median.yogaRequestsPerSecond)} req/s, ${runtime.node})`,
      yes(runtime.median.viewerToYoga >= 0.9),
    ]),
  );
}

function runtimeSection(comparison: RuntimeComparison | undefined): string {
  if (!comparison) return '_Not measured in this run._';
  const [baseline, target] = comparison.runtimes;
  const lines = [
    row([
      'node',
      'graphql-yoga floor req/s',
      'p99',
      'CPU/req',
      'Keygate viewer req/s',
      'p99',
      'CPU/req',
      'viewer vs floor',
      'runs (floor / viewer req/s)',
    ]),
    row(['---', '---', '---', '---', '---', '---', '---', '---', '---']),
    ...comparison.runtimes.map((runtime) =>
      row([
        `${runtime.label} (${runtime.node}, \`${runtime.binary}\`)`,
        fmt(runtime.median.yogaRequestsPerSecond),
        ms(runtime.median.yogaP99),
        `${fmt(runtime.median.yogaCpuUsPerRequest)} µs`,
        fmt(runtime.median.viewerRequestsPerSecond),
        ms(runtime.median.viewerP99),
        `${fmt(runtime.median.viewerCpuUsPerRequest)} µs`,
        pct(runtime.median.viewerToYoga),
        runtime.yoga
          .map(
            (run, i) => `${fmt(run.requestsPerSecond)} / ${fmt(runtime.viewer[i]?.requestsPerSecond ?? 0)}`,
          )
          .join(' · '),
      ]),
    ),
  ];
  return `Both servers started with each node binary and measured in the same rounds (${baseline?.yoga.length ?? 0} rounds, each
running the four node × server pairs back to back, 32 connections, scenario 1's query; the floor answers it from
memory). ${target?.label} against ${baseline?.label}: the yoga floor **${fmt(comparison.targetToBaseline.yoga, 2)}×**, Keygate's viewer
**${fmt(comparison.targetToBaseline.viewer, 2)}×** (medians of per-round ratios)${comparison.failures ? `; **${comparison.failures} failed responses**` : ''}.

${lines.join('\n')}`;
}

const GATEWAY_CACHED = ['forward-cached-32', 'introspect-cached-32'];

/** Issue 11's targets for the gateway endpoints; nothing when the run had no gateway part. */
function gatewayTargets(results: BenchResults): string[] {
  const { gateway } = results;
  if (!gateway) return [];
  const cached = GATEWAY_CACHED.map((key) => find(results, key));
  const mistyped = results.statementCounts.find((c) => c.key === 'forward-mistyped-32');
  const { tokenEndpoint, hitRate, revocation } = gateway;
  return [
    ...cached.map((s) =>
      row([
        `8. ${s.title.replace(', 32 conn.', '')}: ≥ 50 % of bare node:http, p99 < 5 ms at 32 connections`,
        `${pct(s.median.ratioToBare)} (${fmt(s.median.requestsPerSecond)} req/s), p99 ${ms(s.median.p99)}`,
        yes(s.median.ratioToBare >= 0.5 && s.median.p99 < 5),
      ]),
    ),
    row([
      '8. forward auth: a mistyped secret never reaches the database',
      mistyped
        ? `${fmt(mistyped.secretLookups)} secret lookups for ${fmt(mistyped.requests)} requests`
        : 'not measured',
      yes(!!mistyped && mistyped.secretLookups === 0),
    ]),
    row([
      '8. a revocation refused on another instance within 1 s',
      revocation
        ? `worst ${ms(revocation.maxMs)}, median ${ms(revocation.medianMs)} (${revocation.runs.length} runs)`
        : 'not measured (no Redis)',
      yes(!!revocation && revocation.maxMs < 1000),
    ]),
    row([
      '8. token endpoint ≥ 1,000 tokens/s',
      `${fmt(tokenEndpoint.median.requestsPerSecond)}/s (p99 ${ms(tokenEndpoint.median.p99)})`,
      yes(tokenEndpoint.median.requestsPerSecond >= 1000 && tokenEndpoint.failures === 0),
    ]),
    row([
      '8. hit rate of a steady client > 99 % with a revocation a second in another organization',
      `${fmt(hitRate.hitRate, 2)} % (${fmt(hitRate.hits)} hits, ${fmt(hitRate.misses)} misses, ${fmt(hitRate.revocations)} revocations in ${fmt(hitRate.seconds)} s)`,
      yes(hitRate.hitRate > 99),
    ]),
  ];
}

function gatewaySection(results: BenchResults): string {
  const { gateway } = results;
  if (!gateway) return '_Not measured in this run._';
  const bare = find(results, 'bare');
  const group = results.scenarios.filter((s) => s.group === '6');
  const amounts = [...gateway.uncached, gateway.tokenEndpoint];
  const { hitRate, revocation } = gateway;
  return `Forward auth (\`GET /auth/forward\`) and introspection (\`POST /oauth/introspect\`, the caller's own credential holding
\`credential:verify\`) in the same rounds as the bare ceiling:

${scenarioTable([bare, ...group], ['bare'])}

Each request with a credential of its own (a token made for it in SQL before the run, never seen by the instance, so each
one is looked up), and the token endpoint with a fresh signed client assertion per request (\`private_key_jwt\`, client
credentials: one assertion check, one replay record, one access token signed and audited); a fixed number of requests
per run, each run after the others:

${row(['measurement', 'conn.', 'requests', 'req/s', 'p50', 'p99', 'vs bare node:http', 'failed', 'runs (req/s)'])}
${row(['---', '---', '---', '---', '---', '---', '---', '---', '---'])}
${amounts
  .map((a) =>
    row([
      a.title,
      a.connections,
      fmt(a.runs[0]?.requests ?? 0),
      fmt(a.median.requestsPerSecond),
      ms(a.median.p50),
      ms(a.median.p99),
      pct(a.median.ratioToBare),
      fmt(a.failures),
      a.runs.map((r) => fmt(r.requestsPerSecond)).join(' / '),
    ]),
  )
  .join('\n')}

- **Hit rate under revocations elsewhere:** ${fmt(hitRate.seconds)} s of forward auth with one token (${fmt(hitRate.requests)} requests) while another
  organization revokes one of its tokens every second (${fmt(hitRate.revocations)} revocations): ${fmt(hitRate.hits)} cache hits, ${fmt(hitRate.misses)} misses,
  **${fmt(hitRate.hitRate, 2)} %**, from \`keygate_credential_cache_lookups_total\` on /metrics before and after.
- **Revocation across instances:** ${
    revocation
      ? `two instances on one database and one Redis; B answers 200 for a token (cached), A revokes it, B is asked again until it refuses: ${revocation.runs.map((r) => ms(r)).join(', ')} (median ${ms(revocation.medianMs)}, worst ${ms(revocation.maxMs)}).`
      : 'not measured: no Redis was reachable.'
  }`;
}

export function renderReport(results: BenchResults, analysis: string, footprint = ''): string {
  const bare = find(results, 'bare');
  const yoga = find(results, 'yoga');
  const viewer = find(results, 'viewer');
  const verify = ['verify-valid', 'verify-unknown', 'verify-wrong-checksum'].map((k) => find(results, k));
  const cold = find(results, 'verify-cold');
  const tokens = find(results, 'tokens-page');
  const pat1 = find(results, 'create-pat-1');
  const pat8 = find(results, 'create-pat-8');
  const patOneUser = results.scenarios.find((s) => s.key === 'create-pat-one-user-8');
  const audits1 = ['audit-1m-heavy-1', 'audit-1m-light-1', 'audit-fresh-1'].map((k) => find(results, k));
  const audits32 = ['audit-1m-heavy-32', 'audit-fresh-32'].map((k) => find(results, k));
  const [heavy1, light1, fresh1] = audits1 as [ScenarioResult, ScenarioResult, ScenarioResult];
  const [heavy32, fresh32] = audits32 as [ScenarioResult, ScenarioResult];
  const wrong = results.statementCounts.find((c) => c.key === 'verify-wrong-checksum');
  const unknown = results.statementCounts.find((c) => c.key === 'verify-unknown');
  const idle = results.statementCounts.find((c) => c.key === 'idle')?.committedTransactions ?? 0;
  const auditPlan = results.plans[0]?.plan ?? '';
  const usesActorIndex = /AuditEvent_organizationId_actorId_id(_action)?_idx/.test(auditPlan);
  const worst1 = Math.max(...audits1.map((a) => a.median.p99));
  const auditSpread = Math.max(heavy1.median.p50, light1.median.p50) / Math.max(0.001, fresh1.median.p50);
  const ceiling8 = results.databaseCeiling.find((c) => c.clients === 8 && (c.users ?? 8) === 8);
  const { memory, startup, machine } = results;

  const targets = [
    row(['target', 'result', '']),
    row(['---', '---', '---']),
    row([
      '1. viewer ≥ 50 % of bare node:http',
      `${pct(viewer.median.ratioToBare)} (${fmt(viewer.median.requestsPerSecond)} vs ${fmt(bare.median.requestsPerSecond)} req/s; the graphql-yoga floor itself is ${pct(yoga.median.ratioToBare)})`,
      yes(viewer.median.ratioToBare >= 0.5),
    ]),
    row(['1. viewer p99 < 10 ms at 32 connections', ms(viewer.median.p99), yes(viewer.median.p99 < 10)]),
    ...verify.map((v) =>
      row([
        `2. ${v.title.replace('verifyCredential: ', 'verifyCredential, ')}: within 10 % of scenario 1`,
        `${pct(v.median.ratioToViewer)} of scenario 1 (${fmt(v.median.requestsPerSecond)} req/s)`,
        yes(v.median.ratioToViewer >= 0.9),
      ]),
    ),
    row([
      '2. wrong checksum refused without touching the database',
      wrong
        ? `${fmt(wrong.secretLookups)} secret lookups for ${fmt(wrong.requests)} requests, the caller's own token once a cache lifetime (${fmt(wrong.committedTransactions)} commits in the database meanwhile, ${fmt(idle)} in a window without requests; valid checksum, unknown: ${fmt(unknown?.secretLookups ?? 0)} lookups)`
        : 'not measured',
      yes(!!wrong && wrong.secretLookups < wrong.requests / 100),
    ]),
    row([
      '4. createPersonalAccessToken > 1000/s at 8 clients',
      `${fmt(pat8.median.requestsPerSecond)}/s (1 client: ${fmt(pat1.median.requestsPerSecond)}/s; 8 clients as one user: ${patOneUser ? `${fmt(patOneUser.median.requestsPerSecond)}/s` : 'not measured'}; PostgreSQL alone, pgbench, 8 clients: ${ceiling8 ? `${fmt(ceiling8.medianTransactionsPerSecond)}/s` : 'not measured'})`,
      yes(pat8.median.requestsPerSecond > 1000),
    ]),
    row([
      '5. audit log by actor p99 < 20 ms, 1 connection',
      `worst ${ms(worst1)} (1M busiest ${ms(heavy1.median.p99)}, 1M quietest ${ms(light1.median.p99)}, fresh ${ms(fresh1.median.p99)})`,
      yes(worst1 < 20),
    ]),
    row([
      '5. audit log by actor p99 < 20 ms, 32 connections',
      `1M busiest ${ms(heavy32.median.p99)}, fresh ${ms(fresh32.median.p99)}`,
      yes(Math.max(heavy32.median.p99, fresh32.median.p99) < 20),
    ]),
    row([
      `5. the same with 1M events as in a fresh organization (${fmt(results.fixtures.freshOrgEvents)} events; both pages full), on the (organizationId, actorId, id DESC) index`,
      `1 connection p50: 1M ${ms(Math.max(heavy1.median.p50, light1.median.p50))} vs fresh ${ms(fresh1.median.p50)} (${fmt(auditSpread, 2)}×); plan ${usesActorIndex ? 'uses' : 'does **not** use'} the (organizationId, actorId, id DESC) index`,
      yes(usesActorIndex && auditSpread < 1.5),
    ]),
    row(['6. ready < 2 s', `median ${fmt(startup.medianMs)} ms`, yes(startup.medianMs < 2000)]),
    ...runtimeTargets(results.runtimes),
    ...gatewayTargets(results),
    row([
      '6. memory flat under 60 s of scenario 1',
      `${fmt(memory.startMiB)} → ${fmt(memory.endMiB)} MiB (max ${fmt(memory.maxMiB)}), ${fmt(memory.growthPercent, 1)} % from s 10–20 to the last 10 s`,
      yes(memory.flat),
    ]),
  ].join('\n');

  const seedSteps = results.seed.steps.map((s) => `${s.step} ${fmt(s.seconds, 1)} s`).join(', ');
  const rssLine = memory.samples
    .filter((s, i) => i === 0 || s.second % 5 === 0)
    .map((s) => `${s.second}s ${fmt(s.rssMiB)}`)
    .join(' · ');
  const queries = results.queriesPerRequest;

  return `# Keygate benchmarks

Generated by \`npm run bench\` on ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC (${fmt(results.seconds / 60, 1)} minutes), commit
${machine.gitCommit}. Medians of ${results.settings.rounds} runs of ${results.settings.secondsPerRun} s each; raw results in \`bench/results/\` (git-ignored).
Compare numbers within one run only: the machine is shared and noisy.

## Targets

${targets}

${ANALYSIS_START}
${analysis.trim()}
${ANALYSIS_END}

${FOOTPRINT_START}
${footprint.trim() || '_Not measured yet: see bench/footprint.ts._'}
${FOOTPRINT_END}

## Method

- **Command:** \`npm run bench\` (everything below, ~${Math.ceil(results.seconds / 60)} minutes). \`npm run bench:seed\` seeds an existing
  \`keygate_bench\` on its own (creating, migrating and bootstrapping it first when needed).
- **Database:** \`keygate_bench\` on the local PostgreSQL, dropped and recreated at the start. Keygate starts once on it
  (migrations, first organization; its \`Admin token: \` line gives the owner's token), then \`bench/seed.ts\` seeds in
  set-based SQL (\`INSERT … SELECT … FROM generate_series\`, \`gen_random_uuid()\`, \`sha256()\`): ${fmt(results.seed.counts.users + 1)} members and
  ${fmt(results.seed.counts.machineIdentities)} machine identities (1 000 actors), ${fmt(results.seed.counts.tokens)} tokens and ${fmt(results.seed.counts.personalAccessTokens)} personal access tokens each with its
  \`CredentialSecret\`, and ${fmt(results.seed.counts.auditEvents)} audit events in the first organization. Token secrets are made with
  \`generateSecret\`/\`hashSecret\` (so the cold-verification scenario can present them); the personal access tokens' hashes
  are the SHA-256 of random secrets of Keygate's shape, made in SQL, that nobody knows. Each event's actor is drawn as
  rank ⌊1000·u³⌋, so a few actors do most (the owner ${fmt(results.fixtures.heavyActorEvents)} events, the quietest ${fmt(results.fixtures.lightActorEvents)}). Seeding took
  ${fmt(results.seed.wallSeconds)} s (${seedSteps}). **The seeded events carry placeholder hashes (sha256 of the sequence number): the
  organization's audit chain does not verify after seeding**; nothing here verifies it. The secrets the other scenarios
  present are made through Keygate's API (\`createToken\`, \`inviteMember\` and \`acceptInvitation\`) or with \`generateSecret\`/\`hashSecret\` (the fresh
  organization's owner, inserted in SQL since Keygate has no API that creates an organization).
- **Processes, all on 127.0.0.1:** Keygate as its production build, \`node dist/main.js\` (\`scripts/build.mjs\`), with \`NODE_ENV=production\`, \`LOG_LEVEL=warn\`,
  every rate limit (\`KEYGATE_MUTATIONS_PER_MINUTE\`, \`KEYGATE_MUTATIONS_PER_ADDRESS_PER_MINUTE\`, \`KEYGATE_AUTH_FAILURES_PER_MINUTE\`, \`KEYGATE_AUTH_FAILURES_PER_CREDENTIAL_PER_MINUTE\`) at 10⁹, no Redis (in-memory rate limiter) and the
  default pool of 10 connections. At \`LOG_LEVEL=warn\` Keygate prints no 'Keygate is ready' line (it is logged at info), so
  load runs wait for \`GET /ready\` to answer 200; the start-up measurement runs at \`LOG_LEVEL=info\` and times the ready
  line. Two reference servers run at the same time: the ceiling, \`bench/bare-server.ts\` (node:http reading the body and
  answering the very bytes Keygate answers to scenario 1), and the framework floor, \`bench/yoga-server.ts\` (graphql-yoga on
  node:http with a one-field schema answering from memory: no plugins, authentication or database), both bundled by esbuild
  into \`bench/results/servers/\` and run with plain node like Keygate. Each load run is a
  process of its own (\`bench/load.ts\`: autocannon 8, HTTP/1.1 keep-alive, no pipelining), bounded in time; latency is
  recorded per response at microsecond resolution (autocannon's histogram rounds to whole milliseconds); every response
  body is checked, and mismatches, non-2xx answers and errors are reported next to the scenario.
- **Order:** a ${results.settings.warmupSeconds} s warm-up of every scenario, then ${results.settings.rounds} rounds; each round runs the references, then every Keygate
  scenario, and pgbench after scenario 4. Ratios are computed within a round (each run against the bare server's, the
  yoga floor's or scenario 1's run of the same round) and the median of the per-round ratios is reported; req/s, p50 and
  p99 are medians over the rounds. Before each creation run the members' tokens from earlier runs are deleted, so that
  the per-user limit check (a \`count(*)\` of the user's tokens) does not grow from run to run.
- **CPU:** "Keygate CPU/req" is the Keygate process's user+system CPU time (\`/proc/<pid>/stat\`) during the run divided
  by the requests answered: the cost of a request, much less sensitive to neighbours than req/s.
- **Load generator:** autocannon is one JavaScript thread. On ${machine.nproc} cores it competes with the server and PostgreSQL for
  CPU; against the bare server it is the bottleneck (see its CPU share in the raw results), so the ceiling is lower than
  node:http's true one and the ratios are kinder than on a bigger machine.

## Machine

- \`nproc\`: ${machine.nproc} (${machine.cpuModel}); a Firecracker micro-VM: system calls, loopback TCP and context switches are expensive
- Node ${machine.node}, PostgreSQL ${machine.postgres} (same machine, default settings: \`synchronous_commit=on\`, \`shared_buffers=128MB\`)
- load average at start ${machine.loadAverage.join(' ')}, at the end ${results.loadAverageAfter.join(' ')} (other work shares this machine)
- \`free -h\`:

\`\`\`
${machine.memory}
\`\`\`

## 1 and 2. Authentication and verification (32 connections)

${scenarioTable([bare, yoga, viewer, ...verify, cold], ['bare', 'yoga', 'viewer'])}

"CPU/req" in brackets is the reference server's own.

What a batch of ${fmt(wrong?.requests ?? 0)} verifications at 8 connections costs the database, from PostgreSQL's own counters,
read after 11 quiet seconds before and after each batch: lookups of presented secrets (\`idx_scan\` of
\`CredentialSecret_pkey\` in \`pg_stat_user_indexes\`: nothing else searches it), and all commits in \`keygate_bench\`
(\`pg_stat_database.xact_commit\`, read from another database; it also counts the usage recorder's flushes every 2 s and
autovacuum, which the earlier scenarios' inserts set off). The first row is a window without requests.

${row(['batch', 'requests', 'secret lookups', 'committed transactions'])}
${row(['---', '---', '---', '---'])}
${results.statementCounts.map((c) => row([c.title, fmt(c.requests), fmt(c.secretLookups ?? 0), fmt(c.committedTransactions)])).join('\n')}

A secret whose checksum is wrong never reaches the database: \`verifyCredential\` (src/schema/verify-credential.ts) →
\`verifyCredential\` (src/domain/verify-credential.ts) → \`checkSecret\` (src/domain/authenticate.ts), which returns NOT_FOUND as
soon as \`parseSecret\` (src/domain/secrets.ts) returns null; \`parseSecret\` compares the CRC-32 checksum before it hashes the
secret, and before any lookup. A well-formed unknown secret costs one primary-key lookup on \`CredentialSecret\` the first
time; the miss is then remembered for 10 s in a small cache of its own (src/domain/credential-cache.ts), emptied by every
credential change, so a client retrying a dead token costs no lookup each time.

SQL statements per request, from Prisma's query log with Keygate's GraphQL app in the bench process (a fresh instance
per scenario: the first request finds nothing cached; the second finds the caller's credential cached):

${row(['scenario', 'first request', 'second request', "second request's statements"])}
${row(['---', '---', '---', '---'])}
${queries.map((q) => row([q.key, q.first, q.second, q.secondStatements.join(', ') || '—'])).join('\n')}

## 3. A page of 50 tokens with their identities (32 connections)

${scenarioTable([tokens], ['bare', 'yoga', 'viewer'])}

## 4. Creating personal access tokens (each client a member's token: 8 members, or one for all)

${scenarioTable(patOneUser ? [pat1, pat8, patOneUser] : [pat1, pat8], ['viewer'])}

PostgreSQL's own ceiling for the same work: pgbench (\`bench/create-pat.pgbench.sql\`, the statements Keygate sends for one
creation with its audit event, in one transaction, extended protocol) on the same database, same machine, same users:

${row(['pgbench clients', 'users', 'transactions/s', 'mean latency', 'runs (tps)'])}
${row(['---', '---', '---', '---', '---'])}
${results.databaseCeiling
  .map((c) =>
    row([
      c.clients,
      // Results saved before the ceiling had users: 1 client was one user, 8 were 8.
      c.users ?? (c.clients === 1 ? 1 : 8),
      fmt(c.medianTransactionsPerSecond),
      ms(c.medianLatencyMs),
      c.runs.map((r) => fmt(r.transactionsPerSecond)).join(' / '),
    ]),
  )
  .join('\n')}

## 5. Audit log filtered by actor, first page of 20

${scenarioTable([...audits1, ...audits32], ['viewer'])}

${results.plans
  .map(
    (p) => `<details><summary>EXPLAIN ANALYZE: ${p.title}</summary>

\`\`\`sql
${p.sql}
\`\`\`

\`\`\`
${p.plan}
\`\`\`
</details>`,
  )
  .join('\n\n')}
${results.filterPlans ? filterSection(results.filterPlans) : ''}
## 6. Start-up and memory

- Ready (spawn to the 'Keygate is ready' log line, migrated and seeded database, ${results.settings.startupRuns} runs): **median ${fmt(startup.medianMs)} ms**
  (${startup.readyMs.join(', ')} ms). Node with an empty script takes ${fmt(startup.nodeFloorMedianMs ?? 0)} ms on its own.
- Resident memory of a fresh Keygate process during ${results.settings.memorySeconds} s of scenario 1 (${fmt(memory.load.requestsPerSecond)} req/s, one sample a second
  from \`/proc/<pid>/status\`): start ${fmt(memory.startMiB)} MiB (ready, before load), end ${fmt(memory.endMiB)} MiB, max ${fmt(memory.maxMiB)} MiB;
  ${memory.flat ? '**flat**' : '**not flat**'} (${fmt(memory.growthPercent, 1)} % between the median of seconds 10–20 and of the last 10 seconds).
  RSS (MiB): ${rssLine}

## 7. Node 20 and Node 24

${runtimeSection(results.runtimes)}

## 8. The gateway: forward auth, introspection, the token endpoint

${gatewaySection(results)}

## Where the CPU goes

${results.profiles.map(renderProfile).join('\n')}`;
}

export function writeReport(results: BenchResults, file: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = (startMarker: string, endMarker: string, fallback: string) => {
    const start = current.indexOf(startMarker);
    const end = current.indexOf(endMarker);
    return start >= 0 && end > start ? current.slice(start + startMarker.length, end) : fallback;
  };
  writeFileSync(
    file,
    renderReport(
      results,
      kept(ANALYSIS_START, ANALYSIS_END, '_No analysis written yet: see the tables below._'),
      kept(FOOTPRINT_START, FOOTPRINT_END, ''),
    ),
  );
}

/** `tsx bench/report.ts [results.json]`: re-render BENCHMARKS.md from saved results. */
if (process.argv[1]?.endsWith('report.ts')) {
  const results = JSON.parse(
    readFileSync(process.argv[2] ?? 'bench/results/latest.json', 'utf8'),
  ) as BenchResults;
  writeReport(results, 'BENCHMARKS.md');
}

/** Section 5b: the audit log's filters, each plan's time and buffers, and the plans themselves. */
function filterSection(plans: AuditFilterPlan[]): string {
  return `
### 5b. Audit log filters, alone and combined: the first page's ids and totalCount

EXPLAIN (ANALYZE, BUFFERS) of the statements Prisma sends for \`auditEvents(first: 20, filter: …)\` (the ids of the
page, then its \`totalCount\`, which the console asks for with every page) on the seeded organization; times are the
median of three runs, buffers (8 kB pages, shared hit + read) the last run's. See docs/audit-filter-indexes.md.

${auditFilterTable(plans)}

${plans
  .map(
    (p) => `<details><summary>EXPLAIN ANALYZE: ${p.title}</summary>

\`\`\`sql
${p.page.sql}
\`\`\`

\`\`\`
${p.page.plan}
\`\`\`

\`\`\`
${p.count.plan}
\`\`\`
</details>`,
  )
  .join('\n\n')}
`;
}

/** How the plan found the rows: its nodes below Limit and Aggregate, outermost first, at most three. */
export function accessPath(plan: string): string {
  return plan
    .split('\n')
    .filter((line) => line.includes('(actual'))
    .map((line) =>
      line
        .replace(/^[\s->]+/, '')
        .replace(/\s*\(actual.*$/, '')
        .replace(/ on "AuditEvent"/, ''),
    )
    .filter((node) => !/^(Limit|Aggregate|Finalize Aggregate|Partial Aggregate)/.test(node))
    .slice(0, 3)
    .join(' ← ');
}

/** A Markdown table of the audit filter plans. */
export function auditFilterTable(plans: AuditFilterPlan[]): string {
  const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
  const lines = [
    '| filter | matching | first page | buffers (hit+read) | plan | totalCount | buffers |',
    '|---|--:|--:|--:|---|--:|--:|',
  ];
  for (const p of plans) {
    lines.push(
      `| ${p.title} | ${p.matching.toLocaleString('en-US')} | ${ms(p.page.executionMs)} | ${(p.page.hit + p.page.read).toLocaleString('en-US')} | ${accessPath(p.page.plan)} | ${ms(p.count.executionMs)} | ${(p.count.hit + p.count.read).toLocaleString('en-US')} |`,
    );
  }
  return lines.join('\n');
}
