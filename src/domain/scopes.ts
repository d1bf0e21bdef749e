import { ValidationError } from './errors.js';
import { isPermission, type Permission } from './permissions.js';

/**
 * A credential's scopes must name real permissions that the creating request holds itself: a credential
 * can narrow what its owner may do, never widen it.
 */
export function validateScopes(scopes: readonly string[], held: ReadonlySet<Permission>): Permission[] {
  const unique = [...new Set(scopes.map((s) => s.trim()))];
  for (const scope of unique) {
    if (!isPermission(scope)) throw new ValidationError('scopes', `unknown permission "${scope}"`);
    if (!held.has(scope)) {
      throw new ValidationError('scopes', `scope "${scope}" is more than the caller may grant`);
    }
  }
  return unique as Permission[];
}
