import { isDeepStrictEqual } from 'node:util';
import {
  type ActorType,
  type AuditOutcome,
  type CredentialKind,
  Prisma,
} from '../generated/prisma/client.js';
import { parseSecret, SECRET_PREFIXES } from './secrets.js';

/** Who did something, with which credential, from where: the part of every event that the request gives. */
export interface AuditActor {
  organizationId: string;
  actorType: ActorType;
  actorId: string | null;
  credentialKind: CredentialKind | null;
  credentialId: string | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** Keygate itself, acting with no request behind it (first start, retention). */
export function systemActor(organizationId: string): AuditActor {
  return {
    organizationId,
    actorType: 'SYSTEM',
    actorId: null,
    credentialKind: null,
    credentialId: null,
    requestId: null,
    ip: null,
    userAgent: null,
  };
}

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  targetType?: string | null;
  targetId?: string | null;
  /** Before/after of changed fields, or a reason. Secret-bearing keys are redacted whatever the caller sends. */
  changes?: Prisma.InputJsonValue | null;
}

/**
 * What an edit changed, as its event records it: the `fields` whose values differ between `before` and
 * `after`, each side with its own values. A field given with the value it had is not a change.
 */
export function changedFields<T extends Record<K, Prisma.InputJsonValue>, K extends string>(
  before: T,
  after: T,
  fields: readonly K[],
): { before: Record<string, Prisma.InputJsonValue>; after: Record<string, Prisma.InputJsonValue> } {
  const changes = {
    before: {} as Record<string, Prisma.InputJsonValue>,
    after: {} as Record<string, Prisma.InputJsonValue>,
  };
  for (const field of fields) {
    if (isDeepStrictEqual(before[field], after[field])) continue;
    changes.before[field] = before[field];
    changes.after[field] = after[field];
  }
  return changes;
}

/** Keys whose values are never recorded, compared lower-cased without `_` and `-` (client_secret too). */
const REDACTED_KEYS = new Set([
  'secret',
  'key',
  'privatekey',
  'hash',
  'secrethash',
  'password',
  'keydetails',
  'token',
  'initialtoken',
  'clientsecret',
  'assertion',
  'apikey',
  'accesstoken',
  'refreshtoken',
]);
const REDACTED = '[redacted]';

/**
 * What is really a secret, wherever it appears in text: a Keygate secret whose checksum holds (a token,
 * a personal access token, an invitation code), a PEM private key block (to its end, or to the end of the
 * text when cut off), and a JWT (three base64url segments, the first a JSON header: a client assertion
 * or an access token). Text that merely looks like one (an e-mail address `kg_pat_x@kg_tok_x.example`) is
 * left alone, so identifying fields are never hidden.
 */
const SECRET_CANDIDATES = new RegExp(
  [
    // The prefixes are plain `kg_<kind>_`: nothing in them needs escaping. 43 body and 6 checksum characters.
    `(?:${Object.values(SECRET_PREFIXES).join('|')})[A-Za-z0-9_-]{43}[0-9A-Za-z]{6}`,
    '-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)',
    'eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*',
  ].join('|'),
  'g',
);

/** `text` with every secret in it replaced by `[redacted]`. */
export function redactText(text: string): string {
  // One expression for every call (a user agent is redacted on every request): its lastIndex starts at 0
  // here, and nothing in between awaits or calls back in.
  const candidates = SECRET_CANDIDATES;
  candidates.lastIndex = 0;
  let redacted = '';
  let kept = 0;
  for (let match = candidates.exec(text); match; match = candidates.exec(text)) {
    const candidate = match[0];
    if (candidate.startsWith('kg_') && !parseSecret(candidate)) {
      // Not a secret itself; one may still begin inside it.
      candidates.lastIndex = match.index + 1;
      continue;
    }
    redacted += text.slice(kept, match.index) + REDACTED;
    kept = match.index + candidate.length;
  }
  return redacted + text.slice(kept);
}

