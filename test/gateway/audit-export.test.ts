import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyExport } from '../../src/audit-log/export-verifier.js';
import { openNote, parseCheckpoint } from '../../src/audit-log/signed-note.js';
import { type GatewayKeygate, startGatewayKeygate } from '../support/gateway.js';
import { seedMember } from '../support/seed.js';

/*
 * The audit log leaving Keygate over plain HTTP: the signed checkpoint, the public key, and an export that
 * proves itself offline with keygate-audit-verify (run here as the real command), filtered or not, before
 * and after retention; refused without audit:read, and the refusal recorded.
 */

const run = promisify(execFile);

let gateway: GatewayKeygate;
let dir: string;
let verifierKey: string;

beforeAll(async () => {
  gateway = await startGatewayKeygate();
  dir = mkdtempSync(path.join(tmpdir(), 'keygate-audit-'));
  for (let i = 0; i < 4; i++) {
    const made = await gateway.graphql(
      `mutation { createMachineIdentity(input: { name: "exported-${i}" }) { __typename } }`,
    );
    expect(made.data.createMachineIdentity.__typename).toBe('MachineIdentityPayload');
  }
  verifierKey = (await (await fetch(`${gateway.url}/audit/verifier-key`)).text()).trim();
});

afterAll(async () => {
  await gateway?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = (pathname: string, token: string | null = gateway.owner) =>
  fetch(`${gateway.url}${pathname}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

async function exportOf(query = ''): Promise<{ text: string; lines: string[] }> {
  const response = await get(`/audit/export${query}`);
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, lines: text.split('\n').filter(Boolean) };
}

/** keygate-audit-verify on a file, as an operator runs it: its exit code and what it printed. */
async function verifyWithCli(text: string, previous?: string): Promise<{ code: number; output: string }> {
  const file = path.join(dir, `export-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(file, text);
  const args = ['--import', 'tsx', 'src/bin/keygate-audit-verify.ts', '--key', verifierKey];
  if (previous) {
    const held = path.join(dir, `checkpoint-${Math.random().toString(36).slice(2)}`);
    writeFileSync(held, previous);
    args.push('--previous', held);
  }
  args.push(file);
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: process.cwd() });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('GET /audit/checkpoint', () => {
  it('answers the signed note, which the published key verifies, covering what was just written', async () => {
    const response = await get('/audit/checkpoint');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(response.headers.get('keygate-audit-verifier-key')).toBe(verifierKey);
    const note = await response.text();
    const checkpoint = parseCheckpoint(openNote(note, [verifierKey]).body);
    expect(checkpoint.origin).toBe(`keygate/audit/${gateway.organizationId}`);
    const sealed = await gateway.keygate.services.prisma.auditEvent.count({
      where: { organizationId: gateway.organizationId, sequence: { not: null } },
    });
    expect(checkpoint.size).toBeGreaterThanOrEqual(4);
    expect(checkpoint.size).toBeLessThanOrEqual(sealed);
  });

  it('needs a credential with audit:read, and records the refusal', async () => {
    expect((await get('/audit/checkpoint', null)).status).toBe(401);
    const member = await seedMember(gateway.keygate.services, gateway.organizationId, 'MEMBER');
    const refused = await get('/audit/checkpoint', member.secret);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'FORBIDDEN' });
    const recorded = await gateway.keygate.services.prisma.auditEvent.findFirst({
      where: { organizationId: gateway.organizationId, action: 'audit.checkpoint_read', outcome: 'DENIED' },
    });
    expect(recorded).toMatchObject({ actorId: member.userId });
    const exported = await get('/audit/export', member.secret);
    expect(exported.status).toBe(403);
  });
});

describe('GET /audit/export', () => {
  it('streams NDJSON that keygate-audit-verify accepts, and is itself audited', async () => {
    const { text, lines } = await exportOf();
    const first = JSON.parse(lines[0]!);
    expect(first.type).toBe('checkpoint');
    const size = parseCheckpoint(openNote(first.note, [verifierKey]).body).size;
    expect(lines.slice(1).every((line) => JSON.parse(line).type === 'event')).toBe(true);
    expect(lines.length - 1).toBe(size);
    expect(await verifyExport(lines, { verifierKey })).toMatchObject({ valid: true, size, events: size });
    const cli = await verifyWithCli(text);
    expect(cli, cli.output).toMatchObject({ code: 0 });
    const audited = await gateway.keygate.services.prisma.auditEvent.findFirst({
      where: { organizationId: gateway.organizationId, action: 'audit.exported' },
      orderBy: { id: 'desc' },
    });
    expect(audited?.changes).toMatchObject({ format: 'ndjson', size: String(size) });
  });

  it('filters by an action prefix, the other events standing as their leaf hashes, still verifiable', async () => {
    const { lines } = await exportOf('?action=identity.*');
    const parsed = lines.slice(1).map((line) => JSON.parse(line));
    const events = parsed.filter((line) => line.type === 'event');
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events.every((event) => event.action.startsWith('identity.'))).toBe(true);
    expect(parsed.some((line) => line.type === 'leaf')).toBe(true);
    expect(await verifyExport(lines, { verifierKey })).toMatchObject({ valid: true });
  });

  it('exports CSV with a header row and one row per matching event', async () => {
    const response = await get('/audit/export?format=csv&action=identity.created');
    expect(response.headers.get('content-type')).toContain('text/csv');
    const rows = (await response.text()).trim().split('\n');
    expect(rows[0]).toBe(
      'id,sequence,organizationId,action,outcome,actorType,actorId,credentialKind,credentialId,targetType,targetId,requestId,ip,userAgent,changes,createdAt',
    );
    expect(rows.length - 1).toBeGreaterThanOrEqual(4);
    expect(rows.slice(1).every((row) => row.includes(',identity.created,'))).toBe(true);
  });

  it('refuses unknown parameters and bad values with a typed 400', async () => {
    for (const query of ['?format=xml', '?outcome=MAYBE', '?from=yesterday', '?colour=blue']) {
      const response = await get(`/audit/export${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.json(), query).toMatchObject({ error: 'BAD_REQUEST' });
    }
  });

  it('shows an edited event offline against a checkpoint taken before, and after retention still verifies', async () => {
    const held = await (await get('/audit/checkpoint')).text();
    const { prisma, auditLog } = gateway.keygate.services;
    // Retention removes the oldest events: the export begins with their hashes, and verifies.
    const [oldest] = await prisma.auditEvent.findMany({
      where: { organizationId: gateway.organizationId, sequence: { not: null } },
      orderBy: { sequence: 'asc' },
      take: 1,
      skip: 2,
    });
    await auditLog.purge(gateway.organizationId, new Date(oldest!.createdAt.getTime() + 1));
    const after = await exportOf();
    expect(JSON.parse(after.lines[1]!).type).toBe('prefix');
    expect(await verifyExport(after.lines, { verifierKey, previousCheckpoint: held })).toMatchObject({
      valid: true,
    });
    expect((await verifyWithCli(after.text, held)).code).toBe(0);

    // Someone with the database edits an event Keygate already sealed: the next export no longer proves.
    const victim = await prisma.auditEvent.findFirstOrThrow({
      where: { organizationId: gateway.organizationId, action: 'identity.created' },
      orderBy: { sequence: 'desc' },
    });
    await prisma.auditEvent.update({ where: { id: victim.id }, data: { ip: '198.51.100.7' } });
    const edited = await exportOf();
    const cli = await verifyWithCli(edited.text, held);
    expect(cli.code, cli.output).toBe(1);
    expect(await verifyExport(edited.lines, { verifierKey })).toMatchObject({ valid: false });
  });
});
