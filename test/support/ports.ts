import net from 'node:net';

/**
 * A port nothing listens on at the moment of asking: for servers that must know their own address before
 * they start (an issuer URL, an nginx configuration). Another process may take it first; callers that
 * start on it retry on EADDRINUSE.
 */
export async function sparePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `start` on spare ports until one is not taken meanwhile (a few tries). */
export async function onSparePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await sparePort();
    try {
      return await start(port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw error;
    }
  }
}
