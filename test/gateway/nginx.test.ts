import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayKeygate, startGatewayKeygate } from '../support/gateway.js';
import { onSparePort } from '../support/ports.js';
import { startAnsweringProcess } from '../support/proxy-process.js';
import { fillIn, readmeBlocks } from '../support/readme.js';
import { seedMachineIdentity, seedToken } from '../support/seed.js';

/*
 * A real nginx (Debian's package, with its auth_request module) in front of a small upstream, asking
 * Keygate's /auth/forward before it passes each request on, with the README's nginx block as written.
 */

const NGINX = process.env.NGINX_BINARY ?? '/usr/sbin/nginx';

/** The README's nginx block, as written, with this test's addresses, in a main configuration of its own. */
function nginxConfig(options: { keygate: string; upstream: string; prefix: string }) {
  const [server] = readmeBlocks('nginx');
  if (!server) throw new Error('the README has no nginx block');
  const site = fillIn(server, {
    'listen 8080;': 'listen 127.0.0.1:__PORT__;',
    'http://api.internal:9000': options.upstream,
    'http://keygate.internal:4000': options.keygate,
  });
  return `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${options.prefix}/nginx.pid;
error_log ${options.prefix}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${options.prefix}/body;
  proxy_temp_path ${options.prefix}/proxy;
  fastcgi_temp_path ${options.prefix}/fastcgi;
  uwsgi_temp_path ${options.prefix}/uwsgi;
  scgi_temp_path ${options.prefix}/scgi;
${site}
}
`;
}

let gateway: GatewayKeygate;
let upstream: Server;
/** What the upstream last received: the request nginx passed on. */
let received: IncomingHttpHeaders[] = [];
let nginx: ChildProcess;
let prefix: string;
let base: string;

/** nginx on a spare port (another one if something took it meanwhile); resolves once it answers. */
function startNginx(config: string): Promise<{ child: ChildProcess; port: number }> {
  return onSparePort((port) => startNginxOn(config, port));
}

async function startNginxOn(config: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  await writeFile(path.join(prefix, 'nginx.conf'), config.replaceAll('__PORT__', String(port)));
  // Ready once it answers: nginx says nothing when it listens.
  const child = await startAnsweringProcess(
    'nginx',
    NGINX,
    ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')],
    port,
    {
      inUse: 'Address already in use',
    },
  );
  return { child, port };
}

beforeAll(async () => {
  gateway = await startGatewayKeygate({
    KEYGATE_TRUST_PROXY: 'loopback',
    KEYGATE_FORWARD_AUTH_RULES: JSON.stringify([
      { path: '/admin/*', methods: ['DELETE'], require: ['token:delete'] },
    ]),
  });
  upstream = createServer((request, response) => {
    received.push(request.headers);
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end(`upstream saw ${request.method} ${request.url}`);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  prefix = await mkdtemp(path.join(tmpdir(), 'keygate-nginx-'));
  const config = nginxConfig({
    keygate: gateway.url,
    upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    prefix,
  });
  const started = await startNginx(config);
  nginx = started.child;
  base = `http://127.0.0.1:${started.port}`;
}, 120_000);

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx.once('exit', resolve));
    nginx.kill('SIGQUIT');
    await exited;
  }
  if (prefix) {
    const log = await readFile(path.join(prefix, 'error.log'), 'utf8').catch(() => '');
    if (log.includes('[emerg]')) console.error(log);
    await rm(prefix, { recursive: true, force: true });
  }
  await new Promise((resolve) => upstream?.close(resolve));
  await gateway?.close();
});

describe('nginx auth_request in front of an API', () => {
  it('passes a valid token through with its identity headers, and refuses it once revoked', async () => {
    const { services } = gateway.keygate;
    const identity = await seedMachineIdentity(services, gateway.organizationId, { role: 'AUDITOR' });
    const token = await seedToken(services, gateway.organizationId, identity.id);
    received = [];
    const passed = await fetch(`${base}/orders/7?x=1`, {
      headers: { authorization: `Bearer ${token.secret}` },
    });
    expect(passed.status).toBe(200);
    expect(await passed.text()).toBe('upstream saw GET /orders/7?x=1');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      'x-keygate-subject': Buffer.from(`MachineIdentity:${identity.id}`).toString('base64'),
      'x-keygate-organization': Buffer.from(`Organization:${gateway.organizationId}`).toString('base64'),
      'x-keygate-scopes': expect.stringContaining('audit:read'),
    });
    // The upstream never sees the credential itself.
    expect(received[0]!.authorization).toBeUndefined();

    const revoked = await gateway.graphql(
      `mutation ($id: ID!) { revokeToken(input: { id: $id }) { __typename } }`,
      {
        id: Buffer.from(`Token:${token.tokenId}`).toString('base64'),
      },
    );
    expect(revoked.data.revokeToken.__typename).toBe('TokenPayload');
    received = [];
    const refused = await fetch(`${base}/orders/7`, { headers: { authorization: `Bearer ${token.secret}` } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="keygate", error="invalid_token"');
    expect(received).toHaveLength(0);
  });

  it("holds a route's rule whatever the client writes, and never passes a client's X-Keygate-* on", async () => {
    const { services } = gateway.keygate;
    const identity = await seedMachineIdentity(services, gateway.organizationId, { role: 'AUDITOR' });
    const token = await seedToken(services, gateway.organizationId, identity.id);
    const spoofed = {
      authorization: `Bearer ${token.secret}`,
      'x-forwarded-uri': '/public',
      'x-forwarded-method': 'GET',
      'x-original-uri': '/public',
      'x-keygate-client-id': 'someone-else',
      'x-keygate-subject-kind': 'USER',
    };
    received = [];
    for (const route of ['/admin/7', '/ADMIN/7', '/public/../admin/7']) {
      const refused = await fetch(`${base}${route}`, { method: 'DELETE', headers: spoofed });
      expect(refused.status, route).toBe(403);
    }
    expect(received).toEqual([]);
    const passed = await fetch(`${base}/orders/7`, { headers: spoofed });
    expect(passed.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]!['x-keygate-subject-kind']).toBe('MACHINE_IDENTITY');
    expect(received[0]!['x-keygate-client-id']).toBeUndefined();
  });

  it('refuses a request without a credential before it reaches the upstream', async () => {
    received = [];
    const refused = await fetch(`${base}/orders`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="keygate"');
    expect(received).toHaveLength(0);
  });

  it('tells Keygate where the request came from: the client address nginx saw', async () => {
    const { services } = gateway.keygate;
    const identity = await seedMachineIdentity(services, gateway.organizationId);
    // Trusted from 127.0.0.1 only: nginx forwards the client's address, which is that.
    const token = await seedToken(services, gateway.organizationId, identity.id, {
      trustedIps: ['127.0.0.1/32'],
    });
    const passed = await fetch(`${base}/`, { headers: { authorization: `Bearer ${token.secret}` } });
    expect(passed.status).toBe(200);
    const elsewhere = await seedToken(services, gateway.organizationId, identity.id, {
      trustedIps: ['203.0.113.0/24'],
    });
    expect(
      (await fetch(`${base}/`, { headers: { authorization: `Bearer ${elsewhere.secret}` } })).status,
    ).toBe(401);
  });
});
