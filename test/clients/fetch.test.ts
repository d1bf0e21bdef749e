import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditEventAdded,
  CreatePersonalAccessToken,
  createToken,
  execute,
  subscribe,
  Viewer,
} from '../../examples/clients/fetch.js';
import { type GatewayKeygate, startGatewayKeygate } from '../support/gateway.js';
import { nextStreamOpens } from '../support/graphql-ws.js';

/* The plain fetch recipe (examples/clients/fetch.ts, shown in the README) against a real Keygate. */

let gateway: GatewayKeygate;
let endpoint: string;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  gateway = await startGatewayKeygate();
  endpoint = `${gateway.url}/graphql`;
}, 120_000);

afterAll(async () => {
  await gateway?.close();
});

describe('plain fetch with string documents', () => {
  it('queries', async () => {
    const { viewer } = await execute(endpoint, gateway.owner, Viewer, {});
    expect(viewer).toMatchObject({ kind: 'USER', organization: { name: expect.any(String) } });
  });

  it('reads a typed error of a mutation, with its code and field', async () => {
    expect(await createToken(endpoint, gateway.owner, 'from fetch', inDays(-1))).toEqual({
      refused: 'VALIDATION_FAILED',
      field: 'expiresAt',
      message: expect.any(String),
    });
    expect((await createToken(endpoint, gateway.owner, 'from fetch', inDays(7))).secret).toMatch(/^kg_pat_/);
  });

  it('throws the code of a refusal: bad variables, a bad credential', async () => {
    await expect(
      execute(endpoint, gateway.owner, CreatePersonalAccessToken, {
        input: { description: 'from fetch', expiresAt: 'not a date' },
      }),
    ).rejects.toThrow('BAD_USER_INPUT');
    await expect(execute(endpoint, 'kg_pat_not-a-real-one', Viewer, {})).rejects.toThrow('UNAUTHENTICATED');
  });

  it('subscribes over Server-Sent Events', async () => {
    const opened = nextStreamOpens(gateway.keygate.services);
    const events = subscribe(endpoint, gateway.owner, AuditEventAdded, {});
    const first = events.next();
    await opened;
    await gateway.graphql(
      'mutation { createMachineIdentity(input: { name: "seen-by-fetch" }) { __typename } }',
    );
    expect((await first).value).toMatchObject({
      auditEventAdded: { action: 'identity.created', outcome: 'SUCCESS' },
    });
    // Ending the generator cancels the response body, which closes the stream.
    await events.return(undefined);
  });
});
