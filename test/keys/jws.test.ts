import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, errors, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signCompactJws, verifyCompactJwt } from '../../src/keys/jws.js';
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

describe('compact JWT verification', () => {
  const { privateKey, publicKey } = pair('ES256');
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: 'https://keygate.test', sub: 's', iat: now, exp: now + 60, jti: 'j' };
  const options = { issuer: 'https://keygate.test', typ: 'at+jwt', requiredClaims: ['jti'] };
  const signed = (header: Record<string, unknown>, payload: Record<string, unknown> = claims) =>
    signCompactJws({ algorithm: 'ES256', kid: 'k', privateKey }, header, payload);

  it('answers the claims of a token jose signed, as jose would', async () => {
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k', typ: 'at+jwt' })
      .sign(privateKey);
    expect(verifyCompactJwt(jwt, publicKey, 'ES256', options)).toEqual(claims);
  });

  it('refuses what jose refuses, with its errors', () => {
    const refusals: [string, new (...args: never[]) => Error][] = [
      [signed({ typ: 'JWT' }), errors.JWTClaimValidationFailed],
      [
        signed({ typ: 'at+jwt' }, { ...claims, iss: 'https://elsewhere.test' }),
        errors.JWTClaimValidationFailed,
      ],
      [signed({ typ: 'at+jwt' }, { ...claims, exp: now - 10 }), errors.JWTExpired],
      [signed({ typ: 'at+jwt' }, { ...claims, jti: undefined }), errors.JWTClaimValidationFailed],
      // An extension the verifier does not know must be refused (RFC 7515 §4.1.11).
      [signed({ typ: 'at+jwt', crit: ['exp'], exp: 1 }), errors.JOSENotSupported],
      [
        signCompactJws(
          { algorithm: 'ES256', kid: 'k', privateKey: pair('ES256').privateKey },
          { typ: 'at+jwt' },
          claims,
        ),
        errors.JWSSignatureVerificationFailed,
      ],
    ];
    for (const [jwt, error] of refusals) {
      expect(() => verifyCompactJwt(jwt, publicKey, 'ES256', options), jwt).toThrow(error);
    }
  });

  it('takes only the algorithm it is told, whatever the header says', () => {
    const jwt = signed({ typ: 'at+jwt' });
    const [, payload, signature] = jwt.split('.');
    for (const alg of ['none', 'HS256', 'RS256', 'EdDSA']) {
      const header = Buffer.from(JSON.stringify({ alg, kid: 'k', typ: 'at+jwt' })).toString('base64url');
      expect(() =>
        verifyCompactJwt(`${header}.${payload}.${signature}`, publicKey, 'ES256', options),
      ).toThrow(errors.JOSEAlgNotAllowed);
    }
    // A key of another type than the algorithm's is refused before any signature is checked with it.
    expect(() => verifyCompactJwt(jwt, pair('RS256').publicKey, 'ES256', options)).toThrow(
      errors.JOSENotSupported,
    );
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const weak = signCompactJws({ algorithm: 'RS256', kid: 'k', privateKey: small.privateKey }, {}, claims);
    expect(() => verifyCompactJwt(weak, small.publicKey, 'RS256', {})).toThrow(errors.JOSENotSupported);
    // A signature with characters base64url does not have is refused, as jose refuses it.
    expect(() => verifyCompactJwt(`${jwt}!!`, publicKey, 'ES256', options)).toThrow(errors.JWSInvalid);
    expect(() => verifyCompactJwt(`${jwt}.x`, publicKey, 'ES256', options)).toThrow(errors.JWSInvalid);
  });
});
