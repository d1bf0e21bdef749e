import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../src/audit-log/base64.js';
import { type ExportVerification, verifyExport } from '../../src/audit-log/export-verifier.js';
import { type AuditExportEvent, auditLeafData, auditLeafHash } from '../../src/audit-log/leaf.js';
import {
  alignedSubtrees,
  appendLeaf,
  EMPTY_FRONTIER,
  leafHash,
  nodeKey,
  rootOfLeaves,
} from '../../src/audit-log/merkle.js';
import {
  ed25519Signer,
  formatCheckpoint,
  type NoteSigner,
  signNote,
} from '../../src/audit-log/signed-note.js';
import { canonicalJson } from '../../src/domain/audit.js';

const run = promisify(execFile);
const ORIGIN = 'keygate.test/audit/0190f3a0-0000-7000-8000-000000000001';
const signer = ed25519Signer(ORIGIN, randomBytes(32));

function event(index: number): AuditExportEvent {
  return {
    id: String(1000 + index),
    sequence: String(index + 1),
    organizationId: '0190f3a0-0000-7000-8000-000000000001',
    action: index % 3 === 0 ? 'token.created' : 'token.verified',
    outcome: index % 7 === 0 ? 'DENIED' : 'SUCCESS',
    actorType: 'USER',
    actorId: '0190f3a0-0000-7000-8000-00000000000a',
    credentialKind: index % 2 === 0 ? 'PERSONAL_ACCESS_TOKEN' : null,
    credentialId: index % 2 === 0 ? '0190f3a0-0000-7000-8000-00000000000b' : null,
    targetType: 'Token',
    targetId: `target-${index}`,
    requestId: `req-${index}`,
    ip: '203.0.113.7',
    userAgent: 'vitest ✓',
    changes:
      index % 4 === 0 ? null : { name: { before: `a${index}`, after: `b${index}` }, scopes: ['x', 'y'] },
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index, index % 1000)).toISOString(),
  };
}

const EVENTS = Array.from({ length: 37 }, (_, index) => event(index));
const HASHES = EVENTS.map(auditLeafHash);

function checkpointNote(size: number, by: NoteSigner = signer, hashes = HASHES): string {
  return signNote(
    formatCheckpoint({ origin: ORIGIN, size, rootHash: rootOfLeaves(hashes.slice(0, size)) }),
    by,
  );
}

interface BuildOptions {
  size?: number;
  /** Leaves retention removed: a prefix line stands for them. */
  prefix?: number;
  /** Indexes written as leaf lines instead of events. */
  leafOnly?: (index: number) => boolean;
  note?: string;
}

/** The export as a server would write it, as lines. */
function buildExport({ size = EVENTS.length, prefix = 0, leafOnly = () => false, note }: BuildOptions = {}) {
  const lines = [JSON.stringify({ type: 'checkpoint', note: note ?? checkpointNote(size) })];
  if (prefix > 0) {
    // The stored nodes: whatever appendLeaf said the appends completed.
    const nodes = new Map<string, Uint8Array>();
    let frontier = EMPTY_FRONTIER;
    for (const hash of HASHES.slice(0, prefix)) {
      const appended = appendLeaf(frontier, hash);
      for (const node of appended.nodes) nodes.set(nodeKey(node), node.hash);
      frontier = appended.frontier;
    }
    const hashes = alignedSubtrees(0, prefix).map((id) => encodeBase64(nodes.get(nodeKey(id))!));
    lines.push(JSON.stringify({ type: 'prefix', size: String(prefix), hashes }));
  }
  for (let index = prefix; index < size; index++) {
    lines.push(
      leafOnly(index)
        ? JSON.stringify({ type: 'leaf', sequence: String(index + 1), hash: encodeBase64(HASHES[index]!) })
        : JSON.stringify({ type: 'event', ...EVENTS[index] }),
    );
  }
  return lines;
}

async function* stream(lines: string[]) {
  for (const line of lines) yield line;
}

const verify = (lines: string[], previousCheckpoint?: string) =>
  verifyExport(stream(lines), { verifierKey: signer.verifierKey, previousCheckpoint });

