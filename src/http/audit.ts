import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import { AUDIT_LEAF_FIELDS } from '../audit-log/leaf.js';
import { CallerRefused, identifyCaller, type RequestFacts } from '../caller.js';
import type { AuditActor } from '../domain/audit.js';
import { AuditChainBrokenError, exportedEvent } from '../domain/audit-log.js';
import { recordAttempt } from '../domain/audited.js';
import type { Principal } from '../domain/authenticate.js';
import type { AuditEvent, AuditOutcome } from '../generated/prisma/client.js';
import { type AuditFilter, auditWhere } from '../schema/audit-filter.js';
import type { Services } from '../services.js';
import { auditedFacts, requestFactsOf } from './request-facts.js';
import { requestIdOfHttp, sendJson } from './respond.js';
import { type HttpRoute, pathOf } from './route.js';

export const CHECKPOINT_PATH = '/audit/checkpoint';
export const VERIFIER_KEY_PATH = '/audit/verifier-key';
export const EXPORT_PATH = '/audit/export';

/** Events read per query while an export streams. */
const EXPORT_BATCH = 1_000;
const OUTCOMES: readonly AuditOutcome[] = ['SUCCESS', 'DENIED', 'FAILED'];
/** The CSV export's columns: an event's fields, as in the NDJSON export and its leaf. */
const CSV_COLUMNS = AUDIT_LEAF_FIELDS;

/**
 * The audit log over plain HTTP, for what lives outside Keygate:
 * - GET /audit/checkpoint: the organization's latest signed checkpoint, the C2SP signed note itself;
 * - GET /audit/verifier-key: the public key checkpoints are signed with (no credential needed);
 * - GET /audit/export: the organization's events as NDJSON (verifiable with keygate-audit-verify against
 *   the checkpoint it starts with) or CSV, with the filters of `auditEvents`, streamed, any size.
 * Each needs a Keygate credential with `audit:read` (Authorization: Bearer); an export is audited.
 */
export function auditRoutes(services: Services): HttpRoute[] {
  return [
    {
      name: 'audit.verifier_key',
      matches: (request) => pathOf(request) === VERIFIER_KEY_PATH,
      serve: (request, response) => {
        if (!allowedMethod(request, response)) return;
        sendText(request, response, 200, `${services.auditLog.verifierKey}\n`, {
          'cache-control': 'max-age=300',
        });
      },
    },
    {
      name: 'audit.checkpoint',
      matches: (request) => pathOf(request) === CHECKPOINT_PATH,
      serve: (request, response) =>
        guarded(services, request, response, 'audit.checkpoint_read', async (caller) => {
          const checkpoint = await services.auditLog.checkpoint(caller.organizationId);
          sendText(request, response, 200, checkpoint.note, {
            'content-type': 'text/plain; charset=utf-8',
            'keygate-audit-verifier-key': services.auditLog.verifierKey,
          });
        }),
    },
    {
      name: 'audit.export',
      matches: (request) => pathOf(request) === EXPORT_PATH,
      serve: (request, response) =>
        guarded(services, request, response, 'audit.exported', (caller, facts) =>
          serveExport(services, request, response, caller, facts),
        ),
    },
  ];
}

/** An answer the export route gives without streaming. */
class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function allowedMethod(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return true;
  sendJson(
    request,
    response,
    405,
    { error: 'METHOD_NOT_ALLOWED', message: 'use GET' },
    { allow: 'GET, HEAD' },
  );
  return false;
}

function sendText(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-request-id': requestIdOfHttp(request),
    ...headers,
  });
  response.end(request.method === 'HEAD' ? undefined : text);
}

function actorOf(caller: Principal, facts: RequestFacts): AuditActor {
  return {
    organizationId: caller.organizationId,
    actorType: caller.kind,
    actorId: caller.actorId,
    credentialKind: caller.credential.kind,
    credentialId: caller.credential.id,
    ...auditedFacts(facts),
  };
}

/**
 * Authenticates the request, checks `audit:read` (a denial is recorded under `action`, as GraphQL
 * records one) and runs `serve`; every refusal is a JSON error with its status, never a 500.
 */
