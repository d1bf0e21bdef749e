/**
 * Soak: several minutes of mixed load against a real Keygate process on PostgreSQL, checking that no
 * request fails unexpectedly and that resident memory stays flat.
 *
 *   npm run soak                 # 3 minutes
 *   SOAK_SECONDS=600 npm run soak
 *
 * Traffic goes to 127.0.0.1 only, from a bounded number of workers, and stops by itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { generateSecret } from '../src/domain/secrets.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const WORKERS = Number(process.env.SOAK_WORKERS ?? 8);
const SERVER = process.env.SOAK_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'keygate_soak';

function databaseUrl(name: string): string {
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

async function recreateDatabase(): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${DATABASE}"`);
  await client.end();
}

function startKeygate(): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(DATABASE),
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      KEYGATE_MUTATIONS_PER_MINUTE: '1000000',
      KEYGATE_AUTH_FAILURES_PER_MINUTE: '1000000',
      KEYGATE_AUTH_FAILURES_PER_CREDENTIAL_PER_MINUTE: '1000000',
      KEYGATE_MUTATIONS_PER_ADDRESS_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Keygate did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const token = /^Admin token: (\S+)$/m.exec(output)?.[1];
      const ready = /"url":"(http:\/\/localhost:\d+)\/graphql"/.exec(output)?.[1];
      if (token && ready) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ child, url: ready, token });
      }
    });
    child.on('exit', (code) => reject(new Error(`Keygate exited with ${code}:\n${output}`)));
  });
}

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function main(): Promise<void> {
  await recreateDatabase();
  const keygate = await startKeygate();
  const call = async (query: string, variables: Record<string, unknown> = {}, token = keygate.token) => {
    const response = await fetch(`${keygate.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(10_000),
    });
    return {
      status: response.status,
      // biome-ignore lint/suspicious/noExplicitAny: answers to the mix's own documents, checked step by step
      body: (await response.json()) as { data?: Record<string, any>; errors?: unknown[] },
    };
  };
  const identity = await call(
    'mutation { createMachineIdentity(input: { name: "soak" }) { ... on MachineIdentityPayload { machineIdentity { id } } } }',
  );
  const identityId = identity.body.data!.createMachineIdentity.machineIdentity.id as string;
  await call('mutation { updateOrganization(input: { patLimitPerUser: 10000 }) { __typename } }');
  const created = await call(
    'mutation($id: ID!) { createToken(input: { identityId: $id, name: "verify" }) { ... on TokenSecretPayload { secret } } }',
    { id: identityId },
  );
  const verifiable = created.body.data!.createToken.secret as string;
  const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();

  /** Each step of the mix and what counts as its success. */
  const mix: (() => Promise<boolean>)[] = [
    async () => (await call('{ viewer { kind } }')).body.data?.viewer.kind === 'USER',
    async () =>
      (
        await call('mutation($s: String!) { verifyCredential(input: { secret: $s }) { code } }', {
          s: verifiable,
        })
      ).body.data?.verifyCredential.code === 'VALID',
    async () =>
      (
        await call('mutation($s: String!) { verifyCredential(input: { secret: $s }) { code } }', {
          s: generateSecret('TOKEN'),
        })
      ).body.data?.verifyCredential.code === 'NOT_FOUND',
    async () => {
      const pat = await call(
        'mutation($e: DateTime!) { createPersonalAccessToken(input: { description: "soak", expiresAt: $e }) { ... on CreatePersonalAccessTokenPayload { personalAccessToken { id } } } }',
        { e: expiresAt },
      );
      const id = pat.body.data?.createPersonalAccessToken.personalAccessToken?.id;
      if (!id) return false;
      const deleted = await call(
        'mutation($id: ID!) { deletePersonalAccessToken(input: { id: $id }) { __typename } }',
        { id },
      );
      return deleted.body.data?.deletePersonalAccessToken.__typename === 'DeletedPayload';
    },
    async () => {
      const token = await call(
        'mutation($id: ID!) { createToken(input: { identityId: $id, name: "churn", ttl: 600 }) { ... on TokenSecretPayload { token { id } } } }',
        { id: identityId },
      );
      const id = token.body.data?.createToken.token?.id;
      if (!id) return false;
      const revoked = await call('mutation($id: ID!) { revokeToken(input: { id: $id }) { __typename } }', {
        id,
      });
      return revoked.body.data?.revokeToken.__typename === 'TokenPayload';
    },
    async () =>
      Array.isArray(
        (await call('{ tokens(first: 50) { edges { node { id identity { name } } } } }')).body.data?.tokens
          .edges,
      ),
    async () =>
      Array.isArray(
        (await call('{ auditEvents(first: 20) { edges { node { id action } } } }')).body.data?.auditEvents
          .edges,
      ),
  ];

  const counts = { ok: 0, failed: 0 };
  const failures: string[] = [];
  const samples: { second: number; rssKiB: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    samples.push({ second: Math.round((Date.now() - started) / 1000), rssKiB: rssKiB(keygate.child.pid!) });
  }, 1000);
  const worker = async (index: number) => {
    let step = index;
    while (Date.now() - started < SECONDS * 1000) {
      const run = mix[step++ % mix.length]!;
      try {
        if (await run()) counts.ok++;
        else {
          counts.failed++;
          if (failures.length < 20) failures.push(`step ${(step - 1) % mix.length}`);
        }
      } catch (error) {
        counts.failed++;
        if (failures.length < 20) failures.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i)));
  clearInterval(sampler);
  keygate.child.kill('SIGTERM');

  // Memory is flat when the last fifth of the run is not above the second fifth by more than 20 %.
  const fifth = Math.max(1, Math.floor(samples.length / 5));
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const early = median(samples.slice(fifth, 2 * fifth).map((s) => s.rssKiB));
  const late = median(samples.slice(-fifth).map((s) => s.rssKiB));
  const result = {
    seconds: SECONDS,
    workers: WORKERS,
    operations: counts.ok + counts.failed,
    failed: counts.failed,
    failures,
    operationsPerSecond: Math.round((counts.ok + counts.failed) / SECONDS),
    rssMiB: {
      first: Math.round((samples[0]?.rssKiB ?? 0) / 1024),
      early: Math.round(early / 1024),
      late: Math.round(late / 1024),
      max: Math.round(Math.max(...samples.map((s) => s.rssKiB)) / 1024),
    },
    flat: late <= early * 1.2,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/soak.json', JSON.stringify({ ...result, samples }, null, 2));
  console.log(JSON.stringify(result, null, 2));
  if (result.failed > 0 || !result.flat) process.exitCode = 1;
}

await main();
