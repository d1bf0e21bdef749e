import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../src/audit-log/base64.js';
import {
  type Checkpoint,
  ed25519KeyId,
  ed25519Signer,
  ed25519VerifierKey,
  formatCheckpoint,
  MAX_NOTE_BYTES,
  NoteError,
  type NoteVerifier,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  signNote,
} from '../../src/audit-log/signed-note.js';

/*
 * Vectors: golang.org/x/mod/sumdb/note (github.com/golang/mod at fe2ec04f7c3c3aa6fad97631aafcff6e49e2d1db,
 * note_test.go and example_test.go: the PeterNeumann key and note, and EnochRoot, the key GenerateKey makes
 * from a reader of zeros, i.e. the all-zero seed); c2sp.org/signed-note (the example.com/foo example) and
 * c2sp.org/tlog-checkpoint (the example checkpoint body), github.com/C2SP/C2SP at 5ba5ee83.
 */

const PETER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SIGNER_KEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_KEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

/** The seed inside the Go signer key `PRIVATE+KEY+<name>+<id>+base64(0x01 || seed)`. */
function goSignerSeed(signerKey: string): Uint8Array {
  const bytes = decodeBase64(signerKey.split('+').slice(4).join('+'))!;
  expect(bytes[0]).toBe(1);
  return bytes.subarray(1);
}

const peterSigner = ed25519Signer('PeterNeumann', goSignerSeed(PETER_SIGNER_KEY));
const enochSigner = ed25519Signer('EnochRoot', new Uint8Array(32));

function openError(note: string | Uint8Array, known: readonly (string | NoteVerifier)[]): string {
  try {
    openNote(note, known);
  } catch (error) {
    if (error instanceof NoteError) return error.code;
    throw error;
  }
  return 'OPENED';
}

/** Go's tests slice notes by bytes, and the em dash is three of them. */
const bytes = (text: string) => Buffer.from(text, 'utf8');
const byteSlice = (text: string, start: number, end?: number) => bytes(text).subarray(start, end);

