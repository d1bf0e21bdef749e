import type { Context } from '../context.js';
import type { Permission } from '../domain/permissions.js';

/**
 * An id that matches no row. Lookups for objects outside the caller's reach use it, so they answer "not
 * found" through the same path as a missing object.
 */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * `findUnique` for a node of the caller's organization that needs `permission` to be seen: anything else
 * (another organization's object, or one the caller may not read) is answered exactly like a missing id.
 */
export function inOrganization(permission: Permission) {
  return (id: string, context: Context) => ({
    id,
    organizationId: context.viewer?.permissions.has(permission) ? context.viewer.organizationId : NIL_UUID,
  });
}
