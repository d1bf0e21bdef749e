import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { fromPrisma, type Job } from 'pg-boss';
import { Webhook } from 'standardwebhooks';
import type {
  AuditEvent,
  Prisma,
  PrismaClient,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookFormat,
} from '../generated/prisma/client.js';
import type { JobEngine } from '../jobs/engine.js';
import { seal, unseal } from '../keys/sealing.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services.js';
import { redactText, systemActor } from './audit.js';
import { exportedEvent } from './audit-log.js';
import { type AuditedDeps, audited, recordAttempt } from './audited.js';
import { NotFoundError, ValidationError } from './errors.js';
import { checkDestination, postWebhook, validateWebhookUrl } from './webhook-destinations.js';

/** The queues of src/jobs/: one fan-out per organization at a time, one job per delivery. */
export const FAN_OUT_JOB = 'webhook-fan-out';
export const DELIVER_JOB = 'webhook-deliver';

/**
 * Retries: pg-boss's exponential backoff with jitter, from about half a minute up to six hours between
 * attempts, ten attempts in all (about seven hours to eleven, by the jitter); then the delivery has failed
 * and its endpoint is marked failing.
 */
export const DELIVERY_RETRIES = { retryLimit: 9, retryDelay: 30, retryBackoff: true, retryDelayMax: 21_600 };

/** Event types Keygate sends beside the audit actions (every successful change is one, by its action). */
export const NOTICE_EVENT_TYPES = [
  'credential.expiring',
  'credential.expired',
  'credential.unused',
  'credential.leaked',
  'webhook.failing',
  'webhook.test',
  // A refused or failed attempt, whatever its action: the action is in the payload.
  'attempt.denied',
  'attempt.failed',
] as const;

/** How long a rotated-out secret still signs deliveries, so receivers can switch without losing any. */
const DEFAULT_OVERLAP_HOURS = 24;
const MAX_ENDPOINTS_PER_ORGANIZATION = 20;
const FAN_OUT_BATCH = 500;
const EVENT_TYPE = /^(?:\*|[a-z][a-z0-9_]*(?:\.(?:[a-z][a-z0-9_]*|\*))*)$/;

/** A secret in the Standard Webhooks form: `whsec_` and base64 of 24 random bytes. */
function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function sealingKey(services: Pick<Services, 'keys'>): Buffer {
  return services.keys.derive('webhook-secrets');
}

/** Whether an endpoint listening for `types` wants an event of `type` (`*` and `token.*` match several). */
export function wantsEventType(types: readonly string[], type: string): boolean {
  if (types.length === 0) return true;
  return types.some(
    (wanted) =>
      wanted === type || wanted === '*' || (wanted.endsWith('.*') && type.startsWith(wanted.slice(0, -1))),
  );
}

/** The event type an audit event is sent as. */
export function eventTypeOf(event: Pick<AuditEvent, 'action' | 'outcome'>): string {
  if (event.outcome === 'DENIED') return 'attempt.denied';
  if (event.outcome === 'FAILED') return 'attempt.failed';
  return event.action;
}

function validateEventTypes(types: readonly string[]): string[] {
  if (types.length > 50) throw new ValidationError('eventTypes', 'At most 50 event types per endpoint');
  const unique = [...new Set(types.map((type) => type.trim()))];
  for (const type of unique) {
    if (type.length > 100 || !EVENT_TYPE.test(type)) {
      throw new ValidationError(
        'eventTypes',
        'Event types are audit actions such as token.revoked, patterns such as token.*, or *',
      );
    }
  }
  return unique;
}

function validateDescription(description: string | null | undefined): string | null {
  if (description == null) return null;
  const trimmed = description.trim();
  if (trimmed.length > 200)
    throw new ValidationError('description', 'The description is at most 200 characters');
  return trimmed || null;
}

export interface WebhookEndpointInput {
  url: string;
  eventTypes?: readonly string[] | null;
  /** STANDARD_WEBHOOKS (the default): a message per event; NDJSON_BATCH: a SIEM sink, a batch per POST. */
  format?: WebhookFormat | null;
  description?: string | null;
  enabled?: boolean | null;
}

