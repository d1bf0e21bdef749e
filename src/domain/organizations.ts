import type { Organization } from '../generated/prisma/client.js';
import { type AuditedDeps, audited } from './audited.js';
import { ValidationError } from './errors.js';

export interface OrganizationSettings {
  name?: string | null;
  patMaxLifetimeDays?: number | null;
  patLimitPerUser?: number | null;
  appKeyDefaultLifetimeDays?: number | null;
  /** 0 turns retention off (events are kept for ever). */
  auditRetentionDays?: number | null;
}

function within(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, `${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function snapshot(organization: Organization) {
  const { name, patMaxLifetimeDays, patLimitPerUser, appKeyDefaultLifetimeDays, auditRetentionDays } =
    organization;
  return { name, patMaxLifetimeDays, patLimitPerUser, appKeyDefaultLifetimeDays, auditRetentionDays };
}

/** Changes the organization's name and credential policies; omitted settings stay as they are. */
export async function updateOrganization(
  deps: AuditedDeps,
  input: OrganizationSettings,
): Promise<Organization> {
  const id = deps.actor.organizationId;
  return audited(
    deps,
    { action: 'organization.updated', targetType: 'Organization', targetId: id },
    async (tx) => {
      const before = await tx.organization.findUniqueOrThrow({ where: { id } });
      const data: Partial<Organization> = {};
      if (input.name != null) {
        const name = input.name.trim();
        if (!name || name.length > 100) throw new ValidationError('name', 'name must be 1 to 100 characters');
        data.name = name;
      }
      if (input.patMaxLifetimeDays != null)
        data.patMaxLifetimeDays = within('patMaxLifetimeDays', input.patMaxLifetimeDays, 1, 3660);
      if (input.patLimitPerUser != null)
        data.patLimitPerUser = within('patLimitPerUser', input.patLimitPerUser, 1, 10_000);
      if (input.appKeyDefaultLifetimeDays != null) {
        data.appKeyDefaultLifetimeDays = within(
          'appKeyDefaultLifetimeDays',
          input.appKeyDefaultLifetimeDays,
          1,
          3660,
        );
      }
      if (input.auditRetentionDays != null) {
        const days = within('auditRetentionDays', input.auditRetentionDays, 0, 36_600);
        data.auditRetentionDays = days === 0 ? null : days;
      }
      const after = await tx.organization.update({ where: { id }, data });
      return { result: after, targetId: id, changes: { before: snapshot(before), after: snapshot(after) } };
    },
  );
}
