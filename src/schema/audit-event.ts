import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import type { AuthenticatedContext, Context } from '../context.js';
import {
  AuditChainBrokenError,
  ForeignCheckpointError,
  VerificationInProgressError,
} from '../domain/audit-log.js';
import { type AuditSubjectKey, type AuditSubjectName, nameAuditSubjects } from '../domain/audit-subjects.js';
import { recheckPrincipal } from '../domain/authenticate.js';
import type { AuditEvent, Prisma, PrismaClient } from '../generated/prisma/client.js';
import { rateLimitedError } from '../protection.js';
import { ACTOR_TYPENAMES, auditWhere } from './audit-filter.js';
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

/** What an event names, by GraphQL type name and raw id. */
type SubjectRef = { typename: string; id: string } | null;

/** The actor, credential and target an event names; null when it names none. */
const subjectsOf: Record<'actor' | 'credential' | 'target', (event: AuditEvent) => SubjectRef> = {
  actor: (event) =>
    event.actorId && event.actorType in ACTOR_TYPENAMES
      ? { typename: ACTOR_TYPENAMES[event.actorType as keyof typeof ACTOR_TYPENAMES], id: event.actorId }
      : null,
  credential: (event) =>
    event.credentialId && event.credentialKind
      ? { typename: CREDENTIAL_TYPENAMES[event.credentialKind], id: event.credentialId }
      : null,
  target: (event) =>
    event.targetId && event.targetType ? { typename: event.targetType, id: event.targetId } : null,
};

type AuditSubject = AuditSubjectKey & AuditSubjectName;

const AuditSubjectRef = builder.loadableObject('AuditSubject', {
  description:
    'Something an audit event names (who acted, with which credential, on what) as it is called now, so ' +
    'that a log reads in names rather than ids. Loaded for a whole page at once.',
  authScopes: (subject) => ({ $all: { organization: subject.organizationId, permission: 'audit:read' } }),
  // A subscription keeps its context for as long as the stream is open: no cache, so names stay current.
  loaderOptions: { cache: false },
  load: async (keys: string[], context: Context): Promise<AuditSubject[]> => {
    const subjects = keys.map((key) => JSON.parse(key) as AuditSubjectKey);
    const names = await nameAuditSubjects(context.services.prisma, subjects);
    return subjects.map((subject, index) => ({ ...subject, ...names[index]! }));
  },
  fields: (t) => ({
    id: t.id({
      description: "Its global id: the event's actorId, credentialId or targetId.",
      resolve: (subject) => encodeGlobalID(subject.typename, subject.id),
    }),
    name: t.exposeString('name', {
      nullable: true,
      description:
        "What it is called now: a person's name in this organization, a machine identity's, token's, " +
        "project's, application's or organization's name, a personal access token's description, an " +
        "application key's application, a webhook endpoint's description or URL. Null when it no longer " +
        'exists (deleted, or the person left the organization) or has no name: show the id then.',
    }),
    email: t.exposeString('email', {
      nullable: true,
      description: "A person's e-mail address (a user, a member, an invitation); null for anything else.",
    }),
  }),
});

const globalIdOf = (subject: SubjectRef) => (subject ? encodeGlobalID(subject.typename, subject.id) : null);

/** The loader key of an event's subject: the organization is the event's own, never the caller's guess. */
const subjectKey = (event: AuditEvent, subject: SubjectRef) =>
  subject ? JSON.stringify({ organizationId: event.organizationId, ...subject }) : null;

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
      nullable: true,
      description:
        "Position in the organization's audit log (its leaf index + 1); null for the moment between the " +
        'event being written and the sealer taking it into the log, normally well under a second.',
      resolve: (event) => event.sequence?.toString() ?? null,
    }),
    action: t.exposeString('action', {
      description: 'What was attempted, e.g. token.key_set or pat.created.',
    }),
    outcome: t.expose('outcome', { type: AuditOutcomeEnum }),
    actorType: t.expose('actorType', { type: AuditActorTypeEnum }),
    actorId: t.id({
      nullable: true,
      description: 'Global id of the User, MachineIdentity or Application that acted.',
      resolve: (event) => globalIdOf(subjectsOf.actor(event)),
    }),
    actor: t.field({
      type: AuditSubjectRef,
      nullable: true,
      description: 'Who acted, with their name now; null for Keygate itself and for nobody known.',
      resolve: (event) => subjectKey(event, subjectsOf.actor(event)),
    }),
    credentialKind: t.expose('credentialKind', { type: CredentialKindEnum, nullable: true }),
    credentialId: t.id({
      nullable: true,
      description: 'Global id of the credential the actor used: which token did this.',
      resolve: (event) => globalIdOf(subjectsOf.credential(event)),
    }),
    credential: t.field({
      type: AuditSubjectRef,
      nullable: true,
      description: 'The credential the actor used, with its name now (its kind is credentialKind).',
      resolve: (event) => subjectKey(event, subjectsOf.credential(event)),
    }),
    targetType: t.exposeString('targetType', { nullable: true }),
    targetId: t.id({
      nullable: true,
      description: 'Global id of the object acted on.',
      resolve: (event) => globalIdOf(subjectsOf.target(event)),
    }),
    target: t.field({
      type: AuditSubjectRef,
      nullable: true,
      description: 'The object acted on, with its name now (its type is targetType).',
      resolve: (event) => subjectKey(event, subjectsOf.target(event)),
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
      nullable: true,
      description:
        "The event's leaf hash in the organization's Merkle tree (RFC 9162), hex; null until it is sealed.",
      resolve: (e) => (e.hash ? Buffer.from(e.hash).toString('hex') : null),
    }),
  }),
});

