import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { normaliseAddress } from '../domain/ip-ranges.js';
import { isPermission } from '../domain/permissions.js';
import { NOT_FOUND, type Verification, verifyCredential } from '../domain/verify-credential.js';
import { recordDenial } from './audit-context.js';
import { badInput } from './bad-input.js';
import { ActorKind, CREDENTIAL_TYPENAMES, CredentialKindEnum } from './viewer.js';

const VerificationCodeEnum = builder.enumType('VerificationCode', {
  description: 'Why a credential is or is not good.',
  values: {
    VALID: { description: 'Good: it authenticates and has the required permissions.' },
    NOT_FOUND: { description: 'Unknown, malformed, deleted, or not of your organization.' },
    EXPIRED: { description: 'Past its expiry.' },
    REVOKED: { description: 'Revoked.' },
    DISABLED: { description: 'Its machine identity is disabled.' },
    USAGE_EXCEEDED: { description: 'Its use limit is reached.' },
    IP_NOT_ALLOWED: { description: 'The client address is outside its trusted ranges.' },
    ORGANIZATION_SUSPENDED: { description: 'Its organization is suspended.' },
    INSUFFICIENT_PERMISSIONS: { description: 'Good, but without one of the required permissions.' },
    RATE_LIMITED: { description: "Good, but over its own request limit for now (the token's requestLimit)." },
  } as const,
});

const CredentialVerification = builder.objectRef<Verification>('CredentialVerification').implement({
  description: 'The answer of verifyCredential.',
  fields: (t) => ({
    valid: t.exposeBoolean('valid', {
      description: 'Whether the credential is good and has the required permissions (code VALID).',
    }),
    code: t.field({
      type: VerificationCodeEnum,
      description: 'Why the credential is or is not good.',
      resolve: (v) => v.code,
    }),
    kind: t.field({
      type: CredentialKindEnum,
      nullable: true,
      description: 'The kind of credential, when Keygate knows the secret (even an expired or revoked one).',
      resolve: (v) => v.kind,
    }),
    credentialId: t.id({
      nullable: true,
      description: 'The global id of the credential, when it authenticated.',
      resolve: (v) =>
        v.principal
          ? encodeGlobalID(CREDENTIAL_TYPENAMES[v.principal.credential.kind], v.principal.credential.id)
          : null,
    }),
    ownerKind: t.field({
      type: ActorKind,
      nullable: true,
      description: 'Whether a person or a machine identity owns the credential, when it authenticated.',
      resolve: (v) => v.principal?.kind ?? null,
    }),
    ownerId: t.id({
      nullable: true,
      description: 'The global id of the User or MachineIdentity the credential speaks for.',
      resolve: (v) =>
        v.principal
          ? encodeGlobalID(v.principal.kind === 'USER' ? 'User' : 'MachineIdentity', v.principal.actorId)
          : null,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        "When the presented secret stops working (the credential's expiry, or the end of the grace period of " +
        'a secret rotated out), when it authenticated; null also when it never expires.',
      resolve: (v) => v.principal?.credential.expiresAt ?? null,
    }),
    remainingUses: t.int({
      nullable: true,
      description: 'Uses left after this one, for a use-limited token.',
      resolve: (v) => v.principal?.credential.remainingUses ?? null,
    }),
    permissions: t.stringList({
      description: "What the credential may do: its owner's permissions narrowed by its scopes.",
      resolve: (v) => (v.principal ? [...v.principal.permissions].sort() : []),
    }),
  }),
});

builder.mutationField('verifyCredential', (t) =>
  t.withAuth({ authenticated: true }).fieldWithInput({
    description:
      'For services that accept Keygate credentials: is this secret good, whose is it, what may it do. ' +
      'Counts a use, like an authentication. Needs credential:verify; without it every answer is NOT_FOUND.',
    type: CredentialVerification,
    input: {
      secret: t.input.string({
        required: true,
        description: 'The presented secret. Never stored or logged.',
      }),
      ip: t.input.string({
        required: false,
        description:
          'The address the credential was presented from, for trusted-range checks. Without it, a token ' +
          'restricted to trusted ranges is IP_NOT_ALLOWED: your own address says nothing about its client.',
      }),
      requiredPermissions: t.input.stringList({
        required: false,
        description:
          'Permissions the credential must have; otherwise the answer is INSUFFICIENT_PERMISSIONS.',
      }),
    },
    resolve: async (_root, { input }, context) => {
      const ip = input.ip == null ? null : normaliseAddress(input.ip);
      if (input.ip != null && ip === null) throw badInput('ip', 'ip must be an IPv4 or IPv6 address');
      const unknown = (input.requiredPermissions ?? []).find((permission) => !isPermission(permission));
      if (unknown !== undefined) {
        throw badInput('requiredPermissions', 'requiredPermissions names a permission Keygate does not have');
      }
      if (!context.viewer.permissions.has('credential:verify')) {
        await recordDenial(context, {
          action: 'credential.verify',
          outcome: 'DENIED',
          changes: { code: 'FORBIDDEN', reason: 'missing permission credential:verify' },
        });
        return NOT_FOUND;
      }
      const answer = await verifyCredential(context.services, context.viewer.organizationId, {
        secret: input.secret,
        ip,
        requiredPermissions: input.requiredPermissions ?? [],
      });
      context.services.metrics.countVerification(answer.kind ?? 'UNKNOWN', answer.code);
      return answer;
    },
  }),
);
