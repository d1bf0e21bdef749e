import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/domain/secrets.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { credentialsChangeHeard } from '../support/credential-changes.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { unleashApiToken } from '../support/foreign-keys.js';
import { testConfig } from '../support/keygate.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/*
 * A client keeps presenting its old key while the migration runs: each instance remembers that the key
 * matched nothing. Importing it on one instance must make every instance forget that at once.
 */
describe('an imported key, on two instances', () => {
  let database: TestDatabase;
  let a: RunningKeygate;
  let b: RunningKeygate;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    const config = {
      ...testConfig({ REDIS_URL }),
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
    };
    a = await startKeygate(config);
    b = await startKeygate(config);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  async function call(instance: RunningKeygate, query: string, token: string, variables?: unknown) {
    const response = await fetch(`${instance.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: raw answers to ad-hoc documents; the assertions check their shape
    return { status: response.status, body: (await response.json()) as any };
  }

  it('works on the other instance as soon as it hears of the import, though it remembered a miss', async () => {
    const owner = a.adminSecret!;
    const key = unleashApiToken('default', 'production');
    // B looks the key up, finds nothing, and remembers that.
    expect((await call(b, '{ viewer { kind } }', key)).status).toBe(401);
    expect(b.services.credentialCache.get(hashSecret(key))).toBeNull();

    const identity = await call(
      a,
      'mutation { createMachineIdentity(input: { name: "unleash" }) { ... on MachineIdentityPayload { machineIdentity { id } } } }',
      owner,
    );
    const heard = credentialsChangeHeard(b.services, 'token.batch_imported');
    const imported = await call(
      a,
      'mutation($input: ImportTokensInput!) { importTokens(input: $input) { __typename } }',
      owner,
      {
        input: {
          identityId: identity.body.data.createMachineIdentity.machineIdentity.id,
          tokens: [{ name: 'sdk', key }],
        },
      },
    );
    expect(imported.body.data.importTokens.__typename).toBe('ImportTokensPayload');
    await heard;
    expect((await call(b, '{ viewer { kind } }', key)).body.data.viewer.kind).toBe('MACHINE_IDENTITY');
  });
});