async function guarded(
  services: Services,
  request: IncomingMessage,
  response: ServerResponse,
  action: string,
  serve: (caller: Principal, facts: RequestFacts) => Promise<void>,
): Promise<void> {
  if (!allowedMethod(request, response)) return;
  const facts = requestFactsOf(services, request);
  try {
    let caller: Principal | null;
    try {
      caller = await identifyCaller(services, facts);
    } catch (error) {
      if (!(error instanceof CallerRefused)) throw error;
      if (error.refusal.kind === 'RATE_LIMITED') {
        throw new Refused(429, 'RATE_LIMITED', 'too many requests; try again later', {
          'retry-after': String(error.refusal.retryAfterSeconds),
        });
      }
      caller = null;
    }
    if (!caller) {
      throw new Refused(401, 'UNAUTHENTICATED', 'send a Keygate credential as Authorization: Bearer', {
        'www-authenticate': 'Bearer',
      });
    }
    if (!caller.permissions.has('audit:read')) {
      await recordAttempt(
        { prisma: services.prisma, auditBus: services.auditBus, actor: actorOf(caller, facts) },
        {
          action,
          outcome: 'DENIED',
          changes: { code: 'FORBIDDEN', reason: 'missing permission audit:read' },
        },
      );
      throw new Refused(403, 'FORBIDDEN', 'missing permission audit:read');
    }
    await serve(caller, facts);
  } catch (error) {
    if (response.headersSent) {
      // Mid-stream: the client sees a cut-off export, which the verifier refuses; the log says why.
      services.logger.error(
        { err: error, requestId: facts.requestId },
        'audit export failed while streaming',
      );
      response.destroy();
      return;
    }
    if (error instanceof AuditChainBrokenError) {
      services.logger.error(
        { organizationId: error.organizationId, reason: error.reason },
        'audit log broken',
      );
      sendJson(request, response, 409, { error: 'AUDIT_LOG_BROKEN', message: error.message });
      return;
    }
    if (error instanceof Refused) {
      sendJson(request, response, error.status, { error: error.code, message: error.message }, error.headers);
      return;
    }
    services.logger.error({ err: error, requestId: facts.requestId, path: request.url }, 'unexpected error');
    sendJson(request, response, 500, { error: 'INTERNAL_SERVER_ERROR', message: 'unexpected error' });
  }
}

/** The export's parameters: format and the `auditEvents` filter, each checked. */
function exportParameters(request: IncomingMessage): { format: 'ndjson' | 'csv'; filter: AuditFilter } {
  const query = new URL(request.url ?? '/', 'http://keygate').searchParams;
  const known = new Set(['format', 'action', 'outcome', 'actorId', 'credentialId', 'targetId', 'from', 'to']);
  for (const name of query.keys()) {
    if (!known.has(name)) throw new Refused(400, 'BAD_REQUEST', `unknown parameter ${name}`);
  }
  const format = query.get('format') ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv')
    throw new Refused(400, 'BAD_REQUEST', 'format is ndjson or csv');
  const time = (name: string) => {
    const value = query.get(name);
    if (value === null) return null;
    const date = new Date(value);
    if (Number.isNaN(date.getTime()))
      throw new Refused(400, 'BAD_REQUEST', `${name} is not an ISO 8601 time`);
    return date;
  };
  const outcome = query.get('outcome');
  if (outcome !== null && !OUTCOMES.includes(outcome as AuditOutcome)) {
    throw new Refused(400, 'BAD_REQUEST', `outcome is one of ${OUTCOMES.join(', ')}`);
  }
  const filter: AuditFilter = {
    action: query.get('action'),
    outcome: outcome as AuditOutcome | null,
    actorId: query.get('actorId'),
    credentialId: query.get('credentialId'),
    targetId: query.get('targetId'),
    from: time('from'),
    to: time('to'),
  };
  try {
    auditWhere('00000000-0000-0000-0000-000000000000', filter);
  } catch {
    throw new Refused(400, 'BAD_REQUEST', 'an id parameter is not a global id');
  }
  return { format, filter };
}

