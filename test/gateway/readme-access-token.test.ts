import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApplicationWithKey,
  createApplicationWithKey,
  type GatewayKeygate,
  startGatewayKeygate,
} from '../support/gateway.js';
import { fillIn, readmeBlocks } from '../support/readme.js';

/*
 * "Get an access token with your application key", as the README writes it: the curl command, the Node
 * program and the API's verification, each run against a Keygate of the test's own.
 */

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const API = 'https://api.example.com';

let gateway: GatewayKeygate;
let app: ApplicationWithKey;
let dir: string;

beforeAll(async () => {
  gateway = await startGatewayKeygate();
  app = await createApplicationWithKey(gateway, {
    allowedScopes: ['orders:read', 'orders:write'],
    allowedAudiences: [API],
    accessTokenLifetime: 900,
  });
  dir = await mkdtemp(path.join(tmpdir(), 'keygate-readme-'));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  await gateway?.close();
});

/** The README's `js` block that contains `marker`, with Keygate's address made this test's. */
function jsBlock(marker: string): string {
  const block = readmeBlocks('js').find((candidate) => candidate.includes(marker));
  if (!block) throw new Error(`the README has no js block with ${marker}`);
  return block;
}

/** Runs a README program as an ES module from the repository, where its imports resolve. */
async function runModule(code: string, env: Record<string, string>) {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    timeout: 60_000,
  });
  return stdout;
}

describe('Get an access token with your application key (README)', () => {
  it('curl, with an assertion signed from the key file', async () => {
    const block = readmeBlocks('sh').find((candidate) => candidate.includes('/oauth/token'));
    if (!block) throw new Error('the README has no sh block for /oauth/token');
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({
      iss: app.clientId,
      sub: app.clientId,
      aud: gateway.url,
      jti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'RS256', kid: app.file.keyId })
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(app.privateKey);
    const { stdout } = await run('bash', ['-c', fillIn(block, { 'http://localhost:4000': gateway.url })], {
      env: { PATH: process.env.PATH, ASSERTION: assertion },
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toMatchObject({
      token_type: 'Bearer',
      expires_in: expect.any(Number),
      scope: 'orders:read',
      access_token: expect.stringMatching(/^eyJ/),
    });
  });

  it('Node with oauth4webapi, and the API verifying the token with jose', async () => {
    const keyFile = path.join(dir, 'key.json');
    await writeFile(keyFile, JSON.stringify(app.file), { mode: 0o600 });
    const stdout = await runModule(jsBlock('clientCredentialsGrantRequest'), {
      KEYGATE_URL: gateway.url,
      KEY_FILE: keyFile,
    });
    const match = /^access token for (\d+) s: (eyJ\S+)$/m.exec(stdout);
    expect(match, stdout).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(800);
    const accessToken = match![2]!;

    const verify = fillIn(jsBlock('createRemoteJWKSet'), { 'http://localhost:4000': gateway.url });
    const verified = await runModule(
      `const accessToken = process.env.ACCESS_TOKEN;\n${verify}\nconsole.log(JSON.stringify(payload));`,
      { ACCESS_TOKEN: accessToken },
    );
    expect(JSON.parse(verified)).toMatchObject({ client_id: app.clientId, scope: 'orders:read', aud: [API] });
  });
});