/** Creates an endpoint; its signing secret is returned here once, and kept only sealed. */
export async function createWebhookEndpoint(
  services: Services,
  deps: AuditedDeps,
  input: WebhookEndpointInput,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = await validateWebhookUrl(input.url, services.config.webhooks);
  const eventTypes = validateEventTypes(input.eventTypes ?? []);
  const description = validateDescription(input.description);
  const organizationId = deps.actor.organizationId;
  const secret = newSecret();
  // The cursor starts at the log's end: what was written before the endpoint is sealed first, not sent.
  await services.auditLog.seal();
  const created = await audited(
    deps,
    { action: 'webhook.created', targetType: 'WebhookEndpoint' },
    async (tx) => {
      const count = await tx.webhookEndpoint.count({ where: { organizationId } });
      if (count >= MAX_ENDPOINTS_PER_ORGANIZATION) {
        throw new ValidationError(
          'url',
          `An organization has at most ${MAX_ENDPOINTS_PER_ORGANIZATION} webhook endpoints`,
        );
      }
      const id = crypto.randomUUID();
      const endpoint = await tx.webhookEndpoint.create({
        data: {
          id,
          organizationId,
          url,
          eventTypes,
          description,
          format: input.format ?? 'STANDARD_WEBHOOKS',
          enabled: input.enabled ?? true,
          secretSealed: seal(sealingKey(services), id, Buffer.from(secret)),
          // From the next event on: the event of its own creation is the first it is sent.
          cursor: await headSequence(tx, organizationId),
        },
      });
      return {
        result: endpoint,
        targetId: endpoint.id,
        changes: { url, eventTypes, format: endpoint.format, enabled: endpoint.enabled },
        affects: [],
      };
    },
  );
  services.webhooks.endpointsChanged(organizationId);
  return { endpoint: created, secret };
}

async function endpointInOrganization(
  tx: Prisma.TransactionClient,
  organizationId: string,
  id: string,
): Promise<WebhookEndpoint> {
  const endpoint = await tx.webhookEndpoint.findFirst({ where: { id, organizationId } });
  if (!endpoint) throw new NotFoundError('WebhookEndpoint');
  return endpoint;
}

export async function updateWebhookEndpoint(
  services: Services,
  deps: AuditedDeps,
  id: string,
  input: { [K in keyof WebhookEndpointInput]?: WebhookEndpointInput[K] | null },
): Promise<WebhookEndpoint> {
  const url = input.url == null ? undefined : await validateWebhookUrl(input.url, services.config.webhooks);
  const eventTypes = input.eventTypes == null ? undefined : validateEventTypes(input.eventTypes);
  const description = input.description === undefined ? undefined : validateDescription(input.description);
  const organizationId = deps.actor.organizationId;
  const updated = await audited(
    deps,
    { action: 'webhook.updated', targetType: 'WebhookEndpoint', targetId: id },
    async (tx) => {
      const before = await endpointInOrganization(tx, organizationId, id);
      const enabled = input.enabled ?? undefined;
      const endpoint = await tx.webhookEndpoint.update({
        where: { id },
        data: {
          url,
          eventTypes,
          description,
          enabled,
          // Enabled again: it starts afresh, from the next event, and no longer counts as failing.
          ...(enabled &&
            !before.enabled && { failingSince: null, cursor: await headSequence(tx, organizationId) }),
        },
      });
      return {
        result: endpoint,
        targetId: id,
        changes: {
          ...(url !== undefined && { url: { from: before.url, to: url } }),
          ...(eventTypes !== undefined && { eventTypes: { from: before.eventTypes, to: eventTypes } }),
          ...(enabled !== undefined && { enabled: { from: before.enabled, to: enabled } }),
        },
        affects: [],
      };
    },
  );
  services.webhooks.endpointsChanged(organizationId);
  return updated;
}

