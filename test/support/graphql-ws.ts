import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Services } from '../../src/services.js';

/** A graphql-ws client of a test's Keygate, and how its connection closed once it has. */
export interface WebSocketClient {
  client: Client;
  /** The first close of the connection: its code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** One operation's result (queries and mutations), or the error it ended with. */
  // biome-ignore lint/suspicious/noExplicitAny: ad-hoc documents; each test checks the shape it needs
  run(query: string, variables?: Record<string, unknown>): Promise<any>;
}

/** Connects at once (not lazily) and never retries, so that a refusal is seen as it happens. */
export function connectWebSocket(
  baseUrl: string,
  connectionParams: Record<string, unknown> | undefined,
): WebSocketClient {
  let closedWith!: (event: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    closedWith = resolve;
  });
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closedWith({ code, reason });
      },
    },
    onNonLazyError: () => {},
  });
  return {
    client,
    closed,
    run: (query, variables) =>
      new Promise((resolve) => {
        let result: unknown;
        client.subscribe(
          { query, variables },
          {
            next: (value) => {
              result = value;
            },
            error: (error) => resolve({ error }),
            complete: () => resolve(result),
          },
        );
      }),
  };
}

/**
 * Resolves when the next event stream (a subscription, over SSE or WebSocket) takes its slot: the
 * subscription then listens, since what follows until its first read involves no I/O.
 */
export function nextStreamOpens(services: Services): Promise<string> {
  const take = services.streams.take;
  return new Promise((resolve) => {
    services.streams.take = (credentialId) => {
      const release = take.call(services.streams, credentialId);
      if (release) {
        services.streams.take = take;
        resolve(credentialId);
      }
      return release;
    };
  });
}
