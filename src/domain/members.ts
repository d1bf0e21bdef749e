import type { Membership, Prisma, Role } from '../generated/prisma/client.js';
import { type AuditedDeps, audited } from './audited.js';
import { InvalidStateError, NotFoundError, PermissionDeniedError, ValidationError } from './errors.js';
import { exceedsGrantor, isPermission, type Permission } from './permissions.js';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

/** An e-mail address as Keygate keeps it: trimmed and lower-cased. */
export function validateEmail(email: string): string {
  const normalised = email.trim().toLowerCase();
  if (!EMAIL.test(normalised)) throw new ValidationError('email', 'email must be an e-mail address');
  return normalised;
}

/** A person's name as an organization calls them. */
export function validatePersonName(name: string, field = 'name'): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100)
    throw new ValidationError(field, `${field} must be 1 to 100 characters`);
  return trimmed;
}

export interface Grantor {
  permissions: ReadonlySet<Permission>;
}

export function validateGrants(permissions: readonly string[]): string[] {
  for (const permission of permissions) {
    if (!isPermission(permission))
      throw new ValidationError('permissions', `unknown permission "${permission.slice(0, 64)}"`);
  }
  return [...new Set(permissions)];
}

/** Refuses a role or grants that would give more than the granting request holds. */
export function assertGrantable(grantor: Grantor, role: Role, grants: readonly string[]): void {
  const excess = exceedsGrantor(grantor.permissions, { role, grants });
  if (excess) throw new PermissionDeniedError(excess);
}

function snapshot(membership: Membership) {
  return { role: membership.role, permissions: membership.permissions };
}

/** Finds a membership of the organization inside a transaction, or answers not found. */
export async function findMembership(tx: Prisma.TransactionClient, organizationId: string, id: string) {
  const membership = await tx.membership.findFirst({ where: { id, organizationId } });
  if (!membership) throw new NotFoundError('Membership');
  return membership;
}

/** An organization always keeps an owner: the last one can be neither demoted nor removed. */
async function assertNotLastOwner(tx: Prisma.TransactionClient, membership: Membership): Promise<void> {
  if (membership.role !== 'OWNER') return;
  // Lock the owners so two concurrent demotions cannot both see another owner left.
  const owners = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Membership" WHERE "organizationId" = ${membership.organizationId}::uuid AND role = 'OWNER' FOR UPDATE`;
  if (owners.length <= 1) throw new InvalidStateError('an organization must keep at least one owner');
}

export async function updateMember(
  deps: AuditedDeps,
  grantor: Grantor,
  id: string,
  input: { role?: Role | null; permissions?: readonly string[] | null },
): Promise<Membership> {
  return audited(deps, { action: 'member.updated', targetType: 'Membership', targetId: id }, async (tx) => {
    const before = await findMembership(tx, deps.actor.organizationId, id);
    const role = input.role ?? before.role;
    const permissions = input.permissions != null ? validateGrants(input.permissions) : before.permissions;
    // Both what the member has now and what they would get must be within the grantor's reach.
    assertGrantable(grantor, before.role, before.permissions);
    assertGrantable(grantor, role, permissions);
    if (role !== 'OWNER') await assertNotLastOwner(tx, before);
    const after = await tx.membership.update({ where: { id }, data: { role, permissions } });
    return { result: after, targetId: id, changes: { before: snapshot(before), after: snapshot(after) } };
  });
}

/**
 * Removes a member; their personal access tokens for this organization go with the membership. The event
 * names the person (their e-mail and this organization's name for them), so the log says who left.
 */
export async function removeMember(deps: AuditedDeps, grantor: Grantor, id: string): Promise<string> {
  return audited(deps, { action: 'member.removed', targetType: 'Membership', targetId: id }, async (tx) => {
    const before = await findMembership(tx, deps.actor.organizationId, id);
    assertGrantable(grantor, before.role, before.permissions);
    await assertNotLastOwner(tx, before);
    const { email } = await tx.user.findUniqueOrThrow({ where: { id: before.userId } });
    const removed = await tx.personalAccessToken.deleteMany({
      where: { organizationId: before.organizationId, userId: before.userId },
    });
    await tx.membership.delete({ where: { id } });
    return {
      result: id,
      targetId: id,
      changes: {
        before: { email, name: before.name, userId: before.userId, ...snapshot(before) },
        deletedPersonalAccessTokens: removed.count,
      },
    };
  });
}