const AuditEventFilter = builder.inputType('AuditEventFilter', {
  description: 'Narrows the audit log; all given conditions must hold.',
  fields: (t) => ({
    action: t.string({
      required: false,
      description:
        'An action, e.g. token.revoked, or every action under a prefix: token.* (token.created, …).',
    }),
    actorId: t.id({ required: false, description: 'Global id of a User or MachineIdentity.' }),
    credentialId: t.id({ required: false, description: 'Global id of a credential.' }),
    targetId: t.id({ required: false, description: 'Global id of the object acted on.' }),
    outcome: t.field({ type: AuditOutcomeEnum, required: false, description: 'Only this outcome.' }),
    from: t.field({ type: 'DateTime', required: false, description: 'At or after this time.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Before this time.' }),
  }),
});

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

const AuditCheckpointRef = builder.prismaObject('AuditCheckpoint', {
  authScopes: (checkpoint) => ({
    $all: { organization: checkpoint.organizationId, permission: 'audit:read' },
  }),
  description:
    "A signed checkpoint of the organization's audit log: its size and Merkle root, signed by Keygate with " +
    'a key that is not in its database. Keep one, and any later state of the log can be proven to extend it.',
  fields: (t) => ({
    size: t.string({
      description: 'Events in the log at the checkpoint.',
      resolve: (c) => c.size.toString(),
    }),
    rootHash: t.string({
      description: 'The Merkle tree root (RFC 9162) at that size, base64.',
      resolve: (c) => Buffer.from(c.rootHash).toString('base64'),
    }),
    note: t.exposeString('note', {
      description:
        'The checkpoint as a C2SP signed note (tlog-checkpoint): what GET /audit/checkpoint answers, what ' +
        'verifyAuditChain and keygate-audit-verify take.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When Keygate signed it.' }),
  }),
});

/**
 * A log that does not match itself (it no longer extends its last checkpoint, or its tree lacks nodes or
 * does not match them): Keygate signs and proves nothing of it, with a typed error that says where.
 */
function brokenLogError(error: unknown): unknown {
  if (!(error instanceof AuditChainBrokenError)) return error;
  return new GraphQLError(error.message, {
    extensions: { code: 'AUDIT_LOG_BROKEN', sequence: error.sequence.toString(), http: { status: 409 } },
  });
}

const base64 = (hashes: Uint8Array[]) => hashes.map((hash) => Buffer.from(hash).toString('base64'));

/** A tree size as the caller wrote it: a decimal integer, or a typed error. */
function sizeArg(name: string, value: string): bigint {
  if (!/^[0-9]{1,15}$/.test(value)) {
    throw new GraphQLError(`${name} must be a whole number of events`, {
      extensions: { code: 'BAD_USER_INPUT', field: name },
    });
  }
  return BigInt(value);
}

/**
 * A proof in the organization's tree of `size` leaves, as base64 hashes. A size past the tree's end, or a
 * tree that no longer has the nodes, is a typed error, never a 500.
 */
