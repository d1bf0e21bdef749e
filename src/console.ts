import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv, { type RequestHandler } from 'sirv';

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
 * Serves the built console from `root` through sirv: files by their extension's content type, and
 * index.html for every other path below /console so that client-side routes survive a reload. sirv lists
 * the build folder once and answers from that list, so no part of a URL ever becomes a path on disk: a
 * file is served only if the build made it. The list is made again when index.html changes (a new
 * `npm run console:build` while Keygate runs). Vite names the files under assets/ by their content hash,
 * so they are cached for good; everything else is revalidated.
 */
export function createConsoleHandler(root: string = DEFAULT_ROOT) {
  const base = path.resolve(root);
  const index = path.join(base, 'index.html');
  let built: { indexMtimeMs: number; serve: RequestHandler } | undefined;
  const current = async (): Promise<RequestHandler | undefined> => {
    const info = await stat(index).catch(() => null);
    if (!info?.isFile()) {
      built = undefined;
      return undefined;
    }
    if (built?.indexMtimeMs !== info.mtimeMs) {
      built = {
        indexMtimeMs: info.mtimeMs,
        serve: sirv(base, {
          single: true,
          etag: true,
          // Only index.html, for the client routes; no other name is guessed at.
          extensions: ['html'],
          setHeaders: (response, pathname) => {
            // A path with no extension is a client route, answered with index.html.
            const extension = path.posix.extname(pathname).toLowerCase() || '.html';
            response.setHeader('content-type', CONTENT_TYPES[extension] ?? 'application/octet-stream');
            response.setHeader(
              'cache-control',
              pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
            );
          },
        }),
      };
    }
    return built.serve;
  };
  return async function serveConsole(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendText(response, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    }
    // The URL parser already folds `.` and `..` segments (also as %2e); what is left must still be below
    // /console.
    const { pathname, search } = new URL(request.url ?? '/', 'http://console.invalid');
    if (pathname === CONSOLE_PATH)
      return sendText(response, 308, 'Moved', { location: `${CONSOLE_PATH}/${search}` });
    if (!pathname.startsWith(`${CONSOLE_PATH}/`)) return sendText(response, 404, 'Not found');
    const serve = await current();
    if (!serve) return sendText(response, 503, 'The console is not built: run `npm run console:build`.');
    // Set before sirv writes its headers, so that they are on every answer, 304s included.
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    // sirv reads the path below /console; the request itself keeps its URL (the request log shows it).
    const below = Object.create(request, {
      url: { value: `${pathname.slice(CONSOLE_PATH.length)}${search}` },
    }) as IncomingMessage;
    // A missing file with an extension (a stale asset, a typo) is a 404; sirv answers the rest.
    serve(below, response, () => sendText(response, 404, 'Not found'));
  };
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
