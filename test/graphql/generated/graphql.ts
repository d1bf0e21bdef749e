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

/** The parameters of `authenticateClientAssertion`. */
export type AuthenticateClientAssertionInput = {
  /** The signed JWT. Never stored or logged. */
  assertion: string;
};

/** Why a client assertion is or is not accepted. */
export type ClientAssertionCode =
  /** Its application is disabled. */
  | 'DISABLED'
  /** The assertion or its key has expired. */
  | 'EXPIRED'
  /** Wrong iss, sub or aud; exp, iat or jti missing; or a lifetime over an hour. */
  | 'INVALID_CLAIMS'
  /** Not signed with RS256 by the key its kid names. */
  | 'INVALID_SIGNATURE'
  /** Malformed, or its key is unknown, deleted, or not of your organization. */
  | 'NOT_FOUND'
  /** Its organization is suspended. */
  | 'ORGANIZATION_SUSPENDED'
  /** Its jti was used before. */
  | 'REPLAYED'
  /** Its key was revoked. */
  | 'REVOKED'
  /** Accepted; its jti is now used. */
  | 'VALID';

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

/** The kinds of credential Keygate issues. */
export type CredentialKind =
  /** An application's key pair, for JWT-profile client authentication. */
  | 'APPLICATION_KEY'
  /** A person's token. */
  | 'PERSONAL_ACCESS_TOKEN'
  /** A machine identity's token. */
  | 'TOKEN';

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

/** The parameters of `setTokenKey`. */
export type SetTokenKeyInput = {
  /** Global id of the `Token`. */
  id: string | number;
  /** The key: a Keygate secret (kg_tok_…), or a key from another product (printable ASCII without spaces, KEYGATE_IMPORTED_KEY_MIN_LENGTH to 512 characters, random-looking). Stored only as its SHA-256. */
  key?: string | null | undefined;
  /** Instead of key, when only its hash is known: the SHA-256 of the key, as 64 hexadecimal digits or 43 base64url characters. Exactly one of key and keySha256. */
  keySha256?: string | null | undefined;
};

/** The parameters of `updateMachineIdentity`. */
export type UpdateMachineIdentityInput = {
  /** Global id of the `MachineIdentity`. */
  id: string | number;
  /** The new name; unique in the organization. */
  name?: string | null | undefined;
  /** Single permissions on top of the role, from: organization:read, organization:manage, organization:create, organization:suspend, organization:resume, organization:delete, member:read, member:manage, identity:read, identity:manage, token:read, token:create, token:update, token:renew, token:rotate, token:set_key, token:revoke, token:delete, pat:read, pat:create, pat:delete, project:read, project:manage, appkey:read, appkey:create, appkey:revoke, appkey:delete, audit:read, credential:verify, webhook:manage. */
  permissions?: Array<string> | null | undefined;
  /** The new role. */
  role?: Role | null | undefined;
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

/** Why a credential is or is not good. */
export type VerificationCode =
  /** Its machine identity is disabled. */
  | 'DISABLED'
  /** Past its expiry. */
  | 'EXPIRED'
  /** Good, but without one of the required permissions. */
  | 'INSUFFICIENT_PERMISSIONS'
  /** The client address is outside its trusted ranges. */
  | 'IP_NOT_ALLOWED'
  /** Unknown, malformed, deleted, or not of your organization. */
  | 'NOT_FOUND'
  /** Its organization is suspended. */
  | 'ORGANIZATION_SUSPENDED'
  /** Good, but over its own request limit for now (the token's requestLimit). */
  | 'RATE_LIMITED'
  /** Revoked. */
  | 'REVOKED'
  /** Its use limit is reached. */
  | 'USAGE_EXCEEDED'
  /** Good: it authenticates and has the required permissions. */
  | 'VALID';

/** The parameters of `verifyCredential`. */
export type VerifyCredentialInput = {
  /** The address the credential was presented from, for trusted-range checks. Without it, a token restricted to trusted ranges is IP_NOT_ALLOWED: your own address says nothing about its client. */
  ip?: string | null | undefined;
  /** Permissions the credential must have; otherwise the answer is INSUFFICIENT_PERMISSIONS. */
  requiredPermissions?: Array<string> | null | undefined;
  /** The presented secret. Never stored or logged. */
  secret: string;
};

export type CrossTenantNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type CrossTenantNodeQuery = { node:
    | { __typename: 'Application', id: string }
    | { __typename: 'ApplicationKey', id: string }
    | { __typename: 'AuditEvent', id: string }
    | { __typename: 'Invitation', id: string }
    | { __typename: 'MachineIdentity', id: string }
    | { __typename: 'Membership', id: string }
    | { __typename: 'Organization', id: string }
    | { __typename: 'PersonalAccessToken', id: string }
    | { __typename: 'Project', id: string }
    | { __typename: 'Token', id: string }
    | { __typename: 'User', id: string }
    | { __typename: 'WebhookDelivery', id: string }
    | { __typename: 'WebhookEndpoint', id: string }
   | null };

export type CrossTenantNodesQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type CrossTenantNodesQuery = { nodes: Array<
    | { __typename: 'Application', id: string }
    | { __typename: 'ApplicationKey', id: string }
    | { __typename: 'AuditEvent', id: string }
    | { __typename: 'Invitation', id: string }
    | { __typename: 'MachineIdentity', id: string }
    | { __typename: 'Membership', id: string }
    | { __typename: 'Organization', id: string }
    | { __typename: 'PersonalAccessToken', id: string }
    | { __typename: 'Project', id: string }
    | { __typename: 'Token', id: string }
    | { __typename: 'User', id: string }
    | { __typename: 'WebhookDelivery', id: string }
    | { __typename: 'WebhookEndpoint', id: string }
   | null> };

export type CrossTenantListsQueryVariables = Exact<{ [key: string]: never; }>;


export type CrossTenantListsQuery = { tokens: { totalCount: number }, machineIdentities: { totalCount: number }, members: { totalCount: number }, projects: { totalCount: number }, auditEvents: { totalCount: number }, viewer: { organization: { id: string }, personalAccessTokens: { totalCount: number } } };

export type CrossTenantViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type CrossTenantViewerQuery = { viewer: { organization: { id: string, name: string }, user: { email: string } | null } };

export type ConcurrencyViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ConcurrencyViewerQuery = { viewer: { kind: ActorKind, credential: { remainingUses: number | null } } };

export type ConcurrencyCreatePatMutationVariables = Exact<{
  input: CreatePersonalAccessTokenInput;
}>;


export type ConcurrencyCreatePatMutation = { createPersonalAccessToken:
    | { __typename: 'CreatePersonalAccessTokenPayload' }
    | { __typename: 'LimitReachedError' }
    | { __typename: 'ValidationError' }
   };

export type CountPatsQueryVariables = Exact<{
  first: number;
}>;


export type CountPatsQuery = { viewer: { personalAccessTokens: { totalCount: number, edges: Array<{ node: { id: string, description: string, seenAt: string | null, user: { email: string } } }> } } };

export type CountTokensQueryVariables = Exact<{
  first: number;
}>;


export type CountTokensQuery = { tokens: { totalCount: number, edges: Array<{ node: { id: string, name: string, scopes: Array<string>, lastUsedAt: string | null, identity: { id: string, name: string } } }> } };

export type CountIdentitiesQueryVariables = Exact<{
  first: number;
}>;


export type CountIdentitiesQuery = { machineIdentities: { totalCount: number, edges: Array<{ node: { id: string, name: string, tokens: { totalCount: number, edges: Array<{ node: { id: string, name: string } }> } } }> } };

export type CountMembersQueryVariables = Exact<{
  first: number;
}>;


export type CountMembersQuery = { members: { totalCount: number, edges: Array<{ node: { id: string, role: Role, user: { id: string, email: string } } }> } };

export type CountAuditQueryVariables = Exact<{
  first: number;
}>;


export type CountAuditQuery = { auditEvents: { totalCount: number, edges: Array<{ node: { id: string, action: string, actorId: string | null, credentialId: string | null, targetId: string | null, changes: unknown } }> } };

export type CountNamedAuditQueryVariables = Exact<{
  first: number;
}>;


export type CountNamedAuditQuery = { auditEvents: { totalCount: number, edges: Array<{ node: { id: string, action: string, actor: { name: string | null, email: string | null } | null, credential: { name: string | null } | null, target: { name: string | null } | null } }> } };

export type CountProjectsQueryVariables = Exact<{
  first: number;
}>;


export type CountProjectsQuery = { projects: { totalCount: number, edges: Array<{ node: { id: string, name: string, applications: { edges: Array<{ node: { id: string, clientId: string } }> } } }> } };

export type CountAppKeysQueryVariables = Exact<{
  first: number;
  projectId: string | number;
  appId: string | number;
}>;


export type CountAppKeysQuery = { appKeys: { totalCount: number, edges: Array<{ node: { id: string, expirationDate: string, application: { id: string, name: string, project: { id: string, name: string } } } }> } };

export type TestAppKeyCreateProjectMutationVariables = Exact<{
  input: CreateProjectInput;
}>;


export type TestAppKeyCreateProjectMutation = { createProject:
    | { __typename: 'ProjectPayload', project: { id: string, name: string } }
    | { __typename: 'ValidationError', field: string, code: ErrorCode }
   };

export type TestAppKeyCreateApplicationMutationVariables = Exact<{
  input: CreateApplicationInput;
}>;


export type TestAppKeyCreateApplicationMutation = { createApplication:
    | { __typename: 'ApplicationPayload', application: { id: string, name: string, clientId: string, project: { id: string, name: string } } }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'ValidationError', field: string, code: ErrorCode }
   };

