import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeygateConfig, loadConfig } from '../../src/config.js';
import { CredentialCache } from '../../src/domain/credential-cache.js';
import { KeygateMetrics } from '../../src/observability/metrics.js';
import type { RunningKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { graphqlRequest, parseMetrics, scrape, startServedKeygate } from '../support/observability.js';

const TOKEN = 'scrape-token-of-sixteen-or-more';

describe('where /metrics is served', () => {
  let database: TestDatabase;
  let keygate: RunningKeygate | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await keygate?.close();
    await database?.drop();
  });

  /** One instance at a time on the same database, each closed before the next starts. */
  const start = async (overrides: Partial<KeygateConfig>, env: Record<string, string> = {}) => {
    await keygate?.close();
    keygate = await startServedKeygate(database.url, overrides, env);
    return keygate;
  };

  it('reads KEYGATE_METRICS as on, off or a port of its own', () => {
    expect(loadConfig({}).metrics).toEqual({ mode: 'main' });
    expect(loadConfig({ KEYGATE_METRICS: 'off' }).metrics).toEqual({ mode: 'off' });
    expect(loadConfig({ KEYGATE_METRICS: '9464' }).metrics).toEqual({ mode: 'port', port: 9464 });
    expect(() => loadConfig({ KEYGATE_METRICS: 'loud' })).toThrow(/KEYGATE_METRICS must be/);
    expect(() => loadConfig({ KEYGATE_METRICS_TOKEN: 'short' })).toThrow(/KEYGATE_METRICS_TOKEN must be/);
    // The value is never echoed in the message.
    let message = '';
    try {
      loadConfig({ KEYGATE_METRICS_TOKEN: 'has a space in it, and more' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('KEYGATE_METRICS_TOKEN must be');
    expect(message).not.toContain('has a space');
  });

  it('on a port of its own, answers there and nowhere on the main port, and closes with the instance', async () => {
    const running = await start({ metrics: { mode: 'port', port: 0 } });
    expect(running.metricsUrl).not.toBeNull();
    const url = running.metricsUrl!;
    expect(new URL(url).port).not.toBe(String(running.port));
    await graphqlRequest(running.url, 'query Viewer { viewer { kind } }', { token: 'not-a-secret' });
    const metrics = await scrape(url);
    expect(metrics.value('keygate_authentications_total', { code: 'MALFORMED' })).toBe(1);
    expect(metrics.has('process_cpu_seconds_total')).toBe(true);
    expect((await fetch(`${url}/graphql`)).status).toBe(404);
    expect((await fetch(`${running.url}/metrics`)).status).toBe(404);
    await running.close();
    keygate = undefined;
    await expect(fetch(`${url}/metrics`)).rejects.toThrow();
  });

  it('off, answers 404 on the main port and opens no other', async () => {
    const running = await start({ metrics: { mode: 'off' } });
    expect(running.metricsUrl).toBeNull();
    expect((await fetch(`${running.url}/metrics`)).status).toBe(404);
  });

  it('with KEYGATE_METRICS_TOKEN, asks for that bearer token', async () => {
    const running = await start({}, { KEYGATE_METRICS_TOKEN: TOKEN });
    const open = await fetch(`${running.url}/metrics`);
    expect(open.status).toBe(401);
    expect(open.headers.get('www-authenticate')).toBe('Bearer realm="keygate-metrics"');
    const wrong = await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect((await scrape(running.url, TOKEN)).has('keygate_requests_total')).toBe(true);
    expect((await fetch(`${running.url}/metrics`, { method: 'DELETE' })).status).toBe(405);
  });

  it('without a connection pool (the embedded PGlite has none), reports none', async () => {
    const metrics = new KeygateMetrics({ credentialCache: new CredentialCache(), pool: null });
    const samples = parseMetrics((await metrics.render()).body);
    expect(samples.some((sample) => sample.name.startsWith('keygate_database_'))).toBe(false);
    expect(samples.some((sample) => sample.name === 'keygate_credential_cache_lookups_total')).toBe(true);
  });
});
