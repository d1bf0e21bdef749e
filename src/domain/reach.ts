import { PermissionDeniedError, ValidationError } from './errors.js';
import type { Permission } from './permissions.js';

/**
 * How far a credential reaches, in the three ways a credential can reach further than another: which
 * organizations it acts in, until when it can work (counting the renewals it can still get), and what it may
 * do. The rule every path that makes or extends a credential follows (create, renew, rotate, set a key,
 * exchange): what a credential makes or extends never reaches further than the credential it is made with.
 *
 * Time is measured by `until`, the latest moment the credential can work: a personal access token's
 * `renewableUntil`, a machine token's ceiling (its inherited `renewableUntil`, its max TTL, or its fixed
 * expiry), and for a secret rotated out, the end of its grace period. A line of credentials begins at the
 * first start or an accepted invitation, with the organization's maximum lifetime, and everything made
 * along it inherits that end.
 */
export interface Reach {
  /** True when the credential acts only in its own organization (a bound PAT; every machine token). */
  organizationBound: boolean;
  /** The latest time the credential can work, renewals included; null: no limit. */
  until: Date | null;
}

/** A request's credential as the rule sees it: what it may do, with which scopes, how far it reaches. */
export interface Reaching {
  permissions: ReadonlySet<Permission>;
  reach: Reach;
}

/** The earlier of two limits, where null is no limit. */
export function earliest(...limits: (Date | null | undefined)[]): Date | null {
  let result: Date | null = null;
  for (const limit of limits) {
    if (limit && (result === null || limit < result)) result = limit;
  }
  return result;
}

/** Whether `limit` (null: none) is later than `bound` (null: none). */
export function laterThan(limit: Date | null, bound: Date | null): boolean {
  if (bound === null) return false;
  return limit === null || limit > bound;
}

/**
 * Whether a list that limits a credential, where empty means no limit (scopes: every permission of the
 * owner; trusted ranges: any address), lets it do more as `is` than it did as `was`: something it lacked.
 */
export function allowsMore(was: readonly string[], is: readonly string[]): boolean {
  return was.length > 0 && (is.length === 0 || is.some((item) => !was.includes(item)));
}

/**
 * Refuses a date the caller asked for that lies past its credential's reach, naming the input field:
 * `expiresAt` of a new token, say.
 */
export function assertDateWithinReach(field: string, date: Date, caller: Reaching): void {
  if (laterThan(date, caller.reach.until)) {
    throw new ValidationError(
      field,
      `${field} must not be later than ${caller.reach.until!.toISOString()}: the credential you call with ` +
        'can last only until then, and nothing made with it may outlast it',
    );
  }
}

/**
 * Refuses to hand out a new secret for, or a new key to, a credential that reaches further than the caller's:
 * one that works in more organizations or for longer. (Permissions are checked by each kind's grant rules.)
 */
export function assertCredentialWithinReach(
  target: { organizationBound: boolean; until: Date | null },
  caller: Reaching,
): void {
  if (caller.reach.organizationBound && !target.organizationBound) {
    throw new PermissionDeniedError(
      'an unbound credential',
      'it acts in every organization of its owner, and the credential you call with acts only in this one',
    );
  }
  if (laterThan(target.until, caller.reach.until)) {
    throw new PermissionDeniedError(
      'a longer-lived credential',
      'it can last longer than the credential you call with',
    );
  }
}
