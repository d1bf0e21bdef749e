import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, errors } from 'jose';
import { describe, expect, it } from 'vitest';
import { signCompactJws } from '../../src/keys/jws.js';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../src/keys/signing-keys.js';

// Access tokens are signed with node:crypto (src/keys/jws.ts) and verified by everyone else with a JOSE
// library: each algorithm's signature must be what jose accepts, and nothing else must pass.

function pair(algorithm: SigningAlgorithm) {
  if (algorithm === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (algorithm === 'EdDSA') return generateKeyPairSync('ed25519');
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

describe('compact JWS signing', () => {
  for (const algorithm of SIGNING_ALGORITHMS) {
    it(`signs ${algorithm} as jose verifies it, and a changed byte fails`, async () => {
      const { privateKey, publicKey } = pair(algorithm);
      const jws = signCompactJws(
        { algorithm, kid: 'kid-1', privateKey },
        { typ: 'at+jwt' },
        { sub: 'someone', n: 1 },
      );
      expect(decodeProtectedHeader(jws)).toEqual({ typ: 'at+jwt', alg: algorithm, kid: 'kid-1' });
      const { payload } = await compactVerify(jws, publicKey, { algorithms: [algorithm] });
      expect(JSON.parse(Buffer.from(payload).toString())).toEqual({ sub: 'someone', n: 1 });

      const [header, body, signature] = jws.split('.') as [string, string, string];
      const tampered = `${header}.${Buffer.from('{"sub":"someone","n":2}').toString('base64url')}.${signature}`;
      await expect(compactVerify(tampered, publicKey, { algorithms: [algorithm] })).rejects.toBeInstanceOf(
        errors.JWSSignatureVerificationFailed,
      );
      const other = pair(algorithm).publicKey;
      await expect(compactVerify(`${header}.${body}.${signature}`, other)).rejects.toBeInstanceOf(
        errors.JWSSignatureVerificationFailed,
      );
    });
  }
});