/** Whether `text` holds a secret that `redactText` would remove. */
export function containsSecret(text: string): boolean {
  return redactText(text) !== text;
}

/** The changes of an audit event as they may be stored: secrets removed by key and by value, at any depth. */
export function redact(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redact);
  // Raw bytes in a change are hashes or key material.
  if (ArrayBuffer.isView(value)) return REDACTED;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        redactText(k),
        REDACTED_KEYS.has(k.toLowerCase().replace(/[_-]/g, '')) ? REDACTED : redact(v),
      ]),
    );
  }
  return value;
}

/** JSON with object keys sorted at every depth, so the hash does not depend on how jsonb stores it. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Writes one event inside the caller's transaction, so it commits with the change it describes or not at
 * all. One statement, and no shared row: the event takes its id from a sequence, and the sealer
 * (audit-log.ts) later gives it its place in the organization's tree in id order. The statement takes the
 * transaction's id before it takes the event's, which is what lets the sealer know when no transaction
 * still running can commit an event with a lower id.
 */
export async function appendAuditEvent(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<{ id: bigint }> {
  const [event] = await appendAuditEvents(tx, actor, [entry]);
  if (!event) throw new Error('audit event not written');
  return event;
}

/**
 * appendAuditEvent for several events of one actor (a bulk revocation's event per credential), in one
 * statement and in the order given. Changes are redacted here, and so are the request's own fields (written
 * by the caller: request-logging.ts and caller.ts clean them on the way in; this is the last line).
 */
export async function appendAuditEvents(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  entries: readonly AuditEntry[],
  /**
   * A data-modifying statement run in the same statement, first: the events are written only when it
   * answers a row (an assertion's use recorded, say); none are when it answers nothing.
   */
  onlyIf?: Prisma.Sql,
): Promise<{ id: bigint }[]> {
  if (entries.length === 0) return [];
  const requestId = actor.requestId && redactText(actor.requestId);
  const userAgent = actor.userAgent && redactText(actor.userAgent);
  const column = <T>(pick: (entry: AuditEntry) => T) => entries.map(pick);
  return tx.$queryRaw<{ id: bigint }[]>`
    WITH ${onlyIf ? Prisma.sql`guard AS (${onlyIf}),` : Prisma.empty}
    writer AS MATERIALIZED (SELECT pg_current_xact_id() AS xid),
    entries AS (
      -- Every column as text[]: the embedded database's driver sends arrays of its own known types only.
      SELECT * FROM unnest(
        ${column((e) => e.action)}::text[], ${column((e) => e.outcome)}::text[],
        ${column((e) => e.targetType ?? null)}::text[], ${column((e) => e.targetId ?? null)}::text[],
        ${column((e) => (e.changes == null ? null : JSON.stringify(redact(e.changes))))}::text[]
      ) WITH ORDINALITY AS e("action", "outcome", "targetType", "targetId", "changes", "position")
    )
    INSERT INTO "AuditEvent" (
      "organizationId", "action", "outcome", "actorType", "actorId", "credentialKind", "credentialId",
      "targetType", "targetId", "requestId", "ip", "userAgent", "changes", "createdAt")
    SELECT
      ${actor.organizationId}::uuid, e."action", e."outcome"::"AuditOutcome", ${actor.actorType}::"ActorType",
      ${actor.actorId}::uuid, ${actor.credentialKind}::"CredentialKind", ${actor.credentialId}::uuid,
      e."targetType", e."targetId", ${requestId}, ${actor.ip}, ${userAgent}, e."changes"::jsonb,
      ${new Date()}::timestamptz
    FROM writer CROSS JOIN entries e
    ${onlyIf ? Prisma.sql`WHERE EXISTS (SELECT 1 FROM guard)` : Prisma.empty}
    ORDER BY e."position"
    RETURNING "id"`;
}
