/**
 * Seeds the bench database with a realistic amount of data, in set-based SQL (INSERT ... SELECT FROM
 * generate_series), into its first organization:
 *   - 799 more members and 200 machine identities: 1 000 actors with the first owner;
 *   - 100 000 credentials: 90 000 machine identity tokens and 10 000 personal access tokens, each with its
 *     CredentialSecret. Token secrets are made with generateSecret/hashSecret, and those that authenticate
 *     are written to SEED_SECRETS_FILE; the personal access tokens' hashes are of random secrets of the
 *     right shape, made in SQL, that nobody knows;
 *   - 1 000 000 audit events, most of them from a few actors (the first owner is the busiest, ~10 %), with
 *     actions in SEED_ACTIONS' shares, each on a token (the busiest token is the target of ~2 %).
 * The seeded audit events carry placeholder hashes: the organization's chain does not verify after seeding
 * (benchmarks never verify it); events appended later link to the seeded head as usual.
 *
 *   npm run bench:seed     # creates, migrates and bootstraps keygate_bench (or BENCH_DATABASE_NAME) first when needed
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { deployMigrations } from '../src/db/migrations/index.js';
import { AuditLog } from '../src/domain/audit-log.js';
import { bootstrapFirstOrganization } from '../src/domain/bootstrap.js';
import { generateSecret, hashSecret } from '../src/domain/secrets.js';
import { loadMasterKey } from '../src/keys/master-key.js';
import { createLogger } from '../src/logger.js';
import { BENCH_DATABASE, benchDatabaseUrl, ensureBenchDatabase, withClient } from './bench-database.js';

export const SEED = {
  users: 799,
  machineIdentities: 200,
  tokens: 90_000,
  personalAccessTokens: 10_000,
  auditEvents: 1_000_000,
} as const;

export interface SeedSummary {
  organizationId: string;
  counts: typeof SEED;
  steps: { step: string; seconds: number }[];
  seconds: number;
}

const SEED_MARKER = 'seed-identity-0001';

/** The seeded audit events' actions and their shares of the log (they add up to 1). */
export const SEED_ACTIONS: Record<string, number> = {
  'credential.verify': 0.3,
  'token.renewed': 0.15,
  'token.created': 0.08,
  'token.rotated': 0.05,
  'token.revoked': 0.04,
  'token.updated': 0.03,
  'auth.failed': 0.1,
  'pat.created': 0.03,
  'pat.renewed': 0.03,
  'pat.deleted': 0.02,
  'appkey.created': 0.04,
  'appkey.rotated': 0.03,
  'identity.updated': 0.05,
  'credential.expiring': 0.02,
  'credential.expired': 0.019,
  'member.updated': 0.005,
  'invitation.created': 0.0049,
  'webhook.created': 0.0005,
  'webhook.updated': 0.0005,
  'organization.updated': 0.0001,
};

/**
 * Secrets of the seeded tokens that authenticate (not revoked, expired, disabled, use-limited or
 * IP-restricted), for benchmarks that present many different credentials. Git-ignored with the results.
 */
export const SEED_SECRETS_FILE = 'bench/results/seed-token-secrets.json';

/** A secret of Keygate's shape (`kg_tok_` + 43 base64url characters + 6 characters), random, never shown. */
const randomSecretSql = (prefix: string) =>
  `'${prefix}' || translate(rtrim(encode(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'base64'), '='), '+/', '-_') || substr(md5(random()::text), 1, 6)`;

