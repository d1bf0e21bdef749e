import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.js';
import { appendAuditEvent } from '../../src/domain/audit.js';
import { createAuditEventBus } from '../../src/domain/audit-bus.js';
import {
  AuditChainBrokenError,
  enforceAuditRetention,
  PURGE_ACTION,
  purgeAuditEvents,
  verifyAuditChain,
} from '../../src/domain/audit-chain.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { seedAuditChain } from '../support/audit-log.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const DAY = 86_400_000;

let database: TestDatabase;
let db: Database;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDatabase({ databaseUrl: database.url, dataDir: 'memory://', poolSize: 5 });
  prisma = db.prisma;
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

async function organization(name: string): Promise<string> {
  return (await prisma.organization.create({ data: { name } })).id;
}

/** Appends `count` events the way requests do, one transaction each. */
async function appendEvents(organizationId: string, count: number, action = 'test.event'): Promise<void> {
  for (let i = 0; i < count; i++) {
    await prisma.$transaction((tx) =>
      appendAuditEvent(
        tx,
        {
          organizationId,
          actorType: 'SYSTEM',
          actorId: null,
          credentialKind: null,
          credentialId: null,
          requestId: `req-${i}`,
          ip: null,
          userAgent: null,
        },
        { action, outcome: 'SUCCESS', changes: { i } },
      ),
    );
  }
}

/** A valid chain of `count` events created `ageDays` ago (test/support/audit-log.ts). */
function seedOldChain(organizationId: string, count: number, ageDays: number): Promise<void> {
  return seedAuditChain(prisma, organizationId, count, ageDays);
}

function events(organizationId: string) {
  return prisma.auditEvent.findMany({ where: { organizationId }, orderBy: { sequence: 'asc' } });
}

describe('a purge checkpoint', () => {
  it('cannot hide an edited event behind a forged checkpoint', async () => {
    const org = await organization('Forged checkpoint');
    await appendEvents(org, 4);
    const [first, second] = await events(org);
    await prisma.auditEvent.update({ where: { id: first!.id }, data: { ip: '198.51.100.9' } });
    expect(await verifyAuditChain(prisma, org)).toMatchObject({ valid: false, firstBrokenSequence: 1n });

    // The reported attack: a checkpoint at event 2 with event 2's hash made the chain "valid".
    await prisma.auditCheckpoint.create({
      data: { organizationId: org, sequence: second!.sequence, hash: second!.hash, purgedCount: 2n },
    });
    const result = await verifyAuditChain(prisma, org);
    expect(result).toMatchObject({ valid: false, firstBrokenSequence: 1n });
    expect(result.reason).toContain('still exist');
  });

  it('is not trusted without the audit.purged event that attests it', async () => {
    const org = await organization('Unattested checkpoint');
    await appendEvents(org, 6);
    const all = await events(org);
    // Delete the first three events and insert the checkpoint a purge would have written.
    await prisma.auditEvent.deleteMany({ where: { organizationId: org, sequence: { lte: 3n } } });
    await prisma.auditCheckpoint.create({
      data: { organizationId: org, sequence: 3n, hash: all[2]!.hash, purgedCount: 3n },
    });
    const result = await verifyAuditChain(prisma, org);
    expect(result).toMatchObject({ valid: false, firstBrokenSequence: 4n, checkpointSequence: 3n });
    expect(result.reason).toBe(`the checkpoint at 3 has no ${PURGE_ACTION} event`);
  });

  it('is not trusted when the attesting event names another range', async () => {
    const org = await organization('Stretched checkpoint');
    await appendEvents(org, 8);
    const cutoff = new Date(Date.now() + 1000);
    expect(await purgeAuditEvents(prisma, org, cutoff, { batchSize: 3 })).toBe(8);
    // A genuine purge through 3, 6 and 8; now stretch it: delete more and move the checkpoint along.
    await appendEvents(org, 4);
    const all = await events(org);
    const last = all.at(-2)!;
    await prisma.auditEvent.deleteMany({ where: { organizationId: org, sequence: { lte: last.sequence } } });
    await prisma.auditCheckpoint.create({
      data: { organizationId: org, sequence: last.sequence, hash: last.hash, purgedCount: 8n },
    });
    expect(await verifyAuditChain(prisma, org)).toMatchObject({
      valid: false,
      firstBrokenSequence: last.sequence + 1n,
    });
  });

  it('must match the first remaining event and stay in place', async () => {
    const org = await organization('Moved checkpoint');
    await appendEvents(org, 5);
    await purgeAuditEvents(prisma, org, new Date(Date.now() + 1000));
    expect(await verifyAuditChain(prisma, org)).toMatchObject({ valid: true, checkpointSequence: 5n });
    const checkpoint = await prisma.auditCheckpoint.findFirstOrThrow({ where: { organizationId: org } });

    await prisma.auditCheckpoint.update({ where: { id: checkpoint.id }, data: { hash: new Uint8Array(32) } });
    expect(await verifyAuditChain(prisma, org)).toMatchObject({
      valid: false,
      firstBrokenSequence: 6n,
      reason: 'link to the purge checkpoint broken',
    });

    await prisma.auditCheckpoint.delete({ where: { id: checkpoint.id } });
    expect(await verifyAuditChain(prisma, org)).toMatchObject({
      valid: false,
      firstBrokenSequence: 5n,
      reason: 'event missing from the chain',
    });
  });
});

