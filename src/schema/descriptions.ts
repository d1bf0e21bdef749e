import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { builder } from '../builder.js';

/**
 * Descriptions for the parts of the schema that follow a convention instead of the domain: Relay's `Node`
 * and `PageInfo`, connections, their edges and paging arguments, node ids and timestamps, global-id
 * arguments, and the `<Mutation>Input` and `<Mutation>Result` types Pothos generates for each mutation.
 *
 * Why one pass over the built schema rather than Pothos options: the options cover only some of these
 * (nothing describes a `with-input` type or an edge type per field), take fixed strings, and would spread
 * one convention over builder.ts, errors.ts and every connection. Here the text can name what it documents
 * (`createToken`, `Token`), and every convention is in this one file.
 *
 * The pass only fills in missing descriptions, so a hand-written one always wins. It recognises an element
 * by its shape, not just its name (a connection has `edges` and `pageInfo`; a mutation input is the `input`
 * argument of a Mutation field), so a domain field without a description keeps none, and
 * test/schema/contract.test.ts reports it.
 *
 * It writes into the schema `toSchema()` just built, which index.ts then sorts into the exported copy:
 * nothing else holds that schema yet, so graphql-js is all this needs (`mapSchema` would be a dependency
 * of `@graphql-tools/utils`, which Keygate only has second-hand, through yoga).
 */
export function describeConventions(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInterfaceType(type) && type.name === 'Node') describeNodeInterface(type);
    if (isInputObjectType(type)) Object.values(type.getFields()).forEach(describeGlobalId);
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    if (type.name === 'PageInfo') describePageInfo(type);
    if (isConnection(type)) describeConnection(type);
    if (isEdge(type)) describeEdge(type);
    if (type.getInterfaces().some((i) => i.name === 'Node')) describeNodeFields(type);
    if (type === schema.getQueryType()) describeNodeQueries(type);
    for (const field of Object.values(type.getFields())) {
      field.args.forEach(describeGlobalId);
      if (isConnection(getNamedType(field.type))) describePagingArgs(field);
      if (type === schema.getMutationType()) describeMutation(field);
    }
  }
  return schema;
}

type Describable = GraphQLNamedType | GraphQLField<unknown, unknown> | GraphQLArgument | GraphQLInputField;

/** Sets the description unless there is one already. */
function fillIn(element: Describable | undefined, description: string): void {
  if (element && !element.description) element.description = description;
}

function arg(field: GraphQLField<unknown, unknown> | undefined, name: string): GraphQLArgument | undefined {
  return field?.args.find((candidate) => candidate.name === name);
}

const ID = 'Global id, opaque and unique across types: `node(id:)` fetches the object.';

function describeNodeInterface(type: GraphQLInterfaceType): void {
  fillIn(type, 'An object with a global id: `node(id:)` fetches any of them.');
  fillIn(type.getFields().id, ID);
}

function describeNodeFields(type: GraphQLObjectType): void {
  const { id, createdAt, updatedAt } = type.getFields();
  const noun = type.name.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
  fillIn(id, ID);
  fillIn(createdAt, `When this ${noun} was created.`);
  fillIn(updatedAt, `When this ${noun} last changed.`);
}

function describeNodeQueries(query: GraphQLObjectType): void {
  const { node, nodes } = query.getFields();
  fillIn(node, 'Fetches any object by its global id; null when it does not exist or you may not see it.');
  fillIn(arg(node, 'id'), 'A global id, as any `id` field answers it.');
  fillIn(nodes, 'Fetches objects by their global ids, in order; null for each one `node` would not answer.');
  fillIn(arg(nodes, 'ids'), 'Global ids, as `id` fields answer them.');
}

