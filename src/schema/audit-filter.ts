import type { AuditOutcome, Prisma } from '../generated/prisma/client.js';
import { decodeGlobalId } from './global-id.js';
import { NIL_UUID } from './tenancy.js';
import { CREDENTIAL_TYPENAMES } from './viewer.js';

/** The GraphQL type of each kind of actor an audit event names. */
export const ACTOR_TYPENAMES = {
  USER: 'User',
  MACHINE_IDENTITY: 'MachineIdentity',
  APPLICATION: 'Application',
} as const;

/** What the audit log can be narrowed by: the `auditEvents` filter, and GET /audit/export's parameters. */
export interface AuditFilter {
  /** An action, or `prefix.*` for every action under the prefix. */
  action?: string | null;
  outcome?: AuditOutcome | null;
  /** Global ids. */
  actorId?: string | number | null;
  credentialId?: string | number | null;
  targetId?: string | number | null;
  from?: Date | null;
  to?: Date | null;
}

/** The raw id of a global id of one of `typenames`; an id of any other type matches no event. */
function rawIdOf(globalId: string | number, typenames: readonly string[]): string {
  const { typename, id } = decodeGlobalId(String(globalId));
  return typenames.includes(typename) ? id : NIL_UUID;
}

/**
 * An action, or every action under `prefix.*`: the byte range [prefix., prefix/), which is what starts
 * with `prefix.` under the column's "C" collation (every string that starts so, and only those, lies in
 * it), read from the (organizationId, action, id) index. Unlike LIKE it has no wildcards to escape: `_`
 * in `machine_identity.*` is an underscore.
 */
function actionCondition(action: string): Prisma.StringFilter<'AuditEvent'> | string {
  if (!action.endsWith('.*')) return action;
  const prefix = action.slice(0, -1);
  return { gte: prefix, lt: `${prefix.slice(0, -1)}/` };
}

/** The organization's events that match `filter`. */
export function auditWhere(
  organizationId: string,
  filter: AuditFilter | null | undefined,
): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = { organizationId };
  if (!filter) return where;
  if (filter.action) where.action = actionCondition(filter.action);
  if (filter.outcome) where.outcome = filter.outcome;
  if (filter.actorId) where.actorId = rawIdOf(filter.actorId, Object.values(ACTOR_TYPENAMES));
  if (filter.credentialId) {
    where.credentialId = rawIdOf(filter.credentialId, Object.values(CREDENTIAL_TYPENAMES));
  }
  if (filter.targetId) where.targetId = decodeGlobalId(String(filter.targetId)).id;
  if (filter.from || filter.to)
    where.createdAt = {
      ...(filter.from ? { gte: filter.from } : {}),
      ...(filter.to ? { lt: filter.to } : {}),
    };
  return where;
}
