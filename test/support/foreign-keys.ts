import { createHash, randomBytes, randomInt } from 'node:crypto';

/*
 * Keys as the products Keygate migrates from make them, so that the import tests bring keys of their real
 * shapes (docs/migration.md says where each rule comes from).
 */

const ASCII_LETTERS_AND_DIGITS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * authentik's `default_token_key()` (authentik/core/models.py): `generate_id(tenant.default_token_length)`,
 * each character chosen by SystemRandom from `string.ascii_letters + string.digits`; the length defaults to
 * 60 (authentik/tenants/models.py DEFAULT_TOKEN_LENGTH).
 */
export function authentikTokenKey(length = 60): string {
  return Array.from({ length }, () => ASCII_LETTERS_AND_DIGITS[randomInt(62)]).join('');
}

/** authentik before tenants: `uuid4().hex`, 32 hexadecimal digits (authentik 2021's core/models.py). */
export function legacyAuthentikTokenKey(): string {
  return randomBytes(16).toString('hex');
}

/**
 * An Unleash API token as its ApiTokenService.generateSecretKey makes it: `<project>:<environment>.` and 28
 * random bytes in hex; `*` for all projects, `[]` for several, and `*:*.` for the deprecated admin tokens.
 */
export function unleashApiToken(project: string, environment: string): string {
  return `${project}:${environment}.${randomBytes(28).toString('hex')}`;
}

/** An Unleash personal access token (or service account token) of PatService: `user:` and 28 bytes in hex. */
export function unleashPersonalAccessToken(): string {
  return `user:${randomBytes(28).toString('hex')}`;
}

/**
 * An Unleash v2 token (its secure storage, authentication/authorization-token.ts): `<prefix>v2_<16 random
 * bytes base64url>_<32 random bytes base64url>`, of which Unleash stores only the selector and the verifier,
 * the SHA-256 of the whole token in base64url (authentication/token-verifier.ts).
 */
export function unleashV2Token(prefix: string): { secret: string; verifier: string } {
  const secret = `${prefix}v2_${randomBytes(16).toString('base64url')}_${randomBytes(32).toString('base64url')}`;
  return { secret, verifier: createHash('sha256').update(secret).digest('base64url') };
}

/** The SHA-256 of a key in hexadecimal, as an operator computes it from a key list. */
export function sha256Hex(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
