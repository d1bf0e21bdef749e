import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import type { AuthenticatedContext } from '../context.js';
import { VerificationInProgressError, verifyAuditChain } from '../domain/audit-chain.js';
import { recheckPrincipal } from '../domain/authenticate.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { rateLimitedError } from '../protection.js';
import { decodeGlobalId } from './global-id.js';
import { NIL_UUID } from './tenancy.js';
import { CREDENTIAL_TYPENAMES, CredentialKindEnum } from './viewer.js';

const AuditOutcomeEnum = builder.enumType('AuditOutcome', {
  description: 'How an attempt ended.',
  values: {
    SUCCESS: { description: 'The change was made.' },
    DENIED: { description: 'The caller was not allowed; nothing changed.' },
    FAILED: { description: 'The change was refused (invalid input, a limit, a state); nothing changed.' },
  } as const,
});

const AuditActorTypeEnum = builder.enumType('AuditActorType', {
  description: 'Who acted.',
  values: {
    USER: { description: 'A person.' },
    MACHINE_IDENTITY: { description: 'A service account.' },
    APPLICATION: { description: 'An application, with a client assertion.' },
    SYSTEM: { description: 'Keygate itself.' },
    ANONYMOUS: { description: 'Nobody known.' },
  } as const,
});

const ACTOR_TYPENAMES = {
  USER: 'User',
  MACHINE_IDENTITY: 'MachineIdentity',
  APPLICATION: 'Application',
} as const;

builder.prismaNode('AuditEvent', {
  id: { field: 'id' },
  // A node the caller may not see answers null, exactly like a missing one.
  nullable: true,
  description: 'One recorded action: who, with which credential, from where, to what, with what outcome.',
  authScopes: (event) => ({ $all: { organization: event.organizationId, permission: 'audit:read' } }),
  findUnique: (id, context) => ({
    id: BigInt(id),
    organizationId: context.viewer?.permissions.has('audit:read') ? context.viewer.organizationId : NIL_UUID,
  }),
  fields: (t) => ({
    sequence: t.string({
      description: "Position in the organization's hash chain.",
      resolve: (event) => event.sequence.toString(),
    }),
    action: t.exposeString('action', {
      description: 'What was attempted, e.g. token.key_set or pat.created.',
    }),
    outcome: t.expose('outcome', { type: AuditOutcomeEnum }),
    actorType: t.expose('actorType', { type: AuditActorTypeEnum }),
    actorId: t.id({
      nullable: true,
      description: 'Global id of the User, MachineIdentity or Application that acted.',
      resolve: (event) =>
        event.actorId && event.actorType in ACTOR_TYPENAMES
          ? encodeGlobalID(ACTOR_TYPENAMES[event.actorType as keyof typeof ACTOR_TYPENAMES], event.actorId)
          : null,
    }),
    credentialKind: t.expose('credentialKind', { type: CredentialKindEnum, nullable: true }),
    credentialId: t.id({
      nullable: true,
      description: 'Global id of the credential the actor used: which token did this.',
      resolve: (event) =>
        event.credentialId && event.credentialKind
          ? encodeGlobalID(CREDENTIAL_TYPENAMES[event.credentialKind], event.credentialId)
          : null,
    }),
    targetType: t.exposeString('targetType', { nullable: true }),
    targetId: t.id({
      nullable: true,
      description: 'Global id of the object acted on.',
      resolve: (event) =>
        event.targetId && event.targetType ? encodeGlobalID(event.targetType, event.targetId) : null,
    }),
    requestId: t.exposeString('requestId', { nullable: true }),
    ip: t.exposeString('ip', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
    changes: t.expose('changes', {
      type: 'JSON',
      nullable: true,
      description: 'Before and after of changed fields (secrets and keys redacted), or why it was refused.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    hash: t.string({
      description: 'SHA-256 of this event and its predecessor, hex.',
      resolve: (e) => Buffer.from(e.hash).toString('hex'),
    }),
    previousHash: t.string({
      description: "The hash of the event before it in the chain (or of the chain's start), hex.",
      resolve: (e) => Buffer.from(e.previousHash).toString('hex'),
    }),
  }),
});

const AuditEventFilter = builder.inputType('AuditEventFilter', {
  description: 'Narrows the audit log; all given conditions must hold.',
  fields: (t) => ({
    action: t.string({ required: false, description: 'Exact action, e.g. token.revoked.' }),
    actorId: t.id({ required: false, description: 'Global id of a User or MachineIdentity.' }),
    credentialId: t.id({ required: false, description: 'Global id of a credential.' }),
    targetId: t.id({ required: false, description: 'Global id of the object acted on.' }),
    outcome: t.field({ type: AuditOutcomeEnum, required: false, description: 'Only this outcome.' }),
    from: t.field({ type: 'DateTime', required: false, description: 'At or after this time.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Before this time.' }),
  }),
});

type FilterShape = typeof AuditEventFilter.$inferInput;

/** The raw id of a global id of one of `typenames`; an id of any other type matches no event. */
function rawIdOf(globalId: string | number, typenames: readonly string[]): string {
  const { typename, id } = decodeGlobalId(String(globalId));
  return typenames.includes(typename) ? id : NIL_UUID;
}

function auditWhere(
  organizationId: string,
  filter: FilterShape | null | undefined,
): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = { organizationId };
  if (!filter) return where;
  if (filter.action) where.action = filter.action;
  if (filter.outcome) where.outcome = filter.outcome;
  if (filter.actorId) where.actorId = rawIdOf(filter.actorId, Object.values(ACTOR_TYPENAMES));
  if (filter.credentialId) {
    where.credentialId = rawIdOf(filter.credentialId, Object.values(CREDENTIAL_TYPENAMES));
  }
  if (filter.targetId) where.targetId = decodeGlobalId(String(filter.targetId)).id;
  if (filter.from || filter.to)
    where.createdAt = {
      ...(filter.from ? { gte: filter.from } : {}),
      ...(filter.to ? { lt: filter.to } : {}),
    };
  return where;
}

