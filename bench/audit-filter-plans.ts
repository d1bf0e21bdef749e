/**
 * EXPLAIN (ANALYZE, BUFFERS) of the audit log's filters as people combine them, on the seeded organization
 * (bench/seed.ts: 1M events): the statements Prisma sends for the first page's ids (the first step of
 * auditEvents, src/schema/audit-event.ts) and for its totalCount, which the console asks for with every
 * page, each captured from Prisma's query log with its parameters. `npm run bench` reports them; on their
 * own, against a seeded database of any name:
 *
 *   BENCH_DATABASE_NAME=keygate_filters npm run bench:seed
 *   BENCH_DATABASE_NAME=keygate_filters npx tsx bench/audit-filter-plans.ts [label]
 *
 * which prints a table and writes bench/results/audit-filter-plans-<label>.json.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { type AuditFilter, auditWhere } from '../src/schema/audit-filter.js';
import { benchDatabaseUrl, withClient } from './bench-database.js';
import { auditFilterTable } from './report.js';

export interface AuditFilterPlan {
  key: string;
  title: string;
  /** Events of the organization that match the filter. */
  matching: number;
  /** The first page's ids (LIMIT 21): median execution time of three runs, and the last run's buffers. */
  page: ExplainedStatement;
  /** totalCount of the same filter. */
  count: ExplainedStatement;
}

export interface ExplainedStatement {
  sql: string;
  params: unknown[];
  plan: string;
  executionMs: number;
  /** Shared buffers hit and read by the whole statement (its top node). */
  hit: number;
  read: number;
}

/** The seeded organization's actors, credentials and targets the scenarios filter by. */
interface FilterFixtures {
  organizationId: string;
  busiestActor: string;
  quietActor: string;
  busiestCredential: string;
  busiestTarget: string;
  quietTarget: string;
}

const DAY = 86_400_000;

function scenariosOf(f: FilterFixtures): { key: string; title: string; filter: AuditFilter }[] {
  const user = (id: string) => encodeGlobalID('User', id);
  const busiestActor = user(f.busiestActor);
  const now = Date.now();
  const lastWeek = { from: new Date(now - 8 * DAY) };
  const aYearAgo = { from: new Date(now - 330 * DAY), to: new Date(now - 300 * DAY) };
  return [
    { key: 'none', title: 'no filter', filter: {} },
    { key: 'prefix-common', title: 'action token.* (35 %)', filter: { action: 'token.*' } },
    { key: 'prefix-rare', title: 'action webhook.* (0.1 %)', filter: { action: 'webhook.*' } },
    {
      key: 'prefix-rarest',
      title: 'action organization.* (0.01 %)',
      filter: { action: 'organization.*' },
    },
    { key: 'prefix-none', title: 'action project.* (no event)', filter: { action: 'project.*' } },
    { key: 'action-common', title: 'action token.renewed (15 %)', filter: { action: 'token.renewed' } },
    { key: 'action-rare', title: 'action webhook.created (0.05 %)', filter: { action: 'webhook.created' } },
    {
      key: 'actor-prefix-common',
      title: 'busiest actor (10 %) + token.*',
      filter: { actorId: busiestActor, action: 'token.*' },
    },
    {
      key: 'actor-prefix-rare',
      title: 'busiest actor + webhook.*',
      filter: { actorId: busiestActor, action: 'webhook.*' },
    },
    {
      key: 'quiet-actor-prefix',
      title: 'quietest actor + token.*',
      filter: { actorId: user(f.quietActor), action: 'token.*' },
    },
    {
      key: 'credential-action-common',
      title: 'busiest credential + token.revoked (4 %)',
      filter: {
        credentialId: encodeGlobalID('PersonalAccessToken', f.busiestCredential),
        action: 'token.revoked',
      },
    },
    {
      key: 'credential-action-rare',
      title: 'busiest credential + webhook.created',
      filter: {
        credentialId: encodeGlobalID('PersonalAccessToken', f.busiestCredential),
        action: 'webhook.created',
      },
    },
    { key: 'denied', title: 'outcome DENIED (4 %)', filter: { outcome: 'DENIED' } },
    { key: 'failed', title: 'outcome FAILED (1 %)', filter: { outcome: 'FAILED' } },
    {
      key: 'failed-prefix-common',
      title: 'FAILED + token.*',
      filter: { outcome: 'FAILED', action: 'token.*' },
    },
    {
      key: 'denied-prefix-rare',
      title: 'DENIED + webhook.*',
      filter: { outcome: 'DENIED', action: 'webhook.*' },
    },
    {
      key: 'target-action-common',
      title: 'busiest target (2 %) + token.renewed',
      filter: { targetId: encodeGlobalID('Token', f.busiestTarget), action: 'token.renewed' },
    },
    {
      key: 'target-prefix-rare',
      title: 'busiest target + webhook.*',
      filter: { targetId: encodeGlobalID('Token', f.busiestTarget), action: 'webhook.*' },
    },
    {
      key: 'quiet-target-action',
      title: 'a target of one event + token.renewed',
      filter: { targetId: encodeGlobalID('Token', f.quietTarget), action: 'token.renewed' },
    },
    { key: 'range-recent', title: 'last week (2 %)', filter: lastWeek },
    { key: 'range-old', title: '300 to 330 days ago (8 %)', filter: aYearAgo },
    {
      key: 'prefix-common-range-old',
      title: 'token.* + 300 to 330 days ago',
      filter: { action: 'token.*', ...aYearAgo },
    },
    {
      key: 'prefix-rare-range-recent',
      title: 'webhook.* + last week',
      filter: { action: 'webhook.*', ...lastWeek },
    },
    {
      key: 'actor-range-old',
      title: 'busiest actor + 300 to 330 days ago',
      filter: { actorId: busiestActor, ...aYearAgo },
    },
    {
      key: 'denied-range-old',
      title: 'DENIED + 300 to 330 days ago',
      filter: { outcome: 'DENIED', ...aYearAgo },
    },
  ];
}