/** The sequence of the organization's newest sealed event: where a new cursor starts. */
async function headSequence(tx: Prisma.TransactionClient, organizationId: string): Promise<bigint> {
  const tree = await tx.auditTree.findUnique({ where: { organizationId }, select: { size: true } });
  return tree?.size ?? 0n;
}

export async function deleteWebhookEndpoint(
  services: Services,
  deps: AuditedDeps,
  id: string,
): Promise<void> {
  const organizationId = deps.actor.organizationId;
  await audited(
    deps,
    { action: 'webhook.deleted', targetType: 'WebhookEndpoint', targetId: id },
    async (tx) => {
      const endpoint = await endpointInOrganization(tx, organizationId, id);
      await tx.webhookEndpoint.delete({ where: { id } });
      return { result: null, targetId: id, changes: { url: endpoint.url }, affects: [] };
    },
  );
  services.webhooks.endpointsChanged(organizationId);
}

/**
 * A new signing secret, returned once. The old one keeps signing beside it (each delivery carries both
 * signatures) for `overlapHours`, so receivers can change theirs without refusing a delivery meanwhile.
 */
export async function rotateWebhookSecret(
  services: Services,
  deps: AuditedDeps,
  id: string,
  overlapHours = DEFAULT_OVERLAP_HOURS,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > 168) {
    throw new ValidationError('overlapHours', 'The overlap is 0 to 168 hours');
  }
  const organizationId = deps.actor.organizationId;
  const secret = newSecret();
  const endpoint = await audited(
    deps,
    { action: 'webhook.secret_rotated', targetType: 'WebhookEndpoint', targetId: id },
    async (tx) => {
      const before = await endpointInOrganization(tx, organizationId, id);
      const rotated = await tx.webhookEndpoint.update({
        where: { id },
        data: {
          secretSealed: seal(sealingKey(services), id, Buffer.from(secret)),
          previousSecretSealed: overlapHours > 0 ? before.secretSealed : null,
          previousSecretExpiresAt: overlapHours > 0 ? new Date(Date.now() + overlapHours * 3_600_000) : null,
        },
      });
      return { result: rotated, targetId: id, changes: { overlapHours }, affects: [] };
    },
  );
  return { endpoint, secret };
}

/** Sends a `webhook.test` event to one endpoint now, enabled or not; the delivery is returned at once. */
export async function sendTestEvent(
  services: Services,
  deps: AuditedDeps,
  id: string,
): Promise<WebhookDelivery> {
  const organizationId = deps.actor.organizationId;
  return audited(
    deps,
    { action: 'webhook.tested', targetType: 'WebhookEndpoint', targetId: id },
    async (tx) => {
      await endpointInOrganization(tx, organizationId, id);
      const deliveryId = crypto.randomUUID();
      const delivery = await tx.webhookDelivery.create({
        data: {
          id: deliveryId,
          endpointId: id,
          organizationId,
          eventType: 'webhook.test',
          messageId: `msg_${deliveryId}`,
          payload: {
            type: 'webhook.test',
            timestamp: new Date().toISOString(),
            data: { organizationId, endpointId: id, message: 'A test event from Keygate.' },
          },
        },
      });
      await queueDeliveries(services.jobs, tx, [delivery.id]);
      return { result: delivery, targetId: id, affects: [] };
    },
  );
}

/** Sends a delivery's message again, with the same `webhook-id`, as a new delivery with its own attempts. */
export async function redeliver(
  services: Services,
  deps: AuditedDeps,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const organizationId = deps.actor.organizationId;
  return audited(
    deps,
    { action: 'webhook.redelivered', targetType: 'WebhookDelivery', targetId: deliveryId },
    async (tx) => {
      const original = await tx.webhookDelivery.findFirst({ where: { id: deliveryId, organizationId } });
      if (!original) throw new NotFoundError('WebhookDelivery');
      const delivery = await tx.webhookDelivery.create({
        data: {
          endpointId: original.endpointId,
          organizationId,
          eventType: original.eventType,
          messageId: original.messageId,
          payload: original.payload as Prisma.InputJsonValue,
        },
      });
      await queueDeliveries(services.jobs, tx, [delivery.id]);
      return { result: delivery, targetId: deliveryId, changes: { delivery: delivery.id }, affects: [] };
    },
  );
}

