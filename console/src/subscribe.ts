import { type ApiError, authorizationHeaders, GRAPHQL_ENDPOINT, readableError } from './api';
import type { TypedDocumentString } from './graphql/graphql';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface SubscriptionHandlers<TResult> {
  next(data: TResult): void;
  /** A refusal (no permission, bad token): the stream stops and is not retried. */
  error(error: ApiError): void;
  status?(status: StreamStatus): void;
}

/**
 * A subscription over Server-Sent Events, as graphql-yoga serves them at /graphql for a POST with
 * `Accept: text/event-stream` (graphql-sse's distinct connections mode). EventSource cannot send an
 * Authorization header, so this reads the stream from fetch. A dropped connection is retried with backoff.
 * Returns the function that stops it.
 */
export function subscribe<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token: string | null,
  organizationId: string | null,
  handlers: SubscriptionHandlers<TResult>,
): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  const status = (value: StreamStatus) => handlers.status?.(value);

  void (async () => {
    let delayMs = 1000;
    status('connecting');
    while (!signal.aborted) {
      try {
        const response = await fetch(GRAPHQL_ENDPOINT, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            ...authorizationHeaders(token, organizationId),
          },
          body: JSON.stringify({ query: document.toString(), variables }),
          signal,
        });
        const requestId = response.headers.get('x-request-id');
        if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
        if (!response.headers.get('content-type')?.includes('text/event-stream') || !response.body) {
          const body = (await response.json().catch(() => ({}))) as { errors?: { message: string }[] };
          handlers.error(readableError(body.errors?.[0], requestId));
          status('closed');
          return;
        }
        status('live');
        for await (const event of serverSentEvents(response.body, signal)) {
          if (event.event === 'complete') {
            status('closed');
            return;
          }
          if (event.event !== 'next' || !event.data) continue;
          const payload = JSON.parse(event.data) as { data?: TResult; errors?: { message: string }[] };
          if (payload.errors?.length) {
            handlers.error(readableError(payload.errors[0], requestId));
            status('closed');
            return;
          }
          if (payload.data) handlers.next(payload.data);
          delayMs = 1000;
        }
      } catch {
        // A dropped connection, a server error or a garbled event: connect again, below.
      }
      if (signal.aborted) return;
      status('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, 30_000);
    }
  })();

  return () => {
    controller.abort();
    status('closed');
  };
}

interface ServerSentEvent {
  event: string;
  data: string;
}

/** Splits an event stream into events; comment lines (the server's pings) are skipped. */
async function* serverSentEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: ServerSentEvent = { event: 'message', data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event.event = value;
        else if (field === 'data') event.data = event.data ? `${event.data}\n${value}` : value;
      }
      if (block.split('\n').some((line) => !line.startsWith(':'))) yield event;
      end = buffer.indexOf('\n\n');
    }
  }
}