async function filterFixtures(client: pg.Client): Promise<FilterFixtures> {
  const { rows } = await client.query<{ id: string }>(
    'SELECT "organizationId" AS id FROM "AuditEvent" GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
  );
  const organizationId = rows[0]!.id;
  const ranked = async (column: string, order: 'ASC' | 'DESC') => {
    const { rows } = await client.query<{ id: string }>(
      `SELECT "${column}" AS id FROM "AuditEvent" WHERE "organizationId" = $1 AND "${column}" IS NOT NULL
       GROUP BY 1 ORDER BY count(*) ${order}, 1 LIMIT 1`,
      [organizationId],
    );
    return rows[0]!.id;
  };
  const busiestCredential = await client.query<{ id: string }>(
    `SELECT "credentialId" AS id FROM "AuditEvent"
     WHERE "organizationId" = $1 AND "credentialKind" = 'PERSONAL_ACCESS_TOKEN'
     GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    [organizationId],
  );
  return {
    organizationId,
    busiestActor: await ranked('actorId', 'DESC'),
    quietActor: await ranked('actorId', 'ASC'),
    busiestCredential: busiestCredential.rows[0]!.id,
    busiestTarget: await ranked('targetId', 'DESC'),
    quietTarget: await ranked('targetId', 'ASC'),
  };
}

/** EXPLAIN ANALYZE three times; the median execution time and the last run's plan and buffers. */
async function explain(client: pg.Client, sql: string, params: unknown[]): Promise<ExplainedStatement> {
  const runs: { plan: string; executionMs: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`,
      params,
    );
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    runs.push({ plan, executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN) });
  }
  const { plan } = runs.at(-1)!;
  const buffers = /Buffers: shared ((?:hit=\d+)?\s*(?:read=\d+)?)/.exec(plan)?.[1] ?? '';
  return {
    sql,
    params,
    plan,
    executionMs: runs.map((r) => r.executionMs).sort((a, b) => a - b)[1]!,
    hit: Number(/hit=(\d+)/.exec(buffers)?.[1] ?? 0),
    read: Number(/read=(\d+)/.exec(buffers)?.[1] ?? 0),
  };
}

/** The plans of every scenario on the database at `url` (seeded by bench/seed.ts). */
export async function auditFilterPlans(url: string): Promise<AuditFilterPlan[]> {
  const statements: { sql: string; params: unknown[] }[] = [];
  const database = await openDatabase({
    databaseUrl: url,
    dataDir: 'memory://',
    poolSize: 1,
    statementTimeoutMs: 0,
    onQuery: (sql, params) => statements.push({ sql, params: JSON.parse(params) }),
  });
  const capture = async (run: () => Promise<unknown>) => {
    statements.length = 0;
    await run();
    return statements.find((statement) => statement.sql.startsWith('SELECT'))!;
  };
  try {
    return await withClient(url, async (client) => {
      const fixtures = await filterFixtures(client);
      const plans: AuditFilterPlan[] = [];
      for (const scenario of scenariosOf(fixtures)) {
        const where = auditWhere(fixtures.organizationId, scenario.filter);
        // As auditEvents(first: 20) asks (auditPage): 21 ids, newest first, then totalCount.
        const page = await capture(() =>
          database.prisma.auditEvent.findMany({
            where,
            select: { id: true },
            orderBy: { id: 'desc' },
            take: 21,
          }),
        );
        const count = await capture(() => database.prisma.auditEvent.count({ where }));
        const matching = await database.prisma.auditEvent.count({ where });
        plans.push({
          key: scenario.key,
          title: scenario.title,
          matching,
          page: await explain(client, page.sql, page.params),
          count: await explain(client, count.sql, count.params),
        });
      }
      return plans;
    });
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const label = process.argv[2] ?? new Date().toISOString().replace(/[:.]/g, '-');
  const plans = await auditFilterPlans(benchDatabaseUrl());
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/audit-filter-plans-${label}.json`;
  writeFileSync(file, JSON.stringify(plans, null, 2));
  console.log(auditFilterTable(plans));
  console.log(`\nplans in ${file}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
