import type { TypedDocumentString } from './graphql-string/graphql.js';
import { graphql } from './graphql-string/index.js';

export const Viewer = graphql(`
  query FetchViewer { viewer { kind organization { id name } } }
`);

export const CreatePersonalAccessToken = graphql(`
  mutation FetchCreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {
    createPersonalAccessToken(input: $input) {
      __typename
      ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id description expiresAt } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

export const AuditEventAdded = graphql(`
  subscription FetchAuditEventAdded { auditEventAdded { id action outcome } }
`);

/** One operation: its typed result, or an Error whose message is the first error's extensions.code. */
export async function execute<TResult, TVariables>(
  endpoint: string,
  token: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const { data, errors } = (await response.json()) as {
    data?: TResult;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  if (errors?.length || !data) throw new Error(errors?.[0]?.extensions?.code ?? 'NO_DATA');
  return data;
}

export async function createToken(endpoint: string, token: string, description: string, expiresAt: string) {
  const { createPersonalAccessToken: result } = await execute(endpoint, token, CreatePersonalAccessToken, {
    input: { description, expiresAt },
  });
  switch (result.__typename) {
    case 'CreatePersonalAccessTokenPayload':
      return { secret: result.secret }; // shown here only: Keygate keeps just its hash
    case 'ValidationError':
      return { refused: result.code, field: result.field, message: result.message }; // 'VALIDATION_FAILED'
    default:
      return { refused: result.code, message: result.message };
  }
}

/**
 * A subscription over Server-Sent Events (`Accept: text/event-stream`; EventSource cannot send the
 * Authorization header): each event's data until the stream completes or `signal` aborts it.
 */
export async function* subscribe<TResult, TVariables>(
  endpoint: string,
  token: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  signal?: AbortSignal,
): AsyncGenerator<TResult> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query: document.toString(), variables }),
    signal,
  });
  if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
    const { errors } = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    throw new Error(errors?.[0]?.extensions?.code ?? `HTTP ${response.status}`);
  }
  // A reader, not `for await`: Safari's streams are not async-iterable.
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let buffer = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffer += read.value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        if (lines.includes('event: complete')) return;
        const data = lines.find((line) => line.startsWith('data:'));
        if (!lines.includes('event: next') || !data) continue; // keep-alives
        const payload = JSON.parse(data.slice(5)) as {
          data?: TResult;
          errors?: { extensions?: { code?: string } }[];
        };
        if (payload.errors?.length)
          throw new Error(payload.errors[0]?.extensions?.code ?? 'SUBSCRIPTION_FAILED');
        if (payload.data) yield payload.data;
      }
    }
  } finally {
    // Ended early (return, a refusal): the stream closes with it.
    reader.cancel().catch(() => {});
  }
}
