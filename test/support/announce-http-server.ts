import diagnosticsChannel from 'node:diagnostics_channel';
import { Server } from 'node:http';
import { type HttpServerAnnouncement, REQUEST_START } from './server-requests.js';

/*
 * Preloaded by tests into a Keygate child process (`node --import ./test/support/announce-http-server.ts`,
 * spawned with an IPC channel): tells the test, over that channel, each time the process's HTTP server
 * has received a request and when it has stopped listening. Read with `watchChildHttpServer`.
 */

const announce = (message: HttpServerAnnouncement) => process.send?.(message);

diagnosticsChannel.subscribe(REQUEST_START, () => announce({ http: 'request' }));

const close = Server.prototype.close;
Server.prototype.close = function (this: Server, ...args: Parameters<Server['close']>) {
  const server = close.apply(this, args);
  // The listening socket is closed by now: from here a new connection is refused.
  announce({ http: 'closed' });
  return server;
};
