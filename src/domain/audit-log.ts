import { createHmac } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import { type AuditExportEvent, auditLeafHash, toAuditExportEvent } from '../audit-log/leaf.js';
import {
  alignedSubtrees,
  appendLeaf,
  consistencyProof,
  EMPTY_FRONTIER,
  EMPTY_ROOT,
  type Frontier,
  frontierFromSubtrees,
  frontierRoot,
  type GetNodes,
  hashesEqual,
  inclusionProof,
  type NodeId,
  nodeKey,
  rangeRoot,
  verifyConsistency,
} from '../audit-log/merkle.js';
import {
  ed25519Signer,
  formatCheckpoint,
  type NoteSigner,
  openNote,
  parseCheckpoint,
  signNote,
} from '../audit-log/signed-note.js';
import type { AuditCheckpoint, AuditEvent, Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { DerivedKeys } from '../keys/master-key.js';
import type { Logger } from '../logger.js';
import { appendAuditEvent, systemActor } from './audit.js';

/*
 * Each organization's audit log is a Merkle tree (RFC 9162 §2.1, as Certificate Transparency and Go's
 * checksum database use), and Keygate signs checkpoints of it (C2SP tlog-checkpoint) with an Ed25519 key
 * derived from the master key, which is not in the database. A database writer can still change rows, but
 * no longer unnoticed by anyone holding a checkpoint from before: an edited, deleted, reordered or
 * re-hashed event changes the root at that size, and a shortened log is shorter than the checkpoint.
 *
 * Writing stays cheap: an event is one INSERT in its change's transaction (audit.ts) and takes no shared
 * row. The sealer below gives events their place in the tree afterwards, in id order, in batches. It may
 * only take an id once no transaction still running can commit a lower one; the fence says when (sealPass):
 * it records the last id handed out and then a transaction id of the sealer's own, taken after it. Every
 * transaction holding one of those ids took its own transaction id before its event id, so it lies below
 * the fence's; once the oldest running transaction is past the fence's, the events up to the fence are all
 * there is. What a crash leaves, at each step: before COMMIT of a change,
 * nothing; after it, an unsealed event that the next pass seals (every instance's passes and the
 * scheduled job's); in the middle of a pass, nothing of the pass (one transaction).
 */

const SEAL_LOCK = 'keygate:audit-seal';
const SEAL_BATCH = 2_000;
/** How long an on-demand seal waits for writers that were running when it began. */
const SEAL_WAIT_MS = 5_000;
/** Leaves verification reads per query. */
const VERIFY_BATCH = 1_000;
const DEFAULT_MAX_EVENTS = 100_000;
const LEASE_SECONDS = 60;

/** The signed-note name of the checkpoint key, and the start of every log's origin. */
export const AUDIT_KEY_NAME = 'keygate/audit';

/** The action of the event a signed checkpoint appends, so webhooks carry each checkpoint out. */
export const CHECKPOINT_ACTION = 'audit.checkpoint';
/** The action of the event a retention purge appends. */
export const PURGE_ACTION = 'audit.purged';
/** The first line of a signed purge statement, before its origin, horizon and cutoff. */
const PURGE_NOTE_HEADER = 'keygate-audit-purge/v1';

/** A sealed event as exported and as hashed into its leaf (src/audit-log/leaf.ts). */
export function exportedEvent(event: AuditEvent): AuditExportEvent {
  if (event.sequence === null) throw new Error(`audit event ${event.id} is not sealed`);
  return toAuditExportEvent({ ...event, id: event.id.toString(), sequence: event.sequence });
}

export interface LogVerification {
  valid: boolean;
  reason: string | null;
  /** The first leaf (sequence) found wrong, when one is. */
  firstBrokenSequence: bigint | null;
  checkedEvents: number;
  /** The size of the log now: the latest signed checkpoint. */
  size: bigint;
  /** The checkpoint the log was proven to extend (the caller's, or Keygate's previous one). */
  anchorSize: bigint | null;
  /** Event contents are checked against the tree through this sequence. */
  verifiedThroughSequence: bigint | null;
  /** Whether the content check reached the end of the log; false when its budget ran out (call again). */
  complete: boolean;
  resumedFromSequence: bigint | null;
  checkpoint: AuditCheckpoint | null;
}

/** Another verification of the organization's log is running: one at a time per organization. */
export class VerificationInProgressError extends Error {
  constructor() {
    super('a verification of this audit log is running; try again when it has finished');
  }
}

/** A checkpoint the caller sent that is not a checkpoint of this log signed by this Keygate. */
export class ForeignCheckpointError extends Error {}

/**
 * The log does not match itself at `sequence`: Keygate refuses to sign a checkpoint of it, or to purge
 * events there (they stay, as the evidence they are).
 */
export class AuditChainBrokenError extends Error {
  constructor(
    readonly organizationId: string,
    readonly sequence: bigint,
    readonly reason: string,
  ) {
    super(`the audit log is broken at ${sequence}: ${reason}`);
  }
}

export interface VerifyOptions {
  /** A signed checkpoint the caller kept: the log must still extend it. */
  checkpoint?: string | null;
  /** START checks every event's content; LAST_VERIFIED (the default) goes on from where the last check ended. */
  from?: 'START' | 'LAST_VERIFIED';
  maxEvents?: number;
}

export interface PurgeOptions {
  /** Events deleted per transaction. */
  batchSize?: number;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const packHashes = (hashes: readonly Uint8Array[]) => Buffer.concat(hashes.map((h) => Buffer.from(h)));
const unpackHashes = (packed: Uint8Array): Uint8Array[] => {
  const hashes: Uint8Array[] = [];
  for (let at = 0; at < packed.length; at += 32) hashes.push(packed.subarray(at, at + 32));
  return hashes;
};

/** The audit logs of every organization: sealing, checkpoints, proofs, verification and retention. */
export class AuditLog {
  /**
   * The name of the signing key, and the prefix of every log's origin. Fixed, not taken from the issuer: a
   * log must stay verifiable (and signable) when the issuer or the port changes; the key itself (from the
   * master key) is what tells one Keygate's checkpoints from another's.
   */
  readonly keyName = AUDIT_KEY_NAME;
  /** The verifier key in the signed-note format (`name+keyid+key`), what offline verifiers are given. */
  readonly verifierKey: string;
  private readonly signer: NoteSigner;
  private readonly macKey: Buffer;
  private nudged: Promise<void> | null = null;
  private renudged = false;
  private sealing: { target: bigint; done: Promise<number> } | null = null;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaClient,
    keys: DerivedKeys,
    private readonly logger: Logger,
    /** Tells subscribers and webhooks of an event the log wrote itself (a checkpoint's, a purge's). */
    private readonly published: (organizationId: string, eventId: bigint) => void = () => {},
  ) {
    this.signer = ed25519Signer(this.keyName, keys.derive('audit-checkpoints'));
    this.verifierKey = this.signer.verifierKey;
    this.macKey = keys.derive('audit-verification');
  }

  /** The origin line of an organization's checkpoints. */
  origin(organizationId: string): string {
    return `${this.keyName}/${organizationId}`;
  }

  /**
   * Seals soon what was just written, on this instance, so the listing shows sequences and webhooks go
   * out without waiting for the scheduled pass. One nudged seal runs at a time per instance; a nudge
   * meanwhile makes it go round once more.
   */
  nudge(): void {
    if (this.stopped) return;
    if (this.nudged) {
      this.renudged = true;
      return;
    }
    this.nudged = (async () => {
      do {
        this.renudged = false;
        // Let the rest of the burst commit first: one pass then seals all of it.
        await pause(20);
        if (this.stopped) return;
        await this.seal({ waitMs: 1_000 });
      } while (this.renudged && !this.stopped);
    })()
      .catch((error: unknown) => {
        if (!this.stopped)
          this.logger.warn({ err: error }, 'sealing audit events failed; the scheduled pass retries');
      })
      .finally(() => {
        this.nudged = null;
      });
  }

  /** Resolves once no nudged seal is waiting or running on this instance (a test counting statements). */
  async idle(): Promise<void> {
    while (this.nudged) await this.nudged;
  }

  /** Stops nudging and waits for a nudged seal to end (before the database closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  /**
   * Seals every event written before the call, once the writers still running then have finished (at most
   * `waitMs`; then what could be sealed is, and a warning names what holds the rest back). One seal runs
   * at a time per instance: a call that the running one covers waits for it instead of starting another.
   * Returns how many events were sealed.
   */
  async seal(options: { waitMs?: number } = {}): Promise<number> {
    const [handedOut] = await this.prisma.$queryRaw<{ last: bigint }[]>`
      SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS last FROM "AuditEvent_id_seq"`;
    const target = handedOut!.last;
    const running = this.sealing;
    if (running && running.target >= target) return running.done;
    const done = (async () => {
      if (running) await running.done.catch(() => 0);
      return this.sealThrough(target, options.waitMs ?? SEAL_WAIT_MS);
    })();
    const entry = { target, done };
    this.sealing = entry;
    try {
      return await done;
    } finally {
      if (this.sealing === entry) this.sealing = null;
    }
  }

  private async sealThrough(target: bigint, waitMs: number): Promise<number> {
    const deadline = Date.now() + waitMs;
    let sealed = 0;
    let wait = 1;
    for (;;) {
      const pass = await sealPass(this.prisma, this.logger);
      sealed += pass.sealed;
      if (pass.sealedThrough >= target) return sealed;
      if (pass.more) continue;
      if (Date.now() >= deadline) {
        await this.warnStalled();
        return sealed;
      }
      // Transactions that began before the fence are still running (or another pass holds the lock).
      await pause(wait);
      wait = Math.min(wait * 2, 25);
    }
  }

  /**
   * Says what keeps the sealer waiting: a transaction with an id that is still open anywhere on the
   * server (any database, idle in transaction, or prepared and never finished) holds back every event
   * written after it began, in every organization.
   */
  private async warnStalled(): Promise<void> {
    let blockers: unknown[] = [];
    try {
      blockers = await this.prisma.$queryRaw<unknown[]>`
        SELECT pid, datname AS database, state, backend_xid::text AS xid, xact_start AS "since"
        FROM pg_stat_activity
        WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
        UNION ALL
        SELECT NULL, database, 'prepared', transaction::text, prepared FROM pg_prepared_xacts
        ORDER BY 5 LIMIT 5`;
    } catch {
      // The embedded database may not say; the warning stands without them.
    }
    this.logger.warn(
      { blockers },
      'audit events wait to be sealed: open transactions began before they were written; they are sealed once those end',
    );
  }

  /**
   * The organization's latest signed checkpoint, after sealing what was written before the call: a new
   * one is signed when the log grew. Each new checkpoint is itself recorded as an `audit.checkpoint` event
   * (carrying the note), so webhooks push a copy out of Keygate.
   */
  async checkpoint(organizationId: string): Promise<AuditCheckpoint> {
    await this.seal();
    return this.signCheckpoint(organizationId);
  }

  /** A checkpoint row's size and root as its note says them, which only Keygate's key can sign. */
  signedCheckpoint(
    organizationId: string,
    checkpoint: AuditCheckpoint,
  ): { size: bigint; rootHash: Uint8Array } {
    try {
      return this.openCheckpoint(organizationId, checkpoint.note);
    } catch (error) {
      if (!(error instanceof ForeignCheckpointError)) throw error;
      throw new AuditChainBrokenError(
        organizationId,
        checkpoint.size,
        `the checkpoint of ${checkpoint.size} is not one Keygate signed`,
      );
    }
  }

  /** The signed checkpoints kept, newest first. */
  checkpoints(organizationId: string, take: number, beforeSize?: bigint): Promise<AuditCheckpoint[]> {
    return this.prisma.auditCheckpoint.findMany({
      where: { organizationId, ...(beforeSize !== undefined && { size: { lt: beforeSize } }) },
      orderBy: { size: 'desc' },
      take,
    });
  }

  /**
   * Signs a checkpoint of the organization's tree as sealed now, unless the last one still covers it (the
   * same size, or grown only by that checkpoint's own event). Refuses (AuditChainBrokenError) a tree
   * whose state does not match its nodes, or that no longer extends the checkpoint signed before.
   */
  private async signCheckpoint(organizationId: string): Promise<AuditCheckpoint> {
    const tree = await this.prisma.auditTree.findUnique({ where: { organizationId } });
    const size = tree?.size ?? 0n;
    const [last] = await this.checkpoints(organizationId, 1);
    // What Keygate signed last, as signed (the row's own columns are only copies anybody could change).
    const signed = last ? this.signedCheckpoint(organizationId, last) : null;
    if (last && signed!.size === size) return last;
    if (signed && size < signed.size) {
      throw new AuditChainBrokenError(
        organizationId,
        size + 1n,
        `the log is shorter than its checkpoint of ${signed.size}`,
      );
    }
    // Grown by nothing but the event of the last checkpoint: that checkpoint still says all there is.
    if (last) {
      const grown = await this.prisma.auditEvent.count({
        where: {
          organizationId,
          sequence: { gt: signed!.size, lte: size },
          NOT: { action: CHECKPOINT_ACTION },
        },
      });
      if (grown === 0) return last;
    }
    const root = size === 0n ? EMPTY_ROOT : await this.rootFromNodes(organizationId, size);
    if (tree && !hashesEqual(root, tree.rootHash)) {
      throw new AuditChainBrokenError(organizationId, size, "the tree's root does not match its nodes");
    }
    // Never a fork: the tree must still extend the checkpoint signed before it.
    if (signed && signed.size > 0n) {
      const proof = await this.consistencyProof(organizationId, signed.size, size);
      if (!verifyConsistency(Number(signed.size), Number(size), signed.rootHash, root, proof)) {
        throw new AuditChainBrokenError(
          organizationId,
          signed.size,
          `the log no longer extends its checkpoint of ${signed.size}`,
        );
      }
    }
    const note = signNote(
      formatCheckpoint({ origin: this.origin(organizationId), size: Number(size), rootHash: root }),
      this.signer,
    );
    const { checkpoint, eventId } = await this.prisma.$transaction(async (tx) => {
      const rows = await tx.auditCheckpoint.createManyAndReturn({
        data: [{ organizationId, size, rootHash: new Uint8Array(root), note }],
        skipDuplicates: true,
      });
      // Another instance signed this size at the same moment: its note is as good.
      if (rows.length === 0) {
        return {
          checkpoint: await tx.auditCheckpoint.findUniqueOrThrow({
            where: { organizationId_size: { organizationId, size } },
          }),
          eventId: null,
        };
      }
      const event = await appendAuditEvent(tx, systemActor(organizationId), {
        action: CHECKPOINT_ACTION,
        outcome: 'SUCCESS',
        targetType: 'Organization',
        targetId: organizationId,
        changes: { size: size.toString(), rootHash: Buffer.from(root).toString('base64'), note },
      });
      return { checkpoint: rows[0]!, eventId: event.id };
    });
    if (eventId !== null) this.published(organizationId, eventId);
    return checkpoint;
  }

  /** The scheduled run: seals, then signs a checkpoint of every organization whose log grew. */
  async checkpointAll(): Promise<number> {
    await this.seal();
    const grown = await this.prisma.$queryRaw<{ organizationId: string }[]>`
      SELECT t."organizationId" FROM "AuditTree" t
      WHERE t."size" > COALESCE(
        (SELECT max(c."size") FROM "AuditCheckpoint" c WHERE c."organizationId" = t."organizationId"), -1) + 1`;
    let signed = 0;
    for (const { organizationId } of grown) {
      try {
        await this.signCheckpoint(organizationId);
        signed += 1;
      } catch (error) {
        // One broken log is told, and does not hold up the others' checkpoints.
        if (!(error instanceof AuditChainBrokenError)) throw error;
        this.logger.error(
          { organizationId, sequence: error.sequence.toString(), reason: error.reason },
          'audit log broken: no checkpoint signed',
        );
      }
    }
    return signed;
  }

  /** The stored hashes of complete subtrees, in one query. */
  private nodesOf(organizationId: string): GetNodes {
    return async (ids: NodeId[]) => {
      const rows = ids.length
        ? await this.prisma.$queryRaw<{ level: number; index: bigint; hash: Uint8Array }[]>`
            SELECT n."level", n."index", n."hash" FROM "AuditTreeNode" n
            JOIN unnest(${ids.map((id) => id.level)}::int[], ${ids.map((id) => id.index.toString())}::bigint[])
              AS want(level, index) ON n."level" = want.level AND n."index" = want.index
            WHERE n."organizationId" = ${organizationId}::uuid`
        : [];
      const found = new Map<string, Uint8Array>();
      for (const row of rows) found.set(nodeKey({ level: row.level, index: Number(row.index) }), row.hash);
      for (const id of ids) {
        if (!found.has(nodeKey(id))) {
          throw new AuditChainBrokenError(
            organizationId,
            BigInt(id.index * 2 ** id.level + 1),
            'tree node missing',
          );
        }
      }
      return found;
    };
  }

  private async rootFromNodes(organizationId: string, size: bigint): Promise<Uint8Array> {
    return rangeRoot(await this.prefixHashes(organizationId, size));
  }

  /** The hashes of the aligned subtrees that make up the tree's first `size` leaves (an export's prefix). */
  async prefixHashes(organizationId: string, size: bigint): Promise<Uint8Array[]> {
    const ids = alignedSubtrees(0, Number(size));
    const nodes = await this.nodesOf(organizationId)(ids);
    return ids.map((id) => nodes.get(nodeKey(id))!);
  }

  /** An RFC 9162 consistency proof between two sizes of the organization's tree. */
  async consistencyProof(organizationId: string, fromSize: bigint, toSize: bigint): Promise<Uint8Array[]> {
    return consistencyProof(Number(fromSize), Number(toSize), this.nodesOf(organizationId));
  }

  /** An RFC 9162 inclusion proof of the event at `sequence` in the tree of `size` leaves. */
  async inclusionProof(organizationId: string, sequence: bigint, size: bigint): Promise<Uint8Array[]> {
    return inclusionProof(Number(sequence - 1n), Number(size), this.nodesOf(organizationId));
  }

  /** A signed checkpoint note as sent by a caller: its size and root, when it is this organization's. */
  openCheckpoint(organizationId: string, note: string): { size: bigint; rootHash: Uint8Array } {
    let checkpoint: ReturnType<typeof parseCheckpoint>;
    try {
      // A note Keygate signed that is no checkpoint (a purge statement) is refused as well.
      checkpoint = parseCheckpoint(openNote(note, [this.verifierKey]).body);
    } catch (error) {
      throw new ForeignCheckpointError(
        `not a checkpoint signed by this Keygate: ${(error as Error).message}`,
      );
    }
    if (checkpoint.origin !== this.origin(organizationId)) {
      throw new ForeignCheckpointError("not a checkpoint of this organization's log");
    }
    return { size: BigInt(checkpoint.size), rootHash: checkpoint.rootHash };
  }

  /**
   * Verifies the organization's log, incrementally and without a long transaction:
   * 1. the log as stored now still extends the checkpoint the caller holds (or Keygate's latest signed
   *    one): a consistency proof from the stored nodes, checked against both signed roots;
   * 2. event contents match their leaves: events are read in batches, each one's leaf recomputed and
   *    folded into a tree of the verification's own, whose root at the end must be the signed root. A
   *    call checks at most `maxEvents`; where it stopped is kept under a MAC (a database writer cannot
   *    make a later call trust a tree it did not compute), so the next call goes on from there. Events
   *    missing from the start are accepted only as far as a purge Keygate signed.
   */
  async verify(organizationId: string, options: VerifyOptions = {}): Promise<LogVerification> {
    const held = options.checkpoint ? this.openCheckpoint(organizationId, options.checkpoint) : null;
    const [leased] = await this.prisma.$queryRaw<{ organizationId: string }[]>`
      INSERT INTO "AuditTree" ("organizationId", "frontier", "rootHash", "verifyingUntil")
      VALUES (${organizationId}::uuid, ''::bytea, ${Buffer.from(EMPTY_ROOT)}, now() + make_interval(secs => ${LEASE_SECONDS}))
      ON CONFLICT ("organizationId") DO UPDATE SET "verifyingUntil" = EXCLUDED."verifyingUntil"
      WHERE "AuditTree"."verifyingUntil" IS NULL OR "AuditTree"."verifyingUntil" <= now()
      RETURNING "organizationId"`;
    if (!leased) throw new VerificationInProgressError();
    try {
      return await this.verifyLeased(organizationId, held, options);
    } finally {
      await this.prisma.auditTree.update({ where: { organizationId }, data: { verifyingUntil: null } });
    }
  }

  private async verifyLeased(
    organizationId: string,
    held: { size: bigint; rootHash: Uint8Array } | null,
    options: VerifyOptions,
  ): Promise<LogVerification> {
    const [previous] = await this.checkpoints(organizationId, 1);
    let checkpoint: AuditCheckpoint | null = null;
    let signed: { size: bigint; rootHash: Uint8Array };
    const result = (fields: Partial<LogVerification>): LogVerification => ({
      valid: false,
      reason: null,
      firstBrokenSequence: null,
      checkedEvents: 0,
      size: checkpoint?.size ?? 0n,
      anchorSize: null,
      verifiedThroughSequence: null,
      complete: true,
      resumedFromSequence: null,
      checkpoint: checkpoint ?? null,
      ...fields,
    });
    let checked = 0;
    let resumedFrom = 1n;
    const broken = (reason: string, sequence: bigint | null): LogVerification =>
      result({
        reason,
        firstBrokenSequence: sequence,
        checkedEvents: checked,
        anchorSize: anchor?.size ?? null,
        resumedFromSequence: resumedFrom,
      });
    let anchor = held;
    try {
      checkpoint = await this.checkpoint(organizationId);
      // Sizes and roots as signed, never the rows' copies.
      signed = this.signedCheckpoint(organizationId, checkpoint);
      if (!anchor && previous && previous.id !== checkpoint.id)
        anchor = this.signedCheckpoint(organizationId, previous);
    } catch (error) {
      if (!(error instanceof AuditChainBrokenError)) throw error;
      return result({
        reason: error.reason,
        firstBrokenSequence: error.sequence,
        size: 0n,
        checkpoint: null,
      });
    }
    // 1. The log extends what was signed before.
    if (anchor) {
      const broken = await this.extends(organizationId, anchor, signed);
      if (broken) return result({ reason: broken, anchorSize: anchor.size });
    }
    // 2. Event contents, folded afresh into the tree they must give.
    const tree = (await this.prisma.auditTree.findUnique({ where: { organizationId } }))!;
    let frontier: Frontier = EMPTY_FRONTIER;
    if (options.from !== 'START' && tree.verifiedSize > 0n && tree.verifiedSize <= signed.size) {
      const packed = tree.verifiedFrontier ?? new Uint8Array();
      if (
        tree.verifiedMac &&
        hashesEqual(tree.verifiedMac, this.progressMac(organizationId, tree.verifiedSize, packed))
      ) {
        frontier = frontierFromSubtrees(Number(tree.verifiedSize), unpackHashes(packed));
      }
    }
    resumedFrom = BigInt(frontier.size) + 1n;
    const purgedThrough = await this.purgedThrough(organizationId);
    const budget = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    while (BigInt(frontier.size) < signed.size && checked < budget) {
      const from = BigInt(frontier.size) + 1n;
      const through = minBig(signed.size, from + BigInt(Math.min(VERIFY_BATCH, budget - checked)) - 1n);
      const [events, leaves] = await Promise.all([
        this.prisma.auditEvent.findMany({
          where: { organizationId, sequence: { gte: from, lte: through } },
          orderBy: { sequence: 'asc' },
        }),
        this.prisma.auditTreeNode.findMany({
          where: { organizationId, level: 0, index: { gte: from - 1n, lte: through - 1n } },
          orderBy: { index: 'asc' },
        }),
      ]);
      const stored = new Map(leaves.map((node) => [node.index, node.hash]));
      let next = 0;
      for (let sequence = from; sequence <= through; sequence++) {
        const event = events[next]?.sequence === sequence ? events[next++]! : null;
        const storedLeaf = stored.get(sequence - 1n);
        let leaf: Uint8Array;
        if (event) {
          leaf = auditLeafHash(exportedEvent(event));
          // Found at once, not only when the fold reaches the end: the event no longer gives its leaf.
          if (!storedLeaf || !hashesEqual(storedLeaf, leaf)) {
            await this.saveProgress(organizationId, EMPTY_FRONTIER);
            return broken('event content does not match the log', sequence);
          }
        } else {
          if (sequence > purgedThrough || !storedLeaf) return broken('event missing from the log', sequence);
          leaf = storedLeaf;
        }
        frontier = appendLeaf(frontier, leaf).frontier;
        checked += 1;
      }
    }
    const complete = BigInt(frontier.size) === signed.size;
    if (complete && !hashesEqual(frontierRoot(frontier), signed.rootHash)) {
      // Every event gave its stored leaf, yet together they do not give the signed root: events and their
      // leaves were changed together, after the checkpoint.
      await this.saveProgress(organizationId, EMPTY_FRONTIER);
      return broken(
        'the events do not give the signed root: events and their leaves were changed together',
        null,
      );
    }
    await this.saveProgress(organizationId, frontier);
    return result({
      valid: true,
      checkedEvents: checked,
      anchorSize: anchor?.size ?? null,
      verifiedThroughSequence: frontier.size > 0 ? BigInt(frontier.size) : null,
      complete,
      resumedFromSequence: checked > 0 ? resumedFrom : null,
    });
  }

  /** Why the tree as stored does not extend `anchor`, or null when it does. */
  private async extends(
    organizationId: string,
    anchor: { size: bigint; rootHash: Uint8Array },
    now: { size: bigint; rootHash: Uint8Array },
  ): Promise<string | null> {
    if (anchor.size > now.size)
      return `the log has ${now.size} events, fewer than the checkpoint's ${anchor.size}`;
    if (anchor.size === now.size) {
      return hashesEqual(anchor.rootHash, now.rootHash)
        ? null
        : "the log no longer has the checkpoint's root";
    }
    if (anchor.size === 0n) return null;
    try {
      const proof = await this.consistencyProof(organizationId, anchor.size, now.size);
      if (verifyConsistency(Number(anchor.size), Number(now.size), anchor.rootHash, now.rootHash, proof))
        return null;
    } catch (error) {
      if (!(error instanceof AuditChainBrokenError)) throw error;
    }
    return `the log does not extend the checkpoint of size ${anchor.size}`;
  }

  private progressMac(organizationId: string, size: bigint, packed: Uint8Array): Buffer {
    return createHmac('sha256', this.macKey).update(`${organizationId}\n${size}\n`).update(packed).digest();
  }

  private async saveProgress(organizationId: string, frontier: Frontier): Promise<void> {
    const packed = packHashes(frontier.hashes);
    await this.prisma.auditTree.update({
      where: { organizationId },
      data: {
        verifiedSize: BigInt(frontier.size),
        verifiedFrontier: new Uint8Array(packed),
        verifiedMac: new Uint8Array(this.progressMac(organizationId, BigInt(frontier.size), packed)),
      },
    });
  }

  /** How far the organization's signed purges say events may be missing (0 when none were purged). */
  async purgedThrough(
    organizationId: string,
    db: Prisma.TransactionClient | PrismaClient = this.prisma,
  ): Promise<bigint> {
    const purges = await db.auditPurge.findMany({
      where: { organizationId },
      orderBy: { throughSequence: 'desc' },
      take: 5,
    });
    for (const purge of purges) {
      const through = this.openPurge(organizationId, purge.note);
      if (through !== null && through === purge.throughSequence) return through;
    }
    return 0n;
  }

  private purgeNote(organizationId: string, through: bigint, before: Date): string {
    return signNote(
      `${PURGE_NOTE_HEADER}\n${this.origin(organizationId)}\n${through}\n${before.toISOString()}\n`,
      this.signer,
    );
  }

  /** The horizon a signed purge statement gives, or null when it is not one of this organization's. */
  openPurge(organizationId: string, note: string): bigint | null {
    try {
      const [header, origin, through] = openNote(note, [this.verifierKey]).body.split('\n');
      if (
        header !== PURGE_NOTE_HEADER ||
        origin !== this.origin(organizationId) ||
        !/^[0-9]+$/.test(through ?? '')
      ) {
        return null;
      }
      return BigInt(through!);
    } catch {
      return null;
    }
  }

  /**
   * Deletes the organization's sealed events older than `before`, oldest first, in batches. The tree's
   * leaves stay, so the log still verifies; each batch records a signed purge statement (how far events
   * may be missing) and an `audit.purged` event. Events that do not match their leaves are not deleted:
   * AuditChainBrokenError. Returns how many were deleted.
   */
  async purge(organizationId: string, before: Date, options: PurgeOptions = {}): Promise<number> {
    const batchSize = options.batchSize ?? 5_000;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be at least 1');
    await this.seal();
    let purged = 0;
    for (;;) {
      const batch = await this.prisma.$transaction(
        (tx) => this.purgeBatch(tx, organizationId, before, batchSize),
        { timeout: 60_000 },
      );
      if (!batch) return purged;
      purged += batch.count;
      this.published(organizationId, batch.eventId);
    }
  }

  private async purgeBatch(
    tx: Prisma.TransactionClient,
    organizationId: string,
    before: Date,
    batchSize: number,
  ): Promise<{ count: number; eventId: bigint } | null> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`keygate:audit-retention:${organizationId}`}))`;
    // Everything up to the last old event goes: what remains is one run of events up to the end.
    const doomed = await tx.auditEvent.findMany({
      where: { organizationId, sequence: { not: null }, createdAt: { lt: before } },
      orderBy: { sequence: 'asc' },
      take: batchSize,
      select: { sequence: true },
    });
    if (doomed.length === 0) return null;
    const through = doomed.at(-1)!.sequence!;
    const events = await tx.auditEvent.findMany({
      where: { organizationId, sequence: { lte: through } },
      orderBy: { sequence: 'asc' },
    });
    // Every event since the last purge is there to be purged: a signed purge never covers one that went
    // missing some other way. (Read in this transaction: a second connection could wait on a full pool.)
    const horizon = await this.purgedThrough(organizationId, tx);
    const missing = events.length !== Number(through - horizon) || events[0]?.sequence !== horizon + 1n;
    if (missing) {
      const at = events.findIndex((event, i) => event.sequence !== horizon + 1n + BigInt(i));
      const sequence = at === -1 ? horizon + 1n + BigInt(events.length) : horizon + 1n + BigInt(at);
      throw new AuditChainBrokenError(organizationId, sequence, 'event missing from the log');
    }
    const leaves = await tx.auditTreeNode.findMany({
      where: { organizationId, level: 0, index: { gte: horizon, lte: through - 1n } },
    });
    const byIndex = new Map(leaves.map((leaf) => [leaf.index, leaf.hash]));
    for (const event of events) {
      const stored = byIndex.get(event.sequence! - 1n);
      if (!stored || !hashesEqual(stored, auditLeafHash(exportedEvent(event)))) {
        throw new AuditChainBrokenError(
          organizationId,
          event.sequence!,
          'event content does not match the log',
        );
      }
    }
    const { count } = await tx.auditEvent.deleteMany({
      where: { organizationId, sequence: { lte: through } },
    });
    await tx.auditPurge.create({
      data: {
        organizationId,
        throughSequence: through,
        note: this.purgeNote(organizationId, through, before),
      },
    });
    const event = await appendAuditEvent(tx, systemActor(organizationId), {
      action: PURGE_ACTION,
      outcome: 'SUCCESS',
      targetType: 'Organization',
      targetId: organizationId,
      changes: { throughSequence: through.toString(), count, before: before.toISOString() },
    });
    return { count, eventId: event.id };
  }

  /**
   * Applies each organization's retention setting, one organization and one batch at a time. Organizations
   * whose old events do not verify keep them; the run then ends with an AggregateError of their errors.
   */
  async enforceRetention(now = new Date(), options: PurgeOptions = {}): Promise<number> {
    const organizations = await this.prisma.organization.findMany({
      where: { auditRetentionDays: { not: null } },
      select: { id: true, auditRetentionDays: true },
      orderBy: { id: 'asc' },
    });
    let purged = 0;
    const refused: AuditChainBrokenError[] = [];
    for (const organization of organizations) {
      const cutoff = new Date(now.getTime() - organization.auditRetentionDays! * 86_400_000);
      try {
        purged += await this.purge(organization.id, cutoff, options);
      } catch (error) {
        if (!(error instanceof AuditChainBrokenError)) throw error;
        refused.push(error);
      }
    }
    if (refused.length > 0) {
      throw new AggregateError(refused, `audit retention refused for ${refused.length} organization(s)`);
    }
    return purged;
  }
}

const minBig = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * One pass of the sealer, in one transaction under an advisory lock (one pass at a time across every
 * instance; a pass that finds it taken does nothing): seals the events up to the fence once the fence is
 * passed, and sets the next fence.
 */
async function sealPass(
  prisma: PrismaClient,
  logger: Logger,
): Promise<{ sealed: number; sealedThrough: bigint; more: boolean }> {
  return prisma.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(hashtext(${SEAL_LOCK})) AS locked`;
      // Read before this transaction has an id of its own, so it is not among those it waits for.
      const [fence] = await tx.$queryRaw<
        { lastId: bigint | null; horizon: bigint | null; sealedThrough: bigint | null; xmin: bigint }[]
      >`
        SELECT f."lastId", f."xidHorizon" AS horizon, f."sealedThrough",
          pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin
        FROM (SELECT 1) AS one LEFT JOIN "AuditSealFence" f ON f."id" = 1`;
      let sealedThrough = fence!.sealedThrough ?? 0n;
      // Another pass is running, or a transaction at or below the horizon still is.
      if (!lock?.locked || (fence!.lastId !== null && fence!.xmin <= fence!.horizon!)) {
        return { sealed: 0, sealedThrough, more: false };
      }
      // The next fence: the ids handed out so far, then an id of this transaction's own, taken after
      // them and so higher than that of every transaction holding one (each takes its own id first).
      const [ids] = await tx.$queryRaw<{ last: bigint }[]>`
        SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS last FROM "AuditEvent_id_seq"`;
      const [own] = await tx.$queryRaw<{ xid: bigint }[]>`SELECT pg_current_xact_id()::text::bigint AS xid`;
      let sealed = 0;
      if (fence!.lastId !== null) {
        const events = await tx.auditEvent.findMany({
          where: { sequence: null, id: { lte: fence!.lastId } },
          orderBy: { id: 'asc' },
          take: SEAL_BATCH,
        });
        sealed = await sealEvents(tx, events, logger);
        // The fence stays until everything up to it is sealed.
        if (events.length === SEAL_BATCH) return { sealed, sealedThrough, more: true };
        sealedThrough = fence!.lastId;
      }
      await tx.$executeRaw`
        INSERT INTO "AuditSealFence" ("id", "lastId", "xidHorizon", "sealedThrough")
        VALUES (1, ${ids!.last}, ${own!.xid}, ${sealedThrough})
        ON CONFLICT ("id") DO UPDATE SET "lastId" = EXCLUDED."lastId", "xidHorizon" = EXCLUDED."xidHorizon",
          "sealedThrough" = EXCLUDED."sealedThrough"`;
      return { sealed, sealedThrough, more: false };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/**
 * Gives `events` (in id order) their sequences and leaves, and grows their organizations' trees: each
 * organization behind a savepoint of its own, so one whose tree cannot grow (a row in the way) stays
 * unsealed, and says so, without holding up the others.
 */
