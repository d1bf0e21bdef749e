import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
} from 'node:crypto';
import { base64url, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeygate, type TestKeygate, type TypedDocument } from '../support/keygate.js';

/**
 * Client assertions that must be refused for how they are signed: unsigned (`alg: none`), or signed with
 * another algorithm or a key of another type than the RS256 key Keygate made. Through GraphQL against
 * PostgreSQL. The operations are plain strings typed by hand (codegen output belongs to another change).
 */
const operation = <TResult, TVariables = Record<string, unknown>>(
  source: string,
): TypedDocument<TResult, TVariables> => ({ toString: () => source });

const CreateProject = operation<{ createProject: { project?: { id: string } } }>(
  'mutation ($name: String!) { createProject(input: { name: $name }) { ... on ProjectPayload { project { id } } } }',
);
const CreateApplication = operation<{ createApplication: { application?: { id: string } } }>(
  `mutation ($projectId: ID!) {
    createApplication(input: { projectId: $projectId, name: "signer" }) { ... on ApplicationPayload { application { id } } }
  }`,
);
const CreateAppKey = operation<{ createAppKey: { keyDetails?: string; applicationKey?: { id: string } } }>(
  `mutation ($projectId: ID!, $appId: ID!) {
    createAppKey(input: { projectId: $projectId, appId: $appId, type: JSON }) {
      ... on CreateAppKeyPayload { keyDetails applicationKey { id } }
    }
  }`,
);
const Authenticate = operation<{
  authenticateClientAssertion: {
    valid: boolean;
    code: string;
    keyId: string | null;
    application: { id: string } | null;
  };
}>(`mutation ($assertion: String!) {
  authenticateClientAssertion(input: { assertion: $assertion }) { valid code keyId application { id } }
}`);

interface KeyFile {
  keyId: string;
  key: string;
  clientId: string;
}

let keygate: TestKeygate;
let file: KeyFile;
let privateKey: KeyObject;

beforeAll(async () => {
  keygate = await startTestKeygate();
  const token = keygate.ownerSecret;
  const project = await keygate.request(CreateProject, { name: 'assertions' }, { token });
  const projectId = project.data!.createProject.project!.id;
  const application = await keygate.request(CreateApplication, { projectId }, { token });
  const appId = application.data!.createApplication.application!.id;
  const created = await keygate.request(CreateAppKey, { projectId, appId }, { token });
  file = JSON.parse(created.data!.createAppKey.keyDetails!) as KeyFile;
  privateKey = createPrivateKey(file.key);
});

afterAll(async () => {
  await keygate?.close();
});

function claims(jti: string): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: file.clientId,
    sub: file.clientId,
    aud: keygate.services.config.issuer,
    iat: now,
    exp: now + 300,
    jti,
  };
}

const encode = (value: unknown) => base64url.encode(JSON.stringify(value));

/** A compact JWT put together by hand, for headers no signing library would produce. */
function handMade(header: Record<string, unknown>, payload: JWTPayload, signature = '') {
  return `${encode(header)}.${encode(payload)}.${signature}`;
}

const sign = (alg: string, key: KeyObject, jti: string, header: Record<string, unknown> = {}) =>
  new SignJWT(claims(jti)).setProtectedHeader({ alg, kid: file.keyId, ...header }).sign(key);

async function authenticate(assertion: string) {
  const { data, errors } = await keygate.request(Authenticate, { assertion }, { token: keygate.ownerSecret });
  expect(errors).toBeUndefined();
  return data!.authenticateClientAssertion;
}

const refused = (code: string) => ({ valid: false, code, keyId: null, application: null });

describe('authenticateClientAssertion refuses how an assertion is signed', () => {
  // Every refused assertion below carries this jti; none of them may use it up.
  const jti = randomUUID();

  it.each<[string, () => Promise<string> | string]>([
    ['unsigned, alg none', () => handMade({ alg: 'none', kid: file.keyId }, claims(jti))],
    ['unsigned, alg None', () => handMade({ alg: 'None', kid: file.keyId }, claims(jti))],
    ['unsigned, no alg at all', () => handMade({ kid: file.keyId }, claims(jti))],
    [
      'alg none over a good RS256 signature',
      async () => {
        const good = await sign('RS256', privateKey, jti);
        return handMade({ alg: 'none', kid: file.keyId }, claims(jti), good.split('.')[2]);
      },
    ],
    [
      'ES256, signed with an unrelated P-256 key',
      () => sign('ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, jti),
    ],
    [
      'EdDSA, signed with an unrelated Ed25519 key',
      () => sign('EdDSA', generateKeyPairSync('ed25519').privateKey, jti),
    ],
    ['PS256, signed with the very RSA key Keygate made', () => sign('PS256', privateKey, jti)],
    ['RS512, signed with the very RSA key Keygate made', () => sign('RS512', privateKey, jti)],
    [
      'HS256 keyed with the public key (algorithm confusion)',
      () =>
        new SignJWT(claims(jti))
          .setProtectedHeader({ alg: 'HS256', kid: file.keyId })
          .sign(
            new TextEncoder().encode(
              createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string,
            ),
          ),
    ],
    [
      'RS256 with its own key embedded as jwk, signed by that key',
      async () => {
        const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const jwk = attacker.publicKey.export({ format: 'jwk' });
        return sign('RS256', attacker.privateKey, jti, { jwk });
      },
    ],
  ])('%s: INVALID_SIGNATURE', async (_label, make) => {
    expect(await authenticate(await make())).toEqual(refused('INVALID_SIGNATURE'));
  });

  it('used up nothing: the key was never used and a good assertion with that jti passes', async () => {
    await keygate.services.usage.flush();
    const key = await keygate.services.prisma.applicationKey.findUniqueOrThrow({ where: { id: file.keyId } });
    expect(key.lastUsedAt).toBeNull();
    expect(await keygate.services.prisma.usedAssertion.count({ where: { keyId: file.keyId } })).toBe(0);
    expect(await authenticate(await sign('RS256', privateKey, jti))).toMatchObject({
      valid: true,
      code: 'VALID',
      keyId: file.keyId,
    });
  });
});
