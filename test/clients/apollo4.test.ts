import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createToken,
  errorCodes,
  keygateClient,
  watchAuditEvents,
  whoAmI,
} from '../../examples/clients/apollo4.js';
import { type GatewayKeygate, startGatewayKeygate } from '../support/gateway.js';
import { nextStreamOpens } from '../support/graphql-ws.js';
import { seedMember } from '../support/seed.js';

/* The Apollo Client 4 recipe (examples/clients/apollo4.ts, shown in the README) against a real Keygate. */

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

describe('Apollo Client 4', () => {
  it('queries', async () => {
    expect(await whoAmI(keygate.client)).toMatchObject({
      kind: 'USER',
      organization: { name: expect.any(String) },
    });
  });

  it('reads a typed error of a mutation, with its code and field, thanks to possibleTypes', async () => {
    expect(await createToken(keygate.client, 'from Apollo 4', inDays(-1))).toEqual({
      refused: 'VALIDATION_FAILED',
      field: 'expiresAt',
      message: expect.any(String),
    });
    expect((await createToken(keygate.client, 'from Apollo 4', inDays(7))).secret).toMatch(/^kg_pat_/);
    // Without possibleTypes the cache cannot match `... on Error` to a ValidationError: code and message
    // are gone from the answer.
    const without = new ApolloClient({
      link: new HttpLink({
        uri: `${gateway.url}/graphql`,
        headers: { authorization: `Bearer ${gateway.owner}` },
      }),
      cache: new InMemoryCache(),
    });
    const bare = await createToken(without, 'without possibleTypes', inDays(-1));
    expect(bare).toMatchObject({ field: 'expiresAt' });
    expect(bare.refused).toBeUndefined();
  });

  it('keeps the codes of refusals: bad variables (400 here) and a refused credential (401)', async () => {
    const badInput = await createToken(keygate.client, 'from Apollo 4', 'not a date').catch((error) => error);
    expect(errorCodes(badInput)).toEqual(['BAD_USER_INPUT']);
    const member = await seedMember(gateway.keygate.services, gateway.organizationId, 'MEMBER');
    await gateway.graphql(
      'mutation($id: ID!) { revokePersonalAccessToken(input: { id: $id }) { __typename } }',
      { id: encodeGlobalID('PersonalAccessToken', member.patId) },
      member.secret,
    );
    const revoked = keygateClient(`${gateway.url}/graphql`, member.secret);
    const refused = await whoAmI(revoked.client).catch((error) => error);
    expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
    await revoked.close();
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
      'mutation { createMachineIdentity(input: { name: "seen-by-apollo-4" }) { __typename } }',
    );
    await first;
    stop();
    expect(actions).toEqual(['identity.created']);
  });
});
