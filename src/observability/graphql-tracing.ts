import type { Attributes, Context as OtelContext, Span, TextMapGetter } from '@opentelemetry/api';
import {
  defaultFieldResolver,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isObjectType,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { isProbePath } from '../request-logging.js';
import { graphqlOutcome } from './graphql-metrics.js';
import type { RequestOutcome } from './metrics.js';
import { type RequestSummary, shownOperationName, summaryOf } from './request-summary.js';
import { type ActiveTracing, activeTracing } from './tracing.js';

/*
 * Spans of a request (added to Yoga only while tracing is on, see tracing.ts): one per request, named by
 * its operation (`query Viewer`), with its outcome; one per resolver that may reach the database (root
 * fields, and fields that return objects), nested as the fields are; Prisma's own spans (its
 * instrumentation) under whichever span was active when the query was made. Attributes carry names, ids,
 * codes and statuses, never a header, variable, document, argument or error message. OpenTelemetry's API
 * comes from tracing.ts, which loads it with the SDK: imported here, a bundle would load it at start.
 */

const SERVER = 1; // SpanKind.SERVER
const ERROR = 2; // SpanStatusCode.ERROR

const HEADERS: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

export function useTracing({ tracer, api }: ActiveTracing): Plugin<Context> {
  const { context, propagation, ROOT_CONTEXT, trace } = api;
  const spans = new WeakMap<Request, { span: Span; ended: boolean }>();
  const end = (request: Request) => {
    const entry = spans.get(request);
    if (!entry || entry.ended) return;
    entry.ended = true;
    entry.span.end();
  };
  return {
    instrumentation: {
      request: ({ request }, wrapped) => {
        const path = new URL(request.url).pathname;
        if (isProbePath(path)) return wrapped();
        // A caller's traceparent continues its trace; the span is this request's either way.
        const parent = propagation.extract(ROOT_CONTEXT, request.headers, HEADERS);
        const span = tracer.startSpan(
          `${request.method} ${path}`,
          { kind: SERVER, attributes: { 'http.request.method': request.method, 'url.path': path } },
          parent,
        );
        spans.set(request, { span, ended: false });
        return context.with(trace.setSpan(parent, span), async () => {
          try {
            await wrapped();
          } catch (error) {
            span.setStatus({ code: ERROR });
            throw error;
          } finally {
            end(request);
          }
        });
      },
    },
    onSchemaChange: ({ schema }) => traceResolvers(schema),
    onResponse: ({ request, response }) => {
      const entry = spans.get(request);
      const summary = summaryOf(request);
      if (!entry || !summary) return;
      describeAnswered(entry.span, summary, graphqlOutcome(response.status, summary.errorCodes), {
        'http.response.status_code': response.status,
      });
      end(request);
    },
  };
}

/**
 * A span of an operation on a graphql-ws connection (websocket-operations.ts), started as the operation
 * arrives: the parent of the spans made while it runs (`run`), ended with its outcome once it is answered.
 * A socket carries no traceparent: each operation starts a trace of its own.
 */
export function startWebSocketOperationSpan({ tracer, api }: ActiveTracing, path: string) {
  const span = tracer.startSpan(
    `WS ${path}`,
    { kind: SERVER, attributes: { 'url.path': path, 'keygate.transport': 'ws' } },
    api.ROOT_CONTEXT,
  );
  const active = api.trace.setSpan(api.ROOT_CONTEXT, span);
  let ended = false;
  return {
    run: <T>(work: () => T): T => api.context.with(active, work),
    end(summary: RequestSummary, outcome: RequestOutcome) {
      if (ended) return;
      ended = true;
      describeAnswered(span, summary, outcome, {});
      span.end();
    },
  };
}

/**
 * Names a request's span by its operation (`query Viewer`), and says how it ended and who asked, over
 * HTTP and WebSocket alike; an error status only when Keygate failed (`server_error`), not when it refused.
 */
function describeAnswered(
  span: Span,
  summary: RequestSummary,
  outcome: RequestOutcome,
  attributes: Attributes,
): void {
  attributes['keygate.outcome'] = outcome;
  if (summary.operationType) {
    const name = shownOperationName(summary.operationName);
    span.updateName(summary.batch ? 'batch' : `${summary.operationType}${name ? ` ${name}` : ''}`);
    attributes['graphql.operation.type'] = summary.operationType;
    if (name) attributes['graphql.operation.name'] = name;
  }
  const viewer = summary.context?.viewer;
  if (viewer) {
    attributes['keygate.organization.id'] = viewer.organizationId;
    attributes['keygate.actor.type'] = viewer.kind;
    attributes['keygate.actor.id'] = viewer.actorId;
    attributes['keygate.credential.kind'] = viewer.credential.kind;
    attributes['keygate.credential.id'] = viewer.credential.id;
  }
  if (summary.context?.ip) attributes['client.address'] = summary.context.ip;
  if (summary.errorCodes.length > 0) attributes['keygate.error_codes'] = summary.errorCodes;
  span.setAttributes(attributes);
  if (outcome === 'server_error') span.setStatus({ code: ERROR });
}

/** Types whose object fields only hand on what their parent loaded (Relay connections and edges). */
const PASS_THROUGH = /(Connection|Edge)$/;
const traced = new WeakSet<object>();

/**
 * Wraps, once, the resolvers worth a span: the root fields, and fields that return objects, where Keygate
 * loads (a relation, a connection, a node). Scalar fields read what their object holds and get none. The
 * schema is shared by every instance in the process, as tracing is; a wrapped resolver without a tracer
 * (tracing stopped) calls straight through.
 */
function traceResolvers(schema: GraphQLSchema): void {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || PASS_THROUGH.test(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      if (traced.has(field)) continue;
      if (!roots.has(type) && !isCompositeType(getNamedType(field.type))) continue;
      traced.add(field);
      field.resolve = tracedResolver(`${type.name}.${field.name}`, field.resolve ?? defaultFieldResolver);
    }
  }
}

