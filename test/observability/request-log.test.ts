import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRequestLine } from '../../src/request-logging.js';
import type { RunningKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { capturedLog, graphqlRequest, startServedKeygate, unknownSecret } from '../support/observability.js';

const VIEWER = 'query Viewer { viewer { kind credential { id } } }';

describe('request log lines', () => {
  const log = capturedLog();
  let database: TestDatabase;
  let keygate: RunningKeygate;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    keygate = await startServedKeygate(database.url, { logLevel: 'info' }, {}, log.logger);
  });

  afterAll(async () => {
    await keygate?.close();
    await database?.drop();
  });

  const requestLine = (requestId: string) =>
    log.waitFor((line) => line.msg === 'request' && line.requestId === requestId);

  it('say who asked what, from where, and how it ended, without the secret', async () => {
    const answer = await graphqlRequest(keygate.url, VIEWER, {
      token: keygate.adminSecret!,
      headers: { 'x-request-id': 'log-ok' },
    });
    const credentialId = (answer.body.data as { viewer: { credential: { id: string } } }).viewer.credential
      .id;
    const line = await requestLine('log-ok');
    expect(line).toMatchObject({
      level: 30,
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Viewer',
      operationType: 'query',
      actorType: 'USER',
      credentialKind: 'PERSONAL_ACCESS_TOKEN',
      ip: '127.0.0.1',
    });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.actorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(line.organizationId).toMatch(/^[0-9a-f-]{36}$/);
    // The line names the credential by its id (the API's is a global id of the same row).
    expect(Buffer.from(credentialId, 'base64').toString()).toContain(line.credentialId as string);
    expect(line.errorCodes).toBeUndefined();
    expect(JSON.stringify(log.lines)).not.toContain(keygate.adminSecret!);
  });

  it('name a refused caller’s address and the error codes, and no actor', async () => {
    const secret = await unknownSecret();
    await graphqlRequest(keygate.url, VIEWER, { token: secret, headers: { 'x-request-id': 'log-refused' } });
    const line = await requestLine('log-refused');
    expect(line).toMatchObject({
      status: 401,
      operationName: 'Viewer',
      errorCodes: ['UNAUTHENTICATED'],
      ip: '127.0.0.1',
    });
    expect(line.actorId).toBeUndefined();
    expect(line.credentialId).toBeUndefined();
    expect(JSON.stringify(log.lines)).not.toContain(secret);
  });

  it('keep quiet about probes and scrapes that succeed, and log the ones that fail', async () => {
    expect((await fetch(`${keygate.url}/health`, { headers: { 'x-request-id': 'log-health' } })).status).toBe(
      200,
    );
    expect((await fetch(`${keygate.url}/ready`, { headers: { 'x-request-id': 'log-ready' } })).status).toBe(
      200,
    );
    expect((await fetch(`${keygate.url}/metrics`)).status).toBe(200);
    // A failing scrape is logged, on the route's close; a request after it is logged after it.
    expect((await fetch(`${keygate.url}/metrics`, { method: 'POST' })).status).toBe(405);
    const failed = await log.waitFor((line) => line.msg === 'request' && line.path === '/metrics');
    expect(failed).toMatchObject({ status: 405, route: 'metrics', method: 'POST', ip: '127.0.0.1' });
    await graphqlRequest(keygate.url, VIEWER, {
      token: keygate.adminSecret!,
      headers: { 'x-request-id': 'log-after' },
    });
    await requestLine('log-after');
    const paths = log.lines
      .filter((line) => line.msg === 'request')
      .map((line) => `${line.path} ${line.status}`);
    expect(paths).not.toContain('/health 200');
    expect(paths).not.toContain('/ready 200');
    expect(paths).not.toContain('/metrics 200');
  });

  it('log a failing readiness check', () => {
    const lines = capturedLog();
    const line = { requestId: 'r', method: 'GET', path: '/ready', durationMs: 2000, ip: null };
    writeRequestLine(lines.logger, { ...line, status: 200 });
    writeRequestLine(lines.logger, { ...line, status: 503 });
    expect(lines.lines.map((each) => each.status)).toEqual([503]);
  });
});
