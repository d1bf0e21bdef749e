import { randomBytes } from 'node:crypto';
import type { KeygateConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { testConfig } from './keygate.js';

/** A Keygate on a real socket (port 0, 127.0.0.1), as `npm start` runs it, on the database at `databaseUrl`. */
export function startServedKeygate(
  databaseUrl: string | undefined,
  overrides: Partial<KeygateConfig> = {},
  env: Record<string, string> = {},
  logger?: Logger,
): Promise<RunningKeygate> {
  return startKeygate(
    {
      ...testConfig(env),
      databaseUrl,
      dataDir: 'memory://',
      port: 0,
      host: '127.0.0.1',
      ...overrides,
    },
    logger,
  );
}

/** One GraphQL request over HTTP; `token` goes in the Authorization header. */
export async function graphqlRequest(
  url: string,
  query: string,
  options: { token?: string; variables?: unknown; headers?: Record<string, string> } = {},
): Promise<{
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
}> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A made-up secret of the right shape and checksum: it reaches the lookup, and matches nothing. */
export async function unknownSecret(): Promise<string> {
  const { formatSecret } = await import('../../src/domain/secrets.js');
  return formatSecret('PERSONAL_ACCESS_TOKEN', randomBytes(32));
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus' text format, sample by sample (comments skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = value!;
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Scrapes `url`/metrics: its samples, and the value of the series `name` whose labels include `labels` (0 when absent). */
export async function scrape(url: string, token?: string) {
  const response = await fetch(
    `${url}/metrics`,
    token ? { headers: { authorization: `Bearer ${token}` } } : {},
  );
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  const samples = parseMetrics(await response.text());
  const matching = (name: string, labels: Record<string, string>) =>
    samples.filter(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    );
  return {
    samples,
    contentType: response.headers.get('content-type'),
    /** The sum of the matching series. */
    value: (name: string, labels: Record<string, string> = {}) =>
      matching(name, labels).reduce((sum, sample) => sum + sample.value, 0),
    has: (name: string, labels: Record<string, string> = {}) => matching(name, labels).length > 0,
  };
}

export type LogLine = Record<string, unknown> & { msg?: string };

/** A pino destination the test reads: every line parsed, and a way to wait for one. */
export function capturedLog() {
  const lines: LogLine[] = [];
  const waiting: { predicate: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  // pino writes each line to it synchronously, as the line is logged.
  const stream = {
    write(text: string) {
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      for (const waiter of [...waiting]) {
        if (waiter.predicate(line)) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    },
  };
  return {
    lines,
    logger: createLogger('info', stream),
    /** The first line (already written or still to come) that `predicate` accepts. */
    waitFor(predicate: (line: LogLine) => boolean): Promise<LogLine> {
      const found = lines.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiting.push({ predicate, resolve }));
    },
  };
}
