
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "AcceptInvitationResult": [
      "AcceptInvitationPayload",
      "InvalidStateError",
      "LimitReachedError",
      "NotFoundError",
      "ValidationError"
    ],
    "CreateAppKeyResult": [
      "CreateAppKeyPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "CreateApplicationResult": [
      "ApplicationPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "CreateMachineIdentityResult": [
      "MachineIdentityPayload",
      "ValidationError"
    ],
    "CreateOrganizationResult": [
      "CreateOrganizationPayload",
      "LimitReachedError",
      "ValidationError"
    ],
    "CreatePersonalAccessTokenResult": [
      "CreatePersonalAccessTokenPayload",
      "LimitReachedError",
      "ValidationError"
    ],
    "CreateProjectResult": [
      "ProjectPayload",
      "ValidationError"
    ],
    "CreateTokenResult": [
      "NotFoundError",
      "TokenSecretPayload",
      "ValidationError"
    ],
    "CreateWebhookEndpointResult": [
      "ValidationError",
      "WebhookEndpointWithSecretPayload"
    ],
    "DeleteAppKeyResult": [
      "DeletedPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DeleteMachineIdentityResult": [
      "DeletedPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DeleteOrganizationResult": [
      "DeletedPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DeletePersonalAccessTokenResult": [
      "DeletedPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DeleteTokenResult": [
      "DeletedPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DeleteWebhookEndpointResult": [
      "DeletedPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DisableApplicationResult": [
      "ApplicationPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DisableMachineIdentityResult": [
      "MachineIdentityPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "EnableApplicationResult": [
      "ApplicationPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "EnableMachineIdentityResult": [
      "MachineIdentityPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "Error": [
      "InvalidStateError",
      "LimitReachedError",
      "NotFoundError",
      "ValidationError"
    ],
    "ImportPersonalAccessTokensResult": [
      "ImportPersonalAccessTokensPayload",
      "LimitReachedError",
      "ValidationError"
    ],
    "ImportTokensResult": [
      "ImportTokensPayload",
      "LimitReachedError",
      "NotFoundError",
      "ValidationError"
    ],
    "InviteMemberResult": [
      "InviteMemberPayload",
      "ValidationError"
    ],
    "Node": [
      "Application",
      "ApplicationKey",
      "AuditEvent",
      "Invitation",
      "MachineIdentity",
      "Membership",
      "Organization",
      "PersonalAccessToken",
      "Project",
      "Token",
      "User",
      "WebhookDelivery",
      "WebhookEndpoint"
    ],
    "RedeliverWebhookDeliveryResult": [
      "NotFoundError",
      "ValidationError",
      "WebhookDeliveryPayload"
    ],
    "RemoveMemberResult": [
      "DeletedPayload",
      "InvalidStateError",
      "NotFoundError",
      "ValidationError"
    ],
    "RenewPersonalAccessTokenResult": [
      "InvalidStateError",
      "NotFoundError",
      "PersonalAccessTokenPayload",
      "ValidationError"
    ],
    "RenewTokenResult": [
      "InvalidStateError",
      "NotFoundError",
      "TokenPayload",
      "ValidationError"
    ],
    "ResumeOrganizationResult": [
      "NotFoundError",
      "OrganizationPayload",
      "ValidationError"
    ],
    "RevokeAllTokensResult": [
      "NotFoundError",
      "RevokeAllTokensPayload",
      "ValidationError"
    ],
    "RevokeAppKeyResult": [
      "ApplicationKeyPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "RevokeCredentialsResult": [
      "NotFoundError",
      "RevokeCredentialsPayload",
      "ValidationError"
    ],
    "RevokeInvitationResult": [
      "InvalidStateError",
      "InvitationPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "RevokePersonalAccessTokenResult": [
      "NotFoundError",
      "PersonalAccessTokenPayload",
      "ValidationError"
    ],
    "RevokeTokenResult": [
      "NotFoundError",
      "TokenPayload",
      "ValidationError"
    ],
    "RotateAppKeyResult": [
      "CreateAppKeyPayload",
      "InvalidStateError",
      "NotFoundError",
      "ValidationError"
    ],
    "RotatePersonalAccessTokenResult": [
      "CreatePersonalAccessTokenPayload",
      "InvalidStateError",
      "NotFoundError",
      "ValidationError"
    ],
    "RotateSigningKeysResult": [
      "RotateSigningKeysPayload",
      "ValidationError"
    ],
    "RotateTokenResult": [
      "InvalidStateError",
      "NotFoundError",
      "TokenSecretPayload",
      "ValidationError"
    ],
    "RotateWebhookEndpointSecretResult": [
      "NotFoundError",
      "ValidationError",
      "WebhookEndpointWithSecretPayload"
    ],
    "SendWebhookTestEventResult": [
      "NotFoundError",
      "ValidationError",
      "WebhookDeliveryPayload"
    ],
    "SetTokenKeyResult": [
      "InvalidStateError",
      "NotFoundError",
      "TokenPayload",
      "ValidationError"
    ],
    "SuspendOrganizationResult": [
      "NotFoundError",
      "OrganizationPayload",
      "ValidationError"
    ],
    "UpdateApplicationResult": [
      "ApplicationPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "UpdateMachineIdentityResult": [
      "MachineIdentityPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "UpdateMemberResult": [
      "InvalidStateError",
      "MembershipPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "UpdateOrganizationResult": [
      "OrganizationPayload",
      "ValidationError"
    ],
    "UpdatePersonalAccessTokenResult": [
      "NotFoundError",
      "PersonalAccessTokenPayload",
      "ValidationError"
    ],
    "UpdateTokenResult": [
      "NotFoundError",
      "TokenPayload",
      "ValidationError"
    ],
    "UpdateWebhookEndpointResult": [
      "NotFoundError",
      "ValidationError",
      "WebhookEndpointPayload"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "AcceptInvitationResult": [
      "AcceptInvitationPayload",
      "InvalidStateError",
      "LimitReachedError",
      "NotFoundError",
      "ValidationError"
    ],
    "CreateAppKeyResult": [
      "CreateAppKeyPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "CreateApplicationResult": [
      "ApplicationPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "CreateMachineIdentityResult": [
      "MachineIdentityPayload",
      "ValidationError"
    ],
    "CreateOrganizationResult": [
      "CreateOrganizationPayload",
      "LimitReachedError",
      "ValidationError"
    ],
    "CreatePersonalAccessTokenResult": [
      "CreatePersonalAccessTokenPayload",
      "LimitReachedError",
      "ValidationError"
    ],
    "CreateProjectResult": [
      "ProjectPayload",
      "ValidationError"
    ],
    "CreateTokenResult": [
      "NotFoundError",
      "TokenSecretPayload",
      "ValidationError"
    ],
    "CreateWebhookEndpointResult": [
      "ValidationError",
      "WebhookEndpointWithSecretPayload"
    ],
    "DeleteAppKeyResult": [
      "DeletedPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DeleteMachineIdentityResult": [
      "DeletedPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DeleteOrganizationResult": [
      "DeletedPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DeletePersonalAccessTokenResult": [
      "DeletedPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DeleteTokenResult": [
      "DeletedPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DeleteWebhookEndpointResult": [
      "DeletedPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DisableApplicationResult": [
      "ApplicationPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "DisableMachineIdentityResult": [
      "MachineIdentityPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "EnableApplicationResult": [
      "ApplicationPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "EnableMachineIdentityResult": [
      "MachineIdentityPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "Error": [
      "InvalidStateError",
      "LimitReachedError",
      "NotFoundError",
      "ValidationError"
    ],
    "ImportPersonalAccessTokensResult": [
      "ImportPersonalAccessTokensPayload",
      "LimitReachedError",
      "ValidationError"
    ],
    "ImportTokensResult": [
      "ImportTokensPayload",
      "LimitReachedError",
      "NotFoundError",
      "ValidationError"
    ],
    "InviteMemberResult": [
      "InviteMemberPayload",
      "ValidationError"
    ],
    "Node": [
      "Application",
      "ApplicationKey",
      "AuditEvent",
      "Invitation",
      "MachineIdentity",
      "Membership",
      "Organization",
      "PersonalAccessToken",
      "Project",
      "Token",
      "User",
      "WebhookDelivery",
      "WebhookEndpoint"
    ],
    "RedeliverWebhookDeliveryResult": [
      "NotFoundError",
      "ValidationError",
      "WebhookDeliveryPayload"
    ],
    "RemoveMemberResult": [
      "DeletedPayload",
      "InvalidStateError",
      "NotFoundError",
      "ValidationError"
    ],
    "RenewPersonalAccessTokenResult": [
      "InvalidStateError",
      "NotFoundError",
      "PersonalAccessTokenPayload",
      "ValidationError"
    ],
    "RenewTokenResult": [
      "InvalidStateError",
      "NotFoundError",
      "TokenPayload",
      "ValidationError"
    ],
    "ResumeOrganizationResult": [
      "NotFoundError",
      "OrganizationPayload",
      "ValidationError"
    ],
    "RevokeAllTokensResult": [
      "NotFoundError",
      "RevokeAllTokensPayload",
      "ValidationError"
    ],
    "RevokeAppKeyResult": [
      "ApplicationKeyPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "RevokeCredentialsResult": [
      "NotFoundError",
      "RevokeCredentialsPayload",
      "ValidationError"
    ],
    "RevokeInvitationResult": [
      "InvalidStateError",
      "InvitationPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "RevokePersonalAccessTokenResult": [
      "NotFoundError",
      "PersonalAccessTokenPayload",
      "ValidationError"
    ],
    "RevokeTokenResult": [
      "NotFoundError",
      "TokenPayload",
      "ValidationError"
    ],
    "RotateAppKeyResult": [
      "CreateAppKeyPayload",
      "InvalidStateError",
      "NotFoundError",
      "ValidationError"
    ],
    "RotatePersonalAccessTokenResult": [
      "CreatePersonalAccessTokenPayload",
      "InvalidStateError",
      "NotFoundError",
      "ValidationError"
    ],
    "RotateSigningKeysResult": [
      "RotateSigningKeysPayload",
      "ValidationError"
    ],
    "RotateTokenResult": [
      "InvalidStateError",
      "NotFoundError",
      "TokenSecretPayload",
      "ValidationError"
    ],
    "RotateWebhookEndpointSecretResult": [
      "NotFoundError",
      "ValidationError",
      "WebhookEndpointWithSecretPayload"
    ],
    "SendWebhookTestEventResult": [
      "NotFoundError",
      "ValidationError",
      "WebhookDeliveryPayload"
    ],
    "SetTokenKeyResult": [
      "InvalidStateError",
      "NotFoundError",
      "TokenPayload",
      "ValidationError"
    ],
    "SuspendOrganizationResult": [
      "NotFoundError",
      "OrganizationPayload",
      "ValidationError"
    ],
    "UpdateApplicationResult": [
      "ApplicationPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "UpdateMachineIdentityResult": [
      "MachineIdentityPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "UpdateMemberResult": [
      "InvalidStateError",
      "MembershipPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "UpdateOrganizationResult": [
      "OrganizationPayload",
      "ValidationError"
    ],
    "UpdatePersonalAccessTokenResult": [
      "NotFoundError",
      "PersonalAccessTokenPayload",
      "ValidationError"
    ],
    "UpdateTokenResult": [
      "NotFoundError",
      "TokenPayload",
      "ValidationError"
    ],
    "UpdateWebhookEndpointResult": [
      "NotFoundError",
      "ValidationError",
      "WebhookEndpointPayload"
    ]
  }
};
      export default result;
    