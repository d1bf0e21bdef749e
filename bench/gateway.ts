/**
 * The gateway side of the benchmark (issue 11), run by bench/run.ts in the same run as the bare node:http
 * ceiling: fixtures, the measurements that need a fresh credential per request (uncached checks, the token
 * endpoint) and those that need time or two instances (cache hit rate under revocations elsewhere, how soon
 * another instance refuses a revoked token). The steady-state scenarios (cached, unknown and mistyped
 * secrets at forward auth and introspection) are ordinary scenarios of run.ts, next to the ceiling.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import pg from 'pg';
import { generateSecret, hashSecret } from '../src/domain/secrets.js';
import type { LoadResult, LoadSpec } from './load.js';
import { type KeygateProcess, startKeygate, stopProcess } from './processes.js';

// biome-ignore lint/suspicious/noExplicitAny: raw GraphQL answers; each use checks the shape it needs
type Data = Record<string, any>;

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

async function graphql(url: string, token: string, query: string, variables: Data = {}): Promise<Data> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body)}`);
  return body.data;
}

export interface GatewayFixtures {
  /** A machine token the load presents over and over: cached after the first request. */
  cachedToken: string;
  /** An application with a key, for introspection's client authentication and the token endpoint. */
  application: { clientId: string; keyId: string; privateKeyPem: string };
  /** An access token of that application, for forward auth of a JWT. */
  accessToken: string;
  /** A machine identity whose tokens the uncached runs seed in bulk (raw and global id). */
  identityId: string;
  identityGlobalId: string;
  organizationId: string;
  /** Keygate's issuer, from its metadata: the audience of client assertions. */
  issuer: string;
}

/** What the gateway scenarios need, made through Keygate's API. */
export async function makeGatewayFixtures(
  url: string,
  adminToken: string,
  organizationId: string,
): Promise<GatewayFixtures> {
  const identity = await graphql(
    url,
    adminToken,
    'mutation { createMachineIdentity(input: { name: "bench-gateway", role: ADMIN }) { ... on MachineIdentityPayload { machineIdentity { id } } } }',
  );
  const identityGlobalId = identity.createMachineIdentity.machineIdentity.id as string;
  const token = await graphql(
    url,
    adminToken,
    'mutation($id: ID!) { createToken(input: { identityId: $id, name: "bench-forward" }) { ... on TokenSecretPayload { secret } } }',
    { id: identityGlobalId },
  );
  const project = await graphql(
    url,
    adminToken,
    'mutation { createProject(input: { name: "bench-gateway" }) { ... on ProjectPayload { project { id } } } }',
  );
  const projectId = project.createProject.project.id as string;
  const application = await graphql(
    url,
    adminToken,
    'mutation($p: ID!) { createApplication(input: { projectId: $p, name: "bench-gateway" }) { ... on ApplicationPayload { application { id clientId } } } }',
    { p: projectId },
  );
  const { id: applicationId, clientId } = application.createApplication.application as Data;
  await graphql(
    url,
    adminToken,
    'mutation($id: ID!) { updateApplication(input: { id: $id, allowedScopes: ["orders:read"], accessTokenLifetime: 3600 }) { __typename } }',
    { id: applicationId },
  );
  const key = await graphql(
    url,
    adminToken,
    'mutation($p: ID!, $a: ID!) { createAppKey(input: { projectId: $p, appId: $a, type: JSON }) { ... on CreateAppKeyPayload { keyDetails } } }',
    { p: projectId, a: applicationId },
  );
  const file = JSON.parse(key.createAppKey.keyDetails as string) as { keyId: string; key: string };
  const app = { clientId: clientId as string, keyId: file.keyId, privateKeyPem: file.key };
  const metadata = await fetch(`${url}/.well-known/oauth-authorization-server`);
  const { issuer } = (await metadata.json()) as { issuer: string };
  const [assertion] = await signAssertions(app, issuer, 1);
  const issued = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: assertion!,
    }),
  });
  const { access_token } = (await issued.json()) as { access_token?: string };
  if (!access_token) throw new Error(`the token endpoint issued nothing (${issued.status})`);
  return {
    cachedToken: token.createToken.secret as string,
    application: app,
    accessToken: access_token,
    identityId: Buffer.from(identityGlobalId, 'base64').toString().split(':')[1]!,
    identityGlobalId,
    organizationId,
    issuer,
  };
}

/** `count` client assertions of the application's key, each with its own jti (each is accepted once). */
export async function signAssertions(
  application: GatewayFixtures['application'],
  issuer: string,
  count: number,
): Promise<string[]> {
  const key = await importPKCS8(application.privateKeyPem, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  const assertions: string[] = [];
  for (let i = 0; i < count; i++) {
    assertions.push(
      await new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: 'RS256', kid: application.keyId })
        .setIssuer(application.clientId)
        .setSubject(application.clientId)
        .setAudience(issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(key),
    );
  }
  return assertions;
}