/** Seeds the first organization of the (migrated, bootstrapped) database at `url`; null when already seeded. */
export async function seedBenchDatabase(url: string): Promise<SeedSummary | null> {
  return withClient(url, async (client) => {
    const organization = await client.query<{ id: string }>(
      'SELECT id FROM "Organization" ORDER BY "createdAt", id LIMIT 1',
    );
    const organizationId = organization.rows[0]?.id;
    if (!organizationId) throw new Error('no organization: start Keygate once (or run npm run bench:seed)');
    const seeded = await client.query(
      'SELECT 1 FROM "MachineIdentity" WHERE "organizationId" = $1 AND name = $2',
      [organizationId, SEED_MARKER],
    );
    if (seeded.rowCount) return null;

    const steps: SeedSummary['steps'] = [];
    const started = performance.now();
    const step = async (name: string, sql: string, params: unknown[] = []) => {
      const at = performance.now();
      await client.query(sql, params);
      steps.push({ step: name, seconds: Math.round(performance.now() - at) / 1000 });
    };
    await client.query("SET work_mem = '256MB'");
    await client.query('BEGIN');
    await seedPeople(client, organizationId, step);
    await seedCredentials(client, organizationId, step);
    await seedAuditEvents(client, organizationId, step);
    await client.query('COMMIT');
    // Sealed into the organization's tree as Keygate seals any event (src/domain/audit-log.ts), so the
    // log the bench reads is one that verifies.
    const at = performance.now();
    await sealAuditLog(url);
    steps.push({ step: 'seal audit events', seconds: Math.round(performance.now() - at) / 1000 });
    // Fresh statistics and visibility maps, as autovacuum would leave them on a database in service.
    await step(
      'vacuum analyze',
      'VACUUM (ANALYZE) "User", "Membership", "MachineIdentity", "Token", "PersonalAccessToken", "CredentialSecret", "AuditEvent", "AuditTree", "AuditTreeNode"',
    );
    return {
      organizationId,
      counts: SEED,
      steps,
      seconds: Math.round(performance.now() - started) / 1000,
    };
  });
}

type Step = (name: string, sql: string, params?: unknown[]) => Promise<void>;

async function seedPeople(client: pg.Client, organizationId: string, step: Step): Promise<void> {
  await client.query(
    `CREATE TEMP TABLE seed_user ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, i FROM generate_series(1, ${SEED.users}) AS i`,
  );
  await step(
    'users and memberships',
    `WITH users AS (
       INSERT INTO "User" (id, email, name, "createdAt", "updatedAt")
       SELECT id, format('seed-user-%s@bench.keygate.local', i), format('Seed user %s', i),
              now() - random() * interval '365 days', now()
       FROM seed_user RETURNING id)
     INSERT INTO "Membership" (id, "organizationId", "userId", name, role, permissions, "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1, s.id, format('Seed user %s', s.i),
            (CASE WHEN s.i % 20 = 0 THEN 'ADMIN' WHEN s.i % 50 = 1 THEN 'AUDITOR' ELSE 'MEMBER' END)::"Role",
            '{}', now(), now()
     FROM seed_user s JOIN users u ON u.id = s.id`,
    [organizationId],
  );
  await client.query(
    `CREATE TEMP TABLE seed_identity ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, i FROM generate_series(1, ${SEED.machineIdentities}) AS i`,
  );
  await step(
    'machine identities',
    `INSERT INTO "MachineIdentity" (id, "organizationId", name, role, permissions, "disabledAt", "createdAt", "updatedAt")
     SELECT id, $1, format('seed-identity-%s', lpad(i::text, 4, '0')),
            (CASE WHEN i % 10 = 0 THEN 'ADMIN' ELSE 'MEMBER' END)::"Role", '{}',
            CASE WHEN i % 50 = 0 THEN now() END, now() - random() * interval '365 days', now()
     FROM seed_identity`,
    [organizationId],
  );
}

