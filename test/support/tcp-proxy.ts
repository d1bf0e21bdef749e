import net from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that a test can cut and restore, or stall and unstall, to take the
 * database away from a running Keygate without touching the server other tests use. A cut refuses (the
 * database is down); a stall accepts and then goes silent (a hung server, a black-holed network), which is
 * the harder case: nothing fails until somebody's timeout does.
 */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();
  private stalled = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(port = 0): Promise<number> {
    this.server = net.createServer((client) => {
      const pair = { client, upstream: null as net.Socket | null };
      this.pairs.add(pair);
      this.track(client);
      client.on('close', () => {
        this.pairs.delete(pair);
        pair.upstream?.destroy();
      });
      // While stalled a new connection is accepted and held: no bytes reach PostgreSQL until unstall.
      if (this.stalled) client.pause();
      else this.connect(pair);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Drops every connection and refuses new ones. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Listens again on the same port. */
  async restore(): Promise<void> {
    await this.start(this.port);
  }

  /**
   * Keeps every connection open but forwards nothing in either direction, and accepts new connections
   * without connecting them upstream: queries and connection attempts hang instead of failing.
   */
  stall(): void {
    this.stalled = true;
    for (const { client, upstream } of this.pairs) {
      client.unpipe();
      upstream?.unpipe();
      client.pause();
      upstream?.pause();
    }
  }

  /** Forwards again: held bytes flow, held connections are connected upstream. */
  unstall(): void {
    this.stalled = false;
    for (const pair of this.pairs) {
      if (pair.client.destroyed) continue;
      if (pair.upstream) this.pipe(pair.client, pair.upstream);
      else this.connect(pair);
    }
  }

  async stop(): Promise<void> {
    this.stalled = false;
    await this.cut();
  }

  private connect(pair: { client: net.Socket; upstream: net.Socket | null }): void {
    const upstream = net.connect(this.targetPort, this.targetHost);
    pair.upstream = upstream;
    this.track(upstream);
    upstream.on('close', () => pair.client.destroy());
    this.pipe(pair.client, upstream);
  }

  private pipe(client: net.Socket, upstream: net.Socket): void {
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
    upstream.resume();
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }
}
