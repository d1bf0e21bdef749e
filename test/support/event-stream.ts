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
  if (response.headers.get('content-type')?.includes('text/event-stream')) await read();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    async readUntil(until, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!until(buffer) && Date.now() < deadline) {
        if (await read()) break;
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