/**
 * A page of events, newest first, as Prisma's cursor query would return it (`take` below zero pages
 * backwards from the cursor), in two steps: the ids first, then the events by id. Asked for whole rows in
 * one query, PostgreSQL may walk the primary key backwards and filter as it goes, which costs nothing
 * while the wanted actor's events are recent and scans the whole table once they lie under a million
 * newer ones; asked for ids alone, it reads them from the index that matches the filter, without
 * touching the table, however old they are.
 */
async function auditPage(
  prisma: PrismaClient,
  where: Prisma.AuditEventWhereInput,
  query: Pick<Prisma.AuditEventFindManyArgs, 'take' | 'skip' | 'cursor' | 'include' | 'select'>,
) {
  const { take = 20, skip: _skip, cursor, ...selection } = query;
  const forwards = take >= 0;
  const after = cursor?.id;
  const page = await prisma.auditEvent.findMany({
    where: after != null ? { AND: [where, { id: forwards ? { lt: after } : { gt: after } }] } : where,
    select: { id: true },
    orderBy: { id: forwards ? 'desc' : 'asc' },
    take: Math.abs(take),
  });
  if (page.length === 0) return [];
  return prisma.auditEvent.findMany({
    ...selection,
    where: { id: { in: page.map((event) => event.id) } },
    orderBy: { id: 'desc' },
  });
}

builder.queryField('auditEvents', (t) =>
  t.withAuth({ permission: 'audit:read' }).prismaConnection(
    {
      type: 'AuditEvent',
      cursor: 'id',
      description: "The organization's audit log, newest first.",
      args: {
        filter: t.arg({
          type: AuditEventFilter,
          required: false,
          description: 'Only the events that match.',
        }),
      },
      resolve: (query, _root, args, context) =>
        auditPage(context.services.prisma, auditWhere(context.viewer.organizationId, args.filter), query),
      totalCount: (_root, args, context) =>
        context.services.prisma.auditEvent.count({
          where: auditWhere(context.viewer.organizationId, args.filter),
        }),
    },
    { description: 'A page of audit events.' },
  ),
);

const AuditChainVerification = builder.simpleObject('AuditChainVerification', {
  description: "The result of checking the organization's audit hash chain.",
  fields: (t) => ({
    valid: t.boolean({ description: 'Whether every event checked fits the chain.' }),
    checkedEvents: t.int({ description: 'Events whose hash and link this call checked.' }),
    firstBrokenSequence: t.string({
      nullable: true,
      description: 'Sequence of the first event that does not fit.',
    }),
    reason: t.string({
      nullable: true,
      description: 'How the first broken link is broken; null when valid.',
    }),
    checkpointSequence: t.string({
      nullable: true,
      description: 'Verified from the purge checkpoint at this sequence rather than from the first event.',
    }),
    verifiedThroughSequence: t.string({
      nullable: true,
      description: 'The chain is verified from its start through this event (null: no events yet).',
    }),
    complete: t.boolean({
      description:
        'Whether the check reached the newest event. A long log is checked in parts: call again to continue ' +
        'from `verifiedThroughSequence`.',
    }),
    resumedFromSequence: t.string({
      nullable: true,
      description: 'The first event this call checked (past the last verified one, unless from: START).',
    }),
  }),
});

const AuditVerificationStart = builder.enumType('AuditVerificationStart', {
  description: 'Where verifyAuditChain begins.',
  values: {
    LAST_VERIFIED: { description: 'Past the last event an earlier verification checked (the default).' },
    START: { description: 'At the first event (or purge checkpoint): every event is checked again.' },
  } as const,
});

