import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLeafHash } from '../../src/audit-log/leaf.js';
import {
  appendLeaf,
  EMPTY_FRONTIER,
  type Frontier,
  frontierRoot,
  rootOfLeaves,
  type TreeNode,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit-log/merkle.js';
import { ed25519Signer, openNote, parseCheckpoint, signNote } from '../../src/audit-log/signed-note.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { appendAuditEvent, systemActor } from '../../src/domain/audit.js';
import { AuditChainBrokenError, AuditLog, exportedEvent, PURGE_ACTION } from '../../src/domain/audit-log.js';
import type { AuditEvent, PrismaClient } from '../../src/generated/prisma/client.js';
import { loadMasterKey } from '../../src/keys/master-key.js';
import { createLogger } from '../../src/logger.js';
import { seedAuditLog } from '../support/audit-log.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/*
 * The audit log as a database writer would attack it: every forgery is made with full write access to
 * every table, and each is caught against a checkpoint taken before it, which the writer cannot sign.
 */

const DAY = 86_400_000;
const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

let database: TestDatabase;
let db: Database;
let prisma: PrismaClient;
let log: AuditLog;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDatabase({ databaseUrl: database.url, dataDir: 'memory://', poolSize: 6 });
  prisma = db.prisma;
  const keys = loadMasterKey({ kind: 'value', value: MASTER_KEY }, { provider: 'postgres', dataDir: '' });
  log = new AuditLog(prisma, keys, createLogger('silent'));
});

afterAll(async () => {
  await log?.stop();
  await db?.close();
  await database?.drop();
});

async function organization(name: string): Promise<string> {
  return (await prisma.organization.create({ data: { name } })).id;
}

/** Appends `count` events the way requests do, one transaction each, and seals them. */
async function appendEvents(organizationId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await prisma.$transaction((tx) =>
      appendAuditEvent(tx, systemActor(organizationId), {
        action: 'test.event',
        outcome: 'SUCCESS',
        changes: { i },
      }),
    );
  }
  await log.seal();
}

/** The organization's sealed events, in the log's order. */
function events(organizationId: string) {
  return prisma.auditEvent.findMany({
    where: { organizationId, sequence: { not: null } },
    orderBy: { id: 'asc' },
  });
}

const leafOf = (event: AuditEvent) => auditLeafHash(exportedEvent(event));

/**
 * What a writer who knows the algorithm does after editing events: recomputes every leaf, node and the
 * tree's state from the events as they now stand, so that the database agrees with itself again.
 */
async function rehash(organizationId: string): Promise<void> {
  const all = await prisma.auditEvent.findMany({ where: { organizationId }, orderBy: { sequence: 'asc' } });
  let frontier: Frontier = EMPTY_FRONTIER;
  const nodes: TreeNode[] = [];
  for (const [index, event] of all.entries()) {
    const sequence = BigInt(index + 1);
    if (event.sequence !== sequence) {
      await prisma.auditEvent.update({ where: { id: event.id }, data: { sequence } });
    }
    const appended = appendLeaf(frontier, leafOf({ ...event, sequence }));
    frontier = appended.frontier;
    nodes.push(...appended.nodes);
  }
  await prisma.auditTreeNode.deleteMany({ where: { organizationId } });
  await prisma.auditTreeNode.createMany({
    data: nodes.map((node) => ({
      organizationId,
      level: node.level,
      index: BigInt(node.index),
      hash: new Uint8Array(node.hash),
    })),
  });
  await prisma.auditTree.update({
    where: { organizationId },
    data: {
      size: BigInt(frontier.size),
      frontier: new Uint8Array(Buffer.concat(frontier.hashes.map((hash) => Buffer.from(hash)))),
      rootHash: new Uint8Array(frontierRoot(frontier)),
    },
  });
  // And the checkpoints Keygate signed before: gone, so that nothing in the database remembers.
  await prisma.auditCheckpoint.deleteMany({ where: { organizationId } });
}

