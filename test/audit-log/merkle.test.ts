import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  alignedSubtrees,
  appendLeaf,
  consistencyProof,
  consistencyProofRanges,
  EMPTY_FRONTIER,
  EMPTY_ROOT,
  type Frontier,
  frontierFromSubtrees,
  frontierRoot,
  type GetNodes,
  type Hash,
  inclusionProof,
  inclusionProofRanges,
  leafHash,
  nodeHash,
  nodeKey,
  rangeRoot,
  rootOfLeaves,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit-log/merkle.js';

/*
 * Published vectors from transparency-dev/merkle (Apache-2.0) at 417fb0c314750d94e53942e9f92e79b6d35915db:
 * rfc6962/rfc6962_test.go (hasher), testonly/constants.go (the RFC 6962 test leaves, every node of their
 * 8-leaf tree, the roots of sizes 0..8 and the compact ranges), cmd/proofgen/main.go (reference inclusion
 * and consistency proofs) and testdata/{inclusion,consistency} (verifier probes, in fixtures/).
 */

const hex = (text: string): Hash => new Uint8Array(Buffer.from(text, 'hex'));
const b64 = (text: string): Hash => new Uint8Array(Buffer.from(text, 'base64'));
const utf8 = (text: string): Hash => new Uint8Array(Buffer.from(text, 'utf8'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(hex);

// NodeHashes()[level][index] of the tree over LEAF_INPUTS.
const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];

// RootHashes(), indexed by tree size.
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

// CompactTrees(), indexed by tree size: [level, index] into NODE_HASHES.
const COMPACT_TREES: [number, number][][] = [
  [],
  [[0, 0]],
  [[1, 0]],
  [
    [1, 0],
    [0, 2],
  ],
  [[2, 0]],
  [
    [2, 0],
    [0, 4],
  ],
  [
    [2, 0],
    [1, 2],
  ],
  [
    [2, 0],
    [1, 2],
    [0, 6],
  ],
  [[3, 0]],
];

// proofgen's inclusionProofs (leaf indexes there are 1-based) and consistencyProofs.
const INCLUSION_PROOFS: [index: number, size: number, proof: string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];

const CONSISTENCY_PROOFS: [oldSize: number, newSize: number, proof: string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

interface InclusionProbe {
  file: string;
  leafIdx: number;
  treeSize: number;
  root: string | null;
  leafHash: string | null;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface ConsistencyProbe {
  file: string;
  size1: number;
  size2: number;
  root1: string | null;
  root2: string | null;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
const PROBES = JSON.parse(
  readFileSync(new URL('./fixtures/transparency-dev-merkle-probes.json', import.meta.url), 'utf8'),
) as { inclusion: InclusionProbe[]; consistency: ConsistencyProbe[] };

/** A node store: every node appendLeaf reports, and a getNodes that counts its calls. */
function buildTree(leaves: Uint8Array[]) {
  const nodes = new Map<string, Hash>();
  const frontiers: Frontier[] = [EMPTY_FRONTIER];
  let frontier = EMPTY_FRONTIER;
  for (const leaf of leaves) {
    const appended = appendLeaf(frontier, leafHash(leaf));
    for (const node of appended.nodes) nodes.set(nodeKey(node), node.hash);
    frontier = appended.frontier;
    frontiers.push(frontier);
  }
  let calls = 0;
  const getNodes: GetNodes = async (ids) => {
    calls++;
    return new Map(
      ids.flatMap((id) => (nodes.has(nodeKey(id)) ? [[nodeKey(id), nodes.get(nodeKey(id))!]] : [])),
    );
  };
  return { nodes, frontiers, getNodes, calls: () => calls };
}

// An independent reference: MTH, PATH and PROOF written straight from RFC 9162's recursive definitions,
// over D[a:b] of one list of leaf hashes (MTH memoised, so every proof of a 300-leaf tree stays cheap).
function largestPowerBelow(n: number) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
function reference(hashes: Hash[]) {
  const memo = new Map<string, Hash>();
  const mth = (a: number, b: number): Hash => {
    if (b - a === 0) return EMPTY_ROOT;
    if (b - a === 1) return hashes[a]!;
    const key = `${a}:${b}`;
    let hash = memo.get(key);
    if (!hash) {
      const k = largestPowerBelow(b - a);
      hash = nodeHash(mth(a, a + k), mth(a + k, b));
      memo.set(key, hash);
    }
    return hash;
  };
  const path = (m: number, a: number, b: number): Hash[] => {
    if (b - a <= 1) return [];
    const k = largestPowerBelow(b - a);
    return m < a + k ? [...path(m, a, a + k), mth(a + k, b)] : [...path(m, a + k, b), mth(a, a + k)];
  };
  const subproof = (m: number, a: number, b: number, whole: boolean): Hash[] => {
    if (m === b) return whole ? [] : [mth(a, b)];
    const k = largestPowerBelow(b - a);
    return m <= a + k
      ? [...subproof(m, a, a + k, whole), mth(a + k, b)]
      : [...subproof(m, a + k, b, false), mth(a, a + k)];
  };
  return {
    mth,
    inclusion: (index: number) => path(index, 0, hashes.length),
    consistency: (oldSize: number) => subproof(oldSize, 0, hashes.length, true),
  };
}

/** A copy of `bytes` with one bit flipped. */
function flipped(bytes: Uint8Array, bit: number): Hash {
  const copy = Uint8Array.from(bytes);
  copy[Math.floor(bit / 8) % copy.length]! ^= 1 << (bit % 8);
  return copy;
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return (below: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

describe('hashing (rfc6962_test.go)', () => {
  it('matches the published hashes', () => {
    expect(toHex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(createHash('sha256').update('').digest())).toBe(toHex(EMPTY_ROOT));
    expect(toHex(leafHash(new Uint8Array()))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(toHex(leafHash(utf8('L123456')))).toBe(
      '395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56',
    );
    expect(toHex(nodeHash(utf8('N123'), utf8('N456')))).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });
});

describe('the tree of the RFC 6962 test leaves (testonly/constants.go)', () => {
  const tree = buildTree(LEAF_INPUTS);

  it('has the published root at every size 0..8', () => {
    for (let size = 0; size <= 8; size++) {
      expect(toHex(rootOfLeaves(LEAF_INPUTS.slice(0, size).map(leafHash))), `size ${size}`).toBe(ROOTS[size]);
      expect(toHex(frontierRoot(tree.frontiers[size]!)), `size ${size}`).toBe(ROOTS[size]);
    }
  });

  it('stores exactly the published nodes as appends complete them', () => {
    const expected = NODE_HASHES.flatMap((level, l) => level.map((hash, i) => [`${l}:${i}`, hash]));
    expect([...tree.nodes].map(([key, hash]) => [key, toHex(hash)]).sort()).toEqual(expected.sort());
  });

  it('keeps the published compact range at every size, and rebuilds it from stored subtrees', () => {
    for (let size = 0; size <= 8; size++) {
      const expected = COMPACT_TREES[size]!.map(([level, index]) => NODE_HASHES[level]![index]);
      expect(tree.frontiers[size]!.hashes.map(toHex), `size ${size}`).toEqual(expected);
      const ids = alignedSubtrees(0, size);
      expect(ids.map(({ level, index }) => [level, index])).toEqual(COMPACT_TREES[size]);
      const rebuilt = frontierFromSubtrees(
        size,
        ids.map((id) => tree.nodes.get(nodeKey(id))!),
      );
      expect(toHex(frontierRoot(rebuilt))).toBe(ROOTS[size]);
    }
  });

  it('generates the reference inclusion proofs (cmd/proofgen)', async () => {
    for (const [index, size, proof] of INCLUSION_PROOFS) {
      expect((await inclusionProof(index, size, tree.getNodes)).map(toHex), `${index} in ${size}`).toEqual(
        proof,
      );
      expect(
        verifyInclusion(index, size, leafHash(LEAF_INPUTS[index]!), proof.map(hex), hex(ROOTS[size]!)),
      ).toBe(true);
    }
  });

  it('generates the reference consistency proofs (cmd/proofgen)', async () => {
    for (const [oldSize, newSize, proof] of CONSISTENCY_PROOFS) {
      expect(
        (await consistencyProof(oldSize, newSize, tree.getNodes)).map(toHex),
        `${oldSize}→${newSize}`,
      ).toEqual(proof);
      expect(
        verifyConsistency(oldSize, newSize, hex(ROOTS[oldSize]!), hex(ROOTS[newSize]!), proof.map(hex)),
      ).toBe(true);
    }
  });
});

describe('the published verifier probes (testdata/)', () => {
  const bytes = (text: string | null) => b64(text ?? '');

  it.each(PROBES.inclusion.map((probe) => [probe.file, probe] as const))('inclusion %s', (_, probe) => {
    const valid = verifyInclusion(
      probe.leafIdx,
      probe.treeSize,
      bytes(probe.leafHash),
      (probe.proof ?? []).map(bytes),
      bytes(probe.root),
    );
    expect(valid).toBe(!probe.wantErr);
  });

  it.each(PROBES.consistency.map((probe) => [probe.file, probe] as const))('consistency %s', (_, probe) => {
    const valid = verifyConsistency(
      probe.size1,
      probe.size2,
      bytes(probe.root1),
      bytes(probe.root2),
      (probe.proof ?? []).map(bytes),
    );
    expect(valid).toBe(!probe.wantErr);
  });

  it('holds both happy paths and failures', () => {
    expect(PROBES.inclusion.filter((probe) => !probe.wantErr).length).toBeGreaterThan(4);
    expect(PROBES.consistency.filter((probe) => !probe.wantErr).length).toBeGreaterThan(4);
    expect(PROBES.inclusion.length + PROBES.consistency.length).toBe(196);
  });
});

describe('ranges', () => {
  it('decomposes ranges into maximal aligned subtrees', () => {
    expect(alignedSubtrees(0, 0)).toEqual([]);
    expect(alignedSubtrees(0, 13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(alignedSubtrees(3, 13)).toEqual([
      { level: 0, index: 3 },
      { level: 2, index: 1 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(alignedSubtrees(2 ** 52, 2 ** 53 - 1)).toHaveLength(52);
    expect(() => alignedSubtrees(5, 4)).toThrow(RangeError);
    expect(() => alignedSubtrees(0, 2 ** 53)).toThrow(RangeError);
  });

  it('names the ranges of RFC 9162 PATH and SUBPROOF', () => {
    expect(inclusionProofRanges(0, 1)).toEqual([]);
    expect(inclusionProofRanges(5, 7)).toEqual([
      [4, 5],
      [6, 7],
      [0, 4],
    ]);
    expect(consistencyProofRanges(3, 7)).toEqual([
      [2, 3],
      [3, 4],
      [0, 2],
      [4, 7],
    ]);
    expect(consistencyProofRanges(4, 7)).toEqual([[4, 7]]);
    expect(consistencyProofRanges(7, 7)).toEqual([]);
    expect(() => inclusionProofRanges(7, 7)).toThrow(RangeError);
    expect(() => consistencyProofRanges(0, 7)).toThrow(RangeError);
    expect(() => consistencyProofRanges(8, 7)).toThrow(RangeError);
  });

  it('refuses a frontier whose subtrees do not fit its size', () => {
    const hash = leafHash(new Uint8Array());
    expect(() => frontierFromSubtrees(3, [hash])).toThrow(RangeError);
    expect(() => frontierFromSubtrees(1, [hash.slice(1)])).toThrow(RangeError);
    expect(frontierFromSubtrees(0, []).size).toBe(0);
  });

  it('fails a proof whose nodes the storage does not have', async () => {
    await expect(inclusionProof(0, 8, async () => new Map())).rejects.toThrow(/no node/);
  });
});

describe('random trees up to 300 leaves', () => {
  const next = random(9162);
  const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 127, 128, 129, 255, 256, 257, 300];
  for (let i = 0; i < 12; i++) sizes.push(1 + next(300));

  it.each(sizes)('size %i: every proof verifies and no flipped bit does', async (size) => {
    const leaves = Array.from({ length: size }, (_, i) => utf8(`leaf ${i} of ${size} ${next(1e9)}`));
    const hashes = leaves.map(leafHash);
    const tree = buildTree(leaves);
    const ref = reference(hashes);
    const root = ref.mth(0, size);
    expect(frontierRoot(tree.frontiers[size]!)).toEqual(root);
    expect(rootOfLeaves(hashes)).toEqual(root);

    // Failures are collected rather than asserted one by one: a quarter of a million expect() calls is slow.
    const failures: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) failures.push(what);
    };
    const same = (a: Uint8Array[], b: Uint8Array[]) => a.map(toHex).join() === b.map(toHex).join();

    for (let index = 0; index < size; index++) {
      const at = `inclusion of ${index}`;
      const before = tree.calls();
      const proof = await inclusionProof(index, size, tree.getNodes);
      check(tree.calls() - before <= 1, `${at}: one storage read`);
      check(same(proof, ref.inclusion(index)), `${at}: proof is RFC 9162 PATH`);
      check(verifyInclusion(index, size, hashes[index]!, proof, root), `${at}: verifies`);
      const bit = next(256);
      check(
        !verifyInclusion(index, size, flipped(hashes[index]!, bit), proof, root),
        `${at}: leaf bit ${bit}`,
      );
      check(
        !verifyInclusion(index, size, hashes[index]!, proof, flipped(root, bit)),
        `${at}: root bit ${bit}`,
      );
      for (let j = 0; j < proof.length; j++) {
        const bad = proof.with(j, flipped(proof[j]!, next(256)));
        check(!verifyInclusion(index, size, hashes[index]!, bad, root), `${at}: element ${j}`);
      }
      check(!verifyInclusion(index, size, hashes[index]!, [...proof, root], root), `${at}: extra element`);
      if (proof.length > 0) {
        check(!verifyInclusion(index, size, hashes[index]!, proof.slice(1), root), `${at}: missing element`);
      }
      if (size > 1) {
        check(!verifyInclusion((index + 1) % size, size, hashes[index]!, proof, root), `${at}: other index`);
      }
    }

    for (let oldSize = 1; oldSize <= size; oldSize++) {
      const at = `consistency from ${oldSize}`;
      const oldRoot = frontierRoot(tree.frontiers[oldSize]!);
      check(same([oldRoot], [ref.mth(0, oldSize)]), `${at}: old root`);
      const before = tree.calls();
      const proof = await consistencyProof(oldSize, size, tree.getNodes);
      check(tree.calls() - before <= 1, `${at}: one storage read`);
      check(same(proof, ref.consistency(oldSize)), `${at}: proof is RFC 9162 PROOF`);
      check(verifyConsistency(oldSize, size, oldRoot, root, proof), `${at}: verifies`);
      const bit = next(256);
      check(
        !verifyConsistency(oldSize, size, flipped(oldRoot, bit), root, proof),
        `${at}: old root bit ${bit}`,
      );
      check(
        !verifyConsistency(oldSize, size, oldRoot, flipped(root, bit), proof),
        `${at}: new root bit ${bit}`,
      );
      for (let j = 0; j < proof.length; j++) {
        const bad = proof.with(j, flipped(proof[j]!, next(256)));
        check(!verifyConsistency(oldSize, size, oldRoot, root, bad), `${at}: element ${j}`);
      }
      check(!verifyConsistency(oldSize, size, oldRoot, root, [...proof, root]), `${at}: extra element`);
      if (oldSize < size) {
        check(!verifyConsistency(oldSize, size, oldRoot, root, proof.slice(0, -1)), `${at}: missing element`);
        check(!verifyConsistency(oldSize + 1, size, oldRoot, root, proof), `${at}: other size`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('computes MTH of every aligned range from stored subtrees', () => {
    const ref = reference(Array.from({ length: 64 }, (_, i) => leafHash(utf8(`range ${i}`))));
    const tree = buildTree(Array.from({ length: 64 }, (_, i) => utf8(`range ${i}`)));
    for (let width = 1; width <= 64; width *= 2) {
      for (let start = 0; start < 64; start += width) {
        for (let end = start + 1; end <= Math.min(64, start + width); end++) {
          const ids = alignedSubtrees(start, end);
          expect(rangeRoot(ids.map((id) => tree.nodes.get(nodeKey(id))!))).toEqual(ref.mth(start, end));
        }
      }
    }
  });
});