async function proof(
  context: Pick<Context, 'services'>,
  organizationId: string,
  size: bigint,
  make: () => Promise<Uint8Array[]>,
): Promise<string[]> {
  const tree = await context.services.prisma.auditTree.findUnique({ where: { organizationId } });
  const treeSize = tree?.size ?? 0n;
  if (size > treeSize) {
    throw new GraphQLError(`the log has ${treeSize} events`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  try {
    return base64(await make());
  } catch (error) {
    throw brokenLogError(error);
  }
}

const AuditLogRef = builder.objectRef<{ organizationId: string }>('AuditLog');

AuditLogRef.implement({
  description: "The organization's audit log as a verifiable Merkle tree log.",
  authScopes: (log) => ({ $all: { organization: log.organizationId, permission: 'audit:read' } }),
  fields: (t) => ({
    origin: t.string({
      description: "The origin line of this log's checkpoints.",
      resolve: (log, _args, context) => context.services.auditLog.origin(log.organizationId),
    }),
    verifierKey: t.string({
      description:
        'The public key checkpoints are signed with, as a signed-note verifier key (name+keyid+key): give it ' +
        'to keygate-audit-verify or any C2SP note verifier.',
      resolve: (_log, _args, context) => context.services.auditLog.verifierKey,
    }),
    checkpoint: t.field({
      type: AuditCheckpointRef,
      description:
        'The latest signed checkpoint, covering every event written before this request (a new one is signed ' +
        'when the log grew). Each new checkpoint is recorded as an audit.checkpoint event, so webhooks push it.',
      resolve: async (log, _args, context) => {
        try {
          return await context.services.auditLog.checkpoint(log.organizationId);
        } catch (error) {
          throw brokenLogError(error);
        }
      },
    }),
    checkpoints: t.field({
      type: [AuditCheckpointRef],
      description: 'Checkpoints signed so far, newest first.',
      args: {
        first: t.arg.int({ required: false, defaultValue: 20, description: 'How many (at most 100).' }),
        beforeSize: t.arg.string({ required: false, description: 'Only checkpoints of a smaller log.' }),
      },
      resolve: (log, args, context) =>
        context.services.auditLog.checkpoints(
          log.organizationId,
          Math.min(Math.max(args.first ?? 20, 1), 100),
          args.beforeSize ? sizeArg('beforeSize', args.beforeSize) : undefined,
        ),
    }),
    consistencyProof: t.stringList({
      description:
        'An RFC 9162 consistency proof (base64 hashes) that the log at toSize extends the log at fromSize.',
      args: {
        fromSize: t.arg.string({
          required: true,
          description: 'The size of the older log (a checkpoint you hold).',
        }),
        toSize: t.arg.string({
          required: true,
          description: 'The size of the newer log, at most its size now.',
        }),
      },
      resolve: async (log, args, context) => {
        const from = sizeArg('fromSize', args.fromSize);
        const to = sizeArg('toSize', args.toSize);
        if (from < 1n || from > to) {
          throw new GraphQLError('fromSize must be at least 1 and at most toSize', {
            extensions: { code: 'BAD_USER_INPUT' },
          });
        }
        return proof(context, log.organizationId, to, () =>
          context.services.auditLog.consistencyProof(log.organizationId, from, to),
        );
      },
    }),
    inclusionProof: t.stringList({
      description:
        'An RFC 9162 inclusion proof (base64 hashes) of the event at `sequence` in the log of `size` events.',
      args: {
        sequence: t.arg.string({ required: true, description: 'The event (AuditEvent.sequence).' }),
        size: t.arg.string({
          required: true,
          description: 'The size of the log to prove it in (a checkpoint).',
        }),
      },
      resolve: async (log, args, context) => {
        const sequence = sizeArg('sequence', args.sequence);
        const size = sizeArg('size', args.size);
        if (sequence < 1n || sequence > size) {
          throw new GraphQLError('sequence must lie within size', { extensions: { code: 'BAD_USER_INPUT' } });
        }
        return proof(context, log.organizationId, size, () =>
          context.services.auditLog.inclusionProof(log.organizationId, sequence, size),
        );
      },
    }),
  }),
});

builder.queryField('auditLog', (t) =>
  t.withAuth({ permission: 'audit:read' }).field({
    type: AuditLogRef,
    description: "The organization's audit log: signed checkpoints and proofs.",
    resolve: (_root, _args, context) => ({ organizationId: context.viewer.organizationId }),
  }),
);

const AuditChainVerification = builder.simpleObject('AuditChainVerification', {
  description: "The result of checking the organization's audit log.",
  fields: (t) => ({
    valid: t.boolean({
      description: 'Whether the log extends the checkpoint and every event checked matches its leaf.',
    }),
    checkedEvents: t.int({ description: 'Events whose content this call checked against the tree.' }),
    firstBrokenSequence: t.string({
      nullable: true,
      description: 'Sequence of the first event found wrong, when one is.',
    }),
    reason: t.string({ nullable: true, description: 'What is wrong; null when valid.' }),
    size: t.string({ description: 'Events in the log now (the checkpoint below).' }),
    anchorSize: t.string({
      nullable: true,
      description:
        "The size of the checkpoint the log was proven to extend: the one sent, or Keygate's previous one.",
    }),
    verifiedThroughSequence: t.string({
      nullable: true,
      description: 'Event contents are verified from the start of the log through this event.',
    }),
    complete: t.boolean({
      description:
        'Whether the content check reached the newest event. A long log is checked in parts: call again to ' +
        'continue from `verifiedThroughSequence`.',
    }),
    resumedFromSequence: t.string({
      nullable: true,
      description: 'The first event this call checked (past the last verified one, unless from: START).',
    }),
  }),
});

const AuditVerificationStart = builder.enumType('AuditVerificationStart', {
  description: 'Where verifyAuditChain begins checking event contents.',
  values: {
    LAST_VERIFIED: {
      description:
        'Past the last event an earlier verification checked (the default): events before it are not read ' +
        'again, so an edit to one of them is found from START (or offline, from an export).',
    },
    START: { description: 'At the first event: every event is checked again.' },
  } as const,
});

builder.queryField('verifyAuditChain', (t) =>
  t.withAuth({ permission: 'audit:read' }).field({
    type: AuditChainVerification,
    description:
      "Checks the organization's audit log: that it still extends the signed checkpoint given (or Keygate's " +
      'latest), by a consistency proof, and that event contents match the tree, in parts: each call checks a ' +
      'bounded number of events, continuing where the last one stopped. One runs per organization at a time ' +
      '(VERIFICATION_IN_PROGRESS otherwise), and a credential may call it a few times a minute.',
    // A checkpoint is a signed note: lines, which the input guard lets through here alone.
    extensions: { multilineArguments: ['checkpoint'] },
    args: {
      from: t.arg({
        type: AuditVerificationStart,
        required: false,
        defaultValue: 'LAST_VERIFIED',
        description: 'Where to begin.',
      }),
      checkpoint: t.arg.string({
        required: false,
        description:
          'A signed checkpoint note you kept (AuditCheckpoint.note): the log must still extend it.',
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
      let result: Awaited<ReturnType<typeof services.auditLog.verify>>;
      try {
        result = await services.auditLog.verify(viewer.organizationId, {
          from: args.from ?? 'LAST_VERIFIED',
          maxEvents: limits.auditVerificationBatch,
          checkpoint: args.checkpoint,
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
        if (error instanceof ForeignCheckpointError) {
          throw new GraphQLError(error.message, {
            extensions: { code: 'BAD_USER_INPUT', field: 'checkpoint' },
          });
        }
        throw error;
      }
      const text = (value: bigint | null) => value?.toString() ?? null;
      return {
        ...result,
        size: result.size.toString(),
        firstBrokenSequence: text(result.firstBrokenSequence),
        anchorSize: text(result.anchorSize),
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
    args: {
      filter: t.arg({
        type: AuditEventFilter,
        required: false,
        description: 'Only the events that match, as in auditEvents.',
      }),
    },
    subscribe: (_root, args, context) => {
      // A credential holds a few streams at most: each event costs every open stream a query.
      const release = context.services.streams.take(context.viewer.credential.id);
      if (!release) {
        const { subscriptionsPerCredential } = context.services.config.limits;
        throw new GraphQLError(
          `This credential already holds ${subscriptionsPerCredential} open event streams; close one first`,
          { extensions: { code: 'RATE_LIMITED', http: { status: 429 } } },
        );
      }
      const events = context.services.auditBus.subscribe('auditEventAdded', context.viewer.organizationId);
      return whileAllowed(context, events, release, args.filter ? matching(context, args.filter) : undefined);
    },
    resolve: (query, payload, _args, context) =>
      context.services.prisma.auditEvent.findFirstOrThrow({
        ...query,
        where: { id: BigInt((payload as { id: string }).id), organizationId: context.viewer.organizationId },
      }),
  }),
);

/** Whether an event matches `filter`, checked in the database as it arrives. */
function matching(
  context: AuthenticatedContext,
  filter: NonNullable<Parameters<typeof auditWhere>[1]>,
): (event: { id: string }) => Promise<boolean> {
  const where = auditWhere(context.viewer.organizationId, filter);
  return async (event) =>
    (await context.services.prisma.auditEvent.count({
      where: { AND: [where, { id: BigInt(event.id) }] },
    })) > 0;
}

/**
 * Passes a subscription's events on only while the subscriber may still read them: before each event of
 * the organization, whether the filter keeps it or not, the credential is checked again as it stands now
 * (revoked, expired, removed from the organization, lost `audit:read`, its organization suspended or
 * deleted), and the stream ends when it no longer passes. Ending it unsubscribes from the bus.
 */
function whileAllowed<T>(
  context: AuthenticatedContext,
  events: AsyncIterable<T>,
  release: () => void,
  keep?: (event: T) => Promise<boolean>,
): AsyncGenerator<T> {
  const stream = (async function* () {
    for await (const event of events) {
      const now = await recheckPrincipal(context.services, context.viewer, context.ip);
      if (!now?.permissions.has('audit:read')) return;
      if (keep && !(await keep(event))) continue;
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
