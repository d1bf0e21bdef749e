import type { AuditActor } from '../../domain/audit.js';
import { recordAttempt } from '../../domain/audited.js';
import type { Principal } from '../../domain/authenticate.js';
import type { Services } from '../../services.js';

/**
 * A check asked for by a caller without credential:verify: recorded as the GraphQL path records it
 * (`credential.verify`, DENIED), since that is worth knowing; the caller learns nothing.
 */
export async function recordDeniedCheck(
  services: Services,
  caller: Principal,
  facts: Pick<AuditActor, 'requestId' | 'ip' | 'userAgent'>,
): Promise<void> {
  await recordAttempt(
    {
      prisma: services.prisma,
      auditBus: services.auditBus,
      actor: {
        organizationId: caller.organizationId,
        actorType: caller.kind,
        actorId: caller.actorId,
        credentialKind: caller.credential.kind,
        credentialId: caller.credential.id,
        ...facts,
      },
    },
    {
      action: 'credential.verify',
      outcome: 'DENIED',
      changes: { code: 'FORBIDDEN', reason: 'missing permission credential:verify' },
    },
  );
}
