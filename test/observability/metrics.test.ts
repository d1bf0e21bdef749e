import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPERATION_NAMES } from '../../src/observability/metrics.js';
import type { RunningKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { graphqlRequest, scrape, startServedKeygate, unknownSecret } from '../support/observability.js';

const VIEWER = 'query Viewer { viewer { kind organization { id } } }';
const CREATE_PAT = `mutation CreatePat($input: CreatePersonalAccessTokenInput!) {
  createPersonalAccessToken(input: $input) { __typename ... on CreatePersonalAccessTokenPayload { secret } }
}`;
const VERIFY_CHAIN = 'query VerifyChain { verifyAuditChain { valid } }';
const VERIFY_CREDENTIAL = `mutation Verify($input: VerifyCredentialInput!) {
  verifyCredential(input: $input) { valid code }
}`;

describe('GET /metrics on the main port, before and after traffic', () => {
  let database: TestDatabase;
  let keygate: RunningKeygate;
  let owner: string;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    keygate = await startServedKeygate(database.url, {}, { KEYGATE_AUDIT_VERIFICATIONS_PER_MINUTE: '1' });
    owner = keygate.adminSecret!;
  });

  afterAll(async () => {
    await keygate?.close();
    await database?.drop();
  });

  it('serves the Prometheus text format, with the process metrics and the database pool', async () => {
    const metrics = await scrape(keygate.url);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.has('process_cpu_seconds_total')).toBe(true);
    expect(metrics.has('nodejs_eventloop_lag_seconds')).toBe(true);
    expect(metrics.has('nodejs_heap_size_used_bytes')).toBe(true);
    expect(metrics.value('keygate_database_connections_max')).toBe(10);
    expect(metrics.has('keygate_database_connections', { state: 'idle' })).toBe(true);
    expect(metrics.has('keygate_database_connections', { state: 'in_use' })).toBe(true);
    expect(metrics.value('keygate_database_waiting_queries')).toBe(0);
    // Tracing is off: nothing of it is loaded, Prisma's instrumentation is not there.
    expect((globalThis as Record<string, unknown>).PRISMA_INSTRUMENTATION).toBeUndefined();
  });

  it('finds every family changing with traffic', async () => {
    const before = await scrape(keygate.url);

    // A successful authentication (a miss in the credential cache), then one answered from the cache.
    for (let i = 0; i < 2; i++) {
      const viewer = await graphqlRequest(keygate.url, VIEWER, { token: owner });
      expect(viewer.status).toBe(200);
    }
    // A failed one: a well-formed secret that matches nothing, and something that is no secret at all.
    const unknown = await graphqlRequest(keygate.url, VIEWER, { token: await unknownSecret() });
    expect(unknown.status).toBe(401);
    expect((await graphqlRequest(keygate.url, VIEWER, { token: 'not-a-secret' })).status).toBe(401);
    // An audit event: a change, committed.
    const created = await graphqlRequest(keygate.url, CREATE_PAT, {
      token: owner,
      variables: {
        input: { description: 'metrics', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      },
    });
    expect(created.body.data).toMatchObject({
      createPersonalAccessToken: { __typename: 'CreatePersonalAccessTokenPayload' },
    });
    // A rate-limit refusal: one verification a minute, asked for twice.
    expect((await graphqlRequest(keygate.url, VERIFY_CHAIN, { token: owner })).body.errors).toBeUndefined();
    const refused = await graphqlRequest(keygate.url, VERIFY_CHAIN, { token: owner });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // A verification for a gateway.
    const verified = await graphqlRequest(keygate.url, VERIFY_CREDENTIAL, {
      token: owner,
      variables: { input: { secret: await unknownSecret() } },
    });
    expect(verified.body.data).toEqual({ verifyCredential: { valid: false, code: 'NOT_FOUND' } });

    const after = await scrape(keygate.url);
    const grew = (name: string, labels: Record<string, string> = {}) =>
      after.value(name, labels) - before.value(name, labels);

    const pat = { kind: 'PERSONAL_ACCESS_TOKEN' };
    expect(grew('keygate_authentications_total', { ...pat, code: 'SUCCESS' })).toBe(6);
    expect(grew('keygate_authentications_total', { ...pat, code: 'NOT_FOUND' })).toBe(1);
    expect(grew('keygate_authentications_total', { kind: 'UNKNOWN', code: 'MALFORMED' })).toBe(1);
    expect(grew('keygate_credential_cache_lookups_total', { result: 'hit' })).toBeGreaterThanOrEqual(5);
    expect(grew('keygate_credential_cache_lookups_total', { result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(grew('keygate_audit_events_written_total', { outcome: 'SUCCESS' })).toBe(1);
    expect(grew('keygate_rate_limit_refusals_total', { limit: 'audit_verification' })).toBe(1);
    expect(grew('keygate_credential_verifications_total', { kind: 'UNKNOWN', code: 'NOT_FOUND' })).toBe(1);
    expect(grew('keygate_graphql_errors_total', { operation: 'Viewer', code: 'UNAUTHENTICATED' })).toBe(2);
    expect(grew('keygate_graphql_errors_total', { operation: 'VerifyChain', code: 'RATE_LIMITED' })).toBe(1);

    const viewer = { endpoint: 'graphql', operation: 'Viewer' };
    expect(grew('keygate_requests_total', { ...viewer, outcome: 'success' })).toBe(2);
    expect(grew('keygate_requests_total', { ...viewer, outcome: 'client_error' })).toBe(2);
    expect(grew('keygate_request_duration_seconds_count', { ...viewer, outcome: 'success' })).toBe(2);
    expect(grew('keygate_request_duration_seconds_sum', { ...viewer, outcome: 'success' })).toBeGreaterThan(
      0,
    );
    expect(
      grew('keygate_request_duration_seconds_bucket', { ...viewer, outcome: 'success', le: '+Inf' }),
    ).toBe(2);
    // The first scrape was counted, as a request to the metrics endpoint, once it was done.
    expect(
      after.value('keygate_requests_total', { endpoint: 'metrics', outcome: 'success' }),
    ).toBeGreaterThan(0);
  });

  it('counts a failed authentication of a known credential, and its audit event, as DENIED', async () => {
    const created = await graphqlRequest(keygate.url, CREATE_PAT, {
      token: owner,
      variables: {
        input: { description: 'to revoke', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      },
    });
    const { secret } = (created.body.data as { createPersonalAccessToken: { secret: string } })
      .createPersonalAccessToken;
    const before = await scrape(keygate.url);
    // Expired: rather than revoke it through the API, the test moves its expiry into the past.
    const { prisma } = keygate.services;
    await prisma.personalAccessToken.updateMany({
      where: { description: 'to revoke' },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    keygate.services.credentialCache.clear();
    expect((await graphqlRequest(keygate.url, VIEWER, { token: secret })).status).toBe(401);
    const after = await scrape(keygate.url);
    const grew = (name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    expect(grew('keygate_authentications_total', { kind: 'PERSONAL_ACCESS_TOKEN', code: 'EXPIRED' })).toBe(1);
    expect(grew('keygate_audit_events_written_total', { outcome: 'DENIED' })).toBe(1);
  });

  it('keeps operation names a client makes up out of the labels unless an authenticated caller runs them', async () => {
    const stranger = await graphqlRequest(keygate.url, 'query MadeUpByAStranger { viewer { kind } }', {
      token: await unknownSecret(),
    });
    expect(stranger.status).toBe(401);
    const metrics = await scrape(keygate.url);
    expect(metrics.has('keygate_requests_total', { operation: 'MadeUpByAStranger' })).toBe(false);
    expect(
      metrics.value('keygate_requests_total', { endpoint: 'graphql', operation: 'other' }),
    ).toBeGreaterThan(0);
    // Past the bound, even an authenticated caller's new names are `other`.
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) {
      keygate.services.metrics.operationLabel(`Filler${i}`, true);
    }
    await graphqlRequest(keygate.url, 'query OneTooMany { viewer { kind } }', { token: owner });
    expect((await scrape(keygate.url)).has('keygate_requests_total', { operation: 'OneTooMany' })).toBe(
      false,
    );
  });
});
