import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret, hashSecret } from '../../src/domain/secrets.js';
import { startKeygate } from '../../src/server.js';
import { type GatewayKeygate, startGatewayKeygate } from '../support/gateway.js';
import { testConfig } from '../support/keygate.js';
import { seedMachineIdentity, seedMember, seedToken } from '../support/seed.js';

/** A key pair standing in for GitHub's: the test signs reports as GitHub would, Keygate knows the public half. */
function githubKey(identifier: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    identifier,
    privateKey,
    config: { key_identifier: identifier, key: publicKey.export({ type: 'spki', format: 'pem' }) as string },
  };
}

const GITHUB = githubKey('bcb53661c06b4728e59d897fb6165d5c9cda0fd9cdf9d09ead458168deb7518c');
const STRANGER = githubKey('not-github');

function signed(body: string, key: KeyObject = GITHUB.privateKey) {
  return sign('sha256', Buffer.from(body), { key, dsaEncoding: 'der' }).toString('base64');
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

describe('leaked secrets reported to Keygate', () => {
  let gateway: GatewayKeygate;
  const services = () => gateway.keygate.services;

  beforeAll(async () => {
    gateway = await startGatewayKeygate({
      KEYGATE_SECRET_SCANNING_GITHUB_KEYS: JSON.stringify({ public_keys: [GITHUB.config] }),
    });
  });
  afterAll(async () => gateway?.close());

  async function githubReport(
    matches: unknown[],
    options: { key?: KeyObject; identifier?: string; body?: string } = {},
  ) {
    const body = options.body ?? JSON.stringify(matches);
    return fetch(`${gateway.url}/secret-scanning/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'github-public-key-identifier': options.identifier ?? GITHUB.identifier,
        'github-public-key-signature': signed(options.key ? JSON.stringify(matches) : body, options.key),
      },
      body,
    });
  }

  async function liveToken() {
    const identity = await seedMachineIdentity(services(), gateway.organizationId);
    return seedToken(services(), gateway.organizationId, identity.id);
  }

  /** Whether a secret still authenticates, asked the way a client would: a GraphQL request with it. */
  async function works(secret: string) {
    const answer = await gateway.graphql('{ viewer { kind } }', {}, secret);
    return answer.data?.viewer?.kind !== undefined;
  }

  it('revokes a live secret GitHub reports, answers true_positive, and says where it was found', async () => {
    const token = await liveToken();
    const pat = await seedMember(services(), gateway.organizationId, 'MEMBER');
    const unknown = generateSecret('TOKEN');
    expect(await works(token.secret)).toBe(true);
    const url = 'https://github.com/someone/repo/blob/abc/config.env';
    const response = await githubReport([
      { token: token.secret, type: 'keygate_token', url, source: 'content' },
      { token: pat.secret, type: 'keygate_pat', url, source: 'content' },
      { token: unknown, type: 'keygate_token', url, source: 'content' },
    ]);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual([
      { token_hash: hashOf(token.secret), token_type: 'keygate_token', label: 'true_positive' },
      { token_hash: hashOf(pat.secret), token_type: 'keygate_pat', label: 'true_positive' },
      { token_hash: hashOf(unknown), token_type: 'keygate_token', label: 'false_positive' },
    ]);
    expect(text).not.toContain(token.secret);
    expect(await works(token.secret)).toBe(false);
    expect(await works(pat.secret)).toBe(false);

    const events = await services().prisma.auditEvent.findMany({ where: { action: 'credential.leaked' } });
    expect(events.map((event) => [event.targetId, event.actorType, event.changes])).toEqual(
      expect.arrayContaining([
        [token.tokenId, 'SYSTEM', { source: 'github', url, kind: 'TOKEN', action: 'revoked' }],
        [pat.patId, 'SYSTEM', { source: 'github', url, kind: 'PERSONAL_ACCESS_TOKEN', action: 'revoked' }],
      ]),
    );
    expect(JSON.stringify(events.map((event) => event.changes))).not.toContain(token.secret);
    // Reported again: no longer live, nothing more happens.
    const again = await githubReport([
      { token: token.secret, type: 'keygate_token', url, source: 'content' },
    ]);
    expect((await again.json())[0].label).toBe('false_positive');
    expect(await services().prisma.auditEvent.count({ where: { action: 'credential.leaked' } })).toBe(2);
  });

  it('counts a rotated-out secret still in its grace period as live, and ends the credential', async () => {
    const token = await liveToken();
    // What rotateToken leaves behind: the old secret, working until its grace period ends.
    const graced = generateSecret('TOKEN');
    await services().prisma.credentialSecret.create({
      data: {
        hash: hashSecret(graced),
        kind: 'TOKEN',
        tokenId: token.tokenId,
        validUntil: new Date(Date.now() + 60_000),
      },
    });
    expect(await works(graced)).toBe(true);
    const response = await githubReport([{ token: graced, type: 'keygate_token', url: 'https://x/old' }]);
    expect((await response.json())[0].label).toBe('true_positive');
    expect(await works(graced)).toBe(false);
    expect(await works(token.secret)).toBe(false);
  });

  it('refuses a report not signed by a configured GitHub key, and changes nothing', async () => {
    const token = await liveToken();
    const matches = [{ token: token.secret, type: 'keygate_token', url: 'https://x', source: 'content' }];
    const forged = await githubReport(matches, { key: STRANGER.privateKey });
    expect(forged.status).toBe(401);
    const unknownKey = await githubReport(matches, { identifier: STRANGER.identifier });
    expect(unknownKey.status).toBe(401);
    // Signed, then altered on the way.
    const body = JSON.stringify(matches);
    const tampered = await fetch(`${gateway.url}/secret-scanning/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'github-public-key-identifier': GITHUB.identifier,
        'github-public-key-signature': signed(body),
      },
      body: body.replace('content', 'commit!'),
    });
    expect(tampered.status).toBe(401);
    const unsigned = await fetch(`${gateway.url}/secret-scanning/github`, { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    expect(await works(token.secret)).toBe(true);
    const malformed = await githubReport([], { body: '{"not": "an array"}' });
    expect(malformed.status).toBe(400);
  });

  it('only reports, and leaves the credential working, where the leak policy says REPORT', async () => {
    const token = await liveToken();
    await services().prisma.organization.update({
      where: { id: gateway.organizationId },
      data: { leakAction: 'REPORT' },
    });
    try {
      const response = await githubReport([
        { token: token.secret, type: 'keygate_token', url: 'https://x/y' },
      ]);
      expect((await response.json())[0].label).toBe('true_positive');
      expect(await works(token.secret)).toBe(true);
      const event = await services().prisma.auditEvent.findFirst({
        where: { action: 'credential.leaked', targetId: token.tokenId },
      });
      expect(event?.changes).toMatchObject({ action: 'reported' });
    } finally {
      await services().prisma.organization.update({
        where: { id: gateway.organizationId },
        data: { leakAction: 'REVOKE' },
      });
    }
  });

  it('takes public reports from anyone, answers all of them alike, and limits how many', async () => {
    const token = await liveToken();
    const report = (body: unknown, ip: string) =>
      fetch(`${gateway.url}/secret-scanning/report`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify(body),
      });
    const live = await report({ secret: token.secret, url: 'https://pastebin.example/abc' }, '198.51.100.7');
    const bogus = await report({ secret: generateSecret('TOKEN') }, '198.51.100.7');
    const notASecret = await report({ token: 'hunter2' }, '198.51.100.7');
    const answers = [live, bogus, notASecret];
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    const bodies = await Promise.all(answers.map((a) => a.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(await works(token.secret)).toBe(false);
    const event = await services().prisma.auditEvent.findFirst({
      where: { action: 'credential.leaked', targetId: token.tokenId },
    });
    expect(event?.changes).toMatchObject({
      source: 'report',
      url: 'https://pastebin.example/abc',
      action: 'revoked',
    });
    expect(JSON.stringify(event?.changes)).not.toContain(token.secret);
    expect(bodies[0]).not.toContain(token.secret);
    expect((await report('not an object', '198.51.100.7')).status).toBe(400);
  });
});

describe('public leak reports are rate-limited per address', () => {
  let gateway: GatewayKeygate;
  beforeAll(async () => {
    gateway = await startGatewayKeygate({ KEYGATE_TRUST_PROXY: 'true' });
  });
  afterAll(async () => gateway?.close());

  it('answers 429 past the hourly limit, to that address only', async () => {
    const send = (ip: string) =>
      fetch(`${gateway.url}/secret-scanning/report`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ secret: generateSecret('TOKEN') }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await send('203.0.113.9')).status);
    expect(statuses.slice(0, 20).every((status) => status === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect((await send('203.0.113.10')).status).toBe(202);
    // Not configured for GitHub: that door is closed.
    const github = await fetch(`${gateway.url}/secret-scanning/github`, { method: 'POST', body: '[]' });
    expect(github.status).toBe(404);
  });
});

describe('leak reports on the embedded database', () => {
  it('revokes a live secret GitHub reports', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'keygate-leaks-'));
    const keygate = await startKeygate({
      ...testConfig({ KEYGATE_SECRET_SCANNING_GITHUB_KEYS: JSON.stringify([GITHUB.config]) }),
      masterKey: undefined,
      databaseUrl: undefined,
      dataDir,
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const organization = await keygate.services.prisma.organization.findFirstOrThrow();
      const identity = await seedMachineIdentity(keygate.services, organization.id);
      const token = await seedToken(keygate.services, organization.id, identity.id);
      const body = JSON.stringify([{ token: token.secret, type: 'keygate_token', url: 'https://x' }]);
      const response = await fetch(`${keygate.url}/secret-scanning/github`, {
        method: 'POST',
        headers: {
          'github-public-key-identifier': GITHUB.identifier,
          'github-public-key-signature': signed(body),
        },
        body,
      });
      expect((await response.json())[0].label).toBe('true_positive');
      const row = await keygate.services.prisma.token.findUniqueOrThrow({ where: { id: token.tokenId } });
      expect(row.revokedAt).not.toBeNull();
    } finally {
      await keygate.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
