import type {
  Invitation,
  Membership,
  PersonalAccessToken,
  Prisma,
  Role,
} from '../generated/prisma/client.js';
import type { AuditActor } from './audit.js';
import { type AuditedDeps, audited } from './audited.js';
import type { Principal } from './authenticate.js';
import { InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import {
  assertGrantable,
  type Grantor,
  validateEmail,
  validateGrants,
  validatePersonName,
} from './members.js';
import { issuePersonalAccessToken, patStateFilter } from './personal-access-tokens.js';
import { generateSecret, hashSecret, parseSecret } from './secrets.js';

/*
 * Invitations: how a person joins an organization. Inviting gives the same answer whoever the e-mail
 * belongs to (a pending invitation and its one-time code, shown once), so no organization learns through it
 * whether a person uses Keygate elsewhere, or what another organization calls them. Whoever holds the code
 * accepts it: a person without a working personal access token (new to Keygate, or with none left) needs
 * nothing else; a person who has one must accept with it, so that nobody else, the inviter included, can
 * accept in their name. Either way the person gets a personal access token bound to this organization: it
 * never acts in their other organizations, which is what makes a code seen by the inviter safe to hand on.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_INVITATION_HOURS = 7 * 24;
export const MAX_INVITATION_HOURS = 30 * 24;
/** The first token's lifetime when the person does not choose one (at most the organization's maximum). */
const FIRST_TOKEN_DAYS = 90;

export type InvitationState = 'PENDING' | 'ACCEPTED' | 'REVOKED' | 'EXPIRED';

export function invitationState(
  invitation: Pick<Invitation, 'acceptedAt' | 'revokedAt' | 'expiresAt'>,
  now = new Date(),
): InvitationState {
  if (invitation.acceptedAt) return 'ACCEPTED';
  if (invitation.revokedAt) return 'REVOKED';
  if (invitation.expiresAt <= now) return 'EXPIRED';
  return 'PENDING';
}

export function invitationStateFilter(state: InvitationState, now = new Date()): Prisma.InvitationWhereInput {
  if (state === 'ACCEPTED') return { acceptedAt: { not: null } };
  if (state === 'REVOKED') return { acceptedAt: null, revokedAt: { not: null } };
  if (state === 'EXPIRED') return { acceptedAt: null, revokedAt: null, expiresAt: { lte: now } };
  return { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
}

/** What an audit event shows of an invitation: never its code. */
function snapshot(invitation: Invitation) {
  return {
    email: invitation.email,
    name: invitation.name,
    role: invitation.role,
    permissions: invitation.permissions,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

export interface InviteInput {
  email: string;
  name: string;
  role: Role;
  permissions?: readonly string[] | null;
  /** How long the code works, in hours (default a week, at most 30 days). */
  expiresInHours?: number | null;
}

/**
 * Invites an e-mail address to the organization with a role. Nobody invites with more than they hold. The
 * answer does not depend on who the address belongs to; the code is returned here and never again.
 */
export async function inviteMember(
  deps: AuditedDeps,
  grantor: Grantor,
  input: InviteInput,
  now = new Date(),
): Promise<{ invitation: Invitation; code: string }> {
  const { organizationId, actorId } = deps.actor;
  return audited(deps, { action: 'invitation.created', targetType: 'Invitation' }, async (tx) => {
    const email = validateEmail(input.email);
    const name = validatePersonName(input.name);
    const permissions = validateGrants(input.permissions ?? []);
    assertGrantable(grantor, input.role, permissions);
    const hours = input.expiresInHours ?? DEFAULT_INVITATION_HOURS;
    if (!Number.isInteger(hours) || hours < 1 || hours > MAX_INVITATION_HOURS) {
      throw new ValidationError(
        'expiresInHours',
        `expiresInHours must be a whole number from 1 to ${MAX_INVITATION_HOURS}`,
      );
    }
    const code = generateSecret('INVITATION');
    const invitation = await tx.invitation.create({
      data: {
        organizationId,
        email,
        name,
        role: input.role,
        permissions,
        codeHash: hashSecret(code),
        invitedById: actorId,
        expiresAt: new Date(now.getTime() + hours * HOUR_MS),
      },
    });
    return {
      result: { invitation, code },
      targetId: invitation.id,
      changes: { after: snapshot(invitation) },
    };
  });
}

/** Revokes a pending invitation: its code stops working. An accepted one has done its work and stays. */
export async function revokeInvitation(deps: AuditedDeps, id: string, now = new Date()): Promise<Invitation> {
  return audited(
    deps,
    { action: 'invitation.revoked', targetType: 'Invitation', targetId: id },
    async (tx) => {
      const found = await tx.invitation.findFirst({
        where: { id, organizationId: deps.actor.organizationId },
      });
      if (!found) throw new NotFoundError('Invitation');
      const state = invitationState(found, now);
      if (state === 'ACCEPTED') throw new InvalidStateError('an accepted invitation cannot be revoked');
      if (state === 'REVOKED') return { result: found, targetId: id, changes: { alreadyRevoked: true } };
      const after = await tx.invitation.update({ where: { id }, data: { revokedAt: now } });
      return { result: after, targetId: id, changes: { before: snapshot(found), after: { revoked: true } } };
    },
  );
}

export interface AcceptDeps extends Omit<AuditedDeps, 'actor'> {
  /** Where the request came from, for the audit event. */
  request: Pick<AuditActor, 'requestId' | 'ip' | 'userAgent'>;
}

export interface AcceptInput {
  code: string;
  /** What the person wants to be called in the organization; default the invitation's name. */
  name?: string | null;
  /** When the new token expires; default 90 days, at most the organization's maximum lifetime. */
  expiresAt?: Date | null;
}

export interface AcceptedInvitation {
  membership: Membership;
  token: PersonalAccessToken;
  secret: string;
}

/** One answer for every code that cannot be accepted: unknown, used, revoked or expired. */
export class InvitationNotFoundError extends NotFoundError {
  constructor() {
    super('Invitation');
    this.message = 'Invitation not found, expired, revoked or already used';
  }
}

/**
 * Accepts an invitation with its code: makes (or updates) the membership and gives the person a personal
 * access token bound to the organization. `caller` is the request's principal when it came with a
 * credential: then it must be the invited person's own token. Without one, accepting is for a person who
 * has no working personal access token. A refused attempt on a real invitation is recorded in its
 * organization; an unknown code is known to nobody.
 */
export async function acceptInvitation(
  deps: AcceptDeps,
  caller: Principal | null,
  input: AcceptInput,
  now = new Date(),
): Promise<AcceptedInvitation> {
  const parsed = parseSecret(input.code.trim());
  if (parsed?.kind !== 'INVITATION') throw new InvitationNotFoundError();
  const found = await deps.prisma.invitation.findUnique({
    where: { codeHash: parsed.hash },
    select: { id: true, organizationId: true },
  });
  if (!found) throw new InvitationNotFoundError();
  const actor: AuditActor = {
    organizationId: found.organizationId,
    actorType: 'ANONYMOUS',
    actorId: null,
    credentialKind: null,
    credentialId: null,
    ...deps.request,
  };
  return audited(
    { ...deps, actor },
    { action: 'invitation.accepted', targetType: 'Invitation', targetId: found.id },
    async (tx) => {
      // Locked, so that a code is accepted once however many try at the same time.
      await tx.$queryRaw`SELECT id FROM "Invitation" WHERE id = ${found.id}::uuid FOR UPDATE`;
      const invitation = await tx.invitation.findUniqueOrThrow({ where: { id: found.id } });
      const accepted = await accept(tx, invitation, caller, input, now);
      const { membership, token } = accepted;
      const own = caller?.kind === 'USER' && caller.actorId === membership.userId;
      return {
        result: accepted,
        targetId: invitation.id,
        // The person's tokens may now act in this organization.
        affects: [`user:${membership.userId}`],
        // The person acted (once known), with the credential they came with: an outsider's stays theirs.
        actor: {
          actorType: 'USER',
          actorId: membership.userId,
          credentialKind: own ? caller.credential.kind : null,
          credentialId: own ? caller.credential.id : null,
        },
        changes: {
          membershipId: membership.id,
          after: {
            email: invitation.email,
            name: membership.name,
            role: membership.role,
            permissions: membership.permissions,
          },
          personalAccessTokenId: token.id,
        },
      };
    },
  );
}

async function accept(
  tx: Prisma.TransactionClient,
  invitation: Invitation,
  caller: Principal | null,
  input: AcceptInput,
  now: Date,
): Promise<AcceptedInvitation> {
  const state = invitationState(invitation, now);
  if (state !== 'PENDING') throw new InvitationNotFoundError();
  const organization = await tx.organization.findUniqueOrThrow({ where: { id: invitation.organizationId } });
  // A deleted organization's invitations are gone with it; a suspended one takes nobody in until resumed.
  if (organization.deletedAt) throw new InvitationNotFoundError();
  if (organization.suspendedAt) {
    throw new InvalidStateError('the organization is suspended: accept the invitation once it is resumed');
  }
  const name = input.name == null ? invitation.name : validatePersonName(input.name);
  let user = await tx.user.findUnique({ where: { email: invitation.email } });
  if (caller) {
    if (caller.kind !== 'USER' || !user || caller.actorId !== user.id) {
      throw new InvalidStateError(
        'this invitation is for another person: accept it without a credential, or with their own token',
      );
    }
  } else if (user) {
    const working = await tx.personalAccessToken.count({
      where: { userId: user.id, ...patStateFilter('ACTIVE', now) },
    });
    if (working > 0) {
      throw new InvalidStateError(
        'sign in with your own personal access token to accept this invitation: you already use Keygate',
      );
    }
  }
  user ??= await tx.user.create({ data: { email: invitation.email, name } });
  const maxLifetimeMs = organization.patMaxLifetimeDays * DAY_MS;
  const membership = await tx.membership.upsert({
    where: { organizationId_userId: { organizationId: invitation.organizationId, userId: user.id } },
    create: {
      organizationId: invitation.organizationId,
      userId: user.id,
      name,
      role: invitation.role,
      permissions: invitation.permissions,
    },
    update: { name, role: invitation.role, permissions: invitation.permissions },
  });
  const { token, secret } = await issuePersonalAccessToken(
    tx,
    { userId: user.id, organizationId: invitation.organizationId },
    organization,
    {
      description: 'Accepted invitation',
      scopes: [],
      expiresAt:
        input.expiresAt ?? new Date(now.getTime() + Math.min(FIRST_TOKEN_DAYS * DAY_MS, maxLifetimeMs)),
      // A new line of credentials: it lasts at most the maximum lifetime, and acts only here.
      renewableUntil: new Date(now.getTime() + maxLifetimeMs),
      organizationBound: true,
    },
    now,
  );
  await tx.invitation.update({
    where: { id: invitation.id },
    data: { acceptedAt: now, acceptedUserId: user.id },
  });
  return { membership, token, secret };
}
