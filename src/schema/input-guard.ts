import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import {
  BREAK,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
  type OperationDefinitionNode,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { AuthenticatedContext, Context } from '../context.js';
import { ValidationError } from '../domain/errors.js';
import { MUTATION_AUDIT, recordDenial } from './audit-context.js';
import { badInput } from './bad-input.js';
import { isCursorOf } from './global-id.js';

/*
 * What the database cannot take never reaches it as an internal error:
 * - a control character (NUL above all) in any string, at any depth of any input: checked on every field's
 *   arguments before its resolver runs. Line feeds are let through only in the arguments a field names in
 *   its `multilineArguments` extension (a signed note is lines by definition). A mutation answers with its typed ValidationError naming the field,
 *   recorded in the audit log as FAILED like any refused input; a query (or a mutation without typed
 *   errors) answers BAD_USER_INPUT with the field in `extensions.field`;
 * - a paging cursor that is not one the list hands out: checked on the whole operation before it runs
 *   (`refusedCursor`), since a nested list's cursor is read while its parent's query is built, before the
 *   nested field resolves.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above, less the line feed
const CONTROL_CHARACTER_BUT_LINE_FEED = /[\u0000-\u0009\u000b-\u001f\u007f]/;

/**
 * The path of the first string argument with a control character in it (`input.name`), or null; the
 * top-level arguments named in `multiline` may hold line feeds.
 */
function controlCharacterAt(value: unknown, path: string, multiline: readonly string[] = []): string | null {
  if (typeof value === 'string') {
    const pattern = multiline.includes(path) ? CONTROL_CHARACTER_BUT_LINE_FEED : CONTROL_CHARACTER;
    return pattern.test(value) ? path : null;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = controlCharacterAt(item, path, multiline);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const found = controlCharacterAt(item, path ? `${path}.${key}` : key, multiline);
      if (found) return found;
    }
  }
  return null;
}

class InputGuardPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: Parameters<BasePlugin<Types>['wrapResolve']>[0],
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): Parameters<BasePlugin<Types>['wrapResolve']>[0] {
    const argNames = Object.keys(fieldConfig.args);
    if (argNames.length === 0) return resolver;
    // Typed errors: the mutation's union holds ValidationError (every mutation built with `failures`).
    const typed = fieldConfig.kind === 'Mutation' && fieldConfig.extensions?.pothosErrors !== undefined;
    const multiline = (fieldConfig.extensions?.multilineArguments as string[] | undefined) ?? [];
    return (parent, args, context, info) => {
      const found = controlCharacterAt(args, '', multiline);
      if (found) {
        const message = `${found} must not contain control characters`;
        if (!typed) throw badInput(found, message);
        // The input field a form shows the message beside: `name` of `input.name`, `trustedIps` of
        // `input.trustedIps`.
        const field = found.replace(/^input\./, '').split('.')[0]!;
        const refused = new ValidationError(field, message);
        const audited = MUTATION_AUDIT[fieldConfig.name];
        const { viewer } = context as Context;
        if (!audited || !viewer) throw refused;
        return recordDenial(context as AuthenticatedContext, {
          action: audited.action,
          outcome: 'FAILED',
          changes: { code: refused.code, reason: message },
        }).then(() => {
          throw refused;
        });
      }
      return resolver(parent, args, context, info);
    };
  }
}

/** The plugin's name, as the builder's `plugins` list takes it. */
export const inputGuard = 'keygateInputGuard' as const;

SchemaBuilder.registerPlugin(inputGuard, InputGuardPlugin);

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      keygateInputGuard: InputGuardPlugin<Types>;
    }
  }
}

/** The node type of a connection's items, or null when the type is no connection. */
function connectionNodeType(type: unknown): string | null {
  const connection = getNamedType(type as Parameters<typeof getNamedType>[0]);
  if (!isObjectType(connection)) return null;
  const edges = connection.getFields().edges;
  const edge = edges && getNamedType(edges.type);
  const node = edge && isObjectType(edge) ? edge.getFields().node : undefined;
  return node ? getNamedType(node.type).name : null;
}

/** Whether a document passes an `after` or `before` argument anywhere, worked out once per document. */
const cursorNamed = new WeakMap<DocumentNode, boolean>();

function namesCursor(document: DocumentNode): boolean {
  let named = cursorNamed.get(document);
  if (named === undefined) {
    named = false;
    visit(document, {
      Argument(node) {
        if (node.name.value === 'after' || node.name.value === 'before') {
          named = true;
          return BREAK;
        }
        return undefined;
      },
    });
    cursorNamed.set(document, named);
  }
  return named;
}

/**
 * The refusal of the first `after` or `before` of the operation, at any depth, that is not a cursor of its
 * list; null when every cursor is one.
 */
export function refusedCursor(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): GraphQLError | null {
  // Most operations page nowhere: they are not walked with the schema on every request.
  if (!namesCursor(document)) return null;
  const typeInfo = new TypeInfo(schema);
  let refusal: GraphQLError | null = null;
  const fragments = document.definitions.filter((definition) => definition.kind === 'FragmentDefinition');
  for (const root of [operation, ...fragments]) {
    visit(
      root,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          if (refusal) return false;
          const field = typeInfo.getFieldDef();
          const typename = field ? connectionNodeType(field.type) : null;
          if (!typename) return undefined;
          for (const argument of node.arguments ?? []) {
            const name = argument.name.value;
            if (name !== 'after' && name !== 'before') continue;
            const cursor = valueFromASTUntyped(argument.value, variables);
            if (typeof cursor === 'string' && !isCursorOf(typename, cursor)) {
              refusal = badInput(name, `${name} is not a cursor of this list`);
              return false;
            }
          }
          return undefined;
        },
      }),
    );
  }
  return refusal;
}
