import type { ChildProcess } from 'node:child_process';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * What an HTTP server has received, as the server sees it: a client can only tell that it has sent a
 * request, not that the server has it, and a test that starts a shutdown must know the difference.
 */

/** Node publishes here each time an HTTP server of the process has parsed a request's headers. */
export const REQUEST_START = 'http.server.request.start';

export interface ServerRequests {
  /** Requests the server has received so far. */
  readonly count: number;
  /** Resolves once the server has received `count` requests in all; rejects after `timeoutMs`. */
  reached(count: number, timeoutMs?: number): Promise<void>;
}

class RequestTally implements ServerRequests {
  count = 0;
  private readonly waiters = new Set<{ count: number; resolve: () => void }>();

  add(): void {
    this.count += 1;
    for (const waiter of this.waiters) if (this.count >= waiter.count) waiter.resolve();
  }

  reached(count: number, timeoutMs = 30_000): Promise<void> {
    if (this.count >= count) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        count,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`the server received ${this.count} of ${count} requests`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

/** Counts the requests that the HTTP server of this process listening on `port` receives. */
export function countServerRequests(port: number): ServerRequests & { stop(): void } {
  const tally = new RequestTally();
  const onStart = (message: unknown) => {
    const { server } = message as { server: Server };
    if ((server.address() as AddressInfo | null)?.port === port) tally.add();
  };
  diagnosticsChannel.subscribe(REQUEST_START, onStart);
  return Object.assign(tally, { stop: () => diagnosticsChannel.unsubscribe(REQUEST_START, onStart) });
}

/** What test/support/announce-http-server.ts sends from a child process. */
export type HttpServerAnnouncement = { http: 'request' } | { http: 'closed' };

/**
 * The requests a child process's HTTP server receives, and the moment it stops listening, for a child
 * started with `--import ./test/support/announce-http-server.ts` and an IPC channel.
 */
export function watchChildHttpServer(child: ChildProcess): {
  requests: ServerRequests;
  /** Resolves once the server has stopped listening; rejects after `timeoutMs`. */
  closed(timeoutMs?: number): Promise<void>;
} {
  const requests = new RequestTally();
  let stoppedListening = () => {};
  const stopped = new Promise<void>((resolve) => (stoppedListening = resolve));
  child.on('message', (message: HttpServerAnnouncement) => {
    if (message.http === 'request') requests.add();
    if (message.http === 'closed') stoppedListening();
  });
  return {
    requests,
    closed(timeoutMs = 30_000) {
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the server never stopped listening')), timeoutMs);
      });
      return Promise.race([stopped, giveUp]).finally(() => clearTimeout(timer));
    },
  };
}
