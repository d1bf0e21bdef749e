import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDatabaseUnavailable } from '../../db/database.js';
import { OAuthError } from '../../domain/access-token-grants.js';
import type { Services } from '../../services.js';
import { BadRequest, requestIdOfHttp, sendOAuthError } from '../respond.js';

/**
 * How an OAuth endpoint answers what went wrong: its own refusals in RFC 6749 §5.2's shape, a bad body as
 * invalid_request, a database away as 503 temporarily_unavailable, and anything else as server_error (and
 * a log line with the request id), never a stack trace.
 */
export function answerFailure(
  services: Services,
  request: IncomingMessage,
  response: ServerResponse,
  error: unknown,
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (error instanceof OAuthError) {
    const headers: Record<string, string> = error.retryAfterSeconds
      ? { 'retry-after': String(error.retryAfterSeconds) }
      : {};
    sendOAuthError(request, response, error.status, error.error, error.message, headers);
    return;
  }
  if (error instanceof BadRequest) {
    sendOAuthError(request, response, error.status, 'invalid_request', error.message);
    return;
  }
  if (isDatabaseUnavailable(error)) {
    sendOAuthError(
      request,
      response,
      503,
      'temporarily_unavailable',
      'the database is unavailable; try again shortly',
      {
        'retry-after': '1',
      },
    );
    return;
  }
  services.logger.error(
    { err: error, requestId: requestIdOfHttp(request), path: request.url },
    'unexpected error',
  );
  sendOAuthError(
    request,
    response,
    500,
    'server_error',
    'unexpected error; quote the x-request-id when you report it',
  );
}