function expectInvalid(result: ExportVerification, reason: RegExp, firstBadSequence: number | null = null) {
  expect(result.valid).toBe(false);
  expect(result.reason).toMatch(reason);
  expect(result.firstBadSequence).toBe(firstBadSequence);
}

/** The line of an export that holds leaf index `index` (after the checkpoint, and the prefix if any). */
const lineOf = (index: number, prefix = 0) => 1 + (prefix > 0 ? 1 : 0) + index - prefix;

describe('auditLeafData', () => {
  it('is the domain-separated canonical JSON of exactly the event fields', () => {
    const data = Buffer.from(auditLeafData({ ...EVENTS[1]!, ...{ type: 'event', extra: 1 } })).toString(
      'utf8',
    );
    expect(data).toBe(`keygate-audit-event-v1\n${canonicalJson(EVENTS[1])}`);
    expect(JSON.parse(data.slice('keygate-audit-event-v1\n'.length))).toEqual(EVENTS[1]);
    expect(auditLeafHash(EVENTS[1]!)).toEqual(leafHash(auditLeafData(EVENTS[1]!)));
  });

  it('hashes a database row (bigint sequence, Date) like its export', () => {
    const row = { ...EVENTS[2]!, sequence: 3n, createdAt: new Date(EVENTS[2]!.createdAt) };
    expect(auditLeafHash(row)).toEqual(HASHES[2]);
    expect(auditLeafHash({ ...EVENTS[2]!, changes: undefined })).toEqual(
      auditLeafHash({ ...EVENTS[2]!, changes: null }),
    );
  });

  it('changes with any field', () => {
    for (const [field, value] of Object.entries(EVENTS[5]!)) {
      const changed = { ...EVENTS[5]!, [field]: typeof value === 'string' ? `${value}!` : 'x' };
      expect(auditLeafHash(changed), field).not.toEqual(HASHES[5]);
    }
  });
});

