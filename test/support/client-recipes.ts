import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, expect } from 'vitest';
import { type GatewayKeygate, startGatewayKeygate } from './gateway.js';
import { nextStreamOpens } from './graphql-ws.js';
import { seedMember } from './seed.js';

/*
 * What the tests of the client recipes (examples/clients/*.ts, shown in the README) share: a real Keygate,
 * the recipe's client of it as its owner, and the checks every recipe passes alike.
 */

/** The part of a recipe module every test uses: its client (HTTP, and graphql-ws for subscriptions). */
export interface ClientRecipe<Client> {
  keygateClient(endpoint: string, token: string): { client: Client; close(): unknown };
  watchAuditEvents(client: Client, onEvent: (action: string) => void): () => void;
}

/**
 * Starts a Keygate before the file's tests, with the recipe's client as its owner, and stops both after
 * them. Call it at the top of a test file; read `gateway` and `client` inside the tests.
 */
export function recipeUnderTest<Client>(recipe: ClientRecipe<Client>) {
  let gateway: GatewayKeygate | undefined;
  let owner: ReturnType<ClientRecipe<Client>['keygateClient']> | undefined;

  beforeAll(async () => {
    gateway = await startGatewayKeygate();
    owner = recipe.keygateClient(`${gateway.url}/graphql`, gateway.owner);
  }, 120_000);

  afterAll(async () => {
    await owner?.close();
    await gateway?.close();
  });

  const started = () => {
    if (!gateway || !owner) throw new Error('recipeUnderTest: Keygate has not started');
    return { gateway, owner };
  };

  return {
    get gateway(): GatewayKeygate {
      return started().gateway;
    },
    /** The recipe's client, acting as the organization's owner. */
    get client(): Client {
      return started().owner.client;
    },

    /** An ISO date `days` from now (negative: in the past). */
    inDays: (days: number) => new Date(Date.now() + days * 86_400_000).toISOString(),

    /** The recipe's client with a member's personal access token that its member has revoked. */
    async revokedClient() {
      const { gateway } = started();
      const member = await seedMember(gateway.keygate.services, gateway.organizationId, 'MEMBER');
      await gateway.graphql(
        'mutation($id: ID!) { revokePersonalAccessToken(input: { id: $id }) { __typename } }',
        { id: encodeGlobalID('PersonalAccessToken', member.patId) },
        member.secret,
      );
      return recipe.keygateClient(`${gateway.url}/graphql`, member.secret);
    },

    /**
     * Subscribes with the recipe's watchAuditEvents (over graphql-ws), creates a machine identity named
     * `name` once the stream listens, and expects that event, and only it, to arrive.
     */
    async expectSubscriptionSees(name: string) {
      const { gateway, owner } = started();
      const actions: string[] = [];
      let arrived!: () => void;
      const first = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const opened = nextStreamOpens(gateway.keygate.services);
      const stop = recipe.watchAuditEvents(owner.client, (action) => {
        actions.push(action);
        arrived();
      });
      await opened;
      await gateway.graphql(
        'mutation($name: String!) { createMachineIdentity(input: { name: $name }) { __typename } }',
        { name },
      );
      await first;
      stop();
      expect(actions).toEqual(['identity.created']);
    },
  };
}
