import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayKeygate, startGatewayKeygate } from '../support/gateway.js';

/*
 * GraphQL over HTTP, spoken over a real socket: a well-formed request that fails validation, variable
 * coercion or operation resolution is answered 200 to a client that accepts application/json (or says
 * nothing), and 400 to one that accepts application/graphql-response+json. A refused credential is
 * answered 401 to both (README, "Errors").
 */

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

let gateway: GatewayKeygate;

beforeAll(async () => {
  gateway = await startGatewayKeygate({ KEYGATE_MAX_COST: '100' });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
});

interface Answer {
  status: number;
  contentType: string | null;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: each case checks the shape it needs
  body: any;
}

async function post(body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    body: await response.json(),
  };
}

const withToken = (accept?: string) => ({
  authorization: `Bearer ${gateway.owner}`,
  ...(accept ? { accept } : {}),
});

/** Requests a server must parse, that fail before anything executes. */
const refusedBeforeExecution = [
  {
    label: 'a variable of the wrong type',
    body: {
      query: 'query($first: Int) { tokens(first: $first) { totalCount } }',
      variables: { first: 'ten' },
    },
    code: 'BAD_USER_INPUT',
  },
  {
    label: 'a required variable missing',
    body: {
      query:
        'mutation($input: CreatePersonalAccessTokenInput!) { createPersonalAccessToken(input: $input) { __typename } }',
      variables: {},
    },
    code: 'BAD_USER_INPUT',
  },
  {
    label: 'an input object of the wrong shape',
    body: {
      query:
        'mutation($input: CreatePersonalAccessTokenInput!) { createPersonalAccessToken(input: $input) { __typename } }',
      variables: { input: { description: 5, expiresAt: 'tomorrow' } },
    },
    code: 'BAD_USER_INPUT',
  },
  {
    label: 'a field the schema does not have',
    body: { query: '{ viewer { nope } }' },
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    label: 'an operation name the document does not have',
    body: { query: 'query A { viewer { kind } } query B { viewer { kind } }', operationName: 'C' },
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
  {
    label: 'a cursor that is not one of its list',
    body: { query: '{ tokens(first: 1, after: "not-a-cursor") { totalCount } }' },
    code: 'BAD_USER_INPUT',
  },
  {
    label: 'a cost over the limit',
    body: { query: '{ tokens(first: 100) { edges { node { id } } } }' },
    code: 'OPERATION_LIMIT_EXCEEDED',
  },
];

describe('a well-formed request refused before execution', () => {
  for (const { label, body, code } of refusedBeforeExecution) {
    it(`${label}: 200 to application/json clients, 400 to application/graphql-response+json`, async () => {
      for (const accept of [undefined, JSON_TYPE, '*/*', `${JSON_TYPE}, ${GRAPHQL_RESPONSE};q=0.5`]) {
        const answer = await post(JSON.stringify(body), withToken(accept));
        expect({ accept, status: answer.status, type: answer.contentType }).toEqual({
          accept,
          status: 200,
          type: `${JSON_TYPE}; charset=utf-8`,
        });
        expect(answer.body.data).toBeUndefined();
        expect(answer.body.errors[0].extensions.code).toBe(code);
      }
      for (const accept of [GRAPHQL_RESPONSE, `${GRAPHQL_RESPONSE}, ${JSON_TYPE};q=0.9`]) {
        const answer = await post(JSON.stringify(body), withToken(accept));
        expect({ accept, status: answer.status, type: answer.contentType }).toEqual({
          accept,
          status: 400,
          type: `${GRAPHQL_RESPONSE}; charset=utf-8`,
        });
        expect(answer.body.data).toBeUndefined();
        expect(answer.body.errors[0].extensions.code).toBe(code);
      }
    });
  }

  it('changes nothing: a mutation whose variables do not coerce makes no token', async () => {
    const before = await gateway.keygate.services.prisma.personalAccessToken.count();
    const answer = await post(JSON.stringify(refusedBeforeExecution[2]!.body), withToken(JSON_TYPE));
    expect(answer.status).toBe(200);
    expect(await gateway.keygate.services.prisma.personalAccessToken.count()).toBe(before);
  });
});

describe('requests that are not well-formed, and refusals with a status of their own', () => {
  it('a body that is not JSON is 400 to every client', async () => {
    for (const accept of [JSON_TYPE, GRAPHQL_RESPONSE]) {
      const answer = await post('{"query": ', withToken(accept));
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    }
  });

  it('a bad credential is 401 with its challenge to every client', async () => {
    for (const accept of [JSON_TYPE, GRAPHQL_RESPONSE]) {
      const answer = await post(JSON.stringify({ query: '{ viewer { kind } }' }), {
        accept,
        authorization: 'Bearer kg_pat_not-a-real-one',
      });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="keygate", error="invalid_token"');
      expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('no credential for a field that needs one is 401 with its challenge to every client', async () => {
    for (const accept of [JSON_TYPE, GRAPHQL_RESPONSE]) {
      const answer = await post(JSON.stringify({ query: '{ viewer { kind } }' }), { accept });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="keygate"');
      expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('an error during execution is 200, with data, to every client', async () => {
    for (const accept of [JSON_TYPE, GRAPHQL_RESPONSE]) {
      const answer = await post(
        JSON.stringify({ query: '{ viewer { kind } node(id: "not-an-id") { id } }' }),
        withToken(accept),
      );
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ viewer: { kind: 'USER' }, node: null });
      expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
