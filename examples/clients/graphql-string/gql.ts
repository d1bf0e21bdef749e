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
    "\n  query FetchViewer { viewer { kind organization { id name } } }\n": typeof types.FetchViewerDocument,
    "\n  mutation FetchCreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id description expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.FetchCreatePersonalAccessTokenDocument,
    "\n  subscription FetchAuditEventAdded { auditEventAdded { id action outcome } }\n": typeof types.FetchAuditEventAddedDocument,
};
const documents: Documents = {
    "\n  query FetchViewer { viewer { kind organization { id name } } }\n": types.FetchViewerDocument,
    "\n  mutation FetchCreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id description expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n": types.FetchCreatePersonalAccessTokenDocument,
    "\n  subscription FetchAuditEventAdded { auditEventAdded { id action outcome } }\n": types.FetchAuditEventAddedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FetchViewer { viewer { kind organization { id name } } }\n"): typeof import('./graphql.js').FetchViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FetchCreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {\n    createPersonalAccessToken(input: $input) {\n      __typename\n      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id description expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { field }\n    }\n  }\n"): typeof import('./graphql.js').FetchCreatePersonalAccessTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FetchAuditEventAdded { auditEventAdded { id action outcome } }\n"): typeof import('./graphql.js').FetchAuditEventAddedDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
