import { GraphQLError } from 'graphql';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Relay global ids: base64 of `Type:id`. A malformed id is a bad request with a clear code, not an
 * internal error.
 */
export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const text = Buffer.from(globalId, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  const typename = text.slice(0, colon);
  const id = text.slice(colon + 1);
  // Keygate's ids are UUIDs or, for audit events, integers; anything else cannot name an object.
  if (colon <= 0 || !/^[A-Za-z]+$/.test(typename) || !(UUID.test(id) || /^\d{1,19}$/.test(id))) {
    throw new GraphQLError('Invalid id', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return { typename, id };
}
