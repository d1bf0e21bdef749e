import { canonicalJson } from '../domain/audit.js';
import { type Hash, leafHash } from './merkle.js';

/*
 * What one audit event contributes to the log's Merkle tree. The server hashing a stored event and a
 * verifier hashing an exported one both call `auditLeafHash`, so the two cannot drift apart.
 */

/** An audit event as the export writes it: the leaf covers exactly these fields. */
export interface AuditExportEvent {
  id: string;
  /** The leaf index + 1, in decimal. */
  sequence: string;
  organizationId: string | null;
  action: string | null;
  outcome: string | null;
  actorType: string | null;
  actorId: string | null;
  credentialKind: string | null;
  credentialId: string | null;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  changes: unknown;
  /** ISO 8601 with milliseconds, as Date.toISOString() writes it. */
  createdAt: string;
}

/** The same event as the database hands it over: a bigint sequence and a Date are accepted too. */
export type AuditLeafInput = Omit<AuditExportEvent, 'sequence' | 'createdAt'> & {
  sequence: string | bigint;
  createdAt: string | Date;
};

export const AUDIT_LEAF_FIELDS = [
  'id',
  'sequence',
  'organizationId',
  'action',
  'outcome',
  'actorType',
  'actorId',
  'credentialKind',
  'credentialId',
  'targetType',
  'targetId',
  'requestId',
  'ip',
  'userAgent',
  'changes',
  'createdAt',
] as const satisfies readonly (keyof AuditExportEvent)[];

/** Names the encoding, so that a later one can never hash alike. */
const LEAF_DOMAIN = 'keygate-audit-event-v1\n';

/** The event with exactly the leaf's fields, in the export's form; anything else on the input is dropped. */
export function toAuditExportEvent(event: AuditLeafInput): AuditExportEvent {
  return {
    id: event.id,
    sequence: event.sequence.toString(),
    organizationId: event.organizationId,
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
    createdAt: event.createdAt instanceof Date ? event.createdAt.toISOString() : event.createdAt,
  };
}

/** The leaf's data: UTF-8 of "keygate-audit-event-v1\n" and the event's canonical JSON. */
export function auditLeafData(event: AuditLeafInput): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(LEAF_DOMAIN + canonicalJson(toAuditExportEvent(event)), 'utf8'));
}

/** The event's leaf hash in the audit log's tree. */
export function auditLeafHash(event: AuditLeafInput): Hash {
  return leafHash(auditLeafData(event));
}
