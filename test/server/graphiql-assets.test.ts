import { createHash } from 'node:crypto';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding } from '../../src/http/graphiql.js';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { testConfig } from '../support/keygate.js';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** As sent, not decoded. */
  body: Buffer;
}

/**
 * node:http rather than fetch, which would ask for and undo compression on its own; the path is sent as
 * written, `..` and all.
 */
function request(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  const [, origin = '', path = '/'] = /^(https?:\/\/[^/]+)(.*)$/.exec(url) ?? [];
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    http
      .request({ hostname, port, path, method, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      })
      .on('error', reject)
      .end();
  });
}

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

async function startWith(env: Record<string, string>) {
  const database = await createTestDatabase();
  try {
    const keygate = await startKeygate({
      ...testConfig({ NODE_ENV: 'test', ...env }),
      databaseUrl: database.url,
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
    });
    return { keygate, database };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** The asset URLs a page refers to: stylesheet, icon, scripts, and Monaco's workers in its config. */
function assetUrls(page: string): string[] {
  const referenced = [...page.matchAll(/(?:href|src)="([^"]+)"/g)].map((match) => match[1]!);
  const workers = Object.values(pageConfig(page).workers);
  return [...referenced, ...workers];
}

function pageConfig(page: string): { options: Record<string, unknown>; workers: Record<string, string> } {
  const json = /<script id="graphiql-config" type="application\/json">(.*?)<\/script>/s.exec(page);
  if (!json) throw new Error('no GraphiQL config in the page');
  return JSON.parse(json[1]!);
}

describe('GraphiQL served by Keygate', () => {
  let keygate: RunningKeygate;
  let database: TestDatabase;
  let page: RawResponse;
  let html: string;

  beforeAll(async () => {
    ({ keygate, database } = await startWith({}));
    page = await request(`${keygate.url}/graphql`, HTML);
    html = page.body.toString();
  });

  afterAll(async () => {
    await keygate?.close();
    await database?.drop();
  });

  it('is a small page with the console security headers, an ETag and no-cache', () => {
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body.length).toBeLessThan(20_000);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers.etag).toMatch(/^W\/"[0-9a-f]{16}"$/);
    expect(page.headers.vary).toBe('accept, accept-encoding');
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const csp = page.headers['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('blob:');
  });

  it('has no inline script and no placeholder header', () => {
    for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
      expect(tag).toMatch(/\bsrc="\/graphiql\/|type="application\/json"/);
    }
    const { options } = pageConfig(html);
    expect(options).toMatchObject({ title: 'Keygate', endpoint: '/graphql', shouldPersistHeaders: false });
    expect(options.headers).toBeUndefined();
    expect(options.defaultHeaders).toBeUndefined();
    expect(options.defaultQuery).toContain('"Authorization": "Bearer kg_pat_..."');
  });

  it('answers 304 to If-None-Match, and compresses the page when asked', async () => {
    const again = await request(`${keygate.url}/graphql`, {
      ...HTML,
      'if-none-match': `"other", ${page.headers.etag}`,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(page.headers.etag);
    const br = await request(`${keygate.url}/graphql`, { ...HTML, 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(html);
  });

  it('serves every asset under its content hash, immutable, as br, gzip or identity', async () => {
    const urls = assetUrls(html);
    expect(urls.map((url) => url.replace(/\.[0-9a-f]{16}\./, '.*.')).sort()).toEqual([
      '/graphiql/boot.*.js',
      '/graphiql/editor.worker.*.js',
      '/graphiql/favicon.*.ico',
      '/graphiql/graphiql.*.css',
      '/graphiql/graphiql.*.js',
      '/graphiql/graphql.worker.*.js',
      '/graphiql/json.worker.*.js',
    ]);
    for (const url of urls) {
      const identity = await request(`${keygate.url}${url}`);
      expect(identity.status, url).toBe(200);
      expect(identity.headers['content-encoding'], url).toBeUndefined();
      expect(createHash('sha256').update(identity.body).digest('hex').slice(0, 16), url).toBe(
        /\.([0-9a-f]{16})\./.exec(url)?.[1],
      );
      expect(identity.headers['content-type'], url).toBe(
        url.endsWith('.css')
          ? 'text/css; charset=utf-8'
          : url.endsWith('.ico')
            ? 'image/x-icon'
            : 'text/javascript; charset=utf-8',
      );
      expect(identity.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
      expect(identity.headers.vary, url).toBe('accept-encoding');
      expect(identity.headers['x-content-type-options'], url).toBe('nosniff');
      expect(identity.headers['content-security-policy'], url).toBe(page.headers['content-security-policy']);

      const br = await request(`${keygate.url}${url}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(Number(br.headers['content-length']), url).toBe(br.body.length);
      expect(brotliDecompressSync(br.body).equals(identity.body), url).toBe(true);

      const gzip = await request(`${keygate.url}${url}`, { 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding'], url).toBe('gzip');
      expect(gunzipSync(gzip.body).equals(identity.body), url).toBe(true);
      expect(gzip.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
    const bundle = urls.find((url) => /\/graphiql\.[0-9a-f]{16}\.js$/.test(url))!;
    const compressed = await request(`${keygate.url}${bundle}`, { 'accept-encoding': 'br' });
    // GraphiQL's 5 MB bundle goes over the wire at about a quarter of that.
    expect(compressed.body.length).toBeLessThan(2_000_000);
    const head = await request(`${keygate.url}${bundle}`, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(compressed.body.length));
  });

  it('answers 404 to a tampered or unknown asset path, and 405 to other methods', async () => {
    const css = assetUrls(html).find((url) => url.endsWith('.css'))!;
    const tampered = css.replace(/\.([0-9a-f])([0-9a-f]{15})\./, (_, first: string, rest: string) => {
      return `.${first === '0' ? '1' : '0'}${rest}.`;
    });
    for (const path of [
      tampered,
      css.replace(/\.[0-9a-f]{16}\./, '.'),
      `${css}x`,
      css.replace(/[0-9a-f]{16}/, (hash) => hash.toUpperCase()),
      '/graphiql/',
      '/graphiql/package.json',
      // The URL parser folds these out of /graphiql/; what is asked for below it is an asset or nothing.
      '/graphiql/../graphql',
      '/graphiql/%2e%2e/package.json',
    ]) {
      const response = await request(`${keygate.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers['x-content-type-options'], path).toBe('nosniff');
    }
    expect((await request(`${keygate.url}${css}`, {}, 'POST')).status).toBe(405);
  });

  it('leaves every other request at the endpoint to Yoga', async () => {
    const json = await fetch(`${keygate.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/graphql-response+json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(json.headers.get('content-type')).toContain('json');
    expect(await json.json()).toEqual({ data: { __typename: 'Query' } });
    const post = await fetch(`${keygate.url}/graphql`, {
      method: 'POST',
      headers: { accept: 'text/html', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await post.text()).not.toContain('graphiql-config');
  });
});

describe('GraphiQL turned off by config', () => {
  let keygate: RunningKeygate;
  let database: TestDatabase;
  let enabled: { keygate: RunningKeygate; database: TestDatabase };

  beforeAll(async () => {
    [{ keygate, database }, enabled] = await Promise.all([
      startWith({ KEYGATE_GRAPHIQL: 'false' }),
      startWith({}),
    ]);
  });

  afterAll(async () => {
    await Promise.all([keygate?.close(), enabled?.keygate.close()]);
    await Promise.all([database?.drop(), enabled?.database.drop()]);
  });

  it('serves no page and no assets', async () => {
    const page = await request(`${keygate.url}/graphql`, HTML);
    expect(page.headers['content-type']).not.toContain('text/html');
    expect(page.body.toString()).not.toContain('graphiql');
    const urls = assetUrls((await request(`${enabled.keygate.url}/graphql`, HTML)).body.toString());
    for (const url of urls) expect((await request(`${keygate.url}${url}`)).status, url).toBe(404);
  });
});

describe('chooseEncoding', () => {
  it('takes the higher weight, Brotli on a tie, identity when neither is acceptable', () => {
    expect(chooseEncoding(undefined)).toBe('identity');
    expect(chooseEncoding('')).toBe('identity');
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('BR;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0.1, br;q=0')).toBe('gzip');
    expect(chooseEncoding('identity, deflate')).toBe('identity');
    expect(chooseEncoding('br;q=nonsense, gzip')).toBe('gzip');
  });
});
