import type { Plugin } from 'graphql-yoga';
import { type Context, clientAddressOf } from '../context.js';
import { useRequestLogging } from '../request-logging.js';
import type { Services } from '../services.js';
import { useRequestMetrics } from './graphql-metrics.js';
import { useRequestSummary } from './request-summary.js';
import { tracingPlugin } from './tracing.js';

/**
 * What Yoga does to make requests observable, first among its plugins so that they see every request,
 * refusals included: the request span (only while tracing is on), the summary the others read, the request
 * log line, and the request metrics.
 */
export function observabilityPlugins(services: Services): Plugin<Context>[] {
  const tracing = tracingPlugin();
  return [
    ...(tracing ? [tracing] : []),
    useRequestSummary(),
    useRequestLogging(services.logger, (request, server) => clientAddressOf(services, request, server)),
    useRequestMetrics(services.metrics),
  ];
}
