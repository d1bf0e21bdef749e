/**
 * A GraphQL subscription over Server-Sent Events, read as a test would: open it, wait until it listens
 * (its first keep-alive arrives), collect what comes until a condition holds, close it.
 */
export interface EventStream {
  status: number;
  contentType: string | null;
  /** Reads until `until(buffer)` holds or `timeoutMs` passes; returns everything read so far. */
  readUntil(until: (buffer: string) => boolean, timeoutMs?: number): Promise<string>;
  /** The `data` payloads of the messages read so far. */
  messages<T>(): T[];
  close(): void;
}

export async function openEventStream(
  fetchImpl: (url: string, init: RequestInit) => Response | Promise<Response>,
  url: string,
  token: string,
  query: string,
): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const read = async () => {
    const { value, done } = await reader.read();
    if (!done) buffer += decoder.decode(value, { stream: true });
    return done;
  };
  /** The read in flight, if any: reader.read() cannot be abandoned, so a timed-out one is taken up again. */
  let pending: Promise<boolean> | null = null;
  const next = () => {
    // A read cut short (the stream closed or aborted) counts as the end: what was read is what callers check.
    pending ??= read()
      .catch(() => true)
      .finally(() => {
        pending = null;
      });
    return pending;
  };
  if (response.headers.get('content-type')?.includes('text/event-stream')) await next();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    async readUntil(until, timeoutMs = 10_000) {
      // The deadline holds even when the stream sends nothing: a read still waiting is kept for the next call.
      const deadline = Date.now() + timeoutMs;
      while (!until(buffer)) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        let timer: NodeJS.Timeout | undefined;
        const expired = new Promise<'expired'>((resolve) => {
          timer = setTimeout(() => resolve('expired'), left);
        });
        const outcome = await Promise.race([next(), expired]);
        clearTimeout(timer);
        if (outcome !== false) break; // expired, or the stream ended
      }
      return buffer;
    },
    messages<T>() {
      return buffer
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => JSON.parse(line.slice(5)) as T);
    },
    close: () => controller.abort(),
  };
}
