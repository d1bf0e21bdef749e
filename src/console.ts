import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where Keygate serves the web console. */
export const CONSOLE_PATH = '/console';

/** `npm install` builds the console here (see the `console:build` script). */
const DEFAULT_ROOT = fileURLToPath(new URL('../console/dist/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The console is a static single-page app, so it gets a strict policy: its own scripts and styles only,
 * requests to this origin only (the API), and no framing. GraphiQL (src/http/graphiql.ts) builds on these.
 */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export function isConsoleRequest(url: string | undefined): boolean {
  if (!url) return false;
  return url === CONSOLE_PATH || url.startsWith(`${CONSOLE_PATH}/`) || url.startsWith(`${CONSOLE_PATH}?`);
}

/**
 * Serves the built console from `root`: files by their extension's content type, and index.html for every
 * other path below /console so that client-side routes survive a reload. Vite names the files under
 * assets/ by their content hash, so they are cached for good; everything else is revalidated.
 */
export function createConsoleHandler(root: string = DEFAULT_ROOT) {
  const base = path.resolve(root);
  return async function serveConsole(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendText(response, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    }
    // The URL parser already folds `.` and `..` segments; what is left must still be below /console.
    const { pathname, search } = new URL(request.url ?? '/', 'http://console.invalid');
    if (pathname === CONSOLE_PATH)
      return sendText(response, 308, 'Moved', { location: `${CONSOLE_PATH}/${search}` });
    if (!pathname.startsWith(`${CONSOLE_PATH}/`)) return sendText(response, 404, 'Not found');
    const file = resolveInside(base, pathname.slice(CONSOLE_PATH.length));
    if (file === null) return sendText(response, 400, 'Bad path');

    const found = await fileAt(file);
    if (found)
      return sendFile(
        request,
        response,
        file,
        found,
        path.relative(base, file).startsWith(`assets${path.sep}`),
      );
    // A missing file with an extension (a stale asset, a typo) is a 404; anything else is a client route.
    if (path.extname(file) !== '') return sendText(response, 404, 'Not found');
    const index = path.join(base, 'index.html');
    const indexFound = await fileAt(index);
    if (!indexFound) {
      return sendText(response, 503, 'The console is not built: run `npm run console:build`.');
    }
    return sendFile(request, response, index, indexFound, false);
  };
}

/**
 * Maps a URL path (below /console) to a file under `base`, or null when it would leave it. The path is
 * decoded first, so `%2e%2e` and `%2f` cannot smuggle a `..` past the check.
 */
export function resolveInside(base: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const file = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  if (file !== base && !file.startsWith(`${base}${path.sep}`)) return null;
  return file;
}

async function fileAt(file: string) {
  try {
    const info = await stat(file);
    return info.isFile() ? info : null;
  } catch {
    return null;
  }
}

function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: string,
  info: { size: number; mtimeMs: number },
  immutable: boolean,
): void {
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag,
  };
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304, headers).end();
    return;
  }
  response.writeHead(200, { ...headers, 'content-length': info.size });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
) {
  response
    .writeHead(status, {
      ...SECURITY_HEADERS,
      ...headers,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
    })
    .end(`${text}\n`);
}
