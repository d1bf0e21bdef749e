import type { Principal } from '../domain/authenticate.js';
import type { Permission } from '../domain/permissions.js';
import type { CredentialKind } from '../generated/prisma/client.js';

/**
 * The scopes fields are guarded with (builder.ts's AuthScopes), decided for a viewer. The builder hands
 * these to scope-auth; the audit of denied mutations (audit-context.ts) reads the same ones, so both agree
 * on what a field needs.
 */
export function scopeLoaders(viewer: Principal | null) {
  return {
    authenticated: viewer !== null,
    user: viewer?.kind === 'USER',
    permission: (permission: Permission) => viewer?.permissions.has(permission) ?? false,
    organization: (organizationId: string) => viewer?.organizationId === organizationId,
    self: (userId: string) => viewer?.kind === 'USER' && viewer.actorId === userId,
    credentialKind: (kind: CredentialKind) => viewer?.credential.kind === kind,
    ownCredential: (id: string) => viewer?.credential.id === id,
  };
}

type ScopeMap = Record<string, unknown>;

/**
 * Decides a field's static scope map (`{ permission: 'token:set_key' }`, `{ $all: { user: true,
 * permission: 'pat:create' } }`) for a viewer, and names the permissions that are missing. Maps that
 * depend on the object (functions) are not static: they are left to scope-auth, and answer null here.
 */
export function decideScopes(
  scopes: unknown,
  viewer: Principal | null,
): { allowed: boolean; missingPermissions: string[] } | null {
  if (!scopes || typeof scopes !== 'object') return null;
  const loaders = scopeLoaders(viewer);
  const missing: string[] = [];
  const decide = (map: ScopeMap, every: boolean): boolean => {
    const results = Object.entries(map).map(([name, parameter]) => {
      if (name === '$all') return decide(parameter as ScopeMap, true);
      if (name === '$any') return decide(parameter as ScopeMap, false);
      if (name === 'permission') {
        const held = loaders.permission(parameter as Permission);
        if (!held) missing.push(String(parameter));
        return held;
      }
      const loader = loaders[name as keyof typeof loaders];
      if (typeof loader === 'boolean') return loader === parameter;
      return typeof loader === 'function' ? (loader as (p: never) => boolean)(parameter as never) : false;
    });
    return every ? results.every(Boolean) : results.some(Boolean);
  };
  // A field's own map is an implicit $any of its entries, as scope-auth reads it.
  const allowed = decide(scopes as ScopeMap, false);
  return { allowed, missingPermissions: allowed ? [] : missing };
}