describe('verifyExport', () => {
  it('accepts a whole export', async () => {
    const result = await verify(buildExport());
    expect(result).toEqual({
      valid: true,
      origin: ORIGIN,
      size: 37,
      prefixSize: 0,
      events: 37,
      leaves: 0,
      previousChecked: false,
      firstBadSequence: null,
      reason: null,
    });
  });

  it('accepts events a filter left out as leaf lines', async () => {
    const result = await verify(buildExport({ leafOnly: (index) => index % 3 !== 0 }));
    expect(result).toMatchObject({ valid: true, events: 13, leaves: 24 });
  });

  it('accepts a log whose first events retention removed', async () => {
    for (const prefix of [1, 2, 5, 16, 21, 36, 37]) {
      const result = await verify(buildExport({ prefix, leafOnly: (index) => index % 5 === 0 }));
      expect(result, `prefix ${prefix}`).toMatchObject({ valid: true, prefixSize: prefix, size: 37 });
      expect(result.events + result.leaves).toBe(37 - prefix);
    }
  });

  it('accepts the empty log and blank lines', async () => {
    expect((await verify(buildExport({ size: 0 }))).valid).toBe(true);
    expect((await verify([...buildExport({ size: 3 }), '', '  '])).valid).toBe(true);
  });

  it('accepts a plain iterable', async () => {
    const result = await verifyExport(buildExport(), { verifierKey: signer.verifierKey });
    expect(result.valid).toBe(true);
  });

  it('detects an edited event', async () => {
    const lines = buildExport();
    lines[lineOf(20)] = JSON.stringify({ type: 'event', ...EVENTS[20], outcome: 'SUCCESS', actorId: null });
    expectInvalid(await verify(lines), /signed root/);
    const withPrefix = buildExport({ prefix: 5 });
    withPrefix[lineOf(6, 5)] = withPrefix[lineOf(6, 5)]!.replace('req-6', 'req-X');
    expectInvalid(await verify(withPrefix), /signed root/);
  });

  it('detects an edited leaf hash and an edited prefix', async () => {
    const lines = buildExport({ leafOnly: () => true });
    lines[lineOf(3)] = JSON.stringify({ type: 'leaf', sequence: '4', hash: encodeBase64(HASHES[4]!) });
    expectInvalid(await verify(lines), /signed root/);
    const prefix = buildExport({ prefix: 13 });
    const line = JSON.parse(prefix[1]!);
    line.hashes[1] = encodeBase64(randomBytes(32));
    prefix[1] = JSON.stringify(line);
    expectInvalid(await verify(prefix), /signed root/);
    line.hashes.pop();
    prefix[1] = JSON.stringify(line);
    expectInvalid(await verify(prefix), /prefix/);
  });

  it('detects a reordered pair, by sequence and, renumbered, by root', async () => {
    const lines = buildExport();
    [lines[lineOf(10)], lines[lineOf(11)]] = [lines[lineOf(11)]!, lines[lineOf(10)]!];
    expectInvalid(await verify(lines), /sequence 12 where 11 was due/, 11);
    const renumbered = buildExport();
    renumbered[lineOf(10)] = JSON.stringify({ type: 'event', ...EVENTS[11], sequence: '11' });
    renumbered[lineOf(11)] = JSON.stringify({ type: 'event', ...EVENTS[10], sequence: '12' });
    expectInvalid(await verify(renumbered), /signed root/);
  });

  it('detects a deleted line in the middle', async () => {
    const lines = buildExport();
    lines.splice(lineOf(17), 1);
    expectInvalid(await verify(lines), /sequence 19 where 18 was due/, 18);
  });

  it('detects a truncated tail, and extra lines', async () => {
    expectInvalid(
      await verify(buildExport().slice(0, -3)),
      /ends at sequence 34; its checkpoint covers 37/,
      35,
    );
    const lines = buildExport({ size: 36 });
    lines.push(JSON.stringify({ type: 'event', ...EVENTS[36] }));
    expectInvalid(await verify(lines), /goes on past its checkpoint/, 37);
  });

  it('detects a forged signature and a checkpoint signed by another key', async () => {
    const note = checkpointNote(37);
    const signature = note.slice(note.lastIndexOf(' ') + 1, -1);
    const forged = note.replace(signature, encodeBase64(Buffer.from(signature, 'base64').fill(7, 4)));
    expectInvalid(
      await verify(buildExport({ note: forged })),
      /checkpoint: the signature .* does not verify/,
    );
    const other = ed25519Signer(ORIGIN, randomBytes(32));
    expectInvalid(await verify(buildExport({ note: checkpointNote(37, other) })), /checkpoint: no known key/);
    // The body changed under a valid signature: a larger size, or another root.
    const bigger = note.replace('\n37\n', '\n38\n');
    expectInvalid(await verify(buildExport({ note: bigger })), /does not verify/);
  });

  it('detects a checkpoint that does not begin the export', async () => {
    const lines = buildExport();
    expectInvalid(await verify(lines.slice(1)), /begin with its checkpoint/);
    expectInvalid(await verify([]), /begin with its checkpoint|empty/);
  });

  it('refuses lines that are not of the format', async () => {
    const bad = (line: unknown) => {
      const lines = buildExport();
      lines[lineOf(4)] = typeof line === 'string' ? line : JSON.stringify(line);
      return verify(lines);
    };
    expectInvalid(await bad('not json'), /not JSON/, 5);
    expectInvalid(await bad({ ...EVENTS[4], type: 'evnt' }), /not an event or a leaf/, 5);
    expectInvalid(await bad({ ...EVENTS[4], type: 'event', extra: true }), /other fields/, 5);
    expectInvalid(await bad({ ...EVENTS[4], type: 'event', ip: 7 }), /ip is not a string/, 5);
    expectInvalid(
      await bad({ ...EVENTS[4], type: 'event', createdAt: '2026-01-01T00:00:04Z' }),
      /createdAt/,
      5,
    );
    expectInvalid(await bad({ type: 'leaf', sequence: '5', hash: 'AAAA' }), /malformed leaf/, 5);
    expectInvalid(
      await bad({ type: 'leaf', sequence: '05', hash: encodeBase64(HASHES[4]!) }),
      /no valid sequence/,
      5,
    );
    expectInvalid(await bad({ type: 'prefix', size: '0', hashes: [] }), /not an event or a leaf/, 5);
  });

  describe('with a previous checkpoint', () => {
    it('accepts an export that extends it', async () => {
      for (const size of [0, 1, 12, 36, 37]) {
        const result = await verify(buildExport(), checkpointNote(size));
        expect(result, `previous at ${size}`).toMatchObject({ valid: true, previousChecked: true });
      }
      // At the prefix's size exactly, and past it.
      expect(await verify(buildExport({ prefix: 8 }), checkpointNote(8))).toMatchObject({
        valid: true,
        previousChecked: true,
      });
      expect(await verify(buildExport({ prefix: 8 }), checkpointNote(30))).toMatchObject({
        previousChecked: true,
      });
    });

    it('says when the prefix hides it', async () => {
      const result = await verify(buildExport({ prefix: 8 }), checkpointNote(5));
      expect(result).toMatchObject({ valid: true, previousChecked: false });
    });

    it('detects a log that does not extend it', async () => {
      // The log the previous checkpoint saw had another event 9; the export rewrote history.
      const history = HASHES.with(9, auditLeafHash({ ...EVENTS[9]!, outcome: 'DENIED' }));
      const rewritten = checkpointNote(20, signer, history);
      expectInvalid(await verify(buildExport(), rewritten), /does not extend the previous checkpoint/);
      expectInvalid(await verify(buildExport({ prefix: 20 }), rewritten), /does not extend/);
      expectInvalid(await verify(buildExport({ size: 10 }), checkpointNote(11)), /larger than this one/);
      const other = ed25519Signer(ORIGIN, randomBytes(32));
      expectInvalid(
        await verify(buildExport(), checkpointNote(20, other)),
        /previous checkpoint: no known key/,
      );
    });
  });
});

