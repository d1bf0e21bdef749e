/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Who stands behind a request. */
export type ActorKind =
  /** A service account. */
  | 'MACHINE_IDENTITY'
  /** A person. */
  | 'USER';

/** How an attempt ended. */
export type AuditOutcome =
  /** The caller was not allowed; nothing changed. */
  | 'DENIED'
  /** The change was refused (invalid input, a limit, a state); nothing changed. */
  | 'FAILED'
  /** The change was made. */
  | 'SUCCESS';

/** The parameters of `createPersonalAccessToken`. */
export type CreatePersonalAccessTokenInput = {
  /** What the token is for (1 to 200 characters). */
  description: string;
  /** When the token stops working; at most the organization's maximum lifetime away, and no later than the credential you call with can last (its `renewableUntil`). */
  expiresAt: string;
  /** Permissions to narrow the token to. Default: those of the credential you call with (all of yours when it is unscoped). */
  scopes?: Array<string> | null | undefined;
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

export type FetchViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type FetchViewerQuery = { viewer: { kind: ActorKind, organization: { id: string, name: string } } };

export type FetchCreatePersonalAccessTokenMutationVariables = Exact<{
  input: CreatePersonalAccessTokenInput;
}>;


export type FetchCreatePersonalAccessTokenMutation = { createPersonalAccessToken:
    | { __typename: 'CreatePersonalAccessTokenPayload', secret: string, personalAccessToken: { id: string, description: string, expiresAt: string } }
    | { __typename: 'LimitReachedError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, field: string }
   };

export type FetchAuditEventAddedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type FetchAuditEventAddedSubscription = { auditEventAdded: { id: string, action: string, outcome: AuditOutcome } };

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

export const FetchViewerDocument = new TypedDocumentString(`
    query FetchViewer {
  viewer {
    kind
    organization {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<FetchViewerQuery, FetchViewerQueryVariables>;
export const FetchCreatePersonalAccessTokenDocument = new TypedDocumentString(`
    mutation FetchCreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {
  createPersonalAccessToken(input: $input) {
    __typename
    ... on CreatePersonalAccessTokenPayload {
      secret
      personalAccessToken {
        id
        description
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
    `) as unknown as TypedDocumentString<FetchCreatePersonalAccessTokenMutation, FetchCreatePersonalAccessTokenMutationVariables>;
export const FetchAuditEventAddedDocument = new TypedDocumentString(`
    subscription FetchAuditEventAdded {
  auditEventAdded {
    id
    action
    outcome
  }
}
    `) as unknown as TypedDocumentString<FetchAuditEventAddedSubscription, FetchAuditEventAddedSubscriptionVariables>;