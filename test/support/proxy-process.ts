import { type ChildProcess, spawn } from 'node:child_process';
import { vi } from 'vitest';

/**
 * Starts a proxy (nginx, Caddy) that is to listen on `port` and says nothing when it does: resolves with
 * the process once it answers HTTP there. If it exits first, rejects with what it said on stderr, with code
 * EADDRINUSE when that says the port was taken (`inUse`), so that onSparePort tries another port.
 */
export async function startAnsweringProcess(
  name: string,
  command: string,
  args: string[],
  port: number,
  options: { inUse: string; env?: NodeJS.ProcessEnv },
): Promise<ChildProcess> {
  const child = spawn(command, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: options.env ?? process.env,
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(
        Object.assign(new Error(`${name} exited (${code}): ${stderr}`), {
          code: stderr.includes(options.inUse) ? 'EADDRINUSE' : undefined,
        }),
      ),
    ),
  );
  await Promise.race([
    vi.waitFor(
      async () => {
        await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
      },
      { timeout: 30_000, interval: 50 },
    ),
    exited,
  ]);
  return child;
}
