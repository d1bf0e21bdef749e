import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeygateConfig, loadConfig } from '../../src/config.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { testConfig } from '../support/keygate.js';
import { seedMachineIdentity, seedToken } from '../support/seed.js';

/*
 * What HTTP says about a request and its answer: CORS, the bearer scheme and its challenges, and which
 * address a request comes from behind proxies. Over a real socket, since the socket's peer is part of it.
 */

interface Server {
  keygate: RunningKeygate;
  database: TestDatabase;
  organizationId: string;
  owner: string;
}

async function startServer(overrides: Partial<KeygateConfig> = {}): Promise<Server> {
  const database = await createTestDatabase({ migrate: false });
  const keygate = await startKeygate({
    ...testConfig({ NODE_ENV: 'test' }),
    databaseUrl: database.url,
    port: 0,
    host: '127.0.0.1',
    ...overrides,
  });
  const organization = await keygate.services.prisma.organization.findFirstOrThrow();
  return { keygate, database, organizationId: organization.id, owner: keygate.adminSecret! };
}

async function stopServer(server: Server | undefined) {
  await server?.keygate.close();
  await server?.database.drop();
}

function post(server: Server, query: string, headers: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${server.keygate.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
}

function preflight(server: Server, origin: string) {
  return fetch(`http://127.0.0.1:${server.keygate.port}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
}

let plain: Server;

beforeAll(async () => {
  plain = await startServer();
});

afterAll(async () => {
  await stopServer(plain);
});

describe('CORS', () => {
  let allowing: Server;

  beforeAll(async () => {
    allowing = await startServer({ corsOrigins: ['https://console.example.com'] });
  });

  afterAll(async () => {
    await stopServer(allowing);
  });

  it('allows no cross-origin caller by default', async () => {
    const answer = await preflight(plain, 'https://evil.example');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    const request = await post(plain, '{ viewer { kind } }', {
      origin: 'https://evil.example',
      authorization: `Bearer ${plain.owner}`,
    });
    expect(request.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows the configured origins, with credentials, and no other', async () => {
    const allowed = await preflight(allowing, 'https://console.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const request = await post(allowing, '{ viewer { kind } }', {
      origin: 'https://console.example.com',
      authorization: `Bearer ${allowing.owner}`,
    });
    expect(request.status).toBe(200);
    expect(request.headers.get('access-control-allow-origin')).toBe('https://console.example.com');

    for (const origin of ['https://evil.example', 'https://console.example.com.evil.example']) {
      const refused = await preflight(allowing, origin);
      expect([null, 'https://console.example.com']).toContain(
        refused.headers.get('access-control-allow-origin'),
      );
    }
  });
});

describe('the bearer scheme', () => {
  it.each([
    ['lower-case scheme', (token: string) => `bearer ${token}`],
    ['upper-case scheme and two spaces', (token: string) => `BEARER  ${token}`],
  ])('authenticates with a %s', async (_how, header) => {
    const answer = await post(plain, '{ viewer { kind } }', { authorization: header(plain.owner) });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { viewer: { kind: 'USER' } } });
  });

  it('challenges a request without a credential, and one with a bad credential, as RFC 6750 says', async () => {
    const anonymous = await post(plain, '{ viewer { kind } }');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="keygate"');
    expect(
      ((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('UNAUTHENTICATED');

    const bad = await post(plain, '{ viewer { kind } }', { authorization: 'Bearer kg_pat_not-a-real-one' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toBe('Bearer realm="keygate", error="invalid_token"');

    // Introspection needs no credential outside production.
    const introspection = await post(plain, '{ __schema { queryType { name } } }');
    expect(introspection.status).toBe(200);
    expect(await introspection.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

describe('KEYGATE_TRUST_PROXY', () => {
  it('is parsed strictly: none, a number of hops, or a list of addresses and ranges', () => {
    const trustOf = (value: string | undefined) => loadConfig({ KEYGATE_TRUST_PROXY: value }).trustProxy;
    for (const none of [undefined, '', 'false', '0', 'no', ' FALSE '])
      expect(trustOf(none)).toEqual({ kind: 'none' });
    for (const one of ['true', 'yes', 'TRUE']) expect(trustOf(one)).toEqual({ kind: 'hops', hops: 1 });
    expect(trustOf('2')).toEqual({ kind: 'hops', hops: 2 });
    expect(trustOf('loopback, 10.0.0.0/8, 192.0.2.1, uniquelocal')).toEqual({
      kind: 'ranges',
      ranges: ['loopback', '10.0.0.0/8', '192.0.2.1', 'uniquelocal'],
    });
    for (const wrong of ['010.0.0.1', 'banana', '10.0.0.0/33', 'true, 10.0.0.1', '1.5']) {
      expect(() => trustOf(wrong), wrong).toThrow(/KEYGATE_TRUST_PROXY/);
    }
  });

  describe('over HTTP', () => {
    let trusting: Server;

    beforeAll(async () => {
      trusting = await startServer({ trustProxy: { kind: 'hops', hops: 1 } });
    });

    afterAll(async () => {
      await stopServer(trusting);
    });

    async function tokenFrom(server: Server, trustedIps: string[]) {
      const identity = await seedMachineIdentity(server.keygate.services, server.organizationId);
      const { secret } = await seedToken(server.keygate.services, server.organizationId, identity.id, {
        trustedIps,
      });
      return secret;
    }

    const viewerStatus = async (server: Server, token: string, forwardedFor: string) =>
      (
        await post(server, '{ viewer { kind } }', {
          authorization: `Bearer ${token}`,
          'x-forwarded-for': forwardedFor,
        })
      ).status;

    it('behind one trusted hop, believes the entry that proxy wrote, never the client-written leftmost one', async () => {
      const forwardedFor = '198.51.100.7, 203.0.113.5';
      const proxyWrote = await tokenFrom(trusting, ['203.0.113.5/32']);
      const clientWrote = await tokenFrom(trusting, ['198.51.100.7/32']);
      expect(await viewerStatus(trusting, proxyWrote, forwardedFor)).toBe(200);
      expect(await viewerStatus(trusting, clientWrote, forwardedFor)).toBe(401);

      // Without a trusted proxy, the socket's peer is the client, whatever X-Forwarded-For says.
      const local = await tokenFrom(plain, ['127.0.0.1/32']);
      const forwarded = await tokenFrom(plain, ['203.0.113.5/32']);
      expect(await viewerStatus(plain, local, forwardedFor)).toBe(200);
      expect(await viewerStatus(plain, forwarded, '203.0.113.5')).toBe(401);
    });

    it('with two hops, or a list of trusted ranges, takes the first address no trusted proxy wrote', async () => {
      const forwardedFor = '198.51.100.7, 203.0.113.5, 10.1.2.3';
      const twoHops = await startServer({ trustProxy: { kind: 'hops', hops: 2 } });
      const ranges = await startServer({
        trustProxy: { kind: 'ranges', ranges: ['loopback', '10.0.0.0/8'] },
      });
      try {
        // Two hops: the socket's peer and the proxy that wrote 10.1.2.3 are trusted; 203.0.113.5 is the client.
        // Ranges: the peer (loopback) and 10.1.2.3 (10.0.0.0/8) are trusted proxies; 203.0.113.5 is not.
        for (const server of [twoHops, ranges]) {
          const client = await tokenFrom(server, ['203.0.113.5/32']);
          const spoofed = await tokenFrom(server, ['198.51.100.7/32']);
          const proxy = await tokenFrom(server, ['10.1.2.3/32']);
          expect(await viewerStatus(server, client, forwardedFor)).toBe(200);
          expect(await viewerStatus(server, spoofed, forwardedFor)).toBe(401);
          expect(await viewerStatus(server, proxy, forwardedFor)).toBe(401);
        }
        // The peer is in a trusted range, so the one entry it forwarded is the client, not the peer itself.
        const local = await tokenFrom(ranges, ['127.0.0.1/32']);
        expect(await viewerStatus(ranges, local, '203.0.113.5')).toBe(401);
      } finally {
        await stopServer(twoHops);
        await stopServer(ranges);
      }
    });

    it('records only a valid address as an audit event’s ip', async () => {
      const ipOf = async (forwardedFor: string) => {
        const requestId = `ip-${randomUUID()}`;
        const answer = await post(
          trusting,
          `mutation { createMachineIdentity(input: { name: "${requestId}" }) { __typename } }`,
          {
            authorization: `Bearer ${trusting.owner}`,
            'x-forwarded-for': forwardedFor,
            'x-request-id': requestId,
          },
        );
        expect(answer.status).toBe(200);
        const event = await trusting.keygate.services.prisma.auditEvent.findFirstOrThrow({
          where: { requestId },
        });
        return event.ip;
      };
      for (const junk of ['not-an-ip', '203.0.113.5, <script>', '999.1.1.1']) {
        expect([null, '127.0.0.1']).toContain(await ipOf(junk));
      }
      expect(await ipOf('198.51.100.7, 203.0.113.5')).toBe('203.0.113.5');
    });
  });
});
