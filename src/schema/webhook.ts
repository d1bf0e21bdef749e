import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  NOTICE_EVENT_TYPES,
  redeliver,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
} from '../domain/webhooks.js';
import { auditDeps } from './audit-context.js';
import { failures } from './errors.js';
import { DeletedPayload } from './payloads.js';
import { inOrganization } from './tenancy.js';

const eventTypesDescription = `Event types sent to the endpoint; empty: all of them. Every audit action of a successful change (token.revoked, pat.created, …), and ${NOTICE_EVENT_TYPES.join(', ')}. A pattern such as token.* matches a family.`;

export const WebhookDeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  description: 'Where a delivery stands.',
  values: {
    PENDING: { description: 'Not attempted yet.' },
    RETRYING: { description: 'An attempt failed; another one is scheduled, with exponential backoff.' },
    SUCCEEDED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Every attempt failed (or the endpoint was disabled).' },
  } as const,
});

export const WebhookFormatEnum = builder.enumType('WebhookFormat', {
  description: 'How an endpoint is sent events.',
  values: {
    STANDARD_WEBHOOKS: { description: 'One Standard Webhooks message (JSON) per event.' },
    NDJSON_BATCH: {
      description:
        'A SIEM sink: each batch of events as one POST of NDJSON (application/x-ndjson), an event per line in ' +
        "GET /audit/export's format, signed with the same webhook-* headers, retried the same way.",
    },
  } as const,
});

