import type { Services } from '../services.js';
import { redactText, systemActor } from './audit.js';
import { audited } from './audited.js';
import { checkSecretHash } from './authenticate.js';
import { presentedSecret } from './secrets.js';

/** Where a report of a leaked secret came from. */
export type LeakSource = 'github' | 'report';

export interface LeakReport {
  secret: string;
  source: LeakSource;
  /** Where the secret was found (a public URL, as GitHub sends it), recorded with the event. */
  url?: string | null;
}

/**
 * Acts on a secret someone found in public: when it is a live Keygate credential (a personal access token
 * or a machine identity's token, a secret still in its rotation grace period included, and one that may
 * not act right now: disabled identity, spent uses), its organization's leak policy applies: REVOKE (the
 * default) ends it at once, REPORT leaves it working; either way a `credential.leaked` event, recorded by
 * Keygate itself in the credential's organization, says so and where it was found, and webhooks carry it.
 * The revocation and its event commit together. Nothing is done, and false is answered, for anything else.
 */
export async function reportLeakedSecret(services: Services, report: LeakReport): Promise<{ live: boolean }> {
  const parsed = presentedSecret(report.secret.trim());
  if (!parsed) return { live: false };
  const check = await checkSecretHash(services, parsed.hash, { ip: null, countUse: false });
  const found = check.ok
    ? { organizationId: check.principal.organizationId, ...check.principal.credential }
    : check.known && check.code !== 'REVOKED' && check.code !== 'EXPIRED'
      ? check.known
      : null;
  if (!found) return { live: false };
  const organization = await services.prisma.organization.findUnique({
    where: { id: found.organizationId },
    select: { leakAction: true },
  });
  const revoke = (organization?.leakAction ?? 'REVOKE') === 'REVOKE';
  const pat = found.kind === 'PERSONAL_ACCESS_TOKEN';
  const url = report.url ? redactText(report.url).slice(0, 2048) : null;
  await audited(
    {
      prisma: services.prisma,
      auditBus: services.auditBus,
      actor: systemActor(found.organizationId),
      credentialsChanging: (affects) => services.credentialCache.beginChange(affects),
      credentialsChanged: services.credentialsChanged,
    },
    { action: 'credential.leaked', targetType: pat ? 'PersonalAccessToken' : 'Token', targetId: found.id },
    async (tx) => {
      if (revoke) {
        const where = { id: found.id, revokedAt: null };
        const data = { revokedAt: new Date() };
        if (pat) await tx.personalAccessToken.updateMany({ where, data });
        else await tx.token.updateMany({ where, data });
      }
      return {
        result: undefined,
        targetId: found.id,
        changes: { source: report.source, url, kind: found.kind, action: revoke ? 'revoked' : 'reported' },
      };
    },
  );
  return { live: true };
}