describe('golang.org/x/mod/sumdb/note vectors', () => {
  it('opens the published note with the published key', () => {
    const opened = openNote(`${TEXT}\n${PETER_SIG}`, [PETER_KEY]);
    expect(opened.body).toBe(TEXT);
    expect(opened.signedBy.map((v) => [v.name, v.keyId])).toEqual([['PeterNeumann', 0xc74f20a3]]);
    expect(opened.unknown).toEqual([]);
  });

  it('signs exactly as Go does, from the published signer key and from the zero seed', () => {
    expect(peterSigner.verifierKey).toBe(PETER_KEY);
    expect(peterSigner.keyId).toBe(0xc74f20a3);
    expect(signNote(TEXT, peterSigner)).toBe(`${TEXT}\n${PETER_SIG}`);
    expect(enochSigner.verifierKey).toBe(ENOCH_KEY);
    expect(signNote(TEXT, peterSigner, enochSigner)).toBe(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`);
  });

  it('derives the key ID from name, type and key', () => {
    const publicKey = decodeBase64(PETER_KEY.split('+')[2]!)!.subarray(1);
    expect(ed25519KeyId('PeterNeumann', publicKey)).toBe(0xc74f20a3);
    expect(ed25519VerifierKey('PeterNeumann', publicKey)).toBe(PETER_KEY);
    expect(ed25519KeyId('PeterNeumann2', publicKey)).not.toBe(0xc74f20a3);
  });

  it('refuses every mangling of the verifier key (TestNewVerifier)', () => {
    expect(parseVerifierKey(PETER_KEY).verifierKey).toBe(PETER_KEY);
    const refused: string[] = [];
    const bad = (key: string) => {
      try {
        parseVerifierKey(key);
      } catch (error) {
        if (error instanceof NoteError && error.code === 'INVALID_KEY') return;
        throw error;
      }
      refused.push(key);
    };
    for (let i = 0; i <= PETER_KEY.length; i++) {
      for (let j = i + 1; j <= PETER_KEY.length; j++)
        if (i !== 0 || j !== PETER_KEY.length) bad(PETER_KEY.slice(i, j));
    }
    for (let i = 0; i < PETER_KEY.length; i++) {
      bad(PETER_KEY.slice(0, i) + String.fromCharCode(PETER_KEY.charCodeAt(i) + 1) + PETER_KEY.slice(i + 1));
    }
    // A key of the wrong length and an unknown algorithm, each with its key ID adjusted.
    bad('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==');
    bad('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    expect(refused).toEqual([]);
  });

  it('keeps verified and unknown signatures apart (TestOpen)', () => {
    const both = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    const one = openNote(both, [PETER_KEY]);
    expect(one.body).toBe(TEXT);
    expect(one.signedBy.map((v) => v.verifierKey)).toEqual([PETER_KEY]);
    expect(one.unknown).toEqual([{ name: 'EnochRoot', keyId: 0xaf0cfe78 }]);

    const two = openNote(both, [PETER_KEY, ENOCH_KEY]);
    expect(two.signedBy.map((v) => v.verifierKey)).toEqual([PETER_KEY, ENOCH_KEY]);
    expect(two.unknown).toEqual([]);

    expect(openError(both, [])).toBe('UNVERIFIED');
    // The same key given twice is one key.
    expect(openNote(`${TEXT}\n${ENOCH_SIG}`, [ENOCH_KEY, PETER_KEY, ENOCH_KEY]).signedBy).toHaveLength(1);
  });

  it('refuses too many signatures, valid or not', () => {
    expect(openError(`${TEXT}\n${PETER_SIG.repeat(101)}`, [PETER_KEY])).toBe('MALFORMED');
    expect(openError(`${TEXT}\n${PETER_SIG.repeat(101)}`, [])).toBe('MALFORMED');
    expect(openNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [PETER_KEY]).signedBy).toHaveLength(1);
  });

  it('rejects the whole note when a known key’s signature fails', () => {
    const corruptedSig = Buffer.concat([
      byteSlice(PETER_SIG, 0, 60),
      bytes('ABCD'),
      byteSlice(PETER_SIG, 60),
    ]);
    expect(openError(Buffer.concat([bytes(`${TEXT}\n`), corruptedSig]), [PETER_KEY])).toBe(
      'INVALID_SIGNATURE',
    );
    // Go skips a repeated signature by a known key; the spec says every one is verified.
    expect(openError(Buffer.concat([bytes(`${TEXT}\n${PETER_SIG}`), corruptedSig]), [PETER_KEY])).toBe(
      'INVALID_SIGNATURE',
    );
    // A corrupted signature by an unknown key is only unknown.
    const enochABCD = Buffer.concat([byteSlice(ENOCH_SIG, 0, 60), bytes('ABCD'), byteSlice(ENOCH_SIG, 60)]);
    const opened = openNote(
      Buffer.concat([bytes(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}`), enochABCD]),
      [PETER_KEY],
    );
    expect(opened.signedBy.map((v) => v.name)).toEqual(['PeterNeumann']);
    expect(opened.unknown).toEqual([{ name: 'EnochRoot', keyId: 0xaf0cfe78 }]);
  });

  it('refuses the malformed notes of TestOpen', () => {
    const badMessages: (string | Uint8Array)[] = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\x01${TEXT}\n${PETER_SIG}`,
      Buffer.concat([Buffer.of(0xff), bytes(`${TEXT}\n${PETER_SIG}`)]),
      TEXT +
        '\n' +
        '\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=',
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
    ];
    expect(badMessages.map((message) => openError(message, [PETER_KEY]))).toEqual(
      badMessages.map(() => 'MALFORMED'),
    );
  });

  it('ignores keys that share only a name or only a key ID with a known key', () => {
    const otherName = PETER_SIG.replace('PeterNeumann', 'CarmenSandiego');
    expect(openError(`${TEXT}\n${otherName}`, [PETER_KEY])).toBe('UNVERIFIED');
    const otherId = PETER_SIG.replace('x08g', 'xxxx');
    expect(openError(`${TEXT}\n${otherId}`, [PETER_KEY])).toBe('UNVERIFIED');
  });
});

describe('C2SP examples', () => {
  it('verifies the signed-note example', () => {
    const note =
      'This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
    const opened = openNote(note, ['example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k']);
    expect(opened.body).toBe('This is an example message.\n');
  });

  it('reads the tlog-checkpoint example body', () => {
    const body = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    const checkpoint = parseCheckpoint(body);
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.size).toBe(20852163);
    expect(Buffer.from(checkpoint.rootHash).toString('base64')).toBe(
      'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=',
    );
    expect(checkpoint.extensions).toEqual([]);
    expect(formatCheckpoint(checkpoint)).toBe(body);
  });
});

describe('round trips and tampering', () => {
  const signer = ed25519Signer('audit.keygate.example/org_1', randomBytes(32));
  const checkpoint: Checkpoint = {
    origin: 'audit.keygate.example/org_1',
    size: 4096,
    rootHash: randomBytes(32),
    extensions: ['timestamp 1700000000'],
  };
  const note = signNote(formatCheckpoint(checkpoint), signer);

  it('opens what it signed, and reads back the checkpoint', () => {
    const opened = openNote(note, [signer.verifierKey]);
    expect(opened.signedBy.map((v) => v.verifierKey)).toEqual([signer.verifierKey]);
    expect(parseCheckpoint(opened.body)).toEqual({
      ...checkpoint,
      rootHash: new Uint8Array(checkpoint.rootHash),
    });
    expect(note).toMatch(
      /^audit\.keygate\.example\/org_1\n4096\n[A-Za-z0-9+/]{43}=\ntimestamp 1700000000\n\n\u2014 /,
    );
  });

  it('fails on any changed character of body or signature', () => {
    const opened: number[] = [];
    for (let i = 0; i < note.length; i++) {
      for (const delta of [1, -1]) {
        const changed =
          note.slice(0, i) + String.fromCharCode(note.charCodeAt(i) + delta) + note.slice(i + 1);
        if (openError(changed, [signer.verifierKey]) === 'OPENED') opened.push(i);
      }
    }
    expect(opened).toEqual([]);
  });

  it('fails on any flipped bit', () => {
    const original = bytes(note);
    const opened: number[] = [];
    for (let bit = 0; bit < original.length * 8; bit++) {
      const changed = Uint8Array.from(original);
      changed[bit >> 3]! ^= 1 << (bit & 7);
      if (openError(changed, [signer.verifierKey]) === 'OPENED') opened.push(bit);
    }
    expect(opened).toEqual([]);
  });

  it('fails on a dropped or doubled line and on another key', () => {
    const lines = note.split('\n');
    const blank = lines.indexOf('');
    for (let i = 0; i < lines.length - 1; i++) {
      const dropped = lines.toSpliced(i, 1).join('\n');
      expect(openError(dropped, [signer.verifierKey]), `without line ${i}`).not.toBe('OPENED');
    }
    // Body lines and the blank line; a repeated signature line is only a repeated signature.
    for (let i = 0; i <= blank; i++) {
      const doubled = lines.toSpliced(i, 0, lines[i]!).join('\n');
      expect(openError(doubled, [signer.verifierKey]), `line ${i} twice`).not.toBe('OPENED');
    }
    const other = ed25519Signer('audit.keygate.example/org_1', randomBytes(32));
    expect(openError(note, [other.verifierKey])).toBe('UNVERIFIED');
  });

  it('refuses a known key claimed twice with different keys', () => {
    const impostor: NoteVerifier = {
      ...parseVerifierKey(signer.verifierKey),
      verifierKey: 'impostor',
      verify: () => true,
    };
    expect(openError(note, [signer.verifierKey, impostor])).toBe('AMBIGUOUS_KEY');
  });

  it('refuses notes over the size limit before reading them', () => {
    const body = `${'x'.repeat(MAX_NOTE_BYTES)}\n`;
    expect(() => signNote(body, signer)).toThrow(NoteError);
    expect(openError(`${body}\n${note.slice(note.indexOf('\u2014'))}`, [signer.verifierKey])).toBe(
      'MALFORMED',
    );
  });

  it('signs only note text', () => {
    expect(() => signNote('no newline', signer)).toThrow(NoteError);
    expect(() => signNote('tab\there\n', signer)).toThrow(NoteError);
    expect(() => signNote('lone \ud800 surrogate\n', signer)).toThrow(NoteError);
    expect(() => signNote(TEXT)).toThrow(NoteError);
    expect(() => ed25519Signer('has space', randomBytes(32))).toThrow(NoteError);
    expect(() => ed25519Signer('has+plus', randomBytes(32))).toThrow(NoteError);
    expect(() => ed25519Signer('ok', randomBytes(31))).toThrow(NoteError);
  });
});

describe('checkpoints', () => {
  const root = Buffer.alloc(32, 7).toString('base64');
  // The character before the padding carries two spare bits; setting one keeps the bytes, not the text.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const nonCanonical = `${root.slice(0, -2)}${alphabet[alphabet.indexOf(root.at(-2)!) | 1]}=`;

  it.each([
    ['no final newline', `log\n1\n${root}`],
    ['two lines', 'log\n1\n'],
    ['an empty origin', `\n1\n${root}\n`],
    ['a leading zero', `log\n01\n${root}\n`],
    ['a sign', `log\n+1\n${root}\n`],
    ['a fraction', `log\n1.0\n${root}\n`],
    ['a size of 2^53', `log\n9007199254740992\n${root}\n`],
    ['a short root', `log\n1\n${Buffer.alloc(31).toString('base64')}\n`],
    ['unpadded base64', `log\n1\n${root.replace('=', '')}\n`],
    ['non-canonical base64', `log\n1\n${nonCanonical}\n`],
    ['an empty extension line', `log\n1\n${root}\n\n`],
  ])('refuses %s', (_, body) => {
    expect(() => parseCheckpoint(body)).toThrow(expect.objectContaining({ code: 'MALFORMED_CHECKPOINT' }));
  });

  it('reads the empty tree and the largest size', () => {
    expect(parseCheckpoint(`log\n0\n${root}\n`).size).toBe(0);
    expect(parseCheckpoint(`log\n9007199254740991\n${root}\n`).size).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('formats only what it can read back', () => {
    const rootHash = new Uint8Array(32);
    expect(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash })).toThrow(NoteError);
    expect(() => formatCheckpoint({ origin: 'log', size: -1, rootHash })).toThrow(NoteError);
    expect(() => formatCheckpoint({ origin: 'log', size: 1.5, rootHash })).toThrow(NoteError);
    expect(() => formatCheckpoint({ origin: 'log', size: 1, rootHash: rootHash.subarray(1) })).toThrow(
      NoteError,
    );
    expect(() => formatCheckpoint({ origin: 'log', size: 1, rootHash, extensions: [''] })).toThrow(NoteError);
  });
});
