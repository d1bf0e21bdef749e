import { describe, expect, it, vi } from 'vitest';
import * as urql from '../../examples/clients/urql.js';
import { recipeUnderTest } from '../support/client-recipes.js';

/* The urql recipe (examples/clients/urql.ts, shown in the README) against a real Keygate. */

const { createToken, whoAmI } = urql;
const recipe = recipeUnderTest(urql);
const { inDays } = recipe;

describe('urql 6 with its defaults', () => {
  it('queries with GET, which passes the CSRF check with the bearer token', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      expect(await whoAmI(recipe.client)).toEqual({
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
    expect(await createToken(recipe.client, 'from urql', inDays(-1))).toEqual({
      refused: 'VALIDATION_FAILED',
      field: 'expiresAt',
      message: expect.any(String),
    });
    const created = await createToken(recipe.client, 'from urql', inDays(7));
    expect(created.secret).toMatch(/^kg_pat_/);
  });

  it('says which refusal it got: variables that do not coerce are BAD_USER_INPUT', async () => {
    const refused = await createToken(recipe.client, 'from urql', 'not a date').catch((error) => error);
    expect(refused.graphQLErrors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('subscribes over graphql-ws', async () => {
    await recipe.expectSubscriptionSees('seen-by-urql');
  });
});
