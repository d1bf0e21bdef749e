/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The parameters of `acceptInvitation`. */
export type AcceptInvitationInput = {
  /** The invitation code (kg_inv_…). */
  code: string;
  /** When your token expires; default 90 days, at most the organization's maximum lifetime. */
  expiresAt?: string | null | undefined;
  /** What the organization should call you; default the name in the invitation. */
  name?: string | null | undefined;
};

/** Who stands behind a request. */
export type ActorKind =
  /** A service account. */
  | 'MACHINE_IDENTITY'
  /** A person. */
  | 'USER';

/** How an application key is handed out. */
export type ApplicationKeyType =
  /** A JSON key file with the private key, as Zitadel hands them out. */
  | 'JSON';

/** Who acted. */
export type AuditActorType =
  /** Nobody known. */
  | 'ANONYMOUS'
  /** An application, with a client assertion. */
  | 'APPLICATION'
  /** A service account. */
  | 'MACHINE_IDENTITY'
  /** Keygate itself. */
  | 'SYSTEM'
  /** A person. */
  | 'USER';

/** Narrows the audit log; all given conditions must hold. */
export type AuditEventFilter = {
  /** An action, e.g. token.revoked, or every action under a prefix: token.* (token.created, …). */
  action?: string | null | undefined;
  /** Global id of a User or MachineIdentity. */
  actorId?: string | number | null | undefined;
  /** Global id of a credential. */
  credentialId?: string | number | null | undefined;
  /** At or after this time. */
  from?: string | null | undefined;
  /** Only this outcome. */
  outcome?: AuditOutcome | null | undefined;
  /** Global id of the object acted on. */
  targetId?: string | number | null | undefined;
  /** Before this time. */
  to?: string | null | undefined;
};

/** How an attempt ended. */
export type AuditOutcome =
  /** The caller was not allowed; nothing changed. */
  | 'DENIED'
  /** The change was refused (invalid input, a limit, a state); nothing changed. */
  | 'FAILED'
  /** The change was made. */
  | 'SUCCESS';

/** Where verifyAuditChain begins checking event contents. */
export type AuditVerificationStart =
  /** Past the last event an earlier verification checked (the default): events before it are not read again, so an edit to one of them is found from START (or offline, from an export). */
  | 'LAST_VERIFIED'
  /** At the first event: every event is checked again. */
  | 'START';

/** The parameters of `createAppKey`. */
export type CreateAppKeyInput = {
  /** Global id of the `Application`. */
  appId: string | number;
  /** When the key stops working (at most about ten years away); default: the organization's key lifetime. */
  expirationDate?: string | null | undefined;
  /** Global id of the `Project`. */
  projectId: string | number;
  /** The format to hand the key out in. */
  type: ApplicationKeyType;
};

/** The parameters of `createApplication`. */
export type CreateApplicationInput = {
  /** Unique in the project; 1 to 100 characters. */
  name: string;
  /** Global id of the `Project`. */
  projectId: string | number;
};

/** The parameters of `createMachineIdentity`. */
export type CreateMachineIdentityInput = {
  /** Unique in the organization. */
  name: string;
  /** Single permissions on top of the role, from: organization:read, organization:manage, organization:create, organization:suspend, organization:resume, organization:delete, member:read, member:manage, identity:read, identity:manage, token:read, token:create, token:update, token:renew, token:rotate, token:set_key, token:revoke, token:delete, pat:read, pat:create, pat:delete, project:read, project:manage, appkey:read, appkey:create, appkey:revoke, appkey:delete, audit:read, credential:verify, webhook:manage. */
  permissions?: Array<string> | null | undefined;
  /** Default MEMBER. */
  role?: Role | null | undefined;
};

/** The parameters of `createOrganization`. */
export type CreateOrganizationInput = {
  /** The organization's name (1 to 100 characters). */
  name: string;
};

/** The parameters of `createPersonalAccessToken`. */
export type CreatePersonalAccessTokenInput = {
  /** What the token is for (1 to 200 characters). */
  description: string;
  /** When the token stops working; at most the organization's maximum lifetime away, and no later than the credential you call with can last (its `renewableUntil`). */
  expiresAt: string;
  /** Permissions to narrow the token to. Default: those of the credential you call with (all of yours when it is unscoped). */
  scopes?: Array<string> | null | undefined;
};

/** The parameters of `createProject`. */
export type CreateProjectInput = {
  /** Unique in the organization; 1 to 100 characters. */
  name: string;
};

/** The parameters of `createToken`. */
export type CreateTokenInput = {
  /** Global id of the `MachineIdentity`. */
  identityId: string | number;
  /** Renewal ceiling from creation, in seconds; 0: none. */
  maxTtl?: number | null | undefined;
  /** A name for people (1 to 100 characters). */
  name: string;
  /** Uses allowed; 0 (default): unlimited. */
  numUsesLimit?: number | null | undefined;
  /** Requests the token may make per window (GraphQL, verifyCredential, introspection, forward auth), shared by every instance; 0 (default): no limit. Over it: 429 with Retry-After. */
  requestLimit?: number | null | undefined;
  /** The window of requestLimit, in seconds (default 60). */
  requestLimitWindow?: number | null | undefined;
  /** Narrow to these of the identity's permissions. */
  scopes?: Array<string> | null | undefined;
  /** Up to 32 IPv4/IPv6 addresses or CIDR ranges; empty (default): anywhere. */
  trustedIps?: Array<string> | null | undefined;
  /** Seconds until expiry and per renewal; 0 (default): none. Either way the token expires no later than the credential you call with can last (see `renewableUntil`). */
  ttl?: number | null | undefined;
};

/** The parameters of `createWebhookEndpoint`. */
export type CreateWebhookEndpointInput = {
  /** Up to 200 characters. */
  description?: string | null | undefined;
  /** Default true. */
  enabled?: boolean | null | undefined;
  /** Event types sent to the endpoint; empty: all of them. Every audit action of a successful change (token.revoked, pat.created, …), and credential.expiring, credential.expired, credential.unused, credential.leaked, webhook.failing, webhook.test, attempt.denied, attempt.failed. A pattern such as token.* matches a family. */
  eventTypes?: Array<string> | null | undefined;
  /** STANDARD_WEBHOOKS (the default), or NDJSON_BATCH for a SIEM sink. */
  format?: WebhookFormat | null | undefined;
  /** Where events are POSTed. */
  url: string;
};

/** The kinds of credential Keygate issues. */
export type CredentialKind =
  /** An application's key pair, for JWT-profile client authentication. */
  | 'APPLICATION_KEY'
  /** A person's token. */
  | 'PERSONAL_ACCESS_TOKEN'
  /** A machine identity's token. */
  | 'TOKEN';

/** What Keygate does with a credential a policy catches (unused for too long, or reported leaked). */
export type CredentialPolicyAction =
  /** Record an event (and send webhooks) and leave it working. */
  | 'REPORT'
  /** Revoke it at once. */
  | 'REVOKE';

/** Where a credential stands in its life. */
export type CredentialState =
  /** Usable. */
  | 'ACTIVE'
  /** Past its expiry; it cannot authenticate or be renewed. */
  | 'EXPIRED'
  /** Revoked; it cannot authenticate or be renewed. */
  | 'REVOKED'
  /** A use-limited token whose uses are all spent; it cannot authenticate or be renewed. */
  | 'USED_UP';

/** The parameters of `deleteAppKey`. */
export type DeleteAppKeyInput = {
  /** Global id of the `ApplicationKey`. */
  id: string | number;
};

/** The parameters of `deleteMachineIdentity`. */
export type DeleteMachineIdentityInput = {
  /** Global id of the `MachineIdentity`. */
  id: string | number;
};

/** The parameters of `deleteOrganization`. */
export type DeleteOrganizationInput = {
  /** The organization's current name, exactly: confirms which organization goes. */
  confirmName: string;
};

/** The parameters of `deletePersonalAccessToken`. */
export type DeletePersonalAccessTokenInput = {
  /** Global id of the `PersonalAccessToken`. */
  id: string | number;
};

/** The parameters of `deleteToken`. */
export type DeleteTokenInput = {
  /** Global id of the `Token`. */
  id: string | number;
};

/** The parameters of `deleteWebhookEndpoint`. */
export type DeleteWebhookEndpointInput = {
  /** Global id of the `WebhookEndpoint`. */
  id: string | number;
};

/** The parameters of `disableMachineIdentity`. */
export type DisableMachineIdentityInput = {
  /** Global id of the `MachineIdentity`. */
  id: string | number;
};

/** The parameters of `enableMachineIdentity`. */
export type EnableMachineIdentityInput = {
  /** Global id of the `MachineIdentity`. */
  id: string | number;
};

/** What went wrong, for programs: the `code` of every type that implements `Error`. */
export type ErrorCode =
  /** Carried by InvalidStateError. */
  | 'INVALID_STATE'
  /** Carried by LimitReachedError. */
  | 'LIMIT_REACHED'
  /** Carried by NotFoundError. */
  | 'NOT_FOUND'
  /** Carried by ValidationError. */
  | 'VALIDATION_FAILED';

/** The parameters of `importPersonalAccessTokens`. */
export type ImportPersonalAccessTokensInput = {
  /** The tokens to import, 1 to 1000. */
  tokens: Array<ImportedPersonalAccessTokenInput>;
};

/** The parameters of `importTokens`. */
export type ImportTokensInput = {
  /** Global id of the `MachineIdentity`. */
  identityId: string | number;
  /** The tokens to import, 1 to 1000. */
  tokens: Array<ImportedTokenInput>;
};

