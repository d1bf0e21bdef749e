import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The message loadConfig refuses `env` with. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('reads booleans as people write them', () => {
    for (const yes of ['true', 'TRUE', '1', 'yes', ' Yes ']) {
      expect(loadConfig({ KEYGATE_GRAPHIQL: yes }).graphiql, yes).toBe(true);
    }
    for (const no of ['false', '0', 'no', 'NO']) {
      expect(loadConfig({ KEYGATE_GRAPHIQL: no }).graphiql, no).toBe(false);
    }
    expect(refusal({ KEYGATE_GRAPHIQL: 'maybe' })).toContain(
      'KEYGATE_GRAPHIQL must be true, false, 1, 0, yes or no (got "maybe")',
    );
  });

  it('reads KEYGATE_TRUST_PROXY=1 as one trusted hop, not as false', () => {
    expect(loadConfig({ KEYGATE_TRUST_PROXY: '1' }).trustProxy).toEqual({ kind: 'hops', hops: 1 });
    expect(loadConfig({ KEYGATE_TRUST_PROXY: 'yes' }).trustProxy).toEqual({ kind: 'hops', hops: 1 });
    expect(loadConfig({ KEYGATE_TRUST_PROXY: '0' }).trustProxy).toEqual({ kind: 'none' });
    expect(refusal({ KEYGATE_TRUST_PROXY: 'sometimes' })).toContain('KEYGATE_TRUST_PROXY must be');
  });

  it('refuses a log level pino does not know, naming the ones it does', () => {
    expect(refusal({ LOG_LEVEL: 'verbose' })).toContain(
      'LOG_LEVEL must be fatal, error, warn, info, debug, trace, silent (got "verbose")',
    );
    expect(loadConfig({ LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
  });

  it('refuses every bad value at once, each with the variable and what it accepts', () => {
    const message = refusal({
      PORT: '99999',
      DATABASE_POOL_SIZE: 'ten',
      KEYGATE_CORS_ORIGINS: 'https://ok.example, https://bad.example/path',
      KEYGATE_METRICS: 'sometimes',
      REDIS_URL: 'http://not-redis',
      KEYGATE_KEEP_ALIVE_TIMEOUT_MS: '5',
    });
    expect(message).toContain('PORT must be a whole number from 0 to 65535 (got "99999")');
    expect(message).toContain('DATABASE_POOL_SIZE must be a whole number from 1 to 1000 (got "ten")');
    expect(message).toContain('KEYGATE_CORS_ORIGINS must be comma-separated origins');
    expect(message).toContain('KEYGATE_METRICS must be on (on the main port), off, or a port number');
    expect(message).toContain('REDIS_URL must be a URL (redis:// or rediss://…)');
    expect(message).toContain('KEYGATE_KEEP_ALIVE_TIMEOUT_MS must be a whole number from 1000 to 3600000');
  });

  it('reads forward-auth rules that require scopes, an audience or both, and refuses one that requires nothing', () => {
    const rules = [
      { path: '/orders/*', audience: 'https://orders.example.com' },
      { path: '/admin/*', methods: ['post'], require: ['token:delete'], audience: 'urn:example:admin' },
    ];
    expect(loadConfig({ KEYGATE_FORWARD_AUTH_RULES: JSON.stringify(rules) }).forwardAuthRules).toEqual([
      rules[0],
      { ...rules[1], methods: ['POST'] },
    ]);
    for (const bad of [
      [{ path: '/orders/*' }],
      [{ path: '/orders/*', audience: 'orders' }],
      [{ path: '/orders/*', audience: 'https://orders.example.com/#x' }],
    ]) {
      expect(refusal({ KEYGATE_FORWARD_AUTH_RULES: JSON.stringify(bad) })).toContain(
        'KEYGATE_FORWARD_AUTH_RULES must be a JSON array of',
      );
    }
  });

  it('never quotes a secret back', () => {
    const message = refusal({
      DATABASE_URL: 'mysql://user:hunter2@db/keygate',
      KEYGATE_MASTER_KEY: 'x',
      KEYGATE_MASTER_KEY_FILE: '/run/secrets/key',
    });
    expect(message).not.toContain('hunter2');
    expect(message).toContain('DATABASE_URL must be a URL (postgres:// or postgresql://…)');
    expect(message).toContain('KEYGATE_MASTER_KEY and KEYGATE_MASTER_KEY_FILE are both set');
  });

  it('warns about variables it does not know, such as a misspelt one', () => {
    const config = loadConfig({ KEYGATE_MUTATIONS_PER_MINTUE: '5', KEYGATE_GRAPHIQL: 'true', HOME: '/root' });
    expect(config.warnings).toEqual([
      'KEYGATE_MUTATIONS_PER_MINTUE is not a Keygate setting (misspelt?); it is ignored',
    ]);
    expect(config.limits.mutationsPerMinute).toBe(600);
  });

  it('reads who may create organizations, how many one person owns, and how long deleted ones are kept', () => {
    expect(loadConfig({}).organizations).toEqual({
      creation: 'anyone',
      maxOwnedPerPerson: 20,
      deletedRetentionDays: 30,
    });
    expect(
      loadConfig({
        KEYGATE_ORGANIZATION_CREATION: ' Owners ',
        KEYGATE_MAX_OWNED_ORGANIZATIONS: '5',
        KEYGATE_DELETED_ORGANIZATION_RETENTION_DAYS: '0',
      }).organizations,
    ).toEqual({ creation: 'owners', maxOwnedPerPerson: 5, deletedRetentionDays: 0 });
    expect(loadConfig({ KEYGATE_ORGANIZATION_CREATION: 'nobody' }).organizations.creation).toBe('nobody');
    const message = refusal({
      KEYGATE_ORGANIZATION_CREATION: 'admins',
      KEYGATE_MAX_OWNED_ORGANIZATIONS: '0',
      KEYGATE_DELETED_ORGANIZATION_RETENTION_DAYS: '-1',
    });
    expect(message).toContain('KEYGATE_ORGANIZATION_CREATION must be anyone, owners, nobody (got "admins")');
    expect(message).toContain('KEYGATE_MAX_OWNED_ORGANIZATIONS must be a whole number from 1 to 10000');
    expect(message).toContain(
      'KEYGATE_DELETED_ORGANIZATION_RETENTION_DAYS must be a whole number from 0 to 3660',
    );
  });

  it('keeps idle connections open longer than a load balancer does, by default', () => {
    const { http } = loadConfig({});
    expect(http.keepAliveTimeoutMs).toBeGreaterThan(60_000);
    expect(http.headersTimeoutMs).toBeGreaterThan(http.keepAliveTimeoutMs);
    expect(loadConfig({ KEYGATE_METRICS: 'off' }).metrics).toEqual({ mode: 'off' });
    expect(loadConfig({ KEYGATE_METRICS: '9464' }).metrics).toEqual({ mode: 'port', port: 9464 });
    expect(loadConfig({}).metrics).toEqual({ mode: 'main' });
  });
});
