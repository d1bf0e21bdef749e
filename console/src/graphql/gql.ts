/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload { organization { id name role } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.CreateOrganizationDocument,
    "\n  query OrganizationSuspension {\n    viewer { organization { id suspendedAt suspendedReason } }\n  }\n": typeof types.OrganizationSuspensionDocument,
    "\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on AcceptInvitationPayload { secret organizationName role expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.AcceptInvitationDocument,
    "\n  query Projects {\n    projects(first: 50) {\n      totalCount\n      edges { node { id name createdAt } }\n    }\n  }\n": typeof types.ProjectsDocument,
    "\n  query ProjectApplications($id: ID!, $search: String) {\n    node(id: $id) {\n      __typename\n      ... on Project {\n        id name\n        applications(first: 50, search: $search) {\n          totalCount\n          edges { node { id name clientId createdAt } }\n        }\n      }\n    }\n  }\n": typeof types.ProjectApplicationsDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      __typename\n      ... on ProjectPayload { project { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.CreateProjectDocument,
    "\n  mutation CreateApplication($input: CreateApplicationInput!) {\n    createApplication(input: $input) {\n      __typename\n      ... on ApplicationPayload { application { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.CreateApplicationDocument,
    "\n  fragment AppKeyFields on ApplicationKey {\n    id keyId type algorithm state createdAt expirationDate lastUsedAt revokedAt\n  }\n": typeof types.AppKeyFieldsFragmentDoc,
    "\n  query AppKeys($projectId: ID!, $appId: ID!, $state: CredentialState, $search: String) {\n    node(id: $appId) {\n      __typename\n      ... on Application { id name clientId project { id name } }\n    }\n    appKeys(projectId: $projectId, appId: $appId, first: 50, state: $state, search: $search) {\n      totalCount\n      edges { node { ...AppKeyFields } }\n    }\n  }\n": typeof types.AppKeysDocument,
    "\n  mutation CreateAppKey($input: CreateAppKeyInput!) {\n    createAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload { keyDetails applicationKey { id } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.CreateAppKeyDocument,
    "\n  mutation RevokeAppKey($input: RevokeAppKeyInput!) {\n    revokeAppKey(input: $input) {\n      __typename\n      ... on ApplicationKeyPayload { applicationKey { id state revokedAt } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RevokeAppKeyDocument,
    "\n  mutation RotateAppKey($input: RotateAppKeyInput!) {\n    rotateAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload { keyDetails applicationKey { id } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.RotateAppKeyDocument,
    "\n  mutation DeleteAppKey($input: DeleteAppKeyInput!) {\n    deleteAppKey(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteAppKeyDocument,
    "\n  fragment AuditEventFields on AuditEvent {\n    id sequence action outcome actorType actorId credentialKind credentialId\n    targetType targetId ip userAgent requestId changes createdAt\n    actor { id name email }\n    credential { id name }\n    target { id name email }\n  }\n": typeof types.AuditEventFieldsFragmentDoc,
    "\n  query AuditChainCheck($from: AuditVerificationStart, $checkpoint: String) {\n    verifyAuditChain(from: $from, checkpoint: $checkpoint) {\n      valid reason firstBrokenSequence checkedEvents size anchorSize verifiedThroughSequence complete\n      resumedFromSequence\n    }\n  }\n": typeof types.AuditChainCheckDocument,
    "\n  query LatestAuditCheckpoint {\n    auditLog {\n      origin verifierKey\n      checkpoint { size rootHash note createdAt }\n    }\n  }\n": typeof types.LatestAuditCheckpointDocument,
    "\n  query AuditEvents($first: Int!, $after: String, $filter: AuditEventFilter) {\n    auditEvents(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...AuditEventFields } }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  subscription AuditEventAdded {\n    auditEventAdded { ...AuditEventFields }\n  }\n": typeof types.AuditEventAddedDocument,
    "\n  fragment RevokedCounts on RevokeCredentialsPayload {\n    dryRun personalAccessTokens tokens applicationKeys total remaining\n  }\n": typeof types.RevokedCountsFragmentDoc,
    "\n  mutation RevokeCredentials($input: RevokeCredentialsInput!) {\n    revokeCredentials(input: $input) {\n      __typename\n      ... on RevokeCredentialsPayload { ...RevokedCounts }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.RevokeCredentialsDocument,
    "\n  query RevocationMembers {\n    members(first: 100) { totalCount edges { node { id name user { email } } } }\n  }\n": typeof types.RevocationMembersDocument,
    "\n  query RevocationIdentities {\n    machineIdentities(first: 100) { totalCount edges { node { id name } } }\n  }\n": typeof types.RevocationIdentitiesDocument,
    "\n  query RevocationProjects {\n    projects(first: 100) { totalCount edges { node { id name } } }\n  }\n": typeof types.RevocationProjectsDocument,
    "\n  query ImportTargets {\n    machineIdentities(first: 100) {\n      totalCount\n      edges { node { id name disabled } }\n    }\n  }\n": typeof types.ImportTargetsDocument,
    "\n  query ImportPolicy {\n    viewer { organization { patMaxLifetimeDays } }\n  }\n": typeof types.ImportPolicyDocument,
    "\n  mutation ImportTokens($input: ImportTokensInput!) {\n    importTokens(input: $input) {\n      __typename\n      ... on ImportTokensPayload { tokens { id } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.ImportTokensDocument,
    "\n  mutation ImportPersonalAccessTokens($input: ImportPersonalAccessTokensInput!) {\n    importPersonalAccessTokens(input: $input) {\n      __typename\n      ... on ImportPersonalAccessTokensPayload { personalAccessTokens { id } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.ImportPersonalAccessTokensDocument,
    "\n  query MachineIdentities($search: String) {\n    machineIdentities(first: 100, search: $search) {\n      totalCount\n      edges {\n        node { id name role disabled createdAt }\n      }\n    }\n  }\n": typeof types.MachineIdentitiesDocument,
    "\n  mutation CreateMachineIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.CreateMachineIdentityDocument,
    "\n  fragment MachineIdentityTokenFields on Token {\n    id name state ttl maxTtl numUses numUsesLimit scopes trustedIps\n    createdAt expiresAt lastUsedAt lastRenewedAt revokedAt\n  }\n": typeof types.MachineIdentityTokenFieldsFragmentDoc,
    "\n  query MachineIdentityTokens($id: ID!, $search: String) {\n    node(id: $id) {\n      __typename\n      ... on MachineIdentity {\n        id name role permissions disabled disabledAt createdAt\n        tokens(first: 25, search: $search) {\n          totalCount\n          edges { node { ...MachineIdentityTokenFields } }\n        }\n      }\n    }\n  }\n": typeof types.MachineIdentityTokensDocument,
    "\n  mutation CreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload { secret token { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.CreateTokenDocument,
    "\n  mutation UpdateToken($input: UpdateTokenInput!) {\n    updateToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { ...MachineIdentityTokenFields } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.UpdateTokenDocument,
    "\n  mutation RenewToken($input: RenewTokenInput!) {\n    renewToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { id expiresAt } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RenewTokenDocument,
    "\n  mutation RotateToken($input: RotateTokenInput!) {\n    rotateToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload { secret token { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.RotateTokenDocument,
    "\n  mutation RevokeToken($input: RevokeTokenInput!) {\n    revokeToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { id state } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RevokeTokenDocument,
    "\n  mutation DeleteToken($input: DeleteTokenInput!) {\n    deleteToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteTokenDocument,
    "\n  mutation DeleteMachineIdentity($input: DeleteMachineIdentityInput!) {\n    deleteMachineIdentity(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteMachineIdentityDocument,
    "\n  mutation DisableMachineIdentity($input: DisableMachineIdentityInput!) {\n    disableMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id disabled } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DisableMachineIdentityDocument,
    "\n  mutation EnableMachineIdentity($input: EnableMachineIdentityInput!) {\n    enableMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id disabled } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.EnableMachineIdentityDocument,
    "\n  mutation RevokeAllTokens($input: RevokeAllTokensInput!) {\n    revokeAllTokens(input: $input) {\n      __typename\n      ... on RevokeAllTokensPayload { revokedCount }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RevokeAllTokensDocument,
    "\n  mutation SetTokenKey($input: SetTokenKeyInput!) {\n    setTokenKey(input: $input) {\n      __typename\n      ... on TokenPayload { token { id updatedAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.SetTokenKeyDocument,
    "\n  fragment MemberFields on Membership {\n    id name role permissions createdAt\n    user { id email }\n  }\n": typeof types.MemberFieldsFragmentDoc,
    "\n  fragment InvitationFields on Invitation {\n    id email name role permissions state createdAt expiresAt acceptedAt revokedAt\n  }\n": typeof types.InvitationFieldsFragmentDoc,
    "\n  query Members {\n    members(first: 100) {\n      totalCount\n      edges { node { ...MemberFields } }\n    }\n  }\n": typeof types.MembersDocument,
    "\n  query Invitations($state: InvitationState) {\n    invitations(first: 50, state: $state) {\n      totalCount\n      edges { node { ...InvitationFields } }\n    }\n  }\n": typeof types.InvitationsDocument,
    "\n  mutation UpdateMember($input: UpdateMemberInput!) {\n    updateMember(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { id role permissions } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.UpdateMemberDocument,
    "\n  mutation RemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RemoveMemberDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      __typename\n      ... on InviteMemberPayload { invitationCode: code invitation { id email } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.InviteMemberDocument,
    "\n  mutation RevokeInvitation($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { id state } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RevokeInvitationDocument,
    "\n  mutation RevokeMemberTokens($input: RevokeCredentialsInput!) {\n    revokeCredentials(input: $input) {\n      __typename\n      ... on RevokeCredentialsPayload { personalAccessTokens remaining }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.RevokeMemberTokensDocument,
    "\n  fragment OrganizationSettingsFields on Organization {\n    id name createdAt\n    patMaxLifetimeDays patLimitPerUser tokenMaxLifetimeDays appKeyDefaultLifetimeDays appKeyMaxLifetimeDays\n    auditRetentionDays expiryWarningDays inactivityDays inactivityAction leakAction\n    exchangeAudiences exchangeTokenLifetime\n  }\n": typeof types.OrganizationSettingsFieldsFragmentDoc,
    "\n  query OrganizationSettings {\n    viewer { organization { ...OrganizationSettingsFields } }\n  }\n": typeof types.OrganizationSettingsDocument,
    "\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      __typename\n      ... on OrganizationPayload { organization { ...OrganizationSettingsFields } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.UpdateOrganizationDocument,
    "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id url description eventTypes format enabled failing failingSince createdAt\n    deliveries(first: 3) {\n      totalCount\n      edges { node { id eventType status attempts responseStatus error createdAt } }\n    }\n  }\n": typeof types.WebhookEndpointFieldsFragmentDoc,
    "\n  query WebhookEndpoints {\n    webhookEndpoints(first: 50) {\n      totalCount\n      edges { node { ...WebhookEndpointFields } }\n    }\n  }\n": typeof types.WebhookEndpointsDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      __typename\n      ... on WebhookEndpointWithSecretPayload { secret webhookEndpoint { id url } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.CreateWebhookEndpointDocument,
    "\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      __typename\n      ... on WebhookEndpointPayload { webhookEndpoint { id enabled } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.UpdateWebhookEndpointDocument,
    "\n  mutation SendWebhookTestEvent($input: SendWebhookTestEventInput!) {\n    sendWebhookTestEvent(input: $input) {\n      __typename\n      ... on WebhookDeliveryPayload { delivery { id status } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.SendWebhookTestEventDocument,
    "\n  mutation DeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {\n    deleteWebhookEndpoint(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteWebhookEndpointDocument,
    "\n  mutation SuspendOrganization($input: SuspendOrganizationInput!) {\n    suspendOrganization(input: $input) {\n      __typename\n      ... on OrganizationPayload { organization { id suspendedAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.SuspendOrganizationDocument,
    "\n  mutation ResumeOrganization($input: ResumeOrganizationInput!) {\n    resumeOrganization(input: $input) {\n      __typename\n      ... on OrganizationPayload { organization { id suspendedAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.ResumeOrganizationDocument,
    "\n  mutation DeleteOrganization($input: DeleteOrganizationInput!) {\n    deleteOrganization(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.DeleteOrganizationDocument,
    "\n  fragment PersonalAccessTokenFields on PersonalAccessToken {\n    id description state scopes organizationBound createdAt expiresAt seenAt revokedAt\n  }\n": typeof types.PersonalAccessTokenFieldsFragmentDoc,
    "\n  query PersonalAccessTokens($state: CredentialState, $search: String) {\n    viewer {\n      personalAccessTokens(first: 50, state: $state, search: $search) {\n        totalCount\n        edges {\n          node { ...PersonalAccessTokenFields }\n        }\n      }\n    }\n  }\n": typeof types.PersonalAccessTokensDocument,
    "\n  query PersonalAccessTokenPolicy {\n    viewer { organization { patMaxLifetimeDays } }\n  }\n": typeof types.PersonalAccessTokenPolicyDocument,
    "\n  mutation CreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload {\n        secret\n        personalAccessToken { id description }\n      }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.CreatePersonalAccessTokenDocument,
    "\n  mutation UpdatePersonalAccessToken($input: UpdatePersonalAccessTokenInput!) {\n    updatePersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { ...PersonalAccessTokenFields } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.UpdatePersonalAccessTokenDocument,
    "\n  mutation RenewPersonalAccessToken($input: RenewPersonalAccessTokenInput!) {\n    renewPersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.RenewPersonalAccessTokenDocument,
    "\n  mutation RotatePersonalAccessToken($input: RotatePersonalAccessTokenInput!) {\n    rotatePersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload {\n        secret\n        personalAccessToken { id description }\n      }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.RotatePersonalAccessTokenDocument,
    "\n  mutation RevokePersonalAccessToken($input: RevokePersonalAccessTokenInput!) {\n    revokePersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id state revokedAt } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RevokePersonalAccessTokenDocument,
    "\n  mutation DeletePersonalAccessToken($input: DeletePersonalAccessTokenInput!) {\n    deletePersonalAccessToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeletePersonalAccessTokenDocument,
    "\n  query SessionViewer {\n    viewer {\n      kind\n      user { id name email }\n      organization { id name }\n      organizations { id name role suspended current }\n      credential { id kind expiresAt scopes remainingUses }\n      permissions\n    }\n  }\n": typeof types.SessionViewerDocument,
};
const documents: Documents = {
    "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload { organization { id name role } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.CreateOrganizationDocument,
    "\n  query OrganizationSuspension {\n    viewer { organization { id suspendedAt suspendedReason } }\n  }\n": types.OrganizationSuspensionDocument,
    "\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on AcceptInvitationPayload { secret organizationName role expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.AcceptInvitationDocument,
    "\n  query Projects {\n    projects(first: 50) {\n      totalCount\n      edges { node { id name createdAt } }\n    }\n  }\n": types.ProjectsDocument,
    "\n  query ProjectApplications($id: ID!, $search: String) {\n    node(id: $id) {\n      __typename\n      ... on Project {\n        id name\n        applications(first: 50, search: $search) {\n          totalCount\n          edges { node { id name clientId createdAt } }\n        }\n      }\n    }\n  }\n": types.ProjectApplicationsDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      __typename\n      ... on ProjectPayload { project { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.CreateProjectDocument,
    "\n  mutation CreateApplication($input: CreateApplicationInput!) {\n    createApplication(input: $input) {\n      __typename\n      ... on ApplicationPayload { application { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.CreateApplicationDocument,
    "\n  fragment AppKeyFields on ApplicationKey {\n    id keyId type algorithm state createdAt expirationDate lastUsedAt revokedAt\n  }\n": types.AppKeyFieldsFragmentDoc,
    "\n  query AppKeys($projectId: ID!, $appId: ID!, $state: CredentialState, $search: String) {\n    node(id: $appId) {\n      __typename\n      ... on Application { id name clientId project { id name } }\n    }\n    appKeys(projectId: $projectId, appId: $appId, first: 50, state: $state, search: $search) {\n      totalCount\n      edges { node { ...AppKeyFields } }\n    }\n  }\n": types.AppKeysDocument,
    "\n  mutation CreateAppKey($input: CreateAppKeyInput!) {\n    createAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload { keyDetails applicationKey { id } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.CreateAppKeyDocument,
    "\n  mutation RevokeAppKey($input: RevokeAppKeyInput!) {\n    revokeAppKey(input: $input) {\n      __typename\n      ... on ApplicationKeyPayload { applicationKey { id state revokedAt } }\n      ... on Error { code message }\n    }\n  }\n": types.RevokeAppKeyDocument,
    "\n  mutation RotateAppKey($input: RotateAppKeyInput!) {\n    rotateAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload { keyDetails applicationKey { id } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.RotateAppKeyDocument,
    "\n  mutation DeleteAppKey($input: DeleteAppKeyInput!) {\n    deleteAppKey(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteAppKeyDocument,
    "\n  fragment AuditEventFields on AuditEvent {\n    id sequence action outcome actorType actorId credentialKind credentialId\n    targetType targetId ip userAgent requestId changes createdAt\n    actor { id name email }\n    credential { id name }\n    target { id name email }\n  }\n": types.AuditEventFieldsFragmentDoc,
    "\n  query AuditChainCheck($from: AuditVerificationStart, $checkpoint: String) {\n    verifyAuditChain(from: $from, checkpoint: $checkpoint) {\n      valid reason firstBrokenSequence checkedEvents size anchorSize verifiedThroughSequence complete\n      resumedFromSequence\n    }\n  }\n": types.AuditChainCheckDocument,
    "\n  query LatestAuditCheckpoint {\n    auditLog {\n      origin verifierKey\n      checkpoint { size rootHash note createdAt }\n    }\n  }\n": types.LatestAuditCheckpointDocument,
    "\n  query AuditEvents($first: Int!, $after: String, $filter: AuditEventFilter) {\n    auditEvents(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...AuditEventFields } }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  subscription AuditEventAdded {\n    auditEventAdded { ...AuditEventFields }\n  }\n": types.AuditEventAddedDocument,
    "\n  fragment RevokedCounts on RevokeCredentialsPayload {\n    dryRun personalAccessTokens tokens applicationKeys total remaining\n  }\n": types.RevokedCountsFragmentDoc,
    "\n  mutation RevokeCredentials($input: RevokeCredentialsInput!) {\n    revokeCredentials(input: $input) {\n      __typename\n      ... on RevokeCredentialsPayload { ...RevokedCounts }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.RevokeCredentialsDocument,
    "\n  query RevocationMembers {\n    members(first: 100) { totalCount edges { node { id name user { email } } } }\n  }\n": types.RevocationMembersDocument,
    "\n  query RevocationIdentities {\n    machineIdentities(first: 100) { totalCount edges { node { id name } } }\n  }\n": types.RevocationIdentitiesDocument,
    "\n  query RevocationProjects {\n    projects(first: 100) { totalCount edges { node { id name } } }\n  }\n": types.RevocationProjectsDocument,
    "\n  query ImportTargets {\n    machineIdentities(first: 100) {\n      totalCount\n      edges { node { id name disabled } }\n    }\n  }\n": types.ImportTargetsDocument,
    "\n  query ImportPolicy {\n    viewer { organization { patMaxLifetimeDays } }\n  }\n": types.ImportPolicyDocument,
    "\n  mutation ImportTokens($input: ImportTokensInput!) {\n    importTokens(input: $input) {\n      __typename\n      ... on ImportTokensPayload { tokens { id } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.ImportTokensDocument,
    "\n  mutation ImportPersonalAccessTokens($input: ImportPersonalAccessTokensInput!) {\n    importPersonalAccessTokens(input: $input) {\n      __typename\n      ... on ImportPersonalAccessTokensPayload { personalAccessTokens { id } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.ImportPersonalAccessTokensDocument,
    "\n  query MachineIdentities($search: String) {\n    machineIdentities(first: 100, search: $search) {\n      totalCount\n      edges {\n        node { id name role disabled createdAt }\n      }\n    }\n  }\n": types.MachineIdentitiesDocument,
    "\n  mutation CreateMachineIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.CreateMachineIdentityDocument,
    "\n  fragment MachineIdentityTokenFields on Token {\n    id name state ttl maxTtl numUses numUsesLimit scopes trustedIps\n    createdAt expiresAt lastUsedAt lastRenewedAt revokedAt\n  }\n": types.MachineIdentityTokenFieldsFragmentDoc,
    "\n  query MachineIdentityTokens($id: ID!, $search: String) {\n    node(id: $id) {\n      __typename\n      ... on MachineIdentity {\n        id name role permissions disabled disabledAt createdAt\n        tokens(first: 25, search: $search) {\n          totalCount\n          edges { node { ...MachineIdentityTokenFields } }\n        }\n      }\n    }\n  }\n": types.MachineIdentityTokensDocument,
    "\n  mutation CreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload { secret token { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.CreateTokenDocument,
    "\n  mutation UpdateToken($input: UpdateTokenInput!) {\n    updateToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { ...MachineIdentityTokenFields } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.UpdateTokenDocument,
    "\n  mutation RenewToken($input: RenewTokenInput!) {\n    renewToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { id expiresAt } }\n      ... on Error { code message }\n    }\n  }\n": types.RenewTokenDocument,
    "\n  mutation RotateToken($input: RotateTokenInput!) {\n    rotateToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload { secret token { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.RotateTokenDocument,
    "\n  mutation RevokeToken($input: RevokeTokenInput!) {\n    revokeToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { id state } }\n      ... on Error { code message }\n    }\n  }\n": types.RevokeTokenDocument,
    "\n  mutation DeleteToken($input: DeleteTokenInput!) {\n    deleteToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteTokenDocument,
    "\n  mutation DeleteMachineIdentity($input: DeleteMachineIdentityInput!) {\n    deleteMachineIdentity(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteMachineIdentityDocument,
    "\n  mutation DisableMachineIdentity($input: DisableMachineIdentityInput!) {\n    disableMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id disabled } }\n      ... on Error { code message }\n    }\n  }\n": types.DisableMachineIdentityDocument,
    "\n  mutation EnableMachineIdentity($input: EnableMachineIdentityInput!) {\n    enableMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id disabled } }\n      ... on Error { code message }\n    }\n  }\n": types.EnableMachineIdentityDocument,
    "\n  mutation RevokeAllTokens($input: RevokeAllTokensInput!) {\n    revokeAllTokens(input: $input) {\n      __typename\n      ... on RevokeAllTokensPayload { revokedCount }\n      ... on Error { code message }\n    }\n  }\n": types.RevokeAllTokensDocument,
    "\n  mutation SetTokenKey($input: SetTokenKeyInput!) {\n    setTokenKey(input: $input) {\n      __typename\n      ... on TokenPayload { token { id updatedAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.SetTokenKeyDocument,
    "\n  fragment MemberFields on Membership {\n    id name role permissions createdAt\n    user { id email }\n  }\n": types.MemberFieldsFragmentDoc,
    "\n  fragment InvitationFields on Invitation {\n    id email name role permissions state createdAt expiresAt acceptedAt revokedAt\n  }\n": types.InvitationFieldsFragmentDoc,
    "\n  query Members {\n    members(first: 100) {\n      totalCount\n      edges { node { ...MemberFields } }\n    }\n  }\n": types.MembersDocument,
    "\n  query Invitations($state: InvitationState) {\n    invitations(first: 50, state: $state) {\n      totalCount\n      edges { node { ...InvitationFields } }\n    }\n  }\n": types.InvitationsDocument,
    "\n  mutation UpdateMember($input: UpdateMemberInput!) {\n    updateMember(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { id role permissions } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.UpdateMemberDocument,
    "\n  mutation RemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": types.RemoveMemberDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      __typename\n      ... on InviteMemberPayload { invitationCode: code invitation { id email } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.InviteMemberDocument,
    "\n  mutation RevokeInvitation($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { id state } }\n      ... on Error { code message }\n    }\n  }\n": types.RevokeInvitationDocument,
    "\n  mutation RevokeMemberTokens($input: RevokeCredentialsInput!) {\n    revokeCredentials(input: $input) {\n      __typename\n      ... on RevokeCredentialsPayload { personalAccessTokens remaining }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.RevokeMemberTokensDocument,
    "\n  fragment OrganizationSettingsFields on Organization {\n    id name createdAt\n    patMaxLifetimeDays patLimitPerUser tokenMaxLifetimeDays appKeyDefaultLifetimeDays appKeyMaxLifetimeDays\n    auditRetentionDays expiryWarningDays inactivityDays inactivityAction leakAction\n    exchangeAudiences exchangeTokenLifetime\n  }\n": types.OrganizationSettingsFieldsFragmentDoc,
    "\n  query OrganizationSettings {\n    viewer { organization { ...OrganizationSettingsFields } }\n  }\n": types.OrganizationSettingsDocument,
    "\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      __typename\n      ... on OrganizationPayload { organization { ...OrganizationSettingsFields } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.UpdateOrganizationDocument,
    "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id url description eventTypes format enabled failing failingSince createdAt\n    deliveries(first: 3) {\n      totalCount\n      edges { node { id eventType status attempts responseStatus error createdAt } }\n    }\n  }\n": types.WebhookEndpointFieldsFragmentDoc,
    "\n  query WebhookEndpoints {\n    webhookEndpoints(first: 50) {\n      totalCount\n      edges { node { ...WebhookEndpointFields } }\n    }\n  }\n": types.WebhookEndpointsDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      __typename\n      ... on WebhookEndpointWithSecretPayload { secret webhookEndpoint { id url } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.CreateWebhookEndpointDocument,
    "\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      __typename\n      ... on WebhookEndpointPayload { webhookEndpoint { id enabled } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.UpdateWebhookEndpointDocument,
    "\n  mutation SendWebhookTestEvent($input: SendWebhookTestEventInput!) {\n    sendWebhookTestEvent(input: $input) {\n      __typename\n      ... on WebhookDeliveryPayload { delivery { id status } }\n      ... on Error { code message }\n    }\n  }\n": types.SendWebhookTestEventDocument,
    "\n  mutation DeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {\n    deleteWebhookEndpoint(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteWebhookEndpointDocument,
    "\n  mutation SuspendOrganization($input: SuspendOrganizationInput!) {\n    suspendOrganization(input: $input) {\n      __typename\n      ... on OrganizationPayload { organization { id suspendedAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.SuspendOrganizationDocument,
    "\n  mutation ResumeOrganization($input: ResumeOrganizationInput!) {\n    resumeOrganization(input: $input) {\n      __typename\n      ... on OrganizationPayload { organization { id suspendedAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.ResumeOrganizationDocument,
    "\n  mutation DeleteOrganization($input: DeleteOrganizationInput!) {\n    deleteOrganization(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.DeleteOrganizationDocument,
    "\n  fragment PersonalAccessTokenFields on PersonalAccessToken {\n    id description state scopes organizationBound createdAt expiresAt seenAt revokedAt\n  }\n": types.PersonalAccessTokenFieldsFragmentDoc,
    "\n  query PersonalAccessTokens($state: CredentialState, $search: String) {\n    viewer {\n      personalAccessTokens(first: 50, state: $state, search: $search) {\n        totalCount\n        edges {\n          node { ...PersonalAccessTokenFields }\n        }\n      }\n    }\n  }\n": types.PersonalAccessTokensDocument,
    "\n  query PersonalAccessTokenPolicy {\n    viewer { organization { patMaxLifetimeDays } }\n  }\n": types.PersonalAccessTokenPolicyDocument,
    "\n  mutation CreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload {\n        secret\n        personalAccessToken { id description }\n      }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.CreatePersonalAccessTokenDocument,
    "\n  mutation UpdatePersonalAccessToken($input: UpdatePersonalAccessTokenInput!) {\n    updatePersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { ...PersonalAccessTokenFields } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.UpdatePersonalAccessTokenDocument,
    "\n  mutation RenewPersonalAccessToken($input: RenewPersonalAccessTokenInput!) {\n    renewPersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.RenewPersonalAccessTokenDocument,
    "\n  mutation RotatePersonalAccessToken($input: RotatePersonalAccessTokenInput!) {\n    rotatePersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload {\n        secret\n        personalAccessToken { id description }\n      }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.RotatePersonalAccessTokenDocument,
    "\n  mutation RevokePersonalAccessToken($input: RevokePersonalAccessTokenInput!) {\n    revokePersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id state revokedAt } }\n      ... on Error { code message }\n    }\n  }\n": types.RevokePersonalAccessTokenDocument,
    "\n  mutation DeletePersonalAccessToken($input: DeletePersonalAccessTokenInput!) {\n    deletePersonalAccessToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": types.DeletePersonalAccessTokenDocument,
    "\n  query SessionViewer {\n    viewer {\n      kind\n      user { id name email }\n      organization { id name }\n      organizations { id name role suspended current }\n      credential { id kind expiresAt scopes remainingUses }\n      permissions\n    }\n  }\n": types.SessionViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload { organization { id name role } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').CreateOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizationSuspension {\n    viewer { organization { id suspendedAt suspendedReason } }\n  }\n"): typeof import('./graphql.js').OrganizationSuspensionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on AcceptInvitationPayload { secret organizationName role expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').AcceptInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Projects {\n    projects(first: 50) {\n      totalCount\n      edges { node { id name createdAt } }\n    }\n  }\n"): typeof import('./graphql.js').ProjectsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectApplications($id: ID!, $search: String) {\n    node(id: $id) {\n      __typename\n      ... on Project {\n        id name\n        applications(first: 50, search: $search) {\n          totalCount\n          edges { node { id name clientId createdAt } }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ProjectApplicationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      __typename\n      ... on ProjectPayload { project { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').CreateProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApplication($input: CreateApplicationInput!) {\n    createApplication(input: $input) {\n      __typename\n      ... on ApplicationPayload { application { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').CreateApplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AppKeyFields on ApplicationKey {\n    id keyId type algorithm state createdAt expirationDate lastUsedAt revokedAt\n  }\n"): typeof import('./graphql.js').AppKeyFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AppKeys($projectId: ID!, $appId: ID!, $state: CredentialState, $search: String) {\n    node(id: $appId) {\n      __typename\n      ... on Application { id name clientId project { id name } }\n    }\n    appKeys(projectId: $projectId, appId: $appId, first: 50, state: $state, search: $search) {\n      totalCount\n      edges { node { ...AppKeyFields } }\n    }\n  }\n"): typeof import('./graphql.js').AppKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAppKey($input: CreateAppKeyInput!) {\n    createAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload { keyDetails applicationKey { id } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').CreateAppKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeAppKey($input: RevokeAppKeyInput!) {\n    revokeAppKey(input: $input) {\n      __typename\n      ... on ApplicationKeyPayload { applicationKey { id state revokedAt } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').RevokeAppKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateAppKey($input: RotateAppKeyInput!) {\n    rotateAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload { keyDetails applicationKey { id } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').RotateAppKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAppKey($input: DeleteAppKeyInput!) {\n    deleteAppKey(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').DeleteAppKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuditEventFields on AuditEvent {\n    id sequence action outcome actorType actorId credentialKind credentialId\n    targetType targetId ip userAgent requestId changes createdAt\n    actor { id name email }\n    credential { id name }\n    target { id name email }\n  }\n"): typeof import('./graphql.js').AuditEventFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditChainCheck($from: AuditVerificationStart, $checkpoint: String) {\n    verifyAuditChain(from: $from, checkpoint: $checkpoint) {\n      valid reason firstBrokenSequence checkedEvents size anchorSize verifiedThroughSequence complete\n      resumedFromSequence\n    }\n  }\n"): typeof import('./graphql.js').AuditChainCheckDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LatestAuditCheckpoint {\n    auditLog {\n      origin verifierKey\n      checkpoint { size rootHash note createdAt }\n    }\n  }\n"): typeof import('./graphql.js').LatestAuditCheckpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($first: Int!, $after: String, $filter: AuditEventFilter) {\n    auditEvents(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...AuditEventFields } }\n    }\n  }\n"): typeof import('./graphql.js').AuditEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuditEventAdded {\n    auditEventAdded { ...AuditEventFields }\n  }\n"): typeof import('./graphql.js').AuditEventAddedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RevokedCounts on RevokeCredentialsPayload {\n    dryRun personalAccessTokens tokens applicationKeys total remaining\n  }\n"): typeof import('./graphql.js').RevokedCountsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeCredentials($input: RevokeCredentialsInput!) {\n    revokeCredentials(input: $input) {\n      __typename\n      ... on RevokeCredentialsPayload { ...RevokedCounts }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').RevokeCredentialsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RevocationMembers {\n    members(first: 100) { totalCount edges { node { id name user { email } } } }\n  }\n"): typeof import('./graphql.js').RevocationMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RevocationIdentities {\n    machineIdentities(first: 100) { totalCount edges { node { id name } } }\n  }\n"): typeof import('./graphql.js').RevocationIdentitiesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RevocationProjects {\n    projects(first: 100) { totalCount edges { node { id name } } }\n  }\n"): typeof import('./graphql.js').RevocationProjectsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportTargets {\n    machineIdentities(first: 100) {\n      totalCount\n      edges { node { id name disabled } }\n    }\n  }\n"): typeof import('./graphql.js').ImportTargetsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportPolicy {\n    viewer { organization { patMaxLifetimeDays } }\n  }\n"): typeof import('./graphql.js').ImportPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportTokens($input: ImportTokensInput!) {\n    importTokens(input: $input) {\n      __typename\n      ... on ImportTokensPayload { tokens { id } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').ImportTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportPersonalAccessTokens($input: ImportPersonalAccessTokensInput!) {\n    importPersonalAccessTokens(input: $input) {\n      __typename\n      ... on ImportPersonalAccessTokensPayload { personalAccessTokens { id } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').ImportPersonalAccessTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MachineIdentities($search: String) {\n    machineIdentities(first: 100, search: $search) {\n      totalCount\n      edges {\n        node { id name role disabled createdAt }\n      }\n    }\n  }\n"): typeof import('./graphql.js').MachineIdentitiesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMachineIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').CreateMachineIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MachineIdentityTokenFields on Token {\n    id name state ttl maxTtl numUses numUsesLimit scopes trustedIps\n    createdAt expiresAt lastUsedAt lastRenewedAt revokedAt\n  }\n"): typeof import('./graphql.js').MachineIdentityTokenFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MachineIdentityTokens($id: ID!, $search: String) {\n    node(id: $id) {\n      __typename\n      ... on MachineIdentity {\n        id name role permissions disabled disabledAt createdAt\n        tokens(first: 25, search: $search) {\n          totalCount\n          edges { node { ...MachineIdentityTokenFields } }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').MachineIdentityTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload { secret token { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').CreateTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateToken($input: UpdateTokenInput!) {\n    updateToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { ...MachineIdentityTokenFields } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').UpdateTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenewToken($input: RenewTokenInput!) {\n    renewToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { id expiresAt } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').RenewTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateToken($input: RotateTokenInput!) {\n    rotateToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload { secret token { id name } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').RotateTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeToken($input: RevokeTokenInput!) {\n    revokeToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { id state } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').RevokeTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteToken($input: DeleteTokenInput!) {\n    deleteToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').DeleteTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMachineIdentity($input: DeleteMachineIdentityInput!) {\n    deleteMachineIdentity(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').DeleteMachineIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableMachineIdentity($input: DisableMachineIdentityInput!) {\n    disableMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id disabled } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').DisableMachineIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableMachineIdentity($input: EnableMachineIdentityInput!) {\n    enableMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id disabled } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').EnableMachineIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeAllTokens($input: RevokeAllTokensInput!) {\n    revokeAllTokens(input: $input) {\n      __typename\n      ... on RevokeAllTokensPayload { revokedCount }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').RevokeAllTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTokenKey($input: SetTokenKeyInput!) {\n    setTokenKey(input: $input) {\n      __typename\n      ... on TokenPayload { token { id updatedAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').SetTokenKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MemberFields on Membership {\n    id name role permissions createdAt\n    user { id email }\n  }\n"): typeof import('./graphql.js').MemberFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InvitationFields on Invitation {\n    id email name role permissions state createdAt expiresAt acceptedAt revokedAt\n  }\n"): typeof import('./graphql.js').InvitationFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Members {\n    members(first: 100) {\n      totalCount\n      edges { node { ...MemberFields } }\n    }\n  }\n"): typeof import('./graphql.js').MembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Invitations($state: InvitationState) {\n    invitations(first: 50, state: $state) {\n      totalCount\n      edges { node { ...InvitationFields } }\n    }\n  }\n"): typeof import('./graphql.js').InvitationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMember($input: UpdateMemberInput!) {\n    updateMember(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { id role permissions } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').UpdateMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').RemoveMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      __typename\n      ... on InviteMemberPayload { invitationCode: code invitation { id email } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').InviteMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeInvitation($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { id state } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').RevokeInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeMemberTokens($input: RevokeCredentialsInput!) {\n    revokeCredentials(input: $input) {\n      __typename\n      ... on RevokeCredentialsPayload { personalAccessTokens remaining }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').RevokeMemberTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrganizationSettingsFields on Organization {\n    id name createdAt\n    patMaxLifetimeDays patLimitPerUser tokenMaxLifetimeDays appKeyDefaultLifetimeDays appKeyMaxLifetimeDays\n    auditRetentionDays expiryWarningDays inactivityDays inactivityAction leakAction\n    exchangeAudiences exchangeTokenLifetime\n  }\n"): typeof import('./graphql.js').OrganizationSettingsFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizationSettings {\n    viewer { organization { ...OrganizationSettingsFields } }\n  }\n"): typeof import('./graphql.js').OrganizationSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      __typename\n      ... on OrganizationPayload { organization { ...OrganizationSettingsFields } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').UpdateOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id url description eventTypes format enabled failing failingSince createdAt\n    deliveries(first: 3) {\n      totalCount\n      edges { node { id eventType status attempts responseStatus error createdAt } }\n    }\n  }\n"): typeof import('./graphql.js').WebhookEndpointFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpoints {\n    webhookEndpoints(first: 50) {\n      totalCount\n      edges { node { ...WebhookEndpointFields } }\n    }\n  }\n"): typeof import('./graphql.js').WebhookEndpointsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      __typename\n      ... on WebhookEndpointWithSecretPayload { secret webhookEndpoint { id url } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').CreateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      __typename\n      ... on WebhookEndpointPayload { webhookEndpoint { id enabled } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').UpdateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendWebhookTestEvent($input: SendWebhookTestEventInput!) {\n    sendWebhookTestEvent(input: $input) {\n      __typename\n      ... on WebhookDeliveryPayload { delivery { id status } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').SendWebhookTestEventDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {\n    deleteWebhookEndpoint(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').DeleteWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SuspendOrganization($input: SuspendOrganizationInput!) {\n    suspendOrganization(input: $input) {\n      __typename\n      ... on OrganizationPayload { organization { id suspendedAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').SuspendOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeOrganization($input: ResumeOrganizationInput!) {\n    resumeOrganization(input: $input) {\n      __typename\n      ... on OrganizationPayload { organization { id suspendedAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').ResumeOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteOrganization($input: DeleteOrganizationInput!) {\n    deleteOrganization(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').DeleteOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PersonalAccessTokenFields on PersonalAccessToken {\n    id description state scopes organizationBound createdAt expiresAt seenAt revokedAt\n  }\n"): typeof import('./graphql.js').PersonalAccessTokenFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonalAccessTokens($state: CredentialState, $search: String) {\n    viewer {\n      personalAccessTokens(first: 50, state: $state, search: $search) {\n        totalCount\n        edges {\n          node { ...PersonalAccessTokenFields }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').PersonalAccessTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonalAccessTokenPolicy {\n    viewer { organization { patMaxLifetimeDays } }\n  }\n"): typeof import('./graphql.js').PersonalAccessTokenPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload {\n        secret\n        personalAccessToken { id description }\n      }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').CreatePersonalAccessTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePersonalAccessToken($input: UpdatePersonalAccessTokenInput!) {\n    updatePersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { ...PersonalAccessTokenFields } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').UpdatePersonalAccessTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenewPersonalAccessToken($input: RenewPersonalAccessTokenInput!) {\n    renewPersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').RenewPersonalAccessTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotatePersonalAccessToken($input: RotatePersonalAccessTokenInput!) {\n    rotatePersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload {\n        secret\n        personalAccessToken { id description }\n      }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').RotatePersonalAccessTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokePersonalAccessToken($input: RevokePersonalAccessTokenInput!) {\n    revokePersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id state revokedAt } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').RevokePersonalAccessTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeletePersonalAccessToken($input: DeletePersonalAccessTokenInput!) {\n    deletePersonalAccessToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').DeletePersonalAccessTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionViewer {\n    viewer {\n      kind\n      user { id name email }\n      organization { id name }\n      organizations { id name role suspended current }\n      credential { id kind expiresAt scopes remainingUses }\n      permissions\n    }\n  }\n"): typeof import('./graphql.js').SessionViewerDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