describe('sealing', () => {
  it('gives events their sequences in id order, leaves in the tree, and a root that the events give', async () => {
    const org = await organization('Sealed');
    await appendEvents(org, 5);
    const sealed = await events(org);
    expect(sealed.map((event) => event.sequence)).toEqual([1n, 2n, 3n, 4n, 5n]);
    const tree = await prisma.auditTree.findUniqueOrThrow({ where: { organizationId: org } });
    expect(tree.size).toBe(5n);
    expect(Buffer.from(tree.rootHash)).toEqual(Buffer.from(rootOfLeaves(sealed.map(leafOf))));
    for (const event of sealed) expect(Buffer.from(event.hash!)).toEqual(Buffer.from(leafOf(event)));
  });

  it('never seals past a transaction still running with a lower id, then seals both in id order', async () => {
    const org = await organization('Fence');
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written!: () => void;
    const wroteFirst = new Promise<void>((resolve) => {
      written = resolve;
    });
    // The first writer takes its id and stays open; the second commits after it.
    const first = prisma.$transaction(
      async (tx) => {
        const event = await appendAuditEvent(tx, systemActor(org), {
          action: 'test.first',
          outcome: 'SUCCESS',
        });
        written();
        await held;
        return event;
      },
      { timeout: 30_000 },
    );
    await wroteFirst;
    const second = await prisma.$transaction((tx) =>
      appendAuditEvent(tx, systemActor(org), { action: 'test.second', outcome: 'SUCCESS' }),
    );
    // However long it waits, the sealer cannot take the second event: the first could still commit.
    await log.seal({ waitMs: 0 });
    await log.seal({ waitMs: 0 });
    expect((await prisma.auditEvent.findUniqueOrThrow({ where: { id: second.id } })).sequence).toBeNull();
    release();
    const firstEvent = await first;
    await log.seal();
    const sealed = await events(org);
    expect(sealed.map((event) => [event.id, event.sequence])).toEqual([
      [firstEvent.id, 1n],
      [second.id, 2n],
    ]);
  });

  it('waits for a writer that took its transaction id after another writer, which commits first', async () => {
    // M writes something first (its transaction id is the lower), then D writes only its event (a higher
    // transaction id, the lower event id) and stays open; M writes its event and commits.
    const org = await organization('Fence by transaction id');
    let mWrote!: () => void;
    const mHasId = new Promise<void>((resolve) => {
      mWrote = resolve;
    });
    let dWrote!: () => void;
    const dHasEvent = new Promise<void>((resolve) => {
      dWrote = resolve;
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const m = prisma.$transaction(
      async (tx) => {
        await tx.organization.update({ where: { id: org }, data: { name: 'Fence by transaction id (M)' } });
        mWrote();
        await dHasEvent;
        return appendAuditEvent(tx, systemActor(org), { action: 'test.m', outcome: 'SUCCESS' });
      },
      { timeout: 30_000 },
    );
    const d = prisma.$transaction(
      async (tx) => {
        await mHasId;
        const event = await appendAuditEvent(tx, systemActor(org), { action: 'test.d', outcome: 'SUCCESS' });
        dWrote();
        await held;
        return event;
      },
      { timeout: 30_000 },
    );
    const mEvent = await m;
    for (let i = 0; i < 3; i++) await log.seal({ waitMs: 0 });
    expect((await prisma.auditEvent.findUniqueOrThrow({ where: { id: mEvent.id } })).sequence).toBeNull();
    release();
    const dEvent = await d;
    await log.seal();
    expect(dEvent.id).toBeLessThan(mEvent.id);
    expect((await events(org)).map((event) => [event.id, event.sequence])).toEqual([
      [dEvent.id, 1n],
      [mEvent.id, 2n],
    ]);
  });

  it('skips the id of a transaction that rolled back, and a pass that fails leaves nothing of itself', async () => {
    const org = await organization('Crash');
    await prisma
      .$transaction(async (tx) => {
        await appendAuditEvent(tx, systemActor(org), { action: 'test.rolled-back', outcome: 'SUCCESS' });
        throw new Error('the change failed');
      })
      .catch(() => {});
    await appendEvents(org, 1);
    // A node already where the next leaf goes: the pass that seals it fails part way (at its node insert).
    await prisma.auditTreeNode.create({
      data: { organizationId: org, level: 0, index: 1n, hash: new Uint8Array(32) },
    });
    await prisma.$transaction((tx) =>
      appendAuditEvent(tx, systemActor(org), { action: 'test.after', outcome: 'SUCCESS' }),
    );
    // Another organization's event in the same pass is sealed all the same.
    const bystander = await organization('Bystander');
    await prisma.$transaction((tx) =>
      appendAuditEvent(tx, systemActor(bystander), { action: 'test.bystander', outcome: 'SUCCESS' }),
    );
    await log.seal();
    expect((await events(bystander)).map((event) => event.sequence)).toEqual([1n]);
    const [one, two] = await prisma.auditEvent.findMany({
      where: { organizationId: org },
      orderBy: { id: 'asc' },
    });
    expect([one!.sequence, two!.sequence, two!.hash]).toEqual([1n, null, null]);
    expect((await prisma.auditTree.findUniqueOrThrow({ where: { organizationId: org } })).size).toBe(1n);
    // Once the fault is gone, the next pass seals it, and the log is whole.
    await prisma.auditTreeNode.delete({
      where: { organizationId_level_index: { organizationId: org, level: 0, index: 1n } },
    });
    await log.seal();
    expect((await events(org)).map((event) => [event.action, event.sequence])).toEqual([
      ['test.event', 1n],
      ['test.after', 2n],
    ]);
    expect(await log.verify(org, { from: 'START' })).toMatchObject({ valid: true, complete: true });
  });
});

describe('checkpoints and proofs', () => {
  it('signs C2SP checkpoints that a note verifier accepts, with proofs that verify', async () => {
    const org = await organization('Proofs');
    await appendEvents(org, 6);
    const first = await log.checkpoint(org);
    const body = openNote(first.note, [log.verifierKey]).body;
    const checkpoint = parseCheckpoint(body);
    expect(checkpoint).toMatchObject({ origin: `keygate/audit/${org}`, size: 6 });
    expect(Buffer.from(checkpoint.rootHash)).toEqual(
      Buffer.from(rootOfLeaves((await events(org)).map(leafOf))),
    );
    // Each checkpoint is recorded in the log itself, so webhooks carry it out.
    const recorded = await prisma.auditEvent.findFirstOrThrow({
      where: { organizationId: org, action: 'audit.checkpoint' },
    });
    expect(recorded.changes).toMatchObject({ size: '6', note: first.note });

    await appendEvents(org, 5);
    const second = await log.checkpoint(org);
    expect(second.size).toBe(12n);
    const consistency = await log.consistencyProof(org, 6n, 12n);
    expect(verifyConsistency(6, 12, first.rootHash, second.rootHash, consistency)).toBe(true);
    const all = (await events(org)).filter((event) => event.sequence! <= 12n);
    expect(all).toHaveLength(12);
    for (const event of all) {
      const proof = await log.inclusionProof(org, event.sequence!, 12n);
      expect(verifyInclusion(Number(event.sequence! - 1n), 12, leafOf(event), proof, second.rootHash)).toBe(
        true,
      );
    }
    // A key of the same name that is not Keygate's does not make a checkpoint it accepts.
    const impostor = ed25519Signer(log.keyName, Buffer.alloc(32, 9));
    const forged = signNote(body, impostor);
    expect(() => log.openCheckpoint(org, forged)).toThrow(/not a checkpoint signed by this Keygate/);
    const other = await organization('Other');
    expect(() => log.openCheckpoint(other, first.note)).toThrow(/not a checkpoint of this/);
  });
});

describe('what Keygate signs', () => {
  it('signs the same checkpoint again while only its own event was added', async () => {
    const org = await organization('Polled');
    await appendEvents(org, 3);
    const first = await log.checkpoint(org);
    const again = await log.checkpoint(org);
    const third = await log.checkpoint(org);
    expect([again.id, third.id]).toEqual([first.id, first.id]);
    expect(await prisma.auditCheckpoint.count({ where: { organizationId: org } })).toBe(1);
  });

  it('refuses to sign a log that no longer extends its last checkpoint, and verification says so', async () => {
    const org = await organization('Fork');
    await appendEvents(org, 6);
    await log.checkpoint(org);
    const [, second] = await events(org);
    await prisma.auditEvent.update({ where: { id: second!.id }, data: { action: 'test.innocent' } });
    // Re-hashed, but the checkpoints Keygate signed are left in place this time.
    const kept = await prisma.auditCheckpoint.findMany({ where: { organizationId: org } });
    await rehash(org);
    await prisma.auditCheckpoint.createMany({ data: kept });
    await appendEvents(org, 1);
    await expect(log.checkpoint(org)).rejects.toBeInstanceOf(AuditChainBrokenError);
    const result = await log.verify(org);
    expect(result.valid).toBe(false);
    expect(result.reason).toMatch(/no longer extends its checkpoint of 6/);
    // A row whose columns were changed is not taken for what Keygate signed: its note is.
    const other = await organization('Forged row');
    await appendEvents(other, 2);
    const checkpoint = await log.checkpoint(other);
    await prisma.auditCheckpoint.update({
      where: { id: checkpoint.id },
      data: { size: 1n, rootHash: new Uint8Array(32) },
    });
    await appendEvents(other, 1);
    // Two events, the checkpoint's own, and one more: proven to extend the note's size 2 and root.
    await expect(log.checkpoint(other)).resolves.toMatchObject({ size: 4n });
    expect(await log.verify(other, { from: 'START' })).toMatchObject({ valid: true, complete: true });
  });
});

describe('forgeries, each against a checkpoint taken before it', () => {
  async function logWithCheckpoint(name: string, count = 8) {
    const org = await organization(name);
    await appendEvents(org, count);
    const held = (await log.checkpoint(org)).note;
    expect(await log.verify(org, { checkpoint: held, from: 'START' })).toMatchObject({ valid: true });
    return { org, held };
  }

  it('an event rewritten and the whole tree re-hashed', async () => {
    const { org, held } = await logWithCheckpoint('Rewritten');
    const [, victim] = await events(org);
    await prisma.auditEvent.update({ where: { id: victim!.id }, data: { action: 'test.innocent' } });
    await rehash(org);
    const result = await log.verify(org, { checkpoint: held });
    expect(result).toMatchObject({ valid: false, anchorSize: 8n });
    expect(result.reason).toMatch(/does not extend the checkpoint/);
    // Without the held checkpoint the edit alone (not re-hashed) is found by content.
    const other = await logWithCheckpoint('Edited');
    const [, , third] = await events(other.org);
    await prisma.auditEvent.update({ where: { id: third!.id }, data: { ip: '198.51.100.9' } });
    expect(await log.verify(other.org, { from: 'START' })).toMatchObject({
      valid: false,
      firstBrokenSequence: 3n,
      reason: 'event content does not match the log',
    });
  });

  it('the tail deleted and the tree moved back to match', async () => {
    const { org, held } = await logWithCheckpoint('Truncated');
    const tail = (await events(org)).slice(-3);
    await prisma.auditEvent.deleteMany({ where: { id: { in: tail.map((event) => event.id) } } });
    await rehash(org);
    const result = await log.verify(org, { checkpoint: held });
    expect(result.valid).toBe(false);
    expect(result.reason).toMatch(/fewer than the checkpoint's 8/);
  });

  it('a purge forged: events deleted, a purge statement and an audit.purged event written', async () => {
    const { org, held } = await logWithCheckpoint('Forged purge');
    const doomed = (await events(org)).slice(0, 4);
    await prisma.auditEvent.deleteMany({ where: { id: { in: doomed.map((event) => event.id) } } });
    const impostor = ed25519Signer(log.keyName, Buffer.alloc(32, 9));
    await prisma.auditPurge.create({
      data: {
        organizationId: org,
        throughSequence: 4n,
        note: signNote(
          `keygate-audit-purge/v1\n${log.origin(org)}\n4\n${new Date().toISOString()}\n`,
          impostor,
        ),
      },
    });
    await prisma.auditEvent.create({
      data: {
        organizationId: org,
        action: PURGE_ACTION,
        outcome: 'SUCCESS',
        actorType: 'SYSTEM',
        changes: { throughSequence: '4', count: 4 },
      },
    });
    await log.seal();
    expect(await log.verify(org, { checkpoint: held, from: 'START' })).toMatchObject({
      valid: false,
      firstBrokenSequence: 1n,
      reason: 'event missing from the log',
    });
  });

  it('two events swapping ids, which would reorder the listing', async () => {
    const { org, held } = await logWithCheckpoint('Reordered');
    const [, second, third] = await events(org);
    await prisma.$transaction([
      prisma.$executeRaw`UPDATE "AuditEvent" SET "id" = -1 WHERE "id" = ${second!.id}`,
      prisma.$executeRaw`UPDATE "AuditEvent" SET "id" = ${second!.id} WHERE "id" = ${third!.id}`,
      prisma.$executeRaw`UPDATE "AuditEvent" SET "id" = ${third!.id} WHERE "id" = -1`,
    ]);
    expect(await log.verify(org, { checkpoint: held, from: 'START' })).toMatchObject({
      valid: false,
      firstBrokenSequence: 2n,
    });
  });

  it('an event deleted from the middle', async () => {
    const { org, held } = await logWithCheckpoint('Middle');
    const [, , , fourth] = await events(org);
    await prisma.auditEvent.delete({ where: { id: fourth!.id } });
    expect(await log.verify(org, { checkpoint: held, from: 'START' })).toMatchObject({
      valid: false,
      firstBrokenSequence: 4n,
      reason: 'event missing from the log',
    });
  });

  it('progress of an earlier verification forged to skip an edited event', async () => {
    const { org } = await logWithCheckpoint('Progress');
    const [first] = await events(org);
    await prisma.auditEvent.update({ where: { id: first!.id }, data: { targetId: 'elsewhere' } });
    // The writer claims every leaf was checked already, with a frontier computed from the edited events.
    const all = await events(org);
    let frontier: Frontier = EMPTY_FRONTIER;
    for (const event of all) frontier = appendLeaf(frontier, leafOf(event)).frontier;
    await prisma.auditTree.update({
      where: { organizationId: org },
      data: {
        verifiedSize: BigInt(frontier.size),
        verifiedFrontier: new Uint8Array(Buffer.concat(frontier.hashes.map((hash) => Buffer.from(hash)))),
        verifiedMac: new Uint8Array(32),
      },
    });
    const result = await log.verify(org);
    expect(result).toMatchObject({ valid: false, firstBrokenSequence: 1n, resumedFromSequence: 1n });
  });
});

describe('retention', () => {
  it('purges old events, signs how far, and the log still verifies against a checkpoint from before', async () => {
    const org = await organization('Retention');
    await seedAuditLog({ prisma, auditLog: log }, org, 30, 40);
    await appendEvents(org, 3);
    const held = (await log.checkpoint(org)).note;
    const purged = await log.purge(org, new Date(Date.now() - 30 * DAY), { batchSize: 7 });
    expect(purged).toBe(30);
    expect(await prisma.auditEvent.count({ where: { organizationId: org, action: 'test.old' } })).toBe(0);
    const purges = await prisma.auditEvent.findMany({ where: { organizationId: org, action: PURGE_ACTION } });
    expect(purges).toHaveLength(5);
    expect(await log.purgedThrough(org)).toBe(30n);
    // A purge statement is signed by the same key, yet it is no checkpoint: refused as one, typed.
    const statement = await prisma.auditPurge.findFirstOrThrow({ where: { organizationId: org } });
    expect(() => log.openCheckpoint(org, statement.note)).toThrow(/not a checkpoint signed by this Keygate/);
    expect(await log.verify(org, { checkpoint: held, from: 'START' })).toMatchObject({
      valid: true,
      complete: true,
    });
    // And a later event deleted under cover of the signed purge horizon is still found.
    const [recent] = await prisma.auditEvent.findMany({
      where: { organizationId: org, sequence: { gt: 30n } },
      orderBy: { sequence: 'asc' },
    });
    await prisma.auditEvent.delete({ where: { id: recent!.id } });
    expect(await log.verify(org, { checkpoint: held, from: 'START' })).toMatchObject({
      valid: false,
      firstBrokenSequence: 31n,
    });
  });

  it('refuses to delete old events that no longer match their leaves, and keeps them as evidence', async () => {
    const org = await organization('Evidence');
    await seedAuditLog({ prisma, auditLog: log }, org, 10, 40);
    const [, second] = await events(org);
    await prisma.auditEvent.update({ where: { id: second!.id }, data: { action: 'test.hidden' } });
    await expect(log.purge(org, new Date(Date.now() - 30 * DAY))).rejects.toBeInstanceOf(
      AuditChainBrokenError,
    );
    expect(await prisma.auditEvent.count({ where: { organizationId: org } })).toBe(10);
  });

  it('refuses to sign a purge over an event that went missing some other way', async () => {
    const org = await organization('Missing before purge');
    await seedAuditLog({ prisma, auditLog: log }, org, 6, 40);
    const [, , third] = await events(org);
    await prisma.auditEvent.delete({ where: { id: third!.id } });
    await expect(log.purge(org, new Date(Date.now() - 30 * DAY))).rejects.toMatchObject({
      sequence: 3n,
      reason: 'event missing from the log',
    });
    expect(await prisma.auditPurge.count({ where: { organizationId: org } })).toBe(0);
  });

  it("applies each organization's setting, and one broken log does not hold up the others", async () => {
    const kept = await organization('Kept for 30 days');
    const broken = await organization('Broken');
    await prisma.organization.updateMany({
      where: { id: { in: [kept, broken] } },
      data: { auditRetentionDays: 30 },
    });
    await seedAuditLog({ prisma, auditLog: log }, kept, 4, 40);
    await seedAuditLog({ prisma, auditLog: log }, broken, 4, 40);
    const [first] = await events(broken);
    await prisma.auditEvent.update({ where: { id: first!.id }, data: { ip: '203.0.113.1' } });
    await expect(log.enforceRetention()).rejects.toBeInstanceOf(AggregateError);
    expect(await prisma.auditEvent.count({ where: { organizationId: kept, action: 'test.old' } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { organizationId: broken, action: 'test.old' } })).toBe(4);
  });
});
