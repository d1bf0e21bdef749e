import { describe, expect, it } from 'vitest';
import * as apollo3 from '../../examples/clients/apollo3.js';
import { recipeUnderTest } from '../support/client-recipes.js';

/* The Apollo Client 3 recipe (examples/clients/apollo3.ts, shown in the README) against a real Keygate. */

const { createToken, errorCodes, whoAmI } = apollo3;
const recipe = recipeUnderTest(apollo3);
const { inDays } = recipe;

describe('Apollo Client 3 (npm alias @apollo/client-v3)', () => {
  it('queries', async () => {
    expect(await whoAmI(recipe.client)).toMatchObject({
      kind: 'USER',
      organization: { name: expect.any(String) },
    });
  });

  it('reads a typed error of a mutation, with its code and field', async () => {
    expect(await createToken(recipe.client, 'from Apollo 3', inDays(-1))).toEqual({
      refused: 'VALIDATION_FAILED',
      field: 'expiresAt',
      message: expect.any(String),
    });
    expect((await createToken(recipe.client, 'from Apollo 3', inDays(7))).secret).toMatch(/^kg_pat_/);
  });

  it('keeps the codes of refusals: bad variables (200 to its Accept: */*) and a refused credential (401)', async () => {
    const badInput = await createToken(recipe.client, 'from Apollo 3', 'not a date').catch((error) => error);
    expect(errorCodes(badInput)).toEqual(['BAD_USER_INPUT']);
    expect(badInput.graphQLErrors).toHaveLength(1);
    const revoked = await recipe.revokedClient();
    const refused = await whoAmI(revoked.client).catch((error) => error);
    expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
    expect(refused.networkError.statusCode).toBe(401);
    await revoked.close();
  });

  it('subscribes over graphql-ws', async () => {
    await recipe.expectSubscriptionSees('seen-by-apollo-3');
  });
});