describe('retention', () => {
  it('purges a real chain and leaves it verifiable, attested by an audit.purged event', async () => {
    const org = await organization('Purged once');
    await seedOldChain(org, 5, 40);
    await appendEvents(org, 2);
    expect(await purgeAuditEvents(prisma, org, new Date(Date.now() - 30 * DAY))).toBe(5);
    const remaining = await events(org);
    expect(remaining.map((event) => event.action)).toEqual(['test.event', 'test.event', PURGE_ACTION]);
    expect(remaining.at(-1)).toMatchObject({
      actorType: 'SYSTEM',
      outcome: 'SUCCESS',
      targetType: 'Organization',
      targetId: org,
      changes: {
        fromSequence: '1',
        throughSequence: '5',
        count: 5,
        throughHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(await verifyAuditChain(prisma, org)).toEqual({
      valid: true,
      checkedEvents: 3,
      firstBrokenSequence: null,
      reason: null,
      checkpointSequence: 5n,
      verifiedThroughSequence: 8n,
      complete: true,
      resumedFromSequence: 6n,
    });
  });

  it('purging twice still verifies, and so does purging the previous purge event', async () => {
    const org = await organization('Purged twice');
    await seedOldChain(org, 4, 40);
    await purgeAuditEvents(prisma, org, new Date(Date.now() - 30 * DAY));
    await seedOldChain(org, 3, 35);
    await appendEvents(org, 1);
    // Sequences 1-4 are gone, 5 is the first purge event, 6-8 are old, 9 is new.
    expect(await purgeAuditEvents(prisma, org, new Date(Date.now() - 30 * DAY))).toBe(4);
    expect(await verifyAuditChain(prisma, org)).toMatchObject({ valid: true, checkpointSequence: 8n });
    // Everything, the purge events included.
    expect(await purgeAuditEvents(prisma, org, new Date(Date.now() + 1000))).toBe(2);
    const remaining = await events(org);
    expect(remaining.map((event) => [event.sequence, event.action])).toEqual([[11n, PURGE_ACTION]]);
    expect(await verifyAuditChain(prisma, org)).toMatchObject({
      valid: true,
      checkedEvents: 1,
      checkpointSequence: 10n,
    });
    expect(await prisma.auditCheckpoint.count({ where: { organizationId: org } })).toBe(3);
  });

  it('purges thousands of events in bounded batches, each attested, per organization', async () => {
    const big = await organization('Big log');
    const small = await organization('Small log');
    const keeps = await organization('Keeps everything');
    await seedOldChain(big, 2_500, 100);
    await appendEvents(big, 3);
    await seedOldChain(small, 10, 100);
    await seedOldChain(keeps, 10, 100);
    await prisma.organization.updateMany({
      where: { id: { in: [big, small] } },
      data: { auditRetentionDays: 30 },
    });
    const bus = createAuditEventBus();
    const published: string[] = [];
    const subscription = bus.subscribe('auditEventAdded', big)[Symbol.asyncIterator]();
    const reading = (async () => {
      for (;;) {
        const next = await subscription.next();
        if (next.done) return;
        published.push(next.value.id);
      }
    })();

    expect(await enforceAuditRetention(prisma, new Date(), { batchSize: 1_000, auditBus: bus })).toBe(2_510);
    await subscription.return?.();
    await reading;

    const checkpoints = await prisma.auditCheckpoint.findMany({
      where: { organizationId: big },
      orderBy: { sequence: 'asc' },
    });
    expect(checkpoints.map((c) => [c.sequence, c.purgedCount])).toEqual([
      [1_000n, 1_000n],
      [2_000n, 1_000n],
      [2_500n, 500n],
    ]);
    const purges = await prisma.auditEvent.findMany({
      where: { organizationId: big, action: PURGE_ACTION },
      orderBy: { sequence: 'asc' },
    });
    expect(purges.map((event) => (event.changes as { throughSequence: string }).throughSequence)).toEqual([
      '1000',
      '2000',
      '2500',
    ]);
    expect(published).toEqual(purges.map((event) => event.id.toString()));
    expect(await prisma.auditEvent.count({ where: { organizationId: big } })).toBe(3 + 3);
    expect(await verifyAuditChain(prisma, big)).toMatchObject({
      valid: true,
      checkedEvents: 6,
      checkpointSequence: 2_500n,
    });
    expect(await verifyAuditChain(prisma, small)).toMatchObject({ valid: true, checkpointSequence: 10n });
    expect(await prisma.auditEvent.count({ where: { organizationId: keeps } })).toBe(10);
    // Nothing left to purge: a second run changes nothing.
    expect(await enforceAuditRetention(prisma, new Date(), { batchSize: 1_000 })).toBe(0);
  });

  it('refuses to launder an edited or missing old event into a checkpoint, and purges the others', async () => {
    const edited = await organization('Edited, then retention');
    const gap = await organization('Gap, then retention');
    const fine = await organization('Fine, then retention');
    for (const org of [edited, gap, fine]) {
      await seedOldChain(org, 12, 100);
      await prisma.organization.update({ where: { id: org }, data: { auditRetentionDays: 30 } });
    }
    await prisma.auditEvent.updateMany({
      where: { organizationId: edited, sequence: 7n },
      data: { ip: '198.51.100.7' },
    });
    await prisma.auditEvent.deleteMany({ where: { organizationId: gap, sequence: 3n } });

    const run = enforceAuditRetention(prisma, new Date(), { batchSize: 5 });
    await expect(run).rejects.toThrow('audit retention refused for 2 organization(s)');
    const refusals = ((await run.catch((error: unknown) => error)) as AggregateError).errors;
    expect(refusals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ organizationId: edited, sequence: 7n }),
        expect.objectContaining({ organizationId: gap, sequence: 3n }),
      ]),
    );
    // The first, sound batch of the edited chain went; the evidence stayed.
    expect((await events(edited)).map((e) => e.sequence)).toEqual([6n, 7n, 8n, 9n, 10n, 11n, 12n, 13n]);
    expect(await verifyAuditChain(prisma, edited)).toMatchObject({ valid: false, firstBrokenSequence: 7n });
    expect(await prisma.auditEvent.count({ where: { organizationId: gap } })).toBe(11);
    expect(await verifyAuditChain(prisma, fine)).toMatchObject({ valid: true, checkpointSequence: 12n });
    await expect(purgeAuditEvents(prisma, gap, new Date())).rejects.toBeInstanceOf(AuditChainBrokenError);
  });

  it('runs on one instance at a time: a run that finds the lock taken leaves the work to its holder', async () => {
    const org = await organization('Locked out');
    await seedOldChain(org, 20, 100);
    await prisma.organization.update({ where: { id: org }, data: { auditRetentionDays: 30 } });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // Another instance, mid-batch.
    const holder = prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('keygate:audit-retention'))`;
        locked();
        await released;
      },
      { timeout: 30_000 },
    );
    await isLocked;
    expect(await enforceAuditRetention(prisma, new Date(), { batchSize: 5 })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { organizationId: org } })).toBe(20);
    // A direct purge waits for the holder instead.
    const waiting = purgeAuditEvents(prisma, org, new Date(Date.now() - 30 * DAY), { batchSize: 5 });
    release();
    await holder;
    expect(await waiting).toBe(20);
    expect(await verifyAuditChain(prisma, org)).toMatchObject({ valid: true, checkedEvents: 4 });
  });

  it('concurrent runs never purge the same range twice', async () => {
    const org = await organization('Raced');
    await seedOldChain(org, 300, 100);
    const cutoff = new Date(Date.now() - 30 * DAY);
    const counts = await Promise.all(
      [1, 2, 3].map(() => purgeAuditEvents(prisma, org, cutoff, { batchSize: 50 })),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    expect(await verifyAuditChain(prisma, org)).toMatchObject({ valid: true, checkpointSequence: 300n });
  });
});

describe('verification', () => {
  it('reads one snapshot: events appended meanwhile do not break it', async () => {
    const org = await organization('Busy while verified');
    await seedOldChain(org, 3_000, 1);
    const [result] = await Promise.all([verifyAuditChain(prisma, org), appendEvents(org, 20)]);
    expect(result.valid).toBe(true);
    expect(await verifyAuditChain(prisma, org)).toMatchObject({ valid: true, checkedEvents: 3_020 });
  });

  it('notices a lost chain head', async () => {
    const org = await organization('Headless');
    await appendEvents(org, 3);
    const last = (await events(org)).at(-1)!;
    await prisma.auditEvent.delete({ where: { id: last.id } });
    await prisma.auditChainHead.delete({ where: { organizationId: org } });
    expect(await verifyAuditChain(prisma, org)).toMatchObject({ valid: false, reason: 'chain head missing' });
  });
});
