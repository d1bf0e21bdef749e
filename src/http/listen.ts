import type { Server } from 'node:http';

/** Listens on `port` and `host`; a failure to bind (the port taken) rejects instead of being thrown later. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
