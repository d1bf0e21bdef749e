import { importPKCS8 } from 'jose';
import type { KeygateConfig } from '../../src/config.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { testConfig } from './keygate.js';
import { onSparePort } from './ports.js';

/*
 * Keygate over a real socket for the tests of what gateways and OAuth clients talk to (test/gateway/):
 * its issuer is its own address, so that discovery, assertions and JWKS work as they do in production.
 */

export interface GatewayKeygate {
  keygate: RunningKeygate;
  database: TestDatabase;
  /** The issuer and base URL, http://127.0.0.1:<port>. */
  url: string;
  owner: string;
  organizationId: string;
  /** A GraphQL operation over HTTP; the answer's `data` and `errors`. */
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    // biome-ignore lint/suspicious/noExplicitAny: ad-hoc documents; each test checks the shape it needs
  ): Promise<{ data?: any; errors?: any }>;
  close(): Promise<void>;
}

export async function startGatewayKeygate(
  env: Record<string, string> = {},
  overrides: Partial<KeygateConfig> = {},
): Promise<GatewayKeygate> {
  const database = await createTestDatabase({ migrate: false });
  try {
    const keygate = await onSparePort((port) =>
      startKeygate({
        ...testConfig({ KEYGATE_ISSUER: `http://127.0.0.1:${port}`, ...env }),
        databaseUrl: database.url,
        port,
        host: '127.0.0.1',
        ...overrides,
      }),
    );
    const url = `http://127.0.0.1:${keygate.port}`;
    const organization = await keygate.services.prisma.organization.findFirstOrThrow();
    return {
      keygate,
      database,
      url,
      owner: keygate.adminSecret!,
      organizationId: organization.id,
      async graphql(query, variables, token = keygate.adminSecret!) {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        return response.json() as Promise<{ data?: unknown; errors?: unknown }>;
      },
      async close() {
        await keygate.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** The key file `createAppKey` hands out once (Zitadel's JSON profile). */
export interface KeyFile {
  type: string;
  keyId: string;
  key: string;
  appId: string;
  clientId: string;
}

export interface ApplicationWithKey {
  /** Global ids. */
  applicationId: string;
  appKeyId: string;
  clientId: string;
  file: KeyFile;
  privateKey: CryptoKey;
}

export interface ApplicationSettings {
  allowedScopes?: string[];
  allowedAudiences?: string[];
  accessTokenLifetime?: number;
  requestLimit?: number;
  requestLimitWindow?: number;
}

/** An application made as its owner makes one, through GraphQL: a project, the application, its settings, a key. */
export async function createApplicationWithKey(
  gateway: GatewayKeygate,
  settings: ApplicationSettings = {},
  token = gateway.owner,
): Promise<ApplicationWithKey> {
  const name = `app-${Math.random().toString(36).slice(2, 10)}`;
  const project = await gateway.graphql(
    `mutation ($name: String!) { createProject(input: { name: $name }) { ... on ProjectPayload { project { id } } } }`,
    { name },
    token,
  );
  const projectId = project.data.createProject.project.id as string;
  const application = await gateway.graphql(
    `mutation ($projectId: ID!, $name: String!) {
      createApplication(input: { projectId: $projectId, name: $name }) {
        ... on ApplicationPayload { application { id clientId } }
      }
    }`,
    { projectId, name },
    token,
  );
  const { id: applicationId, clientId } = application.data.createApplication.application as {
    id: string;
    clientId: string;
  };
  if (Object.keys(settings).length > 0) {
    const updated = await gateway.graphql(
      `mutation ($input: UpdateApplicationInput!) {
        updateApplication(input: $input) { __typename ... on ValidationError { field message } }
      }`,
      { input: { id: applicationId, ...settings } },
      token,
    );
    if (updated.data?.updateApplication.__typename !== 'ApplicationPayload') {
      throw new Error(`updateApplication: ${JSON.stringify(updated)}`);
    }
  }
  const key = await gateway.graphql(
    `mutation ($projectId: ID!, $appId: ID!) {
      createAppKey(input: { projectId: $projectId, appId: $appId, type: JSON }) {
        __typename
        ... on CreateAppKeyPayload { keyDetails applicationKey { id } }
      }
    }`,
    { projectId, appId: applicationId },
    token,
  );
  const created = key.data.createAppKey as { keyDetails: string; applicationKey: { id: string } };
  const file = JSON.parse(created.keyDetails) as KeyFile;
  return {
    applicationId,
    appKeyId: created.applicationKey.id,
    clientId,
    file,
    privateKey: (await importPKCS8(file.key, 'RS256')) as CryptoKey,
  };
}

/** A form POST, as OAuth clients send one. */
export function postForm(
  url: string,
  form: Record<string, string | string[]>,
  headers: Record<string, string> = {},
) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
  }
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}