/** Delivery jobs, written in the caller's transaction: a delivery exists with its job or not at all. */
async function queueDeliveries(jobs: JobEngine, tx: Prisma.TransactionClient, deliveryIds: string[]) {
  if (deliveryIds.length === 0) return;
  await jobs.boss.insert(
    DELIVER_JOB,
    deliveryIds.map((deliveryId) => ({ data: { deliveryId } })),
    { db: fromPrisma(tx) },
  );
}

/** What an audit event says to a receiver: everything the audit log shows, nothing secret (it has none). */
function payloadOf(event: AuditEvent): Prisma.InputJsonObject {
  return {
    type: eventTypeOf(event),
    timestamp: event.createdAt.toISOString(),
    data: {
      organizationId: event.organizationId,
      sequence: event.sequence!.toString(),
      action: event.action,
      outcome: event.outcome,
      actor: {
        type: event.actorType,
        id: event.actorId,
        credentialKind: event.credentialKind,
        credentialId: event.credentialId,
      },
      target: { type: event.targetType, id: event.targetId },
      changes: (event.changes ?? null) as Prisma.InputJsonValue,
      requestId: event.requestId,
      ip: event.ip,
      createdAt: event.createdAt.toISOString(),
    },
  };
}

/**
 * Turns an organization's new audit events into deliveries, one per endpoint that wants each, and queues
 * them, all in one transaction with the endpoints' cursors: a crash in between loses nothing and sends
 * nothing twice. Runs as one job per organization at a time (the queue's policy).
 */
export async function fanOut(services: Services, organizationId: string): Promise<number> {
  const { prisma } = services;
  // Events are sent in the log's order, so only once sealed: seal what was written before this job.
  await services.auditLog.seal();
  const { created, more } = await prisma.$transaction(async (tx) => {
    const endpoints = await tx.$queryRaw<Pick<WebhookEndpoint, 'id' | 'eventTypes' | 'cursor' | 'format'>[]>`
      SELECT "id", "eventTypes", "cursor", "format" FROM "WebhookEndpoint"
      WHERE "organizationId" = ${organizationId}::uuid AND "enabled"
      FOR UPDATE`;
    if (endpoints.length === 0) return { created: 0, more: false };
    const from = endpoints.reduce(
      (low, endpoint) => (endpoint.cursor < low ? endpoint.cursor : low),
      endpoints[0]!.cursor,
    );
    const events = await tx.auditEvent.findMany({
      where: { organizationId, sequence: { gt: from } },
      orderBy: { sequence: 'asc' },
      take: FAN_OUT_BATCH,
    });
    if (events.length === 0) {
      // Retention purged what lay ahead of a cursor: nothing to send, so it moves to the log's end.
      const head = await headSequence(tx, organizationId);
      await tx.webhookEndpoint.updateMany({
        where: { id: { in: endpoints.map((endpoint) => endpoint.id) }, cursor: { lt: head } },
        data: { cursor: head },
      });
      return { created: 0, more: false };
    }
    const last = events[events.length - 1]!.sequence!;
    const rows: Prisma.WebhookDeliveryCreateManyInput[] = [];
    for (const endpoint of endpoints) {
      const wanted = events.filter(
        (event) =>
          event.sequence! > endpoint.cursor && wantsEventType(endpoint.eventTypes, eventTypeOf(event)),
      );
      if (endpoint.format === 'NDJSON_BATCH') {
        // A SIEM sink: the batch in one message, known by its last event (so a fan-out run twice makes one).
        if (wanted.length === 0) continue;
        const id = crypto.randomUUID();
        rows.push({
          id,
          endpointId: endpoint.id,
          organizationId,
          eventType: BATCH_EVENT_TYPE,
          auditEventId: wanted.at(-1)!.id,
          messageId: `msg_${id}`,
          payload: {
            events: wanted.map((event) => exportedEvent(event) as unknown as Prisma.InputJsonObject),
          },
        });
        continue;
      }
      for (const event of wanted) {
        const id = crypto.randomUUID();
        rows.push({
          id,
          endpointId: endpoint.id,
          organizationId,
          eventType: eventTypeOf(event),
          auditEventId: event.id,
          messageId: `msg_${id}`,
          payload: payloadOf(event),
        });
      }
    }
    const written = rows.length
      ? await tx.webhookDelivery.createManyAndReturn({
          data: rows,
          skipDuplicates: true,
          select: { id: true },
        })
      : [];
    await tx.webhookEndpoint.updateMany({
      where: { id: { in: endpoints.map((endpoint) => endpoint.id) }, cursor: { lt: last } },
      data: { cursor: last },
    });
    await queueDeliveries(
      services.jobs,
      tx,
      written.map((row) => row.id),
    );
    return { created: written.length, more: events.length === FAN_OUT_BATCH };
  });
  if (more) await services.jobs.send(FAN_OUT_JOB, { organizationId }, { singletonKey: organizationId });
  return created;
}

