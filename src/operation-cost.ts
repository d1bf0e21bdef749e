import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';

/*
 * What an operation costs, computed when it is about to run, with its variables: graphql-armor's formula
 * (an object 2, a scalar 1, each level 1.5 times its parent's share), with a list multiplied by how many
 * items it asks for however they are given: `first`/`last` as a literal or a variable, and the ids of
 * `nodes(ids:)`. Checked before execution, so a variable cannot make a small-looking query expensive.
 */

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;
/** A list field asked for without `first`/`last` returns a default page (builder.ts: 20). */
const DEFAULT_PAGE = 20;
const PAGED_ARGUMENTS = new Set(['first', 'last']);

export interface OperationCost {
  cost: number;
  /** The most ids any one `nodes` field asks for. */
  largestNodesList: number;
}

export function operationCost(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): OperationCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const state = { largestNodesList: 0 };
  const value = (node: ValueNode) => valueFromASTUntyped(node, variables);

  const selectionSetCost = (set: SelectionSetNode, seen: ReadonlySet<string>): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        cost += DEPTH_FACTOR * fieldCost(selection, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += selectionSetCost(selection.selectionSet, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A fragment that spreads itself is refused by validation; counting it once more is enough here.
        if (fragment && !seen.has(name))
          cost += selectionSetCost(fragment.selectionSet, new Set([...seen, name]));
      }
    }
    return cost;
  };

  const fieldCost = (field: FieldNode, seen: ReadonlySet<string>): number => {
    if (!field.selectionSet) return SCALAR_COST;
    let items = 1;
    for (const argument of field.arguments ?? []) {
      const given = value(argument.value);
      if (PAGED_ARGUMENTS.has(argument.name.value) && typeof given === 'number')
        items = Math.max(items, given);
      if (field.name.value === 'nodes' && argument.name.value === 'ids' && Array.isArray(given)) {
        items = Math.max(items, given.length);
        state.largestNodesList = Math.max(state.largestNodesList, given.length);
      }
    }
    const isPage = field.selectionSet.selections.some(
      (child) => child.kind === Kind.FIELD && (child.name.value === 'edges' || child.name.value === 'nodes'),
    );
    if (isPage && items === 1 && !(field.arguments ?? []).some((a) => PAGED_ARGUMENTS.has(a.name.value))) {
      items = DEFAULT_PAGE;
    }
    return (OBJECT_COST + selectionSetCost(field.selectionSet, seen)) * items;
  };

  return {
    cost: selectionSetCost(operation.selectionSet, new Set()) / DEPTH_FACTOR,
    largestNodesList: state.largestNodesList,
  };
}

/** The root fields an operation selects, through its fragments, each alias once. */
export function rootFields(document: DocumentNode, operation: OperationDefinitionNode): FieldNode[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode, seen: ReadonlySet<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, seen);
      else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
        }
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return fields;
}
