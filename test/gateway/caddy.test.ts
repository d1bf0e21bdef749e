import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
 * A real Caddy (Debian's package) with `forward_auth` to Keygate in front of a small upstream, with the
 * README's Caddyfile block as written.
 */

const CADDY = process.env.CADDY_BINARY ?? '/usr/bin/caddy';

let gateway: GatewayKeygate;
let upstream: Server;
let received: IncomingHttpHeaders[] = [];
let caddy: ChildProcess;
let dir: string;
let base: string;

/** Caddy on a spare port (another one if something took it meanwhile); resolves once it answers. */
function startCaddy(site: string): Promise<{ child: ChildProcess; port: number }> {
  return onSparePort(async (port) => {
    const file = path.join(dir, 'Caddyfile');
    // No admin endpoint (it would want port 2019), no automatic HTTPS: a plain HTTP site on the port.
    await writeFile(
      file,
      `{\n\tadmin off\n\tauto_https off\n}\n\n${site.replace('http://:8080', `http://127.0.0.1:${port}`)}`,
    );
    const child = await startAnsweringProcess(
      'caddy',
      CADDY,
      ['run', '--config', file, '--adapter', 'caddyfile'],
      port,
      {
        inUse: 'address already in use',
        env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      },
    );
    return { child, port };
  });
}

beforeAll(async () => {
  gateway = await startGatewayKeygate({
    KEYGATE_TRUST_PROXY: 'loopback',
    KEYGATE_FORWARD_AUTH_RULES: JSON.stringify([
      { path: '/admin/*', methods: ['POST'], require: ['token:delete'] },
    ]),
  });
  upstream = createServer((request, response) => {
    received.push(request.headers);
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end(`upstream saw ${request.method} ${request.url}`);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  dir = await mkdtemp(path.join(tmpdir(), 'keygate-caddy-'));
  const [block] = readmeBlocks('caddyfile');
  if (!block) throw new Error('the README has no caddyfile block');
  const site = fillIn(block, {
    'http://:8080': 'http://:8080',
    'keygate.internal:4000': new URL(gateway.url).host,
    'api.internal:9000': `127.0.0.1:${(upstream.address() as AddressInfo).port}`,
  });
  const started = await startCaddy(site);
  caddy = started.child;
  base = `http://127.0.0.1:${started.port}`;
}, 120_000);

afterAll(async () => {
  if (caddy && caddy.exitCode === null) {
    const exited = new Promise((resolve) => caddy.once('exit', resolve));
    caddy.kill('SIGTERM');
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
  await new Promise((resolve) => upstream?.close(resolve));
  await gateway?.close();
});

describe('Caddy forward_auth in front of an API', () => {
  it('passes a valid token through with its identity headers, and refuses it once revoked', async () => {
    const { services } = gateway.keygate;
    const identity = await seedMachineIdentity(services, gateway.organizationId, { role: 'AUDITOR' });
    const token = await seedToken(services, gateway.organizationId, identity.id);
    received = [];
    const passed = await fetch(`${base}/orders/7`, { headers: { authorization: `Bearer ${token.secret}` } });
    expect(passed.status).toBe(200);
    expect(await passed.text()).toBe('upstream saw GET /orders/7');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      'x-keygate-subject': Buffer.from(`MachineIdentity:${identity.id}`).toString('base64'),
      'x-keygate-credential-id': Buffer.from(`Token:${token.tokenId}`).toString('base64'),
      'x-keygate-scopes': expect.stringContaining('audit:read'),
    });
    expect(received[0]!.authorization).toBeUndefined();

    await gateway.graphql(`mutation ($id: ID!) { revokeToken(input: { id: $id }) { __typename } }`, {
      id: Buffer.from(`Token:${token.tokenId}`).toString('base64'),
    });
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
      'x-original-uri': '/public',
      'x-keygate-client-id': 'someone-else',
      'x-keygate-subject-kind': 'USER',
    };
    received = [];
    for (const route of ['/admin/7', '/Admin/7']) {
      const refused = await fetch(`${base}${route}`, { method: 'POST', headers: spoofed });
      expect(refused.status, route).toBe(403);
    }
    expect(received).toEqual([]);
    const passed = await fetch(`${base}/orders/7`, {
      headers: { ...spoofed, 'x-original-uri': '/orders/7' },
    });
    expect(passed.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]!['x-keygate-subject-kind']).toBe('MACHINE_IDENTITY');
    expect(received[0]!['x-keygate-client-id'] ?? '').toBe('');
  });

  it('refuses a request without a credential, and one lacking a scope a configured route requires', async () => {
    received = [];
    const refused = await fetch(`${base}/orders`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="keygate"');

    // Caddy tells Keygate the original method and URI (X-Forwarded-Method, X-Forwarded-Uri).
    const { services } = gateway.keygate;
    const identity = await seedMachineIdentity(services, gateway.organizationId, { role: 'AUDITOR' });
    const token = await seedToken(services, gateway.organizationId, identity.id);
    const headers = { authorization: `Bearer ${token.secret}` };
    expect((await fetch(`${base}/admin/users`, { headers })).status).toBe(200);
    const forbidden = await fetch(`${base}/admin/users`, { method: 'POST', headers });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('www-authenticate')).toContain('scope="token:delete"');
    expect(received).toHaveLength(1);
  });
});
