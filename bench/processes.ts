import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LOG_DIR = 'bench/results/logs';

/** One master key for every Keygate a benchmark run starts on its database (each run makes a new one). */
const MASTER_KEY = randomBytes(32).toString('base64');

/** The environment every Keygate under benchmark runs with: production, quiet, limits out of the way. */
export function keygateEnv(databaseUrl: string, port: number, logLevel: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    KEYGATE_MASTER_KEY: MASTER_KEY,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    LOG_LEVEL: logLevel,
    KEYGATE_MUTATIONS_PER_MINUTE: '1000000000',
    KEYGATE_AUTH_FAILURES_PER_MINUTE: '1000000000',
    KEYGATE_AUTH_FAILURES_PER_CREDENTIAL_PER_MINUTE: '1000000000',
    KEYGATE_MUTATIONS_PER_ADDRESS_PER_MINUTE: '1000000000',
    REDIS_URL: '',
  };
}

export interface RunningProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Milliseconds from spawn until it was seen ready. */
  readyMs: number;
  /** Everything it printed on stdout up to readiness. */
  output: string;
}

export interface KeygateProcess extends RunningProcess {
  /** Printed on the first start only. */
  adminToken: string | null;
  /** Where what it logs after readiness is kept. */
  logFile: string;
}

/** A port that was free a moment ago (the child binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts the production build, `node dist/main.js` (`node`: this process's own, or `options.node`; build it
 * first with `node scripts/build.mjs --if-stale`). Ready means its 'Keygate is ready' log line (printed at LOG_LEVEL
 * info) or, with `ready: 'poll'` (LOG_LEVEL warn prints no such line), the first 200 from GET /ready.
 */
export async function startKeygate(options: {
  databaseUrl: string;
  logLevel: 'info' | 'warn';
  ready: 'log' | 'poll';
  expectAdminToken?: boolean;
  nodeArgs?: string[];
  /** The node binary (default: the one running the benchmark). */
  node?: string;
  /** Variables on top of keygateEnv's (REDIS_URL for instances that share). */
  env?: NodeJS.ProcessEnv;
}): Promise<KeygateProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(options.node ?? process.execPath, [...(options.nodeArgs ?? []), 'dist/main.js'], {
    env: { ...keygateEnv(options.databaseUrl, port, options.logLevel), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const deadline = started + 60_000;
  let readyMs: number | undefined;
  while (readyMs === undefined) {
    if (exited !== undefined) throw new Error(`Keygate exited with ${exited}:\n${output}\n${errors}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Keygate was not ready within 60 s:\n${output}\n${errors}`);
    }
    if (options.ready === 'log') {
      if (/"msg":"Keygate is ready"/.test(output)) readyMs = performance.now() - started;
      else await sleep(2);
    } else {
      const ok = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) readyMs = performance.now() - started;
      else await sleep(10);
    }
  }
  let adminToken: string | null = null;
  if (options.expectAdminToken) {
    while (!adminToken && performance.now() < deadline) {
      adminToken = /^Admin token: (\S+)$/m.exec(output)?.[1] ?? null;
      if (!adminToken) await sleep(5);
    }
    if (!adminToken) throw new Error(`Keygate printed no admin token:\n${output}`);
  }
  // Keep draining the pipes so that a chatty child never blocks on a full one; what it logs from now on
  // (warnings and errors at LOG_LEVEL=warn) is kept in bench/results, to explain a failed response later.
  child.stdout!.removeAllListeners('data');
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `keygate-${child.pid}.log`);
  child.stdout!.pipe(createWriteStream(logFile));
  child.stderr!.on('data', (chunk: Buffer) => {
    if (errors.length < 20_000) errors += chunk.toString();
  });
  return { child, pid: child.pid!, url, readyMs, output, adminToken, logFile };
}

/**
 * Starts a reference server (bench/bare-server.ts, bench/yoga-server.ts) as built by
 * `buildReferenceServers`, with plain node like Keygate's build: it prints 'listening' when up.
 */
export async function startReferenceServer(script: string, node = process.execPath): Promise<RunningProcess> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(node, [referenceServerBuild(script), String(port)], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  child.stdout!.resume();
  return {
    child,
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    readyMs: performance.now() - started,
    output,
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resident set size of a process, from /proc/<pid>/status. */
export function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the command name.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

const REFERENCE_BUILD_DIR = 'bench/results/servers';

function referenceServerBuild(script: string): string {
  return `${REFERENCE_BUILD_DIR}/${script.replace(/^.*\//, '').replace(/\.ts$/, '.mjs')}`;
}

/**
 * Bundles the reference servers (packages stay imports of node_modules) into bench/results/servers/, so
 * that they run with plain node as Keygate's dist/ does, on every node the benchmark compares.
 */
export async function buildReferenceServers(scripts: string[]): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: scripts,
    outdir: REFERENCE_BUILD_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
}