builder.queryField('verifyAuditChain', (t) =>
  t.withAuth({ permission: 'audit:read' }).field({
    type: AuditChainVerification,
    description:
      "Checks the organization's audit hash chain and reports the first broken link, in parts: each call " +
      'checks a bounded number of events, continuing where the last one stopped. One runs per organization ' +
      'at a time (VERIFICATION_IN_PROGRESS otherwise), and a credential may call it a few times a minute.',
    args: {
      from: t.arg({
        type: AuditVerificationStart,
        required: false,
        defaultValue: 'LAST_VERIFIED',
        description: 'Where to begin.',
      }),
    },
    resolve: async (_root, args, context) => {
      const { services, viewer } = context;
      const { limits } = services.config;
      const decision = await services.rateLimiter.hit(
        `audit-verify:${viewer.credential.id}`,
        limits.auditVerificationsPerMinute,
        60_000,
      );
      if (!decision.allowed) throw rateLimitedError(decision.retryAfterSeconds);
      let result: Awaited<ReturnType<typeof verifyAuditChain>>;
      try {
        result = await verifyAuditChain(services.prisma, viewer.organizationId, {
          from: args.from ?? 'LAST_VERIFIED',
          maxEvents: limits.auditVerificationBatch,
        });
      } catch (error) {
        if (error instanceof VerificationInProgressError) {
          throw new GraphQLError(error.message, {
            extensions: {
              code: 'VERIFICATION_IN_PROGRESS',
              retryAfterSeconds: 1,
              http: { status: 409, headers: { 'retry-after': '1' } },
            },
          });
        }
        throw error;
      }
      const text = (value: bigint | null) => value?.toString() ?? null;
      return {
        ...result,
        firstBrokenSequence: text(result.firstBrokenSequence),
        checkpointSequence: text(result.checkpointSequence),
        verifiedThroughSequence: text(result.verifiedThroughSequence),
        resumedFromSequence: text(result.resumedFromSequence),
      };
    },
  }),
);

builder.subscriptionType({ description: 'Live events, over Server-Sent Events.' });

builder.subscriptionField('auditEventAdded', (t) =>
  t.withAuth({ permission: 'audit:read' }).prismaField({
    type: 'AuditEvent',
    description: "Streams the organization's new audit events as they are committed (Server-Sent Events).",
    subscribe: (_root, _args, context) => {
      // A credential holds a few streams at most: each event costs every open stream a query.
      const release = context.services.streams.take(context.viewer.credential.id);
      if (!release) {
        const { subscriptionsPerCredential } = context.services.config.limits;
        throw new GraphQLError(
          `This credential already holds ${subscriptionsPerCredential} open event streams; close one first`,
          { extensions: { code: 'RATE_LIMITED', http: { status: 429 } } },
        );
      }
      return whileAllowed(
        context,
        context.services.auditBus.subscribe('auditEventAdded', context.viewer.organizationId),
        release,
      );
    },
    resolve: (query, payload, _args, context) =>
      context.services.prisma.auditEvent.findFirstOrThrow({
        ...query,
        where: { id: BigInt((payload as { id: string }).id), organizationId: context.viewer.organizationId },
      }),
  }),
);

/**
 * Passes a subscription's events on only while the subscriber may still read them: before each event the
 * credential is checked again as it stands now (revoked, expired, removed from the organization, lost
 * `audit:read`), and the stream ends when it no longer passes. Ending it unsubscribes from the bus.
 */
function whileAllowed<T>(
  context: AuthenticatedContext,
  events: AsyncIterable<T>,
  release: () => void,
): AsyncGenerator<T> {
  const stream = (async function* () {
    for await (const event of events) {
      const now = await recheckPrincipal(context.services, context.viewer, context.ip);
      if (!now?.permissions.has('audit:read')) return;
      yield event;
    }
  })();
  // The stream's slot is given back however it ends: run out, ended by the client (even before its first
  // event, when a generator's own `finally` would not run), or failed.
  const settle = (result: Promise<IteratorResult<T>>): Promise<IteratorResult<T>> =>
    result.then(
      (value) => {
        if (value.done) release();
        return value;
      },
      (error: unknown) => {
        release();
        throw error;
      },
    );
  const iterator = {
    next: (...args: [] | [unknown]) => settle(stream.next(...args)),
    return: (value?: unknown) => {
      release();
      return stream.return(value as never);
    },
    throw: (error?: unknown) => {
      release();
      return stream.throw(error);
    },
    [Symbol.asyncIterator]: () => iterator,
  } as AsyncGenerator<T>;
  return iterator;
}
