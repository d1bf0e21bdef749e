/**
 * `npm run bench:footprint -- <install dir> <node binary> <entry...>`: what one Keygate install weighs on
 * disk and in memory. Starts the server the way the install would run it (for example
 * `/usr/bin/node node_modules/tsx/dist/cli.mjs src/main.ts`, or `.tools/node-v24…/bin/node dist/main.js`)
 * on a fresh PostgreSQL database and then on a fresh embedded database, and reports for each:
 *
 * - resident memory (VmRSS, /proc) of the server's whole process tree: 10 s after it is ready (idle, the
 *   first organization made, no request yet), every second of a 30 s load of authenticated
 *   `{ viewer { kind } }` at 32 connections (bench/load.ts, autocannon), and 10 s after the load;
 * - the install's size: `du -s` of node_modules and dist.
 *
 * BENCHMARKS.md ("Production install and memory") has the method and the figures. Knobs (environment):
 * FOOTPRINT_LOAD_SECONDS (30), FOOTPRINT_IDLE_SECONDS (10), FOOTPRINT_CONNECTIONS (32), FOOTPRINT_REPEATS
 * (1: each database measured that many times, each on a fresh process and database; the report gives the
 * median of each figure and every run).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_SERVER_URL, benchDatabaseUrl, withClient } from './bench-database.js';
import { runLoad } from './load.js';
import { freePort, keygateEnv, rssKiB, stopProcess } from './processes.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback) || fallback;
const LOAD_SECONDS = env('FOOTPRINT_LOAD_SECONDS', 30);
const IDLE_SECONDS = env('FOOTPRINT_IDLE_SECONDS', 10);
const CONNECTIONS = env('FOOTPRINT_CONNECTIONS', 32);
const REPEATS = env('FOOTPRINT_REPEATS', 1);

const [installDir, nodeBinary, ...entry] = process.argv.slice(2);
if (!installDir || !nodeBinary || entry.length === 0) {
  console.error('usage: tsx bench/footprint.ts <install dir> <node binary> <entry...>');
  process.exit(2);
}

/** Every process below `pid` (children of each of its threads, recursively). */
function descendants(pid: number): number[] {
  const children = new Set<number>();
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of text ? text.split(/\s+/) : []) children.add(Number(child));
    }
  } catch {
    return [];
  }
  return [...children].flatMap((child) => [child, ...descendants(child)]);
}

function treeRssMiB(pid: number): number {
  const pids = [pid, ...descendants(pid)];
  const kib = pids.reduce((sum, each) => {
    try {
      return sum + rssKiB(each);
    } catch {
      return sum;
    }
  }, 0);
  return Math.round(kib / 102.4) / 10;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

interface Footprint {
  database: 'postgres' | 'pglite';
  processes: number;
  readyMs: number;
  idleMiB: number;
  loadMedianMiB: number;
  loadMaxMiB: number;
  afterLoadMiB: number;
  requestsPerSecond: number;
  failures: number;
}

async function measure(database: 'postgres' | 'pglite'): Promise<Footprint> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const name = `keygate_footprint_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keygate-footprint-'));
  if (database === 'postgres')
    await withClient(BENCH_SERVER_URL, (c) => c.query(`CREATE DATABASE "${name}"`));
  const childEnv = {
    ...keygateEnv(database === 'postgres' ? benchDatabaseUrl(name) : '', port, 'warn'),
    KEYGATE_DATA_DIR: dataDir,
    KEYGATE_MASTER_KEY: database === 'postgres' ? randomBytes(32).toString('base64') : '',
    // The node under test, also for anything the entry starts (tsx starts a second node).
    PATH: `${path.dirname(nodeBinary!)}:${process.env.PATH}`,
  };
  const started = performance.now();
  const child = spawn(nodeBinary!, entry, {
    cwd: installDir,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    let readyMs = 0;
    while (!readyMs) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
      if (performance.now() - started > 120_000) throw new Error(`not ready in 120 s:\n${output}`);
      const ok = await fetch(`${url}/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) readyMs = Math.round(performance.now() - started);
      else await sleep(50);
    }
    const token = /^Admin token: (\S+)$/m.exec(output)?.[1];
    if (!token) throw new Error(`no admin token:\n${output}`);
    await sleep(IDLE_SECONDS * 1000);
    const idleMiB = treeRssMiB(child.pid!);
    const processes = 1 + descendants(child.pid!).length;
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(treeRssMiB(child.pid!)), 1000);
    const load = await runLoad({
      url: `${url}/graphql`,
      connections: CONNECTIONS,
      durationSeconds: LOAD_SECONDS,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { kind } }' }),
      expect: '"kind":"USER"',
    });
    clearInterval(sampler);
    await sleep(IDLE_SECONDS * 1000);
    return {
      database,
      processes,
      readyMs,
      idleMiB,
      loadMedianMiB: median(samples),
      loadMaxMiB: Math.max(...samples),
      afterLoadMiB: treeRssMiB(child.pid!),
      requestsPerSecond: Math.round(load.requestsPerSecond),
      failures: load.errors + load.timeouts + load.non2xx + load.mismatches,
    };
  } finally {
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
    if (database === 'postgres') {
      await withClient(BENCH_SERVER_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  }
}

function du(dir: string): string {
  return existsSync(dir) ? execFileSync('du', ['-sh', dir], { encoding: 'utf8' }).split('\t')[0]! : '-';
}

const nodeVersion = execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim();
const results = [];
for (const database of ['postgres', 'pglite'] as const) {
  const runs: Footprint[] = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await measure(database));
  const mid = (key: Exclude<keyof Footprint, 'database'>) => median(runs.map((run) => run[key]));
  results.push({
    database,
    processes: mid('processes'),
    readyMs: mid('readyMs'),
    idleMiB: mid('idleMiB'),
    loadMedianMiB: mid('loadMedianMiB'),
    loadMaxMiB: mid('loadMaxMiB'),
    afterLoadMiB: mid('afterLoadMiB'),
    requestsPerSecond: mid('requestsPerSecond'),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
    runs,
  });
}
const report = {
  installDir,
  node: nodeVersion,
  entry: entry.join(' '),
  size: {
    nodeModules: du(path.join(installDir, 'node_modules')),
    dist: du(path.join(installDir, 'dist')),
    both: execFileSync('sh', ['-c', 'du -shc node_modules dist 2>/dev/null | tail -1'], {
      cwd: installDir,
      encoding: 'utf8',
    }).split('\t')[0],
  },
  loadSeconds: LOAD_SECONDS,
  connections: CONNECTIONS,
  results,
};
console.log(JSON.stringify(report, null, 2));
