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
    "\n  query CrossTenantNode($id: ID!) { node(id: $id) { __typename id } }\n": typeof types.CrossTenantNodeDocument,
    "\n  query CrossTenantNodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }\n": typeof types.CrossTenantNodesDocument,
    "\n  query CrossTenantLists {\n    tokens(first: 100) { totalCount }\n    machineIdentities(first: 100) { totalCount }\n    members(first: 100) { totalCount }\n    projects(first: 100) { totalCount }\n    auditEvents(first: 100) { totalCount }\n    viewer { organization { id } personalAccessTokens(first: 100) { totalCount } }\n  }\n": typeof types.CrossTenantListsDocument,
    "\n  query CrossTenantViewer { viewer { organization { id name } user { email } } }\n": typeof types.CrossTenantViewerDocument,
    "\n  query ConcurrencyViewer { viewer { kind credential { remainingUses } } }\n": typeof types.ConcurrencyViewerDocument,
    "\n  mutation ConcurrencyCreatePat($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) { __typename }\n  }\n": typeof types.ConcurrencyCreatePatDocument,
    "\n  query CountPats($first: Int!) {\n    viewer { personalAccessTokens(first: $first) { totalCount edges { node { id description seenAt user { email } } } } }\n  }\n": typeof types.CountPatsDocument,
    "\n  query CountTokens($first: Int!) {\n    tokens(first: $first) { totalCount edges { node { id name scopes lastUsedAt identity { id name } } } }\n  }\n": typeof types.CountTokensDocument,
    "\n  query CountIdentities($first: Int!) {\n    machineIdentities(first: $first) { totalCount edges { node { id name tokens(first: 5) { totalCount edges { node { id name } } } } } }\n  }\n": typeof types.CountIdentitiesDocument,
    "\n  query CountMembers($first: Int!) {\n    members(first: $first) { totalCount edges { node { id role user { id email } } } }\n  }\n": typeof types.CountMembersDocument,
    "\n  query CountAudit($first: Int!) {\n    auditEvents(first: $first) { totalCount edges { node { id action actorId credentialId targetId changes } } }\n  }\n": typeof types.CountAuditDocument,
    "\n  query CountNamedAudit($first: Int!) {\n    auditEvents(first: $first) {\n      totalCount\n      edges { node { id action actor { name email } credential { name } target { name } } }\n    }\n  }\n": typeof types.CountNamedAuditDocument,
    "\n  query CountProjects($first: Int!) {\n    projects(first: $first) { totalCount edges { node { id name applications(first: 3) { edges { node { id clientId } } } } } }\n  }\n": typeof types.CountProjectsDocument,
    "\n  query CountAppKeys($first: Int!, $projectId: ID!, $appId: ID!) {\n    appKeys(first: $first, projectId: $projectId, appId: $appId) {\n      totalCount edges { node { id expirationDate application { id name project { id name } } } }\n    }\n  }\n": typeof types.CountAppKeysDocument,
    "\n  mutation TestAppKeyCreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      __typename\n      ... on ProjectPayload { project { id name } }\n      ... on ValidationError { field code }\n    }\n  }\n": typeof types.TestAppKeyCreateProjectDocument,
    "\n  mutation TestAppKeyCreateApplication($input: CreateApplicationInput!) {\n    createApplication(input: $input) {\n      __typename\n      ... on ApplicationPayload { application { id name clientId project { id name } } }\n      ... on ValidationError { field code }\n      ... on NotFoundError { code }\n    }\n  }\n": typeof types.TestAppKeyCreateApplicationDocument,
    "\n  query TestAppKeyProjects {\n    projects(first: 50) {\n      totalCount\n      edges { node { id name applications { totalCount } } }\n    }\n  }\n": typeof types.TestAppKeyProjectsDocument,
    "\n  query TestAppKeyProjectNode($id: ID!) {\n    node(id: $id) {\n      ... on Project { applications(first: 10) { edges { node { id clientId } } } }\n    }\n  }\n": typeof types.TestAppKeyProjectNodeDocument,
    "\n  mutation TestCreateAppKey($input: CreateAppKeyInput!) {\n    createAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload {\n        keyDetails\n        applicationKey { id type algorithm publicKey expirationDate lastUsedAt createdAt state application { id clientId } }\n      }\n      ... on ValidationError { field message code }\n      ... on NotFoundError { code }\n    }\n  }\n": typeof types.TestCreateAppKeyDocument,
    "\n  query TestListAppKeys($projectId: ID!, $appId: ID!, $state: CredentialState, $first: Int) {\n    appKeys(projectId: $projectId, appId: $appId, state: $state, first: $first) {\n      totalCount\n      edges { node { id state expirationDate application { clientId project { name } } } }\n    }\n  }\n": typeof types.TestListAppKeysDocument,
    "\n  query TestAppKeyNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on ApplicationKey { algorithm publicKey lastUsedAt application { id } }\n    }\n  }\n": typeof types.TestAppKeyNodeDocument,
    "\n  mutation TestDeleteAppKey($input: DeleteAppKeyInput!) {\n    deleteAppKey(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on NotFoundError { code message }\n    }\n  }\n": typeof types.TestDeleteAppKeyDocument,
    "\n  mutation TestAuthenticateClientAssertion($input: AuthenticateClientAssertionInput!) {\n    authenticateClientAssertion(input: $input) {\n      valid\n      code\n      keyId\n      applicationKey { id }\n      claim\n      reason\n      expiresAt\n      application { id clientId }\n    }\n  }\n": typeof types.TestAuthenticateClientAssertionDocument,
    "\n  query TestAuditEventsBackwards($last: Int, $before: String) {\n    auditEvents(last: $last, before: $before) {\n      pageInfo { hasPreviousPage startCursor }\n      edges { node { id } }\n    }\n  }\n": typeof types.TestAuditEventsBackwardsDocument,
    "\n  query TestAuditEvents($first: Int, $after: String, $filter: AuditEventFilter) {\n    auditEvents(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id sequence action outcome actorType actorId credentialKind credentialId\n          targetType targetId requestId ip userAgent changes createdAt\n        }\n      }\n    }\n  }\n": typeof types.TestAuditEventsDocument,
    "\n  query TestVerifyChain($from: AuditVerificationStart) {\n    verifyAuditChain(from: $from) {\n      valid checkedEvents firstBrokenSequence reason size anchorSize verifiedThroughSequence complete\n    }\n  }\n": typeof types.TestVerifyChainDocument,
    "\n  mutation TestAuditCreateIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id } }\n    }\n  }\n": typeof types.TestAuditCreateIdentityDocument,
    "\n  query TestAuditViewer { viewer { credential { id } user { id } } }\n": typeof types.TestAuditViewerDocument,
    "\n  query TestNamedAuditEvents($filter: AuditEventFilter) {\n    auditEvents(first: 20, filter: $filter) {\n      edges {\n        node {\n          action actorId credentialId targetId\n          actor { id name email }\n          credential { id name email }\n          target { id name email }\n        }\n      }\n    }\n  }\n": typeof types.TestNamedAuditEventsDocument,
    "\n  mutation TestSubjectsCreateIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id } }\n    }\n  }\n": typeof types.TestSubjectsCreateIdentityDocument,
    "\n  mutation TestSubjectsCreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload { secret token { id } }\n    }\n  }\n": typeof types.TestSubjectsCreateTokenDocument,
    "\n  mutation TestSubjectsRenameIdentity($input: UpdateMachineIdentityInput!) {\n    updateMachineIdentity(input: $input) { __typename }\n  }\n": typeof types.TestSubjectsRenameIdentityDocument,
    "\n  mutation TestSubjectsDeleteToken($input: DeleteTokenInput!) {\n    deleteToken(input: $input) { __typename }\n  }\n": typeof types.TestSubjectsDeleteTokenDocument,
    "\n  query LifecycleViewer { viewer { kind } }\n": typeof types.LifecycleViewerDocument,
    "\n  mutation LifecycleDeleteToken($input: DeleteTokenInput!) {\n    deleteToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code }\n    }\n  }\n": typeof types.LifecycleDeleteTokenDocument,
    "\n  mutation LifecycleSetTokenKey($input: SetTokenKeyInput!) {\n    setTokenKey(input: $input) { __typename ... on Error { code } }\n  }\n": typeof types.LifecycleSetTokenKeyDocument,
    "\n  mutation LifecycleRevokeToken($input: RevokeTokenInput!) {\n    revokeToken(input: $input) { __typename }\n  }\n": typeof types.LifecycleRevokeTokenDocument,
    "\n  query LifecycleTokenNode($id: ID!) { node(id: $id) { id } }\n": typeof types.LifecycleTokenNodeDocument,
    "\n  mutation LifecycleVerify($input: VerifyCredentialInput!) {\n    verifyCredential(input: $input) { valid code }\n  }\n": typeof types.LifecycleVerifyDocument,
    "\n  mutation LifecycleDisableIdentity($input: DisableMachineIdentityInput!) {\n    disableMachineIdentity(input: $input) { __typename ... on Error { code } }\n  }\n": typeof types.LifecycleDisableIdentityDocument,
    "\n  mutation LifecycleDeleteIdentity($input: DeleteMachineIdentityInput!) {\n    deleteMachineIdentity(input: $input) { __typename ... on Error { code } }\n  }\n": typeof types.LifecycleDeleteIdentityDocument,
    "\n  mutation LifecycleCreateAppKey($input: CreateAppKeyInput!) {\n    createAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload { keyDetails applicationKey { id expirationDate state } }\n      ... on Error { code }\n    }\n  }\n": typeof types.LifecycleCreateAppKeyDocument,
    "\n  mutation LifecycleRevokeAppKey($input: RevokeAppKeyInput!) {\n    revokeAppKey(input: $input) {\n      __typename\n      ... on ApplicationKeyPayload { applicationKey { id state revokedAt } }\n      ... on Error { code }\n    }\n  }\n": typeof types.LifecycleRevokeAppKeyDocument,
    "\n  mutation LifecycleRotateAppKey($input: RotateAppKeyInput!) {\n    rotateAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload { keyDetails applicationKey { id expirationDate state } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.LifecycleRotateAppKeyDocument,
    "\n  query LifecycleAppKeys($projectId: ID!, $appId: ID!, $state: CredentialState) {\n    appKeys(projectId: $projectId, appId: $appId, state: $state, first: 50) {\n      edges { node { id state expirationDate } }\n    }\n  }\n": typeof types.LifecycleAppKeysDocument,
    "\n  mutation LifecycleAuthenticate($input: AuthenticateClientAssertionInput!) {\n    authenticateClientAssertion(input: $input) { valid code }\n  }\n": typeof types.LifecycleAuthenticateDocument,
    "\n  mutation EmbeddedCreatePat($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id } }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.EmbeddedCreatePatDocument,
    "\n  mutation EmbeddedCreateIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) { ... on MachineIdentityPayload { machineIdentity { id } } }\n  }\n": typeof types.EmbeddedCreateIdentityDocument,
    "\n  mutation EmbeddedCreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) { ... on TokenSecretPayload { secret token { id } } }\n  }\n": typeof types.EmbeddedCreateTokenDocument,
    "\n  mutation EmbeddedRotate($input: RotateTokenInput!) {\n    rotateToken(input: $input) { ... on TokenSecretPayload { secret } }\n  }\n": typeof types.EmbeddedRotateDocument,
    "\n  query EmbeddedViewer { viewer { kind credential { kind remainingUses } } }\n": typeof types.EmbeddedViewerDocument,
    "\n  query EmbeddedLists {\n    viewer { personalAccessTokens(first: 10) { totalCount } }\n    tokens(first: 10) { totalCount edges { node { name identity { name } } } }\n    auditEvents(first: 50) { totalCount }\n  }\n": typeof types.EmbeddedListsDocument,
    "\n  mutation InvitationInvite($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      __typename\n      ... on InviteMemberPayload { code invitation { id email name role state expiresAt } }\n      ... on Error { errorCode: code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.InvitationInviteDocument,
    "\n  mutation InvitationAccept($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on AcceptInvitationPayload {\n        secret personalAccessTokenId organizationId organizationName membershipId role expiresAt renewableUntil\n      }\n      ... on Error { code message }\n    }\n  }\n": typeof types.InvitationAcceptDocument,
    "\n  mutation InvitationRevoke($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { id state revokedAt } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.InvitationRevokeDocument,
    "\n  query InvitationList($state: InvitationState) {\n    invitations(first: 50, state: $state) { totalCount edges { node { id email state } } }\n  }\n": typeof types.InvitationListDocument,
    "\n  query InvitationViewer {\n    viewer {\n      organization { id }\n      user { id name email }\n      credential { id }\n      personalAccessTokens(first: 10) { edges { node { id organizationBound } } }\n    }\n  }\n": typeof types.InvitationViewerDocument,
    "\n  query InvitationMembers {\n    members(first: 100) { edges { node { id name role user { id name email } } } }\n  }\n": typeof types.InvitationMembersDocument,
    "\n  mutation InvitationCreatePat($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { organizationBound } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.InvitationCreatePatDocument,
    "\n  mutation InvitationRemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) { __typename ... on Error { message } }\n  }\n": typeof types.InvitationRemoveMemberDocument,
    "\n  query PatLifecycleViewer {\n    viewer { organization { id } credential { id scopes } permissions }\n  }\n": typeof types.PatLifecycleViewerDocument,
    "\n  mutation PatLifecycleCreate($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id scopes state } }\n      ... on Error { code message }\n      ... on LimitReachedError { limit }\n    }\n  }\n": typeof types.PatLifecycleCreateDocument,
    "\n  mutation PatLifecycleRotate($input: RotatePersonalAccessTokenInput!) {\n    rotatePersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id description scopes expiresAt } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.PatLifecycleRotateDocument,
    "\n  mutation PatLifecycleRevoke($input: RevokePersonalAccessTokenInput!) {\n    revokePersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id state revokedAt } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.PatLifecycleRevokeDocument,
    "\n  mutation PatLifecycleDelete($input: DeletePersonalAccessTokenInput!) {\n    deletePersonalAccessToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.PatLifecycleDeleteDocument,
    "\n  mutation PatLifecycleUpdate($input: UpdatePersonalAccessTokenInput!) {\n    updatePersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id description } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.PatLifecycleUpdateDocument,
    "\n  mutation PatLifecycleRenew($input: RenewPersonalAccessTokenInput!) {\n    renewPersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.PatLifecycleRenewDocument,
    "\n  query PatLifecycleList($state: CredentialState) {\n    viewer {\n      personalAccessTokens(first: 100, state: $state) { totalCount edges { node { id state } } }\n    }\n  }\n": typeof types.PatLifecycleListDocument,
    "\n  query PatLifecycleNode($id: ID!) {\n    node(id: $id) { id ... on PersonalAccessToken { description organizationBound } }\n  }\n": typeof types.PatLifecycleNodeDocument,
    "\n  query TestViewer {\n    viewer {\n      kind\n      user { email }\n      organization { id name }\n      credential { id kind expiresAt scopes }\n      permissions\n    }\n  }\n": typeof types.TestViewerDocument,
    "\n  mutation TestCreatePat($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload {\n        secret\n        personalAccessToken { id description expiresAt scopes state seenAt }\n      }\n      ... on ValidationError { field message code }\n      ... on LimitReachedError { limit message code }\n    }\n  }\n": typeof types.TestCreatePatDocument,
    "\n  mutation TestDeletePat($input: DeletePersonalAccessTokenInput!) {\n    deletePersonalAccessToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on NotFoundError { code }\n    }\n  }\n": typeof types.TestDeletePatDocument,
    "\n  query TestListPats($first: Int, $after: String, $state: CredentialState) {\n    viewer {\n      personalAccessTokens(first: $first, after: $after, state: $state) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { cursor node { id description state } }\n      }\n    }\n  }\n": typeof types.TestListPatsDocument,
    "\n  mutation TestCreateIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id name role disabled } }\n      ... on ValidationError { field code }\n    }\n  }\n": typeof types.TestCreateIdentityDocument,
    "\n  mutation TestUpdateIdentity($input: UpdateMachineIdentityInput!) {\n    updateMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id name } }\n      ... on ValidationError { field }\n      ... on NotFoundError { code }\n    }\n  }\n": typeof types.TestUpdateIdentityDocument,
    "\n  mutation TestDisableIdentity($input: DisableMachineIdentityInput!) {\n    disableMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { disabled } }\n    }\n  }\n": typeof types.TestDisableIdentityDocument,
    "\n  mutation TestEnableIdentity($input: EnableMachineIdentityInput!) {\n    enableMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { disabled } }\n    }\n  }\n": typeof types.TestEnableIdentityDocument,
    "\n  mutation TestDeleteIdentity($input: DeleteMachineIdentityInput!) {\n    deleteMachineIdentity(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on NotFoundError { code }\n    }\n  }\n": typeof types.TestDeleteIdentityDocument,
    "\n  mutation TestCreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload {\n        secret\n        token { id name ttl maxTtl numUses numUsesLimit trustedIps scopes expiresAt state isRevoked authMethod identity { id } }\n      }\n      ... on ValidationError { field message }\n      ... on NotFoundError { code }\n    }\n  }\n": typeof types.TestCreateTokenDocument,
    "\n  mutation TestUpdateToken($input: UpdateTokenInput!) {\n    updateToken(input: $input) {\n      __typename\n      ... on TokenPayload {\n        token { id name ttl maxTtl numUses numUsesLimit lastUsedAt lastRenewedAt isRevoked identity { name } createdAt updatedAt authMethod }\n      }\n      ... on ValidationError { field }\n      ... on NotFoundError { code }\n    }\n  }\n": typeof types.TestUpdateTokenDocument,
    "\n  mutation TestRenewToken($input: RenewTokenInput!) {\n    renewToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { expiresAt lastRenewedAt } }\n      ... on InvalidStateError { message code }\n      ... on NotFoundError { code }\n    }\n  }\n": typeof types.TestRenewTokenDocument,
    "\n  mutation TestRevokeToken($input: RevokeTokenInput!) {\n    revokeToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { isRevoked state } }\n      ... on NotFoundError { code }\n    }\n  }\n": typeof types.TestRevokeTokenDocument,
    "\n  mutation TestRevokeAll($input: RevokeAllTokensInput!) {\n    revokeAllTokens(input: $input) {\n      __typename\n      ... on RevokeAllTokensPayload { revokedCount }\n    }\n  }\n": typeof types.TestRevokeAllDocument,
    "\n  mutation TestRotateToken($input: RotateTokenInput!) {\n    rotateToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload { secret token { expiresAt name ttl } }\n      ... on ValidationError { field }\n      ... on InvalidStateError { code }\n    }\n  }\n": typeof types.TestRotateTokenDocument,
    "\n  mutation TestSetTokenKey($input: SetTokenKeyInput!) {\n    setTokenKey(input: $input) {\n      __typename\n      ... on TokenPayload { token { id } }\n      ... on ValidationError { field message }\n      ... on NotFoundError { code message }\n      ... on InvalidStateError { code }\n    }\n  }\n": typeof types.TestSetTokenKeyDocument,
    "\n  mutation TestVerify($input: VerifyCredentialInput!) {\n    verifyCredential(input: $input) {\n      valid\n      code\n      kind\n      credentialId\n      ownerKind\n      ownerId\n      expiresAt\n      remainingUses\n      permissions\n    }\n  }\n": typeof types.TestVerifyDocument,
    "\n  query TestTokens($identityId: ID, $state: CredentialState, $first: Int) {\n    tokens(identityId: $identityId, state: $state, first: $first) {\n      totalCount\n      edges { node { id name state } }\n    }\n  }\n": typeof types.TestTokensDocument,
    "\n  query TestNode($id: ID!) {\n    node(id: $id) { __typename id }\n  }\n": typeof types.TestNodeDocument,
};
const documents: Documents = {
    "\n  query CrossTenantNode($id: ID!) { node(id: $id) { __typename id } }\n": types.CrossTenantNodeDocument,
    "\n  query CrossTenantNodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }\n": types.CrossTenantNodesDocument,
    "\n  query CrossTenantLists {\n    tokens(first: 100) { totalCount }\n    machineIdentities(first: 100) { totalCount }\n    members(first: 100) { totalCount }\n    projects(first: 100) { totalCount }\n    auditEvents(first: 100) { totalCount }\n    viewer { organization { id } personalAccessTokens(first: 100) { totalCount } }\n  }\n": types.CrossTenantListsDocument,
    "\n  query CrossTenantViewer { viewer { organization { id name } user { email } } }\n": types.CrossTenantViewerDocument,
    "\n  query ConcurrencyViewer { viewer { kind credential { remainingUses } } }\n": types.ConcurrencyViewerDocument,
    "\n  mutation ConcurrencyCreatePat($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) { __typename }\n  }\n": types.ConcurrencyCreatePatDocument,
    "\n  query CountPats($first: Int!) {\n    viewer { personalAccessTokens(first: $first) { totalCount edges { node { id description seenAt user { email } } } } }\n  }\n": types.CountPatsDocument,
    "\n  query CountTokens($first: Int!) {\n    tokens(first: $first) { totalCount edges { node { id name scopes lastUsedAt identity { id name } } } }\n  }\n": types.CountTokensDocument,
    "\n  query CountIdentities($first: Int!) {\n    machineIdentities(first: $first) { totalCount edges { node { id name tokens(first: 5) { totalCount edges { node { id name } } } } } }\n  }\n": types.CountIdentitiesDocument,
    "\n  query CountMembers($first: Int!) {\n    members(first: $first) { totalCount edges { node { id role user { id email } } } }\n  }\n": types.CountMembersDocument,
    "\n  query CountAudit($first: Int!) {\n    auditEvents(first: $first) { totalCount edges { node { id action actorId credentialId targetId changes } } }\n  }\n": types.CountAuditDocument,
    "\n  query CountNamedAudit($first: Int!) {\n    auditEvents(first: $first) {\n      totalCount\n      edges { node { id action actor { name email } credential { name } target { name } } }\n    }\n  }\n": types.CountNamedAuditDocument,
    "\n  query CountProjects($first: Int!) {\n    projects(first: $first) { totalCount edges { node { id name applications(first: 3) { edges { node { id clientId } } } } } }\n  }\n": types.CountProjectsDocument,
    "\n  query CountAppKeys($first: Int!, $projectId: ID!, $appId: ID!) {\n    appKeys(first: $first, projectId: $projectId, appId: $appId) {\n      totalCount edges { node { id expirationDate application { id name project { id name } } } }\n    }\n  }\n": types.CountAppKeysDocument,
    "\n  mutation TestAppKeyCreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      __typename\n      ... on ProjectPayload { project { id name } }\n      ... on ValidationError { field code }\n    }\n  }\n": types.TestAppKeyCreateProjectDocument,
    "\n  mutation TestAppKeyCreateApplication($input: CreateApplicationInput!) {\n    createApplication(input: $input) {\n      __typename\n      ... on ApplicationPayload { application { id name clientId project { id name } } }\n      ... on ValidationError { field code }\n      ... on NotFoundError { code }\n    }\n  }\n": types.TestAppKeyCreateApplicationDocument,
    "\n  query TestAppKeyProjects {\n    projects(first: 50) {\n      totalCount\n      edges { node { id name applications { totalCount } } }\n    }\n  }\n": types.TestAppKeyProjectsDocument,
    "\n  query TestAppKeyProjectNode($id: ID!) {\n    node(id: $id) {\n      ... on Project { applications(first: 10) { edges { node { id clientId } } } }\n    }\n  }\n": types.TestAppKeyProjectNodeDocument,
    "\n  mutation TestCreateAppKey($input: CreateAppKeyInput!) {\n    createAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload {\n        keyDetails\n        applicationKey { id type algorithm publicKey expirationDate lastUsedAt createdAt state application { id clientId } }\n      }\n      ... on ValidationError { field message code }\n      ... on NotFoundError { code }\n    }\n  }\n": types.TestCreateAppKeyDocument,
    "\n  query TestListAppKeys($projectId: ID!, $appId: ID!, $state: CredentialState, $first: Int) {\n    appKeys(projectId: $projectId, appId: $appId, state: $state, first: $first) {\n      totalCount\n      edges { node { id state expirationDate application { clientId project { name } } } }\n    }\n  }\n": types.TestListAppKeysDocument,
    "\n  query TestAppKeyNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on ApplicationKey { algorithm publicKey lastUsedAt application { id } }\n    }\n  }\n": types.TestAppKeyNodeDocument,
    "\n  mutation TestDeleteAppKey($input: DeleteAppKeyInput!) {\n    deleteAppKey(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on NotFoundError { code message }\n    }\n  }\n": types.TestDeleteAppKeyDocument,
    "\n  mutation TestAuthenticateClientAssertion($input: AuthenticateClientAssertionInput!) {\n    authenticateClientAssertion(input: $input) {\n      valid\n      code\n      keyId\n      applicationKey { id }\n      claim\n      reason\n      expiresAt\n      application { id clientId }\n    }\n  }\n": types.TestAuthenticateClientAssertionDocument,
    "\n  query TestAuditEventsBackwards($last: Int, $before: String) {\n    auditEvents(last: $last, before: $before) {\n      pageInfo { hasPreviousPage startCursor }\n      edges { node { id } }\n    }\n  }\n": types.TestAuditEventsBackwardsDocument,
    "\n  query TestAuditEvents($first: Int, $after: String, $filter: AuditEventFilter) {\n    auditEvents(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id sequence action outcome actorType actorId credentialKind credentialId\n          targetType targetId requestId ip userAgent changes createdAt\n        }\n      }\n    }\n  }\n": types.TestAuditEventsDocument,
    "\n  query TestVerifyChain($from: AuditVerificationStart) {\n    verifyAuditChain(from: $from) {\n      valid checkedEvents firstBrokenSequence reason size anchorSize verifiedThroughSequence complete\n    }\n  }\n": types.TestVerifyChainDocument,
    "\n  mutation TestAuditCreateIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id } }\n    }\n  }\n": types.TestAuditCreateIdentityDocument,
    "\n  query TestAuditViewer { viewer { credential { id } user { id } } }\n": types.TestAuditViewerDocument,
    "\n  query TestNamedAuditEvents($filter: AuditEventFilter) {\n    auditEvents(first: 20, filter: $filter) {\n      edges {\n        node {\n          action actorId credentialId targetId\n          actor { id name email }\n          credential { id name email }\n          target { id name email }\n        }\n      }\n    }\n  }\n": types.TestNamedAuditEventsDocument,
    "\n  mutation TestSubjectsCreateIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id } }\n    }\n  }\n": types.TestSubjectsCreateIdentityDocument,
    "\n  mutation TestSubjectsCreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload { secret token { id } }\n    }\n  }\n": types.TestSubjectsCreateTokenDocument,
    "\n  mutation TestSubjectsRenameIdentity($input: UpdateMachineIdentityInput!) {\n    updateMachineIdentity(input: $input) { __typename }\n  }\n": types.TestSubjectsRenameIdentityDocument,
    "\n  mutation TestSubjectsDeleteToken($input: DeleteTokenInput!) {\n    deleteToken(input: $input) { __typename }\n  }\n": types.TestSubjectsDeleteTokenDocument,
    "\n  query LifecycleViewer { viewer { kind } }\n": types.LifecycleViewerDocument,
    "\n  mutation LifecycleDeleteToken($input: DeleteTokenInput!) {\n    deleteToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code }\n    }\n  }\n": types.LifecycleDeleteTokenDocument,
    "\n  mutation LifecycleSetTokenKey($input: SetTokenKeyInput!) {\n    setTokenKey(input: $input) { __typename ... on Error { code } }\n  }\n": types.LifecycleSetTokenKeyDocument,
    "\n  mutation LifecycleRevokeToken($input: RevokeTokenInput!) {\n    revokeToken(input: $input) { __typename }\n  }\n": types.LifecycleRevokeTokenDocument,
    "\n  query LifecycleTokenNode($id: ID!) { node(id: $id) { id } }\n": types.LifecycleTokenNodeDocument,
    "\n  mutation LifecycleVerify($input: VerifyCredentialInput!) {\n    verifyCredential(input: $input) { valid code }\n  }\n": types.LifecycleVerifyDocument,
    "\n  mutation LifecycleDisableIdentity($input: DisableMachineIdentityInput!) {\n    disableMachineIdentity(input: $input) { __typename ... on Error { code } }\n  }\n": types.LifecycleDisableIdentityDocument,
    "\n  mutation LifecycleDeleteIdentity($input: DeleteMachineIdentityInput!) {\n    deleteMachineIdentity(input: $input) { __typename ... on Error { code } }\n  }\n": types.LifecycleDeleteIdentityDocument,
    "\n  mutation LifecycleCreateAppKey($input: CreateAppKeyInput!) {\n    createAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload { keyDetails applicationKey { id expirationDate state } }\n      ... on Error { code }\n    }\n  }\n": types.LifecycleCreateAppKeyDocument,
    "\n  mutation LifecycleRevokeAppKey($input: RevokeAppKeyInput!) {\n    revokeAppKey(input: $input) {\n      __typename\n      ... on ApplicationKeyPayload { applicationKey { id state revokedAt } }\n      ... on Error { code }\n    }\n  }\n": types.LifecycleRevokeAppKeyDocument,
    "\n  mutation LifecycleRotateAppKey($input: RotateAppKeyInput!) {\n    rotateAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload { keyDetails applicationKey { id expirationDate state } }\n      ... on Error { code message }\n    }\n  }\n": types.LifecycleRotateAppKeyDocument,
    "\n  query LifecycleAppKeys($projectId: ID!, $appId: ID!, $state: CredentialState) {\n    appKeys(projectId: $projectId, appId: $appId, state: $state, first: 50) {\n      edges { node { id state expirationDate } }\n    }\n  }\n": types.LifecycleAppKeysDocument,
    "\n  mutation LifecycleAuthenticate($input: AuthenticateClientAssertionInput!) {\n    authenticateClientAssertion(input: $input) { valid code }\n  }\n": types.LifecycleAuthenticateDocument,
    "\n  mutation EmbeddedCreatePat($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id } }\n      ... on ValidationError { field }\n    }\n  }\n": types.EmbeddedCreatePatDocument,
    "\n  mutation EmbeddedCreateIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) { ... on MachineIdentityPayload { machineIdentity { id } } }\n  }\n": types.EmbeddedCreateIdentityDocument,
    "\n  mutation EmbeddedCreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) { ... on TokenSecretPayload { secret token { id } } }\n  }\n": types.EmbeddedCreateTokenDocument,
    "\n  mutation EmbeddedRotate($input: RotateTokenInput!) {\n    rotateToken(input: $input) { ... on TokenSecretPayload { secret } }\n  }\n": types.EmbeddedRotateDocument,
    "\n  query EmbeddedViewer { viewer { kind credential { kind remainingUses } } }\n": types.EmbeddedViewerDocument,
    "\n  query EmbeddedLists {\n    viewer { personalAccessTokens(first: 10) { totalCount } }\n    tokens(first: 10) { totalCount edges { node { name identity { name } } } }\n    auditEvents(first: 50) { totalCount }\n  }\n": types.EmbeddedListsDocument,
    "\n  mutation InvitationInvite($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      __typename\n      ... on InviteMemberPayload { code invitation { id email name role state expiresAt } }\n      ... on Error { errorCode: code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.InvitationInviteDocument,
    "\n  mutation InvitationAccept($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on AcceptInvitationPayload {\n        secret personalAccessTokenId organizationId organizationName membershipId role expiresAt renewableUntil\n      }\n      ... on Error { code message }\n    }\n  }\n": types.InvitationAcceptDocument,
    "\n  mutation InvitationRevoke($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { id state revokedAt } }\n      ... on Error { code message }\n    }\n  }\n": types.InvitationRevokeDocument,
    "\n  query InvitationList($state: InvitationState) {\n    invitations(first: 50, state: $state) { totalCount edges { node { id email state } } }\n  }\n": types.InvitationListDocument,
    "\n  query InvitationViewer {\n    viewer {\n      organization { id }\n      user { id name email }\n      credential { id }\n      personalAccessTokens(first: 10) { edges { node { id organizationBound } } }\n    }\n  }\n": types.InvitationViewerDocument,
    "\n  query InvitationMembers {\n    members(first: 100) { edges { node { id name role user { id name email } } } }\n  }\n": types.InvitationMembersDocument,
    "\n  mutation InvitationCreatePat($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { organizationBound } }\n      ... on Error { code message }\n    }\n  }\n": types.InvitationCreatePatDocument,
    "\n  mutation InvitationRemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) { __typename ... on Error { message } }\n  }\n": types.InvitationRemoveMemberDocument,
    "\n  query PatLifecycleViewer {\n    viewer { organization { id } credential { id scopes } permissions }\n  }\n": types.PatLifecycleViewerDocument,
    "\n  mutation PatLifecycleCreate($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id scopes state } }\n      ... on Error { code message }\n      ... on LimitReachedError { limit }\n    }\n  }\n": types.PatLifecycleCreateDocument,
    "\n  mutation PatLifecycleRotate($input: RotatePersonalAccessTokenInput!) {\n    rotatePersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id description scopes expiresAt } }\n      ... on Error { code message }\n    }\n  }\n": types.PatLifecycleRotateDocument,
    "\n  mutation PatLifecycleRevoke($input: RevokePersonalAccessTokenInput!) {\n    revokePersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id state revokedAt } }\n      ... on Error { code message }\n    }\n  }\n": types.PatLifecycleRevokeDocument,
    "\n  mutation PatLifecycleDelete($input: DeletePersonalAccessTokenInput!) {\n    deletePersonalAccessToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": types.PatLifecycleDeleteDocument,
    "\n  mutation PatLifecycleUpdate($input: UpdatePersonalAccessTokenInput!) {\n    updatePersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id description } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.PatLifecycleUpdateDocument,
    "\n  mutation PatLifecycleRenew($input: RenewPersonalAccessTokenInput!) {\n    renewPersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.PatLifecycleRenewDocument,
    "\n  query PatLifecycleList($state: CredentialState) {\n    viewer {\n      personalAccessTokens(first: 100, state: $state) { totalCount edges { node { id state } } }\n    }\n  }\n": types.PatLifecycleListDocument,
    "\n  query PatLifecycleNode($id: ID!) {\n    node(id: $id) { id ... on PersonalAccessToken { description organizationBound } }\n  }\n": types.PatLifecycleNodeDocument,
    "\n  query TestViewer {\n    viewer {\n      kind\n      user { email }\n      organization { id name }\n      credential { id kind expiresAt scopes }\n      permissions\n    }\n  }\n": types.TestViewerDocument,
    "\n  mutation TestCreatePat($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload {\n        secret\n        personalAccessToken { id description expiresAt scopes state seenAt }\n      }\n      ... on ValidationError { field message code }\n      ... on LimitReachedError { limit message code }\n    }\n  }\n": types.TestCreatePatDocument,
    "\n  mutation TestDeletePat($input: DeletePersonalAccessTokenInput!) {\n    deletePersonalAccessToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on NotFoundError { code }\n    }\n  }\n": types.TestDeletePatDocument,
    "\n  query TestListPats($first: Int, $after: String, $state: CredentialState) {\n    viewer {\n      personalAccessTokens(first: $first, after: $after, state: $state) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { cursor node { id description state } }\n      }\n    }\n  }\n": types.TestListPatsDocument,
    "\n  mutation TestCreateIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id name role disabled } }\n      ... on ValidationError { field code }\n    }\n  }\n": types.TestCreateIdentityDocument,
    "\n  mutation TestUpdateIdentity($input: UpdateMachineIdentityInput!) {\n    updateMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id name } }\n      ... on ValidationError { field }\n      ... on NotFoundError { code }\n    }\n  }\n": types.TestUpdateIdentityDocument,
    "\n  mutation TestDisableIdentity($input: DisableMachineIdentityInput!) {\n    disableMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { disabled } }\n    }\n  }\n": types.TestDisableIdentityDocument,
    "\n  mutation TestEnableIdentity($input: EnableMachineIdentityInput!) {\n    enableMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { disabled } }\n    }\n  }\n": types.TestEnableIdentityDocument,
    "\n  mutation TestDeleteIdentity($input: DeleteMachineIdentityInput!) {\n    deleteMachineIdentity(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on NotFoundError { code }\n    }\n  }\n": types.TestDeleteIdentityDocument,
    "\n  mutation TestCreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload {\n        secret\n        token { id name ttl maxTtl numUses numUsesLimit trustedIps scopes expiresAt state isRevoked authMethod identity { id } }\n      }\n      ... on ValidationError { field message }\n      ... on NotFoundError { code }\n    }\n  }\n": types.TestCreateTokenDocument,
    "\n  mutation TestUpdateToken($input: UpdateTokenInput!) {\n    updateToken(input: $input) {\n      __typename\n      ... on TokenPayload {\n        token { id name ttl maxTtl numUses numUsesLimit lastUsedAt lastRenewedAt isRevoked identity { name } createdAt updatedAt authMethod }\n      }\n      ... on ValidationError { field }\n      ... on NotFoundError { code }\n    }\n  }\n": types.TestUpdateTokenDocument,
    "\n  mutation TestRenewToken($input: RenewTokenInput!) {\n    renewToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { expiresAt lastRenewedAt } }\n      ... on InvalidStateError { message code }\n      ... on NotFoundError { code }\n    }\n  }\n": types.TestRenewTokenDocument,
    "\n  mutation TestRevokeToken($input: RevokeTokenInput!) {\n    revokeToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { isRevoked state } }\n      ... on NotFoundError { code }\n    }\n  }\n": types.TestRevokeTokenDocument,
    "\n  mutation TestRevokeAll($input: RevokeAllTokensInput!) {\n    revokeAllTokens(input: $input) {\n      __typename\n      ... on RevokeAllTokensPayload { revokedCount }\n    }\n  }\n": types.TestRevokeAllDocument,
    "\n  mutation TestRotateToken($input: RotateTokenInput!) {\n    rotateToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload { secret token { expiresAt name ttl } }\n      ... on ValidationError { field }\n      ... on InvalidStateError { code }\n    }\n  }\n": types.TestRotateTokenDocument,
    "\n  mutation TestSetTokenKey($input: SetTokenKeyInput!) {\n    setTokenKey(input: $input) {\n      __typename\n      ... on TokenPayload { token { id } }\n      ... on ValidationError { field message }\n      ... on NotFoundError { code message }\n      ... on InvalidStateError { code }\n    }\n  }\n": types.TestSetTokenKeyDocument,
    "\n  mutation TestVerify($input: VerifyCredentialInput!) {\n    verifyCredential(input: $input) {\n      valid\n      code\n      kind\n      credentialId\n      ownerKind\n      ownerId\n      expiresAt\n      remainingUses\n      permissions\n    }\n  }\n": types.TestVerifyDocument,
    "\n  query TestTokens($identityId: ID, $state: CredentialState, $first: Int) {\n    tokens(identityId: $identityId, state: $state, first: $first) {\n      totalCount\n      edges { node { id name state } }\n    }\n  }\n": types.TestTokensDocument,
    "\n  query TestNode($id: ID!) {\n    node(id: $id) { __typename id }\n  }\n": types.TestNodeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CrossTenantNode($id: ID!) { node(id: $id) { __typename id } }\n"): typeof import('./graphql.js').CrossTenantNodeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CrossTenantNodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }\n"): typeof import('./graphql.js').CrossTenantNodesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CrossTenantLists {\n    tokens(first: 100) { totalCount }\n    machineIdentities(first: 100) { totalCount }\n    members(first: 100) { totalCount }\n    projects(first: 100) { totalCount }\n    auditEvents(first: 100) { totalCount }\n    viewer { organization { id } personalAccessTokens(first: 100) { totalCount } }\n  }\n"): typeof import('./graphql.js').CrossTenantListsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CrossTenantViewer { viewer { organization { id name } user { email } } }\n"): typeof import('./graphql.js').CrossTenantViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConcurrencyViewer { viewer { kind credential { remainingUses } } }\n"): typeof import('./graphql.js').ConcurrencyViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConcurrencyCreatePat($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) { __typename }\n  }\n"): typeof import('./graphql.js').ConcurrencyCreatePatDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountPats($first: Int!) {\n    viewer { personalAccessTokens(first: $first) { totalCount edges { node { id description seenAt user { email } } } } }\n  }\n"): typeof import('./graphql.js').CountPatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountTokens($first: Int!) {\n    tokens(first: $first) { totalCount edges { node { id name scopes lastUsedAt identity { id name } } } }\n  }\n"): typeof import('./graphql.js').CountTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountIdentities($first: Int!) {\n    machineIdentities(first: $first) { totalCount edges { node { id name tokens(first: 5) { totalCount edges { node { id name } } } } } }\n  }\n"): typeof import('./graphql.js').CountIdentitiesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountMembers($first: Int!) {\n    members(first: $first) { totalCount edges { node { id role user { id email } } } }\n  }\n"): typeof import('./graphql.js').CountMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountAudit($first: Int!) {\n    auditEvents(first: $first) { totalCount edges { node { id action actorId credentialId targetId changes } } }\n  }\n"): typeof import('./graphql.js').CountAuditDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountNamedAudit($first: Int!) {\n    auditEvents(first: $first) {\n      totalCount\n      edges { node { id action actor { name email } credential { name } target { name } } }\n    }\n  }\n"): typeof import('./graphql.js').CountNamedAuditDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountProjects($first: Int!) {\n    projects(first: $first) { totalCount edges { node { id name applications(first: 3) { edges { node { id clientId } } } } } }\n  }\n"): typeof import('./graphql.js').CountProjectsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountAppKeys($first: Int!, $projectId: ID!, $appId: ID!) {\n    appKeys(first: $first, projectId: $projectId, appId: $appId) {\n      totalCount edges { node { id expirationDate application { id name project { id name } } } }\n    }\n  }\n"): typeof import('./graphql.js').CountAppKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestAppKeyCreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      __typename\n      ... on ProjectPayload { project { id name } }\n      ... on ValidationError { field code }\n    }\n  }\n"): typeof import('./graphql.js').TestAppKeyCreateProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestAppKeyCreateApplication($input: CreateApplicationInput!) {\n    createApplication(input: $input) {\n      __typename\n      ... on ApplicationPayload { application { id name clientId project { id name } } }\n      ... on ValidationError { field code }\n      ... on NotFoundError { code }\n    }\n  }\n"): typeof import('./graphql.js').TestAppKeyCreateApplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestAppKeyProjects {\n    projects(first: 50) {\n      totalCount\n      edges { node { id name applications { totalCount } } }\n    }\n  }\n"): typeof import('./graphql.js').TestAppKeyProjectsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestAppKeyProjectNode($id: ID!) {\n    node(id: $id) {\n      ... on Project { applications(first: 10) { edges { node { id clientId } } } }\n    }\n  }\n"): typeof import('./graphql.js').TestAppKeyProjectNodeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestCreateAppKey($input: CreateAppKeyInput!) {\n    createAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload {\n        keyDetails\n        applicationKey { id type algorithm publicKey expirationDate lastUsedAt createdAt state application { id clientId } }\n      }\n      ... on ValidationError { field message code }\n      ... on NotFoundError { code }\n    }\n  }\n"): typeof import('./graphql.js').TestCreateAppKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestListAppKeys($projectId: ID!, $appId: ID!, $state: CredentialState, $first: Int) {\n    appKeys(projectId: $projectId, appId: $appId, state: $state, first: $first) {\n      totalCount\n      edges { node { id state expirationDate application { clientId project { name } } } }\n    }\n  }\n"): typeof import('./graphql.js').TestListAppKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestAppKeyNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on ApplicationKey { algorithm publicKey lastUsedAt application { id } }\n    }\n  }\n"): typeof import('./graphql.js').TestAppKeyNodeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestDeleteAppKey($input: DeleteAppKeyInput!) {\n    deleteAppKey(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on NotFoundError { code message }\n    }\n  }\n"): typeof import('./graphql.js').TestDeleteAppKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestAuthenticateClientAssertion($input: AuthenticateClientAssertionInput!) {\n    authenticateClientAssertion(input: $input) {\n      valid\n      code\n      keyId\n      applicationKey { id }\n      claim\n      reason\n      expiresAt\n      application { id clientId }\n    }\n  }\n"): typeof import('./graphql.js').TestAuthenticateClientAssertionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestAuditEventsBackwards($last: Int, $before: String) {\n    auditEvents(last: $last, before: $before) {\n      pageInfo { hasPreviousPage startCursor }\n      edges { node { id } }\n    }\n  }\n"): typeof import('./graphql.js').TestAuditEventsBackwardsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestAuditEvents($first: Int, $after: String, $filter: AuditEventFilter) {\n    auditEvents(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id sequence action outcome actorType actorId credentialKind credentialId\n          targetType targetId requestId ip userAgent changes createdAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').TestAuditEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestVerifyChain($from: AuditVerificationStart) {\n    verifyAuditChain(from: $from) {\n      valid checkedEvents firstBrokenSequence reason size anchorSize verifiedThroughSequence complete\n    }\n  }\n"): typeof import('./graphql.js').TestVerifyChainDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestAuditCreateIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id } }\n    }\n  }\n"): typeof import('./graphql.js').TestAuditCreateIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestAuditViewer { viewer { credential { id } user { id } } }\n"): typeof import('./graphql.js').TestAuditViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestNamedAuditEvents($filter: AuditEventFilter) {\n    auditEvents(first: 20, filter: $filter) {\n      edges {\n        node {\n          action actorId credentialId targetId\n          actor { id name email }\n          credential { id name email }\n          target { id name email }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').TestNamedAuditEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestSubjectsCreateIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id } }\n    }\n  }\n"): typeof import('./graphql.js').TestSubjectsCreateIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestSubjectsCreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload { secret token { id } }\n    }\n  }\n"): typeof import('./graphql.js').TestSubjectsCreateTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestSubjectsRenameIdentity($input: UpdateMachineIdentityInput!) {\n    updateMachineIdentity(input: $input) { __typename }\n  }\n"): typeof import('./graphql.js').TestSubjectsRenameIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestSubjectsDeleteToken($input: DeleteTokenInput!) {\n    deleteToken(input: $input) { __typename }\n  }\n"): typeof import('./graphql.js').TestSubjectsDeleteTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleViewer { viewer { kind } }\n"): typeof import('./graphql.js').LifecycleViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleDeleteToken($input: DeleteTokenInput!) {\n    deleteToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code }\n    }\n  }\n"): typeof import('./graphql.js').LifecycleDeleteTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleSetTokenKey($input: SetTokenKeyInput!) {\n    setTokenKey(input: $input) { __typename ... on Error { code } }\n  }\n"): typeof import('./graphql.js').LifecycleSetTokenKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleRevokeToken($input: RevokeTokenInput!) {\n    revokeToken(input: $input) { __typename }\n  }\n"): typeof import('./graphql.js').LifecycleRevokeTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleTokenNode($id: ID!) { node(id: $id) { id } }\n"): typeof import('./graphql.js').LifecycleTokenNodeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleVerify($input: VerifyCredentialInput!) {\n    verifyCredential(input: $input) { valid code }\n  }\n"): typeof import('./graphql.js').LifecycleVerifyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleDisableIdentity($input: DisableMachineIdentityInput!) {\n    disableMachineIdentity(input: $input) { __typename ... on Error { code } }\n  }\n"): typeof import('./graphql.js').LifecycleDisableIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleDeleteIdentity($input: DeleteMachineIdentityInput!) {\n    deleteMachineIdentity(input: $input) { __typename ... on Error { code } }\n  }\n"): typeof import('./graphql.js').LifecycleDeleteIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleCreateAppKey($input: CreateAppKeyInput!) {\n    createAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload { keyDetails applicationKey { id expirationDate state } }\n      ... on Error { code }\n    }\n  }\n"): typeof import('./graphql.js').LifecycleCreateAppKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleRevokeAppKey($input: RevokeAppKeyInput!) {\n    revokeAppKey(input: $input) {\n      __typename\n      ... on ApplicationKeyPayload { applicationKey { id state revokedAt } }\n      ... on Error { code }\n    }\n  }\n"): typeof import('./graphql.js').LifecycleRevokeAppKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleRotateAppKey($input: RotateAppKeyInput!) {\n    rotateAppKey(input: $input) {\n      __typename\n      ... on CreateAppKeyPayload { keyDetails applicationKey { id expirationDate state } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').LifecycleRotateAppKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleAppKeys($projectId: ID!, $appId: ID!, $state: CredentialState) {\n    appKeys(projectId: $projectId, appId: $appId, state: $state, first: 50) {\n      edges { node { id state expirationDate } }\n    }\n  }\n"): typeof import('./graphql.js').LifecycleAppKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleAuthenticate($input: AuthenticateClientAssertionInput!) {\n    authenticateClientAssertion(input: $input) { valid code }\n  }\n"): typeof import('./graphql.js').LifecycleAuthenticateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EmbeddedCreatePat($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id } }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').EmbeddedCreatePatDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EmbeddedCreateIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) { ... on MachineIdentityPayload { machineIdentity { id } } }\n  }\n"): typeof import('./graphql.js').EmbeddedCreateIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EmbeddedCreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) { ... on TokenSecretPayload { secret token { id } } }\n  }\n"): typeof import('./graphql.js').EmbeddedCreateTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EmbeddedRotate($input: RotateTokenInput!) {\n    rotateToken(input: $input) { ... on TokenSecretPayload { secret } }\n  }\n"): typeof import('./graphql.js').EmbeddedRotateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmbeddedViewer { viewer { kind credential { kind remainingUses } } }\n"): typeof import('./graphql.js').EmbeddedViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EmbeddedLists {\n    viewer { personalAccessTokens(first: 10) { totalCount } }\n    tokens(first: 10) { totalCount edges { node { name identity { name } } } }\n    auditEvents(first: 50) { totalCount }\n  }\n"): typeof import('./graphql.js').EmbeddedListsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InvitationInvite($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      __typename\n      ... on InviteMemberPayload { code invitation { id email name role state expiresAt } }\n      ... on Error { errorCode: code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').InvitationInviteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InvitationAccept($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on AcceptInvitationPayload {\n        secret personalAccessTokenId organizationId organizationName membershipId role expiresAt renewableUntil\n      }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').InvitationAcceptDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InvitationRevoke($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      __typename\n      ... on InvitationPayload { invitation { id state revokedAt } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').InvitationRevokeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvitationList($state: InvitationState) {\n    invitations(first: 50, state: $state) { totalCount edges { node { id email state } } }\n  }\n"): typeof import('./graphql.js').InvitationListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvitationViewer {\n    viewer {\n      organization { id }\n      user { id name email }\n      credential { id }\n      personalAccessTokens(first: 10) { edges { node { id organizationBound } } }\n    }\n  }\n"): typeof import('./graphql.js').InvitationViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvitationMembers {\n    members(first: 100) { edges { node { id name role user { id name email } } } }\n  }\n"): typeof import('./graphql.js').InvitationMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InvitationCreatePat($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { organizationBound } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').InvitationCreatePatDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InvitationRemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) { __typename ... on Error { message } }\n  }\n"): typeof import('./graphql.js').InvitationRemoveMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PatLifecycleViewer {\n    viewer { organization { id } credential { id scopes } permissions }\n  }\n"): typeof import('./graphql.js').PatLifecycleViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PatLifecycleCreate($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id scopes state } }\n      ... on Error { code message }\n      ... on LimitReachedError { limit }\n    }\n  }\n"): typeof import('./graphql.js').PatLifecycleCreateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PatLifecycleRotate($input: RotatePersonalAccessTokenInput!) {\n    rotatePersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id description scopes expiresAt } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').PatLifecycleRotateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PatLifecycleRevoke($input: RevokePersonalAccessTokenInput!) {\n    revokePersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id state revokedAt } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').PatLifecycleRevokeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PatLifecycleDelete($input: DeletePersonalAccessTokenInput!) {\n    deletePersonalAccessToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').PatLifecycleDeleteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PatLifecycleUpdate($input: UpdatePersonalAccessTokenInput!) {\n    updatePersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id description } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').PatLifecycleUpdateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PatLifecycleRenew($input: RenewPersonalAccessTokenInput!) {\n    renewPersonalAccessToken(input: $input) {\n      __typename\n      ... on PersonalAccessTokenPayload { personalAccessToken { id expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').PatLifecycleRenewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PatLifecycleList($state: CredentialState) {\n    viewer {\n      personalAccessTokens(first: 100, state: $state) { totalCount edges { node { id state } } }\n    }\n  }\n"): typeof import('./graphql.js').PatLifecycleListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PatLifecycleNode($id: ID!) {\n    node(id: $id) { id ... on PersonalAccessToken { description organizationBound } }\n  }\n"): typeof import('./graphql.js').PatLifecycleNodeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestViewer {\n    viewer {\n      kind\n      user { email }\n      organization { id name }\n      credential { id kind expiresAt scopes }\n      permissions\n    }\n  }\n"): typeof import('./graphql.js').TestViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestCreatePat($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload {\n        secret\n        personalAccessToken { id description expiresAt scopes state seenAt }\n      }\n      ... on ValidationError { field message code }\n      ... on LimitReachedError { limit message code }\n    }\n  }\n"): typeof import('./graphql.js').TestCreatePatDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestDeletePat($input: DeletePersonalAccessTokenInput!) {\n    deletePersonalAccessToken(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on NotFoundError { code }\n    }\n  }\n"): typeof import('./graphql.js').TestDeletePatDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestListPats($first: Int, $after: String, $state: CredentialState) {\n    viewer {\n      personalAccessTokens(first: $first, after: $after, state: $state) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { cursor node { id description state } }\n      }\n    }\n  }\n"): typeof import('./graphql.js').TestListPatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestCreateIdentity($input: CreateMachineIdentityInput!) {\n    createMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id name role disabled } }\n      ... on ValidationError { field code }\n    }\n  }\n"): typeof import('./graphql.js').TestCreateIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestUpdateIdentity($input: UpdateMachineIdentityInput!) {\n    updateMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { id name } }\n      ... on ValidationError { field }\n      ... on NotFoundError { code }\n    }\n  }\n"): typeof import('./graphql.js').TestUpdateIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestDisableIdentity($input: DisableMachineIdentityInput!) {\n    disableMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { disabled } }\n    }\n  }\n"): typeof import('./graphql.js').TestDisableIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestEnableIdentity($input: EnableMachineIdentityInput!) {\n    enableMachineIdentity(input: $input) {\n      __typename\n      ... on MachineIdentityPayload { machineIdentity { disabled } }\n    }\n  }\n"): typeof import('./graphql.js').TestEnableIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestDeleteIdentity($input: DeleteMachineIdentityInput!) {\n    deleteMachineIdentity(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on NotFoundError { code }\n    }\n  }\n"): typeof import('./graphql.js').TestDeleteIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestCreateToken($input: CreateTokenInput!) {\n    createToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload {\n        secret\n        token { id name ttl maxTtl numUses numUsesLimit trustedIps scopes expiresAt state isRevoked authMethod identity { id } }\n      }\n      ... on ValidationError { field message }\n      ... on NotFoundError { code }\n    }\n  }\n"): typeof import('./graphql.js').TestCreateTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestUpdateToken($input: UpdateTokenInput!) {\n    updateToken(input: $input) {\n      __typename\n      ... on TokenPayload {\n        token { id name ttl maxTtl numUses numUsesLimit lastUsedAt lastRenewedAt isRevoked identity { name } createdAt updatedAt authMethod }\n      }\n      ... on ValidationError { field }\n      ... on NotFoundError { code }\n    }\n  }\n"): typeof import('./graphql.js').TestUpdateTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestRenewToken($input: RenewTokenInput!) {\n    renewToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { expiresAt lastRenewedAt } }\n      ... on InvalidStateError { message code }\n      ... on NotFoundError { code }\n    }\n  }\n"): typeof import('./graphql.js').TestRenewTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestRevokeToken($input: RevokeTokenInput!) {\n    revokeToken(input: $input) {\n      __typename\n      ... on TokenPayload { token { isRevoked state } }\n      ... on NotFoundError { code }\n    }\n  }\n"): typeof import('./graphql.js').TestRevokeTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestRevokeAll($input: RevokeAllTokensInput!) {\n    revokeAllTokens(input: $input) {\n      __typename\n      ... on RevokeAllTokensPayload { revokedCount }\n    }\n  }\n"): typeof import('./graphql.js').TestRevokeAllDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestRotateToken($input: RotateTokenInput!) {\n    rotateToken(input: $input) {\n      __typename\n      ... on TokenSecretPayload { secret token { expiresAt name ttl } }\n      ... on ValidationError { field }\n      ... on InvalidStateError { code }\n    }\n  }\n"): typeof import('./graphql.js').TestRotateTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestSetTokenKey($input: SetTokenKeyInput!) {\n    setTokenKey(input: $input) {\n      __typename\n      ... on TokenPayload { token { id } }\n      ... on ValidationError { field message }\n      ... on NotFoundError { code message }\n      ... on InvalidStateError { code }\n    }\n  }\n"): typeof import('./graphql.js').TestSetTokenKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestVerify($input: VerifyCredentialInput!) {\n    verifyCredential(input: $input) {\n      valid\n      code\n      kind\n      credentialId\n      ownerKind\n      ownerId\n      expiresAt\n      remainingUses\n      permissions\n    }\n  }\n"): typeof import('./graphql.js').TestVerifyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestTokens($identityId: ID, $state: CredentialState, $first: Int) {\n    tokens(identityId: $identityId, state: $state, first: $first) {\n      totalCount\n      edges { node { id name state } }\n    }\n  }\n"): typeof import('./graphql.js').TestTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestNode($id: ID!) {\n    node(id: $id) { __typename id }\n  }\n"): typeof import('./graphql.js').TestNodeDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