async function sealEvents(
  tx: Prisma.TransactionClient,
  events: AuditEvent[],
  logger: Logger,
): Promise<number> {
  const byOrganization = new Map<string, AuditEvent[]>();
  for (const event of events) {
    const list = byOrganization.get(event.organizationId) ?? [];
    list.push(event);
    byOrganization.set(event.organizationId, list);
  }
  let sealed = 0;
  for (const [organizationId, list] of byOrganization) {
    await tx.$executeRawUnsafe('SAVEPOINT seal_organization');
    try {
      await sealOrganization(tx, organizationId, list);
      await tx.$executeRawUnsafe('RELEASE SAVEPOINT seal_organization');
      sealed += list.length;
    } catch (error) {
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT seal_organization');
      logger.error(
        { err: error, organizationId },
        "cannot seal this organization's audit events: its log is left as it is until this is resolved",
      );
    }
  }
  return sealed;
}

async function sealOrganization(
  tx: Prisma.TransactionClient,
  organizationId: string,
  events: AuditEvent[],
): Promise<void> {
  const tree = await tx.auditTree.findUnique({ where: { organizationId } });
  let frontier = tree ? frontierFromSubtrees(Number(tree.size), unpackHashes(tree.frontier)) : EMPTY_FRONTIER;
  const sealed = { ids: [] as string[], sequences: [] as string[], hashes: [] as string[] };
  const nodes = { levels: [] as number[], indexes: [] as string[], hashes: [] as string[] };
  for (const event of events) {
    const sequence = BigInt(frontier.size) + 1n;
    const leaf = auditLeafHash(exportedEvent({ ...event, sequence }));
    const appended = appendLeaf(frontier, leaf);
    frontier = appended.frontier;
    sealed.ids.push(event.id.toString());
    sealed.sequences.push(sequence.toString());
    sealed.hashes.push(hex(leaf));
    for (const node of appended.nodes) {
      nodes.levels.push(node.level);
      nodes.indexes.push(node.index.toString());
      nodes.hashes.push(hex(node.hash));
    }
  }
  await tx.$executeRaw`
    UPDATE "AuditEvent" e SET "sequence" = v.s::bigint, "hash" = decode(v.h, 'hex')
    FROM unnest(${sealed.ids}::text[], ${sealed.sequences}::text[], ${sealed.hashes}::text[]) AS v(id, s, h)
    WHERE e."id" = v.id::bigint`;
  await tx.$executeRaw`
    INSERT INTO "AuditTreeNode" ("organizationId", "level", "index", "hash")
    SELECT ${organizationId}::uuid, l::smallint, i::bigint, decode(h, 'hex')
    FROM unnest(${nodes.levels}::int[], ${nodes.indexes}::text[], ${nodes.hashes}::text[]) AS v(l, i, h)`;
  await tx.$executeRaw`
    INSERT INTO "AuditTree" ("organizationId", "size", "frontier", "rootHash")
    VALUES (${organizationId}::uuid, ${BigInt(frontier.size)}, decode(${hex(packHashes(frontier.hashes))}, 'hex'),
      decode(${hex(frontierRoot(frontier))}, 'hex'))
    ON CONFLICT ("organizationId") DO UPDATE SET
      "size" = EXCLUDED."size", "frontier" = EXCLUDED."frontier", "rootHash" = EXCLUDED."rootHash"`;
}
