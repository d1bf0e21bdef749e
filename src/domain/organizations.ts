import type { CredentialPolicyAction, Organization } from '../generated/prisma/client.js';
import { type AuditedDeps, audited } from './audited.js';
import { ValidationError } from './errors.js';

export interface OrganizationSettings {
  name?: string | null;
  patMaxLifetimeDays?: number | null;
  patLimitPerUser?: number | null;
  appKeyDefaultLifetimeDays?: number | null;
  /** 0 turns retention off (events are kept for ever). */
  auditRetentionDays?: number | null;
  /** Audiences an exchanged access token may name (absolute URIs). */
  exchangeAudiences?: readonly string[] | null;
  /** Lifetime of an exchanged access token, in seconds. */
  exchangeTokenLifetime?: number | null;
  /** Days before expiry a credential's owner is warned, each once (at most 5, each 1 to 365). */
  expiryWarningDays?: readonly number[] | null;
  /** Days unused after which the inactivity policy catches a credential; 0 or null turns it off. */
  inactivityDays?: number | null;
  inactivityAction?: CredentialPolicyAction | null;
  leakAction?: CredentialPolicyAction | null;
  /** Longest lifetime of a machine identity's token, in days; 0 or null removes the cap. */
  tokenMaxLifetimeDays?: number | null;
  /** Longest lifetime of an application key, in days; 0 or null removes the cap. */
  appKeyMaxLifetimeDays?: number | null;
}

/** The longest any credential lifetime or inactivity period may be set to: about ten years. */
const POLICY_MAX_DAYS = 3660;

/** A whole number setting from `min` to `max`, or a ValidationError naming `field`. */
export function within(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, `${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function snapshot(organization: Organization) {
  const {
    name,
    patMaxLifetimeDays,
    patLimitPerUser,
    appKeyDefaultLifetimeDays,
    auditRetentionDays,
    exchangeAudiences,
    exchangeTokenLifetime,
    expiryWarningDays,
    inactivityDays,
    inactivityAction,
    leakAction,
    tokenMaxLifetimeDays,
    appKeyMaxLifetimeDays,
  } = organization;
  return {
    expiryWarningDays,
    inactivityDays,
    inactivityAction,
    leakAction,
    tokenMaxLifetimeDays,
    appKeyMaxLifetimeDays,
    name,
    patMaxLifetimeDays,
    patLimitPerUser,
    appKeyDefaultLifetimeDays,
    auditRetentionDays,
    exchangeAudiences,
    exchangeTokenLifetime,
  };
}

/**
 * Audiences (RFC 8707 resources) as Keygate keeps them: absolute http(s) URIs without a fragment, or
 * `urn:` names, at most 20, each at most 200 characters.
 */
export function validateAudiences(field: string, audiences: readonly string[]): string[] {
  if (audiences.length > 20) throw new ValidationError(field, `${field}: at most 20`);
  return [
    ...new Set(
      audiences.map((audience) => {
        const value = audience.trim();
        let valid = value.length > 0 && value.length <= 200 && !value.includes('#');
        if (valid && !value.startsWith('urn:')) {
          try {
            valid = ['http:', 'https:'].includes(new URL(value).protocol);
          } catch {
            valid = false;
          }
        }
        if (!valid) {
          throw new ValidationError(
            field,
            `${field}: "${value.slice(0, 64)}" is not an absolute https URI (or a urn:) without a fragment`,
          );
        }
        return value;
      }),
    ),
  ];
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
      if (input.exchangeAudiences != null) {
        data.exchangeAudiences = validateAudiences('exchangeAudiences', input.exchangeAudiences);
      }
      if (input.exchangeTokenLifetime != null) {
        data.exchangeTokenLifetime = within('exchangeTokenLifetime', input.exchangeTokenLifetime, 60, 86_400);
      }
      if (input.expiryWarningDays != null) {
        if (input.expiryWarningDays.length > 5) {
          throw new ValidationError('expiryWarningDays', 'expiryWarningDays: at most 5 entries');
        }
        const days = input.expiryWarningDays.map((d) => within('expiryWarningDays', d, 1, 365));
        data.expiryWarningDays = [...new Set(days)].sort((a, b) => b - a);
      }
      // Unlike the other settings, an explicit null here is a value: like 0, it turns the policy or cap off.
      if (input.inactivityDays !== undefined) {
        const days = within('inactivityDays', input.inactivityDays ?? 0, 0, POLICY_MAX_DAYS);
        data.inactivityDays = days === 0 ? null : days;
      }
      if (input.inactivityAction != null) data.inactivityAction = input.inactivityAction;
      if (input.leakAction != null) data.leakAction = input.leakAction;
      if (input.tokenMaxLifetimeDays !== undefined) {
        const days = within('tokenMaxLifetimeDays', input.tokenMaxLifetimeDays ?? 0, 0, POLICY_MAX_DAYS);
        data.tokenMaxLifetimeDays = days === 0 ? null : days;
      }
      if (input.appKeyMaxLifetimeDays !== undefined) {
        const days = within('appKeyMaxLifetimeDays', input.appKeyMaxLifetimeDays ?? 0, 0, POLICY_MAX_DAYS);
        data.appKeyMaxLifetimeDays = days === 0 ? null : days;
      }
      const after = await tx.organization.update({ where: { id }, data });
      return { result: after, targetId: id, changes: { before: snapshot(before), after: snapshot(after) } };
    },
  );
}
