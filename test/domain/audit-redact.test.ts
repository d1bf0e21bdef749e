import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/domain/audit.js';
import { formatSecret, generateSecret } from '../../src/domain/secrets.js';

const R = '[redacted]';

function jwt(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k1' })}.${part({ sub: 'client', exp: 1 })}.${randomBytes(64).toString('base64url')}`;
}

function pem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
}

describe('redact', () => {
  it('redacts secret-bearing keys, whatever their case or separators', () => {
    const keys = [
      'secret',
      'key',
      'privateKey',
      'hash',
      'secretHash',
      'password',
      'keyDetails',
      'token',
      'initialToken',
      'clientSecret',
      'client_secret',
      'assertion',
      'apiKey',
      'API-KEY',
      'accessToken',
      'access_token',
      'refreshToken',
      'REFRESH_TOKEN',
    ];
    const redacted = redact(Object.fromEntries(keys.map((key) => [key, 'anything']))) as object;
    expect(Object.values(redacted)).toEqual(keys.map(() => R));
    // Objects and arrays under such keys go whole.
    expect(redact({ token: { id: 1 }, keyDetails: ['a'] })).toEqual({ token: R, keyDetails: R });
  });

  it('keeps what only mentions a secret', () => {
    const changes = {
      secretRotated: true,
      keyChanged: true,
      initialTokenIssued: false,
      revokedTokenIds: ['3f2504e0-4f89-41d3-9a0c-0305e82c3301'],
      gracePeriodSeconds: 300,
      reason: 'key must be a Keygate secret: kg_tok_, 43 base64url characters of 32 random bytes',
      expiresAt: '2027-01-01T00:00:00.000Z',
      publicKey: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----\n',
      throughHash: 'ab'.repeat(32),
      count: 5,
      nothing: null,
    };
    expect(redact(changes)).toEqual(changes);
  });

  it('redacts Keygate secrets by value, anywhere and at any depth', () => {
    const pat = generateSecret('PERSONAL_ACCESS_TOKEN');
    const tok = formatSecret('TOKEN', randomBytes(32));
    expect(
      redact({
        name: tok,
        description: `my laptop ${pat} (do not share)`,
        scopes: ['token:read', tok],
        reason: `unknown permission "${tok}"`,
        deep: { deeper: [{ deepest: [pat] }] },
        glued: `x${pat}${tok}y`,
        [tok]: true,
      }),
    ).toEqual({
      name: R,
      description: `my laptop ${R} (do not share)`,
      scopes: ['token:read', R],
      reason: `unknown permission "${R}"`,
      deep: { deeper: [{ deepest: [R] }] },
      glued: `x${R}${R}y`,
      [R]: true,
    });
  });

  it('leaves text that only looks like a secret: identifying fields stay readable', () => {
    const tok = formatSecret('TOKEN', randomBytes(32));
    const changes = {
      email: 'kg_pat_x@kg_tok_x.example',
      name: 'kg_tok_team',
      truncated: 'kg_pat_abc',
      // A secret with one character changed fails its checksum: it is not one.
      mistyped: `${tok.slice(0, -1)}${tok.endsWith('A') ? 'B' : 'A'}`,
    };
    expect(redact(changes)).toEqual(changes);
  });

  it('finds a secret that begins inside text that only looks like one', () => {
    const pat = generateSecret('PERSONAL_ACCESS_TOKEN');
    expect(redact({ note: `kg_tok_${pat}` })).toEqual({ note: `kg_tok_${R}` });
  });

  it('redacts PEM private keys, even cut off, and JWTs by value', () => {
    const key = pem();
    const token = jwt();
    const result = redact({
      note: `here: ${key.trim()} thanks`,
      keyFile: JSON.stringify({ type: 'application', key, keyId: 'k1' }),
      cutOff: key.slice(0, 200),
      ec: '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n-----END EC PRIVATE KEY-----',
      bearer: `Bearer ${token}`,
      unsigned: `${token.split('.').slice(0, 2).join('.')}.`,
      list: [[token]],
    });
    expect(result).toEqual({
      note: `here: ${R} thanks`,
      keyFile: expect.not.stringContaining('PRIVATE KEY'),
      cutOff: R,
      ec: R,
      bearer: `Bearer ${R}`,
      unsigned: R,
      list: [[R]],
    });
    expect(JSON.stringify(result)).not.toMatch(/MII|eyJ/);
    expect(JSON.parse((result as { keyFile: string }).keyFile as string)).toBeTypeOf('object');
  });

  it('redacts raw bytes and leaves dates and scalars alone', () => {
    const when = new Date('2026-01-01T00:00:00Z');
    expect(redact({ digest: new Uint8Array([1, 2, 3]), when, n: 1, yes: true })).toEqual({
      digest: R,
      when,
      n: 1,
      yes: true,
    });
    expect(redact('plain')).toBe('plain');
    expect(redact(null)).toBe(null);
  });
});
