import { createHash } from 'node:crypto';
import { hashesEqual } from '../domain/secrets.js';

/*
 * The Merkle tree of RFC 9162 §2.1 (the tree of RFC 6962) over SHA-256, without storage: the caller keeps
 * the nodes wherever it likes and these functions say which ones to keep, which ones a proof needs, and
 * how to check a proof. Tree sizes and indexes are plain numbers, safe integers (below 2^53), which no
 * audit log reaches; arithmetic on them avoids the 32-bit bitwise operators for that reason.
 */

/** A SHA-256 hash. */
export type Hash = Uint8Array<ArrayBuffer>;

export const HASH_SIZE = 32;

function sha256(...parts: Uint8Array[]): Hash {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** MTH({}): the root of the empty tree, SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = sha256();

/** MTH({d}) = SHA-256(0x00 || d). */
export function leafHash(data: Uint8Array): Hash {
  return sha256(LEAF_PREFIX, data);
}

/** The hash of an interior node, SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return sha256(NODE_PREFIX, left, right);
}

/** A complete subtree of 2^level leaves, the leaves [index·2^level, (index+1)·2^level). */
export interface NodeId {
  level: number;
  index: number;
}

export interface TreeNode extends NodeId {
  hash: Hash;
}

/** The key of a node in the map `getNodes` answers with. */
export function nodeKey(node: NodeId): string {
  return `${node.level}:${node.index}`;
}

/** A half-open range of leaf indexes [start, end). */
export type LeafRange = readonly [start: number, end: number];

function assertSize(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, not ${value}`);
  }
}

function isSize(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function isHash(value: Uint8Array): boolean {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

/** Constant-time equality of two hashes; a wrong length is never equal (the secrets' own check). */
export { hashesEqual };

/** The largest power of two smaller than n, for n > 1: where MTH splits D[n]. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Folds subtree hashes from right to left: MTH of a range, given its maximal subtrees in order. */
export function rangeRoot(hashes: readonly Uint8Array[]): Hash {
  if (hashes.length === 0) return EMPTY_ROOT.slice();
  let root = Uint8Array.from(hashes[hashes.length - 1]!);
  for (let i = hashes.length - 2; i >= 0; i--) root = nodeHash(hashes[i]!, root);
  return root;
}

/**
 * The decomposition of [start, end) into maximal aligned complete subtrees, left to right. For [0, n)
 * these are the subtrees a frontier of size n holds, largest first. When start is a multiple of the
 * smallest power of two not below end - start (true of [0, n) and of every range a proof asks for), the
 * subtrees shrink left to right and `rangeRoot` of their hashes is MTH(D[start:end]).
 */
export function alignedSubtrees(start: number, end: number): NodeId[] {
  assertSize(start, 'start');
  assertSize(end, 'end');
  if (start > end) throw new RangeError(`range [${start}, ${end}) is reversed`);
  const nodes: NodeId[] = [];
  while (start < end) {
    let level = 0;
    let width = 1;
    while (start % (width * 2) === 0 && start + width * 2 <= end) {
      level++;
      width *= 2;
    }
    nodes.push({ level, index: start / width });
    start += width;
  }
  return nodes;
}

/**
 * The right edge of a tree of `size` leaves: the hashes of its maximal aligned complete subtrees, largest
 * (leftmost) first, one per bit set in `size`. Enough to append leaves and to compute the root.
 */
export interface Frontier {
  readonly size: number;
  readonly hashes: readonly Hash[];
}

export const EMPTY_FRONTIER: Frontier = Object.freeze({ size: 0, hashes: Object.freeze([]) });

function bitCount(n: number): number {
  let count = 0;
  for (; n > 0; n = Math.floor(n / 2)) count += n % 2;
  return count;
}

function isPowerOfTwo(n: number): boolean {
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
}

/** A frontier from stored subtree hashes: those of `alignedSubtrees(0, size)`, in that order. */
export function frontierFromSubtrees(size: number, hashes: readonly Uint8Array[]): Frontier {
  assertSize(size, 'size');
  if (hashes.length !== bitCount(size)) {
    throw new RangeError(`a tree of ${size} leaves has ${bitCount(size)} subtrees, not ${hashes.length}`);
  }
  if (!hashes.every(isHash)) throw new RangeError(`subtree hashes must be ${HASH_SIZE} bytes`);
  return { size, hashes: hashes.map((hash) => Uint8Array.from(hash)) };
}

/**
 * Appends one leaf (its leaf hash). Returns the new frontier and every complete subtree the append
 * finished, the leaf itself first and then its newly complete ancestors upwards, so a caller that stores
 * them all has every node of the tree.
 */
export function appendLeaf(frontier: Frontier, hash: Uint8Array): { frontier: Frontier; nodes: TreeNode[] } {
  if (!isHash(hash)) throw new RangeError(`a leaf hash must be ${HASH_SIZE} bytes`);
  const size = frontier.size + 1;
  assertSize(size, 'size');
  const hashes = [...frontier.hashes];
  let node: TreeNode = { level: 0, index: frontier.size, hash: Uint8Array.from(hash) };
  const nodes = [node];
  // A right child completes its parent: merge with the left sibling, the frontier's last subtree.
  while (node.index % 2 === 1) {
    node = { level: node.level + 1, index: (node.index - 1) / 2, hash: nodeHash(hashes.pop()!, node.hash) };
    nodes.push(node);
  }
  hashes.push(node.hash);
  return { frontier: { size, hashes }, nodes };
}

/** MTH of the whole tree the frontier describes (EMPTY_ROOT for no leaves). */
export function frontierRoot(frontier: Frontier): Hash {
  return rangeRoot(frontier.hashes);
}

/** MTH(D[n]) of leaf hashes held in memory: for tests and verifiers of small trees. */
export function rootOfLeaves(leafHashes: Iterable<Uint8Array>): Hash {
  let frontier = EMPTY_FRONTIER;
  for (const hash of leafHashes) frontier = appendLeaf(frontier, hash).frontier;
  return frontierRoot(frontier);
}

/**
 * The leaf ranges whose MTH are the elements of the inclusion proof of leaf `index` in a tree of `size`
 * leaves, in proof order: PATH(m, D[n]) of RFC 9162 §2.1.3.1.
 */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  assertSize(index, 'index');
  assertSize(size, 'size');
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  // PATH(m, D[a:b]) = PATH(m, D[a:a+k]) : MTH(D[a+k:b]) when m < a+k, else PATH(m, D[a+k:b]) : MTH(D[a:a+k]).
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const middle = start + splitPoint(end - start);
    if (index < middle) {
      ranges.push([middle, end]);
      end = middle;
    } else {
      ranges.push([start, middle]);
      start = middle;
    }
  }
  // Descending pushes the top of the tree first; the proof starts at the leaf.
  return ranges.reverse();
}

/**
 * The leaf ranges whose MTH are the elements of the consistency proof from a tree of `oldSize` leaves to
 * one of `newSize`, 0 < oldSize <= newSize, in proof order: PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of
 * RFC 9162 §2.1.4.1. Empty when the sizes are equal.
 */
export function consistencyProofRanges(oldSize: number, newSize: number): LeafRange[] {
  assertSize(oldSize, 'oldSize');
  assertSize(newSize, 'newSize');
  if (oldSize === 0) throw new RangeError('a consistency proof from the empty tree is meaningless');
  if (oldSize > newSize) throw new RangeError(`a tree of ${newSize} leaves cannot extend one of ${oldSize}`);
  const ranges: LeafRange[] = [];
  // SUBPROOF(m, D[a:b], whole), with m counted from a.
  let start = 0;
  let end = newSize;
  let m = oldSize;
  let whole = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      start += k;
      m -= k;
      whole = false;
    }
  }
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the old tree's subtree, unless it is the old tree itself.
  if (!whole) ranges.push([start, end]);
  return ranges.reverse();
}

/** Reads the nodes of a storage, all of them in one call; the answer is keyed by `nodeKey`. */
export type GetNodes = (nodes: NodeId[]) => Promise<Map<string, Uint8Array>>;

/** Turns proof ranges into hashes with one call to `getNodes`. */
async function hashRanges(ranges: LeafRange[], getNodes: GetNodes): Promise<Hash[]> {
  const perRange = ranges.map(([start, end]) => alignedSubtrees(start, end));
  const wanted = new Map<string, NodeId>();
  for (const node of perRange.flat()) wanted.set(nodeKey(node), node);
  const found = wanted.size > 0 ? await getNodes([...wanted.values()]) : new Map<string, Uint8Array>();
  return perRange.map((nodes) =>
    rangeRoot(
      nodes.map((node) => {
        const hash = found.get(nodeKey(node));
        if (!hash || !isHash(hash)) throw new Error(`the tree has no node ${nodeKey(node)}`);
        return hash;
      }),
    ),
  );
}

/** The inclusion proof of leaf `index` in the tree of `size` leaves, from stored nodes. */
export function inclusionProof(index: number, size: number, getNodes: GetNodes): Promise<Hash[]> {
  return hashRanges(inclusionProofRanges(index, size), getNodes);
}

/** The consistency proof from the tree of `oldSize` leaves to the tree of `newSize`, from stored nodes. */
export function consistencyProof(oldSize: number, newSize: number, getNodes: GetNodes): Promise<Hash[]> {
  return hashRanges(consistencyProofRanges(oldSize, newSize), getNodes);
}

/** Right-shifts fn and sn together until fn's lowest bit is set or fn is 0. */
function shiftUntilOdd(fn: number, sn: number): [number, number] {
  while (fn % 2 === 0 && fn !== 0) {
    fn /= 2;
    sn = Math.floor(sn / 2);
  }
  return [fn, sn];
}

/**
 * Whether `proof` shows that the leaf with hash `leaf` is at `index` in the tree of `size` leaves whose root
 * is `root`: RFC 9162 §2.1.3.2, step by step. Malformed input (sizes, hash lengths) is a failed proof.
 */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isSize(index) || !isSize(size) || index >= size) return false;
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) [fn, sn] = shiftUntilOdd(fn, sn);
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && hashesEqual(r, root);
}

/**
 * Whether `proof` shows that the tree of `newSize` leaves with root `newRoot` extends the tree of `oldSize`
 * leaves with root `oldRoot`: RFC 9162 §2.1.4.2, step by step, for 0 < oldSize < newSize. Equal sizes need
 * an empty proof and equal roots; a proof from the empty tree says nothing and fails, as in
 * transparency-dev/merkle.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isSize(oldSize) || !isSize(newSize) || oldSize === 0 || oldSize > newSize) return false;
  // The same tree twice: the claims only need to agree (transparency-dev/merkle does not check lengths here).
  if (oldSize === newSize) return proof.length === 0 && hashesEqual(oldRoot, newRoot);
  if (!isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) return false;
  if (proof.length === 0) return false;
  // An old tree that is a complete subtree is not repeated in the proof: its root is the first node.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) [fn, sn] = shiftUntilOdd(fn, sn);
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Both comparisons run whatever the first one says.
  const oldMatches = hashesEqual(fr, oldRoot);
  const newMatches = hashesEqual(sr, newRoot);
  return oldMatches && newMatches && sn === 0;
}