/** The event type of a SIEM sink's batch delivery. */
export const BATCH_EVENT_TYPE = 'audit.batch';

/** A batch delivery's body: one event per line, as GET /audit/export writes them. */
function ndjsonOf(payload: Prisma.JsonValue): string {
  const { events } = payload as { events: unknown[] };
  return events.map((event) => `${JSON.stringify({ type: 'event', ...(event as object) })}\n`).join('');
}

interface DeliverJob {
  deliveryId: string;
}

/**
 * One attempt of one delivery: signed with the endpoint's secret (and the one a rotation replaced, while
 * it overlaps), sent to an address that passed the destination policy at connect time. A failure is
 * thrown, for pg-boss to retry with backoff; the last one marks the endpoint failing and says so in an event.
 */
export async function deliver(services: Services, job: Job<DeliverJob>, retryLimit: number): Promise<void> {
  const { prisma, logger } = services;
  const delivery = await prisma.webhookDelivery.findUnique({
    where: { id: job.data.deliveryId },
    include: { endpoint: true },
  });
  // Deleted with its endpoint, or already delivered (a job run twice after a crash): nothing to do.
  if (!delivery || delivery.status === 'SUCCEEDED') return;
  const { endpoint } = delivery;
  if (!endpoint.enabled && delivery.eventType !== 'webhook.test') {
    await prisma.webhookDelivery.update({
      where: { id: delivery.id },
      data: { status: 'FAILED', error: 'The endpoint is disabled' },
    });
    return;
  }
  const body =
    endpoint.format === 'NDJSON_BATCH' && delivery.eventType === BATCH_EVENT_TYPE
      ? ndjsonOf(delivery.payload)
      : JSON.stringify(delivery.payload);
  const sentAt = new Date();
  const started = performance.now();
  let outcome: { status: number | null; error: string | null };
  try {
    // Inside the attempt: a secret that does not unseal fails the attempt like a network error does.
    const signature = signatures(services, endpoint, delivery.messageId, sentAt, body);
    const status = await postWebhook(
      endpoint.url,
      body,
      {
        'webhook-id': delivery.messageId,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
        ...(endpoint.format === 'NDJSON_BATCH' && { 'content-type': 'application/x-ndjson' }),
      },
      services.config.webhooks,
    );
    outcome = { status, error: status >= 200 && status < 300 ? null : `The endpoint answered ${status}` };
  } catch (error) {
    outcome = {
      status: null,
      error: redactText(error instanceof Error ? error.message : String(error)).slice(0, 500),
    };
  }
  const latencyMs = Math.round(performance.now() - started);
  const succeeded = outcome.error === null;
  // The queue's own limit when pg-boss says it (a queue keeps the settings it was first created with).
  const limit = (job as Job<DeliverJob> & { retryLimit?: number }).retryLimit ?? retryLimit;
  const last = !succeeded && job.retryCount >= limit;
  await prisma.webhookDelivery.update({
    where: { id: delivery.id },
    data: {
      status: succeeded ? 'SUCCEEDED' : last ? 'FAILED' : 'RETRYING',
      attempts: { increment: 1 },
      responseStatus: outcome.status,
      latencyMs,
      error: outcome.error,
      lastAttemptAt: sentAt,
    },
  });
  if (succeeded) {
    if (endpoint.failingSince) {
      await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { failingSince: null } });
    }
    return;
  }
  if (last) {
    await markFailing(services, endpoint, delivery);
    return;
  }
  logger.debug({ delivery: delivery.id, attempt: job.retryCount + 1 }, 'webhook delivery failed; will retry');
  throw new Error(outcome.error ?? 'delivery failed');
}

