import { decodeBase64 } from './base64.js';
import { AUDIT_LEAF_FIELDS, type AuditExportEvent, auditLeafHash } from './leaf.js';
import {
  appendLeaf,
  EMPTY_FRONTIER,
  type Frontier,
  frontierFromSubtrees,
  frontierRoot,
  HASH_SIZE,
  hashesEqual,
} from './merkle.js';
import { type Checkpoint, NoteError, type NoteVerifier, openNote, parseCheckpoint } from './signed-note.js';

/*
 * Offline verification of an audit export, NDJSON with a "type" on every line:
 *   {"type":"checkpoint","note":"<signed checkpoint>"}     first: the tree size N and root it covers
 *   {"type":"prefix","size":"K","hashes":[...]}              optional: alignedSubtrees(0, K) of events that
 *                                                            retention removed
 *   {"type":"event",...event} or {"type":"leaf","sequence":"<index+1>","hash":"<base64>"}
 *                                                            one per leaf K..N-1, in order; a leaf line stands
 *                                                            for an event a filter left out
 * The leaves fold into a frontier as they stream past (memory stays O(log N)), and the root they give must
 * be the signed one. An older checkpoint, when given, must be the root of the same log at its size.
 */

export interface VerifyExportOptions {
  /** The log's verifier key (`<name>+<key ID>+<key>`), which the checkpoint must be signed with. */
  verifierKey: string | NoteVerifier;
  /** An older signed checkpoint of the same log, which this export must extend. */
  previousCheckpoint?: string;
}

export interface ExportVerification {
  valid: boolean;
  /** The log's origin, once its checkpoint opened. */
  origin: string | null;
  /** N, the tree size the checkpoint signs, once it opened. */
  size: number | null;
  /** K, the leaves retention removed before the export (0 without a prefix line). */
  prefixSize: number;
  /** Event lines whose leaves were recomputed. */
  events: number;
  /** Leaf lines: events the export left out, taken on their hash. */
  leaves: number;
  /** Whether the previous checkpoint was compared; not when none was given or it predates the prefix. */
  previousChecked: boolean;
  /** The sequence of the first line that does not fit, when the fault is in one. */
  firstBadSequence: number | null;
  reason: string | null;
}

const EVENT_KEYS = new Set<string>(['type', ...AUDIT_LEAF_FIELDS]);
const LEAF_KEYS = new Set(['type', 'sequence', 'hash']);
const PREFIX_KEYS = new Set(['type', 'size', 'hashes']);
const CHECKPOINT_KEYS = new Set(['type', 'note']);
const NULLABLE_STRINGS = AUDIT_LEAF_FIELDS.filter(
  (field) => !['id', 'sequence', 'changes', 'createdAt'].includes(field),
);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

type Line = Record<string, unknown>;

function hasExactly(line: Line, keys: Set<string>): boolean {
  const present = Object.keys(line);
  return present.length === keys.size && present.every((key) => keys.has(key));
}

function decimal(value: unknown): number | null {
  return typeof value === 'string' && DECIMAL.test(value) && Number.isSafeInteger(Number(value))
    ? Number(value)
    : null;
}

/** Why an event line is not an event of the export format, or null when it is one. */
function eventFault(line: Line): string | null {
  if (!hasExactly(line, EVENT_KEYS)) return 'an event has other fields than the export format gives';
  if (typeof line.id !== 'string') return 'an event id is not a string';
  for (const field of NULLABLE_STRINGS) {
    if (line[field] !== null && typeof line[field] !== 'string') {
      return `an event's ${field} is not a string or null`;
    }
  }
  const createdAt = line.createdAt;
  if (
    typeof createdAt !== 'string' ||
    !ISO_TIME.test(createdAt) ||
    new Date(createdAt).toISOString() !== createdAt
  ) {
    return "an event's createdAt is not an ISO 8601 time with milliseconds";
  }
  return null;
}

/** A checkpoint note opened with the log's key, or the reason it does not open. */
function openCheckpoint(note: unknown, key: string | NoteVerifier): Checkpoint | string {
  if (typeof note !== 'string') return 'no checkpoint note';
  try {
    return parseCheckpoint(openNote(note, [key]).body);
  } catch (error) {
    if (error instanceof NoteError) return error.message;
    throw error;
  }
}

function parseLine(text: string): Line | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Line) : null;
  } catch {
    return null;
  }
}

/** The frontier a prefix line gives, or why it is malformed. */
function prefixFrontier(line: Line, checkpointSize: number): Frontier | string {
  const size = decimal(line.size);
  const hashes = Array.isArray(line.hashes)
    ? line.hashes.map((hash) => (typeof hash === 'string' ? decodeBase64(hash) : null))
    : null;
  if (!hasExactly(line, PREFIX_KEYS) || size === null || !hashes || hashes.includes(null)) {
    return 'a malformed prefix line';
  }
  if (size > checkpointSize) return `the prefix (${size} leaves) is larger than the checkpoint`;
  try {
    return frontierFromSubtrees(size, hashes as Uint8Array[]);
  } catch (error) {
    return `a malformed prefix line: ${(error as Error).message}`;
  }
}

