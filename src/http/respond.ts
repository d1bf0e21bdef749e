import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdOfHeader } from '../request-logging.js';

/*
 * What every plain-HTTP endpoint needs: a bounded form or JSON body, JSON answers with the headers OAuth
 * wants (no caching, a request id), and the request facts caller.ts takes.
 */

const MAX_BODY_BYTES = 16_384;

export class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The body of a request, at most 16 kB unless said otherwise (413 above it). */
export function readBody(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes)
    return Promise.reject(new BadRequest(413, 'request body too large'));
  // A client gone before the body was asked for sends no more events: refused now, not waited for.
  if (request.destroyed) return Promise.reject(new BadRequest(400, 'the request body was cut short'));
  if (request.readableEnded) return Promise.resolve('');
  // Events, not `for await`: an async iterator costs a promise per chunk, and an introspection's body
  // is one chunk on a hot path.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish();
        // The rest is read and dropped, so that the answer can still be sent on this connection.
        request.resume();
        reject(new BadRequest(413, 'request body too large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      finish();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      finish();
      reject(error);
    };
    // A client that goes before its body is whole ends the stream without an 'end' (as an 'error' first,
    // as a rule: this is the backstop).
    const onClose = () => onError(new BadRequest(400, 'the request body was cut short'));
    const finish = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

/** A parsed form: one value per parameter, but for those a request may repeat. */
export interface Form {
  get(name: string): string | undefined;
  /** Every value of a parameter that may be sent more than once (RFC 8707 `resource`, say). */
  all(name: string): string[];
}

/**
 * An application/x-www-form-urlencoded body (what OAuth endpoints take), where a parameter sent twice is
 * refused (RFC 6749 §3.2: "parameters MUST NOT be included more than once"), except those in `repeatable`.
 */
export async function readForm(request: IncomingMessage, repeatable: readonly string[] = []): Promise<Form> {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new BadRequest(400, 'the body must be application/x-www-form-urlencoded');
  }
  const values = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(await readBody(request))) {
    const list = values.get(name) ?? [];
    if (list.length > 0 && !repeatable.includes(name)) {
      throw new BadRequest(400, `parameter ${name} was sent more than once`);
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
    if (/[\u0000-\u001f\u007f]/.test(value))
      throw new BadRequest(400, `parameter ${name} holds a control character`);
    list.push(value);
    values.set(name, list);
  }
  return {
    get: (name) => values.get(name)?.[0],
    all: (name) => values.get(name) ?? [],
  };
}

/** A JSON answer that no cache keeps (RFC 6749 §5.1), with the request's id. */
export function sendJson(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    pragma: 'no-cache',
    'x-request-id': requestIdOfHttp(request),
    ...headers,
  });
  response.end(request.method === 'HEAD' ? undefined : text);
}

/** An RFC 6749 §5.2 error answer. */
export function sendOAuthError(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): void {
  sendJson(request, response, status, { error, error_description: description }, headers);
}

/**
 * Where a request keeps its id once worked out: a property of its own under a symbol, which costs less on
 * every gateway check than a WeakMap's entry.
 */
const REQUEST_ID = Symbol('keygate.requestId');

/** The request's id: the caller's x-request-id when well formed and free of secrets, else a fresh one. */
export function requestIdOfHttp(request: IncomingMessage): string {
  const tagged = request as IncomingMessage & { [REQUEST_ID]?: string };
  let id = tagged[REQUEST_ID];
  if (id === undefined) {
    const incoming = request.headers['x-request-id'];
    id = requestIdOfHeader(typeof incoming === 'string' ? incoming : null);
    tagged[REQUEST_ID] = id;
  }
  return id;
}

/** The one value of a header (a repeated header is refused by taking none). */
export function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}
