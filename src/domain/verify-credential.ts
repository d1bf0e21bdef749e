import type { CredentialKind, PrismaClient } from '../generated/prisma/client.js';
import { type CredentialFailure, checkSecret, type Principal } from './authenticate.js';
import { requestLimitOf, withinRequestLimit } from './inspect-credential.js';
import { isPermission } from './permissions.js';
import type { RateLimiter } from './rate-limit.js';
import type { UsageRecorder } from './usage-recorder.js';

export type VerificationCode = 'VALID' | CredentialFailure | 'INSUFFICIENT_PERMISSIONS' | 'RATE_LIMITED';

export interface Verification {
  valid: boolean;
  code: VerificationCode;
  principal: Principal | null;
  kind: CredentialKind | null;
}

export const NOT_FOUND: Verification = { valid: false, code: 'NOT_FOUND', principal: null, kind: null };

/**
 * "Is this credential good, whose is it, what may it do", for a service in `organizationId` that accepts
 * Keygate credentials. Counts a use exactly as an authentication does. Credentials of other organizations
 * are not found; failures of this organization's credentials say what is wrong, since the verifier may
 * manage them anyway.
 */
export async function verifyCredential(
  deps: { prisma: PrismaClient; usage: UsageRecorder; rateLimiter: RateLimiter },
  organizationId: string,
  input: { secret: string; ip: string | null; requiredPermissions: readonly string[] },
): Promise<Verification> {
  const check = await checkSecret(deps, input.secret, { ip: input.ip, organizationId });
  if (!check.ok) {
    if (!check.known || check.known.organizationId !== organizationId) return NOT_FOUND;
    return { valid: false, code: check.code, principal: null, kind: check.known.kind };
  }
  const { principal } = check;
  const limited = await withinRequestLimit(deps.rateLimiter, { requestLimit: requestLimitOf(principal) });
  if (!limited.allowed)
    return { valid: false, code: 'RATE_LIMITED', principal: null, kind: principal.credential.kind };
  const missing = input.requiredPermissions.some(
    (permission) => !isPermission(permission) || !principal.permissions.has(permission),
  );
  if (missing) {
    return { valid: false, code: 'INSUFFICIENT_PERMISSIONS', principal, kind: principal.credential.kind };
  }
  return { valid: true, code: 'VALID', principal, kind: principal.credential.kind };
}
