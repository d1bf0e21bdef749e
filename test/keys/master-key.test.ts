import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { decodeMasterKey, loadMasterKey, MasterKeyError } from '../../src/keys/master-key.js';
import { startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { TEST_MASTER_KEY, testConfig } from '../support/keygate.js';

/*
 * The master key: outside the database, made by the embedded default on its first start, required on
 * PostgreSQL, the same for every instance, and the root of every purpose key.
 */

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'keygate-master-key-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the master key', () => {
  it('is made on the embedded default’s first start (mode 0600) and kept for the next', async () => {
    const dataDir = path.join(dir, 'embedded');
    const first = loadMasterKey(undefined, { provider: 'pglite', dataDir });
    const file = path.join(dataDir, 'master.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(decodeMasterKey(await readFile(file, 'utf8'))).toHaveLength(32);
    const again = loadMasterKey(undefined, { provider: 'pglite', dataDir });
    expect(again.derive('signing-keys').equals(first.derive('signing-keys'))).toBe(true);
  });

  it('derives a different key for each purpose, the same one from the same master key', () => {
    const keys = loadMasterKey(
      { kind: 'value', value: TEST_MASTER_KEY },
      { provider: 'postgres', dataDir: dir },
    );
    const same = loadMasterKey(
      { kind: 'value', value: TEST_MASTER_KEY },
      { provider: 'postgres', dataDir: dir },
    );
    expect(keys.derive('a')).toHaveLength(32);
    expect(keys.derive('a').equals(same.derive('a'))).toBe(true);
    expect(keys.derive('a').equals(keys.derive('b'))).toBe(false);
  });

  it('is read from KEYGATE_MASTER_KEY_FILE, and a short or unreadable one is refused with what to do', async () => {
    const file = path.join(dir, 'from-file.key');
    await writeFile(file, `${Buffer.alloc(32, 7).toString('hex')}\n`);
    const config = loadConfig({ KEYGATE_MASTER_KEY_FILE: file, NODE_ENV: 'test' });
    const fromFile = loadMasterKey(config.masterKey, { provider: 'postgres', dataDir: dir });
    const fromValue = loadMasterKey(
      { kind: 'value', value: TEST_MASTER_KEY },
      { provider: 'postgres', dataDir: dir },
    );
    // The same 32 bytes, once as hex in a file and once as base64 in a variable.
    expect(fromFile.derive('x').equals(fromValue.derive('x'))).toBe(true);

    expect(() =>
      loadMasterKey({ kind: 'value', value: 'c2hvcnQ=' }, { provider: 'postgres', dataDir: dir }),
    ).toThrow(/at least 32 random bytes.*randomBytes\(32\)/s);
    expect(() =>
      loadMasterKey(
        { kind: 'file', path: path.join(dir, 'missing.key') },
        { provider: 'postgres', dataDir: dir },
      ),
    ).toThrow(MasterKeyError);
    expect(() => loadConfig({ KEYGATE_MASTER_KEY: TEST_MASTER_KEY, KEYGATE_MASTER_KEY_FILE: file })).toThrow(
      /both set/,
    );
  });

  it('is required against PostgreSQL: Keygate refuses to start without one, and says how to make one', async () => {
    const main = path.resolve('src/main.ts');
    const failure = await run(process.execPath, ['--import', 'tsx', main], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres',
        PORT: '0',
        KEYGATE_MIGRATE: 'false',
      },
      timeout: 60_000,
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).not.toBeNull();
    expect(failure!.code).toBe(1);
    expect(failure!.stderr).toContain('Keygate needs a master key to run on PostgreSQL');
    expect(failure!.stderr).toContain('KEYGATE_MASTER_KEY');
    expect(failure!.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('an instance with another master key than the database’s', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('refuses to start, instead of failing every token request later', async () => {
    const first = await startKeygate({
      ...testConfig(),
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
    });
    const organization = await first.services.prisma.organization.findFirstOrThrow();
    await first.services.signingKeys.signingKey(organization.id, 'ES256');
    await first.close();
    const other = Buffer.alloc(32, 9).toString('base64');
    await expect(
      startKeygate({
        ...testConfig({ KEYGATE_MASTER_KEY: other }),
        databaseUrl: database.url,
        port: 0,
        host: '127.0.0.1',
      }),
    ).rejects.toThrow(/does not open the token-signing keys/);
    // The right key starts as before.
    const again = await startKeygate({
      ...testConfig(),
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
    });
    await again.close();
  });
});
