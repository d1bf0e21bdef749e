import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { seedAuditLog } from '../support/audit-log.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedMember, seedOrganization } from '../support/seed.js';

/*
 * verifyAuditChain over a large log must not hold connections for long or run unbounded beside others:
 * it checks in parts, from where it stopped, one check per organization at a time, a few per credential a
 * minute; meanwhile every other tenant is served.
 */

const EVENTS = 40_000;
const PART = 10_000;

let keygate: TestKeygate;
let big: { organizationId: string; secret: string };
let auditors: string[];

beforeAll(async () => {
  const { limits } = loadConfig({ NODE_ENV: 'test' });
  // The test fixture's pool holds 5 connections: the old whole-log transaction pinned one per check.
  keygate = await startTestKeygate({ limits: { ...limits, auditVerificationBatch: PART } });
  big = await seedOrganization(keygate.services, 'Large log');
  await seedAuditLog(keygate.services, big.organizationId, EVENTS);
  auditors = [];
  for (let i = 0; i < 4; i++)
    auditors.push((await seedMember(keygate.services, big.organizationId, 'AUDITOR')).secret);
}, 300_000);

afterAll(async () => {
  await keygate?.close();
});

function send(token: string, query: string, variables: object = {}) {
  return keygate.raw(query, variables, { token });
}

const VERIFY = `query($from: AuditVerificationStart) { verifyAuditChain(from: $from) {
  valid complete checkedEvents verifiedThroughSequence resumedFromSequence firstBrokenSequence reason } }`;

describe('verifying a large audit log', () => {
  it("checks in parts while another organization's mutations all succeed", async () => {
    const other = await seedOrganization(keygate.services, 'Busy neighbour');
    const mutations = Array.from({ length: 30 }, (_, i) =>
      send(other.secret, `mutation { createMachineIdentity(input: { name: "busy-${i}" }) { __typename } }`),
    );
    const checks = auditors.flatMap((token) => [send(token, VERIFY), send(token, VERIFY)]);
    const [answered, verified] = await Promise.all([Promise.all(mutations), Promise.all(checks)]);

    for (const answer of answered) {
      expect(answer.errors, JSON.stringify(answer)).toBeUndefined();
      expect(answer.data.createMachineIdentity.__typename).toBe('MachineIdentityPayload');
    }
    // Each check answered: a part of the log verified, or "one is running", never an outage or an error.
    const codes = verified.map((answer) => answer.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((code) => !['OK', 'VERIFICATION_IN_PROGRESS'].includes(code))).toEqual([]);
    const parts = verified.filter((answer) => !answer.errors).map((answer) => answer.data.verifyAuditChain);
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts) {
      expect(part.valid).toBe(true);
      expect(part.checkedEvents).toBeLessThanOrEqual(PART);
    }
    const refused = verified.find((answer) => answer.errors);
    if (refused) {
      expect(refused.status).toBe(409);
      expect(refused.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
    }
  });

  it('runs one check per organization at a time: a second meets 409 until the first lets go', async () => {
    // A check in progress holds its organization's lease on its tree: held here as one would.
    const { prisma } = keygate.services;
    // An organization of its own, so that the change made meanwhile leaves the large log as it is.
    const small = await seedOrganization(keygate.services, 'Small log');
    await seedAuditLog(keygate.services, small.organizationId, 100);
    const auditor = (await seedMember(keygate.services, small.organizationId, 'AUDITOR')).secret;
    const hold = (until: string) =>
      prisma.$executeRawUnsafe(
        `UPDATE "AuditTree" SET "verifyingUntil" = now() + interval '${until}' WHERE "organizationId" = $1::uuid`,
        small.organizationId,
      );
    await hold('60 seconds');
    try {
      const refused = await send(auditor, VERIFY);
      expect(refused.status).toBe(409);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'VERIFICATION_IN_PROGRESS' });
      expect(refused.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
      // Meanwhile the organization's own changes go through.
      const member = await send(
        small.secret,
        'mutation { createMachineIdentity(input: { name: "during" }) { __typename } }',
      );
      expect(member.data?.createMachineIdentity?.__typename, JSON.stringify(member)).toBe(
        'MachineIdentityPayload',
      );
    } finally {
      // A lease left by an instance that died runs out; then the next check takes it over.
      await hold('-1 second');
    }
    const taken = await send(auditor, VERIFY);
    expect(taken.errors, JSON.stringify(taken)).toBeUndefined();
    expect(taken.data.verifyAuditChain.valid).toBe(true);
  });

  it('continues from the last verified event until the whole log is checked', async () => {
    const [first, second, third] = auditors;
    const start = await send(first!, VERIFY, { from: 'START' });
    expect(start.data.verifyAuditChain).toMatchObject({
      valid: true,
      complete: false,
      checkedEvents: PART,
      resumedFromSequence: '1',
      verifiedThroughSequence: String(PART),
    });
    let through = PART;
    for (const token of [second!, third!, first!]) {
      const next = await send(token, VERIFY);
      expect(next.data.verifyAuditChain).toMatchObject({
        valid: true,
        resumedFromSequence: String(through + 1),
      });
      through = Number(next.data.verifyAuditChain.verifiedThroughSequence);
    }
    // Each call signed a checkpoint of the log as it found it, and that is recorded in the log too.
    expect(through).toBeGreaterThanOrEqual(EVENTS);
    const done = await send(second!, VERIFY);
    expect(done.data.verifyAuditChain).toMatchObject({ valid: true, complete: true });
    expect(done.data.verifyAuditChain.checkedEvents).toBeLessThan(10);
  });

  it('finds an edited event past the verified point, and one before it when checked from the start', async () => {
    const [token] = auditors;
    const { prisma } = keygate.services;
    const victim = await prisma.auditEvent.findFirstOrThrow({
      where: { organizationId: big.organizationId, sequence: 25n },
    });
    // New events after the verified point: one is edited.
    await seedAuditLog(keygate.services, big.organizationId, 5);
    const edited = await prisma.auditEvent.findFirstOrThrow({
      where: { organizationId: big.organizationId, action: 'test.old' },
      orderBy: { id: 'desc' },
    });
    await prisma.$executeRaw`UPDATE "AuditEvent" SET "ip" = '198.51.100.9' WHERE id = ${edited.id}`;
    const incremental = await send(token!, VERIFY);
    expect(incremental.data.verifyAuditChain).toMatchObject({
      valid: false,
      firstBrokenSequence: edited.sequence!.toString(),
      reason: 'event content does not match the log',
    });
    await prisma.$executeRaw`UPDATE "AuditEvent" SET "ip" = NULL WHERE id = ${edited.id}`;
    await prisma.$executeRaw`UPDATE "AuditEvent" SET "action" = 'edited' WHERE id = ${victim.id}`;
    const fromStart = await send(token!, VERIFY, { from: 'START' });
    expect(fromStart.data.verifyAuditChain).toMatchObject({ valid: false, firstBrokenSequence: '25' });
  });

  it('lets one credential check a few times a minute', async () => {
    const auditor = (await seedMember(keygate.services, big.organizationId, 'AUDITOR')).secret;
    const { auditVerificationsPerMinute } = keygate.services.config.limits;
    const answers = [];
    for (let i = 0; i <= auditVerificationsPerMinute; i++) answers.push(await send(auditor, VERIFY));
    expect(
      answers.slice(0, -1).every((answer) => answer.errors?.[0].extensions.code !== 'RATE_LIMITED'),
    ).toBe(true);
    const last = answers.at(-1)!;
    expect(last.status).toBe(429);
    expect(last.errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});
