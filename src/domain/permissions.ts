/**
 * Named permissions, one per action, and the built-in roles that map to sets of them. What a request may
 * do is the owner's current permissions (role plus single grants), narrowed by its credential's scopes
 * when the credential has any. Scopes never widen.
 */
export const PERMISSIONS = [
  'organization:read',
  'organization:manage',
  'organization:create',
  'organization:suspend',
  'organization:resume',
  'organization:delete',
  'member:read',
  'member:manage',
  'identity:read',
  'identity:manage',
  'token:read',
  'token:create',
  'token:update',
  'token:renew',
  'token:rotate',
  'token:set_key',
  'token:revoke',
  'token:delete',
  'pat:read',
  'pat:create',
  'pat:delete',
  'project:read',
  'project:manage',
  'appkey:read',
  'appkey:create',
  'appkey:revoke',
  'appkey:delete',
  'audit:read',
  'credential:verify',
  'webhook:manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export type RoleName = 'OWNER' | 'ADMIN' | 'MEMBER' | 'AUDITOR';

const READ: Permission[] = [
  'organization:read',
  'member:read',
  'identity:read',
  'token:read',
  'pat:read',
  'project:read',
  'appkey:read',
];

/** What only owners hold: the organization itself (its settings, its life) and who belongs to it. */
const OWNER_ONLY: readonly Permission[] = [
  'organization:manage',
  'organization:suspend',
  'organization:resume',
  'organization:delete',
  'member:manage',
];

export const ROLE_PERMISSIONS: Record<RoleName, readonly Permission[]> = {
  OWNER: PERMISSIONS,
  ADMIN: PERMISSIONS.filter((p) => !OWNER_ONLY.includes(p)),
  MEMBER: [...READ, 'organization:create', 'pat:create', 'pat:delete', 'credential:verify'],
  AUDITOR: [...READ, 'organization:create', 'pat:create', 'pat:delete', 'audit:read'],
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/**
 * Permissions that come with another: whoever may change a thing may read it (and what it hangs on), so a
 * mutation's payload is always readable by the caller who made it and a secret is never lost to a denied
 * payload field.
 */
const IMPLIED: Partial<Record<Permission, readonly Permission[]>> = {
  'organization:manage': ['organization:read'],
  'organization:suspend': ['organization:read'],
  'organization:delete': ['organization:read'],
  // organization:resume implies nothing: it is all an owner's token holds in a suspended organization.
  'member:manage': ['member:read'],
  'identity:manage': ['identity:read'],
  'token:create': ['token:read', 'identity:read'],
  'token:update': ['token:read', 'identity:read'],
  'token:renew': ['token:read', 'identity:read'],
  'token:rotate': ['token:read', 'identity:read'],
  'token:set_key': ['token:read', 'identity:read'],
  'token:revoke': ['token:read', 'identity:read'],
  'token:delete': ['token:read', 'identity:read'],
  'pat:create': ['pat:read'],
  'pat:delete': ['pat:read'],
  'project:manage': ['project:read'],
  'appkey:create': ['appkey:read', 'project:read'],
  'appkey:revoke': ['appkey:read', 'project:read'],
  'appkey:delete': ['appkey:read', 'project:read'],
};

function withImplied(permissions: Iterable<Permission>): Set<Permission> {
  const result = new Set<Permission>();
  for (const permission of permissions) {
    result.add(permission);
    for (const implied of IMPLIED[permission] ?? []) result.add(implied);
  }
  return result;
}

export function effectivePermissions(input: {
  role: RoleName;
  grants: readonly string[];
  scopes: readonly string[];
}): ReadonlySet<Permission> {
  const owned = withImplied([...ROLE_PERMISSIONS[input.role], ...input.grants.filter(isPermission)]);
  if (input.scopes.length === 0) return owned;
  return withImplied(input.scopes.filter((scope): scope is Permission => owned.has(scope as Permission)));
}

/**
 * Nobody hands out more than they hold: a role or grant given to a member or machine identity must not
 * carry a permission the granting request lacks. Returns the first such permission, or null.
 */
export function exceedsGrantor(
  grantor: ReadonlySet<Permission>,
  granted: { role: RoleName; grants: readonly string[] },
): Permission | null {
  for (const permission of effectivePermissions({ ...granted, scopes: [] })) {
    if (!grantor.has(permission)) return permission;
  }
  return null;
}