/** The `webhook-signature` header: one `v1,<base64>` per secret that signs now. */
function signatures(
  services: Services,
  endpoint: WebhookEndpoint,
  messageId: string,
  at: Date,
  body: string,
) {
  const key = sealingKey(services);
  const secrets = [unseal(key, endpoint.id, Buffer.from(endpoint.secretSealed)).toString()];
  if (
    endpoint.previousSecretSealed &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > at
  ) {
    secrets.push(unseal(key, endpoint.id, Buffer.from(endpoint.previousSecretSealed)).toString());
  }
  return secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' ');
}

async function markFailing(services: Services, endpoint: WebhookEndpoint, delivery: WebhookDelivery) {
  // Once per spell of failure: the endpoint stays failing until a delivery gets through.
  const marked = await services.prisma.webhookEndpoint.updateMany({
    where: { id: endpoint.id, failingSince: null },
    data: { failingSince: new Date() },
  });
  if (marked.count === 0) return;
  await recordAttempt(systemDeps(services, endpoint.organizationId), {
    action: 'webhook.failing',
    outcome: 'SUCCESS',
    targetType: 'WebhookEndpoint',
    targetId: endpoint.id,
    changes: { url: endpoint.url, delivery: delivery.id, attempts: delivery.attempts + 1 },
  });
}

function systemDeps(services: Services, organizationId: string): AuditedDeps {
  return { prisma: services.prisma, auditBus: services.auditBus, actor: systemActor(organizationId) };
}

/** What the audit bus tells the fan-out: an organization has new events. */
export interface WebhookTrigger {
  eventsAdded(organizationId: string): void;
  /** Endpoints were created, changed or deleted: whether the organization has any is asked again. */
  endpointsChanged(organizationId: string): void;
}

/**
 * Queues a fan-out for an organization with new events, once it is known to have enabled endpoints (asked
 * once per half minute, so organizations without any cost nothing more per event). The queue holds one
 * pending fan-out per organization, so a burst of events makes one job; a scheduled sweep catches up with
 * what an instance that stopped meanwhile did not queue.
 */
export function webhookTrigger(prisma: PrismaClient, jobs: JobEngine, logger: Logger): WebhookTrigger {
  const hasEndpoints = new LRUCache<string, boolean>({ max: 10_000, ttl: 30_000 });
  return {
    eventsAdded(organizationId) {
      if (!jobs.running) return;
      void (async () => {
        let has = hasEndpoints.get(organizationId);
        if (has === undefined) {
          has = (await prisma.webhookEndpoint.count({ where: { organizationId, enabled: true } })) > 0;
          hasEndpoints.set(organizationId, has);
        }
        if (has) await jobs.send(FAN_OUT_JOB, { organizationId }, { singletonKey: organizationId });
      })().catch((error: unknown) => logger.warn({ err: error }, 'could not queue the webhook fan-out'));
    },
    endpointsChanged: (organizationId) => hasEndpoints.delete(organizationId),
  };
}

/** Organizations whose enabled endpoints lag behind their audit chain: what the sweep fans out for. */
export async function organizationsBehind(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ organizationId: string }[]>`
    SELECT DISTINCT e."organizationId" FROM "WebhookEndpoint" e
    JOIN "AuditTree" t ON t."organizationId" = e."organizationId"
    WHERE e."enabled" AND e."cursor" < t."size"`;
  return rows.map((row) => row.organizationId);
}

export { checkDestination };
