import type { GraphQLResolveInfo } from 'graphql';
import type { AuthenticatedContext, Context } from '../context.js';
import type { AuditActor } from '../domain/audit.js';
import { type AuditedDeps, recordAttempt } from '../domain/audited.js';

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
    credentialsChanged: services.credentialsChanged,
  };
}

/**
 * Records a field the caller was not allowed to use. Mutations are always recorded; a denied read is
 * recorded too, since probing is worth knowing about. The write runs beside execution and the response
 * waits for it (see the audit plugin in app.ts).
 */
export function recordDeniedField(context: Context, info: GraphQLResolveInfo): void {
  if (!context.viewer) return;
  const write = recordAttempt(auditDeps(context as AuthenticatedContext), {
    action: `denied.${info.parentType.name}.${info.fieldName}`,
    outcome: 'DENIED',
    changes: { code: 'FORBIDDEN', reason: 'missing permission' },
  }).catch((error: unknown) =>
    context.services.logger.error({ err: error }, 'could not record a denied attempt'),
  );
  context.pendingAuditWrites.push(write);
}
