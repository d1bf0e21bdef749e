import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LeakSource, reportLeakedSecret } from '../domain/leaked-secrets.js';
import type { Services } from '../services.js';
import { answerFailure } from './oauth/failures.js';
import { requestFactsOf } from './request-facts.js';
import { BadRequest, header, readBody, sendJson } from './respond.js';
import { type HttpRoute, pathOf } from './route.js';

export const GITHUB_PATH = '/secret-scanning/github';
export const REPORT_PATH = '/secret-scanning/report';

/** GitHub sends up to a few hundred matches per request; a bound keeps one request from being any size. */
const MAX_GITHUB_BODY_BYTES = 1_048_576;
const MAX_GITHUB_MATCHES = 1000;
/** Public reports one client address may make per hour. */
const REPORTS_PER_HOUR = 20;

/**
 * The two doors by which Keygate hears of its secrets in public: GitHub's secret-scanning partner program
 * (signed by GitHub, with keys the operator configures) and a public report anyone may send. Both act the
 * same way (src/domain/leaked-secrets.ts): a live credential is revoked or reported by its organization's
 * leak policy, with a `credential.leaked` event.
 */
export function secretScanningRoutes(services: Services): HttpRoute[] {
  const keys = new Map<string, KeyObject>(
    services.config.secretScanningGithubKeys.map((entry) => [
      entry.keyIdentifier,
      createPublicKey(entry.key),
    ]),
  );
  return [
    {
      name: 'secret-scanning.github',
      matches: (request) => pathOf(request) === GITHUB_PATH,
      serve: (request, response) =>
        answering(services, request, response, () => serveGithub(services, keys, request, response)),
    },
    {
      name: 'secret-scanning.report',
      matches: (request) => pathOf(request) === REPORT_PATH,
      serve: (request, response) =>
        answering(services, request, response, () => serveReport(services, request, response)),
    },
  ];
}

async function answering(
  services: Services,
  request: IncomingMessage,
  response: ServerResponse,
  serve: () => Promise<void>,
) {
  try {
    if (request.method !== 'POST') {
      sendJson(
        request,
        response,
        405,
        { error: 'method_not_allowed', message: 'POST only' },
        { allow: 'POST' },
      );
      return;
    }
    await serve();
  } catch (error) {
    if (error instanceof BadRequest) {
      sendJson(request, response, error.status, { error: 'invalid_request', message: error.message });
      return;
    }
    // Nothing above server.ts catches a route's failure: a database away is a 503, anything else a logged 500.
    answerFailure(services, request, response, error);
  }
}

interface GithubMatch {
  token: string;
  type: string;
  url?: string;
  source?: string;
}

/**
 * GitHub's format: a JSON array of `{token, type, url, source}`, signed over the raw body with ECDSA P-256
 * and SHA-256 (`Github-Public-Key-Signature`, base64 DER) by the key `Github-Public-Key-Identifier` names.
 * The answer is the program's feedback: per match, its SHA-256 (`token_hash`, so the secret is not sent
 * back), its type, and `true_positive` for a live Keygate credential, `false_positive` otherwise.
 */
async function serveGithub(
  services: Services,
  keys: Map<string, KeyObject>,
  request: IncomingMessage,
  response: ServerResponse,
) {
  if (keys.size === 0) {
    // Off unless configured: nobody could sign a report Keygate would believe.
    sendJson(request, response, 404, {
      error: 'not_found',
      message: 'GitHub secret scanning is not configured',
    });
    return;
  }
  const body = await readBody(request, MAX_GITHUB_BODY_BYTES);
  const key = keys.get(header(request, 'github-public-key-identifier') ?? '');
  const signature = header(request, 'github-public-key-signature');
  if (!key || !signature || !verifies(key, body, signature)) {
    sendJson(request, response, 401, {
      error: 'invalid_signature',
      message: 'the report is not signed by GitHub',
    });
    return;
  }
  const matches = parseMatches(body);
  const feedback = [];
  // One after another: a batch is a few matches, and the revocations queue on organization chain heads anyway.
  for (const match of matches) {
    const { live } = await reportLeakedSecret(services, {
      secret: match.token,
      source: 'github',
      url: match.url,
    });
    feedback.push({
      token_hash: createHash('sha256').update(match.token).digest('hex'),
      token_type: match.type,
      label: live ? 'true_positive' : 'false_positive',
    });
  }
  sendJson(request, response, 200, feedback);
}

function verifies(key: KeyObject, body: string, signature: string): boolean {
  try {
    return verify('sha256', Buffer.from(body), { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

function parseMatches(body: string): GithubMatch[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadRequest(400, 'the body is not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length > MAX_GITHUB_MATCHES) {
    throw new BadRequest(400, `the body is an array of at most ${MAX_GITHUB_MATCHES} matches`);
  }
  return parsed.map((entry) => {
    const match = entry as Partial<GithubMatch> | null;
    if (!match || typeof match.token !== 'string' || typeof match.type !== 'string') {
      throw new BadRequest(400, 'each match has a token and a type');
    }
    return {
      token: match.token,
      type: match.type,
      url: typeof match.url === 'string' ? match.url : undefined,
    };
  });
}

/**
 * A public report: `{"secret": "kg_…", "url": "where it was found"}` (or `token`), no account needed. The
 * answer is always the same 202, whether the secret was live, unknown, already revoked or not a secret at
 * all, so the door tells nothing about any secret; the effect is a GitHub report's.
 */
async function serveReport(services: Services, request: IncomingMessage, response: ServerResponse) {
  const facts = requestFactsOf(services, request);
  const limit = await services.rateLimiter.hit(
    `leak-report:${facts.ip ?? 'unknown'}`,
    REPORTS_PER_HOUR,
    3_600_000,
  );
  if (!limit.allowed) {
    sendJson(
      request,
      response,
      429,
      { error: 'rate_limited', message: 'too many reports; try again later' },
      { 'retry-after': String(limit.retryAfterSeconds) },
    );
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBody(request));
  } catch (error) {
    if (error instanceof BadRequest) throw error;
    throw new BadRequest(400, 'the body is JSON: {"secret": "…", "url": "…"}');
  }
  const report = (parsed ?? {}) as { secret?: unknown; token?: unknown; url?: unknown };
  const secret = typeof report.secret === 'string' ? report.secret : report.token;
  if (typeof secret !== 'string') throw new BadRequest(400, 'the body names the secret: {"secret": "…"}');
  const source: LeakSource = 'report';
  await reportLeakedSecret(services, {
    secret,
    source,
    url: typeof report.url === 'string' ? report.url : null,
  });
  sendJson(request, response, 202, {
    received: true,
    message:
      'Thank you. If this is a live Keygate credential, its organization has been told and its policy applied.',
  });
}
