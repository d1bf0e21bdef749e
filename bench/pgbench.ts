import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { machineCpuTicks } from './machine.js';

export interface PgbenchRun {
  clients: number;
  transactionsPerSecond: number;
  latencyMs: number;
  failed: number;
  machineBusy: number;
}

/** pgbench from PATH or from Debian's /usr/lib/postgresql/<version>/bin; null when it is not installed. */
export function findPgbench(): string | null {
  try {
    return execFileSync('which', ['pgbench'], { encoding: 'utf8' }).trim() || null;
  } catch {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return null;
    for (const version of readdirSync(root).sort().reverse()) {
      const candidate = `${root}/${version}/bin/pgbench`;
      if (existsSync(candidate)) return candidate;
    }
    return null;
  }
}

/** Runs a pgbench script for `seconds` with `clients` connections (extended protocol, like node-postgres). */
export async function runPgbench(options: {
  pgbench: string;
  databaseUrl: string;
  script: string;
  clients: number;
  seconds: number;
  variables: Record<string, string>;
}): Promise<PgbenchRun> {
  const url = new URL(options.databaseUrl);
  const args = [
    '-n',
    '-M',
    'extended',
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username || 'postgres'),
    '-c',
    String(options.clients),
    '-j',
    String(Math.min(options.clients, 2)),
    '-T',
    String(options.seconds),
    '-f',
    options.script,
    ...Object.entries(options.variables).flatMap(([name, value]) => ['-D', `${name}=${value}`]),
    url.pathname.slice(1),
  ];
  const before = machineCpuTicks();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(options.pgbench, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`pgbench failed: ${text}`))));
  });
  const after = machineCpuTicks();
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? Number.NaN);
  return {
    clients: options.clients,
    transactionsPerSecond: Math.round(number(/tps = ([\d.]+)/)),
    latencyMs: number(/latency average = ([\d.]+) ms/),
    failed: number(/number of failed transactions: (\d+)/) || 0,
    machineBusy:
      Math.round(((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100) / 100,
  };
}
