import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient as createWsClient } from 'graphql-ws';
import introspection from './graphql/possible-types.js';
import { AuditEventAdded, CreatePersonalAccessToken, Viewer } from './operations.js';

/**
 * Apollo Client 4: HTTP for queries and mutations, graphql-ws for subscriptions (the token in
 * connectionParams), and possibleTypes from codegen, without which the cache cannot tell that a
 * ValidationError is an Error and drops `code` and `message` from the mutation's answer.
 */
export function keygateClient(endpoint: string, token: string) {
  const http = new HttpLink({ uri: endpoint, headers: { authorization: `Bearer ${token}` } });
  const ws = createWsClient({
    url: endpoint.replace(/^http/, 'ws'),
    connectionParams: { authorization: `Bearer ${token}` },
  });
  const isSubscription = ({ query }: ApolloLink.Operation) => {
    const definition = getMainDefinition(query);
    return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
  };
  const client = new ApolloClient({
    link: ApolloLink.split(isSubscription, new GraphQLWsLink(ws), http),
    cache: new InMemoryCache({ possibleTypes: introspection.possibleTypes }),
  });
  return { client, close: () => ws.dispose() };
}

/** The GraphQL errors' codes (UNAUTHENTICATED, BAD_USER_INPUT, …), also on 4xx answers. */
export function errorCodes(error: unknown): string[] {
  return CombinedGraphQLErrors.is(error) ? error.errors.map((e) => String(e.extensions?.code)) : [];
}

export async function whoAmI(client: ApolloClient) {
  const { data } = await client.query({ query: Viewer });
  return data!.viewer;
}

export async function createToken(client: ApolloClient, description: string, expiresAt: string) {
  const { data } = await client.mutate({
    mutation: CreatePersonalAccessToken,
    variables: { input: { description, expiresAt } },
  });
  const result = data!.createPersonalAccessToken;
  switch (result.__typename) {
    case 'CreatePersonalAccessTokenPayload':
      return { secret: result.secret };
    case 'ValidationError':
      return { refused: result.code, field: result.field, message: result.message }; // 'VALIDATION_FAILED'
    default:
      return { refused: result.code, message: result.message };
  }
}

/** Calls `onEvent` with each new audit event until the returned function is called. */
export function watchAuditEvents(client: ApolloClient, onEvent: (action: string) => void): () => void {
  const subscription = client.subscribe({ query: AuditEventAdded }).subscribe(({ data }) => {
    if (data) onEvent(data.auditEventAdded.action);
  });
  return () => subscription.unsubscribe();
}