export type TestAppKeyProjectsQueryVariables = Exact<{ [key: string]: never; }>;


export type TestAppKeyProjectsQuery = { projects: { totalCount: number, edges: Array<{ node: { id: string, name: string, applications: { totalCount: number } } }> } };

export type TestAppKeyProjectNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type TestAppKeyProjectNodeQuery = { node:
    | { applications: { edges: Array<{ node: { id: string, clientId: string } }> } }
    | Record<PropertyKey, never>
   | null };

export type TestCreateAppKeyMutationVariables = Exact<{
  input: CreateAppKeyInput;
}>;


export type TestCreateAppKeyMutation = { createAppKey:
    | { __typename: 'CreateAppKeyPayload', keyDetails: string, applicationKey: { id: string, type: ApplicationKeyType, algorithm: string, publicKey: string, expirationDate: string, lastUsedAt: string | null, createdAt: string, state: CredentialState, application: { id: string, clientId: string } } }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'ValidationError', field: string, message: string, code: ErrorCode }
   };

export type TestListAppKeysQueryVariables = Exact<{
  projectId: string | number;
  appId: string | number;
  state?: CredentialState | null | undefined;
  first?: number | null | undefined;
}>;


export type TestListAppKeysQuery = { appKeys: { totalCount: number, edges: Array<{ node: { id: string, state: CredentialState, expirationDate: string, application: { clientId: string, project: { name: string } } } }> } };

export type TestAppKeyNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type TestAppKeyNodeQuery = { node:
    | { __typename: 'Application', id: string }
    | { __typename: 'ApplicationKey', algorithm: string, publicKey: string, lastUsedAt: string | null, id: string, application: { id: string } }
    | { __typename: 'AuditEvent', id: string }
    | { __typename: 'Invitation', id: string }
    | { __typename: 'MachineIdentity', id: string }
    | { __typename: 'Membership', id: string }
    | { __typename: 'Organization', id: string }
    | { __typename: 'PersonalAccessToken', id: string }
    | { __typename: 'Project', id: string }
    | { __typename: 'Token', id: string }
    | { __typename: 'User', id: string }
    | { __typename: 'WebhookDelivery', id: string }
    | { __typename: 'WebhookEndpoint', id: string }
   | null };

export type TestDeleteAppKeyMutationVariables = Exact<{
  input: DeleteAppKeyInput;
}>;


export type TestDeleteAppKeyMutation = { deleteAppKey:
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError' }
   };

export type TestAuthenticateClientAssertionMutationVariables = Exact<{
  input: AuthenticateClientAssertionInput;
}>;


export type TestAuthenticateClientAssertionMutation = { authenticateClientAssertion: { valid: boolean, code: ClientAssertionCode, keyId: string | null, claim: string | null, reason: string | null, expiresAt: string | null, applicationKey: { id: string } | null, application: { id: string, clientId: string } | null } };

export type TestAuditEventsBackwardsQueryVariables = Exact<{
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type TestAuditEventsBackwardsQuery = { auditEvents: { pageInfo: { hasPreviousPage: boolean, startCursor: string | null }, edges: Array<{ node: { id: string } }> } };

export type TestAuditEventsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: AuditEventFilter | null | undefined;
}>;


export type TestAuditEventsQuery = { auditEvents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, sequence: string | null, action: string, outcome: AuditOutcome, actorType: AuditActorType, actorId: string | null, credentialKind: CredentialKind | null, credentialId: string | null, targetType: string | null, targetId: string | null, requestId: string | null, ip: string | null, userAgent: string | null, changes: unknown, createdAt: string } }> } };

export type TestVerifyChainQueryVariables = Exact<{
  from?: AuditVerificationStart | null | undefined;
}>;


export type TestVerifyChainQuery = { verifyAuditChain: { valid: boolean, checkedEvents: number, firstBrokenSequence: string | null, reason: string | null, size: string, anchorSize: string | null, verifiedThroughSequence: string | null, complete: boolean } };

export type TestAuditCreateIdentityMutationVariables = Exact<{
  input: CreateMachineIdentityInput;
}>;


export type TestAuditCreateIdentityMutation = { createMachineIdentity:
    | { __typename: 'MachineIdentityPayload', machineIdentity: { id: string } }
    | { __typename: 'ValidationError' }
   };

export type TestAuditViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type TestAuditViewerQuery = { viewer: { credential: { id: string }, user: { id: string } | null } };

export type TestNamedAuditEventsQueryVariables = Exact<{
  filter?: AuditEventFilter | null | undefined;
}>;


export type TestNamedAuditEventsQuery = { auditEvents: { edges: Array<{ node: { action: string, actorId: string | null, credentialId: string | null, targetId: string | null, actor: { id: string, name: string | null, email: string | null } | null, credential: { id: string, name: string | null, email: string | null } | null, target: { id: string, name: string | null, email: string | null } | null } }> } };

export type TestSubjectsCreateIdentityMutationVariables = Exact<{
  input: CreateMachineIdentityInput;
}>;


export type TestSubjectsCreateIdentityMutation = { createMachineIdentity:
    | { __typename: 'MachineIdentityPayload', machineIdentity: { id: string } }
    | { __typename: 'ValidationError' }
   };

export type TestSubjectsCreateTokenMutationVariables = Exact<{
  input: CreateTokenInput;
}>;


export type TestSubjectsCreateTokenMutation = { createToken:
    | { __typename: 'NotFoundError' }
    | { __typename: 'TokenSecretPayload', secret: string, token: { id: string } }
    | { __typename: 'ValidationError' }
   };

export type TestSubjectsRenameIdentityMutationVariables = Exact<{
  input: UpdateMachineIdentityInput;
}>;


export type TestSubjectsRenameIdentityMutation = { updateMachineIdentity:
    | { __typename: 'MachineIdentityPayload' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'ValidationError' }
   };

export type TestSubjectsDeleteTokenMutationVariables = Exact<{
  input: DeleteTokenInput;
}>;


export type TestSubjectsDeleteTokenMutation = { deleteToken:
    | { __typename: 'DeletedPayload' }
    | { __typename: 'NotFoundError' }
    | { __typename: 'ValidationError' }
   };

export type LifecycleViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type LifecycleViewerQuery = { viewer: { kind: ActorKind } };

export type LifecycleDeleteTokenMutationVariables = Exact<{
  input: DeleteTokenInput;
}>;


export type LifecycleDeleteTokenMutation = { deleteToken:
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'ValidationError', code: ErrorCode }
   };

export type LifecycleSetTokenKeyMutationVariables = Exact<{
  input: SetTokenKeyInput;
}>;


