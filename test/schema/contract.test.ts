import { readFileSync } from 'node:fs';
import { type Change, CriticalityLevel, diff } from '@graphql-inspector/core';
import {
  buildASTSchema,
  buildSchema,
  type FieldDefinitionNode,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  Kind,
  parse,
  visit,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { describeConventions } from '../../src/schema/descriptions.js';
import { schema } from '../../src/schema/index.js';

/** The schema as of the last release, written by `npm run schema:release`. */
const releasedSdl = readFileSync(new URL('../../schema/released.graphql', import.meta.url), 'utf8');
const acceptedBreakingChanges: AcceptedBreakingChange[] = JSON.parse(
  readFileSync(new URL('../../schema/accepted-breaking-changes.json', import.meta.url), 'utf8'),
);

/** A breaking change made on purpose since the last release, matched by path and message. */
interface AcceptedBreakingChange {
  path: string;
  message: string;
  reason: string;
}

/** Every type, field, argument, input field and enum value without a description, by schema coordinate. */
function undescribed(target: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (element: { description?: string | null }, coordinate: string) => {
    if (!element.description?.trim()) missing.push(coordinate);
  };
  for (const type of Object.values(target.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    check(type, type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(field, `${type.name}.${field.name}`);
        for (const arg of field.args) check(arg, `${type.name}.${field.name}(${arg.name}:)`);
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(field, `${type.name}.${field.name}`);
    }
    if (isEnumType(type)) for (const value of type.getValues()) check(value, `${type.name}.${value.name}`);
  }
  return missing;
}

async function unacceptedBreakingChanges(
  released: GraphQLSchema,
  current: GraphQLSchema,
  accepted: AcceptedBreakingChange[],
): Promise<Change[]> {
  const changes = await diff(released, current);
  return changes.filter(
    (change) =>
      change.criticality.level === CriticalityLevel.Breaking &&
      !accepted.some((entry) => entry.path === (change.path ?? '') && entry.message === change.message),
  );
}

function breakingChangeReport(changes: Change[]): string {
  const entries = changes.map((change) => ({
    path: change.path ?? '',
    message: change.message,
    reason: '…',
  }));
  return [
    `${changes.length} breaking change(s) against schema/released.graphql, the last released schema:`,
    ...changes.map((change) => `  - ${change.path ?? '(schema)'}: ${change.message}`),
    'Clients built against the release would break. Either',
    '  - keep the old element and deprecate it (`deprecationReason` in its Pothos options) beside the new one; or',
    '  - if the break is intended, accept it: add to schema/accepted-breaking-changes.json',
    `    ${JSON.stringify(entries)}`,
    '    with a reason saying why clients can bear it.\n',
  ].join('\n');
}

describe('the schema as a contract', () => {
  it('describes every type, field, argument, input field and enum value', () => {
    const missing = undescribed(schema);
    expect(
      missing,
      `add a description to each (a \`///\` comment in prisma/schema.prisma for an exposed column, ` +
        `otherwise \`description\` in its Pothos options):\n${missing.join('\n')}`,
    ).toEqual([]);
  });

  it('fills in conventional descriptions only, never a domain field’s', () => {
    const sample = describeConventions(
      buildSchema(`
        type Query { things(first: Int, after: String, last: Int, before: String): QueryThingsConnection! }
        interface Node { id: ID! }
        type Thing implements Node { id: ID! createdAt: String! colour: String! }
        type QueryThingsConnection { edges: [QueryThingsConnectionEdge!]! pageInfo: PageInfo! }
        type QueryThingsConnectionEdge { cursor: String! node: Thing! }
        """Hand-written."""
        type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
      `),
    );
    expect(undescribed(sample)).toEqual(['Query', 'Query.things', 'Thing', 'Thing.colour']);
    expect(sample.getType('PageInfo')?.description).toBe('Hand-written.');
  });
});

describe('breaking changes against the last released schema', () => {
  const released = buildSchema(releasedSdl);

  it('has none that are not accepted in schema/accepted-breaking-changes.json', async () => {
    const unaccepted = await unacceptedBreakingChanges(released, schema, acceptedBreakingChanges);
    expect(
      unaccepted.map((change) => `${change.path}: ${change.message}`),
      breakingChangeReport(unaccepted),
    ).toEqual([]);
  });

  it('says why it accepts each breaking change', () => {
    for (const entry of acceptedBreakingChanges) {
      expect(entry, JSON.stringify(entry)).toEqual({
        path: expect.any(String),
        message: expect.any(String),
        reason: expect.stringMatching(/\S/),
      });
    }
  });

  /** The released schema with its `Token.name` field replaced by what `edit` makes of it (null: removed). */
  function releasedWithTokenName(edit: (field: FieldDefinitionNode) => FieldDefinitionNode | null) {
    const document = visit(parse(releasedSdl), {
      ObjectTypeDefinition: (type) =>
        type.name.value === 'Token'
          ? {
              ...type,
              fields: type.fields?.flatMap((f) => (f.name.value === 'name' ? (edit(f) ?? []) : [f])),
            }
          : undefined,
    });
    return buildASTSchema(document);
  }
  const removed = () => null;
  const deprecated = (field: FieldDefinitionNode) => ({
    ...field,
    directives: parse('type T { f: Int @deprecated(reason: "Use description.") }').definitions.flatMap((t) =>
      t.kind === Kind.OBJECT_TYPE_DEFINITION ? (t.fields?.[0]?.directives ?? []) : [],
    ),
  });

  it('reports a removed field, with both ways forward', async () => {
    const unaccepted = await unacceptedBreakingChanges(released, releasedWithTokenName(removed), []);
    expect(unaccepted.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'Token.name', message: "Field 'name' was removed from object type 'Token'" },
    ]);
    const report = breakingChangeReport(unaccepted);
    expect(report).toContain('deprecationReason');
    expect(report).toContain('schema/accepted-breaking-changes.json');
  });

  it('lets an accepted entry through', async () => {
    const accepted = [
      {
        path: 'Token.name',
        message: "Field 'name' was removed from object type 'Token'",
        reason: 'a test: nobody reads it',
      },
    ];
    expect(await unacceptedBreakingChanges(released, releasedWithTokenName(removed), accepted)).toEqual([]);
  });

  it('does not count a deprecation as breaking', async () => {
    expect(await unacceptedBreakingChanges(released, releasedWithTokenName(deprecated), [])).toEqual([]);
  });
});
