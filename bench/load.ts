/**
 * One load run in a process of its own: autocannon against 127.0.0.1 for a bounded time (or a bounded
 * number of requests), every response checked, latencies kept at full resolution (autocannon's own
 * histogram rounds to whole milliseconds). Prints one JSON line (LoadResult).
 *
 *   node --import tsx bench/load.ts '<LoadSpec as JSON>'
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  /** POST unless told (GET for forward auth, which reads no body). */
  method?: 'GET' | 'POST';
  /** The status every response must have (200 unless told); others are counted as `wrongStatus`. */
  expectStatus?: number;
  /**
   * A JSON file holding an array of Authorization headers, one per request in turn (a credential the
   * server has not seen yet each time), instead of one per connection.
   */
  authorizationsFile?: string;
  connections: number;
  /** Seconds to run; ignored when `amount` is given. */
  durationSeconds?: number;
  /** Requests to send in all. */
  amount?: number;
  headers: Record<string, string>;
  body: string;
  /** Authorization headers handed out one per connection, round robin (each client its own credential). */
  authorizations?: string[];
  /** A JSON file holding an array of bodies, sent in turn instead of `body` (a different one each request). */
  bodiesFile?: string;
  /** Every response body must contain this; the others are counted as mismatches. */
  expect: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Responses whose status was not `expectStatus`. */
  wrongStatus: number;
  mismatches: number;
  statusCodes: Record<string, number>;
  /** CPU the load generator itself used, as a share of one core. */
  loadGeneratorCpu: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let nextAuthorization = 0;
  const bodies = spec.bodiesFile ? (JSON.parse(readFileSync(spec.bodiesFile, 'utf8')) as string[]) : null;
  let nextBody = 0;
  const inTurn = spec.authorizationsFile
    ? (JSON.parse(readFileSync(spec.authorizationsFile, 'utf8')) as string[])
    : null;
  let nextInTurn = 0;
  const expectStatus = spec.expectStatus ?? 200;
  let wrongStatus = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const instance = autocannon({
    url: spec.url,
    method: spec.method ?? 'POST',
    headers: spec.headers,
    ...(spec.method === 'GET' ? {} : { body: spec.body }),
    connections: spec.connections,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationSeconds ?? 10 }),
    timeout: 10,
    verifyBody: (body) => body.includes(spec.expect),
    ...(bodies || inTurn
      ? {
          requests: [
            {
              setupRequest: (request) => {
                if (bodies) request.body = bodies[nextBody++ % bodies.length]!;
                if (inTurn) {
                  request.headers = {
                    ...request.headers,
                    authorization: inTurn[nextInTurn++ % inTurn.length]!,
                  };
                }
                return request;
              },
            },
          ],
        }
      : {}),
    setupClient: (client) => {
      if (!spec.authorizations?.length) return;
      const authorization = spec.authorizations[nextAuthorization++ % spec.authorizations.length]!;
      client.setHeaders({ ...spec.headers, authorization });
    },
  });
  let lastResponseAt = started;
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    lastResponseAt = performance.now();
    if (status !== expectStatus) wrongStatus += 1;
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = responseTime;
  });
  const result = await instance;
  // A run of `amount` requests ends at its last answer: autocannon notices that it is done on its next
  // one-second tick, and counting up to the tick made rates whole fractions of the amount (4,000 requests
  // read as 1,000/s or 800/s, nothing between).
  const seconds = ((spec.amount ? lastResponseAt : performance.now()) - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = latencies.slice(0, count).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    requests: count,
    seconds: round(seconds),
    requestsPerSecond: round(count / seconds, 1),
    latencyMs: {
      mean: round(count ? sum / count : 0, 3),
      p50: round(percentile(sorted, 50), 3),
      p90: round(percentile(sorted, 90), 3),
      p99: round(percentile(sorted, 99), 3),
      max: round(sorted[count - 1] ?? 0, 3),
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    wrongStatus,
    mismatches: result.mismatches,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
    ),
    loadGeneratorCpu: round((cpu.user + cpu.system) / 1000 / (seconds * 1000)),
  };
}

if (process.argv[1]?.endsWith('load.ts') && process.argv[2]) {
  const result = await runLoad(JSON.parse(process.argv[2]) as LoadSpec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
