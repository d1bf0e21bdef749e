/**
 * `tsx bench/profile-route.ts <path> [GET|POST] [body]`: a CPU profile of one route under load (a JSON body
 * is sent as JSON, any other as a form; `$TOKEN` in it stands for the owner's token),
 * for finding what a route spends its time on between benchmark runs. A fresh database `keygate_profile`, a
 * Keygate (dist/) under `--cpu-prof`, the owner's token as the credential, 3 s of warm-up and 10 s measured
 * at 32 connections; prints the top self-time functions of the measured window.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BENCH_SERVER_URL, benchDatabaseUrl, withClient } from './bench-database.js';
import { summariseProfile } from './cpu-profile.js';
import { type LoadSpec, runLoad } from './load.js';
import { startKeygate, stopProcess } from './processes.js';

const [route = '/auth/forward', method = 'GET', body = ''] = process.argv.slice(2);
const name = 'keygate_profile';
await withClient(BENCH_SERVER_URL, async (client) => {
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
});
const databaseUrl = benchDatabaseUrl(name);
const first = await startKeygate({ databaseUrl, logLevel: 'info', ready: 'log', expectAdminToken: true });
const token = first.adminToken!;
await stopProcess(first.child);
const dir = path.join('bench/results', `profile-route-${Date.now()}`);
mkdirSync(dir, { recursive: true });
const keygate = await startKeygate({
  databaseUrl,
  logLevel: 'warn',
  ready: 'poll',
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
});
const spawnedAt = performance.now() - keygate.readyMs;
const spec = (seconds: number): LoadSpec => ({
  url: `${keygate.url}${route}`,
  method: method as 'GET' | 'POST',
  connections: 32,
  durationSeconds: seconds,
  headers: {
    authorization: `Bearer ${token}`,
    ...(body
      ? { 'content-type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded' }
      : {}),
  },
  body: body.replace('$TOKEN', token),
  expect: '',
});
await runLoad(spec(3));
const from = performance.now() - spawnedAt;
const result = await runLoad(spec(10));
const window = { fromMs: from + 1000, toMs: performance.now() - spawnedAt - 500 };
await stopProcess(keygate.child);
const file = readdirSync(dir).find((entry) => entry.endsWith('.cpuprofile'))!;
const summary = summariseProfile(path.join(dir, file), window, 30);
console.log(
  `${result.requestsPerSecond} req/s, p99 ${result.latencyMs.p99} ms, statuses ${JSON.stringify(result.statusCodes)}`,
);
for (const entry of summary.byOrigin.slice(0, 12))
  console.log(`origin ${entry.origin}: ${entry.percent.toFixed(1)} %`);
for (const entry of summary.self)
  console.log(`${entry.percent.toFixed(1).padStart(5)} %  ${entry.name}  ${entry.where}`);
console.log('inclusive:');
for (const entry of summary.inclusive)
  console.log(`${entry.percent.toFixed(1).padStart(5)} %  ${entry.name}  ${entry.where}`);
await withClient(BENCH_SERVER_URL, (client) =>
  client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
);