export const WebhookDeliveryRef = builder.prismaNode('WebhookDelivery', {
  id: { field: 'id' },
  nullable: true,
  description: 'One message to one endpoint, and the outcome of its latest attempt.',
  authScopes: (delivery) => ({
    $all: { organization: delivery.organizationId, permission: 'webhook:manage' },
  }),
  findUnique: inOrganization('webhook:manage'),
  fields: (t) => ({
    eventType: t.exposeString('eventType', { description: 'The type of the event sent.' }),
    messageId: t.exposeString('messageId', {
      description:
        'The webhook-id header: the same on every attempt and redelivery, for receivers to drop duplicates.',
    }),
    payload: t.expose('payload', { type: 'JSON', description: 'The body sent (never a secret).' }),
    status: t.expose('status', { type: WebhookDeliveryStatusEnum, description: 'Where it stands.' }),
    attempts: t.exposeInt('attempts', { description: 'Attempts made so far.' }),
    responseStatus: t.exposeInt('responseStatus', {
      nullable: true,
      description: "The latest attempt's HTTP status; null when no answer came.",
    }),
    latencyMs: t.exposeInt('latencyMs', { nullable: true, description: 'How long the latest attempt took.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why the latest attempt failed.' }),
    lastAttemptAt: t.expose('lastAttemptAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the latest attempt was made.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const WebhookEndpointRef = builder.prismaNode('WebhookEndpoint', {
  id: { field: 'id' },
  nullable: true,
  description:
    "Where the organization's events are sent, signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).",
  authScopes: (endpoint) => ({
    $all: { organization: endpoint.organizationId, permission: 'webhook:manage' },
  }),
  findUnique: inOrganization('webhook:manage'),
  fields: (t) => ({
    url: t.exposeString('url'),
    description: t.exposeString('description', { nullable: true, description: 'What the endpoint is for.' }),
    eventTypes: t.exposeStringList('eventTypes', { description: eventTypesDescription }),
    format: t.expose('format', { type: WebhookFormatEnum, description: 'How events are sent to it.' }),
    enabled: t.exposeBoolean('enabled', { description: 'Whether events are sent to it.' }),
    failing: t.boolean({
      description: 'Whether a delivery used up all of its attempts since the last one that got through.',
      resolve: (endpoint) => endpoint.failingSince !== null,
    }),
    failingSince: t.expose('failingSince', { type: 'DateTime', nullable: true }),
    secretRotationOverlapEndsAt: t.expose('previousSecretExpiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Until when the secret a rotation replaced still signs beside the new one.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    deliveries: t.relatedConnection(
      'deliveries',
      {
        cursor: 'id',
        description: "The endpoint's delivery log, newest first.",
        args: {
          status: t.arg({ type: WebhookDeliveryStatusEnum, required: false, description: 'Only these.' }),
        },
        query: (args) => ({ where: args.status ? { status: args.status } : {}, orderBy: { id: 'desc' } }),
        totalCount: true,
      },
      { description: 'A page of deliveries.' },
    ),
  }),
});

builder.queryField('webhookEndpoints', (t) =>
  t.withAuth({ permission: 'webhook:manage' }).prismaConnection(
    {
      type: 'WebhookEndpoint',
      cursor: 'id',
      description: "The organization's webhook endpoints, newest first.",
      resolve: (query, _root, _args, context) =>
        context.services.prisma.webhookEndpoint.findMany({
          ...query,
          where: { organizationId: context.viewer.organizationId },
          orderBy: { id: 'desc' },
        }),
      totalCount: (_root, _args, context) =>
        context.services.prisma.webhookEndpoint.count({
          where: { organizationId: context.viewer.organizationId },
        }),
    },
    { description: 'A page of webhook endpoints.' },
  ),
);

const WebhookEndpointPayload = builder.simpleObject('WebhookEndpointPayload', {
  description: 'The endpoint after the change.',
  fields: (t) => ({ webhookEndpoint: t.field({ type: WebhookEndpointRef, description: 'As it is now.' }) }),
});

const WebhookEndpointWithSecretPayload = builder.simpleObject('WebhookEndpointWithSecretPayload', {
  description: 'The endpoint and its signing secret, which is shown this once.',
  fields: (t) => ({
    webhookEndpoint: t.field({ type: WebhookEndpointRef, description: 'As it is now.' }),
    secret: t.string({
      description:
        'The signing secret (whsec_…), for the standardwebhooks or Svix library to verify deliveries with. Shown only here.',
    }),
  }),
});

const WebhookDeliveryPayload = builder.simpleObject('WebhookDeliveryPayload', {
  description: 'The delivery just queued; it is attempted at once.',
  fields: (t) => ({ delivery: t.field({ type: WebhookDeliveryRef, description: 'The new delivery.' }) }),
});

builder.mutationField('createWebhookEndpoint', (t) =>
  t.withAuth({ permission: 'webhook:manage' }).fieldWithInput({
    description:
      'Adds a webhook endpoint. Only http(s) URLs to public addresses (an operator may allow private networks).',
    type: WebhookEndpointWithSecretPayload,
    errors: failures('CreateWebhookEndpoint', [ValidationError]),
    input: {
      url: t.input.string({ required: true, description: 'Where events are POSTed.' }),
      eventTypes: t.input.stringList({ required: false, description: eventTypesDescription }),
      format: t.input.field({
        type: WebhookFormatEnum,
        required: false,
        description: 'STANDARD_WEBHOOKS (the default), or NDJSON_BATCH for a SIEM sink.',
      }),
      description: t.input.string({ required: false, description: 'Up to 200 characters.' }),
      enabled: t.input.boolean({ required: false, description: 'Default true.' }),
    },
    resolve: async (_root, { input }, context) => {
      const { endpoint, secret } = await createWebhookEndpoint(context.services, auditDeps(context), input);
      return { webhookEndpoint: endpoint, secret };
    },
  }),
);

builder.mutationField('updateWebhookEndpoint', (t) =>
  t.withAuth({ permission: 'webhook:manage' }).fieldWithInput({
    description: 'Changes an endpoint. Omitted fields stay. Enabling it again sends from the next event on.',
    type: WebhookEndpointPayload,
    errors: failures('UpdateWebhookEndpoint', [NotFoundError, ValidationError]),
    input: {
      id: t.input.globalID({ required: true, for: WebhookEndpointRef }),
      url: t.input.string({ required: false, description: 'Where events are POSTed from now on.' }),
      eventTypes: t.input.stringList({ required: false, description: eventTypesDescription }),
      description: t.input.string({ required: false, description: 'Up to 200 characters; empty clears it.' }),
      enabled: t.input.boolean({
        required: false,
        description: 'False stops deliveries; true resumes them.',
      }),
    },
    resolve: async (_root, { input }, context) => ({
      webhookEndpoint: await updateWebhookEndpoint(context.services, auditDeps(context), input.id.id, input),
    }),
  }),
);

builder.mutationField('deleteWebhookEndpoint', (t) =>
  t.withAuth({ permission: 'webhook:manage' }).fieldWithInput({
    description: 'Deletes an endpoint and its delivery log; nothing more is sent to it.',
    type: DeletedPayload,
    errors: failures('DeleteWebhookEndpoint', [NotFoundError]),
    input: { id: t.input.globalID({ required: true, for: WebhookEndpointRef }) },
    resolve: async (_root, { input }, context) => {
      await deleteWebhookEndpoint(context.services, auditDeps(context), input.id.id);
      return { deletedId: encodeGlobalID('WebhookEndpoint', input.id.id) };
    },
  }),
);

builder.mutationField('rotateWebhookEndpointSecret', (t) =>
  t.withAuth({ permission: 'webhook:manage' }).fieldWithInput({
    description:
      'Gives the endpoint a new signing secret, shown once. The old one keeps signing beside it (two signatures per delivery) for overlapHours.',
    type: WebhookEndpointWithSecretPayload,
    errors: failures('RotateWebhookEndpointSecret', [NotFoundError, ValidationError]),
    input: {
      id: t.input.globalID({ required: true, for: WebhookEndpointRef }),
      overlapHours: t.input.int({ required: false, description: '0 to 168; default 24.' }),
    },
    resolve: async (_root, { input }, context) => {
      const { endpoint, secret } = await rotateWebhookSecret(
        context.services,
        auditDeps(context),
        input.id.id,
        input.overlapHours ?? undefined,
      );
      return { webhookEndpoint: endpoint, secret };
    },
  }),
);

builder.mutationField('sendWebhookTestEvent', (t) =>
  t.withAuth({ permission: 'webhook:manage' }).fieldWithInput({
    description: 'Sends a webhook.test event to the endpoint now.',
    type: WebhookDeliveryPayload,
    errors: failures('SendWebhookTestEvent', [NotFoundError]),
    input: { id: t.input.globalID({ required: true, for: WebhookEndpointRef }) },
    resolve: async (_root, { input }, context) => ({
      delivery: await sendTestEvent(context.services, auditDeps(context), input.id.id),
    }),
  }),
);

builder.mutationField('redeliverWebhookDelivery', (t) =>
  t.withAuth({ permission: 'webhook:manage' }).fieldWithInput({
    description:
      "Sends a delivery's message again (same webhook-id), as a new delivery with attempts of its own.",
    type: WebhookDeliveryPayload,
    errors: failures('RedeliverWebhookDelivery', [NotFoundError]),
    input: { id: t.input.globalID({ required: true, for: WebhookDeliveryRef }) },
    resolve: async (_root, { input }, context) => ({
      delivery: await redeliver(context.services, auditDeps(context), input.id.id),
    }),
  }),
);
