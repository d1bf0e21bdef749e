import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleHandler, isConsoleRequest } from '../../src/console.js';

// How Keygate serves the built console: content types, client routes, caching, and no way out of the
// build folder. Raw requests, so that paths reach the server exactly as written.

let dir: string;
let server: Server;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'keygate-console-'));
  mkdirSync(path.join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'dist', 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the build');
  writeFileSync(path.join(dir, 'dist-other.txt'), 'beside the build');
  const serve = createConsoleHandler(path.join(dir, 'dist'));
  server = createServer((req, res) =>
    isConsoleRequest(req.url) ? serve(req, res) : res.writeHead(418).end(),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function get(rawPath: string, options: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: rawPath,
      method: options.method ?? 'GET',
      headers: options.headers,
    });
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving the console', () => {
  it('claims /console and what is below it, nothing else', () => {
    expect(['/console', '/console/', '/console/audit', '/console?x=1'].map(isConsoleRequest)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['/graphql', '/consoles', '/console-x', '/', undefined].map(isConsoleRequest)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('serves files with their content types; hashed assets are cached for good, the page is revalidated', async () => {
    const page = await get('/console/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');

    const script = await get('/console/assets/index-abc123.js');
    expect(script).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/console/assets/index-abc123.css')).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );

    const again = await get('/console/assets/index-abc123.js', {
      headers: { 'if-none-match': String(script.headers.etag) },
    });
    expect(again).toMatchObject({ status: 304, body: '' });
    const head = await get('/console/assets/index-abc123.js', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('14');
  });

  it('answers client routes with index.html, and a missing file with 404', async () => {
    for (const route of [
      '/console/audit',
      '/console/identities/TWFjaGluZUlkZW50aXR5OjE%3D',
      '/console/personal-access-tokens/',
    ]) {
      const response = await get(route);
      expect(response.status, route).toBe(200);
      expect(response.body).toContain('<title>console</title>');
    }
    expect((await get('/console/assets/gone-123.js')).status).toBe(404);
    expect((await get('/console')).headers.location).toBe('/console/');
  });

  it('never leaves the build folder', async () => {
    const attempts = [
      '/console/../secret.txt',
      '/console/%2e%2e/secret.txt',
      '/console/%2E%2E%2Fsecret.txt',
      '/console/..%2fsecret.txt',
      '/console/..%5csecret.txt',
      '/console/assets/../../secret.txt',
      '/console/%2e%2e/dist-other.txt',
      '/console/....//secret.txt',
      '/console/%00index.html',
      '/console/%E0%A4%A',
    ];
    for (const attempt of attempts) {
      const response = await get(attempt);
      expect(response.body, attempt).not.toContain('outside the build');
      expect(response.body, attempt).not.toContain('beside the build');
      expect([200, 400, 404, 418], attempt).toContain(response.status);
      if (response.status === 200) expect(response.body, attempt).toContain('<title>console</title>');
    }
  });

  it('refuses to change anything', async () => {
    const response = await get('/console/', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });
});

describe('a console built while Keygate runs', () => {
  it('answers 503 until it is built, then serves it, and serves a rebuild with new asset names', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'keygate-console-later-'));
    const dist = path.join(folder, 'dist');
    const serve = createConsoleHandler(dist);
    const later = createServer((req, res) => serve(req, res));
    await new Promise<void>((resolve) => later.listen(0, '127.0.0.1', resolve));
    const at = (rawPath: string) =>
      fetch(`http://127.0.0.1:${(later.address() as AddressInfo).port}${rawPath}`).then(async (response) => ({
        status: response.status,
        body: await response.text(),
        headers: response.headers,
      }));
    try {
      const unbuilt = await at('/console/');
      expect(unbuilt.status).toBe(503);
      expect(unbuilt.body).toContain('npm run console:build');
      expect(unbuilt.headers.get('content-security-policy')).toContain("default-src 'self'");

      let builds = 0;
      const build = (hash: string) => {
        rmSync(dist, { recursive: true, force: true });
        mkdirSync(path.join(dist, 'assets'), { recursive: true });
        writeFileSync(path.join(dist, 'assets', `index-${hash}.js`), `console.log('${hash}')`);
        // Written last, as Vite does, with a time of its own: the handler notices the new build by it.
        writeFileSync(path.join(dist, 'index.html'), `<title>${hash}</title>`);
        builds += 1;
        const time = new Date(Date.now() + builds * 10_000);
        utimesSync(path.join(dist, 'index.html'), time, time);
      };
      build('first1');
      expect(await at('/console/')).toMatchObject({ status: 200, body: '<title>first1</title>' });
      expect((await at('/console/assets/index-first1.js')).body).toBe("console.log('first1')");

      build('second22');
      expect(await at('/console/audit')).toMatchObject({ status: 200, body: '<title>second22</title>' });
      expect((await at('/console/assets/index-second22.js')).status).toBe(200);
      expect((await at('/console/assets/index-first1.js')).status).toBe(404);
    } finally {
      await new Promise((resolve) => later.close(resolve));
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('keeps its security headers on a 304', async () => {
    const first = await get('/console/assets/index-abc123.js');
    const again = await get('/console/assets/index-abc123.js', {
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.status).toBe(304);
    expect(again.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(again.headers['x-content-type-options']).toBe('nosniff');
  });
});