/** Each request's resolver spans by response path, so a field's span is the child of its parent field's. */
const fieldSpans = new WeakMap<object, Map<string, OtelContext>>();

function tracedResolver(
  name: string,
  resolve: GraphQLFieldResolver<unknown, unknown>,
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, contextValue, info) => {
    const tracing = activeTracing();
    if (!tracing || typeof contextValue !== 'object' || contextValue === null) {
      return resolve(source, args, contextValue, info);
    }
    const { tracer, api } = tracing;
    let byPath = fieldSpans.get(contextValue);
    if (!byPath) {
      byPath = new Map();
      fieldSpans.set(contextValue, byPath);
    }
    const path = pathOf(info.path);
    const parent = parentContext(byPath, info) ?? api.context.active();
    const span = tracer.startSpan(
      `resolve ${name}`,
      {
        attributes: {
          'graphql.field.name': info.fieldName,
          'graphql.field.path': path,
          'graphql.parent.type': info.parentType.name,
        },
      },
      parent,
    );
    const own = api.trace.setSpan(parent, span);
    byPath.set(path, own);
    const failed = (error: unknown) => {
      span.setStatus({ code: ERROR });
      const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
      span.setAttribute('keygate.error_code', typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
      span.end();
    };
    try {
      const result = api.context.with(own, () => resolve(source, args, contextValue, info));
      if (isPromiseLike(result)) {
        return Promise.resolve(result).then(
          (value) => {
            span.end();
            return value;
          },
          (error: unknown) => {
            failed(error);
            throw error;
          },
        );
      }
      span.end();
      return result;
    } catch (error) {
      failed(error);
      throw error;
    }
  };
}

/** The nearest traced field above this one (list indices skipped). */
function parentContext(byPath: Map<string, OtelContext>, info: GraphQLResolveInfo): OtelContext | undefined {
  for (let at = info.path.prev; at; at = at.prev) {
    if (typeof at.key === 'number') continue;
    const found = byPath.get(pathOf(at));
    if (found) return found;
  }
  return undefined;
}

function pathOf(path: GraphQLResolveInfo['path']): string {
  const keys: (string | number)[] = [];
  for (let at: typeof path | undefined = path; at; at = at.prev) keys.push(at.key);
  return keys.reverse().join('.');
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
