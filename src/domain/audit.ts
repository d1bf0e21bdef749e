import type {
  ActorType,
  AuditEvent,
  AuditOutcome,
  CredentialKind,
  Prisma,
} from '../generated/prisma/client.js';
import { type Bytes, sha256 } from './secrets.js';

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

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  targetType?: string | null;
  targetId?: string | null;
  /** Before/after of changed fields, or a reason. Secret-bearing keys are redacted whatever the caller sends. */
  changes?: Prisma.InputJsonValue | null;
}

const REDACTED_KEYS = new Set([
  'secret',
  'key',
  'privatekey',
  'hash',
  'secrethash',
  'password',
  'keydetails',
]);
const REDACTED = '[redacted]';

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, REDACTED_KEYS.has(k.toLowerCase()) ? REDACTED : redact(v)]),
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

export function genesisHash(organizationId: string): Bytes {
  return sha256(`keygate:audit-genesis:${organizationId}`);
}

type HashedFields = Pick<
  AuditEvent,
  | 'organizationId'
  | 'sequence'
  | 'action'
  | 'outcome'
  | 'actorType'
  | 'actorId'
  | 'credentialKind'
  | 'credentialId'
  | 'targetType'
  | 'targetId'
  | 'requestId'
  | 'ip'
  | 'userAgent'
  | 'createdAt'
> & { changes: unknown; previousHash: Uint8Array };

/** An event's own hash covers all of its content and its predecessor's hash. */
export function eventHash(event: HashedFields): Bytes {
  return sha256(
    canonicalJson({
      organizationId: event.organizationId,
      sequence: event.sequence.toString(),
      action: event.action,
      outcome: event.outcome,
      actorType: event.actorType,
      actorId: event.actorId,
      credentialKind: event.credentialKind,
      credentialId: event.credentialId,
      targetType: event.targetType,
      targetId: event.targetId,
      requestId: event.requestId,
      ip: event.ip,
      userAgent: event.userAgent,
      changes: event.changes ?? null,
      createdAt: event.createdAt.toISOString(),
      previousHash: Buffer.from(event.previousHash).toString('hex'),
    }),
  );
}

/**
 * Appends one event to its organization's hash chain inside the caller's transaction, so the event
 * commits with the change it describes or not at all. The chain head's row lock orders concurrent
 * writers of one organization; it is taken last in a transaction to keep the lock short.
 */
export async function appendAuditEvent(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<AuditEvent> {
  const [head] = await tx.$queryRaw<{ sequence: bigint; hash: Uint8Array }[]>`
    INSERT INTO "AuditChainHead" ("organizationId", "sequence", "hash")
    VALUES (${actor.organizationId}::uuid, 0, ${genesisHash(actor.organizationId)})
    ON CONFLICT ("organizationId") DO UPDATE SET "sequence" = "AuditChainHead"."sequence"
    RETURNING "sequence", "hash"`;
  if (!head) throw new Error('audit chain head missing');
  const changes = entry.changes == null ? null : (redact(entry.changes) as Prisma.InputJsonValue);
  const fields: HashedFields = {
    ...actor,
    sequence: BigInt(head.sequence) + 1n,
    action: entry.action,
    outcome: entry.outcome,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    changes,
    createdAt: new Date(),
    previousHash: head.hash,
  };
  const hash = eventHash(fields);
  const event = await tx.auditEvent.create({
    data: {
      ...fields,
      changes: changes ?? undefined,
      previousHash: new Uint8Array(head.hash),
      hash,
    },
  });
  await tx.auditChainHead.update({
    where: { organizationId: actor.organizationId },
    data: { sequence: fields.sequence, hash },
  });
  return event;
}
