import { type AuthFailure, AuthScopeFailureType } from '@pothos/plugin-scope-auth';
import {
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  getArgumentValues,
} from 'graphql';
import type { AuthenticatedContext, Context } from '../context.js';
import type { AuditActor, AuditEntry } from '../domain/audit.js';
import { type AuditedDeps, recordAttempt } from '../domain/audited.js';
import { decideScopes } from './auth-scopes.js';
import { parseGlobalId } from './global-id.js';

/** The who/with-what/from-where of a request, as its audit events record it. */
export function auditActorOf(context: AuthenticatedContext): AuditActor {
  const { viewer } = context;
  return {
    organizationId: viewer.organizationId,
    actorType: viewer.kind,
    actorId: viewer.actorId,
    credentialKind: viewer.credential.kind,
    credentialId: viewer.credential.id,
    requestId: context.requestId,
    ip: context.ip,
    userAgent: context.userAgent,
  };
}

export function auditDeps(context: AuthenticatedContext): AuditedDeps {
  const { services } = context;
  return {
    prisma: services.prisma,
    auditBus: services.auditBus,
    actor: auditActorOf(context),
    credentialsChanging: (affects) => services.credentialCache.beginChange(affects),
    credentialsChanged: services.credentialsChanged,
  };
}

/** Where a denied mutation's target comes from: a global id field of its input, or the organization. */
type DeniedTarget = { input: string; type: string } | 'organization';

/**
 * Every mutation's audit action (the one its domain function passes to `audited`) and where a denied
 * attempt finds its target, so a denial is recorded as the same action as the success it prevented.
 * test/schema/audit-denied.test.ts fails when a mutation is missing here.
 */
export const MUTATION_AUDIT: Readonly<Record<string, { action: string; target?: DeniedTarget }>> = {
  acceptInvitation: { action: 'invitation.accepted' },
  authenticateClientAssertion: { action: 'credential.verify' },
  createAppKey: { action: 'appkey.created', target: { input: 'appId', type: 'Application' } },
  createApplication: { action: 'application.created', target: { input: 'projectId', type: 'Project' } },
  createMachineIdentity: { action: 'identity.created' },
  createOrganization: { action: 'organization.created' },
  createPersonalAccessToken: { action: 'pat.created' },
  createProject: { action: 'project.created' },
  createWebhookEndpoint: { action: 'webhook.created' },
  createToken: { action: 'token.created', target: { input: 'identityId', type: 'MachineIdentity' } },
  deleteAppKey: { action: 'appkey.deleted', target: { input: 'id', type: 'ApplicationKey' } },
  deleteMachineIdentity: { action: 'identity.deleted', target: { input: 'id', type: 'MachineIdentity' } },
  deleteOrganization: { action: 'organization.deleted', target: 'organization' },
  deletePersonalAccessToken: { action: 'pat.deleted', target: { input: 'id', type: 'PersonalAccessToken' } },
  deleteToken: { action: 'token.deleted', target: { input: 'id', type: 'Token' } },
  deleteWebhookEndpoint: { action: 'webhook.deleted', target: { input: 'id', type: 'WebhookEndpoint' } },
  disableApplication: { action: 'application.disabled', target: { input: 'id', type: 'Application' } },
  disableMachineIdentity: { action: 'identity.disabled', target: { input: 'id', type: 'MachineIdentity' } },
  enableApplication: { action: 'application.enabled', target: { input: 'id', type: 'Application' } },
  enableMachineIdentity: { action: 'identity.enabled', target: { input: 'id', type: 'MachineIdentity' } },
  importPersonalAccessTokens: { action: 'pat.batch_imported' },
  importTokens: { action: 'token.batch_imported', target: { input: 'identityId', type: 'MachineIdentity' } },
  inviteMember: { action: 'invitation.created' },
  redeliverWebhookDelivery: {
    action: 'webhook.redelivered',
    target: { input: 'id', type: 'WebhookDelivery' },
  },
  removeMember: { action: 'member.removed', target: { input: 'id', type: 'Membership' } },
  renewPersonalAccessToken: { action: 'pat.renewed', target: { input: 'id', type: 'PersonalAccessToken' } },
  renewToken: { action: 'token.renewed', target: { input: 'id', type: 'Token' } },
  resumeOrganization: { action: 'organization.resumed', target: 'organization' },
  revokeAllTokens: { action: 'token.revoked_all', target: { input: 'identityId', type: 'MachineIdentity' } },
  revokeAppKey: { action: 'appkey.revoked', target: { input: 'id', type: 'ApplicationKey' } },
  revokeCredentials: { action: 'credentials.bulk_revoked', target: 'organization' },
  revokeInvitation: { action: 'invitation.revoked', target: { input: 'id', type: 'Invitation' } },
  revokePersonalAccessToken: { action: 'pat.revoked', target: { input: 'id', type: 'PersonalAccessToken' } },
  revokeToken: { action: 'token.revoked', target: { input: 'id', type: 'Token' } },
  rotateAppKey: { action: 'appkey.rotated', target: { input: 'id', type: 'ApplicationKey' } },
  rotatePersonalAccessToken: { action: 'pat.rotated', target: { input: 'id', type: 'PersonalAccessToken' } },
  rotateSigningKeys: { action: 'signingkey.rotated', target: 'organization' },
  rotateToken: { action: 'token.rotated', target: { input: 'id', type: 'Token' } },
  rotateWebhookEndpointSecret: {
    action: 'webhook.secret_rotated',
    target: { input: 'id', type: 'WebhookEndpoint' },
  },
  sendWebhookTestEvent: { action: 'webhook.tested', target: { input: 'id', type: 'WebhookEndpoint' } },
  setTokenKey: { action: 'token.key_set', target: { input: 'id', type: 'Token' } },
  suspendOrganization: { action: 'organization.suspended', target: 'organization' },
  updateApplication: { action: 'application.updated', target: { input: 'id', type: 'Application' } },
  updateMachineIdentity: { action: 'identity.updated', target: { input: 'id', type: 'MachineIdentity' } },
  updateMember: { action: 'member.updated', target: { input: 'id', type: 'Membership' } },
  updateOrganization: { action: 'organization.updated', target: 'organization' },
  updatePersonalAccessToken: { action: 'pat.updated', target: { input: 'id', type: 'PersonalAccessToken' } },
  updateToken: { action: 'token.updated', target: { input: 'id', type: 'Token' } },
  updateWebhookEndpoint: { action: 'webhook.updated', target: { input: 'id', type: 'WebhookEndpoint' } },
  verifyCredential: { action: 'credential.verify' },
};