/**
 * `count` machine tokens nobody has presented yet, written straight to the bench database in one statement
 * (as the seed does): for checks that must miss the cache, a different secret on every request.
 */
export async function seedFreshTokens(databaseUrl: string, fixtures: GatewayFixtures, count: number) {
  const secrets = Array.from({ length: count }, () => generateSecret('TOKEN'));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `WITH s AS (SELECT gen_random_uuid() AS id, h.hash, h.n FROM unnest($3::bytea[]) WITH ORDINALITY AS h(hash, n)),
            t AS (INSERT INTO "Token" (id, "organizationId", "identityId", name, "updatedAt")
                  SELECT s.id, $1, $2, 'bench-uncached-' || s.n, now() FROM s)
       INSERT INTO "CredentialSecret" (hash, kind, "tokenId") SELECT s.hash, 'TOKEN', s.id FROM s`,
      [
        fixtures.organizationId,
        fixtures.identityId,
        secrets.map((secret) => Buffer.from(hashSecret(secret))),
      ],
    );
  } finally {
    await client.end();
  }
  return secrets;
}

/** A form body, as OAuth clients send one. */
export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

export interface AmountRun extends LoadResult {
  serverCpuUsPerRequest: number;
}

export interface AmountMeasurement {
  key: string;
  title: string;
  connections: number;
  runs: AmountRun[];
  median: { requestsPerSecond: number; p50: number; p99: number; ratioToBare: number };
  failures: number;
}

/** A load of exactly `amount` requests, each with a credential or body of its own, written to `file`. */
export function amountSpec(
  base: Omit<LoadSpec, 'amount' | 'durationSeconds'>,
  file: { dir: string; name: string; authorizations?: string[]; bodies?: string[] },
  amount: number,
): LoadSpec {
  const spec: LoadSpec = { ...base, amount };
  if (file.authorizations) {
    spec.authorizationsFile = path.join(file.dir, `${file.name}-authorizations.json`);
    writeFileSync(spec.authorizationsFile, JSON.stringify(file.authorizations));
  }
  if (file.bodies) {
    spec.bodiesFile = path.join(file.dir, `${file.name}-bodies.json`);
    writeFileSync(spec.bodiesFile, JSON.stringify(file.bodies));
  }
  return spec;
}

/** A counter of Keygate's /metrics: the sum of every series of `family` whose labels contain `labels`. */
export async function metric(url: string, family: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(family) || (labels && !line.includes(labels))) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}

export interface HitRateMeasurement {
  seconds: number;
  requests: number;
  revocations: number;
  hits: number;
  misses: number;
  hitRate: number;
}

/**
 * A steady client (forward auth with one token, as fast as the load allows) for `seconds`, while another
 * organization revokes one of its tokens every second: the credential cache's hits and misses over that
 * time, from /metrics. With precise eviction the steady client's entry is never evicted by them.
 */
