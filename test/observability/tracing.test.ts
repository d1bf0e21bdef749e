import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsSecret } from '../../src/domain/audit.js';
import { hashSecret } from '../../src/domain/secrets.js';
import { observedRoutes } from '../../src/observability/http-routes.js';
import {
  activeTracing,
  requestedExporter,
  startTracing,
  type Tracing,
} from '../../src/observability/tracing.js';
import type { RunningKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { connectWebSocket } from '../support/graphql-ws.js';
import { graphqlRequest, startServedKeygate } from '../support/observability.js';

const VIEWER = 'query Viewer { viewer { kind organization { id name } } }';
const CREATE_PAT = `mutation CreatePat($input: CreatePersonalAccessTokenInput!) {
  createPersonalAccessToken(input: $input) {
    __typename
    ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id description } }
  }
}`;

describe('which OTEL_* variables turn tracing on', () => {
  it('stays off unless an exporter or an OTLP endpoint is named', async () => {
    expect(requestedExporter({})).toBeNull();
    expect(requestedExporter({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('otlp');
    expect(requestedExporter({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(
      'otlp',
    );
    expect(requestedExporter({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe('otlp');
    expect(requestedExporter({ OTEL_TRACES_EXPORTER: 'console' })).toBe('console');
    expect(
      requestedExporter({
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      }),
    ).toBeNull();
    expect(requestedExporter({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBeNull();
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) };
    expect(requestedExporter({ OTEL_TRACES_EXPORTER: 'zipkin' }, logger)).toBeNull();
    expect(
      requestedExporter({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, logger),
    ).toBe('otlp');
    expect(warnings).toEqual([expect.stringContaining('zipkin'), expect.stringContaining('grpc')]);
    expect(await startTracing({ env: {} })).toBeNull();
    expect(activeTracing()).toBeNull();
  });
});

describe('spans of a query and a mutation, in an in-memory exporter', () => {
  const exporter = new InMemorySpanExporter();
  const simple = new SimpleSpanProcessor(exporter);
  const waiting: { name: string; resolve: (span: ReadableSpan) => void }[] = [];
  /** The in-memory exporter's processor, telling the test of each span as it ends. */
  const processor: SpanProcessor = {
    onStart: (span, parent) => simple.onStart(span, parent),
    onEnd(span) {
      simple.onEnd(span);
      for (const waiter of waiting.filter((each) => each.name === span.name)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(span);
      }
    },
    forceFlush: () => simple.forceFlush(),
    shutdown: () => simple.shutdown(),
  };
  const ended = (name: string) =>
    new Promise<ReadableSpan>((resolve) => {
      const found = exporter.getFinishedSpans().find((span) => span.name === name);
      if (found) resolve(found);
      else waiting.push({ name, resolve });
    });
  let tracing: Tracing;
  let database: TestDatabase;
  let keygate: RunningKeygate;

  beforeAll(async () => {
    tracing = (await startTracing({ spanProcessor: processor }))!;
    database = await createTestDatabase({ migrate: false });
    keygate = await startServedKeygate(database.url);
  });

  afterAll(async () => {
    await keygate?.close();
    await tracing?.release();
    await database?.drop();
  });

  const spans = () => exporter.getFinishedSpans();
  const parentOf = (span: ReadableSpan) =>
    spans().find((candidate) => candidate.spanContext().spanId === span.parentSpanContext?.spanId);
  const ancestors = (span: ReadableSpan) => {
    const chain: ReadableSpan[] = [];
    for (let at = parentOf(span); at; at = parentOf(at)) chain.push(at);
    return chain;
  };
  const inTrace = (root: ReadableSpan) =>
    spans().filter((span) => span.spanContext().traceId === root.spanContext().traceId);

  it('names the request span by its operation and nests resolver and Prisma spans under it', async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const answer = await graphqlRequest(keygate.url, VIEWER, {
      token: keygate.adminSecret!,
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(answer.status).toBe(200);

    const request = spans().find((span) => span.name === 'query Viewer')!;
    expect(request).toBeDefined();
    // The caller's trace continues.
    expect(request.spanContext().traceId).toBe(traceId);
    expect(request.attributes).toMatchObject({
      'graphql.operation.name': 'Viewer',
      'graphql.operation.type': 'query',
      'http.request.method': 'POST',
      'url.path': '/graphql',
      'http.response.status_code': 200,
      'keygate.outcome': 'success',
      'keygate.credential.kind': 'PERSONAL_ACCESS_TOKEN',
    });
    const viewer = spans().find((span) => span.name === 'resolve Query.viewer')!;
    expect(parentOf(viewer)).toBe(request);
    const organization = spans().find((span) => span.name === 'resolve Viewer.organization')!;
    expect(organization.attributes['graphql.field.path']).toBe('viewer.organization');
    expect(parentOf(organization)).toBe(viewer);
    // The credential lookup, made while the context is built, belongs to the request.
    const prisma = inTrace(request).filter((span) => span.name.startsWith('prisma:client:'));
    expect(prisma.length).toBeGreaterThan(0);
    for (const span of prisma) expect(ancestors(span)).toContain(request);
    expect(prisma.some((span) => span.name === 'prisma:client:db_query')).toBe(true);
  });

  it('puts a mutation’s database work under its resolver, and no secret anywhere', async () => {
    exporter.reset();
    const answer = await graphqlRequest(keygate.url, CREATE_PAT, {
      token: keygate.adminSecret!,
      variables: {
        input: { description: 'traced', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      },
    });
    const created = (answer.body.data as { createPersonalAccessToken: { secret: string } })
      .createPersonalAccessToken;
    expect(created.secret).toMatch(/^kg_pat_/);

    const request = spans().find((span) => span.name === 'mutation CreatePat')!;
    expect(request.attributes['keygate.outcome']).toBe('success');
    const resolver = spans().find((span) => span.name === 'resolve Mutation.createPersonalAccessToken')!;
    expect(parentOf(resolver)).toBe(request);
    const queries = inTrace(request).filter((span) => span.name === 'prisma:client:db_query');
    const underResolver = queries.filter((span) => ancestors(span).includes(resolver));
    // The insert of the token, and of its audit event, inside the resolver's transaction.
    expect(underResolver.length).toBeGreaterThanOrEqual(2);
    expect(
      underResolver.some((span) =>
        /INSERT INTO "public"\."PersonalAccessToken"|INSERT INTO "AuditEvent"/.test(
          String(span.attributes['db.query.text']),
        ),
      ),
    ).toBe(true);

    const secrets = [created.secret, keygate.adminSecret!];
    const hashes = secrets.map((secret) => Buffer.from(hashSecret(secret)).toString('hex'));
    for (const span of spans()) {
      const texts = [
        span.name,
        ...Object.values(span.attributes)
          .flatMap((value) => (Array.isArray(value) ? value : [value]))
          .map(String),
        ...span.events.flatMap((event) => Object.values(event.attributes ?? {}).map(String)),
      ];
      for (const text of texts) {
        expect(containsSecret(text), `${span.name}: ${text}`).toBe(false);
        for (const secret of [...secrets, ...hashes]) expect(text).not.toContain(secret);
      }
    }
  });

  it('marks a refused request with its error codes, not as an error of Keygate', async () => {
    exporter.reset();
    const answer = await graphqlRequest(keygate.url, VIEWER, { token: 'kg_pat_not-a-real-one' });
    expect(answer.status).toBe(401);
    const request = spans().find((span) => span.name === 'query Viewer')!;
    expect(request.attributes).toMatchObject({
      'http.response.status_code': 401,
      'keygate.outcome': 'client_error',
      'keygate.error_codes': ['UNAUTHENTICATED'],
      'client.address': '127.0.0.1',
    });
    expect(request.status.code).not.toBe(2);
  });

  it('makes a span of each graphql-ws operation, the parent of its resolvers and credential lookup', async () => {
    exporter.reset();
    const ws = connectWebSocket(keygate.url, { authorization: `Bearer ${keygate.adminSecret!}` });
    try {
      expect(await ws.run('query WsViewer { viewer { kind organization { id } } }')).toMatchObject({
        data: { viewer: { kind: 'USER' } },
      });
      const operation = await ended('query WsViewer');
      expect(operation.kind).toBe(1);
      expect(operation.attributes).toMatchObject({
        'graphql.operation.name': 'WsViewer',
        'graphql.operation.type': 'query',
        'url.path': '/graphql',
        'keygate.transport': 'ws',
        'keygate.outcome': 'success',
        'keygate.credential.kind': 'PERSONAL_ACCESS_TOKEN',
        'client.address': '127.0.0.1',
      });
      const viewer = spans().find((span) => span.name === 'resolve Query.viewer')!;
      expect(parentOf(viewer)).toBe(operation);
      const prisma = inTrace(operation).filter((span) => span.name.startsWith('prisma:client:'));
      expect(prisma.length).toBeGreaterThan(0);
      for (const span of prisma) expect(ancestors(span)).toContain(operation);
      for (const span of spans()) {
        expect(JSON.stringify(span.attributes)).not.toContain(keygate.adminSecret!);
      }
    } finally {
      await ws.client.dispose();
    }
  });

  it('gives a plain-HTTP endpoint a span of its own, the parent of its database work', async () => {
    exporter.reset();
    const [route] = observedRoutes(keygate.services, [
      {
        name: 'test.echo',
        matches: () => true,
        serve: async (_request, response) => {
          await keygate.services.prisma.$queryRaw`SELECT 1`;
          response.writeHead(204);
          response.end();
        },
      },
    ]);
    const server = createServer((request, response) => route!.serve(request, response));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      expect((await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST' })).status).toBe(204);
      const request = await ended('POST test.echo');
      expect(request.attributes).toMatchObject({
        'http.route': 'test.echo',
        'http.response.status_code': 204,
        'keygate.outcome': 'success',
      });
      const query = spans().find(
        (span) => span.name === 'prisma:client:db_query' && ancestors(span).includes(request),
      );
      expect(query).toBeDefined();
    } finally {
      server.close();
    }
  });

  it('makes no span for probes and scrapes', async () => {
    exporter.reset();
    for (const path of ['/health', '/ready', '/metrics'])
      expect((await fetch(`${keygate.url}${path}`)).status).toBe(200);
    await graphqlRequest(keygate.url, '{ __typename }');
    await ended('query');
    expect(
      spans()
        .filter((span) => span.kind === 1)
        .map((span) => span.name),
    ).toEqual(['query']);
  });
});