/** The leaf hash an event or leaf line gives for leaf index `sequence - 1`, or why it gives none. */
function leafOf(line: Line, sequence: number): Uint8Array | string {
  if (line.type !== 'event' && line.type !== 'leaf') return 'a line is not an event or a leaf';
  if (line.sequence !== String(sequence)) {
    const given = decimal(line.sequence);
    return given === null ? 'a line has no valid sequence' : `sequence ${given} where ${sequence} was due`;
  }
  if (line.type === 'event') return eventFault(line) ?? auditLeafHash(line as unknown as AuditExportEvent);
  const hash = hasExactly(line, LEAF_KEYS) && typeof line.hash === 'string' ? decodeBase64(line.hash) : null;
  return hash?.length === HASH_SIZE ? hash : 'a malformed leaf line';
}

/** Checks an export line by line as it streams in; see the format above. */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
  options: VerifyExportOptions,
): Promise<ExportVerification> {
  const result: ExportVerification = {
    valid: false,
    origin: null,
    size: null,
    prefixSize: 0,
    events: 0,
    leaves: 0,
    previousChecked: false,
    firstBadSequence: null,
    reason: null,
  };
  const fail = (reason: string, sequence: number | null = null): ExportVerification => ({
    ...result,
    valid: false,
    reason,
    firstBadSequence: sequence,
  });

  let checkpoint: Checkpoint | null = null;
  let previous: Checkpoint | null = null;
  let frontier: Frontier = EMPTY_FRONTIER;
  /** A prefix line may only come before the first leaf. */
  let pastPrefix = false;

  /** Compares the previous checkpoint once the tree has reached its size. */
  const previousFault = (): string | null => {
    if (!previous || frontier.size !== previous.size) return null;
    result.previousChecked = true;
    if (hashesEqual(frontierRoot(frontier), previous.rootHash)) return null;
    return `the export does not extend the previous checkpoint: its root at size ${previous.size} differs`;
  };

  for await (const text of lines) {
    if (text.trim() === '') continue;
    const next = frontier.size + 1;
    const line = parseLine(text);

    if (!checkpoint) {
      if (line?.type !== 'checkpoint' || !hasExactly(line, CHECKPOINT_KEYS)) {
        return fail('the export does not begin with its checkpoint');
      }
      const opened = openCheckpoint(line.note, options.verifierKey);
      if (typeof opened === 'string') return fail(`the checkpoint: ${opened}`);
      checkpoint = opened;
      result.origin = opened.origin;
      result.size = opened.size;
      if (options.previousCheckpoint !== undefined) {
        const older = openCheckpoint(options.previousCheckpoint, options.verifierKey);
        if (typeof older === 'string') return fail(`the previous checkpoint: ${older}`);
        if (older.origin !== opened.origin) return fail('the previous checkpoint is of another log');
        if (older.size > opened.size) {
          return fail(
            `the previous checkpoint (size ${older.size}) is larger than this one (${opened.size})`,
          );
        }
        previous = older;
      }
      continue;
    }

    if (line?.type === 'prefix' && !pastPrefix) {
      const prefix = prefixFrontier(line, checkpoint.size);
      if (typeof prefix === 'string') return fail(prefix);
      frontier = prefix;
      result.prefixSize = prefix.size;
      if (previous && previous.size < prefix.size) previous = null;
      const fault = previousFault();
      if (fault) return fail(fault);
      pastPrefix = true;
      continue;
    }

    if (frontier.size === checkpoint.size) return fail('the export goes on past its checkpoint', next);
    const hash = line ? leafOf(line, next) : 'a line is not JSON';
    if (typeof hash === 'string') return fail(hash, next);
    if (line?.type === 'event') result.events++;
    else result.leaves++;
    pastPrefix = true;
    // The previous checkpoint's tree is the one before this leaf when its size is this leaf's index.
    const fault = previousFault();
    if (fault) return fail(fault);
    frontier = appendLeaf(frontier, hash).frontier;
  }

  if (!checkpoint) return fail('the export is empty');
  const fault = previousFault();
  if (fault) return fail(fault);
  if (frontier.size < checkpoint.size) {
    return fail(
      `the export ends at sequence ${frontier.size}; its checkpoint covers ${checkpoint.size}`,
      frontier.size + 1,
    );
  }
  if (!hashesEqual(frontierRoot(frontier), checkpoint.rootHash)) {
    return fail('the leaves do not give the signed root: an event was changed, added, removed or reordered');
  }
  return { ...result, valid: true };
}