/** A personal access token brought from another product: its key (or the key’s SHA-256). */
export type ImportedPersonalAccessTokenInput = {
  /** What the token is for (1 to 200 characters). */
  description: string;
  /** When the token stops working; at most the organization's maximum lifetime away, and no later than the credential you call with can last. */
  expiresAt: string;
  /** What the other product called it (1 to 200 characters, never the key), kept as externalId. */
  externalId?: string | null | undefined;
  /** The key: a Keygate secret (kg_pat_…), or a key from another product (printable ASCII without spaces, KEYGATE_IMPORTED_KEY_MIN_LENGTH to 512 characters, random-looking). Stored only as its SHA-256. */
  key?: string | null | undefined;
  /** Instead of key, when only its hash is known: the SHA-256 of the key, as 64 hexadecimal digits or 43 base64url characters. Exactly one of key and keySha256. */
  keySha256?: string | null | undefined;
  /** Permissions to narrow the token to. Default: those of the credential you call with. */
  scopes?: Array<string> | null | undefined;
};

/** A token brought from another product: its key (or the key’s SHA-256) and its settings. */
export type ImportedTokenInput = {
  /** When it stops working: in the future, within the organization's maximum token lifetime and no later than the credential you call with can last. Default: the latest of those, as createToken without a TTL. */
  expiresAt?: string | null | undefined;
  /** What the other product called it (1 to 200 characters, never the key), kept as Token.externalId. */
  externalId?: string | null | undefined;
  /** The key: a Keygate secret (kg_tok_…), or a key from another product (printable ASCII without spaces, KEYGATE_IMPORTED_KEY_MIN_LENGTH to 512 characters, random-looking). Stored only as its SHA-256. */
  key?: string | null | undefined;
  /** Instead of key, when only its hash is known: the SHA-256 of the key, as 64 hexadecimal digits or 43 base64url characters. Exactly one of key and keySha256. */
  keySha256?: string | null | undefined;
  /** A name for people (1 to 100 characters). */
  name: string;
  /** Uses allowed; 0 (default): unlimited. */
  numUsesLimit?: number | null | undefined;
  /** Narrow to these of the identity's permissions. */
  scopes?: Array<string> | null | undefined;
  /** Up to 32 IPv4/IPv6 addresses or CIDR ranges; empty (default): anywhere. */
  trustedIps?: Array<string> | null | undefined;
};

/** Where an invitation stands. */
export type InvitationState =
  /** Accepted: the person is a member. */
  | 'ACCEPTED'
  /** Nobody accepted it in time. */
  | 'EXPIRED'
  /** Its code can be accepted. */
  | 'PENDING'
  /** Revoked before anyone accepted it. */
  | 'REVOKED';

/** The parameters of `inviteMember`. */
export type InviteMemberInput = {
  /** The person's e-mail address. */
  email: string;
  /** How long the code works, in hours (default 168, at most 720). */
  expiresInHours?: number | null | undefined;
  /** What this organization will call the person (1 to 100 characters). */
  name: string;
  /** Single permissions on top of the role, from: organization:read, organization:manage, organization:create, organization:suspend, organization:resume, organization:delete, member:read, member:manage, identity:read, identity:manage, token:read, token:create, token:update, token:renew, token:rotate, token:set_key, token:revoke, token:delete, pat:read, pat:create, pat:delete, project:read, project:manage, appkey:read, appkey:create, appkey:revoke, appkey:delete, audit:read, credential:verify, webhook:manage. */
  permissions?: Array<string> | null | undefined;
  /** The role on accepting. */
  role: Role;
};

/** The parameters of `removeMember`. */
export type RemoveMemberInput = {
  /** Global id of the `Membership`. */
  id: string | number;
};

/** The parameters of `renewPersonalAccessToken`. */
export type RenewPersonalAccessTokenInput = {
  /** The new expiry. */
  expiresAt: string;
  /** Global id of the `PersonalAccessToken`. */
  id: string | number;
};

/** The parameters of `renewToken`. */
export type RenewTokenInput = {
  /** Global id of the `Token`. */
  id: string | number;
};

/** The parameters of `resumeOrganization`. */
export type ResumeOrganizationInput = {
  /** Why (at most 500 characters): recorded in the audit event. */
  reason?: string | null | undefined;
};

/** The parameters of `revokeAllTokens`. */
export type RevokeAllTokensInput = {
  /** Global id of the `MachineIdentity`. */
  identityId: string | number;
};

/** The parameters of `revokeAppKey`. */
export type RevokeAppKeyInput = {
  /** Global id of the `ApplicationKey`. */
  id: string | number;
};

/** Which of the organization's live credentials (not revoked, not expired) to revoke: every criterion given must hold. At least one of memberId, identityId, projectId, search, createdBefore and lastUsedBefore, or all: true. */
export type RevokeCredentialsFilter = {
  /** Revoke every live credential of the kinds: needed when nothing else narrows the filter. */
  all?: boolean | null | undefined;
  /** Made before then. */
  createdBefore?: string | null | undefined;
  /** This machine identity's tokens. */
  identityId?: string | number | null | undefined;
  /** Only these kinds. Default: every kind the other criteria select (memberId, identityId and projectId each select one). Each kind needs its revoke permission: pat:delete, token:revoke, appkey:revoke. */
  kinds?: Array<CredentialKind> | null | undefined;
  /** Last used before then, or never used and made before then (last use is a few seconds late). */
  lastUsedBefore?: string | null | undefined;
  /** This member's personal access tokens. Another member's need member:manage beside pat:delete. */
  memberId?: string | number | null | undefined;
  /** The keys of this project's applications. */
  projectId?: string | number | null | undefined;
  /** As the credential lists search: a name (a personal access token's description) that contains it, any case, or an id (the global id, or the raw id by prefix from 8 characters); application keys by id only. */
  search?: string | null | undefined;
};

/** The parameters of `revokeCredentials`. */
export type RevokeCredentialsInput = {
  /** Count what this call would revoke, and revoke nothing. */
  dryRun?: boolean | null | undefined;
  /** Which credentials. */
  filter: RevokeCredentialsFilter;
  /** Why, for the audit log (at most 500 characters). */
  reason?: string | null | undefined;
};

/** The parameters of `revokeInvitation`. */
export type RevokeInvitationInput = {
  /** Global id of the `Invitation`. */
  id: string | number;
};

/** The parameters of `revokePersonalAccessToken`. */
export type RevokePersonalAccessTokenInput = {
  /** Global id of the `PersonalAccessToken`. */
  id: string | number;
};

/** The parameters of `revokeToken`. */
export type RevokeTokenInput = {
  /** Global id of the `Token`. */
  id: string | number;
};

/** Built-in roles; each maps to a set of permissions. */
export type Role =
  /** Everything but managing members and the organization itself (settings, suspension, deletion); it reads both. */
  | 'ADMIN'
  /** Read access, the audit log, and own personal access tokens. */
  | 'AUDITOR'
  /** Read access, own personal access tokens, credential verification. */
  | 'MEMBER'
  /** Everything, including members, organization settings, suspending and deleting it. */
  | 'OWNER';

/** The parameters of `rotateAppKey`. */
export type RotateAppKeyInput = {
  /** How long the old key keeps working, in seconds (0 to 30 days). */
  gracePeriodSeconds: number;
  /** Global id of the `ApplicationKey`. */
  id: string | number;
};

/** The parameters of `rotatePersonalAccessToken`. */
export type RotatePersonalAccessTokenInput = {
  /** How long the old secret keeps working, in seconds (0 to 30 days). */
  gracePeriodSeconds: number;
  /** Global id of the `PersonalAccessToken`. */
  id: string | number;
};

/** The parameters of `rotateToken`. */
export type RotateTokenInput = {
  /** From 0 to 30 days, in seconds. */
  gracePeriodSeconds: number;
  /** Global id of the `Token`. */
  id: string | number;
};

/** The parameters of `sendWebhookTestEvent`. */
export type SendWebhookTestEventInput = {
  /** Global id of the `WebhookEndpoint`. */
  id: string | number;
};

/** The parameters of `setTokenKey`. */
export type SetTokenKeyInput = {
  /** Global id of the `Token`. */
  id: string | number;
  /** The key: a Keygate secret (kg_tok_…), or a key from another product (printable ASCII without spaces, KEYGATE_IMPORTED_KEY_MIN_LENGTH to 512 characters, random-looking). Stored only as its SHA-256. */
  key?: string | null | undefined;
  /** Instead of key, when only its hash is known: the SHA-256 of the key, as 64 hexadecimal digits or 43 base64url characters. Exactly one of key and keySha256. */
  keySha256?: string | null | undefined;
};

/** The parameters of `suspendOrganization`. */
export type SuspendOrganizationInput = {
  /** Why (at most 500 characters): recorded, and shown to the owners as suspendedReason. */
  reason?: string | null | undefined;
};

/** The parameters of `updateMember`. */
export type UpdateMemberInput = {
  /** Global id of the `Membership`. */
  id: string | number;
  /** Single permissions on top of the role, from: organization:read, organization:manage, organization:create, organization:suspend, organization:resume, organization:delete, member:read, member:manage, identity:read, identity:manage, token:read, token:create, token:update, token:renew, token:rotate, token:set_key, token:revoke, token:delete, pat:read, pat:create, pat:delete, project:read, project:manage, appkey:read, appkey:create, appkey:revoke, appkey:delete, audit:read, credential:verify, webhook:manage. */
  permissions?: Array<string> | null | undefined;
  /** The new role. */
  role?: Role | null | undefined;
};

