import { graphql } from './graphql/index.js';

export const Viewer = graphql(`
  query Viewer { viewer { kind organization { id name } } }
`);

export const CreatePersonalAccessToken = graphql(`
  mutation CreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {
    createPersonalAccessToken(input: $input) {
      __typename
      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id description expiresAt } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

export const AuditEventAdded = graphql(`
  subscription AuditEventAdded { auditEventAdded { id action outcome } }
`);
