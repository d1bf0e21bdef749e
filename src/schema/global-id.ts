import { GraphQLError } from 'graphql';
import { NIL_UUID } from './tenancy.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const BIGINT_MAX = 2n ** 63n - 1n;

function isUuid(id: string): boolean {
  return UUID.test(id);
}

/** A positive integer that fits PostgreSQL's bigint (an autoincrement id). */
function isBigintId(id: string): boolean {
  return /^[1-9][0-9]{0,18}$/.test(id) && BigInt(id) <= BIGINT_MAX;
}

interface IdShape {
  valid: (id: string) => boolean;
  /** An id of the right shape that names no row: a wrong-shaped id is looked up as this one. */
  none: string;
  /** How a list's cursor tags an id of this shape (Pothos' cursor chunks: S string, I bigint). */
  cursorTag: 'S' | 'I';
}

const uuidShape: IdShape = { valid: isUuid, none: NIL_UUID, cursorTag: 'S' };

/**
 * Every Node type and the shape of its raw ids. test/schema/global-id.test.ts fails when a Node type of
 * the schema is missing here.
 */
export const NODE_ID_SHAPES: Readonly<Record<string, IdShape>> = {
  Application: uuidShape,
  ApplicationKey: uuidShape,
  // Autoincrement ids start at 1.
  AuditEvent: { valid: isBigintId, none: '0', cursorTag: 'I' },
  Invitation: uuidShape,
  MachineIdentity: uuidShape,
  Membership: uuidShape,
  Organization: uuidShape,
  PersonalAccessToken: uuidShape,
  Project: uuidShape,
  Token: uuidShape,
  User: uuidShape,
  WebhookDelivery: uuidShape,
  WebhookEndpoint: uuidShape,
};

function splitGlobalId(globalId: string): { typename: string; id: string; shape: IdShape } | null {
  const text = Buffer.from(globalId, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  const typename = text.slice(0, colon);
  const shape = Object.hasOwn(NODE_ID_SHAPES, typename) ? NODE_ID_SHAPES[typename] : undefined;
  return shape ? { typename, id: text.slice(colon + 1), shape } : null;
}

/** A global id of a Keygate Node type whose raw id has that type's shape; null for anything else. */
export function parseGlobalId(globalId: string): { typename: string; id: string } | null {
  const parts = splitGlobalId(globalId);
  return parts?.shape.valid(parts.id) ? { typename: parts.typename, id: parts.id } : null;
}

/**
 * Relay global ids: base64 of `Type:id`. Something that is not a global id of a Keygate type is a bad
 * request with a clear code. A raw id of the wrong shape for its type (`Token:123`, an AuditEvent id past
 * bigint) names nothing, so it decodes to an id of the right shape that matches no row: `node` answers
 * null and a mutation its NotFoundError, exactly as for a missing object, instead of the database refusing
 * the value.
 */
export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const parts = splitGlobalId(globalId);
  if (!parts) throw new GraphQLError('Invalid id', { extensions: { code: 'BAD_USER_INPUT' } });
  return { typename: parts.typename, id: parts.shape.valid(parts.id) ? parts.id : parts.shape.none };
}

/**
 * Whether `cursor` is one that a list of `typename` nodes hands out (`GPC:` and the id, tagged as Pothos
 * tags it): anything else would reach the database as an id of the wrong shape.
 */
export function isCursorOf(typename: string, cursor: string): boolean {
  const shape = Object.hasOwn(NODE_ID_SHAPES, typename) ? NODE_ID_SHAPES[typename] : undefined;
  if (!shape) return false;
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const prefix = `GPC:${shape.cursorTag}:`;
  return text.startsWith(prefix) && shape.valid(text.slice(prefix.length));
}
