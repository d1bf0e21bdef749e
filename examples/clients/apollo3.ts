import {
  ApolloClient,
  ApolloError,
  ApolloLink,
  HttpLink,
  InMemoryCache,
  type NormalizedCacheObject,
  type ServerError,
} from '@apollo/client-v3/core';
import { GraphQLWsLink } from '@apollo/client-v3/link/subscriptions';
import { getMainDefinition } from '@apollo/client-v3/utilities';
import { createClient as createWsClient } from 'graphql-ws';
import introspection from './graphql/possible-types.js';
import { AuditEventAdded, CreatePersonalAccessToken, Viewer } from './operations.js';

/** Apollo Client 3 (installed here as @apollo/client-v3; your import is @apollo/client), set up as 4 is. */
export function keygateClient(endpoint: string, token: string) {
  const http = new HttpLink({ uri: endpoint, headers: { authorization: `Bearer ${token}` } });
  const ws = createWsClient({
    url: endpoint.replace(/^http/, 'ws'),
    connectionParams: { authorization: `Bearer ${token}` },
  });
  const isSubscription = ({ query }: { query: Parameters<typeof getMainDefinition>[0] }) => {
    const definition = getMainDefinition(query);
    return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
  };
  const client = new ApolloClient({
    link: ApolloLink.split(isSubscription, new GraphQLWsLink(ws), http),
    cache: new InMemoryCache({ possibleTypes: introspection.possibleTypes }),
  });
  return { client, close: () => ws.dispose() };
}

/**
 * The GraphQL errors' codes. Apollo Client 3 reads a GraphQL body only from a 2xx answer: Keygate
 * answers bad variables 200 (GraphQL over HTTP), but a refused credential 401 (or 403, 429), whose errors
 * Apollo 3 keeps in networkError.result.
 */
export function errorCodes(error: unknown): string[] {
  if (!(error instanceof ApolloError)) return [];
  const body = (error.networkError as ServerError | null)?.result;
  const errors =
    error.graphQLErrors.length > 0 ? error.graphQLErrors : typeof body === 'object' ? body.errors : [];
  return (errors ?? []).map((e: { extensions?: { code?: unknown } }) => String(e.extensions?.code));
}

export async function whoAmI(client: ApolloClient<NormalizedCacheObject>) {
  const { data } = await client.query({ query: Viewer });
  return data.viewer;
}

export async function createToken(
  client: ApolloClient<NormalizedCacheObject>,
  description: string,
  expiresAt: string,
) {
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
export function watchAuditEvents(
  client: ApolloClient<NormalizedCacheObject>,
  onEvent: (action: string) => void,
): () => void {
  const subscription = client.subscribe({ query: AuditEventAdded }).subscribe(({ data }) => {
    if (data) onEvent(data.auditEventAdded.action);
  });
  return () => subscription.unsubscribe();
}
