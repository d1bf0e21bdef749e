import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export interface MachineInfo {
  nproc: string;
  memory: string;
  cpuModel: string;
  node: string;
  postgres: string;
  loadAverage: number[];
  gitCommit: string;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function describeMachine(postgres: string): MachineInfo {
  const status = run('git', ['status', '--porcelain']);
  return {
    nproc: run('nproc', []),
    memory: run('free', ['-h']),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    postgres,
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    gitCommit: `${run('git', ['rev-parse', '--short', 'HEAD'])}${status && status !== 'unknown' ? ' (with uncommitted changes)' : ''}`,
  };
}

/** Busy and total CPU time of the whole machine so far (all cores), from /proc/stat, in clock ticks. */
export function machineCpuTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}
