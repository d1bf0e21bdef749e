/**
 * Node 20 against Node 24 on the GraphQL path, in one `npm run bench`: Keygate's authenticated viewer
 * (`node dist/main.js`) and the bare graphql-yoga floor (bench/yoga-server.ts, bundled), both started with
 * each node binary, on the same database, load generator and machine. Every round runs the four
 * (runtime × server) pairs back to back; the ratios are computed within a round and their median reported.
 *
 * The nodes: BENCH_NODE_BASELINE (default /usr/bin/node, the system's Node 20) and BENCH_NODE_TARGET
 * (default: the node running the benchmark when it is 24, otherwise the one scripts/install-node.sh
 * installs into .tools/).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  type KeygateProcess,
  type RunningProcess,
  startKeygate,
  startReferenceServer,
  stopProcess,
} from './processes.js';

export interface LoadRun {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  serverCpuUsPerRequest: number;
  mismatches: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface RuntimeResult {
  label: string;
  node: string;
  binary: string;
  yoga: LoadRun[];
  viewer: LoadRun[];
  median: {
    yogaRequestsPerSecond: number;
    viewerRequestsPerSecond: number;
    yogaP99: number;
    viewerP99: number;
    yogaCpuUsPerRequest: number;
    viewerCpuUsPerRequest: number;
    /** Median over rounds of viewer req/s divided by the yoga floor's on the same node in the same round. */
    viewerToYoga: number;
  };
}

export interface RuntimeComparison {
  runtimes: RuntimeResult[];
  /** Median over rounds of the target's req/s divided by the baseline's, per server. */
  targetToBaseline: { yoga: number; viewer: number };
  failures: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

function versionOf(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
}

/** The two nodes to compare: [baseline, target], each `{ label, binary }`. */
export function runtimesToCompare(): { label: string; binary: string }[] {
  const baseline = process.env.BENCH_NODE_BASELINE ?? '/usr/bin/node';
  let target = process.env.BENCH_NODE_TARGET;
  if (!target) {
    target = process.version.startsWith('v24.')
      ? process.execPath
      : path.join(execFileSync('bash', ['scripts/install-node.sh'], { encoding: 'utf8' }).trim(), 'node');
  }
  for (const binary of [baseline, target]) {
    if (!existsSync(binary))
      throw new Error(`no node at ${binary} (set BENCH_NODE_BASELINE / BENCH_NODE_TARGET)`);
  }
  return [
    { label: `Node ${versionOf(baseline).replace(/^v/, '').split('.')[0]}`, binary: baseline },
    { label: `Node ${versionOf(target).replace(/^v/, '').split('.')[0]}`, binary: target },
  ];
}

export async function compareRuntimes(options: {
  databaseUrl: string;
  token: string;
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  /** One load run against `url` (bench/load.ts in its own process), measuring the server `pid`'s CPU. */
  load: (url: string, token: string | null, seconds: number, pid: number) => Promise<LoadRun>;
  log: (message: string) => void;
}): Promise<RuntimeComparison> {
  const runtimes = runtimesToCompare();
  const servers: ({ label: string; binary: string; node: string } & {
    keygate: KeygateProcess;
    yoga: RunningProcess;
  })[] = [];
  try {
    for (const runtime of runtimes) {
      const keygate = await startKeygate({
        databaseUrl: options.databaseUrl,
        logLevel: 'warn',
        ready: 'poll',
        node: runtime.binary,
      });
      const yoga = await startReferenceServer('bench/yoga-server.ts', runtime.binary);
      servers.push({ ...runtime, node: versionOf(runtime.binary), keygate, yoga });
      options.log(
        `runtimes: ${runtime.label} (${runtime.binary}) keygate pid ${keygate.pid}, yoga pid ${yoga.pid}`,
      );
    }
    const runs = servers.map(() => ({ yoga: [] as LoadRun[], viewer: [] as LoadRun[] }));
    const pass = async (seconds: number, record: boolean) => {
      for (const [i, server] of servers.entries()) {
        const yoga = await options.load(server.yoga.url, null, seconds, server.yoga.pid);
        const viewer = await options.load(server.keygate.url, options.token, seconds, server.keygate.pid);
        if (!record) continue;
        runs[i]!.yoga.push(yoga);
        runs[i]!.viewer.push(viewer);
        options.log(
          `runtimes: ${server.label} yoga ${yoga.requestsPerSecond} req/s, viewer ${viewer.requestsPerSecond} req/s ` +
            `(${Math.round((viewer.requestsPerSecond / Math.max(1, yoga.requestsPerSecond)) * 100)} %)`,
        );
      }
    };
    if (options.warmupSeconds > 0) await pass(options.warmupSeconds, false);
    for (let r = 0; r < options.rounds; r++) await pass(options.seconds, true);

    const results: RuntimeResult[] = servers.map((server, i) => {
      const { yoga, viewer } = runs[i]!;
      return {
        label: server.label,
        node: server.node,
        binary: server.binary,
        yoga,
        viewer,
        median: {
          yogaRequestsPerSecond: Math.round(median(yoga.map((run) => run.requestsPerSecond))),
          viewerRequestsPerSecond: Math.round(median(viewer.map((run) => run.requestsPerSecond))),
          yogaP99: round(median(yoga.map((run) => run.latencyMs.p99)), 2),
          viewerP99: round(median(viewer.map((run) => run.latencyMs.p99)), 2),
          yogaCpuUsPerRequest: Math.round(median(yoga.map((run) => run.serverCpuUsPerRequest))),
          viewerCpuUsPerRequest: Math.round(median(viewer.map((run) => run.serverCpuUsPerRequest))),
          viewerToYoga: round(
            median(viewer.map((run, r) => run.requestsPerSecond / Math.max(1, yoga[r]!.requestsPerSecond))),
          ),
        },
      };
    });
    const [baseline, target] = results as [RuntimeResult, RuntimeResult];
    const speedup = (of: (result: RuntimeResult) => LoadRun[]) =>
      round(
        median(
          of(target).map((run, r) => run.requestsPerSecond / Math.max(1, of(baseline)[r]!.requestsPerSecond)),
        ),
      );
    return {
      runtimes: results,
      targetToBaseline: {
        yoga: speedup((result) => result.yoga),
        viewer: speedup((result) => result.viewer),
      },
      failures: results
        .flatMap((result) => [...result.yoga, ...result.viewer])
        .reduce((sum, run) => sum + run.mismatches + run.non2xx + run.errors + run.timeouts, 0),
    };
  } finally {
    for (const server of servers) {
      await stopProcess(server.keygate.child);
      await stopProcess(server.yoga.child);
    }
  }
}