export type LifecycleSetTokenKeyMutation = { setTokenKey:
    | { __typename: 'InvalidStateError', code: ErrorCode }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'TokenPayload' }
    | { __typename: 'ValidationError', code: ErrorCode }
   };

export type LifecycleRevokeTokenMutationVariables = Exact<{
  input: RevokeTokenInput;
}>;


export type LifecycleRevokeTokenMutation = { revokeToken:
    | { __typename: 'NotFoundError' }
    | { __typename: 'TokenPayload' }
    | { __typename: 'ValidationError' }
   };

export type LifecycleTokenNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type LifecycleTokenNodeQuery = { node:
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
   | null };

export type LifecycleVerifyMutationVariables = Exact<{
  input: VerifyCredentialInput;
}>;


export type LifecycleVerifyMutation = { verifyCredential: { valid: boolean, code: VerificationCode } };

export type LifecycleDisableIdentityMutationVariables = Exact<{
  input: DisableMachineIdentityInput;
}>;


export type LifecycleDisableIdentityMutation = { disableMachineIdentity:
    | { __typename: 'MachineIdentityPayload' }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'ValidationError', code: ErrorCode }
   };

export type LifecycleDeleteIdentityMutationVariables = Exact<{
  input: DeleteMachineIdentityInput;
}>;


export type LifecycleDeleteIdentityMutation = { deleteMachineIdentity:
    | { __typename: 'DeletedPayload' }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'ValidationError', code: ErrorCode }
   };

export type LifecycleCreateAppKeyMutationVariables = Exact<{
  input: CreateAppKeyInput;
}>;


export type LifecycleCreateAppKeyMutation = { createAppKey:
    | { __typename: 'CreateAppKeyPayload', keyDetails: string, applicationKey: { id: string, expirationDate: string, state: CredentialState } }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'ValidationError', code: ErrorCode }
   };

export type LifecycleRevokeAppKeyMutationVariables = Exact<{
  input: RevokeAppKeyInput;
}>;


export type LifecycleRevokeAppKeyMutation = { revokeAppKey:
    | { __typename: 'ApplicationKeyPayload', applicationKey: { id: string, state: CredentialState, revokedAt: string | null } }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'ValidationError', code: ErrorCode }
   };

export type LifecycleRotateAppKeyMutationVariables = Exact<{
  input: RotateAppKeyInput;
}>;