describe('keygate-audit-verify', () => {
  let dir: string;
  const cli = path.resolve('src/bin/keygate-audit-verify.ts');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'keygate-audit-verify-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function runCli(args: string[]) {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cli, ...args]);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failure = error as { code: number; stdout: string; stderr: string };
      return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
    }
  }

  it('exits 0 for a valid export, 1 for an invalid one, 2 for a usage error', async () => {
    const valid = path.join(dir, 'valid.ndjson');
    await writeFile(valid, `${buildExport({ prefix: 3, leafOnly: (index) => index === 7 }).join('\n')}\n`);
    const keyFile = path.join(dir, 'key.txt');
    await writeFile(keyFile, `${signer.verifierKey}\n`);
    const previous = path.join(dir, 'previous.note');
    await writeFile(previous, checkpointNote(10));

    const ok = await runCli(['--key', signer.verifierKey, '--previous', previous, valid]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(
      `valid: ${ORIGIN} at size 37; 33 events and 1 left-out leaves checked; the first 3 removed by retention; extends the previous checkpoint\n`,
    );
    expect((await runCli([`--key=@${keyFile}`, valid])).code).toBe(0);

    const lines = buildExport();
    lines.splice(lineOf(17), 1);
    const invalid = path.join(dir, 'invalid.ndjson');
    await writeFile(invalid, `${lines.join('\r\n')}\r\n`);
    const bad = await runCli(['--key', signer.verifierKey, invalid]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('INVALID: sequence 19 where 18 was due (first bad sequence 18)\n');

    expect((await runCli([valid])).code).toBe(2);
    expect((await runCli(['--key', 'not a key', valid])).code).toBe(2);
    expect((await runCli(['--key', signer.verifierKey, path.join(dir, 'missing.ndjson')])).code).toBe(2);
    expect((await runCli(['--key', signer.verifierKey, '--bogus', valid])).code).toBe(2);
  });

  it('reads the export from standard input', async () => {
    const child = execFile(process.execPath, ['--import', 'tsx', cli, '--key', signer.verifierKey, '-']);
    let stdout = '';
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin!.end(`${buildExport({ size: 9 }).join('\n')}\n`);
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/^valid: .* at size 9; 9 events/);
  });
});
