import { spawn } from 'node:child_process';

export interface RedisServer {
  /** Resolves once the server has exited: its port refuses connections from then on. */
  stop(): Promise<void>;
}

/** A redis-server of the test's own on `port`; resolves once it says it accepts connections. */
export async function startRedis(port: number): Promise<RedisServer> {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start on ${port}: ${output}`)),
      30_000,
    );
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited: ${output}`));
    });
  });
  return {
    async stop() {
      server.kill('SIGTERM');
      await exited;
    },
  };
}