/** The parameters of `updateOrganization`. */
export type UpdateOrganizationInput = {
  /** Default application key lifetime. */
  appKeyDefaultLifetimeDays?: number | null | undefined;
  /** Cap on an application key lifetime (1-3660 days); null or 0 removes it. */
  appKeyMaxLifetimeDays?: number | null | undefined;
  /** Days audit events are kept; 0: for ever. */
  auditRetentionDays?: number | null | undefined;
  /** Audiences (absolute https URIs) an access token exchanged for one of your tokens at /oauth/token may name. */
  exchangeAudiences?: Array<string> | null | undefined;
  /** Seconds an exchanged access token lasts (60 to 86400). */
  exchangeTokenLifetime?: number | null | undefined;
  /** Days before expiry that owners are warned (0 to 5 entries, each 1-365). */
  expiryWarningDays?: Array<number> | null | undefined;
  /** What the inactivity policy does: REVOKE, or REPORT (record and notify). */
  inactivityAction?: CredentialPolicyAction | null | undefined;
  /** Days unused after which a credential is caught (1-3660); null or 0 turns it off. */
  inactivityDays?: number | null | undefined;
  /** What Keygate does with a live credential reported leaked. */
  leakAction?: CredentialPolicyAction | null | undefined;
  /** The new name (1 to 100 characters). */
  name?: string | null | undefined;
  /** Personal access tokens one user may hold. */
  patLimitPerUser?: number | null | undefined;
  /** Longest personal access token lifetime (1-3660 days). */
  patMaxLifetimeDays?: number | null | undefined;
  /** Cap on a machine identity's token lifetime (1-3660 days); null or 0 removes it. */
  tokenMaxLifetimeDays?: number | null | undefined;
};

/** The parameters of `updatePersonalAccessToken`. */
export type UpdatePersonalAccessTokenInput = {
  /** The new description (1 to 200 characters). */
  description?: string | null | undefined;
  /** Global id of the `PersonalAccessToken`. */
  id: string | number;
  /** Permissions to narrow the token to; empty: all of its owner's. */
  scopes?: Array<string> | null | undefined;
};

/** The parameters of `updateToken`. */
export type UpdateTokenInput = {
  /** Global id of the `Token`. */
  id: string | number;
  /** The new name (1 to 100 characters). */
  name?: string | null | undefined;
  /** Uses allowed; 0: unlimited. Not below the uses already spent (numUses); equal to them, the token is used up at once. */
  numUsesLimit?: number | null | undefined;
  /** Narrow to these of the identity's permissions; empty: all of them. */
  scopes?: Array<string> | null | undefined;
  /** Up to 32 IPv4/IPv6 addresses or CIDR ranges; empty: anywhere. */
  trustedIps?: Array<string> | null | undefined;
};

/** The parameters of `updateWebhookEndpoint`. */
export type UpdateWebhookEndpointInput = {
  /** Up to 200 characters; empty clears it. */
  description?: string | null | undefined;
  /** False stops deliveries; true resumes them. */
  enabled?: boolean | null | undefined;
  /** Event types sent to the endpoint; empty: all of them. Every audit action of a successful change (token.revoked, pat.created, …), and credential.expiring, credential.expired, credential.unused, credential.leaked, webhook.failing, webhook.test, attempt.denied, attempt.failed. A pattern such as token.* matches a family. */
  eventTypes?: Array<string> | null | undefined;
  /** Global id of the `WebhookEndpoint`. */
  id: string | number;
  /** Where events are POSTed from now on. */
  url?: string | null | undefined;
};

/** Where a delivery stands. */
export type WebhookDeliveryStatus =
  /** Every attempt failed (or the endpoint was disabled). */
  | 'FAILED'
  /** Not attempted yet. */
  | 'PENDING'
  /** An attempt failed; another one is scheduled, with exponential backoff. */
  | 'RETRYING'
  /** The endpoint answered 2xx. */
  | 'SUCCEEDED';

/** How an endpoint is sent events. */
export type WebhookFormat =
  /** A SIEM sink: each batch of events as one POST of NDJSON (application/x-ndjson), an event per line in GET /audit/export's format, signed with the same webhook-* headers, retried the same way. */
  | 'NDJSON_BATCH'
  /** One Standard Webhooks message (JSON) per event. */
  | 'STANDARD_WEBHOOKS';

export type CreateOrganizationMutationVariables = Exact<{
  input: CreateOrganizationInput;
}>;