export async function hitRateUnderRevocations(options: {
  keygate: KeygateProcess;
  databaseUrl: string;
  steadyToken: string;
  seconds: number;
  runLoad: (spec: LoadSpec) => Promise<LoadResult>;
}): Promise<HitRateMeasurement> {
  const { keygate } = options;
  // Keygate has no API that creates an organization: the other one is written to the database.
  const other = await otherOrganization(options.databaseUrl, options.seconds + 2);
  const cache = (result: string) =>
    metric(keygate.url, 'keygate_credential_cache_lookups_total', `result="${result}"`);
  const before = { hits: await cache('hit'), misses: await cache('miss') };
  let revocations = 0;
  let running = true;
  const revoking = (async () => {
    for (const id of other.tokenIds) {
      if (!running) break;
      const started = performance.now();
      await graphql(
        keygate.url,
        other.ownerToken,
        'mutation($id: ID!) { revokeToken(input: { id: $id }) { __typename } }',
        {
          id,
        },
      );
      revocations += 1;
      const wait = 1000 - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  const result = await options.runLoad({
    url: `${keygate.url}/auth/forward`,
    method: 'GET',
    connections: 8,
    durationSeconds: options.seconds,
    headers: { authorization: `Bearer ${options.steadyToken}` },
    body: '',
    expect: '',
    expectStatus: 200,
  });
  running = false;
  await revoking;
  const after = { hits: await cache('hit'), misses: await cache('miss') };
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  return {
    seconds: options.seconds,
    requests: result.requests,
    revocations,
    hits,
    misses,
    hitRate: Math.round((hits / Math.max(1, hits + misses)) * 100_000) / 1000,
  };
}

/** A second organization with an owner and `tokens` machine tokens, written to the bench database. */
async function otherOrganization(databaseUrl: string, tokens: number) {
  const ownerToken = generateSecret('PERSONAL_ACCESS_TOKEN');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ organization: string; identity: string }>(
      `WITH o AS (INSERT INTO "Organization" (id, name, "updatedAt") VALUES (gen_random_uuid(), 'Revoking organization', now()) RETURNING id),
            u AS (INSERT INTO "User" (id, email, name, "updatedAt") VALUES (gen_random_uuid(), 'revoker-' || gen_random_uuid() || '@bench.keygate.local', 'Revoker', now()) RETURNING id),
            m AS (INSERT INTO "Membership" (id, "organizationId", "userId", name, role, "updatedAt") SELECT gen_random_uuid(), o.id, u.id, 'Revoker', 'OWNER', now() FROM o, u),
            p AS (INSERT INTO "PersonalAccessToken" (id, "organizationId", "userId", description, "expiresAt", "renewableUntil", "updatedAt")
                  SELECT gen_random_uuid(), o.id, u.id, 'bench', now() + interval '30 days', now() + interval '366 days', now() FROM o, u RETURNING id),
            s AS (INSERT INTO "CredentialSecret" (hash, kind, "patId") SELECT $1, 'PERSONAL_ACCESS_TOKEN', p.id FROM p),
            i AS (INSERT INTO "MachineIdentity" (id, "organizationId", name, role, "updatedAt") SELECT gen_random_uuid(), o.id, 'revoked', 'MEMBER', now() FROM o RETURNING id)
       SELECT (SELECT id FROM o) AS organization, (SELECT id FROM i) AS identity`,
      [Buffer.from(hashSecret(ownerToken))],
    );
    const { organization, identity } = rows[0]!;
    const created = await client.query<{ id: string }>(
      `INSERT INTO "Token" (id, "organizationId", "identityId", name, "updatedAt")
       SELECT gen_random_uuid(), $1, $2, 'to-revoke-' || n, now() FROM generate_series(1, $3) AS n RETURNING id`,
      [organization, identity, tokens],
    );
    return {
      ownerToken,
      tokenIds: created.rows.map((row) => Buffer.from(`Token:${row.id}`).toString('base64')),
    };
  } finally {
    await client.end();
  }
}

export interface RevocationAcrossInstances {
  /** Milliseconds from the revoking mutation's answer on instance A to the first refusal on instance B. */
  runs: number[];
  medianMs: number;
  maxMs: number;
}

/**
 * Two instances on one database and one Redis: B has a token cached (it answered 200 for it), A revokes
 * it; B is asked again and again until it refuses. The time from A's answer to B's first 401.
 */
export async function revocationAcrossInstances(options: {
  databaseUrl: string;
  redisUrl: string;
  adminToken: string;
  identityGlobalId: string;
  runs: number;
}): Promise<RevocationAcrossInstances> {
  const env = { REDIS_URL: options.redisUrl };
  const a = await startKeygate({ databaseUrl: options.databaseUrl, logLevel: 'warn', ready: 'poll', env });
  const b = await startKeygate({ databaseUrl: options.databaseUrl, logLevel: 'warn', ready: 'poll', env });
  const times: number[] = [];
  try {
    for (let run = 0; run < options.runs; run++) {
      const created = await graphql(
        a.url,
        options.adminToken,
        'mutation($id: ID!) { createToken(input: { identityId: $id, name: "bench-revoked" }) { ... on TokenSecretPayload { secret token { id } } } }',
        { id: options.identityGlobalId },
      );
      const secret = created.createToken.secret as string;
      const forward = () =>
        fetch(`${b.url}/auth/forward`, { headers: { authorization: `Bearer ${secret}` } }).then(
          (r) => r.status,
        );
      // Wait until B hears (Redis) and caches the token.
      for (let i = 0; (await forward()) !== 200; i++) {
        if (i > 1000) throw new Error('instance B never accepted the new token');
      }
      await forward(); // from B's cache now
      await graphql(
        a.url,
        options.adminToken,
        'mutation($id: ID!) { revokeToken(input: { id: $id }) { __typename } }',
        {
          id: created.createToken.token.id,
        },
      );
      const revokedAt = performance.now();
      let status = await forward();
      while (status === 200) {
        if (performance.now() - revokedAt > 30_000)
          throw new Error('instance B kept accepting a revoked token');
        status = await forward();
      }
      if (status !== 401) throw new Error(`instance B answered ${status} for a revoked token`);
      times.push(Math.round((performance.now() - revokedAt) * 100) / 100);
    }
  } finally {
    await stopProcess(a.child);
    await stopProcess(b.child);
  }
  const sorted = [...times].sort((x, y) => x - y);
  return { runs: times, medianMs: sorted[Math.floor(sorted.length / 2)]!, maxMs: sorted.at(-1)! };
}

/** Whether something accepts connections at the URL's host and port (Redis, before two instances share it). */
export function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
