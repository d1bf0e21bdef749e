import { builder } from '../builder.js';
import {
  BULK_REVOCATION_BATCH,
  type BulkRevocation,
  REASON_MAX_LENGTH,
  revokeCredentials,
} from '../domain/bulk-revocation.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { auditDeps } from './audit-context.js';
import { failures } from './errors.js';
import { MachineIdentityRef } from './machine-identity.js';
import { MembershipRef } from './membership.js';
import { ProjectRef } from './project.js';
import { CredentialKindEnum } from './viewer.js';

const RevokeCredentialsFilter = builder.inputType('RevokeCredentialsFilter', {
  description:
    "Which of the organization's live credentials (not revoked, not expired) to revoke: every criterion " +
    'given must hold. At least one of memberId, identityId, projectId, search, createdBefore and ' +
    'lastUsedBefore, or all: true.',
  fields: (t) => ({
    kinds: t.field({
      type: [CredentialKindEnum],
      required: false,
      description:
        'Only these kinds. Default: every kind the other criteria select (memberId, identityId and projectId ' +
        'each select one). Each kind needs its revoke permission: pat:delete, token:revoke, appkey:revoke.',
    }),
    memberId: t.globalID({
      for: MembershipRef,
      required: false,
      description:
        "This member's personal access tokens. Another member's need member:manage beside pat:delete.",
    }),
    identityId: t.globalID({
      for: MachineIdentityRef,
      required: false,
      description: "This machine identity's tokens.",
    }),
    projectId: t.globalID({
      for: ProjectRef,
      required: false,
      description: "The keys of this project's applications.",
    }),
    search: t.string({
      required: false,
      description:
        "As the credential lists search: a name (a personal access token's description) that contains it, " +
        'any case, or an id (the global id, or the raw id by prefix from 8 characters); application keys by ' +
        'id only.',
    }),
    createdBefore: t.field({ type: 'DateTime', required: false, description: 'Made before then.' }),
    lastUsedBefore: t.field({
      type: 'DateTime',
      required: false,
      description:
        'Last used before then, or never used and made before then (last use is a few seconds late).',
    }),
    all: t.boolean({
      required: false,
      description: 'Revoke every live credential of the kinds: needed when nothing else narrows the filter.',
    }),
  }),
});

const RevokeCredentialsPayload = builder.objectRef<BulkRevocation>('RevokeCredentialsPayload').implement({
  description: `What a bulk revocation ended (or, for a dry run, would end): at most ${BULK_REVOCATION_BATCH} per call.`,
  fields: (t) => ({
    dryRun: t.exposeBoolean('dryRun', {
      description: 'True when nothing was revoked: the counts say what would be.',
    }),
    personalAccessTokens: t.int({
      description: 'Personal access tokens revoked.',
      resolve: (result) => result.revoked.PERSONAL_ACCESS_TOKEN,
    }),
    tokens: t.int({
      description: "Machine identities' tokens revoked.",
      resolve: (result) => result.revoked.TOKEN,
    }),
    applicationKeys: t.int({
      description: 'Application keys revoked.',
      resolve: (result) => result.revoked.APPLICATION_KEY,
    }),
    total: t.int({
      description: 'All of them.',
      resolve: (result) => Object.values(result.revoked).reduce((sum, count) => sum + count, 0),
    }),
    remaining: t.exposeInt('remaining', {
      description:
        'Live credentials that match beyond this call: call again (with the same filter) for them.',
    }),
  }),
});

builder.mutationField('revokeCredentials', (t) =>
  // Each kind the filter selects needs its own revoke permission: the domain checks them, and records a
  // refusal as a denied credentials.bulk_revoked.
  t.withAuth({ authenticated: true }).fieldWithInput({
    description:
      "Revokes the organization's live credentials that the filter selects, for an incident: a member's " +
      "personal access tokens, a machine identity's tokens, a project's application keys, or by search and " +
      `dates. At most ${BULK_REVOCATION_BATCH} per call, in one transaction, with a pat.revoked, ` +
      'token.revoked or appkey.revoked event for each and one credentials.bulk_revoked for the operation; ' +
      'the rest is counted in `remaining`. They stop working at once on every instance.',
    type: RevokeCredentialsPayload,
    errors: failures('RevokeCredentials', [NotFoundError, ValidationError]),
    input: {
      filter: t.input.field({
        type: RevokeCredentialsFilter,
        required: true,
        description: 'Which credentials.',
      }),
      reason: t.input.string({
        required: false,
        description: `Why, for the audit log (at most ${REASON_MAX_LENGTH} characters).`,
      }),
      dryRun: t.input.boolean({
        required: false,
        description: 'Count what this call would revoke, and revoke nothing.',
      }),
    },
    resolve: (_root, { input }, context) => {
      const { filter } = input;
      return revokeCredentials(auditDeps(context), context.viewer, {
        reason: input.reason,
        dryRun: input.dryRun,
        filter: {
          ...filter,
          memberId: filter.memberId?.id,
          identityId: filter.identityId?.id,
          projectId: filter.projectId?.id,
        },
      });
    },
  }),
);
