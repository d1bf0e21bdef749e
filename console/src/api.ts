import type { TypedDocumentString } from './graphql/graphql';

export const GRAPHQL_ENDPOINT = '/graphql';

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; retryAfterSeconds?: number; field?: string };
}

interface GraphQLResponseBody<TResult> {
  data?: TResult | null;
  errors?: GraphQLErrorBody[];
}

/** A failed request, worded for a person; `code` is what the program branches on. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly requestId: string | null = null,
    /** The input a refused request names (BAD_USER_INPUT with `extensions.field`), for the form to mark. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /**
   * Whether Keygate refused the request itself (HTTP 401 or 403: the token, or the organization it was
   * sent to act in), rather than one field of it.
   */
  callerRefused = false;
}

/** The words a person sees for an error Keygate returned; never the raw JSON. */
export function readableError(error: GraphQLErrorBody | undefined, requestId: string | null): ApiError {
  const code = error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  switch (code) {
    case 'UNAUTHENTICATED':
      return new ApiError(
        'Keygate did not accept the token: it is mistyped, expired, revoked or deleted. Sign in with a valid token.',
        code,
        requestId,
      );
    case 'FORBIDDEN': {
      // A refusal with a reason (organization creation left to the operator, say) says it; a missing
      // permission is the token's.
      const reason = /^Not allowed: (?!missing permission)(.+)$/.exec(error?.message ?? '')?.[1];
      if (reason)
        return new ApiError(`Keygate does not allow this: ${reason.replace(/\.$/, '')}.`, code, requestId);
      return new ApiError(
        'Your token is not allowed to do this. Sign in with a token that has the permission, or ask an owner for it.',
        code,
        requestId,
      );
    }
    case 'RATE_LIMITED':
      return new ApiError(
        `Too many changes in a short time. Try again in ${error?.extensions?.retryAfterSeconds ?? 60} seconds.`,
        code,
        requestId,
      );
    case 'INTERNAL_SERVER_ERROR':
      return new ApiError(
        `Something went wrong inside Keygate. Try again; if it keeps happening, give an administrator the request id${
          requestId ? ` ${requestId}` : ''
        }.`,
        code,
        requestId,
      );
    default:
      // BAD_USER_INPUT, OPERATION_LIMIT_EXCEEDED, PAYLOAD_TOO_LARGE…: Keygate's own words say what to change.
      return new ApiError(
        `Keygate refused the request: ${(error?.message ?? 'invalid request').replace(/\.$/, '')}.`,
        code,
        requestId,
        error?.extensions?.field,
      );
  }
}

/** The header that picks the organization a request acts in; without it, the token's own. */
export const ORGANIZATION_HEADER = 'x-keygate-organization';

/** Who a request is from (the bearer token) and, when not the token's own, the organization it acts in. */
export function authorizationHeaders(
  token: string | null,
  organizationId: string | null = null,
): Record<string, string> {
  return {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(organizationId ? { [ORGANIZATION_HEADER]: organizationId } : {}),
  };
}

/**
 * Sends one operation and returns its data, or throws an ApiError a person can read. `organizationId` (an
 * Organization global id) is the organization it acts in, when not the token's own.
 */
export async function execute<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token: string | null,
  organizationId: string | null = null,
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...authorizationHeaders(token, organizationId),
      },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch {
    throw new ApiError(
      'Keygate could not be reached. Check that it is running and try again.',
      'NETWORK_ERROR',
    );
  }
  const requestId = response.headers.get('x-request-id');
  let body: GraphQLResponseBody<TResult>;
  try {
    body = (await response.json()) as GraphQLResponseBody<TResult>;
  } catch {
    throw new ApiError(
      `Keygate answered with HTTP ${response.status} and no readable result.`,
      'HTTP_ERROR',
      requestId,
    );
  }
  if (body.errors?.length) {
    const error = readableError(body.errors[0], requestId);
    error.callerRefused = response.status === 401 || response.status === 403;
    throw error;
  }
  if (body.data == null) throw readableError(undefined, requestId);
  return body.data;
}

/** The expected failure in a mutation's result union (every one implements the `Error` interface), or null. */
export function typedError<T extends { __typename?: string }>(
  result: T,
): (T & { message: string; field?: string }) | null {
  return 'message' in result && typeof result.message === 'string'
    ? (result as T & { message: string; field?: string })
    : null;
}