function describePageInfo(type: GraphQLObjectType): void {
  const { hasNextPage, hasPreviousPage, startCursor, endCursor } = type.getFields();
  fillIn(type, 'Where a page of a connection lies in the whole list (Relay cursor connections).');
  fillIn(hasNextPage, 'Whether items follow this page: ask for them with `after: endCursor`.');
  fillIn(hasPreviousPage, 'Whether items precede this page: ask for them with `before: startCursor`.');
  fillIn(startCursor, "The first item's cursor; null when the page is empty.");
  fillIn(endCursor, "The last item's cursor; null when the page is empty.");
}

function isConnection(type: GraphQLNamedType): type is GraphQLObjectType {
  return isObjectType(type) && type.name.endsWith('Connection') && hasFields(type, 'edges', 'pageInfo');
}

function isEdge(type: GraphQLObjectType): boolean {
  return type.name.endsWith('Edge') && hasFields(type, 'cursor', 'node');
}

function hasFields(type: GraphQLObjectType, ...names: string[]): boolean {
  const fields = type.getFields();
  return names.every((name) => name in fields);
}

function describeConnection(type: GraphQLObjectType): void {
  const { edges, pageInfo, totalCount } = type.getFields();
  const edge = getNamedType(edges!.type) as GraphQLObjectType;
  fillIn(type, `A page of \`${getNamedType(edge.getFields().node!.type).name}\` items.`);
  fillIn(edges, 'The items of this page, in order, each with its cursor.');
  fillIn(pageInfo, 'How to ask for the pages before and after this one.');
  fillIn(totalCount, 'How many items match, across all pages.');
}

function describeEdge(type: GraphQLObjectType): void {
  const { node, cursor } = type.getFields();
  const nodeType = getNamedType(node!.type).name;
  fillIn(type, `One \`${nodeType}\` of a page, with its cursor.`);
  fillIn(node, `The \`${nodeType}\`.`);
  fillIn(cursor, "This item's cursor: pass it as `after` or `before` to page from here.");
}

const { defaultConnectionSize, maxConnectionSize } = builder.options.prisma;
const pageSize = `default ${defaultConnectionSize}, at most ${maxConnectionSize}`;

function describePagingArgs(field: GraphQLField<unknown, unknown>): void {
  fillIn(
    arg(field, 'first'),
    `Page forward: at most this many items, from the start or after \`after\`; ${pageSize}.`,
  );
  fillIn(arg(field, 'after'), 'A cursor: start the page after that item.');
  fillIn(
    arg(field, 'last'),
    `Page backward: at most this many items, up to the end or to \`before\`; ${pageSize}.`,
  );
  fillIn(arg(field, 'before'), 'A cursor: end the page before that item.');
}

/** Each mutation takes one `input` (plugin-with-input) and answers `<Payload> | <its errors>` (errors.ts). */
function describeMutation(field: GraphQLField<unknown, unknown>): void {
  const input = arg(field, 'input');
  const inputType = input && getNamedType(input.type);
  if (inputType && isInputObjectType(inputType)) {
    fillIn(inputType, `The parameters of \`${field.name}\`.`);
    fillIn(input, `The parameters of \`${field.name}\`.`);
  }
  const result = getNamedType(field.type);
  if (isUnionType(result)) {
    const payloads = result
      .getTypes()
      .filter((member) => !member.getInterfaces().some((i) => i.name === 'Error'));
    const names = payloads.map((payload) => `\`${payload.name}\``).join(' or ');
    fillIn(result, `What \`${field.name}\` answers: ${names}, or one of its expected errors.`);
  }
}

/** Arguments and input fields made with `t.arg.globalID({ for })` or `t.input.globalID({ for })`. */
function describeGlobalId(element: GraphQLArgument | GraphQLInputField): void {
  const { relayGlobalIDFor } = element.extensions as { relayGlobalIDFor?: { typename: string }[] | null };
  if (!relayGlobalIDFor?.length) return;
  fillIn(
    element,
    `Global id of the \`${relayGlobalIDFor.map((target) => target.typename).join('` or `')}\`.`,
  );
}
