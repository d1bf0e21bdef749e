import type { Tracer } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { Logger } from '../logger.js';

/*
 * OpenTelemetry tracing, off unless the standard OTEL_* variables ask for it. Off, nothing of it is loaded:
 * no SDK, no Prisma instrumentation, no Yoga plugin, no wrapped resolver. On, it is process-wide, as
 * OpenTelemetry's tracer provider, context manager and Prisma's instrumentation are: every Keygate instance
 * in the process holds it, and the last one to close flushes and stops it.
 */

export interface Tracing {
  tracer: Tracer;
  /** Lets go of tracing; the last holder's release flushes the spans still buffered and stops it. */
  release(): Promise<void>;
}

export interface TracingOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Pick<Logger, 'warn'>;
  /** Where spans go instead of the exporter the variables name (tests: an InMemorySpanExporter). */
  spanProcessor?: SpanProcessor;
}

type Exporter = 'otlp' | 'console';

/**
 * The exporter the variables ask for, or null: OTEL_TRACES_EXPORTER `otlp` or `console`, or, without it,
 * an OTLP endpoint (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT). OTEL_SDK_DISABLED
 * and OTEL_TRACES_EXPORTER=none turn it off. Unlike OpenTelemetry's SDKs, which export to localhost by
 * default, Keygate exports nothing it was not told to.
 */
export function requestedExporter(env: NodeJS.ProcessEnv, logger?: Pick<Logger, 'warn'>): Exporter | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return null;
  const named = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (named.length === 0) {
    return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()
      ? checkedProtocol(env, logger)
      : null;
  }
  if (named.includes('none')) return null;
  const unsupported = named.filter((name) => name !== 'otlp' && name !== 'console');
  if (unsupported.length > 0) {
    logger?.warn(`OTEL_TRACES_EXPORTER: Keygate exports otlp or console, not ${unsupported.join(', ')}`);
  }
  if (named.includes('otlp')) return checkedProtocol(env, logger);
  return named.includes('console') ? 'console' : null;
}

/** Keygate's exporter speaks OTLP over HTTP with JSON bodies, which every OTLP/HTTP receiver accepts. */
function checkedProtocol(env: NodeJS.ProcessEnv, logger?: Pick<Logger, 'warn'>): Exporter {
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL)?.trim();
  if (protocol && protocol !== 'http/json' && protocol !== 'http/protobuf') {
    logger?.warn(`OTLP protocol ${protocol} is not supported: Keygate sends traces as OTLP/HTTP (JSON)`);
  }
  return 'otlp';
}

/** OpenTelemetry's API, loaded with the SDK: modules that make spans take it from here, never import it. */
export type OpenTelemetryApi = typeof import('@opentelemetry/api');

export interface ActiveTracing {
  tracer: Tracer;
  api: OpenTelemetryApi;
}

interface Running extends ActiveTracing {
  /** Yoga's request and resolver spans (graphql-tracing.ts, loaded with the SDK). */
  yogaPlugin(): Plugin<Context>;
  /** A graphql-ws operation's span (graphql-tracing.ts). */
  webSocketOperationSpan(path: string): WebSocketOperationSpan;
  holders: number;
  stop(): Promise<void>;
}

let starting: Promise<Running> | null = null;
let running: Running | null = null;

/** The tracer and the API while tracing is on in this process, else null (resolvers ask on every call). */
export function activeTracing(): ActiveTracing | null {
  return running;
}

/** The Yoga plugin that makes the spans of requests, while tracing is on; null (and nothing loaded) when off. */
export function tracingPlugin(): Plugin<Context> | null {
  return running?.yogaPlugin() ?? null;
}

export type WebSocketOperationSpan = ReturnType<
  typeof import('./graphql-tracing.js')['startWebSocketOperationSpan']
>;

/** A span for a graphql-ws operation while tracing is on (websocket-operations.ts), else null. */
export function webSocketOperationSpan(path: string): WebSocketOperationSpan | null {
  return running?.webSocketOperationSpan(path) ?? null;
}

/**
 * Holds tracing for one Keygate instance: starts it if the variables (or `spanProcessor`) ask for it and it
 * is not on yet, joins it if it is; null when it stays off.
 */
export async function startTracing(options: TracingOptions = {}): Promise<Tracing | null> {
  if (!starting) {
    const exporter = options.spanProcessor
      ? null
      : requestedExporter(options.env ?? process.env, options.logger);
    if (!options.spanProcessor && !exporter) return null;
    starting = setUp(options.spanProcessor, exporter);
    starting.catch(() => {
      starting = null;
    });
  }
  const state = await starting;
  state.holders += 1;
  let released = false;
  return {
    tracer: state.tracer,
    async release() {
      if (released) return;
      released = true;
      state.holders -= 1;
      if (state.holders > 0) return;
      starting = null;
      running = null;
      await state.stop();
    },
  };
}

/** The exporter, the batch processor and the resource read their own OTEL_* variables from process.env. */
async function setUp(spanProcessor: SpanProcessor | undefined, exporter: Exporter | null): Promise<Running> {
  const [api, sdk, otlp, resources, { PrismaInstrumentation }, yogaTracing] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@prisma/instrumentation'),
    import('./graphql-tracing.js'),
  ]);
  const processor =
    spanProcessor ??
    new sdk.BatchSpanProcessor(
      exporter === 'console' ? new sdk.ConsoleSpanExporter() : new otlp.OTLPTraceExporter(),
    );
  const provider = new sdk.NodeTracerProvider({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over Keygate's defaults.
    resource: resources
      .defaultResource()
      .merge(resources.resourceFromAttributes({ 'service.name': 'keygate' }))
      .merge(resources.detectResources({ detectors: [resources.envDetector] })),
    spanProcessors: [processor],
  });
  // Global: the AsyncLocalStorage context manager (a request's span is the parent of whatever runs for
  // it) and W3C trace-context propagation (a caller's traceparent header continues its trace).
  provider.register();
  const prisma = new PrismaInstrumentation();
  prisma.setTracerProvider(provider);
  prisma.enable();
  const tracer = provider.getTracer('keygate');
  running = {
    tracer,
    api,
    yogaPlugin: () => yogaTracing.useTracing({ tracer, api }),
    webSocketOperationSpan: (path) => yogaTracing.startWebSocketOperationSpan({ tracer, api }, path),
    holders: 0,
    async stop() {
      prisma.disable();
      await provider.shutdown();
      api.trace.disable();
      api.context.disable();
      api.propagation.disable();
    },
  };
  return running;
}
