#!/usr/bin/env node
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { type ExportVerification, verifyExport } from '../audit-log/export-verifier.js';
import { NoteError, parseVerifierKey } from '../audit-log/signed-note.js';

/*
 * Verifies an audit export offline, with nothing but the log's public verifier key:
 *
 *   keygate-audit-verify --key <verifier key | @file> [--previous <checkpoint note file>] [export.ndjson | -]
 *
 * Prints one line; exits 0 when the export is valid, 1 when it is not, 2 on a usage or read error.
 */

const USAGE =
  'usage: keygate-audit-verify --key <verifier key | @file> [--previous <checkpoint note file>] [export.ndjson | -]';

async function readKey(value: string): Promise<string> {
  const text = value.startsWith('@') ? (await readFile(value.slice(1), 'utf8')).trim() : value;
  try {
    return parseVerifierKey(text).verifierKey;
  } catch (error) {
    throw error instanceof NoteError ? new Error(`--key: ${error.message}`) : error;
  }
}

async function input(path: string): Promise<Readable> {
  if (path === '-') return process.stdin;
  // Opened first, so a missing file is a usage error rather than a failure halfway through the stream.
  return (await open(path)).createReadStream({ encoding: 'utf8' });
}

function summary(result: ExportVerification): string {
  if (!result.valid) {
    const at = result.firstBadSequence === null ? '' : ` (first bad sequence ${result.firstBadSequence})`;
    return `INVALID: ${result.reason}${at}`;
  }
  const parts = [
    `valid: ${result.origin} at size ${result.size}`,
    `${result.events} events and ${result.leaves} left-out leaves checked`,
  ];
  if (result.prefixSize > 0) parts.push(`the first ${result.prefixSize} removed by retention`);
  if (result.previousChecked) parts.push('extends the previous checkpoint');
  return parts.join('; ');
}

async function main(args: string[]): Promise<number> {
  let options: { key?: string; previous?: string };
  let paths: string[];
  try {
    const parsed = parseArgs({
      args,
      options: { key: { type: 'string' }, previous: { type: 'string' } },
      allowPositionals: true,
    });
    options = parsed.values;
    paths = parsed.positionals;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!options.key || paths.length > 1) {
    console.error(USAGE);
    return 2;
  }

  let result: ExportVerification;
  let stream: Readable | undefined;
  try {
    const verifierKey = await readKey(options.key);
    const previousCheckpoint =
      options.previous === undefined ? undefined : await readFile(options.previous, 'utf8');
    stream = await input(paths[0] ?? '-');
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    result = await verifyExport(lines, { verifierKey, previousCheckpoint });
  } catch (error) {
    console.error(`keygate-audit-verify: ${(error as Error).message}`);
    return 2;
  } finally {
    // An invalid export stops the reading early: let go of the rest of it.
    stream?.destroy();
  }
  if (result.valid && options.previous !== undefined && !result.previousChecked) {
    console.error(
      'keygate-audit-verify: the previous checkpoint predates the events retention left; it was not compared',
    );
  }
  console.log(summary(result));
  return result.valid ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