export type CreateOrganizationMutation = { createOrganization:
    | { __typename: 'CreateOrganizationPayload', organization: { id: string, name: string, role: Role } }
    | { __typename: 'LimitReachedError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type OrganizationSuspensionQueryVariables = Exact<{ [key: string]: never; }>;


export type OrganizationSuspensionQuery = { viewer: { organization: { id: string, suspendedAt: string | null, suspendedReason: string | null } } };

export type AcceptInvitationMutationVariables = Exact<{
  input: AcceptInvitationInput;
}>;


export type AcceptInvitationMutation = { acceptInvitation:
    | { __typename: 'AcceptInvitationPayload', secret: string, organizationName: string, role: Role, expiresAt: string }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'LimitReachedError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type ProjectsQueryVariables = Exact<{ [key: string]: never; }>;


export type ProjectsQuery = { projects: { totalCount: number, edges: Array<{ node: { id: string, name: string, createdAt: string } }> } };

export type ProjectApplicationsQueryVariables = Exact<{
  id: string | number;
  search?: string | null | undefined;
}>;


export type ProjectApplicationsQuery = { node:
    | { __typename: 'Application' }
    | { __typename: 'ApplicationKey' }
    | { __typename: 'AuditEvent' }
    | { __typename: 'Invitation' }
    | { __typename: 'MachineIdentity' }
    | { __typename: 'Membership' }
    | { __typename: 'Organization' }
    | { __typename: 'PersonalAccessToken' }
    | { __typename: 'Project', id: string, name: string, applications: { totalCount: number, edges: Array<{ node: { id: string, name: string, clientId: string, createdAt: string } }> } }
    | { __typename: 'Token' }
    | { __typename: 'User' }
    | { __typename: 'WebhookDelivery' }
    | { __typename: 'WebhookEndpoint' }
   | null };

export type CreateProjectMutationVariables = Exact<{
  input: CreateProjectInput;
}>;


export type CreateProjectMutation = { createProject:
    | { __typename: 'ProjectPayload', project: { id: string, name: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type CreateApplicationMutationVariables = Exact<{
  input: CreateApplicationInput;
}>;


export type CreateApplicationMutation = { createApplication:
    | { __typename: 'ApplicationPayload', application: { id: string, name: string } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type AppKeyFieldsFragment = { id: string, keyId: string, type: ApplicationKeyType, algorithm: string, state: CredentialState, createdAt: string, expirationDate: string, lastUsedAt: string | null, revokedAt: string | null };

export type AppKeysQueryVariables = Exact<{
  projectId: string | number;
  appId: string | number;
  state?: CredentialState | null | undefined;
  search?: string | null | undefined;
}>;


export type AppKeysQuery = { node:
    | { __typename: 'Application', id: string, name: string, clientId: string, project: { id: string, name: string } }
    | { __typename: 'ApplicationKey' }
    | { __typename: 'AuditEvent' }
    | { __typename: 'Invitation' }
    | { __typename: 'MachineIdentity' }
    | { __typename: 'Membership' }
    | { __typename: 'Organization' }
    | { __typename: 'PersonalAccessToken' }
    | { __typename: 'Project' }
    | { __typename: 'Token' }
    | { __typename: 'User' }
    | { __typename: 'WebhookDelivery' }
    | { __typename: 'WebhookEndpoint' }
   | null, appKeys: { totalCount: number, edges: Array<{ node: { id: string, keyId: string, type: ApplicationKeyType, algorithm: string, state: CredentialState, createdAt: string, expirationDate: string, lastUsedAt: string | null, revokedAt: string | null } }> } };

export type CreateAppKeyMutationVariables = Exact<{
  input: CreateAppKeyInput;
}>;


export type CreateAppKeyMutation = { createAppKey:
    | { __typename: 'CreateAppKeyPayload', keyDetails: string, applicationKey: { id: string } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type RevokeAppKeyMutationVariables = Exact<{
  input: RevokeAppKeyInput;
}>;


export type RevokeAppKeyMutation = { revokeAppKey:
    | { __typename: 'ApplicationKeyPayload', applicationKey: { id: string, state: CredentialState, revokedAt: string | null } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type RotateAppKeyMutationVariables = Exact<{
  input: RotateAppKeyInput;
}>;


export type RotateAppKeyMutation = { rotateAppKey:
    | { __typename: 'CreateAppKeyPayload', keyDetails: string, applicationKey: { id: string } }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type DeleteAppKeyMutationVariables = Exact<{
  input: DeleteAppKeyInput;
}>;


export type DeleteAppKeyMutation = { deleteAppKey:
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type AuditEventFieldsFragment = { id: string, sequence: string | null, action: string, outcome: AuditOutcome, actorType: AuditActorType, actorId: string | null, credentialKind: CredentialKind | null, credentialId: string | null, targetType: string | null, targetId: string | null, ip: string | null, userAgent: string | null, requestId: string | null, changes: unknown, createdAt: string, actor: { id: string, name: string | null, email: string | null } | null, credential: { id: string, name: string | null } | null, target: { id: string, name: string | null, email: string | null } | null };

export type AuditChainCheckQueryVariables = Exact<{
  from?: AuditVerificationStart | null | undefined;
  checkpoint?: string | null | undefined;
}>;


export type AuditChainCheckQuery = { verifyAuditChain: { valid: boolean, reason: string | null, firstBrokenSequence: string | null, checkedEvents: number, size: string, anchorSize: string | null, verifiedThroughSequence: string | null, complete: boolean, resumedFromSequence: string | null } };

export type LatestAuditCheckpointQueryVariables = Exact<{ [key: string]: never; }>;


export type LatestAuditCheckpointQuery = { auditLog: { origin: string, verifierKey: string, checkpoint: { size: string, rootHash: string, note: string, createdAt: string } } };

export type AuditEventsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: AuditEventFilter | null | undefined;
}>;


export type AuditEventsQuery = { auditEvents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, sequence: string | null, action: string, outcome: AuditOutcome, actorType: AuditActorType, actorId: string | null, credentialKind: CredentialKind | null, credentialId: string | null, targetType: string | null, targetId: string | null, ip: string | null, userAgent: string | null, requestId: string | null, changes: unknown, createdAt: string, actor: { id: string, name: string | null, email: string | null } | null, credential: { id: string, name: string | null } | null, target: { id: string, name: string | null, email: string | null } | null } }> } };

export type AuditEventAddedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type AuditEventAddedSubscription = { auditEventAdded: { id: string, sequence: string | null, action: string, outcome: AuditOutcome, actorType: AuditActorType, actorId: string | null, credentialKind: CredentialKind | null, credentialId: string | null, targetType: string | null, targetId: string | null, ip: string | null, userAgent: string | null, requestId: string | null, changes: unknown, createdAt: string, actor: { id: string, name: string | null, email: string | null } | null, credential: { id: string, name: string | null } | null, target: { id: string, name: string | null, email: string | null } | null } };

export type RevokedCountsFragment = { dryRun: boolean, personalAccessTokens: number, tokens: number, applicationKeys: number, total: number, remaining: number };

export type RevokeCredentialsMutationVariables = Exact<{
  input: RevokeCredentialsInput;
}>;


export type RevokeCredentialsMutation = { revokeCredentials:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'RevokeCredentialsPayload', dryRun: boolean, personalAccessTokens: number, tokens: number, applicationKeys: number, total: number, remaining: number }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type RevocationMembersQueryVariables = Exact<{ [key: string]: never; }>;


export type RevocationMembersQuery = { members: { totalCount: number, edges: Array<{ node: { id: string, name: string, user: { email: string } } }> } };

export type RevocationIdentitiesQueryVariables = Exact<{ [key: string]: never; }>;


export type RevocationIdentitiesQuery = { machineIdentities: { totalCount: number, edges: Array<{ node: { id: string, name: string } }> } };

export type RevocationProjectsQueryVariables = Exact<{ [key: string]: never; }>;


export type RevocationProjectsQuery = { projects: { totalCount: number, edges: Array<{ node: { id: string, name: string } }> } };

export type ImportTargetsQueryVariables = Exact<{ [key: string]: never; }>;


export type ImportTargetsQuery = { machineIdentities: { totalCount: number, edges: Array<{ node: { id: string, name: string, disabled: boolean } }> } };

export type ImportPolicyQueryVariables = Exact<{ [key: string]: never; }>;


export type ImportPolicyQuery = { viewer: { organization: { patMaxLifetimeDays: number } } };

export type ImportTokensMutationVariables = Exact<{
  input: ImportTokensInput;
}>;


export type ImportTokensMutation = { importTokens:
    | { __typename: 'ImportTokensPayload', tokens: Array<{ id: string }> }
    | { __typename: 'LimitReachedError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type ImportPersonalAccessTokensMutationVariables = Exact<{
  input: ImportPersonalAccessTokensInput;
}>;


export type ImportPersonalAccessTokensMutation = { importPersonalAccessTokens:
    | { __typename: 'ImportPersonalAccessTokensPayload', personalAccessTokens: Array<{ id: string }> }
    | { __typename: 'LimitReachedError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type MachineIdentitiesQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type MachineIdentitiesQuery = { machineIdentities: { totalCount: number, edges: Array<{ node: { id: string, name: string, role: Role, disabled: boolean, createdAt: string } }> } };

export type CreateMachineIdentityMutationVariables = Exact<{
  input: CreateMachineIdentityInput;
}>;


export type CreateMachineIdentityMutation = { createMachineIdentity:
    | { __typename: 'MachineIdentityPayload', machineIdentity: { id: string, name: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type MachineIdentityTokenFieldsFragment = { id: string, name: string, state: CredentialState, ttl: number, maxTtl: number, numUses: number, numUsesLimit: number, scopes: Array<string>, trustedIps: Array<string>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, lastRenewedAt: string | null, revokedAt: string | null };

export type MachineIdentityTokensQueryVariables = Exact<{
  id: string | number;
  search?: string | null | undefined;
}>;


export type MachineIdentityTokensQuery = { node:
    | { __typename: 'Application' }
    | { __typename: 'ApplicationKey' }
    | { __typename: 'AuditEvent' }
    | { __typename: 'Invitation' }
    | { __typename: 'MachineIdentity', id: string, name: string, role: Role, permissions: Array<string>, disabled: boolean, disabledAt: string | null, createdAt: string, tokens: { totalCount: number, edges: Array<{ node: { id: string, name: string, state: CredentialState, ttl: number, maxTtl: number, numUses: number, numUsesLimit: number, scopes: Array<string>, trustedIps: Array<string>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, lastRenewedAt: string | null, revokedAt: string | null } }> } }
    | { __typename: 'Membership' }
    | { __typename: 'Organization' }
    | { __typename: 'PersonalAccessToken' }
    | { __typename: 'Project' }
    | { __typename: 'Token' }
    | { __typename: 'User' }
    | { __typename: 'WebhookDelivery' }
    | { __typename: 'WebhookEndpoint' }
   | null };

export type CreateTokenMutationVariables = Exact<{
  input: CreateTokenInput;
}>;


export type CreateTokenMutation = { createToken:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'TokenSecretPayload', secret: string, token: { id: string, name: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type UpdateTokenMutationVariables = Exact<{
  input: UpdateTokenInput;
}>;


export type UpdateTokenMutation = { updateToken:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'TokenPayload', token: { id: string, name: string, state: CredentialState, ttl: number, maxTtl: number, numUses: number, numUsesLimit: number, scopes: Array<string>, trustedIps: Array<string>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, lastRenewedAt: string | null, revokedAt: string | null } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type RenewTokenMutationVariables = Exact<{
  input: RenewTokenInput;
}>;


export type RenewTokenMutation = { renewToken:
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'TokenPayload', token: { id: string, expiresAt: string | null } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type RotateTokenMutationVariables = Exact<{
  input: RotateTokenInput;
}>;


export type RotateTokenMutation = { rotateToken:
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'TokenSecretPayload', secret: string, token: { id: string, name: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type RevokeTokenMutationVariables = Exact<{
  input: RevokeTokenInput;
}>;


export type RevokeTokenMutation = { revokeToken:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'TokenPayload', token: { id: string, state: CredentialState } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type DeleteTokenMutationVariables = Exact<{
  input: DeleteTokenInput;
}>;


export type DeleteTokenMutation = { deleteToken:
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type DeleteMachineIdentityMutationVariables = Exact<{
  input: DeleteMachineIdentityInput;
}>;


export type DeleteMachineIdentityMutation = { deleteMachineIdentity:
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type DisableMachineIdentityMutationVariables = Exact<{
  input: DisableMachineIdentityInput;
}>;


export type DisableMachineIdentityMutation = { disableMachineIdentity:
    | { __typename: 'MachineIdentityPayload', machineIdentity: { id: string, disabled: boolean } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type EnableMachineIdentityMutationVariables = Exact<{
  input: EnableMachineIdentityInput;
}>;


export type EnableMachineIdentityMutation = { enableMachineIdentity:
    | { __typename: 'MachineIdentityPayload', machineIdentity: { id: string, disabled: boolean } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type RevokeAllTokensMutationVariables = Exact<{
  input: RevokeAllTokensInput;
}>;


export type RevokeAllTokensMutation = { revokeAllTokens:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'RevokeAllTokensPayload', revokedCount: number }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type SetTokenKeyMutationVariables = Exact<{
  input: SetTokenKeyInput;
}>;


export type SetTokenKeyMutation = { setTokenKey:
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'TokenPayload', token: { id: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type MemberFieldsFragment = { id: string, name: string, role: Role, permissions: Array<string>, createdAt: string, user: { id: string, email: string } };

export type InvitationFieldsFragment = { id: string, email: string, name: string, role: Role, permissions: Array<string>, state: InvitationState, createdAt: string, expiresAt: string, acceptedAt: string | null, revokedAt: string | null };

export type MembersQueryVariables = Exact<{ [key: string]: never; }>;


export type MembersQuery = { members: { totalCount: number, edges: Array<{ node: { id: string, name: string, role: Role, permissions: Array<string>, createdAt: string, user: { id: string, email: string } } }> } };

export type InvitationsQueryVariables = Exact<{
  state?: InvitationState | null | undefined;
}>;


export type InvitationsQuery = { invitations: { totalCount: number, edges: Array<{ node: { id: string, email: string, name: string, role: Role, permissions: Array<string>, state: InvitationState, createdAt: string, expiresAt: string, acceptedAt: string | null, revokedAt: string | null } }> } };

export type UpdateMemberMutationVariables = Exact<{
  input: UpdateMemberInput;
}>;


export type UpdateMemberMutation = { updateMember:
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'MembershipPayload', membership: { id: string, role: Role, permissions: Array<string> } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type RemoveMemberMutationVariables = Exact<{
  input: RemoveMemberInput;
}>;


export type RemoveMemberMutation = { removeMember:
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type InviteMemberMutationVariables = Exact<{
  input: InviteMemberInput;
}>;


export type InviteMemberMutation = { inviteMember:
    | { __typename: 'InviteMemberPayload', invitationCode: string, invitation: { id: string, email: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type RevokeInvitationMutationVariables = Exact<{
  input: RevokeInvitationInput;
}>;


export type RevokeInvitationMutation = { revokeInvitation:
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'InvitationPayload', invitation: { id: string, state: InvitationState } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type RevokeMemberTokensMutationVariables = Exact<{
  input: RevokeCredentialsInput;
}>;


export type RevokeMemberTokensMutation = { revokeCredentials:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'RevokeCredentialsPayload', personalAccessTokens: number, remaining: number }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type OrganizationSettingsFieldsFragment = { id: string, name: string, createdAt: string, patMaxLifetimeDays: number, patLimitPerUser: number, tokenMaxLifetimeDays: number | null, appKeyDefaultLifetimeDays: number, appKeyMaxLifetimeDays: number | null, auditRetentionDays: number | null, expiryWarningDays: Array<number>, inactivityDays: number | null, inactivityAction: CredentialPolicyAction, leakAction: CredentialPolicyAction, exchangeAudiences: Array<string>, exchangeTokenLifetime: number };

export type OrganizationSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type OrganizationSettingsQuery = { viewer: { organization: { id: string, name: string, createdAt: string, patMaxLifetimeDays: number, patLimitPerUser: number, tokenMaxLifetimeDays: number | null, appKeyDefaultLifetimeDays: number, appKeyMaxLifetimeDays: number | null, auditRetentionDays: number | null, expiryWarningDays: Array<number>, inactivityDays: number | null, inactivityAction: CredentialPolicyAction, leakAction: CredentialPolicyAction, exchangeAudiences: Array<string>, exchangeTokenLifetime: number } } };

export type UpdateOrganizationMutationVariables = Exact<{
  input: UpdateOrganizationInput;
}>;


export type UpdateOrganizationMutation = { updateOrganization:
    | { __typename: 'OrganizationPayload', organization: { id: string, name: string, createdAt: string, patMaxLifetimeDays: number, patLimitPerUser: number, tokenMaxLifetimeDays: number | null, appKeyDefaultLifetimeDays: number, appKeyMaxLifetimeDays: number | null, auditRetentionDays: number | null, expiryWarningDays: Array<number>, inactivityDays: number | null, inactivityAction: CredentialPolicyAction, leakAction: CredentialPolicyAction, exchangeAudiences: Array<string>, exchangeTokenLifetime: number } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type WebhookEndpointFieldsFragment = { id: string, url: string, description: string | null, eventTypes: Array<string>, format: WebhookFormat, enabled: boolean, failing: boolean, failingSince: string | null, createdAt: string, deliveries: { totalCount: number, edges: Array<{ node: { id: string, eventType: string, status: WebhookDeliveryStatus, attempts: number, responseStatus: number | null, error: string | null, createdAt: string } }> } };

export type WebhookEndpointsQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhookEndpointsQuery = { webhookEndpoints: { totalCount: number, edges: Array<{ node: { id: string, url: string, description: string | null, eventTypes: Array<string>, format: WebhookFormat, enabled: boolean, failing: boolean, failingSince: string | null, createdAt: string, deliveries: { totalCount: number, edges: Array<{ node: { id: string, eventType: string, status: WebhookDeliveryStatus, attempts: number, responseStatus: number | null, error: string | null, createdAt: string } }> } } }> } };

export type CreateWebhookEndpointMutationVariables = Exact<{
  input: CreateWebhookEndpointInput;
}>;


export type CreateWebhookEndpointMutation = { createWebhookEndpoint:
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
    | { __typename: 'WebhookEndpointWithSecretPayload', secret: string, webhookEndpoint: { id: string, url: string } }
   };

export type UpdateWebhookEndpointMutationVariables = Exact<{
  input: UpdateWebhookEndpointInput;
}>;


export type UpdateWebhookEndpointMutation = { updateWebhookEndpoint:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
    | { __typename: 'WebhookEndpointPayload', webhookEndpoint: { id: string, enabled: boolean } }
   };

export type SendWebhookTestEventMutationVariables = Exact<{
  input: SendWebhookTestEventInput;
}>;


export type SendWebhookTestEventMutation = { sendWebhookTestEvent:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
    | { __typename: 'WebhookDeliveryPayload', delivery: { id: string, status: WebhookDeliveryStatus } }
   };

export type DeleteWebhookEndpointMutationVariables = Exact<{
  input: DeleteWebhookEndpointInput;
}>;


export type DeleteWebhookEndpointMutation = { deleteWebhookEndpoint:
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type SuspendOrganizationMutationVariables = Exact<{
  input: SuspendOrganizationInput;
}>;


export type SuspendOrganizationMutation = { suspendOrganization:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'OrganizationPayload', organization: { id: string, suspendedAt: string | null } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type ResumeOrganizationMutationVariables = Exact<{
  input: ResumeOrganizationInput;
}>;


export type ResumeOrganizationMutation = { resumeOrganization:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'OrganizationPayload', organization: { id: string, suspendedAt: string | null } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type DeleteOrganizationMutationVariables = Exact<{
  input: DeleteOrganizationInput;
}>;


export type DeleteOrganizationMutation = { deleteOrganization:
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type PersonalAccessTokenFieldsFragment = { id: string, description: string, state: CredentialState, scopes: Array<string>, organizationBound: boolean, createdAt: string, expiresAt: string, seenAt: string | null, revokedAt: string | null };

export type PersonalAccessTokensQueryVariables = Exact<{
  state?: CredentialState | null | undefined;
  search?: string | null | undefined;
}>;


export type PersonalAccessTokensQuery = { viewer: { personalAccessTokens: { totalCount: number, edges: Array<{ node: { id: string, description: string, state: CredentialState, scopes: Array<string>, organizationBound: boolean, createdAt: string, expiresAt: string, seenAt: string | null, revokedAt: string | null } }> } } };

export type PersonalAccessTokenPolicyQueryVariables = Exact<{ [key: string]: never; }>;


export type PersonalAccessTokenPolicyQuery = { viewer: { organization: { patMaxLifetimeDays: number } } };

export type CreatePersonalAccessTokenMutationVariables = Exact<{
  input: CreatePersonalAccessTokenInput;
}>;


export type CreatePersonalAccessTokenMutation = { createPersonalAccessToken:
    | { __typename: 'CreatePersonalAccessTokenPayload', secret: string, personalAccessToken: { id: string, description: string } }
    | { __typename: 'LimitReachedError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type UpdatePersonalAccessTokenMutationVariables = Exact<{
  input: UpdatePersonalAccessTokenInput;
}>;


export type UpdatePersonalAccessTokenMutation = { updatePersonalAccessToken:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'PersonalAccessTokenPayload', personalAccessToken: { id: string, description: string, state: CredentialState, scopes: Array<string>, organizationBound: boolean, createdAt: string, expiresAt: string, seenAt: string | null, revokedAt: string | null } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type RenewPersonalAccessTokenMutationVariables = Exact<{
  input: RenewPersonalAccessTokenInput;
}>;


export type RenewPersonalAccessTokenMutation = { renewPersonalAccessToken:
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'PersonalAccessTokenPayload', personalAccessToken: { id: string, expiresAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type RotatePersonalAccessTokenMutationVariables = Exact<{
  input: RotatePersonalAccessTokenInput;
}>;


export type RotatePersonalAccessTokenMutation = { rotatePersonalAccessToken:
    | { __typename: 'CreatePersonalAccessTokenPayload', secret: string, personalAccessToken: { id: string, description: string } }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type RevokePersonalAccessTokenMutationVariables = Exact<{
  input: RevokePersonalAccessTokenInput;
}>;


export type RevokePersonalAccessTokenMutation = { revokePersonalAccessToken:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'PersonalAccessTokenPayload', personalAccessToken: { id: string, state: CredentialState, revokedAt: string | null } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type DeletePersonalAccessTokenMutationVariables = Exact<{
  input: DeletePersonalAccessTokenInput;
}>;


export type DeletePersonalAccessTokenMutation = { deletePersonalAccessToken:
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type SessionViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionViewerQuery = { viewer: { kind: ActorKind, permissions: Array<string>, user: { id: string, name: string, email: string } | null, organization: { id: string, name: string }, organizations: Array<{ id: string, name: string, role: Role, suspended: boolean, current: boolean }>, credential: { id: string, kind: CredentialKind, expiresAt: string | null, scopes: Array<string>, remainingUses: number | null } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AppKeyFieldsFragmentDoc = new TypedDocumentString(`
    fragment AppKeyFields on ApplicationKey {
  id
  keyId
  type
  algorithm
  state
  createdAt
  expirationDate
  lastUsedAt
  revokedAt
}
    `, {"fragmentName":"AppKeyFields"}) as unknown as TypedDocumentString<AppKeyFieldsFragment, unknown>;
export const AuditEventFieldsFragmentDoc = new TypedDocumentString(`
    fragment AuditEventFields on AuditEvent {
  id
  sequence
  action
  outcome
  actorType
  actorId
  credentialKind
  credentialId
  targetType
  targetId
  ip
  userAgent
  requestId
  changes
  createdAt
  actor {
    id
    name
    email
  }
  credential {
    id
    name
  }
  target {
    id
    name
    email
  }
}
    `, {"fragmentName":"AuditEventFields"}) as unknown as TypedDocumentString<AuditEventFieldsFragment, unknown>;
export const RevokedCountsFragmentDoc = new TypedDocumentString(`
    fragment RevokedCounts on RevokeCredentialsPayload {
  dryRun
  personalAccessTokens
  tokens
  applicationKeys
  total
  remaining
}
    `, {"fragmentName":"RevokedCounts"}) as unknown as TypedDocumentString<RevokedCountsFragment, unknown>;
export const MachineIdentityTokenFieldsFragmentDoc = new TypedDocumentString(`
    fragment MachineIdentityTokenFields on Token {
  id
  name
  state
  ttl
  maxTtl
  numUses
  numUsesLimit
  scopes
  trustedIps
  createdAt
  expiresAt
  lastUsedAt
  lastRenewedAt
  revokedAt
}
    `, {"fragmentName":"MachineIdentityTokenFields"}) as unknown as TypedDocumentString<MachineIdentityTokenFieldsFragment, unknown>;
export const MemberFieldsFragmentDoc = new TypedDocumentString(`
    fragment MemberFields on Membership {
  id
  name
  role
  permissions
  createdAt
  user {
    id
    email
  }
}
    `, {"fragmentName":"MemberFields"}) as unknown as TypedDocumentString<MemberFieldsFragment, unknown>;
export const InvitationFieldsFragmentDoc = new TypedDocumentString(`
    fragment InvitationFields on Invitation {
  id
  email
  name
  role
  permissions
  state
  createdAt
  expiresAt
  acceptedAt
  revokedAt
}
    `, {"fragmentName":"InvitationFields"}) as unknown as TypedDocumentString<InvitationFieldsFragment, unknown>;
export const OrganizationSettingsFieldsFragmentDoc = new TypedDocumentString(`
    fragment OrganizationSettingsFields on Organization {
  id
  name
  createdAt
  patMaxLifetimeDays
  patLimitPerUser
  tokenMaxLifetimeDays
  appKeyDefaultLifetimeDays
  appKeyMaxLifetimeDays
  auditRetentionDays
  expiryWarningDays
  inactivityDays
  inactivityAction
  leakAction
  exchangeAudiences
  exchangeTokenLifetime
}
    `, {"fragmentName":"OrganizationSettingsFields"}) as unknown as TypedDocumentString<OrganizationSettingsFieldsFragment, unknown>;
export const WebhookEndpointFieldsFragmentDoc = new TypedDocumentString(`
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  url
  description
  eventTypes
  format
  enabled
  failing
  failingSince
  createdAt
  deliveries(first: 3) {
    totalCount
    edges {
      node {
        id
        eventType
        status
        attempts
        responseStatus
        error
        createdAt
      }
    }
  }
}
    `, {"fragmentName":"WebhookEndpointFields"}) as unknown as TypedDocumentString<WebhookEndpointFieldsFragment, unknown>;
export const PersonalAccessTokenFieldsFragmentDoc = new TypedDocumentString(`
    fragment PersonalAccessTokenFields on PersonalAccessToken {
  id
  description
  state
  scopes
  organizationBound
  createdAt
  expiresAt
  seenAt
  revokedAt
}
    `, {"fragmentName":"PersonalAccessTokenFields"}) as unknown as TypedDocumentString<PersonalAccessTokenFieldsFragment, unknown>;
export const CreateOrganizationDocument = new TypedDocumentString(`
    mutation CreateOrganization($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    __typename
    ... on CreateOrganizationPayload {
      organization {
        id
        name
        role
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<CreateOrganizationMutation, CreateOrganizationMutationVariables>;
export const OrganizationSuspensionDocument = new TypedDocumentString(`
    query OrganizationSuspension {
  viewer {
    organization {
      id
      suspendedAt
      suspendedReason
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizationSuspensionQuery, OrganizationSuspensionQueryVariables>;
export const AcceptInvitationDocument = new TypedDocumentString(`
    mutation AcceptInvitation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) {
    __typename
    ... on AcceptInvitationPayload {
      secret
      organizationName
      role
      expiresAt
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<AcceptInvitationMutation, AcceptInvitationMutationVariables>;
export const ProjectsDocument = new TypedDocumentString(`
    query Projects {
  projects(first: 50) {
    totalCount
    edges {
      node {
        id
        name
        createdAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ProjectsQuery, ProjectsQueryVariables>;
export const ProjectApplicationsDocument = new TypedDocumentString(`
    query ProjectApplications($id: ID!, $search: String) {
  node(id: $id) {
    __typename
    ... on Project {
      id
      name
      applications(first: 50, search: $search) {
        totalCount
        edges {
          node {
            id
            name
            clientId
            createdAt
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ProjectApplicationsQuery, ProjectApplicationsQueryVariables>;
export const CreateProjectDocument = new TypedDocumentString(`
    mutation CreateProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    __typename
    ... on ProjectPayload {
      project {
        id
        name
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<CreateProjectMutation, CreateProjectMutationVariables>;
export const CreateApplicationDocument = new TypedDocumentString(`
    mutation CreateApplication($input: CreateApplicationInput!) {
  createApplication(input: $input) {
    __typename
    ... on ApplicationPayload {
      application {
        id
        name
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApplicationMutation, CreateApplicationMutationVariables>;
export const AppKeysDocument = new TypedDocumentString(`
    query AppKeys($projectId: ID!, $appId: ID!, $state: CredentialState, $search: String) {
  node(id: $appId) {
    __typename
    ... on Application {
      id
      name
      clientId
      project {
        id
        name
      }
    }
  }
  appKeys(
    projectId: $projectId
    appId: $appId
    first: 50
    state: $state
    search: $search
  ) {
    totalCount
    edges {
      node {
        ...AppKeyFields
      }
    }
  }
}
    fragment AppKeyFields on ApplicationKey {
  id
  keyId
  type
  algorithm
  state
  createdAt
  expirationDate
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<AppKeysQuery, AppKeysQueryVariables>;
export const CreateAppKeyDocument = new TypedDocumentString(`
    mutation CreateAppKey($input: CreateAppKeyInput!) {
  createAppKey(input: $input) {
    __typename
    ... on CreateAppKeyPayload {
      keyDetails
      applicationKey {
        id
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<CreateAppKeyMutation, CreateAppKeyMutationVariables>;
export const RevokeAppKeyDocument = new TypedDocumentString(`
    mutation RevokeAppKey($input: RevokeAppKeyInput!) {
  revokeAppKey(input: $input) {
    __typename
    ... on ApplicationKeyPayload {
      applicationKey {
        id
        state
        revokedAt
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeAppKeyMutation, RevokeAppKeyMutationVariables>;
export const RotateAppKeyDocument = new TypedDocumentString(`
    mutation RotateAppKey($input: RotateAppKeyInput!) {
  rotateAppKey(input: $input) {
    __typename
    ... on CreateAppKeyPayload {
      keyDetails
      applicationKey {
        id
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<RotateAppKeyMutation, RotateAppKeyMutationVariables>;
export const DeleteAppKeyDocument = new TypedDocumentString(`
    mutation DeleteAppKey($input: DeleteAppKeyInput!) {
  deleteAppKey(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteAppKeyMutation, DeleteAppKeyMutationVariables>;
export const AuditChainCheckDocument = new TypedDocumentString(`
    query AuditChainCheck($from: AuditVerificationStart, $checkpoint: String) {
  verifyAuditChain(from: $from, checkpoint: $checkpoint) {
    valid
    reason
    firstBrokenSequence
    checkedEvents
    size
    anchorSize
    verifiedThroughSequence
    complete
    resumedFromSequence
  }
}
    `) as unknown as TypedDocumentString<AuditChainCheckQuery, AuditChainCheckQueryVariables>;
export const LatestAuditCheckpointDocument = new TypedDocumentString(`
    query LatestAuditCheckpoint {
  auditLog {
    origin
    verifierKey
    checkpoint {
      size
      rootHash
      note
      createdAt
    }
  }
}
    `) as unknown as TypedDocumentString<LatestAuditCheckpointQuery, LatestAuditCheckpointQueryVariables>;
export const AuditEventsDocument = new TypedDocumentString(`
    query AuditEvents($first: Int!, $after: String, $filter: AuditEventFilter) {
  auditEvents(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...AuditEventFields
      }
    }
  }
}
    fragment AuditEventFields on AuditEvent {
  id
  sequence
  action
  outcome
  actorType
  actorId
  credentialKind
  credentialId
  targetType
  targetId
  ip
  userAgent
  requestId
  changes
  createdAt
  actor {
    id
    name
    email
  }
  credential {
    id
    name
  }
  target {
    id
    name
    email
  }
}`) as unknown as TypedDocumentString<AuditEventsQuery, AuditEventsQueryVariables>;
export const AuditEventAddedDocument = new TypedDocumentString(`
    subscription AuditEventAdded {
  auditEventAdded {
    ...AuditEventFields
  }
}
    fragment AuditEventFields on AuditEvent {
  id
  sequence
  action
  outcome
  actorType
  actorId
  credentialKind
  credentialId
  targetType
  targetId
  ip
  userAgent
  requestId
  changes
  createdAt
  actor {
    id
    name
    email
  }
  credential {
    id
    name
  }
  target {
    id
    name
    email
  }
}`) as unknown as TypedDocumentString<AuditEventAddedSubscription, AuditEventAddedSubscriptionVariables>;
export const RevokeCredentialsDocument = new TypedDocumentString(`
    mutation RevokeCredentials($input: RevokeCredentialsInput!) {
  revokeCredentials(input: $input) {
    __typename
    ... on RevokeCredentialsPayload {
      ...RevokedCounts
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    fragment RevokedCounts on RevokeCredentialsPayload {
  dryRun
  personalAccessTokens
  tokens
  applicationKeys
  total
  remaining
}`) as unknown as TypedDocumentString<RevokeCredentialsMutation, RevokeCredentialsMutationVariables>;
export const RevocationMembersDocument = new TypedDocumentString(`
    query RevocationMembers {
  members(first: 100) {
    totalCount
    edges {
      node {
        id
        name
        user {
          email
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RevocationMembersQuery, RevocationMembersQueryVariables>;
export const RevocationIdentitiesDocument = new TypedDocumentString(`
    query RevocationIdentities {
  machineIdentities(first: 100) {
    totalCount
    edges {
      node {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RevocationIdentitiesQuery, RevocationIdentitiesQueryVariables>;
export const RevocationProjectsDocument = new TypedDocumentString(`
    query RevocationProjects {
  projects(first: 100) {
    totalCount
    edges {
      node {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RevocationProjectsQuery, RevocationProjectsQueryVariables>;
export const ImportTargetsDocument = new TypedDocumentString(`
    query ImportTargets {
  machineIdentities(first: 100) {
    totalCount
    edges {
      node {
        id
        name
        disabled
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ImportTargetsQuery, ImportTargetsQueryVariables>;
export const ImportPolicyDocument = new TypedDocumentString(`
    query ImportPolicy {
  viewer {
    organization {
      patMaxLifetimeDays
    }
  }
}
    `) as unknown as TypedDocumentString<ImportPolicyQuery, ImportPolicyQueryVariables>;
export const ImportTokensDocument = new TypedDocumentString(`
    mutation ImportTokens($input: ImportTokensInput!) {
  importTokens(input: $input) {
    __typename
    ... on ImportTokensPayload {
      tokens {
        id
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<ImportTokensMutation, ImportTokensMutationVariables>;
export const ImportPersonalAccessTokensDocument = new TypedDocumentString(`
    mutation ImportPersonalAccessTokens($input: ImportPersonalAccessTokensInput!) {
  importPersonalAccessTokens(input: $input) {
    __typename
    ... on ImportPersonalAccessTokensPayload {
      personalAccessTokens {
        id
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<ImportPersonalAccessTokensMutation, ImportPersonalAccessTokensMutationVariables>;
export const MachineIdentitiesDocument = new TypedDocumentString(`
    query MachineIdentities($search: String) {
  machineIdentities(first: 100, search: $search) {
    totalCount
    edges {
      node {
        id
        name
        role
        disabled
        createdAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MachineIdentitiesQuery, MachineIdentitiesQueryVariables>;
export const CreateMachineIdentityDocument = new TypedDocumentString(`
    mutation CreateMachineIdentity($input: CreateMachineIdentityInput!) {
  createMachineIdentity(input: $input) {
    __typename
    ... on MachineIdentityPayload {
      machineIdentity {
        id
        name
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<CreateMachineIdentityMutation, CreateMachineIdentityMutationVariables>;
export const MachineIdentityTokensDocument = new TypedDocumentString(`
    query MachineIdentityTokens($id: ID!, $search: String) {
  node(id: $id) {
    __typename
    ... on MachineIdentity {
      id
      name
      role
      permissions
      disabled
      disabledAt
      createdAt
      tokens(first: 25, search: $search) {
        totalCount
        edges {
          node {
            ...MachineIdentityTokenFields
          }
        }
      }
    }
  }
}
    fragment MachineIdentityTokenFields on Token {
  id
  name
  state
  ttl
  maxTtl
  numUses
  numUsesLimit
  scopes
  trustedIps
  createdAt
  expiresAt
  lastUsedAt
  lastRenewedAt
  revokedAt
}`) as unknown as TypedDocumentString<MachineIdentityTokensQuery, MachineIdentityTokensQueryVariables>;
export const CreateTokenDocument = new TypedDocumentString(`
    mutation CreateToken($input: CreateTokenInput!) {
  createToken(input: $input) {
    __typename
    ... on TokenSecretPayload {
      secret
      token {
        id
        name
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<CreateTokenMutation, CreateTokenMutationVariables>;
export const UpdateTokenDocument = new TypedDocumentString(`
    mutation UpdateToken($input: UpdateTokenInput!) {
  updateToken(input: $input) {
    __typename
    ... on TokenPayload {
      token {
        ...MachineIdentityTokenFields
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    fragment MachineIdentityTokenFields on Token {
  id
  name
  state
  ttl
  maxTtl
  numUses
  numUsesLimit
  scopes
  trustedIps
  createdAt
  expiresAt
  lastUsedAt
  lastRenewedAt
  revokedAt
}`) as unknown as TypedDocumentString<UpdateTokenMutation, UpdateTokenMutationVariables>;
export const RenewTokenDocument = new TypedDocumentString(`
    mutation RenewToken($input: RenewTokenInput!) {
  renewToken(input: $input) {
    __typename
    ... on TokenPayload {
      token {
        id
        expiresAt
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RenewTokenMutation, RenewTokenMutationVariables>;
export const RotateTokenDocument = new TypedDocumentString(`
    mutation RotateToken($input: RotateTokenInput!) {
  rotateToken(input: $input) {
    __typename
    ... on TokenSecretPayload {
      secret
      token {
        id
        name
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<RotateTokenMutation, RotateTokenMutationVariables>;
export const RevokeTokenDocument = new TypedDocumentString(`
    mutation RevokeToken($input: RevokeTokenInput!) {
  revokeToken(input: $input) {
    __typename
    ... on TokenPayload {
      token {
        id
        state
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeTokenMutation, RevokeTokenMutationVariables>;
export const DeleteTokenDocument = new TypedDocumentString(`
    mutation DeleteToken($input: DeleteTokenInput!) {
  deleteToken(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteTokenMutation, DeleteTokenMutationVariables>;
export const DeleteMachineIdentityDocument = new TypedDocumentString(`
    mutation DeleteMachineIdentity($input: DeleteMachineIdentityInput!) {
  deleteMachineIdentity(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteMachineIdentityMutation, DeleteMachineIdentityMutationVariables>;
export const DisableMachineIdentityDocument = new TypedDocumentString(`
    mutation DisableMachineIdentity($input: DisableMachineIdentityInput!) {
  disableMachineIdentity(input: $input) {
    __typename
    ... on MachineIdentityPayload {
      machineIdentity {
        id
        disabled
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DisableMachineIdentityMutation, DisableMachineIdentityMutationVariables>;
export const EnableMachineIdentityDocument = new TypedDocumentString(`
    mutation EnableMachineIdentity($input: EnableMachineIdentityInput!) {
  enableMachineIdentity(input: $input) {
    __typename
    ... on MachineIdentityPayload {
      machineIdentity {
        id
        disabled
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<EnableMachineIdentityMutation, EnableMachineIdentityMutationVariables>;
export const RevokeAllTokensDocument = new TypedDocumentString(`
    mutation RevokeAllTokens($input: RevokeAllTokensInput!) {
  revokeAllTokens(input: $input) {
    __typename
    ... on RevokeAllTokensPayload {
      revokedCount
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeAllTokensMutation, RevokeAllTokensMutationVariables>;
export const SetTokenKeyDocument = new TypedDocumentString(`
    mutation SetTokenKey($input: SetTokenKeyInput!) {
  setTokenKey(input: $input) {
    __typename
    ... on TokenPayload {
      token {
        id
        updatedAt
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<SetTokenKeyMutation, SetTokenKeyMutationVariables>;
export const MembersDocument = new TypedDocumentString(`
    query Members {
  members(first: 100) {
    totalCount
    edges {
      node {
        ...MemberFields
      }
    }
  }
}
    fragment MemberFields on Membership {
  id
  name
  role
  permissions
  createdAt
  user {
    id
    email
  }
}`) as unknown as TypedDocumentString<MembersQuery, MembersQueryVariables>;
export const InvitationsDocument = new TypedDocumentString(`
    query Invitations($state: InvitationState) {
  invitations(first: 50, state: $state) {
    totalCount
    edges {
      node {
        ...InvitationFields
      }
    }
  }
}
    fragment InvitationFields on Invitation {
  id
  email
  name
  role
  permissions
  state
  createdAt
  expiresAt
  acceptedAt
  revokedAt
}`) as unknown as TypedDocumentString<InvitationsQuery, InvitationsQueryVariables>;
export const UpdateMemberDocument = new TypedDocumentString(`
    mutation UpdateMember($input: UpdateMemberInput!) {
  updateMember(input: $input) {
    __typename
    ... on MembershipPayload {
      membership {
        id
        role
        permissions
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateMemberMutation, UpdateMemberMutationVariables>;
export const RemoveMemberDocument = new TypedDocumentString(`
    mutation RemoveMember($input: RemoveMemberInput!) {
  removeMember(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RemoveMemberMutation, RemoveMemberMutationVariables>;
export const InviteMemberDocument = new TypedDocumentString(`
    mutation InviteMember($input: InviteMemberInput!) {
  inviteMember(input: $input) {
    __typename
    ... on InviteMemberPayload {
      invitationCode: code
      invitation {
        id
        email
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<InviteMemberMutation, InviteMemberMutationVariables>;
export const RevokeInvitationDocument = new TypedDocumentString(`
    mutation RevokeInvitation($input: RevokeInvitationInput!) {
  revokeInvitation(input: $input) {
    __typename
    ... on InvitationPayload {
      invitation {
        id
        state
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeInvitationMutation, RevokeInvitationMutationVariables>;
export const RevokeMemberTokensDocument = new TypedDocumentString(`
    mutation RevokeMemberTokens($input: RevokeCredentialsInput!) {
  revokeCredentials(input: $input) {
    __typename
    ... on RevokeCredentialsPayload {
      personalAccessTokens
      remaining
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeMemberTokensMutation, RevokeMemberTokensMutationVariables>;
export const OrganizationSettingsDocument = new TypedDocumentString(`
    query OrganizationSettings {
  viewer {
    organization {
      ...OrganizationSettingsFields
    }
  }
}
    fragment OrganizationSettingsFields on Organization {
  id
  name
  createdAt
  patMaxLifetimeDays
  patLimitPerUser
  tokenMaxLifetimeDays
  appKeyDefaultLifetimeDays
  appKeyMaxLifetimeDays
  auditRetentionDays
  expiryWarningDays
  inactivityDays
  inactivityAction
  leakAction
  exchangeAudiences
  exchangeTokenLifetime
}`) as unknown as TypedDocumentString<OrganizationSettingsQuery, OrganizationSettingsQueryVariables>;
export const UpdateOrganizationDocument = new TypedDocumentString(`
    mutation UpdateOrganization($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) {
    __typename
    ... on OrganizationPayload {
      organization {
        ...OrganizationSettingsFields
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    fragment OrganizationSettingsFields on Organization {
  id
  name
  createdAt
  patMaxLifetimeDays
  patLimitPerUser
  tokenMaxLifetimeDays
  appKeyDefaultLifetimeDays
  appKeyMaxLifetimeDays
  auditRetentionDays
  expiryWarningDays
  inactivityDays
  inactivityAction
  leakAction
  exchangeAudiences
  exchangeTokenLifetime
}`) as unknown as TypedDocumentString<UpdateOrganizationMutation, UpdateOrganizationMutationVariables>;
export const WebhookEndpointsDocument = new TypedDocumentString(`
    query WebhookEndpoints {
  webhookEndpoints(first: 50) {
    totalCount
    edges {
      node {
        ...WebhookEndpointFields
      }
    }
  }
}
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  url
  description
  eventTypes
  format
  enabled
  failing
  failingSince
  createdAt
  deliveries(first: 3) {
    totalCount
    edges {
      node {
        id
        eventType
        status
        attempts
        responseStatus
        error
        createdAt
      }
    }
  }
}`) as unknown as TypedDocumentString<WebhookEndpointsQuery, WebhookEndpointsQueryVariables>;
export const CreateWebhookEndpointDocument = new TypedDocumentString(`
    mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on WebhookEndpointWithSecretPayload {
      secret
      webhookEndpoint {
        id
        url
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<CreateWebhookEndpointMutation, CreateWebhookEndpointMutationVariables>;
export const UpdateWebhookEndpointDocument = new TypedDocumentString(`
    mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(input: $input) {
    __typename
    ... on WebhookEndpointPayload {
      webhookEndpoint {
        id
        enabled
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateWebhookEndpointMutation, UpdateWebhookEndpointMutationVariables>;
export const SendWebhookTestEventDocument = new TypedDocumentString(`
    mutation SendWebhookTestEvent($input: SendWebhookTestEventInput!) {
  sendWebhookTestEvent(input: $input) {
    __typename
    ... on WebhookDeliveryPayload {
      delivery {
        id
        status
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<SendWebhookTestEventMutation, SendWebhookTestEventMutationVariables>;
export const DeleteWebhookEndpointDocument = new TypedDocumentString(`
    mutation DeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {
  deleteWebhookEndpoint(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteWebhookEndpointMutation, DeleteWebhookEndpointMutationVariables>;
export const SuspendOrganizationDocument = new TypedDocumentString(`
    mutation SuspendOrganization($input: SuspendOrganizationInput!) {
  suspendOrganization(input: $input) {
    __typename
    ... on OrganizationPayload {
      organization {
        id
        suspendedAt
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<SuspendOrganizationMutation, SuspendOrganizationMutationVariables>;
export const ResumeOrganizationDocument = new TypedDocumentString(`
    mutation ResumeOrganization($input: ResumeOrganizationInput!) {
  resumeOrganization(input: $input) {
    __typename
    ... on OrganizationPayload {
      organization {
        id
        suspendedAt
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<ResumeOrganizationMutation, ResumeOrganizationMutationVariables>;
export const DeleteOrganizationDocument = new TypedDocumentString(`
    mutation DeleteOrganization($input: DeleteOrganizationInput!) {
  deleteOrganization(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteOrganizationMutation, DeleteOrganizationMutationVariables>;
export const PersonalAccessTokensDocument = new TypedDocumentString(`
    query PersonalAccessTokens($state: CredentialState, $search: String) {
  viewer {
    personalAccessTokens(first: 50, state: $state, search: $search) {
      totalCount
      edges {
        node {
          ...PersonalAccessTokenFields
        }
      }
    }
  }
}
    fragment PersonalAccessTokenFields on PersonalAccessToken {
  id
  description
  state
  scopes
  organizationBound
  createdAt
  expiresAt
  seenAt
  revokedAt
}`) as unknown as TypedDocumentString<PersonalAccessTokensQuery, PersonalAccessTokensQueryVariables>;
export const PersonalAccessTokenPolicyDocument = new TypedDocumentString(`
    query PersonalAccessTokenPolicy {
  viewer {
    organization {
      patMaxLifetimeDays
    }
  }
}
    `) as unknown as TypedDocumentString<PersonalAccessTokenPolicyQuery, PersonalAccessTokenPolicyQueryVariables>;
export const CreatePersonalAccessTokenDocument = new TypedDocumentString(`
    mutation CreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {
  createPersonalAccessToken(input: $input) {
    __typename
    ... on CreatePersonalAccessTokenPayload {
      secret
      personalAccessToken {
        id
        description
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<CreatePersonalAccessTokenMutation, CreatePersonalAccessTokenMutationVariables>;
export const UpdatePersonalAccessTokenDocument = new TypedDocumentString(`
    mutation UpdatePersonalAccessToken($input: UpdatePersonalAccessTokenInput!) {
  updatePersonalAccessToken(input: $input) {
    __typename
    ... on PersonalAccessTokenPayload {
      personalAccessToken {
        ...PersonalAccessTokenFields
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    fragment PersonalAccessTokenFields on PersonalAccessToken {
  id
  description
  state
  scopes
  organizationBound
  createdAt
  expiresAt
  seenAt
  revokedAt
}`) as unknown as TypedDocumentString<UpdatePersonalAccessTokenMutation, UpdatePersonalAccessTokenMutationVariables>;
export const RenewPersonalAccessTokenDocument = new TypedDocumentString(`
    mutation RenewPersonalAccessToken($input: RenewPersonalAccessTokenInput!) {
  renewPersonalAccessToken(input: $input) {
    __typename
    ... on PersonalAccessTokenPayload {
      personalAccessToken {
        id
        expiresAt
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<RenewPersonalAccessTokenMutation, RenewPersonalAccessTokenMutationVariables>;
export const RotatePersonalAccessTokenDocument = new TypedDocumentString(`
    mutation RotatePersonalAccessToken($input: RotatePersonalAccessTokenInput!) {
  rotatePersonalAccessToken(input: $input) {
    __typename
    ... on CreatePersonalAccessTokenPayload {
      secret
      personalAccessToken {
        id
        description
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<RotatePersonalAccessTokenMutation, RotatePersonalAccessTokenMutationVariables>;
export const RevokePersonalAccessTokenDocument = new TypedDocumentString(`
    mutation RevokePersonalAccessToken($input: RevokePersonalAccessTokenInput!) {
  revokePersonalAccessToken(input: $input) {
    __typename
    ... on PersonalAccessTokenPayload {
      personalAccessToken {
        id
        state
        revokedAt
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RevokePersonalAccessTokenMutation, RevokePersonalAccessTokenMutationVariables>;
export const DeletePersonalAccessTokenDocument = new TypedDocumentString(`
    mutation DeletePersonalAccessToken($input: DeletePersonalAccessTokenInput!) {
  deletePersonalAccessToken(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeletePersonalAccessTokenMutation, DeletePersonalAccessTokenMutationVariables>;
export const SessionViewerDocument = new TypedDocumentString(`
    query SessionViewer {
  viewer {
    kind
    user {
      id
      name
      email
    }
    organization {
      id
      name
    }
    organizations {
      id
      name
      role
      suspended
      current
    }
    credential {
      id
      kind
      expiresAt
      scopes
      remainingUses
    }
    permissions
  }
}
    `) as unknown as TypedDocumentString<SessionViewerQuery, SessionViewerQueryVariables>;