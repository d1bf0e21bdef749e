import type { Membership, Prisma, Role } from '../generated/prisma/client.js';
import { type AuditedDeps, audited } from './audited.js';
import {
  InvalidStateError,
  NotFoundError,
  PermissionDeniedError,
  refuseDuplicate,
  ValidationError,
} from './errors.js';
import { exceedsGrantor, isPermission, type Permission } from './permissions.js';
import { generateSecret, hashSecret } from './secrets.js';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;
const INITIAL_TOKEN_DAYS = 7;

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

async function findMembership(tx: Prisma.TransactionClient, organizationId: string, id: string) {
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

/**
 * Adds a person to the organization, creating the user when the e-mail is new. Keygate has no passwords:
 * a new user gets a first personal access token, valid for a week, for the caller to hand over. That token
 * is bound to this organization, so whoever handed it over cannot use it anywhere else the user is later
 * added. A person Keygate already knows gets none: they have credentials of their own and pick this
 * organization with the organization header, and nobody else should hold a token that acts as them.
 */
export async function addMember(
  deps: AuditedDeps,
  grantor: Grantor,
  input: { email: string; name: string; role: Role; permissions?: readonly string[] | null },
  now = new Date(),
): Promise<{ membership: Membership; initialToken: string | null }> {
  const { organizationId } = deps.actor;
  return audited(deps, { action: 'member.added', targetType: 'Membership' }, async (tx) => {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw new ValidationError('email', 'email must be an e-mail address');
    const name = input.name.trim();
    if (!name || name.length > 100) throw new ValidationError('name', 'name must be 1 to 100 characters');
    const permissions = validateGrants(input.permissions ?? []);
    assertGrantable(grantor, input.role, permissions);
    const known = await tx.user.findUnique({ where: { email } });
    const user =
      known ??
      (await refuseDuplicate(
        tx.user.create({ data: { email, name } }),
        () => new ValidationError('email', 'this person was just added; try again'),
      ));
    const existing = await tx.membership.findUnique({
      where: { organizationId_userId: { organizationId, userId: user.id } },
    });
    if (existing) throw new ValidationError('email', 'this person is already a member');
    const membership = await refuseDuplicate(
      tx.membership.create({ data: { organizationId, userId: user.id, role: input.role, permissions } }),
      () => new ValidationError('email', 'this person is already a member'),
    );
    let initialToken: string | null = null;
    if (!known) {
      initialToken = generateSecret('PERSONAL_ACCESS_TOKEN');
      const token = await tx.personalAccessToken.create({
        data: {
          organizationId,
          userId: user.id,
          description: 'First sign-in token',
          expiresAt: new Date(now.getTime() + INITIAL_TOKEN_DAYS * 86_400_000),
          organizationBound: true,
        },
      });
      await tx.credentialSecret.create({
        data: { hash: hashSecret(initialToken), kind: 'PERSONAL_ACCESS_TOKEN', patId: token.id },
      });
    }
    return {
      result: { membership, initialToken },
      targetId: membership.id,
      changes: { after: { email, ...snapshot(membership), initialTokenIssued: initialToken !== null } },
    };
  });
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

/** Removes a member; their personal access tokens for this organization go with the membership. */
export async function removeMember(deps: AuditedDeps, grantor: Grantor, id: string): Promise<string> {
  return audited(deps, { action: 'member.removed', targetType: 'Membership', targetId: id }, async (tx) => {
    const before = await findMembership(tx, deps.actor.organizationId, id);
    assertGrantable(grantor, before.role, before.permissions);
    await assertNotLastOwner(tx, before);
    await tx.personalAccessToken.deleteMany({
      where: { organizationId: before.organizationId, userId: before.userId },
    });
    await tx.membership.delete({ where: { id } });
    return { result: id, targetId: id, changes: { before: snapshot(before) } };
  });
}
