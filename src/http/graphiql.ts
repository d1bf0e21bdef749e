import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { GraphiQLOptions } from 'graphql-yoga';
import { SECURITY_HEADERS } from '../console.js';
import type { Logger } from '../logger.js';

/**
 * GraphiQL as Keygate serves it: a page of about a kilobyte at the GraphQL endpoint and the editor's
 * files beside it, instead of Yoga's page with all of them inlined (9 MB, uncompressed, uncacheable).
 * The files come from the same bundle Yoga's page inlines (@graphql-yoga/render-graphiql), so GraphiQL
 * works offline and is the version Yoga ships.
 */

/** GraphiQL's files are served below this path, each under a name that carries its content hash. */
export const GRAPHIQL_ASSETS_PATH = '/graphiql/';

/**
 * The console's policy, plus what GraphiQL's editor (Monaco) cannot do without:
 * - style-src 'unsafe-inline': Monaco adds a <style> element at run time (its theme: without it no syntax
 *   colours) and writes style attributes into what it renders (about a hundred on the first load); it
 *   takes no nonce. Styles only: scripts stay 'self', with no inline script and no eval.
 * - font-src data:: the stylesheet carries its fonts (Roboto, Fira Code, the codicon icons) as data: URLs.
 * - worker-src 'self': Monaco's language workers are files served here, not the blob: URLs of Yoga's page.
 */
const GRAPHIQL_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self' data:; worker-src 'self'; object-src 'none'; base-uri 'none'; " +
  "form-action 'self'; frame-ancestors 'none'";

const HEADERS = { ...SECURITY_HEADERS, 'content-security-policy': GRAPHIQL_CSP };

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

/**
 * Runs before the bundle (both are deferred, in order): Monaco reads MonacoEnvironment as it loads and
 * whenever it starts a worker. GraphiQL is rendered once the document is parsed, that is after the bundle.
 * The page's options and worker URLs come from a JSON block, so this file is the same for every page.
 */
const BOOT_SCRIPT = `(() => {
  'use strict';
  const config = JSON.parse(document.getElementById('graphiql-config').textContent);
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: (_moduleId, label) => config.workers[label],
  };
  document.addEventListener('DOMContentLoaded', () => {
    self.YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), config.options);
  });
})();
`;

/**
 * Quality 5 packs the 5 MB bundle to 1.29 MB in half a second; 11 (Node's default) would save another
 * 13% and make the first visitor wait 17 s. Either runs once per process, off the event loop.
 */
