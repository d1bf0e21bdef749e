import { type GraphQLField, type GraphQLObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

/**
 * Root fields anyone may call without a rule. Keep it short: each entry is a decision, not an omission.
 * (Keygate has none today: even the node lookup needs a credential.)
 */
const PUBLIC_ROOT_FIELDS = new Set<string>([]);

type PothosExtensions = {
  pothosOptions?: { authScopes?: unknown; skipTypeScopes?: boolean };
  pothosPrismaModel?: string;
};

const rootTypes = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
  (type): type is GraphQLObjectType => Boolean(type),
);

function hasRule(field: GraphQLField<unknown, unknown>): boolean {
  return (field.extensions as PothosExtensions).pothosOptions?.authScopes !== undefined;
}

describe('every field that can reach tenant data has an authorization rule', () => {
  it.each(
    rootTypes.flatMap((type) =>
      Object.values(type.getFields()).map((field) => [`${type.name}.${field.name}`, field] as const),
    ),
  )('%s', (name, field) => {
    expect(hasRule(field) || PUBLIC_ROOT_FIELDS.has(name), `${name} has no authScopes`).toBe(true);
  });

  const modelTypes = Object.values(schema.getTypeMap()).filter(
    (type): type is GraphQLObjectType =>
      isObjectType(type) && Boolean((type.extensions as PothosExtensions).pothosPrismaModel),
  );

  it('finds the database-backed object types', () => {
    expect(modelTypes.map((type) => type.name)).toEqual(
      expect.arrayContaining([
        'Organization',
        'User',
        'PersonalAccessToken',
        'MachineIdentity',
        'Token',
        'AuditEvent',
      ]),
    );
  });

  it.each(modelTypes.map((type) => [type.name, type] as const))('object type %s', (_name, type) => {
    const typeRule = (type.extensions as PothosExtensions).pothosOptions?.authScopes !== undefined;
    const unguarded = Object.values(type.getFields())
      .filter((field) => !typeRule && !hasRule(field))
      .map((field) => field.name);
    expect(unguarded, `${type.name} has neither a type-level rule nor rules on these fields`).toEqual([]);
    const skipping = Object.values(type.getFields())
      .filter((field) => (field.extensions as PothosExtensions).pothosOptions?.skipTypeScopes)
      .map((field) => field.name);
    expect(skipping, `${type.name} fields that skip the type's rule`).toEqual([]);
  });
});
