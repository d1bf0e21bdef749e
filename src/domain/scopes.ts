import { PermissionDeniedError, ValidationError } from './errors.js';
import { isPermission, type Permission } from './permissions.js';

/**
 * An RFC 6749 §3.3 scope token (printable ASCII but space, `"` and `\`), at most 200 characters: what an
 * access token's scope, an application's allowed scopes and a forward-auth requirement are made of, and
 * what may be named back in a WWW-Authenticate challenge (RFC 6750).
 */
export const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]{1,200}$/;

/**
 * An audience (RFC 8707 resource) as Keygate keeps it: an absolute http(s) URI without a fragment, or a
 * `urn:` name, at most 200 characters; what access tokens name in `aud` and forward auth may require.
 */
export function isAudience(value: string): boolean {
  if (value.length === 0 || value.length > 200 || value.includes('#') || value.trim() !== value) return false;
  if (value.startsWith('urn:')) return true;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * A credential's scopes must name real permissions that the creating request holds itself: a credential
 * can narrow what its owner may do, never widen it.
 */
export function validateScopes(scopes: readonly string[], held: ReadonlySet<Permission>): Permission[] {
  const unique = [...new Set(scopes.map((s) => s.trim()))];
  for (const scope of unique) {
    // Only a value shaped like a permission name is quoted back: a scope could be anything, a secret too.
    if (!isPermission(scope)) {
      const shown = /^[a-z_]{1,32}:[a-z_]{1,32}$/.test(scope) ? ` ${JSON.stringify(scope)}` : '';
      throw new ValidationError('scopes', `unknown permission${shown}`);
    }
    if (!held.has(scope)) {
      throw new ValidationError('scopes', `scope "${scope}" is more than the caller may grant`);
    }
  }
  return unique as Permission[];
}

/**
 * A request may renew or re-key one of its owner's credentials only if that credential can do no more
 * than the request itself: a token narrowed to a few permissions cannot mint a full-power secret. An
 * unscoped credential (all of its owner's permissions) needs an unscoped caller.
 */
export function assertCredentialWithinCaller(
  credentialScopes: readonly string[],
  caller: { permissions: ReadonlySet<Permission>; scopes: readonly string[] },
): void {
  // An unscoped caller holds everything its owner holds, so no credential of the owner's is stronger.
  if (caller.scopes.length === 0) return;
  if (credentialScopes.length === 0) throw new PermissionDeniedError('an unscoped credential');
  for (const scope of credentialScopes) {
    if (!isPermission(scope) || !caller.permissions.has(scope)) throw new PermissionDeniedError(scope);
  }
}