async function seedCredentials(client: pg.Client, organizationId: string, step: Step): Promise<void> {
  // Tokens: a third with a TTL (some already expired), a tenth use-limited, 5 % revoked, a fifth never used.
  await step(
    'tokens',
    `CREATE TEMP TABLE seed_token ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, s.id AS identity_id, g,
            now() - random() * interval '365 days' AS created_at
     FROM generate_series(1, ${SEED.tokens}) AS g JOIN seed_identity s ON s.i = 1 + g % ${SEED.machineIdentities};
     INSERT INTO "Token" (id, "organizationId", "identityId", name, ttl, "maxTtl", "numUses", "numUsesLimit",
                          "trustedIps", scopes, "lastUsedAt", "revokedAt", "expiresAt", "createdAt", "updatedAt")
     SELECT id, '${organizationId}', identity_id, format('seed-token-%s', g),
            CASE WHEN g % 3 = 0 THEN 86400 ELSE 0 END, 0, (random() * 500)::int,
            CASE WHEN g % 10 = 0 THEN 1000 ELSE 0 END,
            CASE WHEN g % 7 = 0 THEN ARRAY['10.0.0.0/8'] ELSE '{}' END,
            CASE WHEN g % 4 = 0 THEN ARRAY['token:read'] ELSE '{}' END,
            CASE WHEN g % 5 = 0 THEN NULL ELSE now() - random() * interval '30 days' END,
            CASE WHEN g % 20 = 0 THEN now() - random() * interval '30 days' END,
            CASE WHEN g % 3 = 0 THEN now() + (random() * 40 - 10) * interval '1 day' END,
            created_at, now()
     FROM seed_token;
     CREATE INDEX ON seed_token (identity_id);
     CREATE UNIQUE INDEX ON seed_token (g)`,
  );
  // Token secrets are made the way Keygate makes them, so that benchmarks can present them.
  const secrets = Array.from({ length: SEED.tokens }, () => generateSecret('TOKEN'));
  await step(
    'token secrets',
    `INSERT INTO "CredentialSecret" (hash, kind, "tokenId", "createdAt")
     SELECT h.hash, 'TOKEN', t.id, t.created_at
     FROM unnest($1::bytea[]) WITH ORDINALITY AS h(hash, g) JOIN seed_token t ON t.g = h.g`,
    [secrets.map((secret) => Buffer.from(hashSecret(secret)))],
  );
  const usable = await client.query<{ g: string }>(
    `SELECT t.g FROM seed_token t JOIN "Token" k ON k.id = t.id JOIN "MachineIdentity" i ON i.id = k."identityId"
     WHERE k."revokedAt" IS NULL AND k."expiresAt" IS NULL AND k."numUsesLimit" = 0 AND k."trustedIps" = '{}'
       AND i."disabledAt" IS NULL
     ORDER BY t.g`,
  );
  mkdirSync(path.dirname(SEED_SECRETS_FILE), { recursive: true });
  writeFileSync(SEED_SECRETS_FILE, JSON.stringify(usable.rows.map((row) => secrets[Number(row.g) - 1])));
  await step(
    'personal access tokens',
    `CREATE TEMP TABLE seed_pat ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, u.id AS user_id, g, now() - random() * interval '300 days' AS created_at
     FROM generate_series(1, ${SEED.personalAccessTokens}) AS g JOIN seed_user u ON u.i = 1 + g % ${SEED.users};
     INSERT INTO "PersonalAccessToken" (id, "organizationId", "userId", description, scopes, "expiresAt",
                                        "renewableUntil", "seenAt", "createdAt", "updatedAt")
     SELECT id, '${organizationId}', user_id, format('seed pat %s', g),
            CASE WHEN g % 3 = 0 THEN ARRAY['token:read'] ELSE '{}' END,
            created_at + interval '1 day' * (30 + (random() * 336)::int), created_at + interval '366 days',
            CASE WHEN g % 4 = 0 THEN NULL ELSE now() - random() * interval '30 days' END, created_at, now()
     FROM seed_pat;
     INSERT INTO "CredentialSecret" (hash, kind, "patId", "createdAt")
     SELECT sha256(convert_to(${randomSecretSql('kg_pat_')}, 'UTF8')), 'PERSONAL_ACCESS_TOKEN', id, created_at
     FROM seed_pat;
     CREATE INDEX ON seed_pat (user_id)`,
  );
}

