import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspectPresented } from '../caller.js';
import type { ForwardAuthRule } from '../config.js';
import { bearerChallenge } from '../context.js';
import { isDatabaseUnavailable } from '../db/database.js';
import { recordAttempt } from '../domain/audited.js';
import type { Principal } from '../domain/authenticate.js';
import { repeatedGlobalIdOf } from '../domain/global-ids.js';
import { type ActiveCredential, scopeText } from '../domain/inspect-credential.js';
import { SCOPE_TOKEN } from '../domain/scopes.js';
import type { Services } from '../services.js';
import { auditedFacts, requestFactsOf } from './request-facts.js';
import { header, requestIdOfHttp } from './respond.js';
import { type HttpRoute, pathOf } from './route.js';

export const FORWARD_AUTH_PATH = '/auth/forward';
const BEARER = /^bearer +([\x21-\x7e]{1,8192}) *$/i;
/**
 * A bare credential, the whole header one printable word: how Unleash's SDKs send their API tokens
 * (`Authorization: <token>`), which a proxy passes through as the client sent it. It cannot be mistaken
 * for another scheme: RFC 7235 puts a space between a scheme and its credentials.
 */
const BARE = /^ *([\x21-\x7e]{1,8192}) *$/;

/**
 * `/auth/forward`: the check a proxy asks before it passes a request on (nginx `auth_request`, Traefik
 * ForwardAuth, Caddy `forward_auth`, Envoy `ext_authz` over HTTP). It reads the credential of the
 * original request, as `Bearer <credential>` or bare (a personal access token, a machine identity's token,
 * imported keys included, or an access token), the client
 * address from the proxy's X-Forwarded-For under the trusted-proxy rules, the original method and URI
 * (originalRequest), and what the route requires (`?require=a,b` scopes and `?audience=` an access token
 * must name, and KEYGATE_FORWARD_AUTH_RULES for the original route), and answers:
 * - 200 with who it is in X-Keygate-* headers for the proxy to pass upstream;
 * - 401 with a WWW-Authenticate challenge when the credential is missing or bad, or is an access token
 *   for another audience, or a credential for none where one is required (recorded, like any denied caller);
 * - 403 when it lacks a required scope (recorded, like any denied caller); 429 over the credential's own
 *   request limit, or too many failures;
 * - 503 when the database or Redis is away: it fails closed, never 200 without a check.
 * Any method is answered (proxies forward the original one, or GET); no body is read.
 */
export function forwardAuthRoute(services: Services): HttpRoute {
  return {
    name: 'auth.forward',
    // Envoy's ext_authz appends the original path to its path prefix: /auth/forward/orders/1.
    matches: (request) => {
      const path = pathOf(request);
      return path === FORWARD_AUTH_PATH || path.startsWith(`${FORWARD_AUTH_PATH}/`);
    },
    serve: (request, response) => serveForwardAuth(services, request, response),
  };
}

/** The request the proxy asks about, as the proxies say it. */
export interface OriginalRequest {
  /** Its method; null when the proxy's headers disagree about it. */
  method: string | null;
  /** Its path as the API's router would see it (canonicalPath); null when it cannot be told for sure. */
  path: string | null;
  /** The path as the proxy wrote it, for the audit log. */
  written: string | null;
}

/**
 * The original method and path: Traefik and Caddy send X-Forwarded-Method and X-Forwarded-Uri; nginx sends
 * what its configuration sets (the README's block sets both X-Original-* and X-Forwarded-*, so that a
 * client's own headers of either name are overwritten); Envoy sends the original method and appends the
 * original path to /auth/forward. A proxy passes on headers the client sent unless it sets them itself, so
 * every place that names the request must agree: a second, different answer (a client's X-Forwarded-Uri
 * beside nginx's X-Original-URI) makes the request unknown, never the more convenient one.
 */
export function originalRequest(request: IncomingMessage): OriginalRequest {
  const own = pathOf(request);
  const uris = [
    header(request, 'x-forwarded-uri'),
    header(request, 'x-original-uri'),
    own.length > FORWARD_AUTH_PATH.length ? own.slice(FORWARD_AUTH_PATH.length) : null,
  ].filter((value): value is string => value !== null);
  const methods = [header(request, 'x-forwarded-method'), header(request, 'x-original-method')]
    .filter((value): value is string => value !== null)
    .map((value) => value.trim().toUpperCase());
  const written = uris[0]?.split('?')[0]?.slice(0, 2048) ?? null;
  const paths = new Set(uris.map((uri) => canonicalPath(uri.split('?')[0]!)));
  const named = new Set(methods.length > 0 ? methods : [(request.method ?? 'GET').toUpperCase()]);
  return {
    method: named.size === 1 ? [...named][0]!.slice(0, 20) : null,
    path: paths.size === 1 ? [...paths][0]! : null,
    written,
  };
}

/**
 * A path as the API behind the proxy routes it, whatever its framework: percent-decoded once, `\` read
 * as `/`, empty and `.` segments dropped, `..` applied, `;parameters` cut from each segment, lower case
 * (rules match case-insensitively: a route that differs only in case gets the same rule, never none). Null
 * for what routers disagree on: an encoded `/`, `\` or `%`, a control character, or no leading `/`.
 */
