import type { PothosTypes } from '../builder.js';
import { countFailedSecret } from '../caller.js';
import type { AuthenticatedContext } from '../context.js';
import { KeyInUseError } from '../domain/imported-keys.js';
import { rateLimitedError } from '../protection.js';

/** The two ways to give a key, shared by setTokenKey's input and each item of the imports. */
export const keyInputs = (
  t: PothosSchemaTypes.InputFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>, 'InputObject'>,
  prefix: string,
) => ({
  key: t.string({
    required: false,
    description:
      `The key: a Keygate secret (${prefix}…), or a key from another product (printable ASCII without ` +
      'spaces, KEYGATE_IMPORTED_KEY_MIN_LENGTH to 512 characters, random-looking). Stored only as its SHA-256.',
  }),
  keySha256: t.string({
    required: false,
    description:
      'Instead of key, when only its hash is known: the SHA-256 of the key, as 64 hexadecimal digits or 43 ' +
      'base64url characters. Exactly one of key and keySha256.',
  }),
});

/**
 * Runs a key change. A key that is the secret of a credential the caller may not see was presented: it is
 * counted and recorded like a failed authentication with it (`via` says how), while the caller hears only
 * that the key cannot be used.
 */
export async function countingPresentedKeys<T>(
  context: AuthenticatedContext,
  via: string,
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof KeyInUseError && error.holder && error.hash) {
      const decision = await countFailedSecret(
        context.services,
        context,
        error.hash,
        { ok: false, code: 'NOT_FOUND', known: error.holder },
        via,
      );
      if (!decision.allowed) throw rateLimitedError(decision.retryAfterSeconds);
    }
    throw error;
  }
}
