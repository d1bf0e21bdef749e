import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import * as apollo4 from '../../examples/clients/apollo4.js';
import { recipeUnderTest } from '../support/client-recipes.js';

/* The Apollo Client 4 recipe (examples/clients/apollo4.ts, shown in the README) against a real Keygate. */

const { createToken, errorCodes, whoAmI } = apollo4;
const recipe = recipeUnderTest(apollo4);
const { inDays } = recipe;

describe('Apollo Client 4', () => {
  it('queries', async () => {
    expect(await whoAmI(recipe.client)).toMatchObject({
      kind: 'USER',
      organization: { name: expect.any(String) },
    });
  });

  it('reads a typed error of a mutation, with its code and field, thanks to possibleTypes', async () => {
    expect(await createToken(recipe.client, 'from Apollo 4', inDays(-1))).toEqual({
      refused: 'VALIDATION_FAILED',
      field: 'expiresAt',
      message: expect.any(String),
    });
    expect((await createToken(recipe.client, 'from Apollo 4', inDays(7))).secret).toMatch(/^kg_pat_/);
    // Without possibleTypes the cache cannot match `... on Error` to a ValidationError: code and message
    // are gone from the answer.
    const without = new ApolloClient({
      link: new HttpLink({
        uri: `${recipe.gateway.url}/graphql`,
        headers: { authorization: `Bearer ${recipe.gateway.owner}` },
      }),
      cache: new InMemoryCache(),
    });
    const bare = await createToken(without, 'without possibleTypes', inDays(-1));
    expect(bare).toMatchObject({ field: 'expiresAt' });
    expect(bare.refused).toBeUndefined();
  });

  it('keeps the codes of refusals: bad variables (400 here) and a refused credential (401)', async () => {
    const badInput = await createToken(recipe.client, 'from Apollo 4', 'not a date').catch((error) => error);
    expect(errorCodes(badInput)).toEqual(['BAD_USER_INPUT']);
    const revoked = await recipe.revokedClient();
    const refused = await whoAmI(revoked.client).catch((error) => error);
    expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
    await revoked.close();
  });

  it('subscribes over graphql-ws', async () => {
    await recipe.expectSubscriptionSees('seen-by-apollo-4');
  });
});