export function canonicalPath(raw: string): string | null {
  if (!raw.startsWith('/') || /%(2f|5c|25)/i.test(raw)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\x00-\x1f\x7f]/.test(decoded)) return null;
  const segments: string[] = [];
  for (const part of decoded.replaceAll('\\', '/').split('/')) {
    const segment = part.split(';')[0]!;
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment.toLowerCase());
  }
  return `/${segments.join('/')}`.slice(0, 2048);
}

/** Why the original request's scopes cannot be told: rules exist, and the proxy's word on it is unclear. */
const UNKNOWN_REQUEST = 'the original request (method and path) is unknown or ambiguous';

/** What the original request requires of a credential: scopes, and audiences an access token must name. */
export interface Requirements {
  scopes: readonly string[];
  audiences: readonly string[];
}

const NO_REQUIREMENTS: Requirements = Object.freeze({ scopes: [], audiences: [] });

/**
 * What the original request requires: the `require` and `audience` query of the check, and the matching
 * rules. Null when rules exist but the original request cannot be told for sure (fail closed: refused).
 */
export function requirementsOf(
  request: IncomingMessage,
  rules: readonly ForwardAuthRule[],
): Requirements | null {
  const at = request.url?.indexOf('?') ?? -1;
  // Nothing asked and no rules: nothing to work out (the common case, on every check).
  if (at === -1 && rules.length === 0) return NO_REQUIREMENTS;
  const query = new URLSearchParams(at === -1 ? '' : request.url!.slice(at));
  const asked = query
    .getAll('require')
    .flatMap((value) => value.split(/[ ,]+/))
    .filter(Boolean);
  // The original request (which proxies say in headers) matters only to rules.
  let matching: readonly ForwardAuthRule[] = [];
  if (rules.length > 0) {
    const { method, path } = originalRequest(request);
    if (path === null) return null;
    matching = rules.filter((rule) => ruleMatches(rule, method, path));
  }
  return {
    scopes: [...new Set([...asked, ...matching.flatMap((rule) => rule.require ?? [])])],
    audiences: [
      ...new Set([
        ...query.getAll('audience').filter(Boolean),
        ...matching.flatMap((rule) => (rule.audience ? [rule.audience] : [])),
      ]),
    ],
  };
}

/**
 * The required audiences a credential does not name (RFC 8707: a token for one API is no good at another).
 * Only access tokens name audiences: a Keygate token or personal access token is for no API in particular,
 * so where an audience is required it is refused (the API's callers exchange it for an access token).
 */
export function missingAudiences(inspection: ActiveCredential, required: readonly string[]): string[] {
  if (required.length === 0) return [];
  if (inspection.kind !== 'ACCESS_TOKEN') return [...required];
  return required.filter((audience) => !inspection.audiences.includes(audience));
}

/**
 * Whether a rule covers a request: its methods (HEAD goes with GET, as servers answer it; an unknown method
 * meets every rule), and its path, exact (a trailing `/` aside) or, ending in `*`, a prefix: `/admin/*`
 * covers `/admin` itself too. Both sides are compared in canonicalPath's form.
 */
export function ruleMatches(rule: ForwardAuthRule, method: string | null, path: string): boolean {
  if (rule.methods && method !== null) {
    const methods = rule.methods.includes('GET') ? [...rule.methods, 'HEAD'] : rule.methods;
    if (!methods.includes(method)) return false;
  }
  if (!rule.path.endsWith('*')) return path === canonicalPath(rule.path);
  const prefix = rule.path.slice(0, -1);
  if (prefix.endsWith('/')) {
    const base = canonicalPath(prefix) ?? prefix;
    return base === '/' || path === base || path.startsWith(`${base}/`);
  }
  return path.startsWith(prefix.toLowerCase());
}

function answer(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, {
    'cache-control': 'no-store',
    'content-length': 0,
    'x-request-id': requestIdOfHttp(request),
    ...headers,
  });
  response.end();
}