const isFiltered = (filter: AuditFilter) => Object.values(filter).some((value) => value != null);

/**
 * Streams the export. NDJSON: the signed checkpoint first, then (after a retention purge) the hashes of
 * the removed prefix, then one line per leaf up to the checkpoint: the event when it matches the filter,
 * otherwise its leaf hash alone, so that even a filtered export proves itself against the checkpoint. CSV:
 * the matching events only, one row each.
 */
async function serveExport(
  services: Services,
  request: IncomingMessage,
  response: ServerResponse,
  caller: Principal,
  facts: RequestFacts,
): Promise<void> {
  const { format, filter } = exportParameters(request);
  const organizationId = caller.organizationId;
  const { auditLog, prisma } = services;
  const checkpoint = await auditLog.checkpoint(organizationId);
  await recordAttempt(
    { prisma, auditBus: services.auditBus, actor: actorOf(caller, facts) },
    {
      action: 'audit.exported',
      outcome: 'SUCCESS',
      targetType: 'Organization',
      targetId: organizationId,
      changes: { format, filter: JSON.parse(JSON.stringify(filter)), size: checkpoint.size.toString() },
    },
  );
  response.writeHead(200, {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
    'content-disposition': `attachment; filename="audit-${organizationId}-${checkpoint.size}.${format}"`,
    'cache-control': 'no-store',
    'x-request-id': facts.requestId,
    'keygate-audit-checkpoint-size': checkpoint.size.toString(),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  // Backpressure: wait for the client to take what was written; a client that goes away ends the export.
  const closed = once(response, 'close').then(() => {
    throw new Error('the client went away');
  });
  closed.catch(() => {});
  const write = async (text: string) => {
    if (!response.write(text)) await Promise.race([once(response, 'drain'), closed]);
  };
  const purged = await auditLog.purgedThrough(organizationId);
  if (format === 'csv') {
    await write(stringify([[...CSV_COLUMNS]]));
  } else {
    await write(`${JSON.stringify({ type: 'checkpoint', note: checkpoint.note })}\n`);
    if (purged > 0n) {
      const hashes = (await auditLog.prefixHashes(organizationId, purged)).map((hash) =>
        Buffer.from(hash).toString('base64'),
      );
      await write(`${JSON.stringify({ type: 'prefix', size: purged.toString(), hashes })}\n`);
    }
  }
  const where = auditWhere(organizationId, filter);
  const filtered = isFiltered(filter);
  for (let from = purged + 1n; from <= checkpoint.size; from += BigInt(EXPORT_BATCH)) {
    const through =
      from + BigInt(EXPORT_BATCH) - 1n < checkpoint.size ? from + BigInt(EXPORT_BATCH) - 1n : checkpoint.size;
    const range = { sequence: { gte: from, lte: through } };
    const matching = await prisma.auditEvent.findMany({
      where: { AND: [where, range] },
      orderBy: { sequence: 'asc' },
    });
    let text = '';
    if (format === 'csv') {
      text = stringify(matching.map(csvRow));
    } else {
      const others = filtered
        ? await prisma.auditEvent.findMany({
            where: { organizationId, ...range },
            select: { sequence: true, hash: true },
            orderBy: { sequence: 'asc' },
          })
        : [];
      const wanted = new Map(matching.map((event) => [event.sequence!, event]));
      // Sequences with no event at all are left out: a gap the verifier reports, as it should.
      const sequences = filtered ? others : matching;
      for (const { sequence, hash } of sequences) {
        const event = wanted.get(sequence!);
        text += event
          ? `${JSON.stringify({ type: 'event', ...exportedEvent(event) })}\n`
          : `${JSON.stringify({ type: 'leaf', sequence: sequence!.toString(), hash: Buffer.from(hash!).toString('base64') })}\n`;
      }
    }
    if (text) await write(text);
  }
  response.end();
}

function csvRow(event: AuditEvent): string[] {
  const exported = exportedEvent(event);
  return CSV_COLUMNS.map((column) => {
    const value = exported[column];
    if (value === null || value === undefined) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
