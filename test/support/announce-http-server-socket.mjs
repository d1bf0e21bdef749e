// Preloaded into a Keygate started through another program (`npm start`: npm, then the node it starts),
// with `NODE_OPTIONS=--import <this file>` and ANNOUNCE_HTTP_SERVER_SOCKET naming a Unix socket the test
// listens on. Like announce-http-server.ts, it tells the test each time the process's HTTP server has
// received a request and when it has stopped listening, as JSON lines that carry the process id; an IPC
// channel would reach npm, not the server. Plain JavaScript: the server it joins runs with no TypeScript
// loader. Every process NODE_OPTIONS reaches loads it (npm too); only one with an HTTP server says anything.
import diagnosticsChannel from 'node:diagnostics_channel';
import { Server } from 'node:http';
import net from 'node:net';

const socketPath = process.env.ANNOUNCE_HTTP_SERVER_SOCKET;

if (socketPath) {
  let socket;
  const announce = (http) => {
    socket ??= net.connect(socketPath).on('error', () => {});
    // Never keeps the server alive, and never delays its exit.
    socket.unref();
    socket.write(`${JSON.stringify({ http, pid: process.pid, ppid: process.ppid })}\n`);
  };

  diagnosticsChannel.subscribe('http.server.request.start', () => announce('request'));

  const close = Server.prototype.close;
  Server.prototype.close = function (...args) {
    const server = close.apply(this, args);
    // The listening socket is closed by now: from here a new connection is refused.
    announce('closed');
    return server;
  };
}
