import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import { AuditEventAdded, CreatePersonalAccessToken, Viewer } from './operations.js';

/**
 * urql with its defaults (queries go as GET while they fit in a URL; the bearer token lets them past
 * Keygate's CSRF check), and subscriptions over graphql-ws, the token in connectionParams.
 */
export function keygateClient(endpoint: string, token: string) {
  const ws = createWsClient({
    url: endpoint.replace(/^http/, 'ws'),
    connectionParams: { authorization: `Bearer ${token}` },
  });
  const client = new Client({
    url: endpoint,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    ],
  });
  return { client, close: () => ws.dispose() };
}

export async function whoAmI(client: Client) {
  const { data, error } = await client.query(Viewer, {}).toPromise();
  if (error) throw error; // error.graphQLErrors[0]?.extensions.code: UNAUTHENTICATED, …
  return data!.viewer;
}

export async function createToken(client: Client, description: string, expiresAt: string) {
  const { data, error } = await client.mutation(CreatePersonalAccessToken, {
    input: { description, expiresAt },
  });
  if (error) throw error;
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
export function watchAuditEvents(client: Client, onEvent: (action: string) => void): () => void {
  const { unsubscribe } = client.subscription(AuditEventAdded, {}).subscribe(({ data }) => {
    if (data) onEvent(data.auditEventAdded.action);
  });
  return unsubscribe;
}
