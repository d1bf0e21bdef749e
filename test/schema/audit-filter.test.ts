import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../../src/generated/prisma/client.js';
import type { AuditFilter } from '../../src/schema/audit-filter.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedOrganization } from '../support/seed.js';

/**
 * The audit log's filters, alone and combined, answer exactly the events that match, on PostgreSQL and on
 * the embedded PGlite: both run the same migrations, `action` collated "C" included, so a prefix is an
 * index range on both and means the same bytes on both.
 */
const AUDIT_EVENTS = `query ($first: Int, $after: String, $filter: AuditEventFilter) {
  auditEvents(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id action } }
  }
}`;

// Neighbours a prefix must tell apart: a longer family (tokens.), the bare family name, a LIKE wildcard
// in the family (web_hook. against webxhook.), characters above ASCII and case.
const ACTIONS = [
  'token.created',
  'token.revoked',
  'token.renewed',
  'tokens.listed',
  'token',
  'token_created',
  'Token.created',
  'web_hook.created',
  'webxhook.created',
  'pat.created',
  'pat.revoked',
  'über.created',
  'überx.created',
];
const OUTCOMES = ['SUCCESS', 'DENIED', 'FAILED'] as const;
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

interface Seeded {
  id: bigint;
  action: string;
  outcome: (typeof OUTCOMES)[number];
  actorId: string;
  credentialId: string;
  targetId: string;
  createdAt: Date;
}

describe.each([
  ['PostgreSQL', false],
  ['the embedded PGlite', true],
])('audit filters on %s', (_name, embedded) => {
  let keygate: TestKeygate;
  let organization: Awaited<ReturnType<typeof seedOrganization>>;
  let events: Seeded[];
  const actors = [randomUUID(), randomUUID()];
  const credentials = [randomUUID(), randomUUID(), randomUUID()];
  const targets = [randomUUID(), randomUUID()];

  beforeAll(async () => {
    keygate = await startTestKeygate({}, { embedded });
    // An organization of its own, so that only these events are in its log.
    organization = await seedOrganization(keygate.services, 'Filtered organization');
    const data: Prisma.AuditEventCreateManyInput[] = Array.from({ length: 260 }, (_, i) => ({
      organizationId: organization.organizationId,
      action: ACTIONS[i % ACTIONS.length]!,
      outcome: OUTCOMES[(i >> 2) % OUTCOMES.length]!,
      actorType: 'USER',
      actorId: actors[i % actors.length]!,
      credentialKind: 'PERSONAL_ACCESS_TOKEN',
      credentialId: credentials[i % credentials.length]!,
      targetType: 'Token',
      targetId: targets[(i >> 3) % targets.length]!,
      createdAt: new Date(START + i * DAY),
    }));
    await keygate.services.prisma.auditEvent.createMany({ data });
    events = (
      await keygate.services.prisma.auditEvent.findMany({
        where: { organizationId: organization.organizationId },
        orderBy: { id: 'desc' },
      })
    ).map((event) => event as Seeded);
    expect(events).toHaveLength(260);
  });

  afterAll(async () => {
    await keygate?.close();
  });

  /** Every page of auditEvents(filter), 25 at a time: the ids in the order listed, and totalCount. */
  async function listed(filter: Record<string, unknown>) {
    const ids: string[] = [];
    let after: string | null = null;
    let totalCount = -1;
    do {
      const { data, errors } = await keygate.raw(
        AUDIT_EVENTS,
        { first: 25, after, filter },
        { token: organization.secret },
      );
      expect(errors).toBeUndefined();
      totalCount = data.auditEvents.totalCount;
      ids.push(...data.auditEvents.edges.map((edge: { node: { id: string } }) => edge.node.id));
      after = data.auditEvents.pageInfo.hasNextPage ? data.auditEvents.pageInfo.endCursor : null;
    } while (after);
    return { ids, totalCount };
  }

  /** The seeded events, newest first, that `match`, as auditEvents names them. */
  function expected(match: (event: Seeded) => boolean) {
    return events.filter(match).map((event) => encodeGlobalID('AuditEvent', event.id.toString()));
  }

  const user = (id: string) => encodeGlobalID('User', id);
  const pat = (id: string) => encodeGlobalID('PersonalAccessToken', id);
  const token = (id: string) => encodeGlobalID('Token', id);

  it.each<[string, (ids: { a: string[]; c: string[]; t: string[] }) => AuditFilter, (e: Seeded) => boolean]>([
    ['a prefix', () => ({ action: 'token.*' }), (e) => e.action.startsWith('token.')],
    [
      'a prefix with a LIKE wildcard in it',
      () => ({ action: 'web_hook.*' }),
      (e) => e.action === 'web_hook.created',
    ],
    ['a prefix beyond ASCII', () => ({ action: 'über.*' }), (e) => e.action === 'über.created'],
    ['a prefix no action has', () => ({ action: 'project.*' }), () => false],
    ['an exact action', () => ({ action: 'token.revoked' }), (e) => e.action === 'token.revoked'],
    [
      'actor and prefix',
      ({ a }) => ({ actorId: user(a[0]!), action: 'pat.*' }),
      (e) => e.actorId === actors[0] && e.action.startsWith('pat.'),
    ],
    [
      'credential and action',
      ({ c }) => ({ credentialId: pat(c[1]!), action: 'token.created' }),
      (e) => e.credentialId === credentials[1] && e.action === 'token.created',
    ],
    [
      'outcome and prefix',
      () => ({ outcome: 'FAILED', action: 'token.*' }),
      (e) => e.outcome === 'FAILED' && e.action.startsWith('token.'),
    ],
    ['an outcome', () => ({ outcome: 'DENIED' }), (e) => e.outcome === 'DENIED'],
    [
      'target and action',
      ({ t }) => ({ targetId: token(t[1]!), action: 'token.renewed' }),
      (e) => e.targetId === targets[1] && e.action === 'token.renewed',
    ],
    [
      'prefix, outcome, actor and time range',
      ({ a }) => ({
        action: 'token.*',
        outcome: 'SUCCESS',
        actorId: user(a[1]!),
        from: new Date(START + 40 * DAY),
        to: new Date(START + 200 * DAY),
      }),
      (e) =>
        e.action.startsWith('token.') &&
        e.outcome === 'SUCCESS' &&
        e.actorId === actors[1] &&
        e.createdAt.getTime() >= START + 40 * DAY &&
        e.createdAt.getTime() < START + 200 * DAY,
    ],
  ])('%s: exactly the matching events, newest first, over every page', async (_case, filterOf, match) => {
    const filter = filterOf({ a: actors, c: credentials, t: targets });
    const want = expected(match);
    // Not vacuous: every case but the unknown family matches some events, and never all of them.
    expect(want.length > 0).toBe(filter.action !== 'project.*');
    expect(want.length).toBeLessThan(events.length);
    const { ids, totalCount } = await listed({
      ...filter,
      from: filter.from?.toISOString(),
      to: filter.to?.toISOString(),
    });
    expect(ids).toEqual(want);
    expect(totalCount).toBe(want.length);
  });
});