async function serveForwardAuth(services: Services, request: IncomingMessage, response: ServerResponse) {
  try {
    // Without the other instances' word on revocations and shared limits, no yes.
    if (!services.sharedStateAvailable()) {
      answer(request, response, 503, { 'retry-after': '1' });
      return;
    }
    const facts = requestFactsOf(services, request);
    const authorization = header(request, 'authorization') ?? '';
    const presented = BEARER.exec(authorization)?.[1] ?? BARE.exec(authorization)?.[1];
    if (!presented) {
      answer(request, response, 401, { 'www-authenticate': bearerChallenge(false) });
      return;
    }
    const inspection = await inspectPresented(services, facts, presented);
    if (!inspection.active) {
      if (inspection.code === 'RATE_LIMITED') {
        answer(request, response, 429, { 'retry-after': String(inspection.retryAfterSeconds ?? 1) });
        return;
      }
      answer(request, response, 401, { 'www-authenticate': bearerChallenge(true) });
      return;
    }
    const required = requirementsOf(request, services.config.forwardAuthRules);
    if (required === null) {
      await recordForbidden(services, inspection, request, [], auditedFacts(facts), UNKNOWN_REQUEST);
      answer(request, response, 403, {
        'www-authenticate': 'Bearer realm="keygate", error="insufficient_scope"',
      });
      return;
    }
    const elsewhere = missingAudiences(inspection, required.audiences);
    if (elsewhere.length > 0) {
      // RFC 6750 §3.1: a token for another resource is not a valid token here (401, invalid_token).
      await recordForbidden(
        services,
        inspection,
        request,
        [],
        auditedFacts(facts),
        'the credential is not for this audience',
        elsewhere,
      );
      answer(request, response, 401, {
        'www-authenticate':
          'Bearer realm="keygate", error="invalid_token", error_description="the credential is not for this audience"',
      });
      return;
    }
    const missing = required.scopes.filter((scope) => !inspection.scopes.includes(scope));
    if (missing.length > 0) {
      await recordForbidden(services, inspection, request, missing, auditedFacts(facts));
      const named = missing.filter((scope) => SCOPE_TOKEN.test(scope));
      answer(request, response, 403, {
        'www-authenticate': `Bearer realm="keygate", error="insufficient_scope", scope="${named.join(' ')}"`,
      });
      return;
    }
    answer(request, response, 200, identityHeaders(inspection));
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      answer(request, response, 503, { 'retry-after': '1' });
      return;
    }
    services.logger.error({ err: error, requestId: requestIdOfHttp(request) }, 'forward auth failed');
    // Fail closed: an error is never a yes.
    answer(request, response, 500);
  }
}

/**
 * The identity headers of a Keygate token or personal access token, once per principal: everything in them
 * comes from the principal, and a cached credential's principal is one object per row (authenticate.ts).
 */
const principalHeaders = new WeakMap<Principal, Readonly<Record<string, string>>>();

/** Who the credential is, for the proxy to pass upstream (global ids, as the GraphQL API names them). */
export function identityHeaders(inspection: ActiveCredential): Readonly<Record<string, string>> {
  const { principal } = inspection;
  if (!principal) return headersOf(inspection);
  let headers = principalHeaders.get(principal);
  if (!headers) {
    headers = Object.freeze(headersOf(inspection));
    principalHeaders.set(principal, headers);
  }
  return headers;
}

function headersOf(inspection: ActiveCredential): Record<string, string> {
  const subject =
    inspection.kind === 'ACCESS_TOKEN'
      ? inspection.subjectId
      : repeatedGlobalIdOf(
          inspection.subjectKind === 'USER' ? 'User' : 'MachineIdentity',
          inspection.subjectId,
        );
  return {
    'x-keygate-subject': subject,
    'x-keygate-subject-kind': inspection.subjectKind,
    'x-keygate-organization': repeatedGlobalIdOf('Organization', inspection.organizationId),
    'x-keygate-credential-kind': inspection.kind,
    'x-keygate-credential-id':
      inspection.kind === 'ACCESS_TOKEN'
        ? inspection.credentialId
        : repeatedGlobalIdOf(
            inspection.kind === 'TOKEN' ? 'Token' : 'PersonalAccessToken',
            inspection.credentialId,
          ),
    'x-keygate-scopes': scopeText(inspection.scopes),
    // Always sent, empty when there is none: a proxy that copies X-Keygate-* from this answer then
    // overwrites a client's own header of that name instead of passing it on.
    'x-keygate-client-id': inspection.clientId ?? '',
  };
}

/** A credential refused for a route for want of a scope: recorded in its organization, as a denial is. */
async function recordForbidden(
  services: Services,
  inspection: ActiveCredential,
  request: IncomingMessage,
  missing: string[],
  facts: ReturnType<typeof auditedFacts>,
  reason = `missing scope ${missing.join(', ')}`,
  audiences: string[] = [],
): Promise<void> {
  const original = originalRequest(request);
  const credential = inspection.source ?? {
    kind: inspection.kind === 'TOKEN' ? ('TOKEN' as const) : ('PERSONAL_ACCESS_TOKEN' as const),
    id: inspection.credentialId,
  };
  await recordAttempt(
    {
      prisma: services.prisma,
      auditBus: services.auditBus,
      actor: {
        organizationId: inspection.organizationId,
        actorType:
          inspection.subjectKind === 'APPLICATION'
            ? 'APPLICATION'
            : inspection.subjectKind === 'USER'
              ? 'USER'
              : 'MACHINE_IDENTITY',
        actorId: inspection.actorId,
        credentialKind: credential.kind,
        credentialId: credential.id,
        ...facts,
      },
    },
    {
      action: 'gateway.request',
      outcome: 'DENIED',
      targetType: 'Route',
      targetId: `${original.method ?? '(ambiguous)'} ${original.written ?? '(unknown)'}`.slice(0, 200),
      changes: {
        code: 'FORBIDDEN',
        reason: reason.slice(0, 500),
        missing: missing.slice(0, 20),
        ...(audiences.length > 0 ? { audiences: audiences.slice(0, 20).map((a) => a.slice(0, 200)) } : {}),
      },
    },
  );
}
