import type { AuditActor } from './audit.js';
import { type AuditedDeps, audited } from './audited.js';
import type { Principal } from './authenticate.js';

/*
 * A credential ended by whoever holds it (RFC 7009 revocation, GitHub's public revocation API): having the
 * secret is enough to end it, never to do anything more with it. The event says it was revoked by
 * presenting it, from where.
 */

/**
 * Whose credential was presented: a valid one's principal, or one that exists but may not be used right now
 * (from an address outside its trusted ranges, its identity disabled, its uses spent), which its holder may
 * still end: otherwise enabling the identity again would bring a leaked token back.
 */
export type PresentedCredential = Pick<Principal, 'kind' | 'actorId' | 'organizationId'> & {
  credential: Pick<Principal['credential'], 'kind' | 'id'>;
};

export async function revokePresented(
  deps: Omit<AuditedDeps, 'actor'>,
  principal: PresentedCredential,
  request: Pick<AuditActor, 'requestId' | 'ip' | 'userAgent'>,
  now = new Date(),
): Promise<void> {
  const { credential } = principal;
  const actor: AuditActor = {
    organizationId: principal.organizationId,
    actorType: principal.kind,
    actorId: principal.actorId,
    credentialKind: credential.kind,
    credentialId: credential.id,
    ...request,
  };
  const pat = credential.kind === 'PERSONAL_ACCESS_TOKEN';
  await audited(
    { ...deps, actor },
    {
      action: pat ? 'pat.revoked' : 'token.revoked',
      targetType: pat ? 'PersonalAccessToken' : 'Token',
      targetId: credential.id,
    },
    async (tx) => {
      const where = { id: credential.id, revokedAt: null };
      const { count } = pat
        ? await tx.personalAccessToken.updateMany({ where, data: { revokedAt: now } })
        : await tx.token.updateMany({ where, data: { revokedAt: now } });
      return {
        result: undefined,
        targetId: credential.id,
        changes:
          count > 0
            ? { after: { revoked: true }, via: 'oauth/revoke' }
            : { alreadyRevoked: true, via: 'oauth/revoke' },
      };
    },
  );
}