async function seedAuditEvents(client: pg.Client, organizationId: string, step: Step): Promise<void> {
  // 1 000 actors ranked by activity: rank 0 is the first owner, the others in random order. An event's
  // actor rank is floor(1000 * u^3) for uniform u: rank 0 gets ~10 % of the events, the top 10 ~21 %.
  await step(
    'actors',
    `CREATE TEMP TABLE seed_actor ON COMMIT DROP AS
     (SELECT 0 AS rank, 'USER'::"ActorType" AS actor_type, m."userId" AS actor_id,
             'PERSONAL_ACCESS_TOKEN'::"CredentialKind" AS credential_kind,
             (SELECT p.id FROM "PersonalAccessToken" p WHERE p."userId" = m."userId" ORDER BY p.id LIMIT 1)
               AS credential_id
      FROM "Membership" m WHERE m."organizationId" = $1 AND m.role = 'OWNER'
      ORDER BY m."createdAt" LIMIT 1)
     UNION ALL
     SELECT (row_number() OVER (ORDER BY random()))::int, actor_type, actor_id, credential_kind, credential_id
     FROM (SELECT 'USER'::"ActorType" AS actor_type, u.id AS actor_id,
                  'PERSONAL_ACCESS_TOKEN'::"CredentialKind" AS credential_kind,
                  (SELECT p.id FROM seed_pat p WHERE p.user_id = u.id LIMIT 1) AS credential_id
           FROM seed_user u
           UNION ALL
           SELECT 'MACHINE_IDENTITY', s.id, 'TOKEN',
                  (SELECT t.id FROM seed_token t WHERE t.identity_id = s.id LIMIT 1)
           FROM seed_identity s) AS actors`,
    [organizationId],
  );
  await client.query('CREATE INDEX ON seed_actor (rank)');
  // Actions in the shares a credential service's log has: verifications and renewals most of it, a family
  // as common as token.* (35 %) and one as rare as webhook.* (0.1 %), so filter plans meet both.
  const actions = Object.entries(SEED_ACTIONS);
  await client.query(
    `CREATE TEMP TABLE seed_action ON COMMIT DROP AS
     SELECT action, coalesce(sum(share) OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS lo,
            CASE WHEN i = cardinality($1::text[]) THEN 2 ELSE sum(share) OVER (ORDER BY i) END AS hi
     FROM unnest($1::text[], $2::float8[]) WITH ORDINALITY AS a(action, share, i)`,
    [actions.map(([action]) => action), actions.map(([, share]) => share)],
  );
  // Each event acts on a token, a few tokens on very many events (the busiest ~2 %), most on one or none.
  await step(
    'audit events',
    `INSERT INTO "AuditEvent" ("organizationId", action, outcome, "actorType", "actorId", "credentialKind",
                               "credentialId", "targetType", "targetId", "requestId", ip, "userAgent", changes,
                               "createdAt")
     SELECT $1, s.action,
            (CASE WHEN e.o < 0.95 THEN 'SUCCESS' WHEN e.o < 0.99 THEN 'DENIED' ELSE 'FAILED' END)::"AuditOutcome",
            a.actor_type, a.actor_id, a.credential_kind, a.credential_id,
            'Token', t.id::text, gen_random_uuid()::text,
            format('10.%s.%s.%s', e.n % 256, (e.n / 256) % 256, e.rank % 256), 'keygate-bench-seed/1',
            jsonb_build_object('after', jsonb_build_object('name', format('seed-%s', e.n % 1000))),
            now() - interval '365 days' + (e.n::float8 / ${SEED.auditEvents}) * interval '364 days'
     FROM (SELECT n, floor(1000 * power(random(), 3))::int AS rank, random() AS r, random() AS o,
                  1 + floor(${SEED.tokens} * power(random(), 3))::int AS target
           FROM generate_series(1, ${SEED.auditEvents}) AS n) AS e
     JOIN seed_actor a ON a.rank = e.rank
     JOIN seed_action s ON e.r >= s.lo AND e.r < s.hi
     JOIN seed_token t ON t.g = e.target
     ORDER BY e.n`,
    [organizationId],
  );
}

/** `npm run bench:seed`: make sure the bench database exists, is migrated and bootstrapped, then seed it. */
async function main(): Promise<void> {
  const url = benchDatabaseUrl();
  if (await ensureBenchDatabase()) console.log(`created database ${BENCH_DATABASE}`);
  await deployMigrations({ provider: 'postgres', url });
  const database = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 1 });
  try {
    const bootstrap = await bootstrapFirstOrganization(database.prisma, {
      email: 'admin@keygate.local',
      name: 'Administrator',
    });
    if (bootstrap) console.log(`Bootstrapped the first organization.\nAdmin token: ${bootstrap.secret}`);
  } finally {
    await database.close();
  }
  const summary = await seedBenchDatabase(url);
  if (!summary) {
    console.log(`${BENCH_DATABASE} is already seeded; \`npm run bench\` starts from a fresh database.`);
    return;
  }
  console.log(JSON.stringify(summary, null, 2));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

/** Seals every event of the bench database into its organizations' trees (no checkpoint is signed). */
async function sealAuditLog(url: string): Promise<void> {
  const database = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 2 });
  try {
    const keys = loadMasterKey(
      { kind: 'value', value: randomBytes(32).toString('base64') },
      { provider: 'postgres', dataDir: '' },
    );
    await new AuditLog(database.prisma, keys, createLogger('warn')).seal({
      waitMs: 60_000,
    });
  } finally {
    await database.close();
  }
}