/** The permissions a scope-auth failure names, e.g. ['token:set_key']. */
function missingPermissions(failure: AuthFailure | undefined): string[] {
  if (!failure) return [];
  if (failure.kind === AuthScopeFailureType.AuthScope) {
    return failure.scope === 'permission' ? [String(failure.parameter)] : [];
  }
  if (
    failure.kind === AuthScopeFailureType.AllAuthScopes ||
    failure.kind === AuthScopeFailureType.AnyAuthScopes
  ) {
    return failure.failures.flatMap(missingPermissions);
  }
  return [];
}

function deniedTarget(
  context: AuthenticatedContext,
  field: GraphQLField<unknown, unknown> | undefined,
  node: FieldNode | undefined,
  variables: Record<string, unknown>,
  target: DeniedTarget | undefined,
): { targetType: string; targetId: string } | null {
  if (!target) return null;
  if (target === 'organization') {
    return { targetType: 'Organization', targetId: context.viewer.organizationId };
  }
  if (!field || !node) return null;
  let input: unknown;
  try {
    input = getArgumentValues(field, node, variables).input;
  } catch {
    return null; // execution answers the bad argument itself
  }
  const value = (input as Record<string, unknown> | null | undefined)?.[target.input];
  const id = typeof value === 'string' ? parseGlobalId(value) : null;
  return id?.typename === target.type ? { targetType: id.typename, targetId: id.id } : null;
}

/**
 * Records a field the caller was not allowed to use. A denied mutation is recorded as the action its
 * success would have been, with outcome DENIED and the target its input names; a denied read is recorded
 * as `denied.<Type>.<field>`, since probing is worth knowing about. The write runs beside execution and
 * the response waits for it (see the audit plugin in app.ts).
 */
export function recordDeniedField(context: Context, info: GraphQLResolveInfo, failure?: AuthFailure): void {
  if (!context.viewer) return;
  const authenticated = context as AuthenticatedContext;
  const field = `${info.parentType.name}.${info.fieldName}`;
  const mutation =
    info.parentType === info.schema.getMutationType() ? MUTATION_AUDIT[info.fieldName] : undefined;
  const permissions = missingPermissions(failure);
  recordDenial(authenticated, {
    action: mutation?.action ?? `denied.${field}`,
    outcome: 'DENIED',
    ...deniedTarget(
      authenticated,
      info.parentType.getFields()[info.fieldName],
      info.fieldNodes[0],
      info.variableValues,
      mutation?.target,
    ),
    changes: { code: 'FORBIDDEN', reason: deniedReason(permissions), field },
  });
}

/**
 * Records every root field of a mutation that the caller may not use, before it runs. Mutation fields run
 * one after another and the first refusal ends the operation, so the fields after it would otherwise go
 * unrecorded; the refusal execution then records itself is the same denial, recorded once.
 */
export function recordDeniedMutationFields(
  context: AuthenticatedContext,
  mutationType: GraphQLObjectType,
  fields: readonly FieldNode[],
  variables: Record<string, unknown>,
): void {
  for (const node of fields) {
    const field = mutationType.getFields()[node.name.value];
    const audited = MUTATION_AUDIT[node.name.value];
    if (!field || !audited) continue;
    const options = (field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions;
    const decision = decideScopes(options?.authScopes, context.viewer);
    if (!decision || decision.allowed) continue;
    recordDenial(context, {
      action: audited.action,
      outcome: 'DENIED',
      ...deniedTarget(context, field, node, variables, audited.target),
      changes: {
        code: 'FORBIDDEN',
        reason: deniedReason(decision.missingPermissions),
        field: `${mutationType.name}.${field.name}`,
      },
    });
  }
}

/** What a refusal says is missing: `missing permission token:set_key`, or just `not allowed`. */
export function deniedReason(permissions: readonly string[]): string {
  return permissions.length > 0 ? `missing permission ${permissions.join(', ')}` : 'not allowed';
}

/** The permissions a refused field asked for, for its error message (item: say what is missing). */
export function missingPermissionsOf(failure: AuthFailure | undefined): string[] {
  return missingPermissions(failure);
}

/**
 * Records a denied attempt beside execution (the response waits for it: see app.ts), once per request for
 * identical denials: aliases of one refused field are one attempt, not one event each.
 */
export function recordDenial(context: AuthenticatedContext, entry: AuditEntry): Promise<void> {
  const { field } = (entry.changes ?? {}) as { field?: string };
  const key = JSON.stringify([
    entry.action,
    entry.outcome,
    entry.targetType ?? null,
    entry.targetId ?? null,
    field ?? null,
  ]);
  if (context.auditedDenials.has(key)) return Promise.resolve();
  context.auditedDenials.add(key);
  const write = recordAttempt(auditDeps(context), entry).catch((error: unknown) =>
    context.services.logger.error({ err: error }, 'could not record a denied attempt'),
  );
  context.pendingAuditWrites.push(write);
  return write;
}