export type LifecycleRotateAppKeyMutation = { rotateAppKey:
    | { __typename: 'CreateAppKeyPayload', keyDetails: string, applicationKey: { id: string, expirationDate: string, state: CredentialState } }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type LifecycleAppKeysQueryVariables = Exact<{
  projectId: string | number;
  appId: string | number;
  state?: CredentialState | null | undefined;
}>;


export type LifecycleAppKeysQuery = { appKeys: { edges: Array<{ node: { id: string, state: CredentialState, expirationDate: string } }> } };

export type LifecycleAuthenticateMutationVariables = Exact<{
  input: AuthenticateClientAssertionInput;
}>;


export type LifecycleAuthenticateMutation = { authenticateClientAssertion: { valid: boolean, code: ClientAssertionCode } };

export type EmbeddedCreatePatMutationVariables = Exact<{
  input: CreatePersonalAccessTokenInput;
}>;


export type EmbeddedCreatePatMutation = { createPersonalAccessToken:
    | { __typename: 'CreatePersonalAccessTokenPayload', secret: string, personalAccessToken: { id: string } }
    | { __typename: 'LimitReachedError' }
    | { __typename: 'ValidationError', field: string }
   };

export type EmbeddedCreateIdentityMutationVariables = Exact<{
  input: CreateMachineIdentityInput;
}>;


export type EmbeddedCreateIdentityMutation = { createMachineIdentity:
    | { machineIdentity: { id: string } }
    | Record<PropertyKey, never>
   };

export type EmbeddedCreateTokenMutationVariables = Exact<{
  input: CreateTokenInput;
}>;


export type EmbeddedCreateTokenMutation = { createToken:
    | { secret: string, token: { id: string } }
    | Record<PropertyKey, never>
   };

export type EmbeddedRotateMutationVariables = Exact<{
  input: RotateTokenInput;
}>;


export type EmbeddedRotateMutation = { rotateToken:
    | { secret: string }
    | Record<PropertyKey, never>
   };

export type EmbeddedViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type EmbeddedViewerQuery = { viewer: { kind: ActorKind, credential: { kind: CredentialKind, remainingUses: number | null } } };

export type EmbeddedListsQueryVariables = Exact<{ [key: string]: never; }>;


export type EmbeddedListsQuery = { viewer: { personalAccessTokens: { totalCount: number } }, tokens: { totalCount: number, edges: Array<{ node: { name: string, identity: { name: string } } }> }, auditEvents: { totalCount: number } };

export type InvitationInviteMutationVariables = Exact<{
  input: InviteMemberInput;
}>;


export type InvitationInviteMutation = { inviteMember:
    | { __typename: 'InviteMemberPayload', code: string, invitation: { id: string, email: string, name: string, role: Role, state: InvitationState, expiresAt: string } }
    | { __typename: 'ValidationError', message: string, field: string, errorCode: ErrorCode }
   };

export type InvitationAcceptMutationVariables = Exact<{
  input: AcceptInvitationInput;
}>;


export type InvitationAcceptMutation = { acceptInvitation:
    | { __typename: 'AcceptInvitationPayload', secret: string, personalAccessTokenId: string, organizationId: string, organizationName: string, membershipId: string, role: Role, expiresAt: string, renewableUntil: string }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'LimitReachedError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type InvitationRevokeMutationVariables = Exact<{
  input: RevokeInvitationInput;
}>;


export type InvitationRevokeMutation = { revokeInvitation:
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'InvitationPayload', invitation: { id: string, state: InvitationState, revokedAt: string | null } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type InvitationListQueryVariables = Exact<{
  state?: InvitationState | null | undefined;
}>;


export type InvitationListQuery = { invitations: { totalCount: number, edges: Array<{ node: { id: string, email: string, state: InvitationState } }> } };

export type InvitationViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type InvitationViewerQuery = { viewer: { organization: { id: string }, user: { id: string, name: string, email: string } | null, credential: { id: string }, personalAccessTokens: { edges: Array<{ node: { id: string, organizationBound: boolean } }> } } };

export type InvitationMembersQueryVariables = Exact<{ [key: string]: never; }>;


export type InvitationMembersQuery = { members: { edges: Array<{ node: { id: string, name: string, role: Role, user: { id: string, name: string, email: string } } }> } };

export type InvitationCreatePatMutationVariables = Exact<{
  input: CreatePersonalAccessTokenInput;
}>;


export type InvitationCreatePatMutation = { createPersonalAccessToken:
    | { __typename: 'CreatePersonalAccessTokenPayload', secret: string, personalAccessToken: { organizationBound: boolean } }
    | { __typename: 'LimitReachedError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type InvitationRemoveMemberMutationVariables = Exact<{
  input: RemoveMemberInput;
}>;


export type InvitationRemoveMemberMutation = { removeMember:
    | { __typename: 'DeletedPayload' }
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type PatLifecycleViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type PatLifecycleViewerQuery = { viewer: { permissions: Array<string>, organization: { id: string }, credential: { id: string, scopes: Array<string> } } };

export type PatLifecycleCreateMutationVariables = Exact<{
  input: CreatePersonalAccessTokenInput;
}>;


export type PatLifecycleCreateMutation = { createPersonalAccessToken:
    | { __typename: 'CreatePersonalAccessTokenPayload', secret: string, personalAccessToken: { id: string, scopes: Array<string>, state: CredentialState } }
    | { __typename: 'LimitReachedError', code: ErrorCode, message: string, limit: number }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type PatLifecycleRotateMutationVariables = Exact<{
  input: RotatePersonalAccessTokenInput;
}>;


export type PatLifecycleRotateMutation = { rotatePersonalAccessToken:
    | { __typename: 'CreatePersonalAccessTokenPayload', secret: string, personalAccessToken: { id: string, description: string, scopes: Array<string>, expiresAt: string } }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type PatLifecycleRevokeMutationVariables = Exact<{
  input: RevokePersonalAccessTokenInput;
}>;


export type PatLifecycleRevokeMutation = { revokePersonalAccessToken:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'PersonalAccessTokenPayload', personalAccessToken: { id: string, state: CredentialState, revokedAt: string | null } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type PatLifecycleDeleteMutationVariables = Exact<{
  input: DeletePersonalAccessTokenInput;
}>;


export type PatLifecycleDeleteMutation = { deletePersonalAccessToken:
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type PatLifecycleUpdateMutationVariables = Exact<{
  input: UpdatePersonalAccessTokenInput;
}>;


export type PatLifecycleUpdateMutation = { updatePersonalAccessToken:
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'PersonalAccessTokenPayload', personalAccessToken: { id: string, description: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type PatLifecycleRenewMutationVariables = Exact<{
  input: RenewPersonalAccessTokenInput;
}>;


export type PatLifecycleRenewMutation = { renewPersonalAccessToken:
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'PersonalAccessTokenPayload', personalAccessToken: { id: string, expiresAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type PatLifecycleListQueryVariables = Exact<{
  state?: CredentialState | null | undefined;
}>;


export type PatLifecycleListQuery = { viewer: { personalAccessTokens: { totalCount: number, edges: Array<{ node: { id: string, state: CredentialState } }> } } };

export type PatLifecycleNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type PatLifecycleNodeQuery = { node:
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { description: string, organizationBound: boolean, id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
   | null };

export type TestViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type TestViewerQuery = { viewer: { kind: ActorKind, permissions: Array<string>, user: { email: string } | null, organization: { id: string, name: string }, credential: { id: string, kind: CredentialKind, expiresAt: string | null, scopes: Array<string> } } };

export type TestCreatePatMutationVariables = Exact<{
  input: CreatePersonalAccessTokenInput;
}>;


export type TestCreatePatMutation = { createPersonalAccessToken:
    | { __typename: 'CreatePersonalAccessTokenPayload', secret: string, personalAccessToken: { id: string, description: string, expiresAt: string, scopes: Array<string>, state: CredentialState, seenAt: string | null } }
    | { __typename: 'LimitReachedError', limit: number, message: string, code: ErrorCode }
    | { __typename: 'ValidationError', field: string, message: string, code: ErrorCode }
   };

export type TestDeletePatMutationVariables = Exact<{
  input: DeletePersonalAccessTokenInput;
}>;


export type TestDeletePatMutation = { deletePersonalAccessToken:
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'ValidationError' }
   };

export type TestListPatsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  state?: CredentialState | null | undefined;
}>;


export type TestListPatsQuery = { viewer: { personalAccessTokens: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, description: string, state: CredentialState } }> } } };

export type TestCreateIdentityMutationVariables = Exact<{
  input: CreateMachineIdentityInput;
}>;


export type TestCreateIdentityMutation = { createMachineIdentity:
    | { __typename: 'MachineIdentityPayload', machineIdentity: { id: string, name: string, role: Role, disabled: boolean } }
    | { __typename: 'ValidationError', field: string, code: ErrorCode }
   };

export type TestUpdateIdentityMutationVariables = Exact<{
  input: UpdateMachineIdentityInput;
}>;


export type TestUpdateIdentityMutation = { updateMachineIdentity:
    | { __typename: 'MachineIdentityPayload', machineIdentity: { id: string, name: string } }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'ValidationError', field: string }
   };

export type TestDisableIdentityMutationVariables = Exact<{
  input: DisableMachineIdentityInput;
}>;


export type TestDisableIdentityMutation = { disableMachineIdentity:
    | { __typename: 'MachineIdentityPayload', machineIdentity: { disabled: boolean } }
    | { __typename: 'NotFoundError' }
    | { __typename: 'ValidationError' }
   };

export type TestEnableIdentityMutationVariables = Exact<{
  input: EnableMachineIdentityInput;
}>;


export type TestEnableIdentityMutation = { enableMachineIdentity:
    | { __typename: 'MachineIdentityPayload', machineIdentity: { disabled: boolean } }
    | { __typename: 'NotFoundError' }
    | { __typename: 'ValidationError' }
   };

export type TestDeleteIdentityMutationVariables = Exact<{
  input: DeleteMachineIdentityInput;
}>;


export type TestDeleteIdentityMutation = { deleteMachineIdentity:
    | { __typename: 'DeletedPayload', deletedId: string }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'ValidationError' }
   };

export type TestCreateTokenMutationVariables = Exact<{
  input: CreateTokenInput;
}>;


export type TestCreateTokenMutation = { createToken:
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'TokenSecretPayload', secret: string, token: { id: string, name: string, ttl: number, maxTtl: number, numUses: number, numUsesLimit: number, trustedIps: Array<string>, scopes: Array<string>, expiresAt: string | null, state: CredentialState, isRevoked: boolean, authMethod: string, identity: { id: string } } }
    | { __typename: 'ValidationError', field: string, message: string }
   };

export type TestUpdateTokenMutationVariables = Exact<{
  input: UpdateTokenInput;
}>;


export type TestUpdateTokenMutation = { updateToken:
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'TokenPayload', token: { id: string, name: string, ttl: number, maxTtl: number, numUses: number, numUsesLimit: number, lastUsedAt: string | null, lastRenewedAt: string | null, isRevoked: boolean, createdAt: string, updatedAt: string, authMethod: string, identity: { name: string } } }
    | { __typename: 'ValidationError', field: string }
   };

export type TestRenewTokenMutationVariables = Exact<{
  input: RenewTokenInput;
}>;


export type TestRenewTokenMutation = { renewToken:
    | { __typename: 'InvalidStateError', message: string, code: ErrorCode }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'TokenPayload', token: { expiresAt: string | null, lastRenewedAt: string | null } }
    | { __typename: 'ValidationError' }
   };

export type TestRevokeTokenMutationVariables = Exact<{
  input: RevokeTokenInput;
}>;


export type TestRevokeTokenMutation = { revokeToken:
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'TokenPayload', token: { isRevoked: boolean, state: CredentialState } }
    | { __typename: 'ValidationError' }
   };

export type TestRevokeAllMutationVariables = Exact<{
  input: RevokeAllTokensInput;
}>;


export type TestRevokeAllMutation = { revokeAllTokens:
    | { __typename: 'NotFoundError' }
    | { __typename: 'RevokeAllTokensPayload', revokedCount: number }
    | { __typename: 'ValidationError' }
   };

export type TestRotateTokenMutationVariables = Exact<{
  input: RotateTokenInput;
}>;


export type TestRotateTokenMutation = { rotateToken:
    | { __typename: 'InvalidStateError', code: ErrorCode }
    | { __typename: 'NotFoundError' }
    | { __typename: 'TokenSecretPayload', secret: string, token: { expiresAt: string | null, name: string, ttl: number } }
    | { __typename: 'ValidationError', field: string }
   };

export type TestSetTokenKeyMutationVariables = Exact<{
  input: SetTokenKeyInput;
}>;


export type TestSetTokenKeyMutation = { setTokenKey:
    | { __typename: 'InvalidStateError', code: ErrorCode }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'TokenPayload', token: { id: string } }
    | { __typename: 'ValidationError', field: string, message: string }
   };

export type TestVerifyMutationVariables = Exact<{
  input: VerifyCredentialInput;
}>;


export type TestVerifyMutation = { verifyCredential: { valid: boolean, code: VerificationCode, kind: CredentialKind | null, credentialId: string | null, ownerKind: ActorKind | null, ownerId: string | null, expiresAt: string | null, remainingUses: number | null, permissions: Array<string> } };

export type TestTokensQueryVariables = Exact<{
  identityId?: string | number | null | undefined;
  state?: CredentialState | null | undefined;
  first?: number | null | undefined;
}>;


export type TestTokensQuery = { tokens: { totalCount: number, edges: Array<{ node: { id: string, name: string, state: CredentialState } }> } };

export type TestNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type TestNodeQuery = { node:
    | { __typename: 'Application', id: string }
    | { __typename: 'ApplicationKey', id: string }
    | { __typename: 'AuditEvent', id: string }
    | { __typename: 'Invitation', id: string }
    | { __typename: 'MachineIdentity', id: string }
    | { __typename: 'Membership', id: string }
    | { __typename: 'Organization', id: string }
    | { __typename: 'PersonalAccessToken', id: string }
    | { __typename: 'Project', id: string }
    | { __typename: 'Token', id: string }
    | { __typename: 'User', id: string }
    | { __typename: 'WebhookDelivery', id: string }
    | { __typename: 'WebhookEndpoint', id: string }
   | null };

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

export const CrossTenantNodeDocument = new TypedDocumentString(`
    query CrossTenantNode($id: ID!) {
  node(id: $id) {
    __typename
    id
  }
}
    `) as unknown as TypedDocumentString<CrossTenantNodeQuery, CrossTenantNodeQueryVariables>;
export const CrossTenantNodesDocument = new TypedDocumentString(`
    query CrossTenantNodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    id
  }
}
    `) as unknown as TypedDocumentString<CrossTenantNodesQuery, CrossTenantNodesQueryVariables>;
export const CrossTenantListsDocument = new TypedDocumentString(`
    query CrossTenantLists {
  tokens(first: 100) {
    totalCount
  }
  machineIdentities(first: 100) {
    totalCount
  }
  members(first: 100) {
    totalCount
  }
  projects(first: 100) {
    totalCount
  }
  auditEvents(first: 100) {
    totalCount
  }
  viewer {
    organization {
      id
    }
    personalAccessTokens(first: 100) {
      totalCount
    }
  }
}
    `) as unknown as TypedDocumentString<CrossTenantListsQuery, CrossTenantListsQueryVariables>;
export const CrossTenantViewerDocument = new TypedDocumentString(`
    query CrossTenantViewer {
  viewer {
    organization {
      id
      name
    }
    user {
      email
    }
  }
}
    `) as unknown as TypedDocumentString<CrossTenantViewerQuery, CrossTenantViewerQueryVariables>;
export const ConcurrencyViewerDocument = new TypedDocumentString(`
    query ConcurrencyViewer {
  viewer {
    kind
    credential {
      remainingUses
    }
  }
}
    `) as unknown as TypedDocumentString<ConcurrencyViewerQuery, ConcurrencyViewerQueryVariables>;
export const ConcurrencyCreatePatDocument = new TypedDocumentString(`
    mutation ConcurrencyCreatePat($input: CreatePersonalAccessTokenInput!) {
  createPersonalAccessToken(input: $input) {
    __typename
  }
}
    `) as unknown as TypedDocumentString<ConcurrencyCreatePatMutation, ConcurrencyCreatePatMutationVariables>;
export const CountPatsDocument = new TypedDocumentString(`
    query CountPats($first: Int!) {
  viewer {
    personalAccessTokens(first: $first) {
      totalCount
      edges {
        node {
          id
          description
          seenAt
          user {
            email
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CountPatsQuery, CountPatsQueryVariables>;
export const CountTokensDocument = new TypedDocumentString(`
    query CountTokens($first: Int!) {
  tokens(first: $first) {
    totalCount
    edges {
      node {
        id
        name
        scopes
        lastUsedAt
        identity {
          id
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CountTokensQuery, CountTokensQueryVariables>;
export const CountIdentitiesDocument = new TypedDocumentString(`
    query CountIdentities($first: Int!) {
  machineIdentities(first: $first) {
    totalCount
    edges {
      node {
        id
        name
        tokens(first: 5) {
          totalCount
          edges {
            node {
              id
              name
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CountIdentitiesQuery, CountIdentitiesQueryVariables>;
export const CountMembersDocument = new TypedDocumentString(`
    query CountMembers($first: Int!) {
  members(first: $first) {
    totalCount
    edges {
      node {
        id
        role
        user {
          id
          email
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CountMembersQuery, CountMembersQueryVariables>;
export const CountAuditDocument = new TypedDocumentString(`
    query CountAudit($first: Int!) {
  auditEvents(first: $first) {
    totalCount
    edges {
      node {
        id
        action
        actorId
        credentialId
        targetId
        changes
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CountAuditQuery, CountAuditQueryVariables>;
export const CountNamedAuditDocument = new TypedDocumentString(`
    query CountNamedAudit($first: Int!) {
  auditEvents(first: $first) {
    totalCount
    edges {
      node {
        id
        action
        actor {
          name
          email
        }
        credential {
          name
        }
        target {
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CountNamedAuditQuery, CountNamedAuditQueryVariables>;
export const CountProjectsDocument = new TypedDocumentString(`
    query CountProjects($first: Int!) {
  projects(first: $first) {
    totalCount
    edges {
      node {
        id
        name
        applications(first: 3) {
          edges {
            node {
              id
              clientId
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CountProjectsQuery, CountProjectsQueryVariables>;
export const CountAppKeysDocument = new TypedDocumentString(`
    query CountAppKeys($first: Int!, $projectId: ID!, $appId: ID!) {
  appKeys(first: $first, projectId: $projectId, appId: $appId) {
    totalCount
    edges {
      node {
        id
        expirationDate
        application {
          id
          name
          project {
            id
            name
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CountAppKeysQuery, CountAppKeysQueryVariables>;
export const TestAppKeyCreateProjectDocument = new TypedDocumentString(`
    mutation TestAppKeyCreateProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    __typename
    ... on ProjectPayload {
      project {
        id
        name
      }
    }
    ... on ValidationError {
      field
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestAppKeyCreateProjectMutation, TestAppKeyCreateProjectMutationVariables>;
export const TestAppKeyCreateApplicationDocument = new TypedDocumentString(`
    mutation TestAppKeyCreateApplication($input: CreateApplicationInput!) {
  createApplication(input: $input) {
    __typename
    ... on ApplicationPayload {
      application {
        id
        name
        clientId
        project {
          id
          name
        }
      }
    }
    ... on ValidationError {
      field
      code
    }
    ... on NotFoundError {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestAppKeyCreateApplicationMutation, TestAppKeyCreateApplicationMutationVariables>;
export const TestAppKeyProjectsDocument = new TypedDocumentString(`
    query TestAppKeyProjects {
  projects(first: 50) {
    totalCount
    edges {
      node {
        id
        name
        applications {
          totalCount
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestAppKeyProjectsQuery, TestAppKeyProjectsQueryVariables>;
export const TestAppKeyProjectNodeDocument = new TypedDocumentString(`
    query TestAppKeyProjectNode($id: ID!) {
  node(id: $id) {
    ... on Project {
      applications(first: 10) {
        edges {
          node {
            id
            clientId
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestAppKeyProjectNodeQuery, TestAppKeyProjectNodeQueryVariables>;
export const TestCreateAppKeyDocument = new TypedDocumentString(`
    mutation TestCreateAppKey($input: CreateAppKeyInput!) {
  createAppKey(input: $input) {
    __typename
    ... on CreateAppKeyPayload {
      keyDetails
      applicationKey {
        id
        type
        algorithm
        publicKey
        expirationDate
        lastUsedAt
        createdAt
        state
        application {
          id
          clientId
        }
      }
    }
    ... on ValidationError {
      field
      message
      code
    }
    ... on NotFoundError {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestCreateAppKeyMutation, TestCreateAppKeyMutationVariables>;
export const TestListAppKeysDocument = new TypedDocumentString(`
    query TestListAppKeys($projectId: ID!, $appId: ID!, $state: CredentialState, $first: Int) {
  appKeys(projectId: $projectId, appId: $appId, state: $state, first: $first) {
    totalCount
    edges {
      node {
        id
        state
        expirationDate
        application {
          clientId
          project {
            name
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestListAppKeysQuery, TestListAppKeysQueryVariables>;
export const TestAppKeyNodeDocument = new TypedDocumentString(`
    query TestAppKeyNode($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on ApplicationKey {
      algorithm
      publicKey
      lastUsedAt
      application {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestAppKeyNodeQuery, TestAppKeyNodeQueryVariables>;
export const TestDeleteAppKeyDocument = new TypedDocumentString(`
    mutation TestDeleteAppKey($input: DeleteAppKeyInput!) {
  deleteAppKey(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on NotFoundError {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<TestDeleteAppKeyMutation, TestDeleteAppKeyMutationVariables>;
export const TestAuthenticateClientAssertionDocument = new TypedDocumentString(`
    mutation TestAuthenticateClientAssertion($input: AuthenticateClientAssertionInput!) {
  authenticateClientAssertion(input: $input) {
    valid
    code
    keyId
    applicationKey {
      id
    }
    claim
    reason
    expiresAt
    application {
      id
      clientId
    }
  }
}
    `) as unknown as TypedDocumentString<TestAuthenticateClientAssertionMutation, TestAuthenticateClientAssertionMutationVariables>;
export const TestAuditEventsBackwardsDocument = new TypedDocumentString(`
    query TestAuditEventsBackwards($last: Int, $before: String) {
  auditEvents(last: $last, before: $before) {
    pageInfo {
      hasPreviousPage
      startCursor
    }
    edges {
      node {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestAuditEventsBackwardsQuery, TestAuditEventsBackwardsQueryVariables>;
export const TestAuditEventsDocument = new TypedDocumentString(`
    query TestAuditEvents($first: Int, $after: String, $filter: AuditEventFilter) {
  auditEvents(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
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
        requestId
        ip
        userAgent
        changes
        createdAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestAuditEventsQuery, TestAuditEventsQueryVariables>;
export const TestVerifyChainDocument = new TypedDocumentString(`
    query TestVerifyChain($from: AuditVerificationStart) {
  verifyAuditChain(from: $from) {
    valid
    checkedEvents
    firstBrokenSequence
    reason
    size
    anchorSize
    verifiedThroughSequence
    complete
  }
}
    `) as unknown as TypedDocumentString<TestVerifyChainQuery, TestVerifyChainQueryVariables>;
export const TestAuditCreateIdentityDocument = new TypedDocumentString(`
    mutation TestAuditCreateIdentity($input: CreateMachineIdentityInput!) {
  createMachineIdentity(input: $input) {
    __typename
    ... on MachineIdentityPayload {
      machineIdentity {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestAuditCreateIdentityMutation, TestAuditCreateIdentityMutationVariables>;
export const TestAuditViewerDocument = new TypedDocumentString(`
    query TestAuditViewer {
  viewer {
    credential {
      id
    }
    user {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<TestAuditViewerQuery, TestAuditViewerQueryVariables>;
export const TestNamedAuditEventsDocument = new TypedDocumentString(`
    query TestNamedAuditEvents($filter: AuditEventFilter) {
  auditEvents(first: 20, filter: $filter) {
    edges {
      node {
        action
        actorId
        credentialId
        targetId
        actor {
          id
          name
          email
        }
        credential {
          id
          name
          email
        }
        target {
          id
          name
          email
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestNamedAuditEventsQuery, TestNamedAuditEventsQueryVariables>;
export const TestSubjectsCreateIdentityDocument = new TypedDocumentString(`
    mutation TestSubjectsCreateIdentity($input: CreateMachineIdentityInput!) {
  createMachineIdentity(input: $input) {
    __typename
    ... on MachineIdentityPayload {
      machineIdentity {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestSubjectsCreateIdentityMutation, TestSubjectsCreateIdentityMutationVariables>;
export const TestSubjectsCreateTokenDocument = new TypedDocumentString(`
    mutation TestSubjectsCreateToken($input: CreateTokenInput!) {
  createToken(input: $input) {
    __typename
    ... on TokenSecretPayload {
      secret
      token {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestSubjectsCreateTokenMutation, TestSubjectsCreateTokenMutationVariables>;
export const TestSubjectsRenameIdentityDocument = new TypedDocumentString(`
    mutation TestSubjectsRenameIdentity($input: UpdateMachineIdentityInput!) {
  updateMachineIdentity(input: $input) {
    __typename
  }
}
    `) as unknown as TypedDocumentString<TestSubjectsRenameIdentityMutation, TestSubjectsRenameIdentityMutationVariables>;
export const TestSubjectsDeleteTokenDocument = new TypedDocumentString(`
    mutation TestSubjectsDeleteToken($input: DeleteTokenInput!) {
  deleteToken(input: $input) {
    __typename
  }
}
    `) as unknown as TypedDocumentString<TestSubjectsDeleteTokenMutation, TestSubjectsDeleteTokenMutationVariables>;
export const LifecycleViewerDocument = new TypedDocumentString(`
    query LifecycleViewer {
  viewer {
    kind
  }
}
    `) as unknown as TypedDocumentString<LifecycleViewerQuery, LifecycleViewerQueryVariables>;
export const LifecycleDeleteTokenDocument = new TypedDocumentString(`
    mutation LifecycleDeleteToken($input: DeleteTokenInput!) {
  deleteToken(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on Error {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<LifecycleDeleteTokenMutation, LifecycleDeleteTokenMutationVariables>;
export const LifecycleSetTokenKeyDocument = new TypedDocumentString(`
    mutation LifecycleSetTokenKey($input: SetTokenKeyInput!) {
  setTokenKey(input: $input) {
    __typename
    ... on Error {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<LifecycleSetTokenKeyMutation, LifecycleSetTokenKeyMutationVariables>;
export const LifecycleRevokeTokenDocument = new TypedDocumentString(`
    mutation LifecycleRevokeToken($input: RevokeTokenInput!) {
  revokeToken(input: $input) {
    __typename
  }
}
    `) as unknown as TypedDocumentString<LifecycleRevokeTokenMutation, LifecycleRevokeTokenMutationVariables>;
export const LifecycleTokenNodeDocument = new TypedDocumentString(`
    query LifecycleTokenNode($id: ID!) {
  node(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<LifecycleTokenNodeQuery, LifecycleTokenNodeQueryVariables>;
export const LifecycleVerifyDocument = new TypedDocumentString(`
    mutation LifecycleVerify($input: VerifyCredentialInput!) {
  verifyCredential(input: $input) {
    valid
    code
  }
}
    `) as unknown as TypedDocumentString<LifecycleVerifyMutation, LifecycleVerifyMutationVariables>;
export const LifecycleDisableIdentityDocument = new TypedDocumentString(`
    mutation LifecycleDisableIdentity($input: DisableMachineIdentityInput!) {
  disableMachineIdentity(input: $input) {
    __typename
    ... on Error {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<LifecycleDisableIdentityMutation, LifecycleDisableIdentityMutationVariables>;
export const LifecycleDeleteIdentityDocument = new TypedDocumentString(`
    mutation LifecycleDeleteIdentity($input: DeleteMachineIdentityInput!) {
  deleteMachineIdentity(input: $input) {
    __typename
    ... on Error {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<LifecycleDeleteIdentityMutation, LifecycleDeleteIdentityMutationVariables>;
export const LifecycleCreateAppKeyDocument = new TypedDocumentString(`
    mutation LifecycleCreateAppKey($input: CreateAppKeyInput!) {
  createAppKey(input: $input) {
    __typename
    ... on CreateAppKeyPayload {
      keyDetails
      applicationKey {
        id
        expirationDate
        state
      }
    }
    ... on Error {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<LifecycleCreateAppKeyMutation, LifecycleCreateAppKeyMutationVariables>;
export const LifecycleRevokeAppKeyDocument = new TypedDocumentString(`
    mutation LifecycleRevokeAppKey($input: RevokeAppKeyInput!) {
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
    }
  }
}
    `) as unknown as TypedDocumentString<LifecycleRevokeAppKeyMutation, LifecycleRevokeAppKeyMutationVariables>;
export const LifecycleRotateAppKeyDocument = new TypedDocumentString(`
    mutation LifecycleRotateAppKey($input: RotateAppKeyInput!) {
  rotateAppKey(input: $input) {
    __typename
    ... on CreateAppKeyPayload {
      keyDetails
      applicationKey {
        id
        expirationDate
        state
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<LifecycleRotateAppKeyMutation, LifecycleRotateAppKeyMutationVariables>;
export const LifecycleAppKeysDocument = new TypedDocumentString(`
    query LifecycleAppKeys($projectId: ID!, $appId: ID!, $state: CredentialState) {
  appKeys(projectId: $projectId, appId: $appId, state: $state, first: 50) {
    edges {
      node {
        id
        state
        expirationDate
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LifecycleAppKeysQuery, LifecycleAppKeysQueryVariables>;
export const LifecycleAuthenticateDocument = new TypedDocumentString(`
    mutation LifecycleAuthenticate($input: AuthenticateClientAssertionInput!) {
  authenticateClientAssertion(input: $input) {
    valid
    code
  }
}
    `) as unknown as TypedDocumentString<LifecycleAuthenticateMutation, LifecycleAuthenticateMutationVariables>;
export const EmbeddedCreatePatDocument = new TypedDocumentString(`
    mutation EmbeddedCreatePat($input: CreatePersonalAccessTokenInput!) {
  createPersonalAccessToken(input: $input) {
    __typename
    ... on CreatePersonalAccessTokenPayload {
      secret
      personalAccessToken {
        id
      }
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<EmbeddedCreatePatMutation, EmbeddedCreatePatMutationVariables>;
export const EmbeddedCreateIdentityDocument = new TypedDocumentString(`
    mutation EmbeddedCreateIdentity($input: CreateMachineIdentityInput!) {
  createMachineIdentity(input: $input) {
    ... on MachineIdentityPayload {
      machineIdentity {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<EmbeddedCreateIdentityMutation, EmbeddedCreateIdentityMutationVariables>;
export const EmbeddedCreateTokenDocument = new TypedDocumentString(`
    mutation EmbeddedCreateToken($input: CreateTokenInput!) {
  createToken(input: $input) {
    ... on TokenSecretPayload {
      secret
      token {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<EmbeddedCreateTokenMutation, EmbeddedCreateTokenMutationVariables>;
export const EmbeddedRotateDocument = new TypedDocumentString(`
    mutation EmbeddedRotate($input: RotateTokenInput!) {
  rotateToken(input: $input) {
    ... on TokenSecretPayload {
      secret
    }
  }
}
    `) as unknown as TypedDocumentString<EmbeddedRotateMutation, EmbeddedRotateMutationVariables>;
export const EmbeddedViewerDocument = new TypedDocumentString(`
    query EmbeddedViewer {
  viewer {
    kind
    credential {
      kind
      remainingUses
    }
  }
}
    `) as unknown as TypedDocumentString<EmbeddedViewerQuery, EmbeddedViewerQueryVariables>;
export const EmbeddedListsDocument = new TypedDocumentString(`
    query EmbeddedLists {
  viewer {
    personalAccessTokens(first: 10) {
      totalCount
    }
  }
  tokens(first: 10) {
    totalCount
    edges {
      node {
        name
        identity {
          name
        }
      }
    }
  }
  auditEvents(first: 50) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<EmbeddedListsQuery, EmbeddedListsQueryVariables>;
export const InvitationInviteDocument = new TypedDocumentString(`
    mutation InvitationInvite($input: InviteMemberInput!) {
  inviteMember(input: $input) {
    __typename
    ... on InviteMemberPayload {
      code
      invitation {
        id
        email
        name
        role
        state
        expiresAt
      }
    }
    ... on Error {
      errorCode: code
      message
    }
    ... on ValidationError {
      field
    }
  }
}
    `) as unknown as TypedDocumentString<InvitationInviteMutation, InvitationInviteMutationVariables>;
export const InvitationAcceptDocument = new TypedDocumentString(`
    mutation InvitationAccept($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) {
    __typename
    ... on AcceptInvitationPayload {
      secret
      personalAccessTokenId
      organizationId
      organizationName
      membershipId
      role
      expiresAt
      renewableUntil
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<InvitationAcceptMutation, InvitationAcceptMutationVariables>;
export const InvitationRevokeDocument = new TypedDocumentString(`
    mutation InvitationRevoke($input: RevokeInvitationInput!) {
  revokeInvitation(input: $input) {
    __typename
    ... on InvitationPayload {
      invitation {
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
    `) as unknown as TypedDocumentString<InvitationRevokeMutation, InvitationRevokeMutationVariables>;
export const InvitationListDocument = new TypedDocumentString(`
    query InvitationList($state: InvitationState) {
  invitations(first: 50, state: $state) {
    totalCount
    edges {
      node {
        id
        email
        state
      }
    }
  }
}
    `) as unknown as TypedDocumentString<InvitationListQuery, InvitationListQueryVariables>;
export const InvitationViewerDocument = new TypedDocumentString(`
    query InvitationViewer {
  viewer {
    organization {
      id
    }
    user {
      id
      name
      email
    }
    credential {
      id
    }
    personalAccessTokens(first: 10) {
      edges {
        node {
          id
          organizationBound
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<InvitationViewerQuery, InvitationViewerQueryVariables>;
export const InvitationMembersDocument = new TypedDocumentString(`
    query InvitationMembers {
  members(first: 100) {
    edges {
      node {
        id
        name
        role
        user {
          id
          name
          email
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<InvitationMembersQuery, InvitationMembersQueryVariables>;
export const InvitationCreatePatDocument = new TypedDocumentString(`
    mutation InvitationCreatePat($input: CreatePersonalAccessTokenInput!) {
  createPersonalAccessToken(input: $input) {
    __typename
    ... on CreatePersonalAccessTokenPayload {
      secret
      personalAccessToken {
        organizationBound
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<InvitationCreatePatMutation, InvitationCreatePatMutationVariables>;
export const InvitationRemoveMemberDocument = new TypedDocumentString(`
    mutation InvitationRemoveMember($input: RemoveMemberInput!) {
  removeMember(input: $input) {
    __typename
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<InvitationRemoveMemberMutation, InvitationRemoveMemberMutationVariables>;
export const PatLifecycleViewerDocument = new TypedDocumentString(`
    query PatLifecycleViewer {
  viewer {
    organization {
      id
    }
    credential {
      id
      scopes
    }
    permissions
  }
}
    `) as unknown as TypedDocumentString<PatLifecycleViewerQuery, PatLifecycleViewerQueryVariables>;
export const PatLifecycleCreateDocument = new TypedDocumentString(`
    mutation PatLifecycleCreate($input: CreatePersonalAccessTokenInput!) {
  createPersonalAccessToken(input: $input) {
    __typename
    ... on CreatePersonalAccessTokenPayload {
      secret
      personalAccessToken {
        id
        scopes
        state
      }
    }
    ... on Error {
      code
      message
    }
    ... on LimitReachedError {
      limit
    }
  }
}
    `) as unknown as TypedDocumentString<PatLifecycleCreateMutation, PatLifecycleCreateMutationVariables>;
export const PatLifecycleRotateDocument = new TypedDocumentString(`
    mutation PatLifecycleRotate($input: RotatePersonalAccessTokenInput!) {
  rotatePersonalAccessToken(input: $input) {
    __typename
    ... on CreatePersonalAccessTokenPayload {
      secret
      personalAccessToken {
        id
        description
        scopes
        expiresAt
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<PatLifecycleRotateMutation, PatLifecycleRotateMutationVariables>;
export const PatLifecycleRevokeDocument = new TypedDocumentString(`
    mutation PatLifecycleRevoke($input: RevokePersonalAccessTokenInput!) {
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
    `) as unknown as TypedDocumentString<PatLifecycleRevokeMutation, PatLifecycleRevokeMutationVariables>;
export const PatLifecycleDeleteDocument = new TypedDocumentString(`
    mutation PatLifecycleDelete($input: DeletePersonalAccessTokenInput!) {
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
    `) as unknown as TypedDocumentString<PatLifecycleDeleteMutation, PatLifecycleDeleteMutationVariables>;
export const PatLifecycleUpdateDocument = new TypedDocumentString(`
    mutation PatLifecycleUpdate($input: UpdatePersonalAccessTokenInput!) {
  updatePersonalAccessToken(input: $input) {
    __typename
    ... on PersonalAccessTokenPayload {
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
    `) as unknown as TypedDocumentString<PatLifecycleUpdateMutation, PatLifecycleUpdateMutationVariables>;
export const PatLifecycleRenewDocument = new TypedDocumentString(`
    mutation PatLifecycleRenew($input: RenewPersonalAccessTokenInput!) {
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
    `) as unknown as TypedDocumentString<PatLifecycleRenewMutation, PatLifecycleRenewMutationVariables>;
export const PatLifecycleListDocument = new TypedDocumentString(`
    query PatLifecycleList($state: CredentialState) {
  viewer {
    personalAccessTokens(first: 100, state: $state) {
      totalCount
      edges {
        node {
          id
          state
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PatLifecycleListQuery, PatLifecycleListQueryVariables>;
export const PatLifecycleNodeDocument = new TypedDocumentString(`
    query PatLifecycleNode($id: ID!) {
  node(id: $id) {
    id
    ... on PersonalAccessToken {
      description
      organizationBound
    }
  }
}
    `) as unknown as TypedDocumentString<PatLifecycleNodeQuery, PatLifecycleNodeQueryVariables>;
export const TestViewerDocument = new TypedDocumentString(`
    query TestViewer {
  viewer {
    kind
    user {
      email
    }
    organization {
      id
      name
    }
    credential {
      id
      kind
      expiresAt
      scopes
    }
    permissions
  }
}
    `) as unknown as TypedDocumentString<TestViewerQuery, TestViewerQueryVariables>;
export const TestCreatePatDocument = new TypedDocumentString(`
    mutation TestCreatePat($input: CreatePersonalAccessTokenInput!) {
  createPersonalAccessToken(input: $input) {
    __typename
    ... on CreatePersonalAccessTokenPayload {
      secret
      personalAccessToken {
        id
        description
        expiresAt
        scopes
        state
        seenAt
      }
    }
    ... on ValidationError {
      field
      message
      code
    }
    ... on LimitReachedError {
      limit
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestCreatePatMutation, TestCreatePatMutationVariables>;
export const TestDeletePatDocument = new TypedDocumentString(`
    mutation TestDeletePat($input: DeletePersonalAccessTokenInput!) {
  deletePersonalAccessToken(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on NotFoundError {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestDeletePatMutation, TestDeletePatMutationVariables>;
export const TestListPatsDocument = new TypedDocumentString(`
    query TestListPats($first: Int, $after: String, $state: CredentialState) {
  viewer {
    personalAccessTokens(first: $first, after: $after, state: $state) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          description
          state
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestListPatsQuery, TestListPatsQueryVariables>;
export const TestCreateIdentityDocument = new TypedDocumentString(`
    mutation TestCreateIdentity($input: CreateMachineIdentityInput!) {
  createMachineIdentity(input: $input) {
    __typename
    ... on MachineIdentityPayload {
      machineIdentity {
        id
        name
        role
        disabled
      }
    }
    ... on ValidationError {
      field
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestCreateIdentityMutation, TestCreateIdentityMutationVariables>;
export const TestUpdateIdentityDocument = new TypedDocumentString(`
    mutation TestUpdateIdentity($input: UpdateMachineIdentityInput!) {
  updateMachineIdentity(input: $input) {
    __typename
    ... on MachineIdentityPayload {
      machineIdentity {
        id
        name
      }
    }
    ... on ValidationError {
      field
    }
    ... on NotFoundError {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestUpdateIdentityMutation, TestUpdateIdentityMutationVariables>;
export const TestDisableIdentityDocument = new TypedDocumentString(`
    mutation TestDisableIdentity($input: DisableMachineIdentityInput!) {
  disableMachineIdentity(input: $input) {
    __typename
    ... on MachineIdentityPayload {
      machineIdentity {
        disabled
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestDisableIdentityMutation, TestDisableIdentityMutationVariables>;
export const TestEnableIdentityDocument = new TypedDocumentString(`
    mutation TestEnableIdentity($input: EnableMachineIdentityInput!) {
  enableMachineIdentity(input: $input) {
    __typename
    ... on MachineIdentityPayload {
      machineIdentity {
        disabled
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestEnableIdentityMutation, TestEnableIdentityMutationVariables>;
export const TestDeleteIdentityDocument = new TypedDocumentString(`
    mutation TestDeleteIdentity($input: DeleteMachineIdentityInput!) {
  deleteMachineIdentity(input: $input) {
    __typename
    ... on DeletedPayload {
      deletedId
    }
    ... on NotFoundError {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestDeleteIdentityMutation, TestDeleteIdentityMutationVariables>;
export const TestCreateTokenDocument = new TypedDocumentString(`
    mutation TestCreateToken($input: CreateTokenInput!) {
  createToken(input: $input) {
    __typename
    ... on TokenSecretPayload {
      secret
      token {
        id
        name
        ttl
        maxTtl
        numUses
        numUsesLimit
        trustedIps
        scopes
        expiresAt
        state
        isRevoked
        authMethod
        identity {
          id
        }
      }
    }
    ... on ValidationError {
      field
      message
    }
    ... on NotFoundError {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestCreateTokenMutation, TestCreateTokenMutationVariables>;
export const TestUpdateTokenDocument = new TypedDocumentString(`
    mutation TestUpdateToken($input: UpdateTokenInput!) {
  updateToken(input: $input) {
    __typename
    ... on TokenPayload {
      token {
        id
        name
        ttl
        maxTtl
        numUses
        numUsesLimit
        lastUsedAt
        lastRenewedAt
        isRevoked
        identity {
          name
        }
        createdAt
        updatedAt
        authMethod
      }
    }
    ... on ValidationError {
      field
    }
    ... on NotFoundError {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestUpdateTokenMutation, TestUpdateTokenMutationVariables>;
export const TestRenewTokenDocument = new TypedDocumentString(`
    mutation TestRenewToken($input: RenewTokenInput!) {
  renewToken(input: $input) {
    __typename
    ... on TokenPayload {
      token {
        expiresAt
        lastRenewedAt
      }
    }
    ... on InvalidStateError {
      message
      code
    }
    ... on NotFoundError {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestRenewTokenMutation, TestRenewTokenMutationVariables>;
export const TestRevokeTokenDocument = new TypedDocumentString(`
    mutation TestRevokeToken($input: RevokeTokenInput!) {
  revokeToken(input: $input) {
    __typename
    ... on TokenPayload {
      token {
        isRevoked
        state
      }
    }
    ... on NotFoundError {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestRevokeTokenMutation, TestRevokeTokenMutationVariables>;
export const TestRevokeAllDocument = new TypedDocumentString(`
    mutation TestRevokeAll($input: RevokeAllTokensInput!) {
  revokeAllTokens(input: $input) {
    __typename
    ... on RevokeAllTokensPayload {
      revokedCount
    }
  }
}
    `) as unknown as TypedDocumentString<TestRevokeAllMutation, TestRevokeAllMutationVariables>;
export const TestRotateTokenDocument = new TypedDocumentString(`
    mutation TestRotateToken($input: RotateTokenInput!) {
  rotateToken(input: $input) {
    __typename
    ... on TokenSecretPayload {
      secret
      token {
        expiresAt
        name
        ttl
      }
    }
    ... on ValidationError {
      field
    }
    ... on InvalidStateError {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestRotateTokenMutation, TestRotateTokenMutationVariables>;
export const TestSetTokenKeyDocument = new TypedDocumentString(`
    mutation TestSetTokenKey($input: SetTokenKeyInput!) {
  setTokenKey(input: $input) {
    __typename
    ... on TokenPayload {
      token {
        id
      }
    }
    ... on ValidationError {
      field
      message
    }
    ... on NotFoundError {
      code
      message
    }
    ... on InvalidStateError {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<TestSetTokenKeyMutation, TestSetTokenKeyMutationVariables>;
export const TestVerifyDocument = new TypedDocumentString(`
    mutation TestVerify($input: VerifyCredentialInput!) {
  verifyCredential(input: $input) {
    valid
    code
    kind
    credentialId
    ownerKind
    ownerId
    expiresAt
    remainingUses
    permissions
  }
}
    `) as unknown as TypedDocumentString<TestVerifyMutation, TestVerifyMutationVariables>;
export const TestTokensDocument = new TypedDocumentString(`
    query TestTokens($identityId: ID, $state: CredentialState, $first: Int) {
  tokens(identityId: $identityId, state: $state, first: $first) {
    totalCount
    edges {
      node {
        id
        name
        state
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TestTokensQuery, TestTokensQueryVariables>;
export const TestNodeDocument = new TypedDocumentString(`
    query TestNode($id: ID!) {
  node(id: $id) {
    __typename
    id
  }
}
    `) as unknown as TypedDocumentString<TestNodeQuery, TestNodeQueryVariables>;