import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { connectWebSocket, nextStreamOpens } from '../support/graphql-ws.js';
import {
  capturedLog,
  type LogLine,
  scrape,
  startServedKeygate,
  unknownSecret,
} from '../support/observability.js';
import { seedOrganization } from '../support/seed.js';

/*
 * graphql-ws operations, observed as HTTP requests are: a request line each, the request, error and
 * authentication families under transport `ws`, and refused connections among the authentications.
 * The real graphql-ws client, over a real socket.
 */

const VIEWER = 'query WsViewer { viewer { kind credential { id } } }';
const AUDIT = 'subscription WsAudit { auditEventAdded { action } }';

describe('graphql-ws operations in the request log and the metrics', () => {
  const log = capturedLog();
  let database: TestDatabase;
  let keygate: RunningKeygate;
  let owner: string;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    keygate = await startServedKeygate(database.url, { logLevel: 'info' }, {}, log.logger);
    owner = keygate.adminSecret!;
  });

  afterAll(async () => {
    await keygate?.close();
    await database?.drop();
  });

  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
  const wsLine = (operationName: string) =>
    log.waitFor((line) => line.msg === 'request' && line.operationName === operationName);

  it('log a query and a subscription, each with who asked and how it ended, without the token', async () => {
    const before = await scrape(keygate.url);
    const ws = connectWebSocket(keygate.url, bearer(owner));
    try {
      const answer = await ws.run(VIEWER);
      expect(answer).toMatchObject({ data: { viewer: { kind: 'USER' } } });
      const query = await wsLine('WsViewer');
      expect(query).toMatchObject({
        level: 30,
        transport: 'ws',
        path: '/graphql',
        operationType: 'query',
        outcome: 'success',
        actorType: 'USER',
        credentialKind: 'PERSONAL_ACCESS_TOKEN',
        ip: '127.0.0.1',
      });
      expect(query.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(query.durationMs).toEqual(expect.any(Number));
      expect(query.actorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(query.errorCodes).toBeUndefined();
      expect(query).not.toHaveProperty('status');
      // The line names the credential by its id (the API's is a global id of the same row).
      const credentialId = Buffer.from(answer.data.viewer.credential.id, 'base64').toString();
      expect(credentialId).toContain(query.credentialId as string);

      // A subscription is answered, and logged, once it has started, as an event stream over HTTP.
      const opened = nextStreamOpens(keygate.services);
      const events: unknown[] = [];
      const stop = ws.client.subscribe(
        { query: AUDIT },
        { next: (event) => events.push(event), error() {}, complete() {} },
      );
      await opened;
      const subscription = await wsLine('WsAudit');
      expect(subscription).toMatchObject({
        transport: 'ws',
        operationType: 'subscription',
        outcome: 'success',
        credentialKind: 'PERSONAL_ACCESS_TOKEN',
        ip: '127.0.0.1',
      });
      stop();

      // The caller's mistake: logged with its code, counted as a client error.
      const bad = await ws.run('query WsMisspelt { viewer { kidn } }');
      expect(bad.error[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(await wsLine('WsMisspelt')).toMatchObject({
        transport: 'ws',
        outcome: 'client_error',
        errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
        ip: '127.0.0.1',
      });
    } finally {
      await ws.client.dispose();
    }

    const after = await scrape(keygate.url);
    const grew = (name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    const overWs = { endpoint: 'graphql', transport: 'ws' };
    expect(grew('keygate_requests_total', { ...overWs, operation: 'WsViewer', outcome: 'success' })).toBe(1);
    expect(grew('keygate_requests_total', { ...overWs, operation: 'WsAudit', outcome: 'success' })).toBe(1);
    expect(grew('keygate_requests_total', { ...overWs, outcome: 'client_error' })).toBe(1);
    expect(
      grew('keygate_request_duration_seconds_count', {
        ...overWs,
        operation: 'WsViewer',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(grew('keygate_graphql_errors_total', { transport: 'ws', code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(
      1,
    );
    // The connection's check, and each operation that reached its context (the misspelt one did not).
    const pat = { kind: 'PERSONAL_ACCESS_TOKEN', code: 'SUCCESS' };
    expect(grew('keygate_authentications_total', { ...pat, transport: 'ws' })).toBe(3);
    expect(grew('keygate_authentications_total', { ...pat, transport: 'http' })).toBe(0);
    // HTTP's series are under transport `http`: the first scrape, once it was done.
    expect(after.value('keygate_requests_total', { endpoint: 'metrics', transport: 'http' })).toBeGreaterThan(
      0,
    );
    expect(JSON.stringify(log.lines)).not.toContain(owner);
  });

  it('count refused connections among the authentications, and log them without the token', async () => {
    const other = await seedOrganization(keygate.services, 'Not the owner’s');
    const before = await scrape(keygate.url);
    const secret = await unknownSecret();
    const refusedLines = () => log.lines.filter((line) => line.msg === 'connection refused');
    const seen = refusedLines().length;

    expect((await connectWebSocket(keygate.url, bearer(secret)).closed).code).toBe(4401);
    expect((await connectWebSocket(keygate.url, undefined).closed).code).toBe(4401);
    const elsewhere = connectWebSocket(keygate.url, {
      ...bearer(owner),
      organization: encodeGlobalID('Organization', other.organizationId),
    });
    expect((await elsewhere.closed).code).toBe(4403);

    const after = await scrape(keygate.url);
    const grew = (labels: Record<string, string>) =>
      after.value('keygate_authentications_total', { ...labels, transport: 'ws' }) -
      before.value('keygate_authentications_total', { ...labels, transport: 'ws' });
    expect(grew({ kind: 'PERSONAL_ACCESS_TOKEN', code: 'NOT_FOUND' })).toBe(1);
    expect(grew({ kind: 'UNKNOWN', code: 'MISSING' })).toBe(1);
    expect(grew({ kind: 'PERSONAL_ACCESS_TOKEN', code: 'ORGANIZATION_NOT_ALLOWED' })).toBe(1);
    // No operation ran: none is counted as a request.
    expect(
      after.value('keygate_requests_total', { transport: 'ws' }) -
        before.value('keygate_requests_total', { transport: 'ws' }),
    ).toBe(0);

    const lines: LogLine[] = refusedLines().slice(seen);
    expect(lines.map((line) => [line.closeCode, line.errorCodes])).toEqual([
      [4401, ['UNAUTHENTICATED']],
      [4401, ['UNAUTHENTICATED']],
      [4403, ['FORBIDDEN']],
    ]);
    for (const line of lines)
      expect(line).toMatchObject({ transport: 'ws', path: '/graphql', ip: '127.0.0.1' });
    expect(JSON.stringify(log.lines)).not.toContain(secret);
    expect(JSON.stringify(log.lines)).not.toContain(owner);
  });
});