const compressors = {
  br: (body: Buffer) =>
    promisify(brotliCompress)(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  gzip: (body: Buffer) => promisify(gzip)(body, { level: 9 }),
};

type Encoding = keyof typeof compressors | 'identity';

interface ServedFile {
  body: Buffer;
  etag: string;
  headers: Record<string, string>;
  /** Each compressed form, made the first time a client asks for it and kept. */
  compressed: Partial<Record<keyof typeof compressors, Promise<Buffer>>>;
}

interface GraphiQLFiles {
  page: ServedFile;
  /** By full URL path, hash included; anything else below GRAPHIQL_ASSETS_PATH is a 404. */
  assets: Map<string, ServedFile>;
}

export interface GraphiQLHandlerOptions {
  /** The GraphQL endpoint: GraphiQL's page is served there, and GraphiQL sends its requests there. */
  endpoint: string;
  options: GraphiQLOptions;
  logger: Logger;
}

export interface GraphiQLHandler {
  /** Whether the request is GraphiQL's: its page (when Yoga would have rendered one) or its files. */
  matches(request: IncomingMessage): boolean;
  serve(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/** Mounted only when GraphiQL is on; the bundle is read, and the page built, on the first request. */
export function createGraphiQLHandler({
  endpoint,
  options,
  logger,
}: GraphiQLHandlerOptions): GraphiQLHandler {
  let files: Promise<GraphiQLFiles> | undefined;
  const load = () => {
    files ??= loadGraphiQLFiles(endpoint, options).catch((error: unknown) => {
      files = undefined;
      throw error;
    });
    return files;
  };
  return {
    matches(request) {
      const url = request.url ?? '';
      if (isAssetRequest(url)) return true;
      // When Yoga renders GraphiQL: a GET that accepts HTML, at the endpoint with or without a slash.
      if (request.method !== 'GET' || !request.headers.accept?.includes('text/html')) return false;
      const { pathname } = new URL(url, 'http://graphiql.invalid');
      return pathname === endpoint || pathname === `${endpoint}/`;
    },
    async serve(request, response) {
      try {
        const url = request.url ?? '';
        if (!isAssetRequest(url)) return await send(request, response, (await load()).page);
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          return sendText(response, 405, 'Method not allowed', { allow: 'GET, HEAD' });
        }
        // By the parsed path: `/graphiql/../x` is /x, no asset, so a 404 like any other unknown name.
        const file = (await load()).assets.get(new URL(url, 'http://graphiql.invalid').pathname);
        if (!file) return sendText(response, 404, 'Not found');
        return await send(request, response, file);
      } catch (error) {
        logger.error({ err: error }, 'GraphiQL could not be served');
        if (response.headersSent) response.destroy();
        else sendText(response, 500, 'GraphiQL is unavailable');
      }
    },
  };
}

/** By the raw request target, as isConsoleRequest decides for the console. */
function isAssetRequest(url: string): boolean {
  return url.startsWith(GRAPHIQL_ASSETS_PATH);
}

async function loadGraphiQLFiles(endpoint: string, options: GraphiQLOptions): Promise<GraphiQLFiles> {
  // 9 MB of JavaScript strings: imported when GraphiQL is first asked for, not when Keygate starts.
  const bundle = await import('@graphql-yoga/render-graphiql/graphiql');
  const favicon = /^data:([^;,]+);base64,(.*)$/s.exec(bundle.favicon);
  if (!favicon) throw new Error('the GraphiQL bundle no longer carries its favicon as a base64 data: URL');
  const assets = new Map<string, ServedFile>();
  const asset = (name: string, extension: string, contentType: string, content: string | Buffer) => {
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const hash = contentHash(body);
    const path = `${GRAPHIQL_ASSETS_PATH}${name}.${hash}.${extension}`;
    assets.set(path, servedFile(body, hash, contentType, 'public, max-age=31536000, immutable'));
    return path;
  };
  const config = {
    options: { ...options, endpoint },
    // Monaco's worker labels, as Yoga's page maps them.
    workers: {
      editorWorkerService: asset('editor.worker', 'js', JS, bundle.editorWorkerService),
      json: asset('json.worker', 'js', JS, bundle.jsonWorker),
      graphql: asset('graphql.worker', 'js', JS, bundle.graphqlWorker),
    },
  };
  const page = Buffer.from(`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${asset('favicon', 'ico', favicon[1]!, Buffer.from(favicon[2]!, 'base64'))}">
    <link rel="stylesheet" href="${asset('graphiql', 'css', CSS, bundle.css)}">
    <script id="graphiql-config" type="application/json">${JSON.stringify(config).replaceAll('<', '\\u003c')}</script>
    <script defer src="${asset('boot', 'js', JS, BOOT_SCRIPT)}"></script>
    <script defer src="${asset('graphiql', 'js', JS, bundle.js)}"></script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root"></div>
  </body>
</html>
`);
  // Revalidated on every load, so a new Keygate's page (and with it new asset URLs) is seen at once. The
  // endpoint answers JSON to other Accept headers, hence `vary: accept`.
  const pageFile = servedFile(page, contentHash(page), HTML, 'no-cache', 'accept, accept-encoding');
  return { page: pageFile, assets };
}

function servedFile(
  body: Buffer,
  hash: string,
  contentType: string,
  cacheControl: string,
  vary = 'accept-encoding',
): ServedFile {
  const etag = `W/"${hash}"`;
  return {
    body,
    etag,
    headers: { ...HEADERS, 'content-type': contentType, 'cache-control': cacheControl, etag, vary },
    compressed: {},
  };
}

async function send(request: IncomingMessage, response: ServerResponse, file: ServedFile): Promise<void> {
  if (etagMatches(request.headers['if-none-match'], file.etag)) {
    response.writeHead(304, file.headers).end();
    return;
  }
  const encoding = chooseEncoding(request.headers['accept-encoding']);
  const body = encoding === 'identity' ? file.body : await compressed(file, encoding);
  response.writeHead(200, {
    ...file.headers,
    ...(encoding !== 'identity' && { 'content-encoding': encoding }),
    'content-length': body.length,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function compressed(file: ServedFile, encoding: keyof typeof compressors): Promise<Buffer> {
  const known = file.compressed[encoding];
  if (known) return known;
  const made = compressors[encoding](file.body);
  file.compressed[encoding] = made;
  // A failure is not kept: the next request tries again.
  made.catch(() => {
    if (file.compressed[encoding] === made) delete file.compressed[encoding];
  });
  return made;
}

/** Brotli or gzip, whichever the client weighs higher (Brotli on a tie); identity when it takes neither. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const weights = new Map<string, number>();
  for (const item of acceptEncoding.split(',')) {
    const [coding = '', ...parameters] = item.split(';').map((part) => part.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (coding) weights.set(coding, Number.isFinite(weight) ? weight : 0);
  }
  const weight = (coding: string) => weights.get(coding) ?? weights.get('*') ?? 0;
  const br = weight('br');
  const gz = weight('gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return 'identity';
}

/** If-None-Match compares weakly: a list of tags, `W/` or not, or `*`. */
function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === opaque;
  });
}

function contentHash(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  response
    .writeHead(status, {
      ...HEADERS,
      ...headers,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
    })
    .end(`${text}\n`);
}
