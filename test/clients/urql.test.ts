import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken, keygateClient, watchAuditEvents, whoAmI } from '../../examples/clients/urql.js';
import { type GatewayKeygate, startGatewayKeygate } from '../support/gateway.js';
import { nextStreamOpens } from '../support/graphql-ws.js';

/* The urql recipe (examples/clients/urql.ts, shown in the README) against a real Keygate. */

let gateway: GatewayKeygate;
let keygate: ReturnType<typeof keygateClient>;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  gateway = await startGatewayKeygate();
  keygate = keygateClient(`${gateway.url}/graphql`, gateway.owner);
}, 120_000);

afterAll(async () => {
  await keygate?.close();
  await gateway?.close();
});

describe('urql 6 with its defaults', () => {
  it('queries with GET, which passes the CSRF check with the bearer token', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      expect(await whoAmI(keygate.client)).toEqual({
        __typename: 'Viewer',
        kind: 'USER',
        organization: { __typename: 'Organization', id: expect.any(String), name: expect.any(String) },
      });
      expect(fetchSpy.mock.calls.map(([, init]) => init?.method)).toEqual(['GET']);
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('reads a typed error of a mutation, with its code and field', async () => {
    expect(await createToken(keygate.client, 'from urql', inDays(-1))).toEqual({
      refused: 'VALIDATION_FAILED',
      field: 'expiresAt',
      message: expect.any(String),
    });
    const created = await createToken(keygate.client, 'from urql', inDays(7));
    expect(created.secret).toMatch(/^kg_pat_/);
  });

  it('says which refusal it got: variables that do not coerce are BAD_USER_INPUT', async () => {
    const refused = await createToken(keygate.client, 'from urql', 'not a date').catch((error) => error);
    expect(refused.graphQLErrors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('subscribes over graphql-ws', async () => {
    const actions: string[] = [];
    let arrived!: () => void;
    const first = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const opened = nextStreamOpens(gateway.keygate.services);
    const stop = watchAuditEvents(keygate.client, (action) => {
      actions.push(action);
      arrived();
    });
    await opened;
    await gateway.graphql(
      'mutation { createMachineIdentity(input: { name: "seen-by-urql" }) { __typename } }',
    );
    await first;
    stop();
    expect(actions).toEqual(['identity.created']);
  });
});
