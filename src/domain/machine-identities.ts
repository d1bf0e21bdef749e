import type { MachineIdentity, Prisma, Role } from '../generated/prisma/client.js';
import { type AuditedDeps, audited } from './audited.js';
import { NotFoundError, refuseDuplicate, ValidationError } from './errors.js';
import { assertGrantable, type Grantor, validateGrants } from './members.js';

export const NAME_MAX_LENGTH = 100;

export function validateName(name: string, field = 'name'): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new ValidationError(field, `${field} must not be empty`);
  if (trimmed.length > NAME_MAX_LENGTH) {
    throw new ValidationError(field, `${field} must be at most ${NAME_MAX_LENGTH} characters`);
  }
  return trimmed;
}

/** Finds an identity of the caller's organization inside a transaction, or answers not found. */
export async function findIdentity(tx: Prisma.TransactionClient, organizationId: string, id: string) {
  const identity = await tx.machineIdentity.findFirst({ where: { id, organizationId } });
  if (!identity) throw new NotFoundError('MachineIdentity');
  return identity;
}

async function assertNameFree(
  tx: Prisma.TransactionClient,
  organizationId: string,
  name: string,
  except?: string,
) {
  const taken = await tx.machineIdentity.findFirst({
    where: { organizationId, name, ...(except ? { NOT: { id: except } } : {}) },
    select: { id: true },
  });
  if (taken) throw nameTaken();
}

const nameTaken = () => new ValidationError('name', 'a machine identity with this name already exists');

function snapshot(identity: MachineIdentity) {
  return {
    name: identity.name,
    role: identity.role,
    permissions: identity.permissions,
    disabled: identity.disabledAt !== null,
  };
}

export async function createMachineIdentity(
  deps: AuditedDeps,
  grantor: Grantor,
  input: { name: string; role?: Role | null; permissions?: readonly string[] | null },
): Promise<MachineIdentity> {
  const { organizationId } = deps.actor;
  return audited(deps, { action: 'identity.created', targetType: 'MachineIdentity' }, async (tx) => {
    const name = validateName(input.name);
    const permissions = validateGrants(input.permissions ?? []);
    assertGrantable(grantor, input.role ?? 'MEMBER', permissions);
    await assertNameFree(tx, organizationId, name);
    const identity = await refuseDuplicate(
      tx.machineIdentity.create({
        data: { organizationId, name, role: input.role ?? 'MEMBER', permissions },
      }),
      nameTaken,
    );
    return { result: identity, targetId: identity.id, changes: { after: snapshot(identity) } };
  });
}

export async function updateMachineIdentity(
  deps: AuditedDeps,
  grantor: Grantor,
  id: string,
  input: { name?: string | null; role?: Role | null; permissions?: readonly string[] | null },
): Promise<MachineIdentity> {
  const { organizationId } = deps.actor;
  return audited(
    deps,
    { action: 'identity.updated', targetType: 'MachineIdentity', targetId: id },
    async (tx) => {
      const before = await findIdentity(tx, organizationId, id);
      const data: Prisma.MachineIdentityUpdateInput = {};
      if (input.name != null) {
        data.name = validateName(input.name);
        await assertNameFree(tx, organizationId, data.name, id);
      }
      const role = input.role ?? before.role;
      const permissions = input.permissions != null ? validateGrants(input.permissions) : before.permissions;
      // An identity the caller could not have created is not the caller's to change.
      assertGrantable(grantor, before.role, before.permissions);
      assertGrantable(grantor, role, permissions);
      data.role = role;
      data.permissions = permissions;
      const after = await tx.machineIdentity.update({ where: { id }, data });
      return { result: after, targetId: id, changes: { before: snapshot(before), after: snapshot(after) } };
    },
  );
}

/** A disabled identity's tokens stop authenticating at once; enabling brings the unexpired ones back. */
export async function setMachineIdentityDisabled(
  deps: AuditedDeps,
  grantor: Grantor,
  id: string,
  disabled: boolean,
): Promise<MachineIdentity> {
  const action = disabled ? 'identity.disabled' : 'identity.enabled';
  return audited(deps, { action, targetType: 'MachineIdentity', targetId: id }, async (tx) => {
    const before = await findIdentity(tx, deps.actor.organizationId, id);
    assertGrantable(grantor, before.role, before.permissions);
    const after = await tx.machineIdentity.update({
      where: { id },
      data: { disabledAt: disabled ? (before.disabledAt ?? new Date()) : null },
    });
    return { result: after, targetId: id, changes: { before: snapshot(before), after: snapshot(after) } };
  });
}

export async function deleteMachineIdentity(
  deps: AuditedDeps,
  grantor: Grantor,
  id: string,
): Promise<string> {
  return audited(
    deps,
    { action: 'identity.deleted', targetType: 'MachineIdentity', targetId: id },
    async (tx) => {
      const before = await findIdentity(tx, deps.actor.organizationId, id);
      // An identity the caller could not have created is not the caller's to switch off or remove.
      assertGrantable(grantor, before.role, before.permissions);
      await tx.machineIdentity.delete({ where: { id } });
      return { result: id, targetId: id, changes: { before: snapshot(before) } };
    },
  );
}
